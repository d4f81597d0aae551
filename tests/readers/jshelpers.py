"""Helpers shared by the yarn and pnpm reader tests: result checks and ground-truth comparisons."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sphinxcontrib.soup.model import Component, ReadResult

SCOPE_OF_KIND = {"prod": "runtime", "dev": "dev", "optional": "optional", "peer": "peer"}


def assert_well_formed(result: ReadResult, path: str | None = None) -> None:
    """What every result must be: located problems, complete npm components, ``via`` only on transitive ones."""
    assert isinstance(result, ReadResult)
    for problem in result.problems:
        assert problem.source is not None and problem.source.path, problem
    for comp in result.components:
        assert comp.name and isinstance(comp.version, str) and comp.ecosystem == "npm", comp
        assert comp.purl.startswith("pkg:npm/"), comp
        assert comp.source.path == (path or result.path), comp
        assert comp.source.line is None or comp.source.line >= 1, comp
        assert not comp.direct or comp.via == (), comp


def only(result: ReadResult, name: str, version: str | None = None, alias: str | None = None) -> Component:
    found = [
        c
        for c in result.components
        if c.name == name and (version is None or c.version == version) and (alias is None or c.alias == alias)
    ]
    assert len(found) == 1, found
    return found[0]


def truth(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".expected.json").read_text())


def assert_matches_ground_truth(result: ReadResult, path: Path) -> None:
    """(name, version, direct) as the package manager lists them; extra entries only for aliased copies.

    ``yarn info`` / ``pnpm list`` name an aliased copy and a plain copy of one name@version once; the
    readers keep the alias apart (its own component), as the npm reader does.
    """
    packages = truth(path)["packages"]
    assert {(c.name, c.version, c.direct) for c in result.components} == {
        (p["name"], p["version"], p["direct"]) for p in packages
    }
    ours = Counter((c.name, c.version) for c in result.components)
    assert len(ours) == len({(p["name"], p["version"]) for p in packages})
    assert {key for key, n in ours.items() if n > 1} <= {(c.name, c.version) for c in result.components if c.alias}


def assert_ground_truth_fields(result: ReadResult, path: Path) -> None:
    """The per-package fields of the ground truth: direct_kind, alias, patched, protocol/reference, local."""
    for package in truth(path)["packages"]:
        found = [c for c in result.components if (c.name, c.version) == (package["name"], package["version"])]
        if "alias" in package:
            found = [c for c in found if c.alias == package["alias"]]
        comp = next(c for c in found if c.direct == package["direct"])
        if "direct_kind" in package:
            assert comp.scope == SCOPE_OF_KIND[package["direct_kind"]], (package, comp)
        if package.get("patched"):
            assert "patched" in comp.groups, (package, comp)
        if package.get("protocol") == "https":
            assert (comp.origin, comp.resolved) == ("url", package["reference"]), (package, comp)
        if package.get("protocol") == "file" or package.get("local"):
            assert comp.origin == "path" and comp.resolved == "vendor/local-lib", (package, comp)


def facts(result: ReadResult) -> set[tuple]:
    """What two readings of one project must agree on."""
    return {(c.name, c.version, c.direct, c.scope, c.via, c.alias) for c in result.components}
