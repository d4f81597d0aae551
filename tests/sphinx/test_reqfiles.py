"""Requirement files in a build: soup-requirements shows them, user needs link to them, edits rebuild pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import Project, make_project
from .test_incremental import _body, _clean_copy

DATA = Path(__file__).resolve().parent.parent / "results" / "data"

CSV = """\
Req ID,Package,Text,Tests
SOUPREQ_HTTP_GET,requests,GET returns the body.,src.sample_checks::test_passes
SOUPREQ_HTTP_TLS,requests,Certificates are verified.,src.sample_checks::test_f*
"""
CONF = """\
soup_test_results = ["reports/*.xml"]
soup_requirement_files = [
    {"path": "reqs/*.csv", "columns": {"id": "Req ID", "item": "Package", "statement": "Text", "verified_by": "Tests"}},
    "reqs/*.yaml",
]
"""
YAML = """\
requirements:
  - id: SOUPREQ_VUE_RENDER
    item: vue
    statement: Renders the console.
    verified_by: "inspection: UI review UR-7"
"""
# the user's own system requirement, a plain sphinx-needs need, linking to a SOUP requirement by id
SYSTEM = """\
System requirements
===================

.. req:: The console shows results over TLS only
   :id: SYSREQ_TLS
   :links: SOUPREQ_HTTP_TLS

.. needtable::
   :types: soupreq
   :columns: id, title, status, soup_item
"""
PAGES = ("requirements", "system")


@pytest.fixture
def reqfiles(tmp_path: Path, corpus: Path) -> Project:
    project = make_project(tmp_path / "dhf")
    project.write("conf.py", (project.root / "conf.py").read_text() + CONF)
    project.write("reqs/export.csv", CSV)
    project.write("reqs/ui.yaml", YAML)
    project.write("reports/unit.xml", (DATA / "pytest-xunit2.xml").read_text())
    index = (project.root / "index.rst").read_text()
    project.write("index.rst", index + "".join(f"   {p}\n" for p in PAGES))
    project.write("requirements.rst", "Requirements\n============\n\n.. soup-requirements::\n")
    project.write("system.rst", SYSTEM)
    return project


def _pages(project: Project) -> dict[str, str]:
    """The page bodies, without the container ids sphinx-needs draws at random for the user's visible need."""
    return {page: re.sub(r"SNCB-[0-9a-f]+", "SNCB", _body(project.html(page))) for page in PAGES}


def test_requirement_files_render_and_link(reqfiles: Project) -> None:
    result = reqfiles.build()
    assert result.returncode == 0, result.stderr
    pages = _pages(reqfiles)
    assert "Requirements on requests" in pages["requirements"] and "Requirements on vue" in pages["requirements"]
    assert "Certificates are verified." in pages["requirements"]
    assert "verified by inspection" in pages["requirements"]
    # the CSV row's line locates the failing test's requirement; no dead link from the user's need
    assert "unit.xml:1: WARNING: SOUPREQ_HTTP_TLS: test src.sample_checks::test_fails failed" in result.stderr
    assert "dead link" not in result.stderr and "SYSREQ_TLS" not in result.stderr
    needs = json.loads((reqfiles.root / "_build/html/needs.json").read_text())
    current = needs["versions"][needs["current_version"]]["needs"]
    assert current["SYSREQ_TLS"]["links"] == ["SOUPREQ_HTTP_TLS"]
    assert current["SOUPREQ_HTTP_TLS"]["links_back"] == ["SYSREQ_TLS"]
    assert current["SOUPREQ_HTTP_TLS"]["status"] == "failed"
    # the needtable lists the SOUP requirements from both files with their status
    rows = re.findall(r"SOUPREQ_[A-Z_]+", pages["system"])
    assert {"SOUPREQ_HTTP_GET", "SOUPREQ_HTTP_TLS", "SOUPREQ_VUE_RENDER"} <= set(rows)


def test_missing_column_is_a_located_warning(reqfiles: Project) -> None:
    reqfiles.write("reqs/export.csv", CSV.replace("Package", "Component"))
    result = reqfiles.build()
    assert re.search(
        r"export\.csv:1: WARNING: column 'package' \(the requirement's item\) .*\[soup\.record\]", result.stderr
    )
    assert "no SOUP requirements recorded" not in reqfiles.html("requirements")  # the YAML file still counts


def test_edited_requirement_file_rebuilds_and_equals_clean(reqfiles: Project, tmp_path: Path) -> None:
    assert reqfiles.build().returncode == 0
    before = _pages(reqfiles)
    reqfiles.write("reqs/export.csv", CSV.replace("Certificates are verified.", "Certificates and hosts are verified."))
    assert reqfiles.build().returncode == 0
    after = _pages(reqfiles)
    assert "Certificates and hosts are verified." in after["requirements"] and after != before
    clean = _clean_copy(reqfiles, tmp_path)
    assert after == _pages(clean)
