"""``soup-licenses``: the license inventory grouped by license, the policy verdicts and the attribution notices."""

from __future__ import annotations

from collections import Counter

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..catalog import Item
from ..config import Settings
from .columns import COLUMNS
from .config import settings_of
from .filters import FILTER_OPTIONS, select
from .render import breakable, missing, paragraph, table, value
from .state import use_catalog

PARTS = ("summary", "inventory", "attribution")


def setup_licenses(app: Sphinx) -> None:
    app.add_directive("soup-licenses", SoupLicenses)


def _parts(argument: str | None) -> list[str]:
    chosen = [p.strip() for p in (argument or "").split(",") if p.strip()]
    unknown = [p for p in chosen if p not in PARTS]
    if unknown:
        raise ValueError(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    return chosen


def verdict(item: Item, settings: Settings) -> str:
    """The policy verdict shown for an item ("no policy" when none is configured)."""
    if settings.license_policy.empty:
        return "unknown" if item.license_info.expression is None else "no policy"
    found = settings.license_policy.verdict(item.license_info)
    if found == "review" and item.record and item.record.license_review:
        return "reviewed"
    return found


def _verdict_cell(text: str) -> nodes.Node:
    return missing(text) if text in ("deny", "review", "unknown") else nodes.Text(text)


class SoupLicenses(SphinxDirective):
    """License summary, per-item inventory with the policy verdict, and third-party notices."""

    option_spec = {**FILTER_OPTIONS, "parts": _parts, "caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        catalog = use_catalog(self.env)
        settings = settings_of(self.env.app)
        items = sorted(
            select(catalog.items, self.options, settings), key=lambda i: (i.license_info.shown, i.name.lower())
        )
        verdicts = {item.id: verdict(item, settings) for item in items}
        parts = self.options.get("parts") or list(PARTS)
        out: list[nodes.Node] = []
        if "summary" in parts:
            out.extend(self._summary(items, verdicts))
        if "inventory" in parts:
            out.extend(self._inventory(items, verdicts))
        if "attribution" in parts:
            out.append(self._attribution(items))
        return out

    def _summary(self, items: list[Item], verdicts: dict[str, str]) -> list[nodes.Node]:
        by_license: dict[str, list[Item]] = {}
        for item in items:
            by_license.setdefault(item.license_info.shown, []).append(item)
        counts = Counter(verdicts.values())
        text = f"{len(items)} SOUP items under {len(by_license)} licenses"
        if counts:
            text += ": " + ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
        rows = [
            [breakable(shown), _verdict_cell(verdicts[group[0].id]), str(len(group))]
            for shown, group in sorted(by_license.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ]
        title = self.options.get("caption") or "Licenses"
        return [paragraph(text + "."), *table(["License", "Policy", "Items"], rows, [60, 20, 20], title=title)]

    def _inventory(self, items: list[Item], verdicts: dict[str, str]) -> list[nodes.Node]:
        rows = [
            [
                COLUMNS["name"].cell(item),
                COLUMNS["version"].cell(item),
                breakable(item.license_info.shown) if item.license else missing("unknown"),
                value(item.license_source),
                _verdict_cell(verdicts[item.id]),
            ]
            for item in items
        ]
        headers = ["Name", "Version", "License (SPDX)", "From", "Policy"]
        return table(headers, rows, [26, 12, 32, 12, 12], title="License inventory")

    def _attribution(self, items: list[Item]) -> nodes.section:
        section = nodes.section(ids=[nodes.make_id(f"soup-notices-{self.env.docname}-{self.lineno}")])
        section += nodes.title(text="Third-party notices")
        section += paragraph(
            "This product includes the following third-party software, each under the license named "
            "(see the package's own distribution for the full license text)."
        )
        ordered = sorted(items, key=lambda i: (i.name.lower(), i.version))
        rows = [
            [
                breakable(item.name),
                breakable(item.version),
                breakable(item.license_info.expression or item.license_info.raw or "unknown"),
                value(item.record.copyright if item.record else None),
            ]
            for item in ordered
        ]
        section.extend(table(["Component", "Version", "License", "Copyright / notice"], rows, [28, 12, 28, 32]))
        return section
