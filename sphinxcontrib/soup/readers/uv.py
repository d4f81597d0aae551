"""uv.lock (version 1, any revision).

Each ``[[package]]`` is one component, except the project itself: the package whose source is
``editable = "."`` or ``virtual = "."`` and the workspace members named in ``[manifest] members``. A name
resolved to several versions for different ``resolution-markers`` forks gives one component per version.
Origins come from ``source``: ``registry``; ``git`` and ``url`` (resolved = the URL); ``editable``,
``directory``, ``path`` and ``virtual`` are local paths (``libs/x``): components with origin ``path``.

Direct dependencies are the project's (and members') ``dependencies`` (runtime), ``optional-dependencies``
(optional; groups = the extra) and ``dev-dependencies`` (dev; groups = the dependency group), plus
``[manifest] requirements``/``dependency-groups`` of a workspace without a root project. Edges are the
``dependencies`` entries ``{ name, version?, source?, marker?, extra? }``: ``version``/``source`` pick one
of several locked versions, ``extra`` also brings in that package's ``optional-dependencies[extra]``.
``via`` and the scope of transitive packages follow those edges, from the direct dependencies only.
``marker`` is that of the edges that bring a package in when all of them have one, else the package's
``resolution-markers`` (the forks it was locked for).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from ..model import Component, Problem, ReadResult, Source, strongest_scope
from .base import dedupe, failed
from .python_common import (
    any_of,
    canon,
    classify,
    component,
    lock_entries,
    merge_scope,
    name_and_version,
    shown,
    table_at,
)

FORMAT = "uv.lock"
_LOCAL = ("editable", "directory", "path", "virtual")
_KINDS = ("registry", "git", "url", *_LOCAL)

#: A graph node: (package index, extra or None); ``requests[socks]`` is a node of its own, whose edges are
#: ``requests`` itself and the packages of its ``socks`` extra.
Node = tuple[int, str | None]


@dataclasses.dataclass
class _Package:
    comp: Component
    source: Any  # the ``source`` table as written: an edge naming a source must match it
    entry: dict
    root: bool  # the project itself or a workspace member: not a component


def read_uv_lock(text: str, path: str) -> ReadResult:
    """Components of a uv.lock. Never raises."""
    data, entries, problems = lock_entries(text, path)
    if data is None:
        return failed(path, FORMAT, problems[0])
    members = {canon(m) for m in _strings(table_at(data, "manifest", "members"))}
    packages = [p for p in (_package(e, s, members, problems) for e, s in entries) if p is not None]
    lock = _Lock(packages, problems, Source(path))
    manifest = table_at(data, "manifest")
    direct, groups = lock.direct(manifest)
    if direct or any(p.root for p in packages) or _declares(manifest):
        edges = lock.edges(direct)
    else:
        edges = lock.edges((i, None) for i, p in enumerate(packages) if not p.root)
        direct = lock.guess(edges)
    reached, scopes = classify(direct, edges)
    components = []
    for index, package in enumerate(packages):
        if package.root:
            continue
        nodes = [node for node in lock.nodes_of(index) if node in reached]
        is_direct = any(node in direct for node in lock.nodes_of(index))
        via = () if is_direct else tuple(sorted(set().union(*(reached[n] for n in nodes))))
        components.append(
            dataclasses.replace(
                package.comp,
                direct=is_direct,
                via=via,
                scope=strongest_scope(scopes[n] for n in nodes if n in scopes),
                groups=tuple(sorted(groups.get(index, ()))),
                marker=lock.marker(index),
            )
        )
    return ReadResult(path=path, format=FORMAT, components=tuple(dedupe(components)), problems=tuple(problems))


def _declares(manifest: Any) -> bool:
    """Whether ``[manifest]`` declares requirements of its own (a workspace root that is no project)."""
    return isinstance(manifest, dict) and bool(manifest.get("requirements") or manifest.get("dependency-groups"))


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _package(entry: dict, source: Source, members: set[str], problems: list[Problem]) -> _Package | None:
    """One ``[[package]]``: the project/members are roots; a local package may have no version."""
    raw = entry.get("source")
    kind = next((k for k in _KINDS if isinstance(raw, dict) and k in raw), None)
    where = raw[kind] if kind else None
    root = kind in ("editable", "virtual") and where == "."
    name, version = name_and_version(entry, source, problems, version_optional=root or kind in _LOCAL)
    if name is None:
        return None
    root = root or canon(name) in members
    if kind is None and not root:
        problems.append(Problem("manifest", f"package {name!r} has no valid source ({shown(raw)})", source))
    origin = "path" if kind in _LOCAL else kind if kind in ("git", "url") else "registry"
    resolved = where if origin != "registry" and isinstance(where, str) else None
    return _Package(component(name, version, source, origin=origin, resolved=resolved), raw, entry, root)


class _Lock:
    """The packages of one lock and the dependency entries between them."""

    def __init__(self, packages: list[_Package], problems: list[Problem], source: Source) -> None:
        self.packages = packages
        self.source = source  # the lock file, for what has no line of its own
        self.problems = problems
        self.by_name: dict[str, list[int]] = {}
        for index, package in enumerate(packages):
            self.by_name.setdefault(canon(package.comp.name), []).append(index)
        self.incoming: dict[int, list[str | None]] = {}  # the markers of the edges into each package

    def nodes_of(self, index: int) -> list[Node]:
        extras = self.packages[index].entry.get("optional-dependencies")
        return [(index, None), *((index, extra) for extra in (extras if isinstance(extras, dict) else ()))]

    def resolve(self, dep: Any, owner: _Package) -> list[Node]:
        """The nodes one dependency entry goes to (several when a name is locked at several versions)."""
        name = dep.get("name") if isinstance(dep, dict) else None
        if not isinstance(name, str):
            message = f"dependency of {owner.comp.name!r} is not {{ name = ... }}: {shown(dep)}; ignored"
            self.problems.append(Problem("manifest", message, owner.comp.source))
            return []
        candidates = self.by_name.get(canon(name), [])
        if isinstance(dep.get("version"), str):
            candidates = [i for i in candidates if self.packages[i].comp.version == dep["version"]]
        if "source" in dep:
            candidates = [i for i in candidates if self.packages[i].source == dep["source"]]
        if not candidates:
            wanted = f"{name} {dep['version']}" if isinstance(dep.get("version"), str) else name
            message = f"{owner.comp.name!r} depends on {wanted!r}, which the lock does not list"
            self.problems.append(Problem("manifest", message, owner.comp.source))
        marker = dep.get("marker") if isinstance(dep.get("marker"), str) else None
        extras = _strings(dep.get("extra"))
        nodes: list[Node] = []
        for index in candidates:
            self.incoming.setdefault(index, []).append(marker)
            nodes += [(index, None), *((index, extra) for extra in extras)]
        return nodes

    def _entries(self, package: _Package, key: str, extra: str | None = None) -> list:
        """A list of dependency entries of a package (``dependencies`` or one extra/group of a table)."""
        value = package.entry.get(key)
        if extra is not None:
            value = value.get(extra) if isinstance(value, dict) else None
        if value is None:
            return []
        if not isinstance(value, list):
            where = f"{key}.{extra}" if extra else key
            message = f"{where} of {package.comp.name!r} should be a list of {{ name = ... }}; ignored"
            self.problems.append(Problem("manifest", message, package.comp.source))
            return []
        return value

    def direct(self, manifest: Any) -> tuple[dict[Node, tuple[str, str]], dict[int, set[str]]]:
        """Direct nodes (-> label, scope) and the extras/groups asking for each package."""
        direct: dict[Node, tuple[str, str]] = {}
        groups: dict[int, set[str]] = {}

        def add(owner: _Package, entries: list, scope: str, group: str | None) -> None:
            for dep in entries:
                for node in self.resolve(dep, owner):
                    if self.packages[node[0]].root:
                        continue  # a workspace member: its own dependencies are direct already
                    label = self.packages[node[0]].comp.name
                    direct[node] = (label, merge_scope(direct.get(node, (label, None))[1], scope))
                    if group:
                        groups.setdefault(node[0], set()).add(group)

        for package in (p for p in self.packages if p.root):
            add(package, self._entries(package, "dependencies"), "runtime", None)
            for key, scope in (("optional-dependencies", "optional"), ("dev-dependencies", "dev")):
                table = package.entry.get(key)
                for group in table if isinstance(table, dict) else ():
                    add(package, self._entries(package, key, group), scope, group)
        if _declares(manifest):
            self._manifest(manifest, add)
        return direct, groups

    def _manifest(self, manifest: dict, add) -> None:
        """``[manifest] requirements`` and ``dependency-groups``: a workspace root without a project."""
        anchor = _Package(component("[manifest]", "", self.source), None, manifest, True)
        add(anchor, self._entries(anchor, "requirements"), "runtime", None)
        table = manifest.get("dependency-groups")
        for group in table if isinstance(table, dict) else ():
            add(anchor, self._entries(anchor, "dependency-groups", group), "dev", group)

    def edges(self, starts: Iterable[Node]) -> dict[Node, list[Node]]:
        """The edges out of every node reachable from ``starts`` (only those: an extra nobody asks for adds none)."""
        edges: dict[Node, list[Node]] = {}
        queue = list(starts)
        while queue:
            node = queue.pop()
            if node in edges:
                continue
            index, extra = node
            package = self.packages[index]
            if extra is None:
                targets = [t for dep in self._entries(package, "dependencies") for t in self.resolve(dep, package)]
            else:
                entries = self._entries(package, "optional-dependencies", extra)
                targets = [(index, None), *(t for dep in entries for t in self.resolve(dep, package))]
            edges[node] = [t for t in targets if not self.packages[t[0]].root]
            queue += [t for t in edges[node] if t not in edges]
        return edges

    def guess(self, edges: dict[Node, list[Node]]) -> dict[Node, tuple[str, str]]:
        """No project in the lock: the packages nothing depends on are taken as direct (and it is said)."""
        targeted = {target[0] for node, targets in edges.items() for target in targets if target[0] != node[0]}
        message = (
            "no project or workspace member in the lock: direct dependencies guessed (packages nothing depends on)"
        )
        self.problems.append(Problem("input", message, self.source))
        return {
            (i, None): (p.comp.name, "runtime") for i, p in enumerate(self.packages) if not p.root and i not in targeted
        }

    def marker(self, index: int) -> str | None:
        """The marker of the edges into a package when every one has one, else its resolution markers."""
        incoming = self.incoming.get(index, [])
        if incoming and all(incoming):
            return any_of(m for m in incoming if m)
        forks = _strings(self.packages[index].entry.get("resolution-markers"))
        return any_of(forks)


FORMATS = {FORMAT: read_uv_lock}
PATTERNS = (("uv.lock", FORMAT), ("*.uv.lock", FORMAT))
