"""soup-risks: the risk table, the SVG heat map (HTML) and the coloured grid (LaTeX), control links to needs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import Project, make_project

RISKS = """\
risks:
  - id: RISK_HTTP
    title: Wrong answer from the server
    items: [requests]
    failure_mode: A redirect drops a header.
    hazardous_situation: The tool downloads the wrong file.
    harm: None to a patient; a wrong report.
    severity: serious
    probability: occasional
    controls: [REQ_USER_CHECKSUM, NOT_A_NEED, Checksums are compared.]
    severity_after: serious
    probability_after: improbable
"""

PAGE = """\
Risks
=====

.. req:: Downloads are verified with a checksum
   :id: REQ_USER_CHECKSUM

.. soup-risks::
"""


@pytest.fixture
def risky(tmp_path: Path, corpus: Path) -> Project:
    project = make_project(tmp_path / "dhf")
    project.write("records/risks.yaml", RISKS)
    project.write("risks.rst", PAGE)
    index = (project.root / "index.rst").read_text()
    project.write("index.rst", index.replace("   details\n", "   details\n   risks\n"))
    return project


def test_risk_table_heat_map_needs_and_control_links(risky: Project):
    result = risky.build()
    assert result.returncode == 0, result.stderr
    page = risky.html("risks")
    assert "RISK_HTTP" in page and "serious / occasional: investigate" in page
    start = page.rindex("<svg", 0, page.index('aria-label="risk matrix heat map"'))  # sphinx-needs draws SVGs too
    svg = page[start : page.index("</svg>", start) + 6]
    root = ET.fromstring(svg)  # well-formed XML
    assert "Before control" in svg and "After control" in svg and root.tag.endswith("svg")
    # the user's own need resolves; the unknown id is one located warning
    assert "REQ_USER_CHECKSUM' links to nothing" not in result.stderr
    assert "records/risks.yaml:2: WARNING: RISK_HTTP: control 'NOT_A_NEED' links to nothing" in result.stderr
    assert "[soup.risk]" in result.stderr
    # class B items without a risk are flagged; requests is covered
    assert "vue 3.5.21: class B SOUP item with no risk analysis" in result.stderr
    assert "requests 2.33.1: class B SOUP item with no risk analysis" not in result.stderr
    needs = json.loads((risky.root / "_build/html/needs.json").read_text())
    found = needs["versions"][needs["current_version"]]["needs"]
    assert found["RISK_HTTP"]["type"] == "risk" and found["RISK_HTTP"]["residual"] == "acceptable"


def test_latex_heat_map_is_a_coloured_table(risky: Project):
    result = risky.build(builder="latex", out="_build/latex")
    assert result.returncode == 0, result.stderr
    tex = next((risky.root / "_build/latex").glob("*.tex")).read_text()
    assert r"\cellcolor[HTML]{F2C14E}" in tex and "<svg" not in tex
