"""Incremental builds equal clean builds after inputs change; parallel builds equal serial ones."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .conftest import Project

PAGES = ("list", "details")


def _body(html: str) -> str:
    """The page body: what a reader sees (the head holds build-specific asset hashes)."""
    return re.search(r'<div class="body" role="main">(.*?)<div class="sphinxsidebar"', html, re.S).group(1)


def _pages(project: Project, out: str = "_build/html") -> dict[str, str]:
    return {page: _body(project.html(page, out)) for page in PAGES}


def _clean_copy(project: Project, tmp_path: Path) -> Project:
    clean = Project(tmp_path / "clean")
    shutil.copytree(project.root, clean.root, ignore=shutil.ignore_patterns("_build"))
    assert clean.build().returncode == 0
    return clean


def test_incremental_build_after_lock_and_record_edits_equals_clean(project: Project, tmp_path: Path):
    assert project.build().returncode == 0
    before = _pages(project)
    lock = project.root / "inputs/web/package-lock.json"
    lock.write_text(lock.read_text().replace('"version": "3.5.21"', '"version": "3.5.22"'))
    records = project.root / "records/soup.yaml"
    records.write_text(records.read_text().replace("Renders the admin console.", "Renders the console UI."))
    assert project.build().returncode == 0
    after = _pages(project)
    assert after != before
    assert "3.5.22" in after["list"] and "Renders the console UI." in after["details"]
    assert after == _pages(_clean_copy(project, tmp_path))


def test_needtable_page_is_not_stale_after_a_lock_edit(project: Project, tmp_path: Path):
    """A sphinx-needs table of soup needs on its own page follows the inputs (sphinx-needs #354)."""
    project.write("index.rst", (project.root / "index.rst").read_text() + "   needs\n")
    table = ".. needtable::\n   :types: soup\n   :filter: direct\n   :columns: id, version\n   :style: table\n"
    project.write("needs.rst", "Needs\n=====\n\n" + table)
    assert project.build().returncode == 0
    assert "3.5.21" in _body(project.html("needs"))
    lock = project.root / "inputs/web/package-lock.json"
    lock.write_text(lock.read_text().replace('"version": "3.5.21"', '"version": "3.5.22"'))
    assert project.build().returncode == 0
    incremental = _body(project.html("needs"))
    assert "3.5.22" in incremental and "3.5.21" not in incremental
    assert incremental == _body(_clean_copy(project, tmp_path).html("needs"))


def test_incremental_build_after_new_record_file_equals_clean(project: Project, tmp_path: Path):
    assert project.build().returncode == 0
    project.write("records/more.yaml", "soup:\n  - name: tqdm\n    manufacturer: tqdm developers\n")
    assert project.build().returncode == 0
    after = _pages(project)
    assert "tqdm developers" in after["list"]
    assert after == _pages(_clean_copy(project, tmp_path))


def test_parallel_build_equals_serial(project: Project):
    assert project.build().returncode == 0
    assert project.build("-j", "2", out="_build/parallel").returncode == 0
    assert _pages(project) == _pages(project, "_build/parallel")


def test_two_clean_builds_are_identical(project: Project, tmp_path: Path):
    assert project.build().returncode == 0
    assert _pages(project) == _pages(_clean_copy(project, tmp_path))
