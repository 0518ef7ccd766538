"""A record of the stored articles kept outside Chroma's database: what a repair rebuilds from.

`check --repair` rebuilds a damaged store by re-ingesting the article files it
held. It used to learn which files those were from Chroma's own
`chroma.sqlite3`, so when that file was the damaged part the list came back
empty and the repair reported "re-ingested 0 of 0 … consistent". This ledger
(`ragnews-articles.sqlite3` in the store's folder, one row per article: path,
content hash, record) is written after each article's record and removed
before it, so a kill leaves at most an article the store holds and the ledger
lacks (a repair records it), never the reverse. Server stores keep none:
nothing is written locally in server mode.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE = "ragnews-articles.sqlite3"


class LedgerError(Exception):
    """The ledger itself can't be read (a repair then falls back to what Chroma's database lists)."""


class Ledger:
    """The stored articles by path: put after a record is written, removed before one is deleted."""

    def __init__(self, db_dir: Path) -> None:
        self.path = Path(db_dir) / FILE

    def exists(self) -> bool:
        return self.path.exists()

    @contextlib.contextmanager
    def _connect(self, create: bool) -> Iterator[sqlite3.Connection]:
        uri = f"file:{self.path}?mode={'rwc' if create else 'ro'}"
        conn = sqlite3.connect(uri, uri=True, timeout=30)
        try:
            if create:
                conn.execute("CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, content_hash TEXT NOT NULL, record TEXT NOT NULL)")
            with conn:
                yield conn
        finally:
            conn.close()

    def put(self, records: Iterable[dict[str, Any]]) -> None:
        rows = [(str(r["path"]), str(r.get("content_hash") or ""), json.dumps(r, ensure_ascii=False, default=str)) for r in records]
        if not rows:
            return
        with self._connect(create=True) as conn:
            conn.executemany("INSERT OR REPLACE INTO articles (path, content_hash, record) VALUES (?, ?, ?)", rows)

    def remove(self, paths: Iterable[str]) -> None:
        gone = [(p,) for p in paths]
        if not gone or not self.exists():
            return
        with self._connect(create=True) as conn:
            conn.executemany("DELETE FROM articles WHERE path = ?", gone)

    def entries(self) -> dict[str, str]:
        """path -> content hash of every recorded article ({} when there is no ledger yet)."""
        if not self.exists():
            return {}
        try:
            with self._connect(create=False) as conn:
                rows = conn.execute("SELECT path, content_hash FROM articles").fetchall()
        except sqlite3.Error as exc:
            raise LedgerError(f"the record of stored articles at {self.path} can't be read ({exc})") from None
        return {str(p): str(h) for p, h in rows if isinstance(p, str)}


def compare(ledger: dict[str, str], records: dict[str, dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(recorded articles the store lacks, stored articles the ledger lacks), each sorted."""
    return sorted(set(ledger) - set(records)), sorted(set(records) - set(ledger))
