"""yarn reader: classic (v1) and berry (v2+) yarn.lock files, on real files and bad input."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.model import ReadResult
from sphinxcontrib.soup.readers import yarn
from sphinxcontrib.soup.readers.npm import ProblemSink
from sphinxcontrib.soup.readers.yarn import parse_classic, read_yarn_lock

from .jshelpers import assert_ground_truth_fields, assert_matches_ground_truth, assert_well_formed, facts, only

GROUND_TRUTH = [
    "generated/yarn-classic/yarn.lock",
    "generated/yarn-berry/yarn.lock",
    "generated/yarn-berry-workspaces/yarn.lock",
]


def lock(path: Path, **kwargs) -> ReadResult:
    result = read_yarn_lock(path.read_text(encoding="utf-8"), str(path), **kwargs)
    assert_well_formed(result)
    assert result.format == "yarn.lock" and result.locked
    return result


def lock_text(text: str, path: str = "/nowhere/yarn.lock", **kwargs) -> ReadResult:
    result = read_yarn_lock(text, path, **kwargs)
    assert_well_formed(result)
    return result


def messages(result: ReadResult) -> list[str]:
    return [p.message for p in result.problems]


# --------------------------------------------------------------------------- ground truth


@pytest.mark.parametrize("name", GROUND_TRUTH)
def test_ground_truth_packages(corpus: Path, name: str) -> None:
    path = corpus / name
    result = lock(path)
    assert result.problems == ()
    assert_matches_ground_truth(result, path)


@pytest.mark.parametrize("name", GROUND_TRUTH)
def test_ground_truth_fields(corpus: Path, name: str) -> None:
    path = corpus / name
    assert_ground_truth_fields(lock(path), path)


@pytest.mark.parametrize("name", [*GROUND_TRUTH, "fetched/npm/webpack.yarn.lock", "fetched/npm/jest.berry.yarn.lock"])
def test_every_line_is_the_entry_key(corpus: Path, name: str) -> None:
    """Each component points at the first line of its entry: an unindented key naming the package."""
    path = corpus / name
    lines = path.read_text(encoding="utf-8").splitlines()
    for comp in lock(path).components:
        text = lines[comp.source.line - 1]
        assert text.endswith(":") and not text.startswith(" "), (comp, text)
        assert f"{comp.alias or comp.name}@" in text, (comp, text)


def test_classic_agrees_with_npm(corpus: Path) -> None:
    """The same project locked by npm and yarn 1: same components, direct flags, scopes, via and aliases."""
    from sphinxcontrib.soup.readers.npm import read_package_lock

    npm_lock = corpus / "generated/npm-web-v3/package-lock.json"
    assert facts(lock(corpus / "generated/yarn-classic/yarn.lock")) == facts(
        read_package_lock(npm_lock.read_text(), str(npm_lock))
    )


# --------------------------------------------------------------------------- classic (v1)


def test_classic_details(corpus: Path) -> None:
    path = corpus / "generated/yarn-classic/yarn.lock"
    result = lock(path)
    assert result.includes == (str(corpus / "generated/yarn-classic/package.json"),)
    alias = only(result, "lodash", "4.18.1")
    assert (alias.alias, alias.direct, alias.scope, alias.source.line) == ("my-lodash-alias", True, "runtime", 2403)
    assert alias.purl == "pkg:npm/lodash@4.18.1"
    assert only(result, "lodash", "4.17.15").alias is None
    # react is in dependencies and peerDependencies: the stronger scope; jest is dev; fsevents optional
    assert only(result, "react").scope == "runtime"
    assert only(result, "jest").scope == "dev" and only(result, "fsevents").scope == "optional"
    # transitive: scope and via from the graph (yarn 1 marks nothing)
    assert only(result, "debug", "2.6.9").via == ("express",)
    assert only(result, "debug", "4.4.3").via == ("axios", "eslint", "jest")
    assert only(result, "@babel/core").scope == "dev"
    assert Counter(c.scope for c in result.components) == {"dev": 322, "runtime": 91, "optional": 1}


def test_classic_manifest_given_or_missing(corpus: Path, tmp_path: Path) -> None:
    """``manifest=`` stands in for the sibling; without any, direct dependencies are guessed, with a problem."""
    source = corpus / "generated/yarn-classic"
    copy = tmp_path / "yarn.lock"
    shutil.copy(source / "yarn.lock", copy)
    given = lock(copy, manifest=(source / "package.json").read_text())
    assert given.problems == () and given.includes == ()
    assert facts(given) == facts(lock(source / "yarn.lock"))
    guessed = lock(copy)
    assert [p.kind for p in guessed.problems] == ["manifest"]
    assert "guessed" in guessed.problems[0].message and "dev and runtime" in guessed.problems[0].message
    assert len(guessed.components) == 414 and {c.scope for c in guessed.components} == {"runtime", "optional"}
    # nothing depends on the direct dependencies, except react (react-dom's dependency is a peer, not an edge)
    assert {c.alias or c.name for c in guessed.components if c.direct} >= {"axios", "express", "jest", "eslint"}


def test_webpack_structure(corpus: Path) -> None:
    """1,397 entries, each a distinct package; 113 direct (19 dependencies + 94 devDependencies)."""
    path = corpus / "fetched/npm/webpack.yarn.lock"
    result = lock(path)
    assert result.problems == ()
    assert result.includes == (str(corpus / "fetched/npm/webpack.package.json"),)
    assert len(result.components) == 1397
    manifest = json.loads((corpus / "fetched/npm/webpack.package.json").read_text())
    direct = {c.alias or c.name: c for c in result.components if c.direct}
    assert set(direct) == set(manifest["dependencies"]) | set(manifest["devDependencies"]) and len(direct) == 113
    assert all(direct[name].scope == "runtime" for name in manifest["dependencies"])
    # a devDependency that a runtime dependency also needs ships: runtime, like npm's flags say
    assert "terser" in manifest["devDependencies"] and direct["terser"].scope == "runtime"
    # git dependency given as GitHub shorthand: the package's version, the commit in the resolved URL
    tooling = only(result, "tooling")
    assert (tooling.origin, tooling.version, tooling.direct, tooling.scope) == ("git", "1.28.1", True, "dev")
    assert tooling.resolved.endswith("/tar.gz/4c13a00ac84cf0e2dd57c457cd1ce46faa9e456a")
    assert tooling.source.line == 9715
    # aliases (npm:prettier@^2, react-is-18/19, the *-cjs copies) keep the real name
    assert only(result, "prettier", alias="prettier-2").direct
    assert {c.alias for c in result.components if c.name == "react-is" and c.alias} == {"react-is-18", "react-is-19"}
    assert only(result, "@webassemblyjs/ast").purl.startswith("pkg:npm/%40webassemblyjs/ast@")


def test_classic_workspaces(tmp_path: Path) -> None:
    """yarn 1 workspaces: members are not in the lock; their dependencies are direct, grouped by member."""
    (tmp_path / "package.json").write_text('{"name": "root", "workspaces": ["packages/*"]}')
    for name, deps in (("a", {"b": "1.0.0", "left": "^1.0.0"}), ("b", {"right": "^2.0.0"})):
        (tmp_path / "packages" / name).mkdir(parents=True)
        manifest = {"name": name, "version": "1.0.0", "dependencies": deps}
        (tmp_path / "packages" / name / "package.json").write_text(json.dumps(manifest))
    text = """# yarn lockfile v1


left@^1.0.0:
  version "1.2.0"
  dependencies:
    right "^2.0.0"

right@^2.0.0:
  version "2.1.0"
"""
    (tmp_path / "yarn.lock").write_text(text)
    result = lock(tmp_path / "yarn.lock")
    assert result.problems == () and len(result.includes) == 3
    assert {(c.name, c.direct, c.groups) for c in result.components} == {
        ("left", True, ("a",)),
        ("right", True, ("a", "b")),
    }


def test_classic_parser_forms() -> None:
    """Quoted and bare keys, several descriptors per entry, escapes, CRLF, comments, unknown fields kept."""
    text = (
        '# yarn lockfile v1\r\n\r\n"@s/a@^1.0.0", "@s/a@^1.1.0", \'x\':\r\n  version "1.1.0"\r\n'
        '  resolved "https://r.example/a.tgz#abc"\r\n  dependencies:\r\n    "b\\"q" "1 || 2"\r\n'
        "    c latest\r\n\r\nb@2:\r\n  version 2\r\n  unknownFlag true\r\n"
    )
    problem = ProblemSink("x")
    blocks = parse_classic(text, problem)
    assert problem.problems == []
    assert blocks[0].keys == ["@s/a@^1.0.0", "@s/a@^1.1.0", "'x'"] and blocks[0].line == 3
    assert blocks[0].fields == {"version": "1.1.0", "resolved": "https://r.example/a.tgz#abc"}
    assert blocks[0].maps == {"dependencies": {'b"q': "1 || 2", "c": "latest"}}
    assert (blocks[1].keys, blocks[1].fields) == (["b@2"], {"version": "2", "unknownFlag": "true"})


# --------------------------------------------------------------------------- berry (v2+)


def test_berry_details(corpus: Path) -> None:
    path = corpus / "generated/yarn-berry/yarn.lock"
    result = lock(path)
    assert result.includes == (str(corpus / "generated/yarn-berry/package.json"),)
    # the root workspace merges dev and prod: the package.json tells them apart
    assert only(result, "jest").scope == "dev" and only(result, "eslint").scope == "dev"
    assert only(result, "react").scope == "runtime" and only(result, "fsevents").scope == "optional"
    alias = only(result, "lodash", "4.18.1")
    assert (alias.alias, alias.direct, alias.source.line) == ("my-lodash-alias", True, 3243)
    # fsevents and its builtin patch are one component, at the line of the unpatched entry
    fsevents = only(result, "fsevents")
    assert fsevents.groups == ("patched",) and fsevents.source.line == 2066 and fsevents.origin == "registry"
    assert only(result, "resolve").groups == ("patched",)
    # berry resolves node-gyp@latest for fsevents: 432 packages where npm, yarn 1 and pnpm have 414
    assert "fsevents" in only(result, "node-gyp").via
    assert not [c for c in result.components if c.version == "0.0.0-use.local"]


def test_berry_agrees_with_classic(corpus: Path) -> None:
    """The same project locked by yarn 1 and yarn 4: the same direct dependencies with the same scopes, and
    every yarn 1 package; berry adds node-gyp@latest and its 17 dependencies for fsevents' build."""
    classic = lock(corpus / "generated/yarn-classic/yarn.lock")
    berry = lock(corpus / "generated/yarn-berry/yarn.lock")

    def direct(result: ReadResult) -> set[tuple]:
        return {(c.name, c.version, c.scope, c.alias) for c in result.components if c.direct}

    assert direct(classic) == direct(berry)
    pairs = {(c.name, c.version) for c in berry.components}
    assert {(c.name, c.version) for c in classic.components} <= pairs and len(pairs) - 414 == 18


def test_berry_without_manifest(corpus: Path, tmp_path: Path) -> None:
    """No package.json: the workspace entry's dependencies are direct, all runtime, and one problem says so."""
    copy = tmp_path / "yarn.lock"
    shutil.copy(corpus / "generated/yarn-berry/yarn.lock", copy)
    result = lock(copy)
    assert len(result.problems) == 1 and "dev and runtime" in result.problems[0].message
    assert result.problems[0].source.line == 1426  # the workspace entry
    direct = {c.alias or c.name: c.scope for c in result.components if c.direct}
    assert len(direct) == 10 and direct["jest"] == "runtime"
    assert direct["fsevents"] == "optional"  # dependenciesMeta: optional
    with_text = lock(copy, manifest=(corpus / "generated/yarn-berry/package.json").read_text())
    assert with_text.problems == () and with_text.includes == ()
    assert facts(with_text) == facts(lock(corpus / "generated/yarn-berry/yarn.lock"))


def test_berry_workspaces_details(corpus: Path) -> None:
    folder = corpus / "generated/yarn-berry-workspaces"
    result = lock(folder / "yarn.lock")
    assert sorted(result.includes) == sorted(
        str(folder / f) for f in ("package.json", *(f"packages/{m}/package.json" for m in ("api", "shared", "web")))
    )
    # members are not components; their dependencies are direct and grouped by the members that ask for them
    assert not {c.name for c in result.components} & {"@corpus/api", "@corpus/shared", "@corpus/web"}
    assert only(result, "zod").groups == ("@corpus/api", "@corpus/shared", "@corpus/web")
    express = only(result, "express")
    assert express.direct and express.groups == ("@corpus/api",) and express.scope == "runtime"
    assert only(result, "nodemon").scope == "dev" and only(result, "vite").scope == "dev"
    typescript = only(result, "typescript")
    assert typescript.scope == "dev" and typescript.groups == ("patched",)
    # file: dependency with ::locator=, its own dependency resolved; tarball URL dependency
    local = only(result, "local-lib")
    assert (local.origin, local.resolved, local.version, local.direct) == ("path", "vendor/local-lib", "0.1.0", True)
    assert only(result, "chalk", "4.1.2").via == ("local-lib",)
    left_pad = only(result, "left-pad")
    assert left_pad.origin == "url" and left_pad.resolved.endswith("/left-pad-1.3.0.tgz")
    # resolutions in the root package.json: semver@npm:^6.3.1 resolves to the 7.6.3 entry
    assert [c.version for c in result.components if c.name == "semver"] == ["7.6.3"]


def test_jest_berry_monorepo(corpus: Path) -> None:
    """2,227 entries: 71 workspaces and 6 patches (merged with the package they patch) -> 2,150 packages.

    No jest.berry.package.json and no member folders beside the lock: the workspace entries give the direct
    dependencies, all runtime (or optional), and one problem says dev and runtime could not be told apart.
    """
    path = corpus / "fetched/npm/jest.berry.yarn.lock"
    result = lock(path)
    data = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
    entries = {k: v for k, v in data.items() if k != "__metadata"}
    workspaces = {k: v for k, v in entries.items() if "@workspace:" in v["resolution"]}
    assert len(entries) == 2227 and len(workspaces) == 71
    assert len({(c.name, c.version) for c in result.components}) == 2150
    assert len(result.components) == 2158  # 8 aliased copies (react-is-18, string-width-cjs...) kept apart
    assert sorted(c.name for c in result.components if "patched" in c.groups) == [
        "@types/mdx",
        "fsevents",
        "lru-cache",
        "resolve",
        "ts-node",
        "typescript",
    ]
    told_apart = [p for p in result.problems if "dev and runtime" in p.message]
    assert len(told_apart) == 1 and "71 workspace(s)" in told_apart[0].message
    assert result.includes == () and {c.scope for c in result.components} <= {"runtime", "optional"}
    member_names = {v["resolution"].split("@workspace:")[0] for v in workspaces.values()}
    asked = {name for ws in workspaces.values() for name in ws.get("dependencies", {})} - member_names
    assert {c.alias or c.name for c in result.components if c.direct} == asked
    assert not [c for c in result.components if c.version == "0.0.0-use.local"]
    lru = only(result, "lru-cache", "10.4.3")
    assert lru.source.line == 15815 and "patched" in lru.groups


# --------------------------------------------------------------------------- bad input

CLASSIC = """# yarn lockfile v1


a@^1.0.0:
  version "1.0.0"
  dependencies:
    b "^2.0.0"

b@^2.0.0:
  version "2.0.0"
"""


def test_classic_bad_lines_are_located(tmp_path: Path) -> None:
    text = CLASSIC + 'garbage without colon\n  version "9"\nc@1:\n   version "1"\n  version "1.0.0"\n'
    result = lock_text(text, str(tmp_path / "yarn.lock"), manifest='{"dependencies": {"a": "^1.0.0"}}')
    assert [(p.kind, p.source.line) for p in result.problems] == [("manifest", 11), ("manifest", 14)]
    assert "line not understood" in result.problems[0].message
    assert "unexpected indentation" in result.problems[1].message
    assert {(c.name, c.version) for c in result.components} == {("a", "1.0.0"), ("b", "2.0.0"), ("c", "1.0.0")}


def test_classic_missing_version_and_dependency() -> None:
    text = CLASSIC.replace('  version "2.0.0"\n', "").replace('b "^2.0.0"', 'b "^2.0.0"\n    gone "1"')
    result = lock_text(text, manifest='{"dependencies": {"a": "^1.0.0", "zz": "1"}, "devDependencies": []}')
    assert sorted(messages(result)) == [
        "'a@^1.0.0' depends on 'gone@1', which is not in the lock",
        "'devDependencies' should be an object of name: range, not a list",
        "'zz@1' is declared in package.json but not in the lock",
        "package 'b@^2.0.0' has no version",
    ]
    assert only(result, "b").version == "" and only(result, "b").via == ("a",)
    assert {p.source.line for p in result.problems if "gone" in p.message or "no version" in p.message} == {4, 10}


def test_classic_broken_manifest(tmp_path: Path) -> None:
    (tmp_path / "yarn.lock").write_text(CLASSIC)
    (tmp_path / "package.json").write_text('{"dependencies": ')
    result = lock(tmp_path / "yarn.lock")
    assert result.includes == (str(tmp_path / "package.json"),)
    assert [p.kind for p in result.problems] == ["parse", "manifest"]
    assert result.problems[0].source.path == str(tmp_path / "package.json")
    assert [c.name for c in result.components if c.direct] == ["a"]  # guessed: nothing depends on it


def test_classic_without_header_and_names() -> None:
    result = lock_text('"@":\n  version "1"\n\nok@1:\n  version "1"\n', manifest="{}")
    assert [p.source.line for p in result.problems] == [1, 1]
    assert "no '# yarn lockfile v1' header" in result.problems[0].message
    assert "'@' is not a 'name@range' descriptor" in result.problems[1].message
    assert [c.name for c in result.components] == ["ok"]


BERRY = """__metadata:
  version: 8
  cacheKey: 10c0

"a@npm:^1.0.0":
  version: 1.0.0
  resolution: "a@npm:1.0.0"
  dependencies:
    b: "npm:^2.0.0"
  languageName: node
  linkType: hard

"b@npm:^2.0.0":
  version: 2.0.0
  resolution: "b@npm:2.0.0"
  languageName: node
  linkType: hard

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    a: "npm:^1.0.0"
  languageName: unknown
  linkType: soft
"""


def test_berry_invalid_yaml() -> None:
    result = lock_text(BERRY.replace("  cacheKey: 10c0", "  cacheKey: [10c0"))
    assert result.components == () and [p.kind for p in result.problems] == ["parse"]
    assert result.problems[0].source.line is not None


def test_berry_wrong_types_are_located() -> None:
    text = (
        BERRY.replace("  version: 8\n", "")
        + '\n"c@npm:^1.0.0": just a string\n'
        + '\n"d@npm:^1.0.0":\n  version: 1.0.0\n  dependencies: [x]\n'
        + '\n"e@npm:^3.0.0":\n  version: 3.0.0\n  resolution: "e@npm:3.0.0"\n  dependencies:\n    zz: "npm:^9"\n'
    )
    result = lock_text(text, manifest='{"dependencies": {"a": "^1.0.0"}}')
    found = {p.message: p.source.line for p in result.problems}
    assert found == {
        "no '__metadata' with a 'version': read as a yarn berry lock": 1,
        "entry 'c@npm:^1.0.0' should be a mapping, not a string": 26,
        "entry 'd@npm:^1.0.0' has no 'resolution' locator; its first descriptor is used": 28,
        "the 'dependencies' of 'd@npm:1.0.0' should be a mapping, not a list": 28,
        "'e@npm:3.0.0' depends on 'zz@npm:^9', which is not in the lock": 32,
    }
    assert {(c.name, c.version) for c in result.components} == {
        ("a", "1.0.0"),
        ("b", "2.0.0"),
        ("d", "1.0.0"),
        ("e", "3.0.0"),
    }


def test_berry_manifest_out_of_step() -> None:
    """A package.json dependency the workspace entry lacks (a stale lock); wrong types in the package.json."""
    manifest = {"dependencies": {"a": "^1.0.0", "new": "^1.0.0"}, "peerDependencies": {"p": "1"}, "devDependencies": 3}
    result = lock_text(BERRY, manifest=json.dumps(manifest))
    assert sorted((p.source.line or 0, p.message) for p in result.problems) == [
        (0, "'devDependencies' should be an object of name: range, not a number"),
        (19, "'new' is declared in the package.json of 'app@workspace:.' but not in the lock"),
    ]
    assert only(result, "a").direct and only(result, "b").via == ("a",)


def test_berry_not_a_mapping() -> None:
    result = lock_text("[\n__metadata: 1\n]\n")  # a flow list holding the metadata
    assert result.components == () and [p.message for p in result.problems] == [
        "expected a mapping of entries, got a list"
    ]
    stray = lock_text("- __metadata:\n", manifest="{}")  # no berry header at a line start: read as classic
    assert stray.components == () and "not a 'name@range' descriptor" in stray.problems[-1].message


# --------------------------------------------------------------------------- registry


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The yarn module in the reader registry (the lead adds it to MODULES when integrating)."""
    monkeypatch.setattr(readers, "MODULES", (*readers.MODULES, yarn))
    monkeypatch.setattr(readers, "FORMATS", {**readers.FORMATS, **yarn.FORMATS})
    monkeypatch.setattr(readers, "PATTERNS", (*readers.PATTERNS, *yarn.PATTERNS))


@pytest.mark.usefixtures("registered")
def test_read_path_detects_yarn_locks(corpus: Path, tmp_path: Path) -> None:
    assert readers.detect("x/yarn.lock") == readers.detect("x/jest.berry.yarn.lock") == "yarn.lock"
    via_path = readers.read_path(str(corpus / "generated/yarn-classic/yarn.lock"))
    assert via_path.format == "yarn.lock" and len(via_path.components) == 414
    renamed = tmp_path / "lockfile"
    shutil.copy(corpus / "generated/yarn-berry/yarn.lock", renamed)
    assert readers.detect(str(renamed), renamed.read_text()[:4096]) == "yarn.lock"


def test_classic_origins() -> None:
    """file:, tarball URL and git descriptors: the origin and where the package came from."""
    text = """# yarn lockfile v1


"local@file:./vendor/local":
  version "0.1.0"

"pad@https://h.example/pad-1.3.0.tgz":
  version "1.3.0"
  resolved "https://h.example/pad-1.3.0.tgz#abc"

"g@git+https://github.com/o/g.git#v2":
  version "2.0.0"
  resolved "git+https://github.com/o/g.git#0123456789abcdef0123456789abcdef01234567"
"""
    manifest = json.dumps(
        {
            "dependencies": {
                "local": "file:./vendor/local",
                "pad": "https://h.example/pad-1.3.0.tgz",
                "g": "git+https://github.com/o/g.git#v2",
            }
        }
    )
    result = lock_text(text, manifest=manifest)
    assert result.problems == ()
    assert {c.name: (c.version, c.origin, c.resolved, c.direct) for c in result.components} == {
        "local": ("0.1.0", "path", "vendor/local", True),
        "pad": ("1.3.0", "url", "https://h.example/pad-1.3.0.tgz", True),
        "g": ("2.0.0", "git", "git+https://github.com/o/g.git#0123456789abcdef0123456789abcdef01234567", True),
    }
