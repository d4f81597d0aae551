"""soup-requirements, soup-tests and soup-traceability on a real pytest report; needs; incremental rebuilds."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from .conftest import Project, make_project
from .test_incremental import _body, _clean_copy

DATA = Path(__file__).resolve().parent.parent / "results" / "data"

REQUIREMENTS = """\
requirements:
  - id: REQ_HTTP_GET
    item: requests
    kind: functional
    statement: GET returns the body.
  - id: REQ_HTTP_TLS
    item: requests
    statement: Certificates are verified.
    verified_by: ["src.sample_checks::test_f*"]
  - id: REQ_HTTP_FAST
    item: requests
    kind: performance
    statement: Fast enough.
    acceptance: {max_duration: 0.0005}
    verified_by: [src.sample_checks::test_passes]
  - id: REQ_HTTP_NONE
    item: requests
    statement: Nothing verifies it.
  - id: REQ_HTTP_READ
    item: requests
    statement: Only the documented API is used.
    verified_by: "inspection: code review of the facade"
"""

PAGES = ("requirements", "tests", "trace")


@pytest.fixture
def traced(tmp_path: Path, corpus: Path) -> Project:
    project = make_project(tmp_path / "dhf")
    conf = (project.root / "conf.py").read_text()
    project.write("conf.py", conf + 'soup_test_results = ["reports/*.xml"]\n')
    project.write("records/requirements.yaml", REQUIREMENTS)
    (project.root / "reports").mkdir()
    report = (DATA / "pytest-xunit2.xml").read_text()
    (project.root / "reports/unit.xml").write_text(report.replace('value="REQ-1"', 'value="REQ_HTTP_GET"'))
    index = (project.root / "index.rst").read_text()
    project.write("index.rst", index + "".join(f"   {p}\n" for p in PAGES))
    project.write("requirements.rst", "Requirements\n============\n\n.. soup-requirements::\n   :item: requests\n")
    project.write("tests.rst", "Tests\n=====\n\n.. soup-tests::\n   :slowest: 2\n")
    project.write("trace.rst", "Trace\n=====\n\n.. soup-traceability::\n")
    return project


def _pages(project: Project) -> dict[str, str]:
    return {page: _body(project.html(page)) for page in PAGES}


def test_pages_show_status_coverage_and_failures(traced: Project) -> None:
    result = traced.build()
    assert result.returncode == 0, result.stderr
    pages = _pages(traced)
    assert "Requirements on requests" in pages["requirements"]
    assert "limit exceeded (0.001 s &gt; 0.0005 s)" in pages["requirements"]
    assert "verified by inspection" in pages["requirements"]
    assert "5 requirements: 2 covered (40 %" in pages["trace"]
    assert "Requirements with no test" in pages["trace"] and "REQ_HTTP_NONE" in pages["trace"]
    assert "Requirements with a failing test" in pages["trace"]
    assert "reports/unit.xml" in pages["tests"] and "Failures of reports/unit.xml" in pages["tests"]
    warnings = result.stderr
    assert "requirements.yaml:16: WARNING: REQ_HTTP_NONE: no verification" in warnings
    assert "unit.xml:1: WARNING: REQ_HTTP_TLS: test src.sample_checks::test_fails failed" in warnings
    assert "[soup.test]" in warnings and "[soup.requirement]" in warnings


def test_needs_for_requirements_and_linked_tests_only(traced: Project) -> None:
    assert traced.build().returncode == 0
    needs = json.loads((traced.root / "_build/html/needs.json").read_text())
    current = needs["versions"][needs["current_version"]]["needs"]
    reqs = {k: v for k, v in current.items() if v["type"] == "soupreq"}
    tests = {k: v for k, v in current.items() if v["type"] == "testcase"}
    assert set(reqs) == {"REQ_HTTP_GET", "REQ_HTTP_TLS", "REQ_HTTP_FAST", "REQ_HTTP_NONE", "REQ_HTTP_READ"}
    assert len(tests) == 2  # test_passes (property + verified_by) and test_fails; the other two verify nothing
    assert sorted(r for v in tests.values() for r in v["verifies"]) == ["REQ_HTTP_FAST", "REQ_HTTP_GET", "REQ_HTTP_TLS"]
    # hidden needs side by side are not each other's parents, and all know their section
    assert {(tuple(v["parent_needs"]), tuple(v["sections"])) for v in [*reqs.values(), *tests.values()]} == {
        ((), ("Requirements",))
    }
    assert "soup-hidden-needs" not in traced.html("requirements")  # their emptied containers are dropped


def test_changed_report_rebuilds_its_pages_and_equals_clean(traced: Project, tmp_path: Path) -> None:
    assert traced.build().returncode == 0
    before = _pages(traced)
    report = traced.root / "reports/unit.xml"
    text = report.read_text()
    start = text.index('name="test_fails"')
    failure_start = text.index("<failure", start)
    failure_end = text.index("</failure>", failure_start) + len("</failure>")
    report.write_text(text[:failure_start] + text[failure_end:])  # the failing test now passes
    assert traced.build().returncode == 0
    after = _pages(traced)
    assert after != before
    assert "Requirements with a failing test" not in after["trace"]
    clean = _clean_copy(traced, tmp_path)
    assert after == {page: _body(clean.html(page)) for page in PAGES}


def test_needflow_shows_tests_verifying_requirements(traced: Project) -> None:
    """needflow over the hidden needs draws test case -> requirement edges, and no parent chain between tests."""
    conf = (traced.root / "conf.py").read_text()
    traced.write("conf.py", conf + 'extensions.append("sphinx.ext.graphviz")\nneeds_flow_engine = "graphviz"\n')
    flow = '.. needflow::\n   :filter: type in ["soupreq", "testcase"]\n   :link_types: verifies\n   :debug:\n'
    traced.write("requirements.rst", (traced.root / "requirements.rst").read_text() + "\n" + flow)
    assert traced.build().returncode == 0  # no dot here: the image is missing, :debug: shows its source
    code = html.unescape(re.sub(r"<[^>]+>", "", traced.html("requirements")))
    edges = re.findall(r'"(TC_[0-9A-F]{12})" -> "(REQ_HTTP_\w+)"', code)  # the graph source, shown twice
    assert sorted(req for _, req in set(edges)) == ["REQ_HTTP_FAST", "REQ_HTTP_GET", "REQ_HTTP_TLS"]
    assert not re.search(r'"TC_[0-9A-F]{12}" -> "TC_', code)
