"""What every reader shares: decoding bytes, building results, locating problems."""

from __future__ import annotations

import codecs
import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from ..model import Component, Problem, ReadResult, Source, strongest_scope

#: A reader turns the text of one file into components and problems; it never raises on bad input.
Reader = Callable[[str, str], ReadResult]

R = TypeVar("R")
SNIFF_BYTES = 4096  # how much of a file content sniffing looks at
MAX_BYTES = 64 * 1024 * 1024  # larger inputs are refused: no real lock file comes near this


def decode(data: bytes, path: str) -> tuple[str | None, Problem | None]:
    """Text of a file: UTF-8 (with or without BOM) or BOM-marked UTF-16; else (or with a NUL byte) a located problem."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            return None, Problem("parse", f"not valid UTF-16 text: {exc.reason}", Source(path))
    # a NUL in the first line is valid UTF-8 but never text: UTF-16 without a BOM (or binary data) would read as
    # garbled lines, a warning each; a NUL further on is left to the format's parser, which locates it
    first_line_end = data.find(b"\n", 0, SNIFF_BYTES)
    if b"\x00" in data[: first_line_end if first_line_end >= 0 else SNIFF_BYTES]:
        return None, Problem(
            "parse", "binary data (a NUL byte), not text; UTF-16 needs a byte order mark", Source(path, 1)
        )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, Problem("parse", f"not UTF-8 text (byte 0x{data[exc.start]:02x})", Source(path, line))


def read_text(path: str) -> tuple[str | None, Problem | None]:
    """Read and decode a file, reporting a missing, unreadable or oversized file as a problem."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_BYTES:
            return None, Problem("input", f"file larger than {MAX_BYTES // 2**20} MiB, not read", Source(path))
        data = file.read_bytes()
    except FileNotFoundError:
        return None, Problem("input", "file not found", Source(path))
    except OSError as exc:
        return None, Problem("input", f"cannot read file: {exc.strerror or exc}", Source(path))
    return decode(data, path)


def failed(path: str, fmt: str, problem: Problem) -> ReadResult:
    """The result of a file that could not be read at all."""
    return ReadResult(path=path, format=fmt, problems=(problem,))


def dedupe(components: list[Component]) -> list[Component]:
    """One component per (name, version, origin): several install paths of one package become one entry.

    The kept entry is the first seen (lowest line); it becomes direct if any copy is (a direct dependency
    has no ``via``), takes the strongest scope and the union of ``via`` and ``groups``.
    """
    merged: dict[tuple, Component] = {}
    for comp in components:
        key = (comp.name.lower(), comp.version, comp.origin, comp.alias)
        seen = merged.get(key)
        if seen is None:
            merged[key] = comp
            continue
        direct = seen.direct or comp.direct
        merged[key] = dataclasses.replace(
            seen,
            direct=direct,
            scope=strongest_scope((seen.scope, comp.scope)),
            via=() if direct else tuple(sorted(set(seen.via) | set(comp.via))),
            groups=tuple(sorted(set(seen.groups) | set(comp.groups))),
            license=seen.license or comp.license,
        )
    return list(merged.values())


def read_as(
    path: str,
    fmt: str | None,
    formats: Mapping[str, Callable[[str, str], R]],
    detect: Callable[[str, str | None], str | None],
    failed_result: Callable[[str, str, Problem], R],
    what: str,
) -> R:
    """Read ``path`` with ``formats[fmt]`` (``fmt`` detected from the name, else the first kilobytes).

    The one way every family of inputs is read (manifests, advisories): a missing or unreadable file, an
    unknown format and a bug in a reader all become a located problem; nothing raises.
    """
    if fmt is not None and fmt not in formats:
        return _unknown_format(path, fmt, formats, failed_result, what)
    text, problem = read_text(path)
    if problem is not None:
        return failed_result(path, fmt or detect(path, None) or "unknown", problem)
    return parse_as(text, path, fmt, formats, detect, failed_result, what)


def parse_as(
    text: str,
    path: str,
    fmt: str | None,
    formats: Mapping[str, Callable[[str, str], R]],
    detect: Callable[[str, str | None], str | None],
    failed_result: Callable[[str, str, Problem], R],
    what: str,
) -> R:
    """Parse ``text`` (the content of ``path``, read from disk or elsewhere, e.g. ``git show``) like
    :func:`read_as`: an unknown format or a reader bug becomes a located problem."""
    if fmt is not None and fmt not in formats:
        return _unknown_format(path, fmt, formats, failed_result, what)
    known = ", ".join(sorted(formats))
    fmt = fmt or detect(path, text[:SNIFF_BYTES])
    if fmt is None:
        message = f"unknown {what} format; force one with {{'path': ..., 'format': ...}} (known: {known})"
        return failed_result(path, "unknown", Problem("input", message, Source(path)))
    try:
        return formats[fmt](text, path)
    except Exception as exc:  # a reader bug must not stop the build, nor lose the file
        message = f"internal error in the {fmt} reader ({type(exc).__name__}: {exc}); please report it"
        return failed_result(path, fmt, Problem("parse", message, Source(path)))


def _unknown_format(
    path: str, fmt: str, formats: Mapping[str, object], failed_result: Callable[[str, str, Problem], R], what: str
) -> R:
    known = ", ".join(sorted(formats))
    return failed_result(path, fmt, Problem("input", f"unknown {what} format {fmt!r} (known: {known})", Source(path)))
