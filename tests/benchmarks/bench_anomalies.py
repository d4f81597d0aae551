"""Benchmark (run by hand): matching 20,000 OSV records against a 2,000-package catalog.

    python -m tests.benchmarks.bench_anomalies [RECORDS] [PACKAGES]

The records are bench_advisories' varied copies of the corpus's real OSV records. The catalog holds PACKAGES
items: the packages the records name (each at a version taken from its advisory's events, so many ranges
hold it and many do not), padded with packages no record names. Prints the bare read + ``json.loads`` time,
``read_advisories``, the matching (every advisory against every item of its package, each range evaluated with
univers, evaluations looked up), and the ratios of the matching and of read + match to the bare parse.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from sphinxcontrib.soup.advisories import read_advisories
from sphinxcontrib.soup.anomalies import _compute
from sphinxcontrib.soup.catalog import Catalog, Item
from tests.benchmarks.bench_advisories import best_of, records


def catalog_for(report, packages: int) -> Catalog:
    """A catalog of ``packages`` items: the advisories' packages first, then packages no advisory names."""
    chosen: dict[tuple[str, str], str] = {}
    for advisory in report.advisories:
        key = (advisory.ecosystem, advisory.package)
        if key not in chosen and len(chosen) < packages:
            chosen[key] = (advisory.fixed or advisory.versions or ("1.0.0",))[0]
    n = 0
    while len(chosen) < packages:
        chosen[("npm", f"unrelated-{n}")] = "1.0.0"
        n += 1
    items = [
        Item(
            id=f"SOUP_{i}",
            name=name,
            version=version,
            ecosystem=ecosystem,
            purl=f"pkg:{ecosystem}/{name}@{version}",
            scope="runtime",
            direct=True,
            pinned=True,
            via=(),
            systems=(),
            occurrences=(),
        )
        for i, ((ecosystem, name), version) in enumerate(chosen.items())
    ]
    return Catalog(items=items, advisories=[report])


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    packages = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.osv.json"
        path.write_text(json.dumps(records(count), indent=1), encoding="utf-8")
        bare = best_of(lambda: json.loads(path.read_text(encoding="utf-8")))
        start = time.perf_counter()
        report = read_advisories(str(path))
        read = time.perf_counter() - start
    catalog = catalog_for(report, packages)
    match = best_of(lambda: _compute(catalog), repeat=3)
    view = _compute(catalog)
    affected = sum(1 for a in view.anomalies if a.affected)
    unmatched = sum(map(len, view.unmatched.values()))
    print(
        f"{len(report.advisories)} advisories, {len(catalog.items)} catalog items, {len(view.anomalies)} pairs"
        f" ({affected} affected), {unmatched} advisories of packages not in the catalog"
    )
    print(f"bare read + json.loads:   {bare:8.3f} s")
    print(f"read_advisories (cold):   {read:8.3f} s")
    print(f"matching (median of 3):   {match:8.3f} s  ratio to bare parse {match / bare:5.1f}x")
    print(f"read + match:             {read + match:8.3f} s  ratio to bare parse {(read + match) / bare:5.1f}x")


if __name__ == "__main__":
    main()
