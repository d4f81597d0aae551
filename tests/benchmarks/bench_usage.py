"""Benchmark by hand (never collected by pytest): the import scan of real source trees.

    python -m tests.benchmarks.bench_usage [DIR ...]

Default: the installed Sphinx and docutils packages (Python). Give more directories, e.g. a ``node_modules``
made by ``npm install`` in /tmp, for JavaScript/TypeScript. For each tree: files, MB, the scan's files/s,
and its ratio to a bare baseline over the same files (Python: ``ast.parse``; JavaScript: decoding and one
context-free pass of the token regex).
Then the catalog: ``build_catalog`` over the same trees as ``soup_sources``, cold and with its cache warm
(what an incremental Sphinx build pays: every file hashed, none re-scanned).
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import sys
import time
from pathlib import Path

from sphinxcontrib.soup import catalog as catalog_module
from sphinxcontrib.soup.catalog import build_catalog
from sphinxcontrib.soup.config import Settings
from sphinxcontrib.soup.readers.base import decode
from sphinxcontrib.soup.sources import language_of, scan_file, source_files
from sphinxcontrib.soup.sources.javascript import _TOKEN


def _files(root: Path) -> list[str]:
    # source_files skips node_modules below the given directory; a node_modules given directly is scanned
    if root.name == "node_modules":
        return sorted(str(p) for p in root.rglob("*") if p.is_file() and language_of(p.name))
    return source_files(str(root))


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def parse_all(files: list[str], blobs: list[bytes]) -> None:
    for data in blobs:
        with contextlib.suppress(SyntaxError, ValueError):
            ast.parse(data)


def regex_all(files: list[str], blobs: list[bytes]) -> None:
    """Decode and run the token regex over the text without context (no regex literals, no templates): the
    floor of any tokenizer built on that regex."""
    for path, data in zip(files, blobs, strict=True):
        text, _ = decode(data, path)
        for _match in _TOKEN.finditer(text or ""):
            pass


BASELINES = {"python": parse_all, "javascript": regex_all}


def bench(root: Path) -> None:
    files = _files(root)
    size = sum(Path(f).stat().st_size for f in files)
    for language in ("python", "javascript"):
        chosen = [f for f in files if language_of(f) == language]
        if not chosen:
            continue
        blobs = [Path(f).read_bytes() for f in chosen]  # warm the OS cache for both runs
        base = _timed(lambda: BASELINES[language](chosen, blobs))  # noqa: B023
        scans: list = []
        scan = _timed(lambda: scans.extend(scan_file(f) for f in chosen))  # noqa: B023
        imports = sum(len(s.imports) for s in scans)
        problems = sum(len(s.problems) for s in scans)
        chosen_mb = sum(len(b) for b in blobs) / 1e6
        print(
            f"{root.name:14} {language:10} {len(chosen):6} files {chosen_mb:6.1f} MB {imports:7} imports"
            f" {problems:4} problems  scan {scan:6.2f} s = {len(chosen) / scan:7.0f} files/s"
            f" {chosen_mb / scan:5.1f} MB/s  baseline {base:6.2f} s  scan/baseline {scan / base:5.2f}x"
        )
    print(f"{root.name:14} total      {len(files):6} files {size / 1e6:6.1f} MB")


def bench_catalog(roots: list[Path]) -> None:
    settings = Settings(confdir="/", sources=tuple(str(r) for r in roots))
    catalog_module._REPORT_CACHE.clear()
    built: list = []
    cold = _timed(lambda: built.append(build_catalog(settings)))
    warm = _timed(lambda: build_catalog(settings))
    count = len(built[0].sources)
    print(f"build_catalog  {count} files: cold {cold:6.2f} s ({count / cold:7.0f} files/s), warm {warm:5.2f} s")


def main() -> None:
    roots = [Path(a) for a in sys.argv[1:]]
    if not roots:
        roots = [Path(importlib.util.find_spec(n).origin).parent for n in ("sphinx", "docutils")]  # type: ignore[arg-type]
    for root in roots:
        bench(root)
    bench_catalog(roots)


if __name__ == "__main__":
    main()
