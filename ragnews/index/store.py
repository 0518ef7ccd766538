"""ChromaDB storage: chunks, per-source records, and the embedder contract.

Two collections: `<name>_chunks` (one vector per chunk) and `<name>_sources`
(one record per article, written *after* its chunks, so a source with a
record is a source whose chunks are complete). Chunk ids are deterministic
(path hash, content hash, index), so re-running an interrupted ingest
completes it instead of duplicating it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import sys
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from ragnews.config import Settings
from ragnews.errors import RagnewsError
from ragnews.index.ledger import Ledger

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_PAGE = 2000
_NO_VIEW: Any = object()  # what `Store._viewed` gives when the read mirror has no answer: read through Chroma


class StoreError(RagnewsError, RuntimeError):
    """The store can't do what was asked; the message says what to do."""


class StoreBusy(StoreError):
    """Another process holds the local store's write lock."""


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str
    meta: dict[str, Any]


@dataclass(frozen=True)
class SourceWrite:
    """One article to store: its record (written last) and its chunks with their vectors."""

    record: dict[str, Any]
    ids: list[str]
    texts: list[str]
    metas: list[dict[str, Any]]
    vectors: np.ndarray


def chunk_id(path: str, content_hash: str, index: int) -> str:
    return f"{hashlib.sha1(path.encode()).hexdigest()[:16]}-{content_hash[:12]}-{index:05d}"


class Store:
    """Thin, explicit wrapper over a Chroma client (local directory or server)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = settings.collection
        self.server = bool(settings.chroma_url)
        self._client: Any = None
        self._chunks: Any = None
        self._sources: Any = None
        self._changes: Any = None  # server mode: the change log clients sync their caches from (`log_changes`)
        self._dirty = False  # generation already moved off the saved BM25 index's
        self.written_from: str | None = None  # the generation before the latest run of writes (what derived state was in step with)
        self._seen_marker: str | None = None  # the store's generation marker when we opened it
        self._max_batch: int | None = None
        self._view: Any = None  # the read mirror (`mirror.py`), while this store is only read and the mirror is in step
        self._opened: tuple[str | None, int | None] | None = None  # (embedder, dim) the store was opened with

    # -- connection -----------------------------------------------------
    @property
    def ledger(self) -> Ledger | None:
        """The record of stored articles outside Chroma's database (local stores only; see ragnews/index/ledger.py)."""
        return None if self.server else Ledger(self.settings.db_dir)

    @property
    def location(self) -> str:
        """Where the store is, as messages name it (a server URL without any user:password in it)."""
        if not self.settings.chroma_url:
            return str(self.settings.db_dir)
        try:
            url = urlparse(self.settings.chroma_url)
            if url.username is None and url.password is None:
                return self.settings.chroma_url
        except ValueError:  # not a URL at all (an unclosed "[", a port that is no number): said as given
            return self.settings.chroma_url
        return url._replace(netloc=url.netloc.rpartition("@")[2]).geturl()

    def exists(self) -> bool:
        if self.server:
            return True
        return (self.settings.db_dir / "chroma.sqlite3").exists()

    def client(self) -> Any:
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self) -> Any:
        if self.server:  # a token, a tenant and database, Chroma Cloud: see ragnews/index/chromaclient.py
            from ragnews.index.chromaclient import connect

            return connect(self.settings)
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self._make_db_dir()
        return chromadb.PersistentClient(path=str(self.settings.db_dir), settings=ChromaSettings(anonymized_telemetry=False))

    def _make_db_dir(self) -> None:
        """Create the local store's folder, or say in one line why it can't be."""
        try:
            self.settings.db_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the store at {self.settings.db_dir} ({exc.strerror or exc}); "
                "set RAGNEWS_DB (or --db) to a folder you can write to"
            ) from None

    # -- collections ----------------------------------------------------
    def collections(self, embedder: str | None, dim: int | None, create: bool) -> tuple[Any, Any]:
        """Open (or create) both collections, checking the embedder contract.

        Opened to read (`create=False`), a local store is read from its read mirror when that is in step
        (`mirror.py`: SQLite and numpy, no chromadb); anything the mirror does not hold, and every write,
        opens Chroma then (`_chroma`). The collections returned are then (None, None).
        """
        if self._chunks is not None:
            self._check_embedder(embedder, dim)
            return self._chunks, self._sources
        if self._view is not None and not create:
            return None, None
        self._opened = (embedder, dim)
        if not create and not self.server and self.settings.read_mirror and self._open_view(embedder):
            return None, None
        return self._open_chroma(embedder, dim, create)

    def _open_view(self, embedder: str | None) -> bool:
        from ragnews.index.mirror import MirrorView

        self._view = MirrorView.open(self.settings.db_dir, embedder)
        if self._view is None:
            return False
        self._seen_marker = self._view.generation
        return True

    def _viewed(self, read: Callable[[Any], Any]) -> Any:
        """What the read mirror gives, or `_NO_VIEW` when none is open or it cannot be read: a damaged mirror is
        deleted (the next write builds it again) and this store reads through Chroma from then on."""
        if self._view is None:
            return _NO_VIEW
        try:
            return read(self._view)
        except sqlite3.DatabaseError as exc:
            log.warning("the read mirror of %s cannot be read (%s): reading through Chroma; the next ingest rebuilds it",
                        self.location, exc)
            from ragnews.index.mirror import delete_files

            self._drop_view()
            try:
                delete_files(self.settings.db_dir)
            except OSError as gone:
                log.warning("could not delete the damaged read mirror: %s", gone)
            return _NO_VIEW

    def use_chroma(self) -> tuple[Any, Any]:
        """Read through Chroma from now on, not the read mirror (what `check` verifies is the store itself)."""
        return self._chroma()

    def _chroma(self) -> tuple[Any, Any]:
        """The Chroma collections, opened now if the store was being read from its mirror."""
        if self._chunks is None:
            assert self._opened is not None, "open the store first: store.collections(...)"
            self._drop_view()
            self._open_chroma(*self._opened, create=False)
        return self._chunks, self._sources

    def _drop_view(self) -> None:
        if self._view is not None:
            self._view.close()
            self._view = None

    def _open_chroma(self, embedder: str | None, dim: int | None, create: bool) -> tuple[Any, Any]:
        self._drop_view()
        if not create and not self.exists():
            raise StoreError(f"nothing ingested yet in {self.location}; run `ragnews ingest PATH` first")
        client = self.client()
        try:
            if create:
                meta = {"embedder": embedder or "", "dim": int(dim or 0), "schema": SCHEMA_VERSION, "generation": ""}
                chunks = client.get_or_create_collection(
                    f"{self.name}_chunks", embedding_function=None,
                    configuration={"hnsw": {"space": "cosine"}}, metadata=meta,
                )
                sources = client.get_or_create_collection(f"{self.name}_sources", embedding_function=None)
            else:
                chunks = client.get_collection(f"{self.name}_chunks", embedding_function=None)
                sources = client.get_collection(f"{self.name}_sources", embedding_function=None)
        except StoreError:
            raise
        except Exception as exc:
            if not create and "does not exist" in str(exc).lower():
                raise StoreError(f"nothing ingested yet in {self.location}; run `ragnews ingest PATH` first") from None
            raise StoreError(f"cannot open the store at {self.location}: {str(exc).splitlines()[0][:200]}") from None
        self._chunks, self._sources = chunks, sources
        if self.server:
            self._changes = self._open_changes(client, create)
        self._seen_marker = self._marker()
        self._check_embedder(embedder, dim)
        return chunks, sources

    def _open_changes(self, client: Any, create: bool) -> Any:
        """The server store's change log, or None when a reader finds none (a store no writer of this version wrote)."""
        name = f"{self.name}_changes"
        try:
            if create:
                return client.get_or_create_collection(name, embedding_function=None)
            return client.get_collection(name, embedding_function=None)
        except Exception as exc:
            if "does not exist" in str(exc).lower():
                return None
            raise StoreError(f"cannot open the change log of {self.location}: {str(exc).splitlines()[0][:200]}") from None

    # -- the change log (server mode) -----------------------------------------
    def log_changes(self, paths: Sequence[str]) -> None:
        """Note in the server store that these articles changed (written or about to be deleted).

        Each client keeps its lexical index and stories in a local cache (`Settings.state_dir`) and brings
        it in step by reading the entries since it last did (`changes_since`), then the current state of
        just those articles: work proportional to what changed, not to the store. Local stores keep none:
        their ledger tells the same (`ledger.py`).
        """
        if self._changes is None or not paths:
            return
        import time

        at = time.time()
        batch = self.max_batch()
        for b in range(0, len(paths), batch):
            part = list(paths[b : b + batch])
            self._changes.add(ids=[f"{at:.6f}-{uuid.uuid4().hex[:12]}" for _ in part], embeddings=[[1.0]] * len(part),
                              metadatas=[{"path": p, "at": at} for p in part])

    def changes_since(self, at: float) -> list[tuple[float, str]] | None:
        """(time, path) of every change logged at or after `at`; None when this store keeps no change log."""
        if self._changes is None:
            return None
        out: list[tuple[float, str]] = []
        offset = 0
        while True:
            page = self._changes.get(where={"at": {"$gte": float(at)}}, include=["metadatas"], limit=_PAGE, offset=offset)
            out += [(float(m.get("at", 0.0)), str(m.get("path", ""))) for m in page["metadatas"] if m]
            if len(page["ids"]) < _PAGE:
                return out
            offset += _PAGE

    def articles(self) -> int:
        """How many articles have a record."""
        viewed = self._viewed(lambda v: v.articles())
        if viewed is not _NO_VIEW:
            return int(viewed)
        _, sources = self._chroma()
        return int(sources.count())

    # -- other processes' writes -------------------------------------------
    def _marker_path(self) -> Path | None:
        return None if self.server else self.settings.db_dir / ".ragnews-generation"

    def _marker(self) -> str | None:
        path = self._marker_path()
        try:
            return path.read_text(encoding="ascii") if path is not None else None
        except (OSError, ValueError):  # unreadable, or bytes no writer wrote (`marker_damaged` says so)
            return None

    def marker_damaged(self) -> bool:
        """The generation marker is there but holds no generation (a repair writes the store's own)."""
        path = self._marker_path()
        if path is None or not path.exists():
            return False
        marker = self._marker()
        return marker is None or bool(marker) and not marker.isalnum()

    def rewrite_marker(self) -> None:
        self._write_marker(self.generation)

    def refresh(self) -> bool:
        """Reopen when another process has written the store since we opened it; True if we did.

        Chroma's local client caches the store per directory (segments, the
        vector index, collection metadata), so a long-lived reader (chat, a
        Python user holding a Newsroom) would keep reading the old store and
        can fail with "Error finding id" when the BM25 index names new chunks.
        Every writer bumps a marker file beside the store; a reader compares.
        """
        if (self._chunks is None and self._view is None) or self.server or self._marker() == self._seen_marker:
            return False
        self.reopen()
        return True

    def reopen(self) -> None:
        """Forget the client and collections; the next use connects afresh."""
        self._drop_view()
        if not self.server and "chromadb.api.shared_system_client" in sys.modules:  # (a mirror's reader never imported it)
            from chromadb.api.shared_system_client import SharedSystemClient

            # Chroma caches one system per directory for the whole process (other Newsrooms included):
            # drop it, so the next client reads the store as it is on disk now
            for identifier in {str(getattr(self._client, "_identifier", "")), str(self.settings.db_dir)}:
                SharedSystemClient._identifier_to_system.pop(identifier, None)
                SharedSystemClient._identifier_to_refcount.pop(identifier, None)
        self._client = self._chunks = self._sources = self._changes = None

    def meta(self) -> dict[str, Any]:
        """The chunks collection's metadata (embedder, generation, newest date), as the store holds it now.

        A server's collection object keeps the metadata it was fetched with, so a long-lived client
        (chat, MCP, a Python user) asks the server again: another client may have written since.
        """
        viewed = self._viewed(lambda v: v.meta())
        if viewed is not _NO_VIEW:
            return dict(viewed)
        chunks, _ = self._chroma()
        if self.server:
            return dict(self.client().get_collection(f"{self.name}_chunks", embedding_function=None).metadata or {})
        return dict(chunks.metadata or {})

    def _check_embedder(self, embedder: str | None, dim: int | None) -> None:
        stored = self.meta().get("embedder")
        if embedder and stored and stored != embedder:
            raise StoreError(
                f"this collection was built with the embedder '{stored}', but '{embedder}' is configured; "
                f"set RAGNEWS_EMBEDDER to match, or use another --db / RAGNEWS_COLLECTION for the new embedder"
            )
        if embedder and not stored:
            self._set_meta(embedder=embedder, dim=int(dim or 0))

    def _set_meta(self, **updates: Any) -> None:
        chunks, _ = self._chroma()
        meta = self.meta()
        meta.update(updates)
        meta.setdefault("schema", SCHEMA_VERSION)
        chunks.modify(metadata=meta)
        if not self.server:
            from ragnews.index.mirror import MirrorWriter

            MirrorWriter(self.settings.db_dir).put_meta(meta)

    @property
    def generation(self) -> str:
        return str(self.meta().get("generation") or "")

    def lexical_stale(self) -> bool:
        """True when the lexical index (`lexical.py`) is not in step with the store's generation."""
        from ragnews.index.lexical import LexicalDamaged, index_for

        index = index_for(self.settings)
        if not index.path.exists():
            return self.count() > 0
        try:
            return index.generation != self.generation
        except LexicalDamaged:
            return True
        finally:
            index.close()

    def newest_published(self) -> str | None:
        """The newest publication date ("" if none), as the last ingest saved it; None when it is not current.

        Readers need it for every question (news questions mean "now"), and computing it
        reads every record: 0.8 s at 10,000 articles. The writer saves it beside the generation.
        """
        meta = self.meta()
        if "newest_published" not in meta or meta.get("newest_generation") != meta.get("generation"):
            return None
        return str(meta["newest_published"])

    def save_newest_published(self, generation: str, newest: str) -> None:
        self._set_meta(newest_published=newest, newest_generation=generation)

    def bump_generation(self, finished: bool = True) -> str:
        """A new generation; the next write moves it again (see `_mark_dirty`).

        `finished`: the writes before it are complete (the end of an ingest, a removal, a repair). The
        first write of a run moves the generation unfinished, so a writer killed in between leaves a store
        whose generation was never finished: `interrupted` tells the next ingest to look for orphans.
        """
        gen = uuid.uuid4().hex
        self._set_meta(generation=gen, **({"finished": gen} if finished else {}))
        self._write_marker(gen)
        self._dirty = False  # an index brought in step at this generation is current until the next write
        return gen

    def interrupted(self) -> bool:
        """The last run of writes did not finish (a kill, a crash): chunks without a record may be left."""
        meta = self.meta()
        if "finished" not in meta:  # a store written before this was recorded: judge by the lexical index
            return self.lexical_stale()
        return bool(meta.get("generation") != meta.get("finished"))

    def _write_marker(self, generation: str) -> None:
        """Tell other processes the store changed (atomic replace; best effort on read-only media)."""
        path = self._marker_path()
        if path is None:
            return
        try:
            tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
            tmp.write_text(generation)
            os.replace(tmp, path)
        except OSError:
            return
        self._seen_marker = generation

    # -- writes -----------------------------------------------------------
    def write_source(self, record: dict[str, Any], ids: list[str], texts: list[str], metas: list[dict[str, Any]], vectors: np.ndarray) -> None:
        """One article: `write_sources` with a window of one."""
        self.write_sources([SourceWrite(record, ids, texts, metas, vectors)])

    def write_sources(self, window: Sequence[SourceWrite]) -> None:
        """A window of articles in as few Chroma round trips as its max batch allows.

        Order: every chunk of the window, then the window's stale chunks (an
        updated article's old version), then every record. A record marks its
        article done, so a kill at any point leaves finished articles and
        chunks without a record (never shown; `delete_orphans` clears them).
        """
        if not window:
            return
        chunks, sources = self._chroma()
        self._mark_dirty()
        batch = self.max_batch()
        ids = [i for w in window for i in w.ids]
        texts = [t for w in window for t in w.texts]
        metas = [m for w in window for m in w.metas]
        vectors = np.concatenate([np.asarray(w.vectors, dtype=np.float32) for w in window if w.ids]) if ids else None
        for b in range(0, len(ids), batch):
            chunks.upsert(ids=ids[b : b + batch], documents=texts[b : b + batch],
                          metadatas=metas[b : b + batch], embeddings=vectors[b : b + batch])  # type: ignore[index]
        self._delete_stale([w.record["path"] for w in window], set(ids))
        records = [w.record for w in window]
        for b in range(0, len(records), batch):
            part = records[b : b + batch]
            sources.upsert(ids=[r["path"] for r in part], embeddings=[[1.0]] * len(part), documents=[""] * len(part),
                           metadatas=[_clean_meta(r) for r in part])
        if self.ledger is not None:
            self.ledger.put(records)  # after the records: a kill leaves the ledger short, never ahead
        self.log_changes([r["path"] for r in records])

    def max_batch(self) -> int:
        """How many rows one Chroma call may carry (the client's limit, at most 5,000)."""
        if self._max_batch is None:
            self._max_batch = max(1, min(int(self.client().get_max_batch_size()), 5000))
        return self._max_batch

    def _delete_stale(self, paths: list[str], keep: set[str]) -> int:
        """Delete these articles' chunks that are not in `keep` (one `get` per 500 paths)."""
        chunks, _ = self._chroma()
        stale: list[str] = []
        for b in range(0, len(paths), 500):
            part = paths[b : b + 500]
            found = chunks.get(where={"path": part[0]} if len(part) == 1 else {"path": {"$in": part}}, include=[])
            stale += [i for i in found["ids"] if i not in keep]
        self.delete_chunks(stale)
        return len(stale)

    def _mark_dirty(self) -> None:
        """Move the generation off the saved BM25 index's before the first write.

        Otherwise a crash between these writes and the final bump_generation
        would leave an old index that still looks current to readers.
        """
        if not self._dirty:
            self._chroma()
            self.written_from = self.generation
            if not self.server:  # readers stop using the read mirror before the first write (`mirror.begin_run`)
                from ragnews.index.mirror import begin_run

                begin_run(self.settings.db_dir, self.written_from)
            self.bump_generation(finished=False)
            self._dirty = True  # once per run of writes (a long-lived Store runs many: each is marked)

    def delete_stale_chunks(self, path: str, keep: set[str]) -> int:
        return self._delete_stale([path], keep)

    def delete_source(self, path: str) -> None:
        self._chroma()
        self._mark_dirty()
        if self.ledger is not None:
            self.ledger.remove([path])  # before the record: a kill leaves the ledger short, never ahead
        self.log_changes([path])  # before too: a client that reads it finds the article gone, or about to be
        self._sources.delete(ids=[path])  # unmark first: a crash now leaves orphans (`delete_orphans` clears them)
        self._chunks.delete(where={"path": path})

    def delete_orphans(self) -> int:
        """Delete chunks whose article has no record (left by an interrupted write); how many.

        A record is written after its chunks and deleted before them, so chunks
        without one are never a finished article: an interrupted ingest (its
        file is redone anyway) or an interrupted `--prune` (its file is gone).
        """
        self._chroma()
        recorded = set(self.source_records())
        orphans = [c.id for c in self.iter_chunks(include_text=False) if c.meta.get("path") not in recorded]
        if orphans:
            self._mark_dirty()
            self.delete_chunks(orphans)
        return len(orphans)

    def recorded(self, paths: Sequence[str]) -> set[str]:
        """Which of these article paths have a record (chunks without one must never be shown)."""
        if not paths:
            return set()
        viewed = self._viewed(lambda v: v.recorded(paths))
        if viewed is not _NO_VIEW:
            return set(viewed)
        _, sources = self._chroma()
        return set(sources.get(ids=sorted(set(paths)), include=[])["ids"])

    # -- reads ------------------------------------------------------------
    def source_records(self) -> dict[str, dict[str, Any]]:
        viewed = self._viewed(lambda v: v.source_records())
        if viewed is not _NO_VIEW:
            return dict(viewed)
        _, sources = self._chroma()
        out: dict[str, dict[str, Any]] = {}
        offset = 0
        while True:
            page = sources.get(include=["metadatas"], limit=_PAGE, offset=offset)
            for sid, meta in zip(page["ids"], page["metadatas"]):
                out[sid] = dict(meta or {})
            if len(page["ids"]) < _PAGE:
                return out
            offset += _PAGE

    def records(self, paths: Collection[str]) -> dict[str, dict[str, Any]]:
        """These articles' records (those that have one): what a change needs, without reading every record."""
        viewed = self._viewed(lambda v: v.records(paths))
        if viewed is not _NO_VIEW:
            return dict(viewed)
        _, sources = self._chroma()
        wanted, out = sorted(set(paths)), {}
        for b in range(0, len(wanted), _PAGE):
            page = sources.get(ids=wanted[b : b + _PAGE], include=["metadatas"])
            for sid, meta in zip(page["ids"], page["metadatas"]):
                out[sid] = dict(meta or {})
        return out

    def delete_chunks(self, ids: Sequence[str]) -> None:
        """Delete chunks by id, in batches Chroma accepts."""
        chunks, _ = self._chroma()
        ids = list(ids)
        for b in range(0, len(ids), _PAGE):
            chunks.delete(ids=ids[b : b + _PAGE])

    def iter_chunk_shapes(self) -> Iterator[tuple[str, dict[str, Any], int]]:
        """Every chunk's id, metadata and vector length (no text), paged so memory stays bounded."""
        chunks, _ = self._chroma()
        offset = 0
        while True:
            page = chunks.get(include=["metadatas", "embeddings"], limit=_PAGE, offset=offset)
            vectors = page.get("embeddings")
            for i, (cid, meta) in enumerate(zip(page["ids"], page["metadatas"])):
                dim = len(vectors[i]) if vectors is not None and vectors[i] is not None else 0
                yield cid, dict(meta or {}), dim
            if len(page["ids"]) < _PAGE:
                return
            offset += _PAGE

    def count(self) -> int:
        viewed = self._viewed(lambda v: v.count())
        if viewed is not _NO_VIEW:
            return int(viewed)
        chunks, _ = self._chroma()
        return int(chunks.count())

    def iter_chunks(self, include_text: bool = True, where: dict[str, Any] | None = None) -> Iterator[StoredChunk]:
        paths = _paths_of(where)
        rows = self._viewed(lambda v: list(v.iter_chunks(paths))) if paths is not False else _NO_VIEW
        if rows is not _NO_VIEW:
            for cid, doc, meta in rows:
                yield StoredChunk(cid, doc if include_text else "", meta)
            return
        chunks, _ = self._chroma()
        include = ["metadatas"] + (["documents"] if include_text else [])
        offset = 0
        while True:
            page = chunks.get(include=include, limit=_PAGE, offset=offset, where=where)
            docs = page.get("documents") or [""] * len(page["ids"])
            for cid, doc, meta in zip(page["ids"], docs, page["metadatas"]):
                yield StoredChunk(cid, doc or "", dict(meta or {}))
            if len(page["ids"]) < _PAGE:
                return
            offset += _PAGE

    def iter_leads(self, max_chunk: int = 1, paths: Collection[str] | None = None) -> Iterator[tuple[StoredChunk, np.ndarray]]:
        """Every article's (or these paths') first chunks with their vectors (what story grouping reads), paged."""
        chunks, _ = self._chroma()
        offset = 0
        where: dict[str, Any] = {"chunk": {"$lte": max_chunk}}
        if paths is not None:
            where = {"$and": [where, {"path": {"$in": sorted(paths)}}]}
        while True:
            page = chunks.get(where=where, include=["metadatas", "documents", "embeddings"],
                                    limit=_PAGE, offset=offset)
            vectors = page.get("embeddings")
            for i, (cid, doc, meta) in enumerate(zip(page["ids"], page.get("documents") or [], page["metadatas"])):
                yield StoredChunk(cid, doc or "", dict(meta or {})), np.asarray(vectors[i], dtype=np.float32)
            if len(page["ids"]) < _PAGE:
                return
            offset += _PAGE

    def get_chunks(self, ids: Sequence[str], with_vectors: bool = False) -> dict[str, tuple[StoredChunk, np.ndarray | None]]:
        if not ids:
            return {}
        got = self._viewed(lambda v: v.get_chunks(ids, with_vectors))
        if got is not _NO_VIEW:
            return {cid: (StoredChunk(cid, doc, meta), vec) for cid, doc, meta, vec in got}
        chunks, _ = self._chroma()
        include = ["documents", "metadatas"] + (["embeddings"] if with_vectors else [])
        page = chunks.get(ids=list(ids), include=include)
        vectors = page.get("embeddings") if with_vectors else None
        out = {}
        for i, cid in enumerate(page["ids"]):
            vec = np.asarray(vectors[i], dtype=np.float32) if vectors is not None else None
            out[cid] = (StoredChunk(cid, page["documents"][i] or "", dict(page["metadatas"][i] or {})), vec)
        return out

    def get_recorded_chunks(self, ids: Sequence[str], with_vectors: bool = False) -> dict[str, tuple[StoredChunk, np.ndarray | None]]:
        """`get_chunks`, less chunks whose article has no record (never shown, even before a cleanup)."""
        fetched = self.get_chunks(ids, with_vectors=with_vectors)
        known = self.recorded([chunk.meta.get("path", "") for chunk, _ in fetched.values()])
        return {cid: hit for cid, hit in fetched.items() if hit[0].meta.get("path") in known}

    def iter_chunk_rows(self, paths: Sequence[str]) -> Iterator[tuple[str, str, dict[str, Any], np.ndarray]]:
        """Every chunk of these articles as Chroma holds it: id, text, metadata, vector (what the read mirror copies)."""
        chunks, _ = self._chroma()
        for b in range(0, len(paths), 500):
            part = list(paths[b : b + 500])
            offset = 0
            while True:
                page = chunks.get(where={"path": part[0]} if len(part) == 1 else {"path": {"$in": part}},
                                  include=["documents", "metadatas", "embeddings"], limit=_PAGE, offset=offset)
                yield from _chunk_rows(page)
                if len(page["ids"]) < _PAGE:
                    break
                offset += _PAGE

    def query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the n nearest chunks (exact over the read mirror; Chroma's HNSW otherwise)."""
        paths = _paths_of(where)
        found = self._viewed(lambda v: v.query(vector, n, paths)) if paths is not False else _NO_VIEW
        if found is not _NO_VIEW:
            return list(found)
        chunks, _ = self._chroma()
        total = self.count()
        if total == 0:
            return []
        result = chunks.query(query_embeddings=[vector.tolist()], n_results=min(n, total), where=where, include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0])]

    # -- the local writer lock -------------------------------------------
    @contextlib.contextmanager
    def try_writing(self) -> Iterator[bool]:
        """The writer lock if it is free now (True), else False at once: for a reader's optional upkeep."""
        if self.server:
            yield True
            return
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.settings.db_dir / ".ragnews-write.lock"))
        try:
            lock.acquire(timeout=0)
        except (Timeout, OSError):  # busy, or a folder we can't write to
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    @contextlib.contextmanager
    def writing(self, on_wait: Any = None) -> Iterator[None]:
        """One writer per local store (Chroma corrupts under two); servers handle their own."""
        if self.server:
            yield
            return
        from filelock import FileLock, Timeout

        self._make_db_dir()
        lock = FileLock(str(self.settings.db_dir / ".ragnews-write.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:  # (a TimeoutError, so an OSError: caught first)
            if on_wait:
                on_wait()
            try:
                lock.acquire(timeout=self.settings.lock_timeout)
            except Timeout:
                raise StoreBusy(
                    f"store busy: another ragnews ingest is writing to {self.location} and did not finish within "
                    f"{self.settings.lock_timeout:.0f} s; wait for it, or use a Chroma server (RAGNEWS_CHROMA_URL) for several writers"
                ) from None
        except OSError as exc:  # no lock file can be made: the folder is read-only
            raise StoreError(
                f"cannot write to the store at {self.settings.db_dir} ({exc.strerror or exc}); "
                "set RAGNEWS_DB (or --db) to a folder you can write to"
            ) from None
        try:
            yield
        finally:
            lock.release()


def _chunk_rows(page: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], np.ndarray]]:
    """A Chroma `get` page (documents, metadatas, embeddings) as (id, text, metadata, vector) rows."""
    vectors, documents = page["embeddings"], page["documents"]
    for i, cid in enumerate(page["ids"]):
        yield cid, documents[i] or "", dict(page["metadatas"][i] or {}), np.asarray(vectors[i], dtype=np.float32)


def _paths_of(where: dict[str, Any] | None) -> list[str] | None | bool:
    """The article paths a `where` filter limits chunks to (None: no filter); False for any other filter."""
    if where is None:
        return None
    if set(where) != {"path"}:
        return False
    value = where["path"]
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"$in"} and isinstance(value["$in"], list):
        return [str(p) for p in value["$in"]]
    return False


def _clean_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Chroma accepts scalars and non-empty lists; drop None and empty lists."""
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if value is None or (isinstance(value, list) and not value):
            continue
        out[key] = json.dumps(value) if isinstance(value, dict) else value
    return out

