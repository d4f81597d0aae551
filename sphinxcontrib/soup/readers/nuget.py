"""NuGet (.NET): ``packages.config``, MSBuild projects with ``PackageReference``, and ``packages.lock.json``.

NuGet ids are case-insensitive: every component keeps the id as the file writes it, and every match
(a reference and its central version, a lock entry and its dependents) ignores case.

``packages.config`` (format ``packages.config``)
    Every ``<package id version targetFramework developmentDependency>``, at its exact version (NuGet
    restores exactly those); ``developmentDependency="true"`` gives scope ``dev``, ``targetFramework`` the
    groups. The file is flat and says nothing about the graph: NuGet writes every installed package into
    it, the ones that packages depend on included. NuGet.Server's own file shows it: beside
    ``Microsoft.AspNet.WebApi`` it lists ``.Client``, ``.Core`` and ``.WebHost``, which that package depends
    on, and beside ``Microsoft.CodeAnalysis.FxCopAnalyzers`` the four analyzer packages it brings. As no
    entry can be told apart, every one is reported direct (an auditor rather reviews a transitive package
    as a direct one than misses a direct one).

MSBuild projects (format ``msbuild``: ``*.csproj``, ``*.fsproj``, ``*.vbproj``, ``Directory.Build.props``,
``Directory.Packages.props``)
    ``<PackageReference Include Version>`` with its metadata as attributes or child elements (MSBuild
    metadata names ignore case): ``VersionOverride`` beats ``Version``, which beats the central
    ``<PackageVersion>`` of ``Directory.Packages.props`` (central package management). Versions are NuGet
    ranges: ``1.2.3`` means ``>= 1.2.3`` and ``1.*`` floats, so only ``[1.2.3]`` is pinned, unless a
    ``packages.lock.json`` beside the project pins every reference (then its resolved versions are
    reported, and the lock is an include). ``PrivateAssets="all"``, or ``IncludeAssets``/``ExcludeAssets``
    that leave no compile, runtime, native or content assets, mark build-time packages (analyzers, build
    tools): scope ``dev``; so do ``<GlobalPackageReference>`` items. An MSBuild SDK with a version
    (``<Project Sdk="Name/1.2.3">``, ``<Sdk Name Version>``, ``<Import Sdk Version>``) is a NuGet package
    too: a ``dev`` component in group ``msbuild-sdk``.

    Properties (``$(Name)``, names ignore case) come from the ``<PropertyGroup>`` elements of the files MSBuild
    evaluates before the items, in its order: the nearest ``Directory.Build.props`` (then the nearest
    ``Directory.Packages.props``) in the project's folder or a parent, never above the repository root (a
    folder with ``.git``), then the file itself. Each property is expanded when defined, as MSBuild does;
    a conditional definition (``Condition=...``, usually "default when empty") only sets a property not
    yet defined, as conditions are not evaluated. Conditions of items are kept as the component's
    ``marker``. Targets and other ``<Import>`` elements are not read; a version that stays unresolved is reported
    as written, with a problem. A ``Directory.*.props`` read on its own gives its own items, its
    ``<PackageVersion>`` entries included. The target frameworks are the groups.

    A legacy (non-SDK) project lists its packages in ``packages.config``; its ``<Reference>`` items with a
    ``HintPath`` into ``packages\\`` are assembly references, not package references: nothing is read from
    such a project (without any PackageReference) and one problem points to its packages.config.

``packages.lock.json`` (format ``nuget-lock``, version 1 and 2)
    Per target framework (``net8.0``, ``net8.0/win-x64``), each package's ``type`` (``Direct``,
    ``Transitive``, ``CentralTransitive``, ``Project``), ``resolved`` version and ``dependencies``. One
    component per (id, version) across frameworks, the frameworks as groups. ``Project`` entries are the
    solution's own projects, not SOUP. The ``via`` of a transitive package names the direct packages and
    the referenced projects that pull it in (a project pulls in the packages its own lock entry lists).
    The referenced projects are the ``<ProjectReference>`` items of the project file beside the lock (``X.csproj``
    for ``packages.X.lock.json`` or ``X.packages.lock.json``, the only project file of the folder for
    ``packages.lock.json``), else the projects no other project depends on. The lock has no dev flag: that
    project file's build-time references give the scope of the direct packages, and through the graph the
    scope of the transitive ones.
"""

from __future__ import annotations

import dataclasses
import os
import re
from typing import Any

from ..facades.json_file import json_type, load_json
from ..facades.purl import make_purl
from ..facades.xml_file import load_xml, local_name
from ..graph import propagate_scopes, reach
from ..locate import first_line, json_member_lines
from ..model import Component, Problem, ReadResult, Source
from .base import dedupe, failed, read_text

ECOSYSTEM = "nuget"
CONFIG_FORMAT = "packages.config"
MSBUILD_FORMAT = "msbuild"
LOCK_FORMAT = "nuget-lock"
SDK_GROUP = "msbuild-sdk"

# ---------------------------------------------------------------------------------------------------------
# Versions and ranges

_LABELS = r"[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*"
_VERSION = re.compile(rf"\d+(?:\.\d+){{0,3}}(?:-{_LABELS})?(?:\+{_LABELS})?")
#: ``*``, ``1.*``, ``1.2.*-*``, ``1.2.3-beta*``, ``*-*``
_FLOATING = re.compile(r"(?:\d+\.){0,3}\*(?:-[0-9A-Za-z.-]*\*)?|\d+(?:\.\d+){0,3}-[0-9A-Za-z.-]*\*")


def is_version(text: str) -> bool:
    """A NuGet version (``1.2.3``, ``1.0.0.0``, ``2.0.0-beta.4+sha``)."""
    return bool(_VERSION.fullmatch(text))


def parse_range(text: str) -> tuple[str | None, bool]:
    """What a NuGet version range says: ``(version if it is exact, whether it is a valid range)``.

    ``1.2.3`` is a minimum (``>= 1.2.3``), ``1.*`` floats, ``[1.0,2.0)`` is an interval and ``[1.2.3]`` the
    only exact form. (univers 32 rejects the bare minimum and floating forms, the most common ones.)
    """
    text = text.strip()
    if _VERSION.fullmatch(text) or _FLOATING.fullmatch(text):
        return None, True
    if len(text) < 2 or text[0] not in "[(" or text[-1] not in "])":
        return None, False
    inner = text[1:-1]
    if "," not in inner:
        exact = inner.strip()
        valid = text[0] == "[" and text[-1] == "]" and bool(_VERSION.fullmatch(exact))
        return (exact if valid else None), valid
    low, high = (part.strip() for part in inner.split(",", 1))
    valid = bool(low or high) and all(not bound or _VERSION.fullmatch(bound) for bound in (low, high))
    return None, valid


def _component(name: str, version: str, source: Source, *, pinned: bool, **fields: Any) -> Component:
    """A NuGet component; the purl carries the version only when it is exact."""
    return Component(
        name=name,
        version=version,
        ecosystem=ECOSYSTEM,
        purl=make_purl(ECOSYSTEM, name, version if pinned and version else None),
        source=source,
        pinned=pinned,
        **fields,
    )


# ---------------------------------------------------------------------------------------------------------
# XML helpers


def _tag(element: Any) -> str | None:
    """The lower-case local name of an element (None for a comment or processing instruction)."""
    return local_name(element.tag).lower() if isinstance(element.tag, str) else None


def _attrs(element: Any) -> dict[str, str]:
    """Attributes by lower-case local name: MSBuild attribute and metadata names ignore case."""
    return {local_name(key).lower(): value for key, value in element.attrib.items()}


def _line(element: Any) -> int | None:
    return getattr(element, "sourceline", None)


def _load_root(text: str, path: str, fmt: str, root_tag: str, what: str) -> tuple[Any, ReadResult | None]:
    """The root element of an XML file, or the failed result (unreadable XML, or the wrong root)."""
    root, problem = load_xml(text.removeprefix("\ufeff"), path)
    if problem is not None:
        return None, failed(path, fmt, problem)
    if _tag(root) != root_tag:
        message = f"not {what}: the root element is <{local_name(root.tag)}>, not <{root_tag}>"
        return None, failed(path, fmt, Problem("manifest", message, Source(path, _line(root))))
    return root, None


# ---------------------------------------------------------------------------------------------------------
# packages.config


def read_packages_config(text: str, path: str) -> ReadResult:
    """Every package of a ``packages.config``, exact and direct (see the module docstring)."""
    root, failure = _load_root(text, path, CONFIG_FORMAT, "packages", "a packages.config")
    if failure is not None:
        return failure
    problems: list[Problem] = []
    components: list[Component] = []
    seen: dict[str, str] = {}
    for element in root:
        tag = _tag(element)
        if tag is None:
            continue
        source = Source(path, _line(element))
        if tag != "package":
            problems.append(Problem("manifest", f"unexpected element <{local_name(element.tag)}> ignored", source))
            continue
        comp = _config_package(element, source, problems)
        if comp is None:
            continue
        if comp.name.lower() in seen:  # NuGet refuses to restore such a file
            message = f"package '{comp.name}' is listed twice ({seen[comp.name.lower()]} and {comp.version})"
            problems.append(Problem("manifest", message, source))
        seen.setdefault(comp.name.lower(), comp.version)
        components.append(comp)
    return ReadResult(path=path, format=CONFIG_FORMAT, components=tuple(dedupe(components)), problems=tuple(problems))


def _config_package(element: Any, source: Source, problems: list[Problem]) -> Component | None:
    attrs = _attrs(element)
    name = attrs.get("id", "").strip()
    if not name:
        problems.append(Problem("manifest", "a <package> without an id is ignored", source))
        return None
    version = attrs.get("version", "").strip()
    pinned = is_version(version)
    if not version:
        problems.append(Problem("manifest", f"package '{name}' has no version", source))
    elif not pinned:
        problems.append(Problem("manifest", f"package '{name}': {version!r} is not a NuGet version", source))
    framework = attrs.get("targetframework", "").strip()
    dev = attrs.get("developmentdependency", "").strip().lower() == "true"
    return _component(
        name,
        version,
        source,
        pinned=pinned,
        scope="dev" if dev else "runtime",
        groups=(framework,) if framework else (),
    )


# ---------------------------------------------------------------------------------------------------------
# MSBuild evaluation: properties and package items, the way restore sees them

_PROPERTY = re.compile(r"\$\(\s*([A-Za-z_][\w.-]*)\s*\)")
_CONTAINERS = frozenset(("choose", "when", "otherwise"))
_PACKAGE_ITEMS = frozenset(("packagereference", "packageversion", "globalpackagereference"))
_ITEM_OPERATIONS = frozenset(("include", "update", "remove", "exclude", "condition"))
_ALL_ASSETS = frozenset(
    ("compile", "runtime", "contentfiles", "build", "buildmultitargeting", "buildtransitive", "analyzers", "native")
)
_SHIPPED_ASSETS = frozenset(("compile", "runtime", "native", "contentfiles"))
_BUILD_PROPS = "Directory.Build.props"
_PACKAGES_PROPS = "Directory.Packages.props"
_PROJECT_SUFFIXES = (".csproj", ".fsproj", ".vbproj")


@dataclasses.dataclass
class _Item:
    """One package item (``PackageReference``, ``PackageVersion``, ``GlobalPackageReference``)."""

    kind: str  # the lower-case item type
    name: str
    meta: dict[str, str]  # lower-case metadata name -> value as written
    source: Source
    condition: str | None


@dataclasses.dataclass
class _Sdk:
    name: str
    version: str
    source: Source


def _role(path: str) -> str:
    """``project``, ``build-props`` or ``packages-props``: what the file is to MSBuild (``props`` otherwise)."""
    name = os.path.basename(path).lower()
    if name.endswith(_PACKAGES_PROPS.lower()):
        return "packages-props"
    if name.endswith(_BUILD_PROPS.lower()):
        return "build-props"
    return "project" if name.endswith("proj") else "props"


def _both(outer: str | None, inner: str | None) -> str | None:
    """Two MSBuild conditions that both apply, as one."""
    inner = inner.strip() if inner else None
    if outer and inner:
        return f"({outer}) and ({inner})"
    return outer or inner or None


def _split(value: str) -> list[str]:
    """An MSBuild list (``a;b``) without blanks."""
    return [part.strip() for part in value.split(";") if part.strip()]


def find_upward(folder: str, name: str) -> str | None:
    """The nearest file ``name`` in ``folder`` or a parent, as MSBuild finds it, not above the repository root."""
    relative = not os.path.isabs(folder)
    folder = os.path.abspath(folder)
    while True:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate):
            return os.path.relpath(candidate) if relative else candidate  # in the style of the path read
        parent = os.path.dirname(folder)
        if parent == folder or os.path.exists(os.path.join(folder, ".git")):
            return None
        folder = parent


class _Evaluation:
    """One MSBuild file with the ``Directory.*.props`` MSBuild imports before it, evaluated in that order."""

    def __init__(self, path: str, root: Any) -> None:
        self.path = path
        self.role = _role(path)
        base = os.path.basename(path)
        self.properties: dict[str, str] = {
            "msbuildprojectname": os.path.splitext(base)[0],
            "msbuildprojectfile": base,
        }
        self.items: list[_Item] = []
        self.sdks: list[_Sdk] = []
        self.problems: list[Problem] = []
        self.includes: list[str] = []
        self.legacy_line: int | None = None
        self.project_references: list[str] = []  # project names (file stems) of <ProjectReference>s
        self.files = [path]
        for imported in self._imports():
            self._import(imported)
        self._sdks(root)
        self._walk(root, path, main=True)

    # --- reading

    def _imports(self) -> list[str]:
        folder = os.path.dirname(self.path) or "."
        names = {"project": (_BUILD_PROPS, _PACKAGES_PROPS), "props": (), "packages-props": (_BUILD_PROPS,)}
        found = (find_upward(folder, name) for name in names.get(self.role, ()))
        return [file for file in found if file and os.path.abspath(file) != os.path.abspath(self.path)]

    def _import(self, path: str) -> None:
        self.includes.append(path)
        text, problem = read_text(path)
        root = None
        if problem is None:
            root, problem = load_xml(text.removeprefix("\ufeff"), path)
        if problem is not None:
            self.problems.append(problem)
        elif _tag(root) == "project":
            self.files.append(path)
            self._walk(root, path, main=False)

    def _sdks(self, root: Any) -> None:
        """MSBuild SDKs with a version: ``Sdk="A/1.0;B"``, ``<Sdk Name Version>``, ``<Import Sdk Version>``."""
        source = Source(self.path, _line(root))
        for spec in _split(_attrs(root).get("sdk", "")):
            name, _, version = spec.partition("/")
            self._sdk(name, version.removeprefix("min="), source)
        for element in root:
            tag = _tag(element)
            if tag in ("sdk", "import"):
                attrs = _attrs(element)
                name = attrs.get("name" if tag == "sdk" else "sdk", "")
                self._sdk(name, attrs.get("version", ""), Source(self.path, _line(element)))

    def _sdk(self, name: str, version: str, source: Source) -> None:
        if name.strip() and version.strip():  # without a version it comes with the .NET SDK, not from NuGet
            self.sdks.append(_Sdk(name.strip(), version.strip(), source))

    def _walk(self, root: Any, path: str, main: bool) -> None:
        """Property groups and item groups in document order, through ``Choose``; targets are skipped."""
        stack = [(child, None) for child in reversed(root)]
        while stack:
            element, outer = stack.pop()
            tag = _tag(element)
            if tag is None:
                continue
            condition = _both(outer, _attrs(element).get("condition"))
            if tag in _CONTAINERS:
                stack.extend((child, condition) for child in reversed(element))
            elif tag == "propertygroup":
                for prop in element:
                    self._property(prop, condition)
            elif tag == "itemgroup":
                for item in element:
                    self._item(item, path, condition, main)

    def _property(self, element: Any, condition: str | None) -> None:
        name = _tag(element)
        if name is None:
            return
        value = self.expand((element.text or "").strip())[0]  # expanded when defined, as MSBuild does
        if condition or _attrs(element).get("condition"):
            self.properties.setdefault(name, value)
        else:
            self.properties[name] = value

    def _item(self, element: Any, path: str, condition: str | None, main: bool) -> None:
        kind = _tag(element)
        if kind not in _PACKAGE_ITEMS:
            if kind == "reference" and main and self.legacy_line is None and _packages_hint(element):
                self.legacy_line = _line(element)
            elif kind == "projectreference" and main:
                includes = _split(self.expand(_attrs(element).get("include", ""))[0])
                self.project_references += [_project_name(include) for include in includes]
            return
        attrs = _attrs(element)
        meta = {key: value for key, value in attrs.items() if key not in _ITEM_OPERATIONS}
        for child in element:
            if _tag(child) is not None:
                meta[_tag(child)] = (child.text or "").strip()
        source = Source(path, _line(element))
        condition = _both(condition, attrs.get("condition"))
        if "include" in attrs:
            for name in _split(self.expand(attrs["include"])[0]):
                self.items.append(_Item(kind, name, dict(meta), source, condition))
        elif "update" in attrs:
            names = {name.lower() for name in _split(self.expand(attrs["update"])[0])}
            for item in self.items:
                if item.kind == kind and item.name.lower() in names:
                    item.meta.update(meta)
        elif "remove" in attrs:
            names = {name.lower() for name in _split(self.expand(attrs["remove"])[0])}
            self.items = [i for i in self.items if not (i.kind == kind and i.name.lower() in names)]
        else:
            message = f"<{local_name(element.tag)}> without Include, Update or Remove is ignored"
            self.problems.append(Problem("manifest", message, source))

    # --- using

    def expand(self, value: str) -> tuple[str, list[str]]:
        """``value`` with its ``$(Property)`` references replaced; the names that are not defined."""
        if "$(" not in value:
            return value, []
        missing: list[str] = []

        def replace(match: re.Match) -> str:
            found = self.properties.get(match.group(1).lower())
            if found is None:
                missing.append(match.group(1))
                return match.group(0)
            return found

        return _PROPERTY.sub(replace, value), missing

    def property_true(self, name: str) -> bool:
        return self.properties.get(name, "").strip().lower() == "true"

    def frameworks(self) -> tuple[str, ...]:
        value = self.properties.get("targetframeworks") or self.properties.get("targetframework") or ""
        return tuple(f for f in _split(value) if "$(" not in f)


def _project_name(include: str) -> str:
    """The name of a referenced project (``..\\Api\\My.Api.csproj`` -> ``My.Api``), as a lock file names it."""
    return os.path.splitext(include.replace("\\", "/").rsplit("/", 1)[-1])[0]


def _packages_hint(reference: Any) -> bool:
    """Whether a legacy ``<Reference>`` points into a NuGet ``packages`` folder."""
    for child in reference:
        if _tag(child) == "hintpath":
            hint = (child.text or "").replace("\\", "/").lower()
            if hint.startswith("packages/") or "/packages/" in hint:
                return True
    return False


def _is_dev(meta: dict[str, str]) -> bool:
    """A build-time package: ``PrivateAssets=all``, or assets that leave nothing to compile against or ship."""
    if "all" in _assets(meta.get("privateassets", "")):
        return True
    include = _assets(meta.get("includeassets", "all")) or {"none"}
    exclude = _assets(meta.get("excludeassets", ""))
    included = _ALL_ASSETS if "all" in include else include
    excluded = _ALL_ASSETS if "all" in exclude else exclude
    return not (included - excluded) & _SHIPPED_ASSETS


def _assets(value: str) -> set[str]:
    return {part.lower() for part in _split(value)}


# ---------------------------------------------------------------------------------------------------------
# MSBuild files


def read_msbuild(text: str, path: str) -> ReadResult:
    """The package references of an MSBuild project (or ``Directory.*.props``); see the module docstring."""
    root, failure = _load_root(text, path, MSBUILD_FORMAT, "project", "an MSBuild file")
    if failure is not None:
        return failure
    project = _Evaluation(path, root)
    references = [i for i in project.items if i.kind == "packagereference"]
    if project.role == "project" and project.legacy_line is not None and not references:
        message = "legacy project: read its packages.config (its <Reference>s point into the packages folder)"
        return failed(path, MSBUILD_FORMAT, Problem("manifest", message, Source(path, project.legacy_line)))
    problems = project.problems
    components = _item_components(project, problems)
    includes = list(project.includes)
    locked = False
    if project.role == "project":
        lock = _lock_of(project)
        if lock is not None:
            includes.append(lock)
            components, locked = _pin(components, lock, problems)
        components += [_sdk_component(sdk) for sdk in project.sdks]
    return ReadResult(
        path=path,
        format=MSBUILD_FORMAT,
        components=tuple(dedupe(components)),
        problems=tuple(problems),
        locked=locked,
        includes=tuple(dict.fromkeys(includes)),
    )


def _item_components(project: _Evaluation, problems: list[Problem]) -> list[Component]:
    """Components of the package items that are references of this file (see :func:`_is_reference`)."""
    central: dict[str, _Item] = {}
    for item in project.items:
        if item.kind == "packageversion":
            known = central.setdefault(item.name.lower(), item)
            if known is not item:
                message = f"PackageVersion '{item.name}' is defined twice (first at {known.source})"
                problems.append(Problem("manifest", message, item.source))
    cpm = project.property_true("managepackageversionscentrally")
    frameworks = project.frameworks()
    components = []
    for item in project.items:
        if not _is_reference(project, item):
            continue
        version, source_of_version = _version_of(item, central if cpm else {}, cpm, problems)
        version, pinned = _resolve_version(project, item, version, source_of_version, problems)
        dev = item.kind == "globalpackagereference" or _is_dev(item.meta)
        components.append(
            _component(
                item.name,
                version,
                item.source,
                pinned=pinned,
                scope="dev" if dev else "runtime",
                groups=frameworks,
                marker=item.condition,
            )
        )
    return components


def _is_reference(project: _Evaluation, item: _Item) -> bool:
    """A project's references (its own and imported ones); a props file's own items, its versions included."""
    if project.role == "project":
        return item.kind != "packageversion"
    return item.source.path == project.path


def _version_of(
    item: _Item, central: dict[str, _Item], cpm: bool, problems: list[Problem]
) -> tuple[str | None, Source]:
    """The version text of an item as written (``VersionOverride``, ``Version``, the central one) and its place."""
    override = item.meta.get("versionoverride")
    own = item.meta.get("version")
    if cpm and own is not None and override is None and item.kind == "packagereference":
        message = (
            f"'{item.name}' has a Version while central package management is on: "
            "NuGet refuses it (NU1008); use VersionOverride"
        )
        problems.append(Problem("manifest", message, item.source))
    if override is not None or own is not None:
        return (override if override is not None else own), item.source
    found = central.get(item.name.lower())
    if found is not None and found.meta.get("version") is not None:
        return found.meta["version"], found.source
    where = "in no PackageVersion" if cpm else "and central package management is off"
    message = f"'{item.name}' has no version {where}: NuGet restores the lowest available one (NU1604)"
    problems.append(Problem("manifest", message, item.source))
    return None, item.source


def _resolve_version(
    project: _Evaluation, item: _Item, raw: str | None, where: Source, problems: list[Problem]
) -> tuple[str, bool]:
    """The version as the component shows it, and whether it is pinned (exact ``[x]``)."""
    if raw is None:
        return "", False
    version, missing = project.expand(raw.strip())
    if missing or "$(" in version or "@(" in version or "%(" in version:
        if missing:
            files = ", ".join(os.path.basename(f) for f in project.files)
            unresolved = ", ".join(f"$({name})" for name in missing) + f", not defined in {files}"
        else:
            unresolved = "a property function or item list, which are not evaluated"
        message = f"the version of '{item.name}' ({raw.strip()}) uses {unresolved}"
        problems.append(Problem("manifest", message, where))
        return version, False
    exact, valid = parse_range(version)
    if not valid:
        problems.append(Problem("manifest", f"'{item.name}': {version!r} is not a NuGet version range", where))
    return (exact, True) if exact else (version, False)


def _sdk_component(sdk: _Sdk) -> Component:
    version = sdk.version
    return _component(sdk.name, version, sdk.source, pinned=is_version(version), scope="dev", groups=(SDK_GROUP,))


def _lock_of(project: _Evaluation) -> str | None:
    """The ``packages.lock.json`` NuGet uses for this project, if it exists (``NuGetLockFilePath`` first)."""
    folder = os.path.dirname(project.path)
    custom = project.properties.get("nugetlockfilepath", "").strip()
    if custom and "$(" not in custom:
        candidate = os.path.join(folder, custom.replace("\\", os.sep))
        return candidate if os.path.isfile(candidate) else None
    stem = project.properties["msbuildprojectname"]
    for name in (f"packages.{stem}.lock.json", f"{stem}.packages.lock.json", "packages.lock.json"):
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate):
            return candidate
    return None


def _pin(components: list[Component], lock: str, problems: list[Problem]) -> tuple[list[Component], bool]:
    """The references at the versions the lock resolved them to (one per version, frameworks as groups)."""
    text, problem = read_text(lock)
    entries, lock_problems = _lock_entries(text, lock) if problem is None else (None, [problem])
    if entries is None:  # the lock's own problem says why; the ranges stay as written
        problems.append(lock_problems[0])
        return components, False
    resolved: dict[str, dict[str, list[str]]] = {}
    for entry in entries:
        if entry.kind == "Direct" and entry.resolved:
            resolved.setdefault(entry.name.lower(), {}).setdefault(entry.resolved, []).append(entry.framework)
    pinned = []
    for comp in components:
        versions = resolved.get(comp.name.lower())
        if not versions:
            if comp.marker is None:  # a conditional reference may not apply to any framework of the lock
                message = f"'{comp.name}' is not a direct package of {os.path.basename(lock)}: the lock is out of date"
                problems.append(Problem("manifest", message, comp.source))
            pinned.append(comp)
            continue
        for version, frameworks in versions.items():
            purl = make_purl(ECOSYSTEM, comp.name, version)
            pinned.append(dataclasses.replace(comp, version=version, pinned=True, purl=purl, groups=tuple(frameworks)))
    return pinned, True


# ---------------------------------------------------------------------------------------------------------
# packages.lock.json

_LOCK_TYPES = ("Direct", "Transitive", "CentralTransitive", "Project")
_REGISTRY_TYPES = frozenset(_LOCK_TYPES[:3])  # the types of packages (a Project entry has no resolved version)


@dataclasses.dataclass
class _LockEntry:
    framework: str
    name: str
    kind: str  # one of _LOCK_TYPES
    resolved: str | None
    dependencies: list[str]
    source: Source


def read_packages_lock(text: str, path: str) -> ReadResult:
    """Every package of a ``packages.lock.json``, with ``direct``, ``via`` and frameworks as groups."""
    entries, problems = _lock_entries(text, path)
    if entries is None:
        return failed(path, LOCK_FORMAT, problems[0])
    sibling = _sibling_facts(path)
    edges = _lock_edges(entries, problems)
    roots = {node: entry.name for node, entry in enumerate(entries) if entry.kind == "Direct"}
    roots.update((node, entries[node].name) for node in _referenced_projects(entries, edges, sibling.projects))
    dev = {node for node in roots if entries[node].kind == "Direct" and entries[node].name.lower() in sibling.dev}
    reached = reach(roots, edges)
    scopes = propagate_scopes({n: "dev" if n in dev else "runtime" for n in roots}, edges) if dev else {}
    components = []
    for node, entry in enumerate(entries):
        if entry.kind == "Project":
            continue
        direct = entry.kind == "Direct"
        components.append(
            _component(
                entry.name,
                entry.resolved or "",
                entry.source,
                pinned=bool(entry.resolved),
                scope=scopes.get(node, "runtime"),
                direct=direct,
                via=() if direct else tuple(sorted(reached.get(node, ()))),
                groups=(entry.framework,),
            )
        )
    if len({entry.framework for entry in entries}) > 1:  # a package of several frameworks: one component
        components = dedupe(components)
    return ReadResult(
        path=path, format=LOCK_FORMAT, components=tuple(components), problems=tuple(problems), includes=sibling.includes
    )


def _lock_edges(entries: list[_LockEntry], problems: list[Problem]) -> dict[int, list[int]]:
    """Entry -> the entries its ``dependencies`` name, in its own framework (ids ignore case)."""
    index: dict[str, dict[str, int]] = {}
    for node, entry in enumerate(entries):
        index.setdefault(entry.framework, {}).setdefault(entry.name.lower(), node)
    edges: dict[int, list[int]] = {}
    for node, entry in enumerate(entries):
        names = index[entry.framework]
        targets = edges[node] = []
        for dependency in entry.dependencies:
            target = names.get(dependency.lower())
            if target is not None:
                targets.append(target)
                continue
            message = f"'{entry.name}' ({entry.framework}) depends on '{dependency}', which the lock does not list"
            problems.append(Problem("manifest", message, entry.source))
    return edges


def _lock_entries(text: str, path: str) -> tuple[list[_LockEntry] | None, list[Problem]]:
    """The entries of a lock in file order; None (and the problem) when it is not a JSON object."""
    data, problem = load_json(text.removeprefix("\ufeff"), path)
    if problem is not None:
        return None, [problem]
    if not isinstance(data, dict):
        return None, [Problem("manifest", f"expected a JSON object, got {json_type(data)}", Source(path, 1))]
    problems: list[Problem] = []
    version = data.get("version")
    if type(version) is not int or version not in (1, 2):
        said = "no version" if version is None else f"unknown version {version!r}"
        problems.append(Problem("manifest", f"{said}; read as version 2", Source(path, 1)))
    frameworks = data.get("dependencies")
    if not isinstance(frameworks, dict):
        message = f"'dependencies' should be an object of target frameworks, not {json_type(frameworks)}"
        problems.append(Problem("manifest", message, Source(path, 1)))
        return [], problems
    text = text.removeprefix("\ufeff")
    entries = []
    for framework, packages in frameworks.items():
        where = Source(path, first_line(text, f'"{framework}"'))
        if not isinstance(packages, dict):
            message = f"framework '{framework}' should be an object of packages, not {json_type(packages)}"
            problems.append(Problem("manifest", message, where))
            continue
        lines = json_member_lines(text, framework, packages)
        for name, entry in packages.items():
            found = _lock_entry(framework, name, entry, Source(path, lines.get(name, where.line)), problems)
            if found is not None:
                entries.append(found)
    return entries, problems


def _lock_entry(framework: str, name: str, entry: Any, source: Source, problems: list[Problem]) -> _LockEntry | None:
    """One package entry; a defective one is reported and read as far as it goes."""
    if type(entry) is dict:  # the common case first: a well-formed entry, checked in one go
        kind, resolved, dependencies = entry.get("type"), entry.get("resolved"), entry.get("dependencies")
        if (
            type(kind) is str
            and kind in _REGISTRY_TYPES
            and type(resolved) is str
            and resolved
            and resolved == resolved.strip()
            and (dependencies is None or type(dependencies) is dict)
            and name.strip()
        ):
            return _LockEntry(framework, name, kind, resolved, list(dependencies or ()), source)
    return _defective_lock_entry(framework, name, entry, source, problems)


def _defective_lock_entry(
    framework: str, name: str, entry: Any, source: Source, problems: list[Problem]
) -> _LockEntry | None:
    def problem(message: str) -> None:
        problems.append(Problem("manifest", f"'{name}' ({framework}): {message}", source))

    if not isinstance(entry, dict):
        problem(f"the entry should be an object, not {json_type(entry)}; package not read")
        return None
    if not name.strip():
        problem("a package without a name is ignored")
        return None
    kind = entry.get("type")
    if kind not in _LOCK_TYPES:
        problem(f"unknown type {kind!r}, read as Transitive")
        kind = "Transitive"
    resolved = entry.get("resolved")
    if kind != "Project" and not (isinstance(resolved, str) and resolved.strip()):
        problem(f"no resolved version ({json_type(resolved)})")
    resolved = resolved.strip() if isinstance(resolved, str) and resolved.strip() else None
    dependencies = entry.get("dependencies")
    if dependencies is not None and not isinstance(dependencies, dict):
        problem(f"'dependencies' should be an object, not {json_type(dependencies)}")
    names = list(dependencies) if isinstance(dependencies, dict) else []
    return _LockEntry(framework, name, kind, resolved, names, source)


def sibling_project(path: str) -> str | None:
    """The project file a lock belongs to: ``X.?proj`` for ``packages.X.lock.json`` / ``X.packages.lock.json``,
    else the only project file in the lock's folder."""
    folder, name = os.path.split(path)
    lower = name.lower()
    stem = None
    if lower.startswith("packages.") and lower.endswith(".lock.json") and lower != "packages.lock.json":
        stem = name[len("packages.") : -len(".lock.json")]
    elif lower.endswith(".packages.lock.json"):
        stem = name[: -len(".packages.lock.json")]
    if stem is not None:
        found = [os.path.join(folder, stem + suffix) for suffix in _PROJECT_SUFFIXES]
        return next((f for f in found if os.path.isfile(f)), None)
    try:
        projects = [f for f in os.listdir(folder or ".") if f.lower().endswith(_PROJECT_SUFFIXES)]
    except OSError:
        return None
    return os.path.join(folder, projects[0]) if len(projects) == 1 else None


@dataclasses.dataclass
class _Sibling:
    """What the project file beside a lock tells: its build-time packages and the projects it references."""

    dev: set[str] = dataclasses.field(default_factory=set)  # lower-case ids
    projects: set[str] = dataclasses.field(default_factory=set)  # lower-case project names
    includes: tuple[str, ...] = ()


def _sibling_facts(path: str) -> _Sibling:
    project_path = sibling_project(path)
    if project_path is None:
        return _Sibling()
    text, problem = read_text(project_path)
    root = None
    if problem is None:
        root, problem = load_xml(text.removeprefix("\ufeff"), project_path)
    if problem is not None or _tag(root) != "project":
        return _Sibling(includes=(project_path,))
    project = _Evaluation(project_path, root)
    dev = {
        item.name.lower()
        for item in project.items
        if item.kind == "globalpackagereference" or (item.kind == "packagereference" and _is_dev(item.meta))
    }
    projects = {name.lower() for name in project.project_references}
    return _Sibling(dev, projects, (project_path, *project.includes))


def _referenced_projects(entries: list[_LockEntry], edges: dict[int, list[int]], referenced: set[str]) -> list[int]:
    """The ``Project`` entries the project references itself: named in its project file, else the ones no
    other project depends on (a project reached through another one is then named by that one)."""
    projects = [node for node, entry in enumerate(entries) if entry.kind == "Project"]
    named = [node for node in projects if entries[node].name.lower() in referenced]
    if named:
        return named
    depended = {target for node in projects for target in edges[node]}
    return [node for node in projects if node not in depended]


# ---------------------------------------------------------------------------------------------------------
# Registry

_SNIFF_LOCK = re.compile(r'"type"\s*:\s*"(?:Direct|Transitive|CentralTransitive|Project)"')


def sniff(name: str, head: str) -> str | None:
    """MSBuild props/targets under other names (``Versions.props``) and renamed lock files."""
    if name.endswith((".props", ".targets")) and "<Project" in head:
        return MSBUILD_FORMAT
    if name.endswith(".json") and '"dependencies"' in head and _SNIFF_LOCK.search(head):
        return LOCK_FORMAT
    return None


FORMATS = {CONFIG_FORMAT: read_packages_config, MSBUILD_FORMAT: read_msbuild, LOCK_FORMAT: read_packages_lock}
PATTERNS = (
    ("packages.lock.json", LOCK_FORMAT),
    ("*.packages.lock.json", LOCK_FORMAT),
    ("packages.*.lock.json", LOCK_FORMAT),
    ("packages.config", CONFIG_FORMAT),
    ("*.packages.config", CONFIG_FORMAT),
    ("packages.*.config", CONFIG_FORMAT),
    ("*.csproj", MSBUILD_FORMAT),
    ("*.fsproj", MSBUILD_FORMAT),
    ("*.vbproj", MSBUILD_FORMAT),
    ("directory.packages.props", MSBUILD_FORMAT),
    ("*.directory.packages.props", MSBUILD_FORMAT),
    ("directory.build.props", MSBUILD_FORMAT),
    ("*.directory.build.props", MSBUILD_FORMAT),
)
