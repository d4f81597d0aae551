"""npm 7+, npm 6, pnpm, yarn berry and yarn 1 audit reports: the real files of the corpus (IBM/audit-ci
fixtures), checked against what each file says, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinxcontrib.soup.advisories.npm_audit import read_npm_audit, read_yarn_audit
from tests.advisories.helpers import VULN_REPORTS, assert_report, by_id

NPM7 = VULN_REPORTS + "audit-ci-npm7-audit.allowlisted-path.json"
NPM7_HIGH = VULN_REPORTS + "audit-ci-npm7-audit.high.json"
NPM6 = VULN_REPORTS + "audit-ci-npm6-audit.allowlisted-path.json"
PNPM = VULN_REPORTS + "audit-ci-pnpm-audit.allowlisted-path.json"
YARN_BERRY = VULN_REPORTS + "audit-ci-yarn-berry-npm-audit.workspace.json"
YARN1 = VULN_REPORTS + "audit-ci-yarn1-audit.duplicate-paths.jsonl"

#: the five GitHub advisories of axios 0.15.3 and follow-redirects 1.0.0 in the "allowlisted-path" project
AXIOS_FOLLOW = {
    "GHSA-pw2r-vq6v-hr8c": ("follow-redirects", "vers:npm/<1.14.8", "CVE-2022-0536", "moderate"),
    "GHSA-74fj-2j2h-c42q": ("follow-redirects", "vers:npm/<1.14.7", "CVE-2022-0155", "high"),
    "GHSA-cph5-m8f7-6c5x": ("axios", "vers:npm/<=0.21.1", "CVE-2021-3749", "high"),
    "GHSA-4w2v-q235-vp99": ("axios", "vers:npm/<0.21.1", "CVE-2020-28168", "high"),
    "GHSA-42xw-2xvc-qx8m": ("axios", "vers:npm/<=0.18.0", "CVE-2019-10742", "high"),
}


def read(corpus: Path, name: str):
    path = str(corpus / name)
    report = read_npm_audit((corpus / name).read_text(encoding="utf-8"), path)
    assert_report(report, path)
    return report


def test_npm7_records_advisory_objects_not_propagation(corpus: Path) -> None:
    report = read(corpus, NPM7)
    assert report.format == "npm-audit" and report.tool == "npm" and not report.problems
    found = by_id(report)
    assert set(found) == set(AXIOS_FOLLOW)  # github-build is only affected through axios: not an advisory
    for ghsa, (package, vers, _cve, severity) in AXIOS_FOLLOW.items():
        assert (found[ghsa].package, found[ghsa].affected, found[ghsa].severity) == (package, (vers,), severity)
        assert found[ghsa].url == f"https://github.com/advisories/{ghsa}"
    # fixAvailable upgrades axios itself: a fixed version of axios, not of follow-redirects
    assert found["GHSA-cph5-m8f7-6c5x"].fixed == ("0.26.0",)
    assert found["GHSA-pw2r-vq6v-hr8c"].fixed == ()
    assert found["GHSA-4w2v-q235-vp99"].summary == "Server-Side Request Forgery in Axios"
    assert found["GHSA-cph5-m8f7-6c5x"].source.line == 9  # the via object's opening brace
    assert found["GHSA-pw2r-vq6v-hr8c"].source.line == 57


def test_npm7_cvss_score_and_range(corpus: Path) -> None:
    (qs,) = read(corpus, NPM7_HIGH).advisories
    assert (qs.id, qs.package, qs.score, qs.severity) == ("GHSA-hrpp-h998-j3pp", "qs", 7.5, "high")
    assert qs.affected == ("vers:npm/>=6.10.0|<6.10.3",) and qs.fixed == ("6.11.2",)


@pytest.mark.parametrize("name", [NPM6, PNPM])
def test_npm6_and_pnpm_advisory_maps(corpus: Path, name: str) -> None:
    report = read(corpus, name)
    assert not report.problems
    found = by_id(report)
    assert set(found) == set(AXIOS_FOLLOW)
    for ghsa, (package, vers, cve, severity) in AXIOS_FOLLOW.items():
        advisory = found[ghsa]
        assert (advisory.package, advisory.affected, advisory.aliases, advisory.severity) == (
            package,
            (vers,),
            (cve,),
            severity,
        )
    assert found["GHSA-pw2r-vq6v-hr8c"].fixed == ("1.14.8",)  # patched_versions ">=1.14.8"
    assert found["GHSA-cph5-m8f7-6c5x"].fixed == ("0.21.2",)
    assert found["GHSA-pw2r-vq6v-hr8c"].score == 5.9
    assert found["GHSA-4w2v-q235-vp99"].score is None  # npm writes score 0 with no vector: no score
    assert found["GHSA-pw2r-vq6v-hr8c"].published == "2022-03-07T18:00:45.269Z" or name == PNPM


def test_npm6_lines_and_tool(corpus: Path) -> None:
    report = read(corpus, NPM6)
    assert report.tool == "npm"  # npm 6 writes a runId
    assert by_id(report)["GHSA-pw2r-vq6v-hr8c"].source.line == 91  # "1038442": {
    assert read(corpus, PNPM).tool is None


def test_yarn_berry(corpus: Path) -> None:
    found = by_id(read(corpus, YARN_BERRY))
    assert set(found) == {"GHSA-28xh-wpgr-7fm8", "GHSA-rvg8-pwq2-xj7q", "GHSA-hrpp-h998-j3pp"}
    assert found["GHSA-28xh-wpgr-7fm8"].package == "open" and found["GHSA-28xh-wpgr-7fm8"].aliases == ()
    assert found["GHSA-hrpp-h998-j3pp"].aliases == ("CVE-2022-24999",)
    assert found["GHSA-hrpp-h998-j3pp"].fixed == ("6.10.3",)


def test_yarn1_json_lines_one_advisory_per_package(corpus: Path) -> None:
    report = read(corpus, YARN1)
    assert report.format == "yarn-audit" and report.tool == "yarn" and not report.problems
    found = by_id(report)
    assert len(found) == 11  # 14 auditAdvisory lines; minimist, nth-check and tough-cookie come twice
    minimist = found["GHSA-xvch-5gv4-984h"]
    assert (minimist.package, minimist.affected, minimist.fixed) == (
        "minimist",
        ("vers:npm/>=1.0.0|<1.2.6",),
        ("1.2.6",),
    )
    assert minimist.source.line == 1 and found["GHSA-72xf-g2v4-qvf3"].source.line == 11
    assert found["GHSA-mxhp-79qh-mcx6"].fixed == ()  # taffydb: patched_versions "<0.0.0", no fix
    assert found["GHSA-67hx-6x53-jw92"].package == "babel-traverse" and found["GHSA-67hx-6x53-jw92"].score == 9.4


def test_npm_reader_hands_json_lines_to_the_yarn_reader(corpus: Path) -> None:
    assert read(corpus, YARN1).format == "yarn-audit"


# --- bad input --------------------------------------------------------------------------------------------------


def test_truncated_json_is_a_parse_problem(corpus: Path) -> None:
    text = (corpus / NPM7).read_text()[:500]
    report = read_npm_audit(text, "audit.json")
    assert_report(report)
    assert [p.kind for p in report.problems] == ["parse"] and report.problems[0].source.line


def test_wrong_types_are_located_and_nothing_else_is_lost() -> None:
    data = {
        "auditReportVersion": 2,
        "vulnerabilities": {
            "a": "not an object",
            "b": {"name": "b", "via": "x"},
            "c": {"name": "c", "via": [42, "d", {"source": 7, "name": "c", "range": "<1.0.0", "title": "T"}]},
            "e": {"name": "e", "via": [{"name": "e", "range": "<1.0.0"}]},
            "f": {"name": "f", "via": [{"source": 9, "name": "f", "range": "not a range", "severity": ["x"]}]},
        },
    }
    report = read_npm_audit(json.dumps(data, indent=2), "audit.json")
    assert_report(report)
    messages = " | ".join(p.message for p in report.problems)
    assert "'a' should be an object" in messages
    assert "b: 'via' should be a list" in messages
    assert "c: a 'via' entry should be an object or a name, found a number" in messages
    assert "neither a 'source' id nor an advisory URL" in messages
    assert "9 (f): affected range 'not a range' cannot be evaluated" in messages
    found = by_id(report)
    assert found["7"].affected == ("vers:npm/<1.0.0",) and found["7"].summary == "T"
    assert found["9"].affected == () and found["9"].severity is None  # kept: needs a person's evaluation
    assert all(p.source.line for p in report.problems)


def test_advisory_map_defects() -> None:
    data = {
        "advisories": {
            "1": [],
            "2": {"id": 2, "vulnerable_versions": "<1"},
            "3": {"id": 3, "module_name": "x", "vulnerable_versions": "<1.0.0", "cves": "CVE-1", "cvss": 5},
        },
        "muted": [],
    }
    report = read_npm_audit(json.dumps(data, indent=2), "audit.json")
    assert_report(report)
    assert len(report.problems) == 2
    (advisory,) = report.advisories
    assert (advisory.id, advisory.aliases, advisory.score) == ("3", ("CVE-1",), None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "is an object, found a list"),
        ('{"error": {"code": "ENOLOCK", "summary": "This command requires an existing lockfile."}}', "lockfile"),
        ('{"name": "x"}', "not an audit"),
    ],
)
def test_not_an_audit(text: str, message: str) -> None:
    report = read_npm_audit(text, "audit.json")
    assert_report(report)
    assert message in report.problems[0].message and not report.advisories


def test_yarn1_bad_lines() -> None:
    good = '{"type":"auditAdvisory","data":{"advisory":{"id":5,"module_name":"m","vulnerable_versions":"<2.0.0"}}}'
    text = "\n".join([good, "{truncated", "[1]", '{"type":"auditAdvisory","data":{"advisory":"x"}}', good, ""])
    report = read_yarn_audit(text, "yarn.jsonl")
    assert_report(report)
    assert [(p.kind, p.source.line) for p in report.problems] == [("parse", 2), ("advisory", 3), ("advisory", 4)]
    assert [a.id for a in report.advisories] == ["5"]
