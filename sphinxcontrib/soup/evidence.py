"""Build evidence: what the SOUP pages were made from, and who signed them off.

- Inputs: every file the catalog read (manifests, locks, SBOMs, includes, records, test and advisory reports)
  and ``conf.py``, with role, path relative to the configuration directory, size and SHA-256.
- Git: the commit the tree was built from, its date, and what was not committed (no repository is said, not an
  error). An input that is not committed is a finding (``soup.evidence``): the DHF would cite a commit that does
  not hold what the pages show.
- Tools: the versions of Python and of every library that read the inputs or wrote the pages.
- Build date: ``SOURCE_DATE_EPOCH``, else the commit date, else none. Never the wall clock: two builds of one
  commit must give the same bytes.
- Sign-off: the ``approvals:`` section of records files (reviewer / approver, name, ISO date), per package or for
  the SOUP list as a whole, with the rows still to sign for class B and C items.

Pure Python (no Sphinx).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog, InputFile, Item, file_digest, identity
from .config import Settings
from .facades.git import GitState, git_state
from .facades.installed import installed_version
from .model import Problem, Source
from .records import is_iso_date, located, register_section

#: distributions whose versions the evidence lists: the build stack, then every library our facades import
TOOLS = (
    "Sphinx",
    "docutils",
    "sphinx-needs",
    "sphinxcontrib-soup",
    "PyYAML",
    "defusedxml",
    "packaging",
    "packageurl-python",
    "license-expression",
    "univers",
    "cyclonedx-python-lib",
)
ROLES = ("reviewer", "approver")
#: approvals key -> (description, expected python types)
APPROVAL_FIELDS: dict[str, tuple[str, tuple[type, ...]]] = {
    "package": ("the SOUP item signed off, as its record names it; omit to sign the whole SOUP list", (str,)),
    "ecosystem": ("the package's ecosystem, when the name is used in several", (str,)),
    "role": ("reviewer or approver", (str,)),
    "name": ("who signs", (str,)),
    "date": ("ISO date of the signature", (dt.date, str)),
    "comment": ("what was reviewed, conditions", (str,)),
}
WHOLE_LIST = "SOUP list"  # the subject of an approval that names no package


@dataclass(frozen=True)
class Approval:
    """One sign-off row: a reviewer or approver of one SOUP item, or of the whole SOUP list."""

    role: str
    name: str
    date: str | None
    source: Source
    package: str | None = None
    ecosystem: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class EvidenceFile:
    """One input file as the evidence page lists it."""

    role: str
    path: str  # relative to the configuration directory
    size: int
    sha256: str
    git: str  # committed, modified, not committed, or "" outside a repository


@dataclass(frozen=True)
class Evidence:
    inputs: tuple[EvidenceFile, ...]
    git: GitState
    tools: tuple[tuple[str, str | None], ...]
    build_date: str | None  # ISO 8601, UTC for SOURCE_DATE_EPOCH
    date_source: str  # SOURCE_DATE_EPOCH, commit date, or "" (no date)

    @property
    def fingerprint(self) -> tuple:
        """What the evidence shows beyond the catalog's inputs: when it changes, the evidence page is re-read."""
        return (self.inputs, self.git, self.tools, self.build_date)


@dataclass(frozen=True)
class SignOff:
    """A row of the sign-off table: an approval, or (``approval`` None) a signature still missing."""

    subject: str
    item: Item | None
    role: str
    approval: Approval | None


def read_approvals(items: list, path: str, problems: list[Problem]) -> list[Approval]:
    """The ``approvals:`` section of one records file; every defect is a located ``record`` problem.

    An approval with a bad date is kept without its date (shown as a gap), never dropped.
    """
    found = []
    for item in items:
        if not isinstance(item, dict):
            where = Source(path)
            problems.append(Problem("record", f"an approval must be a mapping, not {type(item).__name__}", where))
            continue
        label = f"approval of {item.get('package') or WHOLE_LIST}"
        values: dict[str, Any] = {}
        for key, raw in item.items():
            where = located(path, item, key)
            if key not in APPROVAL_FIELDS:
                known = ", ".join(APPROVAL_FIELDS)
                problems.append(Problem("record", f"{label}: unknown key {key!r} (known: {known})", where))
            elif raw is None:
                continue
            elif not isinstance(raw, APPROVAL_FIELDS[key][1]) or isinstance(raw, bool):
                wanted = " or ".join(t.__name__ for t in APPROVAL_FIELDS[key][1])
                problems.append(Problem("record", f"{label}: {key!r} must be {wanted}", where))
            else:
                values[key] = raw
        role, name = values.get("role"), values.get("name")
        if role not in ROLES:
            message = f"{label}: 'role' must be {' or '.join(ROLES)}" if role else f"{label}: 'role' is required"
            problems.append(Problem("record", message, located(path, item, "role" if role else None)))
            continue
        if not name or not name.strip():
            problems.append(Problem("record", f"{label}: 'name' is required (who signs)", located(path, item)))
            continue
        date = values.get("date")
        if date is None:
            problems.append(Problem("record", f"{label}: 'date' is required (ISO date)", located(path, item)))
        elif isinstance(date, str) and not is_iso_date(date):
            problems.append(Problem("record", f"{label}: date must be an ISO date", located(path, item, "date")))
            date = None
        found.append(
            Approval(
                role=role,
                name=name.strip(),
                date=str(date) if date else None,
                source=located(path, item),
                package=values.get("package"),
                ecosystem=values.get("ecosystem"),
                comment=values.get("comment"),
            )
        )
    return found


register_section("approvals", read_approvals)


def approvals(catalog: Catalog) -> list[Approval]:
    return list(catalog.sections.get("approvals", []))


def _item_of(catalog: Catalog, approval: Approval) -> Item | None:
    """The item an approval names: by identity in its ecosystem, or by name in any; the direct one first."""
    name = approval.package or ""
    for item in sorted(catalog.items, key=lambda i: not i.direct):
        if approval.ecosystem and item.ecosystem != approval.ecosystem:
            continue
        if identity(item.ecosystem, item.name) == identity(item.ecosystem, name) or (
            item.record is not None and item.record.name.lower() == name.lower()
        ):
            return item
    return None


def sign_off(catalog: Catalog) -> list[SignOff]:
    """Every approval (the SOUP list's first, then by item), and the rows still to sign.

    Rows to sign: a reviewer and an approver of the SOUP list, and of each direct class B or C item.
    """
    rows: list[SignOff] = []
    signed: set[tuple[str, str]] = set()  # (item id or "", role)
    for approval in approvals(catalog):
        item = _item_of(catalog, approval) if approval.package else None
        if approval.package and item is None:
            continue  # reported by evidence_checks; not a sign-off of anything shipped
        key = item.id if item else ""
        rows.append(SignOff(item.title if item else WHOLE_LIST, item, approval.role, approval))
        signed.add((key, approval.role))
    subjects: list[tuple[str, Item | None]] = [(WHOLE_LIST, None)]
    subjects += [
        (item.title, item)
        for item in catalog.items
        if item.direct and item.record is not None and item.record.safety_class in ("B", "C")
    ]
    for subject, item in subjects:
        for role in ROLES:
            if ((item.id if item else ""), role) not in signed:
                rows.append(SignOff(subject, item, role, None))

    def order(row: SignOff) -> tuple:
        return (row.item is not None, row.subject.lower(), row.item.id if row.item else "", ROLES.index(row.role))

    return sorted(rows, key=order)


def build_date(git: GitState) -> tuple[str | None, str]:
    """The date the pages give for the build, and where it comes from (never the wall clock)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).isoformat().replace("+00:00", "Z"), "SOURCE_DATE_EPOCH"
    if git.date:
        return git.date, "commit date"
    return None, ""


def tool_versions() -> tuple[tuple[str, str | None], ...]:
    return (("Python", platform.python_version()), *((name, installed_version(name)) for name in TOOLS))


def collect_evidence(catalog: Catalog, settings: Settings) -> Evidence:
    """The evidence of one build (git is asked once per catalog)."""
    if "evidence" in catalog.derived:
        return catalog.derived["evidence"]
    files = sorted(_files(catalog, settings), key=lambda f: (f.display, f.role))
    git = git_state(settings.confdir, [f.path for f in files])

    def state(path: str) -> str:
        if git.commit is None:
            return ""
        if path in git.untracked:
            return "not committed"
        return "modified" if path in git.modified else "committed"

    inputs = tuple(EvidenceFile(f.role, f.display, f.size, f.sha256, state(f.path)) for f in files)
    date, source = build_date(git)
    evidence = Evidence(inputs, git, tool_versions(), date, source)
    catalog.derived["evidence"] = evidence
    return evidence


def _files(catalog: Catalog, settings: Settings) -> Iterator[InputFile]:
    """The catalog's inputs (each once: a file read in two roles keeps both) and the configuration file."""
    seen = set()
    for f in catalog.inputs:
        if (f.path, f.role) not in seen:
            seen.add((f.path, f.role))
            yield f
    conf = settings.conf_file
    digest = file_digest(conf) if conf else None
    if conf and digest:
        display = os.path.relpath(conf, settings.confdir).replace(os.sep, "/")
        yield InputFile(os.path.normpath(conf), display, "configuration", "python", digest[0], digest[1])


def evidence_checks(catalog: Catalog, settings: Settings) -> Iterator[Problem]:
    """Inputs not committed to git (the cited commit would not hold them) and approvals of no shipped item."""
    evidence = collect_evidence(catalog, settings)
    for f in evidence.inputs:
        if f.git in ("modified", "not committed"):
            message = f"{f.path}: built from an input with uncommitted changes ({f.git}); commit it"
            yield Problem("evidence", message, Source(f.path))
    for approval in approvals(catalog):
        if approval.package and _item_of(catalog, approval) is None:
            message = f"approval of {approval.package!r} names no SOUP item of soup_manifests or the records"
            yield Problem("evidence", message, approval.source)
