"""XML via ``defusedxml`` only: entity expansion and external entities are refused, elements keep their line.

Every XML reader parses through :func:`load_xml`; ``element.sourceline`` is the 1-based line of its start tag.
"""

from __future__ import annotations

from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from ..model import Problem, Source


class _LineParser(DefusedXMLParser):
    """defusedxml's (pure-Python) parser, recording where each element starts."""

    def _start(self, tag: str, attr_list: Any) -> Any:
        element = super()._start(tag, attr_list)
        element.sourceline = self.parser.CurrentLineNumber
        return element


def load_xml(text: str, path: str) -> tuple[Any, Problem | None]:
    """The root element of ``text``; on failure ``(None, problem)`` naming the line.

    DTDs are allowed (some tools write one), entity declarations and external references are not: a
    "billion laughs" bomb or an XXE file is a located problem, never expanded.
    """
    parser = _LineParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(text)
        return parser.close(), None
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber
        message = f"XML refused: {type(exc).__name__} ({exc}); entity declarations and external references are not read"
        return None, Problem("parse", message, Source(path, line))
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        reason = str(exc).split(":", 1)[0]
        return None, Problem("parse", f"invalid XML: {reason} (column {column})", Source(path, line))
    except (RecursionError, ValueError) as exc:
        return None, Problem("parse", f"invalid XML: {exc}", Source(path))


def local_name(tag: str) -> str:
    """A tag without its ``{namespace}``."""
    return tag.rpartition("}")[2]
