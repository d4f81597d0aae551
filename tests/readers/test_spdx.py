"""SPDX reader: npm's SPDX against the lock's ground truth, one document in three syntaxes, real examples, bad input."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.readers.npm import read_package_lock
from sphinxcontrib.soup.readers.spdx import (
    JSON_FORMAT,
    TAG_VALUE_FORMAT,
    YAML_FORMAT,
    read_spdx_json,
    read_spdx_tag_value,
    read_spdx_yaml,
    sniff,
)

from .sbomhelpers import ground_truth, messages, registry, triples, well_formed, without_lines

__all__ = ["registry"]  # the fixture, used by name

NPM_WEB = "generated/npm-web-v3"
EXAMPLES = "fetched/sbom-spdx"
CONVERTED = "generated/spdx-tools"


def read(path: Path, text: str | None = None):
    name = path.name
    reader = read_spdx_json if name.endswith(".json") else read_spdx_yaml if name.endswith(".yaml") else None
    reader = reader or read_spdx_tag_value
    return well_formed(reader(path.read_text(encoding="utf-8") if text is None else text, str(path)), str(path))


def document(packages: list, relationships: list, **extra) -> dict:
    base = {"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT"}
    return base | {"packages": packages, "relationships": relationships} | extra


def package(key: str, name: str, version: str | None = "1.0.0", purl: str | None = None) -> dict:
    data = {"SPDXID": key, "name": name}
    if version is not None:
        data["versionInfo"] = version
    if purl:
        ref = {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": purl}
        data["externalRefs"] = [ref]
    return data


def bad_json(data: object):
    return well_formed(read_spdx_json(json.dumps(data, indent=2), "bad/sbom.spdx.json"), "bad/sbom.spdx.json")


def bad_tv(text: str):
    return well_formed(read_spdx_tag_value(text, "bad/sbom.spdx"), "bad/sbom.spdx")


def rel(a: str, kind: str, b: str) -> dict:
    return {"spdxElementId": a, "relationshipType": kind, "relatedSpdxElement": b}


# --------------------------------------------------------------------------- ground truth


@pytest.mark.parametrize(
    "name",
    [
        f"{NPM_WEB}/npm-sbom.spdx-2.3.json",
        f"{CONVERTED}/npm-web-v3.npm-sbom.converted.spdx",
        f"{CONVERTED}/npm-web-v3.npm-sbom.converted.spdx.yaml",
    ],
)
def test_npm_spdx_matches_the_lock_ground_truth(corpus: Path, name: str) -> None:
    """``npm sbom`` SPDX (and its spdx-tools conversions) list what ``npm ls`` lists: 414 packages, 10 direct.

    npm marks dev only on the project's own edges (DEV_DEPENDENCY_OF jest, eslint); the transitive dev
    packages come out dev through the graph, exactly as the package-lock reader has them.
    """
    result = read(corpus / name)
    truth, expected = ground_truth(corpus / NPM_WEB / "package-lock.json.expected.json")
    assert triples(result) == expected and not result.problems
    lock_path = corpus / NPM_WEB / "package-lock.json"
    lock = {(c.name, c.version): c for c in read_package_lock(lock_path.read_text(), str(lock_path)).components}
    for comp in result.components:
        other = lock[comp.name, comp.version]
        assert (comp.scope, comp.via, comp.alias, comp.purl) == (other.scope, other.via, other.alias, other.purl)
    comps = {(c.name, c.version): c for c in result.components}
    assert comps["lodash", "4.18.1"].alias == "my-lodash-alias"  # from packageFileName node_modules/my-lodash-alias
    assert comps["fsevents", "2.3.3"].scope == "optional" and comps["eslint", "8.57.1"].scope == "dev"
    assert len(truth["packages"]) == 414


def test_one_document_in_three_syntaxes_gives_the_same_packages(corpus: Path) -> None:
    """JSON, tag-value and YAML of the npm SBOM give the same components; only lines differ (and licenses
    spdx-tools rewrote: it drops the outer parentheses of ``(MIT OR CC0-1.0)``)."""
    from_json = read(corpus / NPM_WEB / "npm-sbom.spdx-2.3.json")
    from_tv = read(corpus / CONVERTED / "npm-web-v3.npm-sbom.converted.spdx")
    from_yaml = read(corpus / CONVERTED / "npm-web-v3.npm-sbom.converted.spdx.yaml")
    assert without_lines(unparenthesized(from_json)) == without_lines(from_tv) == without_lines(from_yaml)
    lines = {c.version: c.source.line for c in from_tv.components if c.name == "lodash"}
    assert lines == {"4.17.15": 3482, "4.18.1": 3710}  # their PackageName lines
    assert {c.version: c.source.line for c in from_yaml.components if c.name == "lodash"}["4.18.1"] == 4629
    assert {c.version: c.source.line for c in from_json.components if c.name == "lodash"}["4.18.1"] == 7099


def unparenthesized(result):
    def strip(text: str | None) -> str | None:
        return text[1:-1] if text and text.startswith("(") and text.endswith(")") else text

    return dataclasses.replace(
        result, components=tuple(dataclasses.replace(c, license=strip(c.license)) for c in result.components)
    )


def test_maven_example_in_json_and_tag_value(corpus: Path) -> None:
    from_json = read(corpus / EXAMPLES / "example14-maven-enriched.spdx-2.3.json")
    from_tv = read(corpus / CONVERTED / "example14-maven-enriched.converted.spdx")
    assert without_lines(from_json) == without_lines(from_tv) and messages(from_json) == messages(from_tv)
    comps = {c.name: c for c in from_json.components}
    log4j = {"Apache Log4j SLF4J Binding", "SLF4J API Module", "Apache Log4j API", "Apache Log4j Core"}
    assert set(comps) == {"JUnit", *log4j}
    assert comps["JUnit"].scope == "dev" and comps["JUnit"].license == "CPL-1.0"  # TEST_DEPENDENCY_OF; declared
    assert comps["Apache Log4j API"].scope == "runtime" and comps["Apache Log4j API"].version == ""  # DYNAMIC_LINK
    assert "package 'Apache Log4j API' has no versionInfo" in messages(from_json)


def test_npm_workspaces_spdx(corpus: Path) -> None:
    """415 packages against ``npm ls``'s 417: npm writes one SPDX package per name@version, so the aliased
    installs ``string-width-cjs`` and ``strip-ansi-cjs`` (npm:string-width@4.2.3, npm:strip-ansi@6.0.1) share
    the SPDXID of the plain install and are not listed apart; ``wrap-ansi-cjs`` is, under its real name."""
    result = read(corpus / "generated/npm-workspaces-v3/npm-sbom.spdx-2.3.json")
    truth = json.loads((corpus / "generated/npm-workspaces-v3/package-lock.json.expected.json").read_text())
    listed = {(c.alias or c.name, c.version) for c in result.components}
    expected = {(p["name"], p["version"]) for p in truth["packages"]}
    assert expected - listed == {("string-width-cjs", "4.2.3"), ("strip-ansi-cjs", "6.0.1")} and listed <= expected
    direct = {c.name: c.scope for c in result.components if c.direct}
    assert direct == {
        "@corpus/api": "runtime",
        "@corpus/shared": "runtime",
        "@corpus/web": "runtime",
        "local-lib": "runtime",
        "left-pad": "runtime",
        "npm": "runtime",
        "prettier": "dev",
        "typescript": "dev",
    }


# --------------------------------------------------------------------------- real examples


def test_acme_contains(corpus: Path) -> None:
    result = read(corpus / EXAMPLES / "ACME-v2.3.spdx.json")
    assert [(c.name, c.version, c.ecosystem, c.direct, c.license) for c in result.components] == [
        ("elliptic", "6.5.2", "npm", True, "MIT"),
        ("alpine", "latest", "generic", True, None),
        ("openssl", "3.0.4", "alpine", True, "Apache-2.0"),  # the file's purl type, as written
    ]
    assert not result.problems


def test_dependency_of_graph_with_unconnected_packages(corpus: Path) -> None:
    result = read(corpus / EXAMPLES / "example9-appbomination.spdx-2.2.json")
    comps = {c.name: c for c in result.components}
    assert comps["org.hamcrest:hamcrest-core"].via == ("junit:junit",)
    assert comps["org.hamcrest:hamcrest-core"].scope == "dev" and comps["junit:junit"].scope == "dev"
    lang = comps["org.apache.commons:commons-lang3"]
    assert lang.direct and lang.license == "Apache-2.0"
    assert comps["org.slf4j:slf4j-api"].license == "Apache-2.0"  # concluded; declared is NOASSERTION
    assert comps["Gradle"].direct and comps["Faust Proprietary File"].direct
    assert "2 component(s) the dependency graph does not reach, taken as direct: Faust Proprietary File, Gradle" in (
        messages(result)
    )


def test_tag_value_contains_and_text_blocks(corpus: Path) -> None:
    """The described Go distribution CONTAINS the compiler and three stdlib packages; the license text after
    them (a ``<text>`` block over 40 lines) is not a package."""
    result = read(corpus / EXAMPLES / "example6-lib.spdx-2.2.spdx")
    assert [(c.name, c.version, c.direct, c.source.line) for c in result.components] == [
        ("go", "1.15.4", True, 31),
        ("go.fmt", "1.15.4", True, 46),
        ("go.reflect", "1.15.4", True, 58),
        ("go.strconv", "1.15.4", True, 69),
    ]
    assert not result.problems


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("example7-go-third-party-modules.spdx-2.2.json", ["golang.org/x/text", "rsc.io/quote", "rsc.io/sampler"]),
        ("example10-python-hello-source.spdx-2.3.json", ["hello"]),
        ("example1.spdx-2.2.spdx", ["hello"]),
        ("example5-bin.spdx-2.2.spdx", ["hello-go-bin"]),
    ],
)
def test_described_packages_without_relationships_are_listed(corpus: Path, name: str, listed: list[str]) -> None:
    result = read(corpus / EXAMPLES / name)
    assert [c.name for c in result.components] == listed and all(c.direct for c in result.components)
    assert "no dependency graph: every component is taken as direct" in messages(result)


def test_cargo_purls_and_a_described_file(corpus: Path) -> None:
    result = read(corpus / EXAMPLES / "example11-rust.spdx-2.3.json")
    assert [(c.name, c.version, c.purl, c.direct) for c in result.components] == [
        ("hyper", "0.14", "pkg:cargo/hyper@0.14", True),
        ("tokio", "1.19.2", "pkg:cargo/tokio@1.19.2", True),
        ("pretty_env_logger", "0.4.0", "pkg:cargo/pretty_env_logger@0.4.0", True),
    ]
    assert not result.problems


def test_security_refs_are_not_purls(corpus: Path) -> None:
    result = read(corpus / EXAMPLES / "oss-na-2023-04-SBOMwSecurity.spdx-2.3.json")
    assert [(c.name, c.ecosystem, c.direct) for c in result.components] == [("org.webjars.npm:xlsx", "maven", True)]


# --------------------------------------------------------------------------- bad input


def test_invalid_documents() -> None:
    broken = well_formed(read_spdx_json('{"spdxVersion": "SPDX-2.3",\n"packages": [', "b.json"), "b.json")
    assert broken.problems[0].kind == "parse" and broken.problems[0].source.line == 2
    assert bad_json([1]).problems[0].message == "expected an SPDX document (a mapping), got a list"
    yaml = well_formed(read_spdx_yaml("packages:\n  - name: [unclosed\n", "b.yaml"), "b.yaml")
    assert yaml.problems[0].kind == "parse" and yaml.problems[0].source.line is not None


def test_wrong_types_are_located_and_the_rest_is_read() -> None:
    data = document(
        [
            package("SPDXRef-app", "app"),
            package("SPDXRef-a", "a", purl="pkg:npm/a@1.0.0"),
            "not a package",
            {"SPDXID": "SPDXRef-b", "name": 7, "versionInfo": 2},
            package("SPDXRef-c", "c", version=None, purl="pkg:pypi/c@2.0"),
            package("SPDXRef-a", "again"),
            {"name": "no-id", "versionInfo": "1"},
            {"SPDXID": "SPDXRef-anon"},
        ],
        [
            rel("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-app"),
            rel("SPDXRef-app", "DEPENDS_ON", "SPDXRef-a"),
            rel("SPDXRef-c", "DEV_DEPENDENCY_OF", "SPDXRef-app"),
            rel("SPDXRef-a", "DEPENDS_ON", "SPDXRef-ghost"),
            {"spdxElementId": "SPDXRef-a", "relationshipType": 3},
            ["not", "a", "relationship"],
        ],
        spdxVersion="SPDX-3.0",
    )
    result = bad_json(data)
    comps = {c.name: c for c in result.components}
    assert set(comps) == {"a", "7", "c", "again", "no-id"}
    assert comps["a"].direct and comps["c"].direct and comps["c"].scope == "dev" and comps["c"].version == "2.0"
    found = "\n".join(messages(result))
    for expected in (
        "unknown spdxVersion 'SPDX-3.0': read as SPDX-2.3",
        "a package should be an object, not a string",
        "the name of a package should be a string, not a number",
        "SPDXID 'SPDXRef-a' is used by two packages: relationships name the first",
        "package 'no-id' has no SPDXID: relationships cannot name it",
        "package 'SPDXRef-anon' has neither name nor purl: not listed",
        "relationship 'SPDXRef-a' 3 None is incomplete",
        "a relationship should be an object, not a list",
        "1 reference(s) in the dependency graph name no listed package: SPDXRef-ghost",
    ):
        assert expected in found, expected


def test_lists_of_the_wrong_type() -> None:
    result = bad_json({"spdxVersion": "SPDX-2.3", "packages": {"a": 1}, "relationships": "none"})
    assert messages(result) == [
        "'packages' should be a list, not an object",
        "'relationships' should be a list, not a string",
    ]


def test_tag_value_defects() -> None:
    text = """SPDXVersion: SPDX-2.3
SPDXID: SPDXRef-DOCUMENT
this line has no colon
PackageName: kept
SPDXID: SPDXRef-kept
PackageVersion: 1.0
PackageLicenseDeclared: NOASSERTION
PackageComment: <text>two
lines</text>
ExternalRef: PACKAGE-MANAGER purl pkg:npm/kept@1.0
Relationship: SPDXRef-DOCUMENT DESCRIBES
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-kept
FileName: ./a.c
SPDXID: SPDXRef-file
PackageVersion: 9.9
PackageName: open
SPDXID: SPDXRef-open
PackageDescription: <text>never closed
"""
    result = bad_tv(text)
    assert [(c.name, c.version, c.purl, c.license, c.source.line) for c in result.components] == [
        ("kept", "1.0", "pkg:npm/kept@1.0", None, 4),
        ("open", "", "pkg:generic/open", None, 16),
    ]
    assert [(p.message, p.source.line) for p in result.problems] == [
        ("not a 'Tag: value' line: 'this line has no colon'", 3),
        ("a relationship is 'element TYPE related', not 'SPDXRef-DOCUMENT DESCRIBES'", 11),
        ("<text> without </text>: the value runs to the end of the file", 18),
        ("package 'open' has no versionInfo", 16),
        ("no dependency graph: every component is taken as direct", None),
    ]


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        (f"{NPM_WEB}/npm-sbom.spdx-2.3.json", JSON_FORMAT),
        (f"{EXAMPLES}/ACME-v2.3.spdx.json", JSON_FORMAT),
        (f"{EXAMPLES}/example1.spdx-2.2.spdx", TAG_VALUE_FORMAT),
        (f"{CONVERTED}/npm-web-v3.npm-sbom.converted.spdx", TAG_VALUE_FORMAT),
        (f"{CONVERTED}/npm-web-v3.npm-sbom.converted.spdx.yaml", YAML_FORMAT),
    ],
)
def test_corpus_names_select_the_reader(corpus: Path, registry: None, name: str, fmt: str) -> None:
    assert readers.detect(str(corpus / name)) == fmt
    result = readers.read_path(str(corpus / name))
    assert result.format == fmt and result.components


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        (f"{EXAMPLES}/example9-appbomination.spdx-2.2.json", JSON_FORMAT),
        (f"{EXAMPLES}/example6-lib.spdx-2.2.spdx", TAG_VALUE_FORMAT),
        (f"{CONVERTED}/npm-web-v3.npm-sbom.converted.spdx.yaml", YAML_FORMAT),
    ],
)
def test_sniff_by_content(corpus: Path, name: str, fmt: str) -> None:
    assert sniff("sbom", (corpus / name).read_text()[:4096]) == fmt


def test_sniff_ignores_other_files() -> None:
    assert sniff("x", '{"name": "x"}') is None and sniff("x", "name: x\nversion: 1\n") is None


def test_supplier_without_its_kind_prefix(corpus: Path) -> None:
    """``supplier`` (else ``originator``) names who supplies a package; ``Organization:``/``Person:`` dropped."""
    [xlsx] = read(corpus / EXAMPLES / "oss-na-2023-04-SBOMwSecurity.spdx-2.3.json").components
    assert xlsx.supplier == "Webjar"  # "Organization: Webjar"
    for name in (
        f"{EXAMPLES}/example14-maven-enriched.spdx-2.3.json",  # JSON, and its tag-value conversion
        f"{CONVERTED}/example14-maven-enriched.converted.spdx",
    ):
        by_name = {c.name: c for c in read(corpus / name).components}
        assert by_name["JUnit"].supplier == "JUnit", name  # PackageOriginator: Organization: JUnit
