"""Where sentence readings outlive the process: a small SQLite table in the user's ragnews home.

A reading depends on nothing but the sentence's text and the model that read it
(`Reader.key` hashes both), so one cache serves every store and collection, and a
sentence parsed at ingest is never parsed again by `ask` or `brief`. It is a
cache: a damaged or unwritable file costs a re-read, never an error.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_CHUNK = 500  # keys per SELECT (SQLite's variable limit is far above; this keeps statements short)


class SqliteReadingCache:
    """Readings as JSON, keyed by `Reader.key`; safe for several processes (WAL, INSERT OR IGNORE)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._broken = False
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._broken:
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS readings (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
            self._conn = conn
        except (sqlite3.Error, OSError) as e:
            log.warning("reading cache %s unusable (%s): sentences are read again each time", self.path, e)
            self._broken = True
        return self._conn

    def get_many(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        with self._lock:
            conn = self._connect()
            if conn is None:
                return out
            try:
                for i in range(0, len(keys), _CHUNK):
                    part = list(keys[i : i + _CHUNK])
                    marks = ",".join("?" * len(part))
                    for key, data in conn.execute(f"SELECT key, data FROM readings WHERE key IN ({marks})", part):
                        try:
                            value = json.loads(data)
                        except ValueError:
                            continue
                        if isinstance(value, dict):
                            out[key] = value
            except sqlite3.Error as e:
                log.warning("reading cache %s unreadable (%s): reading again", self.path, e)
        return out

    def put_many(self, items: dict[str, dict[str, Any]]) -> None:
        with self._lock:
            conn = self._connect()
            if conn is None:
                return
            try:
                with conn:
                    conn.executemany("INSERT OR IGNORE INTO readings (key, data) VALUES (?, ?)",
                                     [(k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()])
            except sqlite3.Error as e:
                log.warning("reading cache %s not written (%s)", self.path, e)
