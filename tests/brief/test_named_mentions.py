"""A key point's support meets an outlet that calls the actor by a noun phrase ("the prince") where another names him
(`brief/keypoints.py` reading each sentence with its article's mentions written as names, `text/mentions.py`)."""

from __future__ import annotations

import pytest

from ragnews.analysis.corroboration import STATES, calibration, judge
from ragnews.answer.citations import CitationBook
from ragnews.brief.keypoints import KeyPointPicker
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text.reading import default_reader


def _article(path: str, lines: list[str]) -> ArticleText:
    return ArticleText(path, path, None, None, None, [Sentence(t, path, path, i + 1, i + 1, i * 1000) for i, t in enumerate(lines)])


def _outlets(embedder) -> tuple[ArticleText, ArticleText, KeyPointPicker]:
    """One outlet names the prince in both sentences; the other calls him "the prince" in its second."""
    named = _article("a.txt", ["Prince Olav Strand, the younger brother of the king, is suing his former advisers in Manhattan.",
                               "Prince Olav Strand is asking a judge to keep the statues out of the trial."])
    called = _article("b.txt", ["Prince Olav Strand has sued the advisers who managed his fortune for two decades.",
                                "The prince's lawyers are trying to block any mention of the statues when the trial begins."])
    picker = KeyPointPicker([named, called], CitationBook(), embedder.embed, reader=default_reader(), embedder_name=embedder.name)
    return named, called, picker


@pytest.fixture(scope="module")
def embedder():
    from ragnews.index.embedders import MiniLMEmbedder

    return MiniLMEmbedder()


def test_an_outlet_calling_the_actor_the_prince_states_the_fact_another_tells_with_his_name(embedder):
    named, called, picker = _outlets(embedder)
    a, b = named.sentences[1].text, called.sentences[1].text
    params = calibration(embedder.name)
    raw_a, raw_b = default_reader().read([a, b])
    vectors = embedder.embed([a, b])
    assert judge(raw_a, raw_b, float(vectors[0] @ vectors[1]), params) != STATES  # read alone, no name in common
    assert picker._as_named(b).startswith("Prince Olav Strand's lawyers are trying")
    assert {"olav", "strand"} <= set(picker.readings[b].lemmas)
    assert judge(picker.readings[a], picker.readings[b], picker._cosine(a, b), params) == STATES
    # what is shown and quoted is the sentence as written
    assert picker._as_named(a) == a and picker.readings[b].text == b


def test_explain_shows_a_sentence_as_compared_with_its_mentions_named(embedder):
    _, _, picker = _outlets(embedder)
    compared = {e.get("named") for e in picker.explain()} | {w.get("named") for e in picker.explain() for w in e.get("weighed", [])}
    assert "Prince Olav Strand's lawyers are trying to block any mention of the statues when the trial begins." in compared
