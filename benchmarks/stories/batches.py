"""Stories kept in step as articles arrive in batches, against one full grouping of them all.

    python -m benchmarks.stories.batches [--batches 1,10,50] [--cache /tmp/stories_vecs2.npy]

The Multi-News + AllSides pool of `benchmarks.stories.run` arrives in N batches (in time
order, as feeds bring news; and shuffled, as a backfill of old folders would): the first
batch is grouped in full (`storybook.rebuild`), each later one placed by `storybook.update`
against the saved state. Reports the pairwise agreement (F1) of the final grouping with a
full grouping of the whole pool, and both groupings' pairwise F1 against the gold stories.
The store is an in-memory stand-in serving each article's lead (its first 220 words, its
MiniLM vector) and record, so only the grouping is measured.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.stories.data import Item, allsides, multi_news
from benchmarks.stories.run import dev, lead, score, vectors
from ragnews.config import load_settings
from ragnews.index import storybook
from ragnews.index.store import StoredChunk
from ragnews.index.stories import day_of, pairs


class LeadStore:
    """What grouping reads of a store (records, leads), for the articles arrived so far."""

    def __init__(self, items: list[Item], vecs: np.ndarray) -> None:
        self.keys = [f"{it.cluster}/{i:05d}" for i, it in enumerate(items)]
        self.items = dict(zip(self.keys, items))
        self.vecs = dict(zip(self.keys, vecs))
        self.present: set[str] = set()

    def record(self, key: str) -> dict[str, Any]:
        it = self.items[key]
        return {"title": it.title, "published": it.published or "", "content_hash": key, "chunks": 1, "source": key}

    def records(self, paths: Collection[str]) -> dict[str, dict[str, Any]]:
        return {p: self.record(p) for p in paths if p in self.present}

    def iter_leads(self, max_chunk: int = 1, paths: Collection[str] | None = None) -> Iterator[tuple[StoredChunk, np.ndarray]]:
        for p in sorted(self.present if paths is None else set(paths) & self.present):
            yield StoredChunk(f"{p}#0", lead(self.items[p]), {"path": p, "chunk": 0, "title": self.items[p].title}), self.vecs[p]


def canonical(store: LeadStore) -> list[str]:
    return sorted(store.keys, key=lambda k: (store.items[k].published is None, day_of(store.items[k].published) or 0, k))


def agreement(ours: list[list[str]], reference: list[list[str]]) -> float:
    a, b = pairs(ours), pairs(reference)
    tp = len(a & b)
    p, r = (tp / len(a) if a else 1.0), (tp / len(b) if b else 1.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def grown(store: LeadStore, order: list[str], batches: int) -> tuple[list[list[str]], float]:
    """The grouping after the articles arrived in `batches` batches of `order`; seconds spent updating."""
    settings = load_settings(db=tempfile.mkdtemp(prefix="stories-batches-"))
    size = -(-len(order) // batches)
    store.present = set()
    seconds = 0.0
    for b in range(batches):
        part = order[b * size : (b + 1) * size]
        store.present |= set(part)
        started = time.perf_counter()
        if b == 0:
            storybook.rebuild(settings, store, store.records(store.present), "g0")  # type: ignore[arg-type]
        else:
            touched = storybook.update(settings, store, part, [], f"g{b}", f"g{b - 1}")  # type: ignore[arg-type]
            assert touched is not None, "update refused"
            seconds += time.perf_counter() - started
    stories = storybook.load(settings, f"g{batches - 1}")
    assert stories is not None
    return [s.paths for s in stories], seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default="1,2,10,50")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/stories_vecs2.npy"), help="cache of the lead embeddings")
    args = parser.parse_args()
    items = multi_news() + allsides()
    store = LeadStore(items, vectors(items, args.cache))
    storybook._label = lambda chunks: {}  # labels are not measured here (and would need real chunk metadata)
    index = {k: i for i, k in enumerate(store.keys)}
    full, _ = grown(store, canonical(store), 1)
    held = {i for i, it in enumerate(items) if not dev(it.cluster)}

    def gold_f1(grouping: list[list[str]]) -> str:
        found = [[index[p] for p in g] for g in grouping]
        return f"gold F1 all {score(items, found, set(range(len(items))))['pairwise_f1']:.3f} held-out {score(items, found, held)['pairwise_f1']:.3f}"

    print(f"{len(items)} articles; one full grouping: {len(full)} stories, {gold_f1(full)}")
    for n in [int(x) for x in args.batches.split(",")]:
        for name, order in (("time order", canonical(store)), ("shuffled", random.Random(7).sample(store.keys, len(store.keys)))):
            found, seconds = grown(store, order, n)
            print(f"{n:3d} batches, {name:10s}: {len(found)} stories, agreement with the full grouping F1 "
                  f"{agreement(found, full):.3f}; {gold_f1(found)}; updates {seconds:.1f} s")


if __name__ == "__main__":
    main()
