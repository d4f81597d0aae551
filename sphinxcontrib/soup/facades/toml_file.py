"""TOML via the standard library's ``tomllib``, with located errors."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from ..model import Problem, Source

_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_toml(text: str, path: str) -> tuple[dict[str, Any] | None, Problem | None]:
    """Parse ``text``; on failure return ``(None, problem)`` with the line tomllib reports."""
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _POSITION.search(message)
        line = int(match.group(1)) if match else None
        if line is None and "end of document" in message:  # truncated input: the error is at the last line
            line = text.rstrip().count("\n") + 1
        message = _POSITION.sub("", message).replace("(at end of document)", "").strip()
        return None, Problem("parse", f"invalid TOML: {message}", Source(path, line))
    except RecursionError:
        return None, Problem("parse", "invalid TOML: nested too deeply", Source(path))
