"""Lexical helpers shared by the analyses: content words, TF-IDF similarity, clauses.

The analyses compare short sentences from different outlets; they need to
know whether two clauses tell the same thing, and which part of a long
sentence a figure or date belongs to. These are those few shared tools.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

import numpy as np

from ragnews.analysis.model import Similarity
from ragnews.text.terms import STOPWORDS

# The project's stopwords, plus the counting and time words: the analyses compare wording with the
# dates and figures taken out, because accounts of one event may differ in exactly those, and these
# words are how dates and figures are spelled out ("last year", "the first two").
STOP = STOPWORDS | {"one", "two", "first", "last", "year", "years"}

_CLAUSE_CUT = re.compile(r"[,;:]\s+|\s[—–]\s|—")


def words(text: str) -> list[str]:
    """Lowercase content words, lightly singularised, for TF-IDF."""
    return [w.rstrip("s") if len(w) > 4 else w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]


def lower_words(text: str) -> set[str]:
    """Common-noun/verb content words (lowercase in the text): what a clause says, not who."""
    return {w.rstrip("s") for w in re.findall(r"\b[a-z][a-z\-]+\b", text) if w not in STOP and len(w) > 2}


class Tfidf:
    """TF-IDF cosine over a fixed set of short texts; IDF damps the story's ubiquitous words."""

    def __init__(self, texts: list[str]):
        docs = [Counter(words(t)) for t in texts]
        df = Counter(w for d in docs for w in d)
        n = len(docs) + 1
        self.vecs = []
        for d in docs:
            v = {w: c * math.log(n / df[w]) for w, c in d.items()}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            self.vecs.append({w: x / norm for w, x in v.items()})

    def sim(self, i: int, j: int) -> float:
        a, b = self.vecs[i], self.vecs[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(x * b.get(w, 0.0) for w, x in a.items())


def similarity_fn(texts: list[str], similarity: Similarity | None) -> Callable[[int, int], float]:
    """Pairwise similarity of texts by index: TF-IDF, raised by embeddings when an embedder is given."""
    tfidf = Tfidf(texts)
    if similarity is None or not texts:
        return tfidf.sim
    vecs = np.asarray(similarity(texts), dtype=float)
    # Embeddings judge meaning; the lexical score keeps "12 killed" and "15 killed" distinct facts.
    return lambda i, j: max(tfidf.sim(i, j), float(vecs[i] @ vecs[j]) - 0.35)


def clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans split at commas, semicolons and dashes (quotes kept whole enough)."""
    cuts = [0] + [m.end() for m in _CLAUSE_CUT.finditer(text)] + [len(text) + 1]
    return [(cuts[i], cuts[i + 1] - 1) for i in range(len(cuts) - 1)]


def clause_at(text: str, pos: int) -> tuple[int, int]:
    """The clause containing pos: a figure or date belongs to what its own clause says."""
    for s, e in clauses(text):
        if s <= pos < e + 1:
            return s, e
    return 0, len(text)


def event_text(text: str, pos: int, limit: int = 170) -> str:
    """The sentence, or for long sentences the clause around pos widened to a readable length."""
    if len(text) <= limit:
        return text.strip()
    spans = clauses(text)
    idx = next((i for i, (s, e) in enumerate(spans) if s <= pos <= e), 0)
    lo, hi = idx, idx
    while spans[hi][1] - spans[lo][0] < 60 and (lo > 0 or hi < len(spans) - 1):
        if hi < len(spans) - 1:
            hi += 1
        else:
            lo -= 1
    start, end = spans[lo][0], spans[hi][1]
    part = text[start:end].strip(" ,;—–")
    if start > 0:  # a clause out of its sentence: shown as cut, without the conjunction that tied it on
        part = "…" + re.sub(r"^(?:and|but|or|so|yet)\s+", "", part)
    if text[end:].strip(" .\"”’'"):
        part += "…"
    return part


def article_relatedness(sentences: dict[str, list[str]], similarity: Similarity | None) -> Relatedness:
    """How alike two whole articles are (by source): two accounts of one story, or two different stories.

    Two accounts of one story have similar leads (the lead says what the story is), or, when a lead
    is cluttered, share a few sentences that say the same thing; two stories from one beat share
    vocabulary but neither. So: the larger of the leads' cosine and the mean of the three closest
    cross-article sentence pairs (embeddings). Without an embedder every pair counts as related:
    word overlap between a handful of articles does not separate stories reliably. An article is embedded
    only when first compared: most pairs are never asked about (their figures do not clash).
    """
    return Relatedness(sentences, similarity)


class Relatedness:
    """`article_relatedness`: called with two sources, their relatedness; `at_least` asks only whether it reaches a bound.

    Every caller compares it with a bound, and the sentences' part alone often reaches it: the leads (a long
    text each, embedded alone) are then never embedded, and every decision is the one the full value gives.
    """

    def __init__(self, sentences: dict[str, list[str]], similarity: Similarity | None) -> None:
        self.sentences, self.similarity = sentences, similarity
        self.names = [n for n in sentences if sentences[n]]
        self._embedded: dict[str, np.ndarray] = {}  # an article's sentences, embedded when first compared
        self._leads: dict[str, np.ndarray] = {}  # its lead, embedded when a bound needs it
        self._closest: dict[tuple[str, str], float] = {}
        self._cache: dict[tuple[str, str], float] = {}

    def _vectors(self, n: str) -> np.ndarray:
        assert self.similarity is not None
        if n not in self._embedded:
            self._embedded[n] = np.asarray(self.similarity(self.sentences[n]), dtype=float)
        return self._embedded[n]

    def _lead(self, n: str) -> np.ndarray:
        assert self.similarity is not None
        if n not in self._leads:  # the lead apart: a long text batched with short ones pads them all to its length
            self._leads[n] = np.asarray(self.similarity([" ".join(self.sentences[n])[:1200]]), dtype=float)[0]
        return self._leads[n]

    def _close(self, a: str, b: str) -> float:
        """The mean of the three closest cross-article sentence pairs (as first asked: a's sentences to b's)."""
        if (a, b) not in self._closest:
            best = np.sort((self._vectors(a) @ self._vectors(b).T).max(axis=1))[::-1][:3]
            self._closest[(a, b)] = self._closest[(b, a)] = float(best.mean())
        return self._closest[(a, b)]

    def __call__(self, a: str, b: str) -> float:
        if self.similarity is None or not self.names:
            return 1.0
        if a not in self.names or b not in self.names:
            return 0.0
        if (a, b) not in self._cache:
            close = self._close(a, b)
            self._cache[(a, b)] = self._cache[(b, a)] = max(close, float(self._lead(a) @ self._lead(b)))
        return self._cache[(a, b)]

    def at_least(self, a: str, b: str, bound: float) -> bool:
        """Whether a and b are related at least `bound` (the same answer as `self(a, b) >= bound`)."""
        if self.similarity is None or not self.names or a not in self.names or b not in self.names or (a, b) in self._cache:
            return self(a, b) >= bound
        return self._close(a, b) >= bound or self(a, b) >= bound
