"""pylock.toml (PEP 751), lock-version 1.x.

Each ``[[packages]]`` entry is one component: ``name``, ``version``, ``marker``; its origin comes from
``vcs`` (git, resolved at ``commit-id``), ``directory`` or ``archive`` (a local path or a URL), else it is
from the ``index`` (``sdist``/``wheels``). The project itself is a ``directory`` entry with path ``.`` and
no version: not a component. Another local directory without a version takes the version of its own
pyproject.toml. Entries repeated at one version (a tool writing one per wheel set) are one component.

Scope: a marker that requires a dependency group (``'dev' in dependency_groups``) not in the lock's
``default-groups`` makes the package dev; one that requires an extra (``'x' in extras``) makes it optional;
``groups`` are the groups/extras the marker names. Otherwise the scope is that of the direct dependencies
that reach the package, where the lock has a graph, else runtime.

Direct dependencies: the project entry's ``dependencies`` when the file gives them; else those the sibling
pyproject.toml declares (``X.pyproject.toml`` beside ``X.pylock.toml``, or ``manifest_text``), with their
declared scope; else, with a graph, the packages nothing depends on; else every package, and a problem says
so. ``dependencies`` is optional in PEP 751 (uv does not write it): without it ``via`` stays empty.
"""

from __future__ import annotations

import dataclasses
import os
import re
from typing import Any

from ..facades.toml_file import load_toml
from ..locate import first_line
from ..model import Component, Problem, ReadResult, Source
from .base import dedupe, failed
from .pyproject import read_pyproject
from .python_common import (
    canon,
    classify,
    component,
    entry_lines,
    local_project,
    merge_scope,
    name_and_version,
    shown,
    string_or_none,
)
from .siblings import manifest_of

FORMAT = "pylock"
_LOCAL_KINDS = ("vcs", "directory", "archive")
#: ``'name' in dependency_groups`` / ``'name' in extras`` in a marker (``not in`` is matched to be skipped)
_SELECTOR = re.compile(r"""(["'])([^"']*)\1\s+(not\s+)?in\s+(dependency_groups|extras)\b""")


@dataclasses.dataclass
class _Package:
    comp: Component
    scope: str | None  # what the marker says (None: it does not)
    dependencies: list | None  # None when the entry has no ``dependencies`` key
    root: bool  # the project itself


def read_pylock(
    text: str, path: str, *, manifest_text: str | None = None, manifest_path: str | None = None
) -> ReadResult:
    """Components of a pylock.toml; ``manifest_text`` is the project's pyproject.toml (else the sibling is read)."""
    data, problem = load_toml(text, path)
    if problem is not None or not isinstance(data, dict):
        return failed(path, FORMAT, problem or Problem("parse", "not a TOML document", Source(path)))
    problems: list[Problem] = []
    _check_lock_version(data.get("lock-version"), text, path, problems)
    defaults = set(_strings(data.get("default-groups")))
    includes: list[str] = []
    entries = _entries(text, path, data, problems)
    packages = [p for p in (_package(e, s, defaults, problems, includes) for e, s in entries) if p is not None]
    lock = _Lock(packages, problems)
    direct = lock.root_dependencies()
    if direct is None:
        manifest_path, manifest_text = manifest_of(
            path, "pylock.toml", "pyproject.toml", manifest_text, manifest_path, problems
        )
        if manifest_text is not None:
            includes.insert(0, manifest_path)
            direct = lock.declared(manifest_text, manifest_path)
        else:
            direct = lock.guessed(Source(path))
    return ReadResult(
        path=path,
        format=FORMAT,
        components=tuple(dedupe(lock.components(direct))),
        problems=tuple(problems),
        includes=tuple(dict.fromkeys(includes)),
    )


# --------------------------------------------------------------------------- entries


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _check_lock_version(version: Any, text: str, path: str, problems: list[Problem]) -> None:
    """PEP 751: a reader must refuse another major version and should warn about a newer minor one."""
    major, _, minor = version.partition(".") if isinstance(version, str) else ("", "", "")
    if major == "1" and minor in ("0", ""):
        return
    source = Source(path, first_line(text, "lock-version"))
    if major == "1":
        message = f"lock-version {version} is newer than 1.0; read as 1.0"
    else:
        message = f"lock-version {shown(version)} is not 1.x; read as 1.0, which it may not be"
    problems.append(Problem("manifest", message, source))


def _entries(text: str, path: str, data: dict, problems: list[Problem]) -> list[tuple[dict, Source]]:
    """The ``[[packages]]`` tables, each with its Source."""
    packages = data.get("packages", [])
    if not isinstance(packages, list):
        message = "'packages' should be an array of [[packages]] tables; no package read"
        problems.append(Problem("manifest", message, Source(path, first_line(text, "packages"))))
        return []
    entries = []
    for item, line in zip(packages, entry_lines(text, "packages", len(packages)), strict=True):
        if isinstance(item, dict):
            entries.append((item, Source(path, line)))
        else:
            message = f"[[packages]] entry is {shown(item)}, not a table; ignored"
            problems.append(Problem("manifest", message, Source(path, line)))
    return entries


def _package(
    entry: dict, source: Source, defaults: set[str], problems: list[Problem], includes: list[str]
) -> _Package | None:
    kinds = [k for k in _LOCAL_KINDS if k in entry]
    name, version = name_and_version(entry, source, problems, version_optional=bool(kinds))
    if name is None:
        return None
    if len(kinds) > 1:
        problems.append(Problem("manifest", f"package {name!r} has several sources ({', '.join(kinds)})", source))
    origin, resolved, root = _origin(entry.get(kinds[0]) if kinds else None, kinds[0] if kinds else None)
    if origin == "path" and not version and not root:
        version = _local_version(resolved, source.path, includes) or ""
    marker = string_or_none(entry.get("marker")) or None
    scope, groups = marker_scope(marker, defaults)
    dependencies = entry.get("dependencies")
    if dependencies is not None and not isinstance(dependencies, list):
        problems.append(Problem("manifest", f"dependencies of {name!r} should be an array of tables; ignored", source))
        dependencies = []
    fields = {"scope": scope or "runtime", "groups": groups, "marker": marker}
    comp = component(name, version, source, origin=origin, resolved=resolved, **fields)
    return _Package(comp, scope, dependencies, root)


def _origin(table: Any, kind: str | None) -> tuple[str, str | None, bool]:
    """(origin, resolved, is the project itself) of a ``vcs``/``directory``/``archive`` table."""
    if kind is None or not isinstance(table, dict):
        return "registry", None, False
    url, where = string_or_none(table.get("url")), string_or_none(table.get("path"))
    if kind == "vcs":
        commit = string_or_none(table.get("commit-id")) or string_or_none(table.get("requested-revision"))
        location = url or where or ""
        origin = "git" if table.get("type") == "git" else "url"  # the model has no origin for hg/svn/bzr
        return origin, f"{location}@{commit}" if commit else location or None, False
    if url:
        return "url", url, False
    if kind == "directory" and where is not None and os.path.normpath(where) == ".":
        return "path", where, True
    return "path", where, False


def _local_version(directory: str | None, lock_path: str, includes: list[str]) -> str | None:
    """The version in a local directory's pyproject.toml (read relative to the lock)."""
    if not directory:
        return None
    _, version, manifest = local_project(os.path.join(os.path.dirname(lock_path), directory))
    if manifest:
        includes.append(manifest)
    return version


def marker_scope(marker: str | None, defaults: set[str]) -> tuple[str | None, tuple[str, ...]]:
    """(scope, groups) a PEP 751 marker gives: dev for a non-default dependency group, optional for an extra.

    None when the marker names no group or extra (or only in ``not in`` clauses): the lock does not say.
    """
    groups: set[str] = set()
    extras: set[str] = set()
    for _quote, name, negated, kind in _SELECTOR.findall(marker or ""):
        if not negated:
            (groups if kind == "dependency_groups" else extras).add(name)
    if groups and not groups & defaults:
        return "dev", tuple(sorted(groups | extras))
    if extras:
        return "optional", tuple(sorted(groups | extras))
    return ("runtime" if groups else None), tuple(sorted(groups))


# --------------------------------------------------------------------------- direct dependencies and graph


class _Lock:
    """The packages of one lock, by name, and the ``dependencies`` edges between them."""

    def __init__(self, packages: list[_Package], problems: list[Problem]) -> None:
        self.packages = packages
        self.problems = problems
        self.by_name: dict[str, list[int]] = {}
        for index, package in enumerate(packages):
            if not package.root:
                self.by_name.setdefault(canon(package.comp.name), []).append(index)
        self.has_graph = any(p.dependencies is not None for p in packages)

    def resolve(self, dep: Any, owner: _Package) -> list[int]:
        """The packages one ``dependencies`` entry (``{name, version?, ...}``) goes to."""
        name = dep.get("name") if isinstance(dep, dict) else None
        if not isinstance(name, str):
            message = f"dependency of {owner.comp.name!r} is not {{ name = ... }}: {shown(dep)}; ignored"
            self.problems.append(Problem("manifest", message, owner.comp.source))
            return []
        candidates = self.by_name.get(canon(name), [])
        version = dep.get("version")
        if isinstance(version, str):
            candidates = [i for i in candidates if self.packages[i].comp.version == version]
        if not candidates:
            message = f"{owner.comp.name!r} depends on {name!r}, which the lock does not list"
            self.problems.append(Problem("manifest", message, owner.comp.source))
        return candidates

    def edges(self) -> dict[int, list[int]]:
        return {
            index: [t for dep in package.dependencies or () for t in self.resolve(dep, package)]
            for index, package in enumerate(self.packages)
            if not package.root
        }

    def root_dependencies(self) -> dict[int, tuple[str, str]] | None:
        """Direct packages from the project entry's ``dependencies``; None when no project entry gives them."""
        roots = [p for p in self.packages if p.root and p.dependencies is not None]
        if not roots:
            return None
        return {
            target: (self.packages[target].comp.name, self.packages[target].scope or "runtime")
            for root in roots
            for dep in root.dependencies or ()
            for target in self.resolve(dep, root)
        }

    def declared(self, text: str, path: str) -> dict[int, tuple[str, str]]:
        """The packages the pyproject.toml declares, with their scope; runtime ones not locked are reported."""
        manifest = read_pyproject(text, path)
        self.problems.extend(manifest.problems)
        declared: dict[str, Component] = {}
        for comp in manifest.components:
            seen = declared.get(canon(comp.name))
            scope = merge_scope(seen.scope if seen else None, comp.scope)
            groups = tuple(sorted({*(seen.groups if seen else ()), *comp.groups}))
            declared[canon(comp.name)] = dataclasses.replace(seen or comp, scope=scope, groups=groups)
        direct: dict[int, tuple[str, str]] = {}
        for name, comp in declared.items():
            indexes = self.by_name.get(name, [])
            for index in indexes:
                package = self.packages[index]
                direct[index] = (package.comp.name, comp.scope)
                merged = tuple(sorted({*package.comp.groups, *comp.groups}))
                package.comp = dataclasses.replace(package.comp, groups=merged)
            if not indexes and comp.scope == "runtime" and comp.marker is None:
                message = f"{name} is declared in the pyproject.toml but not locked (is the lock out of date?)"
                self.problems.append(Problem("manifest", message, comp.source))
        return direct

    def guessed(self, source: Source) -> dict[int, tuple[str, str]]:
        """No project entry or pyproject.toml: the packages nothing depends on (with a graph), else all."""
        candidates = [i for i, p in enumerate(self.packages) if not p.root]
        if self.has_graph:
            targeted = {t for node, targets in self.edges().items() for t in targets if t != node}
            candidates = [i for i in candidates if i not in targeted]
            message = "no pyproject.toml beside the lock: direct dependencies guessed (packages nothing depends on)"
        else:
            message = "no pyproject.toml beside the lock and no dependencies in it: every package is taken as direct"
        self.problems.append(Problem("input", message, source))
        return {i: (self.packages[i].comp.name, self.packages[i].scope or "runtime") for i in candidates}

    def components(self, direct: dict[int, tuple[str, str]]) -> list[Component]:
        """Every package but the project, with direct, ``via`` (with a graph) and scope."""
        reached, scopes = classify(direct, self.edges()) if self.has_graph else ({}, {})
        result = []
        for index, package in enumerate(self.packages):
            if package.root:
                continue
            if index in direct:
                scope = package.scope or direct[index][1]
                result.append(dataclasses.replace(package.comp, direct=True, via=(), scope=scope))
            else:
                scope = package.scope or scopes.get(index, "runtime")
                via = tuple(sorted(reached.get(index, ())))
                result.append(dataclasses.replace(package.comp, direct=False, via=via, scope=scope))
        return result


def sniff(name: str, head: str) -> str | None:
    """A pylock under another name: TOML with a ``lock-version`` and ``[[packages]]``."""
    return FORMAT if "lock-version" in head and "[[packages]]" in head else None


FORMATS = {FORMAT: read_pylock}
PATTERNS = (("pylock.toml", FORMAT), ("pylock.*.toml", FORMAT), ("*.pylock.toml", FORMAT))
