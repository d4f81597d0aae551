"""pyproject.toml: the dependencies a Python project declares (ranges, not a lock).

Read: PEP 621 ``[project] dependencies`` (runtime) and ``[project.optional-dependencies]`` (optional,
groups = extra names); PEP 735 ``[dependency-groups]`` (dev, groups = group names, ``{include-group}``
expanded); ``[tool.uv] dev-dependencies`` (dev, group ``dev``) with ``[tool.uv.sources]`` giving path/git/url
origins; Poetry ``[tool.poetry.dependencies]`` (runtime; optional ones ``optional``),
``[tool.poetry.dev-dependencies]`` and ``[tool.poetry.group.<g>.dependencies]`` (dev, or runtime for ``main``).

Every dependency is direct. Versions are kept as written (Poetry ``^1.2``/``~1.2``/``1.2.*`` too) with
``pinned=False``; an exact pin (``==1.0``, Poetry ``1.0``) is the version with ``pinned=True``; no constraint
is ``*``. The project's own name (``myproject[extra]`` in a group) and workspace members are skipped.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..facades.pep508 import is_valid_version
from ..facades.toml_file import load_toml
from ..locate import LineIndex
from ..model import Component, Problem, ReadResult, Source
from .base import dedupe
from .python_common import (
    ANY_VERSION,
    canon,
    component,
    requirement_component,
    shown,
    string_or_none,
    table_at,
)

FORMAT = "pyproject"


class _Context:
    """The file being read: its text (to locate entries), the project name and what was found so far."""

    def __init__(self, text: str, path: str, project: str | None) -> None:
        self.text = text
        self.path = path
        self.project = canon(project) if project else None
        self.index = LineIndex(text)
        self.components: list[Component] = []
        self.problems: list[Problem] = []

    def section(self, name: str) -> int:
        """Offset of the ``[name]`` header (or of the table's last key part), 0 when not found."""
        parts = [re.escape(p) for p in name.split(".")]
        pattern = r"^[ \t]*\[[ \t]*" + r"[ \t]*\.[ \t]*".join(f"[\"']?{p}[\"']?" for p in parts) + r"[ \t]*\]"
        found = re.search(pattern, self.text, re.M)
        if found is None and len(parts) > 1:  # a dotted key or inline table: find its last part
            found = re.search(r"^[ \t]*[\"']?" + parts[-1] + r"[\"']?[ \t]*=", self.text, re.M)
        return found.start() if found else 0

    def source(self, offset: int) -> Source:
        return Source(self.path, self.index.line_of(offset))

    def string_source(self, value: str, start: int) -> Source:
        """Where the string ``value`` is written, at or after ``start``."""
        for quoted in (f'"{value}"', f"'{value}'", value):
            offset = self.text.find(quoted, start)
            if offset >= 0:
                return self.source(offset)
        return self.source(start)

    def key_offset(self, key: str, start: int) -> int:
        """Offset of ``key = ...`` (or of a ``[....key]`` sub-table) at or after ``start``; else ``start``."""
        name = re.escape(key)
        pattern = re.compile(r"^[ \t]*(?:[\"']?" + name + r"[\"']?[ \t]*=|\[[^\]\n]*\." + name + r"[ \t]*\])", re.M)
        found = pattern.search(self.text, start)
        return found.start() if found else start

    def add(self, comp: Component | None, problem: Problem | None = None) -> None:
        if problem is not None:
            self.problems.append(problem)
        if comp is not None and canon(comp.name) != self.project:
            self.components.append(comp)

    def wrong(self, what: str, expected: str, offset: int) -> None:
        self.problems.append(Problem("manifest", f"{what} should be {expected}; ignored", self.source(offset)))


def read_pyproject(text: str, path: str) -> ReadResult:
    """Direct dependencies declared in a pyproject.toml (``locked=False``). Never raises."""
    data, problem = load_toml(text, path)
    if problem is not None or not isinstance(data, dict):
        return ReadResult(path=path, format=FORMAT, problems=(problem,) if problem else (), locked=False)
    project = table_at(data, "project")
    poetry = table_at(data, "tool", "poetry")
    name = string_or_none(table_at(project, "name")) or string_or_none(table_at(poetry, "name"))
    ctx = _Context(text, path, name)
    _read_pep621(ctx, project)
    _read_dependency_groups(ctx, data.get("dependency-groups"))
    _read_uv(ctx, table_at(data, "tool", "uv"))
    _read_poetry(ctx, poetry)
    return ReadResult(
        path=path,
        format=FORMAT,
        components=tuple(dedupe(ctx.components)),
        problems=tuple(dict.fromkeys(ctx.problems)),
        locked=False,
    )


# --------------------------------------------------------------------------- PEP 621 / 735 / uv


def _read_requirement_list(
    ctx: _Context, value: Any, where: str, start: int, scope: str, groups: tuple[str, ...] = ()
) -> None:
    """A list of PEP 508 strings; anything else is reported where the list is."""
    if not isinstance(value, list):
        ctx.wrong(where, "a list of requirement strings", start)
        return
    for item in value:
        if isinstance(item, str):
            ctx.add(*requirement_component(item, ctx.string_source(item, start), scope=scope, groups=groups))
        else:
            ctx.wrong(f"{where} entry {shown(item)}", "a requirement string", start)


def _read_pep621(ctx: _Context, project: Any) -> None:
    if project is None:
        return
    start = ctx.section("project")
    if not isinstance(project, dict):
        ctx.wrong("[project]", "a table", start)
        return
    if "dependencies" in project:
        _read_requirement_list(ctx, project["dependencies"], "[project] dependencies", start, "runtime")
    optional = project.get("optional-dependencies")
    if optional is None:
        return
    start = ctx.section("project.optional-dependencies")
    if not isinstance(optional, dict):
        ctx.wrong("[project.optional-dependencies]", "a table of extras", start)
        return
    for extra, value in optional.items():
        where = f"optional-dependencies {extra!r}"
        _read_requirement_list(ctx, value, where, ctx.key_offset(extra, start), "optional", (extra,))


def _read_dependency_groups(ctx: _Context, groups: Any) -> None:
    """PEP 735 groups (dev scope), with ``{include-group = "x"}`` expanded; cycles are reported."""
    if groups is None:
        return
    start = ctx.section("dependency-groups")
    if not isinstance(groups, dict):
        ctx.wrong("[dependency-groups]", "a table of groups", start)
        return
    by_name = {canon(str(name)): name for name in groups}
    for group in groups:
        for item in _expand_group(ctx, groups, by_name, group, (), start):
            source = ctx.string_source(item, start)
            ctx.add(*requirement_component(item, source, scope="dev", groups=(group,)))


def _expand_group(
    ctx: _Context, groups: dict, by_name: dict[str, str], group: str, stack: tuple[str, ...], start: int
) -> list[str]:
    """The requirement strings of ``group`` and the groups it includes.

    A group's own defects are reported when it is read for itself (empty ``stack``), not again each
    time another group includes it; a cycle is reported where it closes.
    """
    report = not stack
    value = groups.get(group)
    if not isinstance(value, list):
        if report:
            ctx.wrong(f"dependency group {group!r}", "a list", start)
        return []
    items: list[str] = []
    for item in value:
        if isinstance(item, str):
            items.append(item)
            continue
        included = item.get("include-group") if isinstance(item, dict) else None
        target = by_name.get(canon(included)) if isinstance(included, str) else None
        if target is None:
            if report:
                what = f"dependency group {group!r} entry {shown(item)}"
                ctx.wrong(what, 'a requirement string or {include-group = "<existing group>"}', start)
        elif target in (*stack, group):
            message = f"dependency group {group!r} includes {included!r}, which includes it again; cycle ignored"
            ctx.problems.append(Problem("manifest", message, ctx.string_source(included, start)))
        else:
            items += _expand_group(ctx, groups, by_name, target, (*stack, group), start)
    return items


def _read_uv(ctx: _Context, uv: Any) -> None:
    """``[tool.uv] dev-dependencies`` (the legacy dev group), then ``[tool.uv.sources]`` origins."""
    if not isinstance(uv, dict):
        return
    if "dev-dependencies" in uv:
        start = ctx.section("tool.uv")
        _read_requirement_list(ctx, uv["dev-dependencies"], "[tool.uv] dev-dependencies", start, "dev", ("dev",))
    sources = uv.get("sources")
    if isinstance(sources, dict):
        ctx.components = [c for c in (_apply_uv_source(c, sources) for c in ctx.components) if c is not None]


def _apply_uv_source(comp: Component, sources: dict) -> Component | None:
    """The origin ``[tool.uv.sources]`` gives a dependency; None for a workspace member (not SOUP)."""
    spec = next((v for k, v in sources.items() if canon(str(k)) == canon(comp.name)), None)
    if isinstance(spec, list):  # several sources with markers: the first tells the kind
        spec = spec[0] if spec else None
    if not isinstance(spec, dict):
        return comp
    if spec.get("workspace") is True:
        return None
    origin = _table_origin(spec)
    if origin is None:
        return comp
    kind, resolved = origin
    return dataclasses.replace(
        component(comp.name, comp.version, comp.source, pinned=comp.pinned, origin=kind, resolved=resolved),
        scope=comp.scope,
        groups=comp.groups,
        marker=comp.marker,
    )


def _table_origin(spec: dict) -> tuple[str, str] | None:
    """(origin, resolved) of a uv source or Poetry dependency table with ``git``/``path``/``url``."""
    git = string_or_none(spec.get("git"))
    if git:
        ref = next((spec[k] for k in ("rev", "tag", "branch") if isinstance(spec.get(k), str)), None)
        return "git", f"{git}@{ref}" if ref else git
    path = string_or_none(spec.get("path"))
    if path:
        return "path", path
    url = string_or_none(spec.get("url"))
    if url:
        return "url", url
    return None


# --------------------------------------------------------------------------- Poetry


def _read_poetry(ctx: _Context, poetry: Any) -> None:
    if not isinstance(poetry, dict):
        return
    extras = _poetry_extras(poetry.get("extras"))
    tables: list[tuple[str, Any, str, tuple[str, ...]]] = [
        ("tool.poetry.dependencies", poetry.get("dependencies"), "runtime", ()),
        ("tool.poetry.dev-dependencies", poetry.get("dev-dependencies"), "dev", ("dev",)),
    ]
    groups = poetry.get("group")
    if isinstance(groups, dict):
        for group, body in groups.items():
            scope = "runtime" if group == "main" else "dev"
            tables.append((f"tool.poetry.group.{group}.dependencies", table_at(body, "dependencies"), scope, (group,)))
    for where, table, scope, group in tables:
        if table is None:
            continue
        start = ctx.section(where)
        if not isinstance(table, dict):
            ctx.wrong(f"[{where}]", "a table of dependencies", start)
            continue
        for name, spec in table.items():
            if canon(name) == "python":
                continue
            if not name.strip():
                ctx.wrong(f"[{where}] entry {name!r}", "named", start)
                continue
            for one in spec if isinstance(spec, list) else [spec]:
                source = ctx.source(ctx.key_offset(name, start))
                ctx.add(*_poetry_component(name, one, source, scope, group, extras.get(canon(name), ())))


def _poetry_extras(extras: Any) -> dict[str, tuple[str, ...]]:
    """Package name -> the ``[tool.poetry.extras]`` that list it."""
    found: dict[str, set[str]] = {}
    if isinstance(extras, dict):
        for extra, names in extras.items():
            for name in names if isinstance(names, list) else ():
                if isinstance(name, str):
                    found.setdefault(canon(name.split("[")[0].strip()), set()).add(extra)
    return {name: tuple(sorted(extras)) for name, extras in found.items()}


def _poetry_version(constraint: str) -> tuple[str, bool]:
    """(version, pinned) of a Poetry constraint: a bare or ``==`` version is exact, the rest is a range."""
    text = constraint.strip()
    bare = text.lstrip("=").strip() if text.startswith("==") else text
    if is_valid_version(bare) and not text.startswith(("<", ">", "!", "~", "^")):
        return bare, True
    return text or ANY_VERSION, False


def _poetry_component(
    name: str, spec: Any, source: Source, scope: str, groups: tuple[str, ...], extras: tuple[str, ...]
) -> tuple[Component | None, Problem | None]:
    """A component from a Poetry dependency value: a constraint string or a table."""
    if isinstance(spec, str):
        version, pinned = _poetry_version(spec)
        return component(name, version, source, pinned=pinned, scope=scope, groups=groups), None
    if not isinstance(spec, dict):
        message = f"dependency {name!r}: expected a version string or a table, got {type(spec).__name__}"
        return component(name, ANY_VERSION, source, pinned=False, scope=scope, groups=groups), Problem(
            "manifest", message, source
        )
    version, pinned = _poetry_version(spec["version"]) if isinstance(spec.get("version"), str) else (ANY_VERSION, False)
    if spec.get("optional") is True and scope == "runtime":
        scope, groups = "optional", groups or extras
    kind, resolved = _table_origin(spec) or ("registry", None)
    fields = {"scope": scope, "groups": groups, "marker": string_or_none(spec.get("markers"))}
    return component(name, version, source, pinned=pinned, origin=kind, resolved=resolved, **fields), None


FORMATS = {FORMAT: read_pyproject}
PATTERNS = (("pyproject.toml", FORMAT), ("*.pyproject.toml", FORMAT))
