"""Reading a one-shot question in a child process: the same reading as in process, and any failure is harmless."""

from __future__ import annotations

import io
import json
import pickle
from typing import Any

import pytest

from ragnews.answer import ahead
from ragnews.answer.asking import read_question
from ragnews.index.embedders import MINILM_NAME

from .conftest import asked

QUESTION = "How many jobs did the carmaker say it would cut in Germany?"


def test_the_child_reads_the_question_as_this_process_does(ask_reader: tuple[Any, Any]) -> None:
    reader, _ = ask_reader
    out = io.BytesIO()
    assert ahead.main(json.dumps({"question": QUESTION, "model": reader.model}), out) == 0
    read = pickle.loads(out.getvalue())
    assert read[MINILM_NAME] == asked(ask_reader, QUESTION)  # as the extractive engine reads it
    assert read[""] == read_question(QUESTION, reader)  # as retrieval reads it


def test_a_which_noun_is_typed_by_meaning_in_the_child_too(ask_reader: tuple[Any, Any]) -> None:
    reader, _ = ask_reader
    question = "Which company bought the football club?"
    out = io.BytesIO()
    assert ahead.main(json.dumps({"question": question, "model": reader.model}), out) == 0
    child = pickle.loads(out.getvalue())[MINILM_NAME]
    assert child == asked(ask_reader, question)
    assert child.wants == "organisation"


@pytest.mark.parametrize("request_text", ["", "{not json", json.dumps({"question": "Who?", "model": "no_such_pipeline"}),
                                          json.dumps({"model": "x"})])
def test_the_child_exits_1_without_output_when_it_cannot_read(request_text: str) -> None:
    out = io.BytesIO()
    assert ahead.main(request_text, out) == 1
    assert out.getvalue() == b""


def test_a_real_child_hands_back_the_reading(ask_reader: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    reader, _ = ask_reader
    monkeypatch.setattr(ahead, "worth_it", lambda model: True)  # this test process has the model loaded already
    assert ahead.start(QUESTION, reader.model)
    assert ahead.take(QUESTION, reader.model, MINILM_NAME) == asked(ask_reader, QUESTION)
    assert ahead.take(QUESTION, reader.model, MINILM_NAME) is None  # taken once
    assert ahead.take(QUESTION, reader.model) == read_question(QUESTION, reader)
    assert ahead.take(QUESTION, reader.model, "openai:text-embedding-3-small") is None  # another embedder reads it here


def test_a_failed_child_means_the_question_is_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ahead, "worth_it", lambda model: True)
    assert ahead.start("Who won?", "no_such_pipeline")
    assert ahead.take("Who won?", "no_such_pipeline", MINILM_NAME) is None
    assert ahead.take("Who else?", "no_such_pipeline", MINILM_NAME) is None  # never started


def test_nothing_is_read_ahead_once_the_model_is_loaded_here(ask_reader: tuple[Any, Any]) -> None:
    reader, _ = ask_reader
    reader.one("The model is loaded now.")
    assert not ahead.worth_it(reader.model)
    assert not ahead.start(QUESTION, reader.model)


def test_only_a_process_s_first_question_is_read_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """A resident process whose candidates were all read at ingest never loads the model on its own: it must not
    start a child for every question."""
    monkeypatch.setattr(ahead, "_started", set())
    monkeypatch.setattr("ragnews.text.language.loaded", lambda model=None: False)
    assert ahead.worth_it("some_model")
    assert ahead.start("Who won?", "some_model")
    assert not ahead.worth_it("some_model") and not ahead.start("Who lost?", "some_model")
    assert ahead.take("Who won?", "some_model") is None  # (no such model: the child fails, the question is read here)


def test_ask_reads_ahead_only_when_asked_to(seeded_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ragnews import Newsroom

    started: list[tuple[str, str]] = []
    monkeypatch.setattr(ahead, "start", lambda *key: started.append(key) or False)
    Newsroom(db=seeded_db).ask("Who is Artyom Lukin?", engine="extractive")
    Newsroom(db=seeded_db, read_ahead=False).ask("Who is Artyom Lukin?", engine="extractive")
    assert [q for q, _ in started] == ["Who is Artyom Lukin?"]


def test_a_reading_not_taken_is_forgotten_and_its_child_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ahead, "worth_it", lambda model: True)
    assert ahead.start("Who won the cup?", "no_such_pipeline")
    ahead.forget("Who won the cup?", "no_such_pipeline")
    assert ahead.take("Who won the cup?", "no_such_pipeline") is None
    assert not ahead._pending and not ahead._read_ahead
