"""Metadata of the Python packages installed where the docs build (``importlib.metadata``), like pip-licenses.

Only used on request (``soup_license_from_environment``): it is evidence only when the documented
environment is the one building the docs, and only for the exact version installed.
"""

from __future__ import annotations

import functools
from importlib import metadata

from .pep508 import canonical_name


def installed_license(name: str, version: str) -> str | None:
    """The license an installed distribution declares, if ``name`` is installed at exactly ``version``.

    Prefers the PEP 639 ``License-Expression``, then ``License``, then the license trove classifiers.
    """
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None
    if dist.version != version:
        return None
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    license_field = (meta.get("License") or "").strip()
    if license_field and "\n" not in license_field and len(license_field) < 100:
        return license_field
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return " AND ".join(classifiers) if len(classifiers) == 1 else None


def installed_version(name: str) -> str | None:
    """The version of an installed distribution, None when it is not installed."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


@functools.cache
def installed_import_names() -> dict[str, tuple[str, ...]]:
    """Canonical distribution name -> the top-level import names it installs, for the environment building
    the docs (``packages_distributions``: each distribution's ``top_level.txt``, else its RECORD file list)."""
    names: dict[str, set[str]] = {}
    for top, dists in metadata.packages_distributions().items():
        if top.isidentifier() and not top.startswith("__"):
            for dist in dists:
                names.setdefault(canonical_name(dist), set()).add(top)
    # private extension modules (PyYAML's _yaml) only when a distribution installs nothing else
    return {dist: tuple(sorted({t for t in tops if not t.startswith("_")} or tops)) for dist, tops in names.items()}
