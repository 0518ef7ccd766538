"""Fixtures shared by the answer tests: the English reader and MiniLM, loaded once per module."""

from __future__ import annotations

from typing import Any

import pytest

from ragnews.answer.asking import read_question
from ragnews.answer.scoring import parameters


@pytest.fixture(scope="module")
def ask_reader() -> tuple[Any, Any]:
    from ragnews.index.embedders import make_embedder
    from ragnews.text.reading import default_reader

    return default_reader(), make_embedder("minilm")


def asked(ask_reader: tuple[Any, Any], question: str) -> Any:
    """The question as the extractive engine reads it."""
    reader, embedder = ask_reader
    return read_question(question, reader, embedder, parameters(embedder.name).noun_type)


def fill(ask_reader: tuple[Any, Any], question: str, sentences: str | list[str]) -> float:
    """How well the last of `sentences` (read in order, "he said" resolved across them) fills the question's slot."""
    from ragnews.answer.extractive import slot_fill
    from ragnews.text.reading import speakers

    reader, _ = ask_reader
    readings = reader.read([sentences] if isinstance(sentences, str) else sentences)
    return float(slot_fill(asked(ask_reader, question), readings[-1], speakers(readings)[-1]))


def fill_reason(ask_reader: tuple[Any, Any], question: str, sentence: str) -> float:
    """`fill` with what a why-question needs beside the slot: the asked event's verbs met by meaning and the nouns
    that name a reason ("the primary factor that tripped her up")."""
    from ragnews.answer.extractive import _reason_nouns, _same_event, slot_fill
    from ragnews.text.reading import speakers

    reader, embedder = ask_reader
    p = parameters(embedder.name)
    q, readings = asked(ask_reader, question), reader.read([sentence])
    return float(slot_fill(q, readings[-1], speakers(readings)[-1], None, _same_event(q, readings, embedder, p.same_predicate),
                           None, _reason_nouns(q, readings, embedder, p.noun_type)))


def article_sentences(texts: list[str], path: str = "a.txt", gap_before: int | None = None) -> list[Any]:
    """One article's sentences as retrieval gives them, in order, each starting after the one before (`gap_before`:
    the index of a sentence before which a chunk was not retrieved)."""
    from ragnews.index.evidence import Sentence

    out, offset = [], 0
    for i, text in enumerate(texts):
        if i == gap_before:
            offset += 500
        out.append(Sentence(text=text, source=path, path=path, start_line=1, end_line=1, offset=offset, chunk_id="a-00000"))
        offset += len(text) + 1
    return out



def answers(ask_reader: tuple[Any, Any], question: str, texts: list[str], title: str) -> list[str]:
    """The sentences of one constructed article (titled `title`) that answer `question`, as the engine scores them."""
    from ragnews.answer.extractive import Evidence, _read, score_sentences
    from ragnews.answer.scoring import Parameters

    reader, embedder = ask_reader
    sents = article_sentences(texts)
    evidence = Evidence(sents, {}, {"a.txt": title}, {}, {"a.txt": sents})
    read = _read(evidence, reader, lambda noun: False)
    scored = score_sentences(asked(ask_reader, question), evidence, read, embedder, Parameters())
    return [s.sentence.text for s in scored if s.verdict.answers]
