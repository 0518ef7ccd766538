"""A range answers "how many" as one figure of what the question counts (constructed sentences only)."""

from __future__ import annotations

import pytest

from .conftest import fill


@pytest.mark.parametrize("question, sentence", [
    ("How many people were injured in the blast?", "Between 10 and 12 people were injured in the blast, police said."),
    ("How many troops has North Korea sent to Russia?", "North Korea has sent 10,000–12,000 troops to Russia, officials said."),
    ("How much of the vote did the party win?", "The party won 40%-42% of the vote in the poll, pollsters said."),
])
def test_a_range_fills_a_how_many_slot(ask_reader, question, sentence) -> None:
    assert fill(ask_reader, question, sentence) >= 1.0
