"""Imports of a Python file, read with ``ast`` (the interpreter's own parser: no false positives from strings
or comments)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..model import Problem, Source

#: calls that import a module named by a string literal
DYNAMIC_IMPORTS = frozenset({"import_module", "__import__"})
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


def python_imports(data: bytes, path: str) -> tuple[list[tuple[str, int]], Problem | None]:
    """``(module, line)`` of every absolute import (relative ones are the product's own code).

    ``import a.b`` gives ``a.b``; ``from a.b import c`` gives ``a.b``; ``importlib.import_module("a")`` and
    ``__import__("a")`` with a literal give ``a``. Bytes in, so that a PEP 263 coding line is honoured.
    """
    try:
        tree = ast.parse(data, filename=path)
    except SyntaxError as exc:
        return [], Problem("parse", f"Python syntax error: {exc.msg}; imports not scanned", Source(path, exc.lineno))
    except ValueError as exc:  # undecodable source: ast reports it as a ValueError subclass on some versions
        return [], Problem("parse", f"cannot decode Python source: {exc}; imports not scanned", Source(path))
    found: list[tuple[str, int]] = []
    # a full ast.walk visits every expression node; statements suffice unless the file imports dynamically
    nodes = ast.walk(tree) if any(name.encode() in data for name in DYNAMIC_IMPORTS) else _statements(tree.body)
    for node in nodes:
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if not node.level and node.module:
                found.append((node.module, node.lineno))
        elif isinstance(node, ast.Call) and _dynamic_import(node):
            found.append((node.args[0].value, node.lineno))  # type: ignore[attr-defined]
    found.sort(key=lambda f: f[1])
    return found, None


def _statements(body: list) -> Iterator[ast.AST]:
    for node in body:
        yield node
        for name in _BLOCKS:
            block = getattr(node, name, None)
            if isinstance(block, list):
                yield from _statements(block)


def _dynamic_import(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if name not in DYNAMIC_IMPORTS or not call.args:
        return False
    first = call.args[0]
    return isinstance(first, ast.Constant) and isinstance(first.value, str) and not first.value.startswith(".")
