"""Benchmark (run by hand): SOUP traceability from one big JUnit report, our build against sphinx-test-reports.

    python -m tests.benchmarks.bench_traceability [--runs 3] [--cases 5000] [--str-python /path/to/python]

One generated JUnit file: 50 suites of 100 cases (5,000), each case naming one of 500 requirements in its
``requirement`` property (10 cases each), 1 % failing, durations spread over 0-0.2 s. Two Sphinx projects on
the same file, each built clean (``-E``, a new output directory) with ``sphinx-build -b html``, measured
from outside: wall time, CPU time (user + system: what machine load does not inflate) and peak RSS of the
build process (``os.wait4``: the largest of it and the children it waited for). The builds alternate (ours,
theirs, ours, ...) so both see the same machine load; the medians of ``--runs`` runs and their ratios
(theirs / ours) are printed.

- ours: 500 SOUP requirements in a records file on one SOUP item, ``soup_test_results`` = the file, a page
  with ``soup-traceability``, ``soup-requirements`` (500 hidden ``soupreq`` needs and 5,000 hidden
  ``testcase`` needs with ``verifies`` links) and ``soup-tests``;
- sphinx-test-reports: 500 ``req`` needs, and ``test-file`` with ``:auto_suites:`` ``:auto_cases:`` and
  ``tr_property_link_types = {"requirement": "links"}`` (5,000 linked case needs, 50 suite needs). It is
  not a dependency: install it by hand in this venv (``pip install sphinx-test-reports``) or pass the
  python of a venv that has it; without it only our build is measured.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

SUITES, REQUIREMENTS = 50, 500


def junit(cases: int) -> str:
    rng = random.Random(62304)
    per_suite = cases // SUITES
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="bench">']
    n = 0
    for s in range(SUITES):
        out.append(f'<testsuite name="suite_{s:02d}" tests="{per_suite}">')
        for c in range(per_suite):
            req = f"REQ_{n % REQUIREMENTS:04d}"
            time = rng.random() * 0.2
            body = f'<properties><property name="requirement" value="{req}"/></properties>'
            if rng.random() < 0.01:
                body += f'<failure message="assertion {n} failed">Traceback: case {n}</failure>'
            out.append(
                f'<testcase classname="pkg.suite_{s:02d}" name="test_{c:03d}" time="{time:.4f}">{body}</testcase>'
            )
            n += 1
        out.append("</testsuite>")
    out.append("</testsuites>\n")
    return "\n".join(out)


def ours(root: Path) -> None:
    root.mkdir()
    (root / "requirements.txt").write_text("demo-lib==1.0\n")
    lines = [
        "soup:",
        "  - name: demo-lib",
        "    verified: {version: '1.0', by: bench, date: 2026-01-01}",
        "requirements:",
    ]
    for r in range(REQUIREMENTS):
        lines += [f"  - id: REQ_{r:04d}", "    item: demo-lib", f"    statement: Behaviour {r} works."]
    (root / "soup.yaml").write_text("\n".join(lines) + "\n")
    (root / "conf.py").write_text(
        'extensions = ["sphinx_needs", "sphinxcontrib.soup"]\nproject = "bench"\n'
        'soup_manifests = ["requirements.txt"]\nsoup_records = ["soup.yaml"]\nsoup_test_results = ["report.xml"]\n'
    )
    (root / "index.rst").write_text(
        "Bench\n=====\n\n.. soup-traceability::\n\n.. soup-requirements::\n\n.. soup-tests::\n"
    )


def theirs(root: Path) -> None:
    root.mkdir()
    (root / "conf.py").write_text(
        'extensions = ["sphinx_needs", "sphinx_test_reports"]\nproject = "bench"\n'
        'tr_property_link_types = {"requirement": "links"}\n'
    )
    reqs = "".join(f".. req:: Behaviour {r} works\n   :id: REQ_{r:04d}\n\n" for r in range(REQUIREMENTS))
    (root / "index.rst").write_text(
        "Bench\n=====\n\n" + reqs + ".. test-file:: Bench report\n   :file: report.xml\n   :id: TESTFILE_1\n"
        "   :auto_suites:\n   :auto_cases:\n"
    )


def measure(python: str, root: Path) -> tuple[float, float, float, int]:
    """Wall seconds, peak RSS in MiB, CPU seconds and the exit status of a clean html build (new output)."""
    out = root / "_build"
    shutil.rmtree(out, ignore_errors=True)
    command = [python, "-m", "sphinx", "-q", "-E", "-b", "html", str(root), str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()  # warnings: read while it runs, so a full pipe never blocks it
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        print(errors.decode(errors="replace")[-1500:], file=sys.stderr)
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, process.returncode


def has_test_reports(python: str) -> bool:
    found = subprocess.run([python, "-c", "import sphinx_test_reports"], capture_output=True, check=False)
    return found.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--str-python", default=sys.executable, help="python with sphinx-test-reports")
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="builds of each project (medians are reported)")
    args = parser.parse_args()
    sides = [("ours", ours, sys.executable)]
    if has_test_reports(args.str_python):
        sides.append(("sphinx-test-reports", theirs, args.str_python))
    else:
        print(f"sphinx-test-reports is not importable by {args.str_python}: only our build is measured")
    with tempfile.TemporaryDirectory() as tmp:
        report = junit(args.cases)
        print(f"JUnit: {args.cases} cases in {SUITES} suites, {REQUIREMENTS} requirements, {len(report) / 1e6:.1f} MB")
        runs: dict[str, list[tuple[float, float, float, int]]] = {name: [] for name, _, _ in sides}
        for name, make, _ in sides:
            make(Path(tmp) / name.replace("-", "_"))
            (Path(tmp) / name.replace("-", "_") / "report.xml").write_text(report)
        for run in range(args.runs):
            for name, _, python in sides:
                wall, rss, cpu, status = measure(python, Path(tmp) / name.replace("-", "_"))
                runs[name].append((wall, rss, cpu, status))
                measured = f"{wall:7.2f} s  {rss:7.0f} MiB peak RSS  {cpu:7.2f} s CPU"
                print(f"run {run + 1} {name:>20}: {measured}  (exit {status})")
        medians = {name: [median(r[i] for r in got) for i in range(3)] for name, got in runs.items()}
        for name, (wall, rss, cpu) in medians.items():
            print(f"median {name:>20}: {wall:7.2f} s  {rss:7.0f} MiB peak RSS  {cpu:7.2f} s CPU")
        if len(medians) == 2:
            (w1, m1, c1), (w2, m2, c2) = medians["ours"], medians["sphinx-test-reports"]
            ratios = f"{w2 / w1:7.1f}x faster  {m2 / m1:7.1f}x less memory  {c2 / c1:7.1f}x less CPU"
            print(f"ratio  {'(theirs / ours)':>20}: {ratios}")
        if any(r[3] for got in runs.values() for r in got):
            sys.exit("a build failed")


if __name__ == "__main__":
    main()
