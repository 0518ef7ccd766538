"""Hybrid retrieval: dense + BM25, fused by reciprocal rank, diverse by source.

A briefing reads many outlets, so the top k must not be five chunks of one
article when others are relevant: after fusion, a per-source cap spreads
the first picks across sources before any source gets a second turn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

RRF_K = 60
CONTEXT_ONLY = "context_only"  # meta flag of a hit fetched only to give its neighbour's sentences context


@dataclass
class Hit:
    source: str
    title: str | None
    chunk: int
    start_line: int
    end_line: int
    score: float
    text: str
    id: str = ""
    path: str = ""
    outlet: str | None = None
    published: str | None = None
    dense: float = 0.0
    lexical: float = 0.0
    vector: np.ndarray | None = field(default=None, repr=False)
    meta: dict[str, Any] = field(default_factory=dict, repr=False)

    def sentence_meta(self) -> dict[str, Any]:
        """What `chunk_sentences` needs to cite this hit's sentences."""
        return {"source": self.source, "path": self.path, "title": self.title, "outlet": self.outlet,
                "published": self.published, **self.meta}

    def to_json(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in ("source", "title", "chunk", "start_line", "end_line", "score", "text")}
        data["title"] = data["title"] or None  # as `sources --json` has it: null, not ""
        return {k: data[k] for k in ("source", "title", "chunk", "start_line", "end_line", "score", "text")} | {
            "path": self.path, "outlet": self.outlet or None, "published": self.published or None, "url": self.meta.get("url") or None,
        }


def hit_from_chunk(cid: str, text: str, meta: dict[str, Any], score: float = 0.0) -> Hit:
    """A stored chunk as a Hit (search results, and the chunks a briefing hands to a model)."""
    return Hit(
        source=meta.get("source", ""), title=meta.get("title"), chunk=int(meta.get("chunk", 0)),
        start_line=int(meta.get("start_line", 1)), end_line=int(meta.get("end_line", 1)),
        score=score, text=text, id=cid, path=meta.get("path", ""),
        outlet=meta.get("outlet"), published=meta.get("published"), meta=meta,
    )


def fuse(rankings: list[list[str]]) -> dict[str, float]:
    """Reciprocal rank fusion, scaled so a chunk ranked first everywhere scores 1.0."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(ranking):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
    norm = len([r for r in rankings if r]) / (RRF_K + 1) or 1.0
    return {cid: s / norm for cid, s in scores.items()}


def diversify(hits: list[Hit], k: int, per_source: int) -> list[Hit]:
    """Best-first, spread across sources.

    Pass 1 takes one chunk per source from the 2k best; pass 2 allows up to
    `per_source` per source; pass 3 fills any remaining slots in rank order.
    """
    chosen: list[Hit] = []
    counts: Counter[str] = Counter()
    for cap, pool in ((1, hits[: 2 * k]), (per_source, hits), (k, hits)):
        for hit in pool:
            if len(chosen) >= k:
                return chosen
            if any(hit is c for c in chosen) or counts[hit.source] >= cap:
                continue
            chosen.append(hit)
            counts[hit.source] += 1
    return chosen


def hybrid_search(
    query: str,
    k: int,
    dense: Callable[[int], list[tuple[str, float]]],
    lexical: Callable[[int], list[tuple[str, float]]],
    fetch: Callable[[list[str]], dict[str, tuple[Any, np.ndarray | None]]],
    allowed_paths: set[str] | None = None,
    per_source: int = 2,
    pool: int | None = None,
    anchors: int = 0,
) -> list[Hit]:
    """Rank chunks for `query`; `dense`, `lexical` and `fetch` come from the store.

    `anchors` keeps the best few BM25 chunks in the result whatever their fused rank: rank fusion
    ignores how far ahead a lexical match is, and a chunk that alone names the people asked about
    ("Jeremy Dear") must not lose its place to ten vaguely similar ones.
    """
    pool = pool or max(40, 8 * k)
    dense_hits = dense(pool)
    lexical_hits = lexical(pool)
    fetched = fetch(list(dict.fromkeys([c for c, _ in dense_hits] + [c for c, _ in lexical_hits])))
    if allowed_paths is not None:
        fetched = {cid: v for cid, v in fetched.items() if v[0].meta.get("path") in allowed_paths}
    dense_rank = [c for c, _ in dense_hits if c in fetched]
    lexical_rank = [c for c, _ in lexical_hits if c in fetched]
    fused = fuse([dense_rank, lexical_rank])
    dense_score, lexical_score = dict(dense_hits), dict(lexical_hits)
    hits = []
    for cid in sorted(fused, key=lambda c: (-fused[c], c)):
        stored, vector = fetched[cid]
        hit = hit_from_chunk(cid, stored.text, stored.meta, score=round(fused[cid], 6))
        hit.dense, hit.lexical = round(dense_score.get(cid, 0.0), 6), round(lexical_score.get(cid, 0.0), 6)
        hit.vector = vector
        hits.append(hit)
    chosen = diversify(hits, k, per_source)
    return _anchor(chosen, hits, lexical_rank[:anchors]) if anchors else chosen


def _anchor(chosen: list[Hit], ranked: list[Hit], anchor_ids: list[str]) -> list[Hit]:
    """Put the anchor chunks in, each in place of the lowest-ranked chosen chunk that is not an anchor."""
    by_id = {h.id: h for h in ranked}
    for cid in anchor_ids:
        if cid in by_id and all(h.id != cid for h in chosen):
            spare = [i for i, h in enumerate(chosen) if h.id not in anchor_ids]
            if not spare:
                break
            chosen[spare[-1]] = by_id[cid]
    return chosen
