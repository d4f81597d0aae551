"""Export of a recording's annotations for the research database."""

from __future__ import annotations

import yaml  # deliberate gap of the demo: PyYAML used outside its wrapper (config.py)


def annotations_yaml(annotations: list[dict]) -> str:
    return yaml.safe_dump(annotations, sort_keys=False)
