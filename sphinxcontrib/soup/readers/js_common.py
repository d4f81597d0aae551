"""What the yarn and pnpm lock readers share: a lock's packages and edges, turned into npm components.

Both formats list resolved packages (a yarn entry, a pnpm ``packages``/``snapshots`` key) and, per package,
the install names of its dependencies and where each resolves. The project and its workspace members
declare the direct dependencies. :class:`LockGraph` holds exactly that; :meth:`LockGraph.components` adds
what npm's :class:`~.npm.Graph` already knows how to compute (``direct``, ``via``, workspace ``groups``),
after giving every package its install names (aliases) and its scope.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from ..facades.json_file import json_type, load_json
from ..graph import propagate_scopes
from ..model import SCOPES, Component, Problem, Source, strongest_scope
from .base import read_text
from .npm import Entry, Graph, ProblemSink, declarations, valid_name

PATCHED = "patched"  # group of a package installed with a patch applied (yarn ``patch:``, pnpm patchedDependencies)


def package_name(name: str) -> bool:
    """npm's minimum for a name (:func:`~.npm.valid_name`), and a scoped name has its ``/``: a lock key cut
    at the wrong ``@`` gives ``@`` or ``@scope`` alone."""
    return valid_name(name) and (not name.startswith("@") or "/" in name)


@dataclass(slots=True)
class Package:
    """One resolved package of a lock file."""

    name: str
    version: str
    line: int | None
    origin: str = "registry"
    resolved: str | None = None
    scope: str | None = None  # the lock's own marking (pnpm ``dev``/``optional`` flags); None: propagated
    patched: bool = False


class Dep(NamedTuple):
    """One edge: the name it is installed under, the package (or workspace) it resolves to, its scope.

    For a package's dependency the scope is ``runtime``, ``optional`` (an ``optionalDependencies`` edge) or
    ``peer`` (a peer the lock resolved for it); for a project's or workspace member's, the scope of the
    section that declares it.
    """

    name: str
    target: Hashable
    scope: str = "runtime"


@dataclass
class LockGraph:
    """The packages of one lock, their dependency edges, and what the project and its members declare."""

    packages: dict[Hashable, Package] = field(default_factory=dict)
    deps: dict[Hashable, list[Dep]] = field(default_factory=dict)  # package -> its dependencies
    roots: dict[Hashable, list[Dep]] = field(default_factory=dict)  # project / member -> its direct dependencies
    members: dict[Hashable, str] = field(default_factory=dict)  # workspace members (not the project) -> name

    def add_root(self, owner: Hashable, dep: Dep) -> None:
        self.roots.setdefault(owner, []).append(dep)

    def components(self, path: str) -> list[Component]:
        """One component per (name, version, origin, alias); ``direct``, ``via``, scope and groups filled in.

        A package reached under another name (an alias) is a variant ``(package, alias)`` of its own: the
        same package can be both a plain and an aliased dependency. Workspace members are nodes ``(member,)``
        so their dependencies get the member's name as group, and they are never components themselves.
        """
        variants = self._variants()
        edges: dict[Hashable, list[Hashable]] = {}
        by_kind: dict[str, dict[Hashable, list[Hashable]]] = {"runtime": {}, "optional": {}}
        for key, deps in self.deps.items():
            children = [self._node(dep) for dep in deps]
            required = [node for node, dep in zip(children, deps, strict=True) if dep.scope == "runtime"]
            installed = [node for node, dep in zip(children, deps, strict=True) if dep.scope != "peer"]
            for alias in variants.get(key, (None,)):
                edges[(key, alias)] = children
                by_kind["runtime"][(key, alias)] = required
                by_kind["optional"][(key, alias)] = installed
        root_scopes: dict[Hashable, list[str]] = {}
        for owner, deps in self.roots.items():
            if owner in self.members:
                edges[(owner,)] = [self._node(dep) for dep in deps]
            for dep in deps:
                if dep.target in self.packages:
                    root_scopes.setdefault(self._node(dep), []).append(dep.scope)
        kinds = {"runtime"} | {dep.scope for deps in self.deps.values() for dep in deps}
        passes = [(kind, by_kind.get(kind, edges)) for kind in ("runtime", "optional", "peer") if kind in kinds]
        scopes = _scopes({node: strongest_scope(s) for node, s in root_scopes.items()}, passes)
        graph = Graph(edges=edges, direct=set(root_scopes), members={(m,): name for m, name in self.members.items()})
        for key, package in self.packages.items():
            for alias in variants.get(key, (None,)):
                node = (key, alias)
                scope = package.scope or scopes.get(node, "runtime")
                entry = Entry(node, package.name, package.version, package.line, scope, package.origin)
                entry.resolved, entry.alias = package.resolved, alias
                graph.entries.append(entry)
        patched = {(p.name, p.version) for p in self.packages.values() if p.patched}
        return [_mark_patched(c) if (c.name, c.version) in patched else c for c in graph.components(path)]

    def _node(self, dep: Dep) -> Hashable:
        """The graph node an edge points to: a member ``(member,)``, else ``(package, alias or None)``."""
        if dep.target in self.members or dep.target in self.roots:
            return (dep.target,)
        package = self.packages.get(dep.target)
        return (dep.target, dep.name if package is not None and dep.name != package.name else None)

    def _variants(self) -> dict[Hashable, list[str | None]]:
        """The install names each package is reached under: None (its own name) and any aliases."""
        names: dict[Hashable, set[str | None]] = {}
        for deps in (*self.deps.values(), *self.roots.values()):
            for dep in deps:
                package = self.packages.get(dep.target)
                if package is not None:
                    names.setdefault(dep.target, set()).add(dep.name if dep.name != package.name else None)
        return {key: sorted(found, key=lambda a: a or "") for key, found in names.items()}


def _scopes(roots: dict[Hashable, str], passes: list[tuple[str, dict[Hashable, list[Hashable]]]]) -> dict:
    """Scope of each node: the strongest over its paths from the direct dependencies.

    A path is as weak as its root and its weakest edge: through an optional edge at most ``optional``
    (an optional dependency of something shipped), through a peer edge at most ``peer``; a dev root keeps
    everything below it dev. One propagation per kind of edge the lock has, each over the edges at least
    that strong with the roots capped at that kind; the strongest result wins.
    """
    scopes: dict[Hashable, str] = {}
    for kind, edges in passes:
        cap = SCOPES.index(kind)
        capped = {node: SCOPES[max(SCOPES.index(scope), cap)] for node, scope in roots.items()}
        for node, scope in propagate_scopes(capped, edges).items():
            scopes[node] = strongest_scope((scopes[node], scope)) if node in scopes else scope
    return scopes


def _mark_patched(comp: Component) -> Component:
    return dataclasses.replace(comp, groups=tuple(sorted({*comp.groups, PATCHED})))


# ---------------------------------------------------------------------------------------------------------
# package.json files beside a lock


def load_manifest(path: str, problem: ProblemSink, includes: list[str], text: str | None = None) -> dict | None:
    """The JSON object of the ``package.json`` at ``path`` (or its given ``text``); problems go to ``problem``.

    The file is added to ``includes`` when it was read from disk, even if broken (its fix must rebuild).
    """
    if text is None:
        text, read_problem = read_text(path)
        includes.append(path)
        if read_problem is not None:
            problem.problems.append(read_problem)
            return None
    data, parse_problem = load_json(text.removeprefix("\ufeff"), path)
    if parse_problem is not None:
        problem.problems.append(parse_problem)
        return None
    if not isinstance(data, dict):
        problem.problems.append(Problem("manifest", f"expected a JSON object, got {json_type(data)}", Source(path, 1)))
        return None
    return data


def declared_scopes(manifest: dict, path: str, problem: ProblemSink) -> dict[str, str]:
    """Name -> the strongest scope among the sections of a ``package.json`` that declare it."""
    sink = ProblemSink(path)
    scopes: dict[str, list[str]] = {}
    for decl in declarations(manifest, sink, None):
        scopes.setdefault(decl.key, []).append(decl.scope)
    problem.problems.extend(sink.problems)
    return {name: strongest_scope(found) for name, found in scopes.items()}


def names_of(items: Iterable[str], limit: int = 5) -> str:
    """A short list for a message: the first few names, then how many more."""
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
