"""Benchmark by hand (never collected by pytest): test-report reading time against a bare ``load_xml``.

    python -m tests.benchmarks.bench_results

For each file: the best of several runs of ``load_xml`` alone, of the dialect reader on the parsed tree,
and their ratio (reader total = parse + reading the tree).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sphinxcontrib.soup.facades.xml_file import load_xml
from sphinxcontrib.soup.results import _FROM_ROOT, detect
from tests.conftest import CORPUS
from tests.results.test_junit import big_report


def best(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def bench(label: str, text: str, path: str, runs: int = 7) -> None:
    root, problem = load_xml(text, path)
    assert problem is None
    reader = _FROM_ROOT[detect(root)]
    parse = best(lambda: load_xml(text, path), runs)
    walk = best(lambda: reader(root, path), runs)
    cases = len(reader(root, path).cases)
    print(
        f"{label:34} {cases:6} cases {len(text) / 1e6:5.2f} MB  load_xml {parse * 1e3:7.1f} ms  "
        f"reader {walk * 1e3:6.1f} ms  total/parse {(parse + walk) / parse:4.2f}x"
    )


def main() -> None:
    for name in (
        "fetched/junit/java/dorny-pulsar-test-report.xml",
        "generated/junit/pytest-attrs-24.2.0.xunit2.xml",
        "generated/junit/pytest-packaging-24.1.xunit2.xml",
        "fetched/junit/nunit2/enricomi-NUnit2.5-correct2.xml",
    ):
        file = CORPUS / name
        bench(file.name, file.read_text(encoding="utf-8-sig"), str(file))
    bench("generated 20,000 cases", big_report(20_000), "big.xml")


if __name__ == "__main__":
    main()
