"""pip requirements reader: real pip-compile / uv export / poetry export / pip freeze files, and edge cases."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sphinxcontrib.soup.facades.pep508 import canonical_name
from sphinxcontrib.soup.readers.requirements import read_requirements
from sphinxcontrib.soup.readers.uv import read_uv_lock

from .pyhelpers import assert_well_formed, by_key, expected, expected_triples, triples


def read(path: Path):
    result = read_requirements(path.read_text(), str(path))
    assert_well_formed(result, str(path))
    return result


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


# --------------------------------------------------------------------------- ground truth


@pytest.mark.parametrize(
    "name",
    [
        "generated/pip-tools/requirements.txt",
        "generated/pip-tools/requirements-nohashes.txt",
        "generated/pip-tools/dev-requirements.txt",
    ],
)
def test_pip_compile_matches_ground_truth(corpus: Path, name: str) -> None:
    path = corpus / name
    result = read(path)
    assert triples(result) == expected_triples(expected(path))
    assert result.locked and not result.problems and result.includes == ()


def test_pip_compile_via_and_lines(corpus: Path) -> None:
    result = read(corpus / "generated/pip-tools/requirements.txt")
    comps = by_key(result)
    assert comps["urllib3", "1.26.20"].via == ("requests",)
    assert comps["typing-extensions", "4.16.0"].via == ("pydantic", "sqlalchemy")
    assert comps["flask", "1.1.4"].source.line == 23  # the first line of the continued requirement
    gunicorn = comps["gunicorn", "27.0.1"]
    assert gunicorn.source.line == 108 and gunicorn.marker == 'sys_platform != "win32"'
    assert comps["requests", "2.25.0"].purl == "pkg:pypi/requests@2.25.0"  # the extra is not in the name
    assert all(c.scope == "runtime" and c.pinned and c.origin == "registry" for c in result.components)


def test_constraint_annotation_is_not_direct(corpus: Path) -> None:
    """``# via -c requirements.txt``: the constraint pins it, mypy pulls it in; it is not a direct dependency."""
    comps = by_key(read(corpus / "generated/pip-tools/dev-requirements.txt"))
    typing_extensions = comps["typing-extensions", "4.16.0"]
    assert not typing_extensions.direct and typing_extensions.via == ("mypy",)
    assert comps["pytest", "9.2.0"].direct  # via -r dev-requirements.in and pytest-cov


def test_uv_export_against_uv_lock_ground_truth(corpus: Path) -> None:
    """uv export of the same uv.lock: the same 65 (name, version); direct the same except pytest.

    ``# via corpus-backend`` names the project (from ``-e .``'s pyproject.toml): direct. The dev/lint group
    roots (pytest-cov, ruff, mypy) have no annotation: direct. pytest is in the dev group AND required by
    pytest-cov, but uv writes only ``# via pytest-cov``: from this file it can only be transitive.
    """
    result = read(corpus / "generated/uv/uv-export-all.txt")
    truth = expected_triples(expected(corpus / "generated/uv/uv.lock"))
    pytest_entries = {("pytest", "8.4.2"), ("pytest", "9.2.0")}
    assert {t[:2] for t in triples(result)} == {t[:2] for t in truth}
    assert {t for t in triples(result) if t[:2] not in pytest_entries} == {
        t for t in truth if t[:2] not in pytest_entries
    }
    comps = by_key(result)
    utils = comps["corpus-utils", "0.1.0"]  # version from libs/corpus-utils/pyproject.toml
    assert utils.origin == "path" and utils.direct and utils.resolved == "./libs/corpus-utils"
    assert comps["python-dateutil", "4.0.0"].via == ("corpus-utils",)
    assert "corpus-backend" not in {c.name for c in result.components}  # ``-e .`` is the project itself
    assert [Path(p).name for p in result.includes] == ["pyproject.toml", "pyproject.toml"]
    assert result.locked and not result.problems


def test_poetry_export_against_poetry_lock_ground_truth(corpus: Path) -> None:
    """poetry export writes no ``# via``: every entry is direct (we cannot know better from this file).

    Versions equal the poetry.lock ground truth; the local path dependency was rewritten to
    ``file:///PROJECT/...`` when the corpus was made, so its version cannot be read: reported, kept.
    """
    result = read(corpus / "generated/poetry/poetry-export-all.txt")
    truth = expected(corpus / "generated/poetry/poetry.lock")
    assert all(c.direct for c in result.components)
    got = {(canonical_name(c.name), c.version) for c in result.components}
    want = {(canonical_name(p["name"]), p["version"]) for p in truth["packages"]}
    assert got - want == {("corpus-utils", "")} and want - got == {("corpus-utils", "0.1.0")}
    utils = by_key(result)["corpus-utils", ""]
    assert utils.origin == "path" and utils.resolved == "/PROJECT/libs/corpus-utils"
    assert utils.marker == 'python_version >= "3.9" and python_version < "4.0"'
    [problem] = result.problems
    assert problem.source.line == 3 and "/PROJECT/libs/corpus-utils" in problem.message


def test_uv_export_with_hashes_matches_its_uv_lock(corpus: Path) -> None:
    """The fetched project's export and its uv.lock give the same components and the same direct ones."""
    export = read(corpus / "fetched/python/requirements/problematic-project.uv-export-hashes.requirements.txt")
    lock_path = corpus / "fetched/python/uv/problematic-project.uv.lock"
    lock = read_uv_lock(lock_path.read_text(), str(lock_path))
    assert len(export.components) == 39
    assert triples(export) == triples(lock)
    colorama = by_key(export)["colorama", "0.4.6"]
    assert not colorama.direct and colorama.via == ("click", "flask", "qrcode")
    assert colorama.source.line == 133


def test_pip_freeze(corpus: Path) -> None:
    """pip freeze of the venv pip-tools/requirements.txt was installed into: the same 21 packages, all direct."""
    result = read(corpus / "generated/pip-licenses/pip-freeze.txt")
    truth = expected_triples(expected(corpus / "generated/pip-tools/requirements.txt"))
    assert {t[:2] for t in triples(result)} == {t[:2] for t in truth}
    assert all(c.direct for c in result.components)
    assert by_key(result)["flask", "1.1.4"].name == "Flask"  # the name as written


# --------------------------------------------------------------------------- forms of requirements


def test_ranges_bare_names_extras_and_markers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "requirements.txt",
        """\
        flask>=2.0,<3
        numpy
        requests[socks] ~= 2.31
        tomli ; python_version < "3.11"
        psycopg2-binary==2.9.9 ; extra == "postgres"
        legacy===1.0-custom
        """,
    )
    result = read(path)
    comps = {c.name: c for c in result.components}
    assert (comps["flask"].version, comps["flask"].pinned) == (">=2.0,<3", False)
    assert comps["flask"].purl == "pkg:pypi/flask"
    assert (comps["numpy"].version, comps["numpy"].pinned) == ("*", False)
    assert comps["requests"].version == "~=2.31"
    assert comps["tomli"].marker == 'python_version < "3.11"'
    assert comps["psycopg2-binary"].scope == "optional" and comps["psycopg2-binary"].pinned
    assert (comps["legacy"].version, comps["legacy"].pinned) == ("1.0-custom", True)
    assert not result.locked and all(c.direct for c in result.components)


def test_url_vcs_path_and_editable_requirements(tmp_path: Path) -> None:
    sha = "5a6a88db3cc1d08dbc86fbe15edfb69fb5f5a3d6"
    write(tmp_path, "libs/tool/pyproject.toml", '[project]\nname = "my-tool"\nversion = "0.4.0"\n')
    write(tmp_path, "pyproject.toml", '[tool.poetry]\nname = "the-app"\nversion = "1.0"\n')
    path = write(
        tmp_path,
        "requirements.txt",
        f"""\
        -e .
        -e ./libs/tool
        --editable git+https://github.com/org/pathlib2.git@{sha}#egg=pathlib2
        git+https://github.com/org/branchy.git@main#egg=branchy
        attrs @ https://files.example/attrs-23.1.0.tar.gz
        ./dist/wheelpkg-1.2-py3-none-any.whl
        https://files.example/archives/sdistpkg-0.9.zip ; python_version >= "3.8"
        git+https://github.com/org/nameless.git
        """,
    )
    result = read(path)
    comps = {c.name: c for c in result.components}
    assert "the-app" not in comps  # -e . is the project
    tool = comps["my-tool"]
    assert (tool.version, tool.origin, tool.resolved, tool.pinned) == ("0.4.0", "path", "./libs/tool", True)
    git = comps["pathlib2"]
    assert (git.origin, git.pinned, git.version) == ("git", True, "")
    assert git.purl.startswith("pkg:pypi/pathlib2?vcs_url=")
    assert comps["branchy"].origin == "git" and not comps["branchy"].pinned  # a branch is not exact
    assert (comps["attrs"].origin, comps["attrs"].resolved) == ("url", "https://files.example/attrs-23.1.0.tar.gz")
    wheel = comps["wheelpkg"]
    assert (wheel.version, wheel.origin, wheel.source.line) == ("1.2", "path", 6)
    sdist = comps["sdistpkg"]
    assert (sdist.version, sdist.origin, sdist.marker) == ("0.9", "url", 'python_version >= "3.8"')
    assert comps["nameless"].origin == "git"
    [problem] = result.problems
    assert problem.source.line == 8 and "no #egg=" in problem.message
    assert {Path(p).relative_to(tmp_path).as_posix() for p in result.includes} == {
        "pyproject.toml",
        "libs/tool/pyproject.toml",
    }


def test_options_are_ignored_and_unknown_ones_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "requirements.txt",
        """\
        -i https://${INDEX_TOKEN}@pypi.example/simple
        --index-url=https://pypi.example/simple
        --extra-index-url https://extra.example/simple
        --find-links ./wheels
        -f https://example/links
        --pre
        --no-binary :all:
        --only-binary=numpy
        --prefer-binary
        --trusted-host pypi.example
        --require-hashes
        six==1.16.0 --hash=sha256:1e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926
        private @ https://${TOKEN}@files.example/private-1.0.tar.gz
        --frobnicate
        """,
    )
    result = read(path)
    assert [c.name for c in result.components] == ["six", "private"]
    assert result.components[1].resolved == "https://${TOKEN}@files.example/private-1.0.tar.gz"  # not expanded
    [problem] = result.problems
    assert problem.source.line == 14 and "--frobnicate" in problem.message


def test_comments_continuations_and_invalid_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "requirements.txt",
        """\
        # a comment
        click==8.1.7  # a trailing comment

        jinja2 \\
            ==3.1.2
        not a requirement!
        pkg==1.0 \\
        """,
    )
    result = read(path)
    comps = {c.name: c for c in result.components}
    assert comps["click"].version == "8.1.7"
    assert (comps["jinja2"].version, comps["jinja2"].source.line) == ("3.1.2", 4)
    assert comps["pkg"].version == "1.0"  # a continuation at the end of the file
    [problem] = result.problems
    assert problem.kind == "manifest" and problem.source.line == 6 and "not a requirement!" in problem.message


# --------------------------------------------------------------------------- includes and constraints


def test_requirement_and_constraint_includes(tmp_path: Path) -> None:
    write(tmp_path, "constraints/pins.txt", "flask==2.3.3\nwerkzeug==2.3.7\n")
    write(tmp_path, "base.txt", "flask>=2\nwerkzeug\n")
    path = write(tmp_path, "reqs/dev.txt", "-r ../base.txt\n--constraint ../constraints/pins.txt\npytest==8.0.0\n")
    result = read(path)
    comps = {c.name: c for c in result.components}
    assert set(comps) == {"flask", "werkzeug", "pytest"}  # constraint entries are not requirements
    assert (comps["flask"].version, comps["flask"].pinned) == ("2.3.3", True)
    assert comps["flask"].source == comps["flask"].source.__class__(str(tmp_path / "base.txt"), 1)
    assert result.locked
    assert [Path(p).name for p in result.includes] == ["base.txt", "pins.txt"]
    assert not result.problems


def test_constraint_that_contradicts_the_requirement_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "c.txt", "flask==1.1.4\n")
    path = write(tmp_path, "requirements.txt", "-c c.txt\nflask>=2\n")
    result = read(path)
    assert result.components[0].version == "1.1.4"
    [problem] = result.problems
    assert problem.source.line == 2 and "does not satisfy" in problem.message


def test_include_cycle_and_missing_include(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "-r a.txt\nsix==1.16.0\n")
    path = write(tmp_path, "a.txt", "-r b.txt\n-r missing.txt\n-r https://example/remote.txt\nclick==8.1.7\n")
    result = read(path)
    assert {c.name for c in result.components} == {"six", "click"}
    cycle, missing, remote = result.problems
    assert cycle.source == cycle.source.__class__(str(tmp_path / "b.txt"), 1) and "cycle" in cycle.message
    assert missing.source.line == 2 and "not found" in missing.message
    assert remote.source.line == 3 and "offline" in remote.message


# --------------------------------------------------------------------------- annotations


def test_annotations_resolve_to_direct_dependencies(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "requirements.txt",
        """\
        requests==2.31.0  # via -r requirements.in
        urllib3==2.0.7
            # via requests
        idna==3.4
            # via
            #   requests
            #   yarl
        yarl==1.9.2  # via aiohttp
        aiohttp==3.9.0  # via my-service (pyproject.toml)
        myapp-plugin==1.0  # via my-project
        extra-only==1.0 ; extra == "x"  # via -r requirements.in
        pulled==1.0  # via extra-only
        """,
    )
    comps = {c.name: c for c in read(path).components}
    assert [n for n, c in comps.items() if c.direct] == ["requests", "aiohttp", "myapp-plugin", "extra-only"]
    assert comps["urllib3"].via == ("requests",)
    assert comps["idna"].via == ("aiohttp", "requests")  # through yarl, transitively
    assert comps["pulled"].scope == "optional" and comps["pulled"].via == ("extra-only",)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "\\", "-r", "-e", "-c \n", "#", "--", "-", "@", "==", "a==", "a @", "\x00", "é==1", "-e ;", ";"],
)
def test_degenerate_input_never_raises(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "requirements.txt", text)
    read(path)
