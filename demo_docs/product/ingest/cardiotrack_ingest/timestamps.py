"""Recording timestamps as the bedside monitors write them."""

from __future__ import annotations

from datetime import datetime

from dateutil import parser


def recorded_at(text: str) -> datetime:
    return parser.isoparse(text)
