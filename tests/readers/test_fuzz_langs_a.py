"""Fuzz the pipenv, pylock, cargo and go.mod readers: random text, mutated corpus files, wrong-typed values.

Whatever the input: no exception, a ReadResult, every problem located in a file, every component complete.
Paths point into a directory that does not exist, so no sibling file (Pipfile, pyproject.toml, Cargo.toml,
go.sum) is ever read; the manifest-taking readers are also fuzzed with a fuzzed manifest passed as text.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from sphinxcontrib.soup.readers.cargo import read_cargo_lock, read_cargo_toml
from sphinxcontrib.soup.readers.gomod import read_go_mod
from sphinxcontrib.soup.readers.pipenv import read_pipfile, read_pipfile_lock
from sphinxcontrib.soup.readers.pylock import read_pylock
from tests.readers.fuzzing import corpus_prefix, fuzz_settings, mutate
from tests.readers.fuzzing import toml_values as fuzz_toml_values

from .helpers_langs_a import assert_result_well_formed

NOWHERE = "/nonexistent-soup-fuzz/dir"
READERS = {
    "pipfile.lock": (read_pipfile_lock, f"{NOWHERE}/Pipfile.lock", "pypi"),
    "pipfile": (read_pipfile, f"{NOWHERE}/Pipfile", "pypi"),
    "pylock": (read_pylock, f"{NOWHERE}/pylock.toml", "pypi"),
    "cargo.lock": (read_cargo_lock, f"{NOWHERE}/Cargo.lock", "cargo"),
    "cargo.toml": (read_cargo_toml, f"{NOWHERE}/Cargo.toml", "cargo"),
    "go.mod": (read_go_mod, f"{NOWHERE}/go.mod", "golang"),
}
CORPUS_FILES = {
    "pipfile.lock": [
        "generated/pipenv/Pipfile.lock",
        "fetched/python/pipenv/cdxpy-with-urls.Pipfile.lock",
        "fetched/python/pipenv/cdxpy-category-deps.Pipfile.lock",
        "fetched/python/pipenv/pipenv.Pipfile.lock",
    ],
    "pipfile": ["generated/pipenv/Pipfile", "fetched/python/pipenv/pipenv.Pipfile"],
    "pylock": ["generated/uv/pylock.toml", "fetched/python/pylock/pipenv.pylock.toml"],
    "cargo.lock": ["generated/cargo/Cargo.lock", "fetched/rust/bat.Cargo.lock", "fetched/rust/ripgrep.Cargo.lock"],
    "cargo.toml": ["fetched/rust/bat.Cargo.toml", "fetched/rust/ripgrep.Cargo.toml", "generated/cargo/Cargo.toml"],
    "go.mod": ["fetched/go/gh-cli.go.mod", "fetched/go/fzf.go.mod", "fetched/go/cobra.go.mod"],
}
MAX_BASE = 40_000  # mutate a prefix of the large files: the structure is the same, the run stays fast
FUZZ = fuzz_settings(100)


def check(family: str, text: str, **kwargs) -> None:
    reader, path, ecosystem = READERS[family]
    assert_result_well_formed(reader(text, path, **kwargs), ecosystem)


def corpus_text(corpus: Path, name: str) -> str:
    return corpus_prefix(corpus, name, MAX_BASE)


# --------------------------------------------------------------------------- random text


@FUZZ
@given(family=st.sampled_from(sorted(READERS)), text=st.text(max_size=400))
def test_random_text(family: str, text: str) -> None:
    check(family, text)


GO_WORDS = [
    "module", "go", "toolchain", "require", "replace", "exclude", "retract", "tool", "godebug", "ignore", "bogus",
    "(", ")", "=>", "//", "// indirect", "// indirect;", '"', "`", '"a b"', "example.com/a", "a", "", "v1.2.3",
    "v0.0.0-20240101000000-abcdef012345", "v2.0.0+incompatible", "1.21", "go1.22.1", "./local", "../x", "/abs",
    "[v1.0.0,", "v1.1.0]", "\t", "é", "\\",
]  # fmt: skip


@FUZZ
@given(st.lists(st.lists(st.sampled_from(GO_WORDS), max_size=6).map(" ".join), max_size=25), st.text(max_size=60))
def test_go_mod_like_lines(lines: list[str], go_sum: str) -> None:
    check("go.mod", "\n".join(lines), sum_text=go_sum, sum_path="go.sum")


# --------------------------------------------------------------------------- mutated corpus files


@FUZZ
@given(data=st.data())
def test_mutated_corpus_files(corpus: Path, data: st.DataObject) -> None:
    family = data.draw(st.sampled_from(sorted(CORPUS_FILES)))
    text = corpus_text(corpus, data.draw(st.sampled_from(CORPUS_FILES[family])))
    check(family, mutate(text, data))


# --------------------------------------------------------------------------- wrong types where the readers look

KEYS = [
    "name", "version", "source", "dependencies", "marker", "markers", "extras", "index", "git", "ref", "tag",
    "branch", "rev", "file", "path", "editable", "url", "type", "commit-id", "requested-revision", "directory",
    "vcs", "archive", "workspace", "package", "optional", "features", "sys_platform", "hashes",
]  # fmt: skip
STRINGS = ["", ".", "..", "a", "default", "develop", "dev", "==1.0", "*", ">=1", "1.0", "=1.2.3", "^1", "git+https://h/r",
           "https://u:p@h/x.whl", "./p", "../q", "registry+https://h/i", "git+https://h/r?rev=1#abc", "a 1.0",
           "a 1.0 (registry+https://h/i)", "'dev' in dependency_groups", "'x' in extras", "cfg(unix)",
           "dep:a", "a/b", "a?/b"]  # fmt: skip

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(STRINGS) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    max_leaves=8,
)


@FUZZ
@given(
    sections=st.dictionaries(
        st.sampled_from(["_meta", "default", "develop", "groupA", ""]),
        json_values | st.dictionaries(st.sampled_from(["a", "B_c", "", "pywin32"]), json_values, max_size=3),
        max_size=4,
    ),
    manifest=st.sampled_from(["", '[packages]\na = "*"\n', "[groupA]\nb = 1\n", "packages = 1\n", "[x"]),
)
def test_pipfile_lock_values_of_wrong_types(sections: dict, manifest: str) -> None:
    text = json.dumps(sections, indent=4)
    check("pipfile.lock", text)
    check("pipfile.lock", text, manifest_text=manifest, manifest_path="Pipfile")


toml_values = fuzz_toml_values(KEYS, STRINGS)

TEMPLATES = {
    "pipfile": "[[source]]\nname = {}\n[packages]\na = {}\nb = {}\n[dev-packages]\nc = {}\n[groupA]\nd = {}\n",
    "pylock": (
        "lock-version = {}\ndefault-groups = {}\n"
        '[[packages]]\nname = "root"\ndirectory = {{ path = "." }}\ndependencies = {}\n'
        "[[packages]]\nname = {}\nversion = {}\nmarker = {}\nvcs = {}\ndirectory = {}\narchive = {}\n"
        "dependencies = {}\n"
        '[[packages]]\nname = "a"\nversion = "1"\ndependencies = {}\n'
    ),
    "cargo.lock": (
        "version = {}\n[root]\nname = {}\nversion = {}\ndependencies = {}\n"
        '[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = {}\n'
        "[[package]]\nname = {}\nversion = {}\nsource = {}\ndependencies = {}\n"
        '[[package]]\nname = "a"\nversion = "1.0.0"\nsource = "registry+https://h/i"\n'
        "[metadata]\nx = {}\n"
    ),
    "cargo.toml": (
        "[package]\nname = {}\n[features]\ndefault = {}\nf = {}\n[workspace]\nmembers = {}\n"
        "[workspace.dependencies]\na = {}\n[dependencies]\na = {}\nb = {}\n[dev-dependencies]\nc = {}\n"
        "[build-dependencies]\nd = {}\n[target.'cfg(unix)'.dependencies]\ne = {}\n[target.x]\ndependencies = {}\n"
    ),
}


@FUZZ
@given(family=st.sampled_from(sorted(TEMPLATES)), data=st.data())
def test_toml_values_of_wrong_types(family: str, data: st.DataObject) -> None:
    template = TEMPLATES[family]
    text = template.format(*(data.draw(toml_values) for _ in range(template.count("{}"))))
    check(family, text)


@FUZZ
@given(
    family=st.sampled_from(["pylock", "cargo.lock"]),
    lock=toml_values,
    manifest=st.lists(toml_values, min_size=3, max_size=3),
)
def test_manifests_of_wrong_types(family: str, lock: str, manifest: list[str]) -> None:
    """The manifest a lock is read with is fuzzed too (passed as ``manifest_text``)."""
    if family == "pylock":
        lock_text = f'lock-version = "1.0"\n[[packages]]\nname = "x"\nversion = "1"\ndependencies = {lock}\n'
        manifest_text = "[project]\ndependencies = {}\n[dependency-groups]\ng = {}\n[tool.uv]\nsources = {}\n"
    else:
        lock_text = f'[[package]]\nname = "app"\nversion = "1"\ndependencies = {lock}\n'
        manifest_text = (
            '[package]\nname = "app"\n[dependencies]\nx = {}\n[dev-dependencies]\ny = {}\n[features]\nf = {}\n'
        )
    check(family, lock_text, manifest_text=manifest_text.format(*manifest), manifest_path="manifest.toml")
