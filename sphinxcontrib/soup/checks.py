"""Rules over the catalog that produce located findings (the gaps an auditor would find).

The same findings feed Sphinx warnings, the ``soup check`` command and, later, the gaps page.
Each finding's ``kind`` is its warning subtype (``soup.<kind>``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .anomalies import anomaly_checks, support
from .catalog import Catalog, Item, identity
from .config import Settings
from .evidence import evidence_checks
from .model import Problem, Source
from .requirements import report_age, requirement_checks, self_test_checks, test_checks
from .risks import risk_checks
from .usage import usage_checks

Check = Callable[[Catalog, Settings], Iterator[Problem]]

#: finding kind -> what it means (README lists these)
KINDS = {
    "missing-record": "a SOUP item that no curated record describes",
    "stale-record": "a record that matches no package of any manifest",
    "drift": "a record verified for another version than the lock file holds",
    "conflict": "one package pinned at different versions by two manifests",
    "unpinned": "a runtime dependency that no lock file pins",
    "license": "a license that is unknown, not SPDX, denied or under review by soup_license_policy",
    "requirement": "a SOUP requirement without verification, for an unknown item, or whose tests are missing",
    "test": "a failing test of a requirement, a performance limit exceeded, or a test naming an unknown requirement"
    "; an unjustified failure of a SOUP's own tests (self_tests); a report older than the lock files it verifies"
    " (soup_check_report_age)",
    "anomaly": "an advisory affecting a shipped version with no evaluation for it, an evaluation too old, an"
    " exploitable anomaly with no risk, an evaluation or advisory that matches nothing",
    "support": "an end of support passed, within soup_support_horizon_days, or missing without a justification",
    "risk": "a class B/C direct item with no risk, a risk without control or off the scales, an unacceptable"
    " residual risk without rationale, a control or an anomaly's risk that links to nothing",
    "evidence": "an input file with uncommitted changes (git), an approval that names no SOUP item",
    "usage": "a SOUP imported by a source file outside the wrapper modules its record declares, or a declared"
    " wrapper that matches no file of soup_sources",
}


def checked(item: Item, settings: Settings) -> bool:
    """Whether the record checks apply: SOUP scopes, and direct unless transitive checks are on."""
    return item.in_scopes(settings.scopes) and (item.direct or settings.check_transitive)


def missing_record(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    for item in catalog.items:
        if item.record is None and checked(item, settings):
            yield Problem(
                "missing-record",
                f"{item.name} {item.version}: no SOUP record (add one to soup_records)",
                item.source,
                item.id,
            )


def stale_record(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    used = {id(item.record) for item in catalog.items if item.record is not None}
    for record in catalog.records:
        if id(record) not in used:
            yield Problem("stale-record", f"record {record.name!r} matches no package in soup_manifests", record.source)


def drift(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    for item in catalog.items:
        record = item.record
        if record is None or not item.pinned or item.origin == "system" or not checked(item, settings):
            continue
        if record.version is None:
            where = record.source
            yield Problem("drift", f"{item.name} {item.version}: record names no verified version", where, item.id)
        elif item.version not in record.verified_versions:
            where = Source(record.source.path, record.extra.get("version_line") or record.source.line)
            message = (
                f"{item.name}: record verified for {', '.join(record.verified_versions)}, but {item.source} holds"
                f" {item.version}"
                " (re-verify and update the record)"
            )
            yield Problem("drift", message, where, item.id)


def conflict(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """A direct dependency whose pinned versions differ from one file to another."""
    per_file: dict[tuple[str, str], dict[str, set[str]]] = {}
    first: dict[tuple[str, str], Item] = {}
    for item in catalog.items:
        if item.pinned and item.direct and item.occurrences and item.in_scopes(settings.scopes):
            ident = identity(item.ecosystem, item.name)
            for occ in item.occurrences:
                per_file.setdefault(ident, {}).setdefault(occ.source.path, set()).add(item.version)
            if ident not in first or item.source < first[ident].source:
                first[ident] = item
    for ident, files in per_file.items():
        if len({frozenset(versions) for versions in files.values()}) > 1:
            listed = "; ".join(f"{path}: {', '.join(sorted(versions))}" for path, versions in sorted(files.items()))
            item = first[ident]
            yield Problem("conflict", f"{item.name} is pinned at different versions ({listed})", item.source, item.id)


def unpinned(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    for item in catalog.items:
        if not item.pinned and item.origin != "system" and item.scope == "runtime":
            message = f"{item.name} {item.version or '(any version)'}: runtime dependency with no lock file pinning it"
            yield Problem("unpinned", message, item.source, item.id)


def license_unknown(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """A checked item whose license is missing or cannot be normalized (kept verbatim, never guessed)."""
    for item in catalog.items:
        info = item.license_info
        if info.expression is None and checked(item, settings):
            if info.raw:
                message = (
                    f"{item.name} {item.version}: license {info.raw!r} is not an SPDX expression (kept as written)"
                )
            else:
                message = f"{item.name} {item.version}: no license in the inputs (give 'license' in its record)"
            yield Problem("license", message, item.source, item.id)


def license_policy(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """Every shipped item (transitive ones too) against ``soup_license_policy``."""
    policy = settings.license_policy
    if policy.empty:
        return
    for item in catalog.items:
        if not item.in_scopes(settings.scopes):
            continue
        info = item.license_info
        verdict = policy.verdict(info)
        if verdict == "deny":
            yield Problem(
                "license",
                f"{item.name} {item.version}: {info.shown} is denied by soup_license_policy",
                item.source,
                item.id,
            )
        elif verdict == "review" and not (item.record and item.record.license_review):
            message = (
                f"{item.name} {item.version}: {info.shown} needs review (soup_license_policy);"
                " record the outcome as 'license_review'"
            )
            yield Problem("license", message, item.source, item.id)


CHECKS: tuple[Check, ...] = (
    missing_record,
    stale_record,
    drift,
    conflict,
    unpinned,
    license_unknown,
    license_policy,
    requirement_checks,
    test_checks,
    report_age,
    self_test_checks,
    anomaly_checks,
    support,
    risk_checks,
    evidence_checks,
    usage_checks,
)


def run_checks(catalog: Catalog, settings: Settings) -> list[Problem]:
    """Every finding, in a stable order (by kind, then location)."""
    findings = [finding for check in CHECKS for finding in check(catalog, settings)]
    # a Source without a line sorts first (Sources do not order None against a line number)
    return sorted(
        findings,
        key=lambda p: (p.kind, p.source.path if p.source else "", (p.source and p.source.line) or 0, p.message),
    )
