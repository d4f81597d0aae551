"""Service configuration: the only module that reads YAML (wrapper of PyYAML, safe_load only)."""

from __future__ import annotations

from pathlib import Path

import yaml


def load_config(path: Path) -> dict:
    """The service configuration; PyYAML's full loader is never used (it can build arbitrary objects)."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the configuration must be a mapping")
    return data
