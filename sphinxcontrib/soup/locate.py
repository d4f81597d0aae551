"""Line numbers for parsers that do not report positions (json, tomllib).

The readers parse with the standard library for speed and correctness, then ask this module where a
key sits in the text, so every component and problem can name its line.
"""

from __future__ import annotations

import bisect
import re


class LineIndex:
    """Maps character offsets of a text to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)


def json_key_lines(text: str, depth_hint: str = "") -> dict[str, int]:
    """Line of the first occurrence of each object key that opens an object (``"key": {``).

    Good enough to locate entries of lock files whose keys are unique (npm ``packages`` paths);
    ``depth_hint`` is a prefix that keys must start with, to keep the map small.
    """
    index = LineIndex(text)
    pattern = re.compile(r'"(' + re.escape(depth_hint) + r'(?:[^"\\]|\\.)*)"\s*:\s*\{')
    lines: dict[str, int] = {}
    for match in pattern.finditer(text):
        lines.setdefault(match.group(1), index.line_of(match.start()))
    return lines


def toml_table_lines(text: str, table: str) -> list[int]:
    """Lines of each ``[[table]]`` header, in file order (the n-th entry of the array of tables)."""
    pattern = re.compile(r"^[ \t]*\[\[[ \t]*" + re.escape(table) + r"[ \t]*\]\][ \t]*(?:#.*)?$", re.M)
    index = LineIndex(text)
    return [index.line_of(m.start()) for m in pattern.finditer(text)]


def first_line(text: str, needle: str) -> int | None:
    """Line of the first occurrence of ``needle`` in ``text``, or None."""
    offset = text.find(needle)
    return None if offset < 0 else text.count("\n", 0, offset) + 1
