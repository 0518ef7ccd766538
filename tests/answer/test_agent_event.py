"""Who did the asked event, and a cause told without a connective (issue 27, round 8). Constructed sentences only.

A person in a sentence that tells none of the question's event did something else: "who is funding the mission"
is not answered by whoever is sending troopers. Where the slot is not the subject ("whose portrait will replace…"),
the name inside the clause of the asked verb fills it, not a name of a neighbouring verb's clause. A cause may be
told by a verb of causing ("heavy rain led to the collapse") or as "X was the factor that caused…", with no
"because".
"""

from __future__ import annotations

from typing import Any

from ragnews.answer.extractive import slot_fill
from ragnews.answer.scoring import Parameters

from .conftest import asked as _asked


def _fill(ask_reader: Any, question: str, sentence: str, reason_noun: Any = None) -> float:
    from ragnews.text.reading import speakers

    reader, _ = ask_reader
    readings = reader.read([sentence])
    return slot_fill(_asked(ask_reader, question), readings[-1], speakers(readings)[-1], reason_noun=reason_noun)


def test_a_person_doing_another_thing_does_not_fill_who_did_the_event(ask_reader: Any) -> None:
    minimum = Parameters().slot_min
    question = "Who is funding the Arizona border mission?"
    assert _fill(ask_reader, question, "Gov. Doug Ducey is sending state troopers to the border, his office said.") < minimum
    assert _fill(ask_reader, question, "Harold Finch is funding the mission from his own pocket.") >= minimum


def test_the_name_in_the_asked_verbs_clause_fills_a_slot_that_is_not_the_subject(ask_reader: Any) -> None:
    question = "Whose portrait will replace Henry Clay's?"
    other = _fill(ask_reader, question, "The Senate voted to hang the portrait of Henry Clay in the lobby.")
    own = _fill(ask_reader, question, "The Senate will replace its portrait of Henry Clay with one honoring Frances Perkins.")
    assert own == 1.0  # fully: beyond the body that does the replacing, and beyond a name of another verb's clause
    assert other < Parameters().slot_min


def test_a_cause_told_by_a_verb_of_causing_fills_why(ask_reader: Any) -> None:
    minimum = Parameters().slot_min
    question = "Why did the Elmbridge viaduct collapse?"
    assert _fill(ask_reader, question, "Heavy rain led to the collapse of the viaduct.") >= minimum
    assert _fill(ask_reader, question, "Corrosion was the primary factor that caused the viaduct to collapse, engineers said.") >= minimum
    # a cause of something else is no cause of the asked event
    assert _fill(ask_reader, question, "Heavy rain led to the closure of the schools.") < minimum
    assert _fill(ask_reader, question, "The viaduct collapsed on Monday.") < minimum


def test_a_be_whose_subject_is_a_noun_of_cause_fills_why(ask_reader: Any) -> None:
    minimum = Parameters().slot_min
    question = "Why did the Elmbridge viaduct collapse?"
    causes = {"reason", "cause"}.__contains__
    assert _fill(ask_reader, question, "The reason for the collapse was corrosion in the main cables.", causes) >= minimum
    assert _fill(ask_reader, question, "The main reason the trains stopped was a strike.", causes) < minimum


def test_a_body_doing_the_event_fills_who_before_a_person_doing_nothing(ask_reader: Any) -> None:
    # "who" may be answered by a firm; a person named only as its owner did not do the asked thing
    minimum = Parameters().slot_min
    question = "Who is funding the Arizona border mission?"
    assert _fill(ask_reader, question, "The mission is funded by Acme Holdings, a Texas firm owned by Harold Finch.") >= minimum
    assert _fill(ask_reader, question, "Acme Holdings, a Texas firm owned by Harold Finch, builds fences.") < minimum


def test_a_passive_misread_as_be_keeps_its_event(ask_reader: Any) -> None:
    # the small model reads "is … seen" as "is" with "seen" modifying the subject: the event is still "see", and a
    # cause of another event ("a ban for doping offences") does not answer why the case is seen so
    asked = _asked(ask_reader, "Why is Ana Ruiz's doping case seen as a landmark?")
    assert "see" in asked.verbs
    assert _fill(ask_reader, "Why is Ana Ruiz's doping case seen as a landmark?",
                 "Sprinter Ana Ruiz has received an eight-year ban for doping offences after a hearing.") < Parameters().slot_min
