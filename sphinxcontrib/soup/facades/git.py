"""The ``git`` command line, read-only and offline: the only place the product runs git.

What a documentation tree was built from (``rev-parse``, ``log``, ``ls-files``, ``status`` with optional
locks off, so a build never writes the repository's index), files as they were at a ref (``show``, through
:func:`run`), and when a file last changed (:func:`last_change`).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass

TIMEOUT = 120  # seconds; a hung git must not hang the build


@dataclass(frozen=True)
class GitState:
    """The repository around a directory: its HEAD commit and the paths that differ from it."""

    commit: str | None = None
    date: str | None = None  # committer date, ISO 8601 with the committer's offset
    changed: tuple[str, ...] = ()  # ``git status --porcelain`` lines: uncommitted changes of the whole tree
    untracked: frozenset[str] = frozenset()  # absolute paths (of those asked about) git does not track
    modified: frozenset[str] = frozenset()  # absolute paths (of those asked about) with uncommitted changes
    problem: str | None = None  # why there is no commit: not a repository, git missing, no commit yet


def run(directory: str, *args: str) -> tuple[bytes | None, str | None]:
    """The output of ``git <args>`` run in ``directory``, or None and why it failed (git missing, not a
    repository, an unknown ref: the first line of git's message)."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", *args], cwd=directory, capture_output=True, env=env, timeout=TIMEOUT)
    except FileNotFoundError:
        return None, "git is not installed"
    except (OSError, subprocess.SubprocessError) as exc:  # hanging, or the directory is gone
        return None, f"git could not run: {exc}"
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        first = message[0].removeprefix("fatal: ").removeprefix("error: ") if message else f"git {args[0]} failed"
        return None, first
    return done.stdout, None


def _git(directory: str, *args: str) -> tuple[int, str]:
    """``run`` as text: (0, output) or (-1, why not)."""
    out, problem = run(directory, *args)
    return (0, out.decode("utf-8", "replace")) if out is not None else (-1, problem or "")


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


def last_change(path: str) -> tuple[dt.datetime, str] | None:
    """When a file last changed: ``(when, "git commit")`` when git tracks it unmodified, else
    ``(its modification time, "file time")``; None for a file that cannot be read.

    A checkout sets every file's modification time to the moment of the checkout, so mtimes alone would make
    every lock file look newer than every report; the commit time survives clones and checkouts.
    """
    committed = _commit_time(path)
    if committed is not None:
        return committed, "git commit"
    try:
        return dt.datetime.fromtimestamp(os.path.getmtime(path), dt.UTC), "file time"
    except OSError:
        return None


def _commit_time(path: str) -> dt.datetime | None:
    """The committer date of the last commit touching ``path``, unless the file has uncommitted changes."""
    folder, name = os.path.split(os.path.abspath(path))
    code, status = _git(folder, "status", "--porcelain", "--", name)
    if code != 0 or status.strip():  # not in a repository, or modified / untracked: the working copy is newer
        return None
    code, stamp = _git(folder, "log", "-1", "--format=%cI", "--", name)
    try:
        return dt.datetime.fromisoformat(stamp.strip()) if code == 0 and stamp.strip() else None
    except ValueError:
        return None
