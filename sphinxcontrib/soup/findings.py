"""The open findings of a configuration: one list for ``soup check``, the Sphinx warnings and ``soup-gaps``.

A finding is a :class:`~.model.Problem`: the catalog's input problems (files that cannot be read, records
that do not validate) followed by every check of :mod:`.checks`. Grouping follows a fixed kind order: input
problems first (they hide what the checks would find), then the checks in ``checks.KINDS`` order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .catalog import Catalog
from .checks import KINDS, run_checks
from .config import Settings
from .model import Problem

#: problem kinds of the inputs themselves (README "Warnings" lists them) -> what they mean
INPUT_KINDS = {
    "config": "a wrong soup_* configuration value",
    "input": "a missing or unreadable input file, a glob that matches nothing, an unknown format",
    "parse": "an input file that is not valid JSON/TOML/YAML/XML/UTF-8, or an entry that cannot be read",
    "manifest": "a well-formed manifest or lock file whose content is wrong",
    "record": "a record with an unknown key, a wrong type, a bad value, or a duplicate",
    "unfilled": "a scaffold field a human has not filled in yet (a value starting with TODO)",
    "report": "a well-formed test report whose content is wrong",
    "advisory": "a well-formed advisory report whose content is wrong",
    "unaudited": "a pip-audit report that skipped packages",
}
#: every kind in display order, with its description
DESCRIPTIONS = {**INPUT_KINDS, **KINDS}


@dataclass(frozen=True)
class Group:
    """The findings of one kind."""

    kind: str
    description: str
    findings: tuple[Problem, ...]


def collect(catalog: Catalog, settings: Settings) -> list[Problem]:
    """Every open finding: the catalog's input problems, then the checks (the order Sphinx warns in)."""
    return [*catalog.problems, *run_checks(catalog, settings)]


def grouped(findings: Iterable[Problem], kinds: Iterable[str] | None = None) -> list[Group]:
    """Findings grouped by kind in :data:`DESCRIPTIONS` order (unknown kinds last); only ``kinds`` if given."""
    by_kind: dict[str, list[Problem]] = {}
    for finding in findings:
        by_kind.setdefault(finding.kind, []).append(finding)
    wanted = set(kinds) if kinds is not None else None
    order = [*DESCRIPTIONS, *sorted(set(by_kind) - set(DESCRIPTIONS))]
    return [
        Group(kind, DESCRIPTIONS.get(kind, ""), tuple(by_kind[kind]))
        for kind in order
        if kind in by_kind and (wanted is None or kind in wanted)
    ]


def is_suppressed(finding: Problem, patterns: Iterable[str]) -> bool:
    """Whether Sphinx's ``suppress_warnings`` (``soup``, ``soup.<kind>``, ``soup.*``) hides this finding."""
    return any(p in ("soup", "soup.*", f"soup.{finding.kind}") for p in patterns)
