"""The lexical (BM25) index: SQLite FTS5 on disk, updated per article, never rebuilt whole.

Dense vectors blur "10,000" into "14,000" and "Gerasimov" into "a general";
BM25 does not. The index used to be a bm25s matrix rebuilt from every chunk
after each ingest (295 s and 4.9 GB at 100,000 articles) and, in server mode,
in every process. Now it is an FTS5 table in `lexical.sqlite3` under
`Settings.state_dir`:

- **incremental**: adding or replacing an article deletes its rows and inserts
  its chunks; removing one deletes its rows. Work is proportional to the change.
- **transactional**: one article's rows change in one SQLite transaction, so a
  kill loses at most what was not committed, and `sync` brings the index back in
  step with the store by comparing content hashes per article.
- **read in place**: a query reads the postings it needs from disk; nothing is
  loaded whole.

Why FTS5 and not Tantivy: both were measured on the same chunks and questions
(`python -m benchmarks.lexical`, numbers in benchmarks/README.md). FTS5 is in
Python's standard library, shares SQLite's crash safety and WAL readers with the
rest of the store's bookkeeping, and keeps the per-article bookkeeping in the
same transaction as the postings; Tantivy needs a second engine and a second
commit protocol for no gain in retrieval on our questions.

Tokens are ragnews's own (`text.terms.tokenize`: stems, "U.S." = "us", numbers
whole), stored space-joined; the FTS5 tokenizer only splits them on spaces
(its `tokenchars` keep "3.5" and "don't" whole), so BM25 sees the same terms
as every other part of ragnews.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ragnews.errors import RagnewsError
from ragnews.text.terms import tokenize

log = logging.getLogger(__name__)

FILE = "lexical.sqlite3"
FORMAT = "1"  # bump when the tokens or the schema change: an index of another format is rebuilt
SEARCH_FIELDS = ("title", "byline", "outlet")  # an article's fields searchable beside its text (people search by them)
_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '.'''"
_SCHEMA = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS postings USING fts5(body, tokenize=\"{_TOKENIZER}\")",
    "CREATE TABLE IF NOT EXISTS chunks (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, path TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS chunks_path ON chunks (path)",
    "CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, content_hash TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


class LexicalDamaged(RagnewsError):
    """The index file can't be read as one (derived from the store: it is deleted and rebuilt)."""


@dataclass(frozen=True)
class Article:
    """One article as the index holds it: its path, content hash and chunks (id, searchable text)."""

    path: str
    content_hash: str
    chunks: Sequence[tuple[str, str]]


def _one_line(path: Path, exc: BaseException) -> str:
    return f"the lexical index {path} can't be read ({' '.join(str(exc).split())})"


def searchable(text: str, meta: Mapping[str, Any]) -> str:
    """What BM25 reads of a chunk: the article's title, byline and outlet, then the chunk's text."""
    head = " ".join(str(meta.get(k) or "") for k in SEARCH_FIELDS)
    return f"{head}\n{text}"


def terms(text: str) -> str:
    """The index's form of a text: ragnews tokens, space-joined (see the module docstring)."""
    return " ".join(tokenize(text))


def _query(tokens: Iterable[str]) -> str:
    """An FTS5 query matching any of the tokens (each quoted, so no token reads as an operator)."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in dict.fromkeys(tokens))


class LexicalIndex:
    """BM25 over chunk ids, kept in `directory/lexical.sqlite3`.

    Opening creates the file when it is missing (a writable folder), or reads an
    existing one read-only when the folder can't be written (a read-only store
    still searches).
    """

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / FILE
        self._conn: sqlite3.Connection | None = None

    # -- connection ---------------------------------------------------------
    def connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            with conn:
                for statement in _SCHEMA:
                    conn.execute(statement)
                self._check_format(conn)
        except sqlite3.DatabaseError as exc:
            raise LexicalDamaged(_one_line(self.path, exc)) from None
        except OSError:  # a read-only folder: read what is there
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        return conn

    def _check_format(self, conn: sqlite3.Connection) -> None:
        row = conn.execute("SELECT value FROM state WHERE key = 'format'").fetchone()
        if row is not None and row[0] == FORMAT:
            return
        if row is not None:  # another format's tokens: start empty, `sync` refills it
            log.info("lexical index %s has format %s, not %s: emptied", self.path, row[0], FORMAT)
            conn.execute("DELETE FROM postings")
            conn.execute("DELETE FROM chunks")
            conn.execute("DELETE FROM articles")
            conn.execute("DELETE FROM state")
        conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('format', ?)", (FORMAT,))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        conn = self.connection()
        try:
            with conn:  # one transaction: all of it, or none of it after a kill
                yield conn
        except sqlite3.DatabaseError as exc:
            raise LexicalDamaged(_one_line(self.path, exc)) from None

    # -- state ---------------------------------------------------------------
    def _get(self, key: str) -> str | None:
        try:
            row = self.connection().execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as exc:
            raise LexicalDamaged(_one_line(self.path, exc)) from None
        return str(row[0]) if row else None

    def _set(self, conn: sqlite3.Connection, **values: str) -> None:
        conn.executemany("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", list(values.items()))

    @property
    def generation(self) -> str | None:
        """The store generation this index was last brought in step with (None: never)."""
        return self._get("generation")

    def mark(self, generation: str, **state: str) -> None:
        """Record that the index now holds exactly what the store holds at `generation`."""
        with self._writing() as conn:
            self._set(conn, generation=generation, **state)

    def get_state(self, key: str) -> str | None:
        return self._get(key)

    def hashes(self, paths: Sequence[str] | None = None) -> dict[str, str]:
        """Each indexed article's (or these articles') content hash, by path (what `sync` compares with the store)."""
        try:
            conn = self.connection()
            if paths is None:
                return dict(conn.execute("SELECT path, content_hash FROM articles").fetchall())
            found: dict[str, str] = {}
            for b in range(0, len(paths), 500):
                part = list(paths[b : b + 500])
                marks = ",".join("?" * len(part))
                found.update(conn.execute(f"SELECT path, content_hash FROM articles WHERE path IN ({marks})", part).fetchall())
            return found
        except sqlite3.DatabaseError as exc:
            raise LexicalDamaged(_one_line(self.path, exc)) from None

    def articles(self) -> int:
        try:
            return int(self.connection().execute("SELECT count(*) FROM articles").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise LexicalDamaged(_one_line(self.path, exc)) from None

    def check(self) -> None:
        """Raise LexicalDamaged unless SQLite finds the file and its full-text index sound."""
        try:
            conn = self.connection()
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise LexicalDamaged(f"{self.path}: SQLite's quick_check fails")
            conn.execute("INSERT INTO postings(postings, rank) VALUES ('integrity-check', 0)")
        except sqlite3.DatabaseError as exc:
            raise LexicalDamaged(_one_line(self.path, exc)) from None

    # -- writes --------------------------------------------------------------
    def put(self, articles: Iterable[Article]) -> int:
        """Add or replace these articles' chunks (one transaction); how many chunks were indexed."""
        n = 0
        with self._writing() as conn:
            for article in articles:
                self._delete(conn, [article.path])
                for cid, text in article.chunks:
                    cur = conn.execute("INSERT OR REPLACE INTO chunks (id, path) VALUES (?, ?)", (cid, article.path))
                    conn.execute("INSERT INTO postings (rowid, body) VALUES (?, ?)", (cur.lastrowid, terms(text)))
                    n += 1
                conn.execute("INSERT OR REPLACE INTO articles (path, content_hash) VALUES (?, ?)", (article.path, article.content_hash))
        return n

    def remove(self, paths: Iterable[str]) -> None:
        """Forget these articles (one transaction)."""
        with self._writing() as conn:
            self._delete(conn, list(paths))

    @staticmethod
    def _delete(conn: sqlite3.Connection, paths: list[str]) -> None:
        for path in paths:
            conn.execute("DELETE FROM postings WHERE rowid IN (SELECT rowid FROM chunks WHERE path = ?)", (path,))
            conn.execute("DELETE FROM chunks WHERE path = ?", (path,))
            conn.execute("DELETE FROM articles WHERE path = ?", (path,))

    def clear(self) -> None:
        with self._writing() as conn:
            for table in ("postings", "chunks", "articles"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM state WHERE key != 'format'")

    # -- reads ---------------------------------------------------------------
    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        """The n best chunks for `query` by BM25 (higher is better), as (chunk id, score)."""
        tokens = tokenize(query)
        if not tokens or n < 1:
            return []
        sql = ("SELECT chunks.id, -bm25(postings) AS score FROM postings JOIN chunks ON chunks.rowid = postings.rowid "
               "WHERE postings MATCH ? ORDER BY bm25(postings) LIMIT ?")
        try:
            rows = self.connection().execute(sql, (_query(tokens), n)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise LexicalDamaged(_one_line(self.path, exc)) from None
        return [(str(cid), float(score)) for cid, score in rows if score > 0]
