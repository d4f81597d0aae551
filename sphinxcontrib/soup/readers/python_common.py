"""What the Python readers (requirements, pyproject, poetry.lock, uv.lock) share.

Building PyPI components, turning a PEP 508 string or a URL into one, telling where a URL points,
type-checking values parsed from TOML, and classifying a dependency graph into direct/``via``/scope.
"""

from __future__ import annotations

import os
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from .. import graph
from ..facades.pep508 import canonical_name, parse_requirement
from ..facades.purl import make_purl
from ..facades.toml_file import load_toml
from ..locate import toml_table_lines
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
        purl=make_purl(ECOSYSTEM, name, exact, qualifiers),
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
    text, problem = read_text(path)
    data, problem = (None, problem) if text is None else load_toml(text, path)
    if not isinstance(data, dict):
        return None, None, path
    for table in (data.get("project"), table_at(data, "tool", "poetry")):
        if isinstance(table, dict) and isinstance(table.get("name"), str):
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
        parts = sorted({m for m in value.values() if isinstance(m, str) and m})
        if len(parts) == 1:
            return parts[0]
        return " or ".join(f"({m})" for m in parts) or None
    return None


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
    """PEP 503 name; never raises (the facade accepts any string)."""
    return canonical_name(name)
