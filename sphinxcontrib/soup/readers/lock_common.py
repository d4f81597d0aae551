"""What the Bundler, Composer and Maven readers share: located problems, names a purl can be made of, and the
best guess at a lock's direct dependencies when its manifest is missing."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

from ..model import Problem, Source


class Problems(list):
    """The problems of one file, each located by line (``kind`` ``manifest`` unless told)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def add(self, message: str, line: int | None = None, kind: str = "manifest") -> None:
        self.append(Problem(kind, message, Source(self.path, line)))


def roots(nodes: Iterable[Hashable], edges: Mapping[Hashable, Iterable[Hashable]]) -> list[Hashable]:
    """The nodes no other node depends on: without its manifest, the best guess at a lock's direct ones."""
    depended = {target for node, targets in edges.items() for target in targets if target != node}
    return [node for node in nodes if node not in depended]


def blank(name: str) -> bool:
    """A name with nothing but spaces and slashes: no purl can name it (``packageurl`` strips both)."""
    return not name.strip().strip("/").strip()
