"""Plain, frozen data objects shared by every layer (no Sphinx, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

#: Scopes a component can have, strongest first: the scope of a package reached
#: through several paths is the strongest of them.
SCOPES = ("runtime", "optional", "peer", "dev")

#: Where a package came from, as far as its manifest tells.
ORIGINS = ("registry", "git", "url", "path", "workspace", "system")


def strongest_scope(scopes: Iterable[str]) -> str:
    """The strongest of ``scopes`` (``runtime`` beats ``optional`` beats ``peer`` beats ``dev``)."""
    ranks = [SCOPES.index(s) for s in scopes if s in SCOPES]
    return SCOPES[min(ranks)] if ranks else "runtime"


@dataclass(frozen=True, order=True)
class Source:
    """Where something was read: a file path (as given/resolved) and a 1-based line, if known."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Problem:
    """A located defect in the inputs; becomes a ``soup.<kind>`` warning."""

    kind: str  # warning subtype: parse, input, record, config, missing-record, drift, ...
    message: str
    source: Source | None = None
    subject: str = ""  # the SOUP item (need id) a finding concerns, if any

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.message} [soup.{self.kind}]"


@dataclass(frozen=True)
class Component:
    """One third-party package at one version, as one manifest or lock file lists it."""

    name: str
    version: str  # the exact version; for an unpinned dependency, the range (pinned=False)
    ecosystem: str  # "npm", "pypi", ... (the purl type)
    purl: str
    source: Source
    scope: str = "runtime"  # one of SCOPES
    direct: bool = True
    pinned: bool = True
    via: tuple[str, ...] = ()  # for transitive components: the direct dependencies that pull it in
    license: str | None = None
    origin: str = "registry"  # one of ORIGINS
    resolved: str | None = None  # git URL, tarball URL or path, for non-registry origins
    alias: str | None = None  # the name the dependent uses, when it differs (npm aliases)
    groups: tuple[str, ...] = ()  # extras / dependency groups / workspaces that ask for it
    marker: str | None = None  # environment marker (PEP 508) under which it is installed
    description: str | None = None
    homepage: str | None = None
    supplier: str | None = None  # who supplies it, as an SBOM names it (supplier, publisher or author)

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity within the catalog: ecosystem, normalized name, version."""
        return (self.ecosystem, self.name.lower(), self.version)


@dataclass(frozen=True)
class ReadResult:
    """What a reader got out of one file: every component it could read, and the problems."""

    path: str
    format: str
    components: tuple[Component, ...] = ()
    problems: tuple[Problem, ...] = ()
    locked: bool = True  # False for manifests that only state ranges (package.json, pyproject.toml)
    includes: tuple[str, ...] = ()  # other files read to produce this result (-r includes, sibling manifests)


@dataclass(frozen=True)
class SelfTests:
    """A SOUP's own test suite run here: the reports holding the run, and the failures the product accepts."""

    reports: tuple[str, ...]  # fnmatch patterns over soup_test_results paths (relative to conf.py)
    source: Source
    justified: tuple[tuple[str, str], ...] = ()  # (test id or pattern, why: a feature the product does not use)


@dataclass(frozen=True)
class Record:
    """The curated, human facts about one SOUP item (from ``soup_records`` YAML)."""

    name: str
    source: Source
    ecosystem: str | None = None  # None: matches the name in any ecosystem
    id: str | None = None  # need id override
    title: str | None = None
    version: str | None = None  # the version this record was last verified for (a standalone item's version)
    verified_versions: tuple[str, ...] = ()  # all versions verified (a lock may hold several at once)
    versions: str | None = None  # optional range the record covers (informative)
    manufacturer: str | None = None
    website: str | None = None
    purpose: str | None = None
    systems: tuple[str, ...] = ()
    safety_class: str | None = None  # A, B or C
    support: str | None = None  # maintained / unmaintained / abandoned
    end_of_support: str | None = None  # ISO date
    end_of_support_justification: str | None = None
    verified_by: str | None = None
    verified_on: str | None = None  # ISO date
    license: str | None = None
    license_review: str | None = None
    copyright: str | None = None
    description: str | None = None
    standalone: bool = False  # declares an item no manifest lists (OS image, runtime, firmware...)
    self_tests: SelfTests | None = None  # the SOUP's own test suite, run here
    extra: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class TestCase:
    """One executed test case of a test report (JUnit, NUnit, xUnit.net, TRX)."""

    __test__ = False  # not a pytest test class

    name: str
    suite: str  # the enclosing suite (or class) as the report names it
    outcome: str  # passed, failed, error, skipped
    source: Source  # the report file and the line of the test case element
    classname: str | None = None
    duration: float | None = None  # seconds
    message: str | None = None  # the failure / error / skip message (first line)
    details: str | None = None  # failure text, trimmed
    properties: tuple[tuple[str, str], ...] = ()  # as the report carries them (requirement links...)
    file: str | None = None  # the test's own source file and line, when the report gives them
    line: int | None = None
    timestamp: str | None = None

    @property
    def id(self) -> str:
        """``suite::name`` (``classname::name`` when the report gives a class)."""
        return f"{self.classname or self.suite}::{self.name}"


@dataclass(frozen=True)
class TestReport:
    """What a test-report reader got out of one file."""

    __test__ = False

    path: str
    format: str  # junit, nunit3, nunit2, xunit2, xunit1, trx
    cases: tuple[TestCase, ...] = ()
    problems: tuple[Problem, ...] = ()
    tool: str | None = None  # pytest, surefire, jest, go, nunit, xunit.net, mstest ... when recognisable
    timestamp: str | None = None  # when the run started, as the report says


@dataclass(frozen=True)
class Advisory:
    """One published anomaly (vulnerability or bug) of one package, from a report or an advisory database."""

    id: str  # GHSA-..., CVE-..., PYSEC-..., OSV id, tracker id
    ecosystem: str  # purl type of the affected package
    package: str
    source: Source
    aliases: tuple[str, ...] = ()
    affected: tuple[str, ...] = ()  # affected ranges as univers ``vers:`` strings
    versions: tuple[str, ...] = ()  # affected versions listed one by one
    fixed: tuple[str, ...] = ()  # versions that fix it
    severity: str | None = None  # critical, high, moderate/medium, low, or as the source says
    score: float | None = None  # CVSS base score, when given
    summary: str | None = None
    url: str | None = None
    published: str | None = None
    modified: str | None = None
    kind: str = "vulnerability"  # vulnerability, malware, bug


@dataclass(frozen=True)
class Analysis:
    """An evaluation of one advisory for one package version (CycloneDX VEX vocabulary)."""

    advisory: str  # advisory id (or alias)
    package: str
    source: Source
    state: str  # in_triage, exploitable, resolved, resolved_with_pedigree, false_positive, not_affected
    version: str | None = None  # the version the evaluation was made for
    justification: str | None = None  # for not_affected: code_not_present, code_not_reachable, ...
    detail: str | None = None
    response: tuple[str, ...] = ()


@dataclass(frozen=True)
class AdvisoryReport:
    """What an advisory reader got out of one file."""

    path: str
    format: str
    advisories: tuple[Advisory, ...] = ()
    analyses: tuple[Analysis, ...] = ()  # evaluations the file carries (VEX)
    problems: tuple[Problem, ...] = ()
    tool: str | None = None
    generated: str | None = None  # when the report was made, as it says
