"""Whether two articles tell one story: `at_least` answers as the full value does, and embeds a lead only when needed."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ragnews.analysis.textsim import article_relatedness

# unit vectors by meaning: the sentences of A and B say the same things; C's say something else, but its lead reads
# like A's (a long first paragraph that mentions the story)
VECTORS = {"x": [1.0, 0.0, 0.0], "y": [0.0, 1.0, 0.0], "z": [0.0, 0.0, 1.0]}
SENTENCES = {"A": ["x1 one.", "y1 two.", "x2 three."], "B": ["x3 four.", "y2 five.", "x4 six."], "C": ["z1 seven.", "z2 eight."]}


class Embedded:
    """A similarity function over these texts that records every text it embedded."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return np.array([self.vector(t) for t in texts])

    @staticmethod
    def vector(text: str) -> list[float]:
        if len(text) > 20 or text.startswith("z1 seven. z2"):  # a lead: C's reads like A's
            return VECTORS["x"]
        return VECTORS[text[0]]


def test_a_bound_the_sentences_reach_embeds_no_lead_and_answers_as_the_value_does() -> None:
    similarity = Embedded()
    related = article_relatedness(SENTENCES, similarity)
    assert related.at_least("A", "B", 0.7)
    assert not any(len(t) > 20 for t in similarity.texts)  # the sentences settled it: no lead embedded
    assert related("A", "B") == 1.0 and related.at_least("A", "B", 1.0)


def test_a_bound_the_sentences_miss_reads_the_leads() -> None:
    similarity = Embedded()
    related = article_relatedness(SENTENCES, similarity)
    assert related.at_least("A", "C", 0.7)  # the sentences are unalike, the leads alike
    assert any(len(t) > 20 for t in similarity.texts)
    assert related("A", "C") == 1.0


def test_every_bound_gives_the_answer_of_the_full_value() -> None:
    full = article_relatedness(SENTENCES, Embedded())
    for bound in (0.0, 0.3, 0.7, 1.0, 1.1):
        for a in ("A", "B", "C", "D"):
            for b in ("A", "B", "C", "D"):
                assert article_relatedness(SENTENCES, Embedded()).at_least(a, b, bound) == (full(a, b) >= bound)


def test_without_an_embedder_every_pair_is_related() -> None:
    related = article_relatedness(SENTENCES, None)
    assert related("A", "C") == 1.0 and related.at_least("A", "C", 0.99)
