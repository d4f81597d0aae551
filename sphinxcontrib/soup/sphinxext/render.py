"""Shared rendering helpers: compact docutils tables that read well in HTML and break across PDF pages.

Every string from an input file becomes a Text node (escaped by each writer); links are made only for
http(s) URLs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docutils import nodes
from sphinx import addnodes

Cell = nodes.Node | str | None

_BREAK_AFTER = re.compile(r"(?<=[/@._:])(?=[^/@._:])")


def breakable(text: str) -> nodes.inline:
    """Text that may wrap after ``/ @ . _ :`` in LaTeX (long package names in narrow columns)."""
    out = nodes.inline()
    for i, part in enumerate(_BREAK_AFTER.split(text) if len(text) > 16 else [text]):
        if i:  # a constant of ours, never input text
            out += nodes.raw("", r"\allowbreak{}", format="latex")
        out += nodes.Text(part)
    return out


def missing(text: str = "not recorded") -> nodes.Node:
    """A visible gap: what an auditor would ask for and the inputs do not say."""
    return nodes.emphasis(text=text, classes=["soup-missing"])


def value(text: str | None, gap: str | None = None) -> nodes.Node:
    """Plain text, or the gap marker when empty (nothing when ``gap`` is None)."""
    if text:
        return nodes.Text(str(text))
    return missing(gap) if gap else nodes.Text("")


def link(url: str | None, label: str | None = None) -> nodes.Node:
    """A hyperlink for http(s) URLs only; anything else (``javascript:``, ``file:``) stays inert text."""
    if not url:
        return nodes.Text("")
    if url.startswith(("http://", "https://")):
        return nodes.reference("", label or url, refuri=url)
    return nodes.Text(label or url)


def _cell(content: Cell) -> nodes.entry:
    entry = nodes.entry()
    para = nodes.paragraph()
    if isinstance(content, str):
        para += nodes.Text(content)
    elif isinstance(content, nodes.paragraph):
        para = content
    elif isinstance(content, nodes.Node):
        para += content
    entry += para
    return entry


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int],
    classes: Sequence[str] = (),
    title: str | None = None,
    row_classes: Sequence[Sequence[str]] | None = None,
) -> list[nodes.Node]:
    """A table with a header row repeated on each PDF page (longtable) and fixed relative widths.

    Returns the table preceded by its LaTeX column spec (ragged-right columns: justified text in narrow
    cells is unreadable).
    """
    total = sum(widths)
    spec = addnodes.tabular_col_spec(
        spec="|" + "|".join(rf">{{\raggedright\arraybackslash}}\X{{{w}}}{{{total}}}" for w in widths) + "|"
    )
    node = nodes.table(classes=["soup-table", "longtable", "colwidths-given", *classes])
    if title:
        node += nodes.title(text=title)
    group = nodes.tgroup(cols=len(headers))
    node += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(headers)
    group += head
    body = nodes.tbody()
    for i, cells in enumerate(rows):
        row = _row(cells)
        if row_classes:
            row["classes"].extend(row_classes[i])
        body += row
    group += body
    return [spec, node]


def _row(cells: Sequence[Cell]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += _cell(cell)
    return row


def paragraph(*parts: Cell) -> nodes.paragraph:
    para = nodes.paragraph()
    for part in parts:
        if isinstance(part, str):
            para += nodes.Text(part)
        elif part is not None:
            para += part
    return para


def join(items: Sequence[nodes.Node], sep: str = ", ") -> nodes.inline:
    """Nodes separated by ``sep`` in one inline (for cells with several links or names)."""
    out = nodes.inline()
    for i, item in enumerate(items):
        if i:
            out += nodes.Text(sep)
        out += item
    return out


def digest(text: str) -> nodes.literal:
    """A hash in monospace that may wrap every 8 characters in LaTeX (HTML wraps it by CSS)."""
    out = nodes.literal()
    for start in range(0, len(text), 8):
        if start:  # a constant of ours, never input text
            out += nodes.raw("", r"\allowbreak{}", format="latex")
        out += nodes.Text(text[start : start + 8])
    return out
