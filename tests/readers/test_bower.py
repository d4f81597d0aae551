"""bower reader: bower.json manifests (corpus) and installed ``.bower.json`` metadata.

The corpus has no ground truth for bower (bower resolves through GitHub, unreachable here): the expected
entries below were derived by reading the two manifests once. No installed ``.bower.json`` is in the
corpus either; the ones below follow the metadata bower writes (``_release``, ``_resolution``, ``_source``,
``_target``, ``_originalSource``), as in the angular fixture of bower's own test suite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.model import ReadResult, Source
from sphinxcontrib.soup.readers import bower
from sphinxcontrib.soup.readers.bower import Endpoint, parse_endpoint, read_bower


def read(path: str | Path, text: str | None = None) -> ReadResult:
    text = Path(path).read_text(encoding="utf-8") if text is None else text
    result = read_bower(text, str(path))
    assert isinstance(result, ReadResult) and result.format == "bower"
    for problem in result.problems:
        assert problem.source is not None and problem.source.path == str(path), problem
    for comp in result.components:
        assert comp.name and comp.ecosystem in ("github", "generic"), comp
        assert comp.purl.startswith(f"pkg:{comp.ecosystem}/"), comp
        assert comp.source.path == str(path) and comp.direct and comp.via == (), comp
    return result


def by_name(result: ReadResult) -> dict:
    """Components by the name bower installs them under (a GitHub package's own name is ``owner/repo``)."""
    return {c.alias or c.name: c for c in result.components}


# ---------------------------------------------------------------------------------------------------------
# Endpoints


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("lodash", "*", Endpoint("lodash", "*")),
        ("Split.js", "~1.0.6", Endpoint("Split.js", "~1.0.6")),
        ("jq", "latest", Endpoint("jq", "*")),
        ("jq", "", Endpoint("jq", "*")),
        ("jq", "#1.2.3", Endpoint("jq", "1.2.3")),
        ("my-jquery", "jquery#~2.0", Endpoint("jquery", "~2.0", alias="my-jquery")),
        (
            "polymer",
            "Polymer/polymer",
            Endpoint("polymer", "*", "git", "https://github.com/Polymer/polymer.git", ("Polymer", "polymer")),
        ),
        (
            "polymer",
            "Polymer/polymer#^1.1.0",
            Endpoint("polymer", "^1.1.0", "git", "https://github.com/Polymer/polymer.git", ("Polymer", "polymer")),
        ),
        (
            "SparkMD5",
            "https://github.com/satazor/SparkMD5.git#~0.0.5",
            Endpoint("SparkMD5", "~0.0.5", "git", "https://github.com/satazor/SparkMD5.git", ("satazor", "SparkMD5")),
        ),
        ("r", "git@github.com:o/r.git#v1.0.0", Endpoint("r", "v1.0.0", "git", "git@github.com:o/r.git", ("o", "r"))),
        ("r", "git://example.org/r.git", Endpoint("r", "*", "git", "git://example.org/r.git")),
        ("r", "svn+https://example.org/r#1", Endpoint("r", "1", "git", "svn+https://example.org/r")),
        ("r", "https://example.org/r.tar.gz", Endpoint("r", "*", "url", "https://example.org/r.tar.gz")),
        (
            "r",
            "https://github.com/o/r/archive/v1.zip",  # an archive, not the repository
            Endpoint("r", "*", "url", "https://github.com/o/r/archive/v1.zip"),
        ),
        ("r", "./vendor/r", Endpoint("r", "*", "path", "./vendor/r")),
        ("r", "/opt/r", Endpoint("r", "*", "path", "/opt/r")),
    ],
)
def test_parse_endpoint(key: str, value: str, expected: Endpoint) -> None:
    assert parse_endpoint(key, value) == expected


@pytest.mark.parametrize(
    ("value", "pinned"),
    [("1.2.3", True), ("v1.2.3", True), ("o/r#" + "a1" * 20, True), ("~1.2.3", False), ("o/r#master", False)],
)
def test_pinned(value: str, pinned: bool) -> None:
    assert parse_endpoint("x", value).pinned is pinned


# ---------------------------------------------------------------------------------------------------------
# Corpus manifests

GITHUB_ELEMENTS = [
    "iron-ajax",
    "paper-spinner",
    "paper-fab",
    "paper-button",
    "iron-collapse",
    "paper-slider",
    "paper-toolbar",
    "paper-menu",
    "paper-dropdown-menu",
    "paper-icon-button",
    "paper-item",
    "paper-header-panel",
    "paper-checkbox",
    "paper-input",
    "paper-dialog",
]


def test_example_app(corpus: Path) -> None:
    result = read(corpus / "fetched/bower/nlpljs-example-app.bower.json")
    assert not result.locked and result.problems == ()
    assert len(result.components) == 23
    assert [c.source.line for c in result.components] == list(range(5, 28))  # one per line, in file order
    found = by_name(result)
    assert all(c.scope == "runtime" and not c.pinned for c in result.components)
    github = {n for n, c in found.items() if c.ecosystem == "github"}
    assert github == {"polymer", "google-apis", "SparkMD5", *GITHUB_ELEMENTS}
    assert {n for n, c in found.items() if c.origin == "registry"} == {
        "lodash",
        "requirejs",
        "requirejs-text",
        "Split.js",
    }
    assert found["polymer"].purl == "pkg:github/polymer/polymer" and found["polymer"].version == "*"
    assert found["paper-dialog"].resolved == "https://github.com/PolymerElements/paper-dialog.git"
    assert (found["SparkMD5"].version, found["SparkMD5"].purl) == ("~0.0.5", "pkg:github/satazor/sparkmd5")
    assert (found["Split.js"].version, found["Split.js"].purl) == ("~1.0.6", "pkg:generic/Split.js")
    clear = found["clearsans-1.00"]
    url = "https://01.org/sites/default/files/downloads/clear-sans/clearsans-1.00.zip"
    assert (clear.origin, clear.resolved, clear.ecosystem) == ("url", url, "generic")
    assert clear.purl == f"pkg:generic/clearsans-1.00?download_url={url}"


def test_paper_button(corpus: Path) -> None:
    result = read(corpus / "fetched/bower/paper-button-1.0.3.bower.json")
    assert result.problems == ()
    found = by_name(result)
    assert {n for n, c in found.items() if c.scope == "runtime"} == {
        "polymer",
        "paper-ripple",
        "paper-material",
        "paper-behaviors",
    }
    assert len([c for c in result.components if c.scope == "dev"]) == 8
    assert {n: found[n].source.line for n in ("polymer", "paper-behaviors", "webcomponentsjs", "paper-styles")} == {
        "polymer": 24,
        "paper-behaviors": 27,
        "webcomponentsjs": 30,
        "paper-styles": 37,
    }
    ripple = found["paper-ripple"]
    assert (ripple.version, ripple.purl, ripple.pinned) == ("^1.0.0", "pkg:github/polymerelements/paper-ripple", False)
    # a GitHub package is named by its repository, as its purl and SBOMs name it; the bower key is its alias
    assert (ripple.name, ripple.alias) == ("polymerelements/paper-ripple", "paper-ripple")
    tester = found["web-component-tester"]
    assert (tester.origin, tester.version, tester.scope, tester.purl) == (
        "registry",
        "*",
        "dev",
        "pkg:generic/web-component-tester",
    )


# ---------------------------------------------------------------------------------------------------------
# Installed metadata

ANGULAR = {
    "name": "angular",
    "version": "1.2.18",
    "main": "./angular.js",
    "dependencies": {},
    "homepage": "https://github.com/angular/bower-angular",
    "license": "MIT",
    "_release": "1.2.18",
    "_resolution": {"type": "version", "tag": "v1.2.18", "commit": "0ca814f33e56902d1500e4d5a6742d09f089b3af"},
    "_source": "https://github.com/angular/bower-angular.git",
    "_target": "1.2.18",
    "_originalSource": "angular",
}


def test_installed_registry_package(tmp_path: Path) -> None:
    path = tmp_path / "bower_components" / "angular" / ".bower.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(ANGULAR, indent=2))
    result = read(path)
    assert result.locked and result.problems == ()
    (comp,) = result.components
    # a registered name: the same identity as the manifest's "angular": "~1.2" (generic), now pinned
    assert (comp.name, comp.version, comp.pinned, comp.ecosystem, comp.origin) == (
        "angular",
        "1.2.18",
        True,
        "generic",
        "registry",
    )
    assert comp.purl == "pkg:generic/angular@1.2.18" and comp.license == "MIT"
    assert comp.homepage == "https://github.com/angular/bower-angular" and comp.source.line == 8


def test_installed_github_package() -> None:
    data = {
        **ANGULAR,
        "name": "paper-ripple",
        "license": ["MIT", "BSD-3-Clause"],
        "_release": "1.0.10",
        "_resolution": {"type": "version", "tag": "v1.0.10", "commit": "21e9c4d3c6f2e2c1b7bb0d09f0e85b4d2e1f7a10"},
        "_source": "git://github.com/polymerelements/paper-ripple.git",
        "_target": "^1.0.0",
        "_originalSource": "polymerelements/paper-ripple",
        "_direct": True,
    }
    (comp,) = read("paper-ripple/.bower.json", json.dumps(data)).components
    assert (comp.name, comp.version, comp.ecosystem, comp.origin, comp.resolved) == (
        "polymerelements/paper-ripple",
        "1.0.10",
        "github",
        "git",
        "git://github.com/polymerelements/paper-ripple.git",
    )
    assert comp.purl == "pkg:github/polymerelements/paper-ripple@v1.0.10"  # the tag, the ref git knows
    assert comp.license == "MIT OR BSD-3-Clause"


def test_installed_url_package() -> None:
    data = {"name": "clearsans", "_release": "e-tag:0a1b2c", "_source": "https://example.org/clearsans.zip"}
    (comp,) = read("clearsans/.bower.json", json.dumps(data)).components
    assert (comp.origin, comp.version, comp.pinned) == ("url", "e-tag:0a1b2c", True)
    assert comp.purl.startswith("pkg:generic/clearsans@e-tag:0a1b2c?download_url=")


def test_installed_without_name_or_release(tmp_path: Path) -> None:
    path = tmp_path / "leftpad" / ".bower.json"
    result = read(path, '{\n  "_source": "git://example.org/leftpad.git"\n}')
    (comp,) = result.components
    assert (comp.name, comp.version, comp.pinned) == ("leftpad", "", False)
    assert [p.message for p in result.problems] == [
        "no 'name': the package is named after its folder (leftpad)",
        "'leftpad' has no '_release' (nor 'version'): its version is unknown",
    ]


# ---------------------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    ("text", "fragment", "line", "count"),
    [
        ('{\n  "dependencies": {\n    "a": "1.0.0",\n', "invalid JSON", 4, 0),
        ("[]", "expected a JSON object, got a list", 1, 0),
        ('{\n  "dependencies": ["a"]\n}', "'dependencies' should be an object", 2, 0),
        ('{\n  "devDependencies": {\n    "a": 1\n  }\n}', "the endpoint of 'a' should be a string", 3, 1),
        ('{\n  "dependencies": {\n    "ok": "*",\n    " ": "*"\n  }\n}', "without a name", 4, 1),
    ],
)
def test_bad_manifests(text: str, fragment: str, line: int, count: int) -> None:
    result = read("bower.json", text)
    (problem,) = result.problems
    assert fragment in problem.message and problem.source == Source("bower.json", line)
    assert len(result.components) == count


def test_duplicate_in_both_sections_is_runtime() -> None:
    text = json.dumps({"dependencies": {"a": "^1"}, "devDependencies": {"a": "^1", "b": "*"}}, indent=2)
    result = read("bower.json", text)
    assert {(c.name, c.scope) for c in result.components} == {("a", "runtime"), ("b", "dev")}


# ---------------------------------------------------------------------------------------------------------
# Registry (the lead adds the module to readers.MODULES)


@pytest.mark.parametrize("name", ["bower.json", ".bower.json", "nlpljs-example-app.bower.json", "Bower.JSON"])
def test_detect(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(readers, "PATTERNS", bower.PATTERNS + readers.PATTERNS)
    assert readers.detect(name) == "bower"
