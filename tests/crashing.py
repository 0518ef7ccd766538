"""`python tests/crashing.py N ARGS…`: run `ragnews ARGS…` and SIGKILL it right
after its N-th upsert to the store (a chunk batch or a source record).

The crash tests use it to stop an ingest at an exact write, so crash safety
is tested at deterministic points; the product itself carries no test hook.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from ragnews.cli import main
from ragnews.index.store import Store

LIMIT = int(sys.argv[1])
_upserts = 0


class _KillAfterUpserts:
    """A Chroma collection whose upserts count toward the kill."""

    def __init__(self, collection: Any) -> None:
        self._collection = collection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._collection, name)

    def upsert(self, *args: Any, **kwargs: Any) -> Any:
        global _upserts
        result = self._collection.upsert(*args, **kwargs)
        _upserts += 1
        if _upserts >= LIMIT:
            os.kill(os.getpid(), signal.SIGKILL)
        return result


_open = Store.collections


def _collections(self: Store, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
    chunks, sources = _open(self, *args, **kwargs)
    if not isinstance(chunks, _KillAfterUpserts):
        self._chunks, self._sources = _KillAfterUpserts(chunks), _KillAfterUpserts(sources)
    return self._chunks, self._sources


Store.collections = _collections  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main(sys.argv[2:]))
