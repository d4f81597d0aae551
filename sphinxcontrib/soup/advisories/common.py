"""What the advisory readers share: the report being built, located problems, lines of JSON objects, and the
small conversions every format needs (ids, severities, scores, ecosystems, ranges)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from ..facades.json_file import load_json
from ..facades.version_ranges import to_vers
from ..model import Advisory, AdvisoryReport, Analysis, Problem, Source

#: kind of the problems of a well-formed report whose content is wrong (``soup.advisory`` warnings)
KIND = "advisory"

#: OSV ecosystem (the part before ``:``) -> purl type. Used by OSV and, lower-cased, by the anomaly list.
OSV_ECOSYSTEMS = {
    "npm": "npm",
    "PyPI": "pypi",
    "Go": "golang",
    "crates.io": "cargo",
    "Maven": "maven",
    "NuGet": "nuget",
    "RubyGems": "gem",
    "Packagist": "composer",
    "Pub": "pub",
    "Hex": "hex",
    "Hackage": "hackage",
    "CRAN": "cran",
    "SwiftURL": "swift",
    "ConanCenter": "conan",
    "GitHub Actions": "github",
    "Debian": "deb",
    "Ubuntu": "deb",
    "Alpine": "apk",
    "Wolfi": "apk",
    "Chainguard": "apk",
    "Alpaquita": "apk",
    "BellSoft Hardened Containers": "apk",
    "Red Hat": "rpm",
    "SUSE": "rpm",
    "openSUSE": "rpm",
    "Rocky Linux": "rpm",
    "AlmaLinux": "rpm",
    "Mageia": "rpm",
    "openEuler": "rpm",
    "Photon OS": "rpm",
    "Azure Linux": "rpm",
    "Bitnami": "bitnami",
}
_BY_LOWER = {key.lower(): value for key, value in OSV_ECOSYSTEMS.items()}
_GHSA = re.compile(r"GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}")


def purl_type(ecosystem: str) -> str | None:
    """The purl type of an OSV ecosystem name (``PyPI``, ``Alpine:v3.18``, ``Red Hat:rhel_aus:8.6``) or of a purl
    type written as such (``pypi``); None when unknown."""
    base = ecosystem.split(":", 1)[0].strip()
    found = OSV_ECOSYSTEMS.get(base) or _BY_LOWER.get(base.lower())
    if found:
        return found
    return base.lower() if base.lower() in _BY_LOWER.values() else None


class Collector:
    """The advisories, analyses and problems of one file, as a reader finds them.

    One advisory per (id, ecosystem, package): reports repeat an advisory for every path that reaches the
    package (yarn 1, osv-scanner), OSV lists a package once per distribution release, VEX splits one
    vulnerability into several statements. The first, lowest-line copy is kept, with the union of the
    affected ranges, versions, fixed versions and aliases of all copies, and the fields it lacks filled in.
    """

    def __init__(self, path: str, fmt: str) -> None:
        self.path = path
        self.format = fmt
        self.advisories: dict[tuple[str, str, str], Advisory] = {}
        self.analyses: list[Analysis] = []
        self.problems: list[Problem] = []

    def source(self, line: int | None) -> Source:
        return Source(self.path, line)

    def problem(self, message: str, line: int | None = None, kind: str = KIND) -> None:
        self.problems.append(Problem(kind, message, Source(self.path, line)))

    def json(self, source: str) -> tuple[bool, Any]:
        """``(True, data)`` of a JSON report; ``(False, None)`` with the parse problem recorded when it is not JSON."""
        data, problem = load_json(source, self.path)
        if problem is not None:
            self.problems.append(problem)
            return False, None
        return True, data

    def add(self, advisory: Advisory) -> None:
        key = (advisory.id, advisory.ecosystem, advisory.package)
        seen = self.advisories.get(key)
        self.advisories[key] = advisory if seen is None else _merge(seen, advisory)

    def analyse(self, analysis: Analysis) -> None:
        self.analyses.append(analysis)

    def ranges(self, ecosystem: str, native: object, line: int | None, subject: str) -> tuple[str, ...]:
        """``vers`` strings of a native range; a range that cannot be evaluated is a located problem naming
        ``subject`` (the advisory and package), and gives nothing."""
        if native is None:
            return ()
        found = to_vers(ecosystem, native) if isinstance(native, str) else None
        if found is None:
            self.problem(f"{subject}: affected range {native!r} cannot be evaluated for {ecosystem} versions", line)
            return ()
        return found

    def report(self, tool: str | None = None, generated: str | None = None) -> AdvisoryReport:
        return AdvisoryReport(
            path=self.path,
            format=self.format,
            advisories=tuple(self.advisories.values()),
            analyses=tuple(self.analyses),
            problems=tuple(self.problems),
            tool=tool,
            generated=generated,
        )


_UNIONS = ("aliases", "affected", "versions", "fixed")
_FILLS = ("severity", "score", "summary", "url", "published", "modified")


def _merge(first: Advisory, other: Advisory) -> Advisory:
    """``first`` with the union of both copies' lists and its missing fields taken from ``other``."""
    changes: dict[str, Any] = {}
    for name in _UNIONS:
        mine, theirs = getattr(first, name), getattr(other, name)
        if theirs and mine != theirs:
            merged = tuple(dict.fromkeys((*mine, *theirs)))
            if merged != mine:
                changes[name] = merged
    for name in _FILLS:
        if getattr(first, name) is None and getattr(other, name) is not None:
            changes[name] = getattr(other, name)
    return dataclasses.replace(first, **changes) if changes else first


def failed(path: str, fmt: str, problem: Problem) -> AdvisoryReport:
    """The report of a file that could not be read at all."""
    return AdvisoryReport(path=path, format=fmt, problems=(problem,))


# --- small conversions ------------------------------------------------------------------------------------------


def text(value: object) -> str | None:
    """A non-blank string as written (stripped), else None."""
    return value.strip() or None if isinstance(value, str) else None


def texts(value: object) -> tuple[str, ...]:
    """The non-blank strings of a list (a single string counts as a list of one); anything else gives ()."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    try:
        stripped = [item.strip() for item in value]  # lists of strings are the rule: one pass
    except AttributeError:
        stripped = [item.strip() for item in value if isinstance(item, str)]
    return tuple(dict.fromkeys(filter(None, stripped)))


def identifier(value: object) -> str | None:
    """An id written as a string or an integer (npm source ids, issue numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return text(value)


def severity(value: object) -> str | None:
    """A severity as the source says it, lower-cased (``CRITICAL`` -> ``critical``)."""
    found = text(value)
    return found.lower() if found else None


def score(value: object) -> float | None:
    """A CVSS base score: a number (or numeric string) from 0 to 10; npm's ``0`` placeholder is no score."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, int | float) and 0 < value <= 10:
        return float(value)
    return None


def ghsa(*candidates: object) -> str | None:
    """The first GitHub advisory id found in the candidates (an id field, an advisory URL)."""
    for candidate in candidates:
        if isinstance(candidate, str):
            found = _GHSA.search(candidate)
            if found:
                return found.group()
    return None


def aliases(own: str, *groups: Iterable[str]) -> tuple[str, ...]:
    """Other ids of an advisory, in order, without its own id and without repeats."""
    return tuple(dict.fromkeys(a for group in groups for a in group if a and a != own))


def short(value: object, limit: int = 240) -> str | None:
    """The first paragraph of a description, cut at a word before ``limit`` characters (``…`` marks a cut)."""
    found = text(value)
    if not found:
        return None
    found = found.split("\n\n", 1)[0].strip().lstrip("#").strip()
    found = re.sub(r"\s+", " ", found)
    if len(found) <= limit:
        return found
    cut = found.rfind(" ", 0, limit)
    return found[: cut if cut > limit // 2 else limit].rstrip() + "…"


def as_dict(value: object) -> dict:
    """``value`` when it is an object, else an empty one (the caller reports the wrong type)."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list:
    """``value`` when it is a list, else an empty one (the caller reports the wrong type)."""
    return value if isinstance(value, list) else []


# --- lines of JSON objects ---------------------------------------------------------------------------------------


def json_dict_lines(source: str, data: Any) -> dict[int, int]:
    """Line of the opening brace of every object in ``data`` (parsed from ``source``): ``id(obj) -> line``.

    ``json`` gives no positions. The n-th ``{`` that opens an object in the text is the n-th object of a
    pre-order walk of ``data``. When the first keys of both sequences agree (the rule), the lines are zipped
    on; otherwise (a ``{`` inside a string) each object is matched by its first key within a small window, so
    a stray brace costs at most the objects near it. One regex pass over the text, lines counted as it goes.
    """
    keys, lines = _structural_braces(source)
    objects = _objects(data)
    if [next(iter(obj), None) for obj in objects] == keys:
        return dict(zip(map(id, objects), lines, strict=True))
    found: dict[int, int] = {}
    cursor = 0
    for obj in objects:
        first = next(iter(obj), None)
        at = cursor if cursor < len(keys) and keys[cursor] == first else _match_brace(keys, cursor, first)
        if at is not None:
            found[id(obj)] = lines[at]
            cursor = at + 1
    return found


_CONTAINERS = (dict, list)
_WINDOW = 64
#: a ``{`` with its first key, or ``}`` for an empty object
_BRACE = re.compile(r'\{\s*(?:"((?:[^"\\]|\\.)*)"|(\}))?')


def _objects(data: Any) -> list[dict]:
    """Every object of a parsed JSON document in pre-order (the order of their opening braces)."""
    found: list[dict] = []
    append = found.append

    def visit(value: Any) -> None:
        if type(value) is dict:
            append(value)
            value = value.values()
        for child in value:
            kind = type(child)
            if kind is dict or kind is list:
                visit(child)

    if type(data) in _CONTAINERS:
        try:
            visit(data)
        except RecursionError:  # deeper than the stack allows (json itself decodes a little deeper)
            found.clear()
            stack = [data]
            while stack:
                value = stack.pop()
                if type(value) is dict:
                    append(value)
                    value = value.values()
                stack.extend(reversed([child for child in value if type(child) in _CONTAINERS]))
    return found


def _structural_braces(source: str) -> tuple[list[str | None], list[int]]:
    """First key (raw) and line of each ``{`` that can open an object: one after ``:``, ``[``, ``,`` or at the
    start. The key is None for ``{}``, ``""`` when something else follows the brace."""
    keys: list[str | None] = []
    lines: list[int] = []
    count = source.count
    line, counted = 1, 0
    for match in _BRACE.finditer(source):
        brace = match.start()
        key = match.group(1)
        if key is None:  # no key after it: ``{}``, or a brace inside a string (where quotes are escaped)
            before = source[brace - 40 if brace > 40 else 0 : brace].rstrip()
            if before and before[-1] not in ":[,":
                continue
            key = None if match.group(2) else ""
        line += count("\n", counted, brace)
        counted = brace
        keys.append(key)
        lines.append(line)
    return keys, lines


def _match_brace(keys: list[str | None], start: int, first: str | None) -> int | None:
    """Index of the first brace at or after ``start`` whose first key is ``first`` (escaped keys match any)."""
    for i in range(start, min(start + _WINDOW, len(keys))):
        key = keys[i]
        if key == first or (key and first is not None and "\\" in key):
            return i
    return None
