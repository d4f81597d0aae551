"""uv.lock reader: the generated universal lock (ground truth), fetched revision-3 locks, workspaces, bad input."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sphinxcontrib.soup.facades.pep508 import canonical_name
from sphinxcontrib.soup.locate import toml_table_lines
from sphinxcontrib.soup.readers.pyproject import read_pyproject
from sphinxcontrib.soup.readers.uv import read_uv_lock

from .pyhelpers import assert_well_formed, by_key, expected, expected_triples, triples


def read(path: Path, text: str | None = None):
    result = read_uv_lock(path.read_text() if text is None else textwrap.dedent(text), str(path))
    assert_well_formed(result, str(path))
    return result


# --------------------------------------------------------------------------- ground truth


def test_generated_lock_matches_ground_truth(corpus: Path) -> None:
    path = corpus / "generated/uv/uv.lock"
    result = read(path)
    truth = expected(path)
    assert triples(result) == expected_triples(truth)
    assert len(result.components) == truth["count"] == 65 and result.locked and not result.problems
    comps = by_key(result)
    for package in truth["packages"]:
        comp = comps[canonical_name(package["name"]), package["version"]]
        kind = package.get("direct_kind", "")
        if kind == "prod":
            assert (comp.scope, comp.groups) == ("runtime", ()), comp
        elif kind.startswith("group:"):
            assert (comp.scope, comp.groups) == ("dev", (kind[6:],)), comp
        elif kind.startswith("extra:"):
            assert (comp.scope, comp.groups) == ("optional", (kind[6:],)), comp
        if package.get("local"):
            assert (comp.origin, comp.resolved, comp.purl) == (
                "path",
                "libs/corpus-utils",
                "pkg:pypi/corpus-utils@0.1.0",
            )


def test_generated_lock_edges_forks_and_markers(corpus: Path) -> None:
    path = corpus / "generated/uv/uv.lock"
    result = read(path)
    comps = by_key(result)
    assert "corpus-backend" not in {c.name for c in result.components}  # editable "." is the project
    assert [v for (n, v) in comps if n == "numpy"] == ["2.0.2", "2.2.6", "2.4.6", "2.5.5"]
    assert comps["pysocks", "1.7.1"].via == ("requests",)  # through requests[socks]
    assert comps["python-dateutil", "4.0.0"].via == ("corpus-utils",)
    assert comps["greenlet", "3.5.6"].via == ("sqlalchemy",)  # through sqlalchemy[asyncio]
    assert comps["async-timeout", "5.0.1"].scope == "optional"  # only through the redis extra
    assert comps["pluggy", "1.7.0"].scope == "dev" and comps["pluggy", "1.7.0"].via == ("pytest", "pytest-cov")
    assert comps["typing-extensions", "4.16.0"].scope == "runtime"  # pydantic (runtime) beats mypy (dev)
    assert comps["numpy", "2.4.6"].marker == "python_full_version == '3.11.*'"  # from the project's edge
    assert comps["annotated-types", "0.7.0"].marker == "python_full_version < '3.10'"  # its resolution fork
    assert comps["certifi", "2026.10.18"].marker is None
    text = path.read_text().splitlines()
    line = comps["corpus-utils", "0.1.0"].source.line
    assert line in toml_table_lines(path.read_text(), "package") and text[line] == 'name = "corpus-utils"'
    assert line == 220


@pytest.mark.parametrize(
    ("name", "count", "direct"),
    [("gdown", 48, 14), ("problematic-project", 39, 38)],
)
def test_fetched_locks_direct_equals_declared(corpus: Path, name: str, count: int, direct: int) -> None:
    """Revision-3 locks: every package but the root; direct = what the project's pyproject.toml declares."""
    result = read(corpus / f"fetched/python/uv/{name}.uv.lock")
    assert len(result.components) == count and not result.problems
    manifest_path = corpus / f"fetched/python/uv/{name}.pyproject.toml"
    declared = read_pyproject(manifest_path.read_text(), str(manifest_path)).components
    assert {canonical_name(c.name): c.scope for c in declared} == {
        canonical_name(c.name): c.scope for c in result.components if c.direct
    }
    assert sum(c.direct for c in result.components) == direct


def test_fetched_gdown_details(corpus: Path) -> None:
    comps = by_key(read(corpus / "fetched/python/uv/gdown.uv.lock"))
    assert comps["soupsieve", "2.8.3"].via == ("beautifulsoup4",)
    assert comps["win32-setctime", "1.2.0"].scope == "dev" and comps["win32-setctime", "1.2.0"].via == ("yamlfix",)
    assert comps["colorama", "0.4.6"].scope == "runtime"  # tqdm (runtime) needs it on Windows
    assert comps["colorama", "0.4.6"].marker == "sys_platform == 'win32'"
    assert comps["pytest", "9.0.3"].groups == ("dev",)


# --------------------------------------------------------------------------- constructs


def test_workspace_git_url_and_local_sources(tmp_path: Path) -> None:
    sha = "5a6a88db3cc1d08dbc86fbe15edfb69fb5f5a3d6"
    result = read(
        tmp_path / "uv.lock",
        f"""\
        version = 1
        revision = 3

        [manifest]
        members = ["app", "lib-member"]

        [[package]]
        name = "app"
        version = "1.0"
        source = {{ virtual = "." }}
        dependencies = [{{ name = "lib-member" }}, {{ name = "gitdep" }}, {{ name = "vendored" }}]

        [[package]]
        name = "lib-member"
        version = "0.1"
        source = {{ editable = "packages/lib" }}
        dependencies = [{{ name = "archive" }}]

        [[package]]
        name = "gitdep"
        version = "2.0"
        source = {{ git = "https://github.com/org/gitdep?rev=main#{sha}" }}

        [[package]]
        name = "archive"
        version = "3.0"
        source = {{ url = "https://files.example/archive-3.0.tar.gz" }}

        [[package]]
        name = "vendored"
        source = {{ directory = "vendor/vendored" }}
        """,
    )
    comps = {c.name: c for c in result.components}
    assert set(comps) == {"gitdep", "archive", "vendored"}  # members are the project
    assert all(c.direct for c in comps.values())  # archive: direct dependency of a member
    assert (comps["gitdep"].origin, comps["gitdep"].resolved) == (
        "git",
        f"https://github.com/org/gitdep?rev=main#{sha}",
    )
    assert comps["archive"].origin == "url" and comps["archive"].purl.startswith("pkg:pypi/archive@3.0?download_url=")
    assert (comps["vendored"].origin, comps["vendored"].version) == ("path", "")  # dynamic version: no problem
    assert not result.problems


def test_manifest_requirements_without_root(tmp_path: Path) -> None:
    result = read(
        tmp_path / "uv.lock",
        """\
        version = 1

        [manifest]
        requirements = [{ name = "a" }]

        [manifest.dependency-groups]
        lint = [{ name = "b" }]

        [[package]]
        name = "a"
        version = "1"
        source = { registry = "https://pypi.example/simple" }
        dependencies = [{ name = "c" }]

        [[package]]
        name = "b"
        version = "1"
        source = { registry = "https://pypi.example/simple" }

        [[package]]
        name = "c"
        version = "1"
        source = { registry = "https://pypi.example/simple" }
        """,
    )
    comps = {c.name: c for c in result.components}
    assert (comps["a"].direct, comps["a"].scope) == (True, "runtime")
    assert (comps["b"].direct, comps["b"].scope, comps["b"].groups) == (True, "dev", ("lint",))
    assert (comps["c"].direct, comps["c"].via) == (False, ("a",))
    assert not result.problems


def test_project_without_dependencies(tmp_path: Path) -> None:
    result = read(tmp_path / "uv.lock", '[[package]]\nname = "app"\nversion = "1"\nsource = { virtual = "." }\n')
    assert result.components == () and result.problems == ()


def test_no_project_guesses_direct_dependencies(tmp_path: Path) -> None:
    result = read(
        tmp_path / "uv.lock",
        """\
        [[package]]
        name = "top"
        version = "1"
        source = { registry = "https://pypi.example/simple" }
        dependencies = [{ name = "leaf" }]

        [[package]]
        name = "leaf"
        version = "1"
        source = { registry = "https://pypi.example/simple" }
        """,
    )
    assert [(c.name, c.direct, c.via) for c in result.components] == [("top", True, ()), ("leaf", False, ("top",))]
    [problem] = result.problems
    assert "guessed" in problem.message and problem.source.path.endswith("uv.lock")


# --------------------------------------------------------------------------- bad input


def test_invalid_toml(tmp_path: Path) -> None:
    [problem] = read(tmp_path / "uv.lock", "version = 1\n[[package]\n").problems
    assert problem.kind == "parse" and problem.source.line == 2


@pytest.mark.parametrize(
    ("text", "line", "fragment", "names"),
    [
        ('package = "x"\n', 1, "array of [[package]] tables", set()),
        ('[[package]]\nversion = "1"\nsource = { registry = "r" }\n', 1, "without a valid name", set()),
        ('[[package]]\nname = "a"\nsource = { registry = "r" }\n', 1, "no valid version", {"a"}),
        ('[[package]]\nname = "a"\nversion = "1"\n', 1, "no valid source", {"a"}),
        (
            '[[package]]\nname = "a"\nversion = "1"\nsource = { registry = "r" }\ndependencies = 3\n',
            1,
            "should be a list",
            {"a"},
        ),
        (
            '[[package]]\nname = "a"\nversion = "1"\nsource = { registry = "r" }\n'
            'dependencies = [{ name = "ghost" }]\n',
            1,
            "which the lock does not list",
            {"a"},
        ),
        (
            '[[package]]\nname = "a"\nversion = "1"\nsource = { registry = "r" }\ndependencies = [3]\n',
            1,
            "is not { name",
            {"a"},
        ),
    ],
)
def test_wrong_content_is_located(tmp_path: Path, text: str, line, fragment: str, names: set) -> None:
    result = read(tmp_path / "uv.lock", text)
    problem = next(p for p in result.problems if "guessed" not in p.message)
    assert problem.kind == "manifest" and fragment in problem.message and problem.source.line == line, problem
    assert {c.name for c in result.components} == names


def test_wrong_types_in_the_root(tmp_path: Path) -> None:
    result = read(
        tmp_path / "uv.lock",
        """\
        [manifest]
        members = "app"
        requirements = 3

        [[package]]
        name = "app"
        source = { editable = "." }
        dependencies = [{ name = "a", extra = 3, marker = 4, version = 5 }]
        optional-dependencies = [1]
        dev-dependencies = { dev = "x" }

        [[package]]
        name = "a"
        version = "1"
        source = { registry = "r" }
        resolution-markers = "x"
        optional-dependencies = { e = 3 }
        """,
    )
    [comp] = result.components
    assert (comp.name, comp.direct, comp.marker) == ("a", True, None)
    assert any("dev-dependencies.dev" in p.message for p in result.problems)


# --------------------------------------------------------------------------- size


def test_large_synthetic_lock_reads_completely() -> None:
    """A synthetic 1,500-package universal lock (forks, extras, chains of edges); its timing against a bare
    parse is in tests/benchmarks/bench_inventory.py, not in a timed unit test."""
    text = _synthetic_lock(1500)
    result = read_uv_lock(text, "uv.lock")
    assert len(result.components) == 1500 and not result.problems
    assert sum(c.direct for c in result.components) == 100


def _synthetic_lock(count: int) -> str:
    """A root with 100 direct deps; package i depends on i+100 and i+101 (the second through an extra)."""
    registry = 'source = { registry = "https://pypi.example/simple" }'
    root_deps = ", ".join(f'{{ name = "p{i}" }}' for i in range(100))
    parts = [
        f'version = 1\nrevision = 3\n\n[[package]]\nname = "root"\nversion = "1"\nsource = {{ editable = "." }}\n'
        f"dependencies = [{root_deps}]\n"
    ]
    for i in range(count):
        deps = [f'{{ name = "p{j}" }}' for j in (i + 100,) if j < count]
        extra = f'\n[package.optional-dependencies]\nx = [{{ name = "p{i + 101}" }}]\n' if i + 101 < count else ""
        if i + 100 < count and i % 2:
            deps.append(f'{{ name = "p{i + 100}", extra = ["x"], marker = "python_version >= \'3.9\'" }}')
        wheel = (
            f'{{ url = "https://files.pypi.example/packages/p{i}-1.0-py3-none-any.whl", '
            f'hash = "sha256:{i:064x}", size = {1000 + i}, upload-time = "2026-01-01T00:00:00Z" }}'
        )
        parts.append(
            f'[[package]]\nname = "p{i}"\nversion = "1.{i}"\n{registry}\n'
            f"resolution-markers = [\"python_full_version >= '3.10'\"]\n"
            f"dependencies = [{', '.join(deps)}]\n"
            f'sdist = {{ url = "https://files.pypi.example/packages/p{i}-1.0.tar.gz", hash = "sha256:{i:064x}" }}\n'
            f"wheels = [\n    {wheel},\n    {wheel},\n]\n{extra}"
        )
    return "\n".join(parts)
