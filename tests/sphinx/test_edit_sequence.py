"""A scripted sequence of named edits, an incremental build after each, compared with a clean build (issue #6).

The project uses the demo's real inputs (npm lock, uv.lock, records, OSV advisories, JUnit reports) and most
directives. The edits apply cumulatively; after each, the incremental build (same outdir) must give the same
HTML on every page and the same warnings as a clean build of the same inputs into a fresh outdir.
Marked slow (51 builds); run it with ``pytest tests/sphinx/test_edit_sequence.py``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

from .conftest import Project

DEMO = ROOT / "demo_docs"

CONF = """\
extensions = ["sphinx_needs", "sphinxcontrib.soup"]
project = "Edit sequence"
soup_manifests = [
    {"path": "inputs/web/package-lock.json", "system": "Viewer"},
    {"path": "inputs/backend/uv.lock", "system": "Ingest service"},
]
soup_records = ["records/*.yaml"]
soup_test_results = ["inputs/reports/*.xml"]
soup_advisories = ["inputs/advisories/*.json"]
soup_license_policy = {"allow": ["permissive"], "review": ["weak-copyleft"], "deny": ["strong-copyleft"]}
exclude_patterns = ["_build", "inputs"]
"""

PAGES = {
    "index": "Edit sequence\n=============\n\n.. toctree::\n\n   list\n   details\n   licenses\n   anomalies\n"
    "   risks\n   trace\n   needs\n   plain\n",
    "list": "List\n====\n\n.. soup-list::\n   :system: Viewer\n\n.. soup-list::\n   :system: Ingest service\n"
    "   :transitive: grouped\n",
    "details": "Details\n=======\n\n.. soup-details::\n",
    "licenses": "Licenses\n========\n\n.. soup-licenses::\n",
    "anomalies": "Anomalies\n=========\n\n.. soup-anomalies::\n",
    "risks": "Risks\n=====\n\n.. soup-risks::\n",
    "trace": "Trace\n=====\n\n.. soup-traceability::\n\n.. soup-requirements::\n\n.. soup-tests::\n",
    "needs": "Needs\n=====\n\n.. needtable::\n   :types: soup\n   :filter: direct\n"
    "   :columns: id, title, version, license, safety_class\n   :style: table\n",
    "plain": "Plain\n=====\n\nA page without soup directives.\n",
}

RECORDS = ("viewer", "ingest", "platform", "anomalies", "requirements", "risks")


def make_project(root: Path) -> Project:
    project = Project(root)
    project.write("conf.py", CONF)
    for page, text in PAGES.items():
        project.write(f"{page}.rst", text)
    for name in RECORDS:
        project.write(f"records/{name}.yaml", (DEMO / f"soup/records/{name}.yaml").read_text())
    for folder in ("web", "backend", "reports", "advisories"):
        shutil.copytree(DEMO / "inputs" / folder, root / "inputs" / folder)
    return project


# --- the edits: each changes the project in place; `shows` is what the incremental pages must then say ---


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path}"  # an edit that edits nothing would prove nothing
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _npm_lock(root: Path, change: Callable[[dict], None]) -> None:
    """Edit the npm lock as npm writes it (2-space JSON): the line numbers of later entries move too."""
    path = root / "inputs/web/package-lock.json"
    lock = json.loads(path.read_text(encoding="utf-8"))
    change(lock)
    path.write_text(json.dumps(lock, indent=2) + "\n", encoding="utf-8")


def upgrade_npm_package(root: Path) -> None:
    _npm_lock(root, lambda lock: lock["packages"]["node_modules/lodash"].update(version="4.17.21"))


def downgrade_uv_package(root: Path) -> None:
    _replace(root / "inputs/backend/uv.lock", 'name = "pyyaml"\nversion = "5.3.1"', 'name = "pyyaml"\nversion = "5.3"')


def add_npm_dependency(root: Path) -> None:
    def change(lock: dict) -> None:
        lock["packages"][""]["dependencies"]["left-pad"] = "^1.3.0"
        lock["packages"]["node_modules/left-pad"] = {
            "version": "1.3.0",
            "resolved": "https://npm.example/left-pad/-/left-pad-1.3.0.tgz",
            "license": "WTFPL",
        }

    _npm_lock(root, change)


def remove_npm_dependency(root: Path) -> None:
    def change(lock: dict) -> None:
        del lock["packages"][""]["dependencies"]["left-pad"]
        del lock["packages"]["node_modules/left-pad"]

    _npm_lock(root, change)


def change_verified_version(root: Path) -> None:
    _replace(root / "records/viewer.yaml", '{version: "2.29.0", by: A. Auditor', '{version: "2.29.1", by: B. Builder')


def add_requirement(root: Path) -> None:
    with open(root / "records/requirements.yaml", "a", encoding="utf-8") as handle:
        handle.write(
            "  - id: SOUPREQ_LODASH_GET\n    item: lodash\n    ecosystem: npm\n    kind: functional\n"
            "    statement: _.get reads nested annotation fields without throwing on gaps.\n"
            '    verified_by: "analysis: EDITSEQ every call site passes a default value"\n'
        )


def remove_requirement(root: Path) -> None:
    path = root / "records/requirements.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: SOUPREQ_HTTP_TLS")
    end = text.index("  - id:", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def change_license(root: Path) -> None:
    _replace(root / "records/ingest.yaml", "license: PSF-2.0", "license: GPL-3.0-only")


def add_test_report(root: Path) -> None:
    (root / "inputs/reports/extra.junit.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<testsuite name="edits" tests="1">\n'
        '  <testcase classname="test_lodash" name="test_get_with_default_EDITSEQ" time="0.004">\n'
        '    <properties><property name="requirement" value="SOUPREQ_LODASH_GET"/></properties>\n'
        "  </testcase>\n</testsuite>\n",
        encoding="utf-8",
    )


def make_test_fail(root: Path) -> None:
    _replace(
        root / "inputs/reports/extra.junit.xml",
        "</properties>\n",
        '</properties>\n    <failure message="EDITSEQ got undefined">AssertionError</failure>\n',
    )


def delete_test_report(root: Path) -> None:
    (root / "inputs/reports/viewer-date-fns.junit.xml").unlink()


def add_advisory(root: Path) -> None:
    advisory = {
        "schema_version": "1.4.0",
        "id": "GHSA-edit-sequ-ence",
        "summary": "EDITSEQ left over from the edit sequence",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "pyyaml"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "5.4"}]}],
            }
        ],
    }
    (root / "inputs/advisories/GHSA-edit-sequ-ence.json").write_text(json.dumps(advisory, indent=2) + "\n")


def evaluate_anomaly(root: Path) -> None:
    with open(root / "records/anomalies.yaml", "a", encoding="utf-8") as handle:
        handle.write(
            '  - advisory: GHSA-edit-sequ-ence\n    package: pyyaml\n    ecosystem: pypi\n    version: "5.3"\n'
            "    state: not_affected\n    justification: code_not_reachable\n"
            "    rationale: EDITSEQ only safe_load is called.\n    reviewer: E. Editor\n    date: 2026-05-01\n"
        )


def remove_record_file(root: Path) -> None:
    (root / "records/platform.yaml").unlink()


def rename_record_file(root: Path) -> None:
    (root / "records/ingest.yaml").rename(root / "records/backend.yaml")


def touch_without_change(root: Path) -> None:
    for path in (root / "inputs/web/package-lock.json", root / "records/viewer.yaml"):
        os.utime(path, (path.stat().st_atime + 10, path.stat().st_mtime + 10))


def change_conf_settings(root: Path) -> None:
    _replace(
        root / "conf.py",
        'soup_records = ["records/*.yaml"]',
        'soup_records = ["records/*.yaml"]\nsoup_scopes = ["runtime"]',
    )


def add_risk(root: Path) -> None:
    with open(root / "records/risks.yaml", "a", encoding="utf-8") as handle:
        handle.write(
            "  - id: RISK_EDITSEQ\n    title: EDITSEQ lodash returns undefined\n    items: [lodash]\n"
            "    failure_mode: A nested field is missing.\n    harm: A blank annotation.\n"
            "    severity: minor\n    probability: remote\n    controls: [SOUPREQ_LODASH_GET]\n"
            "    severity_after: minor\n    probability_after: improbable\n    acceptability: acceptable\n"
        )


def change_risk_score(root: Path) -> None:
    _replace(root / "records/risks.yaml", "    severity: minor\n    probability: remote\n    controls: [SOUPREQ_LODASH",
             "    severity: critical\n    probability: remote\n    controls: [SOUPREQ_LODASH")  # fmt: skip


def break_the_uv_lock(root: Path) -> None:
    path = root / "inputs/backend/uv.lock"
    shutil.copy(path, root / "uv.lock.saved")
    path.write_text(path.read_text(encoding="utf-8")[:20000], encoding="utf-8")


def repair_the_uv_lock(root: Path) -> None:
    shutil.move(root / "uv.lock.saved", root / "inputs/backend/uv.lock")


def add_uv_package(root: Path) -> None:
    _replace(
        root / "inputs/backend/uv.lock",
        '[[package]]\nname = "pyyaml"',
        '[[package]]\nname = "editseq-helper"\nversion = "0.1.0"\nsource = { registry = "https://pypi.example/simple" }'
        '\n\n[[package]]\nname = "pyyaml"',
    )


def edit_a_page(root: Path) -> None:
    _replace(root / "list.rst", "   :system: Viewer\n", "   :system: Viewer\n   :caption: EDITSEQ viewer items\n")


def move_manifest_and_conf(root: Path) -> None:
    (root / "inputs/web").rename(root / "inputs/viewer")
    _replace(root / "conf.py", "inputs/web/package-lock.json", "inputs/viewer/package-lock.json")


def remove_all_reports(root: Path) -> None:
    for report in (root / "inputs/reports").glob("*.xml"):
        report.unlink()


@dataclass(frozen=True)
class Edit:
    apply: Callable[[Path], None]
    shows: tuple[str, str] | None = None  # (page, text) the incremental build must show after the edit
    hides: tuple[str, str] | None = None  # (page, text) it must no longer show

    @property
    def name(self) -> str:
        return self.apply.__name__


EDITS = (
    Edit(upgrade_npm_package, shows=("list", "4.17.21")),
    Edit(downgrade_uv_package, shows=("list", "5.3<")),
    Edit(add_npm_dependency, shows=("licenses", "WTFPL")),
    Edit(remove_npm_dependency, hides=("licenses", "WTFPL")),
    Edit(change_verified_version, shows=("details", "B. Builder")),
    Edit(add_requirement, shows=("trace", "SOUPREQ_LODASH_GET")),
    Edit(remove_requirement, hides=("trace", "SOUPREQ_HTTP_TLS")),
    Edit(change_license, shows=("licenses", "GPL-3.0-only")),
    Edit(add_test_report, shows=("trace", "test_get_with_default_EDITSEQ")),
    Edit(make_test_fail, shows=("trace", "EDITSEQ got undefined")),
    Edit(delete_test_report, hides=("trace", "viewer-date-fns.junit.xml")),
    Edit(add_advisory, shows=("anomalies", "GHSA-edit-sequ-ence")),
    Edit(evaluate_anomaly, shows=("anomalies", "EDITSEQ only safe_load")),
    Edit(remove_record_file, hides=("details", "cardiotrack-os")),
    Edit(rename_record_file, shows=("details", "records/backend.yaml")),
    Edit(touch_without_change),
    Edit(change_conf_settings),
    Edit(add_risk, shows=("risks", "RISK_EDITSEQ")),
    Edit(change_risk_score),
    Edit(break_the_uv_lock, hides=("list", "fastapi")),
    Edit(repair_the_uv_lock, shows=("list", "fastapi")),
    Edit(add_uv_package, shows=("list", "editseq-helper")),
    Edit(edit_a_page, shows=("list", "EDITSEQ viewer items")),
    Edit(move_manifest_and_conf, shows=("details", "inputs/viewer/package-lock.json")),
    Edit(remove_all_reports),
)


def _pages(out: Path) -> dict[str, str]:
    """Every HTML page of a build, by path."""
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))}


def _warnings(stderr: str, root: Path) -> list[str]:
    return sorted(line.replace(str(root), "<root>") for line in stderr.splitlines() if "WARNING" in line)


def _first_difference(left: str, right: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b), min(len(left), len(right)))
    return f"incremental: ...{left[max(0, at - 150) : at + 150]!r}\nclean: ...{right[max(0, at - 150) : at + 150]!r}"


def _check(project: Project, edit: Edit) -> None:
    edit.apply(project.root)
    incremental = project.build()
    assert incremental.returncode == 0 and "Traceback" not in incremental.stderr, incremental.stderr
    shutil.rmtree(project.root / "_build/clean", ignore_errors=True)
    clean = project.build(out="_build/clean")
    assert clean.returncode == 0, clean.stderr
    after, expected = _pages(project.root / "_build/html"), _pages(project.root / "_build/clean")
    assert after.keys() == expected.keys()
    for page in after:
        assert after[page] == expected[page], f"{page}\n" + _first_difference(after[page], expected[page])
    assert _warnings(incremental.stderr, project.root) == _warnings(clean.stderr, project.root)
    for check, wanted in ((edit.shows, True), (edit.hides, False)):
        if check:
            page, text = check
            assert (text in after[f"{page}.html"]) is wanted, f"{text!r} on {page}"


def test_at_least_twenty_named_edits():
    assert len(EDITS) >= 20 and len({edit.name for edit in EDITS}) == len(EDITS)


@pytest.mark.slow  # 51 sphinx-builds of the demo's inputs: about 2 min of CPU, more on a loaded machine
def test_incremental_build_after_each_edit_equals_clean_build(tmp_path: Path):
    """One test, not one per edit: the edits are cumulative, and pytest-xdist would split parametrized steps."""
    project = make_project(tmp_path / "dhf")
    first = project.build()
    assert first.returncode == 0, first.stderr
    for number, edit in enumerate(EDITS, 1):
        try:
            _check(project, edit)
        except AssertionError as exc:
            raise AssertionError(f"after edit {number} {edit.name}: {exc}") from None
