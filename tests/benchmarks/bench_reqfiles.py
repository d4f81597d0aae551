"""Benchmark (run by hand): reading 5,000 SOUP requirements from a records file, a CSV export, a needs.json.

    python tests/benchmarks/bench_reqfiles.py [--requirements 5000] [--repeat 5]

The same requirements in the three formats (the needs.json in sphinx-needs' export shape, 40 fields per
need as sphinx-needs 9 writes them, one line like ``needs_build_json``). Prints the best of ``--repeat``
reads of each (parse + validation, no catalog) and the ratios to the YAML records section.
"""

from __future__ import annotations

import argparse
import json
import time

from sphinxcontrib.soup.config import RequirementFileSpec
from sphinxcontrib.soup.reqfiles import read_requirement_file

FILLER = {f"field_{n:02d}": "" for n in range(34)}  # the core fields sphinx-needs writes for every need


def texts(count: int) -> dict[str, str]:
    ids = [f"SOUPREQ_{n:05d}" for n in range(count)]
    yaml = ["requirements:"]
    csv = ["id,item,statement,verified_by"]
    needs = {}
    for n, ident in enumerate(ids):
        test = f"tests.test_mod{n % 50}::test_{n}"
        yaml += [
            f"  - id: {ident}",
            "    item: demo-lib",
            f"    statement: Behaviour {n} works.",
            f"    verified_by: [{test!r}]",
        ]
        csv.append(f"{ident},demo-lib,Behaviour {n} works.,{test}")
        needs[ident] = {
            **FILLER,
            "id": ident,
            "type": "soupreq",
            "title": f"Behaviour {n} works.",
            "content": "",
            "soup_item": "demo-lib",
            "verified_by": test,
        }
    export = {"current_version": "1.0", "project": "bench", "versions": {"1.0": {"needs": needs}}}
    return {"yaml": "\n".join(yaml) + "\n", "csv": "\n".join(csv) + "\n", "needs.json": json.dumps(export)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requirements", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    best: dict[str, float] = {}
    for name, text in texts(args.requirements).items():
        path = f"reqs.{name.rsplit('.', 1)[-1]}"
        for _ in range(args.repeat):
            start = time.perf_counter()
            found, problems = read_requirement_file(text, path, RequirementFileSpec(path))
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - start)
        assert len(found) == args.requirements and not problems, problems[:3]
        print(f"{name:10} {len(text) / 1e6:6.2f} MB  {best[name] * 1000:8.1f} ms")
    for name in ("csv", "needs.json"):
        print(f"{name} / yaml: {best[name] / best['yaml']:.2f}")


if __name__ == "__main__":
    main()
