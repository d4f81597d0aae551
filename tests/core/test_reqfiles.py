"""Requirement files (YAML, CSV, a real sphinx-needs needs.json), their config, and the report-age check."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sphinxcontrib.soup.catalog import build_catalog
from sphinxcontrib.soup.checks import run_checks
from sphinxcontrib.soup.config import RequirementFileSpec, settings_from
from sphinxcontrib.soup.facades.git import last_change
from sphinxcontrib.soup.reqfiles import read_requirement_file
from sphinxcontrib.soup.requirements import report_age, traceability

DATA = Path(__file__).resolve().parent.parent / "results" / "data"

YAML_FILE = """\
requirements:
  - id: REQ_YAML_A
    item: pyyaml
    statement: From a requirement file.
    verified_by: [src.sample_checks::test_passes]
  - id: REQ_YAML_B
    item: pyyaml
    kind: telepathic
"""

# as a requirements tool exports it: its own headers, extra columns, a quoted cell over two lines
CSV_FILE = """\
ID,Component,Type,Text,Tests,Limit (s),Owner
REQ_CSV_1,pyyaml,functional,Parses the config.,src.sample_checks::test_passes; src.sample_checks::test_in_class,,QA
REQ_CSV_2,pyyaml,performance,"Fast enough,
even on the device.",src.sample_checks::test_passes,0.5,QA
REQ_CSV_3,pyyaml,functional,Reviewed.,analysis: only safe_load is called,,QA
REQ_CSV_4,,functional,No component.,,,QA
REQ_CSV_5,pyyaml,performance,Bad limit.,src.sample_checks::test_passes,soon,QA
"""
CSV_COLUMNS = {
    "id": "ID",
    "item": "Component",
    "kind": "Type",
    "statement": "Text",
    "verified_by": "Tests",
    "max_duration": "Limit (s)",
}

NEEDS_CONF = """\
extensions = ["sphinx_needs"]
project = "System requirements"
version = "1.0"
needs_types = [
    {"directive": "req", "title": "Requirement", "prefix": "R_", "color": "#BFD8D2", "style": "node"},
    {"directive": "soupreq", "title": "SOUP requirement", "prefix": "SR_", "color": "#9BC4E2", "style": "node"},
    {"directive": "spec", "title": "Specification", "prefix": "S_", "color": "#FEDCD2", "style": "node"},
]
needs_fields = {"soup_item": {}, "verified_by": {}, "kind": {}, "max_duration": {}}
needs_build_json = True
"""

NEEDS_INDEX = """\
System requirements
===================

.. req:: Heart rate shown within 2 s
   :id: SYSREQ_HR_LATENCY
   :links: REQ_NJ_TLS

.. soupreq:: TLS certificates are verified
   :id: REQ_NJ_TLS
   :soup_item: pyyaml
   :verified_by: src.sample_checks::test_f*; src.sample_checks::test_passes

   The client verifies server certificates by default.

.. soupreq:: Fast parse
   :id: REQ_NJ_FAST
   :soup_item: pyyaml
   :kind: performance
   :max_duration: 0.5
   :verified_by: src.sample_checks::test_passes

.. spec:: A spec need that names its SOUP item
   :id: REQ_NJ_SPEC
   :soup_item: SOUP_PYPI_PYYAML
   :verified_by: analysis: only safe_load is called
"""


@pytest.fixture(scope="module")
def needs_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A needs.json that sphinx-needs itself wrote (``needs_build_json``) for a small requirements project."""
    root = tmp_path_factory.mktemp("needs-project")
    (root / "conf.py").write_text(NEEDS_CONF)
    (root / "index.rst").write_text(NEEDS_INDEX)
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(root), str(root / "_build")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return root / "_build" / "needs.json"


def _project(tmp_path: Path, files: dict[str, str], extra: dict) -> tuple:
    (tmp_path / "requirements.txt").write_text("pyyaml==6.0.2\n")
    (tmp_path / "soup.yaml").write_text(
        "soup:\n  - name: pyyaml\n    verified: {version: 6.0.2, by: me, date: 2026-01-01}\n"
        "requirements:\n  - id: REQ_CSV_1\n    item: pyyaml\n    verified_by: [src.sample_checks::test_passes]\n"
    )
    shutil.copy(DATA / "pytest-xunit2.xml", tmp_path / "report.xml")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    values = {
        "soup_manifests": ["requirements.txt"],
        "soup_records": ["soup.yaml"],
        "soup_test_results": ["report.xml"],
        **extra,
    }
    settings, errors = settings_from(values, str(tmp_path))
    assert errors == []
    return build_catalog(settings), settings


def test_yaml_file_has_the_records_schema() -> None:
    found, problems = read_requirement_file(YAML_FILE, "reqs/soup.yaml", RequirementFileSpec("reqs/*.yaml"))
    assert [r.id for r in found] == ["REQ_YAML_A", "REQ_YAML_B"]
    assert found[0].verified_by == ("src.sample_checks::test_passes",)
    assert [(p.kind, p.source.line) for p in problems] == [("record", 8)]
    assert "unknown kind 'telepathic'" in problems[0].message
    bare, problems = read_requirement_file("- {id: REQ_X, item: a}\n", "r.yaml", RequirementFileSpec(""))
    assert [r.id for r in bare] == ["REQ_X"] and problems == []
    found, problems = read_requirement_file("soup: []\nrequirements: []\n", "r.yaml", RequirementFileSpec(""))
    assert found == []
    assert [(p.message, p.source.line) for p in problems] == [
        ("unknown section 'soup' in a requirement file (known: requirements)", 1)
    ]


def test_csv_with_a_column_mapping() -> None:
    spec = RequirementFileSpec("reqs/*.csv", columns=tuple(CSV_COLUMNS.items()))
    found, problems = read_requirement_file(CSV_FILE, "reqs/export.csv", spec)
    by_id = {r.id: r for r in found}
    assert list(by_id) == ["REQ_CSV_1", "REQ_CSV_2", "REQ_CSV_3", "REQ_CSV_5"]
    first = by_id["REQ_CSV_1"]
    assert first.verified_by == ("src.sample_checks::test_passes", "src.sample_checks::test_in_class")
    assert first.source.line == 2
    fast = by_id["REQ_CSV_2"]
    assert (fast.kind, fast.max_duration, fast.statement) == ("performance", 0.5, "Fast enough,\neven on the device.")
    assert by_id["REQ_CSV_3"].method == "analysis" and by_id["REQ_CSV_3"].rationale == "only safe_load is called"
    assert by_id["REQ_CSV_5"].max_duration is None
    assert sorted((p.source.line, p.message.split(":")[0]) for p in problems) == [
        (6, "requirement without an 'id' and an 'item'"),
        (7, "REQ_CSV_5"),
        (7, "REQ_CSV_5"),  # the limit is not a number, so the performance requirement has none
    ]


def test_csv_missing_mapped_column_is_one_located_warning() -> None:
    spec = RequirementFileSpec("x.csv", columns=(("id", "ID"), ("item", "Package"), ("statement", "Text")))
    found, problems = read_requirement_file("\n" + CSV_FILE, "x.csv", spec)
    assert found == []
    assert [(p.kind, p.source.line) for p in problems] == [("record", 2)]
    assert "column 'package' (the requirement's item) is not in the header" in problems[0].message
    # without a mapping, the columns are the field names: id and item are needed, the others optional
    found, problems = read_requirement_file("id,item,statement\nREQ_Z,pyyaml,Text\n", "y.csv", RequirementFileSpec(""))
    assert [(r.id, r.item, r.statement, r.source.line) for r in found] == [("REQ_Z", "pyyaml", "Text", 2)]
    assert problems == []


def test_real_needs_json(needs_json: Path) -> None:
    text = needs_json.read_text()
    found, problems = read_requirement_file(text, "export/needs.json", RequirementFileSpec("export/needs.json"))
    assert problems == []
    by_id = {r.id: r for r in found}
    # soupreq needs, and a need of another type that names a SOUP item; never the plain system requirement
    assert sorted(by_id) == ["REQ_NJ_FAST", "REQ_NJ_SPEC", "REQ_NJ_TLS"]
    tls = by_id["REQ_NJ_TLS"]
    assert (tls.item, tls.statement) == ("pyyaml", "TLS certificates are verified")
    assert tls.verified_by == ("src.sample_checks::test_f*", "src.sample_checks::test_passes")
    assert (by_id["REQ_NJ_FAST"].kind, by_id["REQ_NJ_FAST"].max_duration) == ("performance", 0.5)
    assert by_id["REQ_NJ_SPEC"].method == "analysis"
    # another type, without the item field: nothing; a mapped item field the needs do not have: nothing
    spec = RequirementFileSpec("", type="req", columns=(("id", "id"), ("item", "component")))
    found, problems = read_requirement_file(text, "export/needs.json", spec)
    assert found == []
    assert [p.message for p in problems] == ["requirement without an 'id' and an 'item'"]


def test_not_a_needs_json() -> None:
    found, problems = read_requirement_file('{"needs": []}', "n.json", RequirementFileSpec(""))
    assert found == [] and [(p.kind, p.source.line) for p in problems] == [("record", 1)]
    found, problems = read_requirement_file("{", "n.json", RequirementFileSpec(""))
    assert [p.kind for p in problems] == ["parse"]
    found, problems = read_requirement_file("x", "reqs.txt", RequirementFileSpec(""))
    assert [p.kind for p in problems] == ["input"]


def test_requirement_files_in_the_catalog(tmp_path: Path, needs_json: Path) -> None:
    shutil.copy(needs_json, tmp_path / "needs.json")
    files = {"reqs/export.csv": CSV_FILE, "reqs/more.yaml": YAML_FILE}
    extra = {
        "soup_requirement_files": [
            {"path": "reqs/*.csv", "columns": CSV_COLUMNS},
            "reqs/*.yaml",
            "needs.json",
        ]
    }
    catalog, settings = _project(tmp_path, files, extra)
    roles = {i.display: i.format for i in catalog.inputs if i.role == "requirements"}
    assert roles == {"reqs/export.csv": "csv", "reqs/more.yaml": "yaml", "needs.json": "needs-json"}
    statuses = {t.requirement.id: t.status for t in traceability(catalog, settings).traces}
    assert statuses["REQ_NJ_TLS"] == "failed"  # test_fails, from the pattern the need carries
    assert statuses["REQ_NJ_SPEC"] == "verified by analysis"
    trace = next(t for t in traceability(catalog, settings).traces if t.requirement.id == "REQ_NJ_SPEC")
    assert [i.name for i in trace.items] == ["pyyaml"]  # named by its need id
    assert statuses["REQ_YAML_A"] == "passed" and statuses["REQ_CSV_2"] == "passed"
    duplicates = [p for p in run_checks(catalog, settings) if "duplicate requirement id" in p.message]
    assert [(str(p.source), p.message.split(" (")[0]) for p in duplicates] == [
        ("reqs/export.csv:2", "duplicate requirement id 'REQ_CSV_1'")
    ]
    assert "(first at soup.yaml:5)" in duplicates[0].message


def test_config_errors() -> None:
    values = {
        "soup_requirement_files": [
            {"path": "a.csv", "columns": {"id": "ID", "owner": "Owner", "justified": "Why"}},
            {"pth": "b.csv"},
            {"path": "c.json", "format": "reqif", "type": ""},
            {"path": "d.csv", "columns": ["ID"]},
            7,
        ],
        "soup_check_report_age": "yes",
    }
    settings, errors = settings_from(values, "/conf")
    assert settings.requirement_files == ()
    text = "\n".join(errors)
    for part in (
        "unknown column field(s) 'justified', 'owner'",
        "unknown key(s) 'pth'",
        "needs a 'path' glob",
        "unknown format 'reqif'",
        "'type' must be a need type name",
        "'columns' must map requirement fields to column names",
        "each entry must be a string or a dict, not 7",
        "soup_check_report_age must be True or False",
    ):
        assert part in text
    assert len(errors) == 8


def test_report_age(tmp_path: Path) -> None:
    catalog, settings = _project(tmp_path, {}, {"soup_check_report_age": True})
    os.utime(tmp_path / "requirements.txt", (1_767_225_600, 1_767_225_600))  # 2026-01-01: not in git, its file time
    assert list(report_age(catalog, settings)) == []  # the report (2026-11-22) is newer than the lock
    old = (
        (tmp_path / "report.xml")
        .read_text()
        .replace('timestamp="2026-11-22T03:02:58', 'timestamp="2020-01-02T03:04:05')
    )
    (tmp_path / "report.xml").write_text(old)
    catalog = build_catalog(settings)
    findings = list(report_age(catalog, settings))
    assert [(p.kind, str(p.source)) for p in findings] == [("test", "report.xml:1")]
    started, lock = "2020-01-02T03:04:05.574399+00:00", "requirements.txt changed (file time 2026-01-01T00:00:00+00:00)"
    assert f"the run started {started}, before {lock}" in findings[0].message
    assert findings[0] in run_checks(catalog, settings)
    assert list(report_age(catalog, dataclasses.replace(settings, check_report_age=False))) == []
    # no timestamp in the report: its file time, here older than the lock file's
    (tmp_path / "report.xml").write_text(old.replace('timestamp="2020-01-02T03:04:05.574399+00:00"', ""))
    os.utime(tmp_path / "report.xml", (1_000_000_000, 1_000_000_000))
    findings = list(report_age(build_catalog(settings), settings))
    assert "the run started 2001-09-09T01:46:40+00:00" in findings[0].message
    assert str(findings[0].source) == "report.xml"


def test_last_change_prefers_the_commit_time(tmp_path: Path) -> None:
    """A checkout resets file times; the commit time does not move (and a modified file is its file time)."""
    env = {
        **os.environ,
        "GIT_COMMITTER_DATE": "2025-03-04T05:06:07+00:00",
        "GIT_AUTHOR_DATE": "2025-03-04T05:06:07+00:00",
        **{f"GIT_{who}_{what}": "t" for who in ("AUTHOR", "COMMITTER") for what in ("NAME", "EMAIL")},
    }
    lock = tmp_path / "uv.lock"
    lock.write_text("version = 1\n")
    for args in (["init", "-q"], ["add", "uv.lock"], ["commit", "-q", "-m", "lock"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)
    changed, how = last_change(str(lock))
    assert (changed.isoformat(), how) == ("2025-03-04T05:06:07+00:00", "git commit")
    lock.write_text("version = 2\n")
    assert last_change(str(lock))[1] == "file time"
    assert last_change(str(tmp_path / "missing.lock")) is None


@pytest.mark.parametrize(
    "text",
    [
        '{"current_version": ["1"], "versions": {}}',
        '{"current_version": "1", "versions": {"1": {"needs": {"A": 3, "B": {"type": "soupreq", "soup_item": {}}}}}}',
        '{"current_version": "1", "versions": {"1": {"needs": {"C": {"soup_item": "x", "max_duration": [1]}}}}}',
        "[]",
        "null",
    ],
)
def test_odd_needs_json_is_located_problems_never_an_exception(text: str) -> None:
    found, problems = read_requirement_file(text, "n.json", RequirementFileSpec(""))
    assert found == [] or all(r.max_duration is None for r in found)
    assert problems and all(p.source.path == "n.json" for p in problems)
