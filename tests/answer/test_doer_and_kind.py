"""Two readings of a question's slot (issue 27, round 5). Small constructed questions and sentences only.

"What prompted the evacuation?" asks for whatever did the asked event to the asked thing: the subject of a clause
telling that event of that thing (or its agent, in the passive), not a sentence where the same verb is done to
something else. "Which state said yes?" asks for a place: a person quoted, or an office speaking, is not one, even
when "state" is too far in meaning from every answer type to type the answer outright.
"""

from __future__ import annotations

from ragnews.answer.scoring import Parameters

from .conftest import asked as _asked
from .conftest import fill as _fill


def test_what_did_the_event_to_the_asked_thing_is_its_subject(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "What prompted the evacuation of Northfield?"
    asked = _asked(ask_reader, question)
    assert asked.role == "subject" and asked.patient == "evacuation" and asked.typed
    assert _fill(ask_reader, question, "A gas leak prompted the evacuation of Northfield on Sunday.") >= minimum
    assert _fill(ask_reader, question, "The evacuation of Northfield was prompted by a gas leak.") >= minimum
    # the same verb done to someone else tells another event
    assert _fill(ask_reader, question, "The floods in Northfield prompted Mayor Ana Ruiz to meet residents.") < minimum
    # done to a common noun, it may be the patient in other words
    assert _fill(ask_reader, question, "A gas leak in Northfield prompted the exodus of its residents.") >= minimum
    # the asked thing doing the event to another is no passive: it did it, nothing did it to it
    assert _fill(ask_reader, question, "The evacuation of Northfield prompted the closure of three schools.") < minimum
    # a sentence about the place that tells no such event holds no doer
    assert _fill(ask_reader, question, "Northfield accounted for 57 percent of evacuations in the county.") < minimum


def test_a_what_with_no_object_of_its_own_keeps_its_reading(ask_reader) -> None:
    assert _asked(ask_reader, "What happened in Northfield on Sunday?").patient is None
    assert _asked(ask_reader, "What did the inspectors find in the oysters?").patient is None  # "what" is the object


def test_a_person_or_office_speaking_is_not_the_asked_place(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "Which state said yes to the fishing treaty?"
    asked = _asked(ask_reader, question)
    assert asked.kind == "place"
    assert _fill(ask_reader, question, '"We back the fishing treaty," said Ana Ruiz, director of the state fishing council.') < minimum
    assert _fill(ask_reader, question, "The treaty is a good one, according to the Maine Fisheries Office.") < minimum
    # a person still fills a slot whose noun is nearest a person
    assert _fill(ask_reader, question.replace("state", "lawyer"), '"We back the fishing treaty," said Ana Ruiz, a lawyer.') >= minimum
    # a group that speaks is no place, whatever it is "of" (a law is none); a place that says it is one
    assert _fill(ask_reader, question, "Supporters and opponents of Article 9 say that if it passes, Maine fishermen "
                                       "would lose their licences.") < minimum
    assert _fill(ask_reader, question, "Maine said yes to the fishing treaty on Tuesday.") >= minimum


def test_the_asked_doer_did_it_to_the_asked_patient(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "Which union leader accused MPs of hypocrisy over their pensions?"
    asked = _asked(ask_reader, question)
    assert asked.patient in ("mp", "mps") and asked.patient_many  # the lemmatiser may leave the plural
    # the same verb done to someone else, or to a "him" that cannot be the MPs, is another event
    assert _fill(ask_reader, question, "Union leader Tom Hale accused Ana Ruiz of hypocrisy over pensions.") < minimum
    assert _fill(ask_reader, question, "Union leader Tom Hale wrote to Mr Ruiz, accusing him of hypocrisy over pensions.") < minimum
    assert _fill(ask_reader, question, "Union leader Tom Hale accused MPs of hypocrisy over their own pensions.") >= minimum
    assert _fill(ask_reader, question, "Union leader Tom Hale accused them of hypocrisy over their own pensions.") >= minimum
    # a common noun may be the patient in other words
    assert _fill(ask_reader, question, "Union leader Tom Hale accused legislators of hypocrisy over their own pensions.") >= minimum
    # a verb of saying has no patient: what is said is the answer's words
    assert _asked(ask_reader, "Which union leader said yes to the deal?").patient is None


def test_a_passive_agent_or_a_named_patient_is_not_another_event(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "Which director made the documentary about the miners?"
    assert _fill(ask_reader, question, "Made by director Ana Ruiz, the documentary about the miners won praise.") >= minimum
    # a title is often called otherwise by the sentence ("the film"): a named patient is not compared
    assert _asked(ask_reader, "Who directed Tears of the Sun?").patient is None


def test_why_someone_thinks_asks_the_cause_of_what_they_think(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "Why does the Dance Guild think fewer children are taking ballet classes?"
    asked = _asked(ask_reader, question)
    assert "take" in asked.verbs and "think" not in asked.verbs
    assert _fill(ask_reader, question, "The Dance Guild blames the popularity of computer games for the fall.") >= minimum
    # a purpose of another clause, held by a "have to", is not the cause asked for
    assert _fill(ask_reader, question, '"I think you have to be very focused on ballet to want to carry on," she said.') < minimum
    # a "be" naming the cause keeps it ("one reason is that…", "their aim is to…")
    assert _fill(ask_reader, "Why did Acme close the plant?", "Their aim was to save money.") >= minimum
    assert _fill(ask_reader, "Why did Acme close the plant?", "This was because demand for steel collapsed.") >= minimum
