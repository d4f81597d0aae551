"""CycloneDX VEX: the CycloneDX bom-examples VEX files of the corpus (CISA use cases and others), the XML twin
of one of them, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinxcontrib.soup.advisories.vex import read_vex
from tests.advisories.helpers import VEX, analyses_of, assert_report, by_id, by_key

DATA = Path(__file__).parent / "data"


def read(corpus: Path, name: str):
    path = str(corpus / VEX / name)
    report = read_vex((corpus / VEX / name).read_text(encoding="utf-8"), path)
    assert_report(report, path)
    return report


def test_purl_ref_through_a_bom_link(corpus: Path) -> None:
    report = read(corpus, "vex.1.4.json")
    assert not report.problems
    (jackson,) = report.advisories
    assert (jackson.id, jackson.ecosystem, jackson.package) == (
        "CVE-2020-25649",
        "maven",
        "com.fasterxml.jackson.core:jackson-databind",
    )
    assert jackson.versions == ("2.10.0",)  # no versions listed: the referenced component's own version
    assert (jackson.severity, jackson.score) == ("high", 7.5)  # NVD's own rating, not the evaluator's "none"
    assert jackson.aliases == ("SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302",)
    assert jackson.url == "https://nvd.nist.gov/vuln/detail/CVE-2020-25649"
    assert jackson.source.line == 90  # the affects entry
    (analysis,) = report.analyses
    assert (analysis.state, analysis.justification, analysis.response, analysis.version) == (
        "not_affected",
        "code_not_reachable",
        ("will_not_fix", "update"),
        "2.10.0",
    )
    assert analysis.package == jackson.package and analysis.source.line == 83


def test_xml_twin_reads_the_same(corpus: Path) -> None:
    path = str(DATA / "vex.1.4.xml")
    xml = read_vex((DATA / "vex.1.4.xml").read_text(), path)
    assert_report(xml, path)
    json_report = read(corpus, "vex.1.4.json")
    strip = lambda items: [type(i)(**{**i.__dict__, "source": None}) for i in items]  # noqa: E731
    assert strip(xml.advisories) == strip(json_report.advisories)
    assert strip(xml.analyses) == strip(json_report.analyses)
    assert xml.advisories[0].source.line == 57 and xml.analyses[0].source.line == 47


@pytest.mark.parametrize(
    ("name", "state", "justification"),
    [
        ("cisa-case-1.vex-affected.json", "exploitable", None),
        ("cisa-case-1.vex-not_affected.json", "not_affected", "code_not_present"),
    ],
)
def test_product_statements_resolve_to_the_described_component(
    corpus: Path, name: str, state: str, justification: str | None
) -> None:
    report = read(corpus, name)
    assert report.generated == "2022-03-03T00:00:00Z" and not report.problems
    (advisory,) = report.advisories
    (analysis,) = report.analyses
    assert advisory.id == "CVE-2021-44228" and advisory.ecosystem == "generic"
    assert (analysis.state, analysis.justification) == (state, justification)
    assert analysis.version == advisory.versions[0]  # the product's metadata.component version


def test_nineteen_statements(corpus: Path) -> None:
    report = read(corpus, "cisa-case-2.vex.json")
    assert len(report.advisories) == 19 and len(report.analyses) == 19 and not report.problems
    assert {a.state for a in report.analyses} == {"not_affected"}
    assert {a.justification for a in report.analyses} == {"code_not_reachable"}
    assert by_id(report)["CVE-2020-11896"].severity == "none"  # the only rating says so


def test_statements_about_versions_and_ranges(corpus: Path) -> None:
    report = read(corpus, "cisa-case-8.vex.json")
    found = by_key(report)
    abc = found[("CVE-2021-44228", "product-ABC")]
    assert abc.affected == ("vers:generic/>=2.9.0|<=4.1.0",) and abc.versions == ("2.4", "2.6")
    assert (abc.severity, abc.score) == ("critical", 10.0)
    states = {(a.package, a.version): a.state for a in analyses_of(report, "CVE-2021-44228")}
    assert states[("product-ABC", "2.5")] == "not_affected"
    assert states[("product-ABC", "vers:generic/>=1.0.0|<=2.3.0")] == "not_affected"
    assert states[("product-ABC", "2.4")] == "exploitable"
    assert states[("product-JKL", "5.1")] == "resolved"
    # the products live in other BOMs (BOM-Links): one problem per ref, statements kept under the ref's name
    assert len(report.problems) == 2 and all("names no component" in p.message for p in report.problems)


def test_companion_bom_without_vulnerabilities(corpus: Path) -> None:
    report = read(corpus, "vex-companion-bom.1.3.json")
    assert report.advisories == () and report.problems == () and report.tool == "CycloneDX Maven plugin"


def test_components_of_the_same_file() -> None:
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "components": [
            {"bom-ref": "lib-a", "name": "a", "version": "1.2.0", "purl": "pkg:npm/%40s/a@1.2.0"},
            {
                "bom-ref": "lib-b",
                "name": "b",
                "group": "g",
                "version": "2.0",
                "components": [{"bom-ref": "c", "name": "c"}],
            },
        ],
        "vulnerabilities": [
            {
                "id": "GHSA-aaaa-bbbb-cccc",
                "affects": [
                    {
                        "ref": "lib-a",
                        "versions": [{"range": "vers:npm/<1.3.0"}, {"version": "1.2.0", "status": "unaffected"}],
                    }
                ],
                "analysis": {"state": "in_triage"},
            },
            {"id": "CVE-1", "affects": [{"ref": "lib-b"}, {"ref": "c"}], "analysis": {"state": "bogus"}},
        ],
    }
    report = read_vex(json.dumps(bom, indent=2), "bom.json")
    assert_report(report)
    found = by_key(report)
    a = found[("GHSA-aaaa-bbbb-cccc", "@s/a")]
    assert (a.ecosystem, a.affected, a.versions) == ("npm", ("vers:npm/<1.3.0",), ())
    assert [(x.version, x.state) for x in analyses_of(report, "GHSA-aaaa-bbbb-cccc")] == [
        ("vers:npm/<1.3.0", "in_triage"),
        ("1.2.0", "in_triage"),
    ]
    assert found[("CVE-1", "g/b")].versions == ("2.0",) and found[("CVE-1", "c")].versions == ()
    assert [p.message for p in report.problems] == [
        "CVE-1: unknown analysis state 'bogus' (CycloneDX: "
        "resolved, resolved_with_pedigree, exploitable, in_triage, "
        "false_positive, not_affected)"
    ] * 2


@pytest.mark.parametrize(
    ("vulnerabilities", "message"),
    [
        ({}, "'vulnerabilities' should be a list"),
        ([5], "a vulnerability should be an object, found a number"),
        ([{"affects": [{"ref": "x"}]}], "without an 'id'"),
        ([{"id": "CVE-1"}], "no 'affects' list"),
        ([{"id": "CVE-1", "affects": [{}]}], "without a 'ref'"),
        ([{"id": "CVE-1", "affects": [{"ref": "pkg:npm/a@1"}], "analysis": []}], "'analysis' should be an object"),
        ([{"id": "CVE-1", "affects": [{"ref": "pkg:npm/a@1"}], "analysis": {}}], "without a 'state'"),
        ([{"id": "CVE-1", "affects": [{"ref": "pkg:npm/a@1", "versions": [{"range": "<<<"}]}]}], "cannot be evaluated"),
    ],
)
def test_defects_are_located_problems(vulnerabilities: object, message: str) -> None:
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.4", "vulnerabilities": vulnerabilities}
    report = read_vex(json.dumps(bom, indent=2), "vex.json")
    assert_report(report)
    assert any(message in p.message for p in report.problems), report.problems


def test_purl_refs_and_not_a_bom() -> None:
    bom = {"vulnerabilities": [{"id": "CVE-1", "affects": [{"ref": "pkg:pypi/Django@4.2"}]}]}
    (advisory,) = read_vex(json.dumps(bom), "vex.json").advisories
    assert (advisory.ecosystem, advisory.package, advisory.versions) == ("pypi", "django", ("4.2",))
    assert "is an object" in read_vex("[]", "vex.json").problems[0].message
    assert "root element <project>" in read_vex("<project/>", "vex.xml").problems[0].message
    assert read_vex("<bom>", "vex.xml").problems[0].kind == "parse"
