"""Readers: one module per family of formats, each turning a file into components and problems.

No Sphinx here. :func:`read_path` is the single entry point: it detects the format from the file name
(unless one is forced), reads and decodes the file and never raises.
"""

from __future__ import annotations

import fnmatch
import os

from ..model import Problem, ReadResult, Source
from . import npm, poetry, pyproject, requirements, uv
from .base import Reader, failed, read_text

#: format name -> reader
FORMATS: dict[str, Reader] = {
    "package.json": npm.read_package_json,
    "package-lock": npm.read_package_lock,
    "requirements": requirements.read_requirements,
    "pyproject": pyproject.read_pyproject,
    "poetry.lock": poetry.read_poetry_lock,
    "uv.lock": uv.read_uv_lock,
}

#: file-name patterns (lower case, first match wins) -> format name
PATTERNS: tuple[tuple[str, str], ...] = (
    ("package-lock*.json", "package-lock"),
    ("*.package-lock*.json", "package-lock"),
    ("npm-shrinkwrap.json", "package-lock"),
    ("package.json", "package.json"),
    ("*.package.json", "package.json"),
    ("poetry.lock", "poetry.lock"),
    ("*.poetry.lock", "poetry.lock"),
    ("uv.lock", "uv.lock"),
    ("*.uv.lock", "uv.lock"),
    ("pyproject.toml", "pyproject"),
    ("*.pyproject.toml", "pyproject"),
    ("*requirements*.txt", "requirements"),
    ("constraints*.txt", "requirements"),
)


def detect(path: str) -> str | None:
    """The format of a file, from its name; None when no reader knows it."""
    name = os.path.basename(path).lower()
    for pattern, fmt in PATTERNS:
        if fnmatch.fnmatchcase(name, pattern):
            return fmt
    return None


def read_path(path: str, fmt: str | None = None) -> ReadResult:
    """Read one input file with the reader for ``fmt`` (detected when None). Never raises."""
    fmt = fmt or detect(path)
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        return failed(path, "unknown", Problem("input", f"unknown file format; give one of: {known}", Source(path)))
    if fmt not in FORMATS:
        return failed(path, fmt, Problem("input", f"unknown format {fmt!r}", Source(path)))
    text, problem = read_text(path)
    if problem is not None:
        return failed(path, fmt, problem)
    try:
        return FORMATS[fmt](text, path)
    except Exception as exc:
        message = f"internal error in the {fmt} reader ({type(exc).__name__}: {exc}); please report it"
        return failed(path, fmt, Problem("parse", message, Source(path)))
