"""Python requirement strings, names and versions via ``packaging``."""

from __future__ import annotations

from dataclasses import dataclass

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version


def canonical_name(name: str) -> str:
    """PEP 503 normalized project name (``Foo_Bar`` -> ``foo-bar``)."""
    return canonicalize_name(name)


@dataclass(frozen=True)
class ParsedRequirement:
    name: str
    specifier: str  # "" when any version is allowed
    extras: tuple[str, ...]
    marker: str | None
    url: str | None
    pinned_version: str | None  # the version when the specifier is a single == / === pin


def parse_requirement(text: str) -> ParsedRequirement:
    """Parse a PEP 508 requirement; raises ``ValueError`` with packaging's message when invalid."""
    try:
        req = Requirement(text)
    except InvalidRequirement as exc:
        raise ValueError(str(exc)) from None
    specs = list(req.specifier)
    pinned = None
    if len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
        pinned = specs[0].version
    return ParsedRequirement(
        name=req.name,
        specifier=str(req.specifier),
        extras=tuple(sorted(req.extras)),
        marker=str(req.marker) if req.marker else None,
        url=req.url,
        pinned_version=pinned,
    )


def is_valid_version(text: str) -> bool:
    try:
        Version(text)
    except InvalidVersion:
        return False
    return True
