"""Where the product's own sources import third-party packages: Python (``ast``), JavaScript and TypeScript.

Pure Python, no Sphinx. One file in, the module specifiers it imports out (each at its line), never raising:
a syntax error, an undecodable or a binary file is a located problem and the other files are still scanned.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..model import Problem, Source
from ..readers.base import MAX_BYTES, decode
from .javascript import javascript_imports
from .python import python_imports

PYTHON_SUFFIXES = frozenset({".py", ".pyi", ".pyw"})
JAVASCRIPT_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"})
#: directories a directory entry of ``soup_sources`` does not descend into (installed or generated code)
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "site-packages"})


@dataclass(frozen=True)
class Import:
    """One import statement (or ``require``/dynamic import call) of a source file."""

    module: str  # as written: ``yaml``, ``dateutil.parser``, ``lodash/fp``, ``@mui/material/Button``
    source: Source
    language: str  # python, javascript


@dataclass(frozen=True)
class SourceScan:
    """What the scan of one source file found."""

    path: str
    language: str
    imports: tuple[Import, ...] = ()
    problems: tuple[Problem, ...] = ()


def language_of(path: str) -> str | None:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in PYTHON_SUFFIXES:
        return "python"
    if suffix in JAVASCRIPT_SUFFIXES:
        return "javascript"
    return None


def source_files(directory: str) -> list[str]:
    """The Python, JavaScript and TypeScript files under a directory, sorted; hidden and installed-code
    directories (``node_modules``, ``site-packages``...) are not entered."""
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS]
        found.extend(os.path.join(root, f) for f in files if language_of(f))
    return sorted(found)


def source_paths(entry: str, globbed: bool) -> list[str]:
    """The files to scan for one match of a ``soup_sources`` entry: a directory's source files; a file named
    as such; a file a glob matched only if its suffix is a known language (``src/**`` also matches READMEs)."""
    if os.path.isdir(entry):
        return source_files(entry)
    return [entry] if not globbed or language_of(entry) else []


def scan_file(path: str) -> SourceScan:
    """The imports of one source file, by its suffix; a located problem instead of raising."""
    language = language_of(path)
    if language is None:
        message = "not a Python, JavaScript or TypeScript source (by its suffix): not scanned for imports"
        return SourceScan(path, "", problems=(Problem("input", message, Source(path)),))
    try:
        file = Path(path)
        if file.stat().st_size > MAX_BYTES:
            message = f"file larger than {MAX_BYTES // 2**20} MiB, not scanned"
            return SourceScan(path, language, problems=(Problem("input", message, Source(path)),))
        data = file.read_bytes()
    except OSError as exc:
        problem = Problem("input", f"cannot read file: {exc.strerror or exc}", Source(path))
        return SourceScan(path, language, problems=(problem,))
    if b"\0" in data[:8192]:
        problem = Problem("parse", "binary file (NUL bytes), not scanned for imports", Source(path))
        return SourceScan(path, language, problems=(problem,))
    if language == "python":
        found, problem = python_imports(data, path)
    else:
        text, problem = decode(data, path)
        found = javascript_imports(text) if text is not None else []
    imports = tuple(Import(module, Source(path, line), language) for module, line in found)
    return SourceScan(path, language, imports, (problem,) if problem else ())
