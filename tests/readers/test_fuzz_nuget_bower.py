"""Fuzz the NuGet and bower readers: random text, mutated real files, wrong JSON types and random XML trees."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinxcontrib.soup.readers.bower import read_bower
from sphinxcontrib.soup.readers.nuget import read_msbuild, read_packages_config, read_packages_lock
from tests.readers.fuzzing import assert_result, fuzz_settings, mutate, put

FUZZ = fuzz_settings(120)
#: paths in a folder that does not exist: no Directory.*.props, sibling project or lock is found
NOWHERE = "/nonexistent-soup-fuzz/"
XML_READERS = [(read_packages_config, "packages.config"), (read_msbuild, "App.csproj")]
JSON_READERS = [(read_packages_lock, "packages.lock.json"), (read_bower, "bower.json"), (read_bower, ".bower.json")]
SMALL_FILES = [
    "fetched/dotnet/NuGet.Server.packages.config",
    "fetched/dotnet/passwordless-server.Service.csproj",
    "fetched/dotnet/SimpleTweaksPlugin.csproj",
    "fetched/dotnet/SimpleTweaksPlugin.packages.lock.json",
    "fetched/bower/nlpljs-example-app.bower.json",
    "fetched/bower/paper-button-1.0.3.bower.json",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
#: strings that mean something to the readers: versions, ranges, properties, endpoints
tokens = st.sampled_from(
    ["1.0.0", "[1.0.0]", "[1.0,2.0)", "1.*", "$(V)", "$(", "all", "none", "build;analyzers", "a/b#^1", "git@x:y",
     "https://github.com/o/r.git#v1.0.0", "./p", "", " ", "true", "*", "#", "@", ";", "\\"]
)  # fmt: skip
texts = tokens | st.text(max_size=10)


def check(result: object) -> None:
    assert_result(result, purl_types=("nuget", "github", "generic"))


def read_all(text: str) -> None:
    for reader, name in XML_READERS + JSON_READERS:
        check(reader(text, NOWHERE + name))


@FUZZ
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    read_all(text)


@pytest.mark.parametrize("name", SMALL_FILES)
@FUZZ
@given(data=st.data())
def test_mutated_real_files(corpus: Path, name: str, data: st.DataObject) -> None:
    text = (corpus / name).read_text(encoding="utf-8-sig")
    read_all(mutate(text, data, '<>/="&;[]{},:\n\\ $(a'))


# --- packages.lock.json: wrong types wherever the reader looks

BASE_LOCK = {
    "version": 1,
    "dependencies": {
        "net8.0": {
            "A": {"type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0", "dependencies": {"B": "2.0.0"}},
            "B": {"type": "Transitive", "resolved": "2.0.0"},
            "p": {"type": "Project", "dependencies": {"A": "[1.0.0, )"}},
        }
    },
}
LOCK_PLACES = [
    ("version",),
    ("dependencies",),
    ("dependencies", "net8.0"),
    ("dependencies", "net8.0", "A"),
    ("dependencies", "net8.0", "A", "type"),
    ("dependencies", "net8.0", "A", "resolved"),
    ("dependencies", "net8.0", "A", "dependencies"),
    ("dependencies", "net8.0", "A", "dependencies", "B"),
    ("dependencies", "net8.0", "p", "dependencies"),
    ("dependencies", "net8.0", "B", "type"),
]


@FUZZ
@given(place=st.sampled_from(LOCK_PLACES), value=json_values | tokens, indent=st.sampled_from([None, 2]))
def test_lock_wrong_types(place: tuple[str, ...], value: object, indent: int | None) -> None:
    check(read_packages_lock(json.dumps(put(BASE_LOCK, place, value), indent=indent), NOWHERE + "packages.lock.json"))


# --- bower.json and .bower.json: wrong types in every section and metadata key

BOWER_KEYS = ["dependencies", "devDependencies", "name", "license", "_release", "_resolution", "_source",
              "_originalSource", "description", "homepage"]  # fmt: skip


@FUZZ
@given(
    fields=st.dictionaries(st.sampled_from(BOWER_KEYS), json_values | tokens, max_size=5),
    deps=st.dictionaries(texts, json_values | texts, max_size=4),
)
def test_bower_wrong_types(fields: dict, deps: dict) -> None:
    for section in ("dependencies", "devDependencies"):
        text = json.dumps({**fields, section: deps}, indent=2)
        check(read_bower(text, NOWHERE + "bower.json"))
    check(read_bower(json.dumps(fields), NOWHERE + "x/.bower.json"))


# --- random XML trees of the elements and attributes the readers look at

TAGS = ["packages", "package", "Project", "PropertyGroup", "ItemGroup", "Choose", "When", "Otherwise",
        "PackageReference", "PackageVersion", "GlobalPackageReference", "Reference", "HintPath", "Sdk", "Import",
        "Version", "PrivateAssets", "V", "TargetFrameworks", "ManagePackageVersionsCentrally",
        "ProjectReference"]  # fmt: skip
ATTRIBUTES = ["id", "version", "Version", "Include", "Update", "Remove", "Condition", "PrivateAssets",
              "IncludeAssets", "ExcludeAssets", "VersionOverride", "developmentDependency", "targetFramework",
              "Sdk", "Name"]  # fmt: skip

elements = st.recursive(
    st.builds(lambda tag, text: f"<{tag}>{escape(text)}</{tag}>", st.sampled_from(TAGS), texts),
    lambda inner: st.builds(
        lambda tag, attrs, children: (
            f"<{tag}{''.join(f' {k}={quoteattr(v)}' for k, v in attrs.items())}>" + "".join(children) + f"</{tag}>"
        ),
        st.sampled_from(TAGS),
        st.dictionaries(st.sampled_from(ATTRIBUTES), texts, max_size=3),
        st.lists(inner, max_size=4),
    ),
    max_leaves=12,
)


@FUZZ
@given(root=st.sampled_from(["packages", "Project"]), children=st.lists(elements, max_size=4))
def test_random_xml(root: str, children: list[str]) -> None:
    text = f"<{root}>" + "\n".join(children) + f"</{root}>"
    for reader, name in XML_READERS:
        check(reader(text, NOWHERE + name))
