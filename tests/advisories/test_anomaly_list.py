"""The project's own anomaly list (YAML and CSV): the sample files, and every named defect."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib.soup.advisories.anomaly_list import read_anomaly_csv, read_anomaly_list
from tests.advisories.helpers import assert_report, by_id

DATA = Path(__file__).parent / "data"


def test_yaml_list() -> None:
    path = str(DATA / "anomalies.yaml")
    report = read_anomaly_list((DATA / "anomalies.yaml").read_text(), path)
    assert_report(report, path)
    assert report.format == "anomaly-list" and not report.problems
    found = by_id(report)
    urllib3 = found["urllib3-3020"]
    assert (urllib3.ecosystem, urllib3.package, urllib3.affected, urllib3.fixed) == (
        "pypi",
        "urllib3",
        ("vers:pypi/>=2.0.0|<2.0.4",),
        ("2.0.4",),
    )
    assert (urllib3.kind, urllib3.severity, urllib3.source.line) == ("bug", "medium", 2)
    assert urllib3.url == "https://github.com/urllib3/urllib3/issues/3020"
    lodash = found["lodash-5601"]
    assert lodash.affected == ("vers:npm/<4.17.20", "vers:npm/>=4.17.20|<4.17.21") and lodash.fixed == ("4.17.21",)
    assert lodash.kind == "bug" and lodash.source.line == 12  # kind defaults to bug
    jackson = found["jackson-4219"]
    assert (jackson.ecosystem, jackson.affected) == ("maven", ("vers:maven/>=2.15.0|<2.16.1",))  # OSV name accepted


def test_csv_list() -> None:
    path = str(DATA / "anomalies.csv")
    report = read_anomaly_list((DATA / "anomalies.csv").read_text(), path)
    assert_report(report, path)
    assert not report.problems
    found = by_id(report)
    assert found["numpy-24770"].affected == ("vers:pypi/>=1.26.0|<1.26.3",) and found["numpy-24770"].source.line == 2
    assert found["serde-2591"].affected == ("vers:cargo/>=1.0.180|<1.0.184",)
    axios = found["axios-6006"]
    assert axios.affected == ("vers:npm/<1.6.0", "vers:npm/>=2.0.0-alpha|<2.0.0") and axios.kind == "vulnerability"
    assert axios.summary == "Cookie header sent to third-party hosts" and axios.source.line == 4


YAML_DEFECTS = """\
- id: A-1
  package: a
  ecosystem: npm
  affected: ">=1.0.0 <2.0.0"
- id: A-1
  package: a
  ecosystem: npm
  affected: "<1.0.0"
- package: nameless
  ecosystem: npm
- id: B-1
  package: b
  ecosystem: npm
  affected: "not a range"
  fixed: banana
  kind: feature
  afected: "<1"
- id: C-1
  package: c
  ecosystem: cobol
  affected: "<1"
- id: D-1
  package: d
  ecosystem: pypi
  fixed: 2.10
- id: 7
  package: e
- just a string
"""


def test_yaml_defects_are_located() -> None:
    report = read_anomaly_list(YAML_DEFECTS, "anomalies.yaml")
    assert_report(report)
    problems = [(p.source.line, p.message) for p in report.problems]

    def at(line: int, text: str) -> None:
        assert any(found_line == line and text in message for found_line, message in problems), (line, text, problems)

    at(5, "duplicate id 'A-1' (first at line 1)")
    at(9, "an anomaly without id: not recorded")
    at(14, "B-1 (b): affected range 'not a range' cannot be evaluated for npm versions")
    at(15, "fixed version 'banana' is not a npm version")
    at(16, "unknown kind 'feature'")
    at(17, "unknown field 'afected'")
    at(20, "unknown ecosystem 'cobol'")
    at(25, "fixed version 2.1 was read as a number; quote it")
    at(22, "D-1 (d): no 'affected' range")
    at(26, "7 (e): no 'ecosystem'")
    assert any(p.source.line is None and "found a string" in p.message for p in report.problems)
    # every anomaly with an id and a package is kept, problems or not; a duplicate adds its ranges to the first
    assert [a.id for a in report.advisories] == ["A-1", "B-1", "C-1", "D-1", "7"]
    assert report.advisories[0].affected == ("vers:npm/>=1.0.0|<2.0.0", "vers:npm/<1.0.0")
    assert {a.id: a.ecosystem for a in report.advisories}["7"] == "generic"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\n", "is a list of anomalies, found an object"),
        ("- id: [\n", "invalid YAML"),
        ("- id: X\n  package: p\n  ecosystem: npm\n  affected: {a: 1}\n", "should be a range or a list of ranges"),
        ("- id: X\n  package: p\n  ecosystem: npm\n  affected: '<1.0.0'\n  fixed: {a: 1}\n", "'fixed' should be"),
    ],
)
def test_yaml_shape_defects(text: str, message: str) -> None:
    report = read_anomaly_list(text, "anomalies.yaml")
    assert_report(report)
    assert any(message in p.message for p in report.problems), report.problems


def test_yaml_mapping_with_anomalies_key_and_empty_file() -> None:
    text = "anomalies:\n  - id: X\n    package: p\n    ecosystem: npm\n    affected: '<1.0.0'\n"
    assert [a.id for a in read_anomaly_list(text, "a.yaml").advisories] == ["X"]
    assert read_anomaly_list("", "a.yaml").problems == ()


def test_csv_defects_are_located() -> None:
    text = "id,package,affected,fixed,colour\nX-1,p,<1.0.0,1.0.0,red\n,q,<1\nX-1,r,<<,1.0.0,blue,extra\n"
    report = read_anomaly_csv(text, "anomalies.csv")
    assert_report(report)
    messages = [(p.source.line, p.message) for p in report.problems]
    assert (1, "the header row has no column 'ecosystem'") in messages
    assert any(line == 2 and "unknown field 'colour'" in m for line, m in messages)
    assert any(line == 3 and "without id" in m for line, m in messages)
    assert any(line == 4 and "more cells than columns ('extra'" in m for line, m in messages)
    assert any(line == 4 and "duplicate id 'X-1' (first at line 2)" in m for line, m in messages)
    assert [a.package for a in report.advisories] == ["p", "r"]


def test_csv_with_bom_and_quoted_multiline_summary() -> None:
    text = '\ufeffID,Package,Ecosystem,Affected,Summary\nX,p,npm,<1.0.0,"two\nlines"\nY,q,npm,<2.0.0,one\n'
    report = read_anomaly_list(text, "list.txt")
    assert_report(report)
    assert [(a.id, a.source.line) for a in report.advisories] == [("X", 2), ("Y", 4)]
    assert report.advisories[0].summary == "two\nlines"
