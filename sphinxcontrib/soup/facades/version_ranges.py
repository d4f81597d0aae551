"""Version ranges across ecosystems via ``univers``: native ranges become ``vers:`` strings, and a version is
checked against them.

What is used of univers: its version classes (``SemverVersion`` for npm/cargo, ``PypiVersion``,
``MavenVersion``, ``NugetVersion``, ``RubygemsVersion``, ``ComposerVersion``, ``GolangVersion``,
``DebianVersion``, ``RpmVersion``, ``AlpineLinuxVersion``...), its native range parsers where it has one
(npm, PyPI, Maven, NuGet, RubyGems), ``VersionConstraint`` and ``VersionRange.from_string`` (the ``vers``
spec: parsing, canonical order, validation, containment).

What is added here, because univers does not do it:

- ``||`` alternatives are read one by one and each is *intersected* (``>=1 >=1.2 <2`` is ``>=1.2|<2``); the
  union of the alternatives is one ``vers`` when it is a valid one, else one ``vers`` per alternative (a
  version is affected when it is in any of them). univers flattens alternatives, which is wrong when they
  overlap;
- native syntax univers leaves unimplemented: Cargo (npm's operators, comma separated), Go (comparators on
  ``v``-versions), Composer (``^``, ``~`` as Composer reads it, ``*`` wildcards, ``|``/``||``), and plain
  comparators (``< 1.2``, ``>= 1.0, < 2.0`` as GitHub advisories write them) for every other scheme;
- OSV ``events`` (introduced / fixed / last_affected / limit) to ``vers``;
- a bare version means exactly that version in every ecosystem (as npm and OSV read it; NuGet's "minimum
  version" and Maven's "soft requirement" meanings do not apply to advisories).

Never guessing: a range that cannot be read (unknown ecosystem, unsupported operator such as PEP 440
``~=``/``==1.*``, invalid version) gives ``None``, and :func:`affects` then answers ``None``. Prerelease
versions are ordered as plain semver (``4.17.21-beta`` < ``4.17.21``), so ``<4.17.21`` contains
``4.17.21-beta`` even where npm's resolver would not pick it: the safe side for an advisory.

Every function here catches univers' exceptions (it raises ``ValueError``, ``TypeError``, ``AttributeError``,
``NotImplementedError``, its own ``InvalidVersion``... on bad input): callers get ``None``, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from univers.version_constraint import VersionConstraint, validate_comparators
from univers.version_range import RANGE_CLASS_BY_SCHEMES, VersionRange

#: purl type -> univers versioning scheme (``vers:<scheme>/``); ecosystems not listed cannot be evaluated
SCHEMES: dict[str, str] = {
    scheme: scheme
    for scheme in (
        "npm", "pypi", "maven", "nuget", "gem", "composer", "golang", "cargo", "deb", "rpm", "apk",
        "hex", "generic", "github", "alpm", "conan",
    )
}  # fmt: skip

_LOWER = (">", ">=")
_UPPER = ("<", "<=")
#: native comparators of the plain syntax (GitHub advisories, Debian ``<<``/``>>``) -> vers comparators
_COMPARATORS = {"<<": "<", ">>": ">", "<=": "<=", ">=": ">=", "!=": "!=", "==": "=", "<": "<", ">": ">", "=": "="}
_TERM = re.compile(r"(<<|>>|<=|>=|!=|==|<|>|=)?\s*([^\s,|<>=!()]+)")
_OPERATOR_CHARS = frozenset("<>=!~^*[](),| ")
_MAVEN_RESTRICTION = re.compile(r"[\[(][^\])]*[\])]")
_OR = re.compile(r"\|\|?")
_WILDCARD = re.compile(r"(?:^|\.)[xX*](?:\.|$)")

Group = list[VersionConstraint]


def scheme_of(ecosystem: str) -> str | None:
    """The ``vers`` versioning scheme of a purl type, or None when univers cannot order its versions."""
    return SCHEMES.get(ecosystem)


def to_vers(ecosystem: str, native: str) -> tuple[str, ...] | None:
    """The ``vers:`` strings whose union is ``native`` (one in the common case), ``()`` for a range that holds
    no version, ``None`` when it cannot be read. ``native`` may already be a ``vers:`` string (then the
    scheme is its own), a bare version (exactly that version), or the ecosystem's own range syntax."""
    if not isinstance(native, str) or not isinstance(ecosystem, str) or not native.strip():
        return None
    return _to_vers(ecosystem, native.strip())


@lru_cache(maxsize=16384)
def _to_vers(ecosystem: str, text: str) -> tuple[str, ...] | None:
    try:
        if text.lower().startswith("vers:"):
            return _checked((str(_parse_vers(text)),))
        scheme = SCHEMES.get(ecosystem)
        if scheme is None:
            return None
        groups = _native_groups(scheme, text)
        return None if groups is None else _union(scheme, groups)
    except Exception:  # univers raises many types on bad input; see the module docstring
        return None


def events_to_vers(ecosystem: str, events: tuple[tuple[str, str], ...]) -> tuple[str, ...] | None:
    """The ``vers:`` strings of one OSV ``ECOSYSTEM``/``SEMVER`` range, from its ``events`` as
    ``(kind, version)`` pairs (kind: introduced, fixed, last_affected, limit); None when they cannot be read.

    Events are sorted by version (OSV does not require producers to sort them); ``introduced: "0"`` is
    "from the first version"; an interval left open at the end is affected up to the newest version;
    versions at or above a ``limit`` are not affected.
    """
    try:
        return _events_to_vers(ecosystem, tuple(events))
    except TypeError:  # an unhashable event: not OSV
        return None


@lru_cache(maxsize=16384)
def _events_to_vers(ecosystem: str, events: tuple[tuple[str, str], ...]) -> tuple[str, ...] | None:
    scheme = SCHEMES.get(ecosystem)
    if scheme is None or not events:
        return None
    try:
        return _union(scheme, _event_groups(RANGE_CLASS_BY_SCHEMES[scheme].version_class, events))
    except Exception:  # univers raises many types on bad input; see the module docstring
        return None


def affects(ecosystem: str, range_: str, version: str) -> bool | None:
    """Whether ``version`` is in ``range_`` (a ``vers:`` string or a native range of ``ecosystem``); None when
    the range or the version cannot be evaluated."""
    ranges = to_vers(ecosystem, range_)
    if ranges is None:
        return None
    answer = False
    for vers in ranges:
        inside = _contains(vers, version)
        if inside is None:
            return None
        answer = answer or inside
    return answer


def is_valid_version(ecosystem: str, version: str) -> bool:
    """Whether univers can order ``version`` in the versioning scheme of ``ecosystem``."""
    scheme = SCHEMES.get(ecosystem) if isinstance(ecosystem, str) else None
    return scheme is not None and isinstance(version, str) and _version(scheme, version) is not None


def lower_bounds(ecosystem: str, native: str) -> tuple[str, ...]:
    """The versions a range starts at (its ``>=`` and ``=`` constraints), e.g. the first fixed versions of a
    "patched versions" range such as npm's ``>=1.14.8`` or ``>=1.2.6 <2.0.0 || >=2.0.3``; ``()`` when none."""
    found: list[str] = []
    for vers in to_vers(ecosystem, native) or ():
        for constraint in _parse_vers(vers).constraints:
            if constraint.comparator in (">=", "="):
                found.append(str(constraint.version))
    return tuple(dict.fromkeys(found))


# --- native syntax -> groups of constraints (one group per || alternative, AND within a group) ---------------


def _native_groups(scheme: str, text: str) -> list[Group] | None:
    """Constraint groups of a native range; raises (caught by the caller) on what univers refuses."""
    range_class = RANGE_CLASS_BY_SCHEMES[scheme]
    if not (_OPERATOR_CHARS & set(text) or _WILDCARD.search(text)):
        return [[VersionConstraint(comparator="=", version=range_class.version_class(text))]]
    if scheme in ("npm", "cargo"):
        return [_npm_group(range_class, part) for part in text.split("||")]
    if scheme == "pypi":
        return [list(range_class.from_native(text).constraints)]
    if scheme == "gem":
        return [list(range_class.from_native(text).constraints)]
    if scheme in ("maven", "nuget") and any(c in text for c in "[("):
        return _maven_groups(range_class, text)
    if scheme == "composer":
        return [_composer_group(range_class, part) for part in _OR.split(text)]
    return _plain_groups(range_class, text)


def _npm_group(range_class: Any, text: str) -> Group:
    """One npm (or Cargo) alternative; commas (GitHub's and Cargo's separator) are spaces to npm."""
    text = text.replace(",", " ").strip()
    if text in ("", "*", "x", "X"):
        return [_star(range_class.version_class)]
    npm = RANGE_CLASS_BY_SCHEMES["npm"]
    return [_recast(c, range_class) for c in npm.from_native(text).constraints]


def _maven_groups(range_class: Any, text: str) -> list[Group]:
    """Maven/NuGet interval notation; ``[1,2),[3,4)`` is a union of restrictions, each one group."""
    groups = [list(range_class.from_native(m.group()).constraints) for m in _MAVEN_RESTRICTION.finditer(text)]
    leftover = _MAVEN_RESTRICTION.sub("", text).replace(",", "").strip()
    if not groups or leftover:
        raise ValueError(f"not a Maven range: {text!r}")
    return groups


def _composer_group(range_class: Any, text: str) -> Group:
    """One Composer alternative: terms separated by commas or spaces, each a comparator, ``^``, ``~``,
    a ``*`` wildcard or a ``a - b`` hyphen range."""
    text = re.sub(r"(<=|>=|!=|==|<>|<|>|=|\^|~)\s+", r"\1", text.strip())
    if " - " in text:
        return _npm_group(range_class, text)
    group: Group = []
    for term in filter(None, re.split(r"[\s,]+", text)):
        if term.startswith("~"):
            group.extend(_composer_tilde(range_class, term[1:]))
        elif term.startswith("^") or "*" in term:
            group.extend(_npm_group(range_class, term.replace("*", "x")))
        else:
            group.extend(_plain_terms(range_class, term))
    return group


def _composer_tilde(range_class: Any, version: str) -> Group:
    """Composer's ``~1.2`` is ``>=1.2 <2.0`` and ``~1.2.3`` is ``>=1.2.3 <1.3.0``: the last given part may move."""
    parts = version.lstrip("vV").split(".")
    if not all(p.isdigit() for p in parts):
        raise ValueError(f"not a Composer tilde version: {version!r}")
    keep = max(len(parts) - 1, 1)
    upper = [*parts[: keep - 1], str(int(parts[keep - 1]) + 1)]
    make = range_class.version_class
    return [
        VersionConstraint(comparator=">=", version=make(version)),
        VersionConstraint(comparator="<", version=make(".".join(upper))),
    ]


def _plain_groups(range_class: Any, text: str) -> list[Group]:
    """Plain comparators (``< 1.2``, ``>= 1.0, < 2.0``, Debian ``<< 1.2``), ``||`` between alternatives."""
    return [_plain_terms(range_class, part) for part in text.split("||")]


def _plain_terms(range_class: Any, text: str) -> Group:
    group: Group = []
    for match in _TERM.finditer(text):
        comparator = _COMPARATORS[match.group(1) or "="]
        group.append(VersionConstraint(comparator=comparator, version=range_class.version_class(match.group(2))))
    leftover = _TERM.sub("", text).replace(",", "").replace("(", "").replace(")", "").strip()
    if not group or leftover:
        raise ValueError(f"not a version range: {text!r}")
    return group


def _recast(constraint: VersionConstraint, range_class: Any) -> VersionConstraint:
    """A constraint parsed with npm's classes, in the version class of ``range_class`` (Cargo, Composer)."""
    if constraint.version is None or isinstance(constraint.version, range_class.version_class):
        return constraint
    return VersionConstraint(
        comparator=constraint.comparator, version=range_class.version_class(str(constraint.version))
    )


# --- OSV events -> groups --------------------------------------------------------------------------------------


def _event_groups(version_class: Any, events: Sequence[tuple[str, str]]) -> list[Group]:
    """Affected intervals of OSV events: sorted by version, then swept from the lowest."""
    keyed = []
    for kind, value in events:
        if kind not in ("introduced", "fixed", "last_affected", "limit") or not isinstance(value, str):
            raise ValueError(f"unknown OSV event {kind!r}: {value!r}")
        version = None if (kind == "introduced" and value == "0") else version_class(value)
        keyed.append((version, kind))
    # "introduced: 0" first; at one version, an introduced opens before a fixed/limit closes
    keyed.sort(key=lambda item: (item[0] is not None, 0 if item[0] is None else item[0], item[1] != "introduced"))
    groups: list[Group] = []
    start: Any = _CLOSED
    for version, kind in keyed:
        if kind == "introduced":
            if start is _CLOSED:
                start = version
            continue
        if start is _CLOSED:
            continue
        comparator = "<=" if kind == "last_affected" else "<"
        groups.append(_interval(version_class, start, VersionConstraint(comparator=comparator, version=version)))
        start = _CLOSED
        if kind == "limit":
            break
    if start is not _CLOSED:
        groups.append(_interval(version_class, start, None))
    return groups


_CLOSED = object()  # sentinel: no interval open during the sweep


def _interval(version_class: Any, start: Any, upper: VersionConstraint | None) -> Group:
    lower = [] if start is None else [VersionConstraint(comparator=">=", version=start)]
    bounds = lower + ([upper] if upper is not None else [])
    return bounds or [_star(version_class)]


def _star(version_class: Any) -> VersionConstraint:
    """The ``*`` constraint: every version."""
    return VersionConstraint.from_string("*", version_class=version_class)


# --- groups -> vers ----------------------------------------------------------------------------------------------


def _union(scheme: str, groups: Iterable[Group]) -> tuple[str, ...]:
    """One ``vers`` for the union of the groups when it is a valid one, else one per group."""
    range_class = RANGE_CLASS_BY_SCHEMES[scheme]
    reduced = [g for g in (_intersect(group) for group in groups) if g is not None]
    if not reduced:
        return ()
    if any(c.comparator == "*" for group in reduced for c in group):
        return (f"vers:{scheme}/*",)
    reduced = _merge_intervals(reduced)
    merged = [c for group in reduced for c in group]
    try:
        _validate(merged)
        return _checked((str(range_class(constraints=merged)),))
    except Exception:  # alternatives that are not one valid vers (an exclusion in another's interval)
        pass
    return _checked(tuple(dict.fromkeys(str(range_class(constraints=group)) for group in reduced)))


def _checked(found: tuple[str, ...]) -> tuple[str, ...]:
    """``found`` when each string reads back as itself (a valid, canonical ``vers``); raises otherwise.

    univers accepts some versions it cannot write back (an empty Maven version, a Conan range with no
    constraint): such a range is not evaluable.
    """
    for vers in found:
        if str(_parse_vers(vers)) != vers:
            raise ValueError(f"{vers!r} does not read back as itself")
    return found


def _intersect(group: Group) -> Group | None:
    """The constraints of one AND group reduced to at most a lower and an upper bound, an exact version, and
    the exclusions inside the bounds; None when no version satisfies them all."""
    lower = upper = None
    exact: list[VersionConstraint] = []
    excluded: dict[str, VersionConstraint] = {}
    for c in group:
        if c.comparator == "*":
            continue
        if c.comparator == "=":
            exact.append(c)
        elif c.comparator == "!=":
            excluded.setdefault(str(c.version), c)
        elif c.comparator in _LOWER:
            if lower is None or c.version > lower.version or (c.version == lower.version and c.comparator == ">"):
                lower = c
        elif upper is None or c.version < upper.version or (c.version == upper.version and c.comparator == "<"):
            upper = c
    bounds = [b for b in (lower, upper) if b is not None]
    if exact:
        version = exact[0].version
        if any(e.version != version for e in exact) or any(x.version == version for x in excluded.values()):
            return None
        return [exact[0]] if all(version in b for b in bounds) else None
    if lower is not None and upper is not None:
        if lower.version > upper.version or (
            lower.version == upper.version and (lower.comparator, upper.comparator) != (">=", "<=")
        ):
            return None
        if lower.version == upper.version:
            return [VersionConstraint(comparator="=", version=lower.version)]
    inside = [x for x in excluded.values() if all(x.version in b for b in bounds)]
    return bounds + inside or [group[0]]  # nothing but "*" constraints: every version


def _merge_intervals(groups: list[Group]) -> list[Group]:
    """Plain intervals (no exact version, no exclusion) that overlap or touch become one: ``^1.2|^2.0`` is
    ``>=1.2.0|<3.0.0``. Other groups are kept as they are."""
    intervals, others = [], []
    for group in groups:
        if all(c.comparator in _LOWER or c.comparator in _UPPER for c in group):
            lower = next((c for c in group if c.comparator in _LOWER), None)
            upper = next((c for c in group if c.comparator in _UPPER), None)
            intervals.append((lower, upper))
        else:
            others.append(group)
    intervals.sort(key=lambda iv: (iv[0] is not None, iv[0].version if iv[0] else 0, iv[0] and iv[0].comparator))
    merged: list[tuple[Any, Any]] = []
    for lower, upper in intervals:
        if merged and _touches(merged[-1][1], lower):
            last_lower, last_upper = merged[-1]
            merged[-1] = (last_lower, _higher(last_upper, upper))
        else:
            merged.append((lower, upper))
    return [[c for c in interval if c is not None] for interval in merged] + others


def _touches(upper: VersionConstraint | None, lower: VersionConstraint | None) -> bool:
    """Whether an interval starting at ``lower`` overlaps or continues one ending at ``upper``."""
    if upper is None or lower is None:
        return True
    if lower.version != upper.version:
        return lower.version < upper.version
    return upper.comparator == "<=" or lower.comparator == ">="


def _higher(a: VersionConstraint | None, b: VersionConstraint | None) -> VersionConstraint | None:
    """The higher of two upper bounds (None: unbounded)."""
    if a is None or b is None:
        return None
    if a.version != b.version:
        return a if a.version > b.version else b
    return a if a.comparator == "<=" else b


# --- containment -------------------------------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def _parse_vers(vers: str) -> VersionRange:
    """A valid ``vers`` string as a univers range (raises on an invalid one)."""
    range_ = VersionRange.from_string(vers)
    _validate(range_.constraints)
    return range_


def _validate(constraints: Iterable[VersionConstraint]) -> None:
    """Raise unless the constraints make a valid ``vers`` (unique versions, comparators in a valid order).

    ``VersionConstraint.validate`` does this with a set of versions, which fails for the version classes
    that are not hashable (``AlpineLinuxVersion``); versions are compared by their text here.
    """
    ordered = sorted(constraints)
    versions = [str(c.version) for c in ordered]
    if len(set(versions)) != len(versions):
        raise ValueError(f"a version appears twice in {versions}")
    validate_comparators(ordered)


@lru_cache(maxsize=65536)
def _version(scheme: str, version: str) -> Any:
    try:
        return RANGE_CLASS_BY_SCHEMES[scheme].version_class(version.strip())
    except Exception:  # not a version of this scheme
        return None


def _contains(vers: str, version: str) -> bool | None:
    try:
        range_ = _parse_vers(vers)
    except Exception:  # an invalid vers string
        return None
    if range_.is_star():
        return True
    if not isinstance(version, str):
        return None
    parsed = _version(range_.scheme, version)
    if parsed is None:
        return None
    try:
        return parsed in range_
    except Exception:  # univers could not compare (mixed version kinds)
        return None


def compare(ecosystem: str, a: str, b: str) -> int | None:
    """-1, 0 or 1 as version ``a`` is older than, equal to or newer than ``b`` in the versioning scheme of
    ``ecosystem`` (univers; PyPI's is packaging's PEP 440 order); None when either cannot be ordered."""
    scheme = SCHEMES.get(ecosystem) if isinstance(ecosystem, str) else None
    if scheme in (None, "generic") or not isinstance(a, str) or not isinstance(b, str):
        return None  # generic versions have no agreed order: never guess
    left, right = _version(scheme, a), _version(scheme, b)
    if left is None or right is None:
        return None
    try:
        return (left > right) - (left < right)
    except Exception:  # univers could not compare (mixed version kinds)
        return None
