"""OSV JSON (schema 1.x): a single record, a list of records, an OSV API answer (``{"vulns": [...]}``) and
``osv-scanner --format json`` output (``results[].packages[].vulnerabilities[]``).

One advisory per affected package of a record. The package's ecosystem becomes its purl type (``PyPI`` ->
``pypi``, ``Go`` -> ``golang``, ``crates.io`` -> ``cargo``, ``Alpine:v3.18`` -> ``apk``, ``Red Hat:...`` ->
``rpm``; see ``common.OSV_ECOSYSTEMS``), the name is kept as OSV writes it (Maven ``group:artifact``, Go
module path, Debian source package). ``ECOSYSTEM`` and ``SEMVER`` ranges become ``vers`` strings (their
``fixed`` events the fixed versions); ``versions`` are kept one by one.

``GIT`` ranges name commits, which cannot be compared with package versions: they are left out, silently when
the entry has something else to evaluate (ranges or versions), as one problem when it has nothing evaluable.
A record with no affected package at all (some Red Hat and SUSE records) cannot be matched to a component:
one problem. ``MAL-`` records are ``kind="malware"``. Withdrawn records (``withdrawn`` set) are no longer
advisories and are left out.

Severity: ``database_specific.severity`` (GitHub's word), else the affected entry's; the score is the
osv-scanner group's ``max_severity`` when there is one: OSV itself gives CVSS vectors, and computing a score
from a vector needs a CVSS library the project does not use.
"""

from __future__ import annotations

from typing import Any

from ..facades.json_file import json_type
from ..facades.version_ranges import events_to_vers
from ..model import Advisory, AdvisoryReport
from .common import (
    Collector,
    aliases,
    as_dict,
    as_list,
    json_dict_lines,
    purl_type,
    score,
    severity,
    short,
    text,
    texts,
)

FORMAT = "osv"
OSV_URL = "https://osv.dev/vulnerability/"
EVALUABLE = ("ECOSYSTEM", "SEMVER")


def read_osv(source: str, path: str) -> AdvisoryReport:
    found = Collector(path, FORMAT)
    parsed, data = found.json(source)
    if not parsed:
        return found.report()
    lines = json_dict_lines(source, data)
    if isinstance(data, dict) and "results" in data:
        _read_scanner(data["results"], lines, found)
        return found.report(tool="osv-scanner")
    records = data.get("vulns") if isinstance(data, dict) and "id" not in data else data
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list):
        found.problem(f"an OSV file holds a record or a list of records, found {json_type(records)}", 1)
        return found.report()
    for record in records:
        read_record(record, lines, found, lines.get(id(data)))
    return found.report()


def _read_scanner(results: object, lines: dict[int, int], found: Collector) -> None:
    """osv-scanner: each scanned package lists the full records that affect it."""
    if not isinstance(results, list):
        found.problem(f"'results' should be a list, found {json_type(results)}", 1)
        return
    for result in results:
        for package in as_list(as_dict(result).get("packages")):
            if not isinstance(package, dict):
                found.problem(
                    f"a scanned package should be an object, found {json_type(package)}", lines.get(id(result))
                )
                continue
            scores = _group_scores(package.get("groups"))
            for record in as_list(package.get("vulnerabilities")):
                read_record(record, lines, found, lines.get(id(package)), scores)


def _group_scores(groups: object) -> dict[str, float]:
    """osv-scanner's ``max_severity`` (a CVSS score) of each id of each group."""
    scores: dict[str, float] = {}
    for group in as_list(groups):
        group = as_dict(group)
        value = score(group.get("max_severity"))
        if value is not None:
            for vuln_id in texts(group.get("ids")):
                scores[vuln_id] = value
    return scores


def read_record(
    record: object, lines: dict[int, int], found: Collector, near: int | None, scores: dict[str, float] | None = None
) -> None:
    """The advisories of one OSV record (one per affected package); ``near`` locates a record without a line."""
    line = lines.get(id(record), near)
    if not isinstance(record, dict):
        found.problem(f"an OSV record should be an object, found {json_type(record)}", line)
        return
    record_id = text(record.get("id"))
    if record_id is None:
        found.problem("an OSV record without an 'id': not recorded", line)
        return
    if text(record.get("withdrawn")):
        return
    affected = record.get("affected")
    if not isinstance(affected, list) or not affected:
        what = "no 'affected' list" if affected is None else f"'affected' {json_type(affected)}"
        if isinstance(affected, list):
            what = "an empty 'affected' list"
        found.problem(f"{record_id}: {what}, so it names no package and cannot be matched to a component", line)
        return
    common = _record_fields(record, record_id, (scores or {}).get(record_id))
    for entry in affected:
        _affected_entry(entry, record_id, common, lines.get(id(entry), line), lines, found)


def _record_fields(record: dict, record_id: str, group_score: float | None) -> dict[str, Any]:
    """What every advisory of a record shares."""
    specific = as_dict(record.get("database_specific"))
    return {
        "id": record_id,
        "aliases": aliases(record_id, texts(record.get("aliases"))),
        "severity": severity(specific.get("severity")),
        "score": group_score,
        "summary": text(record.get("summary")) or short(record.get("details")),
        "url": _url(record, record_id),
        "published": text(record.get("published")),
        "modified": text(record.get("modified")),
        "kind": "malware" if record_id.startswith("MAL-") else "vulnerability",
    }


def _url(record: dict, record_id: str) -> str:
    """The record's ADVISORY reference, else its database's page, else its osv.dev page."""
    for reference in as_list(record.get("references")):
        reference = as_dict(reference)
        if reference.get("type") == "ADVISORY" and text(reference.get("url")):
            return text(reference.get("url"))
    return text(as_dict(record.get("database_specific")).get("url")) or OSV_URL + record_id


def _affected_entry(
    entry: object, record_id: str, common: dict[str, Any], line: int | None, lines: dict[int, int], found: Collector
) -> None:
    if not isinstance(entry, dict):
        found.problem(f"{record_id}: an affected entry should be an object, found {json_type(entry)}", line)
        return
    package = as_dict(entry.get("package"))
    line = lines.get(id(entry.get("package")), line)
    name = text(package.get("name"))
    ecosystem_name = text(package.get("ecosystem"))
    ranges = as_list(entry.get("ranges"))
    if name is None or ecosystem_name is None:
        kinds = sorted({text(as_dict(r).get("type")) or "?" for r in ranges})
        what = f" (only {', '.join(kinds)} ranges)" if kinds else ""
        found.problem(f"{record_id}: an affected entry names no package ecosystem and name{what}: not recorded", line)
        return
    known = purl_type(ecosystem_name)  # an unknown ecosystem is listed as generic, its ranges not evaluated
    ecosystem = known or "generic"
    subject = f"{record_id} ({name})"
    affected, fixed, reported = _ranges(ranges, known or ecosystem_name, subject, line, found)
    versions = texts(entry.get("versions"))
    if not affected and not versions and not reported:
        found.problem(f"{subject}: nothing to evaluate versions against (no ECOSYSTEM/SEMVER range, no versions)", line)
    specific = as_dict(entry.get("database_specific")) or as_dict(entry.get("ecosystem_specific"))
    fields = dict(common, severity=common["severity"] or severity(specific.get("severity")))
    found.add(
        Advisory(
            ecosystem=ecosystem,
            package=name,
            source=found.source(line),
            affected=affected,
            versions=versions,
            fixed=fixed,
            **fields,
        )
    )


def _ranges(
    ranges: list, ecosystem: str, subject: str, line: int | None, found: Collector
) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """``vers`` strings and fixed versions of an entry's evaluable ranges, and whether a problem was reported."""
    affected: list[str] = []
    fixed: list[str] = []
    reported = False
    for range_ in ranges:
        range_ = as_dict(range_)
        kind = range_.get("type")
        if kind not in EVALUABLE:
            continue  # GIT: commits, not versions
        events = tuple(_events(range_.get("events")))
        vers = events_to_vers(ecosystem, events) if events else None
        if vers is None:
            found.problem(f"{subject}: {kind} range {_show(events)} cannot be evaluated for {ecosystem}", line)
            reported = True
            continue
        affected.extend(vers)
        fixed.extend(value for event, value in events if event == "fixed")
    return tuple(dict.fromkeys(affected)), tuple(dict.fromkeys(fixed)), reported


def _events(events: object) -> list[tuple[str, str]]:
    """``(kind, version)`` of each event object (``{"introduced": "1.0"}``); malformed events are kept as
    written so that the range is reported as not evaluable."""
    pairs = []
    for event in as_list(events) if isinstance(events, list) else [events]:
        if isinstance(event, dict) and len(event) == 1 and isinstance(next(iter(event.values())), str):
            ((kind, value),) = event.items()
            pairs.append((kind, value))
        else:
            pairs.append(("?", repr(event)))
    return pairs


def _show(events: tuple[tuple[str, str], ...]) -> str:
    return "[" + ", ".join(f"{kind} {value}" for kind, value in events) + "]" if events else "without events"


def sniff(name: str, head: str) -> str | None:
    """OSV records (``"id"`` with ``"modified"``/``"affected"``/``"schema_version"``, not CycloneDX) and
    osv-scanner output."""
    if '"bomFormat"' in head or '"security_advisory"' in head:
        return None
    if '"results"' in head and '"packages"' in head and '"source"' in head:
        return FORMAT
    if '"id"' in head and any(key in head for key in ('"schema_version"', '"modified"', '"affected"')):
        return FORMAT
    return None


FORMATS: dict[str, Any] = {FORMAT: read_osv}
PATTERNS = (("*.osv.json", FORMAT), ("osv-scanner*.json", FORMAT), ("*osv*scan*.json", FORMAT))
