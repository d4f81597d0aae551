"""``soup diff``: two lock files, a project against a git ref, text and JSON output, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sphinxcontrib.soup.cli import main
from tests.conftest import ROOT

DEMO = ROOT / "demo_docs"
OLD = DEMO / "inputs/baseline/web/package-lock.json"
NEW = DEMO / "inputs/web/package-lock.json"
CHANGE_KEYS = {
    "kind",
    "ecosystem",
    "name",
    "old_versions",
    "new_versions",
    "old_license",
    "new_license",
    "license_changed",
    "scope",
    "direct",
}


def test_diff_text_groups_changes(capsys):
    assert main(["diff", str(OLD), str(NEW)]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first == (
        f"{OLD} -> {NEW}: 2 added, 1 removed, 5 upgraded, 1 downgraded, 3 changed, 365 unchanged, 0 license changes"
    )
    blocks = {block.splitlines()[0]: block.splitlines()[1:] for block in out.split("\n\n")[1:]}
    assert blocks["Upgraded (5):"][0] == "  npm axios 0.19.2 -> 0.21.1"
    assert blocks["Downgraded (1):"] == ["  npm chart.js 2.9.4 -> 2.9.3"]
    assert blocks["Removed (1):"] == ["  npm underscore 1.12.0"]
    assert "  npm @types/trusted-types 2.0.7 (optional)" in blocks["Added (2):"]


def test_diff_json_shape(capsys):
    assert main(["diff", str(OLD), str(NEW), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"old", "new", "counts", "changes"}
    assert data["counts"] == {
        "added": 2,
        "removed": 1,
        "upgraded": 5,
        "downgraded": 1,
        "changed": 3,
        "unchanged": 365,
        "license": 0,
    }
    assert len(data["changes"]) == 12 and all(set(c) == CHANGE_KEYS for c in data["changes"])
    axios = next(c for c in data["changes"] if c["name"] == "axios")
    assert axios == {
        "kind": "upgraded",
        "ecosystem": "npm",
        "name": "axios",
        "old_versions": ["0.19.2"],
        "new_versions": ["0.21.1"],
        "old_license": "MIT",
        "new_license": "MIT",
        "license_changed": False,
        "scope": "runtime",
        "direct": True,
    }


def test_diff_unreadable_side_exits_2(capsys, tmp_path: Path):
    assert main(["diff", str(tmp_path / "missing/package-lock.json"), str(NEW)]) == 2
    captured = capsys.readouterr()
    assert "file not found" in captured.err
    assert "0 removed" in captured.out and "added" in captured.out


def test_diff_project_against_git_ref(capsys, tmp_path: Path):
    """``soup diff git:REF CONFDIR``: the project's manifests at REF against the same project now."""
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    root = tmp_path / "repo"
    docs = root / "docs"
    (docs / "web").mkdir(parents=True)
    (docs / "conf.py").write_text('soup_manifests = ["web/package-lock.json"]\n')
    shutil.copy(OLD, docs / "web/package-lock.json")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.email=qa@example.com", "-c", "user.name=QA", *args], cwd=root, check=True,
                       capture_output=True)  # fmt: skip

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "2.2")
    shutil.copy(NEW, docs / "web/package-lock.json")
    assert main(["diff", "git:HEAD", str(docs), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["old"].startswith("git:HEAD (commit ") and data["new"] == str(docs)
    assert data["counts"]["upgraded"] == 5 and data["counts"]["removed"] == 1
    assert main(["diff", "git:no-such-ref", "git:HEAD", "--conf", str(docs)]) == 2
    assert "unknown git ref 'no-such-ref'" in capsys.readouterr().err


def test_diff_input_format_forces_the_format_of_files(capsys, tmp_path: Path):
    renamed = tmp_path / "release-2.2.json"
    shutil.copy(OLD, renamed)
    assert main(["diff", str(renamed), str(NEW)]) == 2
    assert "unknown manifest format" in capsys.readouterr().err
    assert main(["diff", str(renamed), str(NEW), "--input-format", "package-lock"]) == 0
    assert "5 upgraded, 1 downgraded" in capsys.readouterr().out
