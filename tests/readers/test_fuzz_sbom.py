"""Fuzz the SBOM and OS-package readers: random text, mutated real files, wrong JSON types where they read."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packageurl import PackageURL

from sphinxcontrib.soup.facades.purl import parse_purl
from sphinxcontrib.soup.model import ReadResult
from sphinxcontrib.soup.readers.cyclonedx import read_cyclonedx_json, read_cyclonedx_xml
from sphinxcontrib.soup.readers.ospkg import read_apk_installed, read_dpkg_query, read_dpkg_status, read_rpm_qa
from sphinxcontrib.soup.readers.spdx import read_spdx_json, read_spdx_tag_value, read_spdx_yaml
from tests.readers.fuzzing import fuzz_settings

FUZZ = fuzz_settings(40)
DATA = Path(__file__).parent / "data" / "os"
READERS = {
    "cdx.json": read_cyclonedx_json,
    "cdx.xml": read_cyclonedx_xml,
    "spdx.json": read_spdx_json,
    "spdx": read_spdx_tag_value,
    "spdx.yaml": read_spdx_yaml,
    "status": read_dpkg_status,
    "dpkg-query.txt": read_dpkg_query,
    "installed": read_apk_installed,
    "rpm-qa.txt": read_rpm_qa,
}
#: small real files of every format (corpus-relative, or under tests/readers/data/os)
SAMPLES = [
    ("cdx.json", "fetched/sbom-cyclonedx/node-npm-demo-dev-dependencies.flat.bom.1.6.json"),
    ("cdx.xml", "fetched/sbom-cyclonedx/node-npm-demo-local-workspaces.bare.bom.1.6.xml"),
    ("spdx.json", "fetched/sbom-spdx/example9-appbomination.spdx-2.2.json"),
    ("spdx", "fetched/sbom-spdx/example6-lib.spdx-2.2.spdx"),
    ("status", "debian12/status"),
    ("installed", "alpine314/installed"),
    ("rpm-qa.txt", "rhcos42/rhcos-sosreport.rpm-qa.txt"),
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def check(result: object, path: str) -> None:
    """No exception got here; the result is whole and every problem names its file."""
    assert isinstance(result, ReadResult)
    for problem in result.problems:
        assert problem.source is not None and problem.source.path == path, problem
    for comp in result.components:
        assert isinstance(comp.name, str) and comp.name and isinstance(comp.version, str)
        assert comp.purl.startswith("pkg:") and comp.source.path == path
        assert not comp.direct or comp.via == ()


def sample_text(corpus: Path, name: str) -> str:
    path = DATA / name if (DATA / name).exists() else corpus / name
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(READERS))
@FUZZ
@given(text=st.text(max_size=300))
def test_random_text(kind: str, text: str) -> None:
    check(READERS[kind](text, f"fuzz/x.{kind}"), f"fuzz/x.{kind}")


@pytest.mark.parametrize("kind", sorted(READERS))
@FUZZ
@given(text=st.text(alphabet='{}[]<>":,=|\n\t -PVDAL#/@!', max_size=200))
def test_random_syntax(kind: str, text: str) -> None:
    """Text made of the characters these formats are built from, to reach past the first parse error."""
    check(READERS[kind](text, f"fuzz/x.{kind}"), f"fuzz/x.{kind}")


@pytest.mark.parametrize(("kind", "name"), SAMPLES)
@FUZZ
@given(data=st.data())
def test_mutated_real_files(corpus: Path, kind: str, name: str, data: st.DataObject) -> None:
    text = sample_text(corpus, name)
    mutation = data.draw(st.sampled_from(["truncate", "flip", "delete-lines"]))
    if mutation == "truncate":
        text = text[: data.draw(st.integers(0, len(text)))]
    elif mutation == "flip":
        chars = list(text)
        for _ in range(data.draw(st.integers(1, 8))):
            chars[data.draw(st.integers(0, len(chars) - 1))] = data.draw(st.sampled_from('{}[]<>",:0a\n\t\\ |-'))
        text = "".join(chars)
    else:
        lines = text.splitlines(keepends=True)
        for _ in range(data.draw(st.integers(1, 5))):
            if lines:
                del lines[data.draw(st.integers(0, len(lines) - 1))]
        text = "".join(lines)
    check(READERS[kind](text, f"fuzz/x.{kind}"), f"fuzz/x.{kind}")


# --------------------------------------------------------------------------- wrong JSON types where the readers read


def cyclonedx_base() -> dict:
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "metadata": {"component": {"type": "application", "name": "app", "bom-ref": "app"}},
        "components": [
            {
                "type": "library",
                "bom-ref": "a",
                "group": "@s",
                "name": "a",
                "version": "1.0.0",
                "purl": "pkg:npm/%40s/a@1.0.0",
                "scope": "required",
                "licenses": [{"license": {"id": "MIT"}}, {"expression": "A OR B"}],
                "properties": [{"name": "cdx:npm:package:path", "value": "node_modules/x"}],
                "externalReferences": [{"type": "website", "url": "https://a.example"}],
                "components": [{"type": "library", "name": "n", "version": "2"}],
            }
        ],
        "services": [{"bom-ref": "svc", "services": []}],
        "dependencies": [{"ref": "app", "dependsOn": ["a", "svc"]}, {"ref": "a", "dependsOn": []}],
    }


CDX_PLACES = [
    ("metadata",),
    ("metadata", "component"),
    ("metadata", "component", "bom-ref"),
    ("components",),
    ("components", 0),
    ("components", 0, "bom-ref"),
    ("components", 0, "name"),
    ("components", 0, "group"),
    ("components", 0, "version"),
    ("components", 0, "purl"),
    ("components", 0, "scope"),
    ("components", 0, "type"),
    ("components", 0, "licenses"),
    ("components", 0, "licenses", 0),
    ("components", 0, "licenses", 0, "license"),
    ("components", 0, "properties"),
    ("components", 0, "properties", 0),
    ("components", 0, "properties", 0, "value"),
    ("components", 0, "externalReferences"),
    ("components", 0, "externalReferences", 0, "url"),
    ("components", 0, "components"),
    ("components", 0, "components", 0),
    ("components", 0, "description"),
    ("services",),
    ("services", 0),
    ("dependencies",),
    ("dependencies", 0),
    ("dependencies", 0, "ref"),
    ("dependencies", 0, "dependsOn"),
    ("dependencies", 0, "dependsOn", 0),
]


def spdx_base() -> dict:
    return {
        "spdxVersion": "SPDX-2.3",
        "SPDXID": "SPDXRef-DOCUMENT",
        "documentDescribes": ["SPDXRef-app"],
        "files": [{"SPDXID": "SPDXRef-f"}],
        "packages": [
            {"SPDXID": "SPDXRef-app", "name": "app", "versionInfo": "1"},
            {
                "SPDXID": "SPDXRef-a",
                "name": "a",
                "versionInfo": "1.0.0",
                "licenseConcluded": "MIT",
                "licenseDeclared": "NOASSERTION",
                "homepage": "https://a.example",
                "packageFileName": "node_modules/b",
                "externalRefs": [
                    {
                        "referenceCategory": "PACKAGE-MANAGER",
                        "referenceType": "purl",
                        "referenceLocator": "pkg:npm/a@1.0.0",
                    }
                ],
            },
        ],
        "relationships": [
            {"spdxElementId": "SPDXRef-a", "relationshipType": "DEPENDENCY_OF", "relatedSpdxElement": "SPDXRef-app"},
            {"spdxElementId": "SPDXRef-app", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-f"},
        ],
    }


SPDX_PLACES = [
    ("spdxVersion",),
    ("SPDXID",),
    ("documentDescribes",),
    ("documentDescribes", 0),
    ("files",),
    ("files", 0),
    ("packages",),
    ("packages", 1),
    ("packages", 1, "SPDXID"),
    ("packages", 1, "name"),
    ("packages", 1, "versionInfo"),
    ("packages", 1, "licenseConcluded"),
    ("packages", 1, "licenseDeclared"),
    ("packages", 1, "homepage"),
    ("packages", 1, "packageFileName"),
    ("packages", 1, "externalRefs"),
    ("packages", 1, "externalRefs", 0),
    ("packages", 1, "externalRefs", 0, "referenceLocator"),
    ("relationships",),
    ("relationships", 0),
    ("relationships", 0, "relationshipType"),
    ("relationships", 0, "relatedSpdxElement"),
]


def put(data: dict, place: tuple, value: object) -> dict:
    data = copy.deepcopy(data)
    target = data
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value
    return data


@pytest.mark.parametrize("place", CDX_PLACES, ids=lambda place: "/".join(map(str, place)))
@settings(max_examples=25, deadline=None)
@given(value=json_values)
def test_cyclonedx_wrong_types(place: tuple, value: object) -> None:
    text = json.dumps(put(cyclonedx_base(), place, value), indent=1)
    check(read_cyclonedx_json(text, "fuzz/bom.json"), "fuzz/bom.json")


@pytest.mark.parametrize("place", SPDX_PLACES, ids=lambda place: "/".join(map(str, place)))
@settings(max_examples=25, deadline=None)
@given(value=json_values)
def test_spdx_wrong_types(place: tuple, value: object) -> None:
    text = json.dumps(put(spdx_base(), place, value), indent=1)
    check(read_spdx_json(text, "fuzz/x.spdx.json"), "fuzz/x.spdx.json")


def test_bases_are_read_cleanly() -> None:
    """The documents the type fuzzing starts from are valid, so every problem above comes from a mutation."""
    cdx = read_cyclonedx_json(json.dumps(cyclonedx_base()), "b.json")
    assert not cdx.problems and {c.name for c in cdx.components} == {"@s/a", "n"}
    assert not read_spdx_json(json.dumps(spdx_base()), "b.json").problems


# --------------------------------------------------------------------------- the purl facade's fast path


purl_text = st.builds(
    lambda kind, ns, name, version: f"pkg:{kind}/{ns}{name}{version}",
    st.sampled_from(["npm", "pypi", "maven", "golang", "deb", "rpm", "apk", "generic", "NPM", "pub", "1x"]),
    st.sampled_from(["", "%40scope/", "org.example/", "Up/", "a/b/", "%40/"]),
    st.text(alphabet="abcAB09._~-%@/ ", min_size=0, max_size=8),
    st.sampled_from(["", "@1.0.0", "@V1_2", "@", "@1.0?arch=x86_64", "@2#sub", "@1%2B2"]),
)


@settings(max_examples=400, deadline=None)
@given(text=purl_text)
def test_parse_purl_reads_as_packageurl_does(text: str) -> None:
    parsed = parse_purl(text)
    try:
        purl = PackageURL.from_string(text)
    except ValueError:
        assert parsed is None
        return
    assert parsed is not None
    assert (parsed.type, parsed.namespace, parsed.name, parsed.version) == (
        purl.type,
        purl.namespace,
        purl.name,
        purl.version,
    )
    assert parsed.qualifiers == dict(purl.qualifiers or {})


def test_parse_purl_on_every_corpus_purl(corpus: Path) -> None:
    found = set()
    for path in [*corpus.glob("fetched/sbom-*/*.json"), *corpus.glob("generated/*/*cdx*.json")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            for marker in ('"purl": "', '"referenceLocator": "pkg:'):
                if marker in line:
                    start = line.index(marker) + len(marker) - (4 if marker.endswith("pkg:") else 0)
                    found.add(line[start : line.index('"', start)])
    assert len(found) > 1900
    for text in found:
        purl = PackageURL.from_string(text)
        parsed = parse_purl(text)
        assert parsed == (purl.type, purl.namespace, purl.name, purl.version, dict(purl.qualifiers or {}))
