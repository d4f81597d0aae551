"""pip-audit JSON: the real report of the corpus (4 vulnerabilities among 167 dependencies), the all-skipped
report generated here, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinxcontrib.soup.advisories.pip_audit import read_pip_audit
from tests.advisories.helpers import VULN_REPORTS, assert_report, by_id

REAL = VULN_REPORTS + "vulnflask-secureci.pip-audit.json"
SKIPPED = "generated/pip-audit/pip-audit.pypi-service.all-skipped.json"


def read(corpus: Path, name: str):
    path = str(corpus / name)
    report = read_pip_audit((corpus / name).read_text(encoding="utf-8"), path)
    assert_report(report, path)
    return report


def test_real_report(corpus: Path) -> None:
    report = read(corpus, REAL)
    assert report.format == "pip-audit" and report.tool == "pip-audit" and not report.problems
    found = by_id(report)
    assert set(found) == {"GHSA-vp47-9734-prjw", "GHSA-3wwr-3g9f-9gc7", "GHSA-4xh5-x5gv-qwph", "GHSA-pq67-6m6q-mj2v"}
    asteval = found["GHSA-3wwr-3g9f-9gc7"]
    # pip-audit names the vulnerable version, not a range: exactly that version is affected
    assert (asteval.package, asteval.versions, asteval.affected, asteval.fixed) == (
        "asteval",
        ("1.0.5",),
        (),
        ("1.0.6",),
    )
    assert asteval.aliases == ("CVE-2025-24359",) and found["GHSA-vp47-9734-prjw"].aliases == ()
    pip = found["GHSA-4xh5-x5gv-qwph"]
    assert (pip.package, pip.versions, pip.fixed) == ("pip", ("25.2",), ())  # no fixed release yet
    assert found["GHSA-pq67-6m6q-mj2v"].fixed == ("2.5.0",)
    assert found["GHSA-pq67-6m6q-mj2v"].url == "https://osv.dev/vulnerability/GHSA-pq67-6m6q-mj2v"
    assert pip.summary.startswith("Summary In the fallback extraction path for source distributions")
    assert all(a.ecosystem == "pypi" and a.source.line == 1 for a in report.advisories)  # one-line file


def test_skipped_dependencies_are_one_unaudited_problem(corpus: Path) -> None:
    report = read(corpus, SKIPPED)
    assert not report.advisories
    (problem,) = report.problems
    assert problem.kind == "unaudited"
    assert problem.message.startswith("pip-audit did not audit 21 of 21 dependencies: annotated-types, certifi,")
    assert "typing-inspection" in problem.message and "Dependency not found on PyPI" in problem.message


def test_pretty_printed_lines() -> None:
    data = {
        "dependencies": [
            {"name": "a", "version": "1.0", "vulns": []},
            {"name": "b", "version": "2.0", "vulns": [{"id": "PYSEC-1", "fix_versions": ["2.1"], "aliases": []}]},
            {"name": "c", "skip_reason": "local package"},
        ],
        "fixes": [],
    }
    report = read_pip_audit(json.dumps(data, indent=2), "audit.json")
    assert_report(report)
    (advisory,) = report.advisories
    assert advisory.source.line == 12  # the vuln object's brace
    assert report.problems[0].source.line == 21 and report.problems[0].kind == "unaudited"


def test_old_list_format() -> None:
    text = json.dumps([{"name": "a", "version": "1.0", "vulns": [{"id": "PYSEC-9", "fix_versions": []}]}])
    assert [a.id for a in read_pip_audit(text, "audit.json").advisories] == ["PYSEC-9"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"dependencies": {}}, "'dependencies' should be a list, found an object"),
        ("x", "a pip-audit report should be a list, found a string"),
        ({"dependencies": [3]}, "a dependency should be an object, found a number"),
        ({"dependencies": [{"version": "1"}]}, "has no 'name'"),
        ({"dependencies": [{"name": "a", "version": "1", "vulns": {}}]}, "'vulns' should be a list"),
        ({"dependencies": [{"name": "a", "version": "1", "vulns": [{"fix_versions": []}]}]}, "without an 'id'"),
        ({"dependencies": [{"name": "a", "vulns": [{"id": "X-1"}]}]}, "no 'version'"),
        ({"dependencies": [{"name": "a", "version": "1", "vulns": [{"id": "X-1", "fix_versions": "2"}]}]}, "list of"),
    ],
)
def test_defects_are_located_problems(data: object, message: str) -> None:
    report = read_pip_audit(json.dumps(data), "audit.json")
    assert_report(report)
    assert any(message in p.message for p in report.problems), report.problems


def test_truncated(corpus: Path) -> None:
    report = read_pip_audit((corpus / REAL).read_text()[:3000], "audit.json")
    assert_report(report)
    assert report.problems[0].kind == "parse" and not report.advisories
