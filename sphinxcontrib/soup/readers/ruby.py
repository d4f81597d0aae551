"""Bundler lock files: ``Gemfile.lock`` / ``gems.locked``, with groups from a tolerant scan of the Gemfile.

No library reads this format outside Ruby, so it is parsed here, line by line as Bundler's own
``LockfileParser`` does. Sections:

- ``GEM`` (a gem server: origin ``registry``), ``GIT`` (origin ``git``; ``remote``, ``revision``,
  ``branch``/``tag``/``ref``; resolved = ``remote@revision``), ``PATH`` (origin ``path``, resolved = the
  path) and ``PLUGIN SOURCE`` (origin ``url``): options as ``  key: value``, then ``  specs:`` with one
  gem per 4-space line, ``name (version)`` or ``name (version-platform)``, and its runtime dependencies
  on 6-space lines ``name (constraints)``. A gem built for several platforms (``ffi (1.17.3-x86_64-linux)``,
  ``ffi (1.17.3-arm64-darwin)``...) is one component at that version, located at its first line.
- ``PATH`` with ``remote: .`` is the project itself (the Gemfile's ``gemspec``): not a component; the
  dependencies of its gemspec are direct.
- ``DEPENDENCIES``: the Gemfile's own gems, ``name (constraints)``, ``name!`` when pinned to a source: the
  direct dependencies. ``via`` and the scope of the other gems follow the 6-space edges.
- ``PLATFORMS``, ``RUBY VERSION``, ``BUNDLED WITH``, ``CHECKSUMS`` (Bundler 2.5+) hold no gem of their
  own; unknown sections are skipped, as Bundler skips them.

Groups (``:development``, ``:test``) are not in the lock. The Gemfile beside it is Ruby code and is never
run: a best-effort text scan (:func:`scan_gemfile`) finds ``gem "x"`` lines, the ``group ... do ... end``
blocks around them and ``group:``/``groups:`` options. A direct gem only in :data:`DEV_GROUPS` (development,
test, dev, ci) is ``dev``, one in an ``optional: true`` group ``optional``, else ``runtime``; its groups are
those names, or ``default`` outside any group, as Bundler names them. A gem the scan does not find (declared
in a loop, an ``eval_gemfile``d file...) is runtime with no group, and one problem names them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import graph
from ..facades.purl import make_purl
from ..model import Component, Problem, ReadResult, Source, strongest_scope
from .base import dedupe
from .lock_common import Problems, blank, roots
from .siblings import read_sibling

FORMAT = "gemfile.lock"
ECOSYSTEM = "gem"
#: groups whose gems are development tools; any other group is installed in production unless configured away
DEV_GROUPS = frozenset(("development", "dev", "test", "ci"))
DEFAULT_GROUP = "default"

_SOURCES = {"GEM": "registry", "GIT": "git", "PATH": "path", "PLUGIN SOURCE": "url"}
_SECTIONS = ("DEPENDENCIES", "PLATFORMS", "RUBY VERSION", "BUNDLED WITH", "CHECKSUMS")
_CONFLICT = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
_ENTRY = re.compile(r"(?P<name>[^\s(!]+)(?: \((?P<version>[^)]*)\))?(?P<bang>!)?")
_OPTION = re.compile(r"(?P<key>[A-Za-z_]+):(?: (?P<value>.*))?")


# --------------------------------------------------------------------------- the lock


@dataclass
class _Source:
    kind: str  # a key of _SOURCES
    line: int
    options: dict[str, str] = field(default_factory=dict)

    @property
    def project(self) -> bool:
        """The project's own gemspec (``gemspec`` in the Gemfile): ``PATH`` at ``.``."""
        return self.kind == "PATH" and self.options.get("remote", "").rstrip("/") in (".", "")


@dataclass
class _Spec:
    name: str
    version: str
    line: int
    source: _Source
    dependencies: list[str] = field(default_factory=list)


@dataclass
class _Lock:
    specs: list[_Spec] = field(default_factory=list)
    dependencies: dict[str, int] = field(default_factory=dict)  # DEPENDENCIES: name -> line
    has_dependencies: bool = False
    bundled_with: str | None = None
    sections: int = 0


def read_gemfile_lock(text: str, path: str, *, gemfile_text: str | None = None) -> ReadResult:
    """Every gem of a Gemfile.lock; groups from the Gemfile beside it (or ``gemfile_text``). Never raises."""
    problems = Problems(path)
    lock = _parse(text, problems)
    gemfile_path = None
    if gemfile_text is None:
        gemfile_path, gemfile_text, problem = _gemfile(path)
        if problem is not None:
            problems.append(problem)
    scan = scan_gemfile(gemfile_text) if gemfile_text is not None else None
    components = _components(lock, scan, problems)
    return ReadResult(
        path=path,
        format=FORMAT,
        components=tuple(dedupe(components)),
        problems=tuple(problems),
        includes=(gemfile_path,) if gemfile_path and gemfile_text is not None else (),
    )


def _gemfile(path: str) -> tuple[str | None, str | None, Problem | None]:
    """The Gemfile beside a lock: ``Gemfile`` for ``Gemfile.lock``, ``X.Gemfile`` for ``X.Gemfile.lock``, ``gems.rb``
    for ``gems.locked``."""
    if path.lower().endswith("gems.locked"):
        return read_sibling(path, "gems.locked", "gems.rb")
    return read_sibling(path, "gemfile.lock", "Gemfile")


def _parse(text: str, problems: Problems) -> _Lock:
    """The sections of a lock, line by line; lines that fit no section are reported."""
    lock = _Lock()
    section: str | None = None
    source: _Source | None = None
    spec: _Spec | None = None
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if not line[0].isspace():
            header = line.strip()
            if header.startswith(_CONFLICT):
                problems.add("merge conflict marker: resolve the conflict and run bundle lock", number, "parse")
                section = None
            elif header in _SOURCES:
                section, source, spec = "source", _Source(header, number), None
                lock.sections += 1
            elif header in _SECTIONS:
                section = header
                lock.sections += 1
                lock.has_dependencies |= header == "DEPENDENCIES"
            else:
                section = None  # an unknown section is skipped, as Bundler skips it
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if section == "source" and source is not None:
            spec = _source_line(lock, source, spec, indent, body, number, problems)
        elif section == "DEPENDENCIES":
            _dependency_line(lock, indent, body, number, problems)
        elif section == "BUNDLED WITH":
            lock.bundled_with = body
    if text.strip() and not lock.sections:
        problems.add("not a Gemfile.lock: no GEM, GIT, PATH or DEPENDENCIES section", 1, "parse")
    return lock


def _source_line(
    lock: _Lock, source: _Source, spec: _Spec | None, indent: int, body: str, number: int, problems: Problems
) -> _Spec | None:
    """One line of a GEM/GIT/PATH section: an option, ``specs:``, a gem or a gem's dependency. The current gem."""
    if indent == 2:
        option = _OPTION.fullmatch(body)
        if option and body != "specs:":
            source.options.setdefault(option["key"], option["value"] or "")
        elif not option:
            problems.add(f"line not understood in {source.kind}: {body[:60]!r}", number, "parse")
        return None
    entry = _entry(body)
    if entry is None or indent not in (4, 6):
        problems.add(f"line not understood in {source.kind} specs: {body[:60]!r}", number, "parse")
        return spec
    if indent == 6:
        if spec is None:
            problems.add(f"dependency {entry['name']!r} outside any gem", number, "parse")
        else:
            spec.dependencies.append(entry["name"])
        return spec
    version = (entry["version"] or "").partition("-")[0]  # "1.17.3-x86_64-linux": the platform is not the version
    if not version:
        problems.add(f"gem {entry['name']!r} has no version", number)
    spec = _Spec(entry["name"], version, number, source)
    lock.specs.append(spec)
    return spec


def _entry(body: str) -> re.Match | None:
    """``name``, ``name (version)`` or ``name (constraints)!``; None for anything else (a name of slashes too)."""
    entry = _ENTRY.fullmatch(body)
    return None if entry is None or blank(entry["name"]) else entry


def _dependency_line(lock: _Lock, indent: int, body: str, number: int, problems: Problems) -> None:
    entry = _entry(body)
    if entry is None or indent != 2:
        problems.add(f"line not understood in DEPENDENCIES: {body[:60]!r}", number, "parse")
        return
    lock.dependencies.setdefault(entry["name"], number)


# --------------------------------------------------------------------------- components


def _components(lock: _Lock, scan: GemfileScan | None, problems: Problems) -> list[Component]:
    """Components of the gems (not the project's own), with direct, via, scope and groups."""
    project = {s.name for s in lock.specs if s.source.project}
    gems = [s for s in lock.specs if not s.source.project]
    locked = {s.name for s in gems}
    edges: dict[str, set[str]] = {}
    for spec in gems:
        edges.setdefault(spec.name, set()).update(d for d in spec.dependencies if d in locked)
    direct = _direct(lock, project, locked, problems)
    if not lock.has_dependencies and gems:
        direct = {name: 0 for name in roots(sorted(locked), edges)}
        message = "no DEPENDENCIES section: direct gems guessed (gems no other gem depends on)"
        problems.add(message, 1, "manifest")
    groups, scopes = _direct_groups(direct, scan, lock, problems)
    reached = graph.reach({name: name for name in direct}, edges)
    propagated = graph.propagate_scopes(scopes, edges)
    components = []
    seen: set[tuple[str, str, int]] = set()
    for spec in gems:
        if (spec.name, spec.version, spec.source.line) in seen:
            continue  # the same gem built for another platform
        seen.add((spec.name, spec.version, spec.source.line))
        is_direct = spec.name in direct
        facts = {
            "direct": is_direct,
            "via": () if is_direct else tuple(sorted(reached.get(spec.name, ()))),
            "scope": scopes[spec.name] if is_direct else propagated.get(spec.name, "runtime"),
            "groups": groups.get(spec.name, ()),
        }
        components.append(_component(spec, problems.path, facts))
    components += _bundler(lock, direct, locked, problems.path)
    return components


def _direct(lock: _Lock, project: set[str], locked: set[str], problems: Problems) -> dict[str, int]:
    """Direct gem names -> line: DEPENDENCIES (but the project) and the project gemspec's dependencies."""
    direct = {name: line for name, line in lock.dependencies.items() if name not in project}
    for spec in lock.specs:
        if spec.source.project:
            for name in spec.dependencies:
                direct.setdefault(name, spec.line)
    for name, line in direct.items():
        if name not in locked and name != "bundler":
            message = f"{name} is a dependency but no version of it is locked (a gem for other platforms only?)"
            problems.add(message, line)
    return {name: line for name, line in direct.items() if name in locked or name == "bundler"}


def _bundler(lock: _Lock, direct: dict[str, int], locked: set[str], path: str) -> list[Component]:
    """``gem "bundler"`` is never in the specs: Bundler runs itself, at the ``BUNDLED WITH`` version."""
    if "bundler" not in direct or "bundler" in locked:
        return []
    version = lock.bundled_with or ""
    return [
        Component(
            name="bundler",
            version=version,
            ecosystem=ECOSYSTEM,
            purl=make_purl(ECOSYSTEM, "bundler", version or None),
            source=Source(path, direct["bundler"]),
            pinned=bool(version),
        )
    ]


def _component(spec: _Spec, path: str, facts: dict) -> Component:
    origin = _SOURCES[spec.source.kind]
    options = spec.source.options
    resolved = None
    qualifiers = None
    if origin == "git":
        revision = options.get("revision")
        resolved = f"{options.get('remote', '')}@{revision}" if revision else options.get("remote")
        qualifiers = {"vcs_url": resolved} if resolved else None
    elif origin != "registry":
        resolved = options.get("remote")
    return Component(
        name=spec.name,
        version=spec.version,
        ecosystem=ECOSYSTEM,
        purl=make_purl(ECOSYSTEM, spec.name, spec.version or None, qualifiers)
        if qualifiers
        else make_purl(ECOSYSTEM, spec.name, spec.version or None),
        source=Source(path, spec.line),
        pinned=bool(spec.version) and (origin != "git" or "revision" in options),
        origin=origin,
        resolved=resolved,
        **facts,
    )


def _direct_groups(
    direct: dict[str, int], scan: GemfileScan | None, lock: _Lock, problems: Problems
) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Groups and scope of every direct gem, from the Gemfile scan; unknown ones are runtime and reported."""
    groups: dict[str, tuple[str, ...]] = {}
    scopes: dict[str, str] = {}
    unknown: list[str] = []
    project_deps = {d for s in lock.specs if s.source.project for d in s.dependencies}
    for name in direct:
        declared = scan.declared.get(name) if scan else None
        if declared is None and name in project_deps and name not in lock.dependencies:
            declared = [((DEFAULT_GROUP,), False)]  # a runtime dependency of the project's own gemspec
        elif declared is None and scan is not None and scan.gemspec_group and name in lock.dependencies:
            declared = [((scan.gemspec_group,), False)]  # a development dependency of the project's gemspec
        if declared is None:
            unknown.append(name)
            scopes[name] = "runtime"
            continue
        groups[name] = tuple(sorted({g for names, _ in declared for g in names}))
        scopes[name] = strongest_scope(_scope_of(names, optional) for names, optional in declared)
    if scan is None and direct:
        message = "no Gemfile beside the lock, and Bundler writes no groups into it: every gem is taken as runtime"
        problems.add(message, None, "input")
    elif unknown:
        shown = ", ".join(sorted(unknown)[:10]) + (", ..." if len(unknown) > 10 else "")
        message = f"groups unknown for {len(unknown)} gems not found in the Gemfile ({shown}): taken as runtime"
        problems.add(message, min(direct[n] for n in unknown) or None, "input")
    return groups, scopes


def _scope_of(groups: tuple[str, ...], optional: bool) -> str:
    if groups and set(groups) <= DEV_GROUPS:
        return "dev"
    return "optional" if optional else "runtime"


# --------------------------------------------------------------------------- the Gemfile (scanned, never run)


@dataclass
class GemfileScan:
    """What a text scan of a Gemfile finds: each gem's declarations (groups, in an optional group?)."""

    declared: dict[str, list[tuple[tuple[str, ...], bool]]] = field(default_factory=dict)
    gemspec_group: str | None = None  # the group of the gemspec's development dependencies, if ``gemspec`` is used


_GEM = re.compile(r"gem\s*\(?\s*([\"'])(?P<name>[^\"'\s]+)\1(?P<rest>.*)")
_GROUP_BLOCK = re.compile(r"group\b\s*\(?(?P<args>.*?)\)?\s*do(?:\s*\|[^|]*\|)?")
_GROUP_OPTION = re.compile(
    r"(?:\b(?:group|groups|development_group)\s*:|:(?:group|groups|development_group)\s*=>)\s*"
    r"(?P<value>\[[^\]]*\]|%[iwIW][\[(][^\])]*[\])]|:\"[^\"]*\"|:\w+|\"[^\"]*\"|'[^']*')"
)
_OPTIONAL = re.compile(r"(?:\boptional\s*:|:optional\s*=>)\s*true\b")
_NAMES = re.compile(r":\"([^\"]*)\"|:(\w+)|\"([^\"]*)\"|'([^']*)'|(\w+)")
_OPENS = re.compile(r"(?:if|unless|case|while|until|begin|for|def|class|module)\b")
_OPENS_BLOCK = re.compile(r".*\bdo(?:\s*\|[^|]*\|)?")
_END = re.compile(r"end\b")


def scan_gemfile(text: str) -> GemfileScan:
    """Groups of the gems a Gemfile declares, by reading it as text (Ruby code is never evaluated).

    Best effort: ``group :a, :b do ... end`` blocks (``optional: true`` noted), other ``do``/``if``/``case``...
    blocks only for their ``end``, ``gem "x"`` with ``group:``/``groups:`` options, and ``gemspec``.
    """
    scan = GemfileScan()
    frames: list[tuple[tuple[str, ...], bool] | None] = []  # None: a block that is not a group
    for statement in _statements(text):
        if _END.match(statement):
            if frames:
                frames.pop()
            continue
        block = _GROUP_BLOCK.fullmatch(statement)
        if block:
            frames.append((_names(block["args"]), bool(_OPTIONAL.search(block["args"]))))
            continue
        if _OPENS.match(statement) or _OPENS_BLOCK.fullmatch(statement):
            frames.append(None)
            continue
        gem = _GEM.fullmatch(statement)
        if gem:
            names = [g for frame in frames if frame for g in frame[0]]
            inline = _GROUP_OPTION.search(gem["rest"])
            names += _names(inline["value"]) if inline else []
            optional = any(frame[1] for frame in frames if frame)
            declared = (tuple(sorted(set(names))) or (DEFAULT_GROUP,), optional)
            scan.declared.setdefault(gem["name"], []).append(declared)
        elif re.match(r"gemspec\b", statement):
            option = _GROUP_OPTION.search(statement)
            scan.gemspec_group = (_names(option["value"]) if option else ["development"])[0]
    return scan


def _names(value: str) -> tuple[str, ...]:
    """Group names in ``:a, "b", [:c], %i[d e]``; ``optional: true`` and other options are not names."""
    value = _OPTIONAL.sub("", value)
    if value.startswith("%"):
        return tuple(value[3:-1].split())
    return tuple(next(g for g in m.groups() if g is not None) for m in _NAMES.finditer(value) if m[5] is None)


def _statements(text: str) -> Iterator[str]:
    """Ruby statements of a Gemfile: comments cut, ``;`` split, a line ending in ``,``/``\\`` or leaving a bracket
    open joined with the next (at most :data:`_MAX_JOINED` lines: a misread bracket must not swallow the file)."""
    pending, depth, joined = "", 0, 0
    for raw in text.splitlines():
        code, opened = _code(raw)
        pending = f"{pending} {code.strip()}" if pending else code.strip()
        depth, joined = depth + opened, joined + 1
        if (pending.endswith((",", "\\")) or depth > 0) and joined < _MAX_JOINED:
            pending = pending.rstrip("\\")
            continue
        yield from (part.strip() for part in _split(pending) if part.strip())
        pending, depth, joined = "", 0, 0
    if pending:
        yield from (part.strip() for part in _split(pending) if part.strip())


_MAX_JOINED = 20


def _code(line: str) -> tuple[str, int]:
    """A line without its comment, and how many brackets it leaves open (quotes respected)."""
    quote = None
    depth = 0
    escaped = False
    for index, char in enumerate(line):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:index], depth
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
    return line, depth


def _split(code: str) -> list[str]:
    """``a; b`` -> ``[a, b]``, ``;`` inside quotes kept."""
    if ";" not in code:
        return [code]
    parts, quote, start = [], None, 0
    for index, char in enumerate(code):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == ";":
            parts.append(code[start:index])
            start = index + 1
    return [*parts, code[start:]]


FORMATS = {FORMAT: read_gemfile_lock}
PATTERNS = (("gemfile.lock", FORMAT), ("*.gemfile.lock", FORMAT), ("gems.locked", FORMAT))
