"""Dependency-graph helpers shared by the lock-file readers.

Readers know the edges of their own format; these functions turn edges into the facts every component
carries: which direct dependencies pull a transitive one in (``via``), and its effective scope.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Mapping

from .model import strongest_scope


def reach(roots: Mapping[Hashable, str], edges: Mapping[Hashable, Iterable[Hashable]]) -> dict[Hashable, set[str]]:
    """For every node reachable from ``roots``, the set of root labels it is reachable from.

    ``roots`` maps a root node to its label (the direct dependency's name); ``edges`` maps a node to the
    nodes it depends on. Cycles are fine. Roots reach themselves.
    """
    reached: dict[Hashable, set[str]] = {}
    for root, label in roots.items():
        queue = deque([root])
        seen = {root}
        while queue:
            node = queue.popleft()
            reached.setdefault(node, set()).add(label)
            for child in edges.get(node, ()):
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
    return reached


def propagate_scopes(
    root_scopes: Mapping[Hashable, str], edges: Mapping[Hashable, Iterable[Hashable]]
) -> dict[Hashable, str]:
    """Scope of each reachable node: the strongest scope of the roots that reach it."""
    by_scope: dict[str, dict[Hashable, str]] = {}
    for root, scope in root_scopes.items():
        by_scope.setdefault(scope, {})[root] = scope
    reached_scopes: dict[Hashable, list[str]] = {}
    for scope, roots in by_scope.items():
        for node in reach(roots, edges):
            reached_scopes.setdefault(node, []).append(scope)
    return {node: strongest_scope(scopes) for node, scopes in reached_scopes.items()}
