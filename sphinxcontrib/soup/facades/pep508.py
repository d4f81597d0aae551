"""Python requirement strings, names and versions via ``packaging``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version


def canonical_name(name: str) -> str:
    """PEP 503 normalized project name (``Foo_Bar`` -> ``foo-bar``)."""
    return canonicalize_name(name)


@dataclass(frozen=True)
class ParsedRequirement:
    name: str
    specifier: str  # "" when any version is allowed; the clauses in the order written
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
        specifier=_as_written(text, specs),
        extras=tuple(sorted(req.extras)),
        marker=str(req.marker) if req.marker else None,
        url=req.url,
        pinned_version=pinned,
    )


def _as_written(text: str, specs: list) -> str:
    """The specifier clauses in the order the author wrote them (packaging sorts them).

    ``>=2.0,<3`` reads better in a SOUP list than packaging's ``<3,>=2.0``; both mean the same.
    """

    def position(spec) -> int:
        found = re.search(re.escape(spec.operator) + r"\s*" + re.escape(spec.version), text)
        return found.start() if found else len(text)

    return ",".join(str(spec) for spec in sorted(specs, key=position))


def version_matches(version: str, specifier: str) -> bool | None:
    """Whether ``version`` satisfies a PEP 440 ``specifier`` (pre-releases allowed); None if either is invalid."""
    try:
        return SpecifierSet(specifier).contains(Version(version), prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return None


def is_valid_version(text: str) -> bool:
    try:
        Version(text)
    except InvalidVersion:
        return False
    return True
