"""The release gate: ``soup check`` grouped / JSON / exit codes, the same findings as sphinx-build's warnings,
and ``soup scaffold`` stubs that load with records.py (only their deliberate ``unfilled`` blanks)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sphinxcontrib.soup.cli import main
from sphinxcontrib.soup.findings import DESCRIPTIONS
from sphinxcontrib.soup.records import is_unfilled, read_record_file
from tests.conftest import ROOT
from tests.sphinx.conftest import Project, make_project

DEMO = ROOT / "demo_docs"
DEMO_DATE = "1795305600"  # as tests/test_demo.py: the support checks count from this date
WARNING = re.compile(
    r"^(?:(?P<path>\S+?):(?P<line>\d*): )?(?:WARNING|ERROR): (?P<message>.*) \[soup\.(?P<kind>[a-z-]+)\]$"
)


def _check_json(confdir: Path, capsys) -> tuple[int, list[dict]]:
    code = main(["check", str(confdir), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def _sphinx_findings(confdir: Path, out: Path) -> set[tuple]:
    """(kind, path relative to confdir, line, message) of every soup warning of a sphinx-build."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": DEMO_DATE}
    command = [sys.executable, "-m", "sphinx", "--no-color", "-q", "-b", "html", str(confdir), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    found = set()
    for line in result.stderr.splitlines():
        match = WARNING.match(line)
        if match:
            path = os.path.relpath(match["path"], confdir) if match["path"] else None
            found.add((match["kind"], path, int(match["line"]) if match["line"] else None, match["message"]))
    return found


def _as_set(findings: list[dict]) -> set[tuple]:
    return {(f["kind"], f["path"], f["line"], f["message"]) for f in findings}


def test_check_json_equals_the_sphinx_warnings_of_the_demo(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DEMO_DATE)
    code, findings = _check_json(DEMO, capsys)
    assert code == 1
    assert all(set(f) == {"kind", "message", "path", "line", "subject"} for f in findings)
    warned = _sphinx_findings(DEMO, tmp_path / "html")
    assert len(warned) == 27 and _as_set(findings) == warned
    # the gaps page of the same build lists them all, first in the toctree, items linked to their sections
    gaps = (tmp_path / "html/soup/gaps.html").read_text()
    assert "27 open findings in 8 kinds." in gaps
    assert 'href="details.html#soup-npm-zod"' in gaps and "zod 3.25.76: no SOUP record" in gaps
    assert "soup.support (13)" in gaps and "inputs/advisories/GHSA-wc69-rhjr-hc9g.json:10" in gaps
    index = (tmp_path / "html/index.html").read_text()
    assert index.index("soup/gaps.html") < index.index("soup/list.html")


def test_check_json_equals_the_sphinx_warnings_of_a_project(project: Project, tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DEMO_DATE)
    project.write("records/broken.yaml", "soup:\n  - name: vue\n    ecosystem: npm\n    colour: green\n")
    code, findings = _check_json(project.root, capsys)
    kinds = {f["kind"] for f in findings}
    assert code == 1 and {"missing-record", "drift", "record"} <= kinds
    assert _as_set(findings) == _sphinx_findings(project.root, tmp_path / "html")


def test_check_text_is_grouped_by_kind_in_order(capsys):
    assert main(["check", str(DEMO)]) == 1
    out = capsys.readouterr().out
    headers = re.findall(r"^soup\.([a-z-]+): (\d+) - (.*)$", out, re.M)
    order = list(DESCRIPTIONS)
    assert [h[0] for h in headers] == sorted((h[0] for h in headers), key=order.index)
    assert ("drift", "3", DESCRIPTIONS["drift"]) in headers
    assert "\n  soup/records/viewer.yaml:14: react: record verified for 18.2.0" in out
    assert re.search(r"^521 SOUP items, \d+ findings$", out, re.M)


def test_check_exit_codes_clean_suppressed_and_config_error(tmp_path: Path, capsys):
    clean = Project(tmp_path / "clean")
    clean.write("conf.py", "soup_manifests = []\n")
    assert main(["check", str(clean.root)]) == 0
    assert capsys.readouterr().out.strip() == "0 SOUP items: no open findings"
    quiet = Project(tmp_path / "quiet")  # the same suppress_warnings a Sphinx build of it would honour
    quiet.write("conf.py", 'soup_manifests = ["missing.lock"]\nsuppress_warnings = ["soup.input"]\n')
    assert main(["check", str(quiet.root)]) == 0
    assert "(1 more hidden by suppress_warnings in conf.py)" in capsys.readouterr().out
    assert main(["check", str(quiet.root), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    broken = Project(tmp_path / "broken")
    broken.write("conf.py", "soup_scopes = ['runtime', 'bogus']\n")
    assert main(["check", str(broken.root)]) == 2
    assert "configuration: soup_scopes: unknown scope 'bogus'" in capsys.readouterr().err


def test_scaffold_the_demo_stubs_load_with_only_their_blanks(tmp_path: Path, capsys):
    out = tmp_path / "stubs"
    assert main(["scaffold", str(DEMO), "--output-dir", str(out)]) == 0
    printed = capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["npm-classnames.yaml", "npm-zod.yaml", "pypi-python-dateutil.yaml"]
    assert "soup/records/viewer.yaml:14: react (npm) drift: verified 18.2.0 -> 18.3.1 in the inputs" in printed
    for path in out.iterdir():
        found = read_record_file(path.read_text(), str(path))
        assert {p.kind for p in found.problems} == {"unfilled"}, found.problems
        assert all(p.source and p.source.line for p in found.problems)
        [record] = found.records
        assert record.purpose is None and record.safety_class is None and record.verified_by is None
    zod = read_record_file((out / "npm-zod.yaml").read_text(), "npm-zod.yaml")
    record = zod.records[0]
    assert (record.name, record.ecosystem, record.verified_versions, record.systems) == (
        "zod",
        "npm",
        ("3.25.76",),
        ("Viewer",),
    )
    assert record.license == "MIT"  # from the lock file
    fields = {re.search(r"'(\w+)'", p.message)[1] for p in zod.problems}
    assert fields == {"manufacturer", "purpose", "safety_class", "support", "end_of_support", "by", "date"}
    dateutil = read_record_file((out / "pypi-python-dateutil.yaml").read_text(), "x.yaml")
    assert any("'license'" in p.message for p in dateutil.problems)  # uv.lock gives no license: a blank
    # never overwrites: a second run keeps the (edited) file and says so
    (out / "npm-zod.yaml").write_text("# edited\n")
    assert main(["scaffold", str(DEMO), "--output-dir", str(out)]) == 0
    assert "npm-zod.yaml: exists, not overwritten" in capsys.readouterr().out
    assert (out / "npm-zod.yaml").read_text() == "# edited\n"


def test_scaffold_stdout_writes_nothing(tmp_path: Path, capsys):
    assert main(["scaffold", str(DEMO), "--stdout", "--output-dir", str(tmp_path / "none")]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("\nsoup:\n- name: ") == 3 and "drift: verified" in captured.err
    assert not (tmp_path / "none").exists()


def test_upgrade_loop_on_corpus_locks(project: Project, capsys):
    """missing records -> scaffold into soup_records -> unfilled blanks fail the gate -> filled -> they pass."""
    code, before = _check_json(project.root, capsys)
    missing = {f["subject"] for f in before if f["kind"] == "missing-record"}
    assert code == 1 and "SOUP_NPM_ES_MODULE_SHIMS" in missing
    assert main(["scaffold", str(project.root)]) == 0  # default: the directory of the first soup_records glob
    assert "(add it to soup_records)" not in capsys.readouterr().out
    stubs = sorted((project.root / "records").glob("*-*.yaml"))
    assert len(stubs) == len(missing)
    _, after = _check_json(project.root, capsys)
    assert not [f for f in after if f["kind"] == "missing-record"]
    unfilled = [f for f in after if f["kind"] == "unfilled"]
    assert unfilled and all(f["path"].startswith("records/") and f["line"] for f in unfilled)
    filled = {"safety_class": "A", "support": "maintained", "end_of_support": "2030-01-01", "date": "2026-11-01"}
    for stub in stubs:
        lines = []
        for line in stub.read_text().splitlines():
            key, _, value = line.strip().partition(": ")
            if is_unfilled(value.strip("'")):
                line = line.replace(value, filled.get(key, "Q. A."))
            lines.append(line)
        stub.write_text("\n".join(lines) + "\n")
    _, done = _check_json(project.root, capsys)
    assert not [f for f in done if f["kind"] in ("unfilled", "record", "missing-record")]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_runs_from_the_module_entry_point(fmt: str):
    command = [sys.executable, "-m", "sphinxcontrib.soup", "check", str(DEMO), "--format", fmt]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "zod 3.25.76" in result.stdout


@pytest.fixture
def project(tmp_path: Path, corpus: Path) -> Project:
    return make_project(tmp_path / "dhf")


def test_scaffold_takes_the_manufacturer_from_an_sbom(tmp_path: Path, corpus: Path, capsys):
    """An SBOM's supplier (here npm authors in a real CycloneDX BOM) fills ``manufacturer``; else it is a blank."""
    (tmp_path / "bom.cdx.json").write_bytes((corpus / "generated/npm-web-v3/bom.cdx-1.6.json").read_bytes())
    (tmp_path / "conf.py").write_text('soup_manifests = ["bom.cdx.json"]\nsoup_records = ["records/*.yaml"]\n')
    assert main(["scaffold", str(tmp_path)]) == 0
    axios = read_record_file((tmp_path / "records/npm-axios.yaml").read_text(), "npm-axios.yaml")
    assert axios.records[0].manufacturer == "Matt Zabriskie"
    assert not any("'manufacturer'" in p.message for p in axios.problems)
    stubs = [read_record_file(p.read_text(), p.name) for p in (tmp_path / "records").glob("*.yaml")]
    blanks = [s for s in stubs if any("'manufacturer'" in p.message for p in s.problems)]
    assert 0 < len(blanks) < len(stubs)  # packages without an author keep the blank
