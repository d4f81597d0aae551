"""Where each SOUP item is used: the product's import sites, matched to catalog items, against the wrapper
modules its record declares (``wrappers``). Pure Python; the scan itself is :mod:`.sources`.

Good practice wraps each SOUP behind one facade module, so the part of it the product uses is visible and
bounded. An import outside the declared wrappers is a finding (``usage``), at the importing file and line;
so is a wrapper glob that matches no scanned file (a renamed module, a typo: the claim cannot be checked).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .catalog import Catalog, Item
from .config import Settings
from .facades.installed import installed_import_names
from .facades.pep508 import canonical_name
from .model import Problem, Source
from .sources import Import

#: the language whose sources import the packages of an ecosystem
LANGUAGES = {"pypi": "python", "npm": "javascript"}
#: PyPI distributions imported under another name, for when the docs are built where they are not installed
KNOWN_IMPORT_NAMES: dict[str, tuple[str, ...]] = {
    "pyyaml": ("yaml",),
    "python-dateutil": ("dateutil",),
    "beautifulsoup4": ("bs4",),
    "pillow": ("PIL",),
    "scikit-learn": ("sklearn",),
    "scikit-image": ("skimage",),
    "opencv-python": ("cv2",),
    "opencv-python-headless": ("cv2",),
    "protobuf": ("google.protobuf",),
    "pyjwt": ("jwt",),
    "python-jose": ("jose",),
    "python-multipart": ("multipart",),
    "python-dotenv": ("dotenv",),
    "pycryptodome": ("Crypto",),
    "pyopenssl": ("OpenSSL",),
    "pyserial": ("serial",),
    "pyusb": ("usb",),
    "attrs": ("attr", "attrs"),
    "setuptools": ("setuptools", "pkg_resources"),
    "msgpack-python": ("msgpack",),
}
#: how the import names of an item were found (shown on its page)
MAPPINGS = {
    "record": "the record's import_names",
    "installed": "the installed distribution's top-level modules",
    "known": "a well-known import name",
    "name": "the package name",
}
SHOWN_FILES = 10  # import sites listed on a page before the rest is counted


@dataclass(frozen=True)
class Usage:
    """Where one SOUP item is imported by the scanned sources."""

    scanned: bool  # False when no scanned language imports packages of the item's ecosystem
    names: tuple[str, ...] = ()  # the module names that mean this item (``yaml``; ``@mui/material``)
    mapping: str = ""  # key of MAPPINGS
    wrappers: tuple[str, ...] = ()  # as the record declares them
    sites: tuple[Import, ...] = ()  # every import of the item, in file and line order
    outside: tuple[Import, ...] = ()  # the sites outside the wrappers (only when wrappers are declared)

    def by_file(self) -> dict[str, list[Import]]:
        files: dict[str, list[Import]] = {}
        for site in self.sites:
            files.setdefault(site.source.path, []).append(site)
        return files


def import_names(item: Item) -> tuple[tuple[str, ...], str]:
    """The module names an item is imported by, and which :data:`MAPPINGS` rule gave them."""
    override = item.record.extra.get("import_names") if item.record else None
    if override:
        return tuple(override), "record"
    if item.ecosystem == "npm":
        return (item.alias or item.name,), "name"
    canonical = canonical_name(item.name)
    installed = installed_import_names().get(canonical)
    if installed:
        return installed, "installed"
    if canonical in KNOWN_IMPORT_NAMES:
        return KNOWN_IMPORT_NAMES[canonical], "known"
    return (canonical.replace("-", "_"),), "name"


def package_of(specifier: str) -> str | None:
    """The npm package a JavaScript module specifier names (``@scope/name/sub`` -> ``@scope/name``); None for
    relative and absolute paths, ``node:`` builtins and other URLs, subpath imports (``#x``) and loaders."""
    specifier = specifier.split("?", 1)[0]
    if not specifier or specifier.startswith((".", "/", "#")) or ":" in specifier or "!" in specifier:
        return None
    parts = specifier.split("/")
    if specifier.startswith("@"):
        return "/".join(parts[:2]) if len(parts) > 1 and parts[1] else None
    return parts[0]


def _matches(module: str, name: str, language: str) -> bool:
    if language == "python":
        return module == name or module.startswith(name + ".")
    return package_of(module) == name


@cache
def _glob(pattern: str) -> re.Pattern[str]:
    """A wrapper glob as a regex over ``/`` paths: ``**`` any depth, ``*`` and ``?`` within one name; a path
    without wildcards also matches every file under it (a wrapper package)."""
    pattern = posixpath.normpath(pattern.replace("\\", "/"))
    out = []
    for part in re.split(r"(\*\*/?|\*|\?)", pattern):
        if part.startswith("**"):
            out.append("(?:.*/)?" if part.endswith("/") else ".*")
        elif part == "*":
            out.append("[^/]*")
        elif part == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out) + "(?:/.*)?")


def in_wrappers(path: str, wrappers: tuple[str, ...]) -> bool:
    path = posixpath.normpath(path)
    return any(_glob(w).fullmatch(path) for w in wrappers)


def usage_of(catalog: Catalog) -> dict[str, Usage]:
    """The usage of every catalog item, by item id (computed once per catalog)."""
    cached = catalog.derived.get("usage")
    if cached is not None:
        return cached
    sites: dict[str, dict[str, list[Import]]] = {}  # language -> top-level name -> imports
    for scan in catalog.sources:
        for site in scan.imports:
            top = site.module.split(".")[0] if site.language == "python" else package_of(site.module)
            if top:
                sites.setdefault(site.language, {}).setdefault(top, []).append(site)
    result = {}
    for item in catalog.items:
        language = LANGUAGES.get(item.ecosystem)
        wrappers = tuple(item.record.extra.get("wrappers", ())) if item.record else ()
        if language is None:
            result[item.id] = Usage(False, wrappers=wrappers)
            continue
        names, mapping = import_names(item)
        index = sites.get(language, {})
        found = sorted(
            {
                site
                for name in names
                for site in index.get(name.split(".")[0] if language == "python" else name, ())
                if _matches(site.module, name, language)
            },
            key=lambda s: (s.source, s.module),
        )
        outside = tuple(s for s in found if not in_wrappers(s.source.path, wrappers)) if wrappers else ()
        result[item.id] = Usage(True, names, mapping, wrappers, tuple(found), outside)
    catalog.derived["usage"] = result
    return result


def usage_checks(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """Imports outside the declared wrappers (once per record and site), and wrappers matching no scanned file."""
    usage = usage_of(catalog)
    seen: set[tuple[int, Source, str]] = set()
    for item in catalog.items:
        found = usage[item.id]
        for site in found.outside:
            key = (id(item.record), site.source, site.module)
            if key not in seen:
                seen.add(key)
                message = (
                    f"{item.name}: {site.module!r} imported outside its wrapper modules ({', '.join(found.wrappers)})"
                )
                yield Problem("usage", message, site.source, item.id)
    scanned = [scan.path for scan in catalog.sources]
    for record in catalog.records:
        for wrapper in record.extra.get("wrappers", ()):
            if not any(in_wrappers(path, (wrapper,)) for path in scanned):
                where = Source(record.source.path, record.extra.get("wrappers_line") or record.source.line)
                yield Problem("usage", f"{record.name}: wrapper {wrapper!r} matches no file of soup_sources", where)
