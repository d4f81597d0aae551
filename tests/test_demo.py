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
    artifacts = ROOT / "tests/artifacts"
    artifacts.mkdir(exist_ok=True)
    shutil.copy(pdf, artifacts / pdf.name)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-f", "7", "-l", "8", "-png", str(pdf), str(artifacts / "demo-pdf")], check=False
    )
