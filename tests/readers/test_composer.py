"""Composer readers: composer.lock with its composer.json (composer itself and koel), the manifest alone,
replace/provide edges, origins, bad input.

No ground truth (no Packagist access when the corpus was made): the counts come from the files themselves
(``packages``/``packages-dev`` lengths; ``require``/``require-dev`` minus platform packages), the entries were
checked by reading them.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.readers import composer
from sphinxcontrib.soup.readers.composer import read_composer_json, read_composer_lock

from .helpers_langs_a import assert_result_well_formed

PHP = "fetched/php/"
NOWHERE = "/nonexistent-soup-test/composer.lock"  # no composer.json is ever found beside it


def read(path: Path | str, text: str | None = None, **kwargs):
    path = str(path)
    result = read_composer_lock(Path(path).read_text() if text is None else text, path, **kwargs)
    assert_result_well_formed(result, "composer")
    assert result.locked
    return result


def read_manifest(path: Path | str, text: str | None = None):
    path = str(path)
    result = read_composer_json(Path(path).read_text() if text is None else text, path)
    assert_result_well_formed(result, "composer")
    assert not result.locked and all(c.direct for c in result.components)
    return result


def lock_text(packages: list, dev: list | None = None) -> str:
    return json.dumps({"packages": packages, "packages-dev": dev or []}, indent=4)


def package(name: str, version: str = "1.0.0", **fields) -> dict:
    return {"name": name, "version": version, "notification-url": "https://packagist.example/downloads/", **fields}


def by_name(result) -> dict:
    return {c.name: c for c in result.components}


# --------------------------------------------------------------------------- the corpus


def test_composer_lock_of_composer(corpus: Path) -> None:
    """30 packages + 6 dev; direct = composer.json's 25 requires minus 4 platform ones (php, ext-*), and 6 dev."""
    path = corpus / PHP / "composer.composer.lock"
    result = read(path)
    assert not result.problems and result.includes == (str(corpus / PHP / "composer.composer.json"),)
    kinds = [(c.direct, c.scope) for c in result.components]
    assert len(kinds) == 36
    assert (kinds.count((True, "runtime")), kinds.count((False, "runtime")), kinds.count((True, "dev"))) == (21, 9, 6)
    comps = by_name(result)
    container = comps["psr/container"]
    assert (container.version, container.via, container.source.line, container.purl) == (
        "1.1.1",
        ("symfony/console",),
        662,
        "pkg:composer/psr/container@1.1.1",
    )
    polyfill = comps["symfony/polyfill-php80"]
    assert polyfill.version == "v1.37.0" and polyfill.purl == "pkg:composer/symfony/polyfill-php80@v1.37.0"
    phpstan = comps["phpstan/phpstan"]  # dist only, no source: still from Packagist
    assert (phpstan.scope, phpstan.direct, phpstan.origin, phpstan.source.line) == ("dev", True, "registry", 2198)
    ca = comps["composer/ca-bundle"]
    assert (ca.license, ca.origin, ca.resolved) == ("MIT", "registry", None)
    assert ca.description.startswith("Lets you find a path to the system CA bundle")
    assert all(c.pinned for c in result.components)


def test_koel_lock(corpus: Path) -> None:
    """202 = 156 + 46 dev; 41 + 10 direct; illuminate/* requirements go to laravel/framework, which replaces them."""
    result = read(corpus / PHP / "koel.composer.lock")
    assert not result.problems  # every require resolved, through replace/provide where needed
    kinds = [(c.direct, c.scope) for c in result.components]
    assert len(kinds) == 202
    assert (kinds.count((True, "runtime")), kinds.count((False, "runtime"))) == (41, 115)
    assert (kinds.count((True, "dev")), kinds.count((False, "dev"))) == (10, 36)
    comps = by_name(result)
    fork = comps["teamtnt/laravel-scout-tntsearch-driver"]  # a "vcs" repository of the project: no notification-url
    assert (fork.origin, fork.version, fork.source.line) == ("git", "v15.1.1", 10784)
    assert fork.resolved == (
        "https://github.com/phanan-forks/laravel-scout-tntsearch-driver.git@e086eae67c5af9a9e7f5e6235df4f6eb06dd6ace"
    )
    assert comps["james-heinrich/getid3"].license == "GPL-1.0-or-later OR LGPL-3.0-only OR MPL-2.0"
    assert comps["roave/security-advisories"].version == "dev-latest"
    assert comps["phpstan/phpstan"].via == ("larastan/larastan",) and not comps["phpstan/phpstan"].direct
    assert "laravel/framework" in comps["psr/container"].via
    assert sum(c.origin == "registry" for c in result.components) == 201


@pytest.mark.parametrize(("name", "runtime", "dev"), [("composer", 21, 6), ("koel", 41, 10)])
def test_manifests(corpus: Path, name: str, runtime: int, dev: int) -> None:
    result = read_manifest(corpus / PHP / f"{name}.composer.json")
    scopes = [c.scope for c in result.components]
    assert (scopes.count("runtime"), scopes.count("dev")) == (runtime, dev) and not result.problems
    assert not any(c.name == "php" or c.name.lower().startswith("ext-") for c in result.components)
    assert all(not c.pinned and "@" not in c.purl for c in result.components)


def test_manifest_entries(corpus: Path) -> None:
    comps = by_name(read_manifest(corpus / PHP / "composer.composer.json"))
    assert (comps["composer/ca-bundle"].version, comps["composer/ca-bundle"].source.line) == ("^1.5", 29)
    assert (comps["phpstan/phpstan"].scope, comps["phpstan/phpstan"].source.line) == ("dev", 53)
    assert comps["psr/log"].version == "^1.0 || ^2.0 || ^3.0"


def test_without_composer_json_direct_packages_are_guessed(corpus: Path, tmp_path: Path) -> None:
    lock = tmp_path / "composer.lock"
    shutil.copy(corpus / PHP / "composer.composer.lock", lock)
    result = read(lock)
    [problem] = result.problems
    assert problem.kind == "input" and "no composer.json beside the lock" in problem.message
    comps = by_name(result)
    assert comps["composer/ca-bundle"].direct and not comps["psr/container"].direct
    assert result.includes == ()


# --------------------------------------------------------------------------- edges, origins, variants


def test_provide_replace_and_platform_requirements() -> None:
    packages = [
        package("app/a", require={"php": ">=8.1", "ext-json": "*", "lib-pcre": "*", "psr/log-implementation": "^3"}),
        package("log/impl", provide={"psr/log-implementation": "3.0"}),
        package("big/framework", replace={"small/part": "self.version"}),
        package("app/b", require={"Small/Part": "^1", "composer-plugin-api": "^2"}),
    ]
    manifest = json.dumps({"require": {"app/a": "^1", "app/b": "^1", "php": "^8"}})
    result = read(NOWHERE, lock_text(packages), manifest_text=manifest)
    assert {c.name: (c.direct, c.via) for c in result.components} == {
        "app/a": (True, ()),
        "log/impl": (False, ("app/a",)),
        "big/framework": (False, ("app/b",)),
        "app/b": (True, ()),
    }
    assert not result.problems


def test_origins() -> None:
    packages = [
        {"name": "local/lib", "version": "dev-main", "dist": {"type": "path", "url": "packages/lib"}},
        {"name": "vcs/lib", "version": "1.0.0", "source": {"type": "git", "url": "https://git.example/l.git"}},
        {"name": "zip/lib", "version": "2.0.0", "dist": {"type": "zip", "url": "https://files.example/l.zip"}},
        {"name": "hg/lib", "version": "3.0.0", "source": {"type": "hg", "url": "https://hg.example/l"}},
        {"name": "meta/pkg", "version": "1.0.0", "type": "metapackage"},
        package("reg/lib", source={"type": "git", "url": "https://github.com/reg/lib.git", "reference": "abc"}),
    ]
    result = read(NOWHERE, lock_text(packages), manifest_text="{}")
    assert {c.name: (c.origin, c.resolved) for c in result.components} == {
        "local/lib": ("path", "packages/lib"),
        "vcs/lib": ("git", "https://git.example/l.git"),
        "zip/lib": ("url", "https://files.example/l.zip"),
        "hg/lib": ("url", "https://hg.example/l"),
        "meta/pkg": ("registry", None),
        "reg/lib": ("registry", None),
    }


def test_licenses_and_names() -> None:
    packages = [
        package("a/one", license=["MIT", "GPL-2.0-or-later"]),
        package("a/two", license="BSD-3-Clause"),
        package("a/three", license=[]),
        package("a/four", license={"x": 1}),
        package("Upper/Case", homepage="https://example.org", description=""),
        package("novendor"),
    ]
    result = read(NOWHERE, lock_text(packages), manifest_text="{}")
    comps = by_name(result)
    assert [comps[n].license for n in ("a/one", "a/two", "a/three", "a/four")] == [
        "MIT OR GPL-2.0-or-later",
        "BSD-3-Clause",
        None,
        None,
    ]
    assert comps["Upper/Case"].purl == "pkg:composer/upper/case@1.0.0"  # purl-spec: composer names are lower case
    assert (comps["Upper/Case"].homepage, comps["Upper/Case"].description) == ("https://example.org", None)
    assert comps["novendor"].purl == "pkg:composer/novendor@1.0.0"
    assert [p.message for p in result.problems] == ["package name 'novendor' is not vendor/package"]


def test_minified_lock_is_located_on_its_only_line(corpus: Path) -> None:
    data = json.loads((corpus / PHP / "composer.composer.lock").read_text())
    result = read(corpus / PHP / "composer.composer.lock", json.dumps(data))
    assert len(result.components) == 36 and {c.source.line for c in result.components} == {1}


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("text", "kind", "line", "words"),
    [
        ("", "parse", 1, "invalid JSON"),
        ('{"packages": [', "parse", 1, "invalid JSON"),
        ("[1, 2]", "manifest", 1, "expected a JSON object, got a list"),
        ('{"name": "x/y"}', "manifest", 1, "no 'packages' list: not a composer.lock?"),
        ('{\n"packages": {"a/b": {}}\n}', "manifest", 2, "'packages' should be a list of packages, not an object"),
        ('{"packages": [\n  "a/b"\n]}', "manifest", 1, "package entry is a string"),  # at its list's line
        ('{"packages": [\n  {"version": "1"}\n]}', "manifest", 1, "without a valid name"),
    ],
)
def test_broken_locks(text: str, kind: str, line: int, words: str) -> None:
    result = read(NOWHERE, text, manifest_text="{}")
    assert result.components == ()
    [problem] = result.problems
    assert (problem.kind, problem.source.line) == (kind, line) and words in problem.message


def test_bad_entries_are_reported_and_kept() -> None:
    text = textwrap.dedent(
        """\
        {
            "packages": [
                {
                    "name": "a/noversion",
                    "require": ["not", "a", "map"]
                },
                {
                    "name": "a/needs",
                    "version": "1.0.0",
                    "require": {"ghost/pkg": "^1"},
                    "replace": "nope"
                }
            ],
            "packages-dev": null
        }
        """
    )
    result = read(NOWHERE, text, manifest_text='{"require": {"a/noversion": "*", "a/needs": 5}}')
    assert [(c.name, c.version, c.pinned, c.purl) for c in result.components] == [
        ("a/noversion", "", False, "pkg:composer/a/noversion"),
        ("a/needs", "1.0.0", True, "pkg:composer/a/needs@1.0.0"),
    ]
    found = [(p.source.path, p.source.line, p.message) for p in result.problems]
    assert found == [
        (NOWHERE, 4, "package 'a/noversion' has no valid version (null)"),
        (NOWHERE, 4, "'require' of 'a/noversion' should be an object, not a list; ignored"),
        (NOWHERE, 8, "'replace' of 'a/needs' should be an object, not a string; ignored"),
        (NOWHERE, 8, "a/needs requires ghost/pkg, which the lock does not list"),
        (str(Path(NOWHERE).parent / "composer.json"), 1, "constraint of 'a/needs' should be a string, not a number"),
    ]


def test_manifest_problems_are_located_in_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "composer.lock").write_text(lock_text([package("a/b")]))
    (tmp_path / "composer.json").write_text('{\n  "require": {\n    "a/b": "^1",\n    "c/missing": "^2"\n  }\n}\n')
    result = read(tmp_path / "composer.lock")
    [problem] = result.problems
    assert problem.source == composer.Source(str(tmp_path / "composer.json"), 4)
    assert "c/missing is required by the composer.json but not in the lock" in problem.message
    assert result.includes == (str(tmp_path / "composer.json"),)


def test_unreadable_manifest_falls_back_to_the_guess(tmp_path: Path) -> None:
    (tmp_path / "x.composer.lock").write_text(lock_text([package("a/b")]))
    (tmp_path / "x.composer.json").write_text('{"require": ')
    result = read(tmp_path / "x.composer.lock")
    assert [(p.kind, p.source.path) for p in result.problems] == [
        ("parse", str(tmp_path / "x.composer.json")),
        ("input", str(tmp_path / "x.composer.lock")),
    ]
    assert "no readable composer.json" in result.problems[1].message and by_name(result)["a/b"].direct


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"require": ["a/b"]}', "'require' should be an object of package: constraint, not a list"),
        ('{"require-dev": {"a/b": null}}', "constraint of 'a/b' should be a string, not null"),
        ('"just a string"', "expected a JSON object, got a string"),
    ],
)
def test_broken_manifests(text: str, words: str) -> None:
    result = read_manifest("p/composer.json", text)
    [problem] = result.problems
    assert words in problem.message and problem.source.path == "p/composer.json"


def test_manifest_exact_versions_are_pinned() -> None:
    text = '{"require": {"a/b": "1.2.3", "c/d": "v2.0.0", "e/f": "dev-main", "g/h": "~1.0"}, "require-dev": []}'
    result = read_manifest("p/composer.json", text)
    assert [(c.name, c.pinned, c.purl) for c in result.components] == [
        ("a/b", True, "pkg:composer/a/b@1.2.3"),
        ("c/d", True, "pkg:composer/c/d@v2.0.0"),
        ("e/f", False, "pkg:composer/e/f"),
        ("g/h", False, "pkg:composer/g/h"),
    ]


# --------------------------------------------------------------------------- registry


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("composer.lock", "composer.lock"),
        ("app.composer.lock", "composer.lock"),
        ("composer.json", "composer.json"),
        ("app.composer.json", "composer.json"),
    ],
)
def test_detected_by_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, fmt: str) -> None:
    monkeypatch.setattr(readers, "FORMATS", {**readers.FORMATS, **composer.FORMATS})
    monkeypatch.setattr(readers, "PATTERNS", composer.PATTERNS + readers.PATTERNS)
    path = tmp_path / name
    path.write_text(lock_text([package("a/b")]) if fmt == "composer.lock" else '{"require": {"a/b": "^1"}}')
    result = readers.read_path(str(path))
    assert result.format == fmt and [c.name for c in result.components] == ["a/b"]
