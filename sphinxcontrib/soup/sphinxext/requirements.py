"""``soup-requirements``, ``soup-tests`` and ``soup-traceability``: SOUP requirements and their test evidence.

Everything renders from the catalog's traceability (``requirements.traceability``), so the pages are re-read
when a records file or a test report changes. Test cases are summarized: only failures, the slowest tests
and the tests linked to a requirement are named, never thousands of rows.
"""

from __future__ import annotations

import fnmatch
from collections import Counter

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.texescape import escape

from ..model import TestCase, TestReport
from ..requirements import (
    ANALYSIS,
    FAILED,
    LIMIT,
    NO_TEST,
    NOT_RUN,
    PASSED,
    Result,
    SelfTestRun,
    Trace,
    self_test_runs,
    traceability,
)
from .config import settings_of
from .filters import FILTER_OPTIONS, comma_list, select
from .needs import requirement_needs
from .refs import item_ref
from .render import _BREAK_AFTER, breakable, missing, paragraph, table, value
from .state import use_catalog

#: statuses shown as gaps (emphasised, ``soup-missing``)
GAPS = (FAILED, LIMIT, NOT_RUN, NO_TEST)
#: test ids named per cell before the rest is counted
NAMED_TESTS = 3


def setup_requirements(app: Sphinx) -> None:
    app.add_directive("soup-requirements", SoupRequirements)
    app.add_directive("soup-tests", SoupTests)
    app.add_directive("soup-traceability", SoupTraceability)


def _traces(directive: SphinxDirective) -> list[Trace]:
    """The traces of the items the filters select (``:item:`` names); unknown items only without filters."""
    catalog = use_catalog(directive.env)
    settings = settings_of(directive.env.app)
    chosen = {item.id for item in select(catalog.items, directive.options, settings)}
    names = {n.lower() for n in directive.options.get("item", [])}
    filtered = any(k in directive.options for k in FILTER_OPTIONS)
    out = []
    for trace in traceability(catalog, settings).traces:
        if names and trace.requirement.item.lower() not in names:
            continue
        if trace.items and not any(i.id in chosen for i in trace.items):
            continue
        if not trace.items and filtered:
            continue
        out.append(trace)
    return out


def status_cell(trace: Trace) -> nodes.Node:
    """The status, a gap marker unless passed or verified by analysis; a limit shows the measured time."""
    text = trace.status
    if trace.status == LIMIT:
        slowest = max((r.case.duration or 0) for r in trace.results if r.over_limit)
        text = f"{LIMIT} ({slowest:g} s > {trace.requirement.max_duration:g} s)"
    elif trace.status == ANALYSIS:
        text = f"verified by {trace.requirement.method}"
    return missing(text) if trace.status in GAPS else nodes.Text(text)


def _item_cell(trace: Trace) -> nodes.Node:
    if not trace.items:
        para = paragraph(breakable(trace.requirement.item), " ", missing("not in the catalog"))
        return para
    item = trace.items[0]
    label = breakable(f"{item.name} {', '.join(i.version for i in trace.items)}")
    return item_ref(item.id, label)


def _verification(trace: Trace) -> nodes.Node:
    req = trace.requirement
    if req.method:
        return nodes.Text(f"{req.method}: {req.rationale or ''}".strip())
    if req.verified_by:
        return breakable(", ".join(req.verified_by))
    return nodes.Text("test property") if trace.results else missing("none")


def _tests_cell(trace: Trace) -> nodes.Node:
    """A few test ids with their outcome, then counts (a pattern may match thousands)."""
    results = trace.results
    if not results:
        return _verification(trace) if trace.requirement.method else missing("no test")
    shown = sorted(results, key=lambda r: (not r.failing and not r.over_limit, r.case.id))
    runs = len({r.run for r in results})
    lines = []
    for r in shown[:NAMED_TESTS]:
        where = f" [{r.run}]" if runs > 1 else ""
        lines.append(f"{r.case.id}: {_outcome(r)}{where}")
    para = paragraph(wrapping("; ".join(lines)))
    if len(results) > NAMED_TESTS:
        counts = Counter(_outcome(r) for r in results)
        summary = ", ".join(f"{n} {o}" for o, n in sorted(counts.items()))
        para += nodes.Text(f" (and {len(results) - NAMED_TESTS} more; all: {summary})")
    return para


def wrapping(text: str) -> nodes.Node:
    """Like ``render.breakable`` (LaTeX may break after ``/ @ . _ :``), in three nodes whatever the length.

    Hundreds of rows of long test ids as one node per fragment made the traceability page several times
    slower to build: here the LaTeX form is one raw node, every other builder reads the text.
    """
    if len(text) <= 16:
        return nodes.Text(text)
    out = nodes.inline()
    plain = addnodes.only(expr="not latex")
    plain += nodes.Text(text)
    out += plain
    latex = r"\allowbreak{}".join(escape(part) for part in _BREAK_AFTER.split(text))  # escaped input text
    out += nodes.raw("", latex, format="latex")
    return out


def _outcome(result: Result) -> str:
    if result.justification:
        return f"{result.case.outcome} (justified: {result.justification})"
    if result.over_limit:
        return f"over limit ({result.case.duration:g} s)"
    return result.case.outcome


class SoupRequirements(SphinxDirective):
    """Per SOUP item, its requirements with kind, acceptance, verification and status (and the needs)."""

    option_spec = {**FILTER_OPTIONS, "item": comma_list, "caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        traces = _traces(self)
        out: list[nodes.Node] = requirement_needs(self, traces)
        if not traces:
            return [*out, paragraph(missing("no SOUP requirements recorded"))]
        groups: dict[str, list[Trace]] = {}
        for trace in traces:
            groups.setdefault(trace.requirement.item.lower(), []).append(trace)
        headers = ["ID", "Kind", "Statement", "Acceptance", "Verified by", "Status"]
        for traces_of_item in groups.values():
            first = traces_of_item[0]
            name = f"{first.items[0].name} {first.items[0].version}" if first.items else first.requirement.item
            rows = [
                [
                    breakable(t.requirement.id),
                    nodes.Text(t.requirement.kind),
                    value(t.requirement.statement, "not recorded"),
                    value(t.requirement.acceptance, "not recorded"),
                    _verification(t),
                    status_cell(t),
                ]
                for t in traces_of_item
            ]
            title = self.options.get("caption") or f"Requirements on {name}"
            out.extend(table(headers, rows, [14, 10, 30, 16, 18, 12], classes=["soup-requirements"], title=title))
        return out


class SoupTraceability(SphinxDirective):
    """SOUP item -> requirement -> tests -> result, with the coverage and the gaps listed."""

    option_spec = {**FILTER_OPTIONS, "item": comma_list, "caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        traces = _traces(self)
        if not traces:
            return [paragraph(missing("no SOUP requirements recorded"))]
        rows = [
            [_item_cell(t), nodes.Text(t.requirement.id), _tests_cell(t), status_cell(t)]
            for t in sorted(traces, key=lambda t: (t.requirement.item.lower(), t.requirement.id))
        ]
        title = self.options.get("caption") or "SOUP traceability"
        out: list[nodes.Node] = [self._coverage(traces)]
        out.extend(table(["SOUP item", "Requirement", "Tests", "Result"], rows, [18, 18, 46, 18], title=title))
        out.extend(self._gaps(traces))
        return out

    def _coverage(self, traces: list[Trace]) -> nodes.Node:
        counts = Counter(t.status for t in traces)
        covered = counts[PASSED] + counts[ANALYSIS]
        text = (
            f"{len(traces)} requirements: {covered} covered ({100 * covered / len(traces):.0f} %;"
            f" {counts[PASSED]} by passing tests, {counts[ANALYSIS]} by analysis or inspection)"
        )
        return paragraph(text + ".")

    def _gaps(self, traces: list[Trace]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for status, label in (
            (NO_TEST, "Requirements with no test"),
            (NOT_RUN, "Requirements whose tests did not run"),
            (FAILED, "Requirements with a failing test"),
            (LIMIT, "Requirements over their performance limit"),
        ):
            ids = [t.requirement.id for t in traces if t.status == status]
            if ids:
                out.append(paragraph(nodes.strong(text=f"{label}: "), missing(", ".join(ids))))
        return out


def _positive(argument: str | None) -> int:
    return directives.nonnegative_int(argument)


class SoupTests(SphinxDirective):
    """A summary per test report: totals, outcomes, duration, the slowest tests and the failures."""

    option_spec = {
        "report": comma_list,  # fnmatch patterns over the report paths (relative to conf.py)
        "slowest": _positive,
        "failures": _positive,
        "caption": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        catalog = use_catalog(self.env)
        patterns = self.options.get("report") or ["*"]
        reports = [r for r in catalog.reports if any(fnmatch.fnmatch(r.path, p) for p in patterns)]
        if not reports:
            return [paragraph(missing("no test report (soup_test_results)"))]
        headers = ["Report", "Tool", "Started", "Tests", "Passed", "Failed", "Errors", "Skipped", "Duration"]
        rows = [self._summary(r) for r in reports]
        title = self.options.get("caption") or "Test runs"
        out = table(headers, rows, [21, 8, 17, 6, 7, 7, 7, 8, 9], classes=["soup-tests"], title=title)
        self_tests = {run.report.path: run for runs in self_test_runs(catalog).values() for run in runs}
        for report in reports:
            run = self_tests.get(report.path)
            if run is not None:
                label = f"Self-tests of {run.item.name} {run.item.version}: "
                out.append(paragraph(nodes.strong(text=label), f"{run.summary}."))
            out.extend(self._slowest(report))
            out.extend(self._failures(report, run))
        return out

    def _summary(self, report: TestReport) -> list[nodes.Node]:
        counts = Counter(c.outcome for c in report.cases)
        total = sum(c.duration or 0 for c in report.cases)
        failed = counts["failed"] + counts["error"]
        cells: list[nodes.Node] = [
            breakable(report.path),
            value(report.tool or report.format),
            breakable(report.timestamp) if report.timestamp else nodes.Text(""),
            nodes.Text(str(len(report.cases))) if report.cases else missing("0"),
            nodes.Text(str(counts["passed"])),
            missing(str(counts["failed"])) if failed else nodes.Text("0"),
            missing(str(counts["error"])) if counts["error"] else nodes.Text("0"),
            nodes.Text(str(counts["skipped"])),
            nodes.Text(f"{total:.2f} s"),
        ]
        return cells

    def _slowest(self, report: TestReport) -> list[nodes.Node]:
        limit = self.options.get("slowest", 5)
        timed = sorted((c for c in report.cases if c.duration is not None), key=lambda c: -(c.duration or 0))
        if not limit or not timed:
            return []
        rows = [[breakable(c.id), nodes.Text(f"{c.duration:.3f} s")] for c in timed[:limit]]
        return table(["Test", "Duration"], rows, [80, 20], title=f"Slowest tests of {report.path}")

    def _failures(self, report: TestReport, run: SelfTestRun | None) -> list[nodes.Node]:
        limit = self.options.get("failures", 20)
        failing = [c for c in report.cases if c.outcome in ("failed", "error")]
        if not failing:
            return []
        why = {r.case.id: r.justification for r in run.results} if run else {}
        rows = [_failure_row(c, why.get(c.id)) for c in failing[:limit]]
        title = f"Failures of {report.path}"
        if len(failing) > limit:
            title += f" (first {limit} of {len(failing)})"
        return table(["Test", "Outcome", "Message"], rows, [35, 10, 55], title=title)


def _failure_row(case: TestCase, justification: str | None = None) -> list[nodes.Node]:
    """A failing test; a SOUP self-test failure its record accepts shows why instead of a gap."""
    outcome = nodes.Text(f"{case.outcome} (justified: {justification})") if justification else missing(case.outcome)
    return [breakable(case.id), outcome, value(case.message, "no message")]
