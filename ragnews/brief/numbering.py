"""Citations numbered in reading order: [1] is the first one a reader meets.

The order is read off the briefing's sections in the order the Markdown
shows them, so nothing is rendered twice and no marker is parsed back out of
rendered text; citations nothing shows are dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ragnews.answer.citations import find_markers, renumber_markers
from ragnews.brief.model import Briefing
from ragnews.index.evidence import ArticleText


def reading_order(b: Briefing, articles: Sequence[ArticleText], body: str | None) -> list[int]:
    """Citation numbers in the order a reader meets them, each once."""
    return list(dict.fromkeys(_shown(b, articles, body)))


def _shown(b: Briefing, articles: Sequence[ArticleText], body: str | None) -> Iterator[int]:
    if body is not None:
        yield from find_markers(body)
    else:
        for _, cites in b.summary:
            yield from cites
        for k in b.key_points:
            yield from k.citations
    for d in b.discrepancies:
        for claim in d["claims"]:
            yield from claim["citations"]
    for item in b.timeline + b.quotes:
        yield from item["citations"]
    for a in articles:
        yield from b.contributions.get(a.source, [])


def renumber(b: Briefing, articles: Sequence[ArticleText], body: str | None) -> str | None:
    """Renumber every section's citations in reading order; returns the body with its markers renumbered."""
    mapping = {old: new for new, old in enumerate(reading_order(b, articles, body), start=1)}

    def remap(ns: Sequence[int]) -> list[int]:
        return [mapping[n] for n in ns if n in mapping]

    kept = [c for c in b.citations if c.n in mapping]
    for c in kept:
        c.n = mapping[c.n]
    b.citations = sorted(kept, key=lambda c: c.n)
    b.summary = [(t, remap(c)) for t, c in b.summary]
    for k in b.key_points:
        k.citations = remap(k.citations)
    for item in b.timeline + b.quotes + b.warnings:
        item["citations"] = remap(item["citations"])
    for d in b.discrepancies:
        for claim in d["claims"]:
            claim["citations"] = remap(claim["citations"])
    b.contributions = {s: remap(c) for s, c in b.contributions.items()}
    return renumber_markers(body, mapping) if body is not None else None
