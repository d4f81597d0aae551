"""``soup-gaps``: every open finding of the build, grouped by kind, each linked to the item it concerns.

The findings are complete only once every document is read (control links to needs are checked then), so
the directive leaves a placeholder that becomes tables when the page is resolved for writing; item links
are ``soup_ref`` nodes that :mod:`.refs` resolves right after.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..findings import DESCRIPTIONS, grouped
from ..model import Problem
from .config import settings_of
from .filters import FILTER_OPTIONS, comma_list, select
from .refs import item_ref
from .render import breakable, paragraph, table, value
from .state import catalog_of, findings_of, use_catalog


class soup_gaps(nodes.General, nodes.Element):  # lower case, like every docutils node class
    """Placeholder of a ``soup-gaps`` table set: ``kinds`` and ``items`` (None: no filter) as attributes."""


def _kinds(argument: str | None) -> list[str]:
    values = [k.removeprefix("soup.") for k in comma_list(argument)]
    unknown = [k for k in values if k not in DESCRIPTIONS]
    if unknown:
        raise ValueError(f"unknown kind(s) {', '.join(unknown)}; choose from {', '.join(DESCRIPTIONS)}")
    return values


def setup_gaps(app: Sphinx) -> None:
    app.add_node(soup_gaps)
    app.add_directive("soup-gaps", SoupGaps)
    app.connect("doctree-resolved", resolve_gaps, priority=400)  # before refs.resolve_refs (500)


class SoupGaps(SphinxDirective):
    """The gaps page: a count per kind, then one table per kind (item, finding, file:line)."""

    option_spec = {**FILTER_OPTIONS, "kinds": _kinds, "caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        catalog = use_catalog(self.env)
        node = soup_gaps(kinds=self.options.get("kinds"), caption=self.options.get("caption"), items=None)
        if any(self.options.get(k) for k in FILTER_OPTIONS):
            node["items"] = [item.id for item in select(catalog.items, self.options, settings_of(self.env.app))]
        return [node]


def resolve_gaps(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for n, node in enumerate(list(doctree.findall(soup_gaps))):
        rendered = render_gaps(app, node)
        tables = [t for t in rendered if isinstance(t, nodes.table)]
        for i, table_node in enumerate(tables):  # made after reading: docutils gave them no ids, numbering wants them
            table_node["ids"].append(f"soup-gaps-{n}-{i}")
        node.replace_self(rendered)


def render_gaps(app: Sphinx, node: soup_gaps) -> list[nodes.Node]:
    env = app.env
    items = catalog_of(env).by_id()
    chosen = None if node["items"] is None else set(node["items"])
    findings = [f for f in findings_of(env) if chosen is None or f.subject in chosen]
    groups = grouped(findings, node["kinds"])
    total = sum(len(g.findings) for g in groups)
    if not total:
        return [paragraph("No open findings: every check passes.")]
    out: list[nodes.Node] = [paragraph(f"{total} open findings in {len(groups)} kinds.")]
    summary = [[breakable(f"soup.{g.kind}"), value(g.description), str(len(g.findings))] for g in groups]
    out.extend(table(("Kind", "Meaning", "Findings"), summary, (14, 40, 8), title=node["caption"] or "Open findings"))

    def item_cell(finding: Problem) -> nodes.Node:
        item = items.get(finding.subject)
        if item is None:
            return breakable(finding.subject) if finding.subject else nodes.Text("")
        return item_ref(item.id, breakable(f"{item.name} {item.version}".strip()))

    for group in groups:
        rows = [
            [item_cell(f), nodes.Text(f.message), breakable(str(f.source)) if f.source else ""] for f in group.findings
        ]
        title = f"soup.{group.kind} ({len(group.findings)})"
        out.extend(table(("Item", "Finding", "File:line"), rows, (14, 40, 16), classes=["soup-gaps"], title=title))
    return out
