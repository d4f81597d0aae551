"""Finding the file that sits beside the one being read: a lock's manifest, a go.mod's go.sum.

Lock files say what is installed, their manifests say what was asked for (direct dependencies, scopes).
Both follow one naming rule: ``Cargo.toml`` beside ``Cargo.lock``, and for a renamed copy (a corpus, a
monorepo keeping several) ``X.Cargo.toml`` beside ``X.Cargo.lock``, else the plain name in that directory.
"""

from __future__ import annotations

import os

from ..model import Problem
from .base import read_text


def sibling_candidates(path: str, own: str, sibling: str) -> list[str]:
    """Where the ``sibling`` of the file ``path`` (whose plain name is ``own``, lower case) may be.

    ``X.<own>`` gives ``X.<sibling>`` first; ``<own>`` and any other name give ``<sibling>`` only.
    """
    directory, base = os.path.split(path)
    candidates = []
    lowered = base.lower()
    if lowered != own and lowered.endswith("." + own):
        candidates.append(os.path.join(directory, base[: len(base) - len(own)] + sibling))
    candidates.append(os.path.join(directory, sibling))
    return candidates


def read_sibling(path: str, own: str, sibling: str) -> tuple[str | None, str | None, Problem | None]:
    """``(path, text, problem)`` of the first existing sibling; all None when there is none.

    A sibling that exists but cannot be read (not UTF-8, unreadable) gives its path and the problem.
    """
    for candidate in sibling_candidates(path, own, sibling):
        if os.path.isfile(candidate):
            text, problem = read_text(candidate)
            return candidate, text, problem
    return None, None, None


def manifest_of(
    path: str, own: str, sibling: str, text: str | None, given_path: str | None, problems: list[Problem]
) -> tuple[str, str | None]:
    """``(path, text)`` of a lock's manifest: the one given, else the sibling file (``("", None)`` if none).

    A sibling that exists but cannot be read adds its problem to ``problems``.
    """
    if text is not None:
        return given_path or os.path.join(os.path.dirname(path), sibling), text
    found, found_text, problem = read_sibling(path, own, sibling)
    if problem is not None:
        problems.append(problem)
    return found or "", found_text
