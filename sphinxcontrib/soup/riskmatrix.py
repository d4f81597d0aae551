"""The risk matrix (ISO 14971 style): a severity scale, a probability scale, and the level of each cell.

Kept apart from ``risks.py`` so that ``config.py`` can validate ``soup_risk_matrix`` without importing the
catalog. Every manufacturer defines its own scales: the default is a common 5 x 5 one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: cell levels, from the best to the worst
LEVELS = ("acceptable", "investigate", "unacceptable")

DEFAULT_SEVERITY = ("negligible", "minor", "serious", "critical", "catastrophic")
DEFAULT_PROBABILITY = ("improbable", "remote", "occasional", "probable", "frequent")


def _default_levels() -> tuple[tuple[str, ...], ...]:
    """Rows by probability (improbable first), columns by severity: the sum of the two ranks decides
    (up to 2 acceptable, 3-4 investigate (ALARP), 5 and more unacceptable)."""
    return tuple(
        tuple("acceptable" if p + s <= 2 else "investigate" if p + s <= 4 else "unacceptable" for s in range(5))
        for p in range(5)
    )


@dataclass(frozen=True)
class RiskMatrix:
    severity: tuple[str, ...] = DEFAULT_SEVERITY  # least severe first
    probability: tuple[str, ...] = DEFAULT_PROBABILITY  # least probable first
    levels: tuple[tuple[str, ...], ...] = _default_levels()  # levels[probability][severity]

    def level(self, severity: str | None, probability: str | None) -> str | None:
        """The level of a cell; None when either value is missing or not on its scale."""
        if severity not in self.severity or probability not in self.probability:
            return None
        return self.levels[self.probability.index(probability)][self.severity.index(severity)]

    def config(self) -> dict[str, Any]:
        return {"severity": list(self.severity), "probability": list(self.probability), "levels": self.levels}


def matrix_from(value: Any, errors: list[str]) -> RiskMatrix:
    """``soup_risk_matrix`` validated: ``{}`` is the default; each mistake is one message in ``errors``."""
    name = "soup_risk_matrix"
    if not isinstance(value, dict):
        errors.append(f"{name} must be a dict with 'severity', 'probability' and 'levels', not {value!r}")
        return RiskMatrix()
    if not value:
        return RiskMatrix()
    unknown = sorted(set(value) - {"severity", "probability", "levels"})
    if unknown:
        errors.append(f"{name}: unknown key(s) {', '.join(map(repr, unknown))} (known: severity, probability, levels)")
    scales = {}
    for key in ("severity", "probability"):
        scale = value.get(key)
        if not isinstance(scale, (list, tuple)) or len(scale) < 2 or not all(isinstance(s, str) for s in scale):
            errors.append(f"{name}[{key!r}] must be a list of at least two names, lowest first, not {scale!r}")
            return RiskMatrix()
        if len(set(scale)) != len(scale):
            errors.append(f"{name}[{key!r}] names a value twice: {scale!r}")
            return RiskMatrix()
        scales[key] = tuple(scale)
    levels = value.get("levels")
    rows, cols = len(scales["probability"]), len(scales["severity"])
    if (
        not isinstance(levels, (list, tuple))
        or len(levels) != rows
        or not all(isinstance(row, (list, tuple)) and len(row) == cols for row in levels)
    ):
        errors.append(
            f"{name}['levels'] must be {rows} rows (one per probability, lowest first) of {cols} levels"
            " (one per severity)"
        )
        return RiskMatrix()
    bad = sorted({str(cell) for row in levels for cell in row if cell not in LEVELS})
    if bad:
        errors.append(f"{name}['levels']: unknown level(s) {', '.join(bad)} (known: {', '.join(LEVELS)})")
        return RiskMatrix()
    return RiskMatrix(scales["severity"], scales["probability"], tuple(tuple(row) for row in levels))
