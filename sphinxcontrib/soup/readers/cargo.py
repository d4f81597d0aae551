"""Rust: ``Cargo.lock`` (versions 1 to 4) and ``Cargo.toml`` manifests.

Cargo.toml gives the direct dependencies with their version requirements as written (``locked=False``):
``[dependencies]`` (runtime), ``[dev-dependencies]`` (dev), ``[build-dependencies]`` and the same tables
under ``[target.'cfg(...)'.*]`` (marker = the target expression). Build dependencies are dev with
``groups=("build",)``: they run on the build machine (build scripts) and are not linked into the product,
like test tools; the group keeps them apart from those, for a team that wants to list them. An
``optional = true`` dependency is optional, with ``groups`` = the features that enable it, unless the
``default`` feature enables it (then it is built by default: runtime). ``package = "real"`` renames give the
real crate with ``alias`` = the key; ``workspace = true`` takes the entry from ``[workspace.dependencies]``
(of the same file, or of the workspace root found in a parent directory). ``git`` dependencies have origin
git (resolved ``url@rev/tag/branch``); ``path`` dependencies inside the workspace are workspace members,
not components, those outside it are components with origin path. ``[workspace.dependencies]`` itself
declares versions, not dependencies: it lists nothing. ``[patch]``/``[replace]`` only show in the lock.

Cargo.lock gives every crate: ``[[package]]`` name/version/source (``registry+``/``sparse+`` -> registry,
``git+url?ref#commit`` -> git; no source -> a workspace member or path dependency) and ``dependencies``
entries ``"name"``, ``"name version"`` or ``"name version (source)"`` (v1/v2 also have ``[metadata]``
checksums and, in v1, a ``[root]`` package). The lock has no dev or build marking: direct = the
dependencies of the workspace members, with the scope their Cargo.toml gives (the sibling ``Cargo.toml``, or
``X.Cargo.toml`` beside ``X.Cargo.lock``, and the members' own manifests under ``[workspace] members``);
members without a manifest make their dependencies runtime, and a problem says so. ``via`` and the scope
of transitive crates follow the ``dependencies`` edges.
"""

from __future__ import annotations

import dataclasses
import glob
import os
from typing import Any

from ..facades.purl import make_purl
from ..facades.toml_file import load_toml
from ..graph import propagate_scopes, reach
from ..locate import TomlLines, first_line, toml_table_lines
from ..model import Component, Problem, ReadResult, Source, strongest_scope
from .base import dedupe, failed, read_text
from .python_common import shown, string_or_none
from .siblings import read_sibling

LOCK_FORMAT = "cargo.lock"
MANIFEST_FORMAT = "cargo.toml"
ECOSYSTEM = "cargo"
ANY_VERSION = "*"

#: dependency tables (with Cargo's legacy spellings) -> scope and groups they give
DEPENDENCY_TABLES = {
    "dependencies": ("runtime", ()),
    "build-dependencies": ("dev", ("build",)),
    "build_dependencies": ("dev", ("build",)),
    "dev-dependencies": ("dev", ()),
    "dev_dependencies": ("dev", ()),
}
_PARENT_LEVELS = 8  # how far up a member manifest looks for its workspace root
_MAX_MEMBERS = 1000  # workspace member manifests read for one lock, at most


# --------------------------------------------------------------------------- manifests


@dataclasses.dataclass(frozen=True)
class Declared:
    """One dependency a Cargo.toml declares."""

    key: str  # the name the manifest uses
    name: str  # the real crate (``package = ...``)
    version: str  # the requirement as written; "" for git/path without one
    pinned: bool  # ``=1.2.3``
    scope: str
    groups: tuple[str, ...]
    marker: str | None  # the target (``cfg(unix)``) it is declared for
    origin: str
    resolved: str | None
    member: bool  # a path dependency inside the workspace: part of the project, not SOUP
    line: int | None


@dataclasses.dataclass
class Manifest:
    """What the readers need from one Cargo.toml."""

    path: str
    package: str | None = None
    declared: list[Declared] = dataclasses.field(default_factory=list)
    members: list[str] = dataclasses.field(default_factory=list)  # [workspace] members patterns
    excluded: list[str] = dataclasses.field(default_factory=list)
    workspace_deps: Any = None  # [workspace.dependencies], when this is a workspace root
    problems: list[Problem] = dataclasses.field(default_factory=list)


def parse_manifest(text: str, path: str, root: Manifest | None = None) -> Manifest:
    """Read one Cargo.toml; ``root`` is its workspace root manifest, when known (else looked up when needed)."""
    manifest = Manifest(path)
    data, problem = load_toml(text, path)
    if problem is not None or not isinstance(data, dict):
        manifest.problems.append(problem or Problem("parse", "not a TOML document", Source(path)))
        return manifest
    lines = TomlLines(text)
    package = data.get("package")
    manifest.package = string_or_none(package.get("name")) if isinstance(package, dict) else None
    workspace = data.get("workspace")
    if isinstance(workspace, dict):
        manifest.members = _strings(workspace.get("members"))
        manifest.excluded = _strings(workspace.get("exclude"))
        manifest.workspace_deps = workspace.get("dependencies")
        root = manifest
    context = _Context(manifest, lines, root, _enabling_features(data.get("features")))
    for table, (scope, groups) in DEPENDENCY_TABLES.items():
        context.read_table(data.get(table), (table,), scope, groups, None)
    targets = data.get("target")
    if targets is not None and not isinstance(targets, dict):
        context.wrong("[target]", "a table of targets", lines.key("target"))
    for target, body in targets.items() if isinstance(targets, dict) else ():
        if not isinstance(body, dict):
            context.wrong(f"[target.{target!r}]", "a table", lines.key(target, lines.table("target")))
            continue
        for table, (scope, groups) in DEPENDENCY_TABLES.items():
            context.read_table(body.get(table), ("target", target, table), scope, groups, target)
    return manifest


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _enabling_features(features: Any) -> dict[str, set[str]]:
    """Dependency key -> the features that enable it, directly or through other features.

    A feature's entries are features, ``dep:key``, ``key/feature`` (enables the dependency) or
    ``key?/feature`` (does not); a bare name that is no feature is an optional dependency's implicit one.
    """
    table = {k: _strings(v) for k, v in features.items()} if isinstance(features, dict) else {}
    enables: dict[str, set[str]] = {}
    for feature in table:
        seen, stack, deps = {feature}, [feature], set()
        while stack:
            for entry in table.get(stack.pop(), ()):
                name, slash, _ = entry.removeprefix("dep:").partition("/")
                if slash or entry.startswith("dep:"):
                    if not name.endswith("?"):  # ``key?/feature`` leaves the dependency off
                        deps.add(name)
                elif entry not in table:
                    deps.add(entry)
                elif entry not in seen:
                    seen.add(entry)
                    stack.append(entry)
        for dep in deps:
            enables.setdefault(dep, set()).add(feature)
    return enables


class _Context:
    """Reading the dependency tables of one manifest."""

    def __init__(self, manifest: Manifest, lines: TomlLines, root: Manifest | None, features: dict) -> None:
        self.manifest = manifest
        self.lines = lines
        self.root = root
        self.root_looked_up = root is not None
        self.features = features

    def wrong(self, what: str, expected: str, line: int | None) -> None:
        source = Source(self.manifest.path, line)
        self.manifest.problems.append(Problem("manifest", f"{what} should be {expected}; ignored", source))

    def workspace_root(self) -> Manifest | None:
        if not self.root_looked_up:
            self.root_looked_up = True
            self.root = find_workspace_root(self.manifest.path)
        return self.root

    def read_table(self, table: Any, parts: tuple[str, ...], scope: str, groups: tuple, target: str | None) -> None:
        if table is None:
            return
        start = self.lines.table(*parts)
        if not isinstance(table, dict):
            self.wrong(f"[{'.'.join(parts)}]", "a table of dependencies", self.lines.key(parts[-1], start))
            return
        for key, spec in table.items():
            header = self.lines.table(*parts, key)
            line = self.lines.line(header) if header is not None else self.lines.key(key, start)
            declared = self.declared(key, spec, scope, groups, target, line)
            if declared is not None:
                self.manifest.declared.append(declared)

    def declared(
        self, key: str, spec: Any, scope: str, groups: tuple, target: str | None, line: int | None
    ) -> Declared | None:
        """One dependency entry: a requirement string or a table (``workspace = true`` resolved first)."""
        source = Source(self.manifest.path, line)
        if isinstance(spec, dict) and spec.get("workspace") is True:
            spec = self.inherited(key, spec, source)
        if isinstance(spec, str):
            spec = {"version": spec}
        elif not isinstance(spec, dict):
            message = f"dependency {key!r}: expected a version string or a table, got {shown(spec)}"
            self.manifest.problems.append(Problem("manifest", message, source))
            spec = {}
        name = string_or_none(spec.get("package")) or key
        origin, resolved, member = self.origin(spec)
        requirement = string_or_none(spec.get("version"))
        version, pinned = _requirement(requirement, origin)
        if spec.get("optional") is True:
            enabling = self.features.get(key, set())
            groups = tuple(sorted({*groups, *enabling}))
            if scope == "runtime" and "default" not in enabling:
                scope = "optional"
        return Declared(key, name, version, pinned, scope, groups, target, origin, resolved, member, line)

    def inherited(self, key: str, spec: dict, source: Source) -> Any:
        """A ``workspace = true`` entry: the workspace's entry, with this one's ``optional`` and ``features``."""
        root = self.workspace_root()
        table = root.workspace_deps if root is not None else None
        base = table.get(key) if isinstance(table, dict) else None
        if base is None:
            message = f"dependency {key!r} inherits from the workspace, which does not declare it"
            self.manifest.problems.append(Problem("manifest", message, source))
            return {k: v for k, v in spec.items() if k != "workspace"}
        base = {"version": base} if isinstance(base, str) else base
        return {**base, **{k: v for k, v in spec.items() if k != "workspace"}} if isinstance(base, dict) else base

    def origin(self, spec: dict) -> tuple[str, str | None, bool]:
        """(origin, resolved, is a workspace member) of a dependency table."""
        git = string_or_none(spec.get("git"))
        if git:
            ref = next((spec[k] for k in ("rev", "tag", "branch") if isinstance(spec.get(k), str)), None)
            return "git", f"{git}@{ref}" if ref else git, False
        path = string_or_none(spec.get("path"))
        if path is None:
            return "registry", None, False
        return "path", path, self.inside_workspace(path)

    def inside_workspace(self, path: str) -> bool:
        """Whether a path dependency lies in the workspace (Cargo makes it a member): the project, not SOUP."""
        here = os.path.dirname(os.path.abspath(self.manifest.path))
        root = self.workspace_root()
        top = os.path.dirname(os.path.abspath(root.path)) if root is not None else here
        target = os.path.normpath(os.path.join(here, path))
        return not os.path.relpath(target, top).startswith("..")


def _requirement(requirement: str | None, origin: str) -> tuple[str, bool]:
    """(version, pinned): ``=1.2.3`` is exact; any other requirement is kept as written."""
    if requirement is None or not requirement.strip():
        return ("" if origin != "registry" else ANY_VERSION), False
    text = requirement.strip()
    exact = text[1:].strip() if text.startswith("=") and "," not in text else None
    return (exact, True) if exact else (text, False)


def find_workspace_root(path: str) -> Manifest | None:
    """The nearest Cargo.toml with ``[workspace]`` in a parent directory of ``path``'s, if any."""
    directory = os.path.dirname(os.path.abspath(path))
    for _ in range(_PARENT_LEVELS):
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent
        candidate = os.path.join(directory, "Cargo.toml")
        if os.path.isfile(candidate):
            text, _ = read_text(candidate)
            if text is not None and "[workspace" in text:
                root = parse_manifest(text, candidate, root=None)
                if root.workspace_deps is not None or root.members:
                    return root
    return None


def _component(name: str, version: str, source: Source, origin: str, resolved: str | None, **fields: Any) -> Component:
    """A cargo component; a git crate's purl names its repository and commit (``vcs_url``)."""
    qualifiers = {"vcs_url": f"git+{resolved}"} if origin == "git" and resolved else None
    pinned = fields.get("pinned", True)
    exact = version if pinned and version else None
    name = name.strip() or "unnamed"  # a purl needs a name
    purl = make_purl(ECOSYSTEM, name, exact, qualifiers) if qualifiers else make_purl(ECOSYSTEM, name, exact)
    return Component(name, version, ECOSYSTEM, purl, source, origin=origin, resolved=resolved, **fields)


def read_cargo_toml(text: str, path: str) -> ReadResult:
    """The direct dependencies a Cargo.toml declares (``locked=False``). Never raises."""
    manifest = parse_manifest(text, path)
    components = [
        _component(
            d.name,
            d.version,
            Source(path, d.line),
            d.origin,
            d.resolved,
            pinned=d.pinned,
            scope=d.scope,
            groups=d.groups,
            marker=d.marker,
            alias=d.key if d.key != d.name else None,
        )
        for d in manifest.declared
        if not d.member
    ]
    return ReadResult(
        path=path,
        format=MANIFEST_FORMAT,
        components=tuple(dedupe(components)),
        problems=tuple(manifest.problems),
        locked=False,
    )


# --------------------------------------------------------------------------- Cargo.lock


@dataclasses.dataclass
class _Crate:
    name: str
    version: str
    source: str | None
    dependencies: list
    line: int | None


def read_cargo_lock(
    text: str, path: str, *, manifest_text: str | None = None, manifest_path: str | None = None
) -> ReadResult:
    """Components of a Cargo.lock; ``manifest_text`` is the workspace's Cargo.toml (else the sibling is read)."""
    data, problem = load_toml(text, path)
    if problem is not None or not isinstance(data, dict):
        return failed(path, LOCK_FORMAT, problem or Problem("parse", "not a TOML document", Source(path)))
    problems: list[Problem] = []
    version = data.get("version")
    if version is not None and (type(version) is not int or version not in (3, 4)):
        message = f"lock version {shown(version)} is not one this reader knows (1 to 4); read as version 4"
        problems.append(Problem("manifest", message, Source(path, first_line(text, "version"))))
    crates = _crates(data, text, path, problems)
    manifests = _manifests(path, manifest_text, manifest_path, problems)
    lock = _Lock(crates, manifests, path, problems)
    return ReadResult(
        path=path,
        format=LOCK_FORMAT,
        components=tuple(dedupe(lock.components())),
        problems=tuple(problems),
        includes=tuple(m.path for m in manifests),
    )


def _crates(data: dict, text: str, path: str, problems: list[Problem]) -> list[_Crate]:
    """Every ``[[package]]`` (and the v1 ``[root]``) with a name and version; the others are reported."""
    packages = data.get("package", [])
    if not isinstance(packages, list):
        message = "'package' should be an array of [[package]] tables; no package read"
        problems.append(Problem("manifest", message, Source(path, first_line(text, "package"))))
        packages = []
    lines: list[int | None] = list(toml_table_lines(text, "package"))
    lines += [None] * (len(packages) - len(lines))
    entries = list(zip(packages, lines, strict=False))
    if "root" in data:
        entries.insert(0, (data["root"], first_line(text, "[root]")))
    crates = []
    for entry, line in entries:
        source = Source(path, line)
        if not isinstance(entry, dict):
            problems.append(Problem("manifest", f"[[package]] entry is {shown(entry)}, not a table; ignored", source))
            continue
        name, version = entry.get("name"), entry.get("version")
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem("manifest", f"[[package]] entry without a valid name ({shown(name)})", source))
            continue
        if not isinstance(version, str) or not version.strip():
            problems.append(Problem("manifest", f"crate {name!r} has no valid version ({shown(version)})", source))
            version = ""
        crate_source = entry.get("source")
        if crate_source is not None and not isinstance(crate_source, str):
            problems.append(
                Problem("manifest", f"source of {name!r} should be a string: {shown(crate_source)}", source)
            )
            crate_source = None
        dependencies = entry.get("dependencies", [])
        if not isinstance(dependencies, list):
            problems.append(Problem("manifest", f"dependencies of {name!r} should be an array of strings", source))
            dependencies = []
        crates.append(_Crate(name, version, crate_source, dependencies, line))
    return crates


def _manifests(path: str, text: str | None, manifest_path: str | None, problems: list[Problem]) -> list[Manifest]:
    """The workspace's Cargo.toml (given or beside the lock) and the manifests of its members that exist."""
    if text is None:
        manifest_path, text, problem = read_sibling(path, "cargo.lock", "Cargo.toml")
        if problem is not None:
            problems.append(problem)
    if text is None:
        return []
    root = parse_manifest(text, manifest_path or os.path.join(os.path.dirname(path), "Cargo.toml"))
    problems.extend(root.problems)
    manifests = [root]
    for member_path in _member_manifests(root)[:_MAX_MEMBERS]:
        member_text, problem = read_text(member_path)
        if member_text is None:
            problems.extend([problem] if problem else [])
            continue
        member = parse_manifest(member_text, member_path, root=root)
        problems.extend(member.problems)
        manifests.append(member)
    return manifests


def _member_manifests(root: Manifest) -> list[str]:
    """Paths of the existing Cargo.toml of each ``[workspace] members`` entry (globs expanded), minus ``exclude``."""
    directory = os.path.dirname(os.path.abspath(root.path))
    excluded = {os.path.normpath(os.path.join(directory, e)) for e in root.excluded}
    found: list[str] = []
    for pattern in root.members:
        for member in sorted(glob.glob(os.path.join(glob.escape(directory), pattern))):
            candidate = os.path.join(member, "Cargo.toml")
            if os.path.normpath(member) not in excluded and os.path.isfile(candidate) and candidate not in found:
                found.append(candidate)
    return found


class _Lock:
    """The crates of one lock, the edges between them and what the manifests say about the members' edges."""

    def __init__(self, crates: list[_Crate], manifests: list[Manifest], path: str, problems: list[Problem]) -> None:
        self.crates = crates
        self.path = path
        self.problems = problems
        self.manifests = {m.package: m for m in manifests if m.package}
        external = {d.name for m in manifests for d in m.declared if d.origin == "path" and not d.member}
        self.members = {i for i, c in enumerate(crates) if c.source is None and c.name not in external}
        self.by_name: dict[str, list[int]] = {}
        for index, crate in enumerate(crates):
            self.by_name.setdefault(crate.name, []).append(index)
        self.has_manifest = bool(manifests)

    def resolve(self, entry: Any, owner: _Crate) -> list[int]:
        """The crates a dependency entry (``name``, ``name version``, ``name version (source)``) goes to."""
        if not isinstance(entry, str) or not entry.strip():
            message = f'dependency of {owner.name!r} is {shown(entry)}, not "name [version [(source)]]"; ignored'
            self.problems.append(Problem("manifest", message, Source(self.path, owner.line)))
            return []
        name, _, rest = entry.strip().partition(" ")
        version, _, source = rest.strip().partition(" ")
        candidates = self.by_name.get(name, [])
        if version:
            candidates = [i for i in candidates if self.crates[i].version == version]
        if source:
            candidates = [i for i in candidates if self.crates[i].source == source.strip("()")]
        if not candidates:
            message = f"{owner.name!r} depends on {entry.strip()!r}, which the lock does not list"
            self.problems.append(Problem("manifest", message, Source(self.path, owner.line)))
        return candidates

    def components(self) -> list[Component]:
        direct, fields = self.direct()
        edges = {
            index: [t for entry in crate.dependencies for t in self.resolve(entry, crate) if t not in self.members]
            for index, crate in enumerate(self.crates)
            if index not in self.members
        }
        reached = reach({i: self.crates[i].name for i in direct}, edges)
        scopes = propagate_scopes(direct, edges)
        result = []
        for index, crate in enumerate(self.crates):
            if index in self.members:
                continue
            origin, resolved = _lock_origin(crate.source)
            if crate.source is None:
                resolved = next(
                    (d.resolved for m in self.manifests.values() for d in m.declared if d.name == crate.name), None
                )
            is_direct = index in direct
            extra = fields.get(index, {})
            result.append(
                _component(
                    crate.name,
                    crate.version,
                    Source(self.path, crate.line),
                    origin,
                    resolved,
                    pinned=bool(crate.version),
                    scope=scopes.get(index, "runtime"),
                    direct=is_direct,
                    via=() if is_direct else tuple(sorted(reached.get(index, ()))),
                    **extra,
                )
            )
        return result

    def direct(self) -> tuple[dict[int, str], dict[int, dict[str, Any]]]:
        """Direct crates -> scope (from the members' manifests), and their groups/marker/alias."""
        declared: dict[int, list[Declared]] = {}
        unknown: set[int] = set()
        for member in sorted(self.members):
            crate = self.crates[member]
            manifest = self.manifests.get(crate.name)
            for entry in crate.dependencies:
                for target in self.resolve(entry, crate):
                    if target in self.members:
                        continue
                    found = [d for d in manifest.declared if d.name == self.crates[target].name] if manifest else []
                    declared.setdefault(target, []).extend(found)
                    if not found:
                        unknown.add(target)
        missing = sorted(self.crates[m].name for m in self.members if self.crates[m].name not in self.manifests)
        if missing:
            self.note_missing(missing)
        scopes = {
            t: strongest_scope([*(d.scope for d in ds), *(["runtime"] if t in unknown else [])])
            for t, ds in declared.items()
        }
        return scopes, {t: _declared_fields(ds) for t, ds in declared.items() if ds}

    def note_missing(self, missing: list[str]) -> None:
        if not self.has_manifest:
            message = "no Cargo.toml beside the lock: dev and build dependencies are not known; all taken as runtime"
        else:
            names = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
            message = f"no Cargo.toml read for workspace member(s) {names}: their dependencies are taken as runtime"
        self.problems.append(Problem("input", message, Source(self.path)))


def _declared_fields(declared: list[Declared]) -> dict[str, Any]:
    """Groups, marker (the one target all declarations share) and alias (one rename) of a direct crate."""
    targets = {d.marker for d in declared}
    keys = {d.key for d in declared}
    alias = next(iter(keys)) if len(keys) == 1 and declared[0].key != declared[0].name else None
    return {
        "groups": tuple(sorted({g for d in declared for g in d.groups})),
        "marker": next(iter(targets)) if len(targets) == 1 else None,
        "alias": alias,
    }


def _lock_origin(source: str | None) -> tuple[str, str | None]:
    """(origin, resolved) of a lock ``source``: git gives ``url@commit`` (the ``#commit`` fragment)."""
    if source is None:
        return "path", None
    kind, _, url = source.partition("+")
    if kind == "git":
        base, _, commit = url.partition("#")
        base = base.split("?", 1)[0]
        return "git", f"{base}@{commit}" if commit else base
    if kind == "path":
        return "path", url.removeprefix("file://")
    return "registry", None


def sniff(name: str, head: str) -> str | None:
    """A Cargo.lock under another name: Cargo's header comment or ``[[package]]`` with crate sources."""
    if "@generated by Cargo" in head or ("[[package]]" in head and "registry+https://" in head):
        return LOCK_FORMAT
    return None


FORMATS = {LOCK_FORMAT: read_cargo_lock, MANIFEST_FORMAT: read_cargo_toml}
PATTERNS = (
    ("cargo.lock", LOCK_FORMAT),
    ("*.cargo.lock", LOCK_FORMAT),
    ("cargo.toml", MANIFEST_FORMAT),
    ("*.cargo.toml", MANIFEST_FORMAT),
)
