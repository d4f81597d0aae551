"""Build evidence: input digests, git state (a real repository in tmp, or none), tool versions, build date,
and the ``approvals:`` records section."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sphinxcontrib.soup.catalog import build_catalog
from sphinxcontrib.soup.checks import run_checks
from sphinxcontrib.soup.config import settings_from
from sphinxcontrib.soup.evidence import WHOLE_LIST, collect_evidence, sign_off
from sphinxcontrib.soup.records import read_record_file
from tests.conftest import ROOT

NPM_LOCK = ROOT / "demo_docs/inputs/web/package-lock.json"  # a real lock file

RECORDS = """\
soup:
  - name: react
    ecosystem: npm
    safety_class: B
  - name: axios
    ecosystem: npm
    safety_class: A
approvals:
  - role: reviewer
    name: A. Auditor
    date: 2026-05-02
  - package: react
    role: approver
    name: M. Keller
    date: 2026-05-03
    comment: Record and risks.
"""

#: committer date of the test repository: 2026-05-04 12:00 UTC
COMMIT_DATE = "2026-05-04T12:00:00+00:00"


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_COMMITTER_DATE": COMMIT_DATE, "GIT_AUTHOR_DATE": COMMIT_DATE}
    command = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-C", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout.strip()


def _project(root: Path, records: str = RECORDS) -> Path:
    (root / "inputs").mkdir(parents=True)
    shutil.copy(NPM_LOCK, root / "inputs/package-lock.json")
    (root / "records.yaml").write_text(records)
    (root / "conf.py").write_text('soup_manifests = ["inputs/package-lock.json"]\n')
    return root


def _evidence(root: Path):
    values = {"soup_manifests": ["inputs/package-lock.json"], "soup_records": ["records.yaml"]}
    settings, errors = settings_from(values, str(root), str(root / "conf.py"))
    assert not errors
    catalog = build_catalog(settings)
    return catalog, collect_evidence(catalog, settings), run_checks(catalog, settings)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = _project(tmp_path / "repo")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "inputs")
    return root


def test_inputs_have_role_relative_path_size_and_sha256(repo: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    _, evidence, findings = _evidence(repo)
    by_path = {f.path: f for f in evidence.inputs}
    assert set(by_path) == {"conf.py", "inputs/package-lock.json", "records.yaml"}
    lock = by_path["inputs/package-lock.json"]
    data = NPM_LOCK.read_bytes()
    assert (lock.role, lock.size, lock.sha256) == ("manifest", len(data), hashlib.sha256(data).hexdigest())
    assert by_path["records.yaml"].role == "records" and by_path["conf.py"].role == "configuration"
    assert {f.git for f in evidence.inputs} == {"committed"}
    assert evidence.git.commit == _git(repo, "rev-parse", "HEAD")
    assert evidence.git.date == COMMIT_DATE and evidence.git.changed == ()
    # no SOURCE_DATE_EPOCH: the commit date, never the clock
    assert (evidence.build_date, evidence.date_source) == (COMMIT_DATE, "commit date")
    assert not [f for f in findings if f.kind == "evidence"]


def test_uncommitted_inputs_are_shown_and_are_findings(repo: Path):
    lock = repo / "inputs/package-lock.json"
    lock.write_text(lock.read_text() + "\n")
    (repo / "more.yaml").write_text("soup: []\n")
    values = {"soup_manifests": ["inputs/package-lock.json"], "soup_records": ["records.yaml", "more.yaml"]}
    settings, _ = settings_from(values, str(repo), str(repo / "conf.py"))
    catalog = build_catalog(settings)
    evidence = collect_evidence(catalog, settings)
    states = {f.path: f.git for f in evidence.inputs}
    assert states == {
        "conf.py": "committed",
        "inputs/package-lock.json": "modified",
        "records.yaml": "committed",
        "more.yaml": "not committed",
    }
    assert evidence.git.changed == (" M inputs/package-lock.json", "?? more.yaml")
    findings = [(f.source.path, f.message) for f in run_checks(catalog, settings) if f.kind == "evidence"]
    assert [path for path, _ in findings] == ["inputs/package-lock.json", "more.yaml"]
    assert "uncommitted changes (modified)" in findings[0][1]


def test_no_repository_is_said_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # never the repository tmp may live in
    root = _project(tmp_path / "plain")
    _, evidence, findings = _evidence(root)
    assert evidence.git.commit is None and evidence.git.problem == "not in a git repository"
    assert {f.git for f in evidence.inputs} == {""}
    assert (evidence.build_date, evidence.date_source) == (None, "")
    assert not [f for f in findings if f.kind == "evidence"]


def test_source_date_epoch_beats_the_commit_date(repo: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")
    _, evidence, _ = _evidence(repo)
    assert (evidence.build_date, evidence.date_source) == ("2026-06-01T00:00:00Z", "SOURCE_DATE_EPOCH")


def test_tool_versions_name_python_and_every_reader_library(repo: Path):
    _, evidence, _ = _evidence(repo)
    tools = dict(evidence.tools)
    for name in ("Python", "Sphinx", "docutils", "sphinx-needs", "sphinxcontrib-soup", "PyYAML", "univers"):
        assert tools[name], name
    assert tools["cyclonedx-python-lib"] and tools["packageurl-python"] and tools["license-expression"]


def test_sign_off_rows_and_rows_to_sign(repo: Path):
    catalog, _, findings = _evidence(repo)
    rows = [(r.subject, r.role, r.approval.name if r.approval else None) for r in sign_off(catalog)]
    assert rows == [
        (WHOLE_LIST, "reviewer", "A. Auditor"),
        (WHOLE_LIST, "approver", None),  # still to sign
        ("react", "reviewer", None),  # a direct class B item
        ("react", "approver", "M. Keller"),
    ]  # axios is class A: no row to sign
    assert sign_off(catalog)[3].approval.comment == "Record and risks."
    assert not [f for f in findings if f.kind == "evidence"]


def test_approval_of_no_item_is_a_located_finding(repo: Path):
    (repo / "records.yaml").write_text(
        RECORDS + "  - package: left-pad\n    role: reviewer\n    name: X\n    date: 2026-01-01\n"
    )
    _, _, findings = _evidence(repo)
    found = [(f.source.path, f.source.line) for f in findings if f.kind == "evidence"]
    assert found == [("records.yaml", None), ("records.yaml", 17)]  # uncommitted, and the approval's line
    _git(repo, "commit", "-q", "-am", "approval")
    _, _, findings = _evidence(repo)
    found = [f for f in findings if f.kind == "evidence"]
    assert [(f.source.path, f.source.line) for f in found] == [("records.yaml", 17)]
    assert "'left-pad' names no SOUP item" in found[0].message


BAD_APPROVALS = """\
approvals:
  - role: reviewer
    name: A. Auditor
    date: 2026-13-01
  - role: approver
    name: B
    date: 2026-01-02
    signature: yes
  - role: author
    name: C
    date: 2026-01-02
  - role: approver
    date: 2026-01-02
  - not a mapping
"""


def test_approvals_validation_is_located():
    found = read_record_file(BAD_APPROVALS, "sign.yaml")
    problems = [(p.source.line, p.message) for p in found.problems]
    assert problems == [
        (4, "approval of SOUP list: date must be an ISO date"),
        (8, "approval of SOUP list: unknown key 'signature' (known: package, ecosystem, role, name, date, comment)"),
        (9, "approval of SOUP list: 'role' must be reviewer or approver"),
        (12, "approval of SOUP list: 'name' is required (who signs)"),
        (None, "an approval must be a mapping, not str"),
    ]
    assert {p.kind for p in found.problems} == {"record"}
    kept = found.sections["approvals"]
    assert [(a.role, a.name, a.date) for a in kept] == [
        ("reviewer", "A. Auditor", None),
        ("approver", "B", "2026-01-02"),
    ]
