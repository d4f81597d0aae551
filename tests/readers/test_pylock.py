"""pylock.toml (PEP 751) reader: uv's export against the ground truth, pipenv's export, graphs, bad input."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.facades.pep508 import canonical_name
from sphinxcontrib.soup.locate import toml_table_lines
from sphinxcontrib.soup.model import Source
from sphinxcontrib.soup.readers import pylock
from sphinxcontrib.soup.readers.pylock import marker_scope, read_pylock

from .helpers_langs_a import register
from .pyhelpers import assert_well_formed, by_key, expected, expected_triples, triples

UV = "generated/uv/"
SCOPE_OF_KIND = {"prod": "runtime", "group:dev": "dev", "group:lint": "dev", "extra:postgres": "optional"}


def read(path: Path, text: str | None = None, **kwargs):
    result = read_pylock(path.read_text() if text is None else textwrap.dedent(text), str(path), **kwargs)
    assert_well_formed(result, str(path))
    return result


# --------------------------------------------------------------------------- ground truth


def test_uv_export_matches_ground_truth(corpus: Path) -> None:
    path = corpus / UV / "pylock.toml"
    result = read(path)
    truth = expected(path)
    assert triples(result) == expected_triples(truth)
    assert not result.problems and len(result.components) == 65  # 66 entries, the project is not one
    assert result.includes == (
        str(corpus / UV / "pyproject.toml"),
        str(corpus / UV / "libs/corpus-utils/pyproject.toml"),
    )
    comps = by_key(result)
    for package in truth["packages"]:
        comp = comps[canonical_name(package["name"]), package["version"]]
        assert comp.marker == package.get("marker"), comp
        if package.get("direct_kind") in SCOPE_OF_KIND:
            assert comp.scope == SCOPE_OF_KIND[package["direct_kind"]], comp
    assert comps["redis", "8.1.0"].scope == "optional" and comps["redis", "8.1.0"].groups == ("redis",)
    assert comps["mypy", "2.4.1"].groups == ("lint",)


def test_uv_export_local_directory_and_lines(corpus: Path) -> None:
    path = corpus / UV / "pylock.toml"
    result = read(path)
    utils = by_key(result)["corpus-utils", "0.1.0"]  # no version in the lock: its pyproject.toml gives it
    assert (utils.origin, utils.resolved, utils.direct, utils.pinned) == ("path", "libs/corpus-utils", True, True)
    assert utils.source.line == 129
    lines = toml_table_lines(path.read_text(), "packages")
    assert [c.source.line for c in result.components] == [line for line in lines if line != 125]  # 125: the project
    assert all(c.via == () for c in result.components)  # uv writes no dependencies: no graph


# --------------------------------------------------------------------------- pipenv's export


def test_pipenv_export_scopes_from_markers(corpus: Path) -> None:
    path = corpus / "fetched/python/pylock/pipenv.pylock.toml"
    result = read(path)
    [problem] = result.problems  # no pyproject.toml and no dependencies: all direct
    assert problem.kind == "input" and "every package is taken as direct" in problem.message
    assert len(result.components) == 103 and all(c.direct for c in result.components)
    dev = [c for c in result.components if c.scope == "dev"]
    assert len(dev) == 102 and all(c.groups == ("dev",) for c in dev)
    pytz = by_key(result)["pytz", "2026.1.post1"]
    assert (pytz.scope, pytz.groups, pytz.marker, pytz.source.line) == ("runtime", (), None, 8)
    alabaster = by_key(result)["alabaster", "1.0.0"]
    assert alabaster.marker == "('dev' in dependency_groups) and (python_version >= '3.10')"


@pytest.mark.parametrize(
    ("marker", "scope", "groups"),
    [
        (None, None, ()),
        ("python_version >= '3.9'", None, ()),
        ("'dev' in dependency_groups", "dev", ("dev",)),
        ("('dev' in dependency_groups) and (python_version >= '3.10')", "dev", ("dev",)),
        ('"default" in dependency_groups', "runtime", ("default",)),  # a default group: installed anyway
        ("'pg' in extras", "optional", ("pg",)),
        ("'dev' not in dependency_groups", None, ()),
        ("'test' in dependency_groups or 'docs' in dependency_groups", "dev", ("docs", "test")),
    ],
)
def test_marker_scope(marker, scope, groups) -> None:
    assert marker_scope(marker, {"default"}) == (scope, groups)


# --------------------------------------------------------------------------- graph, origins, manifests

GRAPH = """\
    lock-version = "1.0"
    default-groups = ["default"]

    [[packages]]
    name = "app"
    directory = { path = ".", editable = true }
    dependencies = [{ name = "web" }, { name = "pytest" }]

    [[packages]]
    name = "web"
    version = "2.0"
    dependencies = [{ name = "core", version = "1.1" }]

    [[packages]]
    name = "pytest"
    version = "8.0"
    marker = "'dev' in dependency_groups"
    dependencies = [{ name = "core", version = "1.0" }, { name = "pluggy" }]

    [[packages]]
    name = "core"
    version = "1.0"

    [[packages]]
    name = "core"
    version = "1.1"

    [[packages]]
    name = "pluggy"
    version = "1.5"

    [[packages]]
    name = "tool"
    [packages.vcs]
    type = "git"
    url = "https://h/tool.git"
    requested-revision = "main"
    commit-id = "0123456789abcdef0123456789abcdef01234567"

    [[packages]]
    name = "blob"
    archive = { url = "https://h/blob-1.0.tar.gz", hashes = { sha256 = "00" } }
    """


def test_graph_from_the_project_entry(tmp_path: Path) -> None:
    result = read(tmp_path / "pylock.toml", GRAPH)
    comps = by_key(result)
    assert {name for (name, _), c in comps.items() if c.direct} == {"web", "pytest"}
    assert (comps["core", "1.1"].via, comps["core", "1.1"].scope) == (("web",), "runtime")
    assert (comps["core", "1.0"].via, comps["core", "1.0"].scope) == (("pytest",), "dev")  # only pytest's
    assert (comps["pluggy", "1.5"].via, comps["pluggy", "1.5"].scope) == (("pytest",), "dev")
    tool = comps["tool", ""]
    assert (tool.origin, tool.resolved) == ("git", "https://h/tool.git@0123456789abcdef0123456789abcdef01234567")
    assert (comps["blob", ""].origin, comps["blob", ""].resolved) == ("url", "https://h/blob-1.0.tar.gz")
    # tool and blob are not reached from the project: transitive with nothing reaching them
    assert not comps["tool", ""].direct and comps["tool", ""].via == ()
    assert [p.message for p in result.problems] == []


def test_graph_without_a_project_guesses(tmp_path: Path) -> None:
    text = textwrap.dedent(GRAPH).replace('directory = { path = ".", editable = true }\n', 'version = "0.1"\n')
    result = read(tmp_path / "pylock.toml", text)
    [problem] = result.problems
    assert "guessed" in problem.message and problem.source == Source(str(tmp_path / "pylock.toml"))
    assert {c.name for c in result.components if c.direct} == {"app", "tool", "blob"}
    assert by_key(result)["core", "1.1"].via == ("app",)


def test_manifest_text_argument(tmp_path: Path) -> None:
    lock = """\
        lock-version = "1.0"
        [[packages]]
        name = "Flask"
        version = "3.0"
        [[packages]]
        name = "ruff"
        version = "0.5"
        [[packages]]
        name = "click"
        version = "8.1"
        """
    manifest = '[project]\nname = "me"\ndependencies = ["flask>=3", "gone"]\n[dependency-groups]\nlint = ["ruff"]\n'
    result = read(tmp_path / "pylock.toml", lock, manifest_text=manifest, manifest_path="pyproject.toml")
    assert result.includes == ("pyproject.toml",)
    comps = by_key(result)
    assert comps["flask", "3.0"].direct and comps["flask", "3.0"].scope == "runtime"
    assert comps["ruff", "0.5"].scope == "dev" and comps["ruff", "0.5"].groups == ("lint",)
    assert not comps["click", "8.1"].direct
    [problem] = result.problems  # a runtime dependency the lock does not have
    assert "gone" in problem.message and problem.source == Source("pyproject.toml", 3)


def test_prefixed_lock_finds_prefixed_pyproject(tmp_path: Path) -> None:
    (tmp_path / "svc.pyproject.toml").write_text('[project]\nname = "svc"\ndependencies = ["a"]\n')
    result = read(
        tmp_path / "svc.pylock.toml",
        '[[packages]]\nname = "a"\nversion = "1"\n[[packages]]\nname = "b"\nversion = "2"\n',
    )
    assert result.includes == (str(tmp_path / "svc.pyproject.toml"),)
    assert [(c.name, c.direct) for c in result.components] == [("a", True), ("b", False)]
    assert [p.message for p in result.problems] == ["lock-version None is not 1.x; read as 1.0, which it may not be"]


def test_duplicate_entries_are_one_component(tmp_path: Path) -> None:
    """pipenv's export repeats wheels; an entry repeated at one version (two markers) is one component."""
    text = """\
        lock-version = "1.0"
        [[packages]]
        name = "a"
        version = "1.0"
        marker = "sys_platform == 'linux'"
        [[packages]]
        name = "A"
        version = "1.0"
        marker = "'dev' in dependency_groups"
        """
    [comp] = read(tmp_path / "pylock.toml", text).components
    assert (comp.name, comp.source.line, comp.scope, comp.groups) == ("a", 2, "runtime", ("dev",))


# --------------------------------------------------------------------------- bad input


def test_invalid_toml(tmp_path: Path) -> None:
    result = read(tmp_path / "pylock.toml", '[[packages]]\nname = "a"\nversion = \n')
    [problem] = result.problems
    assert problem.kind == "parse" and problem.source.line == 3 and not result.components


@pytest.mark.parametrize(
    ("text", "fragment", "line", "names"),
    [
        ('lock-version = "2.0"\n', "is not 1.x", 1, set()),
        ('lock-version = "1.1"\n', "newer than 1.0", 1, set()),
        ('lock-version = "1.0"\npackages = "x"\n', "array of [[packages]] tables", 2, set()),
        ('lock-version = "1.0"\npackages = [1]\n', "not a table", None, set()),
        ('lock-version = "1.0"\n[[packages]]\nversion = "1"\n', "without a valid name", 2, set()),
        ('lock-version = "1.0"\n[[packages]]\nname = "a"\n', "no valid version", 2, {"a"}),
        (
            'lock-version = "1.0"\n[[packages]]\nname = "a"\nversion = "1"\ndependencies = 3\n',
            "array of tables",
            2,
            {"a"},
        ),
        ('lock-version = "1.0"\n[[packages]]\nname = "a"\nversion = "1"\ndependencies = [1]\n', "not { name", 2, {"a"}),
        (
            'lock-version = "1.0"\n[[packages]]\nname = "a"\nversion = "1"\ndependencies = [{name = "b"}]\n',
            "does not list",
            2,
            {"a"},
        ),
        (
            'lock-version = "1.0"\n[[packages]]\nname = "a"\nvcs = {url = "u"}\narchive = {url = "v"}\n',
            "several sources",
            2,
            {"a"},
        ),
    ],
)
def test_wrong_content_is_located(tmp_path: Path, text: str, fragment: str, line, names: set) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    result = read(tmp_path / "pylock.toml", text)
    problem = result.problems[0]
    assert problem.kind == "manifest" and fragment in problem.message and problem.source.line == line, problem
    assert {c.name for c in result.components} == names


def test_wrong_types_in_optional_places(tmp_path: Path) -> None:
    text = """\
        lock-version = "1.0"
        default-groups = "default"
        [[packages]]
        name = "a"
        version = "1"
        marker = 3
        index = []
        vcs = "git"
        """
    result = read(tmp_path / "pylock.toml", text)
    [comp] = result.components
    assert (comp.name, comp.version, comp.origin, comp.marker, comp.scope) == ("a", "1", "registry", None, "runtime")


def test_read_path_detects_the_format(corpus: Path, monkeypatch) -> None:
    register(monkeypatch, pylock)
    result = readers.read_path(str(corpus / UV / "pylock.toml"))
    assert result.format == "pylock" and len(result.components) == 65
    assert readers.detect("pylock.dev.toml") == readers.detect("x/svc.pylock.toml") == "pylock"


def test_sniff_and_patterns() -> None:
    assert pylock.sniff("requirements.lock", 'lock-version = "1.0"\n\n[[packages]]\nname = "a"\n') == "pylock"
    assert pylock.sniff("poetry.lock", '[[package]]\nname = "a"\n') is None
    globs = {pattern for pattern, _ in pylock.PATTERNS}
    assert globs == {"pylock.toml", "pylock.*.toml", "*.pylock.toml"}
