"""Helpers shared by the Python reader tests (ground truth loading, comparisons, corpus file text)."""

from __future__ import annotations

import json
from pathlib import Path

from sphinxcontrib.soup.facades.pep508 import canonical_name
from sphinxcontrib.soup.model import ReadResult


def triples(result: ReadResult) -> set[tuple[str, str, bool]]:
    """(normalized name, version, direct) of every component."""
    return {(canonical_name(c.name), c.version, c.direct) for c in result.components}


def expected(path: Path) -> dict:
    """The ``*.expected.json`` ground truth beside a corpus file."""
    return json.loads(path.with_name(path.name + ".expected.json").read_text())


def expected_triples(truth: dict) -> set[tuple[str, str, bool]]:
    return {(canonical_name(p["name"]), p["version"], p["direct"]) for p in truth["packages"]}


def by_key(result: ReadResult) -> dict[tuple[str, str], object]:
    """Components by (normalized name, version)."""
    return {(canonical_name(c.name), c.version): c for c in result.components}


def assert_well_formed(result: ReadResult, path: str) -> None:
    """What every result must be, whatever the input: problems located in a file, components complete."""
    assert isinstance(result, ReadResult)
    for problem in result.problems:
        assert problem.source is not None and problem.source.path, problem
    for comp in result.components:
        assert comp.name and comp.ecosystem == "pypi" and comp.purl.startswith("pkg:pypi/"), comp
        assert comp.source.path, comp
        assert not comp.direct or comp.via == (), comp
