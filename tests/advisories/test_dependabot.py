"""Dependabot alert lists (REST API shape; see data/README.md for the fixture's provenance), and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinxcontrib.soup.advisories.dependabot import read_dependabot
from tests.advisories.helpers import analyses_of, assert_report, by_id

FIXTURE = Path(__file__).parent / "data" / "dependabot-alerts.json"


@pytest.fixture(scope="module")
def report():
    found = read_dependabot(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))
    assert_report(found, str(FIXTURE))
    return found


def test_every_alert_is_an_advisory(report) -> None:
    assert report.format == "dependabot-alerts" and report.tool == "dependabot" and not report.problems
    found = by_id(report)
    assert len(found) == 8
    lodash = found["GHSA-35jh-r3h4-6jhm"]
    assert (lodash.ecosystem, lodash.package, lodash.affected, lodash.fixed) == (
        "npm",
        "lodash",
        ("vers:npm/<4.17.21",),
        ("4.17.21",),
    )
    assert (lodash.aliases, lodash.severity, lodash.score) == (("CVE-2021-23337",), "high", 7.2)
    assert lodash.url == "https://github.com/advisories/GHSA-35jh-r3h4-6jhm" and lodash.source.line == 2
    assert found["GHSA-j8r2-6x86-q33q"].ecosystem == "pypi"
    assert found["GHSA-j8r2-6x86-q33q"].affected == ("vers:pypi/>=2.3.0|<2.31.0",)
    assert found["GHSA-4374-p667-p6c8"].ecosystem == "golang"


def test_all_ranges_of_the_package_not_other_packages(report) -> None:
    log4j = by_id(report)["GHSA-jfh8-c2jp-5v3q"]
    assert (log4j.ecosystem, log4j.package) == ("maven", "org.apache.logging.log4j:log4j-core")
    assert log4j.affected == (
        "vers:maven/>=2.13.0|<2.15.0",
        "vers:maven/>=2.0-beta9|<2.3.1",
        "vers:maven/>=2.4|<2.12.2",
    )  # pax-logging's range of the same advisory is not log4j-core's
    assert log4j.fixed == ("2.15.0", "2.3.1", "2.12.2")
    urllib3 = by_id(report)["GHSA-v845-jxx5-vc9f"]
    assert urllib3.affected == ("vers:pypi/>=2.0.0|<2.0.6", "vers:pypi/<1.26.17")


@pytest.mark.parametrize(
    ("ghsa", "state", "justification", "response"),
    [
        ("GHSA-j8r2-6x86-q33q", "not_affected", "code_not_reachable", ()),  # not_used
        ("GHSA-h5c8-rqwp-cp95", "exploitable", None, ("will_not_fix",)),  # tolerable_risk
        ("GHSA-jfh8-c2jp-5v3q", "in_triage", None, ("update",)),  # fix_started
        ("GHSA-v845-jxx5-vc9f", "false_positive", None, ()),  # inaccurate
        ("GHSA-4374-p667-p6c8", "exploitable", None, ()),  # no_bandwidth
    ],
)
def test_dismissed_alerts_are_analyses(
    report, ghsa: str, state: str, justification: str | None, response: tuple
) -> None:
    (analysis,) = analyses_of(report, ghsa)
    assert (analysis.state, analysis.justification, analysis.response, analysis.version) == (
        state,
        justification,
        response,
        None,
    )


def test_dismissal_detail_names_who_when_and_why(report) -> None:
    (analysis,) = analyses_of(report, "GHSA-j8r2-6x86-q33q")
    assert analysis.detail == (
        "Dependabot alert #7 dismissed as not_used by j-meier on 2024-02-27T16:40:11Z: "
        "The device service never uses a proxy: Proxy-Authorization is never set."
    )
    assert analysis.package == "requests" and analysis.source.line == 77
    (inaccurate,) = analyses_of(report, "GHSA-v845-jxx5-vc9f")
    assert inaccurate.detail == "Dependabot alert #4 dismissed as inaccurate by a-novak on 2023-10-04T07:00:00Z"


def test_open_fixed_and_auto_dismissed_alerts_carry_no_evaluation(report) -> None:
    evaluated = {a.advisory for a in report.analyses}
    assert {"GHSA-35jh-r3h4-6jhm", "GHSA-xvch-5gv4-984h", "GHSA-c2qf-rxjj-qqgw"}.isdisjoint(evaluated)
    assert len(report.analyses) == 5


def test_one_advisory_for_alerts_of_several_manifests() -> None:
    alerts = json.loads(FIXTURE.read_text())
    twin = dict(alerts[0], number=99, dependency=dict(alerts[0]["dependency"], manifest_path="admin/package-lock.json"))
    report = read_dependabot(json.dumps([alerts[0], twin]), "alerts.json")
    assert [a.id for a in report.advisories] == ["GHSA-35jh-r3h4-6jhm"]


def test_a_single_alert_object() -> None:
    alert = json.loads(FIXTURE.read_text())[0]
    assert [a.id for a in read_dependabot(json.dumps(alert), "alert.json").advisories] == ["GHSA-35jh-r3h4-6jhm"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"message": "Bad credentials"}, "Dependabot alerts are a list, found an object"),
        ([7], "an alert should be an object, found a number"),
        ([{"number": 3, "security_advisory": {}}], "alert #3 names no GHSA id"),
        ([{"security_advisory": {"ghsa_id": "GHSA-x"}}], "an alert names no package ecosystem and name"),
        (
            [
                {
                    "number": 1,
                    "security_advisory": {"ghsa_id": "GHSA-x"},
                    "security_vulnerability": {
                        "package": {"ecosystem": "npm", "name": "a"},
                        "vulnerable_version_range": "<<",
                    },
                }
            ],
            "GHSA-x (a): affected range '<<' cannot be evaluated",
        ),
    ],
)
def test_defects_are_located_problems(data: object, message: str) -> None:
    report = read_dependabot(json.dumps(data, indent=2), "alerts.json")
    assert_report(report)
    assert any(message in p.message for p in report.problems), report.problems


def test_dismissed_without_reason_is_in_triage() -> None:
    alert = {
        "number": 1,
        "state": "dismissed",
        "security_advisory": {"ghsa_id": "GHSA-x", "cvss": {"score": 0}},
        "dependency": {"package": {"ecosystem": "pip", "name": "a"}},
    }
    report = read_dependabot(json.dumps([alert]), "alerts.json")
    (analysis,) = report.analyses
    assert analysis.state == "in_triage" and analysis.detail == "Dependabot alert #1 dismissed as no reason given"
    assert report.advisories[0].score is None and report.advisories[0].ecosystem == "pypi"
