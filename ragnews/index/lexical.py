"""The lexical (BM25) index: on disk, updated per article, never rebuilt whole.

Dense vectors blur "10,000" into "14,000" and "Gerasimov" into "a general";
BM25 does not. The index used to be a bm25s matrix rebuilt from every chunk
after each ingest (295 s and 4.9 GB at 100,000 articles) and, in server mode,
in every process. Now it lives under `Settings.state_dir`: the postings in an
engine made for them (Tantivy in `lexical.tantivy/`, or SQLite FTS5, chosen by
`RAGNEWS_LEXICAL`), and which article is indexed at which content hash, plus
the store generation it matches, in `lexical.sqlite3`:

- **incremental**: adding or replacing an article deletes its postings and adds
  its chunks; removing one deletes its postings. Work is proportional to the change.
- **crash-safe**: an article's postings are committed before its hash, and its
  hash is deleted before its postings; a kill in between leaves a hash that
  disagrees with the store, so `sync` (which compares content hashes per
  article) indexes that article again. Deleting by path and adding is idempotent.
- **read in place**: a query reads the postings it needs from disk; nothing is
  loaded whole.

Why Tantivy by default: both engines were measured on the same chunks and
questions (`python -m benchmarks.lexical`, numbers in benchmarks/README.md).
Retrieval is the same (BM25 over the same tokens), but FTS5 scores every chunk
that shares any query word, so its queries grow with the store (10 ms at 8,000
chunks, 40 ms at 94,000, measured), while Tantivy's block-max WAND stays under
a millisecond. FTS5 stays as the engine that needs nothing beyond Python.

Tokens are ragnews's own (`text.terms.tokenize`: stems, "U.S." = "us", numbers
whole), stored space-joined; the engines only split them on spaces (Tantivy's
whitespace tokenizer; FTS5's `tokenchars` keep "3.5" and "don't" whole), so
BM25 sees the same terms as every other part of ragnews.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ragnews.config import Settings
from ragnews.errors import RagnewsError
from ragnews.index.sqlitefiles import open_wal
from ragnews.text.terms import tokenize

log = logging.getLogger(__name__)

FILE = "lexical.sqlite3"
TANTIVY_DIR = "lexical.tantivy"
FORMAT = "2"  # bump when the tokens or the schema change: an index of another format is rebuilt
ENGINES = ("tantivy", "fts5")
SEARCH_FIELDS = ("title", "byline", "outlet")  # an article's fields searchable beside its text (people search by them)
_FTS5_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '.'''"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, content_hash TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


class LexicalDamaged(RagnewsError):
    """The index can't be read (derived from the store: it is deleted and rebuilt)."""


class LexicalBusy(RagnewsError):
    """Another process holds the index's writer (a reader then searches the index as it is)."""


class LexicalConfigError(RagnewsError, ValueError):
    """RAGNEWS_LEXICAL names no engine."""


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


def index_for(settings: Settings) -> LexicalIndex:
    """The lexical index these settings name: under `state_dir`, with the `RAGNEWS_LEXICAL` engine."""
    return LexicalIndex(settings.state_dir, settings.lexical)


class Postings(Protocol):
    """Where the chunks' terms are kept and ranked: an engine made for it, behind a few calls."""

    def write(self, articles: Sequence[Article], removed: Sequence[str]) -> None:
        """Replace these articles' chunks and drop the removed articles' chunks, as one commit."""

    def search(self, tokens: Sequence[str], n: int) -> list[tuple[str, float]]:
        """The n best (chunk id, BM25 score) for any of these tokens."""

    def check(self) -> None:
        """Raise LexicalDamaged unless the postings can be read."""

    def ids(self) -> set[str]:
        """Every chunk id held (what `check` and tests hold against the store)."""

    def clear(self) -> None: ...

    def close(self) -> None: ...


class LexicalIndex:
    """BM25 over chunk ids under `directory`: the postings (`engine`) and their bookkeeping (`lexical.sqlite3`).

    Opening creates the files when they are missing, or reads existing ones read-only when the folder
    can't be written (a read-only store still searches).
    """

    def __init__(self, directory: Path, engine: str = "tantivy") -> None:
        if engine not in ENGINES:
            raise LexicalConfigError(f"unknown lexical engine {engine!r}; set RAGNEWS_LEXICAL to one of: {', '.join(ENGINES)}")
        self.directory = Path(directory)
        self.path = self.directory / FILE
        self.engine = engine
        self._conn: sqlite3.Connection | None = None
        self._postings: Postings | None = None

    # -- connection ---------------------------------------------------------
    def connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = open_wal(self.path, _SCHEMA)
            with conn:
                self._check_format(conn)
        except sqlite3.DatabaseError as exc:
            raise LexicalDamaged(_one_line(self.path, exc)) from None
        except OSError:  # a read-only folder: read what is there
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        return conn

    def _check_format(self, conn: sqlite3.Connection) -> None:
        want = f"{FORMAT}-{self.engine}"
        row = conn.execute("SELECT value FROM state WHERE key = 'format'").fetchone()
        if row is not None and row[0] == want:
            return
        if row is not None:  # another format or engine: start empty, `sync` refills it
            log.info("lexical index %s has format %s, not %s: emptied", self.path, row[0], want)
            conn.execute("DELETE FROM articles")
            conn.execute("DELETE FROM state")
        self._make_postings(conn).clear()
        conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('format', ?)", (want,))

    def _make_postings(self, conn: sqlite3.Connection) -> Postings:
        if self._postings is None:
            if self.engine == "tantivy":
                self._postings = TantivyPostings(self.directory / TANTIVY_DIR)
            else:
                self._postings = Fts5Postings(conn, self.path)
        return self._postings

    def postings(self) -> Postings:
        return self._make_postings(self.connection())

    def close(self) -> None:
        if self._postings is not None:
            self._postings.close()
            self._postings = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def delete_files(self) -> None:
        """Remove the whole index from disk (the next sync builds it again from every article)."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(self.directory / TANTIVY_DIR, ignore_errors=True)

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

    @property
    def generation(self) -> str | None:
        """The store generation this index was last brought in step with (None: never)."""
        return self._get("generation")

    def mark(self, generation: str, **state: str) -> None:
        """Record that the index now holds exactly what the store holds at `generation`."""
        with self._writing() as conn:
            conn.executemany("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", [("generation", generation), *state.items()])

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
        """Raise LexicalDamaged unless the bookkeeping and the postings can both be read."""
        try:
            if self.connection().execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise LexicalDamaged(f"the lexical index {self.path} can't be read (SQLite's quick_check fails)")
        except sqlite3.DatabaseError as exc:
            raise LexicalDamaged(_one_line(self.path, exc)) from None
        self.postings().check()

    # -- writes --------------------------------------------------------------
    def put(self, articles: Iterable[Article]) -> int:
        """Add or replace these articles' chunks; how many chunks were indexed (postings first, then hashes)."""
        articles = list(articles)
        if not articles:
            return 0
        self.postings().write(articles, [])
        with self._writing() as conn:
            conn.executemany("INSERT OR REPLACE INTO articles (path, content_hash) VALUES (?, ?)",
                             [(a.path, a.content_hash) for a in articles])
        return sum(len(a.chunks) for a in articles)

    def remove(self, paths: Iterable[str]) -> None:
        """Forget these articles: their hashes first, then their postings."""
        paths = list(paths)
        if not paths:
            return
        with self._writing() as conn:
            conn.executemany("DELETE FROM articles WHERE path = ?", [(p,) for p in paths])
        self.postings().write([], paths)

    # -- reads ---------------------------------------------------------------
    def chunk_ids(self) -> set[str]:
        """Every chunk id the index holds."""
        return self.postings().ids()

    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        """The n best chunks for `query` by BM25 (higher is better), as (chunk id, score)."""
        tokens = list(dict.fromkeys(tokenize(query)))
        if not tokens or n < 1:
            return []
        return self.postings().search(tokens, n)


class Fts5Postings:
    """SQLite FTS5 in the bookkeeping file itself: needs nothing beyond Python, but its OR queries score every match."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn, self.path = conn, path
        try:
            with conn:
                conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS postings USING fts5(body, tokenize=\"{_FTS5_TOKENIZER}\")")
                conn.execute("CREATE TABLE IF NOT EXISTS chunks (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, path TEXT NOT NULL)")
                conn.execute("CREATE INDEX IF NOT EXISTS chunks_path ON chunks (path)")
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc):
                raise LexicalDamaged(_one_line(path, exc)) from None

    def write(self, articles: Sequence[Article], removed: Sequence[str]) -> None:
        try:
            with self.conn:
                for path in [a.path for a in articles] + list(removed):
                    self.conn.execute("DELETE FROM postings WHERE rowid IN (SELECT rowid FROM chunks WHERE path = ?)", (path,))
                    self.conn.execute("DELETE FROM chunks WHERE path = ?", (path,))
                for article in articles:
                    for cid, text in article.chunks:
                        cur = self.conn.execute("INSERT OR REPLACE INTO chunks (id, path) VALUES (?, ?)", (cid, article.path))
                        self.conn.execute("INSERT INTO postings (rowid, body) VALUES (?, ?)", (cur.lastrowid, terms(text)))
        except sqlite3.DatabaseError as exc:
            raise LexicalDamaged(_one_line(self.path, exc)) from None

    def search(self, tokens: Sequence[str], n: int) -> list[tuple[str, float]]:
        query = " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)  # quoted: no token reads as an operator
        sql = ("SELECT chunks.id, -bm25(postings) AS score FROM postings JOIN chunks ON chunks.rowid = postings.rowid "
               "WHERE postings MATCH ? ORDER BY bm25(postings) LIMIT ?")
        try:
            rows = self.conn.execute(sql, (query, n)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise LexicalDamaged(_one_line(self.path, exc)) from None
        return [(str(cid), float(score)) for cid, score in rows if score > 0]

    def check(self) -> None:
        try:
            self.conn.execute("INSERT INTO postings(postings, rank) VALUES ('integrity-check', 0)")
        except sqlite3.DatabaseError as exc:
            raise LexicalDamaged(_one_line(self.path, exc)) from None

    def ids(self) -> set[str]:
        return {str(row[0]) for row in self.conn.execute("SELECT id FROM chunks")}

    def clear(self) -> None:
        self.conn.execute("DELETE FROM postings")
        self.conn.execute("DELETE FROM chunks")

    def close(self) -> None:
        return None  # the connection is the index's


class TantivyPostings:
    """Tantivy (Lucene-style segments, block-max WAND): each write is one commit; deletes go by article path."""

    HEAP = 32_000_000  # bytes the writer may buffer before it flushes a segment
    WAIT = 60.0  # seconds a write waits for another process's writer (two commands of one server client at once)

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._index: Any = None

    def _open(self) -> Any:
        if self._index is None:
            import tantivy

            builder = tantivy.SchemaBuilder()
            builder.add_text_field("id", stored=True, tokenizer_name="raw")
            builder.add_text_field("path", stored=False, tokenizer_name="raw")
            builder.add_text_field("body", stored=False, tokenizer_name="whitespace")
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._index = tantivy.Index(builder.build(), path=str(self.folder), reuse=True)
            except (ValueError, OSError) as exc:
                raise LexicalDamaged(_one_line(self.folder, exc)) from None
        return self._index

    def write(self, articles: Sequence[Article], removed: Sequence[str]) -> None:
        import tantivy

        index = self._open()
        writer = self._writer(index)
        try:
            for path in [a.path for a in articles] + list(removed):
                writer.delete_documents_by_term("path", path)
            for article in articles:
                for cid, text in article.chunks:
                    writer.add_document(tantivy.Document(id=cid, path=article.path, body=terms(text)))
            writer.commit()
            writer.wait_merging_threads()
        except ValueError as exc:
            raise LexicalDamaged(_one_line(self.folder, exc)) from None

    def _writer(self, index: Any) -> Any:
        """The index's one writer, waiting up to WAIT seconds for another process of this client to finish its sync."""
        import time

        deadline = time.monotonic() + self.WAIT
        while True:
            try:
                return index.writer(self.HEAP, 1)
            except ValueError as exc:
                if time.monotonic() >= deadline:
                    raise LexicalBusy(f"the lexical index {self.folder} is being written by another process ({exc})") from None
                time.sleep(0.2)

    def search(self, tokens: Sequence[str], n: int) -> list[tuple[str, float]]:
        import tantivy

        index = self._open()
        try:
            index.reload()  # see what other processes committed since
            schema = index.schema
            query = tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", t)) for t in tokens])
            searcher = index.searcher()
            found = searcher.search(query, n).hits
            return [(str(searcher.doc(address)["id"][0]), float(score)) for score, address in found if score > 0]
        except ValueError as exc:
            raise LexicalDamaged(_one_line(self.folder, exc)) from None

    def check(self) -> None:
        try:
            self._open().searcher()
        except (ValueError, OSError) as exc:
            raise LexicalDamaged(_one_line(self.folder, exc)) from None

    def ids(self) -> set[str]:
        import tantivy

        index = self._open()
        index.reload()
        searcher = index.searcher()
        if not searcher.num_docs:
            return set()
        hits = searcher.search(tantivy.Query.all_query(), searcher.num_docs).hits
        return {str(searcher.doc(address)["id"][0]) for _, address in hits}

    def clear(self) -> None:
        self._index = None
        shutil.rmtree(self.folder, ignore_errors=True)

    def close(self) -> None:
        self._index = None
