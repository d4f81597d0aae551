"""npm reader: package.json, package-lock.json v1/v2/v3 and npm-shrinkwrap.json, on real files and bad input."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from sphinxcontrib.soup.model import ReadResult, strongest_scope
from sphinxcontrib.soup.readers import read_path
from sphinxcontrib.soup.readers.npm import license_text, parse_spec, read_package_json, read_package_lock

GROUND_TRUTH = [
    "generated/npm-web-v1/package-lock.json",
    "generated/npm-web-v2/package-lock.json",
    "generated/npm-web-v3/package-lock.json",
    "generated/npm-workspaces-v3/package-lock.json",
    "fetched/npm/dorny-test-reporter-reports-mocha.package-lock.json",
    "fetched/npm/passwordless-adminconsole.package-lock.json",
]
SCOPE_OF_KIND = {"prod": "runtime", "dev": "dev", "optional": "optional", "peer": "peer"}
#: devDependencies of the root that a production dependency also needs: the lock has no ``dev`` flag on them
SHIPPED_DEV_DEPENDENCIES = {("postcss", "fetched/npm/passwordless-adminconsole.package-lock.json")}


def lock(path: Path, **kwargs) -> ReadResult:
    result = read_package_lock(path.read_text(encoding="utf-8"), str(path), **kwargs)
    assert_well_formed(result)
    return result


def lock_text(text: str, path: str = "package-lock.json", **kwargs) -> ReadResult:
    result = read_package_lock(text, path, **kwargs)
    assert_well_formed(result)
    return result


def manifest_text(text: str, path: str = "package.json") -> ReadResult:
    result = read_package_json(text, path)
    assert_well_formed(result)
    return result


def assert_well_formed(result: ReadResult) -> None:
    """What every result must be: located problems, complete npm components, ``via`` only on transitive ones."""
    assert isinstance(result, ReadResult)
    for problem in result.problems:
        assert problem.source is not None and problem.source.path, problem
    for comp in result.components:
        assert comp.name and comp.ecosystem == "npm" and comp.purl.startswith("pkg:npm/"), comp
        assert comp.source.path and (comp.source.line is None or comp.source.line >= 1), comp
        assert not comp.direct or comp.via == (), comp


def only(result: ReadResult, name: str, version: str | None = None):
    found = [c for c in result.components if c.name == name and (version is None or c.version == version)]
    assert len(found) == 1, found
    return found[0]


def line_text(path: Path, line: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[line - 1]


# --------------------------------------------------------------------------- ground truth


def expected_packages(path: Path, result: ReadResult) -> list[dict]:
    """The ground truth, with one documented normalization.

    npm-workspaces-v3: ``npm ls`` names the *bundled* aliased copies inside the ``npm`` package by their
    folder (``string-width-cjs@4.2.3``) without an ``alias`` field, while the lock entry says
    ``"name": "string-width"``. We report the real name with ``alias=string-width-cjs`` (as npm ls itself
    does for the same kind of entry in the dorny and passwordless ground truth), so such ground-truth names
    are mapped to the real name + alias of the component installed under that folder name.
    """
    truth = json.loads(path.with_name(path.name + ".expected.json").read_text())["packages"]
    by_alias = {(c.alias, c.version): c for c in result.components if c.alias}
    real = {c.name for c in result.components}
    normalized = []
    for package in truth:
        comp = by_alias.get((package["name"], package["version"]))
        if "alias" not in package and package["name"] not in real and comp is not None:
            package = {**package, "name": comp.name, "alias": comp.alias}
        normalized.append(package)
    return normalized


@pytest.mark.parametrize("name", GROUND_TRUTH)
def test_ground_truth_packages(corpus: Path, name: str) -> None:
    path = corpus / name
    result = lock(path)
    truth = expected_packages(path, result)
    assert result.problems == ()
    assert {(c.name, c.version, c.direct) for c in result.components} == {
        (p["name"], p["version"], p["direct"]) for p in truth
    }
    # npm ls lists an aliased copy and a plain copy of the same name@version once; dedupe keeps the alias
    # apart (its key includes the alias), so the counts may differ only by such pairs.
    ours = Counter((c.name, c.version) for c in result.components)
    assert {key for key, n in ours.items() if n > 1} <= {(c.name, c.version) for c in result.components if c.alias}
    assert len(ours) == len({(p["name"], p["version"]) for p in truth})


@pytest.mark.parametrize("name", GROUND_TRUTH)
def test_ground_truth_flags(corpus: Path, name: str) -> None:
    path = corpus / name
    result = lock(path)
    for package in expected_packages(path, result):
        candidates = [c for c in result.components if (c.name, c.version) == (package["name"], package["version"])]
        if "alias" in package:
            candidates = [c for c in candidates if c.alias == package["alias"]]
        assert candidates, package
        comp = candidates[0]
        if "direct_kind" in package:
            # The declared section, unless the lock says production needs the package anyway (no ``dev``
            # flag): then the stronger scope wins (see test_dev_declared_but_shipped).
            declared = SCOPE_OF_KIND[package["direct_kind"]]
            assert strongest_scope((comp.scope, declared)) == comp.scope, (package, comp)
            assert comp.scope == declared or (comp.name, name) in SHIPPED_DEV_DEPENDENCIES, (package, comp)
        if package.get("workspace"):
            assert comp.origin == "workspace", comp
        elif package.get("local"):
            assert comp.origin == "path", comp


@pytest.mark.parametrize("name", GROUND_TRUTH)
def test_every_line_is_the_entry_key(corpus: Path, name: str) -> None:
    path = corpus / name
    lines = path.read_text(encoding="utf-8").splitlines()
    for comp in lock(path).components:
        text = lines[comp.source.line - 1]
        install_name = comp.alias or comp.name
        if comp.origin in ("workspace", "path"):  # keys like "packages/api" or "vendor/local-lib"
            assert text.strip().endswith('": {'), (comp, text)
        else:
            assert f'{install_name}": {{' in text, (comp, text)


def test_the_three_lockfile_versions_agree(corpus: Path) -> None:
    """The same project locked by npm 6, 8 and 11: identical components, direct flags, scopes and via."""
    facts = []
    for version in ("v1", "v2", "v3"):
        result = lock(corpus / f"generated/npm-web-{version}/package-lock.json")
        facts.append({(c.name, c.version, c.direct, c.scope, c.via, c.alias, c.origin) for c in result.components})
    assert facts[0] == facts[1] == facts[2]


def test_web_v3_details(corpus: Path) -> None:
    path = corpus / "generated/npm-web-v3/package-lock.json"
    result = lock(path)
    assert result.format == "package-lock" and result.locked and result.includes == ()
    # the alias: real name lodash, installed as my-lodash-alias, next to a plain lodash 4.17.15
    alias = only(result, "lodash", "4.18.1")
    assert alias.alias == "my-lodash-alias" and alias.direct and alias.license == "MIT"
    assert alias.purl == "pkg:npm/lodash@4.18.1"
    assert only(result, "lodash", "4.17.15").alias is None
    # react is in dependencies and peerDependencies of the root: one component, the stronger scope
    assert only(result, "react").scope == "runtime"
    # fsevents: optional platform package (os: darwin), listed by npm ls too, so kept
    assert only(result, "fsevents").scope == "optional"
    # via follows node's resolution: express's nested debug@2.6.9 is not the top-level debug@4.4.3
    assert only(result, "debug", "2.6.9").via == ("express",)
    assert only(result, "debug", "4.4.3").via == ("axios", "eslint", "jest")
    assert only(result, "ms", "2.0.0").source.line == 1625
    assert line_text(path, 1625).strip() == '"node_modules/body-parser/node_modules/ms": {'
    assert only(result, "@babel/core").purl == "pkg:npm/%40babel/core@7.29.13"
    assert Counter(c.scope for c in result.components)["dev"] > 300


def test_workspaces_details(corpus: Path) -> None:
    result = lock(corpus / "generated/npm-workspaces-v3/package-lock.json")
    members = {c.name: c for c in result.components if c.origin == "workspace"}
    assert sorted(members) == ["@corpus/api", "@corpus/shared", "@corpus/web"]
    assert all(m.direct and m.resolved is None for m in members.values())
    # the link entries (node_modules/@corpus/api -> packages/api) are not packages: no duplicate members
    assert len([c for c in result.components if c.name == "@corpus/api"]) == 1
    # @corpus/shared is asked for by the two other members
    assert members["@corpus/shared"].groups == ("@corpus/api", "@corpus/web")
    # a member's dependencies are direct and tagged with the members that pull them in
    zod = only(result, "zod")
    assert zod.direct and zod.groups == ("@corpus/api", "@corpus/shared", "@corpus/web")
    express = only(result, "express")
    assert express.direct and express.groups == ("@corpus/api",)
    assert only(result, "body-parser").via == ("express",)
    # file: dependency -> path origin, named after its link, its own dependency chalk resolved from the root
    local = only(result, "local-lib")
    assert (local.origin, local.resolved, local.version, local.direct) == ("path", "vendor/local-lib", "0.1.0", True)
    assert only(result, "chalk", "4.1.2").via == ("local-lib",)
    # tarball URL dependency: the lock makes it look like a registry entry; the root spec says url
    left_pad = only(result, "left-pad")
    assert left_pad.origin == "url" and left_pad.resolved.endswith("/left-pad-1.3.0.tgz")
    # the npm package ships 195 bundled entries: group "bundled", pulled in by npm
    bundled = [c for c in result.components if "bundled" in c.groups]
    assert len(bundled) > 150 and all("npm" in c.via for c in bundled)
    assert only(result, "npm").license == "Artistic-2.0"


def test_dev_declared_but_shipped(corpus: Path) -> None:
    """postcss is a devDependency of the project, and vue's compiler needs it too: it ships, so runtime."""
    path = corpus / "fetched/npm/passwordless-adminconsole.package-lock.json"
    data = json.loads(path.read_text())
    assert "postcss" in data["packages"][""]["devDependencies"]
    assert "dev" not in data["packages"]["node_modules/postcss"]
    postcss = only(lock(path), "postcss")
    assert postcss.direct and postcss.scope == "runtime"


def test_fetched_v3_aliases_and_missing_licenses(corpus: Path) -> None:
    result = lock(corpus / "fetched/npm/dorny-test-reporter-reports-mocha.package-lock.json")
    assert [c.name for c in result.components if c.direct] == ["mocha"]
    assert all(c.scope == "dev" for c in result.components)
    wrap = [c for c in result.components if c.alias == "wrap-ansi-cjs"]
    assert [(c.name, c.version) for c in wrap] == [("wrap-ansi", "7.0.0")]
    assert sum(c.license is None for c in result.components) > 0  # the lock has entries without license


# --------------------------------------------------------------------------- files without ground truth


def test_moodlemobile_v1_structure(corpus: Path) -> None:
    """1,363 distinct (name, version) pairs among 2,029 tree entries; 8 git dependencies."""
    path = corpus / "fetched/npm/moodlemobile2.package-lock.v1.json"
    result = lock(path)
    assert result.problems == ()
    assert result.includes == (str(corpus / "fetched/npm/moodlemobile2.package.json"),)
    assert len(result.components) == 1363
    manifest = json.loads((corpus / "fetched/npm/moodlemobile2.package.json").read_text())
    declared = set(manifest["dependencies"]) | set(manifest["devDependencies"]) | set(manifest["optionalDependencies"])
    assert {c.name for c in result.components if c.direct} == declared and len(declared) == 119
    git = [c for c in result.components if c.origin == "git"]
    assert len(git) == 8
    assert all(len(c.version) == 40 and c.resolved.startswith("git+https://github.com/") for c in git)
    geo = only(result, "cordova-plugin-geolocation")
    assert geo.version == "89cf51d222e8f225bdfb661965b3007d669c40ff" and geo.direct and geo.source.line == 4711
    assert geo.purl == "pkg:npm/cordova-plugin-geolocation@89cf51d222e8f225bdfb661965b3007d669c40ff"
    # a git dependency's own requirements resolve like any other
    assert only(result, "qrcode-reader").via == ("cordova-plugin-qrscanner",)
    # nested copies: each at the line of its own entry in the tree
    ms = {c.version: c.source.line for c in result.components if c.name == "ms"}
    assert ms["2.1.2"] == 870
    for line in ms.values():
        assert line_text(path, line).strip() == '"ms": {'
    assert only(result, "7zip-bin").scope == "dev" and only(result, "7zip-bin").via == ("electron-builder-lib",)


def test_v1_manifest_given_as_text(corpus: Path, tmp_path: Path) -> None:
    """Tests can pass the manifest of a lock that has no sibling; without it, direct deps are guessed."""
    source = corpus / "fetched/npm/moodlemobile2.package-lock.v1.json"
    copy = tmp_path / "lock-only.json"
    shutil.copy(source, copy)
    manifest = (corpus / "fetched/npm/moodlemobile2.package.json").read_text()
    given = lock(copy, manifest=manifest)
    assert given.problems == () and given.includes == ()
    assert sum(c.direct for c in given.components) == 119
    guessed = lock(copy)
    assert [p.kind for p in guessed.problems] == ["manifest"]
    assert "guessed" in guessed.problems[0].message
    assert len(guessed.components) == 1363


def test_package_integrity_demo_v2(corpus: Path) -> None:
    result = lock(corpus / "fetched/npm/package-integrity-demo.package-lock.json")
    assert result.problems == ()
    assert {(c.name, c.version, c.direct, c.via) for c in result.components} == {
        ("base64-js", "1.0.1", True, ()),
        ("buffer", "5.4.3", True, ()),
        ("base64-js", "1.3.1", False, ("buffer",)),  # node_modules/buffer/node_modules/base64-js
        ("ieee754", "1.1.13", False, ("buffer",)),
        ("ignore", "5.1.4", True, ()),
    }
    assert only(result, "ieee754").license == "BSD-3-Clause"
    assert only(result, "base64-js", "1.3.1").source.line == 34


def test_audit_ci_v1_without_manifest(corpus: Path) -> None:
    """No package.json beside it: the top-level entries nothing requires are taken as direct, with a problem."""
    path = corpus / "fetched/vuln-reports/audit-ci-npm-allowlisted-path.package-lock.json"
    result = lock(path)
    assert [p.kind for p in result.problems] == ["manifest"]
    assert result.problems[0].source.path == str(path)
    direct = sorted(c.name for c in result.components if c.direct)
    assert direct == ["axios", "github-build"]
    # github-build's nested axios/debug/... are copies of the top-level ones: one component each
    assert len(result.components) == 5
    assert only(result, "ms").via == ("axios", "github-build")


def test_shrinkwrap_is_read_like_a_lock(corpus: Path, tmp_path: Path) -> None:
    source = corpus / "generated/npm-web-v3"
    shutil.copy(source / "package-lock.json", tmp_path / "npm-shrinkwrap.json")
    shutil.copy(source / "package.json", tmp_path / "package.json")
    shrinkwrap = read_path(str(tmp_path / "npm-shrinkwrap.json"))
    assert_well_formed(shrinkwrap)
    assert shrinkwrap.format == "package-lock" and shrinkwrap.problems == ()
    original = lock(source / "package-lock.json")
    assert {(c.name, c.version, c.direct, c.via, c.source.line) for c in shrinkwrap.components} == {
        (c.name, c.version, c.direct, c.via, c.source.line) for c in original.components
    }


def test_v1_shrinkwrap_reads_its_sibling_manifest(corpus: Path, tmp_path: Path) -> None:
    source = corpus / "generated/npm-web-v1"
    shutil.copy(source / "package-lock.json", tmp_path / "npm-shrinkwrap.json")
    shutil.copy(source / "package.json", tmp_path / "package.json")
    result = lock(tmp_path / "npm-shrinkwrap.json")
    assert result.includes == (str(tmp_path / "package.json"),) and result.problems == ()
    assert sum(c.direct for c in result.components) == 10


# --------------------------------------------------------------------------- package.json


def test_manifest_web(corpus: Path) -> None:
    path = corpus / "generated/npm-web-v3/package.json"
    result = read_package_json(path.read_text(), str(path))
    assert_well_formed(result)
    assert result.format == "package.json" and not result.locked and result.problems == ()
    assert len(result.components) == 10 and all(c.direct for c in result.components)
    react = only(result, "react")
    assert (react.version, react.scope, react.pinned) == ("^18.2.0", "runtime", False)  # deps beats peer ">=17"
    assert react.purl == "pkg:npm/react" and react.source.line == 12
    alias = only(result, "lodash", "^4.17.21")
    assert alias.alias == "my-lodash-alias" and alias.source.line == 14
    pinned = only(result, "lodash", "4.17.15")
    assert pinned.pinned and pinned.purl == "pkg:npm/lodash@4.17.15"
    assert only(result, "fsevents").scope == "optional" and only(result, "jest").scope == "dev"


def test_manifest_workspaces_root(corpus: Path) -> None:
    result = manifest_text((corpus / "generated/npm-workspaces-v3/package.json").read_text())
    assert result.problems == ()
    local = only(result, "local-lib")
    assert (local.origin, local.resolved, local.version) == ("path", "./vendor/local-lib", "")
    assert only(result, "left-pad").origin == "url"
    assert only(result, "prettier").pinned and not only(result, "typescript").pinned


@pytest.mark.parametrize(
    "name",
    ["jest.package.json", "koel.package.json", "moodlemobile2.package.json", "webpack.package.json"],
)
def test_fetched_manifests(corpus: Path, name: str) -> None:
    path = corpus / "fetched/npm" / name
    data = json.loads(path.read_text())
    result = manifest_text(path.read_text(), str(path))
    assert result.problems == ()
    sections = ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies")
    declared = {key for section in sections for key in data.get(section, {})}
    assert {c.alias or c.name for c in result.components} == declared
    lines = path.read_text().splitlines()
    for comp in result.components:
        assert f'"{comp.alias or comp.name}"' in lines[comp.source.line - 1]


def test_manifest_spec_kinds() -> None:
    text = """{
  "name": "app",
  "dependencies": {
    "a": "git+https://github.com/o/a.git#v1.2.3",
    "b": "github:o/b#0123456789abcdef0123456789abcdef01234567",
    "c": "o/c",
    "d": "link:../d",
    "e": "workspace:^",
    "f": "https://example.org/f-1.0.0.tgz",
    "g": "",
    "h": "latest",
    "i": "npm:@scope/real@1.0.0",
    "j": "=1.2.3"
  },
  "bundleDependencies": ["a", "zz"],
  "workspaces": {"packages": ["packages/*"]}
}
"""
    result = manifest_text(text)
    facts = {c.alias or c.name: (c.name, c.version, c.origin, c.resolved, c.pinned) for c in result.components}
    assert facts == {
        "a": ("a", "v1.2.3", "git", "git+https://github.com/o/a.git#v1.2.3", False),
        "b": (
            "b",
            "0123456789abcdef0123456789abcdef01234567",
            "git",
            "github:o/b#0123456789abcdef0123456789abcdef01234567",
            True,
        ),
        "c": ("c", "", "git", "o/c", False),
        "d": ("d", "", "path", "../d", False),
        "e": ("e", "^", "workspace", None, False),
        "f": ("f", "", "url", "https://example.org/f-1.0.0.tgz", False),
        "g": ("g", "*", "registry", None, False),
        "h": ("h", "latest", "registry", None, False),
        "i": ("@scope/real", "1.0.0", "registry", None, True),
        "j": ("j", "=1.2.3", "registry", None, True),
    }
    assert only(result, "a").groups == ("bundled",) and only(result, "c").groups == ()
    assert only(result, "@scope/real").purl == "pkg:npm/%40scope/real@1.0.0"
    # "zz" is bundled but declared nowhere: named in a located problem
    assert len(result.problems) == 1 and "'zz'" in result.problems[0].message
    assert result.problems[0].source.line == 15


def test_manifest_bundle_true_and_bad_sections() -> None:
    result = manifest_text(
        '{"dependencies": {"a": "1.0.0", "b": 2}, "bundledDependencies": true, "peerDependencies": []}'
    )
    assert {c.name: c.groups for c in result.components} == {"a": ("bundled",), "b": ("bundled",)}
    messages = sorted(p.message for p in result.problems)
    assert len(messages) == 2
    assert "'peerDependencies' should be an object" in messages[0]
    assert "spec of 'b' should be a string" in messages[1]


@pytest.mark.parametrize(
    ("key", "spec", "expected"),
    [
        ("x", "^1.2.3", ("x", "^1.2.3", "registry", None, None)),
        ("x", "npm:y", ("y", "*", "registry", None, "x")),
        ("x", "npm:x@2", ("x", "2", "registry", None, None)),
        ("x", "git://github.com/o/x.git", ("x", "", "git", "git://github.com/o/x.git", None)),
        ("x", "gitlab:o/x#main", ("x", "main", "git", "gitlab:o/x#main", None)),
        ("x", "file:vendor/x", ("x", "", "path", "vendor/x", None)),
        ("x", "./x", ("x", "", "path", "./x", None)),
        ("x", "~/x", ("x", "", "path", "~/x", None)),
        ("x", "1.0.0 - 2.0.0", ("x", "1.0.0 - 2.0.0", "registry", None, None)),
        ("@s/x", ">=1 <2 || ^3", ("@s/x", ">=1 <2 || ^3", "registry", None, None)),
    ],
)
def test_parse_spec(key: str, spec: str, expected: tuple) -> None:
    parsed = parse_spec(key, spec)
    assert (parsed.name, parsed.version, parsed.origin, parsed.resolved, parsed.alias) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("MIT", "MIT"),
        ("(MIT OR Apache-2.0)", "(MIT OR Apache-2.0)"),
        ({"type": "BSD", "url": "https://example.org/license"}, "BSD"),
        ([{"type": "MIT"}, {"type": "Apache-2.0"}], "MIT OR Apache-2.0"),
        (["MIT", "GPL-2.0"], "MIT OR GPL-2.0"),
        ({"name": "odd"}, "{'name': 'odd'}"),
        (3, "3"),
        ("", None),
        (None, None),
    ],
)
def test_license_text(value: object, expected: str | None) -> None:
    assert license_text(value) == expected


# --------------------------------------------------------------------------- synthetic locks


def v3(packages: dict, **top) -> str:
    return json.dumps({"name": "p", "lockfileVersion": 3, "requires": True, "packages": packages, **top}, indent=2)


ROOT = {"": {"name": "p", "dependencies": {"a": "^1.0.0"}}}


def test_v3_flags_git_and_license_forms() -> None:
    text = v3(
        {
            "": {"name": "p", "dependencies": {"a": "^1.0.0", "g": "github:o/g"}, "devDependencies": {"d": "1"}},
            "node_modules/a": {"version": "1.0.0", "license": {"type": "MIT"}, "optionalDependencies": {"o": "1"}},
            "node_modules/o": {"version": "1.0.0", "optional": True, "licenses": "ignored"},
            "node_modules/d": {"version": "1.0.0", "dev": True, "peerDependencies": {"p2": "1"}},
            "node_modules/p2": {"version": "2.0.0", "dev": True, "peer": True},
            "node_modules/x": {"version": "1.0.0", "devOptional": True},
            "node_modules/y": {"version": "1.0.0", "peer": True},
            "node_modules/g": {
                "version": "3.1.0",
                "resolved": "git+ssh://git@github.com/o/g.git#abc",
                "license": ["MIT"],
            },
        }
    )
    result = lock_text(text)
    facts = {c.name: (c.scope, c.direct, c.via, c.license, c.origin) for c in result.components}
    assert facts == {
        "a": ("runtime", True, (), "MIT", "registry"),
        "o": ("optional", False, ("a",), None, "registry"),
        "d": ("dev", True, (), None, "registry"),
        "p2": ("dev", False, ("d",), None, "registry"),
        "x": ("optional", False, (), None, "registry"),  # devOptional; nothing depends on it (extraneous)
        "y": ("peer", False, (), None, "registry"),
        "g": ("runtime", True, (), "MIT", "git"),
    }
    assert only(result, "g").resolved == "git+ssh://git@github.com/o/g.git#abc"
    assert result.problems == ()


def test_v3_missing_dependency_and_broken_link_are_reported() -> None:
    text = v3(
        {
            **ROOT,
            "node_modules/a": {"version": "1.0.0", "dependencies": {"gone": "1"}, "peerDependencies": {"p": "1"}},
            "node_modules/w": {"resolved": "packages/w", "link": True},
        }
    )
    result = lock_text(text)
    messages = [p.message for p in result.problems]
    assert any("'node_modules/a' depends on 'gone'" in m for m in messages)
    assert any("link 'node_modules/w'" in m and "'w' unknown" in m for m in messages)
    assert all(p.source.line for p in result.problems)
    assert not any("'p'" in m for m in messages)  # a missing peer is npm's normal case


def test_v2_legacy_tree_used_when_packages_is_broken() -> None:
    text = json.dumps(
        {
            "lockfileVersion": 2,
            "packages": ["not", "a", "map"],
            "dependencies": {"a": {"version": "1.0.0"}},
        },
        indent=2,
    )
    result = lock_text(text, manifest='{"dependencies": {"a": "1"}}')
    assert [(c.name, c.version, c.direct) for c in result.components] == [("a", "1.0.0", True)]
    messages = " ".join(p.message for p in result.problems)
    assert "'packages' should be an object" in messages and "legacy 'dependencies' tree" in messages
    assert result.problems[0].source.line == 3


def test_v1_alias_git_bundled_and_file_entries() -> None:
    text = json.dumps(
        {
            "lockfileVersion": 1,
            "dependencies": {
                "al": {"version": "npm:@s/real@2.0.0", "requires": {"b": "1"}},
                "b": {"version": "1.0.0", "bundled": True, "dev": True, "optional": True},
                "g": {"version": "git+https://example.org/g.git#0123456789abcdef0123456789abcdef01234567"},
                "h": {"version": "github:o/h"},
                "loc": {"version": "file:vendor/loc"},
            },
        },
        indent=2,
    )
    result = lock_text(
        text, manifest='{"dependencies": {"al": "npm:@s/real@^2", "g": "o/g", "h": "o/h", "loc": "file:vendor/loc"}}'
    )
    facts = {
        c.alias or c.name: (c.name, c.version, c.origin, c.direct, c.scope, c.groups, c.via) for c in result.components
    }
    assert facts == {
        "al": ("@s/real", "2.0.0", "registry", True, "runtime", (), ()),
        "b": ("b", "1.0.0", "registry", False, "dev", ("bundled",), ("@s/real",)),
        "g": ("g", "0123456789abcdef0123456789abcdef01234567", "git", True, "runtime", (), ()),
        "h": ("h", "", "git", True, "runtime", (), ()),
        "loc": ("loc", "", "path", True, "runtime", (), ()),
    }
    assert only(result, "loc").resolved == "vendor/loc" and not only(result, "h").pinned
    assert result.problems == ()


def test_v1_manifest_declares_a_package_the_lock_lacks() -> None:
    text = json.dumps({"lockfileVersion": 1, "dependencies": {"a": {"version": "1.0.0"}}})
    manifest = '{"dependencies": {"a": "1", "b": "1"}, "peerDependencies": {"c": "1"}}'
    result = lock_text(text, manifest=manifest)
    assert [p.message for p in result.problems] == ["'b' is declared in package-lock.json but not in the lock"]


# --------------------------------------------------------------------------- bad input


def test_truncated_json(corpus: Path) -> None:
    text = (corpus / "generated/npm-web-v3/package-lock.json").read_text()[:5000]
    result = lock_text(text)
    assert result.components == ()
    assert [p.kind for p in result.problems] == ["parse"]
    assert result.problems[0].source.line == text.count("\n") + 1


@pytest.mark.parametrize("text", ["", "   ", "\ufeff"])
def test_empty_file(text: str) -> None:
    for result in (lock_text(text), manifest_text(text)):
        assert result.components == () and [p.kind for p in result.problems] == ["parse"]


@pytest.mark.parametrize("text", ["[]", "null", "3", '"x"'])
def test_top_level_not_an_object(text: str) -> None:
    for result in (lock_text(text), manifest_text(text)):
        assert result.components == () and result.problems[0].kind == "manifest"
        assert result.problems[0].source.line == 1


def test_bom_and_crlf(corpus: Path) -> None:
    path = corpus / "generated/npm-web-v3/package-lock.json"
    plain = lock(path)
    text = "\ufeff" + path.read_text().replace("\n", "\r\n")
    result = lock_text(text, str(path))
    assert result.problems == ()
    assert {(c.name, c.version, c.source.line) for c in result.components} == {
        (c.name, c.version, c.source.line) for c in plain.components
    }
    manifest = "\ufeff" + (corpus / "generated/npm-web-v3/package.json").read_text().replace("\n", "\r\n")
    assert only(manifest_text(manifest), "react").source.line == 12


def test_minified_lock_still_has_lines(corpus: Path) -> None:
    """No indentation to go by: every key is on line 1 and still found (the slower general scan)."""
    data = json.loads((corpus / "generated/npm-web-v3/package-lock.json").read_text())
    result = lock_text(json.dumps(data))
    assert len(result.components) == 414 and {c.source.line for c in result.components} == {1}


def test_packages_not_a_dict() -> None:
    result = lock_text(v3([]))  # no legacy tree either
    assert result.components == ()
    assert any("'packages' should be an object, not a list" in p.message for p in result.problems)


def test_entry_that_is_a_list() -> None:
    text = v3({**ROOT, "node_modules/a": {"version": "1.0.0"}, "node_modules/bad": ["1.0.0"]})
    result = lock_text(text)
    assert [c.name for c in result.components] == ["a"]
    [problem] = result.problems
    assert "'node_modules/bad' should be an object, not a list" in problem.message
    assert problem.source.line == text.splitlines().index('    "node_modules/bad": [') + 1


@pytest.mark.parametrize(("version", "read", "message"), [(None, "", "has no version"), (1.2, "1.2", "not a number")])
def test_version_missing_or_a_number(version: object, read: str, message: str) -> None:
    entry = {} if version is None else {"version": version}
    text = v3({**ROOT, "node_modules/a": entry})
    result = lock_text(text)
    line = next(n for n, text_line in enumerate(text.splitlines(), 1) if '"node_modules/a"' in text_line)
    comp = only(result, "a")  # still reported, with what is known
    assert comp.version == read and comp.direct and comp.source.line == line
    [problem] = result.problems
    assert problem.kind == "manifest" and problem.source.line == line
    assert message.split()[-1] in problem.message


def test_unknown_lockfile_version_is_read_as_v3() -> None:
    text = v3({**ROOT, "node_modules/a": {"version": "1.0.0"}}).replace('"lockfileVersion": 3', '"lockfileVersion": 4')
    result = lock_text(text)
    assert [(c.name, c.direct) for c in result.components] == [("a", True)]
    [problem] = result.problems
    assert problem.message == "unknown lockfileVersion 4; read as version 3" and problem.source.line == 3


def test_missing_lockfile_version_without_packages_is_read_as_v1() -> None:
    result = lock_text(
        json.dumps({"dependencies": {"a": {"version": "1.0.0"}}}), manifest='{"dependencies": {"a": "1"}}'
    )
    assert [(c.name, c.direct) for c in result.components] == [("a", True)]
    assert [p.message for p in result.problems] == ["no lockfileVersion; read as version 1"]


def test_v1_wrong_types_inside_the_tree() -> None:
    text = json.dumps(
        {
            "lockfileVersion": 1,
            "dependencies": {
                "a": {"version": "1.0.0", "requires": ["b"], "dependencies": {"n": "1.0.0"}},
                "b": {"version": 7, "dependencies": []},
                "c": {"version": "1.0.0", "requires": {"missing": "1"}},
            },
        },
        indent=2,
    )
    result = lock_text(text, manifest='{"dependencies": {"a": "1", "b": "1", "c": "1"}}')
    assert sorted((c.name, c.version) for c in result.components) == [("a", "1.0.0"), ("b", "7"), ("c", "1.0.0")]
    messages = " | ".join(p.message for p in result.problems)
    for part in (
        "'a > n' should be an object",
        "'requires' of 'a' should be an object",
        "version of 'b' should be a string",
        "'dependencies' of 'b' should be an object",
        "'c' requires 'missing'",
    ):
        assert part in messages
    assert all(p.source.line for p in result.problems)


def test_manifest_with_wrong_json_in_the_sibling(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"dependencies": ')
    (tmp_path / "package-lock.json").write_text(
        json.dumps({"lockfileVersion": 1, "dependencies": {"a": {"version": "1.0.0"}}})
    )
    result = lock(tmp_path / "package-lock.json")
    kinds = {(Path(p.source.path).name, p.kind) for p in result.problems}
    assert kinds == {("package.json", "parse"), ("package-lock.json", "manifest")}  # then guessed
    assert result.includes == (str(tmp_path / "package.json"),)
    assert only(result, "a").direct
