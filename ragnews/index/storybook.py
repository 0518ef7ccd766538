"""The store's stories: grouped from what is stored, kept beside the store, redone when it changes.

Grouping reads each article's lead as the store already holds it (its first
chunks' text and vectors: no embedding is computed again), so regrouping
after an ingest costs a fraction of the ingest. The result is saved with the
store's generation; `ragnews stories` only loads it while the store is
unchanged. In server mode nothing is written locally, so each process
groups in memory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ragnews.config import Settings
from ragnews.index.evidence import Sentence, chunk_sentences
from ragnews.index.store import Store
from ragnews.index.stories import Signature, central_member, day_of, group, names_in, term_vectors
from ragnews.text.injection import is_injection
from ragnews.text.sentences import is_prose

FORMAT = 1


@dataclass
class StoredStory:
    """One story as saved: its articles (oldest first) and the sentence that labels it."""

    id: str
    paths: list[str]
    label: dict[str, Any]  # a Sentence's fields: the central article's headline or lead

    def label_sentence(self) -> Sentence:
        return Sentence(**self.label)


def story_file(settings: Settings) -> Path | None:
    return None if settings.chroma_url else settings.db_dir / "stories.json"


def load(settings: Settings, generation: str) -> list[StoredStory] | None:
    """The saved grouping, if it belongs to this generation of the store."""
    path = story_file(settings)
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path else None
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generation") != generation or data.get("format") != FORMAT:
        return None
    stories = data.get("stories")
    if not isinstance(stories, list) or not all(_story_ok(s) for s in stories):
        return None  # a damaged cache is regrouped, never trusted
    return [StoredStory(s["id"], s["paths"], s["label"]) for s in stories]


def _story_ok(s: Any) -> bool:
    return (isinstance(s, dict) and isinstance(s.get("id"), str) and isinstance(s.get("paths"), list)
            and all(isinstance(p, str) for p in s["paths"]) and isinstance(s.get("label"), dict)
            and set(s["label"]) <= set(Sentence.__dataclass_fields__))


def damaged(settings: Settings) -> bool:
    """A stories file is there but is not one `load` could ever use (as opposed to one of another generation)."""
    path = story_file(settings)
    if path is None or not path.exists():
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    stories = data.get("stories") if isinstance(data, dict) else None
    return not isinstance(stories, list) or not all(_story_ok(s) for s in stories)


def save(settings: Settings, generation: str, stories: list[StoredStory]) -> None:
    """Atomically replace the saved grouping (best effort: a read-only store just regroups in memory)."""
    path = story_file(settings)
    if path is None:
        return
    payload = {"format": FORMAT, "generation": generation, "stories": [asdict(s) for s in stories]}
    try:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        return


def regroup(store: Store, records: Mapping[str, Mapping[str, Any]], paths: Collection[str] | None = None,
            chosen: bool = False) -> list[StoredStory]:
    """Group every recorded article (or only these paths) by its lead, in canonical order; `chosen`: the user
    named these paths together (see `stories.group`)."""
    leads: dict[str, list[tuple[int, str, str, dict[str, Any], np.ndarray]]] = {}
    for chunk, vector in store.iter_leads(paths=paths):
        path = chunk.meta.get("path", "")
        if path in records:
            leads.setdefault(path, []).append((int(chunk.meta.get("chunk", 0)), chunk.id, chunk.text, chunk.meta, vector))
    paths = sorted(leads)
    texts = [_lead_text(sorted(leads[path], key=lambda c: c[0]), records[path]) for path in paths]
    terms = term_vectors(texts)
    signatures = [_signature(path, sorted(leads[path], key=lambda c: c[0]), records[path], text, terms[k])
                  for k, (path, text) in enumerate(zip(paths, texts))]
    stories = group(signatures, chosen=chosen)
    return [StoredStory(story.id, [paths[i] for i in story.members], _label(leads[paths[central_member(story, signatures)]]))
            for story in stories]


def _lead_text(chunks: list[tuple[int, str, str, dict[str, Any], np.ndarray]], record: Mapping[str, Any]) -> str:
    """The headline and the opening: what says which event an article reports."""
    words = " ".join(c[2] for c in chunks).split()[:220]
    return f"{record.get('title') or ''}\n{' '.join(words)}"


def _signature(path: str, chunks: list[tuple[int, str, str, dict[str, Any], np.ndarray]], record: Mapping[str, Any],
               text: str, terms: dict[str, float]) -> Signature:
    vector = np.mean([c[4] for c in chunks], axis=0)
    vector = vector / (np.linalg.norm(vector) or 1.0)
    return Signature(path, vector.astype(np.float32), names_in(text), day_of(record.get("published")), terms)


def _label(chunks: list[tuple[int, str, str, dict[str, Any], np.ndarray]]) -> dict[str, Any]:
    """The headline when the article starts with one, else its first prose sentence: what a reader scans for."""
    first = min(chunks, key=lambda c: c[0])
    sentences = [s for s in chunk_sentences(first[1], first[2], first[3], detect=False) if not s.tainted]
    title = str(first[3].get("title") or "")
    ranked = [s for s in sentences if title and s.text.strip() == title.strip()] + [s for s in sentences if is_prose(s.text)] + sentences
    chosen = next((s for s in ranked if not is_injection(s.text)), None)  # detection for the one sentence shown
    return asdict(chosen) if chosen else {}


@dataclass
class StoryInfo:
    """A story as `ragnews stories` lists it (public JSON: id, label, articles, outlets, first, last)."""

    id: str
    label: str
    articles: list[str]  # display sources, oldest first
    paths: list[str]
    outlets: list[str]
    first: str | None
    last: str | None
    citation: dict[str, Any] | None = None  # where the label is quoted from, verified
    date_notes: list[str] = field(default_factory=list)  # stated dates its articles' text contradicts (first/last use the settled ones)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "articles": self.articles, "outlets": self.outlets,
                "first": self.first, "last": self.last, "citation": self.citation, "paths": self.paths,
                "date_notes": self.date_notes}


def describe(story: StoredStory, records: Mapping[str, Mapping[str, Any]], citation: dict[str, Any] | None,
             settled: Mapping[str, Mapping[str, str]] | None = None) -> StoryInfo:
    """A story as listed; `settled` (path -> {"date", "note"}) holds the dates a briefing uses instead of stated ones."""
    settled = settled or {}
    dates = sorted(str(settled[p]["date"] if p in settled else records[p].get("published"))
                   for p in story.paths if records.get(p, {}).get("published"))
    outlets = sorted({str(records[p].get("outlet")) for p in story.paths if records.get(p, {}).get("outlet")})
    label = story.label.get("text") or next((str(records[p].get("title")) for p in story.paths if records.get(p, {}).get("title")), story.id)
    return StoryInfo(story.id, " ".join(label.split()), [str(records.get(p, {}).get("source", p)) for p in story.paths], list(story.paths),
                     outlets, dates[0] if dates else None, dates[-1] if dates else None, citation,
                     [f"{records.get(p, {}).get('source', p)}: {settled[p]['note']}" for p in story.paths if p in settled])


def recency(story: StoredStory, records: Mapping[str, Mapping[str, Any]]) -> tuple[str, float]:
    """Newest first: by the latest publication date, then by when it was ingested (undated collections)."""
    dates = [str(records[p].get("published") or "") for p in story.paths if p in records]
    ingested = [float(records[p].get("ingested_at") or 0) for p in story.paths if p in records]
    return (max(dates, default=""), max(ingested, default=0.0))


def within(stories: list[StoredStory], scope: set[str], records: Mapping[str, Mapping[str, Any]]) -> list[StoredStory]:
    """The stories found inside a scope: each story cut down to the scope's articles, biggest (then newest) first."""
    found = [StoredStory(s.id, [p for p in s.paths if p in scope], s.label) for s in stories]
    found = [s for s in found if s.paths]
    return sorted(found, key=lambda s: (len(s.paths), recency(s, records)), reverse=True)
