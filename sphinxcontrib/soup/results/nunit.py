"""NUnit XML: NUnit 3 (``<test-run>``, or a bare ``<test-suite>`` root) and NUnit 2.5 (``<test-results>``).

Each ``<test-case>`` is one case, wherever it sits in the nested ``<test-suite>`` elements (assembly,
namespace, fixture, parameterized method, theory...). ``suite`` = the name of the innermost suite that is
not a method group (``ParameterizedMethod``, ``Theory``, ``GenericMethod``, NUnit 2 ``ParameterizedTest``):
the fixture, as ``CalculatorTests`` or ``ParameterizedFixture(42)``. ``classname`` = the case's
``classname`` attribute, else the fixture's full name; ``name`` = the case's short name (NUnit 2 writes the
full name: the fixture's full name and the dot are cut off).

NUnit 3 outcomes, from ``result`` and ``label``: ``Passed`` -> passed; ``Failed`` -> failed, but error
with label ``Error`` (an exception), ``Cancelled`` or ``Invalid`` (not runnable); ``Skipped`` (labels
``Ignored``, ``Explicit``, ``Invalid``) -> skipped; ``Inconclusive`` -> skipped (the test ran but could not
decide: it is not evidence of a pass, nor a failure of the software; ``message`` says ``inconclusive``
when the report gives no reason); ``Warning`` -> passed (NUnit itself does not fail a run for warnings;
the warning text is the message). Anything else is an error plus a located problem.

NUnit 2 ``result``: ``Success`` -> passed; ``Failure`` -> failed; ``Error``, ``Cancelled`` and
``NotRunnable`` -> error; ``Ignored``, ``Skipped``, ``Inconclusive`` -> skipped; without ``result``,
``executed="False"`` is skipped and ``success`` decides.

Message: ``failure/message`` or ``reason/message`` (first line), else the label; details: the failure
message and ``stack-trace``, trimmed. Duration: ``duration`` (NUnit 3) or ``time`` (early NUnit 3 and
NUnit 2), in seconds. Properties: ``<property name value>`` on cases and suites — where NUnit puts
``[Property("requirement", "REQ-1")]``, ``[Category]``, ``[Description]``, and limits such as
``MaxTime`` — plus NUnit 2 ``<category name>`` as ``Category``. Suite properties reach the cases inside
under the same rule as JUnit (:func:`~.common.inherit`). Names starting with ``_`` (``_PID``,
``_APPDOMAIN``, ``_SKIPREASON``, ``_JOINTYPE``) are NUnit's own bookkeeping and are left out.
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
    inherit,
    joined,
    message_and_trace,
    parse_then,
    property_pairs,
    seconds,
    short_name,
    wrong_root,
)

NUNIT3, NUNIT2 = "nunit3", "nunit2"
ROOTS3 = ("test-run", "test-suite")
ROOTS2 = ("test-results",)

_METHOD_GROUPS = frozenset({"ParameterizedMethod", "Theory", "GenericMethod", "ParameterizedTest"})
_FIXTURES = frozenset({"TestFixture", "ParameterizedFixture", "GenericFixture", "SetUpFixture"})
_ERROR_LABELS = frozenset({"error", "cancelled", "invalid"})
_RESULTS3 = {"passed": PASSED, "failed": FAILED, "skipped": SKIPPED, "inconclusive": SKIPPED, "warning": PASSED}
_RESULTS2 = {
    "success": PASSED,
    "failure": FAILED,
    "error": ERROR,
    "cancelled": ERROR,
    "notrunnable": ERROR,
    "ignored": SKIPPED,
    "skipped": SKIPPED,
    "inconclusive": SKIPPED,
}


@dataclass(frozen=True, slots=True)
class _Level:
    """What a ``<test-suite>`` passes down to the cases inside it."""

    suite: str  # name of the innermost suite that is not a method group
    fixture: str | None  # full name of the innermost fixture (the cases' class)
    namespace: tuple[str, ...]  # NUnit 2: names of the enclosing Namespace suites
    properties: tuple[Property, ...]

    def enter(self, element: Any) -> _Level:
        kind = element.get("type") or ""
        name = element.get("name") or ""
        namespace, fixture = self.namespace, self.fixture
        if kind == "Namespace":
            namespace = (*namespace, name)
        elif kind in _FIXTURES:
            fixture = element.get("fullname") or ".".join((*namespace, name))
        return _Level(
            suite=self.suite if kind in _METHOD_GROUPS or not name else name,
            fixture=fixture,
            namespace=namespace,
            properties=inherit(_properties(element), self.properties),
        )


def read_nunit3(text: str, path: str) -> TestReport:
    """The test cases of an NUnit 3 report. Never raises on bad input."""
    return parse_then(text, path, NUNIT3, from_root3)


def read_nunit2(text: str, path: str) -> TestReport:
    """The test cases of an NUnit 2.5 report. Never raises on bad input."""
    return parse_then(text, path, NUNIT2, from_root2)


def from_root3(root: Any, path: str) -> TestReport:
    """The cases under an already parsed ``<test-run>`` (or ``<test-suite>``) root."""
    if local_name(root.tag) not in ROOTS3:
        return wrong_root(root, path, NUNIT3, ROOTS3)
    start = root.get("start-time")
    if start and root.get("run-date") and "-" not in start:
        start = joined(root.get("run-date"), start)  # early NUnit 3: date and time apart
    return _read(root, path, NUNIT3, start)


def from_root2(root: Any, path: str) -> TestReport:
    """The cases under an already parsed NUnit 2 ``<test-results>`` root."""
    if local_name(root.tag) not in ROOTS2:
        return wrong_root(root, path, NUNIT2, ROOTS2)
    return _read(root, path, NUNIT2, joined(root.get("date"), root.get("time")))


def _read(root: Any, path: str, fmt: str, timestamp: str | None) -> TestReport:
    cases: list[TestCase] = []
    problems: list[Problem] = []
    make = _case3 if fmt == NUNIT3 else _case2
    top = _Level(suite="", fixture=None, namespace=(), properties=())
    stack = [(iter([root]), top)]  # explicit stack: nesting depth is up to the file
    while stack:
        elements, level = stack[-1]
        for element in elements:
            tag = local_name(element.tag)
            if tag == "test-case":
                cases.append(make(element, level, path, problems))
            elif tag in ("test-suite", "test-run", "test-results", "results"):
                inner = level.enter(element) if tag == "test-suite" else level
                stack.append((iter(element), inner))
                break
        else:
            stack.pop()
    return TestReport(path, fmt, tuple(cases), tuple(problems), "nunit", timestamp)


def _case3(element: Any, level: _Level, path: str, problems: list[Problem]) -> TestCase:
    """One NUnit 3 ``<test-case>``."""
    get = element.get
    where = Source(path, element.sourceline)
    result = (get("result") or "").strip()
    label = (get("label") or "").strip()
    outcome = _RESULTS3.get(result.lower())
    if outcome is None:
        problems.append(Problem(KIND, f"unknown NUnit result {result!r}, counted as an error", where))
        outcome = ERROR
    elif outcome == FAILED and label.lower() in _ERROR_LABELS:
        outcome = ERROR
    message, details = _failure(element)
    if message is None and result.lower() == "inconclusive":
        message = "inconclusive"
    name = get("name") or ""
    fullname = get("fullname") or ""
    classname = get("classname") or level.fixture
    if classname is None and fullname.endswith("." + name) and name:
        classname = fullname[: -len(name) - 1]
    return TestCase(
        name=name,
        suite=level.suite,
        outcome=outcome,
        source=where,
        classname=classname,
        duration=seconds(get("duration") or get("time"), where, problems),
        message=message or (label if outcome != PASSED else None) or None,
        details=details,
        properties=inherit(_properties(element), level.properties),
        timestamp=get("start-time"),
    )


def _case2(element: Any, level: _Level, path: str, problems: list[Problem]) -> TestCase:
    """One NUnit 2 ``<test-case>``."""
    get = element.get
    where = Source(path, element.sourceline)
    result = (get("result") or "").strip()
    if result:
        outcome = _RESULTS2.get(result.lower())
        if outcome is None:
            problems.append(Problem(KIND, f"unknown NUnit result {result!r}, counted as an error", where))
            outcome = ERROR
    elif (get("executed") or "").lower() == "false":
        outcome = SKIPPED
    else:
        outcome = FAILED if (get("success") or "").lower() == "false" else PASSED
    message, details = _failure(element)
    fullname = get("name") or ""
    classname = level.fixture
    name = short_name(fullname, classname)
    if name == fullname:
        classname = None  # the case is not named after the fixture: keep its full name, claim no class
    return TestCase(
        name=name,
        suite=level.suite,
        outcome=outcome,
        source=where,
        classname=classname,
        duration=seconds(get("time"), where, problems),
        message=message,
        details=details,
        properties=inherit(_properties(element), level.properties),
    )


def _failure(element: Any) -> tuple[str | None, str | None]:
    """Message (first line) and details of a case's ``failure`` or ``reason``."""
    for tag in ("failure", "reason"):
        found = child(element, tag)
        if found is not None and (described := message_and_trace(found))[0] is not None:
            return described
    return None, None


def _properties(element: Any) -> tuple[Property, ...]:
    """A suite's or case's properties (and NUnit 2 categories), without NUnit's ``_`` bookkeeping."""
    pairs = [
        pair
        for holder in children(element, "properties")
        for pair in property_pairs(holder, text_values=False)
        if not pair[0].startswith("_")
    ]
    for holder in children(element, "categories"):
        pairs.extend(("Category", item.get("name") or "") for item in children(holder, "category"))
    return tuple(pairs)
