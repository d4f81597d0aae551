"""Known anomalies of the shipped SOUP versions (IEC 62304 7.1.3): advisories matched against the catalog, the
team's evaluations of them, and the support dates of the items. No Sphinx here.

- Advisories come from ``soup_advisories`` (any report :func:`~sphinxcontrib.soup.advisories.read_advisories`
  reads). Each is matched against every catalog item of the same package identity (ecosystem and name as
  :func:`~sphinxcontrib.soup.catalog.identity` compares them) and evaluated on the item's exact version:
  affected (True), not affected (False: shown, never hidden) or cannot tell (None: an unreadable range or an
  unpinned version; a person must evaluate it).
- Evaluations come from the ``anomalies:`` section of records files, and from the analyses VEX reports carry.
  An evaluation names the version(s) it was made for; for another version it does not hold, and the anomaly is
  back in triage until someone re-evaluates it.
- Dates: "today" is ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the real UTC date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog, Item, identity, need_id_part
from .config import Settings
from .facades.version_ranges import affects
from .model import Advisory, Problem, Source
from .records import is_iso_date, located, register_section

STATES = ("in_triage", "exploitable", "resolved", "resolved_with_pedigree", "false_positive", "not_affected")
JUSTIFICATIONS = (
    "code_not_present",
    "code_not_reachable",
    "requires_configuration",
    "requires_dependency",
    "requires_environment",
    "protected_by_compiler",
    "protected_at_runtime",
    "protected_at_perimeter",
    "protected_by_mitigating_control",
)
#: ``anomalies:`` record key -> (description, expected python type(s)); README lists these
EVALUATION_FIELDS: dict[str, tuple[str, tuple[type, ...]]] = {
    "advisory": ("advisory id (GHSA-..., CVE-..., PYSEC-..., or an alias the report gives)", (str,)),
    "package": ("package name as the manifest spells it", (str,)),
    "ecosystem": ("purl type; omit to match the package in any ecosystem", (str,)),
    "version": ("the version (or list of versions) the evaluation was made for", (str, int, list)),
    "state": (f"CycloneDX analysis state: {', '.join(STATES)}", (str,)),
    "justification": ("for not_affected: a CycloneDX justification code", (str,)),
    "rationale": ("why: the evaluation itself", (str,)),
    "risk": ("id of the risk record this anomaly contributes to", (str,)),
    "reviewer": ("who evaluated it", (str,)),
    "date": ("ISO date of the evaluation", (dt.date, str)),
}
REQUIRED = ("advisory", "package", "version", "state", "reviewer", "date")
#: advisory severity words, in the order counts are shown
SEVERITIES = ("critical", "high", "moderate", "medium", "low", "info", "none")


@dataclass(frozen=True)
class Evaluation:
    """A person's (or a VEX document's) evaluation of one advisory for one package."""

    advisory: str
    package: str
    state: str
    source: Source
    ecosystem: str | None = None
    versions: tuple[str, ...] = ()  # the versions it was made for; () = every version (VEX without a version)
    justification: str | None = None
    rationale: str | None = None
    risk: str | None = None
    reviewer: str | None = None
    date: str | None = None  # ISO date
    origin: str = "records"  # records, or the VEX report's path

    def holds_for(self, ecosystem: str, version: str) -> bool:
        """Whether the evaluation was made for ``version`` (a listed version, or a ``vers:`` range holding it)."""
        if not self.versions:
            return True
        return any(v == version or (v.startswith("vers:") and affects(ecosystem, v, version)) for v in self.versions)


@dataclass(frozen=True)
class Anomaly:
    """One advisory against one catalog item, with the evaluation that holds for the item's version."""

    item: Item
    advisory: Advisory
    affected: bool | None  # does the advisory's range hold our version? None: cannot tell
    evaluation: Evaluation | None = None  # the one that holds for item.version
    outdated: Evaluation | None = None  # the latest one made for another version (the anomaly is back in triage)

    @property
    def state(self) -> str | None:
        """The evaluation state; ``in_triage`` when it was made for another version; None: never evaluated."""
        if self.evaluation is not None:
            return self.evaluation.state
        return "in_triage" if self.outdated is not None else None

    @property
    def needs_evaluation(self) -> bool:
        """An advisory that affects (or may affect) our version and that no evaluation for it covers."""
        return self.evaluation is None and self.affected is not False

    @property
    def severity(self) -> str:
        return (self.advisory.severity or "unknown").lower()

    @property
    def need_id(self) -> str:
        """The id of the ``anomaly`` need: stable, from the advisory and the item."""
        return f"ANOMALY_{need_id_part(self.advisory.id)}_{self.item.id}"

    @property
    def shown_state(self) -> str:
        """The state as pages show it: the evaluation's, or why there is none."""
        if self.evaluation is not None:
            return self.evaluation.state
        if self.outdated is not None:
            return f"in_triage (evaluated for {', '.join(self.outdated.versions)} as {self.outdated.state})"
        return "not evaluated" if self.affected is not False else "not evaluated (version not affected)"


@dataclass
class AnomalyView:
    """Everything the anomaly pages and checks need, computed once per catalog."""

    anomalies: list[Anomaly] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    unmatched: dict[str, list[Advisory]] = field(default_factory=dict)  # report path -> advisories of no item
    unused: list[Evaluation] = field(default_factory=list)  # evaluations of no advisory/item pair

    def of(self, item: Item) -> list[Anomaly]:
        return [a for a in self.anomalies if a.item.id == item.id]


def epoch_date() -> dt.date | None:
    """The date ``SOURCE_DATE_EPOCH`` gives (UTC), None when it is not set or not a number."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch.isdigit() else None


def today() -> dt.date:
    """The build date: ``SOURCE_DATE_EPOCH`` (UTC) when set, else today's UTC date."""
    return epoch_date() or dt.datetime.now(dt.UTC).date()


def read_evaluations(items: list, path: str, problems: list[Problem]) -> list[Evaluation]:
    """The ``anomalies:`` section of one records file; every defect is a located ``record`` problem.

    An evaluation missing a required field is kept (shown, and matched when it can be), never dropped.
    """
    found = []
    for item in items:
        if not isinstance(item, dict):
            problems.append(Problem("record", f"an anomaly evaluation must be a mapping, not {type(item).__name__}",
                                    Source(path)))  # fmt: skip
            continue
        label = f"anomaly {item.get('advisory')!s} of {item.get('package')!s}"
        values: dict[str, Any] = {}
        for key, value in item.items():
            if key not in EVALUATION_FIELDS:
                problems.append(Problem("record", f"{label}: unknown key {key!r}", located(path, item, key)))
            elif value is None:
                continue
            elif not isinstance(value, EVALUATION_FIELDS[key][1]) or isinstance(value, bool):
                wanted = " or ".join(t.__name__ for t in EVALUATION_FIELDS[key][1])
                problems.append(Problem("record", f"{label}: {key!r} must be {wanted}", located(path, item, key)))
            else:
                values[key] = value
        for key in REQUIRED:
            if key not in values:
                problems.append(Problem("record", f"{label}: {key!r} is required", located(path, item)))
        if "advisory" not in values or "package" not in values:
            continue  # reported above: nothing to match it on
        state = values.get("state", "in_triage")
        if state not in STATES:
            problems.append(Problem("record", f"{label}: state must be one of {', '.join(STATES)}",
                                    located(path, item, "state")))  # fmt: skip
            state = "in_triage"
        justification = values.get("justification")
        if justification is not None and justification not in JUSTIFICATIONS:
            problems.append(Problem("record", f"{label}: justification must be one of {', '.join(JUSTIFICATIONS)}",
                                    located(path, item, "justification")))  # fmt: skip
        elif state == "not_affected" and justification is None:
            problems.append(
                Problem("record", f"{label}: not_affected needs a 'justification' code", located(path, item))
            )
        date = values.get("date")
        if isinstance(date, str) and not is_iso_date(date):
            problems.append(Problem("record", f"{label}: date must be an ISO date", located(path, item, "date")))
            date = None
        version = values.get("version", ())
        found.append(
            Evaluation(
                advisory=values["advisory"].strip(),
                package=values["package"].strip(),
                state=state,
                source=located(path, item),
                ecosystem=values.get("ecosystem"),
                versions=tuple(str(v) for v in (version if isinstance(version, list) else [version])),
                justification=justification,
                rationale=values.get("rationale"),
                risk=values.get("risk"),
                reviewer=values.get("reviewer"),
                date=str(date) if date else None,
            )
        )
    return found


register_section("anomalies", read_evaluations)


def anomaly_view(catalog: Catalog) -> AnomalyView:
    """Every advisory against every item of its package, with its evaluation (cached on the catalog)."""
    if "anomalies" not in catalog.derived:
        catalog.derived["anomalies"] = _compute(catalog)
    return catalog.derived["anomalies"]


def _compute(catalog: Catalog) -> AnomalyView:
    view = AnomalyView(evaluations=[*catalog.sections.get("anomalies", []), *_vex_evaluations(catalog)])
    items: dict[tuple[str, str], list[Item]] = {}
    for item in catalog.items:
        items.setdefault(identity(item.ecosystem, item.name), []).append(item)
    evaluations: dict[tuple[str, str], list[Evaluation]] = {}
    for evaluation in view.evaluations:
        evaluations.setdefault((evaluation.advisory.upper(), evaluation.package.lower()), []).append(evaluation)
    used: set[int] = set()
    seen: set[tuple[str, str]] = set()  # (item id, advisory id): one advisory in two reports is one anomaly
    for report in catalog.advisories:
        for advisory in report.advisories:
            matched = items.get(identity(advisory.ecosystem, advisory.package), [])
            if not matched:
                view.unmatched.setdefault(report.path, []).append(advisory)
            for item in matched:
                if (item.id, advisory.id) in seen:
                    continue
                seen.add((item.id, advisory.id))
                candidates = [
                    e
                    for name in (advisory.id, *advisory.aliases)
                    for e in evaluations.get((name.upper(), item.name.lower()), [])
                    if e.ecosystem in (None, item.ecosystem)
                ]
                used.update(id(e) for e in candidates)
                view.anomalies.append(_anomaly(item, advisory, candidates))
    view.unused = [e for e in view.evaluations if id(e) not in used]
    view.anomalies.sort(key=lambda a: (a.item.name.lower(), a.item.version, a.advisory.id))
    return view


def _anomaly(item: Item, advisory: Advisory, candidates: list[Evaluation]) -> Anomaly:
    holding = [e for e in candidates if e.holds_for(item.ecosystem, item.version)]
    latest = max(holding, key=_recency, default=None)
    affected = is_affected(advisory, item.version)
    # an evaluation made for another version matters only where the advisory may hold for ours
    outdated = None if latest or affected is False else max(candidates, key=_recency, default=None)
    return Anomaly(item, advisory, affected, latest, outdated)


def _recency(evaluation: Evaluation) -> tuple[str, bool]:
    """Latest date first; at equal dates a records evaluation wins over a VEX statement."""
    return evaluation.date or "", evaluation.origin == "records"


def is_affected(advisory: Advisory, version: str) -> bool | None:
    """Whether ``version`` is in the advisory's ranges or versions; None when that cannot be told."""
    if version in advisory.versions:
        return True
    answers = [affects(advisory.ecosystem, vers, version) for vers in advisory.affected]
    if True in answers:
        return True
    if None in answers or not (advisory.affected or advisory.versions):
        return None
    return False


def _vex_evaluations(catalog: Catalog) -> Iterator[Evaluation]:
    """Analyses carried by the reports (VEX): evaluations without reviewer, dated by the report when it is."""
    for report in catalog.advisories:
        date = (report.generated or "")[:10]
        for analysis in report.analyses:
            yield Evaluation(
                advisory=analysis.advisory,
                package=analysis.package,
                state=analysis.state,
                source=analysis.source,
                versions=(analysis.version,) if analysis.version else (),
                justification=analysis.justification,
                rationale=analysis.detail,
                date=date if is_iso_date(date) else None,
                origin=report.path,
            )


# --- checks (registered in checks.CHECKS) -------------------------------------------------------------------------


def _shipped(item: Item, settings: Settings) -> bool:
    return item.in_scopes(settings.scopes)


def unevaluated(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """An advisory that affects (or may affect) a shipped version, and no evaluation made for that version."""
    for anomaly in anomaly_view(catalog).anomalies:
        if not (anomaly.needs_evaluation and _shipped(anomaly.item, settings)):
            continue
        item, advisory = anomaly.item, anomaly.advisory
        how = "affects" if anomaly.affected else "may affect (its range cannot be evaluated)"
        message = f"{item.name} {item.version}: {advisory.id} {how} this version and is not evaluated"
        if anomaly.outdated is not None:
            made_for = ", ".join(anomaly.outdated.versions)
            message += f" (evaluated for {made_for}, not {item.version}: back in triage)"
            yield Problem("anomaly", message, anomaly.outdated.source, item.id)
        else:
            yield Problem("anomaly", message + " (add it to an 'anomalies:' records section)", advisory.source, item.id)


def evaluation_age(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """An evaluation in force that is older than ``soup_anomaly_max_age_days``."""
    oldest = today() - dt.timedelta(days=settings.anomaly_max_age_days)
    for anomaly in anomaly_view(catalog).anomalies:
        evaluation = anomaly.evaluation
        if evaluation and evaluation.date and dt.date.fromisoformat(evaluation.date) < oldest:
            message = (
                f"{anomaly.item.name} {anomaly.item.version}: the evaluation of {anomaly.advisory.id} dates from"
                f" {evaluation.date}, older than {settings.anomaly_max_age_days} days (review it again)"
            )
            yield Problem("anomaly", message, evaluation.source, anomaly.item.id)


def exploitable_without_risk(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    for anomaly in anomaly_view(catalog).anomalies:
        evaluation = anomaly.evaluation
        if evaluation and evaluation.state == "exploitable" and not evaluation.risk:
            message = (
                f"{anomaly.item.name} {anomaly.item.version}: {anomaly.advisory.id} is exploitable and names no 'risk'"
            )
            yield Problem("anomaly", message, evaluation.source, anomaly.item.id)


def unmatched(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """Evaluations of no (advisory, item) pair, and reports' advisories for packages the catalog does not hold:
    shown so that a typo or a stale report is never silently ignored (one problem per report, not per record)."""
    view = anomaly_view(catalog)
    for evaluation in view.unused:
        message = (
            f"evaluation of {evaluation.advisory} for {evaluation.package} matches no advisory of soup_advisories"
            " for a package in the catalog"
        )
        yield Problem("anomaly", message, evaluation.source)
    for path, advisories in view.unmatched.items():
        names = sorted({f"{a.ecosystem}/{a.package}" for a in advisories})
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        message = f"{len(advisories)} advisories name packages that are not in the catalog: {shown}"
        yield Problem("anomaly", message, Source(path))


def support(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """End of support of checked items: passed, within ``soup_support_horizon_days``, or missing unjustified."""
    from .checks import checked  # checks imports this module for CHECKS

    now = today()
    horizon = now + dt.timedelta(days=settings.support_horizon_days)
    for item in catalog.items:
        record = item.record
        if record is None or not checked(item, settings):
            continue
        end = record.end_of_support
        where = Source(record.source.path, record.source.line)
        if end is None or end == "unknown":
            if not record.end_of_support_justification:
                message = (
                    f"{item.name} {item.version}: no end of support (give 'end_of_support', or 'unknown' with an"
                    " 'end_of_support_justification')"
                )
                yield Problem("support", message, where, item.id)
            continue
        date = dt.date.fromisoformat(end)
        if date < now:
            yield Problem("support", f"{item.name} {item.version}: end of support {end} has passed", where, item.id)
        elif date <= horizon:
            message = (
                f"{item.name} {item.version}: end of support {end} is within {settings.support_horizon_days} days"
                " (plan the replacement)"
            )
            yield Problem("support", message, where, item.id)


def anomaly_checks(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """Every ``anomaly`` finding (one entry in ``checks.CHECKS``)."""
    for check in (unevaluated, evaluation_age, exploitable_without_risk, unmatched):
        yield from check(catalog, settings)
