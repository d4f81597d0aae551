"""SPDX license expressions via ``license-expression``: parse, normalize ids, walk the AND/OR tree."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from license_expression import AND, OR, ExpressionError, LicenseWithExceptionSymbol, get_spdx_licensing


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its canonical text, the symbols SPDX does not know, and its tree.

    The tree is plain tuples, so the policy code never touches the library's types:
    ``("license", "MIT")``, ``("license", "GPL-2.0-only WITH Classpath-exception-2.0")``,
    ``("and", (...children))``, ``("or", (...children))``.
    """

    text: str
    unknown: tuple[str, ...]
    tree: tuple


@cache
def _licensing() -> Any:
    return get_spdx_licensing()  # loads the SPDX list once (about 50 ms)


def parse_expression(text: str) -> Expression | None:
    """The SPDX expression in ``text`` with ids in their canonical case, or None when it is not one."""
    licensing = _licensing()
    try:
        parsed = licensing.parse(text, validate=False, strict=False)
    except (ExpressionError, TypeError, ValueError, AttributeError):
        return None
    if parsed is None:
        return None
    # LicenseRef-* / DocumentRef-* are SPDX's own way to name licenses outside its list
    keys = {str(s) for s in licensing.unknown_license_keys(parsed)}
    unknown = tuple(sorted(k for k in keys if not k.startswith(("LicenseRef-", "DocumentRef-"))))
    return Expression(parsed.render(), unknown, _tree(parsed))


def _tree(node: Any) -> tuple:
    if isinstance(node, AND):
        return ("and", tuple(_tree(arg) for arg in node.args))
    if isinstance(node, OR):
        return ("or", tuple(_tree(arg) for arg in node.args))
    if isinstance(node, LicenseWithExceptionSymbol):
        return ("license", f"{node.license_symbol.key} WITH {node.exception_symbol.key}")
    return ("license", str(getattr(node, "key", node)))


def is_spdx_id(text: str) -> bool:
    """Whether ``text`` is one license id SPDX knows (any case)."""
    parsed = parse_expression(text)
    return parsed is not None and parsed.tree[0] == "license" and not parsed.unknown
