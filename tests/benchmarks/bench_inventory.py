"""Benchmark (run by hand): ``soup inventory`` on large lock files, against a bare parse and the package manager.

    python -m tests.benchmarks.bench_inventory

Prints, per file: the package count, the bare ``json.loads``/``tomllib.loads`` time, the reader's in-process
time and their ratio (target: <= 3x), the wall time of the ``soup inventory --format json`` command, and
(where npm is installed) ``npm ls --all --json --package-lock-only`` on the same project.
"""

from __future__ import annotations

import copy
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import yaml

from sphinxcontrib.soup.facades.xml_file import load_xml
from sphinxcontrib.soup.readers import FORMATS, detect

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent.parent / "shared" / "corpus"
FILES = [
    HERE / "data/big/package-lock.json",
    HERE / "data/big-python/uv.lock",
    CORPUS / "fetched/npm/moodlemobile2.package-lock.v1.json",
    CORPUS / "fetched/npm/webpack.yarn.lock",
    CORPUS / "fetched/npm/jest.berry.yarn.lock",
    CORPUS / "fetched/npm/koel.pnpm-lock.yaml",
    CORPUS / "fetched/php/koel.composer.lock",
    CORPUS / "fetched/rust/bat.Cargo.lock",
    CORPUS / "fetched/dotnet/monai-gateway-Client.Test.packages.lock.json",
    CORPUS / "fetched/sbom-cyclonedx/juice-shop-via-npm-flat.bom.1.4.json",
    CORPUS / "fetched/sbom-cyclonedx/juice-shop-via-npm-bare.bom.1.4.xml",
    CORPUS / "generated/npm-web-v3/npm-sbom.spdx-2.3.json",
    CORPUS / "generated/poetry/poetry.lock",
]


def bare_parser(path: Path):
    """The plain parse of a file's syntax: what any reader has to pay at least."""
    if path.suffix == ".json":
        return json.loads
    if path.suffix in (".lock", ".toml") and not path.name.endswith("yarn.lock"):
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
            return tomllib.loads
        except tomllib.TOMLDecodeError:
            return json.loads  # composer.lock is JSON
    if path.suffix == ".xml":
        return lambda text: load_xml(text, str(path))
    if path.suffix == ".yaml" or path.name.endswith("berry.yarn.lock"):
        return lambda text: yaml.load(text, Loader=yaml.CSafeLoader)  # libyaml, safe
    return None  # yarn v1: no library parses it


def big_cyclonedx(folder: Path, count: int = 5000) -> Path:
    """A CycloneDX JSON SBOM of ``count`` distinct components: juice-shop's real ones, each renamed."""
    bom = json.loads((CORPUS / "fetched/sbom-cyclonedx/juice-shop-via-npm-flat.bom.1.4.json").read_text())
    originals = bom["components"]
    components, dependencies = [], []
    for i in range(count):
        comp = copy.deepcopy(originals[i % len(originals)])
        suffix = f"-{i}"  # every component its own package (the real file repeats some)
        comp["name"] += suffix
        comp["bom-ref"] = f"{comp.get('bom-ref', comp['name'])}{suffix}#{i}"
        if "purl" in comp:
            base, _, version = comp["purl"].rpartition("@")
            comp["purl"] = f"{base}{suffix}@{version}"
        components.append(comp)
        dependencies.append({"ref": comp["bom-ref"], "dependsOn": []})
    root = bom["metadata"]["component"].get("bom-ref", "root")
    dependencies.append({"ref": root, "dependsOn": [c["bom-ref"] for c in components[:200]]})
    bom["components"], bom["dependencies"] = components, dependencies
    path = folder / "big.cdx.json"
    path.write_text(json.dumps(bom, indent=2))
    return path


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
    print(f"{'file':56} {'pkgs':>5} {'bare ms':>8} {'reader ms':>9} {'ratio':>6} {'soup cli ms':>11} {'npm ls ms':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for path in [*FILES, big_cyclonedx(Path(folder))]:
            if path.exists():
                measure(path)


def measure(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    reader = FORMATS[detect(str(path), text[:4096])]
    bare = bare_parser(path)
    count = len(reader(text, str(path)).components)
    t_bare = best_of(lambda: bare(text)) if bare else float("nan")
    t_reader = best_of(lambda: reader(text, str(path)))
    t_cli = wall([sys.executable, "-m", "sphinxcontrib.soup", "inventory", str(path), "--format", "json"])
    t_npm = float("nan")
    if path.name == "package-lock.json" and shutil.which("npm"):
        t_npm = wall(["npm", "ls", "--all", "--json", "--package-lock-only"], cwd=path.parent)
    base = HERE if HERE in path.parents else CORPUS if CORPUS in path.parents else path.parent
    print(
        f"{path.relative_to(base)!s:56} {count:5d} {t_bare * 1e3:8.1f} {t_reader * 1e3:9.1f}"
        f" {t_reader / t_bare:5.2f}x {t_cli * 1e3:11.0f} {t_npm * 1e3:9.0f}"
    )


if __name__ == "__main__":
    main()
