"""``soup scaffold``: record stubs for the SOUP items no record describes, and the drift of existing records.

A stub holds what the inputs already know (name, ecosystem, the shipped versions as the versions to verify,
license, website, description, supplier, systems) and ``TODO: <what>`` for what a human must supply. records.py
reports every value still starting with ``TODO`` as a located ``unfilled`` problem, so a half-filled stub
cannot pass ``soup check`` unnoticed. Pure Python: no Sphinx, no writing (the command writes).
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass

from .catalog import Catalog, Item, identity
from .checks import drift, missing_record
from .config import Settings
from .facades.yaml_file import dump_yaml
from .records import FIELDS, UNFILLED


@dataclass(frozen=True)
class Stub:
    """One records file to write: its file name and YAML text, for the items of one package."""

    filename: str
    text: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Drifted:
    """A record verified for other versions than the inputs hold."""

    item: Item
    verified: tuple[str, ...]
    where: str  # the record's file:line


def blank(field: str) -> str:
    """The scaffold blank of a record field: ``TODO: <what the README says the field holds>``."""
    hints = {"by": "who verified this version", "date": "ISO date of the verification"}
    return f"{UNFILLED}: {hints.get(field) or FIELDS[field][0]}"


def stubs(catalog: Catalog, settings: Settings, suffix: str = ".yaml") -> list[Stub]:
    """One stub per package (all its shipped versions) that ``missing-record`` reports, in catalog order."""
    missing = {f.subject for f in missing_record(catalog, settings)}
    packages: dict[tuple[str, str], list[Item]] = {}
    for item in catalog.items:
        if item.id in missing:
            packages.setdefault(identity(item.ecosystem, item.name), []).append(item)
    taken: set[str] = set()
    out = []
    for items in packages.values():
        filename = _filename(items[0], suffix, taken)
        out.append(Stub(filename, _text(items), tuple(items)))
    return out


def _filename(item: Item, suffix: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{item.ecosystem}-{item.name}").strip("-.") or "soup"
    name, n = base + suffix, 1
    while name.lower() in taken:  # two names that differ only in punctuation or case
        n += 1
        name = f"{base}-{n}{suffix}"
    taken.add(name.lower())
    return name


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _text(items: list[Item]) -> str:
    first = items[0]
    occurrences = [occ for item in items for occ in item.occurrences]
    homepage = next((o.homepage for o in occurrences if o.homepage), None)
    description = next((o.description for o in occurrences if o.description), None)
    supplier = next((o.supplier for o in occurrences if o.supplier), None)  # an SBOM's supplier/publisher/author
    record: dict = {"name": first.name, "ecosystem": first.ecosystem}
    record["manufacturer"] = _one_line(supplier) if supplier else blank("manufacturer")
    if homepage and homepage.startswith(("http://", "https://")):
        record["website"] = homepage
    if description:
        record["description"] = _one_line(description)
    record["purpose"] = blank("purpose")
    systems = sorted({s for item in items for s in item.systems})
    if systems:
        record["systems"] = systems
    record["safety_class"] = blank("safety_class")
    record["support"] = blank("support")
    record["end_of_support"] = blank("end_of_support")
    record["license"] = first.license_info.expression or first.license or blank("license")
    versions = sorted({item.version for item in items})
    record["verified"] = {
        "version": versions[0] if len(versions) == 1 else versions,
        "by": blank("by"),
        "date": blank("date"),
    }
    where = ", ".join(sorted({str(item.source) for item in items}))
    header = (
        f"# SOUP record stub written by `soup scaffold` for {_one_line(first.name)}"
        f" {', '.join(map(_one_line, versions))} ({first.ecosystem}), found at {_one_line(where)}.\n"
        f"# Replace every {UNFILLED} value (each one is a soup.unfilled warning until then) and check the rest.\n"
        "# Its SOUP requirements go in a 'requirements:' section (README: SOUP requirements and test evidence).\n"
    )
    return header + dump_yaml({"soup": [record]})


def drifted(catalog: Catalog, settings: Settings) -> list[Drifted]:
    """The records ``drift`` reports that name verified versions (the old -> new of an upgrade)."""
    items = catalog.by_id()
    out = []
    for finding in drift(catalog, settings):
        item = items.get(finding.subject)
        if item is not None and item.record is not None and item.record.verified_versions:
            out.append(Drifted(item, item.record.verified_versions, str(finding.source)))
    return out


def default_directory(settings: Settings) -> tuple[str, str]:
    """Where stubs go: the fixed part of the first ``soup_records`` glob (else ``soup-records``), and the suffix."""
    if not settings.records:
        return os.path.join(settings.confdir, "soup-records"), ".yaml"
    pattern = settings.records[0]
    parts = os.path.normpath(pattern).split(os.sep)
    fixed = parts[:-1]
    for i, part in enumerate(fixed):
        if glob.has_magic(part):
            fixed = fixed[:i]
            break
    suffix = ".yml" if pattern.endswith(".yml") else ".yaml"
    return os.path.join(settings.confdir, *fixed), suffix
