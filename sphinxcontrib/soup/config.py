"""The ``soup_*`` configuration: defaults, and validation into one :class:`Settings` object.

Shared by the Sphinx layer (values from conf.py) and the command line; no Sphinx import here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from .licenses import GROUPS, VERDICTS, Policy
from .model import SCOPES
from .readers import FORMATS
from .riskmatrix import RiskMatrix, matrix_from

MANIFEST_KEYS = {
    "path": "glob of manifest/lock files",
    "system": "software system",
    "format": "force a format",
}

#: name -> (default, description) of every config value this extension reads
DEFAULTS: dict[str, tuple[Any, str]] = {
    "soup_manifests": ([], "globs (or {path, system, format} dicts) of manifests and lock files"),
    "soup_records": ([], "globs of curated SOUP record YAML files"),
    "soup_scopes": (["runtime", "optional", "peer"], "dependency scopes that count as SOUP"),
    "soup_strict": (False, "report every gap as an error"),
    "soup_check_transitive": (False, "apply record checks to transitive items too"),
    "soup_id_prefix": ("SOUP_", "prefix of generated need ids"),
    "soup_license_policy": ({}, "allow / review / deny lists of SPDX ids or license groups"),
    "soup_license_from_environment": (False, "read missing licenses of PyPI items from the installed packages"),
    "soup_sbom_output": ("", "write a CycloneDX 1.6 SBOM to this path in the build output ('' = none)"),
    "soup_test_results": ([], "globs of test reports (JUnit, NUnit, xUnit.net, TRX): verification evidence"),
    "soup_requirement_property": ("requirement", "test-case property naming the requirement ids a test verifies"),
    "soup_advisories": ([], "globs of advisory reports (npm/pip audit, OSV, VEX, Dependabot, anomaly lists)"),
    "soup_anomaly_max_age_days": (365, "an anomaly evaluation older than this many days is flagged"),
    "soup_support_horizon_days": (180, "an end of support within this many days is flagged"),
    "soup_risk_matrix": ({}, "severity and probability scales and the level of each cell ({} = a 5x5 default)"),
    "soup_baseline": ([], "the previous release to compare with: lock files/SBOMs, or 'git:REF' (soup-changes)"),
    "soup_requirement_files": ([], "globs or {path, format, columns, type} dicts: YAML, CSV, needs.json requirements"),
    "soup_check_report_age": (False, "flag a test report whose run started before the lock files it verifies changed"),
    "soup_sources": ([], "globs of product source files or directories scanned for imports of SOUP (Python, JS, TS)"),
}

#: keys of a ``soup_requirement_files`` dict
REQUIREMENT_FILE_KEYS = {
    "path": "glob of requirement files",
    "format": "yaml, csv or needs-json (default: from the file name)",
    "columns": "requirement field -> CSV column header or needs.json need field",
    "type": "needs.json: the need type of SOUP requirements (default soupreq)",
}
REQUIREMENT_FILE_FORMATS = ("yaml", "csv", "needs-json")


@dataclass(frozen=True)
class ManifestSpec:
    pattern: str
    system: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class RequirementFileSpec:
    pattern: str
    format: str | None = None  # None: from the file name
    columns: tuple[tuple[str, str], ...] = ()  # (requirement field, column or need field); () = the field names
    type: str = "soupreq"


@dataclass(frozen=True)
class Settings:
    confdir: str
    manifests: tuple[ManifestSpec, ...] = ()
    records: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ("runtime", "optional", "peer")
    strict: bool = False
    check_transitive: bool = False
    id_prefix: str = "SOUP_"
    license_policy: Policy = field(default_factory=Policy)
    license_from_environment: bool = False
    sbom_output: str = ""
    test_results: tuple[str, ...] = ()
    requirement_property: str = "requirement"
    advisories: tuple[str, ...] = ()
    anomaly_max_age_days: int = 365
    support_horizon_days: int = 180
    risk_matrix: RiskMatrix = field(default_factory=RiskMatrix)
    baseline: tuple[ManifestSpec, ...] = ()  # files, or a "git:REF" pattern: the manifests as they were at REF
    requirement_files: tuple[RequirementFileSpec, ...] = ()
    check_report_age: bool = False
    sources: tuple[str, ...] = ()
    conf_file: str | None = None  # to locate config problems
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def settings_from(values: dict[str, Any], confdir: str, conf_file: str | None = None) -> tuple[Settings, list[str]]:
    """Validate raw config values (missing ones take their defaults); return settings and error messages."""
    errors: list[str] = []
    get = {name: values.get(name, default) for name, (default, _) in DEFAULTS.items()}
    manifests = tuple(_manifests(get["soup_manifests"], errors))
    records = tuple(_strings("soup_records", get["soup_records"], errors))
    scopes = tuple(_strings("soup_scopes", get["soup_scopes"], errors))
    for scope in scopes:
        if scope not in SCOPES:
            errors.append(f"soup_scopes: unknown scope {scope!r} (known: {', '.join(SCOPES)})")
    policy = _policy(get["soup_license_policy"], errors)
    advisories = tuple(_strings("soup_advisories", get["soup_advisories"], errors))
    max_age = _days("soup_anomaly_max_age_days", get["soup_anomaly_max_age_days"], 365, errors)
    horizon = _days("soup_support_horizon_days", get["soup_support_horizon_days"], 180, errors)
    risk_matrix = matrix_from(get["soup_risk_matrix"], errors)
    baseline = tuple(_baseline(get["soup_baseline"], errors))
    test_results = tuple(_strings("soup_test_results", get["soup_test_results"], errors))
    sources = tuple(_strings("soup_sources", get["soup_sources"], errors))
    requirement_property = get["soup_requirement_property"]
    if not isinstance(requirement_property, str) or not requirement_property.strip():
        errors.append(f"soup_requirement_property must be a non-empty string, not {requirement_property!r}")
        requirement_property = "requirement"
    if (
        not isinstance(get["soup_sbom_output"], str)
        or os.path.isabs(get["soup_sbom_output"])
        or ".." in get["soup_sbom_output"]
    ):
        errors.append(
            f"soup_sbom_output must be a relative path inside the build output, not {get['soup_sbom_output']!r}"
        )
    requirement_files = tuple(_requirement_files(get["soup_requirement_files"], errors))
    for name in ("soup_strict", "soup_check_transitive", "soup_license_from_environment", "soup_check_report_age"):
        if not isinstance(get[name], bool):
            errors.append(f"{name} must be True or False, not {get[name]!r}")
    prefix = get["soup_id_prefix"]
    if not isinstance(prefix, str) or not prefix.replace("_", "").isalnum() or prefix.upper() != prefix:
        errors.append(f"soup_id_prefix must be upper-case letters, digits and '_', not {prefix!r}")
        prefix = "SOUP_"
    settings = Settings(
        confdir=confdir,
        manifests=manifests,
        records=records,
        scopes=scopes,
        strict=get["soup_strict"] is True,
        check_transitive=get["soup_check_transitive"] is True,
        id_prefix=prefix,
        license_policy=policy,
        license_from_environment=get["soup_license_from_environment"] is True,
        sbom_output=get["soup_sbom_output"] if isinstance(get["soup_sbom_output"], str) else "",
        test_results=test_results,
        requirement_property=requirement_property.strip(),
        advisories=advisories,
        anomaly_max_age_days=max_age,
        support_horizon_days=horizon,
        risk_matrix=risk_matrix,
        baseline=baseline,
        requirement_files=requirement_files,
        check_report_age=get["soup_check_report_age"] is True,
        sources=sources,
        conf_file=conf_file,
    )
    return settings, errors


def _policy(value: Any, errors: list[str]) -> Policy:
    if not isinstance(value, dict):
        errors.append(f"soup_license_policy must be a dict with allow / review / deny lists, not {value!r}")
        return Policy()
    unknown = sorted(set(value) - set(VERDICTS))
    if unknown:
        errors.append(
            f"soup_license_policy: unknown key(s) {', '.join(map(repr, unknown))} (known: allow, review, deny)"
        )
    lists = {k: _strings(f"soup_license_policy[{k!r}]", value.get(k, []), errors) for k in VERDICTS}
    seen: dict[str, str] = {}
    for verdict, names in lists.items():
        for name in names:
            if name.lower() in seen and seen[name.lower()] != verdict:
                errors.append(f"soup_license_policy: {name!r} is in both {seen[name.lower()]!r} and {verdict!r}")
            seen[name.lower()] = verdict
    return Policy.from_config(lists)


LICENSE_GROUPS = tuple(sorted(GROUPS))


def _days(name: str, value: Any, default: int, errors: list[str]) -> int:
    """A whole, non-negative number of days (``True`` is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        errors.append(f"{name} must be a whole number of days (0 or more), not {value!r}")
        return default
    return value


def _strings(name: str, value: Any, errors: list[str]) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        errors.append(f"{name} must be a list of strings, not {value!r}")
        return []
    return list(value)


def _manifests(value: Any, errors: list[str]) -> list[ManifestSpec]:
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        errors.append(f"soup_manifests must be a list of globs or dicts, not {value!r}")
        return []
    specs = []
    for entry in value:
        if isinstance(entry, str):
            specs.append(ManifestSpec(entry))
            continue
        if not isinstance(entry, dict):
            errors.append(f"soup_manifests: each entry must be a string or a dict, not {entry!r}")
            continue
        unknown = sorted(set(entry) - set(MANIFEST_KEYS))
        if unknown:
            known = ", ".join(MANIFEST_KEYS)
            errors.append(
                f"soup_manifests: unknown key(s) {', '.join(map(repr, unknown))} in {entry!r} (known: {known})"
            )
        bad = [k for k in MANIFEST_KEYS if k in entry and not isinstance(entry[k], str)]
        if "path" not in entry:
            errors.append(f"soup_manifests: entry {entry!r} has no 'path'")
        elif bad:
            errors.append(f"soup_manifests: {', '.join(bad)} must be strings in {entry!r}")
        elif entry.get("format") is not None and entry["format"] not in FORMATS:
            errors.append(f"soup_manifests: unknown format {entry['format']!r} (known: {', '.join(sorted(FORMATS))})")
        else:
            specs.append(ManifestSpec(entry["path"], entry.get("system"), entry.get("format")))
    return specs


def _baseline(value: Any, errors: list[str]) -> list[ManifestSpec]:
    """``soup_baseline``: entries like ``soup_manifests``'; ``"git:REF"`` stands for every manifest at REF."""
    found: list[str] = []
    specs = _manifests(value, found)
    errors.extend(e.replace("soup_manifests", "soup_baseline", 1) for e in found)
    for spec in specs:
        if spec.pattern.startswith("git:") and not spec.pattern[4:].strip():
            errors.append(f"soup_baseline: {spec.pattern!r} names no git ref (write 'git:v1.0', 'git:HEAD~1', ...)")
    return [s for s in specs if s.pattern[4:].strip() or not s.pattern.startswith("git:")]


def _requirement_files(value: Any, errors: list[str]) -> list[RequirementFileSpec]:
    from .requirements import FILE_COLUMNS  # requirements imports this module

    name = "soup_requirement_files"
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        errors.append(f"{name} must be a list of globs or dicts, not {value!r}")
        return []
    specs = []
    for entry in value:
        if isinstance(entry, str):
            specs.append(RequirementFileSpec(entry))
            continue
        if not isinstance(entry, dict):
            errors.append(f"{name}: each entry must be a string or a dict, not {entry!r}")
            continue
        count = len(errors)
        unknown = sorted(set(entry) - set(REQUIREMENT_FILE_KEYS))
        if unknown:
            known = ", ".join(REQUIREMENT_FILE_KEYS)
            errors.append(f"{name}: unknown key(s) {', '.join(map(repr, unknown))} in {entry!r} (known: {known})")
        if not isinstance(entry.get("path"), str):
            errors.append(f"{name}: entry {entry!r} needs a 'path' glob")
        fmt, kind = entry.get("format"), entry.get("type", "soupreq")
        if fmt is not None and fmt not in REQUIREMENT_FILE_FORMATS:
            errors.append(f"{name}: unknown format {fmt!r} (known: {', '.join(REQUIREMENT_FILE_FORMATS)})")
        if not isinstance(kind, str) or not kind:
            errors.append(f"{name}: 'type' must be a need type name, not {kind!r}")
        columns = entry.get("columns", {})
        if not isinstance(columns, dict) or not all(isinstance(v, str) and v for v in columns.values()):
            errors.append(f"{name}: 'columns' must map requirement fields to column names, not {columns!r}")
            columns = {}
        wrong = sorted(set(columns) - set(FILE_COLUMNS))
        if wrong:
            known = ", ".join(FILE_COLUMNS)
            errors.append(f"{name}: unknown column field(s) {', '.join(map(repr, wrong))} (known: {known})")
        if len(errors) == count:
            pairs = tuple((k, v.strip()) for k, v in columns.items())
            specs.append(RequirementFileSpec(entry["path"], fmt, pairs, kind))
    return specs
