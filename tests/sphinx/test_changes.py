"""``soup-changes`` and ``soup_baseline``: rendered tables, links, LaTeX, bad baselines, incremental rebuilds."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

from .conftest import Project
from .test_incremental import _body, _clean_copy

DEMO = ROOT / "demo_docs"
CONF = """\
extensions = ["sphinx_needs", "sphinxcontrib.soup"]
project = "Changes"
soup_manifests = [
    {"path": "inputs/web/package-lock.json", "system": "Web"},
    {"path": "inputs/py/uv.lock", "system": "Tool"},
]
soup_records = ["records/*.yaml"]
soup_advisories = ["advisories/*.json"]
"""
BASELINE = """\
soup_baseline = [
    {"path": "baseline/package-lock.json", "system": "Web"},
    {"path": "inputs/py/uv.lock", "system": "Tool"},
]
"""
INDEX = "Changes DHF\n===========\n\n.. toctree::\n\n   details\n   changes\n"
CHANGES = (
    "Changes\n=======\n\n.. soup-changes::\n\nWeb only:\n\n.. soup-changes::\n   :system: Web\n   :show: versions\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The demo viewer's real locks: release 2.2 (the baseline) and 2.3 (now), with the viewer's records."""
    project = Project(tmp_path / "dhf")
    project.write("conf.py", CONF + BASELINE)
    project.write("index.rst", INDEX)
    project.write("details.rst", "Records\n=======\n\n.. soup-details::\n")
    project.write("changes.rst", CHANGES)
    for source, target in [
        ("inputs/web/package-lock.json", "inputs/web/package-lock.json"),
        ("inputs/backend/uv.lock", "inputs/py/uv.lock"),
        ("inputs/baseline/web/package-lock.json", "baseline/package-lock.json"),
        ("soup/records/viewer.yaml", "records/viewer.yaml"),
    ]:
        (project.root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DEMO / source, project.root / target)
    shutil.copytree(DEMO / "inputs/advisories", project.root / "advisories")
    return project


def _with_baseline(project: Project, baseline: str) -> None:
    project.write("conf.py", CONF + baseline)


def _row(html: str, name: str) -> str:
    """The first table row whose name cell is ``name``."""
    return re.search(rf"<tr[^>]*>(?:(?!</tr>).)*?>{re.escape(name)}<(?:(?!</tr>).)*</tr>", html, re.S).group(0)


def _text(html: str) -> str:
    """The visible text, words separated by one space (none before punctuation)."""
    return re.sub(r" ([:,.])", r"\1", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_changes_page_tables_and_links(project: Project):
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "soup.baseline" not in result.stderr
    html = project.html("changes")
    text = _text(html)
    assert "Compared with the baseline baseline/package-lock.json, inputs/py/uv.lock:" in text
    assert "2 added, 1 removed, 5 upgraded, 1 downgraded, 3 changed," in text and "0 license changes" in text
    # an upgraded item links to its soup-details section; its record was verified for the new version
    axios = _row(html, "axios")
    assert 'href="details.html#soup-npm-axios"' in axios
    assert ">upgraded<" in axios and ">0.19.2<" in axios and ">0.21.1<" in axios
    assert "0.21.1 by A. Auditor on 2026-10-15" in axios
    assert ">downgraded<" in _row(html, "chart.js")
    # the removed package: its baseline file and line, no link (no section shows it any more)
    removed = re.search(r"<span class=\"caption-text\">Removed</span>.*?</table>", html, re.S).group(0)
    assert "underscore" in removed and "baseline/package-lock.json:" in removed and "details.html" not in removed
    added = re.search(r"<span class=\"caption-text\">Added</span>.*?</table>", html, re.S).group(0)
    assert 'href="details.html#soup-npm-dompurify"' in added
    assert "Web only" in text and text.count("Upgraded, downgraded and changed versions") == 2


def test_changes_page_gaps_are_visible(project: Project):
    """moment's record was verified for 2.29.0 and one advisory of 2.29.1 is not evaluated: both are gaps."""
    assert project.build().returncode == 0
    moment = _row(project.html("changes"), "moment")
    assert '<em class="soup-missing">no: verified for 2.29.0</em>' in moment
    assert '<em class="soup-missing">2 of 2 not evaluated for 2.29.1</em>' in moment  # no advisory evaluations here


def test_no_baseline_says_so(project: Project):
    _with_baseline(project, "")
    assert project.build().returncode == 0
    assert "no baseline configured (soup_baseline)" in project.html("changes")


def test_bad_baselines_warn_at_conf_py_and_the_build_finishes(project: Project):
    _with_baseline(project, 'soup_baseline = [\n    "git:v1.0",\n    "baseline/missing.lock",\n]\n')
    result = project.build()
    assert result.returncode == 0
    conf = project.root / "conf.py"
    line = conf.read_text().splitlines().index('    "git:v1.0",') + 1
    warnings = sorted(w for w in result.stderr.splitlines() if "soup.baseline" in w)
    assert len(warnings) == 2, result.stderr
    assert warnings[0].startswith(f"{project.root / 'baseline/missing.lock'}:: WARNING: file not found")
    assert warnings[1].startswith(f"{conf}:{line}: WARNING: soup_baseline git:v1.0: not a git repository")
    text = _text(project.html("changes"))
    assert "Compared with the baseline git:v1.0, baseline/missing.lock: " in text and " 0 unchanged" in text
    strict = project.build("-D", "soup_strict=1")
    assert strict.returncode == 1 and f"{conf}:{line}: ERROR: soup_baseline git:v1.0" in strict.stderr


def test_latex_has_the_tables(project: Project):
    result = project.build(builder="latex", out="_build/latex")
    assert result.returncode == 0, result.stderr
    tex = next((project.root / "_build/latex").glob("*.tex")).read_text()
    section = tex[tex.index("Compared with the baseline") :]
    assert "Upgraded, downgraded and changed versions" in section and "\\begin{longtable}" in section
    assert "underscore" in section and "0.19.2" in section


def test_incremental_after_baseline_edit_equals_clean(project: Project, tmp_path: Path):
    assert project.build().returncode == 0
    before = _body(project.html("changes"))
    baseline = project.root / "baseline/package-lock.json"
    baseline.write_text(baseline.read_text().replace('"version": "0.19.2"', '"version": "0.21.4"'))
    assert project.build().returncode == 0
    after = _body(project.html("changes"))
    assert after != before and ">downgraded<" in _row(after, "axios")
    assert after == _body(_clean_copy(project, tmp_path).html("changes"))


def test_incremental_after_the_git_ref_moves_equals_clean(project: Project, tmp_path: Path):
    """Moving the tag (no input file changes) re-reads the changes page: the baseline is keyed on the commit."""
    if shutil.which("git") is None:
        pytest.skip("git not installed")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.email=qa@example.com", "-c", "user.name=QA", *args], cwd=project.root,
                       check=True, capture_output=True)  # fmt: skip

    _with_baseline(project, 'soup_baseline = "git:release"\n')
    lock = project.root / "inputs/web/package-lock.json"
    current = lock.read_text()
    shutil.copy(project.root / "baseline/package-lock.json", lock)
    git("init", "-q")
    git("add", "conf.py", "inputs")
    git("commit", "-q", "-m", "2.2")
    git("tag", "release")
    lock.write_text(current)
    git("commit", "-q", "-am", "2.3")
    assert project.build().returncode == 0
    assert ">upgraded<" in _row(project.html("changes"), "axios")
    git("tag", "-f", "release", "HEAD")
    assert project.build().returncode == 0
    after = _body(project.html("changes"))
    assert "0 upgraded" in _text(after) and "axios" not in after
    clean = _clean_copy(project, tmp_path)  # a copy of the repository, .git included
    assert after == _body(clean.html("changes"))


def test_strict_build_fails_on_an_unreadable_baseline_alone(tmp_path: Path):
    """No other gap in the project: the baseline problem alone fails the strict build (without -W)."""
    project = Project(tmp_path / "strict")
    project.write("conf.py", 'extensions = ["sphinx_needs", "sphinxcontrib.soup"]\nsoup_baseline = "git:v1.0"\n')
    project.write("index.rst", "Strict\n======\n\n.. soup-changes::\n")
    assert project.build().returncode == 0
    strict = project.build("-E", "-D", "soup_strict=1")
    assert strict.returncode == 1 and "ERROR: soup_baseline git:v1.0: not a git repository" in strict.stderr
