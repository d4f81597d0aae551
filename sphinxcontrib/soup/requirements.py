"""SOUP requirements (IEC 62304 5.3.3/5.3.4), the tests that verify them, and their status. No Sphinx here.

A records file may carry a ``requirements:`` list::

    requirements:
      - id: REQ_YAML_SAFE
        item: pyyaml            # the SOUP package, as the manifest names it
        ecosystem: pypi         # optional
        kind: functional        # functional, performance, hardware or software
        statement: safe_load refuses Python object tags.
        acceptance: yaml.constructor.ConstructorError is raised   # or {max_duration: 0.5, text: ...}
        verified_by: [tests/test_yaml.py::test_python_tag_refused, "tests.test_yaml::*"]   # or "analysis: why"

Linking: a test case verifies a requirement when one of its properties named ``soup_requirement_property``
lists the requirement's id (comma-separated ids allowed), or when its ``id`` (``classname::name``) equals or
matches (fnmatch) an entry of the requirement's ``verified_by``.

Runs: each report file is one run. Within a run a test id that appears several times (reruns, duplicated
parametrizations) counts once, with its worst outcome (and its longest duration). Across runs, each run's
result is kept and shown; the requirement's status is the worst over all runs (a failure on one platform is a
failure), so a later green run never hides an earlier red one in another report.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fnmatch
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog, Item, identity
from .config import Settings
from .facades.git import last_change
from .facades.json_file import json_type
from .facades.yaml_file import LocatedDict
from .locate import first_line
from .model import Problem, Source, TestCase, TestReport
from .readers.base import read_text
from .records import located, register_section

KINDS = ("functional", "performance", "hardware", "software")
METHODS = ("analysis", "inspection")  # verification without a test: ``analysis: rationale``

#: requirement key -> (description, expected python types)
FIELDS: dict[str, tuple[str, tuple[type, ...]]] = {
    "id": ("requirement id (also its need id)", (str,)),
    "item": ("the SOUP package name", (str,)),
    "ecosystem": ("purl type of the package; omit to match the name in any ecosystem", (str,)),
    "kind": ("functional, performance, hardware or software", (str,)),
    "statement": ("what the product needs from the SOUP", (str,)),
    "acceptance": ("acceptance criterion: text, or {max_duration: seconds, text: ...}", (str, dict)),
    "verified_by": ("test ids or fnmatch patterns, or 'analysis: rationale' / 'inspection: rationale'", (str, list)),
    "justified": ("failing tests accepted: test id or pattern -> why (a feature the product does not use)", (dict,)),
}

#: what a requirement file's ``columns`` may map: the fields, and a limit in seconds (a CSV cell or need field);
#: not ``justified``, a mapping no CSV cell or need field holds (justify in a records file or ``self_tests``)
FILE_COLUMNS = (*(name for name in FIELDS if name != "justified"), "max_duration")

#: statuses, worst first (the order decides the status of a requirement with several tests)
FAILED, LIMIT, NOT_RUN, NO_TEST, ANALYSIS, PASSED = (
    "failed",
    "limit exceeded",
    "not run",
    "no test",
    "verified by analysis",
    "passed",
)
STATUSES = (FAILED, LIMIT, NOT_RUN, NO_TEST, ANALYSIS, PASSED)
_OUTCOME_RANK = {"error": 0, "failed": 1, "skipped": 2, "passed": 3}


@dataclass(frozen=True)
class Requirement:
    """One requirement the product places on a SOUP item, and how it is verified."""

    id: str
    item: str
    source: Source
    ecosystem: str | None = None
    kind: str = "functional"
    statement: str = ""
    acceptance: str | None = None
    max_duration: float | None = None  # seconds, for performance requirements
    verified_by: tuple[str, ...] = ()  # test ids or fnmatch patterns
    method: str | None = None  # analysis / inspection, when not verified by tests
    rationale: str | None = None
    verified_by_line: int | None = None
    justified: tuple[tuple[str, str], ...] = ()  # (test id or pattern, why its failure is acceptable)


@dataclass(frozen=True)
class Result:
    """One test in one run (report file): its worst outcome there."""

    case: TestCase
    run: str  # the report file
    over_limit: bool = False
    justification: str | None = None  # why this failure is acceptable (``justified`` of the requirement)

    @property
    def failing(self) -> bool:
        """A failure or error that no justification accepts."""
        return self.case.outcome in ("failed", "error") and self.justification is None


@dataclass(frozen=True)
class Trace:
    """A requirement with the tests that verify it and its status."""

    requirement: Requirement
    items: tuple[Item, ...]  # catalog items it applies to (several versions possible; none = unknown item)
    results: tuple[Result, ...]
    status: str
    unmatched: tuple[str, ...] = ()  # verified_by entries that match no test case


@dataclass
class Traceability:
    """Every requirement's trace, and the test cases that name an unknown requirement."""

    traces: list[Trace] = field(default_factory=list)
    unknown: list[tuple[TestCase, str]] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        """Percentage of requirements verified by passing tests (analysis counts as covered)."""
        if not self.traces:
            return 100.0
        return 100.0 * sum(t.status in (PASSED, ANALYSIS) for t in self.traces) / len(self.traces)


def read_requirements(items: list, path: str, problems: list[Problem]) -> list[Requirement]:
    """The ``requirements:`` section of a records file; every defect a located ``record`` problem."""
    found = []
    for entry in items:
        requirement = _requirement(entry, path, problems)
        if requirement is not None:
            found.append(requirement)
    return found


register_section("requirements", read_requirements)


def _requirement(entry: Any, path: str, problems: list[Problem]) -> Requirement | None:
    if not isinstance(entry, dict):
        problems.append(Problem("record", f"a requirement must be a mapping, not {json_type(entry)}", Source(path)))
        return None
    ident, item = entry.get("id"), entry.get("item")
    if not isinstance(ident, str) or not ident.strip() or not isinstance(item, str) or not item.strip():
        problems.append(Problem("record", "requirement without an 'id' and an 'item'", located(path, entry)))
        return None
    values: dict[str, Any] = {}
    for key, value in entry.items():
        where = located(path, entry, key)
        if key not in FIELDS:
            problems.append(Problem("record", f"{ident}: unknown key {key!r} (known: {', '.join(FIELDS)})", where))
        elif value is not None and not isinstance(value, FIELDS[key][1]):
            wanted = " or ".join(t.__name__ for t in FIELDS[key][1])
            problems.append(Problem("record", f"{ident}: {key!r} must be {wanted}, not {json_type(value)}", where))
        elif value is not None:
            values[key] = value
    kind = values.get("kind", "functional")
    if kind not in KINDS:
        problems.append(
            Problem(
                "record", f"{ident}: unknown kind {kind!r} (known: {', '.join(KINDS)})", located(path, entry, "kind")
            )
        )
        kind = "functional"
    acceptance, limit = _acceptance(ident, values.get("acceptance"), path, entry, problems)
    if kind == "performance" and limit is None:
        message = f"{ident}: a performance requirement needs a limit (acceptance: {{max_duration: seconds}})"
        problems.append(
            Problem("record", message, located(path, entry, "acceptance" if "acceptance" in entry else None))
        )
    tests, method, rationale = _verification(ident, values.get("verified_by"), path, entry, problems)
    return Requirement(
        id=ident.strip(),
        item=item.strip(),
        source=located(path, entry),
        ecosystem=values.get("ecosystem"),
        kind=kind,
        statement=values.get("statement", ""),
        acceptance=acceptance,
        max_duration=limit,
        verified_by=tests,
        method=method,
        rationale=rationale,
        verified_by_line=located(path, entry, "verified_by").line if "verified_by" in entry else None,
        justified=_justified(ident, values.get("justified", {}), path, entry, problems),
    )


def _justified(ident: str, value: dict, path: str, entry: Any, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for test, why in value.items():
        if isinstance(test, str) and isinstance(why, str) and why.strip():
            pairs.append((test, why.strip()))
        else:
            message = f"{ident}: justified maps a test id or pattern to a reason, not {test!r}: {why!r}"
            problems.append(Problem("record", message, located(path, entry, "justified")))
    return tuple(pairs)


def _acceptance(
    ident: str, value: Any, path: str, entry: Any, problems: list[Problem]
) -> tuple[str | None, float | None]:
    if not isinstance(value, dict):
        return value, None
    where = located(path, value) if isinstance(value, LocatedDict) else located(path, entry, "acceptance")
    unknown = sorted(set(value) - {"max_duration", "text"})
    if unknown:
        problems.append(
            Problem(
                "record",
                f"{ident}: unknown acceptance key(s) {', '.join(map(repr, unknown))} (known: max_duration, text)",
                where,
            )
        )
    limit = value.get("max_duration")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit <= 0):
        problems.append(
            Problem("record", f"{ident}: max_duration must be a positive number of seconds, not {limit!r}", where)
        )
        limit = None
    text = value.get("text") if isinstance(value.get("text"), str) else None
    if limit is not None:
        text = f"{text}; " if text else ""
        text += f"at most {limit:g} s per test"
    return text, float(limit) if limit is not None else None


def _verification(
    ident: str, value: Any, path: str, entry: Any, problems: list[Problem]
) -> tuple[tuple[str, ...], str | None, str | None]:
    entries = [value] if isinstance(value, str) else list(value or [])
    tests, method, rationale = [], None, None
    for raw in entries:
        if not isinstance(raw, str) or not raw.strip():
            problems.append(
                Problem(
                    "record",
                    f"{ident}: verified_by entries must be strings, not {raw!r}",
                    located(path, entry, "verified_by"),
                )
            )
            continue
        head, sep, rest = raw.partition(":")
        if sep and head.strip().lower() in METHODS and not rest.startswith(":"):
            method, rationale = head.strip().lower(), rest.strip() or None
            if rationale is None:
                problems.append(
                    Problem(
                        "record",
                        f"{ident}: {method} needs a rationale ('{method}: why')",
                        located(path, entry, "verified_by"),
                    )
                )
        else:
            tests.append(raw.strip())
    return tuple(tests), method, rationale


# -- linking ---------------------------------------------------------------------------------------------


def split_ids(value: str) -> list[str]:
    """Requirement ids of one property value: comma- (or whitespace-) separated."""
    return [part for part in value.replace(",", " ").split() if part]


def requirements_of(catalog: Catalog) -> list[Requirement]:
    return catalog.sections.get("requirements", [])


def traceability(catalog: Catalog, settings: Settings) -> Traceability:
    """Link every requirement to its tests and compute its status (computed once per catalog)."""
    cached = catalog.derived.get("traceability")
    if cached is not None:
        return cached
    requirements = requirements_of(catalog)
    known = {r.id for r in requirements}
    linked: dict[str, dict[tuple[str, str], Result]] = {r.id: {} for r in requirements}
    found = Traceability()
    runs = [_runs(report) for report in catalog.reports]
    for report, cases in zip(catalog.reports, runs, strict=True):
        for case in cases.values():
            for name, value in case.properties:
                if name != settings.requirement_property:
                    continue
                for ident in split_ids(value):
                    if ident in known:
                        linked[ident][(report.path, case.id)] = Result(case, report.path)
                    else:
                        found.unknown.append((case, ident))
    by_id: dict[str, list[tuple[str, TestCase]]] = {}
    for report, cases in zip(catalog.reports, runs, strict=True):
        for case_id, case in cases.items():
            by_id.setdefault(case_id, []).append((report.path, case))
    all_ids = list(by_id)
    items_by_identity: dict[tuple[str, str], list[Item]] = {}
    for item in catalog.items:
        items_by_identity.setdefault(identity(item.ecosystem, item.name), []).append(item)
    for requirement in requirements:
        unmatched = []
        for entry in requirement.verified_by:
            ids = fnmatch.filter(all_ids, entry) if _is_pattern(entry) else ([entry] if entry in by_id else [])
            if not ids:
                unmatched.append(entry)
            for case_id in ids:
                for run, case in by_id[case_id]:
                    linked[requirement.id][(run, case_id)] = Result(case, run)
        results = tuple(
            _limited(r, requirement) for _, r in sorted(linked[requirement.id].items(), key=lambda kv: kv[0])
        )
        items = _items(requirement, items_by_identity)
        found.traces.append(Trace(requirement, items, results, _status(requirement, results), tuple(unmatched)))
    catalog.derived["traceability"] = found
    return found


def _is_pattern(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def _runs(report: TestReport) -> dict[str, TestCase]:
    """The report's cases by id, a repeated id counted once with its worst outcome (then longest duration)."""
    cases: dict[str, TestCase] = {}
    for case in report.cases:
        seen = cases.get(case.id)
        if seen is None or _worse(case, seen):
            cases[case.id] = case
    return cases


def _worse(case: TestCase, than: TestCase) -> bool:
    rank, other = _OUTCOME_RANK.get(case.outcome, 1), _OUTCOME_RANK.get(than.outcome, 1)
    return rank < other or (rank == other and (case.duration or 0) > (than.duration or 0))


def _limited(result: Result, requirement: Requirement) -> Result:
    """The result with its limit checked, and the justification of a failure the requirement accepts."""
    case, limit, duration = result.case, requirement.max_duration, result.case.duration
    if limit is not None and duration is not None and case.outcome == "passed" and duration > limit:
        return Result(case, result.run, over_limit=True)
    why = justification(case, requirement.justified)
    return Result(case, result.run, justification=why) if why else result


def justification(case: TestCase, justified: tuple[tuple[str, str], ...]) -> str | None:
    """Why a failing (or erroring) test is accepted: the first ``justified`` id or pattern that names it."""
    if case.outcome in ("failed", "error"):
        for pattern, why in justified:
            if case.id == pattern or (_is_pattern(pattern) and fnmatch.fnmatchcase(case.id, pattern)):
                return why
    return None


def _items(requirement: Requirement, index: dict[tuple[str, str], list[Item]]) -> tuple[Item, ...]:
    """The items of the package the requirement names, else the item whose need id it names (a ``soupreq``
    need's ``soup_item``, as needs.json exports carry it)."""
    ecosystems = [requirement.ecosystem] if requirement.ecosystem else sorted({e for e, _ in index})
    found = tuple(i for e in ecosystems for i in index.get(identity(e, requirement.item), []))
    return found or tuple(i for items in index.values() for i in items if i.id == requirement.item)


def _status(requirement: Requirement, results: tuple[Result, ...]) -> str:
    if not results:
        if requirement.method:
            return ANALYSIS
        return NOT_RUN if requirement.verified_by else NO_TEST
    outcomes = {r.case.outcome for r in results if r.justification is None}
    if any(r.failing for r in results):
        return FAILED
    if any(r.over_limit for r in results):
        return LIMIT
    if "passed" not in outcomes or unmeasured(requirement, results):
        return NOT_RUN  # every linked test was skipped, or a limit could not be checked
    return PASSED


def unmeasured(requirement: Requirement, results: tuple[Result, ...]) -> list[Result]:
    """Passing tests of a requirement with a duration limit whose report gives no duration."""
    if requirement.max_duration is None:
        return []
    return [r for r in results if r.case.outcome == "passed" and r.case.duration is None]


# -- SOUP self-tests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SelfTestRun:
    """One run of a SOUP's own test suite (a report its record's ``self_tests`` names), each test once."""

    item: Item
    report: TestReport
    results: tuple[Result, ...]

    def count(self, *outcomes: str) -> int:
        return sum(r.case.outcome in outcomes for r in self.results)

    @property
    def failing(self) -> list[Result]:
        """Failures and errors that no justification accepts."""
        return [r for r in self.results if r.failing]

    @property
    def summary(self) -> str:
        """``N tests: P passed, F failed (J justified), S skipped``, as soup-details and soup-tests show it."""
        failed = self.count("failed", "error")
        justified = failed - len(self.failing)
        text = f"{len(self.results)} tests: {self.count('passed')} passed, {failed} failed or errored"
        if failed:
            text += f" ({justified} justified)" if justified != failed else " (all justified)"
        return f"{text}, {self.count('skipped')} skipped"


def self_test_runs(catalog: Catalog) -> dict[str, list[SelfTestRun]]:
    """Item id -> the runs of its own test suite (computed once per catalog)."""
    cached = catalog.derived.get("self_tests")
    if cached is not None:
        return cached
    found: dict[str, list[SelfTestRun]] = {}
    for item in catalog.items:
        spec = item.record.self_tests if item.record else None
        if spec is None:
            continue
        for report in catalog.reports:
            if any(fnmatch.fnmatch(report.path, pattern) for pattern in spec.reports):
                results = tuple(
                    Result(case, report.path, justification=justification(case, spec.justified))
                    for case in _runs(report).values()
                )
                found.setdefault(item.id, []).append(SelfTestRun(item, report, results))
    catalog.derived["self_tests"] = found
    return found


def self_test_checks(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """Unjustified failures of a SOUP's own tests; a ``self_tests`` that names no report (once per record)."""
    runs = self_test_runs(catalog)
    seen: set[int] = set()
    for item in catalog.items:
        spec = item.record.self_tests if item.record else None
        if spec is None or id(item.record) in seen:
            continue
        seen.add(id(item.record))
        if item.id not in runs:
            message = f"{item.name}: self_tests names no report of soup_test_results ({', '.join(spec.reports)})"
            yield Problem("test", message, spec.source, item.id)
        for run in runs.get(item.id, []):
            for result in run.failing:
                case = result.case
                why = f": {case.message}" if case.message else ""
                message = (
                    f"{item.name} self-test {case.id} {case.outcome}{why} (fix, or justify it in self_tests.justified"
                    " when the product does not use the feature)"
                )
                yield Problem("test", message, case.source, item.id)


# -- checks ----------------------------------------------------------------------------------------------


def _applies(trace: Trace, settings: Settings) -> bool:
    """Requirements of checked items (and of items the catalog does not know: that is a finding too)."""
    from .checks import checked  # checks imports this module

    return not trace.items or any(checked(item, settings) for item in trace.items)


def requirement_checks(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """Requirements without verification or for an unknown item; verified_by entries that match no test."""
    for trace in traceability(catalog, settings).traces:
        req = trace.requirement
        if not _applies(trace, settings):
            continue
        subject = trace.items[0].id if trace.items else ""
        if not trace.items:
            yield Problem("requirement", f"{req.id}: SOUP item {req.item!r} is not in the catalog", req.source)
        if trace.status == NO_TEST:
            message = f"{req.id}: no verification (give verified_by tests, or 'analysis: rationale')"
            yield Problem("requirement", message, req.source, subject)
        for entry in trace.unmatched:
            where = Source(req.source.path, req.verified_by_line or req.source.line)
            yield Problem("requirement", f"{req.id}: no test in soup_test_results matches {entry!r}", where, subject)
        if trace.status == NOT_RUN and trace.results and not any(r.case.outcome == "passed" for r in trace.results):
            yield Problem("requirement", f"{req.id}: every test that verifies it was skipped", req.source, subject)
        for result in unmeasured(req, trace.results):
            message = f"{req.id}: test {result.case.id} has no duration in its report: the limit cannot be checked"
            yield Problem("requirement", message, result.case.source, subject)
    first: dict[str, Requirement] = {}
    for req in requirements_of(catalog):
        if req.id in first:
            message = f"duplicate requirement id {req.id!r} (first at {first[req.id].source})"
            yield Problem("requirement", message, req.source)
        first.setdefault(req.id, req)


def test_checks(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """Failing tests of a requirement, performance limits exceeded, properties naming unknown requirements."""
    found = traceability(catalog, settings)
    for trace in found.traces:
        if not _applies(trace, settings):
            continue
        req = trace.requirement
        subject = trace.items[0].id if trace.items else ""
        for result in trace.results:
            case = result.case
            if result.failing:
                why = f": {case.message}" if case.message else ""
                yield Problem("test", f"{req.id}: test {case.id} {case.outcome}{why}", case.source, subject)
            elif result.over_limit:
                message = f"{req.id}: test {case.id} took {case.duration:g} s, over the limit of {req.max_duration:g} s"
                yield Problem("test", message, case.source, subject)
    for case, ident in found.unknown:
        prop = settings.requirement_property
        yield Problem("test", f"{case.id}: property {prop!r} names unknown requirement {ident!r}", case.source)


test_checks.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def report_age(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """Reports whose run started before a lock file of an item they verify last changed (``soup_check_report_age``).

    The run's start is the time the report records (JUnit ``timestamp``, NUnit ``start-time``, TRX ``Times
    start``; without a zone, UTC), else the report file's modification time.
    """
    if not settings.check_report_age:
        return
    locks: dict[str, set[str]] = {}  # report -> the lock files of the items its linked tests verify
    for trace in traceability(catalog, settings).traces:
        if _applies(trace, settings):
            files = {occ.source.path for item in trace.items for occ in item.occurrences}
            for result in trace.results:
                locks.setdefault(result.run, set()).update(files)
    for runs in self_test_runs(catalog).values():
        for run in runs:  # a SOUP's own suite verifies that SOUP
            locks.setdefault(run.report.path, set()).update(occ.source.path for occ in run.item.occurrences)
    for report in catalog.reports:
        changes = [(c, path) for path in locks.get(report.path, ()) if (c := last_change(_full(path, settings)))]
        if not changes:
            continue
        (changed, how), lock = max(changes, key=lambda change: change[0][0])
        started, line = _started(report, settings)
        if started is not None and started < changed:
            message = (
                f"{report.path}: the run started {started.isoformat()}, before {lock} changed"
                f" ({how} {changed.isoformat()}): re-run the tests on the current versions"
            )
            yield Problem("test", message, Source(report.path, line))


def _full(path: str, settings: Settings) -> str:
    return os.path.join(settings.confdir, path)


def _started(report: TestReport, settings: Settings) -> tuple[dt.datetime | None, int | None]:
    """When the run started (aware, UTC if the report gives no zone) and the line saying so."""
    path = _full(report.path, settings)
    if report.timestamp:
        with contextlib.suppress(ValueError):
            started = dt.datetime.fromisoformat(report.timestamp.strip())
            text, _ = read_text(path)
            line = first_line(text, report.timestamp) if text else None
            return (started if started.tzinfo else started.replace(tzinfo=dt.UTC)), line
    try:
        return dt.datetime.fromtimestamp(os.path.getmtime(path), dt.UTC), None
    except OSError:
        return None, None
