"""GitHub Dependabot alerts as the REST API lists them (``GET /repos/{owner}/{repo}/dependabot/alerts``, also
the organization and enterprise lists): a JSON array of alerts, saved with ``gh api --paginate``.

Each alert is an advisory of its package: id the GHSA id (``security_advisory.ghsa_id``), aliases its CVE and
other identifiers; ``affected`` every ``vulnerable_version_range`` the advisory gives for that package (the
alert's own ``security_vulnerability`` when the advisory lists none), ``fixed`` their
``first_patched_version``. Dependabot ecosystem names become purl types (``pip`` -> ``pypi``, ``rubygems``
-> ``gem``, ``go`` -> ``golang``, ``rust`` -> ``cargo``...). Several alerts of one advisory and package
(one per manifest) make one advisory.

A dismissed alert is a team's evaluation, so it also becomes an :class:`~sphinxcontrib.soup.model.Analysis`
(for no particular version: the alert does not say which version was evaluated). ``dismissed_reason`` in
CycloneDX VEX words:

- ``tolerable_risk`` -> ``exploitable``, response ``will_not_fix`` (the risk is accepted, it stays a finding);
- ``no_bandwidth`` -> ``exploitable`` (not evaluated, not fixed: it stays a finding);
- ``not_used`` -> ``not_affected``, justification ``code_not_reachable``;
- ``inaccurate`` -> ``false_positive``;
- ``fix_started`` -> ``in_triage``, response ``update``;
- no reason -> ``in_triage``.

The detail names the alert, who dismissed it, when, and the comment. Open and fixed alerts carry no
evaluation: a fixed alert's package was upgraded, and the lock file's version no longer matches the range.
``auto_dismissed`` alerts were closed by a rule, not by a person: no evaluation either.
"""

from __future__ import annotations

from typing import Any

from ..facades.json_file import json_type
from ..model import Advisory, AdvisoryReport, Analysis, Source
from .common import (
    Collector,
    aliases,
    as_dict,
    as_list,
    json_dict_lines,
    score,
    severity,
    short,
    text,
)

FORMAT = "dependabot-alerts"
ADVISORY_URL = "https://github.com/advisories/"

#: Dependabot's ecosystem names -> purl types
ECOSYSTEMS = {
    "pip": "pypi",
    "npm": "npm",
    "maven": "maven",
    "nuget": "nuget",
    "rubygems": "gem",
    "composer": "composer",
    "go": "golang",
    "rust": "cargo",
    "pub": "pub",
    "actions": "github",
    "erlang": "hex",
    "swift": "swift",
}

#: dismissed_reason -> (state, justification, responses)
DISMISSALS: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    "tolerable_risk": ("exploitable", None, ("will_not_fix",)),
    "no_bandwidth": ("exploitable", None, ()),
    "not_used": ("not_affected", "code_not_reachable", ()),
    "inaccurate": ("false_positive", None, ()),
    "fix_started": ("in_triage", None, ("update",)),
}


def read_dependabot(source: str, path: str) -> AdvisoryReport:
    found = Collector(path, FORMAT)
    parsed, data = found.json(source)
    if not parsed:
        return found.report(tool="dependabot")
    if isinstance(data, dict) and "security_advisory" in data:
        data = [data]  # one alert, as GET .../alerts/{number} answers
    if not isinstance(data, list):
        found.problem(f"Dependabot alerts are a list, found {json_type(data)}", 1)
        return found.report(tool="dependabot")
    lines = json_dict_lines(source, data)
    for alert in data:
        line = lines.get(id(alert), 1)
        if not isinstance(alert, dict):
            found.problem(f"an alert should be an object, found {json_type(alert)}", line)
            continue
        _alert(alert, line, found)
    return found.report(tool="dependabot")


def _alert(alert: dict, line: int, found: Collector) -> None:
    number = alert.get("number")
    label = f"alert #{number}" if isinstance(number, int) else "an alert"
    advisory = as_dict(alert.get("security_advisory"))
    vulnerability = as_dict(alert.get("security_vulnerability"))
    package = as_dict(vulnerability.get("package")) or as_dict(as_dict(alert.get("dependency")).get("package"))
    ghsa_id = text(advisory.get("ghsa_id"))
    name = text(package.get("name"))
    ecosystem_name = text(package.get("ecosystem"))
    if ghsa_id is None or name is None or ecosystem_name is None:
        missing = "GHSA id (security_advisory.ghsa_id)" if ghsa_id is None else "package ecosystem and name"
        found.problem(f"{label} names no {missing}: not recorded", line)
        return
    ecosystem = ECOSYSTEMS.get(ecosystem_name.lower(), ecosystem_name.lower())
    subject = f"{ghsa_id} ({name})"
    ranges = _ranges(advisory, vulnerability, ecosystem_name, name)
    affected: list[str] = []
    for native in dict.fromkeys(r for r, _fix in ranges if r):
        affected.extend(found.ranges(ecosystem, native, line, subject))
    identifiers = [text(as_dict(i).get("value")) for i in as_list(advisory.get("identifiers"))]
    cvss = as_dict(advisory.get("cvss"))
    found.add(
        Advisory(
            id=ghsa_id,
            ecosystem=ecosystem,
            package=name,
            source=found.source(line),
            aliases=aliases(ghsa_id, [text(advisory.get("cve_id")) or "", *(i for i in identifiers if i)]),
            affected=tuple(dict.fromkeys(affected)),
            fixed=tuple(dict.fromkeys(fix for _r, fix in ranges if fix)),
            severity=severity(advisory.get("severity")) or severity(vulnerability.get("severity")),
            score=score(cvss.get("score")),
            summary=text(advisory.get("summary")) or short(advisory.get("description")),
            url=ADVISORY_URL + ghsa_id,
            published=text(advisory.get("published_at")),
            modified=text(advisory.get("updated_at")),
        )
    )
    if alert.get("state") == "dismissed":
        found.analyse(_dismissal(alert, label, ghsa_id, name, found.source(line)))


def _ranges(advisory: dict, vulnerability: dict, ecosystem: str, name: str) -> list[tuple[str | None, str | None]]:
    """(vulnerable range, first patched version) of every advisory entry for this package, else the alert's own."""
    entries = [
        as_dict(v)
        for v in as_list(advisory.get("vulnerabilities"))
        if text(as_dict(as_dict(v).get("package")).get("name")) == name
        and (text(as_dict(as_dict(v).get("package")).get("ecosystem")) or "").lower() == ecosystem.lower()
    ] or [vulnerability]
    return [
        (text(e.get("vulnerable_version_range")), text(as_dict(e.get("first_patched_version")).get("identifier")))
        for e in entries
    ]


def _dismissal(alert: dict, label: str, ghsa_id: str, name: str, source: Source) -> Analysis:
    reason = text(alert.get("dismissed_reason"))
    state, justification, response = DISMISSALS.get(reason or "", ("in_triage", None, ()))
    who = text(as_dict(alert.get("dismissed_by")).get("login"))
    when = text(alert.get("dismissed_at"))
    detail = f"Dependabot {label} dismissed as {reason or 'no reason given'}"
    detail += f" by {who}" if who else ""
    detail += f" on {when}" if when else ""
    comment = text(alert.get("dismissed_comment"))
    return Analysis(
        advisory=ghsa_id,
        package=name,
        source=source,
        state=state,
        justification=justification,
        detail=f"{detail}: {comment}" if comment else detail,
        response=response,
    )


def sniff(name: str, head: str) -> str | None:
    """A Dependabot alert list: alerts carry ``security_advisory`` and ``security_vulnerability``."""
    if head.lstrip()[:1] in "[{" and '"security_advisory"' in head and '"dependency"' in head:
        return FORMAT
    return None


FORMATS: dict[str, Any] = {FORMAT: read_dependabot}
PATTERNS = (("*dependabot*.json", FORMAT),)
