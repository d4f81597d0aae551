"""npm: ``package.json`` manifests and ``package-lock.json`` / ``npm-shrinkwrap.json`` lock files (v1-v3).

A manifest gives the direct dependencies with the ranges as written. A lock gives every installed package:
lockfileVersion 2 and 3 as a flat ``packages`` map keyed by install path (``node_modules/a/node_modules/b``),
lockfileVersion 1 as a nested ``dependencies`` tree keyed by install name. Both are turned into the same
graph (install location -> the locations its dependencies resolve to, the way node's ``require`` finds
them), from which ``direct``, ``via`` and workspace ``groups`` follow.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field

from ..facades.json_file import load_json
from ..facades.purl import make_purl
from ..graph import reach
from ..locate import LineIndex, first_line, json_key_lines, json_object_lines
from ..model import Component, Problem, ReadResult, Source, strongest_scope
from .base import dedupe, failed, read_text

MANIFEST_FORMAT = "package.json"
LOCK_FORMAT = "package-lock"
ECOSYSTEM = "npm"

#: dependency sections of a manifest (and of lock v2/v3 root/workspace entries) -> the scope they give
SECTIONS = (
    ("dependencies", "runtime"),
    ("optionalDependencies", "optional"),
    ("peerDependencies", "peer"),
    ("devDependencies", "dev"),
)
#: sections an installed (non-root) package brings with it: npm does not install a dependency's dev deps
INSTALLED_SECTIONS = ("dependencies", "optionalDependencies", "peerDependencies")
BUNDLED = "bundled"  # group name of packages shipped inside their dependent's tarball

_GIT_PREFIXES = ("git+", "git:", "github:", "gitlab:", "bitbucket:", "gist:")
_PATH_PREFIXES = ("file:", "link:")
_PATH_STARTS = ("./", "../", "/", "~/", ".\\", "..\\")
_URL_STARTS = ("http://", "https://")
_GITHUB_SHORTHAND = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+(?:#.*)?$")
_EXACT_VERSION = re.compile(r"^=?v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_NODE_MODULES = "node_modules/"
_NESTED = "/node_modules/"
_KNOWN_LOCK_VERSIONS = (1, 2, 3)


# ---------------------------------------------------------------------------------------------------------
# Dependency specs (the right-hand side of a manifest entry; the ``version`` of a v1 lock entry)


@dataclass(frozen=True)
class Spec:
    """What one dependency spec says: the real package, its version or range, and where it comes from."""

    name: str
    version: str  # range/version as written; the ref for git; "" when the spec names no version
    origin: str = "registry"
    resolved: str | None = None
    alias: str | None = None

    @property
    def pinned(self) -> bool:
        if self.origin == "git":
            return bool(_COMMIT.match(self.version))
        return bool(_EXACT_VERSION.match(self.version))


def parse_spec(key: str, spec: str) -> Spec:
    """Interpret the spec of dependency ``key`` (aliases, git, paths, tarball URLs, workspace protocol)."""
    spec = spec.strip()
    if spec.startswith("npm:"):
        body = spec[4:]
        at = body.find("@", 1)  # a scoped name starts with "@"
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


# ---------------------------------------------------------------------------------------------------------
# Declarations: the dependency sections of a manifest, a lock root or a workspace member


@dataclass(frozen=True)
class Declaration:
    """One ``"name": "spec"`` line of a dependency section."""

    key: str  # the install name (the alias for ``npm:`` aliases)
    spec: str
    scope: str
    section: str


def declarations(obj: dict, problem: ProblemSink, where: int | None) -> list[Declaration]:
    """Every dependency an object declares, in file order per section; wrong types become problems."""
    found: list[Declaration] = []
    for section, scope in SECTIONS:
        deps = obj.get(section)
        if deps is None:
            continue
        if not isinstance(deps, dict):
            problem(f"'{section}' should be an object of name: range, not {_kind(deps)}", where)
            continue
        for key, spec in deps.items():
            if not isinstance(spec, str):
                problem(f"{section}: the spec of '{key}' should be a string, not {_kind(spec)}", where)
                spec = ""
            found.append(Declaration(key, spec, scope, section))
    return found


def declared_scopes(decls: list[Declaration]) -> dict[str, str]:
    """Install name -> the strongest scope it is declared with (a name may be in several sections)."""
    scopes: dict[str, str] = {}
    for decl in decls:
        scopes[decl.key] = strongest_scope((scopes.get(decl.key, decl.scope), decl.scope))
    return scopes


class ProblemSink:
    """Collects ``manifest`` problems of one file, located by line."""

    def __init__(self, path: str, kind: str = "manifest") -> None:
        self.path = path
        self.kind = kind
        self.problems: list[Problem] = []

    def __call__(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.kind, message, Source(self.path, line)))


def _kind(value: object) -> str:
    """A JSON-ish name for the type of ``value`` (for messages)."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _load_object(text: str, path: str, fmt: str) -> tuple[dict | None, ReadResult | None]:
    """The top-level JSON object of ``text``, or the failed result to return."""
    data, problem = load_json(text.removeprefix("\ufeff"), path)
    if problem is not None:
        return None, failed(path, fmt, problem)
    if not isinstance(data, dict):
        return None, failed(
            path, fmt, Problem("manifest", f"expected a JSON object, got {_kind(data)}", Source(path, 1))
        )
    return data, None


# ---------------------------------------------------------------------------------------------------------
# package.json


def read_package_json(text: str, path: str) -> ReadResult:
    """The direct dependencies a ``package.json`` declares, each with its range as written (not locked)."""
    data, failure = _load_object(text, path, MANIFEST_FORMAT)
    if failure is not None:
        return failure
    problem = ProblemSink(path)
    index = LineIndex(text)
    section_lines = json_key_lines(text)
    decls = declarations(data, problem, None)
    lines = _declaration_lines(text, index, decls)
    bundled = _bundled_names(data, decls, problem, first_line(text, "ndleDependencies"))
    scopes = declared_scopes(decls)
    components: dict[str, Component] = {}
    for decl in decls:  # SECTIONS order: the strongest section's spec is kept for a name in several
        if decl.key in components:
            continue
        spec = parse_spec(decl.key, decl.spec)
        line = lines.get((decl.section, decl.key)) or section_lines.get(decl.section)
        components[decl.key] = _component(
            spec,
            scope=scopes[decl.key],
            direct=True,
            pinned=spec.pinned,
            groups=(BUNDLED,) if decl.key in bundled else (),
            source=Source(path, line),
        )
    _check_workspaces(data.get("workspaces"), problem, section_lines.get("workspaces"))
    return ReadResult(
        path=path,
        format=MANIFEST_FORMAT,
        components=tuple(dedupe(list(components.values()))),
        problems=tuple(problem.problems),
        locked=False,
    )


def _declaration_lines(text: str, index: LineIndex, decls: list[Declaration]) -> dict[tuple[str, str], int]:
    """Line of each declaration: a forward search from its section's opening, never a scan per entry."""
    lines: dict[tuple[str, str], int] = {}
    for section, _scope in SECTIONS:
        match = re.search(r'"' + section + r'"\s*:\s*\{', text)
        if match is None:
            continue
        cursor = match.end()
        for decl in decls:
            if decl.section != section:
                continue
            found = text.find(f'"{decl.key}"', cursor)
            if found < 0:
                continue
            lines[(section, decl.key)] = index.line_of(found)
            cursor = found + len(decl.key) + 2
    return lines


def _bundled_names(data: dict, decls: list[Declaration], problem: ProblemSink, line: int | None) -> set[str]:
    """Names listed in ``bundleDependencies`` (or ``bundledDependencies``); ``true`` means all dependencies."""
    value = data.get("bundleDependencies", data.get("bundledDependencies"))
    if value is None or value is False:
        return set()
    if value is True:
        return {d.key for d in decls if d.section == "dependencies"}
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problem(f"'bundleDependencies' should be a list of names or true, not {_kind(value)}", line)
        return set()
    declared = {d.key for d in decls}
    for name in value:
        if name not in declared:
            problem(f"bundled dependency '{name}' is not declared in any dependency section", line)
    return set(value)


def _check_workspaces(value: object, problem: ProblemSink, line: int | None) -> None:
    """``workspaces`` is informative here; only its shape is checked."""
    if value is None:
        return
    globs = value.get("packages") if isinstance(value, dict) else value
    if not isinstance(globs, list) or not all(isinstance(g, str) for g in globs):
        problem("'workspaces' should be a list of globs or {\"packages\": [...]}", line)


def workspace_globs(value: object) -> list[str]:
    """The member globs of a ``workspaces`` value (list or ``{"packages": [...]}``), normalized."""
    globs = value.get("packages") if isinstance(value, dict) else value
    if not isinstance(globs, list):
        return []
    return [g.removeprefix("./").rstrip("/") for g in globs if isinstance(g, str)]


# ---------------------------------------------------------------------------------------------------------
# The graph shared by every lock version


@dataclass
class Entry:
    """One installed package location of a lock file, before the graph gives it ``direct``/``via``."""

    node: Hashable  # install path (v2/v3 key, or tuple of names for v1)
    name: str
    version: str
    line: int | None
    scope: str = "runtime"
    origin: str = "registry"
    resolved: str | None = None
    alias: str | None = None
    license: str | None = None
    bundled: bool = False
    member: bool = False  # a workspace member: listed (per npm's ls) and direct, but never "via"


@dataclass
class Graph:
    """Entries and edges of one lock, plus the install locations the project asks for directly."""

    entries: list[Entry] = field(default_factory=list)
    edges: dict[Hashable, list[Hashable]] = field(default_factory=dict)
    direct: set[Hashable] = field(default_factory=set)
    members: dict[Hashable, str] = field(default_factory=dict)  # workspace member node -> its name

    def components(self, path: str) -> list[Component]:
        names = {e.node: e.name for e in self.entries}
        roots = {n: names[n] for n in self.direct if n in names and n not in self.members}
        via = reach(roots, self.edges)
        asked_by = reach(self.members, self.edges)
        components = []
        for entry in self.entries:
            direct = entry.node in self.direct
            groups = set(asked_by.get(entry.node, ())) - {entry.name if entry.member else ""}
            if entry.bundled:
                groups.add(BUNDLED)
            components.append(
                _component(
                    Spec(entry.name, entry.version, entry.origin, entry.resolved, entry.alias),
                    scope=entry.scope,
                    direct=direct,
                    pinned=bool(entry.version),
                    via=() if direct else tuple(sorted(via.get(entry.node, ()))),
                    license=entry.license,
                    groups=tuple(sorted(groups)),
                    source=Source(path, entry.line),
                )
            )
        return dedupe(components)

    def guess_direct(self) -> None:
        """Without a manifest: the top-level packages that nothing else requires are taken as direct."""
        required = {child for node, children in self.edges.items() for child in children if child != node}
        self.direct = {e.node for e in self.entries if _is_top_level(e.node) and e.node not in required}


def _is_top_level(node: Hashable) -> bool:
    if isinstance(node, tuple):
        return len(node) == 1
    return isinstance(node, str) and node.startswith(_NODE_MODULES) and _NESTED not in node


def _component(
    spec: Spec,
    *,
    scope: str,
    direct: bool,
    pinned: bool,
    source: Source,
    via: tuple[str, ...] = (),
    license: str | None = None,
    groups: tuple[str, ...] = (),
) -> Component:
    return Component(
        name=spec.name,
        version=spec.version,
        ecosystem=ECOSYSTEM,
        purl=make_purl(ECOSYSTEM, spec.name, spec.version if spec.origin != "workspace" or pinned else None),
        source=source,
        scope=scope,
        direct=direct,
        pinned=pinned,
        via=via,
        license=license,
        origin=spec.origin,
        resolved=spec.resolved,
        alias=spec.alias,
        groups=groups,
    )


def flag_scope(entry: dict) -> str:
    """Scope from npm's flags: ``dev`` (only dev needs it, also when optional there), ``optional`` /
    ``devOptional`` (an optional dependency of something shipped), ``peer``, else ``runtime``."""
    if entry.get("dev") is True:
        return "dev"
    if entry.get("optional") is True or entry.get("devOptional") is True:
        return "optional"
    if entry.get("peer") is True:
        return "peer"
    return "runtime"


def license_text(value: object) -> str | None:
    """A license as one string: SPDX strings as written; legacy ``{type}`` objects and lists joined by OR."""
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        return license_text(value.get("type")) if "type" in value else str(value)
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
            problem(f"'{label}' has no version", line)
        return ""
    problem(f"the version of '{label}' should be a string, not {_kind(raw)}", line)
    return str(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else ""


# ---------------------------------------------------------------------------------------------------------
# package-lock.json / npm-shrinkwrap.json


def read_package_lock(text: str, path: str, *, manifest: str | None = None) -> ReadResult:
    """Every package of an npm lock file (lockfileVersion 1, 2 or 3).

    ``manifest`` is the text of the project's ``package.json``; without it, a v1 lock reads the sibling
    ``package.json`` (or ``X.package.json`` next to ``X.package-lock*.json``) to know its direct
    dependencies, and guesses them (with a problem) when there is none.
    """
    data, failure = _load_object(text, path, LOCK_FORMAT)
    if failure is not None:
        return failure
    problem = ProblemSink(path)
    version = data.get("lockfileVersion")
    packages = data.get("packages")
    includes: tuple[str, ...] = ()
    if version not in _KNOWN_LOCK_VERSIONS:
        read_as = 3 if isinstance(packages, dict) else 1
        problem(f"unknown lockfileVersion {version!r}; read as version {read_as}", first_line(text, "lockfileVersion"))
        version = read_as
    if version >= 2 and not isinstance(packages, dict):
        if packages is not None:
            problem(f"'packages' should be an object, not {_kind(packages)}", first_line(text, '"packages"'))
        if not isinstance(data.get("dependencies"), dict):
            return ReadResult(path=path, format=LOCK_FORMAT, problems=tuple(problem.problems))
        problem(f"lockfileVersion {version} without a 'packages' map: read its legacy 'dependencies' tree")
        version = 1
    if version >= 2:
        graph = _graph_v2(text, packages, problem)
        if "" not in packages:
            includes = _root_from_manifest(graph, path, manifest, problem, _dependencies_v2(graph))
    else:
        graph = _graph_v1(text, data, problem)
        includes = _root_from_manifest(graph, path, manifest, problem, lambda name: (name,))
    return ReadResult(
        path=path,
        format=LOCK_FORMAT,
        components=tuple(graph.components(path)),
        problems=tuple(problem.problems),
        locked=True,
        includes=includes,
    )


def _root_from_manifest(graph: Graph, path: str, manifest: str | None, problem: ProblemSink, locate) -> tuple[str, ...]:
    """Direct dependencies from the project manifest (given, or a sibling file); guessed when there is none."""
    includes: tuple[str, ...] = ()
    data = None
    if manifest is None:
        sibling = sibling_manifest(path)
        if sibling is not None:
            manifest, read_problem = read_text(sibling)
            if read_problem is None:
                includes = (sibling,)
                path_of_manifest = sibling
    else:
        path_of_manifest = path
    if manifest is not None:
        data, failure = _load_object(manifest, path_of_manifest, MANIFEST_FORMAT)
        if failure is not None:
            problem.problems.extend(failure.problems)
    if not isinstance(data, dict):
        graph.guess_direct()
        problem(
            "no package.json with this lock: direct dependencies were guessed (top-level packages nothing requires)"
        )
        return includes
    known = {e.node for e in graph.entries}
    for decl in declarations(data, ProblemSink(path_of_manifest), None):
        node = locate(decl.key)
        if node in known:
            graph.direct.add(node)
            graph.edges.setdefault(None, []).append(node)
        elif decl.scope in ("runtime", "dev"):  # npm 6 installs neither peers nor failed optionals
            problem(f"'{decl.key}' is declared in package.json but not in the lock")
    return includes


def sibling_manifest(path: str) -> str | None:
    """The ``package.json`` that belongs to a lock file, if it exists: same folder, same ``X.`` prefix."""
    folder, name = os.path.split(path)
    lower = name.lower()
    if lower in ("package-lock.json", "npm-shrinkwrap.json"):
        candidate = os.path.join(folder, "package.json")
    elif ".package-lock" in lower:
        candidate = os.path.join(folder, name[: lower.index(".package-lock")] + ".package.json")
    else:
        return None
    return candidate if os.path.isfile(candidate) else None


# --- lockfileVersion 2 and 3: the flat ``packages`` map


def _graph_v2(text: str, packages: dict, problem: ProblemSink) -> Graph:
    lines = json_key_lines(text)
    entries: dict[str, dict] = {}
    for key, entry in packages.items():
        if isinstance(entry, dict):
            entries[key] = entry
        else:
            problem(f"package entry '{key}' should be an object, not {_kind(entry)}", first_line(text, f'"{key}"'))
    links = _links(entries, lines, problem)
    root = entries.get("", {})
    globs = workspace_globs(root.get("workspaces"))
    link_names = {target: _install_name(key) for key, target in links.items()}
    resolve = _resolver(entries, links)
    graph = Graph()
    url_specs: set[str] = set()
    for key, entry in entries.items():
        if key == "" or key in links:
            continue
        member = _is_local(key) and any(fnmatch.fnmatchcase(key, g) for g in globs)
        graph.entries.append(_entry_v2(key, entry, lines.get(key), link_names.get(key), member, problem))
        if member:
            graph.members[key] = graph.entries[-1].name
        sections = SECTIONS if member else INSTALLED_SECTIONS
        graph.edges[key] = _edges(key, entry, sections, resolve, url_specs, problem, lines.get(key))
    if "" in entries:
        graph.edges[""] = _edges("", root, SECTIONS, resolve, url_specs, problem, lines.get(""))
        graph.direct = set(graph.edges[""])
    for member, _name in graph.members.items():
        graph.direct.add(member)
        graph.direct.update(graph.edges[member])
    for entry in graph.entries:
        if entry.node in url_specs and entry.origin == "registry":
            entry.origin, entry.resolved = "url", entries[entry.node].get("resolved")
    return graph


def _links(entries: dict[str, dict], lines: dict[str, int], problem: ProblemSink) -> dict[str, str]:
    """``link: true`` entries (symlinks to workspace members or ``file:`` folders) -> their target key."""
    links = {}
    for key, entry in entries.items():
        if entry.get("link") is not True:
            continue
        target = entry.get("resolved")
        if not isinstance(target, str) or target not in entries:
            problem(
                f"link '{key}' points to {target!r}, which is not in the lock: '{_install_name(key)}' unknown",
                lines.get(key),
            )
            continue
        links[key] = target
    return links


def _entry_v2(
    key: str, entry: dict, line: int | None, link_name: str | None, member: bool, problem: ProblemSink
) -> Entry:
    name = entry.get("name")
    if name is not None and not isinstance(name, str):
        problem(f"the name of '{key}' should be a string, not {_kind(name)}", line)
        name = None
    install_name = link_name or _install_name(key)
    name = name or install_name
    local = _is_local(key)
    origin, resolved = ("workspace" if member else "path", key) if local else _origin(entry.get("resolved"))
    return Entry(
        node=key,
        name=name,
        version=_version(entry.get("version"), key, problem, line, required=not local),
        line=line,
        scope=flag_scope(entry),
        origin=origin,
        resolved=resolved if origin != "workspace" else None,
        alias=install_name if install_name != name and not local else None,
        license=license_text(entry.get("license")),
        bundled=entry.get("inBundle") is True,
        member=member,
    )


def _origin(resolved: object) -> tuple[str, str | None]:
    """Origin of an installed entry from its ``resolved``: git URL, local path, or the registry."""
    if not isinstance(resolved, str):
        return "registry", None
    if resolved.startswith(_GIT_PREFIXES):
        return "git", resolved
    if resolved.startswith(_PATH_PREFIXES):
        return "path", resolved.partition(":")[2]
    if "://" not in resolved:
        return "path", resolved
    return "registry", None  # a tarball URL: registry unless a dependent asked for that URL (see url_specs)


def _edges(key, entry, sections, resolve, url_specs: set, problem: ProblemSink, line: int | None) -> list[str]:
    """Install locations the dependencies of ``key`` resolve to; a missing required one is reported."""
    children = []
    for decl in declarations(entry, lambda msg, _line: problem(f"'{key}': {msg}", line), line):
        if decl.section not in dict.fromkeys(s for s, _ in sections):
            continue
        target = resolve(key, decl.key)
        if target is None:
            if decl.section == "dependencies":
                problem(f"'{key or 'the project'}' depends on '{decl.key}', which is not in the lock", line)
            continue
        if decl.spec.startswith(_URL_STARTS):
            url_specs.add(target)
        children.append(target)
    return children


def _resolver(entries: dict[str, dict], links: dict[str, str]):
    """node's lookup: ``<key>/node_modules/<dep>``, then each enclosing ``node_modules``, then the top."""

    def resolve(key: str, dep: str) -> str | None:
        for base in _ancestors(key):
            candidate = f"{base}/{_NODE_MODULES}{dep}" if base else _NODE_MODULES + dep
            if candidate in entries:
                return links.get(candidate, candidate) if entries[candidate].get("link") is True else candidate
        return None

    return resolve


def _dependencies_v2(graph: Graph):
    """For a v2/v3 lock without root entry: a top-level name -> its install path."""
    return lambda name: _NODE_MODULES + name


def _ancestors(key: str) -> Iterator[str]:
    """``a/node_modules/b/node_modules/c`` -> itself, ``a/node_modules/b``, ``a``, ``""`` (the root)."""
    while key:
        yield key
        cut = key.rfind(_NESTED)
        key = key[:cut] if cut >= 0 else ""
    yield ""


def _install_name(key: str) -> str:
    """The folder name a package is installed under: the part after the last ``node_modules/``."""
    cut = key.rfind(_NODE_MODULES)
    return key[cut + len(_NODE_MODULES) :] if cut >= 0 else key.rstrip("/").rsplit("/", 1)[-1]


def _is_local(key: str) -> bool:
    """A key outside any ``node_modules`` is a folder of the project (workspace member or ``file:`` dep)."""
    return bool(key) and not key.startswith(_NODE_MODULES) and _NESTED not in key


# --- lockfileVersion 1: the nested ``dependencies`` tree


def _graph_v1(text: str, data: dict, problem: ProblemSink) -> Graph:
    tree = data.get("dependencies")
    graph = Graph()
    if tree is None:
        return graph
    if not isinstance(tree, dict):
        problem(f"'dependencies' should be an object, not {_kind(tree)}", first_line(text, '"dependencies"'))
        return graph
    lines = json_object_lines(text, data)
    nodes: dict[tuple[str, ...], dict] = {}
    for node, entry, parent_line in _walk_v1(tree, lines):
        if not isinstance(entry, dict):
            problem(f"package entry '{' > '.join(node)}' should be an object, not {_kind(entry)}", parent_line)
            continue
        nodes[node] = entry
        graph.entries.append(_entry_v1(node, entry, lines.get(id(entry), parent_line), problem))
    for node, entry in nodes.items():
        graph.edges[node] = _edges_v1(node, entry, nodes, problem, lines.get(id(entry)))
    return graph


def _walk_v1(tree: dict, lines: dict[int, int]) -> Iterator[tuple[tuple[str, ...], object, int | None]]:
    """Every (install path, entry, line of the enclosing entry) of a v1 tree, in file order; iterative."""
    stack = [((), iter(tree.items()), None)]
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
    raw = _version(entry.get("version"), " > ".join(node), problem, line, required=True)
    spec = parse_spec(key, raw) if raw else Spec(key, "")
    if spec.origin == "registry":
        origin, resolved = _origin(entry.get("resolved"))
        spec = Spec(
            spec.name,
            spec.version,
            origin if origin == "git" else "registry",
            resolved if origin == "git" else None,
            spec.alias,
        )
    elif spec.origin == "git":
        # the lock's git "version" is the URL with the resolved commit: the commit is the exact version
        spec = dataclasses.replace(spec, version=spec.version if _COMMIT.match(spec.version) else "")
    return Entry(
        node=node,
        name=spec.name,
        version=spec.version,
        line=line,
        scope=flag_scope(entry),
        origin=spec.origin,
        resolved=spec.resolved,
        alias=spec.alias,
        bundled=entry.get("bundled") is True,
    )


def _edges_v1(node, entry, nodes, problem: ProblemSink, line: int | None) -> list[tuple[str, ...]]:
    requires = entry.get("requires")
    if requires is None:
        return []
    if not isinstance(requires, dict):
        problem(f"'requires' of '{' > '.join(node)}' should be an object, not {_kind(requires)}", line)
        return []
    children = []
    for dep in requires:
        for depth in range(len(node), -1, -1):
            candidate = (*node[:depth], dep)
            if candidate in nodes:
                children.append(candidate)
                break
        else:
            problem(f"'{' > '.join(node)}' requires '{dep}', which is not in the lock", line)
    return children
