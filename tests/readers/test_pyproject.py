"""pyproject.toml reader: PEP 621, PEP 735, tool.uv and Poetry declarations, on real files and edge cases."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sphinxcontrib.soup.facades.pep508 import canonical_name
from sphinxcontrib.soup.readers.pyproject import read_pyproject
from sphinxcontrib.soup.readers.uv import read_uv_lock

from .pyhelpers import assert_well_formed


def read(path: Path | str, text: str | None = None):
    text = Path(path).read_text() if text is None else textwrap.dedent(text)
    result = read_pyproject(text, str(path))
    assert_well_formed(result, str(path))
    assert not result.locked and all(c.direct for c in result.components)
    return result


def rows(result) -> dict[str, tuple]:
    """name -> (version, pinned, scope, groups) of each component (one per name in these files)."""
    return {c.name: (c.version, c.pinned, c.scope, c.groups) for c in result.components}


# --------------------------------------------------------------------------- real files


def test_uv_project(corpus: Path) -> None:
    result = read(corpus / "generated/uv/pyproject.toml")
    got = rows(result)
    assert len(got) == 17 and not result.problems
    assert got["flask"] == ("<2", False, "runtime", ())
    assert got["requests"] == ("2.25.0", True, "runtime", ())
    assert got["pydantic"] == (">=2,<3", False, "runtime", ())  # as written, not packaging's "<3,>=2"
    assert got["gunicorn"] == ("*", False, "runtime", ())
    assert got["psycopg2-binary"] == (">=2.9", False, "optional", ("postgres",))
    assert got["redis"] == (">=5", False, "optional", ("redis",))
    assert got["pytest"] == (">=8", False, "dev", ("dev",))
    assert got["mypy"] == ("*", False, "dev", ("lint",))
    utils = next(c for c in result.components if c.name == "corpus-utils")
    assert (utils.origin, utils.resolved) == ("path", "libs/corpus-utils")  # from [tool.uv.sources]
    lines = {c.name: c.source.line for c in result.components}
    assert (lines["flask"], lines["corpus-utils"], lines["redis"], lines["ruff"], lines["mypy"]) == (8, 18, 23, 26, 27)


def test_uv_project_declares_what_its_lock_has_as_direct(corpus: Path) -> None:
    """Cross-check with the lock: every declared name is a direct package of generated/uv/uv.lock."""
    declared = {canonical_name(c.name): c.scope for c in read(corpus / "generated/uv/pyproject.toml").components}
    lock_path = corpus / "generated/uv/uv.lock"
    lock = read_uv_lock(lock_path.read_text(), str(lock_path))
    direct = {canonical_name(c.name): c.scope for c in lock.components if c.direct}
    assert declared == direct


def test_poetry_project(corpus: Path) -> None:
    result = read(corpus / "generated/poetry/pyproject.toml")
    assert not result.problems
    numpy = [(c.version, c.source.line) for c in result.components if c.name == "numpy"]
    assert numpy == [("^1.26", 13), ("^2.1", 13)]  # two constraints, verbatim
    got = rows(result)
    assert "python" not in got
    assert got["jinja2"] == ("2.11.2", True, "runtime", ())  # a bare Poetry version is exact
    assert got["pydantic"] == ("^2.5", False, "runtime", ())
    assert got["gunicorn"] == ("*", False, "runtime", ())
    assert got["psycopg2-binary"] == ("^2.9", False, "optional", ("postgres",))
    assert got["pytest"] == ("^8.0", False, "dev", ("dev",))
    assert got["mkdocs"] == ("^1.5", False, "dev", ("docs",))
    utils = next(c for c in result.components if c.name == "corpus-utils")
    assert (utils.origin, utils.resolved, utils.source.line) == ("path", "libs/corpus-utils", 23)
    gunicorn = next(c for c in result.components if c.name == "gunicorn")
    assert gunicorn.marker == "sys_platform != 'win32'"


def test_poetry_2_project_with_pep621_and_groups(corpus: Path) -> None:
    result = read(corpus / "fetched/python/poetry/poetry.pyproject.toml")
    assert not result.problems
    runtime = [c for c in result.components if c.scope == "runtime"]
    assert len(runtime) == 22
    core = runtime[0]
    assert (core.name, core.origin, core.resolved, core.version) == (
        "poetry-core",
        "git",
        "git+https://github.com/python-poetry/poetry-core.git",
        "",
    )
    assert next(c for c in runtime if c.name == "build").version == ">=1.2.1,<2.0.0"  # "build (>=1.2.1,<2.0.0)"
    dulwich = sorted((c.version, c.scope, c.groups, c.source.line) for c in result.components if c.name == "dulwich")
    assert dulwich == [(">=0.25.0,<2", "runtime", (), 11), (">=1.2.1", "dev", ("test",), 77)]
    annotate = next(c for c in result.components if c.name == "pytest-github-actions-annotate-failures")
    assert (annotate.version, annotate.groups, annotate.source.line) == ("^0.1.7", ("github-actions",), 94)


@pytest.mark.parametrize(
    ("name", "runtime", "dev"),
    [
        ("fetched/python/uv/gdown.pyproject.toml", 5, 9),
        ("fetched/python/uv/problematic-project.pyproject.toml", 38, 0),
        ("generated/uv/libs/corpus-utils/pyproject.toml", 1, 0),
        ("generated/poetry/libs/corpus-utils/pyproject.toml", 1, 0),
    ],
)
def test_counts(corpus: Path, name: str, runtime: int, dev: int) -> None:
    result = read(corpus / name)
    assert sum(c.scope == "runtime" for c in result.components) == runtime
    assert sum(c.scope == "dev" for c in result.components) == dev
    assert not result.problems


def test_gdown_marker_and_pinned_project(corpus: Path) -> None:
    gdown = read(corpus / "fetched/python/uv/gdown.pyproject.toml")
    typing = next(c for c in gdown.components if c.name == "typing_extensions")
    assert (typing.version, typing.marker, typing.source.line) == (">=4.0", 'python_version < "3.12"', 32)
    problematic = read(corpus / "fetched/python/uv/problematic-project.pyproject.toml")
    assert all(c.pinned for c in problematic.components)  # all ``==`` pins: exact, though not a lock


# --------------------------------------------------------------------------- constructs


def test_dependency_groups_include_and_self_reference(tmp_path: Path) -> None:
    result = read(
        tmp_path / "pyproject.toml",
        """\
        [project]
        name = "My_Project"
        dependencies = ["attrs>=23"]

        [project.optional-dependencies]
        cli = ["click>=8"]
        all = ["my-project[cli]"]

        [dependency-groups]
        test = ["pytest>=8", {include-group = "lint"}]
        lint = ["ruff"]
        dev = [{include-group = "test"}, "my-project[cli]"]

        [tool.uv]
        dev-dependencies = ["ipython"]
        """,
    )
    comps = {c.name: c for c in result.components}
    assert set(comps) == {"attrs", "click", "pytest", "ruff", "ipython"}  # my-project[cli] is the project
    assert comps["pytest"].groups == ("dev", "test")
    assert comps["ruff"].groups == ("dev", "lint", "test")
    assert comps["ipython"].groups == ("dev",) and comps["ipython"].scope == "dev"
    assert comps["click"].scope == "optional" and comps["click"].source.line == 6
    assert not result.problems


def test_poetry_tables_git_url_and_groups(tmp_path: Path) -> None:
    sha = "e3998b0e111dc03e4aa721fd054c48e5c7de6fc5"
    result = read(
        tmp_path / "pyproject.toml",
        f"""\
        [tool.poetry]
        name = "app"

        [tool.poetry.dependencies]
        python = "^3.10"
        exact = "==1.2.3"
        tilde = "~1.2"
        star = "1.2.*"
        core = {{ git = "https://github.com/python-poetry/poetry-core.git", rev = "{sha}" }}
        wheel = {{ url = "https://files.example/wheel-1.0-py3-none-any.whl" }}
        opt = {{ version = "^1", optional = true, extras = ["x"], markers = "sys_platform == 'linux'" }}

        [tool.poetry.dependencies.subtable]
        version = ">=2"

        [tool.poetry.dev-dependencies]
        black = "^24"

        [tool.poetry.group.main.dependencies]
        mainly = "^3"

        [tool.poetry.extras]
        extra-x = ["opt"]
        """,
    )
    got = rows(result)
    assert got["exact"] == ("1.2.3", True, "runtime", ())
    assert got["tilde"] == ("~1.2", False, "runtime", ())
    assert got["star"] == ("1.2.*", False, "runtime", ())
    assert got["opt"] == ("^1", False, "optional", ("extra-x",))
    assert got["black"] == ("^24", False, "dev", ("dev",))
    assert got["mainly"] == ("^3", False, "runtime", ("main",))
    assert got["subtable"] == (">=2", False, "runtime", ())
    comps = {c.name: c for c in result.components}
    assert (comps["core"].origin, comps["core"].resolved) == (
        "git",
        f"https://github.com/python-poetry/poetry-core.git@{sha}",
    )
    assert comps["wheel"].origin == "url"
    assert comps["opt"].marker == "sys_platform == 'linux'"
    assert comps["subtable"].source.line == 13


def test_uv_sources_workspace_members_are_not_soup(tmp_path: Path) -> None:
    result = read(
        tmp_path / "pyproject.toml",
        """\
        [project]
        name = "root"
        dependencies = ["member-a", "gitdep", "plain"]

        [tool.uv.sources]
        member-a = { workspace = true }
        gitdep = { git = "https://github.com/org/gitdep", tag = "v1" }
        """,
    )
    comps = {c.name: c for c in result.components}
    assert set(comps) == {"gitdep", "plain"}
    assert (comps["gitdep"].origin, comps["gitdep"].resolved) == ("git", "https://github.com/org/gitdep@v1")


# --------------------------------------------------------------------------- bad input


def test_invalid_toml_is_a_located_parse_problem(tmp_path: Path) -> None:
    result = read(tmp_path / "pyproject.toml", '[project]\nname = "x"\ndependencies = ["a",\n')
    [problem] = result.problems
    assert problem.kind == "parse" and problem.source.line == 3 and not result.components
    assert problem.message == "invalid TOML: Invalid value"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('[project]\ndependencies = "flask"\n', 1, "list of requirement strings"),
        ('[project]\ndependencies = ["flask", 3]\n', 1, "entry 3"),
        ('[project]\ndependencies = [\n  "ok",\n  "bad name!!",\n]\n', 4, "invalid requirement 'bad name!!'"),
        ("project = 3\n", 1, "[project] should be a table"),
        ('[project]\noptional-dependencies = ["x"]\n', 2, "a table of extras"),
        ('[project.optional-dependencies]\nx = "y"\n', 2, "optional-dependencies 'x'"),
        ('[dependency-groups]\na = [{include-group = "b"}]\nb = [{include-group = "a"}]\n', 3, "cycle"),
        ('[dependency-groups]\na = [{include-group = "missing"}]\n', 1, "include-group"),
        ('[dependency-groups]\na = "x"\n', 1, "should be a list"),
        ("dependency-groups = 1\n", 1, "a table of groups"),
        ('[tool.poetry]\ndependencies = ["x"]\n', 2, "a table of dependencies"),
        ("[tool.poetry.dependencies]\nx = 3\n", 2, "expected a version string or a table"),
        ("[tool.uv]\ndev-dependencies = 3\n", 1, "dev-dependencies"),
    ],
)
def test_wrong_content_is_located(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    result = read(tmp_path / "pyproject.toml", text)
    assert result.problems, text
    problem = result.problems[0]
    assert problem.kind == "manifest" and fragment in problem.message and problem.source.line == line, problem


def test_poetry_value_of_wrong_type_keeps_the_package(tmp_path: Path) -> None:
    result = read(tmp_path / "pyproject.toml", "[tool.poetry.dependencies]\nweird = 3\n")
    assert [c.name for c in result.components] == ["weird"]  # reported and kept, not dropped
