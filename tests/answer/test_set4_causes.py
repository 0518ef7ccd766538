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
    assert _fill(ask_reader, question, "Her husband died at 80 in 2015, and she never remarried.") < minimum  # another's age
    assert _fill(ask_reader, question, "She died at 71, her family said.") >= minimum  # a pronoun of one person: hers
    assert _fill(ask_reader, "How many paintings did Ana Ruiz sell when she died?", "Ana Ruiz died at 71.") < minimum


def test_did_supports_the_base_verb_not_a_participle_describing_the_subject(ask_reader) -> None:
    """The small parse hangs "why did" on "accused"; do-support takes a base form, so the event is "want"."""
    a = _asked(ask_reader, "Why did the people accused over the fire want the report held back?")
    assert a.predicate == "want" and "accuse" not in a.verbs
    assert _asked(ask_reader, "Why did the council close the library?").predicate == "close"


def test_a_noun_asking_a_place_or_a_figure_needs_one_the_question_does_not_give(ask_reader) -> None:
    """"Which US state…" is no answer in "A US woman is suing Acme"; "what salary…" none in a sentence without a sum."""
    from ragnews.answer.extractive import kind_held

    reader, _ = ask_reader

    def held(question: str, sentence: str) -> bool:
        return kind_held(_asked(ask_reader, question), reader.read([sentence])[0])

    state = "Which US state does the man suing Acme come from?"
    assert not held(state, "A US man is suing Acme, saying its kettles are built to fail.")
    assert held(state, "The man, from Ohio, says a chip inside the kettle stops it working.")
    salary = "What salary will the new head of the museum be paid?"
    assert not held(salary, "The new head of the museum was chosen by the board on Monday.")
    assert held(salary, "Ana Ruiz will start the £90,000-a-year job in May.")
    assert held("What sport does Ana Ruiz play?", "Ana Ruiz plays cricket for her county.")  # a common noun may answer


def test_a_date_in_the_name_of_another_thing_does_not_date_the_event(ask_reader) -> None:
    """"the Today programme" names a programme; "the June 5 vote" and "Monday's vote" date the vote asked about."""
    minimum = Parameters().slot_min
    question = "When will the council decide the case?"
    assert _fill(ask_reader, question, "Ana Ruiz told the Today programme the council would decide the case.") < minimum
    assert _fill(ask_reader, question, "The council will decide the case on Friday, Ana Ruiz told the Today programme.") >= minimum
    assert _fill(ask_reader, "When is the vote on the bill?", "Ana Ruiz will lose the June 5 vote, polls say.") >= minimum
    assert _fill(ask_reader, question, "The council will decide the case in a June 5 hearing, Ana Ruiz said.") >= minimum
    assert _fill(ask_reader, "When is the vote on the bill?", "Monday's vote on the bill will be close.") >= minimum


def test_a_so_clause_is_the_result_of_the_asked_event_not_its_cause(ask_reader) -> None:
    """"…played badly in the group games so perhaps they did improve": the "so" clause is what the bad play led to."""
    minimum = Parameters().slot_min
    said = "The team had played badly in the group games so perhaps they did improve when it mattered."
    assert _fill(ask_reader, "Why did the team play badly in the group games?", said) < minimum
    swum = "The players had swum badly in the early heats so maybe they did raise their game when the title was at stake."
    assert _fill(ask_reader, "Why did the players swim badly in the early heats?", swum) < minimum
    assert _fill(ask_reader, "Why did Ana Ruiz leave early?", "Ana Ruiz left early so that she could catch the last train.") >= minimum


def test_the_country_the_question_names_is_no_place_it_asks_for(ask_reader) -> None:
    """"In which German city…" is not answered by "Germany"; a city of Germany, its capital included, answers."""
    minimum = Parameters().slot_min
    question = "In which German city did the painter Ana Ruiz die?"
    assert _fill(ask_reader, question, "The painter Ana Ruiz has died in Germany at 71.") < minimum
    assert _fill(ask_reader, question, "The painter Ana Ruiz has died in Hamburg at 71.") >= minimum
    assert _fill(ask_reader, question, "The painter Ana Ruiz has died in Berlin at 71.") >= minimum
