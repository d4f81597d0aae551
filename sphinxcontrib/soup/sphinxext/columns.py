"""The columns a SOUP table can show: header, relative width, and how to render an item's cell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docutils import nodes

from ..catalog import Item
from ..model import Record
from .refs import item_ref
from .render import breakable, missing, value


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    cell: Callable[[Item], nodes.Node]


def _record_field(attr: str, no_record: str = "") -> Callable[[Item], nodes.Node]:
    """A record fact; a missing fact is a visible gap, a missing record is flagged once per row."""

    def cell(item: Item) -> nodes.Node:
        if item.record is None:
            return missing(no_record) if item.direct and no_record else nodes.Text("")
        return value(getattr(item.record, attr), "not recorded")

    return cell


def _name(item: Item) -> nodes.Node:
    label = breakable(item.name)
    if item.alias:
        label += nodes.Text(f" (as {item.alias})")
    return item_ref(item.id, label)


def _version(item: Item) -> nodes.Node:
    if item.pinned:
        return breakable(item.version)
    para = nodes.inline()
    para += breakable(item.version or "any")
    para += nodes.emphasis(text=" (unpinned)", classes=["soup-missing"])
    return para


def dependency(item: Item) -> nodes.Node:
    if item.direct:
        return nodes.Text("direct")
    if not item.via:
        return nodes.Text("transitive")
    cell = nodes.inline()
    cell += nodes.Text("via ")
    cell += breakable(", ".join(item.via))  # project and package names can be long: let them wrap
    return cell


def _end_of_support(item: Item) -> nodes.Node:
    record = item.record
    if record is None:
        return nodes.Text("")
    if record.end_of_support and record.end_of_support != "unknown":
        return nodes.Text(record.end_of_support)
    if record.end_of_support_justification:
        return nodes.Text("unknown (justified)")
    return missing("not recorded")


def verification(record: Record | None) -> str | None:
    """``18.2.0 by J. Doe on 2026-10-01``: what the record says was verified, or None."""
    if record is None or not record.verified_versions:
        return None
    parts = (
        ", ".join(record.verified_versions),
        record.verified_by and f"by {record.verified_by}",
        record.verified_on and f"on {record.verified_on}",
    )
    return " ".join(p for p in parts if p)


def _verified(item: Item) -> nodes.Node:
    text = verification(item.record)
    if text is None:
        return missing("not verified") if item.direct and item.record else nodes.Text("")
    return nodes.Text(text)


COLUMNS: dict[str, Column] = {
    "id": Column("ID", 16, lambda i: breakable(i.id)),
    "name": Column("Name", 22, _name),
    "version": Column("Version", 10, _version),
    "ecosystem": Column("Ecosystem", 8, lambda i: nodes.Text(i.ecosystem)),
    "scope": Column("Scope", 8, lambda i: nodes.Text(i.scope)),
    "dependency": Column("Dependency", 14, dependency),
    "license": Column("License", 12, lambda i: breakable(i.license_info.shown) if i.license else missing("unknown")),
    "manufacturer": Column("Manufacturer", 16, _record_field("manufacturer", "no record")),
    "purpose": Column("Purpose", 26, _record_field("purpose")),
    "class": Column("Class", 7, _record_field("safety_class")),
    "support": Column("Support", 11, _record_field("support")),
    "eos": Column("End of support", 11, _end_of_support),
    "system": Column("System", 12, lambda i: value(", ".join(i.systems))),
    "source": Column("Source", 18, lambda i: breakable(str(i.source))),
    "purl": Column("Package URL", 22, lambda i: breakable(i.purl)),
    "verified": Column("Verified", 14, _verified),
}

DEFAULT_COLUMNS = ("name", "version", "manufacturer", "license", "class", "support", "eos", "system")
TRANSITIVE_COLUMNS = ("name", "version", "license", "dependency", "system")


def parse_columns(argument: str | None) -> list[str]:
    names = [c.strip().lower() for c in (argument or "").split(",") if c.strip()]
    unknown = [c for c in names if c not in COLUMNS]
    if unknown:
        raise ValueError(f"unknown column(s) {', '.join(unknown)}; choose from {', '.join(COLUMNS)}")
    return names
