"""SOUP self-tests: a record's ``self_tests`` over a real run of defusedxml's own suite (the demo's report)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinxcontrib.soup.catalog import build_catalog
from sphinxcontrib.soup.checks import run_checks
from sphinxcontrib.soup.config import settings_from
from sphinxcontrib.soup.records import read_record_file
from sphinxcontrib.soup.requirements import self_test_runs

REPORT = Path(__file__).resolve().parents[2] / "demo_docs/inputs/reports/defusedxml-0.7.1-self-tests.junit.xml"

RECORD = """\
soup:
  - name: defusedxml
    verified: {version: 0.7.1, by: me, date: 2026-01-01}
    self_tests:
      report: reports/defusedxml-*.xml
      justified:
        "tests.BaseTests::*": abstract base class collected by pytest
"""


def _catalog(tmp_path: Path, record: str = RECORD):
    (tmp_path / "requirements.txt").write_text("defusedxml==0.7.1\n")
    (tmp_path / "soup.yaml").write_text(record)
    (tmp_path / "reports").mkdir()
    shutil.copy(REPORT, tmp_path / "reports" / REPORT.name)
    values = {"soup_manifests": ["requirements.txt"], "soup_records": ["soup.yaml"], "soup_test_results": ["reports/*"]}
    settings, errors = settings_from(values, str(tmp_path))
    assert errors == []
    return build_catalog(settings), settings


def test_totals_and_justified_failures(tmp_path: Path) -> None:
    catalog, settings = _catalog(tmp_path)
    (run,) = self_test_runs(catalog)["SOUP_PYPI_DEFUSEDXML"]
    assert (len(run.results), run.count("passed"), run.count("failed", "error"), run.count("skipped")) == (
        91,
        77,
        11,
        3,
    )
    assert sorted(r.case.id for r in run.failing) == [
        "tests.TestDefusedElementTree::test_html_arg",
        "tests.TestDefusedcElementTree::test_html_arg",
    ]
    assert run.summary == "91 tests: 77 passed, 11 failed or errored (9 justified), 3 skipped"
    findings = [p for p in run_checks(catalog, settings) if p.kind == "test"]
    assert [(p.source.path, p.subject) for p in findings] == [(f"reports/{REPORT.name}", "SOUP_PYPI_DEFUSEDXML")] * 2
    assert "defusedxml self-test tests.TestDefusedElementTree::test_html_arg failed: AssertionError" in str(findings)
    lines = REPORT.read_text().splitlines()
    for finding in findings:  # at the line of the test case element
        assert '<testcase classname="tests.TestDefused' in lines[finding.source.line - 1]
        assert 'name="test_html_arg"' in lines[finding.source.line - 1]


def test_all_justified_is_no_finding(tmp_path: Path) -> None:
    record = RECORD + '        "tests.TestDefused*ElementTree::test_html_arg": the product never passes html\n'
    catalog, settings = _catalog(tmp_path, record)
    (run,) = self_test_runs(catalog)["SOUP_PYPI_DEFUSEDXML"]
    assert run.failing == [] and run.summary.endswith("(all justified), 3 skipped")
    assert [p for p in run_checks(catalog, settings) if p.kind == "test"] == []


def test_no_matching_report_is_a_located_finding(tmp_path: Path) -> None:
    catalog, settings = _catalog(tmp_path, RECORD.replace("reports/defusedxml-*.xml", "reports/other.xml"))
    assert self_test_runs(catalog) == {}
    (finding,) = [p for p in run_checks(catalog, settings) if p.kind == "test"]
    assert (str(finding.source), finding.subject) == ("soup.yaml:4", "SOUP_PYPI_DEFUSEDXML")
    assert "self_tests names no report of soup_test_results (reports/other.xml)" in finding.message


def test_record_schema() -> None:
    text = """\
soup:
  - name: a
    self_tests: reports/a.xml
  - name: b
    self_tests: {report: [], justifed: {}}
  - name: c
    self_tests:
      report: [r1.xml, r2.xml]
      justified: {"t::x": "", "t::y": why}
"""
    found = read_record_file(text, "soup.yaml")
    a, b, c = found.records
    assert a.self_tests.reports == ("reports/a.xml",) and a.self_tests.justified == ()
    assert b.self_tests is None
    assert c.self_tests.reports == ("r1.xml", "r2.xml") and c.self_tests.justified == (("t::y", "why"),)
    assert [(p.source.line, p.message) for p in found.problems] == [
        (5, "b: unknown key 'justifed' in 'self_tests' (report, justified)"),
        (5, "b: self_tests.report must be a glob or a list of globs"),
        (9, "c: self_tests.justified maps a test id or pattern to a reason, not 't::x': ''"),
    ]
