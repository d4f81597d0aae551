"""The ``git`` command line: the commit a documentation tree was built from, and what is not committed.

Read-only and offline: ``rev-parse``, ``log``, ``ls-files`` and ``status`` (with optional locks off, so a
build never writes the repository's index).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class GitState:
    """The repository around a directory: its HEAD commit and the paths that differ from it."""

    commit: str | None = None
    date: str | None = None  # committer date, ISO 8601 with the committer's offset
    changed: tuple[str, ...] = ()  # ``git status --porcelain`` lines: uncommitted changes of the whole tree
    untracked: frozenset[str] = frozenset()  # absolute paths (of those asked about) git does not track
    modified: frozenset[str] = frozenset()  # absolute paths (of those asked about) with uncommitted changes
    problem: str | None = None  # why there is no commit: not a repository, git missing, no commit yet


def _git(directory: str, *args: str) -> tuple[int, str]:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-C", directory, *args], capture_output=True, text=True, env=env, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:  # git not installed, or hanging
        return -1, f"git not available ({exc.__class__.__name__})"
    return done.returncode, done.stdout if done.returncode == 0 else (done.stderr.strip().splitlines() or [""])[0]


def git_state(directory: str, paths: list[str]) -> GitState:
    """The state of the repository holding ``directory``, and which of ``paths`` (absolute) are not committed."""
    code, top = _git(directory, "rev-parse", "--show-toplevel")
    if code != 0:
        return GitState(problem="not in a git repository" if "not a git repository" in top else top)
    top = top.strip()
    code, head = _git(directory, "log", "-1", "--format=%H%n%cI")
    if code != 0 or not head.strip():
        return GitState(problem="the git repository has no commit yet")
    commit, date = head.split()[:2]
    _, status = _git(top, "status", "--porcelain=v1", "-z")
    changed = _status_entries(status)
    changed_paths = {os.path.join(top, entry[3:]) for entry in changed}
    real = {p: os.path.realpath(p) for p in paths}  # git reports paths under the real top level
    _, tracked = (
        _git(top, "ls-files", "-z", "--", *(os.path.relpath(r, top) for r in real.values())) if paths else (0, "")
    )
    tracked_paths = {os.path.join(top, p) for p in tracked.split("\0") if p}
    return GitState(
        commit=commit,
        date=date,
        changed=changed,
        untracked=frozenset(p for p in paths if real[p] not in tracked_paths),
        modified=frozenset(p for p in paths if real[p] in changed_paths),
    )


def _status_entries(status: str) -> tuple[str, ...]:
    """``XY path`` entries of ``git status -z`` (a rename's second, original path is not an entry of its own)."""
    entries = []
    fields = iter(status.split("\0"))
    for entry in fields:
        if len(entry) > 3:
            entries.append(entry)
            if entry[0] in "RC":
                next(fields, None)
    return tuple(sorted(entries))
