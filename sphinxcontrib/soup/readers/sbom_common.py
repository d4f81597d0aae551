"""What the SBOM readers (CycloneDX, SPDX) share: one :class:`Node` per listed package, the document's graph,
and the one rule that turns them into components.

The rule. The package(s) the document describes are the project, never a component. ``direct`` = what a
described package depends on; ``via`` = the direct components a transitive one is reached from. ``scope`` =
the mark the format puts on the component itself (CycloneDX ``scope`` or a tool's property), else the
strongest scope over the paths from the project, a path being as weak as its weakest edge (below an SPDX
``DEV_DEPENDENCY_OF`` edge everything is dev unless reached another way). A document whose graph does not
start at the project gets its direct components guessed (those nothing else depends on; all of them when
there are no edges), with one problem; components the graph never reaches are taken as direct, named in one
problem. Nothing listed is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import quote

from ..facades.pep508 import canonical_name
from ..facades.purl import ParsedPurl, make_purl, parse_purl
from ..graph import reach
from ..model import SCOPES, Component, Source, strongest_scope
from .base import dedupe
from .lock_common import Problems, roots

#: purl types whose namespace is the distribution, not part of the package's name
_DISTRO_TYPES = frozenset(("deb", "rpm", "apk", "alpm", "alpine", "qpkg"))
_GIT_STARTS = ("git+", "git:", "git@", "github:", "gitlab:", "bitbucket:")
_NAMED = 5  # how many names a summary problem lists
_NODE_MODULES = "node_modules/"
_RANK = {scope: rank for rank, scope in enumerate(SCOPES)}


@dataclass(slots=True)
class Node:
    """One package an SBOM lists, before the graph gives it ``direct``, ``via`` and (if unmarked) its scope."""

    name: str
    version: str
    ecosystem: str
    purl: str
    line: int | None
    scope: str | None = None  # the format's own mark; None: from the graph
    license: str | None = None
    origin: str = "registry"
    resolved: str | None = None
    alias: str | None = None
    groups: tuple[str, ...] = ()
    marker: str | None = None
    description: str | None = None
    homepage: str | None = None
    supplier: str | None = None
    stated_via: tuple[str, ...] | None = None  # a transitive component's ``via`` as an SBOM of ours states it


class Identity(NamedTuple):
    name: str
    version: str
    ecosystem: str
    purl: str
    alias: str | None
    origin: str
    resolved: str | None


def identify(name: str, version: str, purl: str | None, namespace: str | None = None) -> tuple[Identity, str | None]:
    """Who a listed package is: from its purl when it has a valid one, else ``generic``; and a problem message.

    The name is the package's real name in its ecosystem (npm ``@scope/name``, maven ``group:artifact``, a
    Go module path); npm packages listed under another name (an alias) keep that name as ``alias``. The purl is
    kept as the file writes it. ``namespace`` is the document's own grouping (CycloneDX ``group``).
    """
    written = f"{namespace}/{name}" if namespace and name else name
    parsed = parse_purl(purl) if purl else None
    if parsed is None:
        problem = f"'{written}' has an invalid purl {purl!r}: listed as generic" if purl else None
        return Identity(written, version, "generic", _generic_purl(name, version, namespace), None, "registry", None), (
            problem
        )
    full = full_name(parsed)
    alias = None
    if parsed.type == "npm" and written and written != full:
        alias = written
    elif parsed.type == "pypi" and canonical_name(written) == full:
        full = written  # keep the display case the document uses
    origin, resolved = _origin(parsed.qualifiers)
    return Identity(full, version or parsed.version or "", parsed.type, purl, alias, origin, resolved), None


def installed_as(identity: Identity, install_path: object) -> str | None:
    """The folder an npm package is installed under when it is not its name: an npm alias (``node_modules/my-alias``
    holding ``lodash``). Tools write that path: CycloneDX ``cdx:npm:package:path``, SPDX ``packageFileName``."""
    if identity.ecosystem != "npm" or not isinstance(install_path, str) or _NODE_MODULES not in install_path:
        return None
    folder = install_path[install_path.rfind(_NODE_MODULES) + len(_NODE_MODULES) :]
    return folder if folder and folder != identity.name else None


def full_name(purl: ParsedPurl) -> str:
    """A package's name as its ecosystem writes it, from its purl parts."""
    if not purl.namespace or purl.type in _DISTRO_TYPES:
        return purl.name
    if purl.type == "maven":
        return f"{purl.namespace}:{purl.name}"
    return f"{purl.namespace}/{purl.name}"


def _generic_purl(name: str, version: str, namespace: str | None) -> str:
    try:
        return make_purl("generic", name, version or None, namespace=namespace or None)
    except (ValueError, TypeError):  # a name packageurl refuses (only slashes, blanks): still a component
        return f"pkg:generic/{quote(name, safe='') or 'unnamed'}"


def _origin(qualifiers: dict[str, str]) -> tuple[str, str | None]:
    """Where a package came from, by its purl's ``download_url``.

    ``vcs_url`` is not used: tools write it from a package's ``repository`` field, for registry packages too.
    """
    url = qualifiers.get("download_url")
    if not url:
        return "registry", None
    if url.startswith(_GIT_STARTS) or url.endswith(".git") or ".git#" in url:
        return "git", url
    if url.startswith("file:"):
        return "path", url.removeprefix("file:").removeprefix("//")
    return "url", url


def local_path(url: object) -> str | None:
    """The path of a distribution reference that points into the project (``libs/x``, ``file:x``), else None."""
    if not isinstance(url, str) or not url:
        return None
    if url.startswith("file:"):
        return url.removeprefix("file:").removeprefix("//")
    if "://" in url or url.startswith(_GIT_STARTS):
        return None
    return url


def join_licenses(parts: Iterable[object]) -> str | None:
    """Several license entries as one expression, each kept as written, joined with ``AND``.

    An entry that is itself an ``OR`` expression is parenthesized, so the join keeps its meaning.
    """
    seen: list[str] = []
    for part in parts:
        if isinstance(part, str) and part.strip() and part.strip() not in seen:
            seen.append(part.strip())
    if len(seen) <= 1:
        return seen[0] if seen else None
    return " AND ".join(f"({p})" if " or " in p.lower() and not p.startswith("(") else p for p in seen)


@dataclass
class SbomGraph:
    """The packages of one SBOM by document id (bom-ref, SPDXID), the project's ids, and the edges between ids."""

    nodes: dict[str, Node] = field(default_factory=dict)
    roots: set[str] = field(default_factory=set)
    edges: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> {dependency id: edge scope}
    ignored: set[str] = field(default_factory=set)  # ids of things that are not packages: files, crypto assets

    def add_edge(self, source: str, target: str, scope: str = "runtime") -> None:
        targets = self.edges.setdefault(source, {})
        old = targets.get(target)
        targets[target] = scope if old is None else strongest_scope((old, scope))

    def components(
        self, path: str, problems: Problems, line_of: Callable[[str], int | None] | None = None
    ) -> list[Component]:
        """One component per node (deduplicated), with ``direct``, ``via`` and scope from the graph.

        ``line_of`` locates the edges of an id, for the problem naming dangling references.
        """
        inner = self._inner_edges(problems, line_of or (lambda key: None))
        direct = self._direct(inner, problems)
        via = reach({node: self.nodes[node].name for node in direct}, inner)
        scopes = self._scopes(direct, inner, via)
        # what an SBOM of ours states as transitive is, even where its graph cannot show the path (through the
        # product's own sub-projects, which are not components)
        unreached = [key for key in self.nodes if key not in via and self.nodes[key].stated_via is None]
        if unreached and len(unreached) < len(self.nodes):
            names = ", ".join(sorted({self.nodes[key].name for key in unreached})[:_NAMED])
            message = f"{len(unreached)} component(s) the dependency graph does not reach, taken as direct: {names}"
            problems.add(message + ("…" if len(unreached) > _NAMED else ""), self.nodes[unreached[0]].line)
        for key in unreached:
            direct[key] = self.nodes[key].scope or "runtime"
        components = []
        for key, node in self.nodes.items():
            is_direct = key in direct and node.stated_via is None
            stated = node.stated_via
            components.append(
                Component(
                    name=node.name,
                    version=node.version,
                    ecosystem=node.ecosystem,
                    purl=node.purl,
                    source=Source(path, node.line),
                    scope=node.scope or scopes.get(key) or direct.get(key) or "runtime",
                    direct=is_direct,
                    pinned=bool(node.version),
                    via=() if is_direct else stated or tuple(sorted(via.get(key, ()))),
                    license=node.license,
                    origin=node.origin,
                    resolved=node.resolved,
                    alias=node.alias,
                    groups=node.groups,
                    marker=node.marker,
                    description=node.description,
                    homepage=node.homepage,
                    supplier=node.supplier,
                )
            )
        return dedupe(components)

    def _inner_edges(self, problems: Problems, line_of: Callable[[str], int | None]) -> dict[str, dict[str, str]]:
        """The edges between components (the project's own are read by :meth:`_direct`); dangling ones reported."""
        known = self.nodes.keys() | self.roots | self.ignored
        dangling: dict[str, str] = {}
        inner: dict[str, dict[str, str]] = {}
        for source, targets in self.edges.items():
            for target in (source, *targets):
                if target not in known:
                    dangling.setdefault(target, source)
            if source in self.nodes:
                inner[source] = {t: s for t, s in targets.items() if t in self.nodes and t != source}
        if dangling:
            first = next(iter(dangling))
            names = ", ".join(list(dangling)[:_NAMED]) + ("…" if len(dangling) > _NAMED else "")
            message = f"{len(dangling)} reference(s) in the dependency graph name no listed package: {names}"
            problems.add(message, line_of(dangling[first]))
        return inner

    def _direct(self, inner: dict[str, dict[str, str]], problems: Problems) -> dict[str, str]:
        """The direct components and the scope each starts with (its own mark, else the project's edge)."""
        direct: dict[str, str] = {}
        for root in self.roots:
            for target, scope in self.edges.get(root, {}).items():
                if target in self.nodes:
                    direct[target] = strongest_scope((direct[target], scope)) if target in direct else scope
        if not direct and self.nodes:
            if any(inner.values()):
                guessed = roots(self.nodes, inner)
                message = "the dependency graph does not start at the project: direct = what nothing depends on"
            else:
                guessed = list(self.nodes)
                message = "no dependency graph: every component is taken as direct"
            direct = dict.fromkeys(guessed, "runtime")
            problems.add(message, None)
        return {key: self.nodes[key].scope or scope for key, scope in direct.items()}

    def _scopes(
        self, direct: dict[str, str], inner: dict[str, dict[str, str]], reached: Iterable[str]
    ) -> dict[str, str]:
        """Scope of every reached node: the strongest level at which a path of edges at least that strong leads
        to it from a direct node of at least that scope.

        Levels go strongest first; each walks from every node found so far along the edges it newly allows. At
        the weakest level every edge and every direct node counts: that is ``reached``, found already.
        """
        levels = {_RANK[s] for s in direct.values()} | {_RANK[s] for t in inner.values() for s in t.values()}
        *stronger, weakest = sorted(levels) or [0]
        found: dict[str, str] = {}
        for rank in stronger:
            scope = SCOPES[rank]
            for key, start in direct.items():
                if _RANK[start] <= rank:
                    found.setdefault(key, scope)
            frontier = list(found)
            while frontier:
                for target, edge in inner.get(frontier.pop(), {}).items():
                    if target not in found and _RANK[edge] <= rank:
                        found[target] = scope
                        frontier.append(target)
        for node in reached:
            found.setdefault(node, SCOPES[weakest])
        return found


def json_string_lines(text: str, key: str) -> dict[str, int]:
    """Line of the first ``"key": "value"`` of each value in a JSON text: one ``str.find`` pass, lines counted
    as it goes. Values with escapes come out raw (callers then fall back to another key)."""
    needle = f'"{key}"'
    found: dict[str, int] = {}
    find, count = text.find, text.count
    size = len(text)
    line, counted = 1, 0
    at = find(needle)
    while at >= 0:
        i = at + len(needle)
        while i < size and text[i] in " \t\r\n":
            i += 1
        if i < size and text[i] == ":":
            i += 1
            while i < size and text[i] in " \t\r\n":
                i += 1
            if i < size and text[i] == '"':
                end = find('"', i + 1)
                if end < 0:
                    break
                line += count("\n", counted, at)
                counted = at
                found.setdefault(text[i + 1 : end], line)
        at = find(needle, at + 1)
    return found
