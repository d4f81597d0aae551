"""Helpers shared by the pipenv, pylock, cargo and go.mod reader tests."""

from __future__ import annotations

from types import ModuleType

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.model import SCOPES, Component, ReadResult


def assert_result_well_formed(result: ReadResult, ecosystem: str) -> None:
    """What every result must be, whatever the input: problems located in a file, components complete."""
    assert isinstance(result, ReadResult)
    for problem in result.problems:
        assert problem.source is not None and problem.source.path, problem
    for comp in result.components:
        assert comp.name and comp.ecosystem == ecosystem and comp.purl.startswith(f"pkg:{ecosystem}/"), comp
        assert comp.source.path and comp.scope in SCOPES, comp
        assert not comp.direct or comp.via == (), comp


def named(result: ReadResult) -> dict[tuple[str, str], Component]:
    """Components by (name, version), names as written."""
    return {(c.name, c.version): c for c in result.components}


def register(monkeypatch, module: ModuleType) -> None:
    """Make the reader registry know ``module`` for one test (the lead lists it in ``MODULES`` when integrating)."""
    monkeypatch.setattr(readers, "MODULES", (*readers.MODULES, module))
    monkeypatch.setattr(readers, "FORMATS", {**readers.FORMATS, **module.FORMATS})
    monkeypatch.setattr(readers, "PATTERNS", (*readers.PATTERNS, *module.PATTERNS))
