"""What every test-report reader shares: outcomes, durations, messages, properties, names.

Readers of test reports work on an already parsed tree (``facades/xml_file.load_xml``); these helpers turn
the attribute and text values they find into the fields of :class:`~sphinxcontrib.soup.model.TestCase`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..facades.xml_file import load_xml, local_name
from ..model import Problem, Source, TestReport

#: Warning subtype of a well-formed report whose content is wrong (a negative time, an unknown outcome).
KIND = "report"

PASSED, FAILED, ERROR, SKIPPED = "passed", "failed", "error", "skipped"
OUTCOMES = (PASSED, FAILED, ERROR, SKIPPED)

DETAILS_MAX = 2000  # characters of failure text kept per case: enough for the assertion and the top frames

Property = tuple[str, str]
RootReader = Callable[[Any, str], TestReport]

_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?")
_TIMESPAN = re.compile(r"(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d*)?)")


def children(element: Any, name: str) -> Iterator[Any]:
    """The child elements of ``element`` whose local name is ``name`` (namespaces ignored)."""
    for child in element:
        if local_name(child.tag) == name:
            yield child


def descendants(element: Any, name: str) -> Iterator[Any]:
    """Elements below ``element`` with local name ``name``, in document order.

    An explicit stack, unlike ``Element.iter``, which recurses and fails on deeply nested files.
    """
    stack = [iter(element)]
    while stack:
        for item in stack[-1]:
            if local_name(item.tag) == name:
                yield item
            stack.append(iter(item))
            break
        else:
            stack.pop()


def child(element: Any, *names: str) -> Any:
    """The first element down the path ``names`` (local names), or None."""
    for name in names:
        element = next(children(element, name), None)
        if element is None:
            return None
    return element


def text_at(element: Any, *names: str) -> str:
    """The text of the element at ``names`` below ``element`` (itself when no names), or ``""``."""
    found = child(element, *names) if names else element
    return (found.text or "") if found is not None else ""


def first_line(*texts: str | None) -> str | None:
    """The first non-blank line of the first text that has one, stripped; None if all are blank."""
    for text in texts:
        if text:
            for line in text.splitlines():
                if line.strip():
                    return line.strip()
    return None


def trim(text: str | None, limit: int = DETAILS_MAX) -> str | None:
    """``text`` stripped and cut to ``limit`` characters (marked ``[...]``); None when blank."""
    if not text:
        return None
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return None
    return text if len(text) <= limit else text[:limit].rstrip() + " [...]"


def message_and_trace(
    element: Any, message_tag: str = "message", trace_tag: str = "stack-trace"
) -> tuple[str | None, str | None]:
    """Message (first line) and details (message and stack trace, trimmed) of a .NET failure element.

    NUnit and xUnit.net write ``<message>`` and ``<stack-trace>`` children, TRX ``<Message>`` and
    ``<StackTrace>``; None, None when both are blank.
    """
    message, trace = text_at(element, message_tag), text_at(element, trace_tag)
    details = "\n".join(part.strip() for part in (message, trace) if part.strip())
    return first_line(message, trace), trim(details)


def seconds(value: str | None, where: Source, problems: list[Problem]) -> float | None:
    """A duration in seconds as reports write it: ``0.5``, ``"1,234.5"``, a decimal comma ``"0,5"``.

    A comma followed by groups of three digits (``1,234``, not ``0,123``) separates thousands, any other
    comma is a decimal comma (some runners write the time in the machine's locale). Missing gives None;
    a negative, infinite or unreadable value gives None and a located problem.
    """
    if value is None:
        return None
    try:
        number = float(value)  # the common case, fast
    except ValueError:
        number = _lenient_seconds(value)
    if number is None:
        if value.strip():
            problems.append(Problem(KIND, f"unreadable test duration {value!r}, ignored", where))
        return None
    if number < 0 or not math.isfinite(number):
        problems.append(Problem(KIND, f"invalid test duration {value!r} (negative or not finite), ignored", where))
        return None
    return number


def _lenient_seconds(value: str) -> float | None:
    """A duration with a thousands separator or a decimal comma; None if still unreadable."""
    raw = value.strip()
    if "," in raw:
        raw = raw.replace(",", "") if ("." in raw or _THOUSANDS.fullmatch(raw)) else raw.replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        return None


def timespan(value: str | None, where: Source, problems: list[Problem]) -> float | None:
    """Seconds of a .NET ``TimeSpan`` as TRX writes it: ``hh:mm:ss.fffffff`` or ``d.hh:mm:ss.fffffff``."""
    if value is None or not value.strip():
        return None
    match = _TIMESPAN.fullmatch(value.strip())
    if match is None:
        problems.append(Problem(KIND, f"unreadable test duration {value!r} (expected hh:mm:ss.fffffff)", where))
        return None
    days, hours, minutes, secs = match.groups()
    return int(days or 0) * 86400 + int(hours) * 3600 + int(minutes) * 60 + float(secs)


def positive_int(value: str | None) -> int | None:
    """A 1-based line number as written, or None when missing or not a positive integer."""
    if value is None:
        return None
    value = value.strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def inherit(own: tuple[Property, ...], inherited: tuple[Property, ...]) -> tuple[Property, ...]:
    """``own`` properties, then each ``inherited`` one whose name ``own`` does not already have.

    This is the rule for suite properties: a case keeps all of its own properties (repeated names included,
    as written) and receives each property of its enclosing suites, nearest suite first, unless a nearer
    level (the case itself or an inner suite) already has a property of that name.
    """
    if not inherited:
        return own
    if not own:
        return inherited
    names = {name for name, _ in own}
    return own + tuple(prop for prop in inherited if prop[0] not in names)


def property_pairs(properties: Any, text_values: bool = True) -> tuple[Property, ...]:
    """The ``<property name value/>`` children of a ``<properties>`` element, in order.

    With ``text_values``, a property without a ``value`` attribute takes its text (``<property
    name="x">value</property>``), dedented and stripped. Properties without a name are skipped.
    """
    if properties is None:
        return ()
    pairs = []
    for prop in children(properties, "property"):
        name = prop.get("name")
        if not name:
            continue
        value = prop.get("value")
        if value is None:
            value = _dedent(prop.text or "") if text_values else ""
        pairs.append((name, value))
    return tuple(pairs)


def _dedent(text: str) -> str:
    """Multi-line property text without the indentation of the XML around it."""
    return "\n".join(line.strip() for line in text.strip().splitlines())


def short_name(name: str, classname: str | None) -> str:
    """``name`` without a leading ``classname.`` (.NET runners often write the full method name)."""
    if classname and len(name) > len(classname) + 1 and name.startswith(classname) and name[len(classname)] == ".":
        return name[len(classname) + 1 :]
    return name


def joined(date: str | None, time: str | None) -> str | None:
    """A run's start as written: ``date``, ``time`` or both joined by a space (NUnit 2, xUnit)."""
    parts = [part.strip() for part in (date, time) if part and part.strip()]
    return " ".join(parts) or None


def wrong_root(root: Any, path: str, fmt: str, expected: Iterable[str]) -> TestReport:
    """The report of a file whose root element is not one of ``expected`` (a forced, wrong format)."""
    wanted = ", ".join(f"<{tag}>" for tag in expected)
    message = f"root element <{local_name(root.tag)}> is not a {fmt} test report (expected {wanted})"
    return TestReport(path=path, format=fmt, problems=(Problem("input", message, Source(path, root.sourceline)),))


def parse_then(text: str, path: str, fmt: str, reader: RootReader) -> TestReport:
    """Parse ``text`` and hand the root to ``reader``; an XML error is the report's only problem."""
    root, problem = load_xml(text, path)
    if problem is not None:
        return TestReport(path=path, format=fmt, problems=(problem,))
    return reader(root, path)
