"""Benchmark (run by hand): SOUP traceability from one big JUnit report, our build against sphinx-test-reports.

    python tests/benchmarks/bench_traceability.py [--str-python /path/to/venv/bin/python] [--cases 5000]

One generated JUnit file: 50 suites of 100 cases (5,000), each case naming one of 500 requirements in its
``requirement`` property (10 cases each), 1 % failing, durations spread over 0-0.2 s. Two Sphinx projects on
the same file, each built clean with ``sphinx-build -b html`` under ``/usr/bin/time -v`` (wall time, peak
RSS of the build process):

- ours: 500 SOUP requirements in a records file on one SOUP item, ``soup_test_results`` = the file, a page
  with ``soup-traceability``, ``soup-requirements`` (500 hidden ``soupreq`` needs and 5,000 hidden
  ``testcase`` needs with ``verifies`` links) and ``soup-tests``;
- sphinx-test-reports: 500 ``req`` needs, and ``test-file`` with ``:auto_suites:`` ``:auto_cases:`` and
  ``tr_property_link_types = {"requirement": "links"}`` (5,000 linked case needs, 50 suite needs). It needs
  its own venv when it does not fit ours (``pip install sphinx-test-reports``): pass its python.

Prints both measurements and the ratios (theirs / ours).
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

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


def measure(python: str, root: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB and the exit status of a clean html build."""
    command = ["/usr/bin/time", "-v", python, "-m", "sphinx", "-q", "-b", "html", str(root), str(root / "_build")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    if wall is None or rss is None:
        sys.exit(f"cannot read /usr/bin/time output:\n{done.stderr[-2000:]}")
    hours, minutes, seconds = wall.groups()
    status = done.returncode
    if status:
        print(done.stderr[-1500:], file=sys.stderr)
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds), int(rss.group(1)) / 1024, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--str-python", default="/tmp/str-venv/bin/python", help="python with sphinx-test-reports")
    parser.add_argument("--cases", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = junit(args.cases)
        print(f"JUnit: {args.cases} cases in {SUITES} suites, {REQUIREMENTS} requirements, {len(report) / 1e6:.1f} MB")
        results = {}
        for name, make, python in (("ours", ours, sys.executable), ("sphinx-test-reports", theirs, args.str_python)):
            root = Path(tmp) / name.replace("-", "_")
            make(root)
            (root / "report.xml").write_text(report)
            results[name] = measure(python, root)
            wall, rss, status = results[name]
            print(f"{name:>20}: {wall:7.2f} s  {rss:7.0f} MiB peak RSS  (exit {status})")
        (w1, m1, _), (w2, m2, _) = results["ours"], results["sphinx-test-reports"]
        print(f"{'ratio':>20}: {w2 / w1:7.1f}x faster  {m2 / m1:7.1f}x less memory (theirs / ours)")


if __name__ == "__main__":
    main()
