"""Newsroom: the one object Python users (and the CLI) talk to."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ragnews.answer.engines import Engine, make_engine
from ragnews.answer.model import Answer
from ragnews.brief.model import MAX_ARTICLES, Briefing
from ragnews.config import NEEDS_MODEL_SERVER, ConfigError, Settings, load_settings
from ragnews.errors import InputError
from ragnews.index.bm25 import LexicalIndex
from ragnews.index.embedders import Embedder, make_embedder
from ragnews.index.evidence import collect
from ragnews.index.freshness import Freshness, stale_note
from ragnews.index.ingestor import Ingestor, IngestReport, Progress
from ragnews.index.scope import newest, resolve_paths
from ragnews.index.search import Hit, hit_from_chunk, hybrid_search

if TYPE_CHECKING:
    from ragnews.answer.chat_models import ChatModel
    from ragnews.index.check import CheckReport
from ragnews.index.store import Store, StoreError, lexical_dir


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
        self._freshness = Freshness()

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
            from ragnews.answer.chat_models import OpenAIChat

            if not self.settings.llm_configured:
                raise ConfigError(NEEDS_MODEL_SERVER)
            self._chat_model = OpenAIChat(
                self.settings.model, self.settings.openai_api_key, self.settings.openai_base_url,
                timeout=self.settings.llm_timeout, max_retries=self.settings.llm_retries,
            )
        return self._chat_model

    def _open(self, create: bool = False) -> None:
        """Open the store, reopening it first if another process wrote it since (long-lived readers)."""
        if self.store.refresh():
            self._lexical = None
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
            raise InputError("empty query: give some words to search for")
        self._open()
        allowed = resolve_paths(self.store.source_records(), sources) if sources else None
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

    # -- answers ------------------------------------------------------------
    def engine(self, name: str | None = None) -> Engine:
        """The answer engine: `name` if given, else the settings' choice ('auto': llm only if one is configured)."""
        settings = replace(self.settings, engine=name) if name else self.settings
        chosen = settings.engine_name(model_given=self._chat_model is not None)
        return make_engine(chosen, embedder=lambda: self.embedder, chat_model=self.chat_model, settings=self.settings)

    def ask(self, question: str, *, engine: str | None = None, k: int = 8, on_token: Callable[[str], None] | None = None) -> Answer:
        """Answer a question with numbered citations, each verified against its file."""
        if not question.strip():
            raise InputError("empty question: ask something")
        chosen = self.engine(engine)
        hits = self.search(question, k=k, per_source=3)
        stale = self._freshness.stale({h.path: h.meta for h in hits})
        answer = chosen.answer(question, [h for h in hits if h.path not in stale], on_token=on_token)
        if stale:
            answer.notes.append(stale_note(stale, {h.path: h.source for h in hits}))
        return answer

    def brief(self, paths: Sequence[str | os.PathLike[str]] | None = None, *, topic: str | None = None,
              engine: str | None = None, progress: Progress | None = None, on_token: Callable[[str], None] | None = None) -> Briefing:
        """A cited multi-source briefing: on PATHs (ingested first), on a topic, or on the collection."""
        from ragnews.brief.compose import compose_briefing

        chosen = self.engine(engine)
        notes: list[str] = []
        scope = self._ingest_scope(paths, notes, progress) if paths else None
        self._open()
        records = self.store.source_records()
        chosen_paths = self._fresh_paths(sorted(scope) if scope else self._brief_paths(topic, records, notes), records, notes)
        chunks = [(c.id, c.text, c.meta) for c in self.store.iter_chunks(where={"path": {"$in": chosen_paths}})]
        chunks.sort(key=lambda c: (int(c[2].get("chunk", 0)), c[2].get("path", "")))
        hits = [hit_from_chunk(cid, text, meta) for cid, text, meta in chunks]
        return compose_briefing(collect(chunks, records), hits, self.embedder, chosen, topic=topic, notes=notes, on_token=on_token)

    def _ingest_scope(self, paths: Sequence[str | os.PathLike[str]], notes: list[str], progress: Progress | None) -> set[str]:
        """Ingest the PATHs a briefing names; the stored articles they cover (duplicates included)."""
        report = self.ingest(paths, progress=progress)
        notes += [f"{o.source}: {o.reason}" for o in report.outcomes if o.status == "failed"]
        scope = resolve_paths(self.store.source_records(), [str(p) for p in paths])
        scope |= {o.path for o in report.outcomes if o.status in ("duplicate", "unchanged", "added", "updated") and o.path}
        if not scope:
            raise StoreError("none of the given paths holds an article that could be ingested")
        return scope

    def _fresh_paths(self, paths: list[str], records: dict[str, dict[str, Any]], notes: list[str]) -> list[str]:
        """The paths whose files still hold what was ingested; a note names the others."""
        stale = self._freshness.stale({p: records.get(p, {}) for p in paths})
        if not stale:
            return paths
        notes.append(stale_note(stale, {p: records.get(p, {}).get("source", p) for p in stale}))
        fresh = [p for p in paths if p not in stale]
        if not fresh:
            raise StoreError("every article in scope changed on disk since it was ingested; run `ragnews ingest` on them first")
        return fresh

    def _brief_paths(self, topic: str | None, records: dict[str, dict[str, Any]], notes: list[str]) -> list[str]:
        """Which articles a briefing without PATHs covers: the topic's, or the newest."""
        if topic:
            hits = self.search(topic, k=40, per_source=4)
            paths = list(dict.fromkeys(h.path for h in hits))[:MAX_ARTICLES]
            if not paths:
                raise InputError(f"no stored article matches the topic {topic!r}")
            return paths
        if len(records) > MAX_ARTICLES:
            notes.append(f"the collection holds {len(records)} articles; this briefing covers the {MAX_ARTICLES} most recent. "
                         "Pass PATHs or --topic to choose.")
        return newest(records, MAX_ARTICLES)

    def check(self, repair: bool = False) -> CheckReport:
        """Verify the store's consistency; with repair, fix what can be fixed (under the write lock)."""
        from ragnews.index.check import check_store

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
