"""Maven ``pom.xml``: the dependencies a project declares itself.

A pom is a manifest, not a lock: it names the project's direct dependencies; Maven resolves the transitive
ones at build time and records them nowhere, so only the direct ones are read (``locked=False``). Each
``<dependency>`` of the project's ``<dependencies>`` is one component named ``groupId:artifactId`` (the
Maven coordinates: two artifacts of one ``artifactId`` in different groups are different packages), with
a purl ``pkg:maven/<groupId>/<artifactId>@<version>`` that keeps a ``classifier`` and a ``type`` other
than ``jar`` as qualifiers. Dependencies of ``<profiles>`` are read too, with the profile id as group.

Versions: a plain version (``1.2.3``) is a "soft" requirement in Maven's terms, but Maven's mediation
takes the nearest declaration, and a project's own declaration is the nearest there is: in practice the
project gets exactly that version, so it is pinned. Ranges (``[1.0,2.0)``) and ``LATEST``/``RELEASE`` are
unpinned. ``${...}`` is resolved from ``<properties>`` (a profile's own properties win for its
dependencies), ``${project.version}``/``${project.groupId}``/``${project.artifactId}``, their ``pom.``
and ``parent.`` forms and ``${project.parent.*}`` (from ``<parent>``). A dependency without a version takes
it from the ``<dependencyManagement>`` of this pom (matched like Maven does, on group, artifact, type and
classifier); one managed by the parent pom or an imported BOM stays unpinned with version ``""`` and a
located problem: those files are not read.

Scopes: ``compile`` (the default) and ``runtime`` -> runtime; ``test`` -> dev; ``provided`` -> peer (the
container -- servlet engine, application server -- or the JDK supplies it at run time: the project
compiles against it but does not ship it, like an npm peer dependency); ``system`` -> runtime, origin
``path`` (a jar from the local disk, ``systemPath``) and a problem; ``<optional>true</optional>`` makes a
runtime dependency optional. ``import`` belongs in ``<dependencyManagement>``: a BOM, not a component.
``<exclusions>`` are ignored (they only prune transitive dependencies). Build plugins and their own
``<dependencies>`` are build tools, not parts of the product: not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..facades.purl import make_purl
from ..facades.xml_file import load_xml, local_name
from ..model import Component, Problem, ReadResult, Source
from .base import dedupe
from .lock_common import Problems, blank

FORMAT = "pom"
ECOSYSTEM = "maven"

#: Maven scope -> scope of the component (see the module docstring for ``provided``)
SCOPE_OF = {"compile": "runtime", "runtime": "runtime", "test": "dev", "provided": "peer", "system": "runtime"}
MAX_VALUE = 4096  # a property longer than this once expanded is refused: ``${a}${a}`` nested grows exponentially
_PROPERTY = re.compile(r"\$\{([^}]*)\}")
_UNPINNED_VERSIONS = ("LATEST", "RELEASE")
_FIELDS = ("groupId", "artifactId", "version", "type", "classifier", "scope", "optional", "systemPath")

ManagementKey = tuple[str, str, str, str]  # groupId, artifactId, type, classifier: Maven's management key


def read_pom(text: str, path: str) -> ReadResult:
    """The dependencies a pom.xml declares (``locked=False``). Never raises."""
    root, problem = load_xml(text, path)
    if problem is None and local_name(root.tag) != "project":
        message = f"not a Maven POM: the root element is <{local_name(root.tag)}>"
        problem = Problem("manifest", message, Source(path, root.sourceline))
    if problem is not None:
        return ReadResult(path=path, format=FORMAT, problems=(problem,), locked=False)
    problems = Problems(path)
    properties = _Properties({**_property_values(root), **_builtins(root)})
    managed, boms = _managed(root, properties)
    pom = _Pom(problems, _parent_label(root))
    components = pom.dependencies(root, _Context(properties, managed, boms), ())
    for profile in _children(_child(root, "profiles"), "profile"):
        profile_id = _text(profile, "id") or "default"  # Maven's id of a profile that names none
        scoped = properties.overlay(_property_values(profile))
        more, more_boms = _managed(profile, scoped)
        components += pom.dependencies(profile, _Context(scoped, {**managed, **more}, boms + more_boms), (profile_id,))
    if not components and _text(root, "packaging") == "pom":
        _aggregator(root, problems)
    return ReadResult(
        path=path, format=FORMAT, components=tuple(dedupe(components)), problems=tuple(problems), locked=False
    )


# --------------------------------------------------------------------------- elements


def _children(element: Any, name: str) -> list[Any]:
    """The child elements of ``element`` whose local name is ``name`` (none when ``element`` is None)."""
    if element is None:
        return []
    return [child for child in element if isinstance(child.tag, str) and local_name(child.tag) == name]


def _child(element: Any, name: str) -> Any:
    found = _children(element, name)
    return found[0] if found else None


def _text(element: Any, name: str) -> str | None:
    """The stripped text of the first ``name`` child; None when it is missing or empty."""
    child = _child(element, name)
    if child is None:
        return None
    return (child.text or "").strip() or None


def _entries(container: Any) -> list[Any]:
    """The ``<dependency>`` elements of ``container/dependencies``."""
    return [d for deps in _children(container, "dependencies") for d in _children(deps, "dependency")]


def _aggregator(root: Any, problems: Problems) -> None:
    modules = _children(_child(root, "modules"), "module")
    if modules:
        message = (
            f"aggregator POM (packaging pom, {len(modules)} modules) declares no dependencies of its own: "
            "list the modules' pom.xml files to read theirs"
        )
        problems.add(message, _child(root, "modules").sourceline, kind="input")


# --------------------------------------------------------------------------- properties


def _builtins(root: Any) -> dict[str, str]:
    """``project.*`` from the project (or its parent), ``project.parent.*``, and the legacy bare names.

    Maven resolves ``project.``/``pom.`` from the model before ``<properties>``, and bare ``${version}`` after
    them: the bare names are stored under a prefix that :class:`_Properties` looks up after the properties.
    """
    parent = _child(root, "parent")
    values: dict[str, str] = {}
    for field in ("groupId", "artifactId", "version"):
        inherited = _text(parent, field) if parent is not None else None
        if inherited:
            values[f"project.parent.{field}"] = values[f"parent.{field}"] = inherited
        own = _text(root, field) or (inherited if field != "artifactId" else None)
        if own:
            values[f"project.{field}"] = values[_LEGACY + field] = own
    return values


_LEGACY = "\0legacy:"  # prefix of the bare ``${version}``-style names, below ``<properties>`` in rank


def _property_values(element: Any) -> dict[str, str]:
    """The ``<properties>`` of a project or profile, name -> stripped text."""
    return {
        local_name(child.tag): (child.text or "").strip()
        for props in _children(element, "properties")
        for child in props
        if isinstance(child.tag, str)
    }


class _Refused(Exception):
    """A property that cannot be expanded at all: it refers to itself, or grows beyond :data:`MAX_VALUE`."""


class _Properties:
    """The ``${...}`` values of a pom, expanded on demand. An undefined name stays as written (as in Maven); a
    cycle or runaway growth (``<a>${b}${b}</a><b>${c}${c}</b>...``) refuses the whole value, never follows it."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        self._cache: dict[str, tuple[str, tuple[str, ...]] | _Refused] = {}

    def overlay(self, more: dict[str, str]) -> _Properties:
        return _Properties({**self.values, **more})

    def expand(self, raw: str) -> tuple[str, tuple[str, ...]]:
        """``raw`` with every ``${name}`` it can resolve replaced, and the names it could not (with why)."""
        if "${" not in raw:
            return raw, ()
        try:
            return self._expand(raw, frozenset())
        except _Refused as refused:
            return raw, (str(refused),)

    def _expand(self, raw: str, active: frozenset[str]) -> tuple[str, tuple[str, ...]]:
        missing: list[str] = []

        def substitute(match: re.Match) -> str:
            value, unresolved = self._value(match.group(1), active)
            missing.extend(unresolved)
            return match.group(0) if value is None else value

        text = _PROPERTY.sub(substitute, raw)
        if len(text) > MAX_VALUE:
            raise _Refused(f"{raw[:40]} (expands beyond {MAX_VALUE} characters)")
        return text, tuple(dict.fromkeys(missing))

    def _value(self, name: str, active: frozenset[str]) -> tuple[str | None, tuple[str, ...]]:
        if name in active:
            raise _Refused(f"{name} (defined in terms of itself)")
        if name not in self._cache:
            raw = self.values.get(f"project.{name[4:]}" if name.startswith("pom.") else name)
            if raw is None:
                raw = self.values.get(_LEGACY + name)
            try:
                self._cache[name] = (raw, (name,)) if raw is None else self._expand(raw, active | {name})
            except _Refused as refused:
                self._cache[name] = refused
        cached = self._cache[name]
        if isinstance(cached, _Refused):
            raise cached
        return cached


# --------------------------------------------------------------------------- dependencies


@dataclass(frozen=True)
class _Dependency:
    """One ``<dependency>``: its fields, properties expanded (None: not written), lines, and the unresolved names."""

    fields: dict[str, str | None]
    line: int | None
    field_lines: dict[str, int | None]
    missing: tuple[str, ...] = ()

    def __getitem__(self, field: str) -> str | None:
        return self.fields.get(field)

    @property
    def label(self) -> str:
        return f"{self['groupId'] or '?'}:{self['artifactId'] or '?'}"

    @property
    def key(self) -> ManagementKey:
        return (self["groupId"] or "", self["artifactId"] or "", self["type"] or "jar", self["classifier"] or "")


def _read_dependency(element: Any, properties: _Properties) -> _Dependency:
    """The fields of a ``<dependency>`` element, properties expanded (one pass over its children)."""
    children: dict[str, Any] = {}
    for child in element:
        if isinstance(child.tag, str):
            children.setdefault(local_name(child.tag), child)
    fields: dict[str, str | None] = {}
    lines: dict[str, int | None] = {}
    missing: list[str] = []
    for field in _FIELDS:
        child = children.get(field)
        value, unresolved = properties.expand((child.text or "").strip() if child is not None else "")
        fields[field] = value or None
        lines[field] = child.sourceline if child is not None else None
        missing += unresolved
    return _Dependency(fields, element.sourceline, lines, tuple(dict.fromkeys(missing)))


def _managed(container: Any, properties: _Properties) -> tuple[dict[ManagementKey, _Dependency], list[str]]:
    """``<dependencyManagement>`` of a project or profile: the managed entries by key, and the imported BOMs."""
    managed: dict[ManagementKey, _Dependency] = {}
    boms: list[str] = []
    for element in _entries(_child(container, "dependencyManagement")):
        entry = _read_dependency(element, properties)
        if entry["scope"] == "import":
            boms.append(f"{entry.label}:{entry['version'] or '?'}")
        else:
            managed.setdefault(entry.key, entry)
    return managed, boms


def _parent_label(root: Any) -> str | None:
    parent = _child(root, "parent")
    if parent is None:
        return None
    return ":".join(_text(parent, f) or "?" for f in ("groupId", "artifactId", "version"))


class _Pom:
    """Turns the ``<dependency>`` elements of a project or profile into components."""

    def __init__(self, problems: Problems, parent: str | None) -> None:
        self.problems = problems
        self.parent = parent

    def dependencies(self, container: Any, context: _Context, groups: tuple[str, ...]) -> list[Component]:
        found = (self._component(e, context, groups) for e in _entries(container))
        return [comp for comp in found if comp is not None]

    def _component(self, element: Any, context: _Context, groups: tuple[str, ...]) -> Component | None:
        dep = _read_dependency(element, context.properties)
        group, artifact = dep["groupId"], dep["artifactId"]
        if not group or not artifact or blank(group) or blank(artifact):
            self.problems.add(f"dependency {dep.label} without a groupId or artifactId; not read", dep.line)
            return None
        dep = self._manage(dep, context)
        if dep.missing:
            names = ", ".join(f"${{{name}}}" for name in dep.missing)
            message = f"{dep.label}: property {names} is not defined in this pom (a parent pom or the build may)"
            self.problems.add(message, dep.line, kind="input")
        scope, origin = self._scope(dep)
        if scope is None:
            return None
        version = dep["version"] or ""
        pinned = _pinned(version)
        return Component(
            name=f"{group}:{artifact}",
            version=version,
            ecosystem=ECOSYSTEM,
            purl=_purl(dep, version if pinned else None),
            source=Source(self.problems.path, dep.line),
            scope=scope,
            pinned=pinned,
            origin=origin,
            resolved=dep["systemPath"] if origin == "path" else None,
            groups=groups,
        )

    def _manage(self, dep: _Dependency, context: _Context) -> _Dependency:
        """Version, scope and systemPath from the managed entry where the dependency gives none (Maven's merge)."""
        entry = context.managed.get(dep.key)
        if entry is not None:
            taken = {f: entry[f] for f in ("version", "scope", "systemPath") if dep[f] is None and entry[f]}
            if taken:
                missing = dep.missing + tuple(m for m in entry.missing if m not in dep.missing)
                dep = replace(dep, fields={**dep.fields, **taken}, missing=missing)
        if dep["version"] is None:
            sources = ([f"parent {self.parent}"] if self.parent else []) + [f"BOM {b}" for b in context.boms]
            where = ", ".join(sources) or "no parent or BOM declared"
            message = f"{dep.label}: version managed by a parent/BOM not read ({where}); unpinned"
            self.problems.add(message, dep.line, kind="input")
        return dep

    def _scope(self, dep: _Dependency) -> tuple[str | None, str]:
        """(scope, origin) of a dependency; scope None when it is no component (``import`` outside management)."""
        written = dep["scope"] or "compile"
        line = dep.field_lines["scope"] or dep.line
        if written == "import":
            message = f"{dep.label}: scope 'import' is only meaningful in <dependencyManagement> (a BOM); not read"
            self.problems.add(message, line)
            return None, "registry"
        scope = SCOPE_OF.get(written)
        if scope is None:
            self.problems.add(f"{dep.label}: unknown scope {written!r}; taken as compile (runtime)", line)
            scope = "runtime"
        origin = "registry"
        if written == "system":
            origin = "path"
            where = dep["systemPath"] or "no systemPath"
            message = f"{dep.label}: system scope, a jar from the local disk ({where}) outside any repository"
            self.problems.add(message, line)
        if scope == "runtime" and (dep["optional"] or "").lower() == "true":
            scope = "optional"
        return scope, origin


@dataclass(frozen=True)
class _Context:
    """What the dependencies of the project, or of one profile, are read with."""

    properties: _Properties
    managed: dict[ManagementKey, _Dependency]
    boms: list[str]


def _pinned(version: str) -> bool:
    """A plain version (what Maven uses for a direct dependency); not a range, a meta version or a ``${...}``."""
    return (
        bool(version)
        and not version.startswith(("[", "("))
        and version not in _UNPINNED_VERSIONS
        and ("${" not in version)
    )


def _purl(dep: _Dependency, version: str | None) -> str:
    """``pkg:maven/group/artifact@version``, with ``classifier`` and a ``type`` other than jar as qualifiers."""
    group, artifact, kind, classifier = dep.key
    qualifiers = {key: value for key, value in (("classifier", classifier), ("type", kind)) if value and value != "jar"}
    if qualifiers:
        return make_purl(ECOSYSTEM, artifact, version, qualifiers, namespace=group)
    return make_purl(ECOSYSTEM, artifact, version, namespace=group)


def sniff(name: str, head: str) -> str | None:
    """A pom under another name (``parent-pom.xml``, ``flattened.xml``): XML whose root is Maven's ``<project>``."""
    if name.endswith(".xml") and "<project" in head and "maven.apache.org/POM/" in head:
        return FORMAT
    return None


FORMATS = {FORMAT: read_pom}
PATTERNS = (("pom.xml", FORMAT), ("*.pom.xml", FORMAT), ("*.pom", FORMAT))
