"""Shared fixtures: where the real-file corpus lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: ../shared/corpus beside the checkout; SOUP_CORPUS points elsewhere (a git worktree, another layout)
CORPUS = Path(os.environ.get("SOUP_CORPUS") or ROOT.parent / "shared" / "corpus")


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return CORPUS
