"""A team's own list of known anomalies of its SOUP (bugs from a package's issue tracker), in YAML or CSV.

YAML: a list of mappings (or a mapping with an ``anomalies`` list); CSV: a header row, then one row per
anomaly. The fields, the same in both::

    - id: urllib3-2663            # required: the tracker's id, unique in the file
      package: urllib3            # required
      ecosystem: pypi             # required: a purl type (npm, pypi, maven...) or an OSV name (PyPI, crates.io)
      affected: ">=2.0.0, <2.0.3" # the affected range, native syntax of the ecosystem or vers:; a list in YAML,
                                  #   alternatives joined by "||" in CSV
      fixed: 2.0.3                # versions that fix it; a list in YAML, separated by ";" or "," in CSV
      summary: Retries lose the request body
      url: https://github.com/urllib3/urllib3/issues/2663
      severity: medium
      kind: bug                   # bug (default), vulnerability or malware

Located problems: a missing required field or CSV column, an unknown field (a typo would silently drop the
data), a range the version library cannot evaluate, a fixed version that is not one of the ecosystem, an
unknown ecosystem, a duplicate id. An anomaly with a problem is still listed when it has an id and a package.
"""

from __future__ import annotations

import re
from typing import Any

from ..facades.csv_file import load_csv
from ..facades.json_file import json_type
from ..facades.version_ranges import is_valid_version, scheme_of
from ..facades.yaml_file import load_yaml
from ..model import Advisory, AdvisoryReport
from .common import Collector, identifier, purl_type, severity, text, texts

FORMAT = "anomaly-list"
REQUIRED = ("id", "package", "ecosystem")
FIELDS = (*REQUIRED, "affected", "fixed", "summary", "url", "severity", "kind")
KINDS = ("bug", "vulnerability", "malware")


def read_anomaly_list(source: str, path: str) -> AdvisoryReport:
    """A YAML or CSV anomaly list (CSV when the file name ends in ``.csv`` or the text has a CSV header)."""
    if path.lower().endswith(".csv") or _csv_header(source):
        return read_anomaly_csv(source, path)
    found = Collector(path, FORMAT)
    data, problem = load_yaml(source, path)
    if problem is not None:
        found.problems.append(problem)
        return found.report()
    if isinstance(data, dict) and "anomalies" in data:
        data = data["anomalies"]
    if data is None:
        return found.report()
    if not isinstance(data, list):
        found.problem(f"an anomaly list is a list of anomalies, found {json_type(data)}", getattr(data, "line", 1))
        return found.report()
    entries = []
    for item in data:
        if not isinstance(item, dict):
            found.problem(f"an anomaly should be a mapping, found {json_type(item)}: not recorded", None)
            continue
        entries.append((item.line, item, item.key_lines))
    _read_entries(entries, found)
    return found.report()


def read_anomaly_csv(source: str, path: str) -> AdvisoryReport:
    found = Collector(path, FORMAT)
    header, rows, problem = load_csv(source, path)
    if problem is not None:
        found.problems.append(problem)
    missing = [name for name in REQUIRED if name not in header]
    if header and missing:
        found.problem(f"the header row has no column {', '.join(map(repr, missing))}", 1)
    entries = []
    for line, row in rows:
        if "" in row:
            found.problem(f"more cells than columns ({row.pop('')!r} beyond the header)", line)
        cells: dict[str, Any] = {key: value for key, value in row.items() if value}
        if "affected" in cells:
            cells["affected"] = [part.strip() for part in cells["affected"].split("||") if part.strip()]
        if "fixed" in cells:
            cells["fixed"] = [part for part in re.split(r"[;,\s]+", cells["fixed"]) if part]
        entries.append((line, cells, {}))
    _read_entries(entries, found)
    return found.report()


def _read_entries(entries: list[tuple[int | None, dict, dict[str, int]]], found: Collector) -> None:
    """Every anomaly; ``entries`` are (line, fields, line of each field)."""
    first_line: dict[str, int | None] = {}
    for line, fields, key_lines in entries:
        unknown = [str(key) for key in fields if key not in FIELDS]
        if unknown:
            where = key_lines.get(unknown[0], line)
            found.problem(f"unknown field {', '.join(map(repr, unknown))} (known: {', '.join(FIELDS)})", where)
        anomaly_id = identifier(fields.get("id"))
        package = text(fields.get("package"))
        missing = [name for name, value in (("id", anomaly_id), ("package", package)) if value is None]
        if missing:
            found.problem(f"an anomaly without {' and '.join(missing)}: not recorded", line)
            continue
        if anomaly_id in first_line:
            found.problem(f"duplicate id {anomaly_id!r} (first at line {first_line[anomaly_id]})", line)
        else:
            first_line[anomaly_id] = line
        _anomaly(anomaly_id, package, fields, line, key_lines, found)


def _anomaly(
    anomaly_id: str, package: str, fields: dict, line: int | None, key_lines: dict[str, int], found: Collector
) -> None:
    subject = f"{anomaly_id} ({package})"
    ecosystem = _ecosystem(fields.get("ecosystem"), subject, key_lines.get("ecosystem", line), found)
    affected: list[str] = []
    ranges = fields.get("affected")
    range_line = key_lines.get("affected", line)
    if ranges is None:
        found.problem(f"{subject}: no 'affected' range, so no version can be matched against it", line)
    elif not isinstance(ranges, str | list) or (
        isinstance(ranges, list) and not all(isinstance(r, str) for r in ranges)
    ):
        found.problem(f"{subject}: 'affected' should be a range or a list of ranges, found {ranges!r}", range_line)
    else:
        for native in [ranges] if isinstance(ranges, str) else ranges:
            affected.extend(found.ranges(ecosystem, native, range_line, subject))
    fixed = _fixed(fields.get("fixed"), ecosystem, subject, key_lines.get("fixed", line), found)
    kind = text(fields.get("kind")) or "bug"
    if kind not in KINDS:
        found.problem(f"{subject}: unknown kind {kind!r} (known: {', '.join(KINDS)})", key_lines.get("kind", line))
    found.add(
        Advisory(
            id=anomaly_id,
            ecosystem=ecosystem,
            package=package,
            source=found.source(line),
            affected=tuple(dict.fromkeys(affected)),
            fixed=fixed,
            severity=severity(fields.get("severity")),
            summary=text(fields.get("summary")),
            url=text(fields.get("url")),
            kind=kind,
        )
    )


def _ecosystem(value: object, subject: str, line: int | None, found: Collector) -> str:
    """The purl type an ``ecosystem`` field names; an unknown one is kept lower-cased, with a problem."""
    written = text(value)
    if written is None:
        found.problem(f"{subject}: no 'ecosystem' (npm, pypi, maven...): listed as generic", line)
        return "generic"
    known = purl_type(written) or (written.lower() if scheme_of(written.lower()) else None)
    if known is None:
        found.problem(f"{subject}: unknown ecosystem {written!r}; its versions cannot be compared", line)
        return written.lower()
    return known


def _fixed(value: object, ecosystem: str, subject: str, line: int | None, found: Collector) -> tuple[str, ...]:
    if isinstance(value, float):  # YAML reads fixed: 2.10 as the number 2.1
        found.problem(f'{subject}: fixed version {value!r} was read as a number; quote it ("{value}")', line)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    fixed = texts(value)
    if value is not None and not fixed:
        found.problem(f"{subject}: 'fixed' should be a version or a list of versions, found {value!r}", line)
    for version in fixed:
        if scheme_of(ecosystem) and not is_valid_version(ecosystem, version):
            found.problem(f"{subject}: fixed version {version!r} is not a {ecosystem} version", line)
    return fixed


def _csv_header(source: str) -> bool:
    """Whether the first line is a CSV header naming at least ``id`` and ``package``."""
    first = source.lstrip("\ufeff").split("\n", 1)[0].lower()
    cells = {cell.strip().strip('"') for cell in first.split(",")}
    return "id" in cells and "package" in cells


def sniff(name: str, head: str) -> str | None:
    """A CSV whose header names ``id`` and ``package``, or a YAML list whose entries start with ``id:``/``package:``."""
    if _csv_header(head):
        return FORMAT
    if re.search(r"^\s*-\s+(id|package)\s*:", head, re.M) and re.search(r"^\s+(package|id)\s*:", head, re.M):
        return FORMAT
    if re.search(r"^anomalies\s*:", head, re.M):
        return FORMAT
    return None


FORMATS: dict[str, Any] = {FORMAT: read_anomaly_list}
PATTERNS = (
    ("*anomal*.yaml", FORMAT),
    ("*anomal*.yml", FORMAT),
    ("*anomal*.csv", FORMAT),
)
