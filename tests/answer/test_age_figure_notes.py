"""Three defects a new user met on fresh news (issue 27, round 10), each on small constructed sentences: an age
written as a bare number beside a name ("Ruiz, 21, landed…") answers "how old"; a sum that is the object of another
verb the question names answers however the parse hangs the two verbs; and an abstention's note reads as a sentence
for every reason `scoring.score` gives."""

from __future__ import annotations

import pytest

from ragnews.answer.extractive import Scored, abstention
from ragnews.answer.scoring import Features, Parameters, score
from ragnews.index.evidence import Sentence

from .conftest import asked as _asked
from .conftest import fill as _fill


def test_a_bare_number_beside_the_name_is_its_age(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How old is Ana Ruiz?"
    assert _fill(ask_reader, question, "Ruiz, 21, landed on her head after a jump at the training camp.") >= minimum
    assert _fill(ask_reader, question, "Ana Ruiz (21) landed on her head after a jump.") >= minimum
    # whatever type the recogniser gives the surname in this sentence (a small model may make it a place)
    said = "Her manager Tom Baker has said Weissberg, 24, landed on her head next to the mat in Graz."
    assert _fill(ask_reader, "How old is Lena Weissberg?", said) >= minimum


def test_a_bare_number_is_no_age_of_another_nor_set_off_nor_a_year(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How old is Ana Ruiz?"
    assert _fill(ask_reader, question, "Ana Ruiz beat Maria Lopez, 23, in the final on Sunday.") < minimum  # Lopez's age
    assert _fill(ask_reader, question, "Ana Ruiz scored 21, a record, in the final.") < minimum  # after a verb, not a name
    assert _fill(ask_reader, question, "Ruiz, 2016, landed on her head.") < minimum  # no age is that many years
    assert _fill(ask_reader, "How many goals did Ana Ruiz score?", "Ruiz, 21, scored in the final.") < minimum


def test_a_sum_of_another_verb_the_question_names_answers_either_way_round(ask_reader) -> None:
    """The parse hangs "demanded" under "removed" in the long sentence, "removed" under "demanded" in the short one."""
    minimum = Parameters().slot_min
    question = "How much money in clean-energy initiatives did Tom Baker demand be removed?"
    long = ("Ohio Sen. Tom Baker offered a gift of apples to his fellow senators after he demanded $150 billion in "
            "clean-energy initiatives be removed from a budget bill now going through the Senate.")
    assert _fill(ask_reader, question, long) >= minimum
    assert _fill(ask_reader, question, "Tom Baker demanded $150 billion in clean-energy initiatives be removed from the bill.") >= minimum


def test_a_sum_of_a_verb_the_question_does_not_name_is_elsewhere(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How much money in clean-energy initiatives did Tom Baker demand be removed?"
    assert _fill(ask_reader, question, "Tom Baker, who earned $150,000 last year, saw the initiatives removed from the bill.") < minimum


def _features(**changed: object) -> Features:
    base: dict[str, object] = {"slot": 1.0, "overlap": 0.9, "meaning": 0.9, "predicate": True, "missing": (), "typed": True,
                                   "age_days": None, "in_time": True}
    return Features(**{**base, **changed})  # type: ignore[arg-type]


@pytest.mark.parametrize("changed, wording", [
    ({"missing": ("Globex",)}, "the closest one does not mention “Globex”."),
    ({"contradicts": ("30,000lb",)}, "the closest one gives otherwise what the question states: “30,000lb”."),
    ({"in_time": False}, "the closest one is from outside the time the question asks about."),
    ({"slot": 0.0}, "the closest one does not hold the kind of answer asked for."),
    ({"overlap": 0.0, "meaning": 0.3}, "the closest one does not speak to what the question asks."),
    ({"overlap": 0.3, "meaning": 0.1}, "the closest one is about something else."),
    ({"slot": 0.8, "overlap": 0.3, "meaning": 0.3, "predicate": False}, "the closest one holds too little of the question."),
])
def test_every_reason_reads_as_a_sentence_in_the_note(ask_reader, changed: dict[str, object], wording: str) -> None:
    reader, _ = ask_reader
    f = _features(**changed)
    verdict = score(f, Parameters())
    assert not verdict.answers and verdict.reason and verdict.reason.startswith("it ")
    text = "Globex showed the X200 to buyers on Monday."
    scored = [Scored(Sentence(text, "a.txt", "/a.txt", 1, 1, 0), f, verdict, reader.read([text])[0])]
    _, note = abstention(_asked(ask_reader, "What is the list price of the Globex X200?"), scored)
    assert note.endswith("; " + wording)
    assert " one it " not in note
