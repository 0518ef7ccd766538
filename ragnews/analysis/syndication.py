"""Syndicated copies: articles that are the same wire story under different mastheads.

Copies of one story must not count as independent confirmation, nor as
independent disagreement; the other analyses ask `same_group` before
comparing two sources.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from ragnews.analysis.model import SameGroup
from ragnews.index.evidence import ArticleText


def find_syndicated(articles: list[ArticleText], threshold: float = 0.5) -> list[list[str]]:
    """Groups of near-duplicate articles (wire copy), by 5-word-shingle containment."""
    return syndicated_texts({a.source: " ".join(r.text for r in a.sentences) for a in articles}, threshold)


def syndicated_texts(texts: Mapping[str, str], threshold: float = 0.5) -> list[list[str]]:
    """Groups of near-duplicate texts (keyed by any name), as `find_syndicated` finds them among articles.

    For callers that hold raw stored text rather than split articles (the digest counts
    a story's independent outlets before briefing it).
    """
    sh = {key: _shingles(text) for key, text in texts.items()}
    parent = {key: key for key in texts}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    srcs = list(texts)
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


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}
