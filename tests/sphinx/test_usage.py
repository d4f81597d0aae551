"""``soup-details`` shows where each SOUP is imported; an edited source file re-reads the pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import Project

DEMO_LOCK = Path(__file__).resolve().parents[2] / "demo_docs/inputs/web/package-lock.json"

CONF = """\
extensions = ["sphinx_needs", "sphinxcontrib.soup"]
project = "Usage"
soup_manifests = ["inputs/package-lock.json"]
soup_records = ["records.yaml"]
soup_sources = ["src"]
"""
RECORDS = """\
soup:
  - name: axios
    ecosystem: npm
    wrappers: [src/api/client.ts]
  - name: moment
    ecosystem: npm
    wrappers: [src/dates.ts]
"""
SOURCES = {
    "src/api/client.ts": 'import axios from "axios";\nexport const client = axios.create();\n',
    "src/dates.ts": "// formats dates\nexport const x = 1;\n",  # declared wrapper, but it imports nothing
    "src/app.tsx": '// import axios from "axios"  (a comment: not an import)\nimport React from "react";\n',
}


@pytest.fixture
def usage_project(tmp_path: Path) -> Project:
    project = Project(tmp_path / "dhf")
    project.write("conf.py", CONF)
    project.write("index.rst", "Usage\n=====\n\n.. soup-details::\n")
    project.write("records.yaml", RECORDS)
    for path, text in SOURCES.items():
        project.write(path, text)
    (project.root / "inputs").mkdir()
    shutil.copy(DEMO_LOCK, project.root / "inputs/package-lock.json")
    return project


def _used_in(html: str, title: str) -> str:
    section = html[html.index(f"<h2>{title}") :]
    cell = re.search(r"Used in</strong>.*?</tr>", section, re.S).group()
    return " ".join(re.sub(r"<[^>]+>", "", cell).split())


def _usage_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "[soup.usage]" in line]


def test_details_show_import_sites_and_gaps(usage_project: Project):
    result = usage_project.build()
    assert result.returncode == 0, result.stderr
    assert _usage_warnings(result.stderr) == []
    html = usage_project.html("index")
    assert _used_in(html, "axios") == (
        "Used in Imported as: axios (the package name); wrappers: src/api/client.ts. "
        "Imported in 1 file: src/api/client.ts:1"
    )
    assert _used_in(html, "react ") == (
        "Used in Imported as: react (the package name); no wrapper declared. Imported in 1 file: src/app.tsx:2"
    )
    moment = html[html.index("<h2>moment") :]
    assert '<em class="soup-missing">declared wrappers do not import it</em>' in moment[: moment.index("</table>")]
    assert "Not imported by the scanned sources." in _used_in(html, "zod")


def test_incremental_build_after_a_source_edit_equals_clean(usage_project: Project, tmp_path: Path):
    assert usage_project.build().returncode == 0
    app = usage_project.root / "src/app.tsx"
    app.write_text(app.read_text() + 'const api = require("axios");\n')
    result = usage_project.build()
    assert result.returncode == 0
    [warning] = _usage_warnings(result.stderr)
    assert warning.startswith(f"{app}:3: WARNING: axios: 'axios' imported outside its wrapper modules")
    incremental = usage_project.html("index")
    assert '<em class="soup-missing"><span>src/app.tsx:3 (outside the wrappers)</span></em>' in incremental
    clean = Project(tmp_path / "clean")
    shutil.copytree(usage_project.root, clean.root, ignore=shutil.ignore_patterns("_build"))
    assert clean.build().returncode == 0

    def body(html: str) -> str:
        return re.search(r'<div class="body" role="main">(.*?)<div class="sphinxsidebar"', html, re.S).group(1)

    assert body(incremental) == body(clean.html("index"))
