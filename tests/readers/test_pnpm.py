"""pnpm reader: pnpm-lock.yaml lockfileVersion 5.4, 6.0 and 9.0, on real files and bad input."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.model import ReadResult
from sphinxcontrib.soup.readers import pnpm
from sphinxcontrib.soup.readers.npm import read_package_lock
from sphinxcontrib.soup.readers.pnpm import read_pnpm_lock, reference_key, split_key
from sphinxcontrib.soup.readers.yarn import read_yarn_lock

from .jshelpers import assert_ground_truth_fields, assert_matches_ground_truth, assert_well_formed, facts, only

GROUND_TRUTH = [
    "generated/pnpm-v7-lock5.4/pnpm-lock.yaml",
    "generated/pnpm-v8-lock6.0/pnpm-lock.yaml",
    "generated/pnpm-v9/pnpm-lock.yaml",
    "generated/pnpm-workspaces-v9/pnpm-lock.yaml",
]
FETCHED = ["koel", "nanoid", "vercel-ms", "vuejs-core"]


def lock(path: Path) -> ReadResult:
    result = read_pnpm_lock(path.read_text(encoding="utf-8"), str(path))
    assert_well_formed(result)
    assert result.format == "pnpm-lock" and result.locked
    return result


def lock_text(text: str, path: str = "/nowhere/pnpm-lock.yaml") -> ReadResult:
    result = read_pnpm_lock(text, path)
    assert_well_formed(result)
    return result


def importers(path: Path) -> dict:
    return yaml.load(path.read_text(), Loader=yaml.CSafeLoader)["importers"]


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


@pytest.mark.parametrize("name", GROUND_TRUTH + [f"fetched/npm/{f}.pnpm-lock.yaml" for f in FETCHED])
def test_every_line_is_the_package_key(corpus: Path, name: str) -> None:
    """Each component points at its ``packages`` key (the first, for peer variants)."""
    path = corpus / name
    lines = path.read_text(encoding="utf-8").splitlines()
    for comp in lock(path).components:
        if comp.origin == "path" and comp.source.line is None:  # link: folders have no entry
            continue
        text = lines[comp.source.line - 1]
        assert text.startswith("  ") and not text.startswith("   ") and text.endswith(":"), (comp, text)
        assert comp.name in text, (comp, text)


def test_one_project_in_five_lock_files_agrees(corpus: Path) -> None:
    """npm 11, yarn 1 and pnpm 7, 8 and 9 locked the same package.json: every component, direct flag, scope,
    via and alias agree -- pnpm 5.4/6.0 by their ``dev``/``optional`` flags, pnpm 9.0 and yarn 1 (which
    have none) by propagating the importer's sections down the graph."""
    generated = corpus / "generated"
    npm = generated / "npm-web-v3/package-lock.json"
    yarn = generated / "yarn-classic/yarn.lock"
    expected = facts(read_package_lock(npm.read_text(), str(npm)))
    assert facts(read_yarn_lock(yarn.read_text(), str(yarn))) == expected
    for version in ("pnpm-v7-lock5.4", "pnpm-v8-lock6.0", "pnpm-v9"):
        assert facts(lock(generated / version / "pnpm-lock.yaml")) == expected, version


# --------------------------------------------------------------------------- versions


def test_v5_peer_variants_are_one_component(corpus: Path) -> None:
    """5.4 keeps /jest-config/29.7.0 and /jest-config/29.7.0_@types+node@26.6.6: 415 keys, 414 packages."""
    path = corpus / "generated/pnpm-v7-lock5.4/pnpm-lock.yaml"
    data = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
    assert len(data["packages"]) == 415
    result = lock(path)
    jest_config = only(result, "jest-config")
    assert jest_config.source.line == 2013 and jest_config.scope == "dev" and not jest_config.direct
    alias = only(result, "lodash", "4.18.1")
    assert (alias.alias, alias.direct, alias.source.line) == ("my-lodash-alias", True, 2492)
    assert only(result, "react-dom").source.line == 2830


def test_v9_details(corpus: Path) -> None:
    path = corpus / "generated/pnpm-v9/pnpm-lock.yaml"
    result = lock(path)
    assert result.includes == ()
    assert only(result, "jest-config").source.line == 1037  # the packages entry, not the snapshot
    assert only(result, "lodash", "4.18.1").alias == "my-lodash-alias"
    fsevents = only(result, "fsevents")
    assert fsevents.scope == "optional" and fsevents.direct and fsevents.source.line == 838
    assert only(result, "debug", "2.6.9").via == ("express",)
    assert Counter(c.scope for c in result.components) == {"dev": 322, "runtime": 91, "optional": 1}


def test_workspaces_details(corpus: Path) -> None:
    folder = corpus / "generated/pnpm-workspaces-v9"
    result = lock(folder / "pnpm-lock.yaml")
    # member names come from their package.json files (the lock knows folders only)
    assert sorted(result.includes) == sorted(
        str(folder / f"packages/{m}/package.json") for m in ("api", "shared", "web")
    )
    assert not {c.name for c in result.components} & {"@corpus/api", "@corpus/shared", "@corpus/web"}
    # @corpus/shared is linked (link:../shared) by api and web: its dependencies are asked for by all three
    assert only(result, "zod").groups == ("@corpus/api", "@corpus/shared", "@corpus/web")
    assert only(result, "express").groups == ("@corpus/api",) and only(result, "nodemon").scope == "dev"
    # the root's dependencies: no group
    local = only(result, "local-lib")
    assert (local.origin, local.resolved, local.version, local.groups) == (
        "path",
        "vendor/local-lib",
        "file:vendor/local-lib",
        (),
    )
    assert only(result, "chalk", "4.1.2").via == ("local-lib",)
    left_pad = only(result, "left-pad")
    assert (left_pad.origin, left_pad.version) == ("url", "1.3.0")
    assert left_pad.resolved == "https://registry.npm.example/left-pad/-/left-pad-1.3.0.tgz"
    assert only(result, "typescript").scope == "dev" and only(result, "prettier").scope == "dev"


def test_members_without_package_json_keep_their_folder(corpus: Path, tmp_path: Path) -> None:
    shutil.copy(corpus / "generated/pnpm-workspaces-v9/pnpm-lock.yaml", tmp_path / "pnpm-lock.yaml")
    result = lock(tmp_path / "pnpm-lock.yaml")
    assert result.includes == () and result.problems == ()
    assert only(result, "zod").groups == ("packages/api", "packages/shared", "packages/web")


# --------------------------------------------------------------------------- fetched files (no ground truth)


@pytest.mark.parametrize("name", FETCHED)
def test_fetched_structure(corpus: Path, name: str) -> None:
    """Every packages key is one (name, version); the direct dependencies are the importers' non-link ones."""
    path = corpus / f"fetched/npm/{name}.pnpm-lock.yaml"
    result = lock(path)
    assert result.problems == () and result.includes == ()
    data = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
    assert len({(c.name, c.version) for c in result.components}) == len(data["packages"])
    declared = {
        dep
        for importer in data["importers"].values()
        for section in ("dependencies", "devDependencies", "optionalDependencies")
        for dep, ref in (importer.get(section) or {}).items()
        if not ref["version"].startswith("link:")
    }
    assert {c.alias or c.name for c in result.components if c.direct} == declared
    extra = len(result.components) - len(data["packages"])
    assert extra == len([c for c in result.components if c.alias])  # aliased copies kept apart


def test_koel_scopes_and_aliases(corpus: Path) -> None:
    """One importer, dependencies and devDependencies; peers resolved from a runtime package are ``peer``."""
    path = corpus / "fetched/npm/koel.pnpm-lock.yaml"
    result = lock(path)
    assert len(result.components) == 809 and sum(c.direct for c in result.components) == 64
    declared = importers(path)["."]
    scopes = {c.alias or c.name: c.scope for c in result.components if c.direct}
    assert {scopes[name] for name in declared["dependencies"]} == {"runtime"}
    # postcss is a devDependency that runtime packages also need: it ships (as npm's flags would say)
    assert "postcss" in declared["devDependencies"] and scopes["postcss"] == "runtime"
    # vite is aliased to @voidzero-dev/vite-plus-core (npm:... in the importer)
    vite = only(result, "@voidzero-dev/vite-plus-core", alias="vite")
    assert vite.direct and vite.scope == "dev"
    # typescript: a devDependency that vue (runtime) takes as an optional peer
    assert only(result, "typescript").scope == "peer"
    assert Counter(c.scope for c in result.components)["dev"] == 699


def test_vuejs_core_workspace(corpus: Path) -> None:
    """18 importers (17 members), catalogs and settings; links between members are not components."""
    path = corpus / "fetched/npm/vuejs-core.pnpm-lock.yaml"
    result = lock(path)
    found = importers(path)
    assert len(found) == 18 and len(result.components) == 620
    links = {
        dep
        for importer in found.values()
        for section in ("dependencies", "devDependencies")
        for dep, ref in (importer.get(section) or {}).items()
        if ref["version"].startswith("link:")
    }
    assert len(links) == 11 and not links & {c.name for c in result.components}  # members: vue, @vue/shared...
    members = {group for c in result.components for group in c.groups}
    assert members <= set(found) - {"."} and "packages/compiler-sfc" in members
    # a member's own dependencies are direct: @babel/parser is a dependency of compiler-core (catalog: spec)
    babel = only(result, "@babel/parser")
    assert babel.direct and babel.scope == "runtime" and "packages/compiler-core" in babel.groups
    assert found["packages/compiler-core"]["dependencies"]["@babel/parser"]["specifier"] == "catalog:"


# --------------------------------------------------------------------------- keys and references


@pytest.mark.parametrize(
    ("key", "major", "expected"),
    [
        ("/@babel/core/7.29.13", 5, ("@babel/core", "7.29.13")),
        ("/react-dom/18.3.1_react@18.3.1", 5, ("react-dom", "18.3.1")),
        ("registry.example/a/-/a-1.0.0.tgz", 5, None),
        ("/react-dom@18.3.1(react@18.3.1)", 6, ("react-dom", "18.3.1")),
        ("file:vendor/x", 6, None),
        ("@scope/a@1.0.0(b@2.0.0)", 9, ("@scope/a", "1.0.0")),
        ("local-lib@file:vendor/local-lib", 9, ("local-lib", "file:vendor/local-lib")),
        ("nameless", 9, None),
    ],
)
def test_split_key(key: str, major: int, expected: tuple | None) -> None:
    assert split_key(key, major) == expected


@pytest.mark.parametrize(
    ("name", "ref", "major", "expected"),
    [
        ("a", "1.0.0", 5, "/a/1.0.0"),
        ("a", "1.0.0_b@2.0.0", 5, "/a/1.0.0_b@2.0.0"),
        ("x", "/lodash/4.18.1", 5, "/lodash/4.18.1"),
        ("a", "1.0.0(b@2.0.0)", 6, "/a@1.0.0(b@2.0.0)"),
        ("a", "file:vendor/a", 6, "file:vendor/a"),
        ("a", "registry.example/a/-/a-1.0.0.tgz", 6, "registry.example/a/-/a-1.0.0.tgz"),
        ("a", "1.0.0(b@2.0.0)", 9, "a@1.0.0(b@2.0.0)"),
        ("x", "lodash@4.18.1", 9, "lodash@4.18.1"),
        ("x", "@s/lodash@4.18.1(y@1.0.0)", 9, "@s/lodash@4.18.1(y@1.0.0)"),
        ("a", "file:vendor/a", 9, "a@file:vendor/a"),
        ("a", "https://h.example/a@b/a.tgz", 9, "a@https://h.example/a@b/a.tgz"),
    ],
)
def test_reference_key(name: str, ref: str, major: int, expected: str) -> None:
    assert reference_key(name, ref, major) == expected


def test_origins_from_resolution() -> None:
    text = """lockfileVersion: '9.0'
importers:
  .:
    dependencies:
      g:
        specifier: github:o/g
        version: https://codeload.github.com/o/g/tar.gz/abc
      t:
        specifier: https://h.example/t.tgz
        version: https://h.example/t.tgz
      d:
        specifier: link:../elsewhere/d
        version: link:../elsewhere/d
      p:
        specifier: 1.0.0
        version: 1.0.0
packages:
  g@https://codeload.github.com/o/g/tar.gz/abc:
    resolution: {type: git, repo: https://github.com/o/g.git, commit: abc}
    version: 2.0.0
  t@https://h.example/t.tgz:
    resolution: {tarball: https://h.example/t.tgz}
    version: 3.0.0
  p@1.0.0:
    resolution: {integrity: sha512-x}
snapshots:
  g@https://codeload.github.com/o/g/tar.gz/abc: {}
  t@https://h.example/t.tgz: {}
  p@1.0.0: {}
"""
    result = lock_text(text)
    assert result.problems == ()
    facts_ = {c.name: (c.version, c.origin, c.resolved, c.direct) for c in result.components}
    assert facts_ == {
        "g": ("2.0.0", "git", "https://github.com/o/g.git#abc", True),
        "t": ("3.0.0", "url", "https://h.example/t.tgz", True),
        "d": ("link:../elsewhere/d", "path", "../elsewhere/d", True),
        "p": ("1.0.0", "registry", None, True),
    }


def test_patched_dependencies() -> None:
    text = """lockfileVersion: '9.0'
patchedDependencies:
  a@1.0.0:
    hash: abc
    path: patches/a@1.0.0.patch
importers:
  .:
    dependencies:
      a:
        specifier: 1.0.0
        version: 1.0.0(patch_hash=abc)
packages:
  a@1.0.0:
    resolution: {integrity: sha512-x}
snapshots:
  a@1.0.0(patch_hash=abc): {}
"""
    result = lock_text(text)
    assert result.problems == ()
    assert [(c.name, c.version, c.direct, c.groups) for c in result.components] == [("a", "1.0.0", True, ("patched",))]


# --------------------------------------------------------------------------- bad input


def test_invalid_yaml_and_wrong_top_level() -> None:
    broken = lock_text("lockfileVersion: '9.0'\nimporters: [\n")
    assert broken.components == () and [p.kind for p in broken.problems] == ["parse"]
    assert broken.problems[0].source.line is not None
    listed = lock_text("- lockfileVersion\n")
    assert listed.components == () and listed.problems[0].message == "expected a mapping, got a list"


def test_unknown_version_and_wrong_types_are_located() -> None:
    text = """lockfileVersion: banana
importers:
  .:
    dependencies:
      a:
        specifier: ^1.0.0
        version: 1.0.0
      b:
        specifier: ^1.0.0
        version: [1]
      c:
        specifier: ^1.0.0
        version: 9.9.9
    devDependencies: oops
  broken: 3
packages:
  a@1.0.0:
    resolution: {integrity: sha512-x}
  bad@1.0.0: just text
  '@@@': {}
snapshots:
  a@1.0.0:
    dependencies: [x]
  orphan@2.0.0: {}
"""
    result = lock_text(text)
    found = sorted((p.source.line, p.message) for p in result.problems)
    assert found == [
        (1, "unknown lockfileVersion 'banana'; read as version 9"),
        (2, "importer 'broken' should be a mapping, not a number"),
        (3, "'.' depends on 'c' 9.9.9, which is not in the lock"),
        (3, "'.': the version of 'b' should be a string, not a list"),
        (3, "the 'devDependencies' of '.' should be a mapping, not a string"),
        (19, "package 'bad@1.0.0' should be a mapping, not a string"),
        (20, "package '@@@' has no valid package name"),
        (22, "the 'dependencies' of 'a@1.0.0' should be a mapping, not a list"),
        (24, "snapshot 'orphan@2.0.0' has no entry in 'packages'"),
    ]
    assert {(c.name, c.version, c.direct) for c in result.components} == {
        ("a", "1.0.0", True),
        ("bad", "1.0.0", False),
        ("orphan", "2.0.0", False),
    }


@pytest.mark.parametrize("raw", [".inf", ".nan", "'x'", "[1]", "{}"])
def test_lockfile_version_of_any_type(raw: str) -> None:
    result = lock_text(f"lockfileVersion: {raw}\n")
    assert [p.source.line for p in result.problems] == [1] and "read as version 6" in result.problems[0].message


def test_v6_wrong_types() -> None:
    text = "lockfileVersion: '6.0'\ndependencies:\n  a:\n    specifier: 1.0.0\n    version: 1.0.0\npackages: [1]\n"
    result = lock_text(text)
    assert sorted(p.message for p in result.problems) == [
        "'.' depends on 'a' 1.0.0, which is not in the lock",
        "'packages' should be a mapping, not a list",
    ]
    assert result.components == ()


# --------------------------------------------------------------------------- registry


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pnpm module in the reader registry (the lead adds it to MODULES when integrating)."""
    monkeypatch.setattr(readers, "MODULES", (*readers.MODULES, pnpm))
    monkeypatch.setattr(readers, "FORMATS", {**readers.FORMATS, **pnpm.FORMATS})
    monkeypatch.setattr(readers, "PATTERNS", (*readers.PATTERNS, *pnpm.PATTERNS))


@pytest.mark.usefixtures("registered")
def test_read_path_detects_pnpm_locks(corpus: Path, tmp_path: Path) -> None:
    assert readers.detect("x/pnpm-lock.yaml") == readers.detect("x/koel.pnpm-lock.yaml") == "pnpm-lock"
    via_path = readers.read_path(str(corpus / "fetched/npm/nanoid.pnpm-lock.yaml"))
    assert via_path.format == "pnpm-lock" and len(via_path.components) == 197
    renamed = tmp_path / "lock.yaml"
    shutil.copy(corpus / "generated/pnpm-v9/pnpm-lock.yaml", renamed)
    assert readers.detect(str(renamed), renamed.read_text()[:4096]) == "pnpm-lock"
