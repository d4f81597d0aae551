"""xUnit.net XML: v2 (``<assemblies>/<assembly>/<collection>/<test>``) and v1 (``<assembly>/<class>/<test>``).

Each ``<test>`` is one case. ``classname`` = its ``type``; ``name`` = its ``name`` without a leading
``type.`` (xUnit writes ``Namespace.Class.Method(args)`` unless the test has a display name); ``suite`` =
the enclosing ``collection`` (v2) or ``class`` (v1) name. ``result``: ``Pass`` -> passed, ``Fail`` ->
failed, ``Skip`` and ``NotRun`` -> skipped; anything else is an error plus a located problem. ``time`` is
in seconds. ``traits/trait name value`` become properties (xUnit's ``[Trait("requirement", "REQ-1")]``).
Message: ``failure/message`` (first line; ``exception-type`` when there is none) or the skip ``reason``;
details: the failure message and ``stack-trace``, trimmed. An ``<errors>/<error>`` of an assembly (a
fixture or collection cleanup failure outside any test) is a located problem, so it is not lost. xUnit v1
files may have a comment before the root; the parser skips it.
"""

from __future__ import annotations

from typing import Any

from ..facades.xml_file import local_name
from ..model import Problem, Source, TestCase, TestReport
from .common import (
    ERROR,
    FAILED,
    KIND,
    PASSED,
    SKIPPED,
    child,
    children,
    first_line,
    joined,
    message_and_trace,
    parse_then,
    seconds,
    short_name,
    text_at,
    trim,
    wrong_root,
)

XUNIT2, XUNIT1 = "xunit2", "xunit1"
ROOTS = {"assemblies": XUNIT2, "assembly": XUNIT1}

_RESULTS = {"pass": PASSED, "fail": FAILED, "skip": SKIPPED, "notrun": SKIPPED}
_GROUPS = ("collection", "class")  # what encloses tests: v2 collections, v1 classes


def read_xunit(text: str, path: str) -> TestReport:
    """The test cases of an xUnit.net v2 or v1 report. Never raises on bad input."""
    return parse_then(text, path, XUNIT2, from_root)


def from_root(root: Any, path: str) -> TestReport:
    """The cases under an already parsed ``<assemblies>`` (v2) or ``<assembly>`` (v1) root."""
    fmt = ROOTS.get(local_name(root.tag))
    if fmt is None:
        return wrong_root(root, path, XUNIT2, ROOTS)
    assemblies = [root] if fmt == XUNIT1 else list(children(root, "assembly"))
    cases: list[TestCase] = []
    problems: list[Problem] = []
    for assembly in assemblies:
        for item in assembly:
            tag = local_name(item.tag)
            if tag in _GROUPS:
                suite = item.get("name") or ""
                cases.extend(_case(test, suite, path, problems) for test in children(item, "test"))
            elif tag == "errors":
                problems.extend(_assembly_error(error, path) for error in children(item, "error"))
    first = assemblies[0] if assemblies else root
    timestamp = root.get("timestamp") or joined(first.get("run-date"), first.get("run-time"))
    return TestReport(path, fmt, tuple(cases), tuple(problems), "xunit.net", timestamp)


def _case(test: Any, suite: str, path: str, problems: list[Problem]) -> TestCase:
    """One ``<test>``."""
    get = test.get
    where = Source(path, test.sourceline)
    result = (get("result") or "").strip()
    outcome = _RESULTS.get(result.lower())
    if outcome is None:
        problems.append(Problem(KIND, f"unknown xUnit result {result!r}, counted as an error", where))
        outcome = ERROR
    message, details = _failure(test)
    classname = get("type") or None
    return TestCase(
        name=short_name(get("name") or "", classname),
        suite=suite,
        outcome=outcome,
        source=where,
        classname=classname,
        duration=seconds(get("time"), where, problems),
        message=message,
        details=details,
        properties=tuple(
            (trait.get("name") or "", trait.get("value") or "")
            for traits in children(test, "traits")
            for trait in children(traits, "trait")
        ),
    )


def _failure(test: Any) -> tuple[str | None, str | None]:
    """Message (first line) and details of a test's ``failure``, or its skip ``reason``."""
    failure = child(test, "failure")
    if failure is not None:
        message, details = message_and_trace(failure)
        return message or failure.get("exception-type"), details
    reason = text_at(test, "reason")
    return first_line(reason), trim(reason) if reason.count("\n") else None


def _assembly_error(error: Any, path: str) -> Problem:
    """An error xUnit recorded outside any test (``type`` = assembly-cleanup, test-class-cleanup...)."""
    failure = child(error, "failure")
    message = first_line(text_at(failure, "message")) if failure is not None else None
    what = error.get("type") or "error"
    name = error.get("name")
    subject = f" in {name}" if name else ""
    return Problem(
        KIND, f"xUnit {what}{subject} outside any test: {message or 'no message'}", Source(path, error.sourceline)
    )
