"""The SOUP list as an SBOM: every catalog item with its purl, license, supplier, scope, the dependency graph
(the product depends on its direct items; a direct item on the transitive items it pulls in) and the record
facts FDA premarket cybersecurity reviewers ask for as ``soup:*`` properties."""

from __future__ import annotations

import datetime as dt
import os

from .catalog import Catalog, Item, identity
from .facades.cyclonedx_writer import BomComponent, BomDocument, cyclonedx_json


def build_date() -> dt.datetime | None:
    """The build date from ``SOURCE_DATE_EPOCH`` (reproducible builds), else None (no timestamp)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch or not epoch.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)


def properties(item: Item) -> list[tuple[str, str]]:
    record = item.record
    props = [
        ("soup:id", item.id),
        ("soup:scope", item.scope),
        ("soup:direct", "true" if item.direct else "false"),
        ("soup:via", ", ".join(item.via)),
        ("soup:source", str(item.source)),
        *(("soup:system", system) for system in item.systems),
    ]
    if record is not None:
        props += [
            ("soup:safety_class", record.safety_class or ""),
            ("soup:support", record.support or ""),
            ("soup:end_of_support", record.end_of_support or ""),
            ("soup:end_of_support_justification", record.end_of_support_justification or ""),
            ("soup:purpose", record.purpose or ""),
            ("soup:verified_version", ", ".join(record.verified_versions)),
            ("soup:verified_by", record.verified_by or ""),
            ("soup:verified_on", record.verified_on or ""),
        ]
    return props


def bom_document(catalog: Catalog, name: str, version: str) -> BomDocument:
    directs: dict[tuple[str, str], list[str]] = {}
    for item in catalog.items:
        if item.direct:
            for label in filter(None, (item.name, item.alias)):
                directs.setdefault(identity(item.ecosystem, label), []).append(item.id)
    pulled: dict[str, list[str]] = {}
    for item in catalog.items:
        for parent in item.via:
            for parent_id in directs.get(identity(item.ecosystem, parent), ()):
                pulled.setdefault(parent_id, []).append(item.id)
    components = []
    for item in catalog.items:
        info = item.license_info
        record = item.record
        components.append(
            BomComponent(
                ref=item.id,
                name=item.name,
                version=item.version,
                purl=item.purl,
                scope=item.scope,
                license_expression=info.expression if info.how != "proprietary" else None,
                license_name=None if info.expression and info.how != "proprietary" else info.raw,
                supplier=record.manufacturer if record else None,
                description=record.description if record else None,
                website=record.website if record else None,
                properties=properties(item),
                depends_on=sorted(pulled.get(item.id, ())),
            )
        )
    # a transitive item pulled in by none of the items (through the product's own sub-projects, which are no
    # SOUP) is still a dependency of the product; its soup:direct / soup:via properties say how it comes in
    carried = {child for children in pulled.values() for child in children}
    roots = sorted(item.id for item in catalog.items if item.direct or item.id not in carried)
    return BomDocument(name, version, catalog.digest, build_date(), components, roots)


def write_cyclonedx(catalog: Catalog, name: str, version: str) -> str:
    """CycloneDX 1.6 JSON of the catalog, validated."""
    return cyclonedx_json(bom_document(catalog, name, version))
