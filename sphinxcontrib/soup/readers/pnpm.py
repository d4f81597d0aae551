"""pnpm: ``pnpm-lock.yaml`` (lockfileVersion 5.x, 6.x and 9.x).

Every version lists the project's (or each workspace importer's) dependencies by section and a
``packages`` map of resolved packages; 9.x moves the dependency graph into ``snapshots``. Keys and
references differ per version:

- 5.x: ``/name/1.0.0`` keys, peer suffixes ``_react@18.3.1``, top-level ``specifiers`` and plain
  references (``1.0.0``, ``1.0.0_react@18.3.1``, ``/lodash/4.18.1`` for an alias), ``dev`` flags;
- 6.x: ``/name@1.0.0`` keys, peer suffixes ``(react@18.3.1)``, ``{specifier, version}`` references, ``dev`` flags;
- 9.x: ``name@1.0.0`` package keys, ``snapshots`` keyed with peer suffixes, no ``dev`` flag: the scope
  comes from the importers' sections and flows down the graph.

A package installed in several peer variants is one component. ``link:`` references to another
importer are workspace links (the member is not a component); ``file:`` and other ``link:`` folders are
path components.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
from collections.abc import Hashable

from ..facades.json_file import json_type
from ..facades.yaml_file import load_yaml
from ..model import Problem, ReadResult, Source
from .base import failed
from .js_common import Dep, LockGraph, Package, load_manifest, package_name
from .npm import ProblemSink, flag_scope

FORMAT = "pnpm-lock"
_PROJECT = "."
#: the dependency sections of an importer and the scope each gives (pnpm writes no peerDependencies there)
_SECTIONS = (("dependencies", "runtime"), ("optionalDependencies", "optional"), ("devDependencies", "dev"))
_EDGE_SECTIONS = (("dependencies", "runtime"), ("optionalDependencies", "optional"))


def read_pnpm_lock(text: str, path: str) -> ReadResult:
    """Every package of a pnpm lock file, with direct dependencies and scopes from its importers."""
    data, parse_problem = load_yaml(text.removeprefix("\ufeff"), path)
    if parse_problem is not None:
        return failed(path, FORMAT, parse_problem)
    if not isinstance(data, dict):
        return failed(path, FORMAT, Problem("manifest", f"expected a mapping, got {json_type(data)}", Source(path, 1)))
    problem = ProblemSink(path)
    lines = getattr(data, "key_lines", {})
    major = _lock_version(data, problem, lines)
    lock = _Lock(major, problem, LockGraph())
    packages = _mapping(data, "packages", problem, lines)
    if major >= 9:
        lock.read_v9(packages, _mapping(data, "snapshots", problem, lines))
    else:
        lock.read_v5_v6(packages)
    importers = _importers(data, major, problem, lines)
    lock.read_importers(importers, getattr(data.get("importers"), "key_lines", {}))
    lock.mark_patched(data.get("patchedDependencies"))
    includes = _name_members(lock.graph, path, problem)
    return ReadResult(
        path=path,
        format=FORMAT,
        components=tuple(lock.graph.components(path)),
        problems=tuple(problem.problems),
        includes=tuple(includes),
    )


def sniff(name: str, head: str) -> str | None:
    """A pnpm lock under another name: YAML that starts with ``lockfileVersion:``."""
    return FORMAT if head.lstrip("\ufeff").startswith("lockfileVersion:") else None


def _lock_version(data: dict, problem: ProblemSink, lines: dict[str, int]) -> int:
    """The major lockfile version (5, 6 or 9); an unknown or missing one is guessed from the layout."""
    raw = data.get("lockfileVersion")
    try:
        major = int(float(str(raw)))
    except (ValueError, OverflowError):  # not a number, NaN, infinity
        major = 0
    if major in (5, 6, 7, 9):
        return 9 if major == 7 else major  # 7.0 (pnpm 8 beta) already has the 9.x layout
    guess = 9 if "snapshots" in data else 6
    said = "no lockfileVersion" if raw is None else f"unknown lockfileVersion {raw!r}"
    problem(f"{said}; read as version {guess}", lines.get("lockfileVersion", 1))
    return guess


def _mapping(parent: dict, key: str, problem: ProblemSink, lines: dict[str, int], label: str = "") -> dict:
    """``parent[key]`` when it is a mapping; {} when missing or null; a wrong type is reported."""
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        problem(f"'{label}{key}' should be a mapping, not {json_type(value)}", lines.get(key))
        return {}
    return value


def _importers(data: dict, major: int, problem: ProblemSink, lines: dict[str, int]) -> dict[str, dict]:
    """Importer path -> its sections; a single-project lock before 9.x keeps them at the top level."""
    if "importers" not in data and major < 9:
        return {_PROJECT: data}
    importers = _mapping(data, "importers", problem, lines)
    found = {}
    for key, importer in importers.items():
        if isinstance(importer, dict):
            found[str(key)] = importer
        else:
            problem(f"importer '{key}' should be a mapping, not {json_type(importer)}", lines.get("importers"))
    return found


def _name_members(graph: LockGraph, path: str, problem: ProblemSink) -> list[str]:
    """Name each workspace member (an importer other than the root) after its ``package.json``, if found.

    The lock knows members only by folder; the name is what the other lock readers show as group. A
    member whose ``package.json`` is not beside the lock keeps its folder as name.
    """
    folder = os.path.dirname(path)
    includes: list[str] = []
    for member in graph.members:
        candidate = os.path.join(folder, *member.split("/"), "package.json")
        if os.path.isfile(candidate):
            manifest = load_manifest(candidate, problem, includes)
            name = manifest.get("name") if manifest else None
            if isinstance(name, str) and name:
                graph.members[member] = name
    return includes


# ---------------------------------------------------------------------------------------------------------
# Keys and references


def _strip_peers(text: str) -> str:
    """A version or key without its peer suffix: ``1.0.0(react@18.3.1)`` -> ``1.0.0``."""
    cut = text.find("(")
    return text if cut < 0 else text[:cut]


def split_key(key: str, major: int) -> tuple[str, str] | None:
    """(name, version) of a registry package key, or None for another kind of key (a URL, a path).

    5.x ``/name/1.0.0_peer``, 6.x ``/name@1.0.0(peer)``, 9.x ``name@1.0.0`` (snapshots: ``(peer)`` too).
    """
    if major < 6:
        if not key.startswith("/"):
            return None
        name, _, version = key[1:].rpartition("/")
        return (name, version.split("_", 1)[0]) if name and version else None
    body = key[1:] if major < 9 and key.startswith("/") else key
    if major < 9 and body is key:
        return None
    at = body.find("@", 1)
    if at < 0:
        return None
    return body[:at], _strip_peers(body[at + 1 :])


def reference_key(name: str, ref: str, major: int) -> str:
    """The package key a dependency reference points to (pnpm's own rule per lockfile version).

    A reference with a ``/`` before any peer suffix is a key already (``/lodash@4.18.1`` for an alias, a
    tarball or git path); ``file:`` is a key as is; else it is a version of ``name`` in the registry.
    9.x writes an alias as ``lodash@4.18.1`` and builds ``name@ref`` otherwise.
    """
    if major >= 9:
        head = _strip_peers(ref)
        at = head.find("@", 1)
        return ref if at > 0 and ":" not in head[:at] else f"{name}@{ref}"
    if ref.startswith("file:") or "/" in _strip_peers(ref):
        return ref
    return f"/{name}/{ref}" if major < 6 else f"/{name}@{ref}"


def _origin(resolution: object, version: str) -> tuple[str, str | None]:
    """Origin and location of a package from its ``resolution``."""
    if not isinstance(resolution, dict):
        return "registry", None
    if resolution.get("type") == "git" or "commit" in resolution:
        repo, commit = resolution.get("repo"), resolution.get("commit")
        return "git", f"{repo}#{commit}" if commit else str(repo)
    if resolution.get("type") == "directory" or "directory" in resolution:
        return "path", str(resolution.get("directory"))
    tarball = resolution.get("tarball")
    if isinstance(tarball, str):
        if tarball.startswith("file:"):
            return "path", tarball[len("file:") :]
        if ":" in version or "/" in version:  # a tarball the project asked for by URL, not a registry version
            return "url", tarball
    return "registry", None


def _peer_names(entry: dict) -> set:
    """The names a package expects from its dependent (its resolved peers are listed among its dependencies)."""
    peers = entry.get("peerDependencies")
    return set(peers) if isinstance(peers, dict) else set()


# ---------------------------------------------------------------------------------------------------------
# The graph


class _Lock:
    """Reads the packages, snapshots and importers of one lock into a :class:`LockGraph`."""

    def __init__(self, major: int, problem: ProblemSink, graph: LockGraph) -> None:
        self.major = major
        self.problem = problem
        self.graph = graph
        self.variants: dict[str, str] = {}  # 9.x: package key -> its first snapshot key
        self.pending: list[tuple[str, dict, int | None, set]] = []  # entry, line, peer names: edges read last
        self.importer_ids: frozenset[str] = frozenset()
        self.by_url: dict[tuple[str, str], str] = {}  # (name, version) the project asked for by URL -> the URL

    def read_v5_v6(self, packages: dict) -> None:
        """5.x/6.x: each ``packages`` key is a node; its ``dev``/``optional`` flags give the scope."""
        lines = getattr(packages, "key_lines", {})
        flagged = any(isinstance(entry, dict) and "dev" in entry for entry in packages.values())
        for key, entry in packages.items():
            key, line = str(key), lines.get(str(key))
            if not isinstance(entry, dict):
                self.problem(f"package '{key}' should be a mapping, not {json_type(entry)}", line)
                entry = {}
            package = self._package(key, entry, line)
            if package is None:
                continue
            if flagged:
                package.scope = flag_scope(entry)
            self.graph.packages[key] = package
            self.pending.append((key, entry, line, _peer_names(entry)))

    def read_v9(self, packages: dict, snapshots: dict) -> None:
        """9.x: ``packages`` says what each package is; each ``snapshots`` key (a peer variant) is a node."""
        lines = getattr(packages, "key_lines", {})
        snapshot_lines = getattr(snapshots, "key_lines", {})
        known: dict[str, Package] = {}
        peers: dict[str, set] = {}
        for key, entry in packages.items():
            key, line = str(key), lines.get(str(key))
            if not isinstance(entry, dict):
                self.problem(f"package '{key}' should be a mapping, not {json_type(entry)}", line)
                entry = {}
            package = self._package(key, entry, line)
            if package is not None:
                known[key], peers[key] = package, _peer_names(entry)
        for key, entry in snapshots.items():
            key, line = str(key), snapshot_lines.get(str(key))
            if not isinstance(entry, dict):
                if entry is not None:
                    self.problem(f"snapshot '{key}' should be a mapping, not {json_type(entry)}", line)
                entry = {}
            base = _strip_peers(key)
            package = known.get(base)
            if package is None:
                package = self._package(base, {}, line)
                if package is None:
                    continue
                self.problem(f"snapshot '{key}' has no entry in 'packages'", line)
                known[base] = package
            self.graph.packages[key] = dataclasses.replace(package)  # a copy per peer variant
            self.variants.setdefault(base, key)
            self.pending.append((key, entry, line, peers.get(base, set())))
        for key, package in known.items():
            if key not in self.variants:  # a package no snapshot installs: still listed
                self.graph.packages[key] = package
                self.variants[key] = key

    def _package(self, key: str, entry: dict, line: int | None) -> Package | None:
        """The package of one key: name and version from the key, or from its ``name``/``version`` fields."""
        parsed = split_key(key, self.major)
        name, version = entry.get("name"), entry.get("version")
        name = name if isinstance(name, str) else parsed[0] if parsed else None
        version = version if isinstance(version, str) else parsed[1] if parsed else key
        if not name or not package_name(name):
            self.problem(f"package '{key}' has no valid package name", line)
            return None
        origin, resolved = _origin(entry.get("resolution"), parsed[1] if parsed else key)
        return Package(name, version, line, origin, resolved)

    def resolve(self, name: str, ref: str) -> Hashable | None:
        """The node a reference points to: the exact (peer-suffixed) key, else any variant of its package."""
        key = reference_key(name, ref, self.major)
        if key in self.graph.packages:
            return key
        return self.variants.get(_strip_peers(key))

    def edges(self) -> None:
        """The dependencies of every package, now that every key is known."""
        for key, entry, line, peers in self.pending:
            deps = []
            for section, scope in _EDGE_SECTIONS:
                for name, ref in self._section(entry, section, key, line).items():
                    target = self._target(name, ref, key, line, section)
                    if target is not None:
                        deps.append(Dep(str(name), target, "peer" if name in peers else scope))
            self.graph.deps[key] = deps

    def _section(self, entry: dict, section: str, owner: str, line: int | None) -> dict:
        value = entry.get(section)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(f"the '{section}' of '{owner}' should be a mapping, not {json_type(value)}", line)
            return {}
        return value

    def _target(self, name: object, ref: object, owner: str, line: int | None, section: str) -> Hashable | None:
        """Resolve one ``name: ref`` edge; a reference not in the lock is reported (optional ones quietly)."""
        name = str(name)
        if isinstance(ref, dict):  # 6.x/9.x importers: {specifier, version}
            ref = ref.get("version")
        if not isinstance(ref, str | int | float) or isinstance(ref, bool):
            self.problem(f"'{owner}': the version of '{name}' should be a string, not {json_type(ref)}", line)
            return None
        ref = str(ref)
        if ref.startswith("link:"):
            return self._link(name, ref, owner)
        target = self.resolve(name, ref)
        if target is None and section != "optionalDependencies":
            self.problem(f"'{owner}' depends on '{name}' {ref}, which is not in the lock", line)
        return target

    def _link(self, name: str, ref: str, owner: str) -> Hashable:
        """A ``link:`` reference: another importer (a workspace link), else a local folder (a path component).

        The path is relative to the importer that declares it (a package's own links, to the lock's folder).
        """
        base = owner if owner in self.importer_ids else _PROJECT
        folder = posixpath.normpath(posixpath.join(base, ref[len("link:") :]))
        if folder in self.importer_ids:
            return folder
        key = f"{name}@{ref}"
        if key not in self.graph.packages:
            self.graph.packages[key] = Package(name, ref, None, "path", folder)
        return key

    def read_importers(self, importers: dict[str, dict], lines: dict[str, int]) -> None:
        """Each importer's sections are direct dependencies; importers other than the root are members."""
        self.importer_ids = frozenset(importers)
        self.edges()
        self.graph.members = {key: key for key in importers if key != _PROJECT}
        for owner, importer in importers.items():
            line = lines.get(owner)
            specifiers = importer.get("specifiers") if isinstance(importer.get("specifiers"), dict) else {}
            for section, scope in _SECTIONS:
                for name, ref in self._section(importer, section, owner, line).items():
                    target = self._target(name, ref, owner, line, section)
                    if target is None:
                        continue
                    self.graph.add_root(owner, Dep(str(name), target, scope))
                    specifier = ref.get("specifier") if isinstance(ref, dict) else specifiers.get(name)
                    package = self.graph.packages.get(target)
                    if package and isinstance(specifier, str) and specifier.startswith(("http://", "https://")):
                        self.by_url[(package.name, package.version)] = specifier
        self._asked_by_url()

    def _asked_by_url(self) -> None:
        """A dependency the project asked for by tarball URL comes from that URL (in every peer variant),
        even where pnpm recorded it like a registry package."""
        for package in self.graph.packages.values():
            url = self.by_url.get((package.name, package.version))
            if url is not None and package.origin == "registry":
                package.origin, package.resolved = "url", url

    def mark_patched(self, value: object) -> None:
        """``patchedDependencies`` (``name@version`` or ``name`` -> patch): those packages are ``patched``."""
        if not isinstance(value, dict):
            return
        wanted = set()
        for key in value:
            at = str(key).find("@", 1)
            wanted.add((str(key), None) if at < 0 else (str(key)[:at], str(key)[at + 1 :]))
        for package in self.graph.packages.values():
            if (package.name, package.version) in wanted or (package.name, None) in wanted:
                package.patched = True


#: the formats this module reads, and the file names that select them (lower case)
FORMATS = {FORMAT: read_pnpm_lock}
PATTERNS = (("pnpm-lock.yaml", FORMAT), ("*.pnpm-lock.yaml", FORMAT))
