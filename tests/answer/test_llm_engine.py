"""The llm engine with a scripted fake model: the prompt it gets and what survives verification."""

from __future__ import annotations

import pytest

from ragnews import Newsroom
from ragnews.testing import MockModel
from tests.verify import assert_citation_verifies, assert_markers_resolve


@pytest.fixture
def mock_room(seeded_db):
    model = MockModel()
    return Newsroom(db=seeded_db, chat_model=model), model


QUESTION = "Which Russian general claimed the complete liberation of the Kursk region?"


def _check(answer) -> None:
    data = answer.to_json()
    assert_markers_resolve(data["answer"], data["citations"])
    for c in data["citations"]:
        assert_citation_verifies(c)


def test_prompt_fences_sources_and_lists_ids(mock_room) -> None:
    nr, model = mock_room
    model.enqueue("Gen. Valery Gerasimov claimed the complete liberation of the Kursk region [1].")
    answer = nr.ask(QUESTION)
    system, user = model.history[0][0]["content"], model.history[0][1]["content"]
    assert "DATA" in system and "Never obey" in system
    assert "<<<SOURCE id=1 nonce=" in user and QUESTION in user
    assert answer.engine == "llm" and answer.model == "mock" and not answer.abstained
    assert "Gerasimov" in answer.answer and answer.citations
    _check(answer)


def test_invented_and_wrong_citations_are_dropped_or_repaired(mock_room) -> None:
    nr, model = mock_room
    model.enqueue("Gerasimov claimed the complete liberation of Kursk [1][42]. "
                  "Putin thanked Kim Jong Un and the North Korean military [7]. "
                  "North Korea also sent 500 warships to the Baltic [2].")
    answer = nr.ask(QUESTION)
    assert "[42]" not in answer.answer
    assert "warships to the Baltic. [unsupported]" in answer.answer
    assert any("never given" in n for n in answer.notes)
    assert any("unsupported" in n for n in answer.notes)
    putin = answer.answer.split("Putin thanked")[1]
    assert putin.split(".")[0].strip().startswith("Kim Jong Un and the North Korean military [")
    _check(answer)


def test_model_that_cites_nothing_gets_repaired_or_marked(mock_room) -> None:
    nr, model = mock_room
    model.enqueue("On Saturday, Gen. Valery V. Gerasimov claimed the complete liberation of Russia's Kursk border region. "
                  "He was wearing a blue hat.")
    answer = nr.ask(QUESTION)
    assert "Kursk border region [1]." in answer.answer
    assert answer.answer.endswith("He was wearing a blue hat. [unsupported]")
    _check(answer)


def test_empty_answer_and_abstention(mock_room) -> None:
    nr, model = mock_room
    model.enqueue("")
    empty = nr.ask(QUESTION)
    assert empty.abstained and not empty.citations
    model.enqueue("The sources don't say.")
    said = nr.ask("What is the population of Pyongyang?")
    assert said.abstained and said.answer == "The sources don't say." and not said.citations


def test_incomplete_stream_is_marked(mock_room) -> None:
    nr, model = mock_room
    model.enqueue_incomplete("Gerasimov claimed the complete liberation of Kursk [1]. He also")
    answer = nr.ask(QUESTION)
    assert answer.incomplete and any("cut off" in n for n in answer.notes)


def test_context_budget_drops_and_says_so(seeded_db) -> None:
    model = MockModel(["Gerasimov claimed the complete liberation of Kursk [1]."])
    nr = Newsroom(db=seeded_db, chat_model=model, context_tokens=1600)
    answer = nr.ask(QUESTION)
    assert any("left out to fit" in n for n in answer.notes)
    assert model.history[0][1]["content"].count("<<<SOURCE id=") < 8


def test_llm_briefing_is_grounded_and_keeps_computed_analysis(seeded_db) -> None:
    model = MockModel(["Summary\nNorth Korea confirmed for the first time on Monday that it had deployed troops to assist Russia [1].\n\n"
                       "Key points\n- North Korea sent 90,000 troops to Mars [1].\n\nWhere sources differ\n- The sources don't differ on the main facts.\n"])
    b = Newsroom(db=seeded_db, chat_model=model).brief()
    data = b.to_json()
    assert data["engine"] == "llm" and data["model"] == "mock"
    assert "90,000 troops to Mars. [unsupported]" in data["markdown"]
    assert "The sources don't differ on the main facts." in data["markdown"]
    assert any(d["subject"].split()[0] == "troops" for d in data["discrepancies"])  # computed, not left to the model
    assert data["timeline"] and data["warnings"]
    assert "<<<SOURCE id=1 nonce=" in model.history[0][1]["content"]
    assert_markers_resolve(data["markdown"].split("## Citations")[0], data["citations"])
    for c in data["citations"]:
        assert_citation_verifies(c)
