"""CycloneDX reader: real SBOMs against the package managers' ground truth, JSON/XML twins, bad input."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.facades.pep508 import canonical_name
from sphinxcontrib.soup.readers.cyclonedx import JSON_FORMAT, XML_FORMAT, read_cyclonedx_json, read_cyclonedx_xml, sniff
from sphinxcontrib.soup.readers.npm import read_package_lock

from .sbomhelpers import ground_truth, messages, registry, triples, well_formed, without_lines

__all__ = ["registry"]  # the fixture, used by name

NPM_WEB = "generated/npm-web-v3"
SBOM = "fetched/sbom-cyclonedx"


def read(path: Path, text: str | None = None):
    reader = read_cyclonedx_xml if path.suffix == ".xml" else read_cyclonedx_json
    result = reader(path.read_text(encoding="utf-8") if text is None else text, str(path))
    return well_formed(result, str(path))


def bad(text: str, xml: bool = False):
    path = "bad/bom.xml" if xml else "bad/bom.json"
    return well_formed((read_cyclonedx_xml if xml else read_cyclonedx_json)(text, path), path)


def bom(components: list, dependencies: list | None = None, project: dict | None = None) -> str:
    data: dict = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": components}
    data["metadata"] = {"component": project or {"type": "application", "name": "app", "bom-ref": "app"}}
    if dependencies is not None:
        data["dependencies"] = dependencies
    return json.dumps(data, indent=2)


# --------------------------------------------------------------------------- ground truth


@pytest.mark.parametrize("name", ["bom.cdx-1.6.json", "bom.cdx-1.5.xml", "npm-sbom.cdx.json"])
def test_npm_web_sboms_match_the_lock_ground_truth(corpus: Path, name: str) -> None:
    """The three SBOMs of the npm-web-v3 project list what ``npm ls`` lists (414 packages, 10 direct).

    cyclonedx-npm writes one component per install path (426, nested under their parents); deduplicated to
    (name, version) they are 413: it ran on an ``npm ci`` tree on Linux, where the darwin-only optional
    ``fsevents`` is not installed, and cyclonedx-npm lists what is installed. ``npm sbom`` works from the
    lock and lists it too.
    """
    result = read(corpus / NPM_WEB / name)
    truth, expected = ground_truth(corpus / NPM_WEB / "package-lock.json.expected.json")
    if name.startswith("bom."):
        expected.discard(("fsevents", "2.3.3", True))
    assert triples(result) == expected and not result.problems
    comps = {(c.name, c.version): c for c in result.components}
    kinds = {"prod": "runtime", "dev": "dev", "optional": "optional"}
    for package in truth["packages"]:
        comp = comps.get((package["name"], package["version"]))
        if comp is not None and "direct_kind" in package:
            assert comp.scope == kinds[package["direct_kind"]], comp
        if comp is not None and package.get("alias"):
            assert comp.alias == package["alias"], comp


@pytest.mark.parametrize("name", ["bom.cdx-1.6.json", "bom.cdx-1.5.xml", "npm-sbom.cdx.json"])
def test_npm_web_sboms_agree_with_the_lock_reader(corpus: Path, name: str) -> None:
    """Scope, via, alias and license of every component are what the package-lock reader finds."""
    lock_path = corpus / NPM_WEB / "package-lock.json"
    lock = {(c.name, c.version): c for c in read_package_lock(lock_path.read_text(), str(lock_path)).components}
    for comp in read(corpus / NPM_WEB / name).components:
        other = lock[comp.name, comp.version]
        assert (comp.scope, comp.via, comp.alias) == (other.scope, other.via, other.alias)
        assert comp.purl == other.purl and comp.ecosystem == "npm"
        assert comp.license == other.license or other.license is None  # a few lock entries carry none


def test_cyclonedx_py_poetry_matches_the_poetry_lock_ground_truth(corpus: Path) -> None:
    """63 components, 18 direct, as ``poetry export`` says; groups and extras from cyclonedx-py's properties.

    ``corpus-utils`` is a local path dependency: cyclonedx-py gives it no purl, only a distribution reference
    ``libs/corpus-utils``, so it is a ``generic`` component from a path.
    """
    result = read(corpus / "generated/cyclonedx-py/poetry.cdx-1.6.json")
    truth, expected = ground_truth(corpus / "generated/poetry/poetry.lock.expected.json", canonical=True)
    assert triples(result, canonical=True) == expected and not result.problems
    comps = {(canonical_name(c.name), c.version): c for c in result.components}
    wanted = {"main": ("runtime", ()), "group:dev": ("dev", ("dev",)), "group:docs": ("dev", ("docs",))}
    wanted["optional(extra)"] = ("optional", ())
    for package in truth["packages"]:
        comp = comps[canonical_name(package["name"]), package["version"]]
        if "direct_kind" in package:
            assert (comp.scope, comp.groups) == wanted[package["direct_kind"]], comp
    local = comps["corpus-utils", "0.1.0"]
    assert (local.ecosystem, local.origin, local.resolved) == ("generic", "path", "libs/corpus-utils")
    assert comps["pluggy", "1.7.0"].via == ("pytest",) and comps["pluggy", "1.7.0"].scope == "dev"
    assert comps["mkdocs-get-deps", "0.2.2"].via == ("mkdocs",)


def test_uv_export_matches_the_uv_lock_ground_truth(corpus: Path) -> None:
    """uv's experimental CycloneDX export: 65 components, 27 direct; markers from ``uv:package:marker``."""
    result = read(corpus / "generated/uv/uv-export.cdx-1.5.json")
    _truth, expected = ground_truth(corpus / "generated/uv/uv.lock.expected.json", canonical=True)
    assert triples(result, canonical=True) == expected and not result.problems
    numpy = {c.version: c.marker for c in result.components if c.name == "numpy"}
    assert numpy == {
        "2.0.2": "python_full_version < '3.10'",
        "2.2.6": "python_full_version == '3.10.*'",
        "2.4.6": "python_full_version == '3.11.*'",
        "2.5.5": "python_full_version >= '3.12'",
    }


# --------------------------------------------------------------------------- JSON and XML twins


@pytest.mark.parametrize(
    ("json_name", "xml_name"),
    [
        (f"{NPM_WEB}/bom.cdx-1.6.json", f"{NPM_WEB}/bom.cdx-1.5.xml"),
        (f"{SBOM}/dropwizard-1.3.15.bom.1.2.json", f"{SBOM}/dropwizard-1.3.15.bom.1.2.xml"),
        (f"{SBOM}/laravel-7.12.0.bom.1.4.json", f"{SBOM}/laravel-7.12.0.bom.1.4.xml"),
        (f"{SBOM}/juice-shop-via-npm-flat.bom.1.4.json", f"{SBOM}/juice-shop-via-npm-bare.bom.1.4.xml"),
        ("generated/cyclonedx-py/environment.cdx-1.5.json", "generated/cyclonedx-py/environment.cdx-1.4.xml"),
        ("generated/cyclonedx-py/requirements.cdx-1.6.json", "generated/cyclonedx-py/requirements.cdx-1.5.xml"),
    ],
)
def test_json_and_xml_of_one_bom_give_the_same_components(corpus: Path, json_name: str, xml_name: str) -> None:
    from_json, from_xml = read(corpus / json_name), read(corpus / xml_name)
    if "dropwizard" in json_name:  # the one difference in the files: the XML gives this jar no license
        expected = "(CDDL-1.0 OR GPL-2.0-with-classpath-exception)"
        assert [(c.name, c.license) for c in from_json.components if c.license != expected] == [
            (c.name, c.license) for c in from_xml.components if c.name != "org.glassfish.hk2:osgi-resource-locator"
        ]
        from_json = without_license(from_json, "org.glassfish.hk2:osgi-resource-locator")
    assert without_lines(from_json) == without_lines(from_xml)
    assert messages(from_json) == messages(from_xml)


def without_license(result, name: str):
    comps = tuple(dataclasses.replace(c, license=None) if c.name == name else c for c in result.components)
    return dataclasses.replace(result, components=comps)


# --------------------------------------------------------------------------- structure of other real files


def test_juice_shop_counts_and_lines(corpus: Path) -> None:
    """1,115 install-path components are 978 distinct (name, version); the project depends on 71 of them."""
    path = corpus / SBOM / "juice-shop-via-npm-flat.bom.1.4.json"
    result = read(path)
    assert len(result.components) == 978 and sum(c.direct for c in result.components) == 71
    assert not result.problems
    lines = path.read_text().splitlines()
    first = next(c for c in result.components if c.name == "@babel/helper-string-parser")
    assert first.source.line == 103 and '"bom-ref": "@babel/helper-string-parser@7.19.4"' in lines[102]
    xml = read(corpus / SBOM / "juice-shop-via-npm-bare.bom.1.4.xml")
    xml_first = next(c for c in xml.components if c.name == "@babel/helper-string-parser")
    xml_lines = (corpus / SBOM / "juice-shop-via-npm-bare.bom.1.4.xml").read_text().splitlines()
    assert 'bom-ref="@babel/helper-string-parser@7.19.4"' in xml_lines[xml_first.source.line - 1]


def test_nested_bundled_components_hang_on_their_parent(corpus: Path) -> None:
    """cyclonedx-npm nests bundled packages inside the package that bundles them (XML, spec 1.5)."""
    result = read(corpus / SBOM / "node-npm-demo-bundled-dependencies.bare.bom.1.5.xml")
    bundled = {c.name: c for c in result.components if "bundled" in c.groups}
    assert len(result.components) == 52 and len(bundled) == 51
    assert bundled.pop("is-obj").direct  # marked bundled, but installed at the top: the project's own
    assert all(c.via == ("bundle-dependencies",) and not c.direct for c in bundled.values())
    nested = next(c for c in result.components if c.name == "yargs")
    assert nested.source.line == 1939 and nested.via == ("bundle-dependencies",)  # its <component> tag


def test_git_dependencies_come_from_the_purl_download_url(corpus: Path) -> None:
    result = read(corpus / SBOM / "node-npm-demo-deps-from-git.flat.bom.1.6.json")
    git = [c for c in result.components if c.origin == "git"]
    assert len(git) == 6 and {c.name for c in git} == {"@cyclonedx/cyclonedx-library"}
    assert git[0].resolved.startswith("git+ssh://git@github.com/CycloneDX/cyclonedx-javascript-library.git#")
    assert git[0].purl.startswith("pkg:npm/%40cyclonedx/cyclonedx-library@6.0.0?download_url=")


def test_dev_and_optional_marks(corpus: Path) -> None:
    """``cdx:npm:package:development`` makes dev; ``scope: optional`` optional; unmarked ones follow the graph."""
    result = read(corpus / SBOM / "node-npm-demo-dev-dependencies.flat.bom.1.6.json")
    assert sorted((c.name, c.direct, c.scope, c.via) for c in result.components) == [
        ("@types/node", True, "dev", ()),
        ("@types/uuid", True, "dev", ()),
        ("undici-types", False, "dev", ("@types/node",)),
        ("uuid", True, "dev", ()),
        ("uuidv4", True, "optional", ()),
    ]


def test_maven_licenses_and_names(corpus: Path) -> None:
    result = read(corpus / SBOM / "dropwizard-1.3.15.bom.1.2.json")
    comps = {c.name: c for c in result.components}
    qual = comps["org.checkerframework:checker-compat-qual"]
    assert qual.license == "GNU General Public License, version 2 (GPL2), with the classpath exception AND MIT"
    assert qual.purl == "pkg:maven/org.checkerframework/checker-compat-qual@2.0.0?type=jar"
    assert messages(result) == ["the dependency graph does not start at the project: direct = what nothing depends on"]


@pytest.mark.parametrize(
    ("name", "count", "direct", "problem"),
    [
        ("laravel-7.12.0.bom.1.1.xml", 62, 62, "no dependency graph: every component is taken as direct"),
        ("laravel-7.12.0.bom.1.4.json", 62, 1, None),
        ("proton-bridge-v1.8.0.bom.1.2.json", 201, 57, "1 component(s) the dependency graph does not reach"),
        ("hbom-pcie-sata.bom.1.4.json", 6, 6, "component '47155-4001' has no version"),
        ("cbom-example-with-dependencies.bom.1.6.json", 2, 1, "1 cryptographic asset(s) (CBOM)"),
        ("cbom-protocol.bom.1.6.json", 0, 0, "8 cryptographic asset(s) (CBOM)"),
        ("saasbom-apigateway.bom.1.4.json", 0, 0, None),  # services only: the graph naming them is fine
        ("node-npm-demo-local-workspaces.bare.bom.1.6.xml", 4, 4, None),
        ("cdxpy-snapshot-poetry-all-extras.bom.1.6.xml", 8, 2, None),
    ],
)
def test_other_real_boms(corpus: Path, name: str, count: int, direct: int, problem: str | None) -> None:
    result = read(corpus / SBOM / name)
    assert (len(result.components), sum(c.direct for c in result.components)) == (count, direct)
    if problem is None:
        assert not result.problems
    else:
        assert any(m.startswith(problem) for m in messages(result)), messages(result)


# --------------------------------------------------------------------------- bad input


def test_invalid_json_is_a_located_parse_problem() -> None:
    result = bad('{"bomFormat": "CycloneDX",\n "components": [\n')
    assert not result.components and result.problems[0].kind == "parse" and result.problems[0].source.line == 3


def test_wrong_types_are_located_and_the_rest_is_read() -> None:
    text = bom(
        [
            {"type": "library", "name": "good", "version": "1.0.0", "purl": "pkg:npm/good@1.0.0", "bom-ref": "g"},
            None,
            {"type": "library", "name": 5, "version": 2, "bom-ref": "n"},
            {"type": "library", "name": "odd", "version": "1", "purl": "not a purl", "scope": "sometimes"},
            {"type": "library", "bom-ref": "x"},
            {"type": "library", "name": "lic", "version": "1", "licenses": "MIT", "properties": {"a": 1}},
        ],
        [{"ref": "app", "dependsOn": ["g", "missing", 3]}, {"ref": 7}, "nope"],
    )
    result = bad(text)
    comps = {c.name: c for c in result.components}
    assert set(comps) == {"good", "5", "odd", "lic"}
    assert comps["good"].direct and '"bom-ref": "g"' in text.splitlines()[comps["good"].source.line - 1]
    assert comps["odd"].ecosystem == "generic" and comps["odd"].scope == "runtime"
    found = "\n".join(messages(result))
    for expected in (
        "a component should be an object, not null",
        "the name of a component should be a string, not a number",
        "'odd' has an invalid purl 'not a purl': listed as generic",
        "unknown component scope 'sometimes'",
        "a component has neither name nor purl (bom-ref 'x'): not listed",
        "the licenses of a component should be a list, not a string",
        "the properties of a component should be a list, not an object",
        "a dependsOn entry of 'app' should be a string, not a number",
        "a dependency's ref should be a string, not a number",
        "a dependency should be an object, not a string",
        "1 reference(s) in the dependency graph name no listed package: missing",
    ):
        assert expected in found, expected


def test_not_a_cyclonedx_document() -> None:
    assert bad("[1, 2]").problems[0].message == "expected a JSON object, got a list"
    result = bad('{"components": []}')
    assert messages(result) == [
        "not a CycloneDX BOM (bomFormat None): read as one",
        "unknown CycloneDX specVersion None: read as 1.6",
    ]
    assert not bad("<bom/>", xml=True).components
    assert "not a CycloneDX BOM (root element 'bom')" in messages(bad("<bom/>", xml=True))[0]


def test_duplicate_bom_refs_and_nesting() -> None:
    text = bom(
        [
            {"name": "a", "version": "1", "bom-ref": "r", "components": [{"name": "inner", "version": "2"}]},
            {"name": "b", "version": "1", "bom-ref": "r"},
        ],
        [{"ref": "app", "dependsOn": ["r"]}],
    )
    result = bad(text)
    comps = {c.name: c for c in result.components}
    assert comps["a"].direct and comps["inner"].via == ("a",)
    assert comps["b"].direct  # unreachable through its (taken) bom-ref: listed, named in a problem
    assert "bom-ref 'r' is used twice: dependencies name the first" in messages(result)


def test_xml_bombs_and_broken_xml_are_located_problems() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><bom>&lol2;</bom>'
    result = bad(bomb, xml=True)
    assert not result.components and result.problems[0].kind == "parse" and "refused" in result.problems[0].message
    broken = bad('<bom xmlns="http://cyclonedx.org/schema/bom/1.5">\n<components>\n<component>', xml=True)
    assert broken.problems[0].kind == "parse" and broken.problems[0].source.line == 3


def test_xml_component_without_name_and_scope_mapping() -> None:
    text = """<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">
  <components>
    <component type="library"><version>1</version></component>
    <component type="library" bom-ref="t"><name>tool</name><version>2</version><scope>excluded</scope></component>
    <component type="library" bom-ref="o"><name>opt</name><version>3</version><scope>optional</scope>
      <licenses><license><name>Custom</name></license><expression>MIT OR Apache-2.0</expression></licenses>
    </component>
  </components>
</bom>
"""
    result = bad(text, xml=True)
    comps = {c.name: c for c in result.components}
    assert comps["tool"].scope == "dev" and comps["opt"].scope == "optional"
    assert comps["opt"].license == "Custom AND (MIT OR Apache-2.0)" and comps["opt"].source.line == 6
    assert "a component has neither name nor purl (bom-ref None): not listed" in messages(result)


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        (f"{NPM_WEB}/bom.cdx-1.6.json", JSON_FORMAT),
        (f"{NPM_WEB}/bom.cdx-1.4.prod-flat.json", JSON_FORMAT),
        (f"{NPM_WEB}/bom.cdx-1.5.xml", XML_FORMAT),
        (f"{NPM_WEB}/npm-sbom.cdx.json", JSON_FORMAT),
        (f"{SBOM}/dropwizard-1.3.15.bom.1.2.json", JSON_FORMAT),
        (f"{SBOM}/laravel-7.12.0.bom.1.1.xml", XML_FORMAT),
        ("generated/uv/uv-export.cdx-1.5.json", JSON_FORMAT),
        ("generated/cyclonedx-py/pipenv.cdx-1.6.xml", XML_FORMAT),
    ],
)
def test_corpus_names_select_the_reader(corpus: Path, registry: None, name: str, fmt: str) -> None:
    assert readers.detect(str(corpus / name)) == fmt
    result = readers.read_path(str(corpus / name))
    assert result.format == fmt and result.components


def test_sniff_by_content(corpus: Path, tmp_path: Path, registry: None) -> None:
    text = (corpus / SBOM / "laravel-7.12.0.bom.1.4.json").read_text()
    assert sniff("sbom.json", text[:4096]) == JSON_FORMAT
    assert sniff("x.xml", (corpus / SBOM / "laravel-7.12.0.bom.1.4.xml").read_text()[:4096]) == XML_FORMAT
    assert sniff("x.json", '{"name": "not a bom"}') is None
    renamed = tmp_path / "export.json"
    renamed.write_text(text)
    assert readers.read_path(str(renamed)).format == JSON_FORMAT


def test_supplier_from_supplier_publisher_or_author(corpus: Path) -> None:
    """``supplier.name`` (hardware BOM), ``publisher`` (Maven BOM), ``author`` (npm BOM), in that order."""
    by_name = {c.name: c for c in read(corpus / f"{SBOM}/hbom-pcie-sata.bom.1.4.json").components}
    assert by_name["PCIE-098-02-F-D-EMS2"].supplier == "Samtec"
    dropwizard = {c.name: c for c in read(corpus / f"{SBOM}/dropwizard-1.3.15.bom.1.2.json").components}
    assert dropwizard["com.fasterxml.jackson.core:jackson-annotations"].supplier == "FasterXML"
    web = read(corpus / f"{NPM_WEB}/bom.cdx-1.6.json").components
    assert {c.supplier for c in web if c.name == "axios"} == {"Matt Zabriskie"}
    assert sum(c.supplier is not None for c in web) == 295  # the components with an author, of 413
    odd = '{"bomFormat": "CycloneDX", "components": [{"name": "a", "version": "1", "supplier": "x", "authors": [1]}]}'
    assert read_cyclonedx_json(odd, "bom.json").components[0].supplier is None  # wrong types: no supplier
