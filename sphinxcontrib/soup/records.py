"""Curated SOUP records: the human facts about each item, read from YAML and validated with located problems.

A records file is a mapping whose ``soup`` key holds a list of items (a bare list is accepted too)::

    soup:
      - name: react
        ecosystem: npm
        manufacturer: Meta Platforms and community
        purpose: Renders the clinician UI.
        systems: [Viewer]
        safety_class: B
        support: maintained
        end_of_support: 2027-06-30
        verified: {version: 18.2.0, by: J. Doe, date: 2026-10-01}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .facades.json_file import json_type
from .facades.yaml_file import LocatedDict, load_yaml
from .model import Problem, Record, SelfTests, Source

SAFETY_CLASSES = ("A", "B", "C")
SUPPORT_LEVELS = ("maintained", "unmaintained", "abandoned")
#: the marker of a value a human must still supply (``soup scaffold`` writes ``TODO: <what>``)
UNFILLED = "TODO"

#: record key -> (description, expected python type(s))
FIELDS: dict[str, tuple[str, tuple[type, ...]]] = {
    "name": ("package name as the manifest spells it", (str,)),
    "ecosystem": ("purl type (npm, pypi, generic...); omit to match the name in any ecosystem", (str,)),
    "id": ("need id to use instead of the derived one", (str,)),
    "title": ("human title", (str,)),
    "version": ("for a standalone item: its exact version (quote it: 1.10 is not 1.1)", (str, int)),
    "versions": ("range of versions the record covers (informative)", (str,)),
    "manufacturer": ("manufacturer or supplier", (str,)),
    "website": ("http(s) URL", (str,)),
    "purpose": ("why the item is used and why it is appropriate", (str,)),
    "systems": ("software systems that use it", (list, str)),
    "safety_class": ("A, B or C", (str,)),
    "support": ("maintained, unmaintained or abandoned", (str,)),
    "end_of_support": ("ISO date, or 'unknown' with a justification", (dt.date, str)),
    "end_of_support_justification": ("why there is no end-of-support date", (str,)),
    "verified": ("mapping: version, by, date", (dict,)),
    "license": ("SPDX expression (overrides the inputs)", (str,)),
    "license_review": ("why a license the policy puts under review is acceptable here", (str,)),
    "copyright": ("copyright / attribution notice for the product's third-party notices", (str,)),
    "description": ("longer description", (str,)),
    "standalone": ("true: an item no manifest lists (OS image, runtime, firmware, tool)", (bool,)),
    "self_tests": (
        "its own test suite run here: report glob, or {report: glob(s), justified: {test: why}}",
        (str, dict),
    ),
    "wrappers": ("globs (relative to the conf.py directory) of the source files allowed to import it", (list, str)),
    "import_names": ("module names the product imports it by, when they differ from the package name", (list, str)),
}
#: list-of-strings keys kept in ``Record.extra`` (with the line of the key, to locate findings about them)
EXTRA_LISTS = ("wrappers", "import_names")
VERIFIED_FIELDS = {"version": (str, int, list), "by": (str,), "date": (dt.date, str)}
#: other sections a records file may hold, each read by the module that owns it:
#: name -> reader(items, path, problems) -> list of objects (``register_section`` adds one)
SectionReader = Callable[[list, str, list[Problem]], list[Any]]
SECTION_READERS: dict[str, SectionReader] = {}


def register_section(name: str, reader: SectionReader) -> None:
    """Let records files carry a ``name:`` list (requirements, risks, anomaly evaluations...)."""
    SECTION_READERS[name] = reader


@dataclass
class RecordFile:
    """Everything one records file holds: SOUP records, the objects of the other sections, the problems."""

    records: list[Record] = field(default_factory=list)
    sections: dict[str, list[Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_records(text: str, path: str) -> tuple[list[Record], list[Problem]]:
    """All valid SOUP records of one YAML file, and a located problem for every defect."""
    found = read_record_file(text, path)
    return found.records, found.problems


def read_record_file(text: str, path: str) -> RecordFile:
    """One records file: its ``soup`` list and every registered section, with located problems."""
    found = RecordFile()
    data, problem = load_yaml(text, path)
    if problem is not None:
        found.problems.append(problem)
        return found
    if data is None:
        return found
    if not isinstance(data, dict):
        data = {"soup": data}  # a bare list is a list of SOUP records
    known = ("soup", *sorted(SECTION_READERS))
    for key, items in data.items():
        if key not in known:
            message = f"unknown section {key!r} (known: {', '.join(known)})"
            found.problems.append(Problem("record", message, located(path, data, key)))
            continue
        if not isinstance(items, list):
            message = f"{key!r} must be a list, not {json_type(items)}"
            found.problems.append(Problem("record", message, located(path, data, key)))
            continue
        items = [_drop_unfilled(item, path, found.problems) for item in items]
        if key == "soup":
            found.records.extend(r for r in (_record(item, path, found.problems) for item in items) if r)
        else:
            found.sections.setdefault(key, []).extend(SECTION_READERS[key](items, path, found.problems))
    return found


def is_unfilled(value: Any) -> bool:
    """A scaffold blank: ``TODO`` alone or ``TODO: what to write`` (what ``soup scaffold`` writes)."""
    return isinstance(value, str) and (value.strip() == UNFILLED or value.startswith(UNFILLED + ":"))


def _drop_unfilled(entry: Any, path: str, problems: list[Problem], owner: str = "", where: Source | None = None) -> Any:
    """The entry without its scaffold blanks, each one a located ``unfilled`` problem.

    Dropped before validation, so a blank is reported once, as a blank, never as a wrong value too; nested
    mappings and lists (``verified``, ``systems``) are cleaned the same way.
    """
    if isinstance(entry, dict):
        owner = owner or str(entry.get("name") or entry.get("id") or "")
        for key, value in list(entry.items()):
            if is_unfilled(value):
                del entry[key]
                message = f"{owner + ': ' if owner else ''}unfilled scaffold field {key!r} ({value.strip()})"
                problems.append(Problem("unfilled", message, located(path, entry, key)))
            else:
                entry[key] = _drop_unfilled(value, path, problems, owner, located(path, entry, key))
    elif isinstance(entry, list):
        for value in filter(is_unfilled, entry):
            message = f"{owner + ': ' if owner else ''}unfilled scaffold list entry ({value.strip()})"
            problems.append(Problem("unfilled", message, where or Source(path)))
        return [_drop_unfilled(v, path, problems, owner, where) for v in entry if not is_unfilled(v)]
    return entry


def find_duplicates(records: Iterable[Record]) -> list[Problem]:
    """A problem for every record that repeats the (ecosystem, name) of an earlier one."""
    seen: dict[tuple[str | None, str], Record] = {}
    problems = []
    for record in records:
        key = (record.ecosystem, record.name.lower())
        if key in seen:
            first = seen[key].source
            problems.append(
                Problem("record", f"duplicate record for {record.name!r} (first at {first})", record.source)
            )
        else:
            seen[key] = record
    return problems


def located(path: str, mapping: Any, key: str | None = None) -> Source:
    """Where a YAML mapping (or one of its keys) is: for located problems of every records section."""
    if isinstance(mapping, LocatedDict):
        return Source(path, mapping.key_lines.get(key, mapping.line) if key else mapping.line)
    return Source(path)


def _record(item: Any, path: str, problems: list[Problem]) -> Record | None:
    if not isinstance(item, dict):
        problems.append(Problem("record", f"a record must be a mapping, not {type(item).__name__}", Source(path)))
        return None
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem("record", "record without a 'name'", located(path, item)))
        return None
    values: dict[str, Any] = {}
    for key, value in item.items():
        where = located(path, item, key)
        if key not in FIELDS:
            problems.append(Problem("record", f"{name}: unknown key {key!r}", where))
            continue
        expected = FIELDS[key][1]
        if value is None:
            continue
        if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
            wanted = " or ".join(t.__name__ for t in expected)
            problems.append(Problem("record", f"{name}: {key!r} must be {wanted}, not {type(value).__name__}", where))
            continue
        values[key] = value
    _check_choices(name, values, item, path, problems)
    raw_verified = item.get("verified")
    verified = _verified(name, values.pop("verified", None) or {}, path, problems)
    systems = values.pop("systems", ())
    verified_versions = verified.get("version", values.get("version"))
    if verified_versions is not None and not isinstance(verified_versions, list):
        verified_versions = [verified_versions]
    end = values.pop("end_of_support", None)
    lists = _extra_lists(name, values, item, path, problems)
    return Record(
        name=name.strip(),
        source=located(path, item),
        ecosystem=values.pop("ecosystem", None),
        id=values.pop("id", None),
        title=values.pop("title", None),
        version=str(verified_versions[0]) if verified_versions else None,
        verified_versions=tuple(str(v) for v in verified_versions or ()),
        versions=values.pop("versions", None),
        manufacturer=values.pop("manufacturer", None),
        website=values.pop("website", None),
        purpose=values.pop("purpose", None),
        systems=tuple([systems] if isinstance(systems, str) else (str(s) for s in systems)),
        safety_class=values.pop("safety_class", None),
        support=values.pop("support", None),
        end_of_support=str(end) if end is not None else None,
        end_of_support_justification=values.pop("end_of_support_justification", None),
        verified_by=verified.get("by"),
        verified_on=str(verified["date"]) if verified.get("date") else None,
        license=values.pop("license", None),
        license_review=values.pop("license_review", None),
        copyright=values.pop("copyright", None),
        description=values.pop("description", None),
        standalone=values.pop("standalone", False),
        self_tests=_self_tests(name, values.pop("self_tests", None), path, item, problems),
        extra={
            "version_line": located(path, raw_verified if isinstance(raw_verified, dict) else item, "version").line,
            **lists,
        },
    )


def _extra_lists(name: str, values: dict[str, Any], item: Any, path: str, problems: list[Problem]) -> dict:
    """``EXTRA_LISTS`` keys as tuples of non-empty strings (a lone string is a list of one), and their lines."""
    out: dict[str, Any] = {}
    for key in EXTRA_LISTS:
        value = values.pop(key, None)
        if value is None:
            continue
        entries = [value] if isinstance(value, str) else value
        if not all(isinstance(v, str) and v.strip() for v in entries):
            problems.append(Problem("record", f"{name}: {key!r} must list non-empty strings", located(path, item, key)))
            continue
        out[key] = tuple(v.strip() for v in entries)
        out[f"{key}_line"] = located(path, item, key).line
    return out


def _check_choices(name: str, values: dict[str, Any], item: Any, path: str, problems: list[Problem]) -> None:
    """Drop (and report) values outside their closed vocabularies or not ISO dates."""
    if "safety_class" in values and str(values["safety_class"]).upper() not in SAFETY_CLASSES:
        problems.append(
            Problem("record", f"{name}: safety_class must be A, B or C", located(path, item, "safety_class"))
        )
        del values["safety_class"]
    elif "safety_class" in values:
        values["safety_class"] = values["safety_class"].upper()
    if "support" in values and values["support"] not in SUPPORT_LEVELS:
        choices = ", ".join(SUPPORT_LEVELS)
        problems.append(Problem("record", f"{name}: support must be one of {choices}", located(path, item, "support")))
        del values["support"]
    end = values.get("end_of_support")
    if isinstance(end, str) and end != "unknown" and not is_iso_date(end):
        problems.append(
            Problem(
                "record",
                f"{name}: end_of_support must be an ISO date or 'unknown'",
                located(path, item, "end_of_support"),
            )
        )
        del values["end_of_support"]
    website = values.get("website")
    if website and not website.startswith(("http://", "https://")):
        problems.append(Problem("record", f"{name}: website must be an http(s) URL", located(path, item, "website")))
        del values["website"]
    if values.get("standalone") and not (values.get("version") or isinstance(item.get("verified"), dict)):
        problems.append(Problem("record", f"{name}: a standalone item needs a 'version'", located(path, item)))


def _self_tests(name: str, value: Any, path: str, item: Any, problems: list[Problem]) -> SelfTests | None:
    """``self_tests: glob`` or ``{report: glob or [globs], justified: {test id or pattern: reason}}``."""
    if value is None:
        return None
    where = located(path, item, "self_tests")
    spec = {"report": value} if isinstance(value, str) else value
    for key in sorted(map(str, set(spec) - {"report", "justified"})):
        problems.append(Problem("record", f"{name}: unknown key {key!r} in 'self_tests' (report, justified)", where))
    reports = spec.get("report")
    reports = [reports] if isinstance(reports, str) else reports
    if not isinstance(reports, list) or not reports or not all(isinstance(r, str) and r.strip() for r in reports):
        problems.append(Problem("record", f"{name}: self_tests.report must be a glob or a list of globs", where))
        return None
    justified = spec.get("justified") or {}
    pairs = []
    if not isinstance(justified, dict):
        problems.append(Problem("record", f"{name}: self_tests.justified must map test ids to reasons", where))
        justified = {}
    for test, why in justified.items():
        if isinstance(test, str) and isinstance(why, str) and why.strip():
            pairs.append((test, why.strip()))
        else:
            message = f"{name}: self_tests.justified maps a test id or pattern to a reason, not {test!r}: {why!r}"
            problems.append(
                Problem("record", message, located(path, justified, test) if isinstance(test, str) else where)
            )
    return SelfTests(tuple(r.strip() for r in reports), where, tuple(pairs))


def _verified(name: str, verified: dict[str, Any], path: str, problems: list[Problem]) -> dict[str, Any]:
    result = {}
    for key, value in verified.items():
        where = located(path, verified, key)
        if key not in VERIFIED_FIELDS:
            problems.append(Problem("record", f"{name}: unknown key {key!r} in 'verified' (version, by, date)", where))
        elif not isinstance(value, VERIFIED_FIELDS[key]) or isinstance(value, bool):
            problems.append(Problem("record", f"{name}: verified.{key} has the wrong type", where))
        elif key == "version" and isinstance(value, list) and not all(isinstance(v, str) for v in value):
            problems.append(
                Problem("record", f"{name}: verified.version must be a version or a list of quoted versions", where)
            )
        elif key == "date" and isinstance(value, str) and not is_iso_date(value):
            problems.append(Problem("record", f"{name}: verified.date must be an ISO date", where))
        else:
            result[key] = value
    return result


def is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
