"""Syndicated copies: articles that are the same wire story under different mastheads.

Copies of one story must not count as independent confirmation, nor as
independent disagreement; the other analyses ask `same_group` before
comparing two sources.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ragnews.analysis.model import SameGroup
from ragnews.index.evidence import ArticleText


def find_syndicated(articles: list[ArticleText], threshold: float = 0.5) -> list[list[str]]:
    """Groups of near-duplicate articles (wire copy), by 5-word-shingle containment."""
    sh = {a.source: _shingles(a) for a in articles}
    parent = {a.source: a.source for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    srcs = [a.source for a in articles]
    for i, a in enumerate(srcs):
        for b in srcs[i + 1:]:
            small = min(len(sh[a]), len(sh[b]))
            if small and len(sh[a] & sh[b]) / small >= threshold:
                parent[find(b)] = find(a)
    groups: dict[str, list[str]] = defaultdict(list)
    for s in srcs:
        groups[find(s)].append(s)
    return [g for g in groups.values() if len(g) > 1]


def same_group_fn(syndicated: list[list[str]]) -> SameGroup:
    """Whether two sources are one article or copies of each other."""
    group_of = {s: i for i, g in enumerate(syndicated) for s in g}

    def same_group(a: str, b: str) -> bool:
        return a == b or (a in group_of and group_of.get(a) == group_of.get(b))

    return same_group


def _shingles(art: ArticleText, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", " ".join(r.text for r in art.sentences).lower())
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}
