"""Fuzz the npm readers: random text, mutated real files, and wrong JSON types wherever the readers look."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinxcontrib.soup.readers.npm import read_package_json, read_package_lock
from tests.readers.fuzzing import assert_result, fuzz_settings, json_values, mutate, put

SMALL_FILES = [
    "fetched/npm/package-integrity-demo.package-lock.json",
    "fetched/vuln-reports/audit-ci-npm-allowlisted-path.package-lock.json",
    "generated/npm-web-v3/package.json",
    "generated/npm-workspaces-v3/packages/web/package.json",
]
FUZZ = fuzz_settings(150)


def check(result: object, path: str) -> None:
    assert_result(result, path, ("npm",))


def read_both(text: str, path: str = "fuzz/package-lock.json") -> None:
    check(read_package_lock(text, path), path)
    check(read_package_lock(text, path, manifest=text), path)
    check(read_package_json(text, "fuzz/package.json"), "fuzz/package.json")


@FUZZ
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    read_both(text)


@pytest.mark.parametrize("name", SMALL_FILES)
@FUZZ
@given(data=st.data())
def test_mutated_real_files(corpus: Path, name: str, data: st.DataObject) -> None:
    text = (corpus / name).read_text(encoding="utf-8")
    read_both(mutate(text, data, '{}[]",:0a\n\\ '))


def base_v3() -> dict:
    return {
        "name": "p",
        "lockfileVersion": 3,
        "packages": {
            "": {"name": "p", "workspaces": ["packages/*"], "dependencies": {"a": "^1", "w": "*"}},
            "node_modules/a": {"version": "1.0.0", "license": "MIT", "dependencies": {"b": "^2"}},
            "node_modules/a/node_modules/b": {"version": "2.0.0", "dev": True, "inBundle": True},
            "node_modules/w": {"resolved": "packages/w", "link": True},
            "packages/w": {"name": "w", "version": "0.1.0", "devDependencies": {"a": "1"}},
        },
    }


def base_v1() -> dict:
    return {
        "lockfileVersion": 1,
        "dependencies": {
            "a": {"version": "1.0.0", "requires": {"b": "^2"}, "dependencies": {"b": {"version": "2.0.0"}}},
            "al": {"version": "npm:real@3.0.0", "bundled": True, "optional": True},
        },
    }


V3_PLACES = [
    ("lockfileVersion",),
    ("packages",),
    ("packages", ""),
    ("packages", "", "dependencies"),
    ("packages", "", "dependencies", "a"),
    ("packages", "", "workspaces"),
    ("packages", "node_modules/a"),
    ("packages", "node_modules/a", "version"),
    ("packages", "node_modules/a", "name"),
    ("packages", "node_modules/a", "license"),
    ("packages", "node_modules/a", "dependencies"),
    ("packages", "node_modules/a", "peerDependencies"),
    ("packages", "node_modules/a", "resolved"),
    ("packages", "node_modules/a/node_modules/b", "dev"),
    ("packages", "node_modules/w", "resolved"),
    ("packages", "node_modules/w", "link"),
    ("packages", "packages/w", "devDependencies"),
]
V1_PLACES = [
    ("dependencies",),
    ("dependencies", "a"),
    ("dependencies", "a", "version"),
    ("dependencies", "a", "requires"),
    ("dependencies", "a", "dependencies"),
    ("dependencies", "a", "dependencies", "b"),
    ("dependencies", "al", "version"),
    ("dependencies", "al", "bundled"),
]
MANIFEST_PLACES = [
    ("dependencies",),
    ("dependencies", "x"),
    ("devDependencies",),
    ("peerDependencies", "x"),
    ("bundleDependencies",),
    ("bundledDependencies",),
    ("workspaces",),
]


@FUZZ
@given(
    base=st.sampled_from(["v3", "v1"]),
    changes=st.lists(st.tuples(st.integers(0, 100), json_values), min_size=1, max_size=3),
    indent=st.sampled_from([None, 2, "\t"]),
)
def test_wrong_types_in_locks(base: str, changes: list, indent: object) -> None:
    document, places = (base_v3(), V3_PLACES) if base == "v3" else (base_v1(), V1_PLACES)
    for index, value in changes:
        document = put(document, places[index % len(places)], value)
    text = json.dumps(document, indent=indent)
    check(read_package_lock(text, "fuzz/package-lock.json"), "fuzz/package-lock.json")
    manifest = json.dumps({"dependencies": {"a": "1", "al": "npm:real@3"}})
    check(read_package_lock(text, "fuzz/package-lock.json", manifest=manifest), "fuzz/package-lock.json")


@FUZZ
@given(changes=st.lists(st.tuples(st.integers(0, 100), json_values), min_size=1, max_size=3))
def test_wrong_types_in_manifests(changes: list) -> None:
    document = {"name": "m", "dependencies": {"x": "^1", "y": "npm:z@2"}, "bundleDependencies": ["x"]}
    for index, value in changes:
        document = put(document, MANIFEST_PLACES[index % len(MANIFEST_PLACES)], value)
    text = json.dumps(document, indent=2)
    check(read_package_json(text, "fuzz/package.json"), "fuzz/package.json")
    check(read_package_lock(text, "fuzz/package-lock.json", manifest=text), "fuzz/package-lock.json")
