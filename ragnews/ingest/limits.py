"""Reading a file a user named (a questions file, an OPML list) with a ceiling on its size.

`Path.read_text` reads until the end, and some "files" have none: `/dev/zero`
took an eval run to 16 GB. Every such input is read here, at most `limit`
bytes, and one that goes past it is refused in one line before any of it is
parsed.
"""

from __future__ import annotations

import logging
import os

from ragnews.errors import InputError

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 20 * 1024 * 1024  # as RAGNEWS_MAX_FILE_MB's default: no questions file or OPML list comes near it


def read_limited(path: str | os.PathLike[str], what: str, limit: int = DEFAULT_LIMIT) -> bytes:
    """The file's bytes, or InputError naming `what` ("an OPML file") and the reason (missing, a folder, too large)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except IsADirectoryError:
        raise InputError(f"{os.fspath(path)} is a folder, not {what}") from None
    except OSError as exc:
        raise InputError(f"cannot read {os.fspath(path)} ({what}): {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError(f"{os.fspath(path)} is larger than {limit / 2**20:g} MiB: too large for {what}")
    log.debug("read %d bytes of %s %s", len(data), what, path)
    return data
