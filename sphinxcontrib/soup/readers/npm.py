"""npm: ``package.json`` manifests and ``package-lock.json`` / ``npm-shrinkwrap.json`` lock files (v1-v3).

A manifest gives the direct dependencies with their ranges as written. A lock gives every installed
package: lockfileVersion 2 and 3 as a flat ``packages`` map keyed by install path
(``node_modules/a/node_modules/b``), lockfileVersion 1 as a nested ``dependencies`` tree keyed by install
name. Both become the same :class:`Graph` (install location -> the locations its dependencies resolve to,
found the way node's ``require`` finds them), from which ``direct``, ``via`` and workspace ``groups`` follow.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from ..facades.json_file import json_type, load_json
from ..facades.purl import make_purl
from ..graph import reach
from ..locate import LineIndex, first_line, json_member_lines, json_object_lines
from ..model import Component, Problem, ReadResult, Source, strongest_scope
from .base import dedupe, failed, read_text

MANIFEST_FORMAT = "package.json"
LOCK_FORMAT = "package-lock"
ECOSYSTEM = "npm"

#: dependency sections of a manifest (or of a lock's root / workspace entry) and the scope each gives,
#: strongest first: for a name declared in several sections, the first one's spec is kept
SECTIONS = (
    ("dependencies", "runtime"),
    ("optionalDependencies", "optional"),
    ("peerDependencies", "peer"),
    ("devDependencies", "dev"),
)
ALL_SECTIONS = frozenset(s for s, _ in SECTIONS)
#: what an installed package brings along: npm never installs a dependency's own devDependencies
INSTALLED_SECTIONS = frozenset(("dependencies", "optionalDependencies", "peerDependencies"))
BUNDLED = "bundled"  # group of packages shipped inside their dependent's tarball (bundleDependencies)

_GIT_PREFIXES = ("git+", "git:", "github:", "gitlab:", "bitbucket:", "gist:")
_PATH_PREFIXES = ("file:", "link:")
_PATH_STARTS = ("./", "../", "/", "~/", ".\\", "..\\")
_URL_STARTS = ("http://", "https://")
_GITHUB_SHORTHAND = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+(?:#.*)?$")
_EXACT_VERSION = re.compile(r"^=?v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_NODE_MODULES = "node_modules/"
_NESTED = "/node_modules/"

Where = int | None | Mapping[str, int]  # a line, or the line of each section


# ---------------------------------------------------------------------------------------------------------
# Shared small pieces


class ProblemSink:
    """Collects the problems of one file, each located by line."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def __call__(self, message: str, line: int | None = None, kind: str = "manifest") -> None:
        self.problems.append(Problem(kind, message, Source(self.path, line)))


def _load_object(text: str, path: str, fmt: str) -> tuple[dict | None, ReadResult | None]:
    """The top-level JSON object of ``text`` (a BOM is tolerated), or the failed result to return."""
    data, problem = load_json(text.removeprefix("\ufeff"), path)
    if problem is not None:
        return None, failed(path, fmt, problem)
    if not isinstance(data, dict):
        message = f"expected a JSON object, got {json_type(data)}"
        return None, failed(path, fmt, Problem("manifest", message, Source(path, 1)))
    return data, None


# ---------------------------------------------------------------------------------------------------------
# Dependency specs: the right-hand side of a manifest entry, the ``version`` of a v1 lock entry


@dataclass(frozen=True)
class Spec:
    """What one dependency spec says: the real package, its version or range, and where it comes from."""

    name: str
    version: str  # the range or version as written; the ref for git; "" when the spec names none
    origin: str = "registry"
    resolved: str | None = None
    alias: str | None = None

    @property
    def pinned(self) -> bool:
        """An exact version (or, for git, a full commit): the spec cannot move."""
        if self.origin == "git":
            return bool(_COMMIT.match(self.version))
        return bool(_EXACT_VERSION.match(self.version))


def parse_spec(key: str, spec: str) -> Spec:
    """Interpret the spec of dependency ``key``: ``npm:`` aliases, git, paths, tarball URLs, ``workspace:``."""
    spec = spec.strip()
    if spec.startswith("npm:"):
        body = spec[4:]
        at = body.find("@", 1)  # from 1: a scoped name starts with "@"
        name, version = (body, "") if at < 0 else (body[:at], body[at + 1 :])
        name = name or key
        return Spec(name, version or "*", alias=key if name != key else None)
    if spec.startswith("workspace:"):
        return Spec(key, spec[len("workspace:") :] or "*", origin="workspace")
    if spec.startswith(_GIT_PREFIXES) or (":" not in spec and _GITHUB_SHORTHAND.match(spec)):
        return Spec(key, spec.partition("#")[2], origin="git", resolved=spec)
    if spec.startswith(_URL_STARTS):
        return Spec(key, "", origin="url", resolved=spec)
    if spec.startswith(_PATH_PREFIXES):
        return Spec(key, "", origin="path", resolved=spec.partition(":")[2])
    if spec.startswith(_PATH_STARTS) or spec in (".", ".."):
        return Spec(key, "", origin="path", resolved=spec)
    return Spec(key, spec or "*")  # npm reads an empty range as "*"


def valid_name(name: str) -> bool:
    """npm's minimum for a name: not blank, no surrounding spaces, and a scoped name has a package part."""
    package = name.split("/", 1)[1] if name.startswith("@") and "/" in name else name
    return name == name.strip() and bool(package.strip().strip("/"))


def _component(spec: Spec | Entry, *, scope: str, direct: bool, pinned: bool, source: Source, **extra) -> Component:
    """A component of a manifest ``Spec`` or a lock ``Entry``; the purl has a version only when it is exact."""
    return Component(
        name=spec.name,
        version=spec.version,
        ecosystem=ECOSYSTEM,
        purl=make_purl(ECOSYSTEM, spec.name, spec.version if pinned else None),
        source=source,
        scope=scope,
        direct=direct,
        pinned=pinned,
        origin=spec.origin,
        resolved=spec.resolved,
        alias=spec.alias,
        **extra,
    )


# ---------------------------------------------------------------------------------------------------------
# Declarations: the dependency sections of a manifest, a lock root or a workspace member


class Declaration(NamedTuple):
    """One ``"name": "spec"`` of a dependency section (a tuple: there is one per edge of a lock)."""

    key: str  # the install name (the alias, for an ``npm:`` alias)
    spec: str
    scope: str
    section: str


def declarations(obj: dict, problem: ProblemSink, where: Where, sections=ALL_SECTIONS) -> list[Declaration]:
    """The dependencies ``obj`` declares in ``sections``, in file order per section; bad types are reported."""
    found: list[Declaration] = []
    for section, scope in SECTIONS:
        deps = obj.get(section)
        if deps is None or section not in sections:
            continue
        if type(deps) is not dict:
            problem(f"'{section}' should be an object of name: range, not {json_type(deps)}", _line(where, section))
            continue
        for key, spec in deps.items():
            if type(spec) is not str:
                problem(
                    f"{section}: the spec of '{key}' should be a string, not {json_type(spec)}", _line(where, section)
                )
                spec = ""
            found.append(Declaration(key, spec, scope, section))
    return found


def _line(where: Where, section: str) -> int | None:
    return where.get(section) if isinstance(where, Mapping) else where


# ---------------------------------------------------------------------------------------------------------
# package.json


def read_package_json(text: str, path: str) -> ReadResult:
    """The direct dependencies a ``package.json`` declares, each with its range as written (not locked)."""
    data, failure = _load_object(text, path, MANIFEST_FORMAT)
    if failure is not None:
        return failure
    problem = ProblemSink(path)
    index = LineIndex(text)
    starts = _section_starts(text, index)
    decls = declarations(data, problem, {section: line for section, (line, _end) in starts.items()})
    lines = _declaration_lines(text, index, decls, starts)
    bundle_line = first_line(text, '"bundleDependencies"') or first_line(text, '"bundledDependencies"')
    bundled = _bundled_names(data, decls, problem, bundle_line)
    scopes: dict[str, list[str]] = {}
    for decl in decls:
        scopes.setdefault(decl.key, []).append(decl.scope)
    components: dict[str, Component] = {}
    for decl in decls:  # SECTIONS order: a name in several sections keeps its strongest section's spec
        if decl.key in components:
            continue
        spec = parse_spec(decl.key, decl.spec)
        if not valid_name(spec.name):
            problem(f"{decl.section}: {decl.key!r} is not a valid package name", starts.get(decl.section, (None,))[0])
            continue
        components[decl.key] = _component(
            spec,
            scope=strongest_scope(scopes[decl.key]),
            direct=True,
            pinned=spec.pinned,
            groups=(BUNDLED,) if decl.key in bundled else (),
            source=Source(path, lines.get((decl.section, decl.key))),
        )
    if workspace_globs(data.get("workspaces")) is None:
        problem("'workspaces' should be a list of globs or {\"packages\": [...]}", first_line(text, '"workspaces"'))
    return ReadResult(
        path=path,
        format=MANIFEST_FORMAT,
        components=tuple(dedupe(list(components.values()))),
        problems=tuple(problem.problems),
        locked=False,
    )


def _section_starts(text: str, index: LineIndex) -> dict[str, tuple[int, int]]:
    """Section name -> (its line, the offset just after its ``"section":``)."""
    starts = {}
    for section, _scope in SECTIONS:
        match = re.search(r'"' + section + r'"\s*:', text)
        if match is not None:
            starts[section] = (index.line_of(match.start()), match.end())
    return starts


def _declaration_lines(
    text: str, index: LineIndex, decls: list[Declaration], starts: dict[str, tuple[int, int]]
) -> dict[tuple[str, str], int | None]:
    """Line of each declaration: one forward search through each section, not one scan per entry."""
    cursors = {section: end for section, (_line, end) in starts.items()}
    lines: dict[tuple[str, str], int | None] = {}
    for decl in decls:
        cursor = cursors.get(decl.section, -1)
        found = text.find(f'"{decl.key}"', cursor) if cursor >= 0 else -1
        if found < 0:  # an escaped key: the section's line will do
            lines[(decl.section, decl.key)] = starts[decl.section][0] if decl.section in starts else None
            continue
        lines[(decl.section, decl.key)] = index.line_of(found)
        cursors[decl.section] = found + len(decl.key) + 2
    return lines


def _bundled_names(data: dict, decls: list[Declaration], problem: ProblemSink, line: int | None) -> set[str]:
    """Names in ``bundleDependencies`` (or ``bundledDependencies``); ``true`` bundles all dependencies."""
    value = data.get("bundleDependencies", data.get("bundledDependencies"))
    if value is None or value is False:
        return set()
    if value is True:
        return {d.key for d in decls if d.section == "dependencies"}
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problem(f"'bundleDependencies' should be a list of names or true, not {json_type(value)}", line)
        return set()
    declared = {d.key for d in decls}
    for name in value:
        if name not in declared:  # npm packs only what is installed: the name is still worth a warning
            problem(f"bundled dependency '{name}' is not declared in any dependency section", line)
    return set(value)


def workspace_globs(value: object) -> list[str] | None:
    """Member globs of a ``workspaces`` value (a list or ``{"packages": [...]}``); None when malformed."""
    if value is None:
        return []
    globs = value.get("packages", []) if isinstance(value, dict) else value
    if not isinstance(globs, list) or not all(isinstance(g, str) for g in globs):
        return None
    return [g.removeprefix("./").rstrip("/") for g in globs]


# ---------------------------------------------------------------------------------------------------------
# The graph every lock version is read into


@dataclass(slots=True)
class Entry:
    """One installed package location of a lock file, before the graph gives it ``direct`` and ``via``."""

    node: Hashable  # the install location: a v2/v3 key, or the tuple of names of a v1 tree path
    name: str
    version: str
    line: int | None
    scope: str = "runtime"
    origin: str = "registry"
    resolved: str | None = None
    alias: str | None = None
    license: str | None = None
    bundled: bool = False


@dataclass
class Graph:
    """The entries and edges of one lock, and the locations the project (or a workspace) asks for."""

    entries: list[Entry] = field(default_factory=list)
    edges: dict[Hashable, list[Hashable]] = field(default_factory=dict)
    direct: set[Hashable] = field(default_factory=set)
    members: dict[Hashable, str] = field(default_factory=dict)  # workspace member location -> its name
    top: Callable[[str], Hashable | None] = lambda name: None  # where a top-level name is installed

    def components(self, path: str) -> list[Component]:
        """One component per entry, deduplicated; ``via`` and workspace groups from the edges."""
        names = {e.node: e.name for e in self.entries}
        # A member's own dependencies are direct, so members never appear in ``via``.
        roots = {node: names[node] for node in self.direct if node in names and node not in self.members}
        via = reach(roots, self.edges)
        asked_by = reach(self.members, self.edges) if self.members else {}
        components = []
        for entry in self.entries:
            direct = entry.node in self.direct
            groups: tuple[str, ...] = ()
            if entry.node in asked_by or entry.bundled:
                asking = asked_by.get(entry.node, set()) - {self.members.get(entry.node)}
                groups = tuple(sorted(asking | {BUNDLED} if entry.bundled else asking))
            components.append(
                _component(
                    entry,
                    scope=entry.scope,
                    direct=direct,
                    pinned=bool(entry.version),
                    via=() if direct else tuple(sorted(via.get(entry.node, ()))),
                    license=entry.license,
                    groups=groups,
                    source=Source(path, entry.line),
                )
            )
        return dedupe(components)

    def guess_direct(self) -> None:
        """Without a manifest: take the top-level packages that nothing else requires as direct."""
        required = {child for node, children in self.edges.items() for child in children if child != node}
        self.direct = {e.node for e in self.entries if _is_top_level(e.node) and e.node not in required}


def _is_top_level(node: Hashable) -> bool:
    if isinstance(node, tuple):
        return len(node) == 1
    return isinstance(node, str) and node.startswith(_NODE_MODULES) and _NESTED not in node


def flag_scope(entry: dict) -> str:
    """Scope from npm's flags. ``dev``: only dev needs it (also an optional dep of a dev dep);
    ``optional``/``devOptional``: an optional dependency of something shipped; ``peer``; else ``runtime``."""
    if entry.get("dev") is True:
        return "dev"
    if entry.get("optional") is True or entry.get("devOptional") is True:
        return "optional"
    if entry.get("peer") is True:
        return "peer"
    return "runtime"


def license_text(value: object) -> str | None:
    """A license as one string: as written; legacy ``{"type": ...}`` objects and lists joined by OR."""
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        return license_text(value["type"]) if "type" in value else str(value)
    if isinstance(value, list):
        parts = [license_text(v) for v in value]
        return " OR ".join(p for p in parts if p) or None
    return str(value)


def _version(raw: object, label: str, problem: ProblemSink, line: int | None, required: bool) -> str:
    """The ``version`` of a lock entry as a string; a missing or mistyped one is reported."""
    if isinstance(raw, str):
        return raw
    if raw is None:
        if required:
            problem(f"package '{label}' has no version", line)
        return ""
    problem(f"the version of '{label}' should be a string, not {json_type(raw)}", line)
    return str(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else ""


# ---------------------------------------------------------------------------------------------------------
# package-lock.json / npm-shrinkwrap.json


def read_package_lock(text: str, path: str, *, manifest: str | None = None) -> ReadResult:
    """Every package of an npm lock file (lockfileVersion 1, 2 or 3).

    ``manifest`` is the text of the project's ``package.json``. A v1 lock needs it to know the direct
    dependencies; without it the sibling ``package.json`` (or ``X.package.json`` beside
    ``X.package-lock*.json``) is read, and without one they are guessed, with a problem.
    """
    data, failure = _load_object(text, path, LOCK_FORMAT)
    if failure is not None:
        return failure
    problem = ProblemSink(path)
    version = _lock_version(data, text, problem)
    if version == 1 and not isinstance(data.get("dependencies"), dict | None):
        message = f"'dependencies' should be an object, not {json_type(data['dependencies'])}"
        problem(message, first_line(text, '"dependencies"'))
        return ReadResult(path=path, format=LOCK_FORMAT, problems=tuple(problem.problems))
    graph = _graph_v2(text, data["packages"], problem) if version >= 2 else _graph_v1(text, data, problem)
    includes: tuple[str, ...] = ()
    if version == 1 or not isinstance(data["packages"].get(""), dict):  # no root entry to say what is direct
        includes = _direct_from_manifest(graph, path, manifest, problem)
    return ReadResult(
        path=path,
        format=LOCK_FORMAT,
        components=tuple(graph.components(path)),
        problems=tuple(problem.problems),
        includes=includes,
    )


def _lock_version(data: dict, text: str, problem: ProblemSink) -> int:
    """1 (nested tree) or 2/3 (``packages`` map): what the file says, or what it looks like, with a problem."""
    version = data.get("lockfileVersion")
    packages = data.get("packages")
    if type(version) is not int or version not in (1, 2, 3):
        read_as = 3 if isinstance(packages, dict) else 1
        said = "no lockfileVersion" if version is None else f"unknown lockfileVersion {version!r}"
        problem(f"{said}; read as version {read_as}", first_line(text, '"lockfileVersion"'))
        return read_as
    if version >= 2 and not isinstance(packages, dict):
        if packages is not None:
            problem(f"'packages' should be an object, not {json_type(packages)}", first_line(text, '"packages"'))
        problem(f"lockfileVersion {version} without a 'packages' map: its legacy 'dependencies' tree is read")
        return 1
    return version


def _direct_from_manifest(graph: Graph, path: str, manifest: str | None, problem: ProblemSink) -> tuple[str, ...]:
    """Direct dependencies from the project's manifest (given, or a sibling file), else guessed."""
    includes: tuple[str, ...] = ()
    manifest_path = path
    if manifest is None:
        sibling = sibling_manifest(path)
        if sibling is not None:
            manifest, read_problem = read_text(sibling)
            manifest_path, includes = sibling, (sibling,)
            if read_problem is not None:
                problem.problems.append(read_problem)
    data = None
    if manifest is not None:
        data, failure = _load_object(manifest, manifest_path, MANIFEST_FORMAT)
        if failure is not None:
            problem.problems.extend(failure.problems)
    if data is None:
        graph.guess_direct()
        problem("no package.json for this lock: direct dependencies were guessed (top-level packages nothing requires)")
        return includes
    manifest_problem = ProblemSink(manifest_path)
    for decl in declarations(data, manifest_problem, None):
        node = graph.top(decl.key)
        if node is not None:
            graph.direct.add(node)
        elif decl.scope in ("runtime", "dev"):  # old npm installs no peers; a failed optional is fine
            problem(f"'{decl.key}' is declared in {os.path.basename(manifest_path)} but not in the lock")
    problem.problems.extend(manifest_problem.problems)
    return includes


def sibling_manifest(
    path: str, locks: tuple[str, ...] = ("package-lock.json", "npm-shrinkwrap.json"), infix: str = ".package-lock"
) -> str | None:
    """The ``package.json`` that belongs to a lock file, if it exists: same folder (and same ``X.`` prefix).

    ``locks`` are the lock's plain names, ``infix`` what follows ``X`` in a renamed copy (yarn: ``.yarn.lock``).
    """
    folder, name = os.path.split(path)
    lower = name.lower()
    if lower in locks:
        candidate = os.path.join(folder, "package.json")
    elif infix in lower:
        candidate = os.path.join(folder, name[: lower.index(infix)] + ".package.json")
    else:
        return None
    return candidate if os.path.isfile(candidate) else None


# --- lockfileVersion 2 and 3: the flat ``packages`` map


def _graph_v2(text: str, packages: dict, problem: ProblemSink) -> Graph:
    lines = json_member_lines(text, "packages", packages)
    entries: dict[str, dict] = {}
    for key, entry in packages.items():
        if type(entry) is dict:
            entries[key] = entry
        else:
            line = lines.get(key) or first_line(text, f'"{key}"')
            problem(f"package entry '{key}' should be an object, not {json_type(entry)}", line)
    links = _links(entries, lines, problem)
    root = entries.get("", {})
    globs = workspace_globs(root.get("workspaces"))
    if globs is None:
        problem("the root's 'workspaces' should be a list of globs", lines.get(""))
    link_names = {target: _install_name(key) for key, target in links.items() if target is not None}
    graph = Graph(top=lambda name: _resolve(entries, links, "", name))
    url_targets: set[str] = set()
    for key, entry in entries.items():
        if key == "" or key in links:
            continue
        line = lines.get(key)
        member = _is_local(key) and any(fnmatch.fnmatchcase(key, g) for g in globs or ())
        new = _entry_v2(key, entry, line, link_names.get(key), member, problem)
        if not valid_name(new.name):
            problem(f"package entry '{key}' has no valid package name ({new.name!r})", line)
            continue
        graph.entries.append(new)
        if member:
            graph.members[key] = graph.entries[-1].name
        sections = ALL_SECTIONS if member else INSTALLED_SECTIONS
        graph.edges[key] = _edges_v2(key, entry, sections, entries, links, url_targets, problem, line)
    if "" in entries:
        graph.direct = set(_edges_v2("", root, ALL_SECTIONS, entries, links, url_targets, problem, lines.get("")))
    for member in graph.members:
        graph.direct.add(member)
        graph.direct.update(graph.edges[member])
    for entry in graph.entries:
        if entry.node in url_targets and entry.origin == "registry":  # asked for by tarball URL
            entry.origin, entry.resolved = "url", entries[entry.node].get("resolved")
    return graph


def _links(entries: dict[str, dict], lines: dict[str, int], problem: ProblemSink) -> dict[str, str | None]:
    """``link: true`` entries (symlinks to workspace members or ``file:`` folders) -> their target key."""
    links: dict[str, str | None] = {}
    for key, entry in entries.items():
        if entry.get("link") is not True:
            continue
        target = entry.get("resolved")
        if not isinstance(target, str) or target not in entries:
            name = _install_name(key)
            problem(f"link '{key}' points to {target!r}, not in the lock: package '{name}' unknown", lines.get(key))
            target = None
        links[key] = target
    return links


def _entry_v2(
    key: str, entry: dict, line: int | None, link_name: str | None, member: bool, problem: ProblemSink
) -> Entry:
    name = entry.get("name")
    if name is not None and not isinstance(name, str):
        problem(f"the name of '{key}' should be a string, not {json_type(name)}", line)
        name = None
    install_name = link_name or _install_name(key)
    name = name or install_name
    local = _is_local(key)
    if local:
        origin, resolved = ("workspace", None) if member else ("path", key)
    else:
        origin, resolved = _origin(entry.get("resolved"))
    return Entry(
        node=key,
        name=name,
        version=_version(entry.get("version"), key, problem, line, required=not local),
        line=line,
        scope=flag_scope(entry),
        origin=origin,
        resolved=resolved,
        alias=install_name if install_name != name and not local else None,
        license=license_text(entry.get("license")),
        bundled=entry.get("inBundle") is True,
    )


def _origin(resolved: object) -> tuple[str, str | None]:
    """Origin of an installed entry from its ``resolved``: a git URL, a local path, or the registry."""
    if not isinstance(resolved, str):
        return "registry", None
    if resolved.startswith(_GIT_PREFIXES):
        return "git", resolved
    if resolved.startswith(_PATH_PREFIXES):
        return "path", resolved.partition(":")[2]
    if "://" not in resolved:
        return "path", resolved
    return "registry", None  # a tarball URL: the registry's, unless a dependent asked for it by URL


def _edges_v2(
    key: str,
    entry: dict,
    sections: frozenset[str],
    entries: dict[str, dict],
    links: dict[str, str | None],
    url_targets: set[str],
    problem: ProblemSink,
    line: int | None,
) -> list[str]:
    """Where the dependencies of ``key`` resolve to; a missing (non-optional, non-peer) one is reported."""
    children = []
    for decl in declarations(entry, problem, line, sections):
        target = _resolve(entries, links, key, decl.key)
        if target is None:
            if decl.section == "dependencies":
                problem(f"'{key or 'the project'}' depends on '{decl.key}', which is not in the lock", line)
            continue
        if decl.spec.startswith(_URL_STARTS):
            url_targets.add(target)
        children.append(target)
    return children


def _resolve(entries: dict[str, dict], links: dict[str, str | None], key: str, dep: str) -> str | None:
    """node's lookup: ``<key>/node_modules/<dep>``, then each enclosing ``node_modules``; links followed.

    ``a/node_modules/b/node_modules/c`` looks in itself, ``a/node_modules/b``, ``a``, then the root.
    """
    base = key
    while True:
        candidate = f"{base}/{_NODE_MODULES}{dep}" if base else _NODE_MODULES + dep
        if candidate in links:
            return links[candidate]
        if candidate in entries:
            return candidate
        if not base:
            return None
        cut = base.rfind(_NESTED)
        base = base[:cut] if cut >= 0 else ""


def _install_name(key: str) -> str:
    """The folder name a package is installed under: what follows the last ``node_modules/``."""
    cut = key.rfind(_NODE_MODULES)
    return key[cut + len(_NODE_MODULES) :] if cut >= 0 else key.rstrip("/").rsplit("/", 1)[-1]


def _is_local(key: str) -> bool:
    """A key outside every ``node_modules`` is a folder of the project (workspace member or ``file:`` dep)."""
    return bool(key) and not key.startswith(_NODE_MODULES) and _NESTED not in key


# --- lockfileVersion 1: the nested ``dependencies`` tree


def _graph_v1(text: str, data: dict, problem: ProblemSink) -> Graph:
    tree = data.get("dependencies") or {}
    lines = json_object_lines(text, data) if tree else {}
    nodes: dict[tuple[str, ...], dict] = {}
    graph = Graph(top=lambda name: (name,) if (name,) in nodes else None)
    for node, entry, parent_line in _walk_v1(tree, lines):
        if type(entry) is not dict:
            problem(f"package entry '{_label(node)}' should be an object, not {json_type(entry)}", parent_line)
            continue
        line = lines.get(id(entry), parent_line)
        nested = entry.get("dependencies")
        if nested is not None and type(nested) is not dict:
            problem(f"the 'dependencies' of '{_label(node)}' should be an object, not {json_type(nested)}", line)
        new = _entry_v1(node, entry, line, problem)
        if not valid_name(new.name):
            problem(f"package entry '{_label(node)}' has no valid package name ({new.name!r})", line)
            continue
        nodes[node] = entry
        graph.entries.append(new)
    for node, entry in nodes.items():
        graph.edges[node] = _edges_v1(node, entry, nodes, problem, lines.get(id(entry)))
    return graph


def _label(node: tuple[str, ...]) -> str:
    """A v1 install path for messages: ``a > b``."""
    return " > ".join(node)


def _walk_v1(tree: dict, lines: dict[int, int]) -> Iterator[tuple[tuple[str, ...], object, int | None]]:
    """Every (install path, entry, line of the enclosing entry) of a v1 tree in file order; iterative."""
    stack: list[tuple[tuple[str, ...], Iterator, int | None]] = [((), iter(tree.items()), None)]
    while stack:
        path, items, parent_line = stack[-1]
        for name, entry in items:
            node = (*path, name)
            yield node, entry, parent_line
            nested = entry.get("dependencies") if isinstance(entry, dict) else None
            if isinstance(nested, dict) and nested:
                stack.append((node, iter(nested.items()), lines.get(id(entry))))
                break
        else:
            stack.pop()


def _entry_v1(node: tuple[str, ...], entry: dict, line: int | None, problem: ProblemSink) -> Entry:
    key = node[-1]
    raw = entry.get("version")
    if type(raw) is str and raw[:1].isdigit():  # the common case: a registry version
        spec = Spec(key, raw)
    else:
        raw = _version(raw, _label(node), problem, line, required=True)
        spec = parse_spec(key, raw) if raw else Spec(key, "")
    version = spec.version
    if spec.origin == "git":  # the "version" is the URL with the commit npm resolved: that commit is exact
        version = version if _COMMIT.match(version) else ""
    elif spec.origin != "registry":
        version = ""
    return Entry(
        node=node,
        name=spec.name,
        version=version,
        line=line,
        scope=flag_scope(entry),
        origin=spec.origin,
        resolved=spec.resolved,
        alias=spec.alias,
        bundled=entry.get("bundled") is True,
    )


def _edges_v1(
    node: tuple[str, ...], entry: dict, nodes: dict, problem: ProblemSink, line: int | None
) -> list[tuple[str, ...]]:
    """Where each ``requires`` name of a v1 entry resolves: its own nested tree, then each ancestor's."""
    requires = entry.get("requires")
    if requires is None:
        return []
    if not isinstance(requires, dict):
        problem(f"the 'requires' of '{_label(node)}' should be an object, not {json_type(requires)}", line)
        return []
    children = []
    for dep in requires:
        for depth in range(len(node), -1, -1):
            candidate = (*node[:depth], dep)
            if candidate in nodes:
                children.append(candidate)
                break
        else:
            problem(f"'{_label(node)}' requires '{dep}', which is not in the lock", line)
    return children


#: the formats this module reads, and the file names that select them (lower case, first match wins)
FORMATS = {MANIFEST_FORMAT: read_package_json, LOCK_FORMAT: read_package_lock}
PATTERNS = (
    ("package-lock*.json", LOCK_FORMAT),
    ("*.package-lock*.json", LOCK_FORMAT),
    ("npm-shrinkwrap.json", LOCK_FORMAT),
    ("package.json", MANIFEST_FORMAT),
    ("*.package.json", MANIFEST_FORMAT),
)
