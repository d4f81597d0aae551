"""Imports of a JavaScript or TypeScript file, found by a tokenizer (not a parser).

The tokenizer knows what hides code: line and block comments, ``'`` and ``"`` strings, template literals
(with nested ``${...}``), and regular expression literals (told from a division by the token before them).
So ``// import x from "a"`` or ``"require('a')"`` count for nothing. On top of the tokens these forms count:
``import ... from "m"``, ``import "m"``, ``export ... from "m"``, ``import("m")``, ``require("m")`` (also
TypeScript's ``import x = require("m")``), with string literals only.
"""

from __future__ import annotations

import bisect
import re

#: one token, after the whitespace and comments before it (one match per token: the scan's hot loop)
_TOKEN = re.compile(
    r"""
    (?:\s+|//[^\n]*|/\*.*?(?:\*/|\Z))*
    (?:
      (?P<string>"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)
    | (?P<template>`)
    | (?P<name>[^\W\d][\w$]*|\$[\w$]*)
    | (?P<number>\d[\w.]*|\.\d[\w.]*)
    | (?P<punct>[{}()\[\];,.:?=!<>+\-*%&|^~@#/\\]|\S)
    )?
    """,
    re.X | re.S,
)
#: the rest of a template literal: up to its closing backtick or the next ``${``
_TEMPLATE = re.compile(r"(?:[^`\\$]|\\.|\$(?!\{))*(`|\$\{|\Z)", re.S)
_REGEX = re.compile(r"/(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\]?)+/?[\w$]*")
_SHEBANG = re.compile(r"#![^\n]*")
#: after these words a ``/`` starts a regular expression, not a division
_BEFORE_REGEX = frozenset("return typeof instanceof in of new delete void throw case do else yield await".split())
_AFTER_VALUE = frozenset(")]}")
_LIMIT = 4000  # tokens an import/export statement may span before its ``from "m"``


def tokens(text: str) -> list[tuple[str, str, int]]:
    """The significant tokens ``(kind, text, offset)``: name, string (its value, unquoted), template, number,
    punct; whitespace, comments and regular expressions dropped."""
    out: list[tuple[str, str, int]] = []
    braces: list[bool] = []  # per open brace: whether it opened a template's ``${``
    pos = _SHEBANG.match(text).end() if text.startswith("#!") else 0  # type: ignore[union-attr]
    end = len(text)
    match_token = _TOKEN.match
    while pos < end:
        m = match_token(text, pos)
        kind = m.lastgroup  # type: ignore[union-attr]
        pos = m.end()  # type: ignore[union-attr]
        if kind is None:  # only whitespace and comments were left
            break
        value = m.group(kind)  # type: ignore[union-attr]
        start = m.start(kind)  # type: ignore[union-attr]
        if kind == "string":
            out.append(("string", value[1:-1] if len(value) > 1 and value[-1] == value[0] else value[1:], start))
        elif kind == "template":
            pos = _template(text, pos, start, out, braces)
        elif kind != "punct":
            out.append((kind, value, start))
        elif value == "/" and _regex_allowed(out) and (found := _REGEX.match(text, start)):
            pos = found.end()
            out.append(("regex", "", start))
        elif value == "{":
            braces.append(False)
            out.append(("punct", "{", start))
        elif value == "}" and braces and braces.pop():
            pos = _template(text, pos, start, out, braces)  # the end of a ``${...}``: the template goes on
        else:
            out.append(("punct", value, start))
    return out


def _template(text: str, pos: int, start: int, out: list, braces: list[bool]) -> int:
    """Skip template text from ``pos``; a ``${`` opens a brace that resumes the template when closed."""
    m = _TEMPLATE.match(text, pos)
    assert m is not None  # the pattern matches the empty string
    if m.group(1) == "${":
        braces.append(True)
        out.append(("punct", "(", start))  # the substitution is an expression: what follows is not a value
    else:
        out.append(("template", "", start))
    return m.end()


def _regex_allowed(out: list[tuple[str, str, int]]) -> bool:
    if not out:
        return True
    kind, value, _ = out[-1]
    if kind == "name":
        return value in _BEFORE_REGEX
    if kind == "punct":
        return value not in _AFTER_VALUE
    return False  # after a number, string, template or regex: a division


def javascript_imports(text: str) -> list[tuple[str, int]]:
    """``(specifier, line)`` of every import, export-from, ``require`` and dynamic import of a string."""
    if "import" not in text and "require" not in text and "export" not in text:
        return []  # most files of a big tree: no tokenizing
    toks = tokens(text)
    found: list[tuple[str, int]] = []
    for i, (kind, value, _) in enumerate(toks):
        if kind != "name" or value not in ("import", "export", "require"):
            continue
        if i and toks[i - 1][1] in (".", "?.") and toks[i - 1][0] == "punct":
            continue  # obj.require(...), import.meta is handled below
        hit = _specifier(toks, i)
        if hit is not None:
            found.append(hit)
    if not found:
        return []
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return [(value, bisect.bisect_right(starts, offset)) for value, offset in found]


def _specifier(toks: list[tuple[str, str, int]], i: int) -> tuple[str, int] | None:
    """The string an import-like token at ``i`` names, and its offset (None when it is not an import)."""

    def at(j: int) -> tuple[str, str, int]:
        return toks[j] if j < len(toks) else ("end", "", -1)

    word = toks[i][1]
    following = at(i + 1)
    if following[:2] == ("punct", "("):  # require("m") / import("m")
        arg = at(i + 2)
        if arg[0] == "string" and (word != "require" or at(i + 3)[:2] == ("punct", ")")):
            return arg[1], arg[2]
        return None
    if word == "require":
        return None
    if word == "import" and following[0] == "string":  # import "m"
        return following[1], following[2]
    if following[0] == "punct" and following[1] not in ("{", "*"):
        return None  # import.meta, an ``import:`` key, ...
    # import x from "m", import {a} from "m", export * from "m", export {a} from "m": the first string of the
    # statement outside braces, if ``from`` precedes it
    depth = 0
    for j in range(i + 1, min(len(toks), i + _LIMIT)):
        kind, value, _ = toks[j]
        if kind == "punct":
            if value == "{":
                depth += 1
            elif value == "}":
                depth -= 1
            elif value == ";" and depth <= 0:
                return None
        elif kind == "string" and depth <= 0:
            before = toks[j - 1]
            return (value, toks[j][2]) if before[:2] == ("name", "from") else None
        elif kind == "name" and depth <= 0 and value in ("import", "export") and j > i + 1:
            return None
    return None
