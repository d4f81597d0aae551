"""Advisory readers: vulnerability and anomaly reports (npm/pnpm/yarn audit, pip-audit, OSV, CycloneDX VEX,
Dependabot alerts, a team's anomaly list), each turned into :class:`~sphinxcontrib.soup.model.Advisory` and
:class:`~sphinxcontrib.soup.model.Analysis` objects plus located problems.

No Sphinx here. Like ``readers/``, each module declares ``FORMATS`` (format name -> reader ``(text, path) ->
AdvisoryReport``) and ``PATTERNS`` (lower-case file-name globs -> format), and may define ``sniff(name, head)``.
:func:`read_advisories` is the single entry point: it detects the format (unless one is forced), reads and
decodes the file, and never raises.

Detection: report names are often generic (``report.json``, ``audit.json``), and one name pattern can hide
another format, so the content decides first (each module's ``sniff`` on the first 4 KiB), then the name.

What the readers record (the contract the catalog matches on):

- ``Advisory.affected``: ``vers:`` strings (``facades/version_ranges``); a version is affected when it is in
  any of them or equal to one of ``Advisory.versions``. An advisory with neither could not be evaluated (its
  range was unreadable: the file's problems say why) and needs a person's evaluation.
- ``Advisory.ecosystem``: the purl type; ``package``: the name as the ecosystem writes it.
- ``Analysis.version``: an exact version, a ``vers:`` range (VEX statements about ranges), or None (the
  evaluation names no version: it holds for every version the advisory affects).
- problem kinds: ``parse`` (syntax), ``input`` (file), ``advisory`` (content), ``unaudited`` (pip-audit's
  skipped dependencies).
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable
from types import ModuleType

from ..model import AdvisoryReport
from ..readers.base import read_as
from . import anomaly_list, dependabot, npm_audit, osv, pip_audit, vex
from .common import failed

#: An advisory reader turns the text of one file into advisories, analyses and problems; it never raises.
AdvisoryReader = Callable[[str, str], AdvisoryReport]

#: every advisory reader module, in sniffing order (the most specific content marks first)
MODULES: tuple[ModuleType, ...] = (dependabot, npm_audit, pip_audit, vex, osv, anomaly_list)

FORMATS: dict[str, AdvisoryReader] = {fmt: reader for module in MODULES for fmt, reader in module.FORMATS.items()}
PATTERNS: tuple[tuple[str, str], ...] = tuple(pattern for module in MODULES for pattern in module.PATTERNS)


def detect(path: str, head: str | None = None) -> str | None:
    """The format of an advisory file from its first characters (``head``), else from its name; None if unknown."""
    name = os.path.basename(path).lower()
    if head is not None:
        for module in MODULES:
            fmt = module.sniff(name, head)
            if fmt:
                return fmt
    for pattern, fmt in PATTERNS:
        if fnmatch.fnmatchcase(name, pattern):
            return fmt
    return None


def read_advisories(path: str, fmt: str | None = None) -> AdvisoryReport:
    """Read one advisory file with the reader for ``fmt`` (detected when None). Never raises."""
    return read_as(path, fmt, FORMATS, detect, failed, "advisory")
