"""Benchmark (run by hand): ``soup inventory`` on large lock files, against a bare parse and the package manager.

    python -m tests.benchmarks.bench_inventory

Prints, per file: the package count, the bare ``json.loads``/``tomllib.loads`` time, the reader's in-process
time and their ratio (target: <= 3x), the wall time of the ``soup inventory --format json`` command, and
(where npm is installed) ``npm ls --all --json --package-lock-only`` on the same project.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from sphinxcontrib.soup.readers import FORMATS, detect

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent.parent / "shared" / "corpus"
FILES = [
    HERE / "data/big/package-lock.json",
    HERE / "data/big-python/uv.lock",
    CORPUS / "fetched/npm/moodlemobile2.package-lock.v1.json",
    CORPUS / "generated/poetry/poetry.lock",
]


def best_of(func, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wall(command: list[str], cwd: Path | None = None) -> float:
    return best_of(lambda: subprocess.run(command, cwd=cwd, capture_output=True, check=False), repeat=3)


def main() -> None:
    print(f"{'file':48} {'pkgs':>5} {'bare ms':>8} {'reader ms':>9} {'ratio':>6} {'soup cli ms':>11} {'npm ls ms':>9}")
    for path in FILES:
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        reader = FORMATS[detect(str(path))]
        bare = json.loads if path.suffix == ".json" else tomllib.loads
        count = len(reader(text, str(path)).components)
        t_bare = best_of(lambda text=text, bare=bare: bare(text))
        t_reader = best_of(lambda text=text, reader=reader, path=path: reader(text, str(path)))
        t_cli = wall([sys.executable, "-m", "sphinxcontrib.soup", "inventory", str(path), "--format", "json"])
        t_npm = float("nan")
        if path.name == "package-lock.json" and shutil.which("npm"):
            t_npm = wall(["npm", "ls", "--all", "--json", "--package-lock-only"], cwd=path.parent)
        name = str(path.relative_to(HERE if HERE in path.parents else CORPUS))
        print(
            f"{name:48} {count:5d} {t_bare * 1e3:8.1f} {t_reader * 1e3:9.1f} {t_reader / t_bare:5.2f}x"
            f" {t_cli * 1e3:11.0f} {t_npm * 1e3:9.0f}"
        )


if __name__ == "__main__":
    main()
