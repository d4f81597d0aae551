"""yarn: ``yarn.lock`` files, classic (yarn 1, its own format) and berry (yarn 2+, YAML).

Classic: entries keyed by the descriptors that resolved to them (``"a@^1.0.0", a@^1.1.0:``) with ``version``,
``resolved``, ``integrity`` and ``dependencies``/``optionalDependencies`` blocks. No library reads it, so it
is parsed here, line by line. It records no dev/prod marking at all: the project's ``package.json`` says
which dependencies are direct and in which section, and scopes flow down the graph from there.

Berry: YAML with one entry per resolved package (``resolution`` locator, ``dependencies`` as descriptors,
``dependenciesMeta``), ``workspace:`` entries for the project and its members, ``patch:`` entries for
patched packages (the same package and version: one component, in group ``patched``). Its workspace
entries merge dev and runtime dependencies, so the workspaces' ``package.json`` files tell them apart.
"""

from __future__ import annotations

import glob
import os
import posixpath
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from ..facades.json_file import json_type, load_json
from ..facades.yaml_file import load_yaml
from ..model import Problem, ReadResult, Source
from .base import failed
from .js_common import Dep, LockGraph, Package, declared_scopes, load_manifest, names_of, package_name
from .npm import ProblemSink, declarations, parse_spec, sibling_manifest, workspace_globs

FORMAT = "yarn.lock"
_LOCK_NAMES = ("yarn.lock",)
_INFIX = ".yarn.lock"  # X.yarn.lock pairs with X.package.json
_PROJECT = "."  # the root of the graph for the project's own dependencies


def read_yarn_lock(text: str, path: str, *, manifest: str | None = None) -> ReadResult:
    """Every package of a yarn lock file, classic (v1) or berry (v2+).

    ``manifest`` is the text of the project's ``package.json``; without it the sibling ``package.json`` (or
    ``X.package.json`` beside ``X.yarn.lock``) is read. Workspace members' manifests are read from disk.
    """
    text = text.removeprefix("\ufeff")
    if text.startswith("__metadata:") or "\n__metadata:" in text:
        return _read_berry(text, path, manifest)
    return _read_classic(text, path, manifest)


def sniff(name: str, head: str) -> str | None:
    """A yarn lock under another name: classic's header comment, or berry's ``__metadata`` with ``cacheKey``."""
    if "# yarn lockfile v1" in head or ("__metadata:" in head and "cacheKey:" in head):
        return FORMAT
    return None


# ---------------------------------------------------------------------------------------------------------
# Classic (v1)


@dataclass(slots=True)
class _Block:
    """One entry of a classic lock as written: its descriptors, line, scalar fields and nested maps."""

    keys: list[str]
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    maps: dict[str, dict[str, str]] = field(default_factory=dict)


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_QUOTED_KEYS = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[^,]+?)\s*(?:,|$)')


def parse_classic(text: str, problem: ProblemSink) -> list[_Block]:
    """The entries of a classic lock. Lines that fit no form are reported and skipped.

    The format: an unindented ``key, key:`` opens an entry; two spaces indent its ``name value`` fields
    and ``name:`` maps; four spaces indent the ``name value`` pairs of the map above.
    """
    blocks: list[_Block] = []
    current: _Block | None = None
    section: dict[str, str] | None = None
    for number, raw in enumerate(text.split("\n"), 1):
        content = raw.lstrip(" ")
        line = content.rstrip()
        if not line or line[0] == "#":
            continue
        indent = len(raw) - len(content)
        if indent == 0:
            section = None
            if line[-1] != ":":
                problem(f"line not understood (an entry should start with 'name@range:'): {line[:60]!r}", number)
                current = None
                continue
            current = _Block(_split_keys(line[:-1]), number)
            blocks.append(current)
        elif current is None:
            continue  # the lines of an entry whose first line was reported
        elif indent == 4 and section is not None:
            key, value = _pair(line)
            section[key] = value
        elif indent == 2 and line[-1] == ":" and " " not in line:
            section = current.maps.setdefault(_unquote(line[:-1]), {})
        elif indent == 2:
            section = None
            key, value = _pair(line)
            current.fields[key] = value
        else:
            problem(f"unexpected indentation ({indent} spaces) in the entry of line {current.line}", number)
    return blocks


def _split_keys(keys: str) -> list[str]:
    """The descriptors of an entry line: comma-separated, each quoted or bare."""
    parts = [part.strip() for part in keys.split(",")]
    if "\\" not in keys and all(part.count('"') == (2 if part[:1] == '"' == part[-1:] else 0) for part in parts):
        return [part[1:-1] if part[:1] == '"' else part for part in parts if part]
    return [_unquote(match.group(1)) for match in _QUOTED_KEYS.finditer(keys) if match.group(1)]


def _pair(line: str) -> tuple[str, str]:
    """``name value`` -> (name, value), either side quoted or bare."""
    if line[0] == '"':
        end = line.find('"', 1) if "\\" not in line else -1
        if end < 0:
            match = _QUOTED.match(line)
            end = match.end() - 1 if match else len(line) - 1
        return _unquote(line[: end + 1]), _unquote(line[end + 1 :].strip())
    key, _, value = line.partition(" ")
    return key, _unquote(value.strip())


def _unquote(value: str) -> str:
    """A quoted string's content (JSON escapes, as yarn writes them); a bare word as is."""
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return value
    if "\\" not in value:
        return value[1:-1]
    data, problem = load_json(value, "")
    return data if problem is None and isinstance(data, str) else value[1:-1]


def _read_classic(text: str, path: str, manifest: str | None) -> ReadResult:
    problem = ProblemSink(path)
    blocks = parse_classic(text, problem)
    if text.strip() and "# yarn lockfile v1" not in text[:4096]:
        problem("no '# yarn lockfile v1' header: read as a classic yarn lock", 1)
    graph = LockGraph()
    lookup: dict[str, int] = {}
    for index, block in enumerate(blocks):
        package = _classic_package(block, problem)
        if package is None:
            continue
        graph.packages[index] = package
        for key in block.keys:
            lookup.setdefault(key, index)
    for index in graph.packages:
        graph.deps[index] = _classic_deps(blocks[index], lookup, problem)
    includes = _classic_roots(graph, lookup, path, manifest, problem)
    return ReadResult(
        path=path,
        format=FORMAT,
        components=tuple(graph.components(path)),
        problems=tuple(problem.problems),
        includes=tuple(includes),
    )


def _classic_package(block: _Block, problem: ProblemSink) -> Package | None:
    """The package an entry resolved to: its real name (aliases followed), version and origin."""
    first = block.keys[0] if block.keys else ""
    name, range_ = split_descriptor(first)
    spec = parse_spec(name, range_)
    if not range_ or not package_name(spec.name):
        problem(f"entry {first!r} is not a 'name@range' descriptor of a package: not read", block.line)
        return None
    version = block.fields.get("version")
    if version is None:
        problem(f"package '{first}' has no version", block.line)
        version = ""
    resolved = spec.resolved
    if spec.origin == "git":  # the tarball or clone URL yarn fetched, with the commit
        resolved = block.fields.get("resolved") or resolved
    elif spec.origin == "path" and resolved:
        resolved = posixpath.normpath(resolved)
    return Package(spec.name, version, block.line, spec.origin, resolved)


def split_descriptor(descriptor: str) -> tuple[str, str]:
    """``name@range`` -> (name, range); a scoped name keeps its leading ``@``."""
    at = descriptor.find("@", 1)
    return (descriptor, "") if at < 0 else (descriptor[:at], descriptor[at + 1 :])


def _classic_deps(block: _Block, lookup: dict[str, int], problem: ProblemSink) -> list[Dep]:
    deps = []
    for section, scope in (("dependencies", "runtime"), ("optionalDependencies", "optional")):
        for name, range_ in block.maps.get(section, {}).items():
            target = lookup.get(f"{name}@{range_}")
            if target is None:
                if scope == "runtime":
                    problem(f"'{block.keys[0]}' depends on '{name}@{range_}', which is not in the lock", block.line)
                continue
            deps.append(Dep(name, target, scope))
    return deps


def _classic_roots(
    graph: LockGraph, lookup: dict[str, int], path: str, text: str | None, problem: ProblemSink
) -> list[str]:
    """Direct dependencies from the project's ``package.json`` and its workspace members'; else guessed."""
    includes: list[str] = []
    manifest_path = path
    if text is None:
        manifest_path = sibling_manifest(path, _LOCK_NAMES, _INFIX) or ""
    data = load_manifest(manifest_path, problem, includes, text) if text is not None or manifest_path else None
    if data is None:
        _guess_roots(graph)
        problem(
            "no usable package.json for this lock: direct dependencies were guessed (entries nothing depends on), "
            "and dev and runtime dependencies could not be told apart",
            1,
        )
        return includes
    members = _classic_members(data, os.path.dirname(path), problem, includes)
    member_of = {name: member for member, (name, _manifest, _path) in members.items()}
    graph.members = {member: name for member, (name, _manifest, _path) in members.items()}
    owners = [(_PROJECT, data, manifest_path), *((m, found, where) for m, (_name, found, where) in members.items())]
    for owner, manifest, where in owners:
        sink = ProblemSink(where)
        label = "package.json" if where == path else os.path.basename(where)  # text given: no file name
        for decl in declarations(manifest, sink, None):
            target = member_of.get(decl.key)
            if target is None:
                target = lookup.get(f"{decl.key}@{decl.spec}")
            if target is not None:
                graph.add_root(owner, Dep(decl.key, target, decl.scope))
            elif decl.scope in ("runtime", "dev"):  # a peer is not installed for the project; a failed optional is fine
                problem(f"'{decl.key}@{decl.spec}' is declared in {label} but not in the lock")
        problem.problems.extend(sink.problems)
    return includes


def _classic_members(
    data: dict, folder: str, problem: ProblemSink, includes: list[str]
) -> dict[str, tuple[str, dict, str]]:
    """Workspace members from the ``workspaces`` globs: folder relative to the lock -> (name, manifest, path)."""
    globs = workspace_globs(data.get("workspaces"))
    if globs is None:
        problem("the package.json's 'workspaces' should be a list of globs or {\"packages\": [...]}")
        return {}
    members: dict[str, tuple[str, dict, str]] = {}
    for pattern in globs:
        for manifest_path in sorted(glob.glob(os.path.join(folder, pattern, "package.json"))):
            member = posixpath.normpath(os.path.relpath(os.path.dirname(manifest_path), folder or "."))
            manifest = load_manifest(manifest_path, problem, includes)
            name = manifest.get("name") if manifest else None
            if isinstance(name, str) and name:
                members[member] = (name, manifest, manifest_path)
    return members


def _guess_roots(graph: LockGraph) -> None:
    """Without a manifest: the packages nothing else depends on are taken as direct (runtime)."""
    required = {dep.target for key, deps in graph.deps.items() for dep in deps if dep.target != key}
    for key, package in graph.packages.items():
        if key not in required:
            graph.add_root(_PROJECT, Dep(package.name, key))


# ---------------------------------------------------------------------------------------------------------
# Berry (v2+)


_GIT_PROTOCOLS = ("git", "git+ssh", "git+https", "git+http", "git+file", "ssh", "github")
_PATH_PROTOCOLS = ("file", "link", "portal", "exec")


@dataclass
class _Berry:
    """What is collected while reading a berry lock."""

    path: str
    problem: ProblemSink
    graph: LockGraph = field(default_factory=LockGraph)
    lookup: dict[str, Hashable] = field(default_factory=dict)  # descriptor -> node
    unlocated: dict[str, set[Hashable]] = field(default_factory=dict)  # descriptor without ``::...`` -> nodes
    by_name: dict[str, set[Hashable]] = field(default_factory=dict)  # package name -> its nodes
    workspaces: dict[str, tuple[str, dict, int | None]] = field(default_factory=dict)  # locator -> folder, entry, line
    entries: list[tuple[Hashable, dict, int | None, str]] = field(default_factory=list)  # package entries, for deps
    resolutions: dict[str, str] | None = None  # from the root package.json; None when it was not read
    unresolved: list[tuple[str, str, int | None]] = field(default_factory=list)  # dependent, descriptor, line


def _read_berry(text: str, path: str, manifest: str | None) -> ReadResult:
    data, parse_problem = load_yaml(text, path)
    if parse_problem is not None:
        return failed(path, FORMAT, parse_problem)
    if not isinstance(data, dict):
        message = f"expected a mapping of entries, got {json_type(data)}"
        return failed(path, FORMAT, Problem("manifest", message, Source(path, 1)))
    state = _Berry(path, ProblemSink(path))
    lines = getattr(data, "key_lines", {})
    metadata = data.get("__metadata")
    if not isinstance(metadata, dict) or "version" not in metadata:
        state.problem("no '__metadata' with a 'version': read as a yarn berry lock", lines.get("__metadata", 1))
    for key, entry in data.items():
        if key != "__metadata":
            _berry_entry(state, str(key), entry, lines.get(str(key)))
    manifests, includes = _berry_manifests(state, manifest)
    for node, entry, line, locator in state.entries:
        state.graph.deps[node] = [dep for dep in _berry_deps(state, entry, line, locator) if dep.target != node]
    _berry_roots(state, manifests)
    _report_unresolved(state)
    return ReadResult(
        path=path,
        format=FORMAT,
        components=tuple(state.graph.components(path)),
        problems=tuple(state.problem.problems),
        includes=tuple(includes),
    )


def _berry_entry(state: _Berry, key: str, entry: object, line: int | None) -> None:
    """Register one entry: a workspace, or a package (a patch merges into the package it patches)."""
    if not isinstance(entry, dict):
        state.problem(f"entry '{key}' should be a mapping, not {json_type(entry)}", line)
        return
    locator = entry.get("resolution")
    if not isinstance(locator, str):
        state.problem(f"entry '{key}' has no 'resolution' locator; its first descriptor is used", line)
        locator = key.split(",")[0].strip()
        if isinstance(entry.get("version"), str) and locator.startswith(f"{split_descriptor(locator)[0]}@npm:"):
            locator = f"{split_descriptor(locator)[0]}@npm:{entry['version']}"  # the range resolved to this
    name, reference = split_descriptor(locator)
    patched = False
    while reference.startswith("patch:"):  # patch:<the patched package's locator, url-encoded>#<patch>::<params>
        name, reference = split_descriptor(unquote(reference[len("patch:") :].split("#")[0]))
        patched = True
    if reference.startswith("workspace:"):
        node: Hashable = locator
        state.workspaces[locator] = (reference[len("workspace:") :] or ".", entry, line)
    else:
        node = f"{name}@{reference}"
        package = _berry_package(name, reference, entry, line, patched)
        if not package_name(package.name):
            state.problem(f"entry '{key}' has no valid package name ({name!r})", line)
            return
        seen = state.graph.packages.get(node)
        if seen is None:
            state.graph.packages[node] = package
        else:  # the package and its patched build are one component, at the line of the first
            seen.patched = seen.patched or package.patched
            seen.line = seen.line or package.line
        state.entries.append((node, entry, line, locator))
    state.by_name.setdefault(name, set()).add(node)
    for descriptor in key.split(","):
        descriptor = descriptor.strip()
        state.lookup.setdefault(descriptor, node)
        state.unlocated.setdefault(descriptor.split("::")[0], set()).add(node)


def _berry_package(name: str, reference: str, entry: dict, line: int | None, patched: bool) -> Package:
    """A package from its locator: the registry version, or where a git/URL/path package came from."""
    protocol, _, body = reference.partition(":")
    version = entry.get("version")
    version = version if isinstance(version, str) else "" if version is None else str(version)
    if protocol == "npm":
        return Package(name, body, line, patched=patched)  # the locator's exact version, never a YAML number
    if protocol in _GIT_PROTOCOLS or "#commit=" in reference or reference.split("#")[0].endswith(".git"):
        return Package(name, version, line, "git", reference, patched=patched)
    if protocol in _PATH_PROTOCOLS:
        folder = posixpath.normpath(body.split("#")[0].split("::")[0] or ".")
        return Package(name, version, line, "path", folder, patched=patched)
    if protocol in ("http", "https"):
        return Package(name, version, line, "url", reference.split("::")[0], patched=patched)
    return Package(name, version or body, line, patched=patched)


def _berry_manifests(state: _Berry, text: str | None) -> tuple[dict[str, tuple[dict | None, str | None]], list[str]]:
    """Each workspace's ``package.json`` (None when not found) and every file read.

    The root's is ``text`` when given, else the lock's sibling; a member's sits in the member's folder,
    relative to the lock. The root's ``resolutions`` are kept: they redirect descriptors (see
    :func:`_resolve_berry`).
    """
    folder = os.path.dirname(state.path)
    includes: list[str] = []
    manifests: dict[str, tuple[dict | None, str | None]] = {}
    for locator, (where, _entry, _line) in state.workspaces.items():
        if where == ".":
            manifest_path = state.path if text is not None else sibling_manifest(state.path, _LOCK_NAMES, _INFIX)
        else:
            candidate = os.path.join(folder, *where.split("/"), "package.json")
            manifest_path = candidate if os.path.isfile(candidate) else None
            state.graph.members[locator] = split_descriptor(locator)[0]
        data = None
        if manifest_path is not None:
            data = load_manifest(manifest_path, state.problem, includes, text if where == "." else None)
        if where == "." and data is not None:
            resolutions = data.get("resolutions")
            resolutions = resolutions if isinstance(resolutions, dict) else {}
            state.resolutions = {str(k).removeprefix("**/"): v for k, v in resolutions.items() if isinstance(v, str)}
        manifests[locator] = (data, manifest_path)
    return manifests, includes


def _berry_deps(state: _Berry, entry: dict, line: int | None, locator: str) -> list[Dep]:
    """The dependencies of one entry, resolved to nodes; ``dependenciesMeta`` optional ones are optional edges."""
    deps = entry.get("dependencies")
    if deps is None:
        return []
    if not isinstance(deps, dict):
        state.problem(f"the 'dependencies' of '{locator}' should be a mapping, not {json_type(deps)}", line)
        return []
    meta = entry.get("dependenciesMeta")
    meta = meta if isinstance(meta, dict) else {}
    found = []
    for name, range_ in deps.items():
        name, range_ = str(name), "" if range_ is None else str(range_)
        target = _resolve_berry(state, name, range_, locator)
        if target is None:
            state.unresolved.append((locator, f"{name}@{range_}", line))
            continue
        flags = meta.get(name)
        optional = isinstance(flags, dict) and flags.get("optional") is True
        found.append(Dep(name, target, "optional" if optional else "runtime"))
    return found


def _resolve_berry(state: _Berry, name: str, range_: str, parent: str, redirected: bool = False) -> Hashable | None:
    """The node a dependency descriptor resolved to, the way yarn writes and looks it up.

    A range without protocol is an ``npm:`` one; relative ``file:``/``link:``/``portal:`` descriptors carry
    ``::locator=<the dependent>``. A descriptor that the root's ``resolutions`` redirected is not in the
    lock: it is followed through them, or, without the root ``package.json``, found as the only package
    (or workspace) of its name.
    """
    candidates = [f"{name}@{range_}"]
    if ":" not in range_:
        candidates.append(f"{name}@npm:{range_}")
    for descriptor in candidates:
        if descriptor in state.lookup:
            return state.lookup[descriptor]
        located = f"{descriptor}::locator={quote(parent, safe='')}"
        if located in state.lookup:
            return state.lookup[located]
        nodes = state.unlocated.get(descriptor, ())
        if len(nodes) == 1:
            return next(iter(nodes))
    if redirected:
        return None
    if state.resolutions is not None:
        bare = range_.removeprefix("npm:")
        redirect = state.resolutions.get(f"{name}@{bare}") or state.resolutions.get(name)
        return _resolve_berry(state, name, redirect, parent, True) if redirect is not None else None
    nodes = state.by_name.get(name, ())
    return next(iter(nodes)) if len(nodes) == 1 else None


def _berry_roots(state: _Berry, manifests: dict[str, tuple[dict | None, str | None]]) -> None:
    """The workspaces' dependencies are direct; their ``package.json`` files say dev or runtime."""
    unknown: list[tuple[str, int | None]] = []
    for locator, (_where, entry, line) in state.workspaces.items():
        data, manifest_path = manifests[locator]
        declared = declared_scopes(data, manifest_path or state.path, state.problem) if data is not None else None
        if declared is None:
            unknown.append((locator, line))
        locked = entry.get("dependencies") if isinstance(entry.get("dependencies"), dict) else {}
        for dep in _berry_deps(state, entry, line, locator):
            if dep.target == locator:
                continue
            scope = dep.scope if declared is None else declared.get(dep.name, "runtime")
            state.graph.add_root(locator, dep._replace(scope=scope))
        for name, scope in (declared or {}).items():
            if name not in locked and scope in ("runtime", "dev"):  # a peer is not installed for the workspace
                state.problem(f"'{name}' is declared in the package.json of '{locator}' but not in the lock", line)
    if unknown:
        state.problem(
            f"no package.json found for {len(unknown)} workspace(s) ({names_of(w for w, _ in unknown)}): their "
            "dependencies are taken from the lock, where dev and runtime ones cannot be told apart (all runtime)",
            unknown[0][1],
        )


def _report_unresolved(state: _Berry) -> None:
    """Dependencies whose descriptor is not in the lock: each located, or one summary without the manifest.

    Without the root ``package.json`` the likely cause is a ``resolutions`` entry that could not be read.
    """
    if not state.unresolved:
        return
    if state.resolutions is not None:
        for dependent, descriptor, line in state.unresolved:
            state.problem(f"'{dependent}' depends on '{descriptor}', which is not in the lock", line)
        return
    descriptors = sorted({descriptor for _dependent, descriptor, _line in state.unresolved})
    state.problem(
        f"{len(descriptors)} dependency descriptor(s) are not in the lock ({names_of(descriptors)}), probably "
        "redirected by 'resolutions' in the root package.json, which was not found: those edges are left out",
        state.unresolved[0][2],
    )


#: the formats this module reads, and the file names that select them (lower case)
FORMATS = {FORMAT: read_yarn_lock}
PATTERNS = (("yarn.lock", FORMAT), ("*.yarn.lock", FORMAT))
