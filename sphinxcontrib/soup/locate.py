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


def json_object_lines(text: str, data: object) -> dict[int, int]:
    """Line of every object in ``data`` (parsed from ``text``) that is the value of a key: ``id(obj) -> line``.

    For nested lock files whose entry keys repeat (npm v1 ``dependencies`` trees): the n-th ``"key": {``
    of the text is the n-th object-valued key of a pre-order walk of ``data``. Each key is checked by
    name within a small window, so a stray match (a duplicate key, text inside a string) costs at most
    the lines near it, never the rest of the file. Iterative: deep nesting does not hit the recursion limit.
    """
    index = LineIndex(text)
    matches = [(m.group(1), m.start()) for m in _OBJECT_KEY.finditer(text)]
    lines: dict[int, int] = {}
    cursor = 0
    stack = [_children(data)]
    while stack:
        for key, value in stack[-1]:
            if not isinstance(value, dict | list):
                continue
            if key is not None and isinstance(value, dict):
                found = _find_key(matches, cursor, key)
                if found is not None:
                    cursor = found + 1
                    lines[id(value)] = index.line_of(matches[found][1])
            stack.append(_children(value))
            break
        else:
            stack.pop()
    return lines


_OBJECT_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*\{')
_WINDOW = 64  # how far ahead a key may be found before it is given up as unlocatable


def _children(value: object):
    """(key, child) pairs of a dict, (None, item) pairs of a list, nothing for a scalar."""
    if isinstance(value, dict):
        return iter(value.items())
    if isinstance(value, list):
        return ((None, item) for item in value)
    return iter(())


def _find_key(matches: list[tuple[str, int]], start: int, key: str) -> int | None:
    """Index of the first match at or after ``start`` naming ``key`` (escaped keys match any name)."""
    for i in range(start, min(start + _WINDOW, len(matches))):
        raw = matches[i][0]
        if raw == key or "\\" in raw:
            return i
    return None
