"""Helpers shared by the SBOM and OS-package reader tests."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.facades.pep508 import canonical_name
from sphinxcontrib.soup.model import ReadResult
from sphinxcontrib.soup.readers import cyclonedx, ospkg, spdx

MY_MODULES = (cyclonedx, spdx, ospkg)


def well_formed(result: ReadResult, path: str) -> ReadResult:
    """What every result is, whatever the input: problems located in a file, components complete."""
    assert isinstance(result, ReadResult)
    for problem in result.problems:
        assert problem.source is not None and problem.source.path, problem
    for comp in result.components:
        assert isinstance(comp.name, str) and comp.name, comp
        assert isinstance(comp.version, str), comp
        assert comp.purl.startswith(f"pkg:{comp.ecosystem}/"), comp
        assert comp.source.path == path, comp
        assert not comp.direct or comp.via == (), comp
    return result


def triples(result: ReadResult, canonical: bool = False) -> set[tuple[str, str, bool]]:
    name = canonical_name if canonical else str
    return {(name(c.name), c.version, c.direct) for c in result.components}


def ground_truth(path: Path, canonical: bool = False) -> tuple[dict, set[tuple[str, str, bool]]]:
    truth = json.loads(path.read_text())
    name = canonical_name if canonical else str
    return truth, {(name(p["name"]), p["version"], p["direct"]) for p in truth["packages"]}


def without_lines(result: ReadResult) -> list[tuple]:
    """The components as comparable tuples, file and line left out (twins in two syntaxes)."""
    return sorted(dataclasses.astuple(dataclasses.replace(c, source=None)) for c in result.components)


def messages(result: ReadResult) -> list[str]:
    return [p.message for p in result.problems]


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader registry with this family's modules added, as the lead will add them."""
    modules = (*readers.MODULES, *(m for m in MY_MODULES if m not in readers.MODULES))
    monkeypatch.setattr(readers, "MODULES", modules)
    monkeypatch.setattr(readers, "FORMATS", {f: r for m in modules for f, r in m.FORMATS.items()})
    monkeypatch.setattr(readers, "PATTERNS", tuple(p for m in modules for p in m.PATTERNS))
