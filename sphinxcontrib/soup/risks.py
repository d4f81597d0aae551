"""SOUP risk analysis (IEC 62304 7.1.2, ISO 14971 style): the ``risks:`` records section, and its checks.

Each risk names the SOUP item(s) whose failure contributes to it, the failure mode, the hazardous situation,
the harm, severity and probability before and after its controls (on the scales of ``soup_risk_matrix``),
the controls (ids of SOUP requirements, other risks, items or the user's own needs; or free text), and the
residual acceptability with its rationale. No Sphinx here: control ids that only sphinx-needs knows are
checked by the Sphinx layer (``sphinxext/risks.py``) once every document is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .anomalies import anomaly_view
from .catalog import Catalog, Item, identity
from .config import Settings
from .model import Problem, Source
from .records import located, register_section

#: ``risks:`` record key -> (description, expected python type(s)); README lists these
RISK_FIELDS: dict[str, tuple[str, tuple[type, ...]]] = {
    "id": ("unique id (upper-case letters, digits, '_': it is also the need id)", (str,)),
    "items": ("SOUP item name(s) or id(s) whose failure contributes", (list, str)),
    "title": ("short title", (str,)),
    "failure_mode": ("how the SOUP item fails", (str,)),
    "hazardous_situation": ("the hazardous situation the failure leads to", (str,)),
    "harm": ("the harm", (str,)),
    "severity": ("severity before control (on the soup_risk_matrix scale)", (str,)),
    "probability": ("probability before control", (str,)),
    "controls": ("risk control ids (SOUP requirements, needs) or free-text measures", (list, str)),
    "severity_after": ("severity after control", (str,)),
    "probability_after": ("probability after control", (str,)),
    "acceptability": ("the residual risk decision, as stated by the team", (str,)),
    "rationale": ("why the residual risk is acceptable (required in an unacceptable cell)", (str,)),
}
#: a control without spaces is an id that must link to something; with spaces it is a described measure
_CONTROL_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")


@dataclass(frozen=True)
class Risk:
    id: str
    source: Source
    items: tuple[str, ...] = ()
    title: str | None = None
    failure_mode: str | None = None
    hazardous_situation: str | None = None
    harm: str | None = None
    severity: str | None = None
    probability: str | None = None
    controls: tuple[str, ...] = ()
    severity_after: str | None = None
    probability_after: str | None = None
    acceptability: str | None = None
    rationale: str | None = None

    @property
    def control_ids(self) -> tuple[str, ...]:
        return tuple(c for c in self.controls if _CONTROL_ID.match(c))


def read_risks(items: list, path: str, problems: list[Problem]) -> list[Risk]:
    """The ``risks:`` section of one records file; a risk without an id is reported and skipped (nothing
    could link to it), any other defect is reported and the risk kept."""
    found = []
    for entry in items:
        if not isinstance(entry, dict):
            problems.append(Problem("record", f"a risk must be a mapping, not {type(entry).__name__}", Source(path)))
            continue
        risk_id = entry.get("id")
        if not isinstance(risk_id, str) or not risk_id.strip():
            problems.append(Problem("record", "risk without an 'id'", located(path, entry)))
            continue
        values: dict[str, Any] = {}
        for key, value in entry.items():
            if key not in RISK_FIELDS:
                problems.append(Problem("record", f"{risk_id}: unknown key {key!r}", located(path, entry, key)))
            elif value is None:
                continue
            elif not isinstance(value, RISK_FIELDS[key][1]) or (
                isinstance(value, list) and not all(isinstance(v, str) for v in value)
            ):
                problems.append(Problem("record", f"{risk_id}: {key!r} has the wrong type", located(path, entry, key)))
            else:
                values[key] = value
        if "items" not in values:
            problems.append(Problem("record", f"{risk_id}: 'items' is required", located(path, entry)))
        lists = {
            k: tuple([values.pop(k)] if isinstance(values.get(k), str) else values.pop(k, ()))
            for k in ("items", "controls")
        }
        values.pop("id", None)
        found.append(Risk(id=risk_id.strip(), source=located(path, entry), **lists, **values))
    return found


register_section("risks", read_risks)


def risks_of(catalog: Catalog) -> list[Risk]:
    return list(catalog.sections.get("risks", []))


def items_of(risk: Risk, catalog: Catalog) -> list[Item]:
    """The catalog items a risk names (by item id, or by name in any ecosystem)."""
    wanted = {name.lower() for name in risk.items}
    return [i for i in catalog.items if i.id.lower() in wanted or identity(i.ecosystem, i.name)[1] in wanted]


def known_ids(catalog: Catalog) -> set[str]:
    """Every id the core knows a control may link to: risks, items, and the ids of other records sections."""
    ids = {item.id for item in catalog.items}
    for objects in catalog.sections.values():
        ids.update(obj.id for obj in objects if isinstance(getattr(obj, "id", None), str))
    return ids


def unresolved_controls(catalog: Catalog, extra_ids: Iterable[str] = ()) -> Iterator[Problem]:
    """A control id that links to nothing the core (and ``extra_ids``, e.g. the need ids) knows."""
    known = known_ids(catalog) | set(extra_ids)
    for risk in risks_of(catalog):
        for control in risk.control_ids:
            if control not in known:
                message = f"{risk.id}: control {control!r} links to nothing (no record, risk, item or need has this id)"
                yield Problem("risk", message, risk.source)


def risk_checks(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """Every ``risk`` finding the core can make (control links are checked where the needs are known)."""
    from .checks import checked  # checks imports this module for CHECKS

    matrix = settings.risk_matrix
    risks = risks_of(catalog)
    covered: set[str] = set()
    seen: dict[str, Risk] = {}
    for risk in risks:
        if risk.id in seen:
            yield Problem("risk", f"duplicate risk id {risk.id!r} (first at {seen[risk.id].source})", risk.source)
        seen.setdefault(risk.id, risk)
        named = items_of(risk, catalog)
        covered.update(item.id for item in named)
        if risk.items and not named:
            yield Problem("risk", f"{risk.id}: names no item of the catalog ({', '.join(risk.items)})", risk.source)
        if not risk.controls:
            yield Problem("risk", f"{risk.id}: no risk control", risk.source)
        for field, scale in (
            ("severity", matrix.severity),
            ("probability", matrix.probability),
            ("severity_after", matrix.severity),
            ("probability_after", matrix.probability),
        ):
            value = getattr(risk, field)
            if value is None:
                yield Problem("risk", f"{risk.id}: no {field.replace('_', ' ')}", risk.source)
            elif value not in scale:
                yield Problem(
                    "risk", f"{risk.id}: {field} {value!r} is not on the scale ({', '.join(scale)})", risk.source
                )
        if matrix.level(risk.severity_after, risk.probability_after) == "unacceptable" and not risk.rationale:
            message = f"{risk.id}: the residual risk is in an unacceptable cell and has no 'rationale' (benefit-risk)"
            yield Problem("risk", message, risk.source)
    yield from _circular_controls(seen)
    for item in catalog.items:
        record = item.record
        if (
            record
            and record.safety_class in ("B", "C")
            and item.direct
            and checked(item, settings)
            and item.id not in covered
        ):
            message = f"{item.name} {item.version}: class {record.safety_class} SOUP item with no risk analysis"
            yield Problem("risk", message, record.source, item.id)
    for anomaly in anomaly_view(catalog).anomalies:
        evaluation = anomaly.evaluation
        if evaluation and evaluation.risk and evaluation.risk not in seen:
            message = (
                f"{anomaly.advisory.id}: the evaluation names risk {evaluation.risk!r}, which no risk record defines"
            )
            yield Problem("risk", message, evaluation.source, anomaly.item.id)


def _circular_controls(risks: dict[str, Risk]) -> Iterator[Problem]:
    """One finding per cycle of risks controlled by risks (A by B, B by A): none of them has a real measure."""
    reported: set[frozenset[str]] = set()
    for start in risks.values():
        path = [start.id]
        # depth-first along risk-to-risk controls; risks are few, so the walk from every start stays cheap
        stack = [iter(start.control_ids)]
        while stack:
            control = next(stack[-1], None)
            if control is None:
                stack.pop()
                path.pop()
            elif control == start.id:
                cycle = frozenset(path)
                if cycle not in reported:
                    reported.add(cycle)
                    chain = " -> ".join([*path, start.id])
                    yield Problem("risk", f"{start.id}: circular risk controls ({chain})", start.source)
            elif control in risks and control not in path:
                path.append(control)
                stack.append(iter(risks[control].control_ids))
