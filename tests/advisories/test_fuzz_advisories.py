"""Fuzz the advisory readers and the version-range facade: random text, mutated real files, and values of wrong
types in the places the readers look. Nothing may raise; every problem names its file."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib.soup.advisories import FORMATS
from sphinxcontrib.soup.facades.version_ranges import SCHEMES, affects, events_to_vers, to_vers
from tests.advisories.helpers import OSV, VEX, VULN_REPORTS, assert_report

DATA = Path(__file__).parent / "data"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

#: (file, format): a real file of each format, from the corpus ("corpus:") or tests/advisories/data
FILES = [
    ("corpus:" + VULN_REPORTS + "audit-ci-npm7-audit.allowlisted-path.json", "npm-audit"),
    ("corpus:" + VULN_REPORTS + "audit-ci-npm6-audit.allowlisted-path.json", "npm-audit"),
    ("corpus:" + VULN_REPORTS + "audit-ci-yarn1-audit.duplicate-paths.jsonl", "yarn-audit"),
    ("corpus:" + VULN_REPORTS + "vulnflask-secureci.pip-audit.json", "pip-audit"),
    ("corpus:" + OSV + "PYSEC-2023-74.json", "osv"),
    ("corpus:" + OSV + "CVE-2018-5407.json", "osv"),
    ("corpus:" + VEX + "cisa-case-8.vex.json", "cyclonedx-vex"),
    ("vex.1.4.xml", "cyclonedx-vex"),
    ("dependabot-alerts.json", "dependabot-alerts"),
    ("anomalies.yaml", "anomaly-list"),
    ("anomalies.csv", "anomaly-list"),
    ("osv-scanner.json", "osv"),
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def text_of(corpus: Path, name: str) -> str:
    path = corpus / name.removeprefix("corpus:") if name.startswith("corpus:") else DATA / name
    return path.read_text(encoding="utf-8")


def mutate(text: str, data: st.DataObject) -> str:
    """Truncate, flip characters, delete or duplicate lines: 1-4 times."""
    for _ in range(data.draw(st.integers(1, 4))):
        if not text:
            break
        op = data.draw(st.sampled_from(["truncate", "flip", "delete", "duplicate"]))
        at = data.draw(st.integers(0, len(text) - 1))
        if op == "truncate":
            text = text[:at]
        elif op == "flip":
            text = text[:at] + data.draw(st.sampled_from('{}[]",:0a-<>=|\n\\ ')) + text[at + 1 :]
        else:
            lines = text.splitlines(keepends=True)
            start = data.draw(st.integers(0, len(lines) - 1))
            end = start + data.draw(st.integers(1, 20))
            lines[start:end] = [] if op == "delete" else lines[start:end] * 2
            text = "".join(lines)
    return text


@FUZZ
@given(text=st.text(max_size=300), fmt=st.sampled_from(sorted(FORMATS)))
def test_random_text(text: str, fmt: str) -> None:
    assert_report(FORMATS[fmt](text, "fuzz/report"))


@pytest.mark.parametrize(("name", "fmt"), FILES)
@FUZZ
@given(data=st.data())
def test_mutated_real_files(corpus: Path, name: str, fmt: str, data: st.DataObject) -> None:
    assert_report(FORMATS[fmt](mutate(text_of(corpus, name), data), "fuzz/report"), "fuzz/report")


def places(value: object, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside a parsed JSON document (dict keys and list indexes)."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(places(child, (*path, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value[:3]):
            found.extend(places(child, (*path, index)))
    return found


def put(document: object, place: tuple, value: object) -> object:
    document = copy.deepcopy(document)
    node = document
    for key in place[:-1]:
        node = node[key]
    node[place[-1]] = value
    return document


JSON_FILES = [(name, fmt) for name, fmt in FILES if name.endswith(".json") and fmt != "yarn-audit"]


@pytest.mark.parametrize(("name", "fmt"), JSON_FILES)
@FUZZ
@given(data=st.data())
def test_wrong_types_where_the_readers_look(corpus: Path, name: str, fmt: str, data: st.DataObject) -> None:
    document = json.loads(text_of(corpus, name))
    place = data.draw(st.sampled_from(places(document)))
    broken = put(document, place, data.draw(json_values))
    report = FORMATS[fmt](json.dumps(broken, indent=data.draw(st.sampled_from([None, 2]))), "fuzz/report")
    assert_report(report, "fuzz/report")


@FUZZ
@given(data=st.data())
def test_yaml_anomalies_with_wrong_types(data: st.DataObject) -> None:
    entry = {"id": "X", "package": "p", "ecosystem": "npm", "affected": "<1.0.0", "fixed": "1.0.0", "kind": "bug"}
    entry[data.draw(st.sampled_from(sorted(entry)))] = data.draw(json_values)
    assert_report(FORMATS["anomaly-list"](json.dumps([entry]), "fuzz/anomalies.yaml"))


RANGE_ALPHABET = "0123456789.<>=!~^*|,- vxabrc[]()"


@settings(max_examples=300, deadline=None)
@given(
    ecosystem=st.sampled_from(sorted(SCHEMES)),
    native=st.text(RANGE_ALPHABET, max_size=24),
    version=st.text("0123456789.-abrcv", max_size=10),
)
def test_ranges_never_raise(ecosystem: str, native: str, version: str) -> None:
    found = to_vers(ecosystem, native)
    assert found is None or all(v.startswith("vers:") and to_vers(ecosystem, v) == (v,) for v in found)
    assert affects(ecosystem, native, version) in (True, False, None)


@settings(max_examples=200, deadline=None)
@given(
    ecosystem=st.sampled_from(sorted(SCHEMES)),
    events=st.lists(
        st.tuples(
            st.sampled_from(["introduced", "fixed", "last_affected", "limit"]), st.text("0123456789.", max_size=6)
        ),
        max_size=5,
    ),
)
def test_events_never_raise(ecosystem: str, events: list) -> None:
    found = events_to_vers(ecosystem, tuple(events))
    assert found is None or all(to_vers(ecosystem, v) == (v,) for v in found)


@settings(max_examples=300, deadline=None)
@given(
    lower=st.tuples(st.integers(0, 5), st.integers(0, 5)),
    upper=st.tuples(st.integers(0, 5), st.integers(0, 5)),
    other=st.tuples(st.integers(0, 5), st.integers(0, 5)),
    probe=st.tuples(st.integers(0, 6), st.integers(0, 6)),
)
def test_npm_union_agrees_with_its_alternatives(lower: tuple, upper: tuple, other: tuple, probe: tuple) -> None:
    """A union of alternatives answers as "in any of them", whether it became one vers or several."""
    a = f">={lower[0]}.{lower[1]}.0 <{upper[0]}.{upper[1]}.0"
    b = f">={other[0]}.{other[1]}.0"
    version = f"{probe[0]}.{probe[1]}.0"
    expected = bool(affects("npm", a, version)) or bool(affects("npm", b, version))
    assert affects("npm", f"{a} || {b}", version) is expected
