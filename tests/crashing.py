"""`python tests/crashing.py N ARGS…`: run `ragnews ARGS…` and SIGKILL it right
after its N-th upsert to the store (a chunk batch or a window's records).

The crash tests use it to stop an ingest at an exact write, so crash safety
is tested at deterministic points; the product itself carries no test hook.
Two optional environment variables pin the write pattern, so that kill
points fall at known places of known windows:

- CRASHING_WINDOW_TOKENS=T: every window holds articles until it reaches T
  tokens (instead of a budget that follows the measured embedding rate);
- CRASHING_MAX_BATCH=B: at most B chunks per Chroma upsert (instead of the
  client's limit), so one window's chunks take several upserts.
- CRASHING_LEXICAL=K: SIGKILL while the K-th chunk is being written into the
  lexical index (inside its SQLite transaction), whatever N is.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from ragnews.cli import main
from ragnews.index import ingestor
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

if os.environ.get("CRASHING_WINDOW_TOKENS"):
    _tokens = int(os.environ["CRASHING_WINDOW_TOKENS"])
    ingestor.FIRST_WINDOW_TOKENS = _tokens
    ingestor.next_window_tokens = lambda tokens, seconds: _tokens
if os.environ.get("CRASHING_MAX_BATCH"):
    _batch = int(os.environ["CRASHING_MAX_BATCH"])
    Store.max_batch = lambda self: _batch  # type: ignore[method-assign]

if os.environ.get("CRASHING_LEXICAL"):
    from ragnews.index import lexical

    _lexical_limit, _terms, _written = int(os.environ["CRASHING_LEXICAL"]), lexical.terms, [0]

    def _terms_then_kill(text: str) -> str:
        _written[0] += 1
        if _written[0] >= _lexical_limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return _terms(text)

    lexical.terms = _terms_then_kill  # type: ignore[assignment]

if __name__ == "__main__":
    sys.exit(main(sys.argv[2:]))
