"""The extractive engine on questions it was not written for: wording, names, answer types, context, time, follow-ups.

The question-reading, slot and scoring tests use small constructed sentences; the end-to-end ones use the seeded store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from ragnews.answer.followup import rewrite_followup, wants_more
from ragnews.answer.scoring import Features, Parameters, parameters, score
from ragnews.errors import InputError
from ragnews.index.embedders import MINILM_NAME

from .conftest import asked as _asked
from .conftest import fill as _fill


def test_the_question_says_its_slot_and_the_type_that_fills_it(ask_reader) -> None:
    jobs = _asked(ask_reader, "How many jobs could Mittal Steel cut?")
    assert (jobs.wants, jobs.counted) == ("quantity", "job") and [e.text for e in jobs.entities] == ["Mittal Steel"]
    court = _asked(ask_reader, "Which court threw out the case against the tobacco firms?")
    assert (court.noun, court.role) == ("court", "subject") and court.typed
    said = _asked(ask_reader, "Who said call centres can perform anywhere?")
    assert (said.wants, said.role) == ("person", "speaker")
    assert _asked(ask_reader, "When was the treaty signed?").wants == "date"
    assert _asked(ask_reader, "In which year did he join Apple?").wants == "date"  # the noun's meaning, not a list
    assert _asked(ask_reader, "Which country does Kim Collins represent?").wants == "place"
    assert _asked(ask_reader, "Why did the firm close its plant?").wants == "reason"
    assert _asked(ask_reader, "How long was the blogger jailed for?").wants == "duration"
    quote = _asked(ask_reader, "What did NUJ general secretary Jeremy Dear say about the job cuts?")
    assert quote.wants == "quotation" and "Jeremy Dear" in [e.text for e in quote.entities]
    assert _asked(ask_reader, "Who is Artyom Lukin?").wants == "identity"


def test_a_sentence_fills_the_slot_with_the_right_type_in_the_right_role(ask_reader) -> None:
    minimum = Parameters().slot_min
    assert _fill(ask_reader, "How many jobs will the firm cut?", ["It will cut 2,500 jobs."]) == 1.0
    assert _fill(ask_reader, "How many jobs will the firm cut?", ["It has 14 plants and 2,500 staff."]) < minimum
    assert _fill(ask_reader, "How much will the tram line cost?", ["The line will cost £450m."]) == 1.0
    # which person: the speaker of that claim, not a sentence that names no one
    question = "Which Microsoft executive said the replacement was a precaution?"
    assert _fill(ask_reader, question, ["Microsoft said customers would get replacement cords within two to four weeks."]) < minimum
    assert _fill(ask_reader, question, ["The replacement is a precaution, said Rick Smith, a Microsoft executive."]) == 1.0
    # who said: "he says" resolved to the person named before
    assert _fill(ask_reader, "Who said call centres can perform anywhere?",
                 ["Cara Diemont of Dimension Data led the survey.", "\"Call centres can perform anywhere,\" she says."]) == 1.0
    assert _fill(ask_reader, "Why did the firm close its plant?", ["It closed the plant because demand collapsed."]) == 1.0
    assert _fill(ask_reader, "Why did the firm close its plant?", ["It closed the plant on Monday."]) == 0.0
    assert _fill(ask_reader, "When was the treaty signed?", ["The treaty was signed in June 2024."]) == 1.0
    assert _fill(ask_reader, "What did Jeremy Dear say about the cuts?", ["Jeremy Dear said the cuts were a disgrace."]) == 1.0
    assert _fill(ask_reader, "What did Jeremy Dear say about the cuts?", ["The company said the cuts were needed."]) < minimum


def test_one_scoring_function_decides_and_says_why() -> None:
    p = Parameters()
    good = Features(slot=1.0, overlap=0.8, meaning=0.7, predicate=True, missing=(), typed=True, age_days=3, in_time=True)
    assert score(good, p).answers and score(good, p).reason is None
    assert "“Airbus”" in (score(replace(good, missing=("Airbus",)), p).reason or "")
    assert not score(replace(good, slot=0.4), p).answers  # on topic, but not the kind of answer asked for
    assert score(replace(good, slot=0.4, typed=False), p).answers  # "what happened…" asks for no particular type
    assert not score(replace(good, in_time=False), p).answers
    assert not score(replace(good, overlap=0.0, meaning=0.3), p).answers
    assert score(replace(good, age_days=400), p).score < score(good, p).score  # news questions mean "now"
    assert parameters("no-such-embedder") == parameters(MINILM_NAME)


@pytest.mark.parametrize("question,expected", [
    ("What words did the South Korean government use about the deployment?", "criminal act"),
    ("Who said the announcement could be a prelude to Kim visiting Russia?", "Kim Yeol Soo"),  # "He said…" brings its subject
    ("What does North Korea's security now rest on according to Lukin?", "national security"),
    ("What kinds of weapons did North Korea send?", "weapons"),
])
def test_questions_in_new_wording(seeded, question: str, expected: str) -> None:
    answer = seeded.ask(question, engine="extractive")
    assert not answer.abstained and expected.lower() in answer.answer.lower(), answer.answer


def test_follow_ups_carry_the_subject_and_skip_what_was_shown(seeded) -> None:
    engine = seeded.engine("extractive")
    first = seeded.ask("Who is Artyom Lukin?", engine="extractive")
    follow = "What else did he say?"
    assert wants_more(follow)
    query = engine.standalone([("Who is Artyom Lukin?", first.answer)], follow)
    again = seeded.ask(query, engine="extractive", exclude=[c.quote for c in first.citations])
    assert not again.abstained and "Lukin" in again.answer, again.answer
    assert not {c.quote for c in again.citations} & {c.quote for c in first.citations}
    assert rewrite_followup([("Who is Artyom Lukin?", first.answer)], "Where does he teach?").endswith(")?")


def test_as_of_defaults_to_the_newest_article_and_is_validated(seeded) -> None:
    assert seeded.as_of() == max(dt.date.fromisoformat(s.published) for s in seeded.sources() if s.published)
    assert seeded.as_of("2025-05-01") == dt.date(2025, 5, 1)
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        seeded.as_of("last tuesday")
    # "this week", long after every dated article: only undated articles (no date to rule them out) may answer
    question = "What did North Korea confirm this week about its troops?"
    assert not seeded.ask(question, engine="extractive", as_of="2024-04-28").abstained
    late = seeded.ask(question, engine="extractive", as_of="2031-01-01")
    assert not any(c.published for c in late.citations), late.citations


def test_an_order_free_key_is_no_last_word_of_a_name():
    """"Red Sox" is not met by "Boston Red Sox Foundation" through the organisation's order-free key, whose last word is
    whichever sorts last."""
    from ragnews.answer.asking import names_met
    from ragnews.text.reading import Entity

    sox = Entity("Red Sox", "ORG", 0, 7, "red sox")
    assert not names_met(sox, frozenset({"boston red sox foundation", "brsf", "~boston foundation red sox"}), frozenset())
    assert names_met(sox, frozenset({"boston red sox"}), frozenset())  # a name's last word, as a name
    initech = Entity("Initech Corp", "ORG", 0, 12, "initech corp")
    assert not names_met(initech, frozenset({"acme corp"}), frozenset())  # two names that only end alike
