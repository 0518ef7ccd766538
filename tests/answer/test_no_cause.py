"""Phrases that look like a cause and are none (issue 27, round 13): "due to open this weekend" tells a schedule (an
infinitive after "due", not "due to" a noun), and "forced to withdraw" for "why did she withdraw" is the asked event
itself told as the complement of another verb, not its cause. Small constructed sentences only."""

from __future__ import annotations

from typing import Any

from ragnews.answer.scoring import Parameters

from .conftest import answers, fill_reason
from .conftest import asked as _asked


def _fill(ask_reader: tuple[Any, Any], question: str, sentence: str) -> float:
    return fill_reason(ask_reader, question, sentence)


def test_due_to_with_an_infinitive_is_a_schedule_not_a_cause(ask_reader) -> None:
    reader, _ = ask_reader
    scheduled, caused = reader.read(["The council has banned the play Red Rain, due to open in the capital this weekend.",
                                     "The council has banned the play Red Rain due to its violent scenes."])
    assert not scheduled.reasons
    assert [x.marker for x in caused.reasons] == ["due"]


def test_a_schedule_does_not_answer_why(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "Why did the council ban Red Rain?"
    assert _fill(ask_reader, question, "The council has banned the play Red Rain, due to open in the capital this weekend.") < minimum
    assert _fill(ask_reader, question, "The council has banned the play Red Rain due to its violent scenes.") >= minimum


def test_the_asked_event_as_a_complement_is_not_its_cause(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "Why did Ana Ruiz withdraw from the national championships?"
    assert _fill(ask_reader, question, 'Ana Ruiz said: "I am very disappointed that I have been forced to withdraw.') < minimum
    assert _fill(ask_reader, question, "Ana Ruiz withdrew from the national championships because of a knee injury.") >= minimum
    assert _fill(ask_reader, "Why did shares in Acme fall?", "Shares in Acme fell because its profits fell.") >= minimum


def test_the_article_answers_with_its_cause(ask_reader) -> None:
    texts = ["Ana Ruiz has withdrawn from the national championships.",
             'Ana Ruiz said: "I am very disappointed that I have been forced to withdraw.',
             "The race is held in Leeds every spring."]
    assert answers(ask_reader, "Why did Ana Ruiz withdraw from the national championships?", texts, "Ruiz out of championships") == []


def test_a_city_naming_the_asked_thing_must_be_met(ask_reader) -> None:
    """'the Dublin race' says which race: an answer must be about that one. A country before a noun ("which US state")
    says only where, and news about it rarely repeats it (round 7): that name still need not be met."""
    assert [e.text for e in _asked(ask_reader, "Who has won the Dublin race for the last two years?").entities] == ["Dublin"]
    assert _asked(ask_reader, "Which US state raises the most turkeys?").entities == ()
    texts = ["Ana Ruiz won the race in 21.07 seconds with Maria Lopez second.", "The meeting drew a crowd of 5,000."]
    assert answers(ask_reader, "Who won the Dublin race?", texts, "Indoor meeting in Leeds") == []
    assert answers(ask_reader, "Who won the Dublin race?", texts, "Indoor meeting in Dublin") == [texts[0]]
