"""CSV via the standard library's ``csv``, with the line of every row.

A header row names the columns (case and surrounding spaces ignored); every later row becomes a dict of those
names to stripped cell texts. Blank rows are skipped. A quoted cell may span lines: a row's line is the one it
starts on.
"""

from __future__ import annotations

import csv
import io

from ..model import Problem, Source


def load_csv(text: str, path: str) -> tuple[list[str], list[tuple[int, dict[str, str]]], Problem | None]:
    """``(header, [(line, row)], problem)``; on a malformed file, the rows read before the error and the problem.

    Rows with more cells than the header keep the extra cells under ``""`` joined by ``,`` (the caller
    reports them); rows with fewer have the missing columns absent.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), skipinitialspace=True)
    header: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if not header:
                header = [cell.strip().lower() for cell in cells]
                continue
            row = {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
            if len(cells) > len(header):
                row[""] = ",".join(cells[len(header) :])
            rows.append((line, row))
    except csv.Error as exc:
        return header, rows, Problem("parse", f"invalid CSV: {exc}", Source(path, start))
    return header, rows, None
