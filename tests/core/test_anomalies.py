"""Known anomalies: real audit reports matched against a real lock file, evaluations, support dates, checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sphinxcontrib.soup.anomalies import anomaly_view, today
from sphinxcontrib.soup.catalog import build_catalog
from sphinxcontrib.soup.checks import run_checks
from sphinxcontrib.soup.config import settings_from
from sphinxcontrib.soup.records import read_record_file

# 2026-06-01 00:00 UTC: the dates below are relative to it
EPOCH = "1780272000"

RECORDS = """\
soup:
  - name: axios
    ecosystem: npm
    verified: {version: 0.15.3, by: me, date: 2026-01-01}
    end_of_support: 2026-07-01
  - name: github-build
    ecosystem: npm
    verified: {version: 1.2.0, by: me, date: 2026-01-01}
anomalies:
  - advisory: GHSA-cph5-m8f7-6c5x
    package: axios
    version: 0.15.3
    state: exploitable
    rationale: Our proxy forwards user URLs.
    reviewer: J. Doe
    date: 2026-05-01
  - advisory: GHSA-4w2v-q235-vp99
    package: axios
    version: 0.14.0
    state: not_affected
    justification: code_not_reachable
    reviewer: J. Doe
    date: 2026-05-01
  - advisory: GHSA-42xw-2xvc-qx8m
    package: axios
    version: [0.15.3]
    state: resolved
    reviewer: J. Doe
    date: 2024-01-01
  - advisory: GHSA-0000-0000-0000
    package: axios
    version: 0.15.3
    state: false_positive
    reviewer: J. Doe
    date: 2026-05-01
"""


@pytest.fixture
def project(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    reports = corpus / "fetched" / "vuln-reports"
    shutil.copy(reports / "audit-ci-npm-allowlisted-path.package-lock.json", tmp_path / "package-lock.json")
    shutil.copy(reports / "audit-ci-npm7-audit.allowlisted-path.json", tmp_path / "npm-audit.json")
    (tmp_path / "records.yaml").write_text(RECORDS)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return tmp_path


def _catalog(project: Path, **values):
    settings, errors = settings_from(
        {"soup_manifests": ["package-lock.json"], "soup_records": ["records.yaml"], **values}, str(project)
    )
    assert errors == []
    return build_catalog(settings), settings


def test_today_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert str(today()) == "2026-06-01"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert today().year >= 2026


def test_report_is_a_catalog_input_and_matches_exact_versions(project: Path):
    catalog, _ = _catalog(project, soup_advisories=["npm-audit.json"])
    [report_input] = [f for f in catalog.inputs if f.role == "advisories"]
    assert report_input.display == "npm-audit.json" and len(report_input.sha256) == 64
    view = anomaly_view(catalog)
    verdicts = {(a.item.name, a.advisory.id): a.affected for a in view.anomalies}
    assert verdicts == {
        ("axios", "GHSA-cph5-m8f7-6c5x"): True,  # <=0.21.1
        ("axios", "GHSA-4w2v-q235-vp99"): True,  # <0.21.1
        ("axios", "GHSA-42xw-2xvc-qx8m"): True,  # <=0.18.0
        ("follow-redirects", "GHSA-pw2r-vq6v-hr8c"): True,
        ("follow-redirects", "GHSA-74fj-2j2h-c42q"): True,
    }


def test_version_outside_the_range_is_shown_as_not_affecting(project: Path):
    lock = project / "package-lock.json"
    lock.write_text(lock.read_text().replace('"version": "0.15.3"', '"version": "0.21.1"'))
    catalog, _ = _catalog(project, soup_advisories=["npm-audit.json"])
    verdicts = {a.advisory.id: a.affected for a in anomaly_view(catalog).anomalies if a.item.name == "axios"}
    assert verdicts == {"GHSA-cph5-m8f7-6c5x": True, "GHSA-4w2v-q235-vp99": False, "GHSA-42xw-2xvc-qx8m": False}


def test_states_outdated_evaluations_and_checks(project: Path):
    catalog, settings = _catalog(project, soup_advisories=["npm-audit.json"])
    by_id = {a.advisory.id: a for a in anomaly_view(catalog).anomalies if a.item.name == "axios"}
    assert by_id["GHSA-cph5-m8f7-6c5x"].state == "exploitable"
    # evaluated for 0.14.0 only: the shipped 0.15.3 is back in triage
    outdated = by_id["GHSA-4w2v-q235-vp99"]
    assert outdated.evaluation is None and outdated.outdated is not None and outdated.state == "in_triage"
    assert by_id["GHSA-42xw-2xvc-qx8m"].state == "resolved"
    messages = [(p.kind, p.message, str(p.source)) for p in run_checks(catalog, settings)]
    anomaly = [m for k, m, _ in messages if k == "anomaly"]
    assert any("GHSA-4w2v-q235-vp99" in m and "back in triage" in m for m in anomaly)
    assert any(
        "follow-redirects 1.0.0: GHSA-74fj-2j2h-c42q affects this version and is not evaluated" in m for m in anomaly
    )
    assert any("GHSA-cph5-m8f7-6c5x is exploitable and names no 'risk'" in m for m in anomaly)
    assert any("GHSA-42xw-2xvc-qx8m dates from 2024-01-01, older than 365 days" in m for m in anomaly)
    assert any("GHSA-0000-0000-0000 for axios matches no advisory" in m for m in anomaly)
    support = [m for k, m, _ in messages if k == "support"]
    assert "axios 0.15.3: end of support 2026-07-01 is within 180 days (plan the replacement)" in support
    assert any(m.startswith("github-build 1.2.0: no end of support") for m in support)
    # the not-evaluated advisory is located at the report line that carries it
    assert any(s.startswith("npm-audit.json:") for k, m, s in messages if "GHSA-74fj" in m)


def test_pip_audit_report_against_unknown_packages_is_one_located_problem(project: Path, corpus: Path):
    shutil.copy(corpus / "fetched/vuln-reports/vulnflask-secureci.pip-audit.json", project / "pip-audit.json")
    catalog, settings = _catalog(project, soup_advisories=["pip-audit.json"])
    found = [p for p in run_checks(catalog, settings) if p.kind == "anomaly" and "not in the catalog" in p.message]
    assert len(found) == 1 and str(found[0].source) == "pip-audit.json"


def test_unevaluable_version_is_cannot_tell(project: Path, corpus: Path):
    shutil.copy(corpus / "fetched/vuln-reports/audit-ci-npm7-audit.allowlisted-path.json", project / "a.json")
    catalog, _ = _catalog(project, soup_advisories=["a.json"])
    from sphinxcontrib.soup.anomalies import is_affected

    advisory = anomaly_view(catalog).anomalies[0].advisory
    assert is_affected(advisory, "not a version") is None


def test_evaluation_section_validation():
    text = """\
anomalies:
  - advisory: GHSA-1
    package: x
    state: maybe
    justification: because
    date: yesterday
    colour: red
  - just a string
"""
    found = read_record_file(text, "r.yaml")
    messages = [f"{p.source.line}: {p.message}" for p in found.problems]
    [evaluation] = found.sections["anomalies"]
    assert evaluation.state == "in_triage" and evaluation.date is None  # kept, never dropped
    assert any("state must be one of" in m for m in messages)
    assert any("justification must be one of" in m for m in messages)
    assert any("date must be an ISO date" in m for m in messages)
    assert any("unknown key 'colour'" in m for m in messages)
    assert any("'version' is required" in m for m in messages)
    assert any("must be a mapping" in p.message for p in found.problems)


def test_config_validation():
    _, errors = settings_from({"soup_anomaly_max_age_days": -1, "soup_support_horizon_days": True}, "/tmp")
    assert len(errors) == 2 and errors[0].startswith("soup_anomaly_max_age_days")


def test_malformed_report_and_invalid_range_are_located_problems(project: Path):
    (project / "broken.json").write_text('{"vulnerabilities": [')
    events = [{"introduced": "not a version"}]
    affected = [{"package": {"ecosystem": "npm", "name": "axios"}, "ranges": [{"type": "SEMVER", "events": events}]}]
    (project / "bad-range.osv.json").write_text(json.dumps({"id": "OSV-1", "affected": affected}))
    catalog, settings = _catalog(project, soup_advisories=["broken.json", "bad-range.osv.json"])
    located = {str(p.source).split(":")[0] for p in catalog.problems}
    assert {"broken.json", "bad-range.osv.json"} <= located
    [anomaly] = [a for a in anomaly_view(catalog).anomalies if a.advisory.id == "OSV-1"]
    assert anomaly.affected is None and anomaly.needs_evaluation  # cannot tell: shown, and flagged
    assert any("OSV-1 may affect" in p.message for p in run_checks(catalog, settings))
