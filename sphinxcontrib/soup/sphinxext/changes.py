"""``soup-changes``: what changed in the SOUP list since the baseline (``soup_baseline``), and whether the work
was redone for each new version (record re-verified, requirement tests passed, advisories evaluated).

The baseline is read once per build (``env-get-outdated``); the pages that show it are re-read when it
changes: a baseline file's content (also a page dependency), or the commit a ``git:REF`` resolves to.
"""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..catalog import Item, identity
from ..changes import (
    KINDS,
    Baseline,
    Change,
    Entry,
    Review,
    counts,
    diff,
    entries_of_items,
    read_baseline,
    review,
    selected_entries,
)
from .anomalies import SoupAnomalies
from .columns import COLUMNS, dependency, verification
from .config import settings_of
from .filters import FILTER_OPTIONS, comma_list, select
from .render import breakable, join, missing, paragraph, table, value
from .state import doc_set, report, reread_when_changed, track_doc_set, use_catalog

#: the tables ``:show:`` can choose, in page order
TABLES = ("added", "removed", "versions", "licenses", "advisories")
REDONE_HEADERS = ["Record re-verified", "Requirement tests", "Anomaly evaluations"]


def setup_changes(app: Sphinx) -> None:
    app.add_directive("soup-changes", SoupChanges)
    app.connect("env-get-outdated", refresh_baseline)
    track_doc_set(app, DOCS)
    app.connect("build-finished", fail_if_strict)


def fail_if_strict(app: Sphinx, exception: Exception | None) -> None:
    """In strict mode an unreadable baseline fails the build, like any other soup problem."""
    baseline = getattr(app.env, "soup_baseline", None)
    if exception is None and settings_of(app).strict and baseline is not None and baseline.problems:
        app.statuscode = 1


#: the doc set of the pages that show the baseline
DOCS = "soup_changes_docs"


def refresh_baseline(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Read this build's baseline, report its problems, re-read the pages showing it when it changed."""
    settings = settings_of(app)
    baseline = read_baseline(settings)
    env.soup_baseline = baseline
    for problem in baseline.problems if baseline else ():
        report(problem, settings.strict, settings.confdir)
    return reread_when_changed(env, "soup_baseline_digest", baseline.digest if baseline else "", DOCS, removed)


def baseline_of(env: BuildEnvironment) -> Baseline | None:
    if not hasattr(env, "soup_baseline"):  # a document read without the build's refresh
        env.soup_baseline = read_baseline(settings_of(env.app))
    return env.soup_baseline


def _tables(argument: str | None) -> list[str]:
    values = [v.lower() for v in comma_list(argument)]
    unknown = [v for v in values if v not in TABLES]
    if unknown:
        raise ValueError(f"unknown table(s) {', '.join(unknown)}; choose from {', '.join(TABLES)}")
    return values


class SoupChanges(SphinxDirective):
    """Summary, then tables of added, removed, upgraded/downgraded items, license changes, new advisories."""

    option_spec = {**FILTER_OPTIONS, "show": _tables, "caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        catalog = use_catalog(self.env)
        doc_set(self.env, DOCS).add(self.env.docname)
        baseline = baseline_of(self.env)
        if baseline is None:
            return [paragraph(missing("no baseline configured (soup_baseline): nothing to compare with"))]
        for input_file in baseline.inputs:
            self.env.note_dependency(input_file.path)
        settings = settings_of(self.env.app)
        items = select(catalog.items, self.options, settings)
        old = self._old(baseline.entries, items, settings.scopes)
        changes = diff(old, entries_of_items(items))
        self.catalog, self.by_id = catalog, catalog.by_id()
        out: list[nodes.Node] = [self._summary(baseline, changes)]
        shown = self.options.get("show") or list(TABLES)
        build = {
            "added": self._added,
            "removed": self._removed,
            "versions": self._versions,
            "licenses": self._licenses,
            "advisories": self._advisories,
        }
        for name in TABLES:
            if name in shown:
                out.extend(build[name](changes))
        return out

    def _old(self, entries: Iterable[Entry], items: list[Item], scopes: Iterable[str]) -> list[Entry]:
        """Baseline entries the filters select; an entry with no known system or class (a baseline file names
        neither) passes those filters when the current item of its package does."""
        chosen = {identity(i.ecosystem, i.name) for i in items}
        systems = {s.lower() for s in self.options.get("system", [])}
        old = []
        for entry in selected_entries(entries, self.options.get("scope") or scopes, self.options.get("ecosystem", [])):
            known = entry.identity in chosen
            if systems and not (systems & {s.lower() for s in entry.systems} or (not entry.systems and known)):
                continue
            if self.options.get("class") and not known:
                continue
            old.append(entry)
        return old

    def _summary(self, baseline: Baseline, changes: list[Change]) -> nodes.Node:
        found = counts(changes)
        parts = [f"{found[kind]} {kind}" for kind in KINDS] + [f"{found['license']} license changes"]
        para = paragraph("Compared with the baseline ", breakable(baseline.label), f": {', '.join(parts)}.")
        if baseline.absent:
            para += nodes.Text(" No file at the baseline (no components then): ")
            para += join([breakable(path) for path in baseline.absent])
            para += nodes.Text(".")
        return para

    def _item(self, entry: Entry) -> Item | None:
        return self.by_id.get(entry.item_id or "")

    def _redone(self, item: Item, old_versions: Iterable[str]) -> tuple[Review, list[nodes.Node]]:
        found = review(self.catalog, settings_of(self.env.app), item, old_versions)
        return found, [_record_cell(found), _tests_cell(found), _anomalies_cell(found)]

    def _added(self, changes: list[Change]) -> list[nodes.Node]:
        rows = []
        for change in changes:
            if change.kind != "added":
                continue
            for entry in change.new:
                item = self._item(entry)
                if item is not None:
                    cells = [COLUMNS[c].cell(item) for c in ("name", "version", "license")]
                    rows.append([*cells, dependency(item), *self._redone(item, ())[1]])
        headers = ["Name", "Version", "License", "Dependency", *REDONE_HEADERS]
        return table(headers, rows, [18, 10, 12, 14, 16, 14, 16], title="Added") if rows else []

    def _removed(self, changes: list[Change]) -> list[nodes.Node]:
        rows = [
            [
                breakable(change.name),
                breakable(", ".join(change.old_versions)),
                value(change.old_license, "not stated"),
                nodes.Text("direct" if any(e.direct for e in change.old) else "transitive"),
                join([breakable(str(e.source)) for e in change.old if e.source]),
            ]
            for change in changes
            if change.kind == "removed"
        ]
        headers = ["Name", "Version", "License", "Dependency", "Found in (baseline)"]
        return table(headers, rows, [22, 12, 14, 12, 40], title="Removed") if rows else []

    def _versions(self, changes: list[Change]) -> list[nodes.Node]:
        rows = []
        for change in changes:
            if change.kind not in ("upgraded", "downgraded", "changed"):
                continue
            for entry in change.came or change.new[:1]:
                item = self._item(entry)
                if item is None:
                    continue
                redone = (
                    self._redone(item, change.old_versions)[1]
                    if change.came
                    else [nodes.Text("no new version"), nodes.Text(""), nodes.Text("")]
                )
                old, new = ", ".join(change.old_versions), ", ".join(change.new_versions)
                rows.append(
                    [COLUMNS["name"].cell(item), nodes.Text(change.kind), breakable(old), breakable(new), *redone]
                )
        headers = ["Name", "Change", "Old version", "New version", *REDONE_HEADERS]
        title = self.options.get("caption") or "Upgraded, downgraded and changed versions"
        return table(headers, rows, [18, 10, 11, 11, 18, 14, 18], title=title) if rows else []

    def _licenses(self, changes: list[Change]) -> list[nodes.Node]:
        rows = []
        for change in changes:
            item = self._item(change.new[0]) if change.license_changed else None
            if item is not None:
                rows.append(
                    [
                        COLUMNS["name"].cell(item),
                        breakable(", ".join(change.new_versions)),
                        value(change.old_license),
                        value(change.new_license),
                    ]
                )
        headers = ["Name", "Version", "Old license", "New license"]
        return table(headers, rows, [28, 14, 29, 29], title="License changes") if rows else []

    def _advisories(self, changes: list[Change]) -> list[nodes.Node]:
        rows = []
        for change in changes:
            for entry in change.came if change.kind != "unchanged" else ():
                item = self._item(entry)
                if item is None:
                    continue
                for anomaly in self._redone(item, change.old_versions)[0].new_advisories:
                    state = anomaly.shown_state
                    rows.append(
                        [
                            COLUMNS["name"].cell(item),
                            COLUMNS["version"].cell(item),
                            SoupAnomalies._advisory(anomaly),
                            value(anomaly.advisory.severity, "not stated"),
                            value(", ".join(change.old_versions), "none (added)"),
                            breakable(state) if anomaly.evaluation else missing(state),
                        ]
                    )
        if not rows:
            return [paragraph("No advisory affects a new version that did not affect the version it replaces.")]
        headers = ["Name", "Version", "Advisory", "Severity", "Replaced version (not affected)", "State"]
        return table(headers, rows, [16, 10, 32, 10, 14, 18], title="New advisories")


def _record_cell(found: Review) -> nodes.Node:
    record = found.item.record
    if record is None:
        return missing("no record") if found.record_required else nodes.Text("not required (transitive)")
    if found.record_verified:
        return nodes.Text(verification(record) or "")
    was = ", ".join(record.verified_versions)
    return missing(f"no: verified for {was}" if was else "no: never verified")


def _tests_cell(found: Review) -> nodes.Node:
    if not found.tests:
        return nodes.Text("no requirement")
    text = ", ".join(f"{n} {status}" for status, n in found.tests.items())
    return nodes.Text(text) if found.tests_passed else missing(text)


def _anomalies_cell(found: Review) -> nodes.Node:
    total = len(found.anomalies)
    if not total:
        return nodes.Text("no advisory")
    open_ = len(found.unevaluated)
    if open_:
        return missing(f"{open_} of {total} not evaluated for {found.item.version}")
    return nodes.Text(f"{total} evaluated or not affecting {found.item.version}")
