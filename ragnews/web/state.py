"""Small JSON state files under RAGNEWS_HOME, written atomically, read forgivingly.

Followed feeds, their ETag/Last-Modified validators, the snapshot index and
the robots.txt cache are a few kilobytes each: JSON a person can read beats a
database here. Every write goes to a temporary file that replaces the old one
in a single rename, so a crash leaves the old state or the new, never half.
One process at a time changes them: `web_lock` serialises fetch runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ragnews.errors import RagnewsError


class StateError(RagnewsError):
    """A state file that can't be read or written; the message names it."""


def load_json(path: Path) -> dict[str, Any]:
    """The file's JSON object, or {} when it does not exist yet."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StateError(f"cannot read {path}: {_first(exc)}; {_ADVICE}") from None
    except RecursionError:
        raise StateError(f"cannot read {path}: JSON nested too deeply; {_ADVICE}") from None
    if not isinstance(data, dict):
        raise StateError(f"cannot read {path}: not a JSON object; {_ADVICE}")
    return data


_ADVICE = "`ragnews check --repair` sets it aside (or fix or delete the file)"


def _first(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def save_json(path: Path, data: dict[str, Any]) -> None:
    """Replace the file with `data` in one rename (fsynced first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def web_lock(home: Path, timeout: float, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Held while one process fetches or edits the feed list, so two runs never interleave their state."""
    from filelock import FileLock, Timeout

    home.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(home / ".web.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait()
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise StateError(f"another ragnews run has been fetching for over {timeout:g} s; try again later "
                             "(or raise RAGNEWS_LOCK_TIMEOUT)") from None
    try:
        yield
    finally:
        lock.release()
