"""``soup-gaps``: the open findings page in HTML and LaTeX, its filters, and strict mode listing the same set."""

from __future__ import annotations

import json
import re

from sphinxcontrib.soup.cli import main

from .conftest import Project

GAPS = """\
Gaps
====

.. soup-gaps::

Web only, drift and records:

.. soup-gaps::
   :system: Web
   :kinds: drift, soup.missing-record
   :caption: Web gaps
"""


def _with_gaps(project: Project, text: str = GAPS) -> None:
    project.write("gaps.rst", text)
    project.write(
        "index.rst", project.root.joinpath("index.rst").read_text().replace("   list\n", "   gaps\n   list\n")
    )


def test_gaps_page_groups_links_and_filters(project: Project):
    _with_gaps(project)
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = project.html("gaps")
    full, web = page.split("Web only, drift and records:")
    assert re.search(r"\d+ open findings in \d+ kinds\.", full)
    assert "soup.drift (1)" in full and "soup.missing-record (" in full
    assert "records/soup.yaml:19" in full  # apexcharts drift, at the record's verified version line
    assert 'href="details.html#soup-npm-apexcharts"' in full  # the item, linked to its soup-details section
    assert "Web gaps" in web and "tqdm" not in web  # the Python tool's items are filtered out
    assert "es-module-shims" in web and "soup.license" not in web


def test_gaps_page_says_so_when_clean(project: Project):
    project.write("conf.py", 'extensions = ["sphinx_needs", "sphinxcontrib.soup"]\nsoup_manifests = []\n')
    _with_gaps(project, "Gaps\n====\n\n.. soup-gaps::\n")
    result = project.build("-W")
    assert result.returncode == 0, result.stderr
    assert "No open findings: every check passes." in project.html("gaps")


def test_gaps_in_latex(project: Project):
    _with_gaps(project)
    result = project.build(builder="latex", out="_build/latex")
    assert result.returncode == 0, result.stderr
    tex = next((project.root / "_build/latex").glob("*.tex")).read_text()
    assert "soup.drift (1)" in tex and "apexcharts" in tex and "longtable" in tex


def test_unknown_kind_is_a_directive_error(project: Project):
    _with_gaps(project, "Gaps\n====\n\n.. soup-gaps::\n   :kinds: drift, bogus\n")
    result = project.build()
    assert "unknown kind(s) bogus" in result.stderr


def test_strict_build_errors_are_the_findings_of_soup_check(project: Project, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")  # the build date Project.build gives sphinx-build
    result = project.build("-D", "soup_strict=1")
    assert result.returncode == 1
    errors = {
        (m["kind"], m["message"])
        for m in re.finditer(r"ERROR: (?P<message>.*) \[soup\.(?P<kind>[a-z-]+)\]$", result.stderr, re.M)
    }
    assert main(["check", str(project.root), "--format", "json"]) == 1
    findings = {(f["kind"], f["message"]) for f in json.loads(capsys.readouterr().out)}
    assert errors == findings and len(findings) > 10


def test_gaps_page_follows_an_input_change_incrementally(project: Project):
    _with_gaps(project)
    assert project.build().returncode == 0
    assert "soup.drift (1)" in project.html("gaps")
    records = project.root / "records/soup.yaml"
    records.write_text(records.read_text().replace('version: "4.6.0"', 'version: "4.7.0"'))  # re-verified
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "soup.drift" not in project.html("gaps")
