"""OSV records (the real records of the corpus: GitHub, Go, PyPA, malicious packages, Alpine, Red Hat, SUSE),
lists of records, osv-scanner output, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinxcontrib.soup.advisories.osv import read_osv
from tests.advisories.helpers import OSV, assert_report, by_id, by_key

DATA = Path(__file__).parent / "data"


def read(corpus: Path, name: str):
    path = str(corpus / OSV / name)
    report = read_osv((corpus / OSV / name).read_text(encoding="utf-8"), path)
    assert_report(report, path)
    return report


def test_pypa_record_with_git_and_ecosystem_ranges(corpus: Path) -> None:
    report = read(corpus, "PYSEC-2023-74.json")
    assert not report.problems  # the GIT range sits beside an ECOSYSTEM range: normal, left out silently
    (requests,) = report.advisories
    assert (requests.id, requests.ecosystem, requests.package) == ("PYSEC-2023-74", "pypi", "requests")
    assert requests.aliases == ("CVE-2023-32681", "GHSA-j8r2-6x86-q33q")
    assert requests.affected == ("vers:pypi/>=2.3.0|<2.31.0",) and requests.fixed == ("2.31.0",)
    assert len(requests.versions) == 66 and "2.30.0" in requests.versions
    assert requests.url == "https://github.com/psf/requests/security/advisories/GHSA-j8r2-6x86-q33q"
    assert requests.published == "2023-05-26T18:15:00Z" and requests.source.line == 4  # "package": {


def test_ghsa_record_with_versions_only(corpus: Path) -> None:
    (gradio,) = read(corpus, "GHSA-9v2f-6vcg-3hgv.json").advisories
    assert (gradio.package, gradio.affected, gradio.versions) == ("Gradio", (), ("4.36.1", "4.36.-1"))
    assert gradio.severity == "critical" and gradio.score is None  # OSV gives a vector; no score is computed
    assert gradio.source.line == 19


def test_go_records(corpus: Path) -> None:
    (gin,) = read(corpus, "GO-2020-0001.json").advisories
    assert (gin.ecosystem, gin.package, gin.affected) == ("golang", "github.com/gin-gonic/gin", ("vers:golang/<1.6.0",))
    assert gin.url == "https://pkg.go.dev/vuln/GO-2020-0001"
    (stdlib,) = read(corpus, "GO-2024-2963.json").advisories
    assert stdlib.affected == ("vers:golang/<1.21.12|>=1.22.0-0|<1.22.5",) and stdlib.fixed == ("1.21.12", "1.22.5")


def test_malware_record(corpus: Path) -> None:
    (mal,) = read(corpus, "MAL-2024-10238.json").advisories
    assert (mal.kind, mal.package, mal.versions) == ("malware", "123bla", ("0.0.1",))


def test_ecosystem_suffixes_and_normalized_names(corpus: Path) -> None:
    (pas,) = read(corpus, "ghsa-converter-pypi_normalize.osv.json").advisories
    assert (pas.package, pas.affected, pas.fixed) == (
        "products-pluggableauthservice",
        ("vers:pypi/<2.6.1",),
        ("2.6.1",),
    )
    report = read(corpus, "RHSA-2024_4546.json")  # 9 entries: 3 packages x 3 Red Hat streams
    assert sorted(a.package for a in report.advisories) == ["git-lfs", "git-lfs-debuginfo", "git-lfs-debugsource"]
    assert {a.ecosystem for a in report.advisories} == {"rpm"} and not report.problems
    assert by_key(report)[("RHSA-2024:4546", "git-lfs")].affected == ("vers:rpm/<2.13.3-3.el8_6.1",)


def test_alpine_entries_merge_and_a_git_only_entry_is_a_problem(corpus: Path) -> None:
    report = read(corpus, "CVE-2018-5407.json")
    (openssl,) = report.advisories  # six Alpine releases, one package
    assert (openssl.ecosystem, openssl.affected, openssl.fixed) == ("apk", ("vers:apk/<1.0.2q-r0",), ("1.0.2q-r0",))
    (problem,) = report.problems  # the node.js entry: a GIT range, no package
    assert problem.source.line == 131 and "only GIT ranges" in problem.message


@pytest.mark.parametrize(("name", "line"), [("RHSA-2022_0216.json", 1), ("SUSE-FU-2022_0444-1.json", 1)])
def test_records_without_affected_packages(corpus: Path, name: str, line: int) -> None:
    report = read(corpus, name)
    assert not report.advisories
    (problem,) = report.problems
    assert "names no package" in problem.message and problem.source.line == line


def test_list_of_records_and_api_answer(corpus: Path) -> None:
    records = [json.loads((corpus / OSV / n).read_text()) for n in ("GO-2020-0001.json", "PYSEC-2023-74.json")]
    for data in (records, {"vulns": records}):
        report = read_osv(json.dumps(data, indent=2), "records.json")
        assert_report(report)
        assert [a.id for a in report.advisories] == ["GO-2020-0001", "PYSEC-2023-74"]


def test_osv_scanner_output() -> None:
    path = str(DATA / "osv-scanner.json")
    report = read_osv((DATA / "osv-scanner.json").read_text(), path)
    assert_report(report, path)
    assert report.tool == "osv-scanner" and not report.problems
    found = by_id(report)
    assert found["GO-2020-0001"].score == 5.9 and found["PYSEC-2023-74"].score == 6.1  # groups' max_severity
    assert found["PYSEC-2023-74"].affected == ("vers:pypi/>=2.3.0|<2.31.0",)


def test_withdrawn_records_are_left_out(corpus: Path) -> None:
    record = json.loads((corpus / OSV / "GO-2020-0001.json").read_text())
    record["withdrawn"] = "2024-01-01T00:00:00Z"
    assert read_osv(json.dumps(record), "w.json").advisories == ()


def record(**affected: object) -> dict:
    return {"id": "TEST-1", "modified": "2024-01-01T00:00:00Z", "affected": [affected]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("not a record", "holds a record or a list of records, found a string"),
        ([1], "an OSV record should be an object, found a number"),
        ([{"affected": []}], "without an 'id'"),
        ({"id": "X", "affected": {}}, "'affected' an object"),
        ({"id": "X", "affected": [[]]}, "an affected entry should be an object"),
        (record(package={"ecosystem": "PyPI"}), "names no package ecosystem and name"),
        (record(package={"ecosystem": "PyPI", "name": "p"}), "nothing to evaluate"),
        (
            record(package={"ecosystem": "PyPI", "name": "p"}, ranges=[{"type": "GIT", "events": [{"fixed": "ab"}]}]),
            "nothing to evaluate",
        ),
        (
            record(package={"ecosystem": "PyPI", "name": "p"}, ranges=[{"type": "ECOSYSTEM", "events": "x"}]),
            "ECOSYSTEM range [? 'x'] cannot be evaluated for pypi",
        ),
        (
            record(
                package={"ecosystem": "PyPI", "name": "p"}, ranges=[{"type": "ECOSYSTEM", "events": [{"fixed": 1}]}]
            ),
            "cannot be evaluated",
        ),
        (
            record(
                package={"ecosystem": "Linux", "name": "k"},
                ranges=[{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}],
            ),
            "cannot be evaluated for Linux",
        ),
    ],
)
def test_defects_are_located_problems(data: object, message: str) -> None:
    report = read_osv(json.dumps(data, indent=2), "osv.json")
    assert_report(report)
    assert any(message in p.message for p in report.problems), report.problems


def test_unevaluable_entry_is_still_an_advisory() -> None:
    bad = record(package={"ecosystem": "PyPI", "name": "p"}, ranges=[{"type": "ECOSYSTEM", "events": [{"fixed": "?"}]}])
    (advisory,) = read_osv(json.dumps(bad), "osv.json").advisories
    assert (advisory.package, advisory.affected, advisory.versions) == ("p", (), ())
    linux = record(package={"ecosystem": "Linux", "name": "k"}, versions=["6.1"])
    (advisory,) = read_osv(json.dumps(linux), "osv.json").advisories
    assert (advisory.ecosystem, advisory.versions) == ("generic", ("6.1",))


def test_truncated(corpus: Path) -> None:
    report = read_osv((corpus / OSV / "PYSEC-2023-74.json").read_text()[:700], "osv.json")
    assert_report(report)
    assert [p.kind for p in report.problems] == ["parse"]
