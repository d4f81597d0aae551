"""SOUP requirements: the records section, linking to real test reports, statuses and checks."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinxcontrib.soup.catalog import build_catalog
from sphinxcontrib.soup.checks import run_checks
from sphinxcontrib.soup.config import settings_from
from sphinxcontrib.soup.records import read_record_file
from sphinxcontrib.soup.requirements import traceability

DATA = Path(__file__).resolve().parent.parent / "results" / "data"

RECORDS = """\
soup:
  - name: pyyaml
    ecosystem: pypi
    verified: {version: 6.0.2, by: me, date: 2026-01-01}
requirements:
  - id: REQ-1
    item: pyyaml
    kind: functional
    statement: Linked through the test's property.
  - id: REQ-2
    item: pyyaml
    statement: Verified by a pattern.
    verified_by: ["src.sample_checks::test_f*"]
  - id: REQ-3
    item: pyyaml
    kind: performance
    statement: Fast.
    acceptance: {max_duration: 0.0001}
    verified_by: src.sample_checks::test_passes
  - id: REQ-4
    item: pyyaml
    statement: Nothing verifies it.
  - id: REQ-5
    item: pyyaml
    statement: Read the source.
    verified_by: "analysis: only safe_load is called"
  - id: REQ-6
    item: pyyaml
    statement: A test that is not in any report.
    verified_by: [tests::gone]
  - id: REQ-7
    item: pyyaml
    statement: Only a skipped test.
    verified_by: [src.sample_checks::test_skipped]
"""


def _catalog(tmp_path: Path, records: str = RECORDS, extra: dict | None = None):
    (tmp_path / "requirements.txt").write_text("pyyaml==6.0.2\n")
    (tmp_path / "soup.yaml").write_text(records)
    shutil.copy(DATA / "pytest-xunit2.xml", tmp_path / "report.xml")
    values = {
        "soup_manifests": ["requirements.txt"],
        "soup_records": ["soup.yaml"],
        "soup_test_results": ["*.xml"],
        **(extra or {}),
    }
    settings, errors = settings_from(values, str(tmp_path))
    assert errors == []
    return build_catalog(settings), settings


def test_statuses_on_a_real_pytest_report(tmp_path: Path) -> None:
    catalog, settings = _catalog(tmp_path)
    assert [i.display for i in catalog.inputs if i.role == "test report"] == ["report.xml"]
    statuses = {t.requirement.id: t.status for t in traceability(catalog, settings).traces}
    assert statuses == {
        "REQ-1": "passed",
        "REQ-2": "failed",
        "REQ-3": "limit exceeded",
        "REQ-4": "no test",
        "REQ-5": "verified by analysis",
        "REQ-6": "not run",
        "REQ-7": "not run",
    }
    trace = traceability(catalog, settings)
    assert trace.coverage == 200 / 7


def test_checks_are_located(tmp_path: Path) -> None:
    catalog, settings = _catalog(tmp_path)
    found = [(p.kind, str(p.source), p.message.split(":")[0]) for p in run_checks(catalog, settings)]
    kinds = {(k, m) for k, _, m in found if k in ("requirement", "test")}
    assert ("requirement", "REQ-4") in kinds
    assert ("requirement", "REQ-6") in kinds
    assert ("requirement", "REQ-7") in kinds
    assert ("test", "REQ-2") in kinds and ("test", "REQ-3") in kinds  # the failing test, the slow one
    failing = [p for p in run_checks(catalog, settings) if p.kind == "test" and "failed" in p.message]
    assert failing and failing[0].source.path == "report.xml" and failing[0].source.line


def test_unknown_requirement_in_a_property(tmp_path: Path) -> None:
    records = RECORDS.replace("id: REQ-1\n", "id: REQ-X\n")
    catalog, settings = _catalog(tmp_path, records)
    unknown = [p for p in run_checks(catalog, settings) if "unknown requirement" in p.message]
    assert len(unknown) == 1 and unknown[0].source.path == "report.xml"


def test_configurable_property_and_comma_separated_ids(tmp_path: Path) -> None:
    catalog, settings = _catalog(tmp_path, extra={"soup_requirement_property": "covers"})
    statuses = {t.requirement.id: t.status for t in traceability(catalog, settings).traces}
    assert statuses["REQ-1"] == "no test"  # the report's property is 'requirement', not 'covers'


def test_same_test_in_two_runs_counts_once_per_run(tmp_path: Path) -> None:
    catalog, settings = _catalog(tmp_path)
    shutil.copy(DATA / "pytest-xunit2.xml", tmp_path / "report2.xml")
    catalog, settings = _catalog(tmp_path)
    trace = {t.requirement.id: t for t in traceability(catalog, settings).traces}
    assert [r.run for r in trace["REQ-1"].results] == ["report.xml", "report2.xml"]


def test_bad_requirements_are_located_problems() -> None:
    text = """\
requirements:
  - id: R1
    item: x
    kind: speed
    verified_by: [3]
  - id: R2
    item: x
    kind: performance
    acceptance: {max_duration: -1, foo: 2}
  - item: x
  - just a string
  - id: R3
    item: x
    verified_by: "inspection:"
    colour: red
"""
    found = read_record_file(text, "r.yaml")
    messages = [(p.source.line, p.message) for p in found.problems]
    assert [r.id for r in found.sections["requirements"]] == ["R1", "R2", "R3"]
    assert any(line == 4 and "unknown kind 'speed'" in m for line, m in messages)
    assert any(line == 5 and "verified_by entries must be strings" in m for line, m in messages)
    assert any("max_duration must be a positive number" in m for _, m in messages)
    assert any("unknown acceptance key(s) 'foo'" in m for _, m in messages)
    assert any("needs a limit" in m for _, m in messages)
    assert any(line == 10 and "without an 'id'" in m for line, m in messages)
    assert any("must be a mapping" in m for _, m in messages)
    assert any("inspection needs a rationale" in m for _, m in messages)
    assert any(line == 15 and "unknown key 'colour'" in m for line, m in messages)


def test_bad_report_is_a_catalog_problem(tmp_path: Path) -> None:
    (tmp_path / "broken.xml").write_text("<testsuites><testcase name='x'>")
    catalog, _ = _catalog(tmp_path)
    assert any(p.source and p.source.path == "broken.xml" for p in catalog.problems)


def test_config_validation() -> None:
    _, errors = settings_from({"soup_test_results": 3, "soup_requirement_property": ""}, ".")
    assert any(e.startswith("soup_test_results") for e in errors)
    assert any(e.startswith("soup_requirement_property") for e in errors)


def test_packaging_self_test_report(corpus: Path, tmp_path: Path) -> None:
    """A real run of packaging's own suite: thousands of cases, linked by pattern."""
    shutil.copy(corpus / "generated" / "junit" / "pytest-packaging-24.1.xunit2.xml", tmp_path / "pkg.xml")
    (tmp_path / "requirements.txt").write_text("packaging==24.1\n")
    (tmp_path / "soup.yaml").write_text(
        "requirements:\n  - id: PKG-1\n    item: packaging\n    statement: Versions compare per PEP 440.\n"
        "    verified_by: ['tests.test_version*']\n"
    )
    settings, _ = settings_from(
        {"soup_manifests": ["requirements.txt"], "soup_records": ["soup.yaml"], "soup_test_results": ["pkg.xml"]},
        str(tmp_path),
    )
    catalog = build_catalog(settings)
    (trace,) = traceability(catalog, settings).traces
    assert trace.status == "passed" and len(trace.results) > 1000


def test_duplicate_ids_and_unmeasured_limits(tmp_path: Path) -> None:
    records = RECORDS + (
        "  - id: REQ-1\n    item: pyyaml\n    statement: again.\n"
        "  - id: REQ-8\n    item: pyyaml\n    kind: performance\n    acceptance: {max_duration: 1}\n"
        "    verified_by: [src.sample_checks::test_passes]\n"
    )
    catalog, settings = _catalog(tmp_path, records)
    report = (tmp_path / "report.xml").read_text().replace('name="test_passes" time="0.001"', 'name="test_passes"')
    (tmp_path / "report.xml").write_text(report)
    catalog = build_catalog(settings)
    messages = [p.message for p in run_checks(catalog, settings) if p.kind == "requirement"]
    assert any(m.startswith("duplicate requirement id 'REQ-1'") for m in messages)
    assert any("REQ-8: test src.sample_checks::test_passes has no duration" in m for m in messages)
    statuses = {t.requirement.id: t.status for t in traceability(catalog, settings).traces}
    assert statuses["REQ-8"] == "not run"


def test_justified_failures_of_a_self_test_suite(tmp_path: Path) -> None:
    """A SOUP's own suite as evidence: a failure in a feature the product does not use is justified per test."""
    records = RECORDS + (
        "  - id: REQ-9\n    item: pyyaml\n    statement: The suite passes where we use it.\n"
        "    verified_by: ['src.sample_checks::test_*']\n"
        "    justified: {'src.sample_checks::test_f*': 'the failing feature is not used', 'x': 3}\n"
    )
    catalog, settings = _catalog(tmp_path, records)
    (trace,) = [t for t in traceability(catalog, settings).traces if t.requirement.id == "REQ-9"]
    assert trace.status == "passed"
    assert [r.justification for r in trace.results if r.case.outcome == "failed"] == ["the failing feature is not used"]
    findings = run_checks(catalog, settings)
    assert not [p for p in findings if p.kind == "test" and p.message.startswith("REQ-9")]
    assert any("justified maps a test id or pattern to a reason" in p.message for p in catalog.problems)
