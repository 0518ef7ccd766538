"""Key points and the summary: facts stated by the most distinct sources.

Sentences that state the same fact across articles are clustered by meaning
(MiniLM cosine) and counted by distinct source, syndicated copies once; a
greedy MMR pass then prefers well-corroborated, early, on-topic facts unlike
those already chosen. Only verbatim, verified sentences are used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from ragnews.answer.citations import CitationBook
from ragnews.brief.model import KeyPoint
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text.sentences import is_prose
from ragnews.text.terms import tokenize

SAME_FACT = 0.72  # cosine between MiniLM sentence vectors above which two sentences state one fact
MAX_KEY_POINTS = 12


_FIGURE = re.compile(r"\d[\d,.]*\d|\d")


def _same_figures(a: str, b: str) -> bool:
    """Two sentences that both state figures corroborate each other only if they share one."""
    fa = {x.replace(",", "") for x in _FIGURE.findall(a)}
    fb = {x.replace(",", "") for x in _FIGURE.findall(b)}
    return not (fa and fb) or bool(fa & fb)


def _syndication_groups(articles: Sequence[ArticleText], groups: Sequence[Sequence[str]]) -> dict[str, str]:
    """Syndicated copies count once: each article's path maps to its group's first path."""
    group_of = {a.path: a.path for a in articles}
    by_source = {a.source: a.path for a in articles}
    for group in groups:
        paths = [by_source.get(src, src) for src in group]
        for p in paths:
            group_of[p] = paths[0]
    return group_of


def _label(n_sources: int, total: int) -> str:
    if total >= 3 and n_sources == total:
        return "consensus"
    if n_sources >= 2:
        return "several sources"
    return "single source"


class KeyPointPicker:
    """Chooses key points and the summary among the prose sentences of the articles.

    Citations go into the briefing's shared `book`; injected passages and
    non-prose lines (captions, headings) are never candidates.
    """

    def __init__(self, articles: list[ArticleText], book: CitationBook, embed: Callable[[list[str]], np.ndarray],
                 topic_vector: np.ndarray | None = None, injected: set[Sentence] | None = None,
                 syndicated: Sequence[Sequence[str]] = ()) -> None:
        self.articles = articles
        self.book = book
        skip = injected or set()
        self.items = [(a, s) for a in articles for s in a.sentences if is_prose(s.text) and s not in skip]
        self.vectors = embed([s.text for _, s in self.items]) if self.items else np.zeros((0, 384), dtype=np.float32)
        self.topic_vector = topic_vector
        self.group_of = _syndication_groups(articles, syndicated)

    def distinct_sources(self, paths: Sequence[str]) -> int:
        return len({self.group_of.get(p, p) for p in paths})

    def key_points(self) -> list[KeyPoint]:
        """Cluster sentences that state the same fact across sources; best-supported first."""
        if not self.items:
            return []
        sims = self.vectors @ self.vectors.T
        paths = [s.path for _, s in self.items]
        n_articles = self.distinct_sources([a.path for a in self.articles])
        support = []
        for i in range(len(self.items)):
            others = {paths[j] for j in np.nonzero(sims[i] >= SAME_FACT)[0] if paths[j] != paths[i]}
            lead = 1.0 / (1 + self._position(i))
            relevance = float(self.vectors[i] @ self.topic_vector) if self.topic_vector is not None else 0.0
            support.append((self.distinct_sources(list(others) + [paths[i]]), relevance, lead, i))
        # greedy MMR: well-corroborated, early, on-topic facts, each unlike the ones already chosen
        used: set[int] = set()
        chosen: list[int] = []
        points: list[KeyPoint] = []
        base = {i: c + rel + 0.5 * lead for c, rel, lead, i in support}
        while len(points) < MAX_KEY_POINTS:
            best, best_score = None, -1e9
            for i, value in base.items():
                if i in used:
                    continue
                penalty = max((float(sims[i, j]) for j in chosen), default=0.0)
                score = value - 3.0 * max(0.0, penalty - 0.35)
                if score > best_score:
                    best, best_score = i, score
            if best is None:
                break
            text = self.items[best][1].text
            members = [int(j) for j in np.nonzero(sims[best] >= SAME_FACT)[0]
                       if int(j) not in used and _same_figures(text, self.items[int(j)][1].text)]
            used.update(members)
            used.add(best)
            chosen.append(best)
            point = self._point(best, members, n_articles)
            if point:
                points.append(point)
        return points

    def _position(self, i: int) -> int:
        article, s = self.items[i]
        return article.sentences.index(s)

    def _point(self, i: int, members: Sequence[int], n_articles: int) -> KeyPoint | None:
        article, sentence = self.items[i]
        n = self.book.cite_verified(sentence)
        if n is None:
            return None
        cites, paths = [n], [sentence.path]
        for j in members:
            other = self.items[int(j)][1]
            if other.path in paths or not _same_figures(sentence.text, other.text):
                continue
            m = self.book.cite_verified(other)
            if m is not None:
                cites.append(m)
                paths.append(other.path)
        count = self.distinct_sources(paths)
        sources = [self._source_of(p) for p in paths]
        return KeyPoint(sentence.text, cites, sources, _label(count, n_articles))

    def _source_of(self, path: str) -> str:
        return next((a.source for a in self.articles if a.path == path), path)

    def summary(self, points: Sequence[KeyPoint], limit: int = 3) -> list[tuple[str, list[int]]]:
        """The lead facts most sources share: the first few key points, one per source where possible."""
        chosen: list[tuple[str, list[int]]] = []
        seen_tokens: list[set[str]] = []
        for p in points:
            toks = set(tokenize(p.text))
            if any(len(toks & t) / (len(toks | t) or 1) > 0.4 for t in seen_tokens):
                continue
            chosen.append((p.text, p.citations[:3]))
            seen_tokens.append(toks)
            if len(chosen) >= limit:
                break
        return chosen
