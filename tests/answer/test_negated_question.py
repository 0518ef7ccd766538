"""A question asked in the negative (issue 27, round 12). Constructed articles and questions only.

A quiz question may open with a clause that sets the scene ("While accounts of what was eaten vary, which fruit
was not served?"): the question asks with its last wh-word, and its "not" is its own. A sentence with no negated
clause may still answer it ("declined to sign", "was unable to finish", "died"): the reading's polarity is not
enough to refuse it (a cap on such sentences dropped plain answers in review and gained no dev question).
"""

from __future__ import annotations

from typing import Any

from .conftest import answers
from .conftest import asked as _asked

_OPENING = "While accounts of what was eaten at the harvest feast differ, which fruit was certainly not served?"


def _answers(ask_reader: tuple[Any, Any], question: str, texts: list[str]) -> list[str]:
    return answers(ask_reader, question, texts, "The band's spring tour")


def test_the_question_asks_with_its_own_wh_word_and_its_own_not(ask_reader) -> None:
    asked = _asked(ask_reader, _OPENING)
    assert (asked.predicate, asked.noun, asked.negated) == ("serve", "fruit", True)
    assert _asked(ask_reader, "Which fruit was not served at the harvest feast?").negated
    assert not _asked(ask_reader, "Which fruit was served at the harvest feast?").negated
    assert _asked(ask_reader, "How many people did the report say died?").wants == "quantity"


def test_a_negated_question_is_answered_by_a_sentence_that_says_it_in_other_words(ask_reader) -> None:
    declined = ["Only Norland declined to sign the climate treaty at the summit, officials said."]
    assert _answers(ask_reader, "Which country did not sign the climate treaty?", declined) == declined
