"""What every reader fuzz test shares: random JSON values, mutations of real files, the result invariants."""

from __future__ import annotations

import copy
import json
import os
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from sphinxcontrib.soup.model import ReadResult

#: any JSON value, small
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def mutate(text: str, data: st.DataObject, alphabet: str | None = None) -> str:
    """Truncate, flip characters (from ``alphabet``, else any), delete or duplicate lines: 1-4 times."""
    chars = st.sampled_from(alphabet) if alphabet else st.characters(codec="utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        if not text:
            break
        op = data.draw(st.sampled_from(["truncate", "flip", "delete", "duplicate"]))
        at = data.draw(st.integers(0, len(text) - 1))
        if op == "truncate":
            text = text[:at]
        elif op == "flip":
            text = text[:at] + data.draw(chars) + text[at + 1 :]
        else:
            lines = text.splitlines(keepends=True)
            start = data.draw(st.integers(0, len(lines) - 1))
            end = start + data.draw(st.integers(1, 20))
            chunk = lines[start:end]
            lines[start:end] = [] if op == "delete" else chunk + chunk
            text = "".join(lines)
    return text


def put(document: dict, place: tuple, value: object) -> dict:
    """A copy of ``document`` with ``value`` at ``place``; missing or non-object parents become objects."""
    document = copy.deepcopy(document)
    node = document
    for key in place[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[place[-1]] = value
    return document


def assert_result(result: object, path: str | None = None, purl_types: tuple[str, ...] = ()) -> None:
    """No exception got here; the result is whole, every problem names its file, components are complete."""
    assert isinstance(result, ReadResult)
    for problem in result.problems:
        assert problem.source is not None and problem.source.path, problem
    for comp in result.components:
        assert isinstance(comp.name, str) and comp.name and isinstance(comp.version, str), comp
        assert comp.source.path and (comp.source.line is None or comp.source.line >= 1), comp
        if path is not None:
            assert comp.source.path == path, comp
        if purl_types:
            assert comp.purl.startswith(tuple(f"pkg:{t}/" for t in purl_types)), comp


def toml_values(keys: list[str], strings: list[str]) -> st.SearchStrategy[str]:
    """TOML values as text: scalars (``strings`` the readers know, any text, numbers, booleans, a date),
    arrays and inline tables whose keys are the ``keys`` the readers look for."""
    scalars = st.one_of(
        st.sampled_from(strings).map(json.dumps),
        st.text(max_size=8).map(lambda s: json.dumps(s, ensure_ascii=False)),
        st.integers(-5, 5).map(str),
        st.booleans().map(lambda b: str(b).lower()),
        st.just("1.5"),
        st.just("1979-05-27"),
    )

    def containers(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        arrays = st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")
        tables = st.dictionaries(st.sampled_from(keys), inner, max_size=4).map(
            lambda d: "{ " + ", ".join(f'"{k}" = {v}' for k, v in d.items()) + " }"
        )
        return arrays | tables

    return st.recursive(scalars, containers, max_leaves=8)


def fuzz_settings(examples: int) -> settings:
    """Hypothesis settings of a reader fuzz test: ``examples`` per test, or ``SOUP_FUZZ_EXAMPLES`` for a deeper
    run by hand; no deadline (CI machines are slow), and fixtures (the corpus path) allowed."""
    count = int(os.environ.get("SOUP_FUZZ_EXAMPLES", examples))
    return settings(max_examples=count, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@cache
def corpus_prefix(corpus: Path, name: str, limit: int) -> str:
    """The first ``limit`` characters of a corpus file: mutating a prefix of a large file keeps its structure
    and keeps the run fast. ``name`` may be a glob (for corpus files named after a registry host)."""
    return next(iter(sorted(corpus.glob(name))), corpus / name).read_text()[:limit]
