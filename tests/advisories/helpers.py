"""What the advisory reader tests share: looking advisories up, and the invariants every report keeps."""

from __future__ import annotations

from sphinxcontrib.soup.facades.version_ranges import to_vers
from sphinxcontrib.soup.model import Advisory, AdvisoryReport, Analysis

VULN_REPORTS = "fetched/vuln-reports/"
OSV = "fetched/osv/"
VEX = "fetched/vex-cyclonedx/"


def by_id(report: AdvisoryReport) -> dict[str, Advisory]:
    """Advisories by id (tests use it on reports whose ids name one package each)."""
    found = {a.id: a for a in report.advisories}
    assert len(found) == len(report.advisories), "several packages share an id: use by_key"
    return found


def by_key(report: AdvisoryReport) -> dict[tuple[str, str], Advisory]:
    return {(a.id, a.package): a for a in report.advisories}


def analyses_of(report: AdvisoryReport, advisory: str) -> list[Analysis]:
    return [a for a in report.analyses if a.advisory == advisory]


def assert_report(report: object, path: str | None = None) -> None:
    """No exception got here; the report is whole; every advisory, analysis and problem names its file; every
    affected range is a valid vers string."""
    assert isinstance(report, AdvisoryReport)
    for problem in report.problems:
        assert problem.source is not None and problem.source.path, problem
        assert problem.source.line is None or problem.source.line >= 1, problem
    for advisory in report.advisories:
        assert isinstance(advisory.id, str) and advisory.id, advisory
        assert isinstance(advisory.package, str) and advisory.package, advisory
        assert isinstance(advisory.ecosystem, str) and advisory.ecosystem, advisory
        assert advisory.source.path and (advisory.source.line is None or advisory.source.line >= 1), advisory
        for vers in advisory.affected:
            assert vers.startswith("vers:") and to_vers(advisory.ecosystem, vers) == (vers,), vers
        for field in (advisory.aliases, advisory.versions, advisory.fixed):
            assert isinstance(field, tuple) and all(isinstance(v, str) and v for v in field), advisory
        assert advisory.score is None or 0 < advisory.score <= 10, advisory
        if path is not None:
            assert advisory.source.path == path
    for analysis in report.analyses:
        assert analysis.advisory and analysis.package and analysis.state, analysis
        assert analysis.source.path, analysis
