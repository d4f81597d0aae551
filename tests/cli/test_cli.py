"""The ``soup`` command: inventory JSON/table on corpus files, check on the demo and on a clean project."""

from __future__ import annotations

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
