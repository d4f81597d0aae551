"""Release diff: the SOUP list of this build against a baseline (a previous release). No Sphinx here.

- A baseline is a set of lock files / SBOMs (any format the readers know), or ``git:REF``: every
  ``soup_manifests`` input as it was at REF, read with ``git show REF:path`` (no checkout) through the same
  readers. A file missing at REF means that input had no components then (said on the page, not an error);
  git missing, not a repository or an unknown ref is one problem located at ``soup_baseline`` in conf.py.
- Components are compared by package identity (:func:`~sphinxcontrib.soup.catalog.identity`); several
  versions of one package are a set of versions. Versions are ordered by univers (packaging's PEP 440 order
  for PyPI) through the version-ranges facade; when they cannot be ordered the change is ``changed``, never a
  guessed upgrade or downgrade.
- A license change is reported only where both sides state a license and their SPDX forms differ (a lock
  file without licenses does not make every package "changed"; unknown licenses are ``soup.license``'s job).
- For the changed items of the current catalog, :func:`review` says whether the work was redone for the new
  version: record re-verified, requirement tests passed in this build's reports, every advisory evaluated —
  from the anomaly and traceability views already computed for the catalog.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .anomalies import Anomaly, anomaly_view, is_affected
from .catalog import (
    Catalog,
    InputFile,
    Item,
    build_catalog,
    conf_line,
    identity,
    matches,
    read_cached,
    relative_result,
    relative_source,
)
from .checks import checked
from .config import ManifestSpec, Settings
from .facades.git import run as run_git
from .facades.version_ranges import compare
from .licenses import normalize
from .model import SCOPES, Component, Problem, Source, strongest_scope
from .readers import detect, read_path, read_string
from .readers.base import SNIFF_BYTES, decode
from .requirements import ANALYSIS, PASSED, STATUSES, traceability

GIT = "git:"
#: kinds of change, in the order pages and the command line show them
KINDS = ("added", "removed", "upgraded", "downgraded", "changed", "unchanged")


@dataclass(frozen=True)
class Entry:
    """One package at one version on one side of the comparison."""

    ecosystem: str
    name: str
    version: str
    license: str | None = None
    scope: str = "runtime"
    direct: bool = True
    systems: tuple[str, ...] = ()
    source: Source | None = None
    item_id: str | None = None  # the catalog item (current side only)

    @property
    def identity(self) -> tuple[str, str]:
        return identity(self.ecosystem, self.name)


@dataclass(frozen=True)
class Change:
    """What happened to one package (identity) between the baseline and now."""

    kind: str  # one of KINDS
    old: tuple[Entry, ...]  # one entry per version, sorted
    new: tuple[Entry, ...]
    license_changed: bool = False

    @property
    def first(self) -> Entry:
        return (self.new or self.old)[0]

    @property
    def name(self) -> str:
        return self.first.name

    @property
    def ecosystem(self) -> str:
        return self.first.ecosystem

    @property
    def old_versions(self) -> tuple[str, ...]:
        return tuple(e.version for e in self.old)

    @property
    def new_versions(self) -> tuple[str, ...]:
        return tuple(e.version for e in self.new)

    @property
    def came(self) -> tuple[Entry, ...]:
        """Entries of versions the baseline did not have (the ones whose work must be redone)."""
        return tuple(e for e in self.new if e.version not in self.old_versions)

    @property
    def old_license(self) -> str | None:
        return _license_of(self.old)

    @property
    def new_license(self) -> str | None:
        return _license_of(self.new)


def _license_of(entries: tuple[Entry, ...]) -> str | None:
    shown = sorted({normalize(e.license).shown for e in entries if e.license})
    return " / ".join(shown) or None


@dataclass
class Baseline:
    """The components of the previous release, and how they were found."""

    label: str  # what pages say it is: file names, or "git:v1.0 (commit 0123abc)"
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    inputs: list[InputFile] = field(default_factory=list)  # files read (the pages showing them depend on them)
    absent: list[str] = field(default_factory=list)  # manifests that had no file at the git ref
    commits: tuple[str, ...] = ()  # resolved commit ids of git refs

    @property
    def digest(self) -> str:
        """Equal digests mean an equal baseline: file contents, and the commit each git ref resolves to."""
        h = hashlib.sha256()
        for f in sorted(self.inputs, key=lambda f: f.path):
            h.update(f"{f.path}\0{f.sha256}\n".encode())
        h.update("\0".join(self.commits).encode())
        return h.hexdigest()


# --- entries ------------------------------------------------------------------------------------------------------


def entries_of_components(components: Iterable[Component], system: str | None = None) -> list[Entry]:
    """Entries of read components; ranges of a package that a lock file also pins are dropped (the catalog's
    rule: the lock says what the range resolved to)."""
    comps = list(components)
    pinned = {identity(c.ecosystem, c.name) for c in comps if c.pinned}
    return [
        Entry(c.ecosystem, c.name, c.version, c.license, c.scope, c.direct, (system,) if system else (), c.source)
        for c in comps
        if c.pinned or identity(c.ecosystem, c.name) not in pinned
    ]


def entries_of_items(items: Iterable[Item]) -> list[Entry]:
    """Entries of catalog items found in manifests (an item only a record declares has no baseline to compare
    with: lock files and SBOMs of the previous release do not list it)."""
    return [
        Entry(i.ecosystem, i.name, i.version, i.license, i.scope, i.direct, i.systems, i.source, i.id)
        for i in items
        if i.occurrences
    ]


# --- comparison ---------------------------------------------------------------------------------------------------


def diff(old: Iterable[Entry], new: Iterable[Entry]) -> list[Change]:
    """One change per package identity on either side, sorted by ecosystem and name (unchanged ones too)."""
    before, after = _by_identity(old), _by_identity(new)
    changes = []
    for ident in sorted(before.keys() | after.keys()):
        was, now = before.get(ident, {}), after.get(ident, {})
        olds = tuple(was[v] for v in sorted(was))
        news = tuple(now[v] for v in sorted(now))
        kind = _kind(ident[0], set(was), set(now))
        licenses_known = _license_of(olds) and _license_of(news)
        changed_license = bool(licenses_known) and _spdx(olds) != _spdx(news)
        changes.append(Change(kind, olds, news, changed_license))
    return changes


def _spdx(entries: tuple[Entry, ...]) -> set[str]:
    return {normalize(e.license).expression or e.license for e in entries if e.license}  # type: ignore[misc]


def _by_identity(entries: Iterable[Entry]) -> dict[tuple[str, str], dict[str, Entry]]:
    """identity -> version -> one entry (occurrences merged: direct if any is, strongest scope, all systems)."""
    found: dict[tuple[str, str], dict[str, Entry]] = {}
    for entry in entries:
        versions = found.setdefault(entry.identity, {})
        seen = versions.get(entry.version)
        if seen is None:
            versions[entry.version] = entry
            continue
        versions[entry.version] = dataclasses.replace(
            seen,
            direct=seen.direct or entry.direct,
            scope=strongest_scope((seen.scope, entry.scope)),
            systems=tuple(sorted(set(seen.systems) | set(entry.systems))),
            license=seen.license or entry.license,
            item_id=seen.item_id or entry.item_id,
        )
    return found


def _kind(ecosystem: str, was: set[str], now: set[str]) -> str:
    if not was:
        return "added"
    if not now:
        return "removed"
    gone, came = was - now, now - was
    if not gone and not came:
        return "unchanged"
    if not gone or not came:
        return "changed"  # a version more or fewer beside ones that stay: neither up nor down
    order = {compare(ecosystem, new, old) for new in came for old in gone}
    if order == {1}:
        return "upgraded"
    if order == {-1}:
        return "downgraded"
    return "changed"  # not comparable, equal spellings of one version, or mixed


def counts(changes: Iterable[Change]) -> dict[str, int]:
    """Number of packages per kind, and ``license`` for license changes."""
    found = dict.fromkeys(KINDS, 0)
    found["license"] = 0
    for change in changes:
        found[change.kind] += 1
        found["license"] += change.license_changed
    return found


# --- baselines ----------------------------------------------------------------------------------------------------

#: git baselines read once per (configuration, resolved commit): a moved ref re-reads, an unchanged one does not
_GIT_CACHE: dict[tuple, tuple[list[Entry], list[Problem], list[str]]] = {}


def read_baseline(settings: Settings) -> Baseline | None:
    """The configured ``soup_baseline`` (None when there is none). Never raises."""
    if not settings.baseline:
        return None
    labels: list[str] = []
    baseline = Baseline(label="")
    for spec in settings.baseline:
        if spec.pattern.startswith(GIT):
            ref = spec.pattern[len(GIT) :].strip()
            commit = _read_git(ref, settings, baseline, _conf_source(settings, spec.pattern))
            labels.append(f"{spec.pattern} (commit {commit[:12]})" if commit else spec.pattern)
        else:
            _read_files(spec, settings, baseline)
            labels.append(spec.pattern)
    baseline.label = ", ".join(labels)
    return baseline


def _conf_source(settings: Settings, needle: str) -> Source | None:
    if not settings.conf_file:
        return None
    return relative_source(Source(settings.conf_file, conf_line(settings.conf_file, needle)), settings)


def _read_files(spec: ManifestSpec, settings: Settings, baseline: Baseline) -> None:
    scratch = Catalog()  # the catalog's own reading: cached by content, includes noted, a bad glob located
    for path in matches(spec.pattern, settings, scratch):
        result = relative_result(read_cached(path, spec.format, settings, scratch, spec.system), settings)
        scratch.problems.extend(result.problems)
        baseline.entries.extend(entries_of_components(result.components, spec.system))
    baseline.problems.extend(
        dataclasses.replace(p, kind="baseline") if p.kind == "input" else p for p in scratch.problems
    )
    baseline.inputs.extend(dataclasses.replace(f, role="baseline") for f in scratch.inputs)


def resolve(ref: str, cwd: str) -> tuple[str | None, str | None, str | None]:
    """(repository top directory, commit id of ``ref``, problem): one of the first two is None on failure."""
    top, error = run_git(cwd, "rev-parse", "--show-toplevel")
    if top is None:
        return None, None, error
    if ref.startswith("-"):  # never an option to git
        return None, None, f"{ref!r} is not a git ref"
    commit, error = run_git(cwd, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if commit is None:
        return None, None, f"unknown git ref {ref!r}"
    return top.decode().strip(), commit.decode().strip(), None


def _read_git(ref: str, settings: Settings, baseline: Baseline, where: Source | None) -> str | None:
    top, commit, error = resolve(ref, settings.confdir)
    if commit is None or top is None:
        baseline.problems.append(Problem("baseline", f"soup_baseline git:{ref}: {error}; no baseline", where))
        return None
    baseline.commits += (commit,)
    key = (settings.confdir, top, commit, ref, settings.manifests)
    if key not in _GIT_CACHE:
        _GIT_CACHE[key] = _read_at(ref, commit, top, settings, where)
    entries, problems, absent = _GIT_CACHE[key]
    baseline.entries.extend(entries)
    baseline.problems.extend(problems)
    baseline.absent.extend(absent)
    return commit


def _read_at(
    ref: str, commit: str, top: str, settings: Settings, where: Source | None
) -> tuple[list[Entry], list[Problem], list[str]]:
    entries: list[Entry] = []
    problems: list[Problem] = []
    absent: list[str] = []
    listing: list[str] | None = None
    # git prints paths relative to the real top directory: compare with the real configuration directory
    confdir = os.path.realpath(settings.confdir)
    for spec in settings.manifests:
        pattern = os.path.relpath(os.path.normpath(os.path.join(confdir, spec.pattern)), top).replace(os.sep, "/")
        if pattern.startswith("../"):
            problems.append(Problem("baseline", f"git:{ref}: {spec.pattern} is outside the git repository", where))
            continue
        if any(ch in pattern for ch in "*?["):
            if listing is None:
                out, _ = run_git(top, "ls-tree", "-r", "-z", "--name-only", commit)
                listing = [p for p in (out or b"").decode("utf-8", "replace").split("\0") if p]
            paths = sorted(p for p in listing if fnmatch.fnmatchcase(p, pattern))
        else:
            paths = [pattern]
        display_of = {p: os.path.relpath(os.path.join(top, p), confdir).replace(os.sep, "/") for p in paths}
        if not paths:
            absent.append(spec.pattern)
        for path in paths:
            data, _ = run_git(top, "show", f"{commit}:{path}")
            display = f"{display_of[path]}@{ref}"
            if data is None:
                absent.append(display_of[path])
                continue
            text, problem = decode(data, display)
            if problem is not None:
                problems.append(problem)
                continue
            fmt = spec.format or detect(path, text[:SNIFF_BYTES])  # by its real name, not the @ref one
            result = read_string(text, display, fmt)
            problems.extend(result.problems)
            entries.extend(entries_of_components(result.components, spec.system))
    return entries, problems, absent


# --- what was redone for a new version ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """Whether the work of IEC 62304 was redone for one new item version."""

    item: Item
    record_verified: bool | None  # None: no record
    record_required: bool  # direct items (and transitive ones with soup_check_transitive) need a record
    tests: dict[str, int]  # requirement status -> number of requirements of this item
    anomalies: tuple[Anomaly, ...]  # every advisory of the item
    new_advisories: tuple[Anomaly, ...]  # affecting the new version and none of the old ones

    @property
    def tests_passed(self) -> bool:
        return all(status in (PASSED, ANALYSIS) for status in self.tests)

    @property
    def unevaluated(self) -> tuple[Anomaly, ...]:
        return tuple(a for a in self.anomalies if a.needs_evaluation)


def review(catalog: Catalog, settings: Settings, item: Item, old_versions: Iterable[str]) -> Review:
    """What was redone for ``item`` (a new version) since ``old_versions``, from the views of this build."""
    record = item.record
    verified = None if record is None else item.version in record.verified_versions
    statuses: dict[str, int] = {}
    for trace in traceability(catalog, settings).traces:
        if any(i.id == item.id for i in trace.items):
            statuses[trace.status] = statuses.get(trace.status, 0) + 1
    tests = {s: statuses[s] for s in STATUSES if s in statuses}
    anomalies = tuple(anomaly_view(catalog).of(item))
    olds = tuple(old_versions)
    new = tuple(
        a
        for a in anomalies
        if a.affected is not False and all(is_affected(a.advisory, version) is False for version in olds)
    )
    return Review(item, verified, checked(item, settings), tests, anomalies, new)


def selected_entries(entries: Iterable[Entry], scopes: Iterable[str], ecosystems: Iterable[str]) -> list[Entry]:
    """Baseline entries in the given scopes (all when empty) and ecosystems (all when empty)."""
    scopes, ecosystems = set(scopes) or set(SCOPES), {e.lower() for e in ecosystems}
    return [e for e in entries if e.scope in scopes and (not ecosystems or e.ecosystem in ecosystems)]


# --- the command line ---------------------------------------------------------------------------------------------


@dataclass
class Side:
    """One side of ``soup diff``: what it is, its entries, the problems reading it, whether it failed."""

    label: str
    entries: list[Entry]
    problems: list[Problem]
    failed: bool = False


def read_side(
    arg: str, confdir: str, load: Callable[[str], tuple[Settings, list[str]]], fmt: str | None = None
) -> Side:
    """``git:REF`` (the manifests of ``confdir`` at REF), a directory (its manifests now) or a lock file/SBOM.

    ``load`` reads the settings of a configuration directory (the command line's conf.py loader); ``fmt``
    forces the format of a file.
    """
    if arg.startswith(GIT) or os.path.isdir(arg):
        where = confdir if arg.startswith(GIT) else arg
        settings, errors = load(where)
        if errors:
            problems = [Problem("config", error, Source(settings.conf_file or where)) for error in errors]
            return Side(arg, [], problems, failed=True)
        if not arg.startswith(GIT):
            catalog = build_catalog(settings)
            return Side(arg, entries_of_items(catalog.items), catalog.problems)
        baseline = read_baseline(dataclasses.replace(settings, baseline=(ManifestSpec(arg),))) or Baseline(arg)
        failed = any(p.kind == "baseline" for p in baseline.problems)
        return Side(baseline.label, baseline.entries, baseline.problems, failed)
    result = read_path(arg, fmt)
    unreadable = not result.components and any(p.kind == "input" for p in result.problems)
    return Side(arg, entries_of_components(result.components), list(result.problems), unreadable)


def change_json(change: Change) -> dict:
    """The stable JSON shape of one change (``soup diff --format json``: only add keys, never rename)."""
    shown = change.new[0] if change.new else change.old[0]
    return {
        "kind": change.kind,
        "ecosystem": change.ecosystem,
        "name": change.name,
        "old_versions": list(change.old_versions),
        "new_versions": list(change.new_versions),
        "old_license": change.old_license,
        "new_license": change.new_license,
        "license_changed": change.license_changed,
        "scope": shown.scope,
        "direct": any(e.direct for e in change.new or change.old),
    }


def diff_json(old: Side, new: Side, changes: list[Change]) -> dict:
    """``{"old": label, "new": label, "counts": {kind: n}, "changes": [...]}``; unchanged packages are counted,
    listed only when their license changed."""
    return {
        "old": old.label,
        "new": new.label,
        "counts": counts(changes),
        "changes": [change_json(c) for c in changes if c.kind != "unchanged" or c.license_changed],
    }


def diff_text(old: Side, new: Side, changes: list[Change]) -> str:
    """The changes grouped by kind, then the license changes, for people."""
    found = counts(changes)
    summary = ", ".join(f"{found[kind]} {kind}" for kind in KINDS) + f", {found['license']} license changes"
    lines = [f"{old.label} -> {new.label}: {summary}"]
    for kind in KINDS[:-1]:
        chosen = [c for c in changes if c.kind == kind]
        if chosen:
            lines.append(f"\n{kind.capitalize()} ({len(chosen)}):")
            lines.extend(f"  {c.ecosystem} {c.name} {_versions(c)}{_scope(c)}" for c in chosen)
    licensed = [c for c in changes if c.license_changed]
    if licensed:
        lines.append(f"\nLicense changes ({len(licensed)}):")
        lines.extend(f"  {c.ecosystem} {c.name}: {c.old_license} -> {c.new_license}" for c in licensed)
    return "\n".join(lines)


def _versions(change: Change) -> str:
    old, new = ", ".join(change.old_versions), ", ".join(change.new_versions)
    if change.kind == "added":
        return new
    if change.kind == "removed":
        return old
    return f"{old} -> {new}"


def _scope(change: Change) -> str:
    scope = (change.new or change.old)[0].scope
    return "" if scope == "runtime" else f" ({scope})"
