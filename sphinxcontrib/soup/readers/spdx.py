"""SPDX 2.x SBOMs: JSON, tag-value and YAML (checked on real 2.2 and 2.3 files), one code path for the three.

Tag-value is a line format no maintained library reads without also validating (spdx-tools refuses real npm
output over a timestamp's milliseconds), so it is parsed here: ``Tag: value`` lines, ``<text>...</text>``
values over several lines, ``#`` comments; a package runs from its ``PackageName`` to the next package, file,
snippet or license section. It becomes the same dict the JSON and YAML files give (JSON field names).

Each package is a component: identity from its ``PACKAGE-MANAGER purl`` external reference when it has one
(ecosystem = purl type), else ``generic`` with its name; ``versionInfo``; the license concluded, else the
license declared (``NOASSERTION``/``NONE`` count as none), as written; ``homepage``; ``description`` (else
``summary``). The described packages (``DESCRIBES``, ``documentDescribes``) are the project when the
document hangs other packages off them; a described package with no relationship to another package is
itself listed (a document that describes third-party packages directly must not come out empty).

Relationships that mean "is needed by" become edges, with the scope the type gives (table ``_EDGES``):
``DEPENDS_ON``/``DEPENDENCY_OF``, ``CONTAINS``/``CONTAINED_BY``, static and dynamic links -> runtime;
``DEV_``, ``BUILD_``, ``TEST_DEPENDENCY_OF`` and the ``*_TOOL_OF`` ones -> dev; ``OPTIONAL_DEPENDENCY_OF``
and ``OPTIONAL_COMPONENT_OF`` -> optional; ``PREREQUISITE_FOR``/``HAS_PREREQUISITE`` -> peer (npm writes its
peer dependencies so). Direct, via and scope follow the rule in :mod:`sbom_common`; npm's SPDX marks only
the project's own dev edges, so its transitive dev packages come out dev through the graph.

Not read into the model (available): ``supplier``, ``originator``, ``checksums``, ``downloadLocation``,
other external references (cpe, advisories), files and snippets (their relationships are skipped).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..facades.json_file import json_type, load_json
from ..facades.yaml_file import load_yaml
from ..model import Problem, ReadResult, Source
from .base import failed
from .lock_common import Problems
from .sbom_common import Node, SbomGraph, identify, installed_as, json_string_lines

JSON_FORMAT = "spdx-json"
TAG_VALUE_FORMAT = "spdx-tv"
YAML_FORMAT = "spdx-yaml"

#: relationship type -> (edge from the element to the related one?, scope); other types are not dependencies
_EDGES = {
    "DEPENDS_ON": (True, "runtime"),
    "DEPENDENCY_OF": (False, "runtime"),
    "RUNTIME_DEPENDENCY_OF": (False, "runtime"),
    "PROVIDED_DEPENDENCY_OF": (False, "runtime"),
    "CONTAINS": (True, "runtime"),
    "CONTAINED_BY": (False, "runtime"),
    "DYNAMIC_LINK": (True, "runtime"),
    "STATIC_LINK": (True, "runtime"),
    "DEV_DEPENDENCY_OF": (False, "dev"),
    "BUILD_DEPENDENCY_OF": (False, "dev"),
    "TEST_DEPENDENCY_OF": (False, "dev"),
    "DEV_TOOL_OF": (False, "dev"),
    "BUILD_TOOL_OF": (False, "dev"),
    "TEST_TOOL_OF": (False, "dev"),
    "OPTIONAL_DEPENDENCY_OF": (False, "optional"),
    "OPTIONAL_COMPONENT_OF": (False, "optional"),
    "PREREQUISITE_FOR": (False, "peer"),
    "HAS_PREREQUISITE": (True, "peer"),
}
_NONE = ("NOASSERTION", "NONE", "")
_PACKAGE_MANAGER = ("PACKAGE-MANAGER", "PACKAGE_MANAGER")

#: where a package, relationship or document part was written
LineOf = Callable[[dict], int | None]


# ---------------------------------------------------------------------------------------------------------
# The three syntaxes


def read_spdx_json(text: str, path: str) -> ReadResult:
    """Packages of an SPDX JSON document, with the project's dependency graph."""
    data, problem = load_json(text.removeprefix("\ufeff"), path)
    if problem is not None:
        return failed(path, JSON_FORMAT, problem)
    ids = json_string_lines(text, "SPDXID")
    return _read(
        data, path, JSON_FORMAT, lambda item: ids.get(key) if isinstance(key := item.get("SPDXID"), str) else None
    )


def read_spdx_yaml(text: str, path: str) -> ReadResult:
    """Packages of an SPDX YAML document (as spdx-tools writes it)."""
    data, problem = load_yaml(text, path)
    if problem is not None:
        return failed(path, YAML_FORMAT, problem)
    return _read(data, path, YAML_FORMAT, lambda item: getattr(item, "line", None))


def read_spdx_tag_value(text: str, path: str) -> ReadResult:
    """Packages of an SPDX tag-value document."""
    problems = Problems(path)
    data, lines = parse_tag_value(text, problems)
    result = _read(data, path, TAG_VALUE_FORMAT, lambda item: lines.get(id(item)))
    return ReadResult(
        path=path, format=TAG_VALUE_FORMAT, components=result.components, problems=(*problems, *result.problems)
    )


# ---------------------------------------------------------------------------------------------------------
# One document, whatever its syntax


def _read(data: object, path: str, fmt: str, line_of: LineOf) -> ReadResult:
    if not isinstance(data, dict):
        return failed(
            path,
            fmt,
            Problem("manifest", f"expected an SPDX document (a mapping), got {json_type(data)}", Source(path, 1)),
        )
    problems = Problems(path)
    version = data.get("spdxVersion")
    if not (isinstance(version, str) and version.startswith("SPDX-2.")):
        problems.add(f"unknown spdxVersion {version!r}: read as SPDX-2.3", 1)
    graph = SbomGraph()
    document = data.get("SPDXID") if isinstance(data.get("SPDXID"), str) else "SPDXRef-DOCUMENT"
    graph.ignored.add(document)
    for key in ("files", "snippets"):
        graph.ignored.update(item.get("SPDXID") for item in _items(data, key, problems) if isinstance(item, dict))
    for package in _items(data, "packages", problems):
        _package(package, graph, problems, line_of)
    described = {item for item in _items(data, "documentDescribes", problems) if isinstance(item, str)}
    rel_lines: dict[str, int | None] = {}
    for relationship in _items(data, "relationships", problems):
        _relationship(relationship, graph, described, problems, line_of, rel_lines)
    for key in described:  # the project, when something hangs off it
        if key in graph.nodes and any(target in graph.nodes for target in graph.edges.get(key, ())):
            del graph.nodes[key]
            graph.roots.add(key)
    components = graph.components(path, problems, rel_lines.get)
    return ReadResult(path=path, format=fmt, components=tuple(components), problems=tuple(problems))


def _items(data: dict, key: str, problems: Problems) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(f"'{key}' should be a list, not {json_type(value)}", getattr(data, "key_lines", {}).get(key))
        return []
    return value


def _package(package: object, graph: SbomGraph, problems: Problems, line_of: LineOf) -> None:
    if not isinstance(package, dict):
        problems.add(f"a package should be an object, not {json_type(package)}", None)
        return
    line = line_of(package)
    key = package.get("SPDXID")
    name, version = _text(package, "name", problems, line), _text(package, "versionInfo", problems, line)
    if not isinstance(key, str) or not key:
        problems.add(f"package {name!r} has no SPDXID: relationships cannot name it", line)
        key = f"\x00{len(graph.nodes)}"
    elif key in graph.nodes:
        problems.add(f"SPDXID '{key}' is used by two packages: relationships name the first", line)
        key = f"\x00{len(graph.nodes)}"
    purl = _purl(package.get("externalRefs"))
    if not name and not purl:
        problems.add(f"package '{key}' has neither name nor purl: not listed", line)
        return
    identity, problem = identify(name or "", version or "", purl)
    if problem:
        problems.add(problem, line)
    if not identity.version:
        problems.add(f"package '{identity.name}' has no versionInfo", line)
    description = _value(package.get("description")) or _value(package.get("summary"))
    graph.nodes[key] = Node(
        name=identity.name,
        version=identity.version,
        ecosystem=identity.ecosystem,
        purl=identity.purl,
        line=line,
        license=_value(package.get("licenseConcluded")) or _value(package.get("licenseDeclared")),
        origin=identity.origin,
        resolved=identity.resolved,
        alias=identity.alias or installed_as(identity, package.get("packageFileName")),
        description=description,
        homepage=_value(package.get("homepage")),
        supplier=_party(package.get("supplier")) or _party(package.get("originator")),
    )


def _relationship(
    relationship: object,
    graph: SbomGraph,
    described: set[str],
    problems: Problems,
    line_of: LineOf,
    lines: dict[str, int | None],
) -> None:
    if not isinstance(relationship, dict):
        problems.add(f"a relationship should be an object, not {json_type(relationship)}", None)
        return
    get = relationship.get
    element, kind, related = get("spdxElementId"), get("relationshipType"), get("relatedSpdxElement")
    if not (element.__class__ is str and kind.__class__ is str and related.__class__ is str):
        problems.add(f"relationship {element!r} {kind!r} {related!r} is incomplete", line_of(relationship))
        return
    if kind == "DESCRIBES":
        described.add(related)
    elif kind == "DESCRIBED_BY":
        described.add(element)
    elif kind in _EDGES and related not in _NONE:
        forward, scope = _EDGES[kind]
        source, target = (element, related) if forward else (related, element)
        for end in (source, target):
            if end.startswith("DocumentRef-"):  # an element of another document
                graph.ignored.add(end)
        graph.add_edge(source, target, scope)
        if source not in lines:
            lines[source] = line_of(relationship)


def _purl(refs: object) -> str | None:
    for ref in refs if isinstance(refs, list) else ():
        if (
            isinstance(ref, dict)
            and ref.get("referenceCategory") in _PACKAGE_MANAGER
            and ref.get("referenceType") == "purl"
            and isinstance(ref.get("referenceLocator"), str)
        ):
            return ref["referenceLocator"]
    return None


def _text(package: dict, key: str, problems: Problems, line: int | None) -> str | None:
    value = package.get(key)
    if value is None or isinstance(value, str):
        return value
    problems.add(f"the {key} of a package should be a string, not {json_type(value)}", line)
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _value(value: object) -> str | None:
    """A text field; ``NOASSERTION`` and ``NONE`` say there is none."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return None if value in _NONE else value


def _party(value: object) -> str | None:
    """A supplier or originator without its ``Organization:``/``Person:``/``Tool:`` prefix."""
    text = _value(value)
    if text is None:
        return None
    kind, sep, name = text.partition(":")
    return (name.strip() or None) if sep and kind.strip() in ("Organization", "Person", "Tool") else text


# ---------------------------------------------------------------------------------------------------------
# Tag-value

#: package tags -> the JSON field they fill
_PACKAGE_TAGS = {
    "PackageName": "name",
    "PackageVersion": "versionInfo",
    "PackageLicenseConcluded": "licenseConcluded",
    "PackageLicenseDeclared": "licenseDeclared",
    "PackageHomePage": "homepage",
    "PackageDescription": "description",
    "PackageSummary": "summary",
    "PackageSupplier": "supplier",
    "PackageOriginator": "originator",
    "PackageDownloadLocation": "downloadLocation",
    "PackageFileName": "packageFileName",
}
#: tags that start a section which is not a package (what follows is not the package's)
_OTHER_SECTIONS = {"FileName": "files", "SnippetSPDXID": "snippets", "LicenseID": "licenses"}
_TEXT_END = "</text>"


def parse_tag_value(text: str, problems: Problems) -> tuple[dict, dict[int, int]]:
    """A tag-value document as the JSON syntax's dict, and the line of each package and relationship (by ``id``)."""
    data: dict = {"packages": [], "relationships": [], "files": [], "snippets": []}
    lines: dict[int, int] = {}
    section: dict = data  # where SPDXID and package tags go
    rows = text.removeprefix("\ufeff").splitlines()
    number = 0
    while number < len(rows):
        row = rows[number]
        number += 1
        start = number
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        tag, colon, value = row.partition(":")
        if not colon or not tag.strip() or " " in tag.strip():
            problems.add(f"not a 'Tag: value' line: {row[:60]!r}", start)
            continue
        tag, value = tag.strip(), value.strip()
        if value.startswith("<text>"):
            value, number = _text_value(value, rows, number, problems, start)
        if tag == "PackageName":
            section = {"name": value}
            data["packages"].append(section)
            lines[id(section)] = start
        elif tag in _OTHER_SECTIONS:
            section = {}
            if tag == "SnippetSPDXID":
                section["SPDXID"] = value
            data.setdefault(_OTHER_SECTIONS[tag], []).append(section)
        elif tag == "SPDXID":
            section["SPDXID"] = value
        elif tag == "SPDXVersion":
            data["spdxVersion"] = value
        elif tag == "Relationship":
            _tv_relationship(value, data, lines, problems, start)
        elif tag == "ExternalRef" and "name" in section:
            category, _, rest = value.partition(" ")
            kind, _, locator = rest.strip().partition(" ")
            section.setdefault("externalRefs", []).append(
                {"referenceCategory": category, "referenceType": kind, "referenceLocator": locator.strip()}
            )
        elif tag in _PACKAGE_TAGS and "name" in section:
            section[_PACKAGE_TAGS[tag]] = value
    return data, lines


def _text_value(value: str, rows: list[str], number: int, problems: Problems, start: int) -> tuple[str, int]:
    """A ``<text>`` value that may run over lines: its content, and the index of the line after it."""
    body = value[len("<text>") :]
    parts = []
    while _TEXT_END not in body:
        parts.append(body)
        if number >= len(rows):
            problems.add("<text> without </text>: the value runs to the end of the file", start)
            return "\n".join(parts), number
        body = rows[number]
        number += 1
    parts.append(body[: body.index(_TEXT_END)])
    return "\n".join(parts), number


def _tv_relationship(value: str, data: dict, lines: dict[int, int], problems: Problems, line: int) -> None:
    parts = value.split()
    if len(parts) != 3:
        problems.add(f"a relationship is 'element TYPE related', not {value[:60]!r}", line)
        return
    relationship = dict(zip(("spdxElementId", "relationshipType", "relatedSpdxElement"), parts, strict=True))
    data["relationships"].append(relationship)
    lines[id(relationship)] = line


# ---------------------------------------------------------------------------------------------------------

_TV_SNIFF = re.compile(r"^(SPDXVersion|DataLicense):", re.M)
_YAML_SNIFF = re.compile(r"^(spdxVersion|dataLicense|creationInfo|documentNamespace):", re.M)


def sniff(name: str, head: str) -> str | None:
    """An SPDX document by content: ``"spdxVersion"`` in JSON, ``SPDXVersion:`` in tag-value, SPDX keys in YAML."""
    start = head.lstrip("\ufeff \t\r\n")[:1]
    if start == "{":
        return JSON_FORMAT if '"spdxVersion"' in head else None
    if _TV_SNIFF.search(head):
        return TAG_VALUE_FORMAT
    if _YAML_SNIFF.search(head) and "SPDXRef-" in head:
        return YAML_FORMAT
    return None


#: the formats this module reads, and the file names that select them (lower case, first match wins)
FORMATS = {JSON_FORMAT: read_spdx_json, TAG_VALUE_FORMAT: read_spdx_tag_value, YAML_FORMAT: read_spdx_yaml}
PATTERNS = (
    ("*.spdx.json", JSON_FORMAT),
    ("*.spdx-*.json", JSON_FORMAT),
    ("*.spdx", TAG_VALUE_FORMAT),
    ("*.spdx.yaml", YAML_FORMAT),
    ("*.spdx.yml", YAML_FORMAT),
)
