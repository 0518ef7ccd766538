"""The SQLite files ragnews keeps beside a store (the lexical index, the read mirror), opened one way."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path


def open_wal(path: Path, schema: Sequence[str]) -> sqlite3.Connection:
    """A connection to `path` in WAL mode (readers never wait on the writer) with its tables made. A damaged file
    raises `sqlite3.DatabaseError`: the caller says which file it is and what to do."""
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    with conn:
        for statement in schema:
            conn.execute(statement)
    return conn
