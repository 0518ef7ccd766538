"""The read mirror: what `ask`, `search` and `eval` read of a local store, without importing chromadb.

A cold `ask` spent 0.6-0.8 s importing chromadb and starting its client before it read anything
(benchmarks/README.md, "Issue 27: a cold ask without chromadb"). What a question reads of the store is small:
the collection's metadata, the articles' records, the chunks' texts, metadata and vectors. The writer keeps a
copy of exactly that, as Chroma returns it, in `ragnews-mirror.sqlite3` beside the store, and a reader answers
from it with SQLite and numpy: the dense search is an exact cosine over every vector (Chroma's HNSW top k is an
approximation of it; the two agree up to ties on the stores measured).

Never a silently wrong result. The mirror records the store generation it holds (`in_step`) and the size of
Chroma's database file at that moment; a reader uses it only when both still hold: the generation equals the
store's marker file (`.ragnews-generation`, moved by every writer, this version or an older one, before its first
write and after its last) and Chroma's file has that size and is still a SQLite database. Otherwise the store is
read through Chroma, as before. A writer invalidates the mirror before its first write (`invalidate`) and brings it
in step afterwards (`sync`), article by article by content hash, from what Chroma holds then, so a kill at any
moment leaves a mirror that is not used and that the next write completes. A mirror that can't be read is
deleted and rebuilt from the store: it holds nothing the store does not.

Local stores only: a Chroma server's clients read the server.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ragnews.errors import RagnewsError
from ragnews.index.sqlitefiles import open_wal

if TYPE_CHECKING:
    from ragnews.index.store import Store

log = logging.getLogger(__name__)

FILE = "ragnews-mirror.sqlite3"
MARKER = ".ragnews-generation"  # the store's generation marker (`Store._write_marker`)
CHROMA_FILE = "chroma.sqlite3"
FORMAT = "1"  # bump when the schema changes: a mirror of another format is rebuilt
BATCH = 200  # articles read from Chroma and written per transaction
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS records (path TEXT PRIMARY KEY, content_hash TEXT NOT NULL, meta TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS chunks (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, "
    "document TEXT NOT NULL, meta TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS chunks_path ON chunks (path)",
    "CREATE TABLE IF NOT EXISTS vectors (row INTEGER PRIMARY KEY, vector BLOB NOT NULL)",
)


class MirrorDamaged(RagnewsError):
    """The mirror's file can't be read or written (it is deleted and rebuilt from the store)."""


def mirror_path(db_dir: Path) -> Path:
    return Path(db_dir) / FILE


def _marker(db_dir: Path) -> str | None:
    try:
        return (Path(db_dir) / MARKER).read_text(encoding="ascii")
    except (OSError, ValueError):
        return None


def _chroma_size(db_dir: Path) -> int | None:
    """The size of Chroma's database file when it is one (its first bytes say so), else None."""
    path = Path(db_dir) / CHROMA_FILE
    try:
        with path.open("rb") as handle:
            if handle.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
                return None
        return path.stat().st_size
    except OSError:
        return None


def delete_files(db_dir: Path) -> None:
    """Remove the mirror (derived from the store: the next write builds it again). One that can't be removed stays
    unused: readers check it against the generation marker, which every write moves."""
    path = mirror_path(db_dir)
    for suffix in ("", "-wal", "-shm"):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot remove the read mirror %s%s (%s)", path, suffix, exc)


# -- the writer's side ---------------------------------------------------------------
class MirrorWriter:
    """The writer's connection: invalidate before a run of writes, bring in step after it."""

    def __init__(self, db_dir: Path) -> None:
        self.db_dir = Path(db_dir)
        self.path = mirror_path(db_dir)
        self._conn: sqlite3.Connection | None = None

    def connection(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                conn = open_wal(self.path, _SCHEMA)
                with conn:
                    row = conn.execute("SELECT value FROM state WHERE key = 'format'").fetchone()
                    if row is not None and row[0] != FORMAT:
                        for table in ("state", "records", "chunks", "vectors"):
                            conn.execute(f"DELETE FROM {table}")
                    conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('format', ?)", (FORMAT,))
            except sqlite3.DatabaseError as exc:
                raise MirrorDamaged(f"the read mirror {self.path} can't be read ({' '.join(str(exc).split())})") from None
            self._conn = conn
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        conn = self.connection()
        try:
            with conn:
                yield conn
        except sqlite3.DatabaseError as exc:
            raise MirrorDamaged(f"the read mirror {self.path} can't be written ({' '.join(str(exc).split())})") from None

    def _state(self, key: str) -> str | None:
        try:
            row = self.connection().execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as exc:
            raise MirrorDamaged(f"the read mirror {self.path} can't be read ({' '.join(str(exc).split())})") from None
        return str(row[0]) if row else None

    @property
    def in_step(self) -> str | None:
        """The store generation the mirror holds (None: none, or a run of writes is under way)."""
        return self._state("in_step")

    def invalidate(self) -> None:
        """No reader may use the mirror until the next `sync` (called before a run of writes)."""
        if not self.path.exists():
            return
        try:
            with self._writing() as conn:
                conn.execute("DELETE FROM state WHERE key IN ('in_step', 'chroma_size')")
        except MirrorDamaged as exc:  # a mirror we can't mark stale must not stay: it is rebuilt from the store
            log.warning("%s: deleting it (the next write rebuilds it)", exc)
            self.close()
            delete_files(self.db_dir)

    def put_meta(self, meta: Mapping[str, Any]) -> None:
        """The chunks collection's metadata as just set (the generation, the newest date): readers read it here."""
        if not self.path.exists():
            return
        try:
            in_step, size = self.in_step, _chroma_size(self.db_dir)
            with self._writing() as conn:
                conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('meta', ?)", (json.dumps(dict(meta)),))
                if in_step and str(meta.get("generation") or "") == in_step and size is not None:
                    # this writer's own change of the metadata: Chroma's file may have grown with it
                    conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('chroma_size', ?)", (str(size),))
        except MirrorDamaged as exc:
            log.warning("%s: deleting it (the next write rebuilds it)", exc)
            self.close()
            delete_files(self.db_dir)

    def hashes(self) -> dict[str, str]:
        try:
            return dict(self.connection().execute("SELECT path, content_hash FROM records").fetchall())
        except sqlite3.DatabaseError as exc:
            raise MirrorDamaged(f"the read mirror {self.path} can't be read ({' '.join(str(exc).split())})") from None

    def replace(self, paths: Sequence[str], records: Mapping[str, Mapping[str, Any]],
                chunks: Sequence[tuple[str, str, Mapping[str, Any], np.ndarray]]) -> None:
        """These articles as the store holds them now: their records (absent: removed) and every chunk of theirs."""
        with self._writing() as conn:
            for b in range(0, len(paths), 500):
                part = list(paths[b : b + 500])
                marks = ",".join("?" * len(part))
                conn.execute(f"DELETE FROM vectors WHERE row IN (SELECT row FROM chunks WHERE path IN ({marks}))", part)
                conn.execute(f"DELETE FROM chunks WHERE path IN ({marks})", part)
                conn.execute(f"DELETE FROM records WHERE path IN ({marks})", part)
            conn.executemany("INSERT INTO records (path, content_hash, meta) VALUES (?, ?, ?)",
                             [(p, str(r.get("content_hash") or ""), json.dumps(dict(r))) for p, r in records.items()])
            for cid, text, meta, vector in chunks:
                cur = conn.execute("INSERT OR REPLACE INTO chunks (id, path, document, meta) VALUES (?, ?, ?, ?)",
                                   (cid, str(meta.get("path", "")), text, json.dumps(dict(meta))))
                conn.execute("INSERT OR REPLACE INTO vectors (row, vector) VALUES (?, ?)",
                             (cur.lastrowid, np.asarray(vector, dtype=np.float32).tobytes()))

    def mark(self, generation: str, meta: Mapping[str, Any]) -> None:
        """The mirror now holds what the store holds at `generation` (with Chroma's file at its present size)."""
        size = _chroma_size(self.db_dir)
        with self._writing() as conn:
            rows = [("meta", json.dumps(dict(meta)))]
            if size is not None:
                rows += [("in_step", generation), ("chroma_size", str(size))]
            conn.executemany("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", rows)


def sync(store: Store, progress: Callable[[int, int], None] | None = None, written: Collection[str] | None = None) -> list[str]:
    """Bring the mirror of an open local `store` in step with it; the articles re-read (none when it already was).

    `written`: the articles this process's last run of writes changed; when the mirror was in step just before that
    run (`Store.written_from`), only they are read again. Otherwise the mirror's content hashes are compared with the
    store's records, so a kill mid-sync, an older writer or a first build are all
    completed the same way. A damaged mirror is deleted and built again.
    """
    try:
        return _sync(store, progress, written)
    except MirrorDamaged as exc:
        log.warning("%s: rebuilding it from the store", exc)
        delete_files(store.settings.db_dir)
    try:
        return _sync(store, progress, None)
    except MirrorDamaged as exc:  # (a full disk, a read-only file): the write stands, readers read through Chroma
        log.warning("%s: the store is read through Chroma until a later write can rebuild it", exc)
        delete_files(store.settings.db_dir)
        return []


def _sync(store: Store, progress: Callable[[int, int], None] | None, written: Collection[str] | None) -> list[str]:
    from ragnews.index.lexsync import _differing

    writer = MirrorWriter(store.settings.db_dir)
    try:
        generation = store.generation
        in_step = writer.in_step
        if in_step == generation and writer._state("chroma_size") == str(_chroma_size(store.settings.db_dir)):
            return []
        base = writer._state("base")  # the generation the mirror held when the current run of writes began
        if written is not None and store.written_from and base == store.written_from:
            paths = sorted(set(written))
        else:
            paths = _differing(_stored_hashes(store), writer.hashes())
        _apply(store, writer, paths, progress)
        if len(writer.hashes()) != store.articles():  # something was written that `written` does not name
            more = _differing(_stored_hashes(store), writer.hashes())
            _apply(store, writer, more, progress)
            paths = sorted(set(paths) | set(more))
        writer.mark(generation, store.meta())
        log.debug("read mirror in step at %s: %d articles re-read", generation, len(paths))
        return paths
    finally:
        writer.close()


def _apply(store: Store, writer: MirrorWriter, paths: Sequence[str], progress: Callable[[int, int], None] | None) -> None:
    """Copy these articles from the store as it is now, BATCH at a time."""
    for b in range(0, len(paths), BATCH):
        part = list(paths[b : b + BATCH])
        writer.replace(part, store.records(part), list(store.iter_chunk_rows(part)))
        if progress:
            progress(min(b + BATCH, len(paths)), len(paths))


def _stored_hashes(store: Store) -> dict[str, str]:
    """path -> content hash of every stored article, from its record in Chroma. Not from the ledger: it is written
    after the records, so a kill between the two leaves it one update behind with the same count, and a mirror compared
    with it would be marked in step holding the article's old text (the lexical index compares records the same way)."""
    store.use_chroma()
    return {path: str(record.get("content_hash") or "") for path, record in store.source_records().items()}


def begin_run(db_dir: Path, written_from: str | None) -> None:
    """Before a run of writes: readers stop using the mirror; it remembers what it held (`sync` continues from it)."""
    writer = MirrorWriter(db_dir)
    try:
        if not writer.path.exists():
            return
        held = writer.in_step
        writer.invalidate()
        if writer.path.exists():
            with writer._writing() as conn:
                if held and held == written_from:
                    conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('base', ?)", (held,))
                else:  # it was behind already: the next sync compares every article
                    conn.execute("DELETE FROM state WHERE key = 'base'")
    except MirrorDamaged as exc:
        log.warning("%s: deleting it (the next write rebuilds it)", exc)
        writer.close()
        delete_files(db_dir)
    finally:
        writer.close()


def lag(store: Store) -> str | None:
    """Why the read mirror of an open local `store` would not answer for it as it is now (None: it is in step and
    holds every article at the store's version). `ragnews check` reports it: readers then go through Chroma (slower),
    or, if it were marked in step with other content, would read old text — which must never happen."""
    from ragnews.index.lexsync import _differing

    path = mirror_path(store.settings.db_dir)
    stored = _stored_hashes(store)
    if not path.exists():
        return "the read mirror is missing: `ask` reads through Chroma, slower" if stored else None
    try:  # read only, as a reader does: a check without --repair changes nothing, and holds no lock a writer waits on
        conn, _, why = _read_state(store.settings.db_dir, None)
        try:
            held = dict(conn.execute("SELECT path, content_hash FROM records").fetchall())
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"the read mirror can't be read ({' '.join(str(exc).split())})"
    if not stored and not held:
        return None  # nothing stored yet: nothing to be out of step with
    if why:
        return f"the read mirror is not used: {why}"
    differing = _differing(stored, held)
    if differing:
        return f"the read mirror is marked in step but holds {len(differing)} article(s) other than the store's"
    return None


# -- the reader's side ---------------------------------------------------------------
class MirrorView:
    """A read-only view of the mirror, used while it is in step with the store (see the module docstring).

    It reads in one SQLite read transaction (a writer's later changes are not seen half-done), and keeps the
    vectors in memory once loaded: a chat or a server asks many questions of one view.
    """

    def __init__(self, conn: sqlite3.Connection, generation: str, meta: dict[str, Any]) -> None:
        self._conn = conn
        self.generation = generation
        self._meta = meta
        self._ids: list[str] | None = None
        self._paths: np.ndarray | None = None
        self._matrix: np.ndarray | None = None

    @classmethod
    def open(cls, db_dir: Path, embedder: str | None) -> MirrorView | None:
        """The mirror of the local store at `db_dir` if it is there, readable and in step; None (and why, at DEBUG) if not."""
        path = mirror_path(db_dir)
        if not path.exists():
            log.debug("no read mirror at %s: reading through Chroma", path)
            return None
        try:
            conn, state, why = _read_state(db_dir, embedder)
        except sqlite3.Error as exc:
            log.debug("read mirror %s can't be read (%s): reading through Chroma", path, exc)
            return None
        if why:
            log.debug("read mirror %s not used: %s", path, why)
            conn.close()
            return None
        return cls(conn, str(state["in_step"]), json.loads(state.get("meta", "{}")))

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def meta(self) -> dict[str, Any]:
        return dict(self._meta)

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM chunks").fetchone()[0])

    def articles(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM records").fetchone()[0])

    def source_records(self) -> dict[str, dict[str, Any]]:
        return {str(p): json.loads(m) for p, m in self._conn.execute("SELECT path, meta FROM records ORDER BY rowid")}

    def records(self, paths: Collection[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for part in _parts(sorted(set(paths))):
            sql = f"SELECT path, meta FROM records WHERE path IN ({','.join('?' * len(part))})"
            out.update({str(p): json.loads(m) for p, m in self._conn.execute(sql, part)})
        return out

    def recorded(self, paths: Sequence[str]) -> set[str]:
        return set(self.records(paths))

    def get_chunks(self, ids: Sequence[str], with_vectors: bool) -> list[tuple[str, str, dict[str, Any], np.ndarray | None]]:
        out: list[tuple[str, str, dict[str, Any], np.ndarray | None]] = []
        for part in _parts(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(part))
            if with_vectors:
                sql = (f"SELECT c.id, c.document, c.meta, v.vector FROM chunks c JOIN vectors v ON v.row = c.row "
                       f"WHERE c.id IN ({marks})")
                out += [(str(i), d, json.loads(m), np.frombuffer(v, dtype=np.float32).copy())
                        for i, d, m, v in self._conn.execute(sql, part)]
            else:
                sql = f"SELECT id, document, meta FROM chunks WHERE id IN ({marks})"
                out += [(str(i), d, json.loads(m), None) for i, d, m in self._conn.execute(sql, part)]
        return out

    def iter_chunks(self, paths: Sequence[str] | None) -> Iterator[tuple[str, str, dict[str, Any]]]:
        if paths is None:
            for i, d, m in self._conn.execute("SELECT id, document, meta FROM chunks ORDER BY row").fetchall():
                yield str(i), d, json.loads(m)
            return
        for part in _parts(sorted(set(paths))):
            sql = f"SELECT id, document, meta FROM chunks WHERE path IN ({','.join('?' * len(part))}) ORDER BY row"
            for i, d, m in self._conn.execute(sql, part).fetchall():
                yield str(i), d, json.loads(m)

    def _load(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Every chunk's id, path and unit vector (loaded once per view)."""
        if self._matrix is None:
            rows = self._conn.execute("SELECT c.id, c.path, v.vector FROM chunks c JOIN vectors v ON v.row = c.row ORDER BY c.row").fetchall()
            dim = int(self._meta.get("dim") or 0) or (len(rows[0][2]) // 4 if rows else 0)
            matrix = np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float32).reshape(len(rows), dim)
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            self._matrix = matrix / np.where(norms == 0, 1.0, norms)
            self._ids = [str(r[0]) for r in rows]
            self._paths = np.array([str(r[1]) for r in rows], dtype=object)
        assert self._ids is not None and self._paths is not None
        return self._ids, self._paths, self._matrix

    def query(self, vector: np.ndarray, n: int, paths: Collection[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the n nearest chunks (among these articles' when given), exactly."""
        ids, chunk_paths, matrix = self._load()
        if not ids or n < 1:
            return []
        rows = None if paths is None else np.flatnonzero(np.isin(chunk_paths, list(paths)))
        if rows is not None and not len(rows):
            return []
        query = np.asarray(vector, dtype=np.float32)
        query = query / (float(np.linalg.norm(query)) or 1.0)
        sims = (matrix if rows is None else matrix[rows]) @ query
        distances = np.float32(1.0) - sims.astype(np.float32)  # as Chroma's cosine space gives them
        n = min(n, len(distances))
        near = np.argpartition(distances, n - 1)[:n] if n < len(distances) else np.arange(len(distances))
        top = near[np.lexsort((near, distances[near]))]  # nearest first; a tie in the order the chunks were stored
        return [(ids[i if rows is None else rows[i]], 1.0 - float(distances[i])) for i in top]


def _read_state(db_dir: Path, embedder: str | None) -> tuple[sqlite3.Connection, dict[str, str], str | None]:
    """A read-only connection to the mirror inside one read transaction, its state, and why it may not answer for the store
    (`_unusable`; None: it may). The store's marker is read first: a writer invalidates the mirror before it moves
    the marker. Raises sqlite3.Error when the file can't be read."""
    marker = _marker(db_dir)
    conn = sqlite3.connect(f"file:{mirror_path(db_dir)}?mode=ro", uri=True, timeout=30, check_same_thread=False,
                           isolation_level=None)
    try:
        conn.execute("BEGIN")
        state = dict(conn.execute("SELECT key, value FROM state").fetchall())
    except sqlite3.Error:
        conn.close()
        raise
    return conn, state, _unusable(state, json.loads(state.get("meta", "{}")), marker, _chroma_size(db_dir), embedder)


def _unusable(state: Mapping[str, str], meta: Mapping[str, Any], marker: str | None, chroma_size: int | None,
              embedder: str | None) -> str | None:
    """Why the mirror may not answer for the store now (None: it may)."""
    in_step = state.get("in_step")
    if state.get("format") != FORMAT:
        return f"format {state.get('format')!r}, not {FORMAT}"
    if not in_step:
        return "not in step (a write is under way, or was interrupted)"
    if marker != in_step:
        return f"the store is at generation {marker!r}, the mirror at {in_step!r}"
    if str(meta.get("generation") or "") != in_step:
        return "its metadata is of another generation"
    if chroma_size is None or str(chroma_size) != state.get("chroma_size"):
        return "Chroma's database file changed since the mirror was made"
    stored = meta.get("embedder")
    if not stored or (embedder and stored != embedder):
        return f"the store's embedder is {stored!r}, {embedder!r} is configured"
    return None


def _parts(items: Sequence[str], size: int = 500) -> Iterator[list[str]]:
    for b in range(0, len(items), size):
        yield list(items[b : b + size])
