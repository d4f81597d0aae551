"""Cargo.lock and Cargo.toml readers: cargo's own lock against the ground truth, bat and ripgrep, bad input."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.locate import toml_table_lines
from sphinxcontrib.soup.model import Source
from sphinxcontrib.soup.readers import cargo
from sphinxcontrib.soup.readers.cargo import read_cargo_lock, read_cargo_toml

from .helpers_langs_a import assert_result_well_formed, named, register

RUST = "fetched/rust/"


def read(path: Path, text: str | None = None, **kwargs):
    result = read_cargo_lock(path.read_text() if text is None else textwrap.dedent(text), str(path), **kwargs)
    assert_result_well_formed(result, "cargo")
    return result


def read_manifest(path: Path, text: str | None = None):
    result = read_cargo_toml(path.read_text() if text is None else textwrap.dedent(text), str(path))
    assert_result_well_formed(result, "cargo")
    assert not result.locked and all(c.direct for c in result.components)
    return result


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


# --------------------------------------------------------------------------- ground truth


def test_generated_lock_matches_ground_truth(corpus: Path) -> None:
    path = corpus / "generated/cargo/Cargo.lock"
    result = read(path)
    truth = json.loads(path.with_name("Cargo.lock.expected.json").read_text())
    assert {(c.name, c.version, c.direct) for c in result.components} == {
        (p["name"], p["version"], p["direct"]) for p in truth["packages"]
    }
    assert not result.problems and result.includes == (str(corpus / "generated/cargo/Cargo.toml"),)
    # direct_kind "normal" and "dev+normal" (serde_json): runtime; everything they pull in too
    assert all(c.scope == "runtime" and c.origin == "registry" for c in result.components)
    comps = named(result)
    anyhow = comps["anyhow", "1.0.69"]
    assert (anyhow.purl, anyhow.source.line, anyhow.pinned) == ("pkg:cargo/anyhow@1.0.69", 14, True)
    assert comps["aho-corasick", "0.7.19"].via == ("regex",)
    assert comps["winapi", "0.3.9"].via == ("clap",)  # platform-only crates are in the lock too


def test_generated_manifest(corpus: Path) -> None:
    result = read_manifest(corpus / "generated/cargo/Cargo.toml")
    assert not result.problems
    comps = {c.name: c for c in result.components}
    assert set(comps) == {"anyhow", "clap", "log", "env_logger", "regex", "serde", "serde_json", "thiserror"}
    assert (comps["clap"].version, comps["clap"].pinned, comps["clap"].purl) == ("4.0", False, "pkg:cargo/clap")
    assert comps["serde_json"].scope == "runtime"  # declared in [dependencies] and [dev-dependencies]
    assert comps["env_logger"].source.line == 12


# --------------------------------------------------------------------------- fetched locks and manifests


def test_bat_lock(corpus: Path) -> None:
    """317 packages, bat itself the only one without a source; bat's own entry lists 49 dependencies."""
    path = corpus / RUST / "bat.Cargo.lock"
    result = read(path)
    assert result.includes == (str(corpus / RUST / "bat.Cargo.toml"),) and not result.problems
    assert len(result.components) == 316 and sum(c.direct for c in result.components) == 49
    versions = sorted(c.version for c in result.components if c.name == "hashbrown")
    assert versions == ["0.14.5", "0.15.5", "0.16.1", "0.17.1"]  # one name, four versions
    lines = toml_table_lines(path.read_text(), "package")
    assert sorted(c.source.line for c in result.components) == [line for line in lines if line != 127]  # 127: bat
    comps = named(result)
    # edges "name version" go to that version only
    assert comps["hashbrown", "0.15.5"].via == ("gix", "tempfile")
    assert comps["hashbrown", "0.17.1"].via == ("gix", "indexmap", "plist", "serde_yaml", "syntect", "tempfile", "toml")
    assert comps["dashmap", "5.5.3"].via == ("serial_test",) and comps["dashmap", "5.5.3"].scope == "dev"
    assert comps["dashmap", "6.2.1"].via == ("gix",) and comps["dashmap", "6.2.1"].scope == "runtime"


def test_bat_scopes_from_the_manifest(corpus: Path) -> None:
    comps = named(read(corpus / RUST / "bat.Cargo.lock"))
    assert comps["assert_cmd", "2.2.1"].scope == "dev"  # [dev-dependencies]
    serde_with = comps["serde_with", "3.21.0"]  # [build-dependencies] only
    assert (serde_with.scope, serde_with.groups, serde_with.direct) == ("dev", ("build",), True)
    assert comps["serde_with_macros", "3.21.0"].scope == "dev"
    execute = comps["execute", "0.3.0"]  # optional, enabled by the non-default feature "lessopen"
    assert (execute.scope, execute.groups) == ("optional", ("lessopen",))
    assert comps["execute-command-macro", "0.3.0"].scope == "optional"
    gix = comps["gix", "0.86.0"]  # optional, but "default" enables "git", which enables gix
    assert (gix.scope, gix.groups) == ("runtime", ("default", "git"))
    assert comps["nix", "0.31.3"].marker == "cfg(unix)" and comps["nix", "0.31.3"].scope == "dev"
    assert comps["plist", "1.10.0"].marker == 'cfg(target_os = "macos")'


def test_bat_manifest(corpus: Path) -> None:
    result = read_manifest(corpus / RUST / "bat.Cargo.toml")
    assert not result.problems
    comps = {(c.name, c.version): c for c in result.components}
    assert comps["syntect", "5.3.0"].source.line == 84  # [dependencies.syntect]
    assert comps["clap", "4.6.1"].scope == "runtime"  # optional but in default; also an optional build dependency
    assert comps["clap", "4.6.1"].groups == ("application", "build", "default", "minimal-application")
    assert comps["ansi_colours", "^1.2"].pinned is False
    assert comps["nix", "0.31"].marker == "cfg(unix)"
    # serde "1.0" in [dependencies], [dev-dependencies] and [build-dependencies]: one component
    assert comps["serde", "1.0"].scope == "runtime" and comps["serde", "1.0"].source.line == 60


def test_ripgrep_lock_members_without_manifests(corpus: Path) -> None:
    """63 packages, 11 workspace crates without source; only the root crate's manifest is at hand."""
    path = corpus / RUST / "ripgrep.Cargo.lock"
    result = read(path)
    assert len(result.components) == 52
    [problem] = result.problems
    assert problem.kind == "input" and problem.source == Source(str(path))
    assert "globset, grep, grep-cli" in problem.message and "ripgrep" not in problem.message
    comps = named(result)
    assert comps["tikv-jemallocator", "0.7.0"].marker.startswith("cfg(all(target_env")
    # serde is a dev-dependency of ripgrep but a dependency of the member grep-printer (manifest unknown)
    assert comps["serde", "1.0.229"].scope == "runtime" and comps["serde", "1.0.229"].direct


def test_ripgrep_manifests(corpus: Path) -> None:
    root = read_manifest(corpus / RUST / "ripgrep.Cargo.toml")
    names = {c.name for c in root.components}
    assert "grep" not in names and "ignore" not in names  # path dependencies inside the workspace
    assert names >= {"anyhow", "bstr", "serde", "walkdir", "tikv-jemallocator"} and len(names) == 11  # 14 - 3 paths
    ignore = read_manifest(corpus / RUST / "ripgrep-crates-ignore.Cargo.toml")
    comps = {c.name: c for c in ignore.components}
    # a copy outside its workspace: ../globset lies outside, so it is a path component here
    assert (comps["globset"].origin, comps["globset"].resolved, comps["globset"].version) == (
        "path",
        "../globset",
        "0.4.18",
    )
    assert comps["regex-automata"].source.line == 30 and comps["winapi-util"].marker == "cfg(windows)"
    assert comps["crossbeam-channel"].scope == "dev"


def test_lock_without_manifest(corpus: Path, tmp_path: Path) -> None:
    text = (corpus / "generated/cargo/Cargo.lock").read_text()
    result = read(tmp_path / "Cargo.lock", text)
    [problem] = result.problems
    assert "no Cargo.toml beside the lock" in problem.message
    assert sum(c.direct for c in result.components) == 8


# --------------------------------------------------------------------------- manifests: variants


def test_workspace_inheritance_renames_git_and_path(tmp_path: Path) -> None:
    write(
        tmp_path / "Cargo.toml",
        """\
        [workspace]
        members = ["crates/*"]
        exclude = ["crates/skipped"]

        [workspace.dependencies]
        serde = { version = "1.0.200", features = ["derive"] }
        rand = "=0.8.5"
        """,
    )
    member = write(
        tmp_path / "crates/app/Cargo.toml",
        """\
        [package]
        name = "app"
        version = "0.1.0"

        [dependencies]
        serde = { workspace = true, optional = true }
        rand.workspace = true
        old_rand = { package = "rand", version = "0.7" }
        tokio = { git = "https://github.com/tokio-rs/tokio", tag = "tokio-1.0.0" }
        sibling = { path = "../sibling" }
        outside = { path = "../../../outside" }
        missing = { workspace = true }

        [features]
        full = ["dep:serde"]
        """,
    )
    result = read_manifest(member)
    comps = {(c.name, c.version): c for c in result.components}
    assert comps["serde", "1.0.200"].scope == "optional" and comps["serde", "1.0.200"].groups == ("full",)
    assert comps["rand", "0.8.5"].pinned is True and comps["rand", "0.8.5"].alias is None
    assert comps["rand", "0.7"].alias == "old_rand" and comps["rand", "0.7"].source.line == 8
    tokio = comps["tokio", ""]
    assert (tokio.origin, tokio.resolved) == ("git", "https://github.com/tokio-rs/tokio@tokio-1.0.0")
    assert "vcs_url=git%2Bhttps://github.com/tokio-rs/tokio%40tokio-1.0.0" in tokio.purl
    assert ("sibling", "") not in comps  # ../sibling is inside the workspace root: a member
    assert (comps["outside", ""].origin, comps["outside", ""].resolved) == ("path", "../../../outside")
    [problem] = result.problems
    assert "'missing' inherits from the workspace" in problem.message and problem.source.line == 12


def test_lock_reads_member_manifests(tmp_path: Path) -> None:
    write(tmp_path / "Cargo.toml", '[workspace]\nmembers = ["crates/*"]\n')
    write(tmp_path / "crates/app/Cargo.toml", '[package]\nname = "app"\n[dev-dependencies]\nrand = "0.8"\n')
    write(tmp_path / "crates/lib/Cargo.toml", '[package]\nname = "lib"\n[build-dependencies]\ncc = "1"\n')
    lock = """\
        version = 3

        [[package]]
        name = "app"
        version = "0.1.0"
        dependencies = ["lib", "rand", "extlocal"]

        [[package]]
        name = "lib"
        version = "0.1.0"
        dependencies = ["cc"]

        [[package]]
        name = "rand"
        version = "0.8.5"
        source = "registry+https://github.com/rust-lang/crates.io-index"

        [[package]]
        name = "cc"
        version = "1.0.0"
        source = "sparse+https://index.crates.example/"

        [[package]]
        name = "extlocal"
        version = "2.0.0"
        """
    result = read(tmp_path / "Cargo.lock", lock)
    assert result.includes == tuple(
        str(tmp_path / p) for p in ("Cargo.toml", "crates/app/Cargo.toml", "crates/lib/Cargo.toml")
    )
    comps = named(result)
    assert set(comps) == {("rand", "0.8.5"), ("cc", "1.0.0")}
    assert comps["rand", "0.8.5"].scope == "dev" and comps["cc", "1.0.0"].groups == ("build",)
    # a crate without source that no manifest declares as a path outside the workspace is a workspace crate
    [problem] = result.problems
    assert "member(s) extlocal:" in problem.message


def test_old_lock_formats(tmp_path: Path) -> None:
    """v1: ``[root]`` and ``name version (source)`` entries and a ``[metadata]`` checksum table."""
    lock = """\
        [root]
        name = "app"
        version = "0.1.0"
        dependencies = [
         "log 0.4.0 (registry+https://github.com/rust-lang/crates.io-index)",
         "mine 1.0.0 (git+https://github.com/me/mine?branch=main#0123456789abcdef)",
        ]

        [[package]]
        name = "log"
        version = "0.4.0"
        source = "registry+https://github.com/rust-lang/crates.io-index"

        [[package]]
        name = "mine"
        version = "1.0.0"
        source = "git+https://github.com/me/mine?branch=main#0123456789abcdef"
        dependencies = ["log 0.4.0 (registry+https://github.com/rust-lang/crates.io-index)"]

        [metadata]
        "checksum log 0.4.0 (registry+https://github.com/rust-lang/crates.io-index)" = "abc"
        """
    result = read(tmp_path / "Cargo.lock", lock)
    comps = named(result)
    assert set(comps) == {("log", "0.4.0"), ("mine", "1.0.0")}
    mine = comps["mine", "1.0.0"]
    assert (mine.origin, mine.resolved, mine.direct) == ("git", "https://github.com/me/mine@0123456789abcdef", True)
    assert mine.purl == "pkg:cargo/mine@1.0.0?vcs_url=git%2Bhttps://github.com/me/mine%400123456789abcdef"
    assert comps["log", "0.4.0"].direct and comps["log", "0.4.0"].source.line == 9
    assert [p.message for p in result.problems] == [
        "no Cargo.toml beside the lock: dev and build dependencies are not known; all taken as runtime"
    ]


def test_external_path_crate_from_the_manifest(tmp_path: Path) -> None:
    write(tmp_path / "Cargo.toml", '[package]\nname = "app"\n[dependencies]\nvendored = { path = "../vendored" }\n')
    lock = """\
        version = 4
        [[package]]
        name = "app"
        version = "0.1.0"
        dependencies = ["vendored"]
        [[package]]
        name = "vendored"
        version = "0.2.0"
        dependencies = ["log"]
        [[package]]
        name = "log"
        version = "0.4.0"
        source = "registry+https://github.com/rust-lang/crates.io-index"
        """
    comps = named(read(tmp_path / "Cargo.lock", lock))
    vendored = comps["vendored", "0.2.0"]
    assert (vendored.origin, vendored.resolved, vendored.direct) == ("path", "../vendored", True)
    assert comps["log", "0.4.0"].via == ("vendored",)


# --------------------------------------------------------------------------- bad input


def test_invalid_toml(tmp_path: Path) -> None:
    result = read(tmp_path / "Cargo.lock", '[[package]]\nname = "a"\nversion = \n')
    [problem] = result.problems
    assert problem.kind == "parse" and problem.source.line == 3 and not result.components


@pytest.mark.parametrize(
    ("text", "fragment", "line", "names"),
    [
        ("version = 9\n", "lock version 9", 1, set()),
        ('version = "4"\n', "lock version '4'", 1, set()),
        ('package = "x"\n', "array of [[package]] tables", 1, set()),
        ("package = [1]\n", "not a table", None, set()),
        ('[[package]]\nversion = "1"\n', "without a valid name", 1, set()),
        ('[[package]]\nname = "a"\nsource = "registry+x"\n', "no valid version", 1, {"a"}),
        ('[[package]]\nname = "a"\nversion = "1"\nsource = 1\n', "source of 'a' should be a string", 1, set()),
        ('[[package]]\nname = "a"\nversion = "1"\ndependencies = "b"\n', "array of strings", 1, set()),
        ('[[package]]\nname = "a"\nversion = "1"\ndependencies = [1]\n', 'not "name', 1, set()),
        ('[[package]]\nname = "a"\nversion = "1"\ndependencies = ["b 2"]\n', "which the lock does not list", 1, set()),
    ],
)
def test_wrong_content_is_located(tmp_path: Path, text: str, fragment: str, line, names: set) -> None:
    (tmp_path / "Cargo.toml").write_text('[package]\nname = "a"\n')
    result = read(tmp_path / "Cargo.lock", text)
    problem = result.problems[0]
    assert problem.kind == "manifest" and fragment in problem.message and problem.source.line == line, problem
    assert {c.name for c in result.components} == names


def test_manifest_bad_input(tmp_path: Path) -> None:
    broken = read_cargo_toml("[dependencies\n", "Cargo.toml")
    assert [p.kind for p in broken.problems] == ["parse"] and not broken.components
    text = """\
        [dependencies]
        a = 3
        b = { version = 4 }
        [dev-dependencies]
        [target]
        x = 1
        [build-dependencies]
        c = "1"
        """
    result = read_manifest(tmp_path / "Cargo.toml", text)
    messages = [(p.message, p.source.line) for p in result.problems]
    assert messages == [
        ("dependency 'a': expected a version string or a table, got 3", 2),
        ("[target.'x'] should be a table; ignored", 6),
    ]
    assert {(c.name, c.version, c.pinned) for c in result.components} == {
        ("a", "*", False),
        ("b", "*", False),
        ("c", "1", False),
    }
    wrong = read_manifest(tmp_path / "Cargo.toml", 'dependencies = "x"\ntarget = []\n')
    assert [p.message for p in wrong.problems] == [
        "[dependencies] should be a table of dependencies; ignored",
        "[target] should be a table of targets; ignored",
    ]


def test_read_path_detects_both_formats(corpus: Path, monkeypatch) -> None:
    register(monkeypatch, cargo)
    lock = readers.read_path(str(corpus / RUST / "bat.Cargo.lock"))
    assert lock.format == "cargo.lock" and len(lock.components) == 316
    assert readers.read_path(str(corpus / RUST / "bat.Cargo.toml")).format == "cargo.toml"


def test_sniff_and_patterns() -> None:
    assert cargo.sniff("lockfile", "# This file is automatically @generated by Cargo.\nversion = 4\n") == "cargo.lock"
    assert cargo.sniff("poetry.lock", '[[package]]\nname = "a"\n') is None
    assert dict(cargo.PATTERNS) == {
        "cargo.lock": "cargo.lock",
        "*.cargo.lock": "cargo.lock",
        "cargo.toml": "cargo.toml",
        "*.cargo.toml": "cargo.toml",
    }
