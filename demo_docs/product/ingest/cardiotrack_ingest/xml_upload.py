"""HL7 v3 / XML uploads: the only module that parses XML (wrapper of defusedxml: no entity expansion)."""

from __future__ import annotations

from defusedxml import ElementTree

NS = {"hl7": "urn:hl7-org:v3"}


def patient_id(document: bytes) -> str | None:
    root = ElementTree.fromstring(document)
    found = root.find(".//hl7:patient/hl7:id", NS)
    return found.get("extension") if found is not None else None
