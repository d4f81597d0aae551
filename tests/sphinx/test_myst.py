"""Every soup directive from a MyST Markdown page renders the same tables as from reStructuredText.

Two copies of the demo DHF (its conf.py, inputs and records), each with one page per directive: one written in
reStructuredText, one in MyST Markdown. Both are built with -W (and the demo's deliberate gaps suppressed) and
every soup table of each page must match, caption, cells and link targets. Directives other branches are
adding (soup-changes, soup-gaps, soup-evidence) join in once the extension registers them.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_demo import DEMO_DATE

from .conftest import Project

pytest.importorskip("myst_parser")

DEMO = ROOT / "demo_docs"
SPHINXEXT = ROOT / "sphinxcontrib/soup/sphinxext"
#: the demo's deliberate gaps, as CI suppresses them (.ci/run's DEMO_OK)
DEMO_OK = re.search(r'^DEMO_OK="([^"]+)"', (ROOT / ".ci/run").read_text(), re.M).group(1)
#: the build date of the demo tests, so date checks do not drift
DEMO_ENV = {"SOURCE_DATE_EPOCH": DEMO_DATE}

#: page -> the directives on it, each (directive, options); options as written on the directive
PAGES: dict[str, list[tuple[str, dict[str, str]]]] = {
    "list": [
        ("soup-list", {"system": "Viewer", "caption": "Viewer SOUP"}),
        ("soup-list", {"system": "Ingest service", "transitive": "grouped", "columns": "name, version, license"}),
    ],
    "details": [("soup-details", {"system": "Viewer, Gateway"})],
    "licenses": [("soup-licenses", {"system": "Gateway", "parts": "summary, inventory", "caption": "Gateway"})],
    "anomalies": [("soup-anomalies", {}), ("soup-anomalies", {"item": "lodash", "caption": "Lodash"})],
    "risks": [("soup-risks", {})],
    "requirements": [("soup-requirements", {})],
    "tests": [("soup-tests", {"slowest": "2", "caption": "Runs"})],
    "traceability": [("soup-traceability", {})],
    # added on other branches: tested once merged (no options: theirs are not known here)
    "changes": [("soup-changes", {})],
    "gaps": [("soup-gaps", {})],
    "evidence": [("soup-evidence", {})],
}


def registered(directive: str) -> bool:
    """Whether the extension registers ``directive`` (its ``add_directive`` call is in the Sphinx layer)."""
    return any(f'add_directive("{directive}"' in path.read_text() for path in SPHINXEXT.glob("*.py"))


ACTIVE = {page: directives for page, directives in PAGES.items() if all(registered(d) for d, _ in directives)}


def rst_page(title: str, directives: list[tuple[str, dict[str, str]]]) -> str:
    blocks = [f".. {name}::\n" + "".join(f"   :{k}: {v}\n" for k, v in options.items()) for name, options in directives]
    return f"{title}\n{'=' * len(title)}\n\nSome text before the directive.\n\n" + "\n".join(blocks)


def md_page(label: str, title: str, directives: list[tuple[str, dict[str, str]]], yaml_options: bool = False) -> str:
    """MyST fences; options as ``:key: value`` lines, or as a YAML block between ``---`` lines."""
    blocks = []
    for name, options in directives:
        if yaml_options and options:
            lines = "---\n" + "".join(f"{k}: {v}\n" for k, v in options.items()) + "---\n"
        else:
            lines = "".join(f":{k}: {v}\n" for k, v in options.items())
        blocks.append(f"```{{{name}}}\n{lines}```\n")
    # a MyST target line first: the first directive is on the same line as in rst_page (anchors of the
    # transitive table and of the license notices are made from the directive's line)
    return f"({label})=\n# {title}\n\nSome text before the directive.\n\n" + "\n".join(blocks)


def demo_copy(root: Path, pages: list[str]) -> Project:
    """The demo's configuration, inputs and records with MyST enabled, and ``pages`` in the toctree."""
    project = Project(root)
    root.mkdir(parents=True)
    shutil.copy(DEMO / "conf.py", root / "conf.py")
    shutil.copytree(DEMO / "inputs", root / "inputs")
    shutil.copytree(DEMO / "product", root / "product")  # soup_sources
    shutil.copytree(DEMO / "soup/records", root / "soup/records")
    conf = root / "conf.py"
    conf.write_text(conf.read_text() + 'extensions = ["myst_parser", "sphinx_needs", "sphinxcontrib.soup"]\n')
    toctree = "".join(f"   pages/{page}\n" for page in pages)
    project.write("index.rst", f"Demo\n====\n\n.. toctree::\n\n{toctree}")
    return project


def make_demo_copy(root: Path, markdown: bool) -> Project:
    """A demo copy with one page per directive, all in reStructuredText or all in MyST Markdown."""
    extra = ["list-yaml", "cross"] if markdown else []
    project = demo_copy(root, [*ACTIVE, *extra])
    for page, directives in ACTIVE.items():
        if markdown:
            project.write(f"pages/{page}.md", md_page(page, page.capitalize(), directives))
        else:
            project.write(f"pages/{page}.rst", rst_page(page.capitalize(), directives))
    if markdown:  # the same list with MyST's YAML option block, and an .rst page linking into the .md ones
        project.write("pages/list-yaml.md", md_page("list-yaml", "List", ACTIVE["list"], yaml_options=True))
        project.write("pages/cross.rst", rst_page("Cross", [("soup-list", {"system": "Gateway"})]))
    return project


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Project]:
    root = tmp_path_factory.mktemp("myst")
    rst, md = make_demo_copy(root / "rst", markdown=False), make_demo_copy(root / "md", markdown=True)
    for project in (rst, md):
        result = project.build("-W", "--keep-going", "-D", f"suppress_warnings={DEMO_OK}", env=DEMO_ENV)
        assert result.returncode == 0, result.stderr
    return rst, md


class Tables(HTMLParser):
    """The soup tables of a page: caption, then rows of (cell text, link targets); and the SVG pictures."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.svgs = 0
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._links: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.svgs += tag == "svg"
        if tag == "table" and "soup-table" in (values.get("class") or "").split():
            self.tables.append({"caption": "", "rows": []})
        elif not self.tables:
            return
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell, self._links = [], []
        elif tag == "a" and self._cell is not None:
            self._links.append(values.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = "".join(self._caption).replace("\u00b6", "").strip()
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append((" ".join("".join(self._cell).split()), tuple(self._links)))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _tables(project: Project, page: str) -> Tables:
    return Tables(project.html(f"pages/{page}"))


@pytest.mark.parametrize("page", list(PAGES))
def test_markdown_page_renders_the_same_tables(builds: tuple[Project, Project], page: str):
    if page not in ACTIVE:
        pytest.skip(f"{PAGES[page][0][0]} is not registered on this branch")
    rst, md = (_tables(project, page) for project in builds)
    assert rst.tables, f"no soup table on the .rst {page} page"
    assert md.tables == rst.tables
    assert md.svgs == rst.svgs


def test_yaml_option_block_gives_the_same_list(builds: tuple[Project, Project]):
    rst, md = builds
    expected = _tables(rst, "list").tables
    assert _tables(md, "list-yaml").tables == expected
    # the options took effect: the caption, and the columns of the grouped table (its header row)
    assert expected[0]["caption"] == "Viewer SOUP"
    assert [text for text, _ in expected[-1]["rows"][0]] == ["Name", "Version", "License"]


def test_links_between_markdown_and_rst_pages(builds: tuple[Project, Project]):
    _, md = builds
    viewer = _tables(md, "list").tables[0]["rows"]
    axios = next(row for row in viewer if row[0][0] == "axios")
    assert axios[0][1] == ("details.html#soup-npm-axios",)  # .md list -> .md details
    assert 'id="soup-npm-axios"' in md.html("pages/details")
    gateway = _tables(md, "cross").tables[0]["rows"]
    assert any(row[0][1] and row[0][1][0].startswith("details.html#soup-nuget-") for row in gateway)  # .rst -> .md


def test_warnings_from_a_markdown_page_name_its_file_and_line(tmp_path: Path):
    project = demo_copy(tmp_path / "bad", ["bad"])
    conf = project.root / "conf.py"
    conf.write_text(conf.read_text() + 'needs_id_regex = "^X$"\n')  # every need id refused: a soup.needs warning
    text = "# Bad\n\ntext\n\n```{soup-list}\n:transitive: sideways\n```\n\n```{soup-details}\n:system: Gateway\n```\n"
    bad = project.write("pages/bad.md", text)
    result = project.build(env=DEMO_ENV)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    option = [line for line in lines if "sideways" in line]
    assert len(option) == 1 and option[0].startswith(f"{bad}:6: WARNING: 'soup-list': Invalid option value"), lines
    needs = [line for line in lines if "[soup.needs]" in line]
    assert needs and all(line.startswith(f"{bad}:9: WARNING: SOUP_NUGET_") for line in needs), needs
