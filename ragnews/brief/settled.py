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
    return None if settings.chroma_url else settings.db_dir / "dates.json"


def settled_dates(settings: Settings, store: Store, records: Records, stories: Sequence[StoredStory],
                  memo: dict[str, dict[str, dict[str, str]]] | None = None,
                  reader: Reader | None = None) -> dict[str, dict[str, str]]:
    """Per path whose stated date the briefing would not use: {"date": settled, "stated": …, "note": why}.

    `memo` (story key -> its entries) carries results between calls where nothing can be saved (a server).
    `reader` reads the sentences' dates as a briefing does (its readings cached at ingest).
    """
    path = dates_file(settings)
    saved = _load(path) if path else {}
    cache = {**saved, **(memo or {})}
    fresh: dict[str, dict[str, dict[str, str]]] = {}
    for story in stories:
        key = _key(story, records)
        if key not in cache:
            cache[key] = _check(store, records, story.paths, reader or default_reader())
        fresh[key] = cache[key]
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    if path and fresh != saved:
        _save(path, fresh)
    return {p: entry for entries in fresh.values() for p, entry in entries.items()}


def _key(story: StoredStory, records: Records) -> str:
    """What a story's check depends on: its articles, their content and their stated dates."""
    parts = sorted(f"{p}\0{records.get(p, {}).get('content_hash', '')}\0{records.get(p, {}).get('published', '')}"
                   for p in story.paths)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def _check(store: Store, records: Records, paths: Sequence[str], reader: Reader) -> dict[str, dict[str, str]]:
    dated = [p for p in paths if records.get(p, {}).get("published")]
    if not dated:
        return {}
    chunks = [(c.id, c.text, c.meta) for c in store.iter_chunks(where={"path": {"$in": list(paths)}})]
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
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"format": FORMAT, "stories": stories}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.debug("settled dates not saved to %s: %s", path, exc)
