"""Package URLs via ``packageurl-python``."""

from __future__ import annotations

from packageurl import PackageURL

from .pep508 import canonical_name


def make_purl(ecosystem: str, name: str, version: str | None, qualifiers: dict[str, str] | None = None) -> str:
    """The purl string of a package; npm scopes become the purl namespace, PyPI names are normalized."""
    namespace = None
    if ecosystem == "npm" and name.startswith("@") and "/" in name:
        namespace, name = name.split("/", 1)
    elif ecosystem == "pypi":
        name = canonical_name(name)
    return PackageURL(
        type=ecosystem, namespace=namespace, name=name, version=version or None, qualifiers=qualifiers or None
    ).to_string()
