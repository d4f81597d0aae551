"""pip requirements files (hand-written, ``pip freeze``, ``pip-compile``, ``uv export``, ``poetry export``).

What a line can be, and what becomes of it:

- a PEP 508 requirement: ``name[extras] ==1.0 ; marker`` is pinned (version ``1.0``); any other specifier
  is kept as the unpinned version (``>=2.0,<3``); a bare name is ``*`` (any version), the spelling the
  other Python readers use too. ``name @ url`` is a git/url/path component.
- a URL or path without a name (``git+https://...#egg=name``, ``./dist/pkg-1.0-py3-none-any.whl``), and
  ``-e``/``--editable`` with a path or VCS URL. A local directory is named (and versioned) by its
  ``pyproject.toml``; the directory of the file itself (``-e .``) is the project, not a component.
- ``-r``/``--requirement`` includes another file (its entries are components of this result);
  ``-c``/``--constraint`` reads a file whose pins fix the versions of unpinned requirements, but whose
  entries are not requirements. Both resolve relative to the including file, are listed in ``includes``
  and are read once (an include cycle is reported, not followed). Remote includes are not fetched.
- other options (``-i``, ``--extra-index-url``, ``--find-links``, ``--pre``, ``--no-binary``, ``--hash``
  ...) are ignored without a problem; an unknown option is reported.
- ``${VAR}`` references are kept as written, never expanded: a build must not depend on the environment,
  and a token in an index URL must not end up in the documents.

Direct or transitive: pip-compile and ``uv export`` write ``# via`` annotations (block style: ``# via``
then ``#   name`` lines; line style: ``pkg==1  # via a, b``). An entry is direct when it has no
annotation, or its ``via`` names ``-r file``, a ``(pyproject.toml)``-style source, or the project itself
(the name of a ``-e .`` project, or a name that is not a package of the file: ``uv export`` names the
project there). ``-c file`` only constrains. Other names are the parents; ``via`` resolves them to the
direct dependencies that reach the entry.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..facades.pep508 import is_valid_version, version_matches
from ..model import Component, Problem, ReadResult, Source
from .base import dedupe, read_text
from .python_common import (
    ANY_VERSION,
    VCS_PREFIXES,
    canon,
    classify,
    component,
    file_url_path,
    has_extra_marker,
    local_project,
    merge_scope,
    requirement_component,
    url_target,
)

FORMAT = "requirements"

_COMMENT = re.compile(r"(^|\s+)#")
_ARCHIVES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip", ".whl", ".tar")
#: pip options that may stand in a requirements file and say nothing about which packages are installed
_IGNORED_OPTIONS = frozenset((
    "-i", "--index-url", "--extra-index-url", "--no-index", "-f", "--find-links", "--trusted-host",
    "--no-binary", "--only-binary", "--prefer-binary", "--pre", "--require-hashes", "--use-feature",
    "--hash", "--global-option", "--install-option", "--config-settings", "-C",
    "--process-dependency-links", "-Z", "--always-unzip",
))  # fmt: skip
_INCLUDE = {"-r": False, "--requirement": False, "-c": True, "--constraint": True}
_EDITABLE = ("-e", "--editable")


@dataclass
class _Entry:
    """One requirement line: its component so far, and its ``# via`` items (None: not annotated)."""

    comp: Component
    via: list[str] | None = None


@dataclass
class _State:
    """Everything read so far from the file and its includes."""

    entries: list[_Entry] = field(default_factory=list)
    pins: dict[str, tuple[str, Source]] = field(default_factory=dict)  # constraint pins by canonical name
    projects: set[str] = field(default_factory=set)  # canonical names of the project itself (``-e .``)
    includes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    reading: list[str] = field(default_factory=list)  # files being read (include cycle guard)
    read: set[str] = field(default_factory=set)


def read_requirements(text: str, path: str) -> ReadResult:
    """Components of a requirements file and of the files it includes. Never raises."""
    state = _State()
    _read_file(state, text, path, constraint=False)
    _apply_constraints(state)
    components = dedupe(_classify(state))
    return ReadResult(
        path=path,
        format=FORMAT,
        components=tuple(components),
        problems=tuple(state.problems),
        locked=all(c.pinned for c in components),
        includes=tuple(state.includes),
    )


# --------------------------------------------------------------------------- lines


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, text) of each logical line, as pip joins them.

    A line ending in a backslash continues on the next; a comment line ends the continuation (and is kept
    as its comment, which is how ``pkg==1 \\`` followed by ``# via x`` annotates ``pkg``).
    """
    pending: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):  # numbered as editors do: by newline
        line = line.removesuffix("\r")
        is_comment = line.lstrip().startswith("#")
        if line.endswith("\\") and not is_comment:
            if not pending:
                first = number
            pending.append(line[:-1])
            continue
        if pending:
            pending.append(" " + line if is_comment else line)
            yield first, "".join(pending)
            pending = []
        else:
            yield number, line
    if pending:
        yield first, "".join(pending)


def _split_comment(line: str) -> tuple[str, str | None]:
    """(body, comment after ``#``) of a logical line; a ``#`` inside a word (``#egg=``) is not a comment."""
    found = _COMMENT.search(line)
    if found is None:
        return line.strip(), None
    return line[: found.start()].strip(), line[found.end() :]


def _read_file(state: _State, text: str, path: str, constraint: bool) -> None:
    """Read one file's lines into ``state`` (constraint files give pins, not entries)."""
    state.reading.append(os.path.abspath(path))
    state.read.add(os.path.abspath(path))
    current: _Entry | None = None  # the entry that following ``# via`` comment lines annotate
    in_block = False
    for number, line in _logical_lines(text):
        body, comment = _split_comment(line)
        if not body:
            in_block = _annotate(current, comment, in_block) if comment is not None else False
            continue
        current, in_block = None, False
        source = Source(path, number)
        if body.startswith("-"):
            _option(state, body, path, source, constraint)
            continue
        entry = _requirement_line(state, body, path, source)
        if entry is None:
            continue
        if constraint:
            if entry.comp.pinned and entry.comp.origin == "registry":
                state.pins.setdefault(canon(entry.comp.name), (entry.comp.version, source))
            continue
        if comment is not None and comment.strip().startswith("via "):
            entry.via = _via_items(comment.strip()[4:])
        state.entries.append(entry)
        current = entry
    state.reading.pop()


def _annotate(entry: _Entry | None, comment: str, in_block: bool) -> bool:
    """Apply a comment line to the entry above it; return whether a ``# via`` block goes on."""
    text = comment.strip()
    if entry is None:
        return False
    if text == "via":
        entry.via = entry.via or []
        return True
    if text.startswith("via "):
        entry.via = (entry.via or []) + _via_items(text[4:])
        return False
    if in_block and text and comment.startswith("  "):  # ``#   name`` lines of a block
        entry.via = (entry.via or []) + [text]
        return True
    return False


def _via_items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


# --------------------------------------------------------------------------- options and includes


def _option(state: _State, body: str, path: str, source: Source, constraint: bool) -> None:
    """An option line: an include, an editable requirement, or an option that changes nothing here."""
    long = re.match(r"(--[\w-]*)[ \t]*=?[ \t]*(.*)", body)
    name, value = (long.group(1), long.group(2)) if long else (body[:2], body[2:].lstrip(" \t="))
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":  # a quoted file name
        value = value[1:-1]
    if name in _INCLUDE:
        _include(state, value, path, source, constraint or _INCLUDE[name])
    elif name in _EDITABLE:
        entry = _reference(state, value, path, source)
        if entry is not None and not constraint:
            state.entries.append(entry)
    elif name not in _IGNORED_OPTIONS:
        state.problems.append(Problem("manifest", f"unknown option {name!r}; line ignored", source))


def _include(state: _State, target: str, path: str, source: Source, constraint: bool) -> None:
    """Read an included requirements or constraints file, relative to the including one."""
    flag = "-c" if constraint else "-r"
    if not target:
        state.problems.append(Problem("manifest", f"{flag} without a file name", source))
        return
    if target.lower().startswith("file:"):
        target = file_url_path(target)
    elif "://" in target:
        message = f"{flag} {target}: remote files are not read (the build stays offline)"
        state.problems.append(Problem("input", message, source))
        return
    resolved = os.path.normpath(os.path.join(os.path.dirname(path), os.path.expanduser(target)))
    key = os.path.abspath(resolved)
    if key in state.reading:
        message = f"{flag} {target}: include cycle ({os.path.basename(resolved)} is already being read); not followed"
        state.problems.append(Problem("input", message, source))
        return
    if key in state.read:
        return
    text, problem = read_text(resolved)
    if problem is not None:
        state.problems.append(Problem(problem.kind, f"{flag} {target}: {problem.message}", source))
        return
    state.includes.append(resolved)
    _read_file(state, text, resolved, constraint)


# --------------------------------------------------------------------------- requirements


def _requirement_line(state: _State, body: str, path: str, source: Source) -> _Entry | None:
    """A requirement line (per-requirement options such as ``--hash`` dropped, as pip does)."""
    text = _before_options(body)
    comp, problem = requirement_component(text, source)
    if comp is not None:
        return _Entry(comp)
    if _looks_like_reference(text):
        return _reference(state, text, path, source)
    state.problems.append(problem)
    return None


def _before_options(body: str) -> str:
    """The requirement part of a line: the words before the first one that starts with ``-``."""
    words = body.split(" ")
    for i, word in enumerate(words):
        if word.startswith("-"):
            return " ".join(words[:i]).strip()
    return body


def _looks_like_reference(text: str) -> bool:
    lowered = text.lower()
    return (
        "://" in text
        or lowered.startswith((*VCS_PREFIXES, "file:", ".", "/", "~"))
        or "/" in text.split(";")[0]
        or "\\" in text
        or lowered.split(";")[0].strip().endswith(_ARCHIVES)
    )


def _reference(state: _State, spec: str, path: str, source: Source) -> _Entry | None:
    """A URL or path requirement (also ``-e``): named by ``#egg=``, its file name or its pyproject.toml."""
    spec, marker = _split_marker(spec)
    if not spec:
        state.problems.append(Problem("manifest", "editable requirement without a path or URL", source))
        return None
    location, _, fragment = spec.partition("#")
    egg = next((p[4:] for p in fragment.split("&") if p.startswith("egg=")), "").split("[")[0].strip()
    target = url_target(location)
    name, version = egg or None, ""
    if target.origin == "path":
        directory = os.path.normpath(os.path.join(os.path.dirname(path), os.path.expanduser(target.resolved)))
        project, project_version = _local_project(state, directory)
        if os.path.abspath(directory) == os.path.abspath(os.path.dirname(path) or "."):
            state.projects.add(canon(project or egg or os.path.basename(os.path.abspath(directory))))
            return None  # ``-e .``: the project itself is not SOUP
        name, version = name or project, project_version or ""
    if name is None or not version:
        name, version = _archive_name(location, name, version)
    if name is None or (target.origin == "path" and not version):
        name = name or _last_part(location)
        where = directory if target.origin == "path" else None
        state.problems.append(Problem("input", _unknown(spec, where, name), source))
    scope = "optional" if has_extra_marker(marker) else "runtime"
    fields = {"pinned": target.pinned, "origin": target.origin, "resolved": target.resolved, "marker": marker}
    return _Entry(component(name, version, source, scope=scope, **fields))


def _local_project(state: _State, directory: str) -> tuple[str | None, str | None]:
    """Name and version from the pyproject.toml of a local directory, which becomes an include."""
    name, version, pyproject = local_project(directory)
    if pyproject and os.path.abspath(pyproject) not in map(os.path.abspath, state.includes):
        state.includes.append(pyproject)
    return name, version


def _unknown(spec: str, directory: str | None, name: str) -> str:
    """Why a reference's name or version could not be told (the component is kept all the same)."""
    if directory is None:
        return f"{spec!r} names no package (no #egg=): named {name!r} after the URL"
    if not os.path.exists(directory):
        return f"local project {directory!r} not found: named {name!r} after it, version unknown"
    return f"no pyproject.toml with a name and version in {directory!r}: named {name!r}, version unknown"


def _split_marker(spec: str) -> tuple[str, str | None]:
    """``url ; marker`` -> (url, marker); pip wants a space around the ``;`` of a URL, as URLs may hold ``;``."""
    found = re.search(r"\s;|;\s", spec) if "://" in spec else re.search(";", spec)
    if found is None:
        return spec.strip(), None
    return spec[: found.start()].strip(), spec[found.end() :].strip() or None


def _archive_name(location: str, name: str | None, version: str) -> tuple[str | None, str]:
    """Fill in the name and version a wheel or sdist file name tells (``pkg-1.0-py3-none-any.whl``)."""
    filename = location.rstrip("/").rsplit("/", 1)[-1]
    lowered = filename.lower()
    found: tuple[str, str] | None = None
    if lowered.endswith(".whl"):
        parts = filename[:-4].split("-")
        found = (parts[0], parts[1]) if len(parts) >= 5 and is_valid_version(parts[1]) else None
    else:
        ext = next((e for e in _ARCHIVES if lowered.endswith(e)), None)
        stem, _, tail = filename[: -len(ext)].rpartition("-") if ext else ("", "", "")
        found = (stem, tail) if stem and is_valid_version(tail) else None
    if found is None or not found[0].strip():
        return name, version
    return name or found[0], version or found[1]


def _last_part(location: str) -> str:
    """The last path part of a URL or path, without ``.git`` or ``@ref``: the best guess at a name."""
    tail = location.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1].split("@")[0].strip()
    return tail.removesuffix(".git") or "unnamed"


# --------------------------------------------------------------------------- after reading


def _apply_constraints(state: _State) -> None:
    """Unpinned registry requirements take the version a constraints file pins."""
    for entry in state.entries:
        comp = entry.comp
        pin = state.pins.get(canon(comp.name))
        if comp.pinned or comp.origin != "registry" or pin is None:
            continue
        version, where = pin
        spec = "" if comp.version == ANY_VERSION else comp.version
        if version_matches(version, spec) is False:
            message = f"constraint {comp.name}=={version} ({where}) does not satisfy {comp.name}{spec}"
            state.problems.append(Problem("manifest", message, comp.source))
        entry.comp = component(
            comp.name, version, comp.source, scope=comp.scope, marker=comp.marker, groups=comp.groups
        )


def _classify(state: _State) -> list[Component]:
    """Direct or transitive, ``via`` and scope of every entry, from the ``# via`` annotations."""
    names = {canon(e.comp.name) for e in state.entries}

    def is_root(item: str) -> bool:
        if item.startswith(("-r ", "--requirement")) or item.endswith(")"):  # ``name (pyproject.toml)``
            return True
        if item.startswith(("-c ", "--constraint")):
            return False
        return canon(item) in state.projects or canon(item) not in names

    direct: dict[str, tuple[str, str]] = {}
    edges: dict[str, list[str]] = {}
    is_direct: list[bool] = []
    for entry in state.entries:
        node = canon(entry.comp.name)
        items = entry.via
        root = items is None or any(is_root(item) for item in items)
        is_direct.append(root)
        if root:
            label, scope = direct.get(node, (entry.comp.name, entry.comp.scope))
            direct[node] = (label, merge_scope(scope, entry.comp.scope))
        for item in items or ():
            if not is_root(item) and not item.startswith(("-c ", "--constraint")):
                edges.setdefault(canon(item), []).append(node)
    reached, scopes = classify(direct, edges)
    result = []
    for entry, root in zip(state.entries, is_direct, strict=True):
        node = canon(entry.comp.name)
        if root:
            result.append(dataclasses.replace(entry.comp, direct=True, via=()))
            continue
        via = tuple(sorted(reached.get(node, set())))
        scope = scopes.get(node, entry.comp.scope)
        result.append(dataclasses.replace(entry.comp, direct=False, via=via, scope=scope))
    return result


FORMATS = {FORMAT: read_requirements}
PATTERNS = (("*requirements*.txt", FORMAT), ("constraints*.txt", FORMAT))
