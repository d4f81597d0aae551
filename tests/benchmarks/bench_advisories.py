"""Benchmark (run by hand): ``read_advisories`` on 20,000 OSV records against a bare ``json.loads``.

    python tests/benchmarks/bench_advisories.py [COUNT]

The records are the corpus's real OSV records (every one with affected packages), varied: each copy gets its
own id, package name and versions (the numbers of every event and listed version are shifted), so the range
conversions are not all answered from the cache. Written as one JSON list to a temporary file. Prints the
file size, the bare read + ``json.loads`` time, ``read_advisories(path)`` with a cold range cache (first
read in a process) and warm (median of 5), and their ratios. Timings are medians; the machine's other load
shows in them (json.loads itself is mostly the garbage collector at this size).
"""

from __future__ import annotations

import copy
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sphinxcontrib.soup.advisories import read_advisories
from sphinxcontrib.soup.facades import version_ranges

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "fetched" / "osv"
_NUMBER = re.compile(r"\d+")


def shifted(version: str, step: int) -> str:
    """``version`` with its last number moved by ``step`` (``1.22.5`` -> ``1.22.12``); ``0`` stays ``0``."""
    if version == "0":
        return version
    numbers = list(_NUMBER.finditer(version))
    if not numbers:
        return version
    last = numbers[-1]
    return version[: last.start()] + str(int(last.group()) + step) + version[last.end() :]


def vary(record: dict, n: int) -> dict:
    record = copy.deepcopy(record)
    record["id"] = f"{record['id']}-{n}"
    step = n % 97
    for entry in record.get("affected", []):
        if "name" in entry.get("package", {}):
            entry["package"]["name"] += f"-{n % 500}"
        entry["versions"] = [shifted(v, step) for v in entry.get("versions", [])]
        for range_ in entry.get("ranges", []):
            if range_.get("type") != "GIT":
                range_["events"] = [{k: shifted(v, step) for k, v in e.items()} for e in range_["events"]]
    return record


def records(count: int) -> list[dict]:
    real = [json.loads(p.read_text()) for p in sorted(CORPUS.glob("*.json"))]
    real = [r for r in real if r.get("affected")]
    return [vary(real[n % len(real)], n) for n in range(count)]


def best_of(func, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.osv.json"
        path.write_text(json.dumps(records(count), indent=1), encoding="utf-8")  # indent 2: over the 64 MiB limit
        bare = best_of(lambda: json.loads(path.read_text(encoding="utf-8")))
        version_ranges._to_vers.cache_clear()
        version_ranges._events_to_vers.cache_clear()
        start = time.perf_counter()
        report = read_advisories(str(path))
        cold = time.perf_counter() - start
        warm = best_of(lambda: read_advisories(str(path)))
        size = path.stat().st_size
    print(
        f"{count} records, {size / 2**20:.1f} MiB, {len(report.advisories)} advisories, {len(report.problems)} problems"
    )
    print(f"read + json.loads      {bare * 1000:6.0f} ms")
    print(f"read_advisories cold   {cold * 1000:6.0f} ms  {cold / bare:4.1f}x")
    print(f"read_advisories warm   {warm * 1000:6.0f} ms  {warm / bare:4.1f}x")


if __name__ == "__main__":
    main()
