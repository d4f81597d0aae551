"""``soup-anomalies``: the known anomalies of the shipped versions, their evaluations, and where they came from."""

from __future__ import annotations

from collections import Counter

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..anomalies import SEVERITIES, STATES, Anomaly, anomaly_view, epoch_date, today
from ..catalog import Catalog, Item
from .columns import COLUMNS
from .config import settings_of
from .filters import FILTER_OPTIONS, select
from .needs import hidden
from .render import breakable, join, link, missing, paragraph, table, value
from .state import use_catalog

AFFECTS = {True: "yes", False: "no", None: "cannot tell"}


def setup_anomalies(app: Sphinx) -> None:
    app.add_directive("soup-anomalies", SoupAnomalies)
    app.connect("env-get-outdated", reread_on_new_date)
    app.connect("env-purge-doc", lambda app, env, docname: _dated(env).discard(docname))
    app.connect("env-merge-info", lambda app, env, docnames, other: _dated(env).update(_dated(other) & docnames))


def _dated(env: BuildEnvironment) -> set[str]:
    """Documents that show the build date (the inputs may not change from one day to the next)."""
    if not hasattr(env, "soup_dated_docs"):
        env.soup_dated_docs = set()
    return env.soup_dated_docs


def reread_on_new_date(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages that show the build date are re-read when it is another day than at their last build."""
    date = today().isoformat()
    previous = getattr(env, "soup_build_date", None)
    env.soup_build_date = date
    return sorted(_dated(env) - removed) if previous not in (None, date) else []


def anomalies_of(catalog: Catalog, item: Item) -> list[Anomaly]:
    return anomaly_view(catalog).of(item)


def state_summary(anomalies: list[Anomaly]) -> str:
    """``3 advisories: 1 exploitable, 2 not evaluated`` (what soup-details shows per item)."""
    if not anomalies:
        return ""
    counts = Counter(a.state or "not evaluated" for a in anomalies if a.affected is not False)
    unaffected = sum(1 for a in anomalies if a.affected is False)
    parts = [f"{n} {state}" for state, n in _ordered(counts, (*STATES, "not evaluated"))]
    if unaffected:
        parts.append(f"{unaffected} not affecting this version")
    return f"{len(anomalies)} advisories: {', '.join(parts)}"


def _ordered(counts: Counter, order: tuple[str, ...]) -> list[tuple[str, int]]:
    """Counts in the vocabulary's order, then anything else alphabetically."""
    return sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]))


class SoupAnomalies(SphinxDirective):
    """Sources consulted, counts by state and severity, and one row per advisory and item."""

    option_spec = {**FILTER_OPTIONS, "item": directives.unchanged_required, "caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        catalog = use_catalog(self.env)
        _dated(self.env).add(self.env.docname)
        settings = settings_of(self.env.app)
        chosen = {item.id for item in select(catalog.items, self.options, settings)}
        wanted = self.options.get("item", "").strip().lower()
        anomalies = [
            a
            for a in anomaly_view(catalog).anomalies
            if a.item.id in chosen and (not wanted or wanted in (a.item.id.lower(), a.item.name.lower()))
        ]
        out: list[nodes.Node] = []
        if not wanted:  # the overall list carries the provenance and the needs; a per-item list refers to it
            out.extend(self._sources(catalog))
            for anomaly in anomalies:
                out.extend(self._need(anomaly))
        out.append(self._counts(anomalies))
        out.extend(self._table(anomalies))
        return out

    def _sources(self, catalog: Catalog) -> list[nodes.Node]:
        settings = settings_of(self.env.app)
        inputs = {f.display: f for f in catalog.inputs if f.role == "advisories"}
        unmatched = anomaly_view(catalog).unmatched
        rows = []
        for report in catalog.advisories:
            found = inputs.get(report.path)
            others = len(unmatched.get(report.path, []))
            count = f"{len(report.advisories)}" + (f" ({others} for packages not in the catalog)" if others else "")
            rows.append(
                [
                    breakable(report.path),
                    value(" / ".join(p for p in (report.format, report.tool) if p)),
                    value(report.generated, "not stated"),
                    value(f"{found.size:,} bytes" if found else None, "unreadable"),
                    nodes.literal(text=found.sha256) if found else missing("unreadable"),
                    count,
                ]
            )
        date_from = "SOURCE_DATE_EPOCH" if epoch_date() else "the build date"
        intro = paragraph(
            f"Advisories matched against the shipped versions on {today().isoformat()} ({date_from}); evaluations "
            f"older than {settings.anomaly_max_age_days} days are flagged."
        )
        if not rows:
            return [intro, paragraph(missing("no advisory report configured (soup_advisories)"))]
        headers = ["Report", "Format / tool", "Generated", "Size", "SHA-256", "Advisories"]
        return [intro, *table(headers, rows, [18, 14, 14, 10, 30, 14], title="Sources consulted")]

    def _counts(self, anomalies: list[Anomaly]) -> nodes.Node:
        if not anomalies:
            return paragraph("No known anomaly of the listed versions in the advisory reports.")
        states = Counter(a.state or "not evaluated" for a in anomalies if a.affected is not False)
        severities = Counter(a.severity for a in anomalies if a.affected is not False)
        unaffected = sum(1 for a in anomalies if a.affected is False)
        by_state = ", ".join(f"{n} {s}" for s, n in _ordered(states, (*STATES, "not evaluated"))) or "none"
        by_severity = ", ".join(f"{n} {s}" for s, n in _ordered(severities, SEVERITIES)) or "none"
        text = (
            f"{len(anomalies)} advisories; affecting or possibly affecting our versions, by state: {by_state};"
            f" by severity: {by_severity}. {unaffected} do not affect the version we ship (listed, not hidden)."
        )
        return paragraph(text)

    def _table(self, anomalies: list[Anomaly]) -> list[nodes.Node]:
        rows, classes = [], []
        for a in anomalies:
            evaluation = a.evaluation
            rows.append(
                [
                    COLUMNS["name"].cell(a.item),
                    COLUMNS["version"].cell(a.item),
                    self._advisory(a),
                    value(a.advisory.severity, "not stated"),
                    missing(AFFECTS[a.affected]) if a.affected is None else value(AFFECTS[a.affected]),
                    breakable(a.shown_state) if evaluation or a.affected is False else missing(a.shown_state),
                    self._rationale(a),
                    self._reviewed(a),
                ]
            )
            classes.append([f"soup-anomaly-{'affected' if a.affected else 'clear'}"])
        if not rows:
            return []
        headers = ["Item", "Version", "Advisory", "Severity", "Affects our version?", "State", "Rationale", "Reviewed"]
        title = self.options.get("caption") or "Known anomalies"
        return table(headers, rows, [12, 8, 22, 8, 9, 11, 20, 10], title=title, row_classes=classes)

    @staticmethod
    def _advisory(anomaly: Anomaly) -> nodes.Node:
        """The id (a link for http(s) URLs only) and the summary."""
        parts = [
            link(anomaly.advisory.url, anomaly.advisory.id) if anomaly.advisory.url else breakable(anomaly.advisory.id)
        ]
        if anomaly.advisory.summary:
            parts.append(value(anomaly.advisory.summary))
        return join(parts, ": ")

    @staticmethod
    def _rationale(anomaly: Anomaly) -> nodes.Node:
        evaluation = anomaly.evaluation
        if evaluation is None:
            return value("")
        text = " ".join(
            p
            for p in (
                evaluation.justification and f"[{evaluation.justification}]",
                evaluation.rationale,
                evaluation.risk and f"(risk {evaluation.risk})",
            )
            if p
        )
        return value(text, "no rationale")

    @staticmethod
    def _reviewed(anomaly: Anomaly) -> nodes.Node:
        evaluation = anomaly.evaluation or anomaly.outdated
        if evaluation is None:
            return value("")
        who = evaluation.reviewer or ("VEX " + evaluation.origin if evaluation.origin != "records" else None)
        text = ", ".join(p for p in (who, evaluation.date) if p)
        return value(text, "not recorded")

    def _need(self, anomaly: Anomaly) -> list[nodes.Node]:
        evaluation = anomaly.evaluation
        fields = {
            "advisory": anomaly.advisory.id,
            "status": anomaly.state or "not_evaluated",  # the CycloneDX state, in sphinx-needs' own field
            "reviewer": (evaluation.reviewer if evaluation else None) or "",
            "evaluated_on": (evaluation.date if evaluation else None) or "",
            "version": anomaly.item.version,
            "ecosystem": anomaly.item.ecosystem,
        }
        title = f"{anomaly.advisory.id} in {anomaly.item.name} {anomaly.item.version}"
        return hidden(self, "anomaly", anomaly.need_id, title, fields)
