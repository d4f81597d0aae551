"""JUnit XML, in the dialects real runners write.

Root ``<testsuites>`` or a single ``<testsuite>``; suites nest to any depth (PHPUnit, Robot Framework, node's
``--test-reporter=junit``) and cases may sit directly under ``<testsuites>`` (node). Each ``<testcase>`` is
one case, with ``suite`` = the name of the innermost enclosing suite (the root's name for a case outside
any suite). Written by: pytest (xunit1 with ``file``/``line``, xunit2), Maven surefire and failsafe,
jest-junit, mocha (built-in ``xunit`` and mocha-junit-reporter), node's test runner, go-junit-report and
gotestsum (subtests as ``Test/Sub`` names), googletest, CTest, Catch2, cargo-nextest, PHPUnit, TestNG,
Bazel, scalatest, tst, unittest-xml-reporting (xmlrunner), Swift and others.

Outcome: a ``<failure>`` or ``<error>`` child (the first in document order decides) gives ``failed`` or
``error``; else ``<skipped>`` gives ``skipped``; else a ``status``/``result`` attribute that says so
(googletest ``status="notrun"``/``result="skipped"``, CTest ``status="notrun"``, tst ``status="disabled"``
or ``"failed"``); else ``passed``. Surefire and nextest reruns: ``flakyFailure``/``flakyError`` alone mean
the test failed, was rerun and passed: it is ``passed`` and the failed runs are listed in ``details``;
``rerunFailure``/``rerunError`` (every rerun failed) keep the test ``failed``/``error``.

Properties: ``<property name value/>`` and the text form ``<property name="x">text</property>``, on
cases, suites and the ``<testsuites>`` root. A case's ``properties`` are its own (all of them, repeated
names included, in order), then those of each enclosing suite, innermost first, whose name neither the case
nor a nearer suite has (see :func:`~.common.inherit`): a requirement id on a suite reaches all its cases,
and a case can override it.

Other fields: ``time`` in seconds (:func:`~.common.seconds`); ``message`` = the ``message`` attribute's
first line, else the text's first line, else the ``type``; ``details`` = the element's text (or a
multi-line message), trimmed; ``file``/``line`` from the case, else ``file`` of the nearest suite that has
one; ``timestamp`` from the case, else the nearest suite. pytest writes ``line`` 0-based: when the report is
recognisably pytest's, ``line`` is made 1-based. node's reporter writes ``classname="test"`` for every case:
that is dropped (``id`` is then ``suite::name``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..facades.xml_file import local_name
from ..model import Problem, Source, TestCase, TestReport
from .common import (
    ERROR,
    FAILED,
    KIND,
    PASSED,
    SKIPPED,
    Property,
    child,
    children,
    descendants,
    first_line,
    inherit,
    parse_then,
    positive_int,
    property_pairs,
    seconds,
    text_at,
    trim,
    wrong_root,
)

FORMAT = "junit"
ROOTS = ("testsuites", "testsuite")

_RESULTS = {"failure": FAILED, "error": ERROR}
_RERUNS = {"rerunFailure": FAILED, "rerunError": ERROR}
_FLAKY = ("flakyFailure", "flakyError")
#: ``status``/``result`` attribute values that decide an outcome when no child element does
_STATUS = {
    "notrun": SKIPPED,
    "not run": SKIPPED,
    "disabled": SKIPPED,
    "skipped": SKIPPED,
    "skip": SKIPPED,
    "suppressed": SKIPPED,
    "ignored": SKIPPED,
    "pending": SKIPPED,
    "fail": FAILED,
    "failed": FAILED,
    "failure": FAILED,
    "error": ERROR,
    "errored": ERROR,
}
_SCHEMA = "{http://www.w3.org/2001/XMLSchema-instance}noNamespaceSchemaLocation"


@dataclass(frozen=True, slots=True)
class _Level:
    """What a suite passes down to the cases inside it."""

    name: str
    properties: tuple[Property, ...]  # effective: its own, then its parents' not overridden
    timestamp: str | None
    file: str | None

    def enter(self, suite: Any) -> _Level:
        own = property_pairs(next(children(suite, "properties"), None))
        return _Level(
            name=suite.get("name") or self.name,
            properties=inherit(own, self.properties),
            timestamp=suite.get("timestamp") or self.timestamp,
            file=suite.get("file") or self.file,
        )


def read_junit(text: str, path: str) -> TestReport:
    """The test cases of a JUnit XML report. Never raises on bad input."""
    return parse_then(text, path, FORMAT, from_root)


def from_root(root: Any, path: str) -> TestReport:
    """The test cases under an already parsed ``<testsuites>`` or ``<testsuite>`` root."""
    tag = local_name(root.tag)
    if tag not in ROOTS:
        return wrong_root(root, path, FORMAT, ROOTS)
    tool = detect_tool(root, tag)
    reader = _Reader(path, tool)
    reader.walk(root, _Level(name="", properties=(), timestamp=None, file=None).enter(root))
    timestamp = root.get("timestamp") or reader.first_timestamp
    return TestReport(path, FORMAT, tuple(reader.cases), tuple(reader.problems), tool, timestamp)


def detect_tool(root: Any, tag: str) -> str | None:
    """The runner that wrote the report, when a fingerprint it always leaves says so; else None."""
    name = root.get("name", "")
    first = root if tag == "testsuite" else child(root, "testsuite")
    first_name = first.get("name", "") if first is not None else ""
    if name == "jest tests":
        return "jest"
    if name == "nextest-run":
        return "cargo-nextest"
    if name == "AllTests":
        return "googletest"
    if "surefire" in root.get(_SCHEMA, ""):
        return "surefire"
    if name == "pytest tests" or first_name == "pytest":
        return "pytest"
    if first is not None and any(key == "go.version" for key, _ in property_pairs(child(first, "properties"))):
        return "go"
    if "Mocha Tests" in (name, first_name) or first_name == "Root Suite":
        return "mocha"
    if tag == "testsuites" and not root.attrib:
        case = next(descendants(root, "testcase"), None)
        if case is not None and case.get("classname") == "test":
            return "node"
    if any(skip.get("type", "").startswith("pytest.") for skip in descendants(root, "skipped")):
        return "pytest"
    return None


class _Reader:
    """Walks the suites in document order, collecting cases and problems."""

    def __init__(self, path: str, tool: str | None) -> None:
        self.path = path
        self.tool = tool
        self.cases: list[TestCase] = []
        self.problems: list[Problem] = []
        self.first_timestamp: str | None = None

    def walk(self, root: Any, top: _Level) -> None:
        # an explicit stack, not recursion: nesting depth is up to the file
        stack = [(iter(root), top)]
        while stack:
            elements, level = stack[-1]
            for element in elements:
                tag = local_name(element.tag)
                if tag == "testcase":
                    self.cases.append(self.case(element, level))
                elif tag == "testsuite":
                    inner = level.enter(element)
                    self.first_timestamp = self.first_timestamp or inner.timestamp
                    stack.append((iter(element), inner))
                    break
                elif tag in _RESULTS:
                    self.suite_result(element, tag, level)
            else:
                stack.pop()

    def case(self, element: Any, level: _Level) -> TestCase:
        """One ``<testcase>``."""
        attrs = element.attrib  # the dict itself: ``Element.get`` costs a Python call per attribute
        where = Source(self.path, element.sourceline)
        outcome, message, details, own = PASSED, None, None, ()
        # most cases of a big report are passed and empty: look inside only when there is something to see
        if len(element) or "status" in attrs or "result" in attrs:
            outcome, message, details, own = self.contents(element, attrs)
        classname = attrs.get("classname") or attrs.get("class") or None
        if classname == "test" and self.tool == "node":
            classname = None
        name = attrs.get("name")
        if name is None:
            self.problems.append(Problem(KIND, "<testcase> without a name", where))
        line = attrs.get("line")
        return TestCase(
            name=name or "",
            suite=level.name,
            outcome=outcome,
            source=where,
            classname=classname,
            duration=seconds(attrs.get("time"), where, self.problems),
            message=message,
            details=details,
            properties=inherit(own, level.properties),
            file=attrs.get("file") or level.file,
            line=None if line is None else self.line(line),
            timestamp=attrs.get("timestamp") or level.timestamp,
        )

    def line(self, value: str) -> int | None:
        """The test's line in its source file, 1-based (pytest writes the function's 0-based line)."""
        if self.tool != "pytest":
            return positive_int(value)
        value = value.strip()
        return int(value) + 1 if value.isdigit() else None

    def contents(self, element: Any, attrs: dict) -> tuple[str, str | None, str | None, tuple[Property, ...]]:
        """Outcome, message, details and own properties of a case, from its children and status attributes."""
        own: tuple[Property, ...] = ()
        result = skip = None
        reruns: list[Any] = []
        flaky: list[Any] = []
        for item in element:
            tag = local_name(item.tag)
            if tag in _RESULTS:
                result = result if result is not None else item
            elif tag == "skipped":
                skip = skip if skip is not None else item
            elif tag == "properties":
                own += property_pairs(item)
            elif tag in _RERUNS:
                reruns.append(item)
            elif tag in _FLAKY:
                flaky.append(item)
        if result is not None:
            message, details = _described(result)
            return _RESULTS[local_name(result.tag)], message, _with_runs(details, reruns, "rerun"), own
        if reruns:
            message, details = _described(reruns[0])
            return _RERUNS[local_name(reruns[0].tag)], message, _with_runs(details, reruns[1:], "rerun"), own
        if skip is not None:
            return (SKIPPED, *_described(skip), own)
        for attribute in ("status", "result"):
            status = (attrs.get(attribute) or "").strip().lower()
            if status in _STATUS:
                return _STATUS[status], f"{attribute} {status}", None, own
        if flaky:
            count = len(flaky)
            note = f"flaky: passed after {count} failed run{'s' if count > 1 else ''}"
            return PASSED, None, _with_runs(note, flaky, "failed run"), own
        return PASSED, None, None, own

    def suite_result(self, element: Any, tag: str, level: _Level) -> None:
        """A ``<failure>``/``<error>`` of a suite itself (outside any case): a located problem, not lost."""
        message = first_line(element.get("message"), element.text, element.get("type")) or "no message"
        where = Source(self.path, element.sourceline)
        self.problems.append(
            Problem(KIND, f"suite {level.name!r} reports an {tag} outside its test cases: {message}", where)
        )


def _described(element: Any) -> tuple[str | None, str | None]:
    """Message (first line) and details (trimmed text) of a failure/error/skipped/rerun element."""
    attribute = element.get("message")
    body = element.text or ""
    if not body.strip():
        body = text_at(element, "stackTrace")
    message = first_line(attribute, body) or element.get("type") or None
    details = trim(body)
    if details is None and attribute and attribute.strip() != message:
        details = trim(attribute)
    return message, details


def _with_runs(details: str | None, runs: list[Any], label: str) -> str | None:
    """``details`` followed by one line per rerun (surefire, nextest): what each run reported."""
    if not runs:
        return details
    lines = [details] if details else []
    for number, run in enumerate(runs, 1):
        message, _ = _described(run)
        lines.append(f"{label} {number} ({local_name(run.tag)}): {message or 'no message'}")
    return trim("\n".join(lines))
