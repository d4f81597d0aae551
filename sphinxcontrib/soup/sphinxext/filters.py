"""The filter options every soup directive shares (``:system:``, ``:scope:``, ``:ecosystem:``, ``:class:``)."""

from __future__ import annotations

from collections.abc import Iterable

from docutils.parsers.rst import directives

from ..catalog import Item
from ..config import Settings
from ..model import SCOPES


def comma_list(argument: str | None) -> list[str]:
    return [part.strip() for part in (argument or "").split(",") if part.strip()]


def _scopes(argument: str | None) -> list[str]:
    values = comma_list(argument)
    if values == ["all"]:
        return list(SCOPES)
    unknown = [v for v in values if v not in SCOPES]
    if unknown:
        raise ValueError(f"unknown scope(s) {', '.join(unknown)}; use {', '.join(SCOPES)} or all")
    return values


def _classes(argument: str | None) -> list[str]:
    values = [v.upper() for v in comma_list(argument)]
    if any(v not in ("A", "B", "C") for v in values):
        raise ValueError("safety classes are A, B and C")
    return values


FILTER_OPTIONS = {
    "system": comma_list,
    "scope": _scopes,
    "ecosystem": comma_list,
    "class": _classes,
}


def select(items: Iterable[Item], options: dict, settings: Settings) -> list[Item]:
    """Items that pass the directive's filters; by default the SOUP scopes of the configuration."""
    scopes = options.get("scope") or list(settings.scopes)
    systems = {s.lower() for s in options.get("system", [])}
    ecosystems = {e.lower() for e in options.get("ecosystem", [])}
    classes = set(options.get("class", []))
    chosen = []
    for item in items:
        if item.scope not in scopes:
            continue
        if systems and not systems & {s.lower() for s in item.systems}:
            continue
        if ecosystems and item.ecosystem not in ecosystems:
            continue
        if classes and (item.record is None or item.record.safety_class not in classes):
            continue
        chosen.append(item)
    return chosen


def choice(*values: str):
    return lambda argument: directives.choice(argument, values)
