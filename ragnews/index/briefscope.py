"""Which articles a briefing covers: one story, chosen the way a reader would.

A briefing compares what sources say about one event, so its scope is one
story: the story asked for; else the main story among the PATHs given or the
articles really about a topic (most articles, then most words, then newest; a
page ingest found no article text in counts for nothing), the others named
in a note; else the newest story with more than one article. Articles whose
files changed since ingest are left out and named, because nothing may cite
a file that no longer says what was stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ragnews.config import Settings
from ragnews.errors import InputError
from ragnews.index import storybook
from ragnews.index.freshness import Freshness, stale_note
from ragnews.index.scope import newest
from ragnews.index.search import Hit
from ragnews.index.store import Store, StoreError
from ragnews.index.stories import SMALL_POOL

MAX_ARTICLES = 12  # a briefing compares at most this many articles
TOPIC_MEANING = 0.45  # a passage this close to a topic (cosine) makes its article about the topic
TOPIC_WORDS = 0.5  # ... or a BM25 score at least this share of the best one
Records = dict[str, dict[str, Any]]


class BriefScope:
    """Chooses a briefing's articles from the store's stories."""

    def __init__(self, store: Store, settings: Settings, search: Callable[[str], Sequence[Hit]], freshness: Freshness) -> None:
        self.store, self.settings, self.search, self.freshness = store, settings, search, freshness
        self.label: str | None = None  # the chosen story's headline or lead, set by `paths`: the briefing's title

    def paths(self, scope: set[str] | None, topic: str | None, story: str | None, records: Records, notes: list[str]) -> list[str]:
        """The articles to brief, fresh on disk; `notes` says what was chosen and what was left out."""
        self.label = None
        return self.fresh(self._story_paths(scope, topic, story, records, notes), records, notes)

    def _labelled(self, story: storybook.StoredStory, records: Records) -> storybook.StoredStory:
        self.label = storybook.describe(story, records, None).label if story.label else None
        return story

    def stories(self, records: Records) -> list[storybook.StoredStory]:
        """The saved grouping while the store is unchanged; else brought in step with what changed since (and saved)."""
        generation = self.store.generation
        stored = storybook.load(self.settings, generation)
        if stored is None:
            stored = storybook.catch_up(self.settings, self.store, records, generation)
        return stored

    def fresh(self, paths: list[str], records: Records, notes: list[str]) -> list[str]:
        """The paths whose files still hold what was ingested; a note names the others."""
        stale = self.freshness.stale({p: records.get(p, {}) for p in paths})
        if not stale:
            return paths
        notes.append(stale_note(stale, {p: records.get(p, {}).get("source", p) for p in stale}))
        kept = [p for p in paths if p not in stale]
        if not kept:
            raise StoreError("every article in scope changed on disk since it was ingested; run `ragnews ingest` on them first")
        return kept

    def _story_paths(self, scope: set[str] | None, topic: str | None, story: str | None, records: Records, notes: list[str]) -> list[str]:
        stories = self.stories(records)
        if story:
            chosen = next((s for s in stories if s.id == story), None)
            if chosen is None:
                raise InputError(f"no story {story!r} in this collection; `ragnews stories` lists them")
            return _capped(self._labelled(chosen, records).paths, records, notes)
        named = scope is not None  # PATHs the user named, not a topic's search results
        if scope is None and topic:
            scope = self._about(topic)
        if scope is None:
            return _newest_story(stories, records, notes, lambda s: self._labelled(s, records))
        found = storybook.within(stories, scope, records)
        if len(found) > 1 and len(scope) < SMALL_POOL:
            found = self._regrouped(scope, stories, records, named)
        if len(found) > 1:
            notes.append("other stories in scope (brief one with `ragnews brief --story ID`): " +
                         "; ".join(f"{s.id} “{storybook.describe(s, records, None).label}” ({len(s.paths)})" for s in found[1:6]))
        return _capped(self._labelled(found[0], records).paths, records, notes)

    def _regrouped(self, scope: set[str], stories: list[storybook.StoredStory], records: Records,
                   chosen: bool) -> list[storybook.StoredStory]:
        """A few articles the user named, grouped among themselves.

        In a large collection a story's articles can fall into several of its stories (the
        grouping keeps precision over recall); among a handful the user chose, the small-pool
        rule of `stories.group` decides. Each group keeps the id of the collection's story
        that holds its first article, so `--story ID` in the note still works.
        """
        owner = {p: s.id for s in stories for p in s.paths}
        regrouped = storybook.regroup(self.store, records, paths=scope, chosen=chosen)
        found = storybook.within(regrouped, scope, records)
        return [storybook.StoredStory(owner.get(s.paths[0], s.id), s.paths, s.label) for s in found]

    def _about(self, topic: str) -> set[str]:
        """The articles really about a topic: a passage close in meaning or strong in its words, not just the top k."""
        hits = self.search(topic)
        best_words = max((h.lexical for h in hits), default=0.0)
        relevant = {h.path for h in hits if h.dense >= TOPIC_MEANING or (best_words and h.lexical >= TOPIC_WORDS * best_words)}
        if not relevant:
            raise InputError(f"no stored article is about {topic!r}; try other words, or `ragnews stories`")
        return relevant


def _newest_story(stories: list[storybook.StoredStory], records: Records, notes: list[str],
                  chosen_one: Callable[[storybook.StoredStory], storybook.StoredStory]) -> list[str]:
    if len(stories) <= 1:
        return _capped(chosen_one(stories[0]).paths if stories else sorted(records), records, notes)
    told = [s for s in stories if storybook.substance(s, records)[0]] or stories  # (a notice saved as a page is no story)
    substantial = [s for s in told if storybook.substance(s, records)[0] > 1] or told
    chosen = chosen_one(max(substantial, key=lambda s: storybook.recency(s, records)))
    dated = any(records.get(p, {}).get("published") for p in chosen.paths)
    notes.append(f"the collection holds {len(stories)} stories; this briefing covers the newest with more than one article"
                 f"{'' if dated else ' (the articles are undated, so by ingest time)'}: {chosen.id}. "
                 "`ragnews stories` lists the others; `ragnews brief --story ID` briefs one.")
    return _capped(chosen.paths, records, notes)


def _capped(paths: list[str], records: Records, notes: list[str]) -> list[str]:
    if len(paths) <= MAX_ARTICLES:
        return sorted(paths)
    notes.append(f"this story holds {len(paths)} articles; the briefing covers the {MAX_ARTICLES} most recent.")
    return sorted(newest({p: records[p] for p in paths if p in records}, MAX_ARTICLES))
