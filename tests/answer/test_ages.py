"""An age is a length of a life, not of an event (issue 27, round 7): it answers "how old" — however it is written,
"a 30-year-old", "aged 12", "from the age of seven" — and no other measure. A length written as one hyphenated word
("an eight-year ban") is a length. Small constructed sentences only."""

from __future__ import annotations

from ragnews.answer.extractive import _is_age, _lasts
from ragnews.answer.scoring import Parameters

from .conftest import fill as _fill


def test_lengths_and_ages_as_written() -> None:
    assert _lasts("eight-year") and _lasts("two weeks") and _lasts("85 years")
    assert _lasts("the age of seven") and _is_age("the age of seven") and _is_age("33-year-old")
    assert not _is_age("eight-year") and not _lasts("26 February")


def test_an_age_does_not_answer_how_long(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How long a ban has Ana Ruiz received?"
    assert _fill(ask_reader, question, "Sprinter Ana Ruiz has received an eight-year ban for doping offences.") >= minimum
    assert _fill(ask_reader, question, "The 33-year-old received the ban last month after a hearing.") < minimum


def test_an_age_answers_how_old_however_written(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How old was Tom Baker when he moved to Paris?"
    assert _fill(ask_reader, question, "Tom Baker moved to Paris at the age of seven with his mother.") >= minimum
    assert _fill(ask_reader, question, "The 30-year-old Tom Baker moved to Paris last year.") >= minimum


def test_an_age_is_no_distance(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How far will Ana Ruiz run on Sunday in Boston?"
    assert _fill(ask_reader, question, "The 29-year-old beat Ana Ruiz in Boston last year.") < minimum


def test_a_count_of_units_of_time_is_answered_by_a_length_the_recogniser_calls_a_date(ask_reader) -> None:
    """"How many days…": "within 90 days" is a DATE to the recogniser, and the count asked for."""
    minimum = Parameters().slot_min
    question = "How many days did the mayor give the council to report on the flood?"
    assert _fill(ask_reader, question, "The mayor wants a report on the flood within 90 days, officials said.") >= minimum
    assert _fill(ask_reader, question, "The mayor wants a report on the flood by Friday, officials said.") < minimum
