"""The ``soup`` command: inventory JSON/table on corpus files, check on the demo and on a clean project."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

from sphinxcontrib.soup.cli import main
from tests.conftest import CORPUS, ROOT

REQUIRED_KEYS = {"name", "version", "ecosystem", "purl", "scope", "direct", "license", "source"}


def test_inventory_json_shape(capsys, corpus: Path):
    lock = corpus / "generated/npm-web-v3/package-lock.json"
    assert main(["inventory", str(lock), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = json.loads((corpus / "generated/npm-web-v3/package-lock.json.expected.json").read_text())
    assert len(data) == expected["count"]
    assert all(set(entry) >= REQUIRED_KEYS for entry in data)
    express = next(e for e in data if e["name"] == "express")
    assert express["direct"] and express["scope"] == "runtime" and express["purl"].startswith("pkg:npm/express@")
    assert express["source"]["path"] == str(lock) and express["source"]["line"] > 1


def test_inventory_table_and_several_files(capsys, corpus: Path):
    files = [corpus / "generated/uv/uv.lock", corpus / "generated/pip-tools/requirements.txt"]
    assert main(["inventory", *map(str, files)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["name", "version", "ecosystem", "scope", "direct", "license", "source"]
    assert any(line.startswith("requests ") for line in out)


def test_inventory_reports_problems_and_exits_1(capsys, tmp_path: Path):
    bad = tmp_path / "package-lock.json"
    bad.write_text('{"lockfileVersion": 3, "packages": {')
    assert main(["inventory", str(bad), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    assert f"{bad}:1: invalid JSON" in captured.err


def test_check_on_the_demo_lists_the_deliberate_gaps(capsys):
    assert main(["check", str(ROOT / "demo_docs"), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    kinds = {(f["kind"], f["subject"]) for f in findings}
    assert ("missing-record", "SOUP_NPM_ZOD") in kinds
    assert ("drift", "SOUP_NPM_REACT") in kinds
    assert all(f["path"] and f["line"] for f in findings)
    failing = [f for f in findings if f["kind"] == "test"]  # the demo's deliberately failing SOUP requirement
    assert [(f["subject"], f["path"]) for f in failing] == [
        ("SOUP_PYPI_PYYAML", "inputs/reports/ingest-soup-tests.junit.xml")
    ]


def test_module_entry_point_runs(corpus: Path):
    lock = CORPUS / "generated/uv/uv.lock"
    result = subprocess.run(
        [sys.executable, "-m", "sphinxcontrib.soup", "inventory", str(lock), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) > 40


def test_commands_do_not_import_sphinx(corpus: Path):
    """The layering test: the command line reads and checks without Sphinx."""
    code = (
        "import sys; from sphinxcontrib.soup.cli import main; "
        f"main(['check', {str(ROOT / 'demo_docs')!r}, '--format', 'json']); "
        f"main(['inventory', {str(CORPUS / 'generated/uv/uv.lock')!r}]); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'sphinx_needs', 'docutils')); "
        "sys.exit(str(bad) if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]


def test_sbom_of_the_demo_is_valid_cyclonedx_and_reproducible(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    out = tmp_path / "bom.json"
    assert main(["sbom", str(ROOT / "demo_docs"), "-o", str(out)]) == 0
    first = out.read_text()
    assert main(["sbom", str(ROOT / "demo_docs"), "-o", str(out)]) == 0
    assert out.read_text() == first  # same inputs, same bytes (serial number from the inputs' digest)
    bom = json.loads(first)
    assert bom["specVersion"] == "1.6" and bom["metadata"]["timestamp"].startswith("2026-01-01")
    assert bom["metadata"]["component"]["name"] == "CardioTrack DHF"
    react = next(c for c in bom["components"] if c["bom-ref"] == "SOUP_NPM_REACT")
    props = {p["name"]: p["value"] for p in react["properties"]}
    assert props["soup:safety_class"] == "B" and props["soup:support"] == "maintained"
    assert props["soup:end_of_support"] == "2027-12-31" and react["scope"] == "required"
    assert react["supplier"]["name"].startswith("Meta Platforms")
    assert react["licenses"] == [{"expression": "MIT"}]
    graph = {d["ref"]: d.get("dependsOn", []) for d in bom["dependencies"]}
    assert "SOUP_NPM_REACT" in graph["product"]
    assert "SOUP_NPM_LOOSE_ENVIFY" in graph["SOUP_NPM_REACT"]  # react pulls in loose-envify
    dev = next(c for c in bom["components"] if c["name"] == "vitest")
    assert dev["scope"] == "excluded"


def test_sbom_round_trip_gives_the_same_catalog(tmp_path: Path):
    """Our SBOM read back by our CycloneDX reader gives the same items, versions, direct/via and licenses."""
    from sphinxcontrib.soup.catalog import build_catalog
    from sphinxcontrib.soup.cli import load_settings
    from sphinxcontrib.soup.config import ManifestSpec
    from sphinxcontrib.soup.readers import read_path

    out = tmp_path / "bom.cdx.json"
    assert main(["sbom", str(ROOT / "demo_docs"), "-o", str(out)]) == 0
    settings, _ = load_settings(str(ROOT / "demo_docs"))
    original = build_catalog(settings)
    result = read_path(str(out))
    assert result.format == "cyclonedx-json" and result.problems == ()
    again = build_catalog(dataclasses.replace(settings, manifests=(ManifestSpec(str(out)),), records=()))

    def facts(catalog, with_license=True):
        return {
            (
                i.ecosystem,
                i.name,
                i.version,
                i.scope,
                i.direct,
                i.via,
                i.license_info.expression if with_license else None,
            )
            for i in catalog.items
        }

    assert facts(again) == facts(original)


def test_check_reads_requirement_files_and_the_report_age(capsys, tmp_path: Path):
    """``soup check`` takes soup_requirement_files and soup_check_report_age from conf.py like Sphinx does."""
    (tmp_path / "requirements.txt").write_text("pyyaml==6.0.2\n")
    (tmp_path / "reqs.csv").write_text("id,item,verified_by\nREQ_CLI_1,pyyaml,src.sample_checks::test_passes\n")
    report = (ROOT / "tests/results/data/pytest-xunit2.xml").read_text()
    (tmp_path / "report.xml").write_text(report.replace('timestamp="2026-11-22', 'timestamp="2020-01-01'))
    (tmp_path / "conf.py").write_text(
        'soup_manifests = ["requirements.txt"]\nsoup_test_results = ["report.xml"]\n'
        'soup_requirement_files = ["reqs.csv"]\nsoup_check_report_age = True\n'
    )
    assert main(["check", str(tmp_path), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    stale = [f for f in findings if f["kind"] == "test" and "before requirements.txt changed" in f["message"]]
    assert [(f["path"], f["line"]) for f in stale] == [("report.xml", 1)]
    assert not any("REQ_CLI_1" in f["message"] for f in findings)  # read, linked and passing
