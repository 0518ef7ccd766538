"""General causes of misses on BBC set 4 (issue 27, round 11), each reproduced on small constructed sentences written
for it (no text of any set): an age set on the question's event with "at" ("has died in Madrid at 71")."""

from __future__ import annotations

from ragnews.answer.scoring import Parameters

from .conftest import asked as _asked
from .conftest import fill as _fill


def test_an_age_at_the_questions_event_answers_how_old(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How old was the painter Ana Ruiz when she died?"
    assert _fill(ask_reader, question, "The painter Ana Ruiz has died in Madrid at 71.") >= minimum
    assert _fill(ask_reader, question, "Ana Ruiz died at home at 71, her family said.") >= minimum


def test_a_number_after_at_of_another_event_or_in_a_name_is_no_age(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How old was the painter Ana Ruiz when she died?"
    assert _fill(ask_reader, question, "Ana Ruiz arrived in Madrid at 19 and died there in 2001.") < minimum
    assert _fill(ask_reader, question, "Ana Ruiz died at 10 Downing Street.") < minimum
    assert _fill(ask_reader, question, "Maria Lopez, her rival, died at 64 in Madrid.") < minimum
    assert _fill(ask_reader, "How many paintings did Ana Ruiz sell when she died?", "Ana Ruiz died at 71.") < minimum


def test_did_supports_the_base_verb_not_a_participle_describing_the_subject(ask_reader) -> None:
    """The small parse hangs "why did" on "accused"; do-support takes a base form, so the event is "want"."""
    a = _asked(ask_reader, "Why did the people accused over the fire want the report held back?")
    assert a.predicate == "want" and "accuse" not in a.verbs
    assert _asked(ask_reader, "Why did the council close the library?").predicate == "close"
