"""Forwards finished reports to the hospital information system (wrapper of Requests)."""

from __future__ import annotations

import requests

TIMEOUT_S = 10


def forward(url: str, report: dict) -> None:
    response = requests.post(url, json=report, timeout=TIMEOUT_S)
    response.raise_for_status()
