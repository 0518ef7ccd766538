"""A superlative said in other words (issue 27, round 7): "the highest audience" says "the biggest audience"; "the
lowest audience" does not, and an ordinal is never paraphrased ("the second parade" is no "first parade"). Small
constructed sentences only."""

from __future__ import annotations

from ragnews.answer.extractive import _degrees_said
from ragnews.answer.scoring import Parameters

from .conftest import asked as _asked


def test_a_superlative_in_other_words_is_said(ask_reader) -> None:
    _, embedder = ask_reader
    asked = _asked(ask_reader, "When did the quiz show have its biggest ever audience?")
    texts = ["The show's highest audience came at Christmas 1996, when 20 million watched.",
             "The show's lowest audience came in the summer of 2001.",
             "The show's biggest audience came at Christmas 1996."]
    said = _degrees_said(asked, texts, embedder, Parameters().same_degree)
    assert "biggest" in said.get(texts[0], set())
    assert "biggest" not in said.get(texts[1], set())
    assert texts[2] not in said  # it says the word itself: nothing to paraphrase


def test_an_ordinal_is_not_paraphrased(ask_reader) -> None:
    _, embedder = ask_reader
    asked = _asked(ask_reader, "Where was the first lantern parade held?")
    assert not _degrees_said(asked, ["The second lantern parade was held in Brightwater."], embedder, 0.0)


def test_an_antonym_is_no_superlative_in_other_words(ask_reader) -> None:
    """MiniLM puts "weakest storm" near "strongest storm" (0.865): the calibrated bound sits above it."""
    _, embedder = ask_reader
    asked = _asked(ask_reader, "Which was the strongest storm of the season to hit Florida?")
    texts = ["The weakest storm of the season hit Florida in June."]
    assert "strongest" not in _degrees_said(asked, texts, embedder, Parameters().same_degree).get(texts[0], set())

