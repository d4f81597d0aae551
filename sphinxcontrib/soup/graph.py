"""Dependency-graph helpers shared by the lock-file readers.

Readers know the edges of their own format; these functions turn edges into the facts every component
carries: which direct dependencies pull a transitive one in (``via``), and its effective scope.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

from .model import strongest_scope


def reach(roots: Mapping[Hashable, str], edges: Mapping[Hashable, Iterable[Hashable]]) -> dict[Hashable, set[str]]:
    """For every node reachable from ``roots``, the set of root labels it is reachable from.

    ``roots`` maps a root node to its label (the direct dependency's name); ``edges`` maps a node to the
    nodes it depends on. Cycles are fine. Roots reach themselves.

    One pass instead of a walk per root: the strongly connected components (npm graphs have cycles) are
    visited in topological order, each handing its bit set of roots on to the components it depends on.
    """
    labels = sorted(set(roots.values()))
    bit = {label: 1 << i for i, label in enumerate(labels)}
    components, component_of = _components(list(roots), edges)
    masks = [0] * len(components)
    for root, label in roots.items():
        masks[component_of[root]] |= bit[label]
    for index in range(len(components) - 1, -1, -1):  # Tarjan yields sinks first: go sources first
        mask = masks[index]
        for node in components[index]:
            for child in edges.get(node, ()):
                target = component_of[child]
                if target != index:
                    masks[target] |= mask
    names = {mask: _labels(mask, labels) for mask in set(masks)}
    return {node: set(names[masks[component_of[node]]]) for node in component_of}


def _labels(mask: int, labels: list[str]) -> set[str]:
    """The labels whose bits are set in ``mask``: one step per set bit, not per label (locks with hundreds of
    direct dependencies have hundreds of labels, and most packages are reached from a few)."""
    found = set()
    while mask:
        low = mask & -mask
        found.add(labels[low.bit_length() - 1])
        mask ^= low
    return found


def _components(
    starts: list[Hashable], edges: Mapping[Hashable, Iterable[Hashable]]
) -> tuple[list[list[Hashable]], dict[Hashable, int]]:
    """Strongly connected components reachable from ``starts`` (iterative Tarjan, sinks first)."""
    index_of: dict[Hashable, int] = {}
    low: dict[Hashable, int] = {}
    on_stack: set[Hashable] = set()
    stack: list[Hashable] = []
    components: list[list[Hashable]] = []
    component_of: dict[Hashable, int] = {}
    for start in starts:
        if start in index_of:
            continue
        work = [(start, iter(edges.get(start, ())))]
        index_of[start] = low[start] = len(index_of)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index_of:
                    index_of[child] = low[child] = len(index_of)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index_of[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index_of[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component_of[member] = len(components)
                        component.append(member)
                        if member == node:
                            break
                    components.append(component)
    return components, component_of


def propagate_scopes(
    root_scopes: Mapping[Hashable, str], edges: Mapping[Hashable, Iterable[Hashable]]
) -> dict[Hashable, str]:
    """Scope of each reachable node: the strongest scope of the roots that reach it.

    One :func:`reach` pass with the scopes as labels (a node reached from several roots of one scope gets
    that label once), not one pass per scope.
    """
    reached = reach(root_scopes, edges)
    return {node: strongest_scope(scopes) for node, scopes in reached.items()}
