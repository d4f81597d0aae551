"""CycloneDX 1.6 JSON output via ``cyclonedx-python-lib``, validated by the library's own JSON schema validator.

The rest of the package describes a bill of materials as plain data (:class:`BomComponent`); only this module
knows the library's model.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from cyclonedx.model import ExternalReference, ExternalReferenceType, Property, XsUri
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentScope, ComponentType
from cyclonedx.model.contact import OrganizationalEntity
from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression
from cyclonedx.output.json import JsonV1Dot6
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from packageurl import PackageURL

SCOPES = {"runtime": ComponentScope.REQUIRED, "optional": ComponentScope.OPTIONAL, "dev": ComponentScope.EXCLUDED}


@dataclass(frozen=True)
class BomComponent:
    ref: str
    name: str
    version: str
    purl: str | None
    scope: str  # runtime / optional / peer / dev
    license_expression: str | None = None  # a valid SPDX expression
    license_name: str | None = None  # a license that is not SPDX, as written
    supplier: str | None = None
    description: str | None = None
    website: str | None = None
    properties: Sequence[tuple[str, str]] = ()
    depends_on: Sequence[str] = ()


@dataclass(frozen=True)
class BomDocument:
    name: str
    version: str
    serial: str  # seed of the serial number: equal inputs give an equal SBOM
    timestamp: dt.datetime | None
    components: Sequence[BomComponent] = field(default_factory=tuple)
    depends_on: Sequence[str] = ()  # what the product itself depends on


def cyclonedx_json(doc: BomDocument) -> str:
    """The document as CycloneDX 1.6 JSON; raises ``ValueError`` if the library's validator rejects it."""
    bom = Bom(serial_number=uuid.uuid5(uuid.NAMESPACE_URL, f"sphinxcontrib-soup:{doc.serial}"))
    bom.metadata.timestamp = doc.timestamp  # None: no timestamp rather than the wall clock (reproducible)
    root = Component(name=doc.name, version=doc.version or None, type=ComponentType.APPLICATION, bom_ref="product")
    bom.metadata.component = root
    by_ref = {}
    for item in doc.components:
        component = _component(item)
        by_ref[item.ref] = component
        bom.components.add(component)
    bom.register_dependency(root, [by_ref[r] for r in doc.depends_on if r in by_ref])
    for item in doc.components:
        bom.register_dependency(by_ref[item.ref], [by_ref[r] for r in item.depends_on if r in by_ref])
    text = JsonV1Dot6(bom).output_as_string(indent=1)
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    if error is not None:
        raise ValueError(f"CycloneDX validation failed: {error}")
    return text + "\n"


def _component(item: BomComponent) -> Component:
    purl = _purl(item.purl)
    component = Component(
        name=item.name if purl is None else purl.name,
        group=purl.namespace if purl is not None else None,
        version=item.version or None,
        purl=purl,
        bom_ref=item.ref,
        type=ComponentType.LIBRARY,
        scope=SCOPES.get(item.scope, ComponentScope.OPTIONAL),
        supplier=OrganizationalEntity(name=item.supplier) if item.supplier else None,
        description=item.description,
        properties=[Property(name=k, value=v) for k, v in item.properties if v],
    )
    if item.license_expression:
        component.licenses.add(LicenseExpression(item.license_expression))
    elif item.license_name:
        component.licenses.add(DisjunctiveLicense(name=item.license_name))
    if item.website:
        component.external_references.add(
            ExternalReference(type=ExternalReferenceType.WEBSITE, url=XsUri(item.website))
        )
    return component


def _purl(text: str | None) -> PackageURL | None:
    if not text:
        return None
    try:
        return PackageURL.from_string(text)
    except ValueError:
        return None
