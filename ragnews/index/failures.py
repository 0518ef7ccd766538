"""What a failing store means for the user, in one line with the fix.

Chroma, SQLite, the disk and the network fail in many shapes (an 84-line
httpx traceback, "database disk image is malformed", "Error in compaction").
The user needs to know which of four things happened and what to do: the
store can't be written, the disk is full, the store is damaged, or the
server went away. Exceptions are classified by errno and message along the
whole cause chain, never by their (library-internal) types alone.
"""

from __future__ import annotations

import errno
import functools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ParamSpec, TypeVar

from ragnews.config import Settings
from ragnews.index.store import StoreError

_READ_ONLY = ("readonly database", "read-only", "read only file system", "permission denied")
_FULL = ("database or disk is full", "no space left on device", "disk is full", "disk quota exceeded")
_DAMAGED = ("malformed", "file is not a database", "disk image", "no such table", "error in compaction", "corrupt",
            "unable to open database file", "hnsw", "segment reader", "index out of range")
_LOST = ("connection refused", "server disconnected", "remoteprotocolerror", "connecterror", "connection reset",
         "broken pipe", "timed out", "readtimeout", "connecttimeout", "name or service not known", "could not connect")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _describe(exc: BaseException) -> str:
    return " ".join(f"{type(e).__name__} {e}" for e in _chain(exc)).lower()


def _errnos(exc: BaseException) -> set[int]:
    return {e.errno for e in _chain(exc) if isinstance(e, OSError) and e.errno is not None}


def translate(exc: BaseException, location: str, server: bool, settings: Settings | None = None) -> StoreError | None:
    """The one-line StoreError for a store failure, or None if `exc` is not one.

    `settings` (the store's) lets a refused token name what to fix and keeps the token out of the message.
    """
    if isinstance(exc, StoreError):
        return None
    error = _classify(exc, location, server, settings)
    if error is not None and settings is not None and settings.chroma_token and settings.chroma_token in str(error):
        from ragnews.index.chromaclient import scrub

        return StoreError(scrub(str(error), settings))
    return error


def _classify(exc: BaseException, location: str, server: bool, settings: Settings | None) -> StoreError | None:
    if server:
        from ragnews.index.chromaclient import is_auth_failure, refused

        if is_auth_failure(exc):  # the token was revoked, or this database is not the token's
            return StoreError(refused(settings or Settings(chroma_url=location), location))
    text, codes = _describe(exc), _errnos(exc)
    first = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
    if codes & {errno.ENOSPC, errno.EDQUOT} or any(s in text for s in _FULL) or (not server and disk_full(Path(location))):
        return StoreError(f"disk full at {location} ({first}); free space, then re-run the command — "
                          "what was stored before is kept, and no repair is needed for this (`ragnews check` verifies it)")
    if codes & {errno.EROFS, errno.EACCES, errno.EPERM} or any(s in text for s in _READ_ONLY):
        return StoreError(f"the store at {location} is read-only ({first}); fix its permissions, or use --db with a folder you can write to")
    if server and any(s in text for s in _LOST):
        return StoreError(f"lost the Chroma server at {location} ({type(exc).__name__}); restart it and run the command again — "
                          "articles finished before are kept, the rest is redone")
    if any(s in text for s in _DAMAGED):
        return StoreError(f"the store at {location} is damaged ({first}); run `ragnews check --repair` "
                          "(it rebuilds from the article files) or re-ingest into a fresh --db")
    if any(type(e).__module__.startswith("chromadb") for e in _chain(exc)):  # Chroma's own errors: one line, not its traceback
        return StoreError(f"the store at {location} failed ({type(exc).__name__}: {first}); `ragnews check` says whether it is damaged")
    return None


LOW_SPACE = 64 * 2**20  # under this much free space writes fail, and a store that "can't be read" is a full disk


def disk_full(db_dir: Path, low: int = LOW_SPACE) -> str | None:
    """'disk full …' when the file system holding the store has less than `low` bytes free; else None.

    Chroma does not always say "no space left" when the disk fills up (its
    vector index writer reports a failed compaction), so the free space itself
    is asked before a failure is called damage.
    """
    folder = Path(db_dir)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return None
    if free >= low:
        return None
    return (f"disk full: {free / 2**20:.0f} MiB free where the store lives ({db_dir}); free space, then re-run the command "
            "(nothing stored was lost, and the store needs no repair for this)")


P = ParamSpec("P")
R = TypeVar("R")


def store_failures(method: Callable[P, R]) -> Callable[P, R]:
    """Decorate a method of an object with a `.store`: store failures leave it as one-line StoreErrors."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except Exception as exc:
            store = getattr(args[0], "store", None)
            error = translate(exc, getattr(store, "location", "?"), bool(getattr(store, "server", False)),
                              getattr(store, "settings", None))
            if error is None:
                raise
            raise error from exc

    return wrapper


def check_files(settings: Settings) -> None:
    """Damage visible without opening the store: Chroma never leaves an empty database file."""
    sqlite = settings.db_dir / "chroma.sqlite3"
    if settings.chroma_url or not sqlite.exists():
        return
    if sqlite.stat().st_size == 0:
        raise StoreError(f"the store at {settings.db_dir} is damaged (chroma.sqlite3 is empty); "
                         "run `ragnews check --repair` or re-ingest into a fresh --db")
