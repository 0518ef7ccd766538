"""The publication date a briefing settles on, kept for `sources` and `stories` to show as well.

An article's stated date can be contradicted by its own text (it tells of "June 2024" in the past tense
while dated April 2024; it reports the story's Monday but is dated a Sunday). A briefing notes that and
resolves the article's relative dates against the corrected date; a listing that showed the stated date
would contradict the briefing beside it. So the same check (`analysis.published`, with each story's news
day, as a briefing runs it) is run per story and saved beside the store, keyed by the story's articles and
their content: only a story that changed is checked again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ragnews.analysis.published import news_weekday, publication_anchors, read_sentences
from ragnews.analysis.run import injected
from ragnews.config import Settings
from ragnews.index.evidence import collect
from ragnews.index.store import Store
from ragnews.index.storybook import StoredStory
from ragnews.text.reading import Reader, default_reader

log = logging.getLogger(__name__)

FORMAT = 1
Records = Mapping[str, Mapping[str, Any]]


def dates_file(settings: Settings) -> Path | None:
    """Where the settled dates are kept: beside the store, or in a server client's cache (`Settings.state_dir`)."""
    return settings.state_dir / "dates.json"


def settled_dates(settings: Settings, store: Store, records: Records, stories: Sequence[StoredStory],
                  memo: dict[str, dict[str, dict[str, str]]] | None = None, partial: bool = False,
                  reader: Reader | None = None) -> dict[str, dict[str, str]]:
    """Per path whose stated date the briefing would not use: {"date": settled, "stated": …, "note": why}.

    `memo` (story key -> its entries) carries results between calls where nothing can be saved (a server).
    `partial`: `stories` are only those an ingest touched (`records` need hold only their articles); the
    saved entries of the others are kept, and entries of stories that no longer exist are dropped by the
    next full call (`sources`, `stories`). `reader` reads the sentences' dates as a briefing does (its
    readings cached at ingest).
    """
    path = dates_file(settings)
    saved = _load(path) if path else {}
    cache = {**saved, **(memo or {})}
    keys = [(_key(story, records), story) for story in stories]
    reader = reader or default_reader()
    for batch in _batches([(key, story) for key, story in keys if key not in cache]):
        chunks = _chunks(store, [p for _, story in batch if _dated(story.paths, records) for p in story.paths])
        for key, story in batch:
            cache[key] = _check(chunks, records, story.paths, reader)
    fresh = {key: cache[key] for key, _ in keys}
    kept = {**saved, **fresh} if partial else fresh
    if memo is not None:
        if not partial:
            memo.clear()
        memo.update(fresh)
    if path and kept != saved:
        _save(path, kept)
    return {p: entry for entries in fresh.values() for p, entry in entries.items()}


def _key(story: StoredStory, records: Records) -> str:
    """What a story's check depends on: its articles, their content and their stated dates."""
    parts = sorted(f"{p}\0{records.get(p, {}).get('content_hash', '')}\0{records.get(p, {}).get('published', '')}"
                   for p in story.paths)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def _batches(todo: list[tuple[str, StoredStory]], size: int = 500) -> list[list[tuple[str, StoredStory]]]:
    """Stories to check, in groups of about `size` articles: their chunks are read together, and only theirs held."""
    out: list[list[tuple[str, StoredStory]]] = [[]]
    count = 0
    for item in todo:
        if count >= size:
            out.append([])
            count = 0
        out[-1].append(item)
        count += len(item[1].paths)
    return [b for b in out if b]


def _dated(paths: Sequence[str], records: Records) -> bool:
    return any(records.get(p, {}).get("published") for p in paths)


def _chunks(store: Store, paths: Sequence[str]) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
    """The chunks of every article to check, read at once (one paged read, not one per story)."""
    out: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for b in range(0, len(paths), 500):
        part = list(paths[b : b + 500])
        for c in store.iter_chunks(where={"path": {"$in": part}} if len(part) > 1 else {"path": part[0]}):
            out.setdefault(str(c.meta.get("path", "")), []).append((c.id, c.text, c.meta))
    return out


def _check(chunks_of: Mapping[str, list[tuple[str, str, dict[str, Any]]]], records: Records,
           paths: Sequence[str], reader: Reader) -> dict[str, dict[str, str]]:
    if not _dated(paths, records):
        return {}
    chunks = [c for p in paths for c in chunks_of.get(p, [])]
    articles = collect(chunks, {p: dict(r) for p, r in records.items() if p in set(paths)})
    skip, _ = injected(articles)  # as a briefing reads them: text aimed at an AI is no evidence
    read = read_sentences(articles, skip, reader)
    anchors, warnings = publication_anchors(articles, news_weekday(articles, skip, read), skip, read)
    notes = {w.source: w.message for w in warnings if w.kind == "date_contradiction"}
    out = {}
    for art in articles:
        stated, settled = art.published_date, anchors.get(art.source)
        if stated is None or settled is None or (settled == stated and art.source not in notes):
            continue
        out[art.path] = {"date": settled.isoformat(), "stated": stated.isoformat(),
                         "note": notes.get(art.source, f"stated date {stated.isoformat()} contradicted by its text")}
    return out


def _load(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("stories"), dict):
        return {}
    return {k: v for k, v in data["stories"].items() if isinstance(v, dict)}


def _save(path: Path, stories: dict[str, dict[str, dict[str, str]]]) -> None:
    """Atomically, best effort: a read-only store checks again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"format": FORMAT, "stories": stories}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.debug("settled dates not saved to %s: %s", path, exc)
