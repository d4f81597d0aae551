"""The demo DHF builds, shows exactly its deliberate gaps, and renders to PDF (slow)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

DEMO = ROOT / "demo_docs"

#: the gaps the demo keeps on purpose, as (warning subtype, subject) — and nothing else
EXPECTED_GAPS = {
    ("drift", "react"),
    ("drift", "lodash"),  # the legacy-lodash alias ships 4.17.11; the record was verified for 4.17.15
    ("drift", "moment"),
    ("missing-record", "classnames"),
    ("missing-record", "zod"),
    ("missing-record", "python-dateutil"),
    ("license", "python-dateutil"),  # uv.lock carries no licenses; the missing record would give it
    # bower writes no lock file: the legacy viewer's dependencies are unpinned
    ("unpinned", "polymer/polymer"),
    ("unpinned", "polymerelements/paper-ripple"),
    ("unpinned", "polymerelements/paper-material"),
    ("unpinned", "polymerelements/paper-behaviors"),
    # known anomalies: one published advisory of the shipped moment is deliberately left unevaluated
    ("anomaly", "moment"),
    # support dates as the records give them, seen on DEMO_DATE: passed (.NET 8 extensions, the abandoned
    # Polymer 1 elements, Chart.js 2, Moment.js) or within soup_support_horizon_days (the rest)
    ("support", "Microsoft.Extensions.Http"),
    ("support", "Microsoft.NET.ILLink.Tasks"),
    ("support", "polymer/polymer"),
    ("support", "polymerelements/paper-ripple"),
    ("support", "polymerelements/paper-material"),
    ("support", "polymerelements/paper-behaviors"),
    ("support", "chart.js"),
    ("support", "moment"),
    ("support", "requests"),
    ("support", "@mui/material"),
    ("support", "axios"),
    ("support", "lodash"),
    # SOUP requirements: PyYAML keeps the last of two repeated keys silently, so the real test of the
    # requirement that they be rejected fails, and the traceability page shows the failing requirement
    ("test", "SOUPREQ_YAML_DUPLICATES"),
    # where each SOUP is used: product/ingest/cardiotrack_ingest/export.py imports yaml outside PyYAML's
    # declared wrapper (config.py), so the import-outside-the-wrapper gap shows on the records page
    ("usage", "pyyaml"),
}
#: the build date of the demo tests (SOURCE_DATE_EPOCH: 2026-11-22 UTC), so that date checks do not drift
DEMO_DATE = "1795305600"


def _sphinx(builder: str, out: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "sphinx", "--no-color", "-b", builder, *args, str(DEMO), str(out)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": DEMO_DATE}
    return subprocess.run(command, capture_output=True, text=True, check=False, env=env)


def test_demo_html_shows_exactly_the_deliberate_gaps(tmp_path: Path):
    result = _sphinx("html", tmp_path / "html")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    gaps = set()
    for line in warnings:
        match = re.search(r"WARNING: (\S+?)(?::| \S+:) .*\[soup\.([a-z-]+)\]$", line)
        assert match, f"unexpected warning: {line}"
        gaps.add((match.group(2), match.group(1)))
        assert re.match(r"/\S+:\d+: WARNING", line), f"warning without file and line: {line}"
    assert gaps == EXPECTED_GAPS
    soup_list = (tmp_path / "html/soup/list.html").read_text()
    demo_items = [
        ("react", "18.3.1"),
        ("fastapi", ""),
        ("cardiotrack-os", "12.7-ct3"),
        ("axios", "0.21.1"),
        ("Docker.DotNet", "3.125.15"),  # NuGet
        ("pynetdicom", "2.0.2"),  # from the CycloneDX SBOM
        ("polymer/polymer", "^1.1.0"),  # bower (a GitHub repository)
    ]
    for name, version in demo_items:
        assert f">{name}" in soup_list and version in soup_list
    trace = (tmp_path / "html/soup/traceability.html").read_text()
    assert "9 requirements: 8 covered (89 %" in trace  # the real reports of inputs/reports/
    assert 'Requirements with a failing test: </strong><em class="soup-missing">SOUPREQ_YAML_DUPLICATES' in trace
    changes = (tmp_path / "html/soup/changes.html").read_text()  # against the real 2.2 lock of inputs/baseline
    assert "2 added, 1 removed, 5 upgraded, 1 downgraded, 3 changed, 193 unchanged, 0 license changes" in changes
    assert '<em class="soup-missing">no: verified for 2.29.0</em>' in changes  # moment upgraded, not re-verified
    # defusedxml's own suite: its 11 failures are all justified in the record (self_tests), so no gap
    assert "Self-tests of defusedxml 0.7.1: </strong>91 tests: 77 passed, 11 failed or errored (all justified)" in trace
    details = (tmp_path / "html/soup/details.html").read_text()
    assert "defusedxml-0.7.1-self-tests.junit.xml</span>: 91 tests: 77 passed" in details


def test_demo_strict_release_build_fails(tmp_path: Path):
    result = _sphinx("html", tmp_path / "html", "-D", "soup_strict=1")
    assert result.returncode == 1
    assert "ERROR: zod 3.25.76: no SOUP record" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("latexmk") is None, reason="TeX Live (latexmk) not installed")
def test_demo_pdf_has_the_soup_tables(tmp_path: Path):
    latex = tmp_path / "latex"
    assert _sphinx("latex", latex).returncode == 0
    make = subprocess.run(
        ["make", "-C", str(latex), "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
        capture_output=True,
        text=True,
        errors="replace",  # TeX logs are not UTF-8
        check=False,
    )
    assert make.returncode == 0, make.stdout[-3000:]
    pdf = latex / "cardiotrack-dhf.pdf"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"axios\s+0\.21\.1\s+Axios commu", text)
    assert re.search(r"zod\s+3\.25\.76\s+no record", text)
    assert "Transitive dependencies" in text and "cardiotrack-os" in text
    # anomalies, risks and traceability: their tables' rows, as laid out on the page
    assert re.search(r"axios\s+0\.21\.1\s+GHSA-cph5-m8f7-\s+high\s+yes\s+ex-\s+The trim\(\) ReDoS", text)
    assert re.search(r"Table \d+: Before control\n(?:.*\n)*?\s+occasional\s+2\n\s+remote\s+2\n", text)  # heat map
    for risk in ("RISK_VIEWER_01", "RISK_VIEWER_02", "RISK_INGEST_01", "RISK_PLATFORM_01"):
        assert re.search(rf"^ *{risk}:", text, re.M), risk
    assert re.search(r"pyyaml 5\.3\.1\s+SOUPREQ_YAML_DUPLICATES\n.*_duplicate_\s+failed", text)
    assert "9 requirements: 8 covered (89 %" in text
    artifacts = ROOT / "tests/artifacts"
    artifacts.mkdir(exist_ok=True)
    shutil.copy(pdf, artifacts / pdf.name)
    # the first page of each table, as a picture to look at (pdftotext separates pages with form feeds)
    pages = text.split("\f")
    for name, caption in [
        ("list", "Direct dependencies"),
        ("anomalies", "Known anomalies"),
        ("risks", "SOUP risks"),
        ("traceability", "SOUP traceability"),
    ]:
        number = next(i for i, page in enumerate(pages, 1) if re.search(rf"Table \d+: {caption}", page))
        picture = ["pdftoppm", "-r", "60", "-f", str(number), "-l", str(number), "-png", "-singlefile"]
        subprocess.run([*picture, str(pdf), str(artifacts / f"pdf-{name}")], check=True)
        assert (artifacts / f"pdf-{name}.png").stat().st_size > 10_000  # a rendered page, not a blank one


#: build files that are not pages and are not byte-stable: Sphinx's pickled environment (a cache that holds each
#: document's read time and the output directory) and sphinx-needs' schema report, which records its own run
#: time ("validated_needs_per_second"). The doctrees are compared.
NOT_PAGES = (".doctrees/environment.pickle", "schema_violations.json")


def _output(root: Path) -> dict[str, bytes]:
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    return {name: data for name, data in files.items() if name not in NOT_PAGES}


@pytest.mark.slow  # four clean builds of the demo: about a minute on two shared cores
def test_two_clean_demo_builds_are_byte_identical(tmp_path: Path):
    """Reproducible DHF: the same commit and SOURCE_DATE_EPOCH give the same HTML and LaTeX, byte for byte."""
    for builder in ("html", "latex"):
        first, second = tmp_path / f"{builder}-1", tmp_path / f"{builder}-2"
        for out in (first, second):
            assert _sphinx(builder, out).returncode == 0
        one, two = _output(first), _output(second)
        assert set(one) == set(two)
        differ = sorted(name for name in one if one[name] != two[name])
        assert not differ, f"{builder}: differ between two clean builds: {differ}"
        pages = {name for name in one if name.endswith((".html", ".tex"))}
        assert "soup/evidence.html" in pages or "cardiotrack-dhf.tex" in pages
    evidence = (tmp_path / "html-1/soup/evidence.html").read_text()
    assert "2026-11-22T00:00:00Z (SOURCE_DATE_EPOCH)" in evidence
    assert str(tmp_path) not in evidence and str(ROOT) not in evidence  # no absolute path on the page
