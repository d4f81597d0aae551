"""``soup-evidence``: the rendered page, located approvals warnings, and incremental builds equal to clean ones
(an input's new SHA-256, a new commit)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

from .conftest import Project

LOCK = ROOT / "demo_docs/inputs/web/package-lock.json"  # a real lock file

CONF = """\
extensions = ["sphinx_needs", "sphinxcontrib.soup"]
project = "Evidence test"
soup_manifests = [{"path": "inputs/package-lock.json", "system": "Viewer"}]
soup_records = ["records/*.yaml"]
"""

RECORDS = """\
soup:
  - name: react
    ecosystem: npm
    safety_class: B
approvals:
  - role: reviewer
    name: A. Auditor
    date: 2026-05-02
    comment: SOUP list of release 1.0.
  - package: react
    role: approver
    name: M. Keller
    date: 2026-13-01
"""

INDEX = "Evidence\n========\n\n.. soup-evidence::\n"


@pytest.fixture
def evidence_project(tmp_path: Path) -> Project:
    project = Project(tmp_path / "dhf")
    project.write("conf.py", CONF)
    project.write("index.rst", INDEX)
    project.write("records/soup.yaml", RECORDS)
    (project.root / "inputs").mkdir()
    shutil.copy(LOCK, project.root / "inputs/package-lock.json")
    return project


def _no_outer_repo(tmp_path: Path) -> dict[str, str]:
    """Git never looks for a repository above the test's tmp directory."""
    return {"GIT_CEILING_DIRECTORIES": str(tmp_path)}


def _body(html: str) -> str:
    return re.search(r'<div class="body" role="main">(.*?)<div class="sphinxsidebar"', html, re.S).group(1)


def _text(html: str) -> str:
    """The page body as text, hashes joined (the HTML splits them in spans so that they wrap)."""
    text = re.sub(r"</span><span class=\"pre\">", "", _body(html))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_evidence_page_shows_inputs_tools_date_and_sign_off(evidence_project: Project, tmp_path: Path):
    project = evidence_project
    result = project.build(env=_no_outer_repo(tmp_path))
    assert result.returncode == 0, result.stderr
    records = project.root / "records/soup.yaml"
    assert f"{records}:13: WARNING: approval of react: date must be an ISO date [soup.record]" in result.stderr
    text = _text(project.html("index"))
    lock_sha = _sha(project.root / "inputs/package-lock.json")
    assert re.search(rf"manifest inputs/package-lock\.json {LOCK.stat().st_size:,} {lock_sha}", text)
    assert f"records records/soup.yaml {records.stat().st_size:,} {_sha(records)}" in text
    assert "configuration conf.py" in text
    assert "Build date 2026-06-01T00:00:00Z (SOURCE_DATE_EPOCH)" in text
    assert "Git commit not in a git repository" in text
    assert re.search(r"Sphinx \d+\.\d+", text) and re.search(r"sphinx-needs \d", text)
    assert "SOUP list reviewer A. Auditor 2026-05-02 SOUP list of release 1.0." in text
    assert "SOUP list approver not signed" in text
    # the approval with a bad date is kept, its date shown as a gap; react's reviewer is still to sign
    assert "react approver M. Keller no date" in text and "react reviewer not signed" in text
    assert str(project.root) not in _body(project.html("index"))


def test_incremental_build_after_an_input_change_equals_clean(evidence_project: Project, tmp_path: Path):
    project = evidence_project
    assert project.build(env=_no_outer_repo(tmp_path)).returncode == 0
    lock = project.root / "inputs/package-lock.json"
    old = _sha(lock)
    lock.write_text(lock.read_text() + "\n")
    assert project.build(env=_no_outer_repo(tmp_path)).returncode == 0
    incremental = _text(project.html("index"))
    assert _sha(lock) in incremental and old not in incremental
    clean = Project(tmp_path / "clean")
    shutil.copytree(project.root, clean.root, ignore=shutil.ignore_patterns("_build"))
    assert clean.build(env=_no_outer_repo(tmp_path)).returncode == 0
    assert _body(project.html("index")) == _body(clean.html("index"))


def _git(root: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-C", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def test_a_new_commit_rereads_the_evidence_page(evidence_project: Project):
    """No input changed, but the commit did: an incremental build shows the new commit and state."""
    project = evidence_project
    project.write(".gitignore", "_build/\n")
    _git(project.root, "init", "-q")
    _git(project.root, "add", ".")
    _git(project.root, "commit", "-q", "-m", "first")
    first = _git(project.root, "rev-parse", "HEAD")
    assert project.build().returncode == 0
    text = _text(project.html("index"))
    assert f"Git commit {first}" in text and "Working tree clean" in text
    project.write("notes.txt", "not an input\n")
    result = project.build()
    assert "1 uncommitted change (git status): ?? notes.txt" in _text(project.html("index"))
    _git(project.root, "add", "notes.txt")
    _git(project.root, "commit", "-q", "-m", "second")
    second = _git(project.root, "rev-parse", "HEAD")
    result = project.build()
    assert result.returncode == 0
    text = _text(project.html("index"))
    assert f"Git commit {second}" in text and first not in text and "Working tree clean" in text
