"""A sentence that opens on a word pointing back leans on the sentence before (`brief/candidates.py`), read from the
English model's tags and morphology rather than a list of opening words (issue 26, rules round 5)."""

from __future__ import annotations

import pytest

from ragnews.brief.candidates import LEANS_BEFORE, junk_reason


@pytest.mark.parametrize("text", [
    "Those figures were revised upward by the statistics office on Monday.",  # a demonstrative determiner
    "Its factories in the north of the country were closed for a week.",  # a possessive pronoun of the third person
    "But the ministry of defence said the soldiers had been withdrawn.",  # a coordinating conjunction
    "“And we will not stop there,” the foreign minister told the parliament.",  # the same inside an opening quotation
    "Then the talks between the two delegations collapsed in Geneva.",  # "then": a demonstrative adverb of time
    "And-- you know, when you look at the polls, people prefer our approach.",  # a transcript's dash glued to the word
    "That we're closing corporate loopholes that small businesses don't get.",  # a "that" clause with no main clause
])
def test_an_opening_pro_form_or_conjunction_leans_on_the_sentence_before(text: str) -> None:
    assert junk_reason(text) == LEANS_BEFORE
    assert junk_reason(text, follows=True) is None


@pytest.mark.parametrize("text", [
    # "That" opens a clause that is the subject (a complementizer): it points back at nothing
    "That the minister resigned was no surprise to anyone in Westminster.",
    "Thatcher's government privatised the railways in the 1990s, the report said.",  # a name, not a pronoun
    "Here in Ohio, voters went to the polls on Tuesday to choose a new governor.",  # placed by its own phrase (review)
])
def test_an_opening_complementizer_or_name_leans_on_nothing(text: str) -> None:
    assert junk_reason(text) is None
