"""CycloneDX vulnerabilities and VEX (spec 1.4 to 1.6), JSON and XML.

Each ``vulnerabilities[]`` entry names the advisory (``id``, ``source``, ``ratings``, ``references``) and the
components it concerns (``affects[].ref``, with optional ``versions``: exact ``version`` or ``vers`` ``range``
entries with a ``status``). A ref is resolved to a package through the ``bom-ref`` of a component of the same
file (``components``, nested ones, ``metadata.component``), else through the purl it carries (a BOM-Link
``urn:cdx:<serial>/<version>#<bom-ref>`` ends in one when the other BOM's refs are purls). A ref that names
nothing known is one problem per ref; its statements are still kept, under the ref's own name as a
``generic`` package, so nothing is lost.

Advisory, one per (id, package): ``affected`` from the ranges and ``versions`` from the exact versions whose
status is ``affected`` (or not given); with no ``versions`` at all, the component's own version is the
affected one. Severity and score: the rating from the vulnerability's own source when it has a score, else the
highest-scored rating (ratings from the evaluator are environmental, often ``none``).

Analysis (``analysis``: ``state``, ``justification``, ``response``, ``detail``), for every affected target:
one per listed version or range (the ``version`` of the :class:`~sphinxcontrib.soup.model.Analysis` is then the
exact version, or the ``vers:`` range as written), else one for the component's version (None when unknown).

XML is read through ``facades/xml_file`` into the same dicts as JSON, so one code path reads both.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..facades.json_file import json_type
from ..facades.purl import parse_purl
from ..facades.version_ranges import to_vers
from ..facades.xml_file import load_xml, local_name
from ..model import Advisory, AdvisoryReport, Analysis
from ..readers.sbom_common import full_name
from .common import Collector, as_dict, as_list, json_dict_lines, score, severity, short, text, texts

FORMAT = "cyclonedx-vex"
STATES = ("resolved", "resolved_with_pedigree", "exploitable", "in_triage", "false_positive", "not_affected")


class Target(NamedTuple):
    """The package an ``affects`` ref names."""

    ecosystem: str
    name: str
    version: str | None


def read_vex(source: str, path: str) -> AdvisoryReport:
    """A CycloneDX JSON or XML document's vulnerabilities (the format is told by the first character)."""
    if source.lstrip()[:1] == "<":
        return read_vex_xml(source, path)
    found = Collector(path, FORMAT)
    parsed, data = found.json(source)
    if not parsed:
        return found.report()
    if not isinstance(data, dict):
        found.problem(f"a CycloneDX document is an object, found {json_type(data)}", 1)
        return found.report()
    return _read_bom(data, json_dict_lines(source, data), found)


def read_vex_xml(source: str, path: str) -> AdvisoryReport:
    found = Collector(path, FORMAT)
    root, problem = load_xml(source, path)
    if problem is not None:
        found.problems.append(problem)
        return found.report()
    lines: dict[int, int] = {}
    data = _xml_dict(root, lines)
    if local_name(root.tag) != "bom" or not isinstance(data, dict):
        found.problem(f"not a CycloneDX document (root element <{local_name(root.tag)}>)", root.sourceline)
        return found.report()
    return _read_bom(data, lines, found)


def _read_bom(bom: dict, lines: dict[int, int], found: Collector) -> AdvisoryReport:
    metadata = as_dict(bom.get("metadata"))
    targets = _targets(bom, metadata)
    vulnerabilities = bom.get("vulnerabilities", [])
    if not isinstance(vulnerabilities, list):
        found.problem(f"'vulnerabilities' should be a list, found {json_type(vulnerabilities)}", 1)
        vulnerabilities = []
    unknown: set[str] = set()
    for vulnerability in vulnerabilities:
        line = lines.get(id(vulnerability), 1)
        if not isinstance(vulnerability, dict):
            found.problem(f"a vulnerability should be an object, found {json_type(vulnerability)}", line)
            continue
        _vulnerability(vulnerability, line, targets, lines, found, unknown)
    tool = _tool(metadata)
    return found.report(tool=tool, generated=text(metadata.get("timestamp")))


def _vulnerability(
    vuln: dict, line: int, targets: dict[str, Target], lines: dict[int, int], found: Collector, unknown: set[str]
) -> None:
    vuln_id = text(vuln.get("id"))
    if vuln_id is None:
        found.problem("a vulnerability without an 'id': not recorded", line)
        return
    affects = vuln.get("affects")
    analysis = vuln.get("analysis")
    if not isinstance(affects, list) or not affects:
        found.problem(f"{vuln_id}: no 'affects' list, so it names no component and cannot be matched", line)
        return
    fields = _advisory_fields(vuln, vuln_id)
    for affect in affects:
        affect_line = lines.get(id(affect), line)
        ref = text(as_dict(affect).get("ref"))
        if ref is None:
            found.problem(f"{vuln_id}: an 'affects' entry without a 'ref': not recorded", affect_line)
            continue
        target = _resolve(ref, targets)
        if target is None:
            target = Target("generic", ref.rpartition("#")[2] or ref, None)
            if ref not in unknown:
                unknown.add(ref)
                message = f"{vuln_id}: 'affects' ref {ref!r} names no component of this file and no purl"
                found.problem(message + f"; kept as the generic package {target.name!r}", affect_line)
        entries = [as_dict(v) for v in as_list(as_dict(affect).get("versions"))]
        _advisory(vuln_id, fields, target, entries, affect_line, found)
        if analysis is not None:
            _analyses(vuln_id, analysis, target, entries, lines.get(id(analysis), line), found)


def _advisory_fields(vuln: dict, vuln_id: str) -> dict[str, Any]:
    source = as_dict(vuln.get("source"))
    rating = _rating(vuln, text(source.get("name")))
    references = [text(as_dict(r).get("id")) for r in as_list(vuln.get("references"))]
    advisories = [text(as_dict(a).get("url")) for a in as_list(vuln.get("advisories"))]
    return {
        "aliases": tuple(dict.fromkeys(r for r in references if r and r != vuln_id)),
        "severity": severity(rating.get("severity")),
        "score": score(rating.get("score")),
        "summary": short(vuln.get("description")) or short(vuln.get("detail")),
        "url": text(source.get("url")) or next((a for a in advisories if a), None),
        "published": text(vuln.get("published")),
        "modified": text(vuln.get("updated")),
    }


def _rating(vuln: dict, source_name: str | None) -> dict:
    """The rating of the vulnerability's own source when it has a score, else the highest-scored one."""
    ratings = [r for r in as_list(vuln.get("ratings")) if isinstance(r, dict)]
    for rating in ratings:
        if (
            source_name
            and text(as_dict(rating.get("source")).get("name")) == source_name
            and score(rating.get("score"))
        ):
            return rating
    scored = sorted(ratings, key=lambda r: score(r.get("score")) or 0.0, reverse=True)
    return scored[0] if scored else {}


def _advisory(
    vuln_id: str, fields: dict[str, Any], target: Target, entries: list[dict], line: int | None, found: Collector
) -> None:
    affected: list[str] = []
    versions: list[str] = []
    subject = f"{vuln_id} ({target.name})"
    for entry in entries:
        if (text(entry.get("status")) or "affected") != "affected":
            continue
        if "range" in entry:
            affected.extend(found.ranges(target.ecosystem, entry.get("range"), line, subject))
        elif text(entry.get("version")):
            versions.append(text(entry.get("version")))
    if not entries and target.version:
        versions.append(target.version)
    found.add(
        Advisory(
            id=vuln_id,
            ecosystem=target.ecosystem,
            package=target.name,
            source=found.source(line),
            affected=tuple(dict.fromkeys(affected)),
            versions=tuple(dict.fromkeys(versions)),
            **fields,
        )
    )


def _analyses(
    vuln_id: str, analysis: object, target: Target, entries: list[dict], line: int | None, found: Collector
) -> None:
    """The analysis of a vulnerability, for each version or range of a target (or the target's version)."""
    if not isinstance(analysis, dict):
        found.problem(f"{vuln_id}: 'analysis' should be an object, found {json_type(analysis)}", line)
        return
    state = text(analysis.get("state"))
    if state is None:
        found.problem(f"{vuln_id}: an analysis without a 'state': not recorded", line)
        return
    if state not in STATES:
        found.problem(f"{vuln_id}: unknown analysis state {state!r} (CycloneDX: {', '.join(STATES)})", line)
    versions = [text(e.get("version")) or _vers(target, e.get("range")) for e in entries] or [target.version]
    for version in dict.fromkeys(versions):
        found.analyse(
            Analysis(
                advisory=vuln_id,
                package=target.name,
                source=found.source(line),
                state=state,
                version=version,
                justification=text(analysis.get("justification")),
                detail=text(analysis.get("detail")),
                response=texts(analysis.get("response") or analysis.get("responses")),
            )
        )


def _vers(target: Target, range_: object) -> str | None:
    """A range of a VEX statement as canonical ``vers`` when it is one, else as written."""
    found = to_vers(target.ecosystem, range_) if isinstance(range_, str) else None
    return found[0] if found and len(found) == 1 else text(range_)


# --- components: bom-ref -> package -------------------------------------------------------------------------------


def _targets(bom: dict, metadata: dict) -> dict[str, Target]:
    """Every component of the document (nested ones and the described one) by its ``bom-ref``."""
    targets: dict[str, Target] = {}
    stack = [metadata.get("component"), *as_list(bom.get("components"))]
    while stack:
        component = stack.pop()
        if not isinstance(component, dict):
            continue
        stack.extend(as_list(component.get("components")))
        ref = text(component.get("bom-ref"))
        target = _component_target(component)
        if ref and target:
            targets[ref] = target
        purl = text(component.get("purl"))
        if purl and target:
            targets.setdefault(purl, target)
    return targets


def _component_target(component: dict) -> Target | None:
    purl = text(component.get("purl"))
    parsed = parse_purl(purl) if purl else None
    version = text(component.get("version"))
    if parsed is not None:
        return Target(parsed.type, full_name(parsed), version or parsed.version)
    name = text(component.get("name"))
    if name is None:
        return None
    group = text(component.get("group"))
    return Target("generic", f"{group}/{name}" if group else name, version)


def _resolve(ref: str, targets: dict[str, Target]) -> Target | None:
    """The package a ref names: a bom-ref of this file, else a purl (alone or after a BOM-Link's ``#``)."""
    if ref in targets:
        return targets[ref]
    fragment = ref.rpartition("#")[2] if ref.startswith("urn:cdx:") else ref
    if fragment in targets:
        return targets[fragment]
    parsed = parse_purl(fragment) if fragment.startswith("pkg:") else None
    if parsed is None:
        return None
    return Target(parsed.type, full_name(parsed), parsed.version)


def _tool(metadata: dict) -> str | None:
    """The first tool's name (``metadata.tools`` is a list in 1.4, ``{components: [...]}`` since 1.5)."""
    tools = metadata.get("tools")
    if isinstance(tools, dict):
        tools = tools.get("components")
    for tool in as_list(tools):
        name = text(as_dict(tool).get("name"))
        if name:
            return name
    return None


# --- XML -> the JSON shape ------------------------------------------------------------------------------------------

#: XML wrapper elements that are JSON lists, and the name of their items
_XML_LISTS = {
    "components": "component",
    "vulnerabilities": "vulnerability",
    "references": "reference",
    "ratings": "rating",
    "advisories": "advisory",
    "responses": "response",
    "affects": "target",
    "versions": "version",
    "cwes": "cwe",
    "tools": "tool",
}


def _xml_dict(elem: Any, lines: dict[int, int]) -> Any:
    """An element as JSON would write it: list wrappers become lists, leaves their text, others dicts (with
    their attributes, ``bom-ref`` included); each dict's line is noted in ``lines``."""
    name = local_name(elem.tag)
    children = list(elem)
    if name in _XML_LISTS and (children or not (elem.text or "").strip()):
        item = _XML_LISTS[name]
        return [_xml_dict(child, lines) for child in children if local_name(child.tag) == item]
    if not children and not elem.attrib:
        return (elem.text or "").strip()
    data: dict[str, Any] = {key: value for key, value in elem.attrib.items()}
    for child in children:
        data.setdefault(local_name(child.tag), _xml_dict(child, lines))
    if not children and (elem.text or "").strip():
        data["text"] = elem.text.strip()
    lines[id(data)] = elem.sourceline
    return data


def sniff(name: str, head: str) -> str | None:
    """CycloneDX JSON or XML: any CycloneDX document given as advisories is read for its vulnerabilities."""
    if '"bomFormat"' in head and "CycloneDX" in head:
        return FORMAT
    if "<bom" in head and "cyclonedx.org/schema/bom" in head:
        return FORMAT
    return None


FORMATS: dict[str, Any] = {FORMAT: read_vex}
PATTERNS = (
    ("*.vex.json", FORMAT),
    ("*.vex.xml", FORMAT),
    ("*.vex.cdx.json", FORMAT),
    ("vex.json", FORMAT),
    ("vex.xml", FORMAT),
)
