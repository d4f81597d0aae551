"""SOUP risks: the records section, the risk matrix config, and the risk checks on a real lock file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sphinxcontrib.soup.catalog import build_catalog
from sphinxcontrib.soup.checks import run_checks
from sphinxcontrib.soup.config import settings_from
from sphinxcontrib.soup.records import read_record_file
from sphinxcontrib.soup.riskmatrix import RiskMatrix
from sphinxcontrib.soup.risks import unresolved_controls

RECORDS = """\
soup:
  - name: axios
    ecosystem: npm
    safety_class: B
    end_of_support: 2030-01-01
    verified: {version: 0.15.3, by: me, date: 2026-01-01}
  - name: github-build
    ecosystem: npm
    safety_class: C
    end_of_support: 2030-01-01
    verified: {version: 1.2.0, by: me, date: 2026-01-01}
requirements:
  - id: SOUPREQ_AXIOS_TLS
    item: axios
    statement: Certificates are verified.
risks:
  - id: RISK_A
    items: axios
    failure_mode: Hangs.
    severity: critical
    probability: frequent
    controls: [SOUPREQ_AXIOS_TLS, NO_SUCH_ID, A described measure.]
    severity_after: critical
    probability_after: probable
  - id: RISK_B
    items: [nothing-we-ship]
    severity: huge
    probability: remote
    severity_after: minor
    probability_after: remote
anomalies:
  - advisory: GHSA-cph5-m8f7-6c5x
    package: axios
    version: 0.15.3
    state: exploitable
    risk: RISK_MISSING
    reviewer: me
    date: 2026-05-01
"""


@pytest.fixture
def catalog_and_settings(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch):
    reports = corpus / "fetched" / "vuln-reports"
    shutil.copy(reports / "audit-ci-npm-allowlisted-path.package-lock.json", tmp_path / "package-lock.json")
    shutil.copy(reports / "audit-ci-npm7-audit.allowlisted-path.json", tmp_path / "audit.json")
    (tmp_path / "records.yaml").write_text(RECORDS)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")
    values = {
        "soup_manifests": ["package-lock.json"],
        "soup_records": ["records.yaml"],
        "soup_advisories": ["audit.json"],
    }
    settings, errors = settings_from(values, str(tmp_path))
    assert errors == []
    return build_catalog(settings), settings


def test_default_matrix_is_five_by_five():
    matrix = RiskMatrix()
    assert matrix.level("negligible", "improbable") == "acceptable"
    assert matrix.level("serious", "occasional") == "investigate"
    assert matrix.level("catastrophic", "frequent") == "unacceptable"
    assert matrix.level("huge", "remote") is None


def test_matrix_config_validated():
    good = {"severity": ["low", "high"], "probability": ["rare", "often"], "levels": [["acceptable"] * 2] * 2}
    settings, errors = settings_from({"soup_risk_matrix": good}, "/tmp")
    assert errors == [] and settings.risk_matrix.level("high", "often") == "acceptable"
    for bad in ([], {"severity": ["x"]}, {**good, "levels": [["fine", "acceptable"]] * 2}, {**good, "colour": 1}):
        _, errors = settings_from({"soup_risk_matrix": bad}, "/tmp")
        assert len(errors) == 1 and errors[0].startswith("soup_risk_matrix")


def test_risk_checks(catalog_and_settings):
    catalog, settings = catalog_and_settings
    found = [p.message for p in run_checks(catalog, settings) if p.kind == "risk"]
    assert "github-build 1.2.0: class C SOUP item with no risk analysis" in found
    assert "axios 0.15.3: class B SOUP item with no risk analysis" not in found
    assert "RISK_B: no risk control" in found
    assert "RISK_B: names no item of the catalog (nothing-we-ship)" in found
    assert any(m.startswith("RISK_B: severity 'huge' is not on the scale") for m in found)
    assert "RISK_A: the residual risk is in an unacceptable cell and has no 'rationale' (benefit-risk)" in found
    assert any("names risk 'RISK_MISSING', which no risk record defines" in m for m in found)
    # control links: the requirement resolves in the core, the unknown id does not, free text is not an id
    unresolved = [p.message for p in unresolved_controls(catalog)]
    assert unresolved == ["RISK_A: control 'NO_SUCH_ID' links to nothing (no record, risk, item or need has this id)"]
    assert list(unresolved_controls(catalog, {"NO_SUCH_ID"})) == []


def test_risk_section_validation():
    text = "risks:\n  - items: x\n  - id: R1\n    severity: 3\n    colour: red\n  - 7\n"
    found = read_record_file(text, "r.yaml")
    messages = [p.message for p in found.problems]
    assert "risk without an 'id'" in messages
    assert "R1: 'severity' has the wrong type" in messages
    assert "R1: unknown key 'colour'" in messages
    assert "R1: 'items' is required" in messages
    assert [r.id for r in found.sections["risks"]] == ["R1"]
    assert any("must be a mapping" in m for m in messages)
