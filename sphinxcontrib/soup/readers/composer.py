"""Composer (PHP): ``composer.lock``, every installed package, and ``composer.json``, the declared requirements.

composer.lock: each entry of ``packages`` is a runtime component, each of ``packages-dev`` a dev one (Composer
installs the latter only for development). The name is ``vendor/package`` (purl namespace = vendor); the
version is kept as written (``v6.4.1``, ``dev-main``), in the purl too, as CycloneDX's Composer tools write
it. ``license`` is a list of alternatives: joined with `` OR ``. ``description`` and ``homepage`` are kept.

Origin: a package from a Composer repository (Packagist, Private Packagist) carries the repository's
``notification-url`` and is ``registry``; without one, it came from a repository of the project's own --
``vcs`` (origin ``git``, resolved = ``url@reference`` of its git ``source``), ``path`` (``dist.type`` path:
origin ``path``, resolved = the path) or a plain archive (origin ``url``, resolved = the ``dist`` URL).

Direct packages are those the ``composer.json`` beside the lock requires (``X.composer.json`` for
``X.composer.lock``, else ``composer.json``); ``via`` follows each package's ``require`` -- to the package of
that name, or to the packages that ``replace`` or ``provide`` it. Without the composer.json, the packages no
other package requires are taken as direct, and a problem says so. Platform requirements (``php``, ``ext-*``, ``lib-*``,
``composer-plugin-api``...) are the PHP runtime and its extensions, not packages: skipped without a problem,
in both files.

composer.json alone: ``require`` (runtime) and ``require-dev`` (dev), each constraint as written; pinned
only when it is one full version (``1.2.3``) -- the lock says what was installed.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Any

from .. import graph
from ..facades.json_file import json_type, load_json
from ..facades.purl import make_purl
from ..locate import first_line, json_member_lines
from ..model import Component, Problem, ReadResult, Source
from .base import dedupe
from .lock_common import Problems, blank, roots
from .siblings import read_sibling, sibling_candidates

LOCK_FORMAT = "composer.lock"
MANIFEST_FORMAT = "composer.json"
ECOSYSTEM = "composer"

#: Composer's own pattern of platform packages (``PlatformRepository::PLATFORM_PACKAGE_REGEX``)
_PLATFORM = re.compile(
    r"(?:php(?:-64bit|-ipv6|-zts|-debug)?|hhvm|(?:ext|lib)-[a-z0-9](?:[_.-]?[a-z0-9]+)*"
    r"|composer(?:-(?:plugin|runtime)-api)?)",
    re.IGNORECASE,
)
_SECTIONS = (("packages", "runtime"), ("packages-dev", "dev"))
_REQUIRES = (("require", "runtime"), ("require-dev", "dev"))
_EXACT = re.compile(r"v?\d+(?:\.\d+){2,3}")
_NAME = re.compile(r'"name"\s*:\s*"((?:[^"\\]|\\.)*)"')
_LOOKAHEAD = 4096  # how many "name" strings (authors...) may separate two package entries in the lock text


# --------------------------------------------------------------------------- composer.json


@dataclasses.dataclass(frozen=True)
class _Requirement:
    name: str
    constraint: str
    scope: str
    source: Source


def read_composer_json(text: str, path: str) -> ReadResult:
    """The packages a composer.json requires (``locked=False``). Never raises."""
    data, problems = _load_object(text, path)
    if data is None:
        return ReadResult(path=path, format=MANIFEST_FORMAT, problems=tuple(problems), locked=False)
    components = []
    for req in _requirements(data, text, problems).values():
        pinned = bool(_EXACT.fullmatch(req.constraint))
        vendor, package = _split(req.name)
        components.append(
            Component(
                name=req.name,
                version=req.constraint,
                ecosystem=ECOSYSTEM,
                purl=make_purl(ECOSYSTEM, package, req.constraint if pinned else None, namespace=vendor),
                source=req.source,
                scope=req.scope,
                pinned=pinned,
            )
        )
    return ReadResult(
        path=path, format=MANIFEST_FORMAT, components=tuple(components), problems=tuple(problems), locked=False
    )


def _requirements(data: dict, text: str, problems: Problems) -> dict[str, _Requirement]:
    """``require`` and ``require-dev`` by lower-case name (a name in both is runtime), platform packages left out."""
    found: dict[str, _Requirement] = {}
    for key, scope in _REQUIRES:
        table = data.get(key)
        if table is None or table == []:  # PHP writes an empty map as []
            continue
        section_line = first_line(text, f'"{key}"')
        if not isinstance(table, dict):
            problems.add(f"'{key}' should be an object of package: constraint, not {json_type(table)}", section_line)
            continue
        lines = json_member_lines(text, key, table)
        for name, constraint in table.items():
            if _platform(name) or name.lower() in found:
                continue
            line = lines.get(name, section_line)
            if blank(name):
                problems.add(f"'{key}' names no package ({name!r}); ignored", line)
                continue
            if not isinstance(constraint, str):
                problems.add(f"constraint of {name!r} should be a string, not {json_type(constraint)}", line)
                constraint = ""
            found[name.lower()] = _Requirement(name, constraint, scope, Source(problems.path, line))
    return found


# --------------------------------------------------------------------------- composer.lock


@dataclasses.dataclass
class _Package:
    name: str
    fields: dict[str, Any]  # of its Component, all but ``direct`` and ``via`` (known once every entry is read)
    requires: list[str]  # lower-case names, platform packages left out
    provides: list[str]  # lower-case names it replaces or provides


def read_composer_lock(
    text: str, path: str, *, manifest_text: str | None = None, manifest_path: str | None = None
) -> ReadResult:
    """Every package of a composer.lock; direct ones from the composer.json beside it (or ``manifest_text``, read as
    if it were that file). Never raises."""
    data, problems = _load_object(text, path)
    if data is None:
        return ReadResult(path=path, format=LOCK_FORMAT, problems=tuple(problems))
    packages = _packages(data, text, problems)
    includes: tuple[str, ...] = (manifest_path,) if manifest_path else ()  # a file read, never a guessed name
    if manifest_text is None:
        manifest_path, manifest_text, problem = read_sibling(path, "composer.lock", "composer.json")
        includes = (manifest_path,) if manifest_path and manifest_text is not None else ()
        if problem is not None:
            problems.append(problem)
    lock = _Lock(packages, problems)
    requirements = None
    if manifest_text is not None:
        manifest_path = manifest_path or sibling_candidates(path, "composer.lock", "composer.json")[0]
        requirements, manifest_problems = _declared(manifest_text, manifest_path)
        problems.extend(manifest_problems)
    if requirements is not None:
        direct = lock.direct(requirements)
    else:
        direct = lock.guess("no readable composer.json" if manifest_text is not None else "no composer.json")
    reached = graph.reach(direct, lock.edges)
    components = [
        Component(
            **package.fields,
            direct=index in direct,
            via=() if index in direct else tuple(sorted(reached.get(index, ()))),
        )
        for index, package in enumerate(packages)
    ]
    return ReadResult(
        path=path,
        format=LOCK_FORMAT,
        components=tuple(dedupe(components)),
        problems=tuple(problems),
        includes=includes,
    )


def _declared(text: str, path: str) -> tuple[dict[str, _Requirement] | None, list[Problem]]:
    """The requirements of a composer.json text (None when it cannot be read) and its problems."""
    data, problems = _load_object(text, path)
    return (None if data is None else _requirements(data, text, problems)), problems


def _packages(data: dict, text: str, problems: Problems) -> list[_Package]:
    """The entries of ``packages`` and ``packages-dev``, each located at its ``"name"`` line."""
    sections: dict[str, tuple[list, str]] = {}
    if not any(key in data for key, _ in _SECTIONS):
        problems.add("no 'packages' list: not a composer.lock?", 1)
    for key, scope in _SECTIONS:
        entries = data.get(key)
        if entries is None or entries == {}:
            continue
        if isinstance(entries, list):
            sections[key] = (entries, scope)
        else:
            message = f"'{key}' should be a list of packages, not {json_type(entries)}; none read"
            problems.add(message, first_line(text, f'"{key}"'))
    lines = _entry_lines(text, {key: entries for key, (entries, _) in sections.items()})
    packages = []
    for key, (entries, scope) in sections.items():
        section_line = first_line(text, f'"{key}"')
        for entry, line in zip(entries, lines[key], strict=True):
            package = _package(entry, scope, Source(problems.path, line or section_line), problems)
            if package is not None:
                packages.append(package)
    return packages


def _package(entry: Any, scope: str, source: Source, problems: Problems) -> _Package | None:
    if not isinstance(entry, dict):
        problems.add(f"package entry is {json_type(entry)}, not an object; ignored", source.line)
        return None
    name, version = entry.get("name"), entry.get("version")
    if not isinstance(name, str) or blank(name):
        problems.add(f"package entry without a valid name ({json_type(name)}); ignored", source.line)
        return None
    if not isinstance(version, str):
        problems.add(f"package {name!r} has no valid version ({json_type(version)})", source.line)
        version = ""
    if "/" not in name:
        problems.add(f"package name {name!r} is not vendor/package", source.line)
    vendor, package = _split(name)
    origin, resolved = _origin(entry)
    fields = dict(
        name=name,
        version=version,
        ecosystem=ECOSYSTEM,
        purl=make_purl(ECOSYSTEM, package, version or None, namespace=vendor),
        source=source,
        scope=scope,
        pinned=bool(version),
        license=_license(entry.get("license")),
        origin=origin,
        resolved=resolved,
        description=_string(entry.get("description")),
        homepage=_string(entry.get("homepage")),
    )
    requires = _names(entry, "require", name, source, problems)
    provides = _names(entry, "replace", name, source, problems) + _names(entry, "provide", name, source, problems)
    return _Package(name, fields, requires, provides)


def _names(entry: dict, key: str, owner: str, source: Source, problems: Problems) -> list[str]:
    """Lower-case package names of a ``require``/``replace``/``provide`` map, platform packages left out."""
    value = entry.get(key)
    if isinstance(value, dict):  # the common case first
        return [name.lower() for name in value if "/" in name or not _PLATFORM.fullmatch(name)]
    if value is not None and value != []:
        problems.add(f"'{key}' of {owner!r} should be an object, not {json_type(value)}; ignored", source.line)
    return []


def _origin(entry: dict) -> tuple[str, str | None]:
    """(origin, resolved) of a lock entry; see the module docstring."""
    dist = entry.get("dist") if isinstance(entry.get("dist"), dict) else {}
    source = entry.get("source") if isinstance(entry.get("source"), dict) else {}
    dist_url, source_url = _string(dist.get("url")), _string(source.get("url"))
    if dist.get("type") == "path":
        return "path", dist_url
    if isinstance(entry.get("notification-url"), str) or not (dist_url or source_url):
        return "registry", None
    if source.get("type") == "git" and source_url:
        reference = _string(source.get("reference"))
        return "git", f"{source_url}@{reference}" if reference else source_url
    return "url", dist_url or source_url


def _license(value: Any) -> str | None:
    """Composer's list of licenses means any of them: ``["MIT", "GPL-2.0"]`` -> ``MIT OR GPL-2.0``."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, list):
        return " OR ".join(v for v in value if isinstance(v, str) and v) or None
    return None


class _Lock:
    """The packages of a lock and the ``require`` edges between them (package index -> indices)."""

    def __init__(self, packages: list[_Package], problems: Problems) -> None:
        self.packages = packages
        self.problems = problems
        self.by_name: dict[str, list[int]] = {}
        self.providers: dict[str, list[int]] = {}
        for index, package in enumerate(packages):
            self.by_name.setdefault(package.name.lower(), []).append(index)
            for name in package.provides:
                self.providers.setdefault(name, []).append(index)
        self.edges = {index: self._targets(package) for index, package in enumerate(packages)}

    def resolve(self, name: str) -> list[int]:
        """The packages that satisfy a requirement of ``name``: that package, else those replacing/providing it."""
        return self.by_name.get(name) or self.providers.get(name, [])

    def _targets(self, package: _Package) -> list[int]:
        targets = []
        for name in package.requires:
            found = self.resolve(name)
            if not found:
                message = f"{package.name} requires {name}, which the lock does not list"
                self.problems.add(message, package.fields["source"].line)
            targets += found
        return targets

    def direct(self, declared: dict[str, _Requirement]) -> dict[int, str]:
        """Direct package index -> label, from the composer.json requirements."""
        direct: dict[int, str] = {}
        for name, req in declared.items():
            found = self.resolve(name)
            if not found:
                message = f"{req.name} is required by the composer.json but not in the lock (is the lock out of date?)"
                self.problems.append(Problem("manifest", message, req.source))
            for index in found:
                direct[index] = self.packages[index].name
        return direct

    def guess(self, reason: str) -> dict[int, str]:
        """No composer.json: the packages no other package requires are taken as direct (and it is said)."""
        message = f"{reason} beside the lock: direct dependencies guessed (packages no other package requires)"
        self.problems.add(message, None, "input")
        return {index: self.packages[index].name for index in roots(range(len(self.packages)), self.edges)}


def _entry_lines(text: str, sections: dict[str, list]) -> dict[str, list[int | None]]:
    """Line of each entry's ``"name"``, per section list.

    Composer writes every entry's ``"name"`` at one indentation, deeper ones (authors) at another: the fast
    pass looks only at that indentation. A file where that misses an entry (hand-edited, minified) is
    searched again through every ``"name"``.
    """
    if not sections:
        return {}
    first = text.find('"name"', max(text.find('"packages"'), 0))
    indent = text[text.rfind("\n", 0, first) + 1 : first] if first >= 0 else "?"
    needles = ["\n" + indent + '"name"', '"name"'] if not indent.strip(" \t") else ['"name"']
    for needle in needles:
        names = _names_in(text, needle)
        lines = {key: _name_lines(text, names, key, entries) for key, entries in sections.items()}
        missed = any(
            line is None and isinstance(entry, dict) and isinstance(entry.get("name"), str)
            for key, entries in sections.items()
            for entry, line in zip(entries, lines[key], strict=True)
        )
        if not missed:
            break
    return lines


def _name_lines(text: str, names: list[tuple[int, str, int]], key: str, entries: list) -> list[int | None]:
    """Line of each entry's name in the ``key`` list, given the text's ``"name"`` strings (:func:`_names_in`).

    Entries are matched in order from where the list starts; names in between (authors) are skipped.
    """
    start = text.find(f'"{key}"')
    if start < 0:
        return [None] * len(entries)
    lines: list[int | None] = []
    cursor = bisect.bisect_left(names, (start,))
    for entry in entries:
        name = entry.get("name") if isinstance(entry, dict) else None
        stop = min(cursor + _LOOKAHEAD, len(names))
        hit = next((i for i in range(cursor, stop) if names[i][1] == name), None)
        lines.append(None if hit is None else names[hit][2])
        cursor = cursor if hit is None else hit + 1
    return lines


def _names_in(text: str, needle: str) -> list[tuple[int, str, int]]:
    """Every ``"name": "value"`` found by ``needle`` (which ends in ``"name"``): (offset, value, line).

    ``str.find`` jumps between them and lines are counted incrementally: a regex scan of megabytes of lock
    text would cost as much as parsing it.
    """
    found: list[tuple[int, str, int]] = []
    find, count, skip = text.find, text.count, len(needle) - len('"name"')
    line, counted = 1, 0
    at = find(needle)
    while at >= 0:
        at += skip
        value = None
        if text.startswith(': "', at + 6):  # Composer's own spelling: a plain value up to the next quote
            end = find('"', at + 9)
            value = text[at + 9 : end] if end >= 0 else None
        if value is None or "\\" in value:
            match = _NAME.match(text, at)
            value = match.group(1).replace("\\/", "/") if match is not None else None
        if value is not None:
            line += count("\n", counted, at)
            counted = at
            found.append((at, value, line))
        at = find(needle, at + 6)
    return found


# --------------------------------------------------------------------------- JSON values


def _load_object(text: str, path: str) -> tuple[dict | None, Problems]:
    problems = Problems(path)
    data, problem = load_json(text.removeprefix("\ufeff"), path)
    if problem is not None:
        problems.append(problem)
        return None, problems
    if not isinstance(data, dict):
        problems.add(f"expected a JSON object, got {json_type(data)}", 1)
        return None, problems
    return data, problems


def _platform(name: str) -> bool:
    """A platform package (``php``, ``ext-json``): never a ``vendor/package`` name, so most names need no regex."""
    return "/" not in name and _PLATFORM.fullmatch(name) is not None


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _split(name: str) -> tuple[str | None, str]:
    """``vendor/package`` -> (vendor, package); a name without a vendor has no purl namespace."""
    vendor, slash, package = name.partition("/")
    return (vendor, package) if slash and not blank(vendor) and not blank(package) else (None, name)


FORMATS = {LOCK_FORMAT: read_composer_lock, MANIFEST_FORMAT: read_composer_json}
PATTERNS = (
    ("composer.lock", LOCK_FORMAT),
    ("*.composer.lock", LOCK_FORMAT),
    ("composer.json", MANIFEST_FORMAT),
    ("*.composer.json", MANIFEST_FORMAT),
)
