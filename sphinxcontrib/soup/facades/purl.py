"""Package URLs via ``packageurl-python``."""

from __future__ import annotations

import re

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

    ``namespace`` is the maven group, golang module path prefix, composer vendor, or distro of deb/rpm/apk.
    """
    if namespace is not None:
        return PackageURL(
            type=ecosystem, namespace=namespace, name=name, version=version or None, qualifiers=qualifiers or None
        ).to_string()
    if ecosystem == "npm" and name.startswith("@") and "/" in name:
        namespace, name = name.split("/", 1)
    elif ecosystem == "pypi":
        name = canonical_name(name)
    fast = _plain_purl(ecosystem, namespace, name, version, qualifiers)
    if fast is not None:
        return fast
    return PackageURL(
        type=ecosystem, namespace=namespace, name=name, version=version or None, qualifiers=qualifiers or None
    ).to_string()


def _plain_purl(
    ecosystem: str, namespace: str | None, name: str, version: str | None, qualifiers: dict[str, str] | None
) -> str | None:
    """The purl of the common case built directly, else None (``packageurl`` then builds it).

    ``packageurl`` normalizes every part twice per purl, which costs more than parsing a lock file entry;
    for npm/PyPI purls without qualifiers whose parts it would not change, its output is this string
    (checked against the library in tests/readers/test_fuzz_npm.py).
    """
    if ecosystem not in ("npm", "pypi") or qualifiers or not _UNCHANGED.fullmatch(name):
        return None
    if version and not _UNCHANGED_VERSION.fullmatch(version):
        return None
    if namespace is not None:
        if not (namespace.startswith("@") and _UNCHANGED_VERSION.fullmatch(namespace[1:])):
            return None
        name = f"%40{namespace[1:]}/{name}"  # npm namespaces keep their case
    return f"pkg:{ecosystem}/{name}@{version}" if version else f"pkg:{ecosystem}/{name}"
