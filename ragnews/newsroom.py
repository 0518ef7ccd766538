"""Newsroom: the one object Python users (and the CLI) talk to."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import os
import re
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ragnews.answer.engines import Engine, make_engine
from ragnews.answer.evaluation import EvalQuestion
from ragnews.answer.model import Answer
from ragnews.brief.digest import MAX_STORIES
from ragnews.brief.model import Briefing
from ragnews.config import NEEDS_MODEL_SERVER, ConfigError, Settings, load_settings
from ragnews.errors import InputError
from ragnews.index import lexsync, storybook
from ragnews.index.briefscope import BriefScope
from ragnews.index.embedders import Embedder, make_embedder
from ragnews.index.evidence import collect
from ragnews.index.failures import check_files, store_failures
from ragnews.index.freshness import Freshness, stale_note
from ragnews.index.ingestor import FileOutcome, Ingestor, IngestReport, Progress, missing_paths, printable_path
from ragnews.index.lexical import LexicalBusy, LexicalDamaged, LexicalIndex, index_for
from ragnews.index.scope import resolve_paths
from ragnews.index.search import CONTEXT_ONLY, Hit, hit_from_chunk, hybrid_search
from ragnews.text.reading import Reader
from ragnews.web import session as web

if TYPE_CHECKING:
    from ragnews.answer.chat_models import ChatModel
    from ragnews.answer.citations import Citation
    from ragnews.answer.evaluation import EvalItem, EvalReport
    from ragnews.answer.retrieval import Plan
    from ragnews.brief.digest import Digest
    from ragnews.index.check import CheckReport
from ragnews.index.store import Store, StoreError

log = logging.getLogger(__name__)
ANCHORS = 2  # the best BM25 chunks an answer always reads (see `hybrid_search`)


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
    url: str | None = None  # the page a web snapshot was fetched from
    settled_date: str | None = None  # the date a briefing uses when the article's text contradicts `published`
    date_note: str | None = None  # why (None when the stated date stands)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def display_title(self) -> str:
        """The title, or "(untitled)": listings show the file in a column of its own, so not the file name again."""
        return self.title or "(untitled)"


class Newsroom:
    """Ingest articles, search them, ask questions and write briefings.

    >>> nr = Newsroom(db="/tmp/news")          # or Newsroom() for the defaults
    >>> nr.ingest(["seeds/"])                  # doctest: +SKIP
    >>> nr.search("troops sent to Russia", k=5)  # doctest: +SKIP

    `db` is the store directory (default `$RAGNEWS_HOME/db`); `chroma_url` a Chroma server instead;
    `overrides` any other setting by field name (`engine="extractive"`); `settings` replaces them all;
    `embedder` and `chat_model` replace the offline model and the configured LLM (tests pass fakes).
    """

    def __init__(self, db: str | os.PathLike[str] | None = None, *, chroma_url: str | None = None,
                 settings: Settings | None = None, embedder: Embedder | None = None,
                 chat_model: ChatModel | None = None, reader: Reader | None = None, **overrides: Any) -> None:
        if settings is None:
            settings = load_settings(db=str(db) if db else None, chroma_url=chroma_url, **overrides)
        self.settings = settings
        self.store = Store(settings)
        self._embedder = embedder
        self._chat_model = chat_model
        self._reader = reader
        self._lexical: LexicalIndex | None = None
        self._freshness = Freshness()
        self._scope = BriefScope(self.store, settings, lambda topic: self.search(topic, k=60, per_source=4), self._freshness)
        self._newest: tuple[str, str] | None = None  # (store generation, newest publication date)
        self._dates_memo: dict[str, dict[str, dict[str, str]]] = {}  # settled dates by story, where none can be saved

    # -- components ---------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(
                self.settings.embedder, api_key=self.settings.openai_api_key, base_url=self.settings.openai_base_url
            )
        return self._embedder

    @property
    def reader(self) -> Reader:
        """The English model's reader (`RAGNEWS_SPACY_MODEL`), its readings cached in the ragnews home (with a Chroma
        server, in the client's cache folder beside its lexical index and stories), so a sentence is parsed once."""
        if self._reader is None:
            from ragnews.index.readings import SqliteReadingCache

            where = self.settings.state_dir if self.settings.chroma_url else self.settings.home_dir
            cache = SqliteReadingCache(where / "readings.sqlite3")
            self._reader = Reader(self.settings.spacy_model, cache)
        return self._reader

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
        check_files(self.settings)
        self.store.refresh()  # (the lexical index notices on its own: it records the generation it matches)
        self.store.collections(self.embedder.name, self.embedder.dim, create=create)

    # -- ingest -------------------------------------------------------------
    @store_failures
    def ingest(self, paths: Iterable[str | os.PathLike[str]], *, prune: bool = False, progress: Progress | None = None,
               embed_sentences: bool = False) -> IngestReport:
        """Add new and changed articles; with prune, drop those whose files are gone. URLs (pages, feeds) are fetched first.
        `embed_sentences`: each stored sentence is embedded too, in the background (a briefing on them follows)."""
        paths = list(paths)
        urls, local = web.split_urls(paths)
        if urls:
            return self._ingest_urls(urls, local, prune=prune, progress=progress)
        missing = missing_paths(paths)
        if missing:  # a typo, not a bad file: say so before doing anything
            raise InputError(f"no such file or directory: {', '.join(printable_path(m) for m in missing)}")
        progress = progress or Progress()
        with self.store.writing(on_wait=lambda: progress.waiting(f"store busy, waiting for another ragnews ingest on {self.store.location}…")):
            ingestor = Ingestor(self.store, self.embedder, int(self.settings.max_file_mb * 1024 * 1024), progress,
                                extra_meta=web.snapshot_meta(self.settings), page_facts=web.snapshot_dating(self.settings),
                                read=self.reader.read, follow_links=self.settings.follow_links,
                                prefetch_read=self.reader.prefetch,
                                prefetch_sentences=getattr(self.embedder, "prefetch", None) if embed_sentences else None)
            if not self.store.exists():  # a new store: every file is new, so the first ones are embedded while it opens
                ingestor.read_first_window(paths)
            self._open(create=True)
            report = ingestor.run(paths, prune=prune)
            ended = time.perf_counter()
            if report.changed:
                progress.status("updating the search index…")
                generation = self.store.bump_generation()
                changed, removed = report.written()
                self._sync_lexical([*changed, *removed])
                self._sync_mirror(progress, [*changed, *removed])
                progress.status("grouping articles into stories…")
                self._after_write(changed, removed, generation)
            else:
                self._sync_lexical()  # a no-op when in step; else what a killed run left behind is indexed now
                self._sync_mirror(progress)  # the same; an older store's mirror is built here, once
            report.end_s = time.perf_counter() - ended  # (benchmarks/growth.py reports it)
        return report

    def _after_write(self, changed: Collection[str], removed: Collection[str], generation: str) -> None:
        """Bring the stories, their settled dates and the newest date to `generation`, reading only what changed.

        Where the saved stories were not in step before this write (a killed run, another writer), they are
        brought in step from every record instead (`storybook.catch_up`).
        """
        touched = storybook.update(self.settings, self.store, changed, removed, generation, self.store.written_from)
        if touched is None:
            records = self.store.source_records()
            self._settled(records, storybook.catch_up(self.settings, self.store, records, generation))
            self.store.save_newest_published(generation, _newest_date(records))
            return
        # now, while the chunks are warm: `sources` and `stories` only read them
        self._settled(self.store.records({p for s in touched for p in s.paths}), touched, partial=True)
        newest = storybook.newest_published(self.settings, generation)
        self.store.save_newest_published(generation, newest if newest is not None else _newest_date(self.store.source_records()))

    # -- the web --------------------------------------------------------------
    def _ingest_urls(self, urls: list[str], local: list[Any], *, prune: bool, progress: Progress | None) -> IngestReport:
        """Fetch pages and feeds into snapshot files (`ragnews.web`), then ingest those with the local paths."""
        with web.fetch_run(self.settings, progress) as harvester:
            fetched = harvester.fetch_urls(urls)
            report = self._ingest_snapshots([*local, *fetched.snapshot_paths()], fetched.superseded(), prune=prune, progress=progress)
            harvester.snapshots.mark_ingested(fetched.snapshot_paths())
        report.outcomes[:0] = [FileOutcome(**row) for row in web.failure_rows(fetched)]
        return report

    def _ingest_snapshots(self, paths: list[Any], superseded: list[str], *, prune: bool = False,
                          progress: Progress | None = None) -> IngestReport:
        """Ingest snapshot files; an older snapshot of a page leaves the store (its file stays, for old citations)."""
        report = self.ingest(paths, prune=prune, progress=progress)
        meta = web.snapshot_meta(self.settings)
        for outcome in report.outcomes:
            outcome.url = meta(outcome.path or outcome.source).get("url") or outcome.url
        if superseded:
            report.outcomes += self._forget(superseded)
        return report

    def _forget(self, paths: list[str]) -> list[FileOutcome]:
        with self.store.writing():
            self._open(create=True)
            gone = [p for p in paths if p in self.store.source_records()]
            for path in gone:
                self.store.delete_source(path)
            if gone:
                generation = self.store.bump_generation()
                self._sync_lexical(gone)
                self._sync_mirror(None, gone)
                self._after_write([], gone, generation)
        return [FileOutcome(p, "removed", "a newer snapshot of its page replaces it (the file is kept)", path=p) for p in gone]

    def update(self, progress: Progress | None = None) -> web.UpdateReport:
        """Fetch what is new in every followed feed (conditional GETs), then ingest it."""
        return web.update(self.settings, lambda paths, old: self._ingest_snapshots(paths, old, progress=progress), progress)

    def feeds(self) -> list[dict[str, Any]]:
        """The followed feeds: url, title, when added and last checked, status, entries seen."""
        return web.followed(self.settings)

    def follow(self, urls: Iterable[str]) -> list[dict[str, Any]]:
        """Follow feeds (fetched by `update`); one row per URL: added | already followed | failed."""
        return web.follow(self.settings, list(urls))

    def unfollow(self, url: str) -> bool:
        return web.unfollow(self.settings, url)

    def import_opml(self, path: str | os.PathLike[str]) -> list[dict[str, Any]]:
        """Follow every feed in an OPML file (what feed readers export)."""
        return web.import_opml(self.settings, os.fspath(path))

    def _sync_lexical(self, written: Collection[str] | None = None) -> lexsync.Changes:
        """Bring the lexical index in step with the store (the caller may write: it holds the lock, or the store is a
        server); `written`: the articles this process just wrote or removed (see `lexsync.sync`)."""
        if self._lexical is None:
            self._lexical = index_for(self.settings)
        try:
            return lexsync.sync(self.store, self._lexical, written=written)
        except LexicalDamaged as exc:  # derived from the store: rebuilt, never fatal
            log.warning("lexical index damaged (%s): rebuilding it", exc)
            self._drop_lexical()
            self._lexical = index_for(self.settings)
            return lexsync.sync(self.store, self._lexical)

    def _sync_mirror(self, progress: Progress | None, written: Collection[str] | None = None) -> None:
        """Bring the local store's read mirror in step (the caller holds the write lock): `ask` then reads it without
        chromadb (`index/mirror.py`). A first build (a store made before the mirror) says how far it is."""
        if self.store.server:
            return
        from ragnews.index import mirror

        def step(done: int, total: int) -> None:
            if progress is not None and total > mirror.BATCH:
                progress.status(f"building the read mirror: {done:,}/{total:,} articles…")

        mirror.sync(self.store, step, written)

    def _drop_lexical(self) -> None:
        """Delete the lexical index's files (the next sync rebuilds it from every article)."""
        (self._lexical or index_for(self.settings)).delete_files()
        self._lexical = None

    def lexical(self) -> LexicalIndex:
        """The lexical (BM25) index, first brought in step with the store when it is behind and no writer is busy.

        While another process ingests into a local store it is left as it is: it still holds every article
        that was there before, and that writer brings it in step when it finishes.
        """
        if self._lexical is None:
            self._lexical = index_for(self.settings)
        try:
            behind = self._lexical.generation != self.store.generation
        except LexicalDamaged:
            behind = True
        if behind:
            with self.store.try_writing() as mine:
                if mine:
                    with contextlib.suppress(LexicalBusy):  # another process of this client is syncing it now
                        self._sync_lexical()
        return self._lexical

    @staticmethod
    def _lexical_search(index: LexicalIndex, query: str, n: int) -> list[tuple[str, float]]:
        """BM25 hits; none (dense alone, with a warning) when the index is damaged and a writer keeps us from rebuilding it."""
        try:
            return index.search(query, n)
        except LexicalDamaged as exc:
            log.warning("%s; searching by meaning alone until `ragnews check --repair` or the next ingest", exc)
            return []

    # -- reading ------------------------------------------------------------
    @store_failures
    def search(self, query: str, k: int = 5, *, sources: Sequence[str] | None = None, per_source: int = 2, with_vectors: bool = False,
               anchors: int = 0, lexical_query: str | None = None) -> list[Hit]:
        """Hybrid (dense + BM25) search, diverse across sources; `lexical_query` (default `query`) is what BM25 matches."""
        if not query.strip():
            raise InputError("empty query: give some words to search for")
        _prefetch(self.embedder, [query])  # the model loads and embeds the query while chromadb is imported and opened
        self._open()
        if not self.store.count():  # as `ask` says it, not an empty list that looks like "no match"
            raise StoreError(f"nothing ingested yet in {self.store.location}; run `ragnews ingest PATH` first")
        allowed = resolve_paths(self.store.source_records(), sources) if sources else None
        where = {"path": {"$in": sorted(allowed)}} if allowed else None
        qvec = self.embedder.embed([query])[0]
        lexical = self.lexical()
        return hybrid_search(
            query, k,
            dense=lambda n: self.store.query(qvec, n, where=where),
            lexical=lambda n: self._lexical_search(lexical, lexical_query or query, n * (4 if allowed else 1)),
            fetch=lambda ids: self.store.get_recorded_chunks(ids, with_vectors=with_vectors),
            allowed_paths=allowed, per_source=per_source, anchors=anchors,
        )

    # -- answers ------------------------------------------------------------
    def engine(self, name: str | None = None) -> Engine:
        """The answer engine: `name` if given, else the settings' choice ('auto': llm only if one is configured)."""
        settings = replace(self.settings, engine=name) if name else self.settings
        chosen = settings.engine_name(model_given=self._chat_model is not None)
        return make_engine(chosen, embedder=lambda: self.embedder, chat_model=self.chat_model, settings=self.settings,
                           reader=lambda: self.reader)

    @store_failures
    def ask(self, question: str, *, engine: str | None = None, k: int = 8, on_token: Callable[[str], None] | None = None,
            as_of: str | dt.date | None = None, exclude: Collection[str] = (),
            paths: Sequence[str | os.PathLike[str]] | None = None, progress: Progress | None = None,
            explain: bool = False) -> Answer:
        """Answer a question with numbered citations, each verified against its file.

        `k` is how many passages are searched for the answer. `as_of` is the question's date
        (default: the newest publication date stored): news questions mean "now", so articles
        published near it are preferred. `exclude` holds quotes the reader has already seen
        (chat's "what else…"). `paths` (files or folders, ingested first, as `brief` does)
        limits the answer to those articles. `explain` keeps `Answer.explain`: how the extractive engine read the
        question and weighed its best candidate sentences (the LLM engine has none).
        """
        if not question.strip():
            raise InputError("empty question: ask something")
        if k < 1:
            raise InputError("k must be at least 1")
        chosen = self.engine(engine)
        self._read_ahead(question)
        _prefetch(self.embedder, [question])  # the model loads while the question is read (search embeds it first)
        try:
            when = self.as_of(as_of) if as_of else None  # a bad date fails before any ingest
            notes: list[str] = []
            scope = sorted(self._ingest_scope(paths, notes, progress, "answer from")) if paths else None
            as_of = when or self.as_of(None)
            hits = self.retrieve(question, k=k, sources=scope, as_of=as_of)
            stale = self._freshness.stale({h.path: h.meta for h in hits})
            answer = chosen.answer(question, [h for h in hits if h.path not in stale], on_token=on_token,
                                   as_of=as_of, exclude=exclude)
            answer.notes[:0] = notes
            if not explain:
                answer.explain = None
            if stale:
                answer.notes.append(stale_note(stale, {h.path: h.source for h in hits}))
            return answer
        finally:
            self._forget_ahead(question)

    def _read_ahead(self, question: str) -> None:
        """A cold process reads the question in a child while it opens the store (`answer/ahead.py`): retrieval reads
        it first, and the extractive engine again."""
        if self.settings.read_ahead:
            from ragnews.answer.ahead import start

            start(question, self.reader.model)

    def _forget_ahead(self, question: str) -> None:
        if self.settings.read_ahead:
            from ragnews.answer.ahead import forget

            forget(question, self.reader.model)

    @store_failures
    def retrieve(self, question: str, *, k: int = 8, sources: Sequence[str] | None = None,
                 as_of: str | dt.date | None = None) -> list[Hit]:
        """The chunks `ask` answers from, found by the question as read (`answer.retrieval`): the hybrid search with
        its names' variants, among the articles of the time it names relative to `as_of` ("this week"; default: the
        newest stored date, as `ask`) when there are any; more of the best articles about its names; each hit's
        preceding chunk and article lead as context (marked `context_only`)."""
        from ragnews.answer.retrieval import plan

        if not question.strip():
            raise InputError("empty question: ask something")
        when = self.as_of(as_of)  # (opens the store while a read-ahead child reads the question: answer/ahead.py)
        read = plan(question, self.reader)
        sources = self._in_window(read, sources, when)
        hits = self.search(question, k=k, per_source=3, anchors=ANCHORS, sources=sources, lexical_query=read.lexical)
        hits += self._widened(read, hits)
        return hits + self._preceding_chunks(hits)

    def _in_window(self, read: Plan, sources: Sequence[str] | None, as_of: dt.date | None) -> Sequence[str] | None:
        """The articles an answer may come from when the question names a time relative to its date ("this week"):
        the extractive engine answers from no other, so the search looks among them (all, when none is)."""
        from ragnews.answer.extractive import in_window, window_days

        if window_days(read.asked, as_of) is None:
            return sources  # no time named relative to the question's date
        self._open()
        records = self.store.source_records()
        allowed = set(resolve_paths(records, sources)) if sources else set(records)
        inside = sorted(p for p in allowed if in_window(read.asked, records[p].get("published"), as_of))
        log.debug("question names a time: %d of %d articles in it", len(inside), len(allowed))
        return inside or sources

    def _widened(self, read: Plan, hits: Sequence[Hit]) -> list[Hit]:
        """More of the best articles about the question's names: the chunks of theirs whose sentences best fill the
        question's slot (an article is about one thing; the answer is often a few paragraphs below the matched one)."""
        from ragnews.answer.retrieval import ARTICLE_CHUNKS, WIDENED_CHUNKS, about_names, rank_chunks

        have = {h.id for h in hits}
        wanted: dict[str, str] = {}
        for path in about_names(read, hits):
            prefix = next(h.id.rsplit("-", 1)[0] for h in hits if h.path == path)
            wanted.update({f"{prefix}-{i:05d}": path for i in range(ARTICLE_CHUNKS) if f"{prefix}-{i:05d}" not in have})
        found = self.store.get_recorded_chunks(sorted(wanted)) if wanted else {}
        more: list[Hit] = []
        for path in dict.fromkeys(wanted.values()):
            chunks = [hit_from_chunk(cid, chunk.text, chunk.meta) for cid, (chunk, _) in sorted(found.items())
                      if chunk.meta.get("path") == path]
            more += rank_chunks(read, chunks, self.reader)[:WIDENED_CHUNKS]
        return more

    def _preceding_chunks(self, hits: Sequence[Hit]) -> list[Hit]:
        """The chunk before each hit and its article's first chunk, marked as context: a sentence that opens a chunk
        ("He said…") may need the one before it to name its subject, and one that calls its subject "the company"
        leans on the article's title and lead, which name it (the engine reads the lead from the first chunk)."""
        have = {h.id for h in hits}
        wanted = {}
        for h in hits:
            match = re.fullmatch(r"(.+-)(\d{5})", h.id)
            if match and int(match.group(2)) > 0:
                for cid in (f"{match.group(1)}{int(match.group(2)) - 1:05d}", f"{match.group(1)}00000"):
                    if cid not in have:
                        wanted[cid] = h.path
        found = self.store.get_chunks(sorted(wanted)) if wanted else {}
        return [hit_from_chunk(cid, chunk.text, {**chunk.meta, CONTEXT_ONLY: True}) for cid, (chunk, _) in sorted(found.items())
                if chunk.meta.get("path") == wanted[cid]]

    def as_of(self, when: str | dt.date | None = None) -> dt.date | None:
        """The date a question is asked at: `when` (a date or YYYY-MM-DD), else the newest stored publication date."""
        if isinstance(when, dt.date):
            return when
        if when:
            try:
                return dt.date.fromisoformat(str(when).strip())
            except ValueError:
                raise InputError(f"--as-of {when!r} is not a date: use YYYY-MM-DD") from None
        self._open()
        generation = self.store.generation
        if self._newest is None or self._newest[0] != generation:
            saved = self.store.newest_published()
            self._newest = (generation, saved if saved is not None else _newest_date(self.store.source_records()))
        try:
            return dt.date.fromisoformat(self._newest[1]) if self._newest[1] else None
        except ValueError:
            return None

    def evaluate(self, questions: str | os.PathLike[str] | Sequence[EvalQuestion | dict[str, Any]], *, engine: str | None = None,
                 as_of: str | dt.date | None = None, on_item: Callable[[EvalItem], None] | None = None) -> EvalReport:
        """Ask every question of a dev set (a JSON Lines file, or rows) and score the answers."""
        from ragnews.answer.evaluation import evaluate, load_questions, parse_questions

        if isinstance(questions, str | os.PathLike):
            items = load_questions(questions)
        else:
            items = [q if isinstance(q, EvalQuestion) else parse_questions([json.dumps(q)])[0] for q in questions]
        chosen = self.engine(engine)
        return evaluate(items, lambda q: self.ask(q.question, engine=chosen.name, as_of=q.as_of or as_of), engine=chosen.name, on_item=on_item)

    @store_failures
    def brief(self, paths: Sequence[str | os.PathLike[str]] | None = None, *, topic: str | None = None,
              engine: str | None = None, progress: Progress | None = None, on_token: Callable[[str], None] | None = None,
              full: bool = False, story: str | None = None, explain: bool = False) -> Briefing:
        """A cited multi-source briefing: on PATHs (ingested first), on a topic, or on the collection (`full`: no length cuts;
        `explain`: `Briefing.explain` tells what was read of each sentence weighed and why it was shown or left out)."""
        chosen = self.engine(engine)
        if not paths:  # (with PATHs, the ingest starts the load once it knows a sentence must be parsed: `Ingestor.run`)
            self.reader.prefetch()  # the English model loads while the store is opened and the articles are read
        notes: list[str] = []
        scope = self._ingest_scope(paths, notes, progress) if paths else None
        if progress is not None:
            progress.status("writing the briefing…")
        self._open()
        records = self.store.source_records()
        chosen_paths = self._scope.paths(scope, topic, story, records, notes)
        chunks = [(c.id, c.text, c.meta) for c in self.store.iter_chunks(where={"path": {"$in": chosen_paths}})]
        return self._compose(chunks, records, chosen, topic=topic, notes=notes, on_token=on_token, full=full, explain=explain)

    def _compose(self, chunks: list[tuple[str, str, dict[str, Any]]], records: dict[str, dict[str, Any]], chosen: Engine, *,
                 topic: str | None = None, notes: Sequence[str] = (), on_token: Callable[[str], None] | None = None,
                 full: bool = False, explain: bool = False) -> Briefing:
        """A briefing on these stored chunks (the articles in scope, already chosen)."""
        from ragnews.brief.compose import compose_briefing

        chunks = sorted(chunks, key=lambda c: (int(c[2].get("chunk", 0)), c[2].get("path", "")))
        hits = [hit_from_chunk(cid, text, meta) for cid, text, meta in chunks]
        return compose_briefing(collect(chunks, records), hits, self.embedder, chosen, topic=topic, notes=notes, on_token=on_token, full=full,
                                reader=self.reader, explain=explain, label=self._scope.label)

    def _ingest_scope(self, paths: Sequence[str | os.PathLike[str]], notes: list[str], progress: Progress | None,
                      what: str = "brief") -> set[str]:
        """Ingest the PATHs a briefing (or an answer) names; the stored articles they cover (duplicates included)."""
        report = self.ingest(paths, progress=progress, embed_sentences=what == "brief")
        notes += [f"{o.source}: {o.reason}" for o in report.outcomes if o.status == "failed"]
        scope = resolve_paths(self.store.source_records(), [str(p) for p in paths])
        scope |= {o.path for o in report.outcomes if o.status in ("duplicate", "unchanged", "added", "updated") and o.path}
        if not scope:
            reasons = [o.reason if o.reason and o.source in o.reason else f"{o.source}: {o.reason}"
                       for o in report.outcomes if o.status in ("failed", "skipped")]
            raise StoreError(f"nothing to {what}: " + ("; ".join(reasons[:3]) if reasons else "none of the given paths holds an article"))
        return scope

    @store_failures
    def stories(self) -> list[storybook.StoryInfo]:
        """The collection's stories, newest first, each labelled by a quoted, verified headline or lead."""
        self._open()
        records = self.store.source_records()
        out = []
        stories = self._scope.stories(records)
        settled = self._settled(records, stories)
        for story in sorted(stories, key=lambda s: storybook.recency(s, records), reverse=True):
            c = _label_citation(story)
            out.append(storybook.describe(story, records, {k: v for k, v in c.to_json().items() if k != "n"} if c else None, settled))
        return out

    def _settled(self, records: dict[str, dict[str, Any]], stories: list[storybook.StoredStory],
                 partial: bool = False) -> dict[str, dict[str, str]]:
        """The dates briefings settle on where an article's text contradicts its stated date (`brief.settled`);
        `partial`: these are only the stories that changed (the others' saved dates stay)."""
        from ragnews.brief.settled import settled_dates

        return settled_dates(self.settings, self.store, records, stories, self._dates_memo, partial=partial, reader=self.reader)

    @store_failures
    def digest(self, since: str | float | None = None, *, max_stories: int = MAX_STORIES, engine: str | None = None,
               progress: Progress | None = None, remember: bool = True) -> Digest:
        """The stories that gained articles since `since` (a duration like "24h", a date, epoch seconds; default:
        since this store's last digest), best covered first, each with a short cited summary and key points.

        `remember` records this digest as the store's last, so the next one starts where it ended
        (the CLI remembers only once the output is written: `remember_digest`).
        """
        from ragnews.brief import digest as dg

        if max_stories < 1:
            raise InputError("--max must be at least 1")
        chosen = self.engine(engine)
        now = time.time()
        start, since_from = self._digest_since(since, now)
        self._open()
        records = self.store.source_records()
        candidates = dg.gained(self._scope.stories(records), records, start)
        # a story of one article has one outlet: only the others' texts are read to find syndicated copies
        chunks = self._chunks_by_path(sorted({p for c in candidates if len(c.story.paths) > 1 for p in c.story.paths}))
        texts = {p: " ".join(t for _, t, _ in sorted(cs, key=lambda x: int(x[2].get("chunk", 0)))) for p, cs in chunks.items()}
        for candidate in candidates:
            dg.count_outlets(candidate, records, texts)
        corroborated, single = dg.order(candidates, records)
        shown = (corroborated + single)[:max_stories]
        chunks.update(self._chunks_by_path(sorted({p for c in shown for p in c.story.paths} - set(chunks))))
        mark = max((float(r.get("ingested_at") or 0) for r in records.values()), default=start)
        result = dg.Digest(start, since_from, now, max(mark, start), chosen.name, more=len(candidates) - len(shown),
                           new_article_count=sum(len(c.new) for c in candidates))
        numbering = dg.Numbering()
        for i, candidate in enumerate(shown, 1):
            if progress is not None:
                progress.status(f"briefing story {i}/{len(shown)}…")
            try:
                story = self._digest_story(candidate, records, chunks, chosen, numbering)
            except StoreError as exc:  # every article of this story changed on disk since ingest: the others still come
                result.notes.append(f"story {candidate.story.id} left out: {exc}")
                continue
            (result.stories if candidate.independent > 1 else result.single_source).append(story)
        result.citations = numbering.citations
        if remember:
            self.remember_digest(result)
        return result

    def _chunks_by_path(self, paths: list[str]) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
        """The stored chunks of these articles only (a digest never reads the whole store's text)."""
        chunks: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        for c in self.store.iter_chunks(where={"path": {"$in": paths}}) if paths else ():
            chunks.setdefault(str(c.meta.get("path", "")), []).append((c.id, c.text, c.meta))
        return chunks

    def remember_digest(self, result: Digest) -> None:
        """Record a digest as this store's last: the next `digest()` without `since` starts after it."""
        from ragnews.brief import digest_state

        digest_state.save(self.settings, digest_state.DigestMark(digest_state.store_key(self.settings), result.mark, result.made,
                                                                 len(result.all_stories())))

    def _digest_since(self, since: str | float | None, now: float) -> tuple[float, str]:
        from ragnews.brief import digest_state

        if isinstance(since, int | float):
            return float(since), "since given"
        if since:
            return digest_state.parse_since(since, now), f"--since {since}"
        last = digest_state.load(self.settings)
        if last is not None:
            return last.mark, "the last digest"
        hours = digest_state.FIRST_WINDOW_HOURS
        return now - hours * 3600, f"the first digest of this store: the last {hours} hours"

    def _digest_story(self, candidate: Any, records: dict[str, dict[str, Any]], chunks: Mapping[str, list[tuple[str, str, dict[str, Any]]]],
                      chosen: Engine, numbering: Any) -> Any:
        """Brief one story the way `brief --story` would (fresh files, at most MAX_ARTICLES, newest first) and digest it."""
        from ragnews.brief import digest as dg
        from ragnews.index.briefscope import _capped

        notes: list[str] = []
        paths = self._scope.fresh(_capped(candidate.story.paths, records, notes), records, notes)
        briefing = self._compose([c for p in paths for c in chunks.get(p, [])], records, chosen, notes=notes)
        info = storybook.describe(candidate.story, records, None)
        return dg.digest_story(candidate, info, _label_citation(candidate.story), briefing, records, numbering)

    @store_failures
    def check(self, repair: bool = False) -> CheckReport:
        """Verify the store's consistency; with repair, fix what can be fixed (under the write lock).

        The store is first read by a child process, so a damaged one (even one
        that crashes its reader) is reported, and repaired by re-ingesting its files.
        """
        from ragnews.index.check import CheckReport, Problem
        from ragnews.index.statefiles import check_state

        state_problems, state_repaired = check_state(self.settings, repair)
        try:
            report = self._check_store(repair)
        except StoreError as exc:  # no store yet (or none reachable): the state files were still checked
            if not state_problems and not state_repaired:
                raise
            report = CheckReport(problems=[Problem("store", "", str(exc))])
        report.problems[:0], report.repaired[:0] = state_problems, state_repaired
        return report

    def _check_store(self, repair: bool) -> CheckReport:
        from ragnews.index import repair as fix
        from ragnews.index.check import CheckReport, Problem, check_store
        from ragnews.index.mirror import delete_files as delete_mirror

        damaged = fix.damage(self.settings)
        if damaged and damaged.kind == "disk_full":
            return CheckReport(problems=[damaged])
        if damaged:
            return fix.rebuild(self.store, self.settings, self._ingest_into, damaged) if repair else CheckReport(problems=[damaged])
        with self.store.writing() if repair else contextlib.nullcontext():
            self._open()
            self.store.use_chroma()  # the store itself is checked, not its read mirror
            lexical = fix.lexical_damage(self.store, self.settings)
            if lexical and repair:
                self._drop_lexical()
            report = check_store(self.store, repair, rebuild_lexical=(lambda _generation: self._sync_lexical()) if repair else None)
            if lexical and repair:
                report.repaired.append(Problem(lexical.kind, "", lexical.message.split(";")[0] + "; rebuilt"))
            elif lexical:
                report.problems.append(lexical)
            if self.store.marker_damaged():
                marker = Problem("state_file", str(self.settings.db_dir / ".ragnews-generation"), "the store's generation marker can't be read")
                if repair:
                    self.store.rewrite_marker()
                    report.repaired.append(Problem(marker.kind, marker.source, marker.message + "; rewritten"))
                else:
                    report.problems.append(Problem(marker.kind, marker.source, marker.message + "; `ragnews check --repair` rewrites it"))
            redo = fix.against_ledger(self.store, report, repair)
            behind = self._mirror_lag()
            if behind and repair:  # derived from the store: built again from it below
                delete_mirror(self.settings.db_dir)
        if redo:
            done = self.ingest(redo)
            report.repaired += [Problem("unstored", o.source, "recorded, but missing from the store; re-ingested from its file")
                                for o in done.outcomes if o.status in ("added", "updated", "unchanged")]
            report.problems += [Problem("unstored", o.source, f"recorded, but missing from the store; re-ingest failed: {o.reason}")
                                for o in done.outcomes if o.status == "failed"]
        if repair and all(p.kind.startswith("file_") for p in report.problems):  # a user's file gone is no store problem
            with self.store.writing():  # stories kept in step batch by batch are grouped afresh, as one ingest would
                storybook.rebuild(self.settings, self.store, self.store.source_records(), self.store.generation)
                self._sync_mirror(None)
        self._report_mirror(report, behind, repair)
        return report

    def _mirror_lag(self) -> str | None:
        """Why the local store's read mirror is not in step with it (None: it is, or the store is a server's)."""
        from ragnews.index import mirror

        return None if self.store.server else mirror.lag(self.store)

    def _report_mirror(self, report: CheckReport, behind: str | None, repair: bool) -> None:
        """A read mirror found out of step: a problem, or, once a repair has rebuilt it, a repaired one."""
        from ragnews.index.check import Problem
        from ragnews.index.mirror import mirror_path

        if not behind:
            return
        source = str(mirror_path(self.settings.db_dir))
        still = self._mirror_lag() if repair else behind
        if still is None:
            report.repaired.append(Problem("mirror_stale", source, behind + "; rebuilt"))
        else:
            todo = "the next ingest rebuilds it" if repair else "`ragnews check --repair` or the next ingest brings it in step"
            report.problems.append(Problem("mirror_stale", source, f"{still}; {todo}"))

    def _ingest_into(self, db: Path, paths: list[str]) -> IngestReport:
        """Ingest into another store folder (a repair's rebuild), with this Newsroom's settings and embedder."""
        other = Newsroom(settings=dataclasses.replace(self.settings, db=str(db)), embedder=self.embedder)
        return other.ingest(paths)

    @store_failures
    def sources(self) -> list[SourceInfo]:
        """Every stored article, sorted by source."""
        self._open()
        records = self.store.source_records()
        settled = self._settled(records, self._scope.stories(records)) if records else {}
        infos = [_source_info(path, r, settled.get(path)) for path, r in records.items()]
        return sorted(infos, key=lambda s: s.source)

    @store_failures
    def article_chunks(self, path: str) -> list[tuple[str, dict[str, Any]]]:
        """All stored chunks of one article, in order: (text, metadata)."""
        self._open()
        chunks = [(c.text, c.meta) for c in self.store.iter_chunks(where={"path": path})]
        return sorted(chunks, key=lambda c: int(c[1].get("chunk", 0)))


def _label_citation(story: storybook.StoredStory) -> Citation | None:
    """The story's label as a citation, if its quote is still in its file."""
    from ragnews.answer.citations import Citation, verify

    if not story.label:
        return None
    s = story.label_sentence()
    c = Citation(0, s.source, s.path, s.start_line, s.end_line, s.text, title=s.title, outlet=s.outlet, published=s.published,
                 format=s.format, encoding=s.encoding, url=s.url)
    return c if verify(c) else None


def _prefetch(embedder: Embedder, texts: list[str]) -> None:
    """Have an embedder that can (the local model) get ready in the background."""
    prefetch = getattr(embedder, "prefetch", None)
    if prefetch is not None:
        prefetch(texts)


def _source_info(path: str, r: dict[str, Any], settled: Mapping[str, str] | None = None) -> SourceInfo:
    return SourceInfo(
        source=r.get("source", path), path=path, title=r.get("title") or None, outlet=r.get("outlet") or None,
        byline=r.get("byline") or None, published=r.get("published") or None, chunks=int(r.get("chunks", 0)),
        words=int(r.get("words", 0)), content_hash=r.get("content_hash", ""), injections=list(r.get("injections") or []),
        url=r.get("url") or None, settled_date=settled["date"] if settled else None, date_note=settled["note"] if settled else None,
    )


def _newest_date(records: Mapping[str, Mapping[str, Any]]) -> str:
    """The newest publication date among the records ("" when none is dated)."""
    return max((str(r.get("published") or "") for r in records.values()), default="")


__all__ = ["Newsroom", "SourceInfo", "StoreError", "Hit"]
