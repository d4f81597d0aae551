"""``soup-list``: the SOUP list (IEC 62304 8.1.2) as compact tables."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..catalog import Item
from .columns import COLUMNS, DEFAULT_COLUMNS, TRANSITIVE_COLUMNS, parse_columns
from .config import settings_of
from .filters import FILTER_OPTIONS, choice, select
from .render import paragraph, table
from .state import use_catalog


def setup_list(app: Sphinx) -> None:
    app.add_directive("soup-list", SoupList)


class SoupList(SphinxDirective):
    """The SOUP list: direct items, then transitive ones (apart, grouped under their direct one, or hidden)."""

    option_spec = {
        **FILTER_OPTIONS,
        "columns": parse_columns,
        "transitive": choice("separate", "grouped", "hide"),
        "caption": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        catalog = use_catalog(self.env)
        settings = settings_of(self.env.app)
        items = select(catalog.items, self.options, settings)
        columns = self.options.get("columns") or list(DEFAULT_COLUMNS)
        mode = self.options.get("transitive", "separate")
        direct = [i for i in items if i.direct]
        transitive = [i for i in items if not i.direct]
        out: list[nodes.Node] = [self._summary(items, direct, transitive, len(catalog.items))]
        caption = self.options.get("caption")
        if mode == "grouped":
            out.extend(self._grouped(direct, transitive, columns, caption))
            return out
        out.extend(self._table(direct, columns, caption or "Direct dependencies"))
        if mode == "separate" and transitive:
            cols = self.options.get("columns") or list(TRANSITIVE_COLUMNS)
            if "dependency" not in cols:
                cols = [*cols, "dependency"]
            out.extend(self._table(transitive, cols, "Transitive dependencies"))
        return out

    def _summary(self, items: list[Item], direct: list[Item], transitive: list[Item], total: int) -> nodes.Node:
        systems = sorted({s for i in items for s in i.systems})
        text = f"{len(items)} SOUP items: {len(direct)} direct, {len(transitive)} transitive"
        if systems:
            text += f", used by {', '.join(systems)}"
        hidden = total - len(items)
        if hidden:
            text += f". {hidden} other catalog entries (other scopes, systems or filters) are not listed here"
        return paragraph(text + ".")

    def _table(self, items: list[Item], columns: list[str], title: str) -> list[nodes.Node]:
        cols = [COLUMNS[c] for c in columns]
        rows = [[col.cell(item) for col in cols] for item in items]
        return table([c.header for c in cols], rows, [c.width for c in cols], title=title)

    def _grouped(
        self, direct: list[Item], transitive: list[Item], columns: list[str], caption: str | None
    ) -> list[nodes.Node]:
        cols = [COLUMNS[c] for c in columns]
        under: dict[str, list[Item]] = {}
        for item in transitive:
            for parent in item.via or ("",):
                under.setdefault(parent.lower(), []).append(item)
        rows, classes = [], []
        for item in direct:
            rows.append([col.cell(item) for col in cols])
            classes.append(["soup-direct"])
            for child in under.pop(item.name.lower(), []) + under.pop((item.alias or "\0").lower(), []):
                cells = [col.cell(child) for col in cols]
                if columns[0] == "name":
                    cells[0] = paragraph("\u00a0\u00a0\u2013 ", cells[0])
                rows.append(cells)
                classes.append(["soup-transitive"])
        for orphans in under.values():  # reached through nothing listed here: never drop them
            for child in orphans:
                rows.append([col.cell(child) for col in cols])
                classes.append(["soup-transitive"])
        title = caption or "SOUP items (transitive ones under the direct dependency that pulls them in)"
        return table([c.header for c in cols], rows, [c.width for c in cols], title=title, row_classes=classes)
