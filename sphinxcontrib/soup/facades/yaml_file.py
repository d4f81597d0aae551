"""YAML via PyYAML's safe loader only, keeping the line of every mapping and key."""

from __future__ import annotations

from typing import Any

import yaml

from ..model import Problem, Source


class LocatedDict(dict):
    """A mapping from YAML that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    """SafeLoader whose mappings are :class:`LocatedDict`. Python tags stay refused."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    mapping = LocatedDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found an unhashable key",
                key_node.start_mark,
            ) from None
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key!r}",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date that is no date (``2026-13-01``) stays text: readers report it, located, instead of a crash."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(_TIMESTAMP_TAG, _construct_timestamp)

if yaml.__with_libyaml__:

    class _FastLoader(yaml.CSafeLoader):
        """The same safe loader over libyaml's scanner and parser: about four times faster on lock files."""

    _FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _FastLoader.add_constructor(_TIMESTAMP_TAG, _construct_timestamp)
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = None


def load_yaml(text: str, path: str) -> tuple[Any, Problem | None]:
    """Parse one YAML document safely; on failure return ``(None, problem)`` with the line of the error.

    libyaml parses first when PyYAML has it; on any error the pure-Python loader parses again, so the
    result and the messages are always the pure-Python loader's (an error costs a second parse).
    """
    if _FastLoader is not None:
        try:
            return yaml.load(text, Loader=_FastLoader), None
        except Exception:  # the pure-Python loader below decides and reports
            pass
    try:
        return yaml.load(text, Loader=_Loader), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        return None, Problem("parse", f"invalid YAML: {what}", Source(path, line))
    except yaml.YAMLError as exc:
        return None, Problem("parse", f"invalid YAML: {exc}", Source(path))
    except RecursionError:
        return None, Problem("parse", "invalid YAML: nested too deeply", Source(path))


def dump_yaml(data: Any) -> str:
    """Block-style YAML that the safe loader reads back to the same values (keys in the given order)."""
    return yaml.safe_dump(data, default_flow_style=False, sort_keys=False, allow_unicode=True, width=1000)
