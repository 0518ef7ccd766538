"""Ingest: files on disk -> clean articles -> chunks -> vectors -> the store.

Incremental by content hash, idempotent by deterministic chunk ids, and
crash-safe by write order (a source's record is written only after all its
chunks). Articles are embedded and stored in windows of a few seconds of
embedding each (a window's chunks in one or two Chroma calls, then its
records in one), so a kill loses at most the window in progress. Bad files
get a one-line reason and never stop the batch; a file that turns bad
keeps its previously stored version. Any error while reading one file (a
missing optional library included) is that file's failure, not the batch's.

The work is counted before any embedding starts (files are read, cleaned and
chunked first), so progress shows real totals and an ETA from the start; the
batch's cleaned articles are held in memory meanwhile (about their text's size).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from ragnews.errors import RagnewsError
from ragnews.index.embedders import Embedder
from ragnews.index.store import SourceWrite, Store, chunk_id
from ragnews.ingest.chunking import Chunk, chunk_article
from ragnews.ingest.document import Article
from ragnews.ingest.loader import load_article
from ragnews.ingest.reader import ReadError, content_hash, file_format, read_bytes
from ragnews.text.foreign import in_english
from ragnews.text.injection import rules_fingerprint
from ragnews.text.reading import no_article_text
from ragnews.text.sentences import split_spans

log = logging.getLogger(__name__)

# A window is embedded, then written in a few Chroma calls, its records last: a kill loses at most the window
# being embedded. Windows are sized in *time*: the token budget follows the embedding rate measured on the
# previous window, so a window is about WINDOW_SECONDS of work on a quiet machine or a busy one.
WINDOW_CHUNKS = 256  # at most this many chunks in a window (memory, and a cap when embedding is near free)
WINDOW_SECONDS = 3.0  # the embedding time a window aims at
FIRST_WINDOW_TOKENS = 4_000  # ≈1 s at MiniLM's ≈4,000 tokens/s on 2 cores: the first articles are stored early
MIN_WINDOW_TOKENS, MAX_WINDOW_TOKENS = 1_000, 40_000
# Sentences (and their clauses told alone) embedded ahead for a briefing, at most, per ingest: the embedder keeps 8,192
# texts' vectors, and a larger briefing would find the first ones gone
PREFETCH_SENTENCES = 4_096
# Files read and chunked ahead of the embedder. Up to this many are all read first, so progress has
# exact totals; a larger ingest reads this many ahead while it embeds, so its memory stays bounded
# and a kill loses a few seconds of reading, not (at 100,000 files) ten minutes of it.
READ_AHEAD = 500
Prepared = tuple[Article, list[Chunk], str]  # an article read and chunked, and whether it is added or updated


@dataclass
class FileOutcome:
    source: str
    status: str  # added | updated | unchanged | duplicate | skipped | failed | removed
    reason: str | None = None
    chunks: int = 0
    path: str | None = None  # the stored article this outcome refers to (the twin, for a duplicate)
    url: str | None = None  # the web page it came from (a snapshot's URL, or a URL that could not be fetched)

    def __post_init__(self) -> None:
        self.source = printable_path(self.source)  # a report must print, whatever bytes a file name holds
        self.path = printable_path(self.path) if self.path is not None else None


def printable_path(path: str) -> str:
    """A path as text that can always be printed or stored: bytes that are not UTF-8 as \\xNN.

    Python hands us undecodable file-name bytes as lone surrogates, which no
    terminal, JSON encoder or Chroma accepts.
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", errors="backslashreplace")


class Failure(str):
    """A discovery reason that fails the batch (a path the user named is unusable), not a skip."""


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    injections: list[tuple[str, int, str]] = field(default_factory=list)  # (source, line, snippet)
    tokens: int = 0
    seconds: float = 0.0
    changed: bool = False
    orphans_removed: int = 0  # chunks left behind by an interrupted write, deleted by this ingest
    overwritten: list[str] = field(default_factory=list)  # stored paths removed as their file now holds another article

    def written(self) -> tuple[list[str], list[str]]:
        """(paths added or replaced, paths removed) by this run: what derived state (stories) must follow."""
        changed = [o.path for o in self.outcomes if o.status in ("added", "updated") and o.path]
        removed = [o.path for o in self.outcomes if o.status == "removed" and o.path] + self.overwritten
        return changed, removed
    end_s: float = 0.0  # the work after the last window (search index, stories, dates): what grows with the store

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
            "orphans_removed": self.orphans_removed,
            "end_s": round(self.end_s, 3),
        }


class Progress:
    """What ingest tells the outside world; the CLI renders it with rich.

    The calls come in this order: `status` (finding and hashing files), then
    `start(files)` and `advance(files=1)` per file read and chunked, then
    `embedding(files, chunks)` with the counted totals and `advance(chunks=n)`
    as vectors are made, `advance(files=1)` as each article is stored. Past
    READ_AHEAD files the chunk total is an estimate, and `retotal(chunks)`
    corrects it as more files are read.
    """

    def status(self, message: str) -> None: ...
    def start(self, total_files: int) -> None: ...
    def embedding(self, total_files: int, total_chunks: int) -> None: ...
    def retotal(self, total_chunks: int) -> None: ...
    def advance(self, files: int = 0, chunks: int = 0) -> None: ...
    def stop(self) -> None: ...
    def waiting(self, message: str) -> None: ...


def discover(paths: Iterable[str | os.PathLike[str]], follow_links: bool = False) -> Iterator[tuple[Path, str, str | None]]:
    """(file, source as the user named it, reason to skip or None), following symlinks safely.

    A reason that is a `Failure` fails the batch: a named path that does not
    exist, a broken link, an unreadable or empty folder. A symbolic link inside
    a named folder that leads out of it is skipped (unless `follow_links`): the
    user chose the folder, not whatever a downloaded archive's links point at.
    """
    seen_dirs: set[str] = set()
    for given in paths:
        root = Path(given)
        if not root.exists() and not root.is_symlink():
            yield root, os.path.normpath(str(given)), Failure("no such file or directory")
        elif root.is_dir():
            yield from _walk_named(root, seen_dirs, None if follow_links else os.path.realpath(root))
        else:
            yield root, os.path.normpath(str(given)), _skip_reason(root)


def missing_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The named paths that don't exist at all (a broken link exists: it is reported per file)."""
    return [os.fspath(p) for p in paths if not os.path.lexists(p)]


def _walk_named(root: Path, seen_dirs: set[str], fence: str | None) -> Iterator[tuple[Path, str, str | None]]:
    """A folder the user named; if it holds no article file at all, say so rather than ingest nothing."""
    if os.path.realpath(root) in seen_dirs:
        return  # named twice (or inside a folder named before)
    told = False
    for item in _walk(root, seen_dirs, fence):
        told = told or item[2] is None or isinstance(item[2], Failure)
        yield item
    if not told:
        yield root, os.path.normpath(str(root)), Failure(f"no .txt/.md/.html files under {printable_path(str(root))}")


def _walk(root: Path, seen_dirs: set[str], fence: str | None) -> Iterator[tuple[Path, str, str | None]]:
    real = os.path.realpath(root)
    if real in seen_dirs:
        return  # a symlink loop or a directory already walked
    seen_dirs.add(real)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield root, os.path.normpath(str(root)), Failure(f"cannot read directory: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        outside = _leaves(path, fence) if entry.is_symlink() else None
        if outside is not None:
            yield path, os.path.normpath(str(path)), outside
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:  # e.g. links pointing at each other (ELOOP): reported below as broken
            is_dir = False
        if is_dir:
            yield from _walk(path, seen_dirs, fence)
        else:  # files, links, and pipes/sockets/devices (named, so the user sees why they were left out)
            yield path, os.path.normpath(str(path)), _skip_reason(path)


def _leaves(link: Path, fence: str | None) -> str | None:
    """Why a symbolic link is skipped: it leads out of the named folder `fence` (None: links are followed)."""
    if fence is None or not link.exists():
        return None  # a broken link is reported as such
    target = os.path.realpath(link)
    if target == fence or target.startswith(fence.rstrip(os.sep) + os.sep):
        return None
    return (f"a symbolic link to {printable_path(target)}, outside the folder named "
            f"({printable_path(fence)}); ingest --follow-links reads such links")


def _skip_reason(path: Path) -> str | None:
    if path.is_symlink() and not path.exists():
        return Failure("broken symbolic link")
    if path.exists() and not path.is_file():  # a FIFO or device named .txt: open() would block forever
        return "not a regular file (a pipe, socket or device)"
    if file_format(path) is None:
        return f"unsupported file type '{path.suffix or '(none)'}' (ragnews reads .txt, .md, .html)"
    return None


class Ingestor:
    """Runs one ingest against an open store."""

    def __init__(self, store: Store, embedder: Embedder, max_bytes: int, progress: Progress | None = None,
                 extra_meta: Callable[[str], dict[str, Any]] | None = None,
                 page_facts: Callable[[str], dict[str, str]] | None = None, read: Callable[[list[str]], object] | None = None,
                 follow_links: bool = False, prefetch_read: Callable[[list[str]], None] | None = None,
                 prefetch_sentences: Callable[[list[str]], None] | None = None) -> None:
        self.store, self.embedder, self.max_bytes = store, embedder, max_bytes
        # a caller that embeds every stored sentence next (a briefing weighs them all) has each window's sentences
        # embedded in the background once its chunks are (`MiniLMEmbedder.prefetch`), beside the reading and storing,
        # then their clauses told alone (`Reading.told_alone`) once they are read
        self.prefetch_sentences = prefetch_sentences
        self._prefetched = 0
        # the English model reads each stored sentence once, here, so that no briefing or answer parses it again
        # (Reader.read caches by text); a model that fails to load costs the ingest nothing
        self.read = read
        # starts loading the English model in the background when some of the given sentences were never read
        # (Reader.prefetch), as the embedder's `prefetch` loads its model
        self.prefetch_read = prefetch_read
        self.follow_links = follow_links  # symbolic links out of a named folder are read (RAGNEWS_FOLLOW_LINKS)
        self.extra_meta = extra_meta  # more metadata for an article's record and chunks, by path (a web snapshot's url…)
        self.page_facts = page_facts  # what the fetch knew of a web snapshot: its header charset, its date when the page has none
        self.progress = progress or Progress()
        self.report = IngestReport()
        self._batch: set[str] = set()  # absolute paths this run looked at
        self._overwritten: list[str] = []  # stored paths whose file now holds another stored article
        self._window_tokens = FIRST_WINDOW_TOKENS  # the next window's token budget (see WINDOW_SECONDS)
        self._ahead: dict[tuple[str, str], Prepared] = {}  # files read before the store opened, by (path, content hash)
        self._ahead_texts: set[str] = set()  # their chunks' texts, embedded in the background meanwhile

    def read_first_window(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        """Read and chunk the files of the first window now, and have their chunks embedded in the background.

        For a store that does not exist yet (nothing stored to compare a file with, so every file is new): the
        caller then opens the store, and Chroma's import and start-up (a second of Python on one core) run beside
        the embedder's model (native code, without the GIL, on the other) instead of before it. `run` takes the
        articles read here (checked by content hash) and finds their vectors cached; only the first window's
        files, so a large ingest still embeds window by window.
        """
        if not hasattr(self.embedder, "prefetch"):
            return
        texts: list[str] = []
        seen: set[str] = set()
        tokens, reported, loading = 0, len(self.report.outcomes), False
        for path, source, skip in discover(paths, self.follow_links):
            if tokens >= FIRST_WINDOW_TOKENS or len(texts) >= WINDOW_CHUNKS:
                break
            if skip:
                continue
            if not loading:
                loading = True
                self.embedder.prefetch()  # the model loads beside the reading and chunking
            key = os.path.abspath(path)
            try:
                digest = content_hash(read_bytes(path, self.max_bytes))
            except Exception:  # reported by `run`, which reads it again
                continue
            if digest in seen or (key, digest) in self._ahead:
                continue
            seen.add(digest)
            prepared = self._load_one(path, source, None)
            if prepared is None:
                continue
            self._ahead[(key, digest)] = prepared
            for c in prepared[1]:  # within the window's budget even inside one long file (its rest waits for `run`)
                if tokens >= FIRST_WINDOW_TOKENS or len(texts) >= WINDOW_CHUNKS:
                    break
                texts.append(_embed_text(prepared[0], c))
                tokens += c.tokens
        del self.report.outcomes[reported:]  # (a file that failed here fails again in `run`, which reports it)
        if texts:
            self._ahead_texts.update(texts)
            self.embedder.prefetch(texts)

    def run(self, paths: Iterable[str | os.PathLike[str]], prune: bool = False) -> IngestReport:
        started = time.perf_counter()
        self.progress.status("looking for articles…")
        interrupted = self.store.interrupted()  # the last writer stopped before it finished
        if interrupted and not self.store.server:
            # (on a server, chunks without a record may be another client's window in flight: only
            # `ragnews check --repair` removes orphans there; they are never shown meanwhile)
            self.report.orphans_removed = self.store.delete_orphans()
        records = self.store.source_records()
        by_hash = {r.get("content_hash"): (r.get("source", p), p) for p, r in records.items()
                   if not prune or os.path.exists(p)}  # one about to be pruned is no twin: its copy is stored instead
        todo = list(self._classify(discover(paths, self.follow_links), records, by_hash))
        for path in self._overwritten:
            self.store.delete_source(path)
        self.report.overwritten = list(self._overwritten)
        if todo and hasattr(self.embedder, "prefetch"):
            self.embedder.prefetch()  # the model loads beside the reading and chunking below
        self.progress.start(min(len(todo), READ_AHEAD))
        reading = _ReadAhead(self._load_all(todo), len(todo), on_first=lambda: self.progress.advance(files=1))
        if reading.prepared and self.read is not None and self.prefetch_read is not None:
            # the English model too (a second or two), which the first window's sentences otherwise wait for; given the
            # sentences read ahead, it loads only when one of them was never read (its reading cached) before
            self.prefetch_read(_sentences([c.text for _, chunks, _ in reading.prepared for c in chunks]))
        self.progress.embedding(*reading.totals())
        window: list[Prepared] = []
        chunks = tokens = 0
        while True:
            if reading.refill():
                self.progress.retotal(reading.totals()[1])
            if not reading.prepared:
                break
            window.append(reading.prepared.popleft())
            chunks += len(window[-1][1])
            tokens += sum(c.tokens for c in window[-1][1])
            if chunks >= WINDOW_CHUNKS or tokens >= self._window_tokens:
                self._flush(window)
                chunks = tokens = 0
        self._flush(window)
        if interrupted or self.report.orphans_removed or self._overwritten:
            self.report.changed = True  # have the BM25 index rebuilt now
        if prune:
            self._prune(records)
        self.progress.stop()
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _classify(self, found: Iterable[tuple[Path, str, str | None]], records: dict[str, dict[str, Any]], by_hash: dict[Any, tuple[Any, str]]) -> Iterator[tuple[Path, str, str, dict[str, Any] | None]]:
        """Decide, by content hash, which files need work; report the rest now."""
        for path, source, skip in found:
            if skip:
                self.report.outcomes.append(FileOutcome(source, "failed" if isinstance(skip, Failure) else "skipped", skip))
                continue
            key = os.path.abspath(path)
            if key in self._batch:
                continue  # named twice on the command line
            self._batch.add(key)
            try:
                todo = self._classify_one(path, source, key, records.get(key), by_hash)
            except Exception as exc:  # one file's problem, whatever it is, is that file's failure
                self.report.outcomes.append(FileOutcome(source, "failed", failure_reason(exc)))
                continue
            if todo is not None:
                yield todo

    def _classify_one(self, path: Path, source: str, key: str, record: dict[str, Any] | None,
                      by_hash: dict[Any, tuple[Any, str]]) -> tuple[Path, str, str, dict[str, Any] | None] | None:
        if printable_path(key) != key:
            raise ReadError("the file name is not valid UTF-8; rename the file to ingest it")
        digest = content_hash(read_bytes(path, self.max_bytes))
        if record and record.get("content_hash") == digest:
            self.report.outcomes.append(FileOutcome(source, "unchanged", chunks=int(record.get("chunks", 0)), path=key))
            return None
        twin = by_hash.get(digest)
        if twin and twin[1] != key and not self._still_holds(twin[1], digest):
            twin = None  # the stored twin's file now holds other text (updated in this run): this copy is the text's home
        if twin and twin[1] != key:
            reason = f"same content as {twin[0]}"
            if record:  # overwritten with another stored article's bytes: its old text must not stay searchable
                self._overwritten.append(key)
                by_hash.pop(record.get("content_hash"), None)
                reason += "; its previous version was removed from the store"
            self.report.outcomes.append(FileOutcome(source, "duplicate", reason, path=twin[1]))
            return None
        by_hash[digest] = (source, key)
        return path, source, digest, record

    def _still_holds(self, key: str, digest: str) -> bool:
        """The file of a stored article still holds the text of that hash. A file edited since it was stored ("a.txt"
        now holds b.txt's text) will be updated in this run, and its old text with it: a new file holding that old text
        ("c.txt") is no duplicate of it, or the text would leave the store. Read only for a file whose content has a
        stored twin, so the common case reads nothing twice."""
        try:
            return content_hash(read_bytes(Path(key), self.max_bytes)) == digest
        except (OSError, RagnewsError):
            return False

    def _load_all(self, todo: list[tuple[Path, str, str, dict[str, Any] | None]]) -> Iterator[Prepared | None]:
        """Each file read and chunked, in order; None for a file that failed (reported here)."""
        for path, source, digest, record in todo:
            ahead = self._ahead.pop((os.path.abspath(path), digest), None)
            yield ahead if ahead is not None and record is None else self._load_one(path, source, record)

    def _load_one(self, path: Path, source: str, record: dict[str, Any] | None) -> Prepared | None:
        """One file read and chunked; None when it failed (reported here)."""
        try:
            facts = self.page_facts(os.path.abspath(path)) if self.page_facts else {}
            article, note = load_article(path, source, self.max_bytes, charset=facts.get("charset"))
            if not article.published and facts.get("date"):  # the page's metadata gave none: the feed's, else the server's
                article.published, article.published_text = facts["date"], f"{facts['date']} ({facts.get('date_from')})"
            if note:
                article.removed.append((0, note))
            chunks = chunk_article(article)
        except Exception as exc:  # a bad file, a missing optional extractor, a bug on odd input: this file only
            reason = failure_reason(exc) + ("; the stored version is kept" if record else "")
            self.report.outcomes.append(FileOutcome(source, "failed", reason))
            return None
        return article, chunks, ("updated" if record else "added")

    def _flush(self, window: list[Prepared]) -> None:
        """Embed a window, then store it: all its chunks, then all its records (`Store.write_sources`)."""
        if not window:
            return
        texts = [_embed_text(a, c) for a, chunks, _ in window for c in chunks]
        # the English model reads the window beside the embedder: the embedder's model runs without the GIL, so on two
        # cores the two overlap (they ran one after the other); the store is written as before, in the same order
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ragnews-read") as beside:
            sentences = _sentences([c.text for _, chunks, _ in window for c in chunks])
            reading = beside.submit(self._read, sentences)
            started = time.perf_counter()
            vectors = self.embedder.embed(texts, progress=lambda n: self.progress.advance(chunks=n))
            if not self._ahead_texts.issuperset(texts):  # (a window embedded ahead measures no rate)
                self._window_tokens = next_window_tokens(sum(c.tokens for _, chunks, _ in window for c in chunks),
                                                         time.perf_counter() - started)
            self._prefetch_sentences(sentences)
            readings = reading.result()  # (the embedding done, the reading is too: the records say what it found)
            writes, row, first = [], 0, 0
            for article, chunks, _status in window:
                told = len(_sentences([c.text for c in chunks]))
                notice = no_article_text(readings[first : first + told], article.word_count, article.title,
                                         english=in_english(article.text)) if len(readings) == len(sentences) else None
                first += told
                if notice:  # the note first, with what the loader said of the file (an encoding) after it
                    said = [why for line, why in article.removed if line == 0]
                    article.removed[:] = [(0, "; ".join([notice, *said]))] + [(n, why) for n, why in article.removed if n]
                writes.append(self._prepare(article, chunks, vectors[row : row + len(chunks)], notice))
                row += len(chunks)
            self.store.write_sources(writes)
            # and what a briefing's same-fact judge embeds beside each sentence: its clauses told alone, the words it quotes
            self._prefetch_sentences(list(dict.fromkeys(t for r in readings for t in getattr(r, "told_alone", ()))))
        for article, chunks, status in window:
            note = next((why for line, why in article.removed if line == 0), None)
            self.report.outcomes.append(FileOutcome(article.source, status, note, len(chunks), path=article.path))
            self.report.tokens += sum(c.tokens for c in chunks)
            self.report.injections.extend((article.source, line, snippet) for line, snippet in article.injections)
            self.progress.advance(files=1)
        self.report.changed = True
        window.clear()

    def _prefetch_sentences(self, sentences: list[str]) -> None:
        if not sentences or self.prefetch_sentences is None or self._prefetched + len(sentences) > PREFETCH_SENTENCES:
            return
        self._prefetched += len(sentences)
        self.prefetch_sentences(sentences)

    def _read(self, sentences: list[str]) -> list[Any]:
        """Have the stored chunks' sentences read (`_sentences`); their readings (none when nothing reads them)."""
        if self.read is None:
            return []
        try:
            readings = self.read(sentences)
        except RagnewsError as e:  # the model can't load: say so once, ingest on; briefings will say it again
            log.warning("sentences not read at ingest: %s", e)
            self.read = None
            return []
        return list(readings) if isinstance(readings, list) else []

    def _prepare(self, article: Article, chunks: list[Chunk], vectors: Any, notice: str | None = None) -> SourceWrite:
        extra = self.extra_meta(article.path) if self.extra_meta else {}
        common = {
            "source": article.source, "path": article.path, "content_hash": article.content_hash,
            "title": article.title or "", "outlet": article.outlet or "", "published": article.published or "",
            "byline": article.byline or "", "size": article.size, "mtime_ns": article.mtime_ns,
        } | extra
        ids = [chunk_id(article.path, article.content_hash, c.index) for c in chunks]
        metas = [
            common | {"chunk": c.index, "start_line": c.start_line, "end_line": c.end_line, "start": c.start, "end": c.end,
                      "tokens": c.tokens, "linemap": json.dumps(article.line_map(c.start, c.end)), "format": article.format,
                      "encoding": article.encoding, "tainted": json.dumps(_overlapping(article.tainted, c.start_line, c.end_line)),
                      "taint_rules": rules_fingerprint()}
            for c in chunks
        ]
        record = {
            "source": article.source, "path": article.path, "title": article.title, "outlet": article.outlet,
            "byline": article.byline, "published": article.published, "published_text": article.published_text,
            "content_hash": article.content_hash, "chunks": len(chunks), "words": article.word_count,
            "format": article.format, "encoding": article.encoding, "ingested_at": time.time(),
            "injections": [f"line {n}: {s}" for n, s in article.injections][:20],
            "size": article.size, "mtime_ns": article.mtime_ns,
        } | ({"no_article_text": notice} if notice else {}) | extra
        return SourceWrite(record, ids, [c.text for c in chunks], metas, vectors)

    def _prune(self, records: dict[str, dict[str, Any]]) -> None:
        """Drop stored articles whose file is gone, or now holds another stored article's text."""
        hashes = {r.get("content_hash"): r.get("source", p) for p, r in records.items()}
        for path, record in records.items():
            if path in self._batch:
                continue  # this run already dealt with it
            why = _prune_reason(path, record, hashes, self.max_bytes)
            if why:
                self.store.delete_source(path)
                self.report.outcomes.append(FileOutcome(record.get("source", path), "removed", why, path=path))
                self.report.changed = True


def _prune_reason(path: str, record: dict[str, Any], hashes: dict[Any, str], max_bytes: int) -> str | None:
    if not os.path.exists(path):
        return "file no longer exists"
    try:
        st = os.stat(path)
        if (record.get("size"), record.get("mtime_ns")) == (st.st_size, st.st_mtime_ns):
            return None
        digest = content_hash(read_bytes(Path(path), max_bytes))
    except (OSError, ReadError):
        return None  # unreadable now: not ours to judge; `ragnews check` reports it
    twin = hashes.get(digest)
    if digest != record.get("content_hash") and twin is not None:
        return f"the file now holds the same text as {twin}"
    return None


class _ReadAhead:
    """Articles read ahead of the embedder: all of them up to READ_AHEAD, else READ_AHEAD at a time.

    `totals` gives (articles, chunks) to embed: exact once every file is read, else the chunks
    read so far scaled to all the files (an estimate `refill` keeps correcting).
    """

    def __init__(self, items: Iterator[Prepared | None], files: int, on_first: Callable[[], None]) -> None:
        self.items, self.files = items, files
        self.prepared: deque[Prepared] = deque()
        self.read = self.chunks = self.failed = 0
        self.done = False
        self._take(READ_AHEAD, on_first)

    def _take(self, n: int, on_read: Callable[[], None] | None = None) -> None:
        before = self.read
        for item in islice(self.items, n):
            self.read += 1
            if on_read:
                on_read()
            if item is None:
                self.failed += 1
                continue
            self.prepared.append(item)
            self.chunks += len(item[1])
        self.done = self.read - before < n or self.read >= self.files

    def refill(self) -> bool:
        """Read the next READ_AHEAD files when the queue runs low; True if it read any."""
        if self.done or len(self.prepared) > READ_AHEAD // 2:
            return False
        self._take(READ_AHEAD)
        while not self.prepared and not self.done:  # a run of files that all failed
            self._take(READ_AHEAD)
        return True

    def totals(self) -> tuple[int, int]:
        if self.done:
            return self.read - self.failed, self.chunks
        kept = max(self.read - self.failed, 1)
        return self.files - self.failed, round(self.chunks / kept * (self.files - self.failed))


def _sentences(chunk_texts: list[str]) -> list[str]:
    """The stored chunks' sentences: the same sentences `evidence.chunk_sentences` cuts at query time."""
    return [t[span.start : span.end] for t in chunk_texts for span in split_spans(t)]


def next_window_tokens(tokens: int, seconds: float) -> int:
    """The next window's token budget: WINDOW_SECONDS at the embedding rate just measured."""
    if tokens <= 0 or seconds <= 0:
        return MAX_WINDOW_TOKENS
    return int(min(MAX_WINDOW_TOKENS, max(MIN_WINDOW_TOKENS, tokens / seconds * WINDOW_SECONDS)))


def failure_reason(exc: Exception) -> str:
    """One line for a file that could not be ingested, whatever went wrong."""
    if isinstance(exc, RagnewsError):
        return str(exc)
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    if isinstance(exc, ImportError):
        return f"a library needed to read this file is missing or broken ({detail}); reinstall ragnews"
    return f"could not read this file ({type(exc).__name__}: {detail})"


def _embed_text(article: Article, chunk: Chunk) -> str:
    """What the embedder sees: the chunk, prefixed with the title for context."""
    if article.title and chunk.index > 0:
        return f"{article.title}. {chunk.text}"
    return chunk.text


def _overlapping(ranges: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The line ranges that touch lines start..end (a chunk's tainted passages)."""
    return [(lo, hi) for lo, hi in ranges if lo <= end and start <= hi]
