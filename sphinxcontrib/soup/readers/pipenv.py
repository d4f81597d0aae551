"""Pipenv: ``Pipfile.lock`` (pipfile-spec 6) and the ``Pipfile`` it was locked from.

A Pipfile.lock is a JSON object of sections: ``default`` (runtime), ``develop`` (dev) and one per custom
Pipfile category (dev, unless the category is ``default``), each mapping a package name to
``{version: "==x", hashes, markers, extras, index}``, or, for a package not from an index, to
``{git, ref}`` (a git checkout at a commit), ``{file}`` (an archive URL or local file) or
``{path, editable}`` (a local directory; ``path = "."`` is the project itself, not a component).
``groups`` of a component are the sections that list it; a package listed in several sections at one
version is one component with the strongest of their scopes.

The lock has no dependency graph: ``direct`` means named in the sibling ``Pipfile`` (``[packages]`` ->
``default``, ``[dev-packages]`` -> ``develop``, ``[<category>]`` -> ``<category>``), and ``via`` stays empty.
Without a Pipfile every package is taken as direct, and a problem says so. Pipenv's quirk of locking an
unresolvable package as ``"version": "*"`` (no hashes, marker lost) gives a component with version ``*``,
``pinned=False``, and a problem. ``extras`` (the extras installed *of* a package) and ``index`` (which
``_meta.sources`` entry it came from) are checked but not carried: the model has no place for them.

The ``Pipfile`` reader gives the declared dependencies with their ranges as written (``locked=False``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from ..facades.json_file import load_json
from ..facades.pep508 import is_valid_version
from ..facades.toml_file import load_toml
from ..locate import TomlLines, json_member_lines
from ..model import Component, Problem, ReadResult, Source
from .base import dedupe, failed
from .python_common import (
    ANY_VERSION,
    VCS_PREFIXES,
    Target,
    canon,
    component,
    shown,
    string_or_none,
    url_target,
)
from .siblings import manifest_of

LOCK_FORMAT = "pipfile.lock"
PIPFILE_FORMAT = "pipfile"

#: Pipfile table -> lock section, for the two that are renamed; a custom category keeps its name
LOCK_SECTION = {"packages": "default", "dev-packages": "develop"}
#: Pipfile tables that are settings, not package categories
NOT_CATEGORIES = frozenset(("source", "requires", "scripts", "pipenv", "pipfile"))
#: PEP 508 marker variables pipenv accepts as keys of a Pipfile entry (``sys_platform = "== 'win32'"``)
MARKER_KEYS = (
    "os_name", "sys_platform", "platform_machine", "platform_python_implementation", "platform_release",
    "platform_system", "platform_version", "python_version", "python_full_version", "implementation_name",
    "implementation_version",
)  # fmt: skip
_EXACT = re.compile(r"[^\s,*;=]+")  # the version of an ``==`` pin: one word, no wildcard


def section_scope(section: str) -> str:
    """``default`` is what the application installs; ``develop`` and every custom category are tools."""
    return "runtime" if section == "default" else "dev"


# --------------------------------------------------------------------------- entries (both files)


@dataclass(frozen=True)
class _Origin:
    """Where a non-index entry comes from; ``project`` is the project itself (``path = "."``)."""

    target: Target | None
    project: bool = False


_PLAIN = _Origin(None)
_ORIGIN_KEYS = frozenset(("git", "file", "path"))


def _origin(spec: dict) -> _Origin:
    """Origin of an entry from ``git``/``ref``, ``file`` or ``path``; a plain index entry has no target."""
    if _ORIGIN_KEYS.isdisjoint(spec):  # the usual entry: from an index
        return _PLAIN
    git = string_or_none(spec.get("git"))
    if git:
        url = redacted(git.split("#", 1)[0])  # pipenv keeps ``#egg=name`` fragments
        url = url if url.lower().startswith(VCS_PREFIXES) else "git+" + url
        ref = next((spec[k] for k in ("ref", "tag", "branch") if isinstance(spec.get(k), str) and spec[k]), None)
        return _Origin(url_target(f"{url}@{ref}" if ref else url))
    file = string_or_none(spec.get("file"))
    if file:
        return _Origin(url_target(redacted(file)))
    path = string_or_none(spec.get("path"))
    if path:
        return _Origin(Target("path", path, True), project=os.path.normpath(path) == ".")
    return _PLAIN


def redacted(url: str) -> str:
    """A URL without secrets: pipenv writes index credentials into ``file`` URLs (``https://user:pw@host``).

    A password becomes ``****``; so does a user alone over http(s), where it is a token; an ssh login
    (``git@``) stays.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    netloc, slash, tail = rest.partition("/")
    userinfo, at, host = netloc.rpartition("@")
    if not at:
        return url
    user, colon, _password = userinfo.partition(":")
    if colon:
        userinfo = f"{user}:****"
    elif not scheme.lower().endswith("ssh"):
        userinfo = "****"
    return f"{scheme}://{userinfo}@{host}{slash}{tail}"


def _version(value: Any) -> tuple[str, bool]:
    """(version, pinned) of a version string: ``==x`` is exact (``==1.*`` is not), ``*`` any, else a range."""
    text = value.strip() if isinstance(value, str) else ""
    if text.startswith("=="):
        exact = text.lstrip("=").strip()
        if _EXACT.fullmatch(exact):
            return exact, True
    elif is_valid_version(text):  # a bare version means that version
        return text, True
    return text or ANY_VERSION, False


def _marker(spec: dict, locked: bool) -> str | None:
    """``markers`` (and in a Pipfile the marker-variable keys: ``sys_platform = "== 'win32'"``) as one marker."""
    markers = spec.get("markers")
    if locked:
        return markers if type(markers) is str and markers.strip() else None
    parts = [markers] if isinstance(markers, str) and markers.strip() else []
    parts += [f"{key} {spec[key].strip()}" for key in MARKER_KEYS if isinstance(spec.get(key), str)]
    if len(parts) > 1:
        return " and ".join(f"({part})" for part in parts)
    return parts[0] if parts else None


def _entry(
    name: str, spec: Any, source: Source, section: str, problems: list[Problem], *, locked: bool, direct: bool = True
) -> Component | None:
    """The component of one entry of a lock section or Pipfile table; None for the project itself."""
    if type(spec) is dict and _ORIGIN_KEYS.isdisjoint(spec) and "extras" not in spec:
        # the usual lock entry, ``{"version": "==x", "markers": ...}``, without the general path's checks:
        # a Pipfile.lock parses so fast that per-entry overhead decides the reader's time
        version = spec.get("version")
        if type(version) is str and version.startswith("==") and _EXACT.fullmatch(version, 2) and name.strip():
            return component(
                name,
                version[2:],
                source,
                scope="runtime" if section == "default" else "dev",
                groups=(section,),
                marker=_marker(spec, locked),
                direct=direct,
            )
    return _any_entry(name, spec, source, section, problems, locked, direct)


def _any_entry(
    name: str, spec: Any, source: Source, section: str, problems: list[Problem], locked: bool, direct: bool
) -> Component | None:
    """Any entry: a version range or ``*``, git/file/path, a value that is no table, no name."""
    if not name.strip():
        problems.append(Problem("manifest", f"entry without a name in [{section}]: {shown(spec)}; ignored", source))
        return None
    checked = True
    if isinstance(spec, str) and not locked:
        spec = {"version": spec}
    elif not isinstance(spec, dict):
        where = "lock entry" if locked else "dependency"
        problems.append(Problem("manifest", f"{where} {name!r} is {shown(spec)}, not a table", source))
        spec, checked = {}, False
    origin = _origin(spec)
    if origin.project:
        return None
    fields = {"scope": section_scope(section), "groups": (section,), "marker": _marker(spec, locked), "direct": direct}
    if "extras" in spec:
        _check_extras(name, spec["extras"], source, problems)
    if origin.target is not None:
        target = origin.target
        return component(
            name, "", source, pinned=target.pinned, origin=target.origin, resolved=target.resolved, **fields
        )
    version, pinned = _version(spec.get("version"))
    if locked and checked and not pinned:
        message = f"{name!r} in [{section}] is locked without an exact version ({shown(spec.get('version'))})"
        problems.append(Problem("manifest", message, source))
    return component(name, version, source, pinned=pinned, **fields)


def _check_extras(name: str, extras: Any, source: Source, problems: list[Problem]) -> None:
    if extras is not None and not (isinstance(extras, list) and all(isinstance(e, str) for e in extras)):
        problems.append(Problem("manifest", f"extras of {name!r} should be a list of names: {shown(extras)}", source))


# --------------------------------------------------------------------------- Pipfile


def read_pipfile(text: str, path: str) -> ReadResult:
    """The dependencies a Pipfile declares, per category, with their ranges (``locked=False``). Never raises."""
    data, problem = load_toml(text, path)
    if problem is not None or not isinstance(data, dict):
        return ReadResult(path=path, format=PIPFILE_FORMAT, problems=(problem,) if problem else (), locked=False)
    lines = TomlLines(text)
    components: list[Component] = []
    problems: list[Problem] = []
    for table, body in data.items():
        if table in NOT_CATEGORIES:
            continue
        start = lines.table(table)
        if not isinstance(body, dict):
            if table in LOCK_SECTION:
                message = f"[{table}] should be a table of packages, not {shown(body)}; ignored"
                problems.append(Problem("manifest", message, Source(path, lines.line(start) or 1)))
            continue  # any other top-level value is a setting pipenv does not know either
        section = LOCK_SECTION.get(table, table)
        for name, spec in body.items():
            comp = _entry(name, spec, Source(path, lines.key(name, start)), section, problems, locked=False)
            if comp is not None:
                components.append(comp)
    return ReadResult(
        path=path,
        format=PIPFILE_FORMAT,
        components=tuple(dedupe(components)),
        problems=tuple(problems),
        locked=False,
    )


# --------------------------------------------------------------------------- Pipfile.lock


def read_pipfile_lock(
    text: str, path: str, *, manifest_text: str | None = None, manifest_path: str | None = None
) -> ReadResult:
    """Components of a Pipfile.lock; ``manifest_text`` is its Pipfile (else the sibling file is read)."""
    data, problem = load_json(text, path)
    if problem is not None:
        return failed(path, LOCK_FORMAT, problem)
    if not isinstance(data, dict):
        message = f"expected a JSON object, got {shown(data)}"
        return failed(path, LOCK_FORMAT, Problem("manifest", message, Source(path, 1)))
    problems: list[Problem] = []
    manifest_path, manifest_text = manifest_of(path, "pipfile.lock", "Pipfile", manifest_text, manifest_path, problems)
    declared = _declared(manifest_text, manifest_path, problems) if manifest_text is not None else None
    sources = _source_names(data.get("_meta"))
    components: list[Component] = []
    locked: set[tuple[str, str]] = set()
    for section, body in data.items():
        if section == "_meta":
            continue
        if not isinstance(body, dict):
            message = f"section {section!r} should be an object of packages, not {shown(body)}; ignored"
            problems.append(Problem("manifest", message, Source(path, _line(text, section))))
            continue
        lines = json_member_lines(text, section, body)
        for name, spec in body.items():
            source = Source(path, lines.get(name))
            direct = True
            if declared is not None:
                key = (section, canon(name))
                locked.add(key)
                direct = key in declared
            comp = _entry(name, spec, source, section, problems, locked=True, direct=direct)
            if comp is not None:
                components.append(comp)
            index = spec.get("index") if isinstance(spec, dict) else None
            if index is not None and sources is not None and index not in sources:
                message = f"{name!r} names index {shown(index)}, which is not one of the _meta sources"
                problems.append(Problem("manifest", message, source))
    if declared is None:
        message = "no Pipfile beside the lock: every package is taken as direct (the lock has no dependency graph)"
        problems.append(Problem("input", message, Source(path)))
    else:
        for (section, name), where in declared.items():
            if (section, name) not in locked:
                message = f"{name} is declared in the Pipfile ({section}) but not locked (is the lock out of date?)"
                problems.append(Problem("manifest", message, where))
    return ReadResult(
        path=path,
        format=LOCK_FORMAT,
        components=tuple(dedupe(components)),
        problems=tuple(problems),
        includes=(manifest_path,) if manifest_text is not None else (),
    )


def _line(text: str, key: str) -> int | None:
    offset = text.find(f'"{key}"')
    return None if offset < 0 else text.count("\n", 0, offset) + 1


def _source_names(meta: Any) -> set[str] | None:
    """Names of the ``_meta.sources`` indexes; None when the lock does not list them (nothing to check)."""
    sources = meta.get("sources") if isinstance(meta, dict) else None
    if not isinstance(sources, list):
        return None
    return {s["name"] for s in sources if isinstance(s, dict) and isinstance(s.get("name"), str)}


def _declared(text: str, path: str, problems: list[Problem]) -> dict[tuple[str, str], Source]:
    """(lock section, normalized name) -> where the Pipfile declares it: the direct packages of each section."""
    manifest = read_pipfile(text, path)
    problems.extend(manifest.problems)
    return {(group, canon(comp.name)): comp.source for comp in manifest.components for group in comp.groups}


def sniff(name: str, head: str) -> str | None:
    """A Pipfile.lock under another name: a JSON object whose ``_meta`` names a ``pipfile-spec``."""
    return LOCK_FORMAT if head.lstrip().startswith("{") and '"pipfile-spec"' in head else None


FORMATS = {LOCK_FORMAT: read_pipfile_lock, PIPFILE_FORMAT: read_pipfile}
PATTERNS = (
    ("pipfile.lock", LOCK_FORMAT),
    ("*.pipfile.lock", LOCK_FORMAT),
    ("pipfile", PIPFILE_FORMAT),
    ("*.pipfile", PIPFILE_FORMAT),
)
