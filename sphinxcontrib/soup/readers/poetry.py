"""poetry.lock, lock-versions 1.0, 1.1, 2.0 and 2.1.

Each ``[[package]]`` is one component (a name locked at several versions for different markers gives one
per version; the same version from two sources, e.g. PyPI and git, gives two). Origins come from
``[package.source]``: none or ``legacy`` is the registry, ``git`` a git checkout (resolved at
``resolved_reference``), ``directory``/``file`` a local path, ``url`` an archive.

Scope comes from the lock where it says so: ``groups`` (2.1; ``main`` is runtime, other groups dev) or
``category`` (1.x); ``optional = true`` (an extra) is optional. A 2.0 lock says neither, so the scope of a
package is then the strongest scope of the direct dependencies that reach it.

The lock does not say which packages are direct: the sibling ``pyproject.toml`` does (also
``X.pyproject.toml`` beside ``X.poetry.lock``, or the ``manifest_text`` a caller passes). Without one, the
packages no other package depends on are taken as direct, and a problem says so. ``via`` follows the
``[package.dependencies]`` edges; a dependency on a name locked at several versions goes to the versions its
constraint allows.
"""

from __future__ import annotations

import dataclasses
import os
import re
from typing import Any

from ..facades.pep508 import version_matches
from ..model import Component, Problem, ReadResult, Source
from .base import dedupe, failed, read_text
from .pyproject import read_pyproject
from .python_common import (
    canon,
    classify,
    component,
    lock_entries,
    marker_text,
    merge_scope,
    name_and_version,
    string_or_none,
    table_at,
)

FORMAT = "poetry.lock"


@dataclasses.dataclass
class _Package:
    """One ``[[package]]`` entry: its component so far, its own scope (None: the lock does not say) and deps."""

    comp: Component
    scope: str | None
    dependencies: dict


def read_poetry_lock(
    text: str, path: str, *, manifest_text: str | None = None, manifest_path: str | None = None
) -> ReadResult:
    """Components of a poetry.lock; ``manifest_text`` is the project's pyproject.toml (else it is looked up)."""
    data, entries, problems = lock_entries(text, path)
    if data is None:
        return failed(path, FORMAT, problems[0])
    extras = _extras(data.get("extras"))
    packages = [p for p in (_package(entry, source, extras, problems) for entry, source in entries) if p]
    manifest_path, manifest_text = _manifest(path, manifest_text, manifest_path)
    if manifest_text is not None:
        direct = _declared(packages, manifest_text, manifest_path, problems)
    else:
        direct = _guessed(packages, problems, path)
    components = _classify(packages, direct)
    return ReadResult(
        path=path,
        format=FORMAT,
        components=tuple(dedupe(components)),
        problems=tuple(problems),
        includes=(manifest_path,) if manifest_text is not None and manifest_path else (),
    )


# --------------------------------------------------------------------------- entries


def _package(entry: dict, source: Source, extras: dict[str, tuple[str, ...]], problems: list) -> _Package | None:
    name, version = name_and_version(entry, source, problems)
    if name is None:
        return None
    origin, resolved = _origin(entry.get("source"))
    groups = entry.get("groups")
    groups = tuple(sorted(g for g in groups if isinstance(g, str))) if isinstance(groups, list) else ()
    category = string_or_none(entry.get("category"))
    optional = entry.get("optional") is True
    scope = None
    if groups or category:
        scope = "runtime" if "main" in groups or category == "main" else "dev"
        if optional and scope == "runtime":
            scope = "optional"
    dependencies = entry.get("dependencies", {})
    if not isinstance(dependencies, dict):
        problems.append(Problem("manifest", f"dependencies of {name!r} should be a table; ignored", source))
        dependencies = {}
    comp = component(
        name,
        version,
        source,
        origin=origin,
        resolved=resolved,
        scope=scope or "runtime",
        groups=tuple(sorted({*groups, *((category,) if category else ()), *extras.get(canon(name), ())})),
        marker=marker_text(entry.get("markers")),
        description=string_or_none(entry.get("description")),
    )
    return _Package(comp, scope, dependencies)


def _origin(source: Any) -> tuple[str, str | None]:
    """(origin, resolved) from ``[package.source]``; a private index (``legacy``) is still a registry."""
    kind, url = string_or_none(table_at(source, "type")), string_or_none(table_at(source, "url"))
    if kind == "git" and url:
        commit = string_or_none(table_at(source, "resolved_reference")) or string_or_none(table_at(source, "reference"))
        return "git", f"{url}@{commit}" if commit else url
    if kind in ("directory", "file") and url:
        return ("url" if "://" in url else "path"), url
    if kind == "url" and url:
        return "url", url
    return "registry", None


def _extras(extras: Any) -> dict[str, tuple[str, ...]]:
    """Package name -> the extras of the project (``[extras]``) that ask for it."""
    found: dict[str, set[str]] = {}
    for extra, names in extras.items() if isinstance(extras, dict) else ():
        for name in names if isinstance(names, list) else ():
            if isinstance(name, str):
                found.setdefault(canon(re.split(r"[\s\[(<>=!~^;]", name.strip(), maxsplit=1)[0]), set()).add(extra)
    return {name: tuple(sorted(extras)) for name, extras in found.items()}


# --------------------------------------------------------------------------- direct dependencies


def _manifest(path: str, text: str | None, manifest_path: str | None) -> tuple[str | None, str | None]:
    """(path, text) of the project's pyproject.toml: given, ``pyproject.toml`` or ``X.pyproject.toml`` beside."""
    if text is not None:
        return manifest_path or os.path.join(os.path.dirname(path), "pyproject.toml"), text
    directory, base = os.path.split(path)
    candidates = [os.path.join(directory, "pyproject.toml")]
    if base.lower().endswith(".poetry.lock"):
        candidates.insert(0, os.path.join(directory, base[: -len(".poetry.lock")] + ".pyproject.toml"))
    for candidate in candidates:
        if os.path.isfile(candidate):
            found, _ = read_text(candidate)
            if found is not None:
                return candidate, found
    return None, None


def _declared(packages: list[_Package], text: str, path: str, problems: list) -> dict[int, tuple[str, str]]:
    """Direct packages (index -> (label, scope)) from the dependencies the pyproject.toml declares."""
    manifest = read_pyproject(text, path)
    problems.extend(manifest.problems)
    declared: dict[str, tuple[str, tuple[str, ...], Source]] = {}
    for comp in manifest.components:
        scope, groups, source = declared.get(canon(comp.name), (comp.scope, (), comp.source))
        declared[canon(comp.name)] = (merge_scope(scope, comp.scope), (*groups, *comp.groups), source)
    direct: dict[int, tuple[str, str]] = {}
    locked: set[str] = set()
    for index, package in enumerate(packages):
        name = canon(package.comp.name)
        locked.add(name)
        if name in declared:
            scope, groups, _ = declared[name]
            direct[index] = (package.comp.name, package.scope or scope)
            merged = tuple(sorted({*package.comp.groups, *groups}))
            package.comp = dataclasses.replace(package.comp, groups=merged)
    for name, (_, _, source) in declared.items():
        if name not in locked:
            message = f"{name} is declared in the pyproject.toml but not locked (is the lock out of date?)"
            problems.append(Problem("manifest", message, source))
    return direct


def _guessed(packages: list[_Package], problems: list, path: str) -> dict[int, tuple[str, str]]:
    """Without a pyproject.toml: the packages no other package depends on are taken as direct."""
    depended = {canon(str(name)) for package in packages for name in package.dependencies}
    direct = {
        index: (package.comp.name, package.scope or "runtime")
        for index, package in enumerate(packages)
        if canon(package.comp.name) not in depended
    }
    message = "no pyproject.toml beside the lock: direct dependencies guessed (packages nothing else depends on)"
    problems.append(Problem("input", message, Source(path)))
    return direct


# --------------------------------------------------------------------------- graph


def _classify(packages: list[_Package], direct: dict[int, tuple[str, str]]) -> list[Component]:
    """Direct flag, ``via`` and (where the lock does not say) scope of every package."""
    by_name: dict[str, list[int]] = {}
    for index, package in enumerate(packages):
        by_name.setdefault(canon(package.comp.name), []).append(index)
    edges = {index: _targets(package, packages, by_name) for index, package in enumerate(packages)}
    reached, scopes = classify(direct, edges)
    result = []
    for index, package in enumerate(packages):
        scope = package.scope or scopes.get(index, "runtime")
        if index in direct:
            result.append(dataclasses.replace(package.comp, direct=True, via=(), scope=scope))
        else:
            via = tuple(sorted(reached.get(index, ())))
            result.append(dataclasses.replace(package.comp, direct=False, via=via, scope=scope))
    return result


def _targets(package: _Package, packages: list[_Package], by_name: dict[str, list[int]]) -> list[int]:
    """The locked packages a package's dependencies go to (those its constraints allow, else all of the name)."""
    targets: list[int] = []
    for name, spec in package.dependencies.items():
        candidates = by_name.get(canon(str(name)), [])
        if len(candidates) < 2:
            targets += candidates
            continue
        constraints = [_constraint(one) for one in (spec if isinstance(spec, list) else [spec])]
        allowed = [i for i in candidates if any(_allows(c, packages[i].comp.version) for c in constraints)]
        targets += allowed or candidates
    return targets


def _constraint(spec: Any) -> str:
    if isinstance(spec, dict):
        return spec.get("version") if isinstance(spec.get("version"), str) else "*"
    return spec if isinstance(spec, str) else "*"


def _allows(constraint: str, version: str) -> bool:
    """Whether a Poetry constraint (``^1.2``, ``~1.2``, ``>=1,<2``, ``a || b``) allows ``version``.

    Unknown syntax allows everything: the edge then goes to every locked version of the name.
    """
    for alternative in constraint.split("||"):
        specifier = _pep440(alternative)
        if specifier is None or version_matches(version, specifier) is not False:
            return True
    return False


_CLAUSE = re.compile(r"(\^|~=|~|==|!=|<=|>=|<|>|=)?\s*([^\s,<>=!~^]+)")
_RELEASE = re.compile(r"\d+(?:\.\d+)*")


def _pep440(constraint: str) -> str | None:
    """A Poetry constraint as a PEP 440 specifier; None when a clause cannot be read."""
    clauses = []
    for operator, version in _CLAUSE.findall(constraint):
        if version == "*":
            continue
        if operator in ("^", "~"):
            release = _RELEASE.match(version)
            if release is None:
                return None
            parts = [int(p) for p in release.group().split(".")]
            clauses += [f">={version}", f"<{_upper(parts, operator)}"]
        else:
            clauses.append(f"{'==' if operator in ('', '=') else operator}{version}")
    return ",".join(clauses)


def _upper(parts: list[int], operator: str) -> str:
    """The exclusive upper bound of ``^`` (first non-zero part) or ``~`` (minor, or major alone)."""
    if operator == "^":
        keep = next((i for i, p in enumerate(parts) if p), len(parts) - 1) + 1
    else:
        keep = 2 if len(parts) > 1 else 1
    bound = parts[:keep]
    bound[-1] += 1
    return ".".join(map(str, bound))


FORMATS = {FORMAT: read_poetry_lock}
PATTERNS = (("poetry.lock", FORMAT), ("*.poetry.lock", FORMAT))
