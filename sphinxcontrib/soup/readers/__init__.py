"""Readers: one module per family of formats, each turning a file into components and problems.

No Sphinx here. Each module declares ``FORMATS`` (format name -> reader) and ``PATTERNS`` (file-name globs,
lower case, -> format name), and may define ``sniff(name, head) -> format | None`` to recognise a file by its
first characters when its name says nothing. :func:`read_path` is the single entry point: it detects the
format (unless one is forced), reads and decodes the file and never raises.
"""

from __future__ import annotations

import fnmatch
import os
from types import ModuleType

from ..model import ReadResult
from . import (
    bower,
    cargo,
    composer,
    cyclonedx,
    gomod,
    maven,
    npm,
    nuget,
    ospkg,
    pipenv,
    pnpm,
    poetry,
    pylock,
    pyproject,
    requirements,
    ruby,
    spdx,
    uv,
    yarn,
)
from .base import Reader, failed, parse_as, read_as

#: every reader module; to add a format family, write its module and list it here
MODULES: tuple[ModuleType, ...] = (
    npm,
    yarn,
    pnpm,
    bower,
    requirements,
    pyproject,
    poetry,
    uv,
    pipenv,
    pylock,
    nuget,
    cargo,
    gomod,
    maven,
    ruby,
    composer,
    cyclonedx,
    spdx,
    ospkg,
)

FORMATS: dict[str, Reader] = {fmt: reader for module in MODULES for fmt, reader in module.FORMATS.items()}
PATTERNS: tuple[tuple[str, str], ...] = tuple(pattern for module in MODULES for pattern in module.PATTERNS)


def detect(path: str, head: str | None = None) -> str | None:
    """The format of a file from its name, else from its first characters (``head``); None if unknown."""
    name = os.path.basename(path).lower()
    for pattern, fmt in PATTERNS:
        if fnmatch.fnmatchcase(name, pattern):
            return fmt
    if head is not None:
        for module in MODULES:
            sniff = getattr(module, "sniff", None)
            fmt = sniff(name, head) if sniff else None
            if fmt:
                return fmt
    return None


def read_path(path: str, fmt: str | None = None) -> ReadResult:
    """Read one input file with the reader for ``fmt`` (detected when None). Never raises."""
    return read_as(path, fmt, FORMATS, detect, failed, "manifest")


def read_string(text: str, path: str, fmt: str | None = None) -> ReadResult:
    """Read the ``text`` of a manifest named ``path`` (e.g. a file as it was at a git ref). Never raises."""
    return parse_as(text, path, fmt, FORMATS, detect, failed, "manifest")
