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
