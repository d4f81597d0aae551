"""When a file last changed: its last git commit when git tracks it unmodified, else its modification time.

A checkout sets every file's modification time to the moment of the checkout, so mtimes alone would make
every lock file look newer than every report; the commit time survives clones and checkouts.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess


def last_change(path: str) -> tuple[dt.datetime, str] | None:
    """``(when, how)``: ``how`` is ``"git commit"`` or ``"file time"``; None for a file that cannot be read."""
    committed = _commit_time(path)
    if committed is not None:
        return committed, "git commit"
    try:
        return dt.datetime.fromtimestamp(os.path.getmtime(path), dt.UTC), "file time"
    except OSError:
        return None


def _git(path: str, *args: str) -> str | None:
    """``git <args> -- <file>`` in the file's directory; None when git is missing or fails (not a repository)."""
    folder, name = os.path.split(os.path.abspath(path))
    try:
        done = subprocess.run(
            ["git", *args, "--", name], cwd=folder, capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _commit_time(path: str) -> dt.datetime | None:
    """The committer date of the last commit touching ``path``, unless the file has uncommitted changes."""
    status = _git(path, "status", "--porcelain")
    if status is None or status:  # not in a repository, or modified / untracked: the working copy is newer
        return None
    stamp = _git(path, "log", "-1", "--format=%cI")
    try:
        return dt.datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None
