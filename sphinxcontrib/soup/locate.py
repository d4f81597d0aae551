"""Line numbers for parsers that do not report positions (json, tomllib).

The readers parse with the standard library for speed and correctness, then ask this module where a
key sits in the text, so every component and problem can name its line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from itertools import repeat


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
    lines: dict[str, int] = {}
    for key, line in json_object_keys(text):
        if key.startswith(depth_hint):
            lines.setdefault(key, line)
    return lines


def json_member_lines(text: str, parent: str, keys: Iterable[str]) -> dict[str, int]:
    """Lines of the members ``keys`` of the object under ``"parent": {`` (npm's ``packages`` map).

    Fast path for files that tools write, one member per line at one indentation: the indentation of the
    first member is read once, then ``str.find`` jumps from one ``\\n<indent>"`` to the next. Members not
    found that way (a minified or hand-edited file, an escaped key) come from :func:`json_key_lines`.
    """
    wanted = set(keys)
    lines: dict[str, int] = {}
    opening = re.search(r'"' + re.escape(parent) + r'"\s*:\s*\{[ \t]*\r?\n([ \t]*)"', text)
    if opening is not None:
        marker = "\n" + opening.group(1) + '"'
        counted = opening.start(1)  # just after the newline before the first member
        line = text.count("\n", 0, counted) + 1
        found = counted - 1
        while found >= 0 and len(lines) < len(wanted):
            start = found + len(marker)
            line += text.count("\n", counted, start)
            counted = start
            key = text[start : text.find('"', start)]
            if key in wanted:
                lines.setdefault(key, line)
            found = text.find(marker, start)
    if len(lines) < len(wanted):
        every = json_key_lines(text)
        lines.update((key, every[key]) for key in wanted - lines.keys() if key in every)
    return lines


def json_object_keys(text: str) -> list[tuple[str, int]]:
    """Every ``"key": {`` of a JSON text in document order: the raw key (escapes kept) and its line.

    One pass over the ``{`` characters with ``str.find``, looking back for ``"key":``, and lines counted
    incrementally: about as fast as ``json.loads`` itself, where a regex over every string is several
    times slower. A ``{`` inside a string value can add a stray entry; callers check names.
    """
    found: list[tuple[str, int]] = []
    find, rfind, count = text.find, text.rfind, text.count
    line, counted = 1, 0
    brace = find("{")
    while brace >= 0:
        end = brace - 1
        while end > 0 and text[end] in _JSON_SPACE:
            end -= 1
        if end > 0 and text[end] == ":":
            end -= 1
            while end > 0 and text[end] in _JSON_SPACE:
                end -= 1
            if end > 0 and text[end] == '"' and text[end - 1] != "\\":
                start = rfind('"', 0, end)
                while start > 0 and text[start - 1] == "\\":  # an escaped quote inside the key
                    start = rfind('"', 0, start)
                if start >= 0:
                    line += count("\n", counted, start)
                    counted = start
                    found.append((text[start + 1 : end], line))
        brace = find("{", brace + 1)
    return found


_JSON_SPACE = " \t\r\n"


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
    matches = json_object_keys(text)
    keys = [key for key, _line in matches]
    count = len(keys)
    lines: dict[int, int] = {}
    cursor = 0
    stack = [_children(data)]
    while stack:
        for key, value in stack[-1]:
            kind = type(value)
            if kind is dict:
                if key is not None:
                    found = cursor if cursor < count and keys[cursor] == key else _find_key(keys, cursor, key)
                    if found is not None:
                        cursor = found + 1
                        lines[id(value)] = matches[found][1]
                stack.append(iter(value.items()))
                break
            if kind is list:
                stack.append(_children(value))
                break
        else:
            stack.pop()
    return lines


_WINDOW = 64  # how far ahead a key may be found before it is given up as unlocatable


def _children(value: object) -> Iterator[tuple[str | None, object]]:
    """(key, child) pairs of a dict, (None, item) pairs of a list, nothing for a scalar."""
    if isinstance(value, dict):
        return iter(value.items())
    if isinstance(value, list):
        return zip(repeat(None), value)
    return iter(())


def _find_key(keys: list[str], start: int, key: str) -> int | None:
    """Index of the first key at or after ``start`` that is ``key`` (escaped keys match any name)."""
    for i in range(start, min(start + _WINDOW, len(keys))):
        raw = keys[i]
        if raw == key or "\\" in raw:
            return i
    return None


def assignment_line(text: str, name: str) -> int | None:
    """Line of the last top-level ``name = ...`` in Python source (the one that takes effect), or None."""
    matches = list(re.finditer(rf"^{re.escape(name)}\s*[:=]", text, re.M))
    return text.count("\n", 0, matches[-1].start()) + 1 if matches else None


class TomlLines:
    """Lines of tables and keys in a hand-written TOML manifest (Pipfile, Cargo.toml), which tomllib does not give.

    For small files: each look-up is one regex search. A table is given by its key parts (``("target",
    "cfg(unix)", "dependencies")``), so quoted parts with dots in them work; a key is found as ``key = ...``
    or as the last part of a sub-table header (``[dependencies.key]``), at or after a table's header.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)

    def table(self, *parts: str) -> int | None:
        """Offset of the ``[a.b]`` (or ``[[a.b]]``) header of the table ``parts``, None when there is none."""
        dot = r"[ \t]*\.[ \t]*"
        pattern = r"^[ \t]*\[\[?[ \t]*" + dot.join(_toml_key_pattern(p) for p in parts) + r"[ \t]*\]"
        found = re.search(pattern, self.text, re.M)
        return found.start() if found else None

    def key(self, key: str, start: int | None = 0) -> int | None:
        """Line of ``key`` defined at or after offset ``start`` (a table header's), else that header's line."""
        start = start or 0
        name = _toml_key_pattern(key)
        pattern = re.compile(r"^[ \t]*(?:" + name + r"[ \t]*[.=]|\[[^\]\n]*\.[ \t]*" + name + r"[ \t]*\])", re.M)
        found = pattern.search(self.text, start)
        return self.index.line_of(found.start() if found else start)

    def line(self, offset: int | None) -> int | None:
        return None if offset is None else self.index.line_of(offset)


def _toml_key_pattern(key: str) -> str:
    """A TOML key as written: bare, or in single or double quotes."""
    escaped = re.escape(key)
    return f"(?:{escaped}|\"{escaped}\"|'{escaped}')"
