"""``soup-details``: one section per SOUP item, the full record an auditor reads, and the ``soup`` needs."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..catalog import Catalog, Item
from ..requirements import self_test_runs
from .anomalies import anomalies_of, state_summary
from .columns import COLUMNS, TRANSITIVE_COLUMNS, dependency, verification
from .config import settings_of
from .filters import FILTER_OPTIONS, choice, select
from .needs import hidden_need
from .render import breakable, join, link, missing, paragraph, table, value
from .state import catalog_of, register_anchor, use_catalog
from .usage import usage_cell


def setup_details(app: Sphinx) -> None:
    app.add_directive("soup-details", SoupDetails)


class SoupDetails(SphinxDirective):
    """A section per direct item (per item with ``:transitive: sections``); transitive ones in one table."""

    option_spec = {**FILTER_OPTIONS, "transitive": choice("table", "sections", "hide")}

    def run(self) -> list[nodes.Node]:
        catalog = use_catalog(self.env)
        items = select(catalog.items, self.options, settings_of(self.env.app))
        mode = self.options.get("transitive", "table")
        with_section = [i for i in items if i.direct or mode == "sections"]
        out: list[nodes.Node] = [self._section(item) for item in with_section]
        rest = [i for i in items if not i.direct and mode == "table"]
        if rest:
            out.append(self._transitive(rest))
        return out

    def _section(self, item: Item) -> nodes.section:
        anchor = nodes.make_id(item.id)
        section = nodes.section(ids=[anchor])
        section += nodes.title(text=f"{item.title} {item.version}".strip())
        section.extend(hidden_need(self, item))
        register_anchor(self.env, item.id, anchor)
        rows = [
            [nodes.strong(text=label), cell] for label, cell in self._fields(item) if cell.astext() or cell.children
        ]
        section += table(["Field", "Value"], rows, [22, 78], classes=["soup-record"])
        return section

    def _fields(self, item: Item) -> list[tuple[str, nodes.Node]]:
        r = item.record
        gap = "not recorded" if r else "no record"
        end = r.end_of_support if r else None
        end_text = end if end and end != "unknown" else None
        if not end_text and r and r.end_of_support_justification:
            end_text = f"unknown: {r.end_of_support_justification}"
        return [
            ("ID", nodes.literal(text=item.id)),
            ("Name", breakable(item.name + (f" (installed as {item.alias})" if item.alias else ""))),
            ("Version", COLUMNS["version"].cell(item)),
            ("Requested range", value(", ".join(item.requested), "")),
            ("Ecosystem", value(item.ecosystem)),
            ("Package URL", breakable(item.purl)),
            ("Scope", value(item.scope)),
            ("Dependency", dependency(item)),
            ("Software system", value(", ".join(item.systems), "not stated")),
            ("License", COLUMNS["license"].cell(item)),
            ("License from", value(item.license_source, "")),
            ("Manufacturer", value(r.manufacturer if r else None, gap)),
            ("Website", link(r.website) if r and r.website else missing(gap)),
            ("Purpose", value(r.purpose if r else None, gap)),
            ("Safety class", value(r.safety_class if r else None, gap)),
            ("Support", value(r.support if r else None, gap)),
            ("End of support", value(end_text, gap)),
            ("Known anomalies", value(state_summary(anomalies_of(catalog_of(self.env), item)), "")),
            ("Last verified", value(verification(r), "not verified")),
            ("Self-tests", self_tests_cell(catalog_of(self.env), item)),
            ("Origin", value(item.origin + (f": {item.resolved}" if item.resolved else ""))),
            (
                "Found in",
                join([breakable(str(o.source)) for o in item.occurrences]) if item.occurrences else value("", ""),
            ),
            ("Used in", usage_cell(catalog_of(self.env), item, settings_of(self.env.app))),
            ("Record", breakable(str(r.source)) if r else missing("no record")),
        ]

    def _transitive(self, items: list[Item]) -> nodes.section:
        anchor = nodes.make_id(f"soup-transitive-{self.env.docname}-{self.lineno}")
        section = nodes.section(ids=[anchor])
        section += nodes.title(text="Transitive dependencies")
        section += paragraph(
            f"{len(items)} packages are installed only because a direct dependency needs them; "
            "their risks are carried by that direct dependency."
        )
        for item in items:
            section.extend(hidden_need(self, item))
            register_anchor(self.env, item.id, anchor)
        cols = [COLUMNS[c] for c in TRANSITIVE_COLUMNS]
        rows = [[col.cell(item) for col in cols] for item in items]
        section += table([c.header for c in cols], rows, [c.width for c in cols])
        return section


def self_tests_cell(catalog: Catalog, item: Item) -> nodes.Node:
    """Each run of the item's own test suite: report, totals; unjustified failures as a gap."""
    if item.record is None or item.record.self_tests is None:
        return nodes.Text("")
    runs = self_test_runs(catalog).get(item.id, [])
    if not runs:
        return missing("no report matches self_tests")
    parts: list[nodes.Node] = []
    for run in runs:
        part = nodes.inline()
        part += breakable(run.report.path)
        part += nodes.Text(f": {run.summary}")
        if run.failing:
            part += nodes.Text(" ")
            part += missing(f"{len(run.failing)} unjustified")
        parts.append(part)
    return join(parts, "; ")
