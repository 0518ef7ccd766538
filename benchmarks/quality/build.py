"""From a cluster of documents to the product's own briefing, without a Chroma store.

Each document is written to a .txt file and goes through the real ingest steps (reading,
cleaning, header reading, chunking) and the real evidence model, so the briefing sees exactly
what `ragnews brief` would; only the vector store round trip is skipped. Embeddings are cached
on disk by text, so tuning runs do not re-embed unchanged sentences.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from benchmarks.quality.data import Cluster
from ragnews.answer.engines import ExtractiveEngine
from ragnews.brief.compose import compose_briefing
from ragnews.brief.model import Briefing
from ragnews.index.embedders import MiniLMEmbedder
from ragnews.index.evidence import ArticleText, collect
from ragnews.ingest.chunking import chunk_article
from ragnews.ingest.loader import load_article


class CachedEmbedder:
    """MiniLM with a persistent text -> vector cache (benchmark runs embed the same sentences again)."""

    def __init__(self, cache_file: Path) -> None:
        self.inner = MiniLMEmbedder()
        self.name, self.dim = self.inner.name, self.inner.dim
        self.file = cache_file
        self.cache: dict[str, np.ndarray] = pickle.loads(cache_file.read_bytes()) if cache_file.exists() else {}
        self.added = 0

    def embed(self, texts: Sequence[str], progress: object = None) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if todo:
            for t, v in zip(todo, self.inner.embed(todo)):
                self.cache[t] = v
            self.added += len(todo)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i] = self.cache[t]
        return out

    def save(self) -> None:
        if self.added:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            self.file.write_bytes(pickle.dumps(self.cache))
            self.added = 0


def _files(cluster: Cluster | Path, workdir: Path) -> list[Path]:
    """The cluster's documents as .txt files (a folder of articles is used in place)."""
    if isinstance(cluster, Path):
        return sorted(cluster.glob("*.txt"))
    folder = workdir / cluster.cid.replace(":", "_")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, doc in enumerate(cluster.docs):
        path = folder / f"{k:02d}.txt"
        text = doc.file_text()
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def articles_of(cluster: Cluster | Path, workdir: Path) -> list[ArticleText]:
    """The cluster's documents as stored articles (files under workdir/<cluster>)."""
    chunks: list[tuple[str, str, dict]] = []
    records: dict[str, dict] = {}
    for path in _files(cluster, workdir):
        article, _ = load_article(path, str(path))
        common = {"source": article.source, "path": article.path, "title": article.title or "",
                  "outlet": article.outlet or "", "published": article.published or "", "format": article.format,
                  "encoding": article.encoding}
        for c in chunk_article(article):
            cid = f"{hashlib.sha1(article.path.encode()).hexdigest()[:16]}-{c.index:05d}"
            meta = common | {"chunk": c.index, "start_line": c.start_line, "end_line": c.end_line, "start": c.start,
                             "linemap": json.dumps(article.line_map(c.start, c.end)),
                             "tainted": json.dumps([list(r) for r in article.tainted if r[0] <= c.end_line and c.start_line <= r[1]])}
            chunks.append((cid, c.text, meta))
        records[article.path] = {"source": article.source, "title": article.title, "outlet": article.outlet,
                                 "published": article.published}
    return collect(chunks, records)


def briefing_of(cluster: Cluster | Path, workdir: Path, embedder: CachedEmbedder, full: bool = False) -> tuple[Briefing, list[ArticleText]]:
    """The extractive briefing the product writes on this cluster."""
    articles = articles_of(cluster, workdir)
    engine = ExtractiveEngine(embedder)  # type: ignore[arg-type]
    return compose_briefing(articles, [], embedder, engine, full=full), articles  # type: ignore[arg-type]
