"""Test-result readers: JUnit XML, NUnit 3 and 2, xUnit.net v2 and v1, Visual Studio TRX.

Verification evidence (IEC 62304 5.6/5.7) comes in as the reports test runners write. No Sphinx here.
:func:`read_report` is the single entry point: it reads and decodes the file, parses the XML once (through
``facades/xml_file``: entity bombs and external entities are refused), recognises the dialect from the root
element unless one is forced, hands the tree to that dialect's reader and never raises. Each module also
offers a text reader ``(text, path) -> TestReport``, listed in :data:`FORMATS`.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from ..facades.xml_file import load_xml, local_name
from ..model import Problem, Source, TestReport
from ..readers.base import MAX_BYTES, read_text
from . import junit, nunit, trx, xunit
from .common import RootReader

#: format name -> text reader ``(text, path) -> TestReport``
FORMATS = {
    "junit": junit.read_junit,
    "nunit3": nunit.read_nunit3,
    "nunit2": nunit.read_nunit2,
    "xunit2": xunit.read_xunit,
    "xunit1": xunit.read_xunit,
    "trx": trx.read_trx,
}
#: format name -> reader of an already parsed root (what :func:`read_report` calls)
_FROM_ROOT: dict[str, RootReader] = {
    "junit": junit.from_root,
    "nunit3": nunit.from_root3,
    "nunit2": nunit.from_root2,
    "xunit2": xunit.from_root,
    "xunit1": xunit.from_root,
    "trx": trx.from_root,
}
#: root element (local name) -> format
ROOTS = {
    "testsuites": "junit",
    "testsuite": "junit",
    "test-run": "nunit3",
    "test-suite": "nunit3",
    "test-results": "nunit2",
    "assemblies": "xunit2",
    "assembly": "xunit1",
    "TestRun": "trx",
}
_ROOT_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")
_SKIPPED_MARKUP = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.S)
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def read_report(path: str, fmt: str | None = None) -> TestReport:
    """The test cases of one report file, in ``fmt`` or the dialect its root element names. Never raises."""
    if fmt is not None and fmt not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        return _failed(
            path, fmt, Problem("input", f"unknown test report format {fmt!r} (known: {known})", Source(path))
        )
    text, problem = _read(path)
    if problem is not None:
        return _failed(path, fmt or "unknown", problem)
    root, problem = load_xml(text, path)
    if problem is not None:
        return _failed(path, fmt or sniff(text) or "unknown", problem)
    fmt = fmt or detect(root)
    if fmt is None:
        known = ", ".join(f"<{tag}>" for tag in ROOTS)
        message = f"not a test report: root element <{local_name(root.tag)}> (known roots: {known})"
        return _failed(path, "unknown", Problem("input", message, Source(path, root.sourceline)))
    try:
        return _FROM_ROOT[fmt](root, path)
    except Exception as exc:  # a reader bug must not stop the build, nor lose the file
        message = f"internal error in the {fmt} reader ({type(exc).__name__}: {exc}); please report it"
        return _failed(path, fmt, Problem("parse", message, Source(path)))


def detect(root: Any) -> str | None:
    """The format of a parsed report from its root element; None if no reader knows it."""
    tag = local_name(root.tag)
    if tag == "TestRun" and root.tag not in ("TestRun", f"{{{trx.NAMESPACE}}}TestRun"):
        return None  # some other tool's TestRun
    return ROOTS.get(tag)


def sniff(text: str) -> str | None:
    """The format its first element names, for a file that does not parse (to name it in the warning)."""
    head = _SKIPPED_MARKUP.sub("", text[:4096])
    match = _ROOT_TAG.search(head)
    return ROOTS.get(match.group(1).rpartition(":")[2]) if match else None


def _read(path: str) -> tuple[str | None, Problem | None]:
    """The file's text: UTF-8/UTF-16 as every reader decodes, else the encoding its XML declaration names."""
    text, problem = read_text(path)
    if problem is None or problem.kind != "parse":
        return text, problem
    try:
        file = Path(path)
        data = file.read_bytes() if file.stat().st_size <= MAX_BYTES else b""
    except OSError:
        return None, problem
    declared = _DECLARED.match(data[:200])
    if declared is None:
        return None, problem
    try:
        return data.decode(codecs.lookup(declared.group(1).decode("ascii")).name), None
    except (LookupError, UnicodeDecodeError):
        return None, problem


def _failed(path: str, fmt: str, problem: Problem) -> TestReport:
    return TestReport(path=path, format=fmt, problems=(problem,))
