"""The catalog: every input merged into one list of SOUP items keyed by package identity.

Paths inside the catalog (sources of components, records and problems) are relative to the configuration
directory, so pages are the same on every checkout; the Sphinx layer makes them absolute for warnings.

Pure Python. Reading is cached by file content (SHA-256), so an unchanged lock file is parsed once per
process, and the catalog's :attr:`Catalog.digest` tells whether anything a page shows has changed.
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .advisories import read_advisories
from .config import RequirementFileSpec, Settings
from .facades.installed import installed_license
from .facades.pep508 import canonical_name
from .facades.purl import make_purl
from .licenses import License, normalize
from .locate import first_line
from .model import SCOPES, AdvisoryReport, Component, Problem, ReadResult, Record, Source, TestReport, strongest_scope
from .readers import read_path
from .readers.base import R, read_text
from .records import find_duplicates, read_record_file
from .results import read_report
from .sources import SourceScan, scan_file, source_paths


@dataclass(frozen=True)
class InputFile:
    """One file the catalog read: the evidence of where the SOUP list came from."""

    path: str  # as resolved (absolute)
    display: str  # relative to the configuration directory
    role: str  # manifest, include, records
    format: str
    sha256: str
    size: int
    system: str | None = None


@dataclass(frozen=True)
class Item:
    """One SOUP item: a package at one version (or one standalone record), with everything known about it."""

    id: str
    name: str
    version: str
    ecosystem: str
    purl: str
    scope: str
    direct: bool
    pinned: bool
    via: tuple[str, ...]
    systems: tuple[str, ...]
    occurrences: tuple[Component, ...]
    record: Record | None = None
    requested: tuple[str, ...] = ()  # ranges that manifests without a lock ask for
    license: str | None = None
    license_source: str = ""  # record, sbom, lock file, environment
    origin: str = "registry"
    resolved: str | None = None
    alias: str | None = None

    @property
    def license_info(self) -> License:
        """The license normalized to SPDX (cached per string)."""
        return normalize(self.license)

    @property
    def source(self) -> Source:
        return self.occurrences[0].source if self.occurrences else self.record.source  # type: ignore[union-attr]

    @property
    def title(self) -> str:
        return (self.record.title if self.record and self.record.title else None) or self.name

    def in_scopes(self, scopes: Iterable[str]) -> bool:
        return self.scope in scopes


@dataclass
class Catalog:
    items: list[Item] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    inputs: list[InputFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sections: dict[str, list] = field(default_factory=dict)  # other sections of records files, by name
    reports: list[TestReport] = field(default_factory=list)  # soup_test_results, paths relative to confdir
    advisories: list[AdvisoryReport] = field(default_factory=list)  # soup_advisories, paths relative to confdir
    sources: list[SourceScan] = field(default_factory=list)  # soup_sources, paths relative to confdir
    derived: dict = field(default_factory=dict, compare=False)  # per-catalog caches of computed views

    @property
    def digest(self) -> str:
        """Hash of every input's path and content: equal digests mean an equal catalog."""
        h = hashlib.sha256()
        for f in sorted(self.inputs, key=lambda f: (f.path, f.role)):
            h.update(f"{f.path}\0{f.role}\0{f.sha256}\0{f.system}\n".encode())
        return h.hexdigest()

    def by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}


#: content-addressed cache of reader results: (path, format, sha256) -> (result, sha256 of each include)
_READ_CACHE: dict[tuple[str, str | None, str], tuple[ReadResult, dict[str, str]]] = {}


def file_digest(path: str) -> tuple[str, int] | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest(), len(data)


def expand(pattern: str, confdir: str) -> list[str]:
    """Files matching a glob relative to the configuration directory, sorted (``**`` recurses)."""
    full = os.path.normpath(os.path.join(confdir, pattern))
    if not glob.has_magic(full):
        return [full]
    return sorted(p for p in glob.glob(full, recursive=True) if os.path.isfile(p))


def build_catalog(settings: Settings) -> Catalog:
    """Read every configured input and merge it into a :class:`Catalog` (never raises on bad input)."""
    catalog = Catalog()
    components: list[tuple[Component, str | None]] = []
    formats: dict[str, str] = {}
    for spec in settings.manifests:
        for path in matches(spec.pattern, settings, catalog):
            result = relative_result(read_cached(path, spec.format, settings, catalog, spec.system), settings)
            catalog.problems.extend(result.problems)
            components.extend((comp, spec.system) for comp in result.components)
            formats[_display(path, settings)] = result.format
    for pattern in settings.records:
        for path in matches(pattern, settings, catalog):
            catalog.records.extend(_read_records(path, settings, catalog))
    catalog.problems.extend(find_duplicates(catalog.records))
    for spec in settings.requirement_files:
        for path in matches(spec.pattern, settings, catalog):
            found = _read_requirement_file(path, spec, settings, catalog)
            catalog.sections.setdefault("requirements", []).extend(found)
    for pattern in settings.test_results:
        for path in matches(pattern, settings, catalog):
            report = _read_cached_report(path, "test report", read_report, settings, catalog)
            catalog.reports.append(report)
            catalog.problems.extend(report.problems)
    for pattern in settings.advisories:
        for path in matches(pattern, settings, catalog):
            advisories = _read_cached_report(path, "advisories", read_advisories, settings, catalog)
            catalog.advisories.append(advisories)
            catalog.problems.extend(advisories.problems)
    for pattern in settings.sources:
        for entry in matches(pattern, settings, catalog):
            for path in source_paths(entry, glob.has_magic(pattern)):
                scan = _read_cached_report(path, "source", scan_file, settings, catalog)
                catalog.sources.append(scan)
                catalog.problems.extend(scan.problems)
    catalog.items = _merge(components, catalog.records, settings.id_prefix, formats)
    if settings.license_from_environment:
        catalog.items = [_environment_license(item) for item in catalog.items]
    return catalog


#: where a license comes from, best first (IEC 62304 asks for the curated fact; SBOMs beat lock files)
SBOM_FORMATS = frozenset({"cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tv", "spdx-yaml"})


def _license(record: Record | None, comps: list[Component], formats: dict[str, str]) -> tuple[str | None, str]:
    """The license of an item and where it comes from: record, SBOM, lock file (or manifest)."""
    if record is not None and record.license:
        return record.license, "record"
    declared = [c for c in comps if c.license]
    for comp in declared:
        if formats.get(comp.source.path) in SBOM_FORMATS:
            return comp.license, "sbom"
    if declared:
        return declared[0].license, "lock file"
    return None, ""


def _environment_license(item: Item) -> Item:
    if item.license or item.ecosystem != "pypi":
        return item
    found = installed_license(item.name, item.version)
    return dataclasses.replace(item, license=found, license_source="environment") if found else item


def _display(path: str, settings: Settings) -> str:
    return os.path.relpath(path, settings.confdir).replace(os.sep, "/")


def relative_source(source: Source | None, settings: Settings) -> Source | None:
    """The source with its path relative to the configuration directory (as pages and warnings show it)."""
    if source is None or not os.path.isabs(source.path):
        return source
    return Source(_display(source.path, settings), source.line)


def relative_result(result: ReadResult, settings: Settings) -> ReadResult:
    """The result with every path relative to the configuration directory (cached results stay as read)."""
    return dataclasses.replace(
        result,
        components=tuple(dataclasses.replace(c, source=relative_source(c.source, settings)) for c in result.components),
        problems=tuple(dataclasses.replace(p, source=relative_source(p.source, settings)) for p in result.problems),
    )


def matches(pattern: str, settings: Settings, catalog: Catalog) -> list[str]:
    """The files a glob of conf.py matches; a glob matching nothing is a located problem in ``catalog``."""
    paths = expand(pattern, settings.confdir)
    if not paths:
        where = settings.conf_file or settings.confdir
        line = conf_line(settings.conf_file, pattern)
        source = relative_source(Source(where, line), settings)
        catalog.problems.append(Problem("input", f"glob {pattern!r} matches no file", source))
    return paths


def conf_line(conf_file: str | None, needle: str) -> int | None:
    """The first line of conf.py that mentions ``needle`` (to locate a configuration problem)."""
    if not conf_file:
        return None
    text, _ = read_text(conf_file)
    return first_line(text, needle) if text else None


def _note(catalog: Catalog, path: str, role: str, fmt: str, settings: Settings, system: str | None) -> str | None:
    digest = file_digest(path)
    if digest is None:
        return None
    sha, size = digest
    catalog.inputs.append(InputFile(path, _display(path, settings), role, fmt, sha, size, system))
    return sha


def read_cached(path: str, fmt: str | None, settings: Settings, catalog: Catalog, system: str | None) -> ReadResult:
    """A manifest read through the content-hash cache, noted as an input of ``catalog``."""
    sha = _note(catalog, path, "manifest", fmt or "", settings, system)
    key = (path, fmt, sha or "")
    cached = _READ_CACHE.get(key) if sha else None
    if cached and all(_sha_or_missing(inc) == known for inc, known in cached[1].items()):
        result = cached[0]
    else:
        result = read_path(path, fmt)
        if sha:
            _READ_CACHE[key] = (result, {inc: _sha_or_missing(inc) for inc in result.includes})
    # includes (-r files, sibling manifests) are inputs too: a change there changes the catalog
    for include in result.includes:
        _note(catalog, include, "include", "", settings, system)
    return result


def _sha_or_missing(path: str) -> str:
    digest = file_digest(path)
    return digest[0] if digest else "missing"


#: content-addressed cache of test and advisory reports: (role, path, sha256) -> report, paths relative to confdir
_REPORT_CACHE: dict[tuple[str, str, str], Any] = {}


def _read_cached_report(path: str, role: str, read: Callable[[str], R], settings: Settings, catalog: Catalog) -> R:
    """A report file read once per content (a catalog input: a change re-reads the pages that show it), with
    every source path made relative to the configuration directory."""
    sha = _note(catalog, path, role, "", settings, None) or ""
    key = (role, path, sha)
    if sha and key in _REPORT_CACHE:
        return _REPORT_CACHE[key]
    report = read(path)

    def relocated(objects: tuple) -> tuple:
        return tuple(dataclasses.replace(o, source=relative_source(o.source, settings)) for o in objects)

    changes: dict[str, Any] = {"path": _display(path, settings), "problems": relocated(report.problems)}
    for name in ("cases", "advisories", "analyses", "imports"):
        if hasattr(report, name):
            changes[name] = relocated(getattr(report, name))
    report = dataclasses.replace(report, **changes)
    if sha:
        _REPORT_CACHE[key] = report
    return report


def _read_records(path: str, settings: Settings, catalog: Catalog) -> list[Record]:
    _note(catalog, path, "records", "yaml", settings, None)
    text, problem = read_text(path)
    if problem is not None:
        catalog.problems.append(dataclasses.replace(problem, source=relative_source(problem.source, settings)))
        return []
    found = read_record_file(text, _display(path, settings))
    catalog.problems.extend(found.problems)
    for name, objects in found.sections.items():
        catalog.sections.setdefault(name, []).extend(objects)
    return found.records


def _read_requirement_file(path: str, spec: RequirementFileSpec, settings: Settings, catalog: Catalog) -> list:
    from .reqfiles import file_format, read_requirement_file  # reqfiles -> requirements imports this module

    _note(catalog, path, "requirements", file_format(path, spec) or "", settings, None)
    text, problem = read_text(path)
    if problem is not None:
        catalog.problems.append(dataclasses.replace(problem, source=relative_source(problem.source, settings)))
        return []
    requirements, problems = read_requirement_file(text, _display(path, settings), spec)
    catalog.problems.extend(problems)
    return requirements


def identity(ecosystem: str, name: str) -> tuple[str, str]:
    """The package identity used to match manifests, locks and records."""
    return ecosystem, canonical_name(name) if ecosystem == "pypi" else name.lower()


def _merge(
    components: list[tuple[Component, str | None]], records: list[Record], prefix: str, formats: dict[str, str]
) -> list[Item]:
    pinned: dict[tuple[str, str, str], list[tuple[Component, str | None]]] = {}
    ranges: dict[tuple[str, str], list[tuple[Component, str | None]]] = {}
    for comp, system in components:
        ident = identity(comp.ecosystem, comp.name)
        if comp.pinned:
            pinned.setdefault((*ident, comp.version), []).append((comp, system))
        else:
            ranges.setdefault(ident, []).append((comp, system))
    locked_names = {key[:2] for key in pinned}
    groups = list(pinned.values())
    folded: dict[tuple[str, str], list[tuple[Component, str | None]]] = {}
    for ident, entries in ranges.items():
        if ident in locked_names:
            folded[ident] = entries  # the lock file says which version the range resolved to
        else:
            groups.append(entries)
    record_index = _record_index(records)
    drafts = []
    for entries in groups:
        comps = [c for c, _ in entries]
        first = min(comps, key=lambda c: (c.source.path, c.source.line or 0))
        ident = identity(first.ecosystem, first.name)
        extra = folded.get(ident, [])
        record = _find_record(record_index, ident, first.alias)
        all_entries = entries + extra
        direct = any(c.direct for c, _ in all_entries)
        license_, license_source = _license(record, comps, formats)
        drafts.append(
            dict(
                name=first.name,
                version=first.version,
                ecosystem=first.ecosystem,
                purl=first.purl,
                scope=strongest_scope(c.scope for c, _ in all_entries),
                direct=direct,
                pinned=first.pinned,
                via=() if direct else tuple(sorted({v for c in comps for v in c.via})),
                systems=tuple(sorted({s for _, s in all_entries if s} | set(record.systems if record else ()))),
                occurrences=tuple(sorted(comps, key=lambda c: c.source)),
                record=record,
                requested=tuple(sorted({c.version for c, _ in extra})),
                license=license_,
                license_source=license_source,
                origin=first.origin,
                resolved=first.resolved,
                alias=first.alias,
            )
        )
    _keep_relevant_via(drafts)
    matched = {id(d["record"]) for d in drafts if d["record"] is not None}
    for record in records:
        if record.standalone and id(record) not in matched:
            drafts.append(_standalone(record))
    return _assign_ids(drafts, prefix)


def _keep_relevant_via(drafts: list[dict]) -> None:
    """A runtime package reached through both a runtime and a dev dependency is carried by the runtime one:
    keep in ``via`` the direct dependencies whose scope is at least as strong (all, if none is)."""
    direct_scope: dict[tuple[str, str], int] = {}
    for d in drafts:
        if d["direct"]:
            for name in filter(None, (d["name"], d["alias"])):
                key = (d["ecosystem"], name.lower())
                direct_scope[key] = min(direct_scope.get(key, len(SCOPES)), SCOPES.index(d["scope"]))
    for d in drafts:
        if d["via"]:
            rank = SCOPES.index(d["scope"])
            strong = tuple(v for v in d["via"] if direct_scope.get((d["ecosystem"], v.lower()), len(SCOPES)) <= rank)
            d["via"] = strong or d["via"]


def _find_record(index: dict, ident: tuple[str, str], alias: str | None) -> Record | None:
    """The record of a package: by its name (in its ecosystem, or any), else by the name it installs under."""
    keys = [ident, (None, ident[1])]
    if alias:
        keys += [identity(ident[0], alias), (None, alias.lower())]
    return next((index[key] for key in keys if key in index), None)


def _record_index(records: list[Record]) -> dict[tuple[str | None, str], Record]:
    index: dict[tuple[str | None, str], Record] = {}
    for record in records:
        key = identity(record.ecosystem, record.name) if record.ecosystem else (None, record.name.lower())
        index.setdefault(key, record)
        if record.ecosystem is None:
            index.setdefault((None, canonical_name(record.name)), record)
    return index


def _standalone(record: Record) -> dict:
    ecosystem = record.ecosystem or "generic"
    return dict(
        name=record.name,
        version=record.version or "",
        ecosystem=ecosystem,
        purl=make_purl(ecosystem, record.name, record.version),
        scope="runtime",
        direct=True,
        pinned=bool(record.version),
        via=(),
        systems=record.systems,
        occurrences=(),
        record=record,
        license=record.license,
        license_source="record" if record.license else "",
        origin="system",
    )


_NON_ID = re.compile(r"[^A-Z0-9]+")


def _assign_ids(drafts: list[dict], prefix: str) -> list[Item]:
    """Stable need ids: PREFIX + ECOSYSTEM + NAME, plus the version where a name has several versions."""
    drafts.sort(key=lambda d: (d["ecosystem"], d["name"].lower(), d["version"], d["origin"]))
    per_name: dict[tuple[str, str], int] = {}
    for d in drafts:
        key = (d["ecosystem"], d["name"].lower())
        per_name[key] = per_name.get(key, 0) + 1
    used: set[str] = set()
    items = []
    for d in drafts:
        record = d["record"]
        base = record.id if record and record.id else need_id_part(f"{prefix}{d['ecosystem']}_{d['name']}")
        several = per_name[(d["ecosystem"], d["name"].lower())] > 1
        ident = f"{base}_{need_id_part(d['version'])}" if several and d["version"] else base
        if ident in used:  # names that differ only in punctuation: keep ids unique and stable
            raw = f"{d['name']}\0{d['version']}\0{d['origin']}".encode()
            ident = f"{ident}_{hashlib.sha256(raw).hexdigest()[:6].upper()}"
        used.add(ident)
        items.append(Item(id=ident, **d))
    return items


def need_id_part(text: str) -> str:
    """``text`` as a part of a need id: upper case letters, digits and ``_`` (sphinx-needs' default regex)."""
    return _NON_ID.sub("_", text.upper()).strip("_")
