"""Package URLs via ``packageurl-python``."""

from __future__ import annotations

import re
from typing import NamedTuple

from packageurl import PackageURL

from .pep508 import canonical_name

#: Strings ``packageurl`` leaves unchanged in an npm or PyPI purl: lower case (both lower-case names) and
#: only characters its percent-encoding never touches.
_UNCHANGED = re.compile(r"[a-z0-9._~-]+")
_UNCHANGED_VERSION = re.compile(r"[A-Za-z0-9._~-]+")


def make_purl(
    ecosystem: str,
    name: str,
    version: str | None,
    qualifiers: dict[str, str] | None = None,
    namespace: str | None = None,
) -> str:
    """The purl string of a package; npm scopes become the purl namespace, PyPI names are normalized.

    ``namespace`` is the maven group, golang module path prefix, composer vendor, GitHub owner, or the
    distro of deb/rpm/apk packages.
    """
    if namespace is None and ecosystem == "npm" and name.startswith("@") and "/" in name:
        namespace, name = name.split("/", 1)
    elif ecosystem == "pypi":
        name = canonical_name(name)
    fast = None if qualifiers else _plain_purl(ecosystem, namespace, name, version)
    if fast is not None:
        return fast
    return PackageURL(
        type=ecosystem, namespace=namespace, name=name, version=version or None, qualifiers=qualifiers or None
    ).to_string()


#: types whose namespace and name ``packageurl`` keeps in their case (it lower-cases the others' names)
_CASE_KEPT = frozenset(("maven", "nuget", "generic", "gem", "cargo", "rpm"))
_PLAIN_LOWER_TYPES = frozenset(("npm", "pypi", "github", "golang", "composer", "deb", "apk"))


def _plain_purl(ecosystem: str, namespace: str | None, name: str, version: str | None) -> str | None:
    """The purl of the common case built directly, else None (``packageurl`` then builds it).

    ``packageurl`` normalizes every part twice per purl, which costs more than reading a lock file entry.
    For the types above, parts of plain characters that it would not change (already lower case where it
    lower-cases) give exactly its output; tests/core/test_purl.py checks that against the library.
    """
    if ecosystem not in _CASE_KEPT and ecosystem not in _PLAIN_LOWER_TYPES:
        return None
    if version and not _UNCHANGED_VERSION.fullmatch(version):
        return None
    pattern = _UNCHANGED_VERSION if ecosystem in _CASE_KEPT else _UNCHANGED
    if not pattern.fullmatch(name):
        return None
    path = name
    if namespace:
        if ecosystem == "npm":  # the scope keeps its case and its "@" is encoded
            if not (namespace.startswith("@") and _UNCHANGED_VERSION.fullmatch(namespace[1:])):
                return None
            path = f"%40{namespace[1:]}/{name}"
        else:
            segments = namespace.split("/")
            if not all(pattern.fullmatch(segment) for segment in segments):
                return None
            path = f"{namespace}/{name}"
    return f"pkg:{ecosystem}/{path}@{version}" if version else f"pkg:{ecosystem}/{path}"


class ParsedPurl(NamedTuple):
    """The parts of a purl string, decoded (``%40babel`` -> ``@babel``); ``qualifiers`` never None."""

    type: str
    namespace: str | None
    name: str
    version: str | None
    qualifiers: dict[str, str]


#: A purl ``packageurl`` would return unchanged part by part: lower-case type/namespace/name of plain characters,
#: one namespace segment (an npm scope as ``%40scope``), a plain version, no qualifiers or subpath.
_PLAIN_PURL = re.compile(r"pkg:([a-z]+)/(?:(%40)?([a-z0-9._~-]+)/)?([a-z0-9.~-]+)(?:@([A-Za-z0-9._~-]+))?")
_PLAIN_TYPES = frozenset(("npm", "pypi", "maven", "golang", "cargo", "gem", "nuget", "composer", "deb", "rpm", "apk"))


def parse_purl(text: str) -> ParsedPurl | None:
    """The parts of a purl string as ``packageurl`` reads them, or None when it is not a valid purl.

    Plain purls (most of an SBOM) are split directly: ``packageurl`` costs about as much per purl as
    ``json.loads`` costs per SBOM component; the fast path is checked against it in tests/readers/test_fuzz_sbom.py.
    """
    plain = _PLAIN_PURL.fullmatch(text)
    if plain is not None and plain.group(1) in _PLAIN_TYPES and (plain.group(2) is None or plain.group(1) == "npm"):
        kind, at, namespace, name, version = plain.groups()
        if at:
            namespace = "@" + namespace
        return ParsedPurl(kind, namespace, name, version, {})
    try:
        purl = PackageURL.from_string(text)
    except ValueError:
        return None
    return ParsedPurl(purl.type, purl.namespace, purl.name, purl.version, dict(purl.qualifiers or {}))
