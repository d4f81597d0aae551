"""Release diff: real lock pairs compared, version order per ecosystem, git baselines, bad baselines, review."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sphinxcontrib.soup.catalog import build_catalog
from sphinxcontrib.soup.changes import (
    Entry,
    counts,
    diff,
    entries_of_components,
    entries_of_items,
    read_baseline,
    review,
)
from sphinxcontrib.soup.cli import load_settings
from sphinxcontrib.soup.config import Settings, settings_from
from sphinxcontrib.soup.readers import read_path
from tests.conftest import ROOT

DEMO = ROOT / "demo_docs"
BASELINE_LOCK = DEMO / "inputs/baseline/web/package-lock.json"
CURRENT_LOCK = DEMO / "inputs/web/package-lock.json"
GIT = shutil.which("git")


def _entries(path: Path) -> list[Entry]:
    result = read_path(str(path))
    assert not result.problems
    return entries_of_components(result.components)


def _by_name(changes):
    return {c.name: c for c in changes}


def test_demo_release_pair_real_npm_locks():
    """Two real npm resolutions of the viewer (2.2 and 2.3): every kind of change is found."""
    changes = diff(_entries(BASELINE_LOCK), _entries(CURRENT_LOCK))
    found = _by_name(changes)
    assert found["axios"].kind == "upgraded" and found["axios"].old_versions == ("0.19.2",)
    assert found["axios"].new_versions == ("0.21.1",)
    assert found["moment"].kind == "upgraded" and found["date-fns"].kind == "upgraded"
    assert found["chart.js"].kind == "downgraded"  # 2.9.4 -> 2.9.3
    assert found["dompurify"].kind == "added" and found["dompurify"].old == ()
    assert found["underscore"].kind == "removed" and found["underscore"].new == ()
    # lodash: 4.17.11 (the legacy alias) stays, 4.17.15 comes beside it: neither up nor down
    assert found["lodash"].kind == "changed" and found["lodash"].new_versions == ("4.17.11", "4.17.15")
    assert [c.name for c in found["lodash"].came] == ["lodash"] and found["lodash"].came[0].version == "4.17.15"
    assert found["react"].kind == "unchanged"
    summary = counts(changes)
    assert summary["added"] == 2 and summary["removed"] == 1 and summary["downgraded"] == 1
    assert summary["license"] == 0  # npm locks give licenses; none changed
    assert sum(summary[k] for k in ("added", "removed", "upgraded", "downgraded", "changed", "unchanged")) == len(
        changes
    )


def test_license_change_and_unknown_license_on_one_side(tmp_path: Path):
    """A real SBOM against a copy with one license edited: a license change; a side without licenses is not."""
    bom = DEMO / "inputs/dicom-bridge/bom.cdx.json"
    data = json.loads(bom.read_text())
    component = next(c for c in data["components"] if c.get("licenses"))
    old_license = json.dumps(component["licenses"])
    component["licenses"] = [{"license": {"id": "GPL-3.0-only"}}]
    edited = tmp_path / "bom.cdx.json"
    edited.write_text(json.dumps(data))
    changes = _by_name(diff(_entries(bom), _entries(edited)))
    changed = changes[component["name"]]
    assert changed.kind == "unchanged" and changed.license_changed
    assert changed.new_license == "GPL-3.0-only" and changed.old_license and "GPL" not in old_license
    assert sum(c.license_changed for c in changes.values()) == 1
    unknown = [dataclasses.replace(e, license=None) for e in _entries(bom)]
    assert not any(c.license_changed for c in diff(unknown, _entries(edited)))


@pytest.mark.parametrize(
    ("ecosystem", "old", "new", "kind"),
    [
        ("pypi", "1.9", "1.10", "upgraded"),  # PEP 440, not string order
        ("pypi", "2.0.0", "2.0.0rc1", "downgraded"),
        ("pypi", "1.0", "1.0.0", "changed"),  # equal versions spelled differently: never a guessed direction
        ("npm", "4.17.21", "4.17.21-beta.1", "downgraded"),
        ("nuget", "12.0.3", "13.0.1", "upgraded"),
        ("maven", "1.0-SNAPSHOT", "1.0", "upgraded"),
        ("npm", "git+https://git.example/x.git#abc", "1.0.0", "changed"),  # not comparable
        ("generic", "1", "2", "changed"),  # no agreed order
        ("npm", "^1.2.0", "^1.3.0", "changed"),  # ranges (no lock) are not versions
    ],
)
def test_version_order_per_ecosystem(ecosystem: str, old: str, new: str, kind: str):
    (change,) = diff([Entry(ecosystem, "pkg", old)], [Entry(ecosystem, "pkg", new)])
    assert change.kind == kind


def test_identity_normalizes_names_and_merges_occurrences():
    old = [Entry("pypi", "Typing_Extensions", "4.0", direct=False), Entry("pypi", "typing-extensions", "4.0")]
    (change,) = diff(old, [Entry("pypi", "typing.extensions", "4.1")])
    assert change.kind == "upgraded" and change.old[0].direct  # one entry, direct since one occurrence is
    (mixed,) = diff([Entry("npm", "a", "1.0.0"), Entry("npm", "a", "3.0.0")], [Entry("npm", "a", "2.0.0")])
    assert mixed.kind == "changed"  # 1 -> 2 is up, 3 -> 2 is down


# --- baselines ------------------------------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> str:
    run = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return run.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose docs/ project has the demo's viewer lock at 2.2 (HEAD~1), then at 2.3 (HEAD)."""
    if GIT is None:
        pytest.skip("git not installed")
    root = tmp_path / "repo"
    docs = root / "docs"
    (docs / "web").mkdir(parents=True)
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "qa@example.com")
    _git(root, "config", "user.name", "QA")
    shutil.copy(BASELINE_LOCK, docs / "web/package-lock.json")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "release 2.2")
    shutil.copy(CURRENT_LOCK, docs / "web/package-lock.json")
    (docs / "py").mkdir()
    shutil.copy(DEMO / "inputs/backend/uv.lock", docs / "py/uv.lock")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "release 2.3")
    return docs


def _settings(confdir: Path, baseline: str | list, conf: str = "") -> Settings:
    conf_file = confdir / "conf.py"
    conf_file.write_text(conf or f"soup_baseline = {baseline!r}\n")
    values = {
        "soup_manifests": [{"path": "web/package-lock.json", "system": "Web"}, "py/*.lock"],
        "soup_baseline": baseline,
    }
    settings, errors = settings_from(values, str(confdir), str(conf_file))
    assert not errors
    return settings


def test_git_baseline_reads_manifests_at_the_ref_without_checkout(repo: Path):
    settings = _settings(repo, "git:HEAD~1")
    baseline = read_baseline(settings)
    assert baseline is not None and not baseline.problems
    assert baseline.commits == (_git(repo, "rev-parse", "HEAD~1"),)
    assert baseline.label.startswith("git:HEAD~1 (commit ")
    # py/uv.lock did not exist at HEAD~1: that input had no components then, and the page says so
    assert baseline.absent == ["py/*.lock"]
    assert {e.source.path for e in baseline.entries} == {"web/package-lock.json@HEAD~1"}
    assert {e.systems for e in baseline.entries} == {("Web",)}
    assert (repo / "web/package-lock.json").read_bytes() == CURRENT_LOCK.read_bytes()  # the tree is untouched
    current = build_catalog(settings)
    found = _by_name(diff(baseline.entries, entries_of_items(current.items)))
    assert found["axios"].kind == "upgraded" and found["requests"].kind == "added"
    assert found["axios"].old_versions == ("0.19.2",) and found["axios"].new_versions == ("0.21.1",)


def test_git_baseline_is_keyed_on_the_resolved_commit(repo: Path):
    settings = _settings(repo, "git:HEAD")
    first = read_baseline(settings)
    shutil.copy(BASELINE_LOCK, repo / "web/package-lock.json")
    _git(repo.parent, "commit", "-q", "-am", "back to 2.2's lock")
    second = read_baseline(settings)
    assert first.commits != second.commits and first.digest != second.digest
    assert {e.version for e in second.entries if e.name == "axios"} == {"0.19.2"}
    assert {e.version for e in first.entries if e.name == "axios"} == {"0.21.1"}
    assert read_baseline(settings).digest == second.digest  # same commit, same baseline


def test_bad_git_baselines_are_one_located_problem(repo: Path, tmp_path: Path):
    conf = "project = 'x'\n\nsoup_baseline = 'git:no-such-tag'\n"
    baseline = read_baseline(_settings(repo, "git:no-such-tag", conf))
    (problem,) = baseline.problems
    assert problem.kind == "baseline" and "unknown git ref 'no-such-tag'" in problem.message
    assert (problem.source.path, problem.source.line) == ("conf.py", 3)
    assert baseline.entries == []
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    (problem,) = read_baseline(_settings(outside, "git:HEAD")).problems
    assert problem.kind == "baseline" and "not a git repository" in problem.message
    (option,) = read_baseline(_settings(repo, "git:--output=x")).problems
    assert "is not a git ref" in option.message


def test_git_missing_is_a_problem(repo: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    (problem,) = read_baseline(_settings(repo, "git:HEAD")).problems
    assert problem.kind == "baseline" and "git is not installed" in problem.message


def test_file_baselines_are_inputs_and_bad_ones_are_located(tmp_path: Path):
    (tmp_path / "old").mkdir()
    shutil.copy(BASELINE_LOCK, tmp_path / "old/package-lock.json")
    settings = _settings(tmp_path, ["old/package-lock.json", "old/*.lock", "gone/uv.lock"])
    baseline = read_baseline(settings)
    assert [f.display for f in baseline.inputs] == ["old/package-lock.json"]
    assert baseline.inputs[0].role == "baseline"
    assert {e.name for e in baseline.entries} >= {"axios", "underscore"}
    kinds = sorted((p.kind, p.message, p.source.path) for p in baseline.problems)
    assert kinds == [
        ("baseline", "file not found", "gone/uv.lock"),
        ("baseline", "glob 'old/*.lock' matches no file", "conf.py"),
    ]
    digest = baseline.digest
    (tmp_path / "old/package-lock.json").write_text(CURRENT_LOCK.read_text())
    assert read_baseline(settings).digest != digest


def test_no_baseline_configured_and_config_errors(tmp_path: Path):
    assert read_baseline(Settings(confdir=str(tmp_path))) is None
    _, errors = settings_from({"soup_baseline": [{"paht": "x"}, "git:", 3]}, str(tmp_path))
    assert any(e.startswith("soup_baseline: unknown key(s) 'paht'") for e in errors)
    assert any("names no git ref" in e for e in errors)
    assert any("soup_baseline: each entry must be a string or a dict, not 3" in e for e in errors)


# --- what was redone --------------------------------------------------------------------------------------------


def test_review_of_demo_items_uses_this_builds_views():
    settings, errors = load_settings(str(DEMO))
    assert not errors
    catalog = build_catalog(settings)
    items = {(i.name, i.version): i for i in catalog.items}
    moment = review(catalog, settings, items[("moment", "2.29.1")], ["2.24.0"])
    assert moment.record_verified is False  # the record was verified for 2.29.0 (a deliberate drift)
    assert [a.advisory.id for a in moment.unevaluated] == ["GHSA-wc69-rhjr-hc9g"]
    assert moment.new_advisories == ()  # both advisories affected 2.24.0 already
    # from a version older than the ReDoS range (>=2.18.0), that advisory is new with the upgrade
    older = review(catalog, settings, items[("moment", "2.29.1")], ["2.17.0"])
    assert [a.advisory.id for a in older.new_advisories] == ["GHSA-wc69-rhjr-hc9g"]
    date_fns = review(catalog, settings, items[("date-fns", "3.6.0")], ["2.30.0"])
    assert date_fns.record_verified and date_fns.tests == {"passed": 2} and date_fns.tests_passed
    pyyaml = next(i for i in catalog.items if i.name.lower() == "pyyaml")
    failing = review(catalog, settings, pyyaml, [])
    assert "failed" in failing.tests and not failing.tests_passed
    transitive = next(i for i in catalog.items if i.name == "follow-redirects")
    assert review(catalog, settings, transitive, []).record_required is False
