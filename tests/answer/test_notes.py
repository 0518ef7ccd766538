"""The note under an answer saying its sources differ compares like with like, as a briefing does."""

from __future__ import annotations

import json
import re

from ragnews.answer.asking import read_question
from ragnews.answer.citations import CitationBook
from ragnews.answer.extractive import disagreement_notes
from ragnews.index.evidence import Sentence
from ragnews.text.reading import default_reader
from ragnews.text.sentences import split_sentences
from tests.shareddata import DATA, embedder, needs_data

pytestmark = needs_data


def test_people_killed_and_people_marching_are_no_difference(tmp_path) -> None:
    """RealTime QA week 20231117: an answer about a pro-Israel protest noted "Sources differ on people killed:
    “1,400” [1] vs “more than 100,000” [4]" — the Oct. 7 attack's toll against a march through Paris. Compared
    without meaning (the answer path gave no embedder), any two "people" figures clashed."""
    pages = [r["text"] for line in (DATA / "realtimeqa" / "20231117_gcs.jsonl").read_text(encoding="utf-8").splitlines()
             for r in json.loads(line).get("search_result") or []]
    found = {}
    for page in pages:
        for s in split_sentences(page):
            if re.search(r"Hamas attack on southern Israel that killed 1,400 people|more than 100,000 people marched", s):
                found.setdefault("attack" if "1,400" in s else "march", s)
    assert set(found) == {"attack", "march"}
    for k, text in found.items():
        (tmp_path / f"{k}.txt").write_text(text + "\n")
    sentences = [Sentence(text, str(tmp_path / f"{k}.txt"), str(tmp_path / f"{k}.txt"), 1, 1, 0) for k, text in found.items()]
    info = read_question("How many people were killed?", default_reader())
    assert disagreement_notes(info, sentences, CitationBook()) == []
    assert disagreement_notes(info, sentences, CitationBook(), embedder()) == []
