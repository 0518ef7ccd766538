"""Newsroom: the one object Python users (and the CLI) talk to."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .answers import Answer
from .briefing import Briefing
from .config import ConfigError, Settings, load_settings
from .embedding import Embedder, make_embedder
from .ingest import IngestReport, Ingestor, Progress
from .lexical import LexicalIndex
from .retrieval import Hit, hybrid_search

if TYPE_CHECKING:
    from .check import CheckReport
    from .llm import ChatModel
from .store import Store, StoreError, lexical_dir


@dataclass
class SourceInfo:
    source: str
    path: str
    title: str | None
    outlet: str | None
    byline: str | None
    published: str | None
    chunks: int
    words: int
    content_hash: str
    injections: list[str]

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def display_title(self) -> str:
        return self.title or Path(self.source).name


class Newsroom:
    """Ingest articles, search them, ask questions and write briefings.

    >>> nr = Newsroom(db="/tmp/news")          # or Newsroom() for the defaults
    >>> nr.ingest(["seeds/"])                  # doctest: +SKIP
    >>> nr.search("troops sent to Russia", k=5)  # doctest: +SKIP
    """

    def __init__(self, db: str | os.PathLike[str] | None = None, *, chroma_url: str | None = None,
                 settings: Settings | None = None, embedder: Embedder | None = None,
                 chat_model: ChatModel | None = None, **overrides: Any) -> None:
        if settings is None:
            settings = load_settings(db=str(db) if db else None, chroma_url=chroma_url, **overrides)
        self.settings = settings
        self.store = Store(settings)
        self._embedder = embedder
        self._chat_model = chat_model
        self._lexical: LexicalIndex | None = None

    # -- components ---------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(
                self.settings.embedder, api_key=self.settings.openai_api_key, base_url=self.settings.openai_base_url
            )
        return self._embedder

    def chat_model(self) -> ChatModel:
        """The configured LLM (OpenAI or any OpenAI-compatible server), created on first use."""
        if self._chat_model is None:
            from .llm import OpenAIChat

            if not self.settings.llm_configured:
                raise ConfigError("the llm engine needs a model server: set OPENAI_API_KEY (and optionally OPENAI_BASE_URL) or use --engine extractive")
            self._chat_model = OpenAIChat(
                self.settings.model, self.settings.openai_api_key, self.settings.openai_base_url,
                timeout=self.settings.llm_timeout, max_retries=self.settings.llm_retries,
            )
        return self._chat_model

    def _open(self, create: bool = False) -> None:
        self.store.collections(self.embedder.name, self.embedder.dim, create=create)

    # -- ingest -------------------------------------------------------------
    def ingest(self, paths: Iterable[str | os.PathLike[str]], *, prune: bool = False, progress: Progress | None = None) -> IngestReport:
        """Add new and changed articles; with prune, drop those whose files are gone."""
        progress = progress or Progress()
        with self.store.writing(on_wait=lambda: progress.waiting(f"store busy, waiting for another ragnews ingest on {self.store.location}…")):
            self._open(create=True)
            report = Ingestor(self.store, self.embedder, int(self.settings.max_file_mb * 1024 * 1024), progress).run(paths, prune=prune)
            if report.changed:
                generation = self.store.bump_generation()
                self._lexical = self._build_lexical(generation)
        return report

    def _lexical_items(self) -> Iterable[tuple[str, str]]:
        """Chunk text plus the article's title, byline and outlet: people search by those too."""
        for c in self.store.iter_chunks():
            head = " ".join(str(c.meta.get(k) or "") for k in ("title", "byline", "outlet"))
            yield c.id, f"{head}\n{c.text}"

    def _build_lexical(self, generation: str) -> LexicalIndex:
        index = LexicalIndex.build(self._lexical_items(), generation)
        directory = lexical_dir(self.settings)
        if directory is not None:
            index.save(directory)
        return index

    def lexical(self) -> LexicalIndex:
        """The BM25 index for the store's current generation (loaded, or rebuilt in memory)."""
        generation = self.store.generation
        if self._lexical is not None and self._lexical.generation == generation:
            return self._lexical
        directory = lexical_dir(self.settings)
        index = LexicalIndex.load(directory) if directory is not None else None
        if index is None or index.generation != generation:
            index = LexicalIndex.build(self._lexical_items(), generation)
        self._lexical = index
        return index

    # -- reading ------------------------------------------------------------
    def search(self, query: str, k: int = 5, *, sources: Sequence[str] | None = None, per_source: int = 2, with_vectors: bool = False) -> list[Hit]:
        """Hybrid (dense + BM25) search, diverse across sources."""
        if not query.strip():
            raise ValueError("empty query")
        self._open()
        allowed = self._resolve_paths(sources) if sources else None
        where = {"path": {"$in": sorted(allowed)}} if allowed else None
        qvec = self.embedder.embed([query])[0]
        lexical = self.lexical()
        return hybrid_search(
            query, k,
            dense=lambda n: self.store.query(qvec, n, where=where),
            lexical=lambda n: lexical.search(query, n * (4 if allowed else 1)),
            fetch=lambda ids: self.store.get_chunks(ids, with_vectors=with_vectors),
            allowed_paths=allowed, per_source=per_source,
        )

    def _resolve_paths(self, sources: Sequence[str]) -> set[str]:
        """Accept stored paths, display sources or paths relative to the cwd."""
        records = self.store.source_records()
        by_source = {r.get("source"): p for p, r in records.items()}
        out = set()
        for s in sources:
            path = os.path.abspath(s)
            if path in records:
                out.add(path)
            elif s in by_source:
                out.add(by_source[s])
            else:
                out.update(p for p in records if p.startswith(path.rstrip(os.sep) + os.sep))
        return out

    # -- answers ------------------------------------------------------------
    def engine(self, engine: str | None = None) -> str:
        """The engine to use: explicit choice, else settings ('auto' = llm only if configured)."""
        settings = replace(self.settings, engine=engine) if engine else self.settings
        if self._chat_model is not None and (settings.engine or "auto") in ("auto", "llm"):
            return "llm"
        return settings.resolved_engine()

    def ask(self, question: str, *, engine: str | None = None, k: int = 8, on_token: Callable[[str], None] | None = None) -> Answer:
        """Answer a question with numbered citations, each verified against its file."""
        if not question.strip():
            raise ValueError("empty question")
        chosen = self.engine(engine)
        hits = self.search(question, k=k, per_source=3)
        if chosen == "extractive":
            from .extractive import extractive_answer

            return extractive_answer(question, hits, self.embedder)
        from .llm_engine import llm_answer

        return llm_answer(question, hits, self.chat_model(), self.settings, on_token=on_token)

    def brief(self, paths: Sequence[str | os.PathLike[str]] | None = None, *, topic: str | None = None,
              engine: str | None = None, progress: Progress | None = None, on_token: Callable[[str], None] | None = None) -> Briefing:
        """A cited multi-source briefing: on PATHs (ingested first), on a topic, or on the collection."""
        from .briefs import compose_briefing

        chosen = self.engine(engine)
        notes: list[str] = []
        if paths:
            report = self.ingest(paths, progress=progress)
            notes += [f"{o.source}: {o.reason}" for o in report.outcomes if o.status == "failed"]
            scope = self._resolve_paths([str(p) for p in paths])
            scope |= {o.path for o in report.outcomes if o.status in ("duplicate", "unchanged", "added", "updated") and o.path}
            if not scope:
                raise StoreError("none of the given paths holds an article that could be ingested")
        else:
            scope = None
        return compose_briefing(self, scope, topic, chosen, notes, on_token)

    def check(self, repair: bool = False) -> CheckReport:
        """Verify the store's consistency; with repair, fix what can be fixed (under the write lock)."""
        from .check import check_store

        if not repair:
            self._open()
            return check_store(self.store)
        with self.store.writing():
            self._open()
            return check_store(self.store, True, rebuild_lexical=self._build_lexical)

    def sources(self) -> list[SourceInfo]:
        """Every stored article, sorted by source."""
        self._open()
        infos = [_source_info(path, r) for path, r in self.store.source_records().items()]
        return sorted(infos, key=lambda s: s.source)

    def article_chunks(self, path: str) -> list[tuple[str, dict[str, Any]]]:
        """All stored chunks of one article, in order: (text, metadata)."""
        self._open()
        chunks = [(c.text, c.meta) for c in self.store.iter_chunks(where={"path": path})]
        return sorted(chunks, key=lambda c: int(c[1].get("chunk", 0)))


def _source_info(path: str, r: dict[str, Any]) -> SourceInfo:
    return SourceInfo(
        source=r.get("source", path), path=path, title=r.get("title") or None, outlet=r.get("outlet") or None,
        byline=r.get("byline") or None, published=r.get("published") or None, chunks=int(r.get("chunks", 0)),
        words=int(r.get("words", 0)), content_hash=r.get("content_hash", ""), injections=list(r.get("injections") or []),
    )


__all__ = ["Newsroom", "SourceInfo", "StoreError", "Hit"]
