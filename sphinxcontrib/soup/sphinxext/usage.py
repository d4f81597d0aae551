"""The "Used in" part of ``soup-details``: import names, declared wrappers, import sites, violations."""

from __future__ import annotations

from docutils import nodes

from ..catalog import Catalog, Item
from ..config import Settings
from ..usage import MAPPINGS, SHOWN_FILES, in_wrappers, usage_of
from .render import breakable, join, missing, paragraph, value


def usage_cell(catalog: Catalog, item: Item, settings: Settings) -> nodes.Node:
    """One compact paragraph; empty (no row) when no sources are scanned and the record declares no wrapper."""
    found = usage_of(catalog)[item.id]
    if not settings.sources and not found.wrappers:
        return value("", "")
    if not found.scanned:
        return value(f"not scanned (soup_sources finds imports of PyPI and npm packages, not of {item.ecosystem} ones)")
    names = paragraph(nodes.strong(text="Imported as: "), f"{', '.join(found.names)} ({MAPPINGS[found.mapping]})")
    if found.wrappers:
        names += [nodes.Text("; "), nodes.strong(text="wrappers: "), join([breakable(w) for w in found.wrappers])]
    elif found.sites:
        names += [nodes.Text("; "), missing("no wrapper declared")]
    names += nodes.Text(". ")
    files = found.by_file()
    if not files:
        names += (
            missing("declared wrappers do not import it")
            if found.wrappers
            else nodes.Text("Not imported by the scanned sources.")
        )
        return names
    names += nodes.strong(text=f"Imported in {len(files)} file{'s' if len(files) > 1 else ''}: ")
    shown = []
    for path, sites in list(files.items())[:SHOWN_FILES]:
        lines = ", ".join(str(s.source.line) for s in sites)
        text = f"{path}:{lines}"
        if found.wrappers and not in_wrappers(path, found.wrappers):
            marked = nodes.emphasis(classes=["soup-missing"])  # render.missing, but breakable in narrow PDF cells
            marked += breakable(f"{text} (outside the wrappers)")
            shown.append(marked)
        else:
            shown.append(breakable(text))
    names += join(shown, "; ")
    if len(files) > SHOWN_FILES:
        names += nodes.Text(f"; and {len(files) - SHOWN_FILES} more files")
    return names
