"""Experiment: the ingest with window-batched Chroma writes (the patch proposed in
benchmarks/README.md), applied by monkeypatching in the benchmark child only
(`--proposed-writes`). ragnews itself is untouched.

Today each article costs three Chroma round trips (chunk upsert, a get by
path for stale chunks, a source-record upsert); each waits on Chroma's
sqlite log, about 0.1 s an article on this machine. Batched per window of
~512 chunks: one chunk upsert, one get for stale chunks of all the window's
paths, one record upsert. Write order (chunks, then stale deletes, then the
records) keeps the crash-safety invariant.
"""

from __future__ import annotations

import json
import time
from typing import Any

from ragnews.index import ingestor as _ingest
from ragnews.index import store as _store


def write_sources(self: Any, records: list[dict[str, Any]], ids: list[str], texts: list[str], metas: list[dict[str, Any]], vectors: Any) -> None:
    chunks, sources = self._chunks, self._sources
    batch = max(1, min(self.client().get_max_batch_size(), 5000))
    for b in range(0, len(ids), batch):
        chunks.upsert(ids=ids[b : b + batch], documents=texts[b : b + batch], metadatas=metas[b : b + batch], embeddings=vectors[b : b + batch])
    keep = set(ids)
    paths = [r["path"] for r in records]
    for b in range(0, len(paths), 500):
        found = chunks.get(where={"path": {"$in": paths[b : b + 500]}}, include=[])
        stale = [i for i in found["ids"] if i not in keep]
        for s in range(0, len(stale), 2000):
            chunks.delete(ids=stale[s : s + 2000])
    for b in range(0, len(records), batch):
        part = records[b : b + batch]
        sources.upsert(ids=[r["path"] for r in part], embeddings=[[1.0]] * len(part), documents=[""] * len(part),
                       metadatas=[_store._clean_meta(r) for r in part])


def _flush(self: Any, window: list[Any]) -> None:
    if not window:
        return
    texts = [_ingest._embed_text(a, c) for a, chunks, _ in window for c in chunks]
    vectors = self.embedder.embed(texts, progress=lambda n: self.progress.advance(chunks=n))
    ids: list[str] = []
    docs: list[str] = []
    metas: list[dict[str, Any]] = []
    records = []
    for article, chunks, _status in window:
        common = {
            "source": article.source, "path": article.path, "content_hash": article.content_hash,
            "title": article.title or "", "outlet": article.outlet or "", "published": article.published or "",
            "byline": article.byline or "",
        }
        ids += [_store.chunk_id(article.path, article.content_hash, c.index) for c in chunks]
        docs += [c.text for c in chunks]
        metas += [common | {"chunk": c.index, "start_line": c.start_line, "end_line": c.end_line, "start": c.start, "end": c.end,
                            "tokens": c.tokens, "linemap": json.dumps(article.line_map(c.start, c.end)), "format": article.format,
                            "encoding": article.encoding} for c in chunks]
        records.append({
            "source": article.source, "path": article.path, "title": article.title, "outlet": article.outlet,
            "byline": article.byline, "published": article.published, "published_text": article.published_text,
            "content_hash": article.content_hash, "chunks": len(chunks), "words": article.word_count,
            "format": article.format, "encoding": article.encoding, "ingested_at": time.time(),
            "injections": [f"line {n}: {s}" for n, s in article.injections][:20],
        })
    write_sources(self.store, records, ids, docs, metas, vectors)
    for article, chunks, status in window:
        note = next((why for line, why in article.removed if line == 0), None)
        self.report.outcomes.append(_ingest.FileOutcome(article.source, status, note, len(chunks), path=article.path))
        self.report.tokens += sum(c.tokens for c in chunks)
        self.report.injections.extend((article.source, line, snippet) for line, snippet in article.injections)
        self.progress.advance(files=1)
    self.report.changed = True
    window.clear()


def apply() -> None:
    _ingest.Ingestor._flush = _flush  # type: ignore[method-assign]
