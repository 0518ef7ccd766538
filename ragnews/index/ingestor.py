"""Ingest: files on disk -> clean articles -> chunks -> vectors -> the store.

Incremental by content hash, idempotent by deterministic chunk ids, and
crash-safe by write order (a source's record is written only after all its
chunks). Bad files get a one-line reason and never stop the batch; a file
that turns bad keeps its previously stored version.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ragnews.index.embedders import Embedder
from ragnews.index.store import Store, chunk_id
from ragnews.ingest.chunking import Chunk, chunk_article
from ragnews.ingest.document import Article
from ragnews.ingest.loader import load_article
from ragnews.ingest.reader import ReadError, content_hash, file_format, read_bytes

WINDOW_CHUNKS = 512  # chunks embedded together; bounds memory, keeps batches full


@dataclass
class FileOutcome:
    source: str
    status: str  # added | updated | unchanged | duplicate | skipped | failed | removed
    reason: str | None = None
    chunks: int = 0
    path: str | None = None  # the stored article this outcome refers to (the twin, for a duplicate)


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    injections: list[tuple[str, int, str]] = field(default_factory=list)  # (source, line, snippet)
    tokens: int = 0
    seconds: float = 0.0
    changed: bool = False

    def of(self, status: str) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def failed(self) -> bool:
        return any(o.status == "failed" for o in self.outcomes)

    def counts(self) -> dict[str, int]:
        keys = ("added", "updated", "unchanged", "duplicate", "skipped", "failed", "removed")
        return {k: len(self.of(k)) for k in keys}

    def to_json(self) -> dict[str, Any]:
        return {
            **self.counts(),
            "files": [o.__dict__ for o in self.outcomes],
            "injections": [{"source": s, "line": n, "text": t} for s, n, t in self.injections],
            "tokens": self.tokens,
            "seconds": round(self.seconds, 3),
        }


class Progress:
    """What ingest tells the outside world; the CLI renders it with rich."""

    def start(self, total_files: int) -> None: ...
    def advance(self, files: int = 0, chunks: int = 0) -> None: ...
    def stop(self) -> None: ...
    def waiting(self, message: str) -> None: ...


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, str, str | None]]:
    """(file, source as the user named it, reason to skip or None), following symlinks safely."""
    seen_dirs: set[str] = set()
    for given in paths:
        root = Path(given)
        if not root.exists() and not root.is_symlink():
            yield root, os.path.normpath(str(given)), "no such file or directory"
        elif root.is_dir():
            yield from _walk(root, seen_dirs)
        else:
            yield root, os.path.normpath(str(given)), _skip_reason(root)


def _walk(root: Path, seen_dirs: set[str]) -> Iterator[tuple[Path, str, str | None]]:
    real = os.path.realpath(root)
    if real in seen_dirs:
        return  # a symlink loop or a directory already walked
    seen_dirs.add(real)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield root, os.path.normpath(str(root)), f"cannot read directory: {exc.strerror or exc}"
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:  # e.g. links pointing at each other (ELOOP): reported below as broken
            is_dir = is_file = False
        if is_dir:
            yield from _walk(path, seen_dirs)
        elif is_file or entry.is_symlink():
            yield path, os.path.normpath(str(path)), _skip_reason(path)


def _skip_reason(path: Path) -> str | None:
    if path.is_symlink() and not path.exists():
        return "broken symbolic link"
    if path.exists() and not path.is_file():  # a FIFO or device named .txt: open() would block forever
        return "not a regular file (a pipe, socket or device)"
    if file_format(path) is None:
        return f"unsupported file type '{path.suffix or '(none)'}' (ragnews reads .txt, .md, .html)"
    return None


class Ingestor:
    """Runs one ingest against an open store."""

    def __init__(self, store: Store, embedder: Embedder, max_bytes: int, progress: Progress | None = None) -> None:
        self.store, self.embedder, self.max_bytes = store, embedder, max_bytes
        self.progress = progress or Progress()
        self.report = IngestReport()

    def run(self, paths: Iterable[str | os.PathLike[str]], prune: bool = False) -> IngestReport:
        started = time.perf_counter()
        records = self.store.source_records()
        by_hash = {r.get("content_hash"): (r.get("source", p), p) for p, r in records.items()}
        todo = list(self._classify(discover(paths), records, by_hash))
        self.progress.start(len(todo))
        window: list[tuple[Article, list[Chunk], str]] = []
        for article, chunks, status in self._load_all(todo):
            window.append((article, chunks, status))
            if sum(len(c) for _, c, _ in window) >= WINDOW_CHUNKS:
                self._flush(window)
        self._flush(window)
        if self.store.lexical_stale():
            self.report.changed = True  # e.g. a crashed ingest: have the BM25 index rebuilt now
        if prune:
            self._prune(records)
        self.progress.stop()
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _classify(self, found: Iterable[tuple[Path, str, str | None]], records: dict[str, dict[str, Any]], by_hash: dict[Any, tuple[Any, str]]) -> Iterator[tuple[Path, str, str, dict[str, Any] | None]]:
        """Decide, by content hash, which files need work; report the rest now."""
        batch_paths: set[str] = set()
        for path, source, skip in found:
            if skip:
                status = "failed" if skip.startswith(("no such", "broken", "cannot")) else "skipped"
                self.report.outcomes.append(FileOutcome(source, status, skip))
                continue
            key = os.path.abspath(path)
            if key in batch_paths:
                continue  # named twice on the command line
            batch_paths.add(key)
            try:
                digest = content_hash(read_bytes(path, self.max_bytes))
            except ReadError as exc:
                self.report.outcomes.append(FileOutcome(source, "failed", str(exc)))
                continue
            record = records.get(key)
            if record and record.get("content_hash") == digest:
                self.report.outcomes.append(FileOutcome(source, "unchanged", chunks=int(record.get("chunks", 0)), path=key))
                continue
            twin = by_hash.get(digest)
            if twin and twin[1] != key and (not record or record.get("content_hash") != digest):
                self.report.outcomes.append(FileOutcome(source, "duplicate", f"same content as {twin[0]}", path=twin[1]))
                continue
            by_hash[digest] = (source, key)
            yield path, source, digest, record

    def _load_all(self, todo: list[tuple[Path, str, str, dict[str, Any] | None]]) -> Iterator[tuple[Article, list[Chunk], str]]:
        for path, source, _digest, record in todo:
            try:
                article, note = load_article(path, source, self.max_bytes)
            except ReadError as exc:
                reason = str(exc) + ("; the stored version is kept" if record else "")
                self.report.outcomes.append(FileOutcome(source, "failed", reason))
                self.progress.advance(files=1)
                continue
            if note:
                article.removed.append((0, note))
            chunks = chunk_article(article)
            yield article, chunks, ("updated" if record else "added")

    def _flush(self, window: list[tuple[Article, list[Chunk], str]]) -> None:
        if not window:
            return
        texts = [_embed_text(a, c) for a, chunks, _ in window for c in chunks]
        vectors = self.embedder.embed(texts, progress=lambda n: self.progress.advance(chunks=n))
        row = 0
        for article, chunks, status in window:
            part = vectors[row : row + len(chunks)]
            row += len(chunks)
            self._write(article, chunks, part)
            note = next((why for line, why in article.removed if line == 0), None)
            self.report.outcomes.append(FileOutcome(article.source, status, note, len(chunks), path=article.path))
            self.report.tokens += sum(c.tokens for c in chunks)
            self.report.injections.extend((article.source, line, snippet) for line, snippet in article.injections)
            self.progress.advance(files=1)
        self.report.changed = True
        window.clear()

    def _write(self, article: Article, chunks: list[Chunk], vectors: Any) -> None:
        common = {
            "source": article.source, "path": article.path, "content_hash": article.content_hash,
            "title": article.title or "", "outlet": article.outlet or "", "published": article.published or "",
            "byline": article.byline or "", "size": article.size, "mtime_ns": article.mtime_ns,
        }
        ids = [chunk_id(article.path, article.content_hash, c.index) for c in chunks]
        metas = [
            common | {"chunk": c.index, "start_line": c.start_line, "end_line": c.end_line, "start": c.start, "end": c.end,
                      "tokens": c.tokens, "linemap": json.dumps(article.line_map(c.start, c.end)), "format": article.format,
                      "encoding": article.encoding, "tainted": json.dumps(_overlapping(article.tainted, c.start_line, c.end_line))}
            for c in chunks
        ]
        record = {
            "source": article.source, "path": article.path, "title": article.title, "outlet": article.outlet,
            "byline": article.byline, "published": article.published, "published_text": article.published_text,
            "content_hash": article.content_hash, "chunks": len(chunks), "words": article.word_count,
            "format": article.format, "encoding": article.encoding, "ingested_at": time.time(),
            "injections": [f"line {n}: {s}" for n, s in article.injections][:20],
            "size": article.size, "mtime_ns": article.mtime_ns,
        }
        self.store.write_source(record, ids, [c.text for c in chunks], metas, vectors)

    def _prune(self, records: dict[str, dict[str, Any]]) -> None:
        for path, record in records.items():
            if not os.path.exists(path):
                self.store.delete_source(path)
                self.report.outcomes.append(FileOutcome(record.get("source", path), "removed", "file no longer exists", path=path))
                self.report.changed = True


def _embed_text(article: Article, chunk: Chunk) -> str:
    """What the embedder sees: the chunk, prefixed with the title for context."""
    if article.title and chunk.index > 0:
        return f"{article.title}. {chunk.text}"
    return chunk.text


def _overlapping(ranges: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The line ranges that touch lines start..end (a chunk's tainted passages)."""
    return [(lo, hi) for lo, hi in ranges if lo <= end and start <= hi]
