"""soup-anomalies on a real OSV record and a real pip-audit report; anomaly needs; soup-details counts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS

from .conftest import Project, make_project

EVALUATIONS = """\
anomalies:
  - advisory: CVE-2023-32681  # an alias of PYSEC-2023-74: aliases match too
    package: requests
    version: "2.30.0"  # made for an older version: the shipped one is back in triage
    state: not_affected
    justification: requires_environment
    rationale: No proxy.
    reviewer: Q. A.
    date: 2026-10-01
"""


@pytest.fixture
def advised(tmp_path: Path, corpus: Path) -> Project:
    project = make_project(tmp_path / "dhf")
    conf = (project.root / "conf.py").read_text()
    project.write("conf.py", conf + 'soup_advisories = ["advisories/*.json"]\n')
    (project.root / "advisories").mkdir()
    shutil.copy(CORPUS / "fetched/osv/PYSEC-2023-74.json", project.root / "advisories/PYSEC-2023-74.json")
    shutil.copy(CORPUS / "fetched/vuln-reports/vulnflask-secureci.pip-audit.json", project.root / "advisories/pip.json")
    project.write("records/anomalies.yaml", EVALUATIONS)
    project.write(
        "anomalies.rst", "Anomalies\n=========\n\n.. soup-anomalies::\n\n.. soup-anomalies::\n   :item: requests\n"
    )
    index = (project.root / "index.rst").read_text()
    project.write("index.rst", index.replace("   details\n", "   details\n   anomalies\n"))
    return project


def test_anomalies_page_sources_table_and_needs(advised: Project):
    result = advised.build("-D", "needs_build_json=1")
    assert result.returncode == 0, result.stderr
    page = advised.html("anomalies")
    assert "Sources consulted" in page and "advisories/PYSEC-2023-74.json" in page
    sha = __import__("hashlib").sha256((advised.root / "advisories/PYSEC-2023-74.json").read_bytes()).hexdigest()
    assert sha in page
    # requests 2.33.1 (the corpus uv.lock) is outside >=2.3.0,<2.31.0: listed as not affecting, not hidden
    assert "PYSEC-2023-74" in page and ">no<" in page
    # the pip-audit report names packages the project does not ship: one located warning for the report
    assert "advisories/pip.json:: WARNING" in result.stderr or "advisories/pip.json: WARNING" in result.stderr
    assert "advisories name packages that are not in the catalog: pypi/" in result.stderr
    needs = json.loads((advised.root / "_build/html/needs.json").read_text())
    found = next(iter(needs["versions"].values()))["needs"]
    anomaly_needs = [n for n in found.values() if n["type"] == "anomaly"]
    [need] = [n for n in anomaly_needs if n["advisory"] == "PYSEC-2023-74"]
    assert need["id"] == "ANOMALY_PYSEC_2023_74_SOUP_PYPI_REQUESTS" and need["status"] == "not_evaluated"
    assert f'id="{need["id"]}"' not in page  # hidden: no visible need layout
    assert "Known anomalies" in advised.html("details")


def test_outdated_evaluation_back_in_triage(advised: Project):
    uv = advised.root / "inputs/py/uv.lock"
    text = uv.read_text()
    start = text.index('name = "requests"\nversion = "')
    shipped = text[start:].split('"')[3]
    uv.write_text(text.replace(f'name = "requests"\nversion = "{shipped}"', 'name = "requests"\nversion = "2.30.0"'))
    assert advised.build().returncode == 0
    advised.write("records/anomalies.yaml", EVALUATIONS.replace('"2.30.0"', '"2.29.0"'))
    result = advised.build("-E")
    assert "PYSEC-2023-74 affects this version and is not evaluated (evaluated for 2.29.0" in result.stderr
    assert "records/anomalies.yaml:2: WARNING" in result.stderr
    assert "in_triage (evaluated for 2.29.0 as not_affected)" in advised.html("anomalies")


def test_changed_report_rereads_the_page(advised: Project):
    assert advised.build().returncode == 0
    assert "PYSEC-2023-74" in advised.html("anomalies")
    (advised.root / "advisories/PYSEC-2023-74.json").unlink()
    result = advised.build()  # incremental: the report is a catalog input
    assert result.returncode == 0, result.stderr
    assert "PYSEC-2023-74" not in advised.html("anomalies")
    # the evaluation now matches nothing: said, not dropped
    assert "evaluation of CVE-2023-32681 for requests matches no advisory" in result.stderr


def test_new_build_date_rereads_the_page(advised: Project):
    assert advised.build().returncode == 0
    assert "on 2026-06-01 (SOURCE_DATE_EPOCH)" in advised.html("anomalies")
    env = {"SOURCE_DATE_EPOCH": "1795305600"}  # 2026-11-22: no input changed, the date did
    assert advised.build(env=env).returncode == 0
    assert "on 2026-11-22 (SOURCE_DATE_EPOCH)" in advised.html("anomalies")
