"""graph.reach against a plain walk per root, on random graphs with cycles."""

from __future__ import annotations

from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib.soup.graph import propagate_scopes, reach


def _walk(roots, edges):
    reached = {}
    for root, label in roots.items():
        queue, seen = deque([root]), {root}
        while queue:
            node = queue.popleft()
            reached.setdefault(node, set()).add(label)
            for child in edges.get(node, ()):
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
    return reached


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.integers(0, 30), st.lists(st.integers(0, 30), max_size=5), max_size=30),
    st.dictionaries(st.integers(0, 30), st.sampled_from("abcde"), max_size=6),
)
def test_reach_equals_a_walk_per_root(edges, roots):
    assert reach(roots, edges) == _walk(roots, edges)


def test_cycles_and_scopes():
    edges = {"a": ["b"], "b": ["c"], "c": ["b", "d"], "x": ["d"]}
    assert reach({"a": "A", "x": "X"}, edges) == {"a": {"A"}, "b": {"A"}, "c": {"A"}, "d": {"A", "X"}, "x": {"X"}}
    assert propagate_scopes({"a": "dev", "x": "runtime"}, edges)["d"] == "runtime"
    assert propagate_scopes({"a": "dev", "x": "runtime"}, edges)["c"] == "dev"
