"""A question's own premise is not contradicted by its answer; a "time" is a clock time or a length; a place that
acts or speaks is an agent. Small constructed questions and sentences only.

"Acme recalled 30,000lb of which product?" is not answered by "Acme recalled 94,000 pounds of beef": a figure,
rank or year the question states of the asked thing, given otherwise for the same thing by the sentence, means
the sentence tells of another thing, however well it fills the slot.
"""

from __future__ import annotations

from ragnews.answer.extractive import contradicted
from ragnews.answer.scoring import Features, Parameters, score

from .conftest import asked as _asked
from .conftest import fill as _fill


def _contradicts(ask_reader, question: str, sentence: str) -> tuple[str, ...]:
    reader, _ = ask_reader
    asked = _asked(ask_reader, question)
    return contradicted(asked, reader.read([sentence])[0], lambda lemma: lemma in asked.verbs, Parameters().premise)


def test_a_weight_the_question_states_is_not_given_otherwise(ask_reader) -> None:
    question = "Acme Foods recalled 30,000lb of which product over contamination fears?"
    assert _contradicts(ask_reader, question, "Acme Foods recalled 94,000 pounds of ground beef last week.")
    assert not _contradicts(ask_reader, question, "Acme Foods recalled nearly 30,000 pounds of chicken nuggets.")
    assert not _contradicts(ask_reader, question, "Acme Foods recalled 13,600 kilograms of chicken nuggets.")  # the same weight
    # another company's recall is another thing, not a contradiction
    assert not _contradicts(ask_reader, question, "Globex Inc. recalled 94,000 pounds of ground beef last week.")
    # a figure of another event is no rival
    assert not _contradicts(ask_reader, question, "Acme Foods sold 94,000 pounds of chicken nuggets last year.")


def test_a_count_of_the_same_noun_is_compared(ask_reader) -> None:
    question = "Which union called a strike of 4,000 nurses?"
    assert _contradicts(ask_reader, question, "The Royal Guild called a strike of 12,000 nurses.")
    assert not _contradicts(ask_reader, question, "The Royal Guild called a strike of about 4,000 nurses.")
    assert not _contradicts(ask_reader, question, "The Royal Guild called a strike of 12,000 porters.")


def test_a_rank_the_question_states_is_exact(ask_reader) -> None:
    question = "Which state became the 24th to ban plastic bags?"
    assert _contradicts(ask_reader, question, "Oregon became the 22nd state to ban plastic bags on Sunday.")
    assert not _contradicts(ask_reader, question, "Ohio became the 24th state to ban plastic bags on Tuesday.")


def test_a_year_the_question_dates_its_event_to(ask_reader) -> None:
    question = "Why did Acme close its Leeds plant in 2019?"
    assert _contradicts(ask_reader, question, "Acme closed its Leeds plant in 2021 because demand collapsed.")
    assert not _contradicts(ask_reader, question, "Acme closed its Leeds plant in 2019 because demand collapsed.")
    assert not _contradicts(ask_reader, question, "Acme, founded in 1950, closed its Leeds plant because demand collapsed.")


def test_a_contradicting_sentence_does_not_answer_and_says_why() -> None:
    f = Features(1.0, 1.0, 0.9, True, (), True, 0, True, contradicts=("30,000",))
    verdict = score(f, Parameters())
    assert not verdict.answers and verdict.reason is not None and "30,000" in verdict.reason
    assert score(Features(1.0, 1.0, 0.9, True, (), True, 0, True), Parameters()).answers


def test_what_time_asks_for_a_clock_time_or_a_length_not_a_day(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "What time did Ana Ruiz run in the Berlin final?"
    assert _asked(ask_reader, question).wants == "time"
    assert _fill(ask_reader, question, "Ruiz ran the Berlin final in two hours and ten minutes.") >= minimum
    assert _fill(ask_reader, question, "On Friday, Ruiz ran an impressive race in the Berlin final.") < minimum
    assert _asked(ask_reader, "In what year did Ana Ruiz win the Berlin final?").wants == "date"  # a year is a date


def test_a_place_that_speaks_is_the_speaker(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "Which country said yes to the fishing treaty?"
    assert _fill(ask_reader, question, "France said yes to the fishing treaty on Monday.") >= minimum
    assert _fill(ask_reader, question, '"We back the fishing treaty in Paris," said Ana Ruiz, a lawyer.') < minimum


def test_the_asked_noun_types_the_name_it_introduces(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "What company did Ana Ruiz found after leaving Globex?"  # the small model types "Open Window" a product
    assert _fill(ask_reader, question, "After leaving Globex, Ms Ruiz founded another company called Open Window.") >= minimum
    assert _fill(ask_reader, question, "After leaving Globex, Ms Ruiz wrote a novel called Open Window.") < minimum


def test_each_of_a_coordinated_subject_owns_the_date(ask_reader) -> None:
    """"John Smith and his partner Mary Jones were arrested in May": the date is of her arrest too, not another's."""
    q = "When was Mary Jones arrested by police?"
    assert _fill(ask_reader, q, "John Smith and his partner Mary Jones were arrested by police in May 2019.") == 1.0
    assert _fill(ask_reader, q, "John Smith was arrested by police in May 2019.") < 1.0  # another's arrest


def test_a_noun_that_tells_the_event_names_who_took_part(ask_reader) -> None:
    """"In a meeting with Senator Mary Jones, the president…" answers whom the president met; a meeting with no one
    named, or a name beside another event, does not fill the slot as well."""
    q = "Who did the president meet with on Tuesday?"
    full = _fill(ask_reader, q, "In a long meeting with Senator Mary Jones on Tuesday, the president asked for more money.")
    assert full == 1.0
    assert _fill(ask_reader, q, "After a long talk about money on Tuesday, Mary Jones left for the airport.") < full
