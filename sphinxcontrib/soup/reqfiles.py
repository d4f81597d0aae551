"""Requirement files exported by other tools: YAML, CSV (with a column mapping), sphinx-needs' needs.json.

Every format becomes the mappings a records file's ``requirements:`` section holds, located at their line,
so one validation (``requirements.read_requirements``) reports every defect the same way. No Sphinx here.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import Any

from .config import RequirementFileSpec
from .facades.csv_file import load_csv
from .facades.json_file import json_type, load_json
from .facades.yaml_file import LocatedDict, load_yaml
from .locate import json_member_lines
from .model import Problem, Source
from .requirements import FILE_COLUMNS, METHODS, Requirement, read_requirements

FORMATS_BY_SUFFIX = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".json": "needs-json"}
#: the need field naming the SOUP item by default: the field our own ``soupreq`` needs carry
NEED_ITEM_FIELD = "soup_item"
#: need fields a requirement's statement is taken from when no ``statement`` field is mapped, in order
NEED_STATEMENT_FIELDS = ("statement", "title", "content", "description")


def file_format(path: str, spec: RequirementFileSpec) -> str | None:
    """The format given in the spec, else the one the file name says (None: cannot tell)."""
    return spec.format or FORMATS_BY_SUFFIX.get(os.path.splitext(path)[1].lower())


def read_requirement_file(text: str, path: str, spec: RequirementFileSpec) -> tuple[list[Requirement], list[Problem]]:
    """The requirements of one file, and a located problem for every defect (never raises)."""
    problems: list[Problem] = []
    fmt = file_format(path, spec)
    if fmt is None:
        message = "cannot tell the format of this requirement file (give 'format': yaml, csv or needs-json)"
        return [], [Problem("input", message, Source(path))]
    entries = _READERS[fmt](text, path, spec, problems)
    return read_requirements(entries, path, problems), problems


def _located(values: dict[str, Any], line: int | None, key_lines: dict[str, int] | None = None) -> LocatedDict:
    """``values`` as a mapping that knows its line (and its keys' lines), like one read from YAML."""
    entry = LocatedDict(values)
    entry.line = line  # type: ignore[assignment]  # None: the file, no line
    entry.key_lines = key_lines or {}
    return entry


def _yaml(text: str, path: str, spec: RequirementFileSpec, problems: list[Problem]) -> list:
    """A ``requirements:`` list (the records-file section, alone) or a bare list of requirements."""
    data, problem = load_yaml(text, path)
    if problem is not None:
        problems.append(problem)
        return []
    if data is None:
        return []
    if isinstance(data, dict):
        for key in data:
            if key != "requirements":
                line = data.key_lines.get(key) if isinstance(data, LocatedDict) else None
                message = f"unknown section {key!r} in a requirement file (known: requirements)"
                problems.append(Problem("record", message, Source(path, line)))
        data = data.get("requirements", [])
    if not isinstance(data, list):
        problems.append(Problem("record", f"'requirements' must be a list, not {json_type(data)}", Source(path)))
        return []
    return data


def _mapping(spec: RequirementFileSpec) -> dict[str, str]:
    """Requirement field -> column (or need field): the spec's, else every field under its own name."""
    return dict(spec.columns) if spec.columns else {name: name for name in FILE_COLUMNS}


def _csv(text: str, path: str, spec: RequirementFileSpec, problems: list[Problem]) -> list:
    header, rows, problem = load_csv(text, path)
    if problem is not None:
        problems.append(problem)
    if not header:
        return []
    mapping = {name: column.lower() for name, column in _mapping(spec).items()}  # load_csv lowers the header
    header_line = next((n for n, line in enumerate(text.splitlines(), 1) if line.strip()), 1)
    for name, column in mapping.items():
        if column not in header and (spec.columns or name in ("id", "item")):
            message = f"column {column!r} (the requirement's {name}) is not in the header ({', '.join(header)})"
            problems.append(Problem("record", message, Source(path, header_line)))
    if mapping["id"] not in header or mapping.get("item", "item") not in header:
        return []  # every row would be one more warning about the same missing column
    entries = []
    for line, row in rows:
        values = {name: row[column] for name, column in mapping.items() if row.get(column)}
        entries.append(_located(_from_text(values), line, dict.fromkeys(values, line)))
    return entries


def _from_text(values: dict[str, Any]) -> dict[str, Any]:
    """Cells (or need fields) in the shapes the requirement schema wants: test lists, a limit in seconds."""
    tests = values.get("verified_by")
    if isinstance(tests, str) and tests.partition(":")[0].strip().lower() not in METHODS:
        values["verified_by"] = [t.strip() for t in tests.replace("\n", ";").split(";") if t.strip()]
    limit = values.pop("max_duration", None)
    if limit not in (None, ""):
        with contextlib.suppress(TypeError, ValueError):  # else kept as written: the schema reports it, located
            limit = float(limit)
        acceptance = values.get("acceptance")
        values["acceptance"] = {"max_duration": limit, **({"text": acceptance} if acceptance else {})}
    return values


def _needs_json(text: str, path: str, spec: RequirementFileSpec, problems: list[Problem]) -> list:
    """sphinx-needs' ``needs.json``: the needs of its ``current_version`` that are SOUP requirements."""
    data, problem = load_json(text, path)
    if problem is not None:
        problems.append(problem)
        return []
    versions = data.get("versions") if isinstance(data, dict) else None
    version = data.get("current_version") if isinstance(data, dict) else None
    current = versions.get(version) if isinstance(versions, dict) and isinstance(version, str) else None
    needs = current.get("needs") if isinstance(current, dict) else None
    if not isinstance(needs, dict):
        message = "not a sphinx-needs needs.json: no versions -> <current_version> -> needs object"
        problems.append(Problem("record", message, Source(path, 1)))
        return []
    mapping = _mapping(spec)
    item_field = mapping.get("item", NEED_ITEM_FIELD) if spec.columns else NEED_ITEM_FIELD
    mapping["item"] = item_field
    lines = json_member_lines(text, "needs", needs)
    entries = []
    for key, need in needs.items():
        if not isinstance(need, dict):
            continue
        if need.get("type") != spec.type and not need.get(item_field):
            continue  # another kind of need: the export holds the whole project
        values = {name: need[field] for name, field in mapping.items() if need.get(field) not in (None, "", [])}
        values.setdefault("id", key)
        if "statement" not in values and "statement" not in dict(spec.columns):
            found = (need.get(f) for f in NEED_STATEMENT_FIELDS)
            statement = next((s for s in found if isinstance(s, str) and s.strip()), None)
            if statement:
                values["statement"] = statement.strip()
        entries.append(_located(_from_text(values), lines.get(key)))
    return entries


_READERS: dict[str, Callable[[str, str, RequirementFileSpec, list[Problem]], list]] = {
    "yaml": _yaml,
    "csv": _csv,
    "needs-json": _needs_json,
}
