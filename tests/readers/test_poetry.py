"""poetry.lock reader: lock-versions 1.0 to 2.1 on real files, direct deps from the pyproject, bad input."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from sphinxcontrib.soup.facades.pep508 import canonical_name
from sphinxcontrib.soup.locate import toml_table_lines
from sphinxcontrib.soup.readers.poetry import read_poetry_lock
from sphinxcontrib.soup.readers.pyproject import read_pyproject

from .pyhelpers import assert_well_formed, by_key, expected, expected_triples, triples

POETRY = "fetched/python/poetry/"
GUESSED = "direct dependencies guessed"


def read(path: Path, text: str | None = None, **kwargs):
    result = read_poetry_lock(path.read_text() if text is None else textwrap.dedent(text), str(path), **kwargs)
    assert_well_formed(result, str(path))
    return result


# --------------------------------------------------------------------------- ground truth


def test_generated_lock_matches_ground_truth(corpus: Path) -> None:
    path = corpus / "generated/poetry/poetry.lock"
    result = read(path)
    truth = expected(path)
    assert triples(result) == expected_triples(truth)
    assert result.locked and not result.problems
    assert result.includes == (str(corpus / "generated/poetry/pyproject.toml"),)
    scope_of_kind = {"main": "runtime", "group:dev": "dev", "group:docs": "dev", "optional(extra)": "optional"}
    comps = by_key(result)
    for package in truth["packages"]:
        comp = comps[canonical_name(package["name"]), package["version"]]
        if "direct_kind" in package:
            assert comp.scope == scope_of_kind[package["direct_kind"]], package
        if package.get("local"):
            assert (comp.origin, comp.resolved) == ("path", "libs/corpus-utils")  # develop = true path dep


def test_generated_lock_scopes_via_and_forks(corpus: Path) -> None:
    comps = by_key(read(corpus / "generated/poetry/poetry.lock"))
    assert comps["psycopg2-binary", "2.9.13"].groups == ("main", "postgres")  # the [extras] asking for it
    assert comps["pysocks", "1.7.1"].via == ("requests",)
    assert comps["zipp", "3.23.1"].scope == "dev" and comps["zipp", "3.23.1"].via == ("mkdocs",)  # docs group only
    assert comps["click", "8.1.8"].via == ("black", "flask", "mkdocs")
    assert comps["numpy", "1.26.4"].marker == 'python_version < "3.12"'
    assert comps["annotated-types", "0.8.0"].source.line == 21
    assert comps["annotated-types", "0.8.0"].description == "Reusable constraint types to use with typing.Annotated"
    # markers as a table per group: installed when any group's marker holds
    assert comps["colorama", "0.4.6"].marker.count(" or (") == 2


def test_fetched_lock_with_its_pyproject(corpus: Path) -> None:
    """python-poetry's own lock (2.1): direct = the names its pyproject declares, all 35 locked."""
    path = corpus / POETRY / "poetry.poetry.lock"
    result = read(path)
    assert result.includes == (str(corpus / POETRY / "poetry.pyproject.toml"),)  # X.pyproject.toml beside X.poetry.lock
    assert not result.problems and len(result.components) == 78
    manifest = read_pyproject((corpus / POETRY / "poetry.pyproject.toml").read_text(), "pyproject.toml")
    declared = {canonical_name(c.name) for c in manifest.components}
    assert {canonical_name(c.name) for c in result.components if c.direct} == declared and len(declared) == 35
    comps = by_key(result)
    core = comps["poetry-core", "2.4.1"]
    assert (core.origin, core.direct) == ("git", True)
    assert core.resolved == "https://github.com/python-poetry/poetry-core.git@e3998b0e111dc03e4aa721fd054c48e5c7de6fc5"
    assert comps["cfgv", "3.5.0"].scope == "dev" and comps["cfgv", "3.5.0"].via == ("pre-commit",)
    assert comps["dulwich", "1.2.1"].scope == "runtime"  # main and test groups
    lines = toml_table_lines(path.read_text(), "package")
    assert [c.source.line for c in result.components] == lines


def test_manifest_text_argument(corpus: Path) -> None:
    """A caller may pass the pyproject text; the lock-version 1.0 categories still give the scopes."""
    manifest = """\
        [tool.poetry.dependencies]
        python = "^3.8"
        toml = "^0.10"
        arrow = "^1.3"
        [tool.poetry.dev-dependencies]
        isoduration = "^20"
        """
    path = corpus / POETRY / "cdxpy-main-and-dev.lock10.poetry.lock"
    result = read(path, manifest_text=textwrap.dedent(manifest), manifest_path="manifest.toml")
    assert result.includes == ("manifest.toml",) and not result.problems
    assert {c.name for c in result.components if c.direct} == {"toml", "arrow", "isoduration"}
    comps = by_key(result)
    assert comps["isoduration", "20.11.0"].scope == "dev"  # category = "dev"
    assert comps["six", "1.16.0"].via == ("arrow", "isoduration")


def test_declared_but_not_locked_is_reported(corpus: Path) -> None:
    path = corpus / POETRY / "cdxpy-main-and-dev.lock10.poetry.lock"
    result = read(path, manifest_text='[project]\nname = "x"\ndependencies = ["toml", "ghost"]\n')
    [problem] = result.problems
    assert problem.source == problem.source.__class__(str(path.with_name("pyproject.toml")), 3)
    assert "ghost" in problem.message


@pytest.mark.parametrize(
    ("name", "count", "direct", "scopes"),
    [
        # 1.0: keys sorted, category main/dev, [metadata.files]; direct guessed = nothing depends on them
        ("cdxpy-main-and-dev.lock10.poetry.lock", 7, {"colorama", "isoduration", "toml"}, {"isoduration": "dev"}),
        # 1.1: category + files; only toml is main
        ("cdxpy-group-deps.lock11.poetry.lock", 8, {"colorama", "ddt", "isoduration", "toml"}, {"toml": "runtime"}),
        # 2.0: no groups, no category: scope from the (guessed) direct ones
        ("cdxpy-local.lock20.poetry.lock", 3, {"package-a", "package-b", "package-c"}, {}),
        # 2.1: pathlib2 at three versions, 2.3.5 twice (PyPI and git); six at two versions
        ("cdxpy-multi-constraint-deps.lock21.poetry.lock", 7, {"pathlib2"}, {}),
    ],
)
def test_cyclonedx_fixture_locks(corpus: Path, name: str, count: int, direct: set, scopes: dict) -> None:
    result = read(corpus / POETRY / name)
    assert len(result.components) == count
    assert {c.name for c in result.components if c.direct} == direct
    [problem] = result.problems
    assert GUESSED in problem.message and problem.source.path.endswith(name)
    for comp in result.components:
        assert comp.scope == scopes.get(comp.name, "runtime" if "lock11" not in name else "dev"), comp


def test_local_and_git_sources(corpus: Path) -> None:
    local = {c.name: c for c in read(corpus / POETRY / "cdxpy-local.lock20.poetry.lock").components}
    assert local["package-a"].origin == "path"
    assert local["package-a"].resolved == "../../../_helpers/local_pckages/a/dist/package-a-23.42.tar.gz"
    assert local["package-c"].resolved == "../../../_helpers/local_pckages/c"
    forks = read(corpus / POETRY / "cdxpy-multi-constraint-deps.lock21.poetry.lock").components
    pathlib2 = sorted((c.version, c.origin, c.source.line) for c in forks if c.name == "pathlib2")
    assert pathlib2 == [
        ("2.3.5", "git", 20),
        ("2.3.5", "registry", 3),
        ("2.3.6", "registry", 41),
        ("2.3.7.post1", "registry", 58),
    ]
    git = next(c for c in forks if c.origin == "git")
    assert git.purl.startswith("pkg:pypi/pathlib2@2.3.5?vcs_url=")
    six = {c.version: c.via for c in forks if c.name == "six"}
    assert six == {"1.11.0": ("pathlib2",), "1.17.0": ("pathlib2",)}


def test_edges_follow_constraints_between_forks(tmp_path: Path) -> None:
    """A dependency on a name locked twice goes to the versions its Poetry constraint allows."""
    path = tmp_path / "poetry.lock"
    path.write_text(
        textwrap.dedent(
            """\
            [[package]]
            name = "old-user"
            version = "1.0"
            [package.dependencies]
            lib = "^1.2"

            [[package]]
            name = "new-user"
            version = "1.0"
            [package.dependencies]
            lib = [{version = ">=2", markers = "python_version >= '3.12'"}, {version = "~2.1", python = "<3.12"}]

            [[package]]
            name = "lib"
            version = "1.4.0"

            [[package]]
            name = "lib"
            version = "2.1.5"
            """
        )
    )
    (tmp_path / "pyproject.toml").write_text('[project]\ndependencies = ["old-user", "new-user"]\n')
    comps = by_key(read(path))
    assert comps["lib", "1.4.0"].via == ("old-user",)
    assert comps["lib", "2.1.5"].via == ("new-user",)


# --------------------------------------------------------------------------- bad input


def test_invalid_toml(tmp_path: Path) -> None:
    result = read(tmp_path / "poetry.lock", '[[package]]\nname = "a"\nversion = \n')
    [problem] = result.problems
    assert problem.kind == "parse" and problem.source.line == 3 and not result.components


@pytest.mark.parametrize(
    ("text", "line", "fragment", "names"),
    [
        ('package = "x"\n', 1, "array of [[package]] tables", set()),
        ("package = [1]\n", None, "not a table", set()),
        ('[[package]]\nversion = "1"\n', 1, "without a valid name", set()),
        ('[[package]]\nname = "a"\n', 1, "no valid version", {"a"}),
        ('[[package]]\nname = "a"\nversion = "1"\ndependencies = [1]\n', 1, "should be a table", {"a"}),
    ],
)
def test_wrong_content_is_located(tmp_path: Path, text: str, line, fragment: str, names: set) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    result = read(tmp_path / "poetry.lock", text)
    problem = result.problems[0]
    assert problem.kind == "manifest" and fragment in problem.message and problem.source.line == line, problem
    assert {c.name for c in result.components} == names


def test_wrong_types_in_optional_places(tmp_path: Path) -> None:
    text = """\
        [[package]]
        name = "a"
        version = "1"
        groups = "main"
        category = 3
        optional = "yes"
        markers = 4
        source = "pypi"
        description = []

        [package.dependencies]
        b = 5
        c = [1, {version = 2}]

        [extras]
        x = "a"
        """
    result = read(tmp_path / "poetry.lock", text)
    [comp] = result.components
    assert (comp.name, comp.version, comp.origin, comp.marker, comp.scope) == ("a", "1", "registry", None, "runtime")


# --------------------------------------------------------------------------- size


def test_large_lock_reads_completely(corpus: Path, tmp_path: Path) -> None:
    """A 1,512-package lock (the corpus lock 24 times, renamed): every package, direct set and via edge.

    Its timing against a bare parse is in tests/benchmarks/bench_inventory.py, not in a timed unit test.
    """
    text = _large_lock((corpus / "generated/poetry/poetry.lock").read_text(), copies=24)
    assert text.count("[[package]]") == 24 * 63
    declared = read_pyproject((corpus / "generated/poetry/pyproject.toml").read_text(), "pyproject.toml").components
    names = ", ".join(f'"c{i}-{c.name}"' for i in range(24) for c in declared)
    manifest = f"[project]\ndependencies = [{names}]\n"
    path = tmp_path / "poetry.lock"
    result = read_poetry_lock(text, str(path), manifest_text=manifest)
    assert sum(c.direct for c in result.components) == 24 * 18 and not result.problems
    assert sum(bool(c.via) for c in result.components) == 24 * (63 - 18)


def _large_lock(text: str, copies: int) -> str:
    """``copies`` copies of the package tables, each package and dependency name prefixed per copy."""
    body = re.sub(r"^files = \[\n(?:.*\n)*?\]\n", "", text.partition("\n[extras]")[0], flags=re.M)
    parts = []
    for i in range(copies):
        lines, in_dependencies = [], False
        for line in body.splitlines():
            if line.startswith("["):
                in_dependencies = line == "[package.dependencies]"
            elif line.startswith('name = "') or (in_dependencies and "=" in line):
                head = 'name = "' if line.startswith('name = "') else ""
                line = f"{head}c{i}-{line[len(head) :]}"
            lines.append(line)
        parts.append("\n".join(lines))
    return "\n".join(parts) + '\n[metadata]\nlock-version = "2.1"\n'
