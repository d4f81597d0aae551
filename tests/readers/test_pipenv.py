"""Pipfile.lock and Pipfile readers: pipenv's own files against the ground truth, fetched locks, bad input."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.facades.pep508 import canonical_name
from sphinxcontrib.soup.model import Source
from sphinxcontrib.soup.readers import pipenv
from sphinxcontrib.soup.readers.pipenv import read_pipfile, read_pipfile_lock, redacted

from .helpers_langs_a import register
from .pyhelpers import assert_well_formed, by_key, expected

PIPENV = "fetched/python/pipenv/"
ALL_DIRECT = "every package is taken as direct"


def read(path: Path, text: str | None = None, **kwargs):
    result = read_pipfile_lock(path.read_text() if text is None else textwrap.dedent(text), str(path), **kwargs)
    assert_well_formed(result, str(path))
    return result


def read_manifest(path: Path, text: str | None = None):
    result = read_pipfile(path.read_text() if text is None else textwrap.dedent(text), str(path))
    assert_well_formed(result, str(path))
    return result


def line_of(path: Path, needle: str) -> int:
    text = path.read_text()
    return text.count("\n", 0, text.index(needle)) + 1


# --------------------------------------------------------------------------- ground truth


def test_generated_lock_matches_ground_truth(corpus: Path) -> None:
    path = corpus / "generated/pipenv/Pipfile.lock"
    result = read(path)
    truth = expected(path)
    # pywin32 is locked as "version": "*": the ground truth says null, the component says "*" (unpinned)
    wanted = {(canonical_name(p["name"]), p["version"] or "*", p["direct"]) for p in truth["packages"]}
    assert {(canonical_name(c.name), c.version, c.direct) for c in result.components} == wanted
    assert result.includes == (str(corpus / "generated/pipenv/Pipfile"),)
    comps = by_key(result)
    for package in truth["packages"]:
        comp = comps[canonical_name(package["name"]), package["version"] or "*"]
        assert comp.scope == ("dev" if package["dev"] else "runtime"), comp
        assert comp.groups == (("develop",) if package["dev"] else ("default",)), comp
        assert comp.marker == package.get("marker"), comp


def test_generated_lock_version_star_quirk(corpus: Path) -> None:
    path = corpus / "generated/pipenv/Pipfile.lock"
    result = read(path)
    [problem] = result.problems
    assert problem.kind == "manifest" and "pywin32" in problem.message and "'*'" in problem.message
    assert problem.source == Source(str(path), line_of(path, '"pywin32"'))
    pywin32 = by_key(result)["pywin32", "*"]
    assert (pywin32.pinned, pywin32.purl, pywin32.direct) == (False, "pkg:pypi/pywin32", True)


def test_generated_lock_lines_and_extras(corpus: Path) -> None:
    path = corpus / "generated/pipenv/Pipfile.lock"
    comps = by_key(read(path))
    assert comps["pytest", "9.2.0"].source.line == line_of(path, '"pytest": {') == 818
    requests = comps["requests", "2.25.0"]  # extras ["socks"]: read, not carried
    assert (requests.purl, requests.groups, requests.via) == ("pkg:pypi/requests@2.25.0", ("default",), ())


def test_generated_pipfile(corpus: Path) -> None:
    result = read_manifest(corpus / "generated/pipenv/Pipfile")
    assert not result.locked and not result.problems
    comps = {c.name: c for c in result.components}
    assert len(comps) == 12 and all(c.direct for c in comps.values())
    assert (comps["flask"].version, comps["flask"].pinned) == ("<2", False)
    assert (comps["requests"].version, comps["requests"].pinned) == ("2.25.0", True)
    assert (comps["numpy"].version, comps["numpy"].pinned) == ("*", False)
    assert comps["pywin32"].marker == "sys_platform == 'win32'"  # the marker-variable key
    assert comps["gunicorn"].marker == "sys_platform != 'win32'"
    assert comps["coverage"].scope == "dev" and comps["coverage"].groups == ("develop",)
    assert comps["jinja2"].source.line == 12


# --------------------------------------------------------------------------- fetched locks


def test_osv_schema_lock_with_its_pipfile(corpus: Path) -> None:
    """51 default + 8 develop packages; the Pipfile names requests/osv and pylint/yapf."""
    path = corpus / PIPENV / "osv-schema-tools-ghsa.Pipfile.lock"
    result = read(path)
    assert result.includes == (str(corpus / PIPENV / "osv-schema-tools-ghsa.Pipfile"),)
    assert not result.problems and len(result.components) == 59
    assert {c.name for c in result.components if c.direct} == {"requests", "osv", "pylint", "yapf"}
    assert sum(c.scope == "dev" for c in result.components) == 8
    core = by_key(result)["google-api-core", "2.30.3"]
    assert core.source.line == line_of(path, '"google-api-core"') and core.marker == "python_version >= '3.9'"


def test_pipenv_lock_same_package_in_both_sections(corpus: Path) -> None:
    """default=10, develop=100; 9 names in both, 5 of them at one version: 105 components."""
    path = corpus / PIPENV / "pipenv.Pipfile.lock"
    result = read(path)
    assert not result.problems and len(result.components) == 105
    direct = {c.name for c in result.components if c.direct}
    assert len(direct) == 27 and "pytz" in direct and "sphinx" in direct
    comps = by_key(result)
    pytest_ = comps["pytest", "9.0.3"]  # both sections, one version: one component, strongest scope
    assert (pytest_.scope, pytest_.groups, pytest_.direct) == ("runtime", ("default", "develop"), False)
    assert pytest_.source.line == 57  # the first entry
    assert (comps["tomli", "2.4.1"].scope, comps["tomli", "2.4.1"].groups) == ("runtime", ("default",))
    assert (comps["tomli", "2.4.0"].scope, comps["tomli", "2.4.0"].groups) == ("dev", ("develop",))


def test_custom_categories_without_pipfile(corpus: Path) -> None:
    path = corpus / PIPENV / "cdxpy-category-deps.Pipfile.lock"
    result = read(path)
    [problem] = result.problems
    assert problem.kind == "input" and ALL_DIRECT in problem.message and problem.source == Source(str(path))
    assert len(result.components) == 8 and all(c.direct for c in result.components)
    comps = by_key(result)
    assert (comps["colorama", "0.4.6"].scope, comps["colorama", "0.4.6"].groups) == ("dev", ("categoryB", "groupA"))
    assert (comps["toml", "0.10.2"].scope, comps["toml", "0.10.2"].source.line) == ("runtime", 28)
    assert comps["arrow", "1.3.0"].groups == ("groupA",)


def test_custom_categories_with_a_pipfile(corpus: Path) -> None:
    """A Pipfile passed as text: a category's packages are direct in the lock section of that name."""
    manifest = """\
        [packages]
        toml = "*"
        [dev-packages]
        ddt = "*"
        [groupA]
        arrow = "*"
        [categoryB]
        colorama = "*"
        """
    path = corpus / PIPENV / "cdxpy-category-deps.Pipfile.lock"
    result = read(path, manifest_text=textwrap.dedent(manifest), manifest_path="Pipfile")
    assert result.includes == ("Pipfile",) and not result.problems
    assert {c.name for c in result.components if c.direct} == {"toml", "ddt", "arrow", "colorama"}


def test_vcs_and_file_entries(corpus: Path) -> None:
    comps = {c.name: c for c in read(corpus / PIPENV / "cdxpy-with-urls.Pipfile.lock").components}
    pillow = comps["pillow"]
    assert (pillow.version, pillow.origin, pillow.pinned) == ("", "git", True)
    assert pillow.resolved == "git+https://github.com/python-pillow/Pillow.git@da59ad000d1405eaecd557175e29083a87d19f7c"
    assert pillow.purl.startswith("pkg:pypi/pillow?vcs_url=git%2Bhttps://github.com/python-pillow/Pillow.git%40da59")
    assert comps["requests"].resolved.endswith("requests.git@96b22fa18c00831656ee4b286bf1c9062459b00a")  # no #egg=
    assert comps["six"].resolved.startswith("git+ssh://git@github.com/benjaminp/six.git@")  # an ssh login stays
    urllib3 = comps["urllib3"]
    assert urllib3.origin == "url"
    assert urllib3.resolved == "https://github.com/urllib3/urllib3/archive/refs/tags/2.2.0.zip"


def test_private_index_credentials_are_not_shown(corpus: Path) -> None:
    result = read(corpus / PIPENV / "cdxpy-private-packages.Pipfile.lock")
    assert [p.kind for p in result.problems] == ["input"]  # only: no Pipfile; both indexes are _meta sources
    six = next(c for c in result.components if c.name == "six")
    assert six.origin == "url" and "password" not in six.resolved and "password" not in six.purl
    assert six.resolved.startswith("https://user:****@files.pypi.example/packages/")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://u:p@h/x.whl", "https://u:****@h/x.whl"),
        ("https://token@h/x.whl", "https://****@h/x.whl"),
        ("git+ssh://git@github.com/a/b.git", "git+ssh://git@github.com/a/b.git"),
        ("https://h/a@b", "https://h/a@b"),
        ("./local", "./local"),
    ],
)
def test_redacted(url: str, shown: str) -> None:
    assert redacted(url) == shown


def test_local_paths_and_the_project_itself(tmp_path: Path) -> None:
    lock = {
        "_meta": {"sources": [{"name": "pypi"}]},
        "default": {
            "myapp": {"editable": True, "path": "."},
            "vendored": {"path": "./vendor/lib", "editable": True},
            "wheel": {"file": "dist/w-1.0-py3-none-any.whl"},
        },
    }
    pipfile = '[packages]\nmyapp = {path = ".", editable = true}\nvendored = {path = "./vendor/lib"}\n'
    (tmp_path / "Pipfile").write_text(pipfile)
    result = read(tmp_path / "Pipfile.lock", json.dumps(lock, indent=4))
    comps = {c.name: c for c in result.components}
    assert set(comps) == {"vendored", "wheel"} and not result.problems  # the project is not a component
    vendored = comps["vendored"]
    assert (vendored.origin, vendored.resolved, vendored.direct) == ("path", "./vendor/lib", True)
    assert (comps["wheel"].origin, comps["wheel"].direct) == ("path", False)


# --------------------------------------------------------------------------- bad input


def test_invalid_json(tmp_path: Path) -> None:
    result = read(tmp_path / "Pipfile.lock", '{\n  "default": {\n    "a": \n')
    [problem] = result.problems
    assert problem.kind == "parse" and problem.source.line == 4 and not result.components


@pytest.mark.parametrize(
    ("text", "fragment", "line", "names"),
    [
        ("[1, 2]", "expected a JSON object", 1, set()),
        ('{\n "default": [\n  "a"\n ]\n}', "section 'default' should be an object", 2, set()),
        ('{\n "default": {\n  "a": "==1.0"\n }\n}', "lock entry 'a' is '==1.0', not a table", 3, {"a"}),
        ('{\n "default": {\n  "a": {"version": ">=1"}\n }\n}', "locked without an exact version", 3, {"a"}),
        ('{\n "default": {\n  "a": {}\n }\n}', "locked without an exact version (None)", 3, {"a"}),
        ('{\n "default": {\n  "": {"version": "==1"}\n }\n}', "entry without a name", 3, set()),
        ('{\n "default": {\n  "a": {"version": "==1", "extras": "x"}\n }\n}', "extras of 'a'", 3, {"a"}),
        (
            '{\n "_meta": {"sources": [{"name": "pypi"}]},\n "default": {\n'
            '  "a": {"version": "==1", "index": "x"}\n }\n}',
            "names index 'x'",
            4,
            {"a"},
        ),
    ],
)
def test_wrong_content_is_located(tmp_path: Path, text: str, fragment: str, line: int, names: set) -> None:
    (tmp_path / "Pipfile").write_text("")
    result = read(tmp_path / "Pipfile.lock", text)
    problem = result.problems[0]
    assert problem.kind == "manifest" and fragment in problem.message and problem.source.line == line, problem
    assert {c.name for c in result.components} == names


def test_declared_but_not_locked(tmp_path: Path) -> None:
    (tmp_path / "Pipfile").write_text('[packages]\na = "*"\n\n[dev-packages]\nghost = "*"\n')
    result = read(tmp_path / "Pipfile.lock", '{"default": {"a": {"version": "==1"}}}')
    [problem] = result.problems
    assert "ghost" in problem.message and problem.source == Source(str(tmp_path / "Pipfile"), 5)
    assert [(c.name, c.direct) for c in result.components] == [("a", True)]


def test_unreadable_pipfile_is_reported(tmp_path: Path) -> None:
    (tmp_path / "Pipfile").write_bytes(b"[packages]\na = '\xff'\n")
    result = read(tmp_path / "Pipfile.lock", '{"default": {"a": {"version": "==1"}}}')
    kinds = sorted(p.kind for p in result.problems)
    assert kinds == ["input", "parse"]  # the Pipfile cannot be decoded, so no direct set: all direct


def test_pipfile_bad_input(tmp_path: Path) -> None:
    broken = read_manifest(tmp_path / "Pipfile", "[packages\n")
    assert [p.kind for p in broken.problems] == ["parse"] and not broken.components
    result = read_manifest(tmp_path / "Pipfile", 'packages = "x"\n[dev-packages]\na = 3\nb = {version = 4}\n')
    messages = [p.message for p in result.problems]
    assert "[packages] should be a table" in messages[0] and "dependency 'a' is 3" in messages[1]
    assert {(c.name, c.version, c.pinned) for c in result.components} == {("a", "*", False), ("b", "*", False)}


def test_read_path_detects_both_formats(corpus: Path, monkeypatch) -> None:
    register(monkeypatch, pipenv)
    lock = readers.read_path(str(corpus / PIPENV / "pipenv.Pipfile.lock"))
    assert lock.format == "pipfile.lock" and len(lock.components) == 105
    assert readers.read_path(str(corpus / "generated/pipenv/Pipfile")).format == "pipfile"
    assert readers.detect("some/dir/Pipfile.lock") == "pipfile.lock"


def test_sniff_and_patterns() -> None:
    assert pipenv.sniff("deps.json", '{\n    "_meta": {\n        "pipfile-spec": 6,') == "pipfile.lock"
    assert pipenv.sniff("package.json", '{"name": "x"}') is None
    assert ("*.pipfile.lock", "pipfile.lock") in pipenv.PATTERNS and ("pipfile", "pipfile") in pipenv.PATTERNS
