"""The note under an answer saying its sources differ compares like with like, as a briefing does."""

from __future__ import annotations

from ragnews.answer.asking import read_question
from ragnews.answer.citations import CitationBook
from ragnews.answer.extractive import disagreement_notes
from ragnews.index.evidence import Sentence
from ragnews.text.reading import default_reader
from tests.shareddata import embedder


def test_people_killed_and_people_marching_are_no_difference(tmp_path) -> None:
    """RealTime QA week 20231117: an answer about a pro-Israel protest noted "Sources differ on people killed:
    “1,400” [1] vs “more than 100,000” [4]" — the Oct. 7 attack's toll against a march through Paris. Compared
    without meaning (the answer path gave no embedder), any two "people" figures clashed."""
    found = {"attack": "The Hamas attack on southern Israel that killed 1,400 people on Oct. 7 shocked the country.",
             "march": "On Sunday, more than 100,000 people marched through Paris against antisemitism, police said."}
    for k, text in found.items():
        (tmp_path / f"{k}.txt").write_text(text + "\n")
    sentences = [Sentence(text, str(tmp_path / f"{k}.txt"), str(tmp_path / f"{k}.txt"), 1, 1, 0) for k, text in found.items()]
    info = read_question("How many people were killed?", default_reader())
    assert disagreement_notes(info, sentences, CitationBook()) == []
    assert disagreement_notes(info, sentences, CitationBook(), embedder()) == []


def test_two_tolls_of_one_crash_are_a_difference(tmp_path) -> None:
    """The control: the same question's note does fire when two sources count the same dead differently."""
    found = {"a": "The crash killed 12 people on Monday, police said.", "b": "The crash killed 15 people on Monday, officials said."}
    for k, text in found.items():
        (tmp_path / f"{k}.txt").write_text(text + "\n")
    sentences = [Sentence(text, str(tmp_path / f"{k}.txt"), str(tmp_path / f"{k}.txt"), 1, 1, 0) for k, text in found.items()]
    info = read_question("How many people were killed?", default_reader())
    assert disagreement_notes(info, sentences, CitationBook()) == ["Sources differ on people killed: “12” [1] vs “15” [2]."]
