"""JSON via the standard library, with located errors."""

from __future__ import annotations

import json
from typing import Any

from ..model import Problem, Source


def load_json(text: str, path: str) -> tuple[Any, Problem | None]:
    """Parse ``text``; on failure return ``(None, problem)`` naming the line of the error."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, Problem("parse", f"invalid JSON: {exc.msg} (column {exc.colno})", Source(path, exc.lineno))
    except RecursionError:
        return None, Problem("parse", "invalid JSON: nested too deeply", Source(path))


def json_type(value: Any) -> str:
    """The JSON name of the type of a parsed value, for messages (``an object``, ``a list``, ``null``...).

    Also right for what YAML and TOML parsers give (mapping subclasses, dates).
    """
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return name
    return "null" if value is None else "a value"


_TYPE_NAMES = ((bool, "a boolean"), (dict, "an object"), (list, "a list"), (str, "a string"), (int | float, "a number"))
