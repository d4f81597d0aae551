"""``read_advisories``: format detection by content and name, and the rules that hold for every file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib.soup import advisories
from sphinxcontrib.soup.advisories import FORMATS, detect, read_advisories
from tests.advisories.helpers import OSV, VEX, VULN_REPORTS, assert_report
from tests.conftest import CORPUS

DATA = Path(__file__).parent / "data"

#: every advisory file of the corpus and of tests/advisories/data, with its format
DETECTED = [
    (VULN_REPORTS + "audit-ci-npm6-audit.allowlisted-path.json", "npm-audit"),
    (VULN_REPORTS + "audit-ci-npm7-audit.allowlisted-path.json", "npm-audit"),
    (VULN_REPORTS + "audit-ci-npm7-audit.high.json", "npm-audit"),
    (VULN_REPORTS + "audit-ci-pnpm-audit.allowlisted-path.json", "npm-audit"),
    (VULN_REPORTS + "audit-ci-yarn-berry-npm-audit.workspace.json", "npm-audit"),
    (VULN_REPORTS + "audit-ci-yarn1-audit.duplicate-paths.jsonl", "yarn-audit"),
    (VULN_REPORTS + "vulnflask-secureci.pip-audit.json", "pip-audit"),
    ("generated/pip-audit/pip-audit.pypi-service.all-skipped.json", "pip-audit"),
    *((OSV + p.name, "osv") for p in sorted((CORPUS / OSV).glob("*.json"))),
    *((VEX + p.name, "cyclonedx-vex") for p in sorted((CORPUS / VEX).glob("*.json"))),
]
LOCAL = [
    ("dependabot-alerts.json", "dependabot-alerts"),
    ("anomalies.yaml", "anomaly-list"),
    ("anomalies.csv", "anomaly-list"),
    ("osv-scanner.json", "osv"),
    ("vex.1.4.xml", "cyclonedx-vex"),
]


@pytest.mark.parametrize(("name", "fmt"), DETECTED)
def test_corpus_files_are_detected_and_read(corpus: Path, name: str, fmt: str) -> None:
    path = str(corpus / name)
    report = read_advisories(path)
    assert_report(report, path)
    assert report.format == fmt
    assert not any("internal error" in p.message for p in report.problems)


@pytest.mark.parametrize(("name", "fmt"), LOCAL)
def test_local_files_are_detected_by_content(tmp_path: Path, name: str, fmt: str) -> None:
    copy = tmp_path / ("report" + Path(name).suffix)  # a name that says nothing
    copy.write_bytes((DATA / name).read_bytes())
    assert read_advisories(str(copy)).format == fmt
    assert read_advisories(str(DATA / name)).format == fmt


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("pip-audit.json", "pip-audit"),
        ("npm-audit.json", "npm-audit"),
        ("yarn-audit.jsonl", "yarn-audit"),
        ("GHSA-xxxx.osv.json", "osv"),
        ("product.vex.json", "cyclonedx-vex"),
        ("dependabot-alerts.json", "dependabot-alerts"),
        ("known-anomalies.yml", "anomaly-list"),
        ("report.json", None),
    ],
)
def test_detection_by_name(name: str, fmt: str | None) -> None:
    assert detect(name) == fmt
    assert detect(name, "") == fmt


def test_trivy_and_safety_are_not_read(corpus: Path) -> None:
    for name in (VULN_REPORTS + "vulnflask-secureci.trivy-image.json", "generated/safety/safety-1.10.3-check.json"):
        report = read_advisories(str(corpus / name))
        assert report.format == "unknown" and report.problems[0].kind == "input"


def test_forced_format_missing_file_and_unknown_format(tmp_path: Path, corpus: Path) -> None:
    report = read_advisories(str(corpus / OSV / "GO-2020-0001.json"), fmt="osv")
    assert [a.id for a in report.advisories] == ["GO-2020-0001"]
    assert read_advisories(str(tmp_path / "none.json")).problems[0].message == "file not found"
    assert "unknown advisory format 'nope'" in read_advisories("x.json", fmt="nope").problems[0].message
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage\xff")
    assert read_advisories(str(tmp_path / "bin.json"), fmt="osv").problems[0].kind == "parse"


def test_a_reader_bug_is_a_problem_not_an_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, path: str):
        raise KeyError("boom")

    monkeypatch.setitem(advisories.FORMATS, "osv", broken)
    (tmp_path / "a.osv.json").write_text("{}")
    (problem,) = read_advisories(str(tmp_path / "a.osv.json")).problems
    assert "internal error in the osv reader (KeyError" in problem.message and problem.source.path


def test_every_format_has_a_reader() -> None:
    assert set(FORMATS) == {
        "npm-audit",
        "yarn-audit",
        "pip-audit",
        "osv",
        "cyclonedx-vex",
        "dependabot-alerts",
        "anomaly-list",
    }


def test_sniffing_variants() -> None:
    pretty_pip_audit = '{\n  "dependencies": [\n    {\n      "name": "a",\n      "version": "1",\n      "vulns": []\n'
    assert detect("report.json", pretty_pip_audit) == "pip-audit"
    assert detect("report.json", '{"type":"auditSummary","data":{"vulnerabilities":{}}}') == "yarn-audit"
    assert detect("report.json", '{"auditReportVersion":2,"vulnerabilities":{}}') == "npm-audit"
    assert detect("report.json", '[{"number": 1, "state": "open", "dependency": {}, "security_advisory": {}}]') == (
        "dependabot-alerts"
    )
    assert detect("report.json", '<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.5">') == (
        "cyclonedx-vex"
    )
    assert detect("list.txt", "id,package,ecosystem,affected\n") == "anomaly-list"
    assert detect("list.txt", "- package: a\n  id: X\n") == "anomaly-list"


def test_yarn1_report_without_advisories(tmp_path: Path) -> None:
    (tmp_path / "audit.json").write_text('{"type":"auditSummary","data":{"vulnerabilities":{"info":0}}}\n')
    report = read_advisories(str(tmp_path / "audit.json"), fmt="npm-audit")
    assert report.format == "yarn-audit" and report.problems == () and report.advisories == ()
