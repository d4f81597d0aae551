"""``npm audit --json`` and its relatives: npm 7+ (``auditReportVersion: 2``), npm 6, ``pnpm audit --json`` and
yarn berry ``yarn npm audit --json`` (an ``advisories`` map), and yarn 1 ``yarn audit --json`` (JSON lines).

npm 7+: ``vulnerabilities`` is keyed by package; each ``via`` entry is either an advisory object (``source``
id, ``url``, ``title``, ``severity``, ``cvss``, ``range``) or the name of another vulnerable package through
which this one is affected. That propagation is not an advisory of its own: only the advisory objects are
recorded, for the package they name (``via[].name``). ``fixAvailable`` gives ``fixed`` only when it is an
upgrade of that same package (npm may instead propose upgrading the dependent).

npm 6 / pnpm / yarn berry / yarn 1: one advisory object per advisory (``module_name``, ``vulnerable_versions``,
``patched_versions``, ``cves``, ``github_advisory_id``, ``findings``); ``fixed`` is where the patched range
starts (``>=1.14.8`` -> ``1.14.8``); ``findings`` (the installed versions and paths) are the lock file's
business and are not kept. yarn 1 repeats an advisory for each path: one advisory is kept.

Ids: the GHSA id when known (field or advisory URL), else npm's source id; CVEs become aliases.
"""

from __future__ import annotations

import re
from typing import Any

from ..facades.json_file import json_type, load_json
from ..facades.version_ranges import lower_bounds
from ..model import Advisory, AdvisoryReport
from .common import (
    Collector,
    aliases,
    as_dict,
    ghsa,
    identifier,
    json_dict_lines,
    score,
    severity,
    short,
    text,
    texts,
)

ECOSYSTEM = "npm"
FORMAT = "npm-audit"
YARN_FORMAT = "yarn-audit"


def read_npm_audit(source: str, path: str) -> AdvisoryReport:
    """An npm/pnpm/yarn-berry audit JSON report (either shape); JSON lines go to :func:`read_yarn_audit`."""
    if _json_lines(source):
        return read_yarn_audit(source, path)
    found = Collector(path, FORMAT)
    parsed, data = found.json(source)
    if not parsed:
        return found.report()
    if not isinstance(data, dict):
        found.problem(f"an npm audit report is an object, found {json_type(data)}", 1)
        return found.report()
    lines = json_dict_lines(source, data)
    if "vulnerabilities" in data and ("auditReportVersion" in data or "advisories" not in data):
        _read_v2(data, lines, found)
        return found.report(tool="npm")
    if "advisories" in data:
        _read_advisory_map(data.get("advisories"), lines, found)
        return found.report(tool="npm" if "runId" in data else None)
    if "error" in data:  # npm writes {"error": {"code", "summary", "detail"}} when the audit itself failed
        error = as_dict(data["error"])
        found.problem(f"the audit failed: {text(error.get('summary')) or text(data['error']) or 'no detail'}", 1)
        return found.report()
    found.problem("neither 'vulnerabilities' (npm 7+) nor 'advisories' (npm 6, pnpm, yarn berry): not an audit", 1)
    return found.report()


def _read_v2(data: dict, lines: dict[int, int], found: Collector) -> None:
    vulnerabilities = data.get("vulnerabilities")
    if not isinstance(vulnerabilities, dict):
        found.problem(f"'vulnerabilities' should be an object, found {json_type(vulnerabilities)}", 1)
        return
    for key, entry in vulnerabilities.items():
        if not isinstance(entry, dict):
            message = f"vulnerability entry {key!r} should be an object, found {json_type(entry)}"
            found.problem(message, lines.get(id(vulnerabilities), 1))
            continue
        line = lines.get(id(entry))
        via = entry.get("via")
        if not isinstance(via, list):
            found.problem(f"{key}: 'via' should be a list, found {json_type(via)}", line)
            continue
        for cause in via:
            if isinstance(cause, dict):
                _via_advisory(cause, key, entry.get("fixAvailable"), lines.get(id(cause), line), found)
            elif not isinstance(cause, str):  # a name is propagation through another vulnerable package
                found.problem(f"{key}: a 'via' entry should be an object or a name, found {json_type(cause)}", line)


def _via_advisory(cause: dict, key: str, fix: object, line: int | None, found: Collector) -> None:
    """One npm 7+ advisory object of ``via``."""
    package = text(cause.get("name")) or text(cause.get("dependency")) or key
    source = identifier(cause.get("source"))
    url = text(cause.get("url"))
    advisory_id = ghsa(url) or source
    if advisory_id is None:
        found.problem(f"{package}: an advisory in 'via' has neither a 'source' id nor an advisory URL", line)
        return
    subject = f"{advisory_id} ({package})"
    fix = as_dict(fix)
    fixed = (text(fix.get("version")),) if text(fix.get("name")) == package and text(fix.get("version")) else ()
    cvss = as_dict(cause.get("cvss"))
    found.add(
        Advisory(
            id=advisory_id,
            ecosystem=ECOSYSTEM,
            package=package,
            source=found.source(line),
            affected=found.ranges(ECOSYSTEM, cause.get("range"), line, subject),
            fixed=fixed,
            severity=severity(cause.get("severity")),
            score=score(cvss.get("score")),
            summary=text(cause.get("title")),
            url=url,
        )
    )


def _read_advisory_map(advisories: object, lines: dict[int, int], found: Collector) -> None:
    if not isinstance(advisories, dict):
        found.problem(f"'advisories' should be an object, found {json_type(advisories)}", 1)
        return
    for key, advisory in advisories.items():
        if not isinstance(advisory, dict):
            message = f"advisory {key!r} should be an object, found {json_type(advisory)}"
            found.problem(message, lines.get(id(advisories), 1))
            continue
        _advisory_object(advisory, key, lines.get(id(advisory)), found)


def _advisory_object(advisory: dict, key: str | None, line: int | None, found: Collector) -> None:
    """One npm 6 style advisory object (npm 6, pnpm, yarn berry, yarn 1)."""
    package = text(advisory.get("module_name"))
    source = identifier(advisory.get("id")) or key
    url = text(advisory.get("url"))
    advisory_id = ghsa(advisory.get("github_advisory_id"), url) or source
    if package is None or advisory_id is None:
        missing = "'module_name'" if package is None else "an id"
        found.problem(f"advisory {advisory_id or key or '?'} has no {missing}: not recorded", line)
        return
    subject = f"{advisory_id} ({package})"
    patched = advisory.get("patched_versions")
    found.add(
        Advisory(
            id=advisory_id,
            ecosystem=ECOSYSTEM,
            package=package,
            source=found.source(line),
            aliases=aliases(advisory_id, texts(advisory.get("cves"))),
            affected=found.ranges(ECOSYSTEM, advisory.get("vulnerable_versions"), line, subject),
            fixed=lower_bounds(ECOSYSTEM, patched) if isinstance(patched, str) else (),
            severity=severity(advisory.get("severity")),
            score=score(as_dict(advisory.get("cvss")).get("score")),
            summary=text(advisory.get("title")) or short(advisory.get("overview")),
            url=url,
            published=text(advisory.get("created")),
            modified=text(advisory.get("updated")),
        )
    )


def read_yarn_audit(source: str, path: str) -> AdvisoryReport:
    """yarn 1 ``yarn audit --json``: one JSON object per line; ``auditAdvisory`` lines carry the advisories."""
    found = Collector(path, YARN_FORMAT)
    for number, line in enumerate(source.splitlines(), 1):
        if not line.strip():
            continue
        event, problem = load_json(line, path)
        if problem is not None:
            found.problem(f"line is not JSON: {problem.message}", number, kind="parse")
            continue
        if not isinstance(event, dict):
            found.problem(f"a yarn audit line is an object, found {json_type(event)}", number)
            continue
        if event.get("type") == "auditAdvisory":
            advisory = as_dict(event.get("data")).get("advisory")
            if isinstance(advisory, dict):
                _advisory_object(advisory, None, number, found)
            else:
                found.problem(f"auditAdvisory without an advisory object (found {json_type(advisory)})", number)
    return found.report(tool="yarn")


def _json_lines(source: str) -> bool:
    """Whether the text is yarn 1's JSON lines: its first event starts ``{"type": "audit...`` (or a log event);
    a report without advisories is a single ``auditSummary`` line."""
    return _YARN_EVENT.match(source) is not None


_YARN_EVENT = re.compile(r'\s*\{\s*"type"\s*:\s*"(?:audit\w+|info|warning|error|activityStart|step)"')


def sniff(name: str, head: str) -> str | None:
    """npm/pnpm/yarn audit reports by their first characters."""
    if _json_lines(head):
        return YARN_FORMAT
    if '"auditReportVersion"' in head:
        return FORMAT
    if '"advisories"' in head and any(k in head for k in ('"actions"', '"module_name"', '"muted"', '"findings"')):
        return FORMAT
    return None


FORMATS: dict[str, Any] = {FORMAT: read_npm_audit, YARN_FORMAT: read_yarn_audit}
PATTERNS = (
    ("*yarn-audit*.json*", YARN_FORMAT),
    ("*yarn*audit*.jsonl", YARN_FORMAT),
    ("*npm-audit*.json", FORMAT),
    ("*npm_audit*.json", FORMAT),
    ("audit.json", FORMAT),
)
