"""The store's stories: grouped from what is stored, kept beside the store, brought in step as it changes.

Grouping reads each article's lead as the store already holds it (its first
chunks' text and vectors: no embedding is computed again). The grouping is
saved under `settings.state_dir` (a local store's folder; a server client's
cache) with the store's generation, as a state an ingest updates: a changed
article leaves its story, a new one joins an open story or starts one, and only
the stories touched are recomputed (`update`; `storystate` says what is kept).
A state that is missing, damaged or of an older format is rebuilt by a full
grouping (`rebuild`); one behind the store (a kill before it was saved, another
writer on a server) is brought in step from the records (`catch_up`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ragnews.config import Settings
from ragnews.index.evidence import Sentence, chunk_sentences
from ragnews.index.store import Store
from ragnews.index.stories import (
    FULL_SCAN,
    SMALL_POOL,
    WINDOW_DAYS,
    Centres,
    Cues,
    Signature,
    Story,
    Weights,
    bag_of,
    best_story,
    canonical_order,
    central_member,
    day_of,
    group,
    names_in,
    place,
    pool_rule,
    rarity,
    story_id,
    term_vectors,
    tfidf,
)
from ragnews.index.storystate import FILE, Member, StateError, StoryRow, StoryState, open_state
from ragnews.index.storystate import FORMAT as STATE_FORMAT
from ragnews.text.injection import is_injection
from ragnews.text.sentences import is_prose

log = logging.getLogger(__name__)

Lead = tuple[int, str, str, dict[str, Any], np.ndarray]  # (chunk number, chunk id, text, metadata, vector)
Records = Mapping[str, Mapping[str, Any]]


@dataclass
class StoredStory:
    """One story as saved: its articles (oldest first) and the sentence that labels it."""

    id: str
    paths: list[str]
    label: dict[str, Any]  # a Sentence's fields: the central article's headline or lead

    def label_sentence(self) -> Sentence:
        return Sentence(**self.label)


def story_file(settings: Settings) -> Path:
    return settings.state_dir / FILE


def load(settings: Settings, generation: str) -> list[StoredStory] | None:
    """The saved grouping, if it belongs to this generation of the store."""
    state = open_state(settings.state_dir, create=False)
    if state is None:
        return None
    try:
        if state.generation() != generation:
            return None
        return [_stored(sid, members, label) for sid, members, label in state.listing()]
    except (StateError, sqlite3.DatabaseError, ValueError, TypeError) as exc:
        log.debug("saved stories not read: %s", exc)
        return None  # a damaged cache is regrouped, never trusted
    finally:
        state.close()


def _stored(sid: str, members: list[tuple[str, int | None]], label: Any) -> StoredStory:
    ordered = sorted(members, key=lambda m: (m[1] is None, m[1] or 0, m[0]))
    if not isinstance(label, dict) or not set(label) <= set(Sentence.__dataclass_fields__):
        raise ValueError(f"story {sid}: a label that is no sentence")
    return StoredStory(sid, [p for p, _ in ordered], label)


def damaged(settings: Settings) -> bool:
    """A stories file is there but is not one `load` could ever use (as opposed to one of another generation)."""
    path = story_file(settings)
    if not path.exists():
        return False
    try:
        state = StoryState(path)
    except StateError:
        return True
    try:
        return state.check() is not None
    finally:
        state.close()


def fingerprint(record: Mapping[str, Any]) -> str:
    """What a record's story depends on: its content, title and date (a change re-places the article)."""
    parts = [str(record.get(k) or "") for k in ("content_hash", "title", "published", "chunks")]
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def regroup(store: Store, records: Records, paths: Collection[str] | None = None, chosen: bool = False) -> list[StoredStory]:
    """Group every recorded article (or only these paths) by its lead, in memory, in canonical order; `chosen`: the
    user named these paths together (see `stories.group`)."""
    leads = _read_leads(store, paths, records)
    paths = sorted(leads)
    texts = [_lead_text(leads[path], records[path]) for path in paths]
    terms = term_vectors(texts)
    signatures = [_signature(path, leads[path], records[path], text, terms[k]) for k, (path, text) in enumerate(zip(paths, texts))]
    stories = group(signatures, chosen=chosen)
    return [StoredStory(story.id, [paths[i] for i in story.members], _label(leads[paths[central_member(story, signatures)]]))
            for story in stories]


def _lead_text(chunks: list[Lead], record: Mapping[str, Any]) -> str:
    """The headline and the opening: what says which event an article reports."""
    words = " ".join(c[2] for c in chunks).split()[:220]
    return f"{record.get('title') or ''}\n{' '.join(words)}"


def _signature(path: str, chunks: list[Lead], record: Mapping[str, Any], text: str, terms: dict[str, float]) -> Signature:
    return Signature(path, _vector(chunks), names_in(text), day_of(record.get("published")), terms)


def _label(chunks: list[Lead]) -> dict[str, Any]:
    """The headline when the article starts with one, else its first prose sentence: what a reader scans for."""
    first = min(chunks, key=lambda c: c[0])
    sentences = [s for s in chunk_sentences(first[1], first[2], first[3], detect=False) if not s.tainted]
    title = str(first[3].get("title") or "")
    ranked = [s for s in sentences if title and s.text.strip() == title.strip()] + [s for s in sentences if is_prose(s.text)] + sentences
    chosen = next((s for s in ranked if not is_injection(s.text)), None)  # detection for the one sentence shown
    return asdict(chosen) if chosen else {}


# -- the saved state: a full grouping, an update, a catch-up ------------------------------
def _read_leads(store: Store, paths: Collection[str] | None, records: Records) -> dict[str, list[Lead]]:
    """These articles' (all, for None) lead chunks, in order, for those with a record."""
    if paths is not None and not paths:
        return {}
    leads: dict[str, list[Lead]] = {}
    for chunk, vector in store.iter_leads(paths=paths):
        path = chunk.meta.get("path", "")
        if path in records:
            leads.setdefault(path, []).append((int(chunk.meta.get("chunk", 0)), chunk.id, chunk.text, chunk.meta, vector))
    return {path: sorted(chunks, key=lambda c: c[0]) for path, chunks in leads.items()}


def _vector(chunks: list[Lead]) -> np.ndarray:
    vector = np.mean([c[4] for c in chunks], axis=0)
    return (vector / (np.linalg.norm(vector) or 1.0)).astype(np.float32)


def _canonical(m: Member) -> tuple[bool, int, str]:
    return (m.day is None, m.day or 0, m.path)


def _state(settings: Settings) -> StoryState | None:
    return open_state(settings.state_dir)


def rebuild(settings: Settings, store: Store, records: Records, generation: str) -> list[StoredStory]:
    """Group every article afresh (`stories.group`) and save the state updates start from.

    Run where there is no usable state (none yet, damaged, an older format) and by `ragnews check --repair`.
    """
    state = _state(settings)
    if state is None:
        return regroup(store, records)  # nowhere to keep it (read-only media): grouped in memory, as before
    try:
        with state.transaction():
            return _rebuild_into(state, store, records, generation)
    finally:
        state.close()


def _rebuild_into(state: StoryState, store: Store, records: Records, generation: str) -> list[StoredStory]:
    """`rebuild` inside the caller's transaction. Leads are read a page of articles at a time and only what grouping
    needs of each is kept (vector, names, date, word counts); the central articles' leads are read again for labels."""
    keys: list[str] = []
    vectors: list[np.ndarray] = []
    names: list[frozenset[str]] = []
    days: list[int | None] = []
    bags: list[Counter[str]] = []
    for page in _pages(sorted(records)):
        leads = _read_leads(store, page, records)
        for path in sorted(leads):
            text = _lead_text(leads[path], records[path])
            keys.append(path)
            vectors.append(_vector(leads[path]))
            names.append(names_in(text))
            days.append(day_of(records[path].get("published")))
            bags.append(bag_of(text))
    df = Counter(t for bag in bags for t in bag)
    sigs = [Signature(k, v, nm, d, tfidf(bag, df, len(keys))) for k, v, nm, d, bag in zip(keys, vectors, names, days, bags)]
    del vectors
    name_df = Counter(n for nm in names for n in nm)
    cues = Cues({n: rarity(c, len(sigs)) for n, c in name_df.items()})
    members: dict[int, list[Member]] = {}
    for row, story in enumerate(group(sigs), 1):
        members[row] = [_member(sigs[i], row, records[sigs[i].key], bags[i], cues.keys(sigs[i])) for i in story.members]
    state.reset()
    state.add_df({**{f"w {t}": c for t, c in df.items()}, **{f"n {n}": c for n, c in name_df.items()}})
    for group_members in members.values():
        state.put_members(group_members)
    stories = _recompute(state, store, members, {}, {}, set())
    state.set_meta(format=STATE_FORMAT, generation=generation, pool=len(keys))
    log.debug("stories rebuilt: %d articles, %d stories", len(keys), len(stories))
    return stories


def _pages(paths: list[str], size: int = 1000) -> Iterator[list[str]]:
    for b in range(0, len(paths), size):
        yield paths[b : b + size]


def _member(sig: Signature, row: int, record: Mapping[str, Any], bag: Counter[str], cues: list[str]) -> Member:
    return Member(sig.key, row, sig.day, str(record.get("published") or ""), fingerprint(record), sig.vector, sig.names,
                  dict(bag), cues)


def update(settings: Settings, store: Store, changed: Collection[str], removed: Collection[str], generation: str,
           since: str | None) -> list[StoredStory] | None:
    """Bring the saved stories from generation `since` to `generation`: the changed articles leave their stories and
    are placed again, the removed ones leave. Reads only the changed articles' records and leads.

    The stories touched; None where the state was not at `since` (a kill, another writer) or is too small for
    the pool's statistics to hold still (`stories.SMALL_POOL`): the caller then catches up from the records.
    """
    state = _state(settings)
    if state is None or not since:
        return None
    try:
        with state.transaction():
            if state.generation() != since:
                return None
            return _apply(state, store, set(changed), set(removed), generation)
    except (StateError, sqlite3.DatabaseError) as exc:
        log.debug("stories not updated in place: %s", exc)
        return None
    finally:
        state.close()


def catch_up(settings: Settings, store: Store, records: Records, generation: str) -> list[StoredStory]:
    """Every story at `generation`: the saved state brought in step by what changed in `records` since it was saved
    (each record's fingerprint against the state's), or grouped afresh where it can't be."""
    state = _state(settings)
    if state is None:
        return regroup(store, records)
    try:
        with state.transaction():
            if state.generation() is not None:
                saved = state.fingerprints()
                changed = {p for p, r in records.items() if saved.get(p) != fingerprint(r)}
                removed = {p for p in saved if p not in records}
                if _apply(state, store, changed, removed, generation, records) is not None:
                    return [_stored(sid, members, label) for sid, members, label in state.listing()]
            return _rebuild_into(state, store, records, generation)
    except (StateError, sqlite3.DatabaseError, ValueError) as exc:
        log.debug("stories state unusable, grouped in memory: %s", exc)
        return regroup(store, records)
    finally:
        state.close()


def newest_published(settings: Settings, generation: str) -> str | None:
    """The newest publication date among the stories' articles, if the saved state is at `generation`."""
    state = open_state(settings.state_dir, create=False)
    if state is None:
        return None
    try:
        return state.newest_published() if state.generation() == generation else None
    except (StateError, sqlite3.DatabaseError):
        return None
    finally:
        state.close()


def _apply(state: StoryState, store: Store, changed: set[str], removed: set[str], generation: str,
           records: Records | None = None) -> list[StoredStory] | None:
    """`update` inside the caller's transaction; None (nothing written) where the pool is too small to update."""
    old_rows = state.story_of(changed | removed)
    found = store.records(changed) if records is None else {p: records[p] for p in changed if p in records}
    leads = _read_leads(store, set(found), found)
    before = state.pool()
    pool = before - len(old_rows) + len(leads)
    if before < SMALL_POOL or pool < SMALL_POOL:
        return None  # a small pool's statistics move with every article (and it groups on meaning alone): regroup it
    lost = state.drop_members(old_rows)
    state.add_df({k: -v for k, v in lost.items()})
    paths = sorted(leads)
    texts = {p: _lead_text(leads[p], found[p]) for p in paths}
    bags = {p: bag_of(texts[p]) for p in paths}
    names = {p: names_in(texts[p]) for p in paths}
    added = Counter(f"w {t}" for p in paths for t in bags[p]) + Counter(f"n {n}" for p in paths for n in names[p])
    state.add_df(added)
    df = state.df(set(added))
    words = {k[2:]: v for k, v in df.items() if k.startswith("w ")}
    weights = Weights(0.0, 0.0, WINDOW_DAYS, {k[2:]: rarity(v, pool) for k, v in df.items() if k.startswith("n ")})
    join, weights = _rule(pool, weights)
    sigs = [Signature(p, _vector(leads[p]), names[p], day_of(found[p].get("published")), tfidf(bags[p], words, pool)) for p in paths]
    placed, keys = _place(state, sigs, weights, join, pool)
    state.put_members([_member(sig, placed[sig.key], found[sig.key], bags[sig.key], keys[sig.key]) for sig in sigs])
    rows = set(old_rows.values()) | set(placed.values())
    members = state.members(rows)
    stories = _recompute(state, store, {r: members.get(r, []) for r in rows}, state.labels(rows), leads, changed)
    state.set_meta(format=STATE_FORMAT, generation=generation, pool=pool)
    log.debug("stories updated: %d placed, %d left, %d stories touched", len(sigs), len(old_rows), len(stories))
    return stories


def _rule(pool: int, weights: Weights) -> tuple[float, Weights]:
    join, names, words = pool_rule(pool)
    return join, Weights(names, words, weights.window, weights.rarity)


def _place(state: StoryState, sigs: list[Signature], weights: Weights, join: float,
           pool: int) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Each new article's story row (new rows for the stories it starts) and its cues, by `stories.group`'s rule:
    in canonical order, against the stories it could join (dated: those within the time window, and undated ones;
    undated: every story, or past FULL_SCAN those sharing its cues), scored by `stories.best_story`."""
    window, big = weights.window, pool > FULL_SCAN
    cues = Cues(weights.rarity)
    keys = {sig.key: cues.keys(sig) for sig in sigs}
    undated = any(sig.day is None for sig in sigs)
    posted = state.cue_rows({k for ks in keys.values() for k in ks}, undated_only=not undated) if big else {}
    rows = state.rows_in_windows({(sig.day - window, sig.day + window) for sig in sigs if sig.day is not None})
    if big:
        rows |= {r for found in posted.values() for r in found}
    else:
        rows |= state.all_rows() if undated else state.undated_rows()
    stories, row_of, centres = _loaded(state, rows, sigs[0].vector.shape[0] if sigs else 1, pool)
    index = {row: j for j, row in enumerate(row_of)}
    postings = {cue: {index[r] for r in found if r in index} for cue, found in posted.items()}
    low = [float(min(s.days)) if s.days else np.nan for s in stories]  # each story's dated span (NaN: none dated)
    high = [float(max(s.days)) if s.days else np.nan for s in stories]
    next_row, placed = state.next_row(), {}
    for i in canonical_order(sigs):
        sig = sigs[i]
        hit = np.zeros(len(stories), dtype=bool)
        hit[np.fromiter({j for k in keys[sig.key] for j in postings.get(k, ())}, dtype=np.intp)] = True
        if sig.day is not None:
            lo, hi = np.asarray(low), np.asarray(high)
            with np.errstate(invalid="ignore"):
                near = (hi >= sig.day - window) & (lo <= sig.day + window)
            candidates = np.flatnonzero(near | (np.isnan(lo) & (hit if big else True)))
        else:
            candidates = np.flatnonzero(hit) if big else np.arange(len(stories))
        story, new = place(i, sig, best_story(sig, stories, centres, weights, candidates.astype(np.intp)), join, stories, centres)
        if new:
            row_of.append(next_row)
            next_row += 1
            low.append(np.nan)
            high.append(np.nan)
        if sig.day is not None:
            j = story.position
            low[j] = float(sig.day) if np.isnan(low[j]) else min(low[j], sig.day)
            high[j] = float(sig.day) if np.isnan(high[j]) else max(high[j], sig.day)
        placed[sig.key] = row_of[story.position]
        for k in keys[sig.key]:
            postings.setdefault(k, set()).add(story.position)
    return placed, keys


class _Saved(Story):
    """A saved story while an update places articles. Its vector sum and dates come with it; its name and word
    sums, which only the few closest in meaning are scored on (`stories.best_story`), are added up from its
    members when first read, with the pool's current word frequencies."""

    def __init__(self, sid: str, size: int, days: list[int], position: int, fill: Callable[[_Saved], None]) -> None:
        self._fill: Callable[[_Saved], None] | None = fill
        super().__init__(sid, list(range(size)), position=position)  # members stand for their count
        self.days = days

    def _filled(self) -> None:
        fill, self._fill = getattr(self, "_fill", None), None
        if fill is not None:
            fill(self)

    @property
    def names(self) -> Counter[str]:
        self._filled()
        return self._names

    @names.setter
    def names(self, value: Counter[str]) -> None:
        self._names = value

    @property
    def terms(self) -> Counter[str]:
        self._filled()
        return self._terms

    @terms.setter
    def terms(self, value: Counter[str]) -> None:
        self._terms = value


def _loaded(state: StoryState, rows: set[int], dim: int, pool: int) -> tuple[list[Story], list[int], Centres]:
    """These saved stories as `stories.group` holds them while grouping: vector sums added up from their members
    in canonical order, in one matrix; name and word sums left to be added up when read (`_Saved`)."""
    found = state.vectors(rows)
    stories: list[Story] = []
    row_of: list[int] = []
    centres = Centres(dim)
    frequencies: dict[str, int] = defaultdict(lambda: 1)  # the pool's word frequencies read so far, shared by the sums
    for row in sorted(found):
        ms = sorted(found[row], key=lambda m: (m[1] is None, m[1] or 0, m[0]))
        total = ms[0][2].astype(np.float32).copy()
        for m in ms[1:]:
            total += m[2]
        days = sorted(m[1] for m in ms if m[1] is not None)
        stories.append(_Saved(story_id(ms[0][0]), len(ms), days, len(stories), functools.partial(_sums, state, row, pool, frequencies)))
        row_of.append(row)
        centres.append(total, len(ms))
    return stories, row_of, centres


def _sums(state: StoryState, row: int, pool: int, frequencies: dict[str, int], story: _Saved) -> None:
    """A saved story's name counts and tf-idf sum, from its members in canonical order."""
    ms = sorted(state.words(row), key=lambda m: (m[1] is None, m[1] or 0, m[0]))
    unread = {t for m in ms for t in m[3]} - frequencies.keys()
    frequencies.update((k[2:], v) for k, v in state.df({f"w {t}" for t in unread}).items())
    for _, _, names, bag in ms:
        story._names.update(names)
        story._terms.update(tfidf(bag, frequencies, pool))


def _recompute(state: StoryState, store: Store, members: Mapping[int, list[Member]], labels: Mapping[int, tuple[str, dict[str, Any]]],
               leads: Mapping[str, list[Lead]], changed: Collection[str]) -> list[StoredStory]:
    """Save these stories' id, dates, cues and label from their members (in canonical order, as `stories.group`
    builds them); a story left without members goes. The label is read again only where the central article changed."""
    pending: list[tuple[StoryRow, list[Member]]] = []
    stale: list[StoryRow] = []
    for row, found in members.items():
        if not found:
            state.drop_story(row)
            continue
        ms = sorted(found, key=_canonical)
        centre = np.sum([m.vector for m in ms], axis=0)
        centre = centre / (np.linalg.norm(centre) or 1.0)
        central = min(ms, key=lambda m: (-float(m.vector @ centre), m.path))  # as `stories.central_member`
        kept = labels.get(row)
        keep = kept is not None and kept[0] == central.path and central.path not in changed
        story = StoryRow(row, story_id(ms[0].path), len(ms), central.path, kept[1] if kept and keep else {})
        pending.append((story, ms))
        if not keep:
            stale.append(story)
    for story in stale:
        if story.central in leads:
            story.label = _label(leads[story.central])
    unread = {s.central: s for s in stale if s.central not in leads}
    for page in _pages(sorted(unread)):
        for path, chunks in _read_leads(store, page, {p: {} for p in page}).items():
            unread[path].label = _label(chunks)
    out = []
    for story, ms in pending:
        state.put_story(story, [m.day for m in ms if m.day is not None], {c for m in ms for c in m.cues})
        out.append(StoredStory(story.id, [m.path for m in ms], story.label))
    return out


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


def substance(story: StoredStory, records: Mapping[str, Mapping[str, Any]]) -> tuple[int, int]:
    """How much news a story holds: (its articles with article text, their words). A page ingest found no article text
    in (`no_article_text` in its record: a script, cookie or paywall notice) counts for nothing."""
    told = [records[p] for p in story.paths if p in records and not records[p].get("no_article_text")]
    return len(told), sum(int(r.get("words") or 0) for r in told)


def within(stories: list[StoredStory], scope: set[str], records: Mapping[str, Mapping[str, Any]]) -> list[StoredStory]:
    """The stories found inside a scope: each story cut down to the scope's articles, the one of most news first (most
    articles with article text, then most words of them: what the scope is mostly about), then the newest."""
    found = [StoredStory(s.id, [p for p in s.paths if p in scope], s.label) for s in stories]
    found = [s for s in found if s.paths]
    return sorted(found, key=lambda s: (substance(s, records), recency(s, records)), reverse=True)
