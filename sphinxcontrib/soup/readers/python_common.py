"""What the Python readers (requirements, pyproject, poetry.lock, uv.lock) share.

Building PyPI components, turning a PEP 508 string or a URL into one, telling where a URL points,
type-checking values parsed from TOML, and classifying a dependency graph into direct/``via``/scope.
"""

from __future__ import annotations

import os
import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from .. import graph
from ..facades.pep508 import canonical_name, parse_requirement
from ..facades.purl import make_purl
from ..facades.toml_file import load_toml
from ..locate import first_line, toml_table_lines
from ..model import Component, Problem, Source, strongest_scope
from .base import read_text

ECOSYSTEM = "pypi"

#: The version of a dependency that accepts any version (bare name in a requirement, ``*`` in Poetry).
#: One spelling for every Python format, so the catalog and the SOUP list show the same thing.
ANY_VERSION = "*"

_EXTRA_MARKER = re.compile(r"\bextra\s*==")
_SHA = re.compile(r"[0-9a-fA-F]{40}")
VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+")


# --------------------------------------------------------------------------- components


def component(
    name: str,
    version: str,
    source: Source,
    *,
    pinned: bool = True,
    origin: str = "registry",
    resolved: str | None = None,
    **fields: Any,
) -> Component:
    """A PyPI component; the purl carries the version only when it is an exact one.

    A git dependency's purl names its repository (``vcs_url``), a URL dependency its archive
    (``download_url``), so two packages of one name from different places stay apart.
    """
    qualifiers = None
    if origin == "git" and resolved:
        qualifiers = {"vcs_url": resolved}
    elif origin == "url" and resolved:
        qualifiers = {"download_url": resolved}
    exact = version if pinned and version and version != ANY_VERSION else None
    return Component(
        name=name,
        version=version,
        ecosystem=ECOSYSTEM,
        purl=make_purl(ECOSYSTEM, name.strip() or "unnamed", exact, qualifiers),  # a purl needs a name
        source=source,
        pinned=pinned,
        origin=origin,
        resolved=resolved,
        **fields,
    )


def has_extra_marker(marker: str | None) -> bool:
    """Whether a PEP 508 marker depends on an extra (``extra == "x"``): the package is then optional."""
    return bool(marker and _EXTRA_MARKER.search(marker))


def requirement_component(
    text: str, source: Source, *, scope: str = "runtime", groups: tuple[str, ...] = ()
) -> tuple[Component | None, Problem | None]:
    """A direct component from a PEP 508 string (``name[extra] >=1 ; marker`` or ``name @ url``).

    An exact pin (``==1.0``/``===1.0``) is the version; any other specifier is kept as the unpinned
    version; no specifier at all is :data:`ANY_VERSION`. A marker on an extra makes it optional.
    """
    try:
        req = parse_requirement(text)
    except ValueError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid"
        return None, Problem("manifest", f"invalid requirement {text!r}: {first}", source)
    if has_extra_marker(req.marker) and scope == "runtime":
        scope = "optional"
    common = {"source": source, "scope": scope, "groups": groups, "marker": req.marker}
    if req.url:
        target = url_target(req.url)
        return component(
            req.name, "", pinned=target.pinned, origin=target.origin, resolved=target.resolved, **common
        ), None
    if req.pinned_version is not None:
        return component(req.name, req.pinned_version, **common), None
    return component(req.name, req.specifier or ANY_VERSION, pinned=False, **common), None


# --------------------------------------------------------------------------- URLs and paths


@dataclass(frozen=True)
class Target:
    """Where a non-registry requirement points."""

    origin: str  # git / url / path
    resolved: str  # the URL, or the local path for path origins
    pinned: bool  # names one exact artefact (archive, path, commit hash)


def url_target(url: str) -> Target:
    """Origin of a requirement URL: ``git+...`` is git, ``file:``/no scheme is a path, else a URL.

    A git URL is pinned only when it names a full commit hash; other VCS (hg, svn, bzr) keep origin
    ``url``, as the model has no origin for them. Paths are always pinned: they are what is installed.
    """
    lowered = url.lower()
    if lowered.startswith(VCS_PREFIXES):
        ref = urlsplit(url).path.rpartition("@")[2] if "@" in urlsplit(url).path else ""
        origin = "git" if lowered.startswith("git+") else "url"
        return Target(origin, url, is_commit_hash(ref))
    if lowered.startswith("file:"):
        return Target("path", file_url_path(url), True)
    if "://" in url:
        return Target("url", url, True)
    return Target("path", url, True)


def is_commit_hash(ref: str) -> bool:
    """A full git commit id: the only git reference that names one exact tree."""
    return bool(_SHA.fullmatch(ref))


def file_url_path(url: str) -> str:
    """The local path of a ``file:`` URL (``file:///a/b`` and ``file:a/b``)."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.netloc and parts.netloc != "localhost":
        path = f"//{parts.netloc}{path}"
    return path


def local_project(directory: str) -> tuple[str | None, str | None, str | None]:
    """Name and version of the Python project in ``directory`` (its pyproject.toml), and that file's path.

    ``(None, None, None)`` when there is no readable pyproject.toml; name/version None when it does not say.
    Reads ``[project]`` (PEP 621) or ``[tool.poetry]``; a dynamic version stays None.
    """
    path = os.path.join(directory, "pyproject.toml")
    if not os.path.isfile(path):
        return None, None, None
    text, _ = read_text(path)
    data = load_toml(text, path)[0] if text is not None else None
    if not isinstance(data, dict):
        return None, None, path
    for table in (data.get("project"), table_at(data, "tool", "poetry")):
        if isinstance(table, dict) and isinstance(table.get("name"), str) and table["name"].strip():
            version = table.get("version")
            return table["name"], version if isinstance(version, str) else None, path
    return None, None, path


# --------------------------------------------------------------------------- TOML values


def table_at(data: Any, *keys: str) -> Any:
    """``data[k1][k2]...`` when every step is a table, else None (wrong types are not an error here)."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def string_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def marker_text(value: Any) -> str | None:
    """A marker that is a string, or a table of markers per group (Poetry 2.1): any of them holds."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        return any_of(m for m in value.values() if isinstance(m, str) and m)
    return None


def any_of(markers: Iterable[str]) -> str | None:
    """One marker that holds when any of ``markers`` does (sorted, each once); None for none."""
    parts = sorted(set(markers))
    if len(parts) == 1:
        return parts[0]
    return " or ".join(f"({m})" for m in parts) or None


def entry_lines(text: str, table: str, count: int) -> list[int | None]:
    """Line of the n-th ``[[table]]`` entry, None past the headers found (an inline array of tables)."""
    lines: list[int | None] = list(toml_table_lines(text, table))
    return lines[:count] + [None] * (count - len(lines))


# --------------------------------------------------------------------------- graph


def classify(
    direct: Mapping[Hashable, tuple[str, str]], edges: Mapping[Hashable, list[Hashable]]
) -> tuple[dict[Hashable, set[str]], dict[Hashable, str]]:
    """For every node reachable from the direct ones: the direct labels that reach it, and its scope.

    ``direct`` maps each direct node to (label, scope); the label is the name shown in ``via``.
    """
    labels = {node: label for node, (label, _) in direct.items()}
    scopes = {node: scope for node, (_, scope) in direct.items()}
    return graph.reach(labels, edges), graph.propagate_scopes(scopes, edges)


def merge_scope(current: str | None, scope: str) -> str:
    return scope if current is None else strongest_scope((current, scope))


def canon(name: str) -> str:
    """PEP 503 normalized name (the key names are compared by); any string is accepted."""
    return canonical_name(name)


def shown(value: Any, limit: int = 60) -> str:
    """``repr`` of a value from an input file, cut short: a problem message names it, not dumps it."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------- lock files


def lock_entries(text: str, path: str) -> tuple[dict | None, list[tuple[dict, Source]], list[Problem]]:
    """The parsed lock, its ``[[package]]`` tables each with its Source, and the problems found so far."""
    data, problem = load_toml(text, path)
    if problem is not None or not isinstance(data, dict):
        return None, [], [problem] if problem else []
    packages = data.get("package", [])
    if not isinstance(packages, list):
        message = "'package' should be an array of [[package]] tables; no package read"
        return data, [], [Problem("manifest", message, Source(path, first_line(text, "package")))]
    entries: list[tuple[dict, Source]] = []
    problems: list[Problem] = []
    for item, line in zip(packages, entry_lines(text, "package", len(packages)), strict=True):
        if isinstance(item, dict):
            entries.append((item, Source(path, line)))
        else:
            problems.append(
                Problem("manifest", f"[[package]] entry is {shown(item)}, not a table; ignored", Source(path, line))
            )
    return data, entries, problems


def name_and_version(
    entry: dict, source: Source, problems: list[Problem], version_optional: bool = False
) -> tuple[str | None, str]:
    """The ``name`` and ``version`` of a lock entry; a missing one is reported (an entry without a name is lost)."""
    name, version = entry.get("name"), entry.get("version")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem("manifest", f"[[package]] entry without a valid name ({shown(name)}); ignored", source))
        return None, ""
    if not isinstance(version, str) or not version:
        if not version_optional or version is not None:
            problems.append(Problem("manifest", f"package {name!r} has no valid version ({shown(version)})", source))
        return name, ""
    return name, version
