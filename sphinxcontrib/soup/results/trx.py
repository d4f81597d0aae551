"""Visual Studio TRX (``vstest --logger trx``, MSTest; also xUnit.net and NUnit through their adapters).

Root ``<TestRun>`` in the ``http://microsoft.com/schemas/VisualStudio/TeamTest/2010`` namespace (a file
without the namespace is read the same way). Each ``Results/UnitTestResult`` is one case; a data-driven
result with ``InnerResults`` gives its inner results (one per data row) instead of the summary row. The
result's ``testId`` joins it to ``TestDefinitions/UnitTest``, which gives the class (``TestMethod
className``, without the ``, Assembly, Version=...`` suffix old MSTest adds; it is also the ``suite``) and
the properties: ``Properties/Property`` ``Key``/``Value`` pairs, ``TestCategory`` items (as
``TestCategory``), ``Owners`` (``Owner``), ``WorkItemIDs`` (``WorkItem``) and ``Description``.
``name`` = ``testName`` without a leading ``className.`` (the xUnit adapter writes the full name).

``outcome``: ``Passed``, ``PassedButRunAborted``, ``Warning``, ``Completed`` -> passed; ``Failed`` and
``Timeout`` -> failed; ``Error``, ``Aborted``, ``NotRunnable``, ``Disconnected`` -> error;
``NotExecuted``, ``Inconclusive``, ``Pending``, ``InProgress`` -> skipped (as NUnit's Inconclusive);
anything else is an error plus a located problem. ``duration`` is a ``TimeSpan`` (``hh:mm:ss.fffffff``).
Message: ``Output/ErrorInfo/Message`` (first line), for a skipped test else the first line of ``StdOut``
(where the xUnit adapter writes the skip reason); details: message and ``StackTrace``, trimmed.
``timestamp`` = the result's ``startTime``; the report's = ``Times start``. ``tool`` comes from the
adapter (``xunit.net``, ``nunit``, ``mstest``) when it names one.
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
    first_line,
    message_and_trace,
    parse_then,
    short_name,
    text_at,
    timespan,
    wrong_root,
)

FORMAT = "trx"
NAMESPACE = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"
ROOTS = ("TestRun",)

_OUTCOMES = {
    "passed": PASSED,
    "passedbutrunaborted": PASSED,
    "warning": PASSED,
    "completed": PASSED,
    "failed": FAILED,
    "timeout": FAILED,
    "error": ERROR,
    "aborted": ERROR,
    "notrunnable": ERROR,
    "disconnected": ERROR,
    "notexecuted": SKIPPED,
    "inconclusive": SKIPPED,
    "pending": SKIPPED,
    "inprogress": SKIPPED,
}
_TOOLS = (("xunit", "xunit.net"), ("nunit", "nunit"), ("mstest", "mstest"), ("unittestadapter", "mstest"))


@dataclass(frozen=True, slots=True)
class _Definition:
    """What ``TestDefinitions`` says about one test."""

    classname: str | None
    properties: tuple[Property, ...]
    adapter: str


def read_trx(text: str, path: str) -> TestReport:
    """The test cases of a TRX file. Never raises on bad input."""
    return parse_then(text, path, FORMAT, from_root)


def from_root(root: Any, path: str) -> TestReport:
    """The cases under an already parsed ``<TestRun>`` root."""
    if local_name(root.tag) not in ROOTS:
        return wrong_root(root, path, FORMAT, ROOTS)
    definitions = _definitions(child(root, "TestDefinitions"))
    problems: list[Problem] = []
    results = child(root, "Results")
    cases = [_case(result, definitions, path, problems) for result in _results(results if results is not None else ())]
    times = child(root, "Times")
    timestamp = (times.get("start") or times.get("creation")) if times is not None else None
    return TestReport(path, FORMAT, tuple(cases), tuple(problems), _tool(definitions), timestamp)


def _results(elements: Any) -> list[Any]:
    """The result elements in document order, data-driven summaries replaced by their inner results."""
    found: list[Any] = []
    stack = [iter(elements)]  # explicit stack: inner results nest as deep as the file says
    while stack:
        for element in stack[-1]:
            if not local_name(element.tag).endswith("Result"):
                continue
            inner = child(element, "InnerResults")
            if inner is not None and len(inner):
                stack.append(iter(inner))
                break
            found.append(element)
        else:
            stack.pop()
    return found


def _definitions(holder: Any) -> dict[str, _Definition]:
    """``TestDefinitions`` by test id."""
    definitions: dict[str, _Definition] = {}
    for unit in holder if holder is not None else ():
        test_id = unit.get("id")
        if not test_id:
            continue
        method = child(unit, "TestMethod")
        classname = method.get("className") if method is not None else None
        if classname:
            classname = classname.split(",", 1)[0].strip()
        adapter = (method.get("adapterTypeName") or "") if method is not None else ""
        definitions[test_id] = _Definition(classname or None, _properties(unit), adapter)
    return definitions


def _properties(unit: Any) -> tuple[Property, ...]:
    """The properties of a test definition, in the order TRX writes them."""
    pairs: list[Property] = [
        (text_at(item, "Key").strip(), text_at(item, "Value").strip())
        for holder in children(unit, "Properties")
        for item in children(holder, "Property")
    ]
    for holder, tag, label, attribute in (
        ("TestCategory", "TestCategoryItem", "TestCategory", "TestCategory"),
        ("Owners", "Owner", "Owner", "name"),
        ("WorkItemIDs", "WorkItem", "WorkItem", "id"),
    ):
        found = child(unit, holder)
        if found is not None:
            pairs.extend((label, item.get(attribute) or "") for item in children(found, tag))
    description = text_at(unit, "Description").strip()
    if description:
        pairs.append(("Description", description))
    return tuple(pair for pair in pairs if pair[0])


def _case(result: Any, definitions: dict[str, _Definition], path: str, problems: list[Problem]) -> TestCase:
    """One ``UnitTestResult``."""
    get = result.get
    where = Source(path, result.sourceline)
    outcome_name = (get("outcome") or "").strip()
    outcome = _OUTCOMES.get(outcome_name.lower())
    if outcome is None:
        problems.append(Problem(KIND, f"unknown TRX outcome {outcome_name!r}, counted as an error", where))
        outcome = ERROR
    definition = definitions.get(get("testId") or "")
    if definition is None:
        problems.append(Problem(KIND, f"test result {get('testName')!r} has no test definition (testId)", where))
        definition = _Definition(None, (), "")
    info = child(result, "Output", "ErrorInfo")
    message, details = message_and_trace(info, "Message", "StackTrace") if info is not None else (None, None)
    if message is None and outcome == SKIPPED:
        message = first_line(text_at(result, "Output", "StdOut"))
    return TestCase(
        name=short_name(get("testName") or "", definition.classname),
        suite=definition.classname or "",
        outcome=outcome,
        source=where,
        classname=definition.classname,
        duration=timespan(get("duration"), where, problems),
        message=message,
        details=details,
        properties=definition.properties,
        timestamp=get("startTime"),
    )


def _tool(definitions: dict[str, _Definition]) -> str | None:
    """The test framework behind the run, from the adapter of the first definition that names one."""
    for definition in definitions.values():
        adapter = definition.adapter.lower()
        for needle, tool in _TOOLS:
            if needle in adapter:
                return tool
    return None
