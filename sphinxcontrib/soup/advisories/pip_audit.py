"""``pip-audit -f json`` (pip-audit 2.x: ``{"dependencies": [...], "fixes": [...]}``; the bare list of older
releases is read too).

Each vulnerability of a dependency is one advisory: pip-audit names the version it found vulnerable but no
range, so the advisory affects exactly that version (``versions=(v,)``), and ``fixed`` is its
``fix_versions``. The advisory URL is the OSV page of the id (pip-audit's services are OSV and PyPI, whose
ids OSV serves). The summary is the first paragraph of the description.

Dependencies pip-audit skipped (``skip_reason``: not found on the index, a local or editable package) were not
audited at all, so no advisory can be known for them. That is a gap an auditor must see, not an advisory:
one problem of kind ``unaudited`` per file names them all (``suppress_warnings = ["soup.unaudited"]`` hides it).
"""

from __future__ import annotations

import re
from typing import Any

from ..facades.json_file import json_type
from ..model import Advisory, AdvisoryReport
from .common import Collector, aliases, as_list, json_dict_lines, short, text, texts

ECOSYSTEM = "pypi"
FORMAT = "pip-audit"
OSV_URL = "https://osv.dev/vulnerability/"


def read_pip_audit(source: str, path: str) -> AdvisoryReport:
    found = Collector(path, FORMAT)
    parsed, data = found.json(source)
    if not parsed:
        return found.report(tool="pip-audit")
    dependencies = data.get("dependencies") if isinstance(data, dict) else data
    if not isinstance(dependencies, list):
        where = "'dependencies'" if isinstance(data, dict) else "a pip-audit report"
        found.problem(f"{where} should be a list, found {json_type(dependencies)}", 1)
        return found.report(tool="pip-audit")
    lines = json_dict_lines(source, data)
    skipped: list[tuple[str, str, int | None]] = []
    for dependency in dependencies:
        if not isinstance(dependency, dict):
            found.problem(f"a dependency should be an object, found {json_type(dependency)}", 1)
            continue
        line = lines.get(id(dependency))
        name = text(dependency.get("name"))
        if name is None:
            found.problem("a dependency has no 'name': its vulnerabilities cannot be attributed", line)
            continue
        if "skip_reason" in dependency:
            skipped.append((name, text(dependency.get("skip_reason")) or "no reason given", line))
            continue
        _dependency(dependency, name, line, lines, found)
    if skipped:
        names = ", ".join(name for name, _reason, _line in skipped)
        message = f"pip-audit did not audit {len(skipped)} of {len(dependencies)} dependencies: {names}"
        found.problem(f"{message} (first reason: {skipped[0][1]})", skipped[0][2], kind="unaudited")
    return found.report(tool="pip-audit")


def _dependency(dependency: dict, name: str, line: int | None, lines: dict[int, int], found: Collector) -> None:
    version = text(dependency.get("version"))
    vulns = dependency.get("vulns", [])
    if not isinstance(vulns, list):
        found.problem(f"{name}: 'vulns' should be a list, found {json_type(vulns)}", line)
        return
    if vulns and version is None:
        found.problem(f"{name}: no 'version', so its {len(vulns)} vulnerabilities name no affected version", line)
    for vuln in vulns:
        vuln_line = lines.get(id(vuln), line)
        vuln_id = text(vuln.get("id")) if isinstance(vuln, dict) else None
        if vuln_id is None:
            found.problem(f"{name}: a vulnerability without an 'id' ({json_type(vuln)}): not recorded", vuln_line)
            continue
        fix_versions = vuln.get("fix_versions", [])
        if not isinstance(fix_versions, list):
            found.problem(f"{vuln_id} ({name}): 'fix_versions' should be a list of versions", vuln_line)
        found.add(
            Advisory(
                id=vuln_id,
                ecosystem=ECOSYSTEM,
                package=name,
                source=found.source(vuln_line),
                aliases=aliases(vuln_id, texts(as_list(vuln.get("aliases")))),
                versions=(version,) if version else (),
                fixed=texts(as_list(fix_versions)),
                summary=short(vuln.get("description")),
                url=OSV_URL + vuln_id,
            )
        )


def sniff(name: str, head: str) -> str | None:
    """pip-audit JSON: a ``dependencies`` list whose entries have ``vulns`` or ``skip_reason``."""
    if _START.match(head) and ('"vulns"' in head or '"skip_reason"' in head):
        return FORMAT
    return None


_START = re.compile(r'\s*\{\s*"dependencies"\s*:\s*\[')


FORMATS: dict[str, Any] = {FORMAT: read_pip_audit}
PATTERNS = (("*pip-audit*.json", FORMAT), ("*pip_audit*.json", FORMAT))
