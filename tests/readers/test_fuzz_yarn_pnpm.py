"""Fuzz the yarn and pnpm readers: random text, mutated real files, wrong YAML/JSON types where they look."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sphinxcontrib.soup.readers.pnpm import read_pnpm_lock
from sphinxcontrib.soup.readers.yarn import read_yarn_lock
from tests.readers.fuzzing import assert_result, fuzz_settings, json_values, put

FUZZ = fuzz_settings(120)
#: the first lines of real files: enough of every construct, small enough for many examples
SMALL_FILES = [
    ("generated/yarn-classic/yarn.lock", 140),
    ("generated/yarn-berry/yarn.lock", 140),
    ("generated/yarn-berry-workspaces/yarn.lock", 260),
    ("generated/pnpm-v7-lock5.4/pnpm-lock.yaml", 120),
    ("generated/pnpm-v8-lock6.0/pnpm-lock.yaml", 120),
    ("generated/pnpm-workspaces-v9/pnpm-lock.yaml", 140),
]
YARN_PATH = "/fuzz/yarn.lock"
PNPM_PATH = "/fuzz/pnpm-lock.yaml"


def check(result: object, path: str) -> None:
    assert_result(result, path, ("npm",))


def read_all(text: str, manifest: str | None = None) -> None:
    check(read_yarn_lock(text, YARN_PATH), YARN_PATH)
    check(read_yarn_lock(text, YARN_PATH, manifest=manifest or text), YARN_PATH)
    check(read_pnpm_lock(text, PNPM_PATH), PNPM_PATH)


@FUZZ
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    read_all(text)


@FUZZ
@given(st.lists(st.sampled_from(["__metadata:", "lockfileVersion: 9", "  a@1:", '    b "1"', "  version: 1", "- x"])))
def test_random_lines(lines: list[str]) -> None:
    """Lines of the right shapes in random order: each reader's structure checks, not just its parser's."""
    read_all("\n".join(lines))


@pytest.mark.parametrize(("name", "lines"), SMALL_FILES)
@FUZZ
@given(data=st.data())
def test_mutated_real_files(corpus: Path, name: str, lines: int, data: st.DataObject) -> None:
    text = "".join((corpus / name).read_text(encoding="utf-8").splitlines(keepends=True)[:lines])
    mutation = data.draw(st.sampled_from(["truncate", "flip", "delete-lines", "indent"]))
    rows = text.splitlines(keepends=True)
    if mutation == "truncate":
        text = text[: data.draw(st.integers(0, len(text)))]
    elif mutation == "flip":
        chars = list(text)
        for _ in range(data.draw(st.integers(1, 8))):
            chars[data.draw(st.integers(0, len(chars) - 1))] = data.draw(st.sampled_from(':"@,#-[]{}()/ \n\\'))
        text = "".join(chars)
    elif mutation == "delete-lines":
        for _ in range(data.draw(st.integers(1, 5))):
            if rows:
                del rows[data.draw(st.integers(0, len(rows) - 1))]
        text = "".join(rows)
    else:  # shift a line's indentation: a field of one entry becomes a key of another level
        index = data.draw(st.integers(0, len(rows) - 1))
        rows[index] = data.draw(st.sampled_from(["", " ", "  ", "    "])) + rows[index].lstrip(" ")
        text = "".join(rows)
    reader = read_pnpm_lock if "pnpm" in name else read_yarn_lock
    path = PNPM_PATH if "pnpm" in name else YARN_PATH
    check(reader(text, path), path)


# --------------------------------------------------------------------------- wrong types in the right places


def berry() -> dict:
    return {
        "a@npm:^1.0.0": {
            "version": "1.0.0",
            "resolution": "a@npm:1.0.0",
            "dependencies": {"b": "npm:^2.0.0", "c": "workspace:*"},
            "dependenciesMeta": {"b": {"optional": True}},
        },
        "b@npm:^2.0.0, b@patch:b@npm%3A^2.0.0#./p.patch::locator=app%40workspace%3A.": {
            "version": "2.0.0",
            "resolution": "b@patch:b@npm%3A2.0.0#./p.patch::version=2.0.0&hash=1",
        },
        "c@workspace:*, c@workspace:packages/c": {
            "version": "0.0.0-use.local",
            "resolution": "c@workspace:packages/c",
            "dependencies": {"d": "file:./d::locator=c%40workspace%3Apackages%2Fc"},
        },
        "d@file:./d::locator=c%40workspace%3Apackages%2Fc": {"version": "1.0.0", "resolution": "d@file:./d#./d"},
        "app@workspace:.": {
            "version": "0.0.0-use.local",
            "resolution": "app@workspace:.",
            "dependencies": {"a": "npm:^1"},
        },
    }


BERRY_PLACES = [
    ("a@npm:^1.0.0",),
    ("a@npm:^1.0.0", "version"),
    ("a@npm:^1.0.0", "resolution"),
    ("a@npm:^1.0.0", "dependencies"),
    ("a@npm:^1.0.0", "dependencies", "b"),
    ("a@npm:^1.0.0", "dependenciesMeta"),
    ("a@npm:^1.0.0", "dependenciesMeta", "b"),
    ("b@npm:^2.0.0, b@patch:b@npm%3A^2.0.0#./p.patch::locator=app%40workspace%3A.", "resolution"),
    ("c@workspace:*, c@workspace:packages/c", "resolution"),
    ("c@workspace:*, c@workspace:packages/c", "dependencies"),
    ("app@workspace:.", "dependencies"),
    ("app@workspace:.", "dependencies", "a"),
    ("app@workspace:.",),
]
MANIFEST_PLACES = [
    ("dependencies",),
    ("dependencies", "a"),
    ("devDependencies",),
    ("workspaces",),
    ("resolutions",),
    ("resolutions", "b"),
]


def pnpm9() -> dict:
    return {
        "lockfileVersion": "9.0",
        "importers": {
            ".": {
                "dependencies": {"a": {"specifier": "^1", "version": "1.0.0(p@1.0.0)"}},
                "devDependencies": {"w": {"specifier": "workspace:*", "version": "link:packages/w"}},
            },
            "packages/w": {"optionalDependencies": {"al": {"specifier": "npm:b@2", "version": "b@2.0.0"}}},
        },
        "packages": {
            "a@1.0.0": {"resolution": {"integrity": "x"}, "peerDependencies": {"p": "*"}},
            "b@2.0.0": {"resolution": {"tarball": "https://h.example/b.tgz"}},
            "p@1.0.0": {"resolution": {"type": "git", "repo": "r", "commit": "c"}},
        },
        "snapshots": {"a@1.0.0(p@1.0.0)": {"dependencies": {"p": "1.0.0"}}, "b@2.0.0": {}, "p@1.0.0": {}},
        "patchedDependencies": {"a@1.0.0": {"hash": "h"}},
    }


def pnpm6() -> dict:
    return {
        "lockfileVersion": "6.0",
        "dependencies": {"a": {"specifier": "^1", "version": "1.0.0"}},
        "packages": {
            "/a@1.0.0": {"resolution": {"integrity": "x"}, "dependencies": {"b": "/b@2.0.0"}, "dev": False},
            "/b@2.0.0": {"resolution": {"integrity": "y"}, "dev": True, "optional": True},
        },
    }


PNPM9_PLACES = [
    ("lockfileVersion",),
    ("importers",),
    ("importers", "."),
    ("importers", ".", "dependencies"),
    ("importers", ".", "dependencies", "a"),
    ("importers", ".", "dependencies", "a", "version"),
    ("importers", ".", "devDependencies", "w", "version"),
    ("importers", "packages/w", "optionalDependencies", "al"),
    ("packages",),
    ("packages", "a@1.0.0"),
    ("packages", "a@1.0.0", "resolution"),
    ("packages", "a@1.0.0", "peerDependencies"),
    ("packages", "b@2.0.0", "resolution", "tarball"),
    ("packages", "p@1.0.0", "resolution", "repo"),
    ("snapshots",),
    ("snapshots", "a@1.0.0(p@1.0.0)"),
    ("snapshots", "a@1.0.0(p@1.0.0)", "dependencies"),
    ("snapshots", "a@1.0.0(p@1.0.0)", "dependencies", "p"),
    ("patchedDependencies",),
]
PNPM6_PLACES = [
    ("lockfileVersion",),
    ("dependencies",),
    ("dependencies", "a"),
    ("packages", "/a@1.0.0"),
    ("packages", "/a@1.0.0", "dev"),
    ("packages", "/a@1.0.0", "dependencies"),
    ("packages", "/a@1.0.0", "name"),
    ("packages", "/b@2.0.0", "version"),
    ("specifiers",),
]


changes = st.lists(st.tuples(st.integers(0, 100), json_values), min_size=1, max_size=3)


@FUZZ
@given(changes=changes, manifest_changes=changes)
def test_wrong_types_in_berry(changes: list, manifest_changes: list) -> None:
    document = berry()
    for index, value in changes:
        document = put(document, BERRY_PLACES[index % len(BERRY_PLACES)], value)
    text = "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n" + yaml.safe_dump(document)
    manifest = {"dependencies": {"a": "^1"}, "resolutions": {"b@^2": "patch:b@npm%3A^2.0.0#./p.patch"}}
    for index, value in manifest_changes:
        manifest = put(manifest, MANIFEST_PLACES[index % len(MANIFEST_PLACES)], value)
    check(read_yarn_lock(text, YARN_PATH), YARN_PATH)
    check(read_yarn_lock(text, YARN_PATH, manifest=json.dumps(manifest)), YARN_PATH)


@FUZZ
@given(base=st.sampled_from(["v9", "v6"]), changes=changes)
def test_wrong_types_in_pnpm(base: str, changes: list) -> None:
    document, places = (pnpm9(), PNPM9_PLACES) if base == "v9" else (pnpm6(), PNPM6_PLACES)
    for index, value in changes:
        document = put(document, places[index % len(places)], value)
    check(read_pnpm_lock(yaml.safe_dump(document), PNPM_PATH), PNPM_PATH)


@FUZZ
@given(
    keys=st.lists(st.text(min_size=1, max_size=12).filter(lambda s: "\n" not in s and "\r" not in s), max_size=4),
    fields=st.dictionaries(st.sampled_from(["version", "resolved", "dependencies", "x"]), st.text(max_size=10)),
    manifest_changes=changes,
)
def test_wrong_values_in_classic(keys: list[str], fields: dict, manifest_changes: list) -> None:
    """Classic entries built from random keys and json_values, read with a random manifest."""
    body = ", ".join(json.dumps(k) if k[:1] in ' "' else k for k in keys) or "a@1"
    lines = ["# yarn lockfile v1", "", f"{body}:"]
    lines += [f"  {k} {json.dumps(v)}" for k, v in fields.items()]
    lines += ["  dependencies:", f"    {json.dumps(fields.get('x', 'a'))} {json.dumps(fields.get('version', '1'))}"]
    manifest = {"dependencies": {"a": "1"}}
    for index, value in manifest_changes:
        manifest = put(manifest, MANIFEST_PLACES[index % len(MANIFEST_PLACES)], value)
    text = "\n".join(lines) + "\n"
    check(read_yarn_lock(text, YARN_PATH, manifest=json.dumps(manifest)), YARN_PATH)
