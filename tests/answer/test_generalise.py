"""The extractive engine on questions it was not written for: wording, names, answer types, context, time, follow-ups.

The question-analysis and answer-type tests are pure; the end-to-end ones use the seeded store.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ragnews.answer.answertypes import type_fit
from ragnews.answer.followup import rewrite_followup, wants_more
from ragnews.answer.questions import analyse, time_window
from ragnews.errors import InputError
from ragnews.text.places import country_keys, places_in
from ragnews.text.terms import tokenize


def test_type_nouns_are_never_required() -> None:
    assert analyse("What words did the South Korean government use?").answer_type == "quote"
    assert analyse("What words did the South Korean government use?").focus == ()
    assert analyse("What distance did Phillips Idowu jump?").answer_type == "length"
    assert analyse("For what reason did the council resign?").answer_type == "reason"
    weapons = analyse("What kinds of weapons did North Korea send?")
    assert weapons.focus == () and "weapon" in weapons.terms  # a category helps ranking, it is not required
    money = analyse("How much money did the US government want from the tobacco companies?")
    assert money.answer_type == "money" and money.focus == ()
    # the relation still is: the seeds' unanswerable questions depend on it
    assert analyse("How many North Korean warships took part?").focus == ("warship",)
    assert analyse("What is the population of Pyongyang?").focus == ("population",)


def test_names_match_in_their_variants() -> None:
    us = analyse("What did the US say?").names[0]
    for text in ("The U.S. government said", "United States officials said", "American officials said"):
        assert us.found_in(set(tokenize(text)), country_keys(text), set())
    assert not us.found_in(set(tokenize("let us go")), country_keys("let us go"), set())
    assert tokenize("Côte d’Ivoire") == tokenize("Cote d'Ivoire") == ["cote", "d'ivoire"]
    ba = analyse("Who runs British Airways?").names[0]
    assert ba.found_in(set(tokenize("BA's chief executive")), frozenset(), set(), set())  # its acronym
    assert not ba.found_in(set(tokenize("the British team")), country_keys("the British team"), set(), {"british"})
    # a country used as an adjective is context, not the subject
    assert [e.text for e in analyse("Which Republican dropped out of the 2024 US presidential race?").names] == ["Republican"]
    assert [e.text for e in analyse("How many embassies will France close?").names] == ["France"]


def test_answer_types_fit_the_kind_of_answer() -> None:
    fit = lambda q, text: type_fit(analyse(q), text)  # noqa: E731
    assert fit("How many jobs will go?", "It will cut 2,500 jobs.") == 1.0
    assert fit("How many jobs will go?", "It has 14 plants and 2,500 staff.") < 1.0  # a number, but not of jobs
    assert fit("How much will the tram cost?", "The line will cost £450m.") == 1.0
    assert fit("How much will the tram cost?", "The line is 12 miles long.") < 1.0
    assert fit("When was the treaty signed?", "It was signed in June 2024.") == 1.0
    assert fit("Where will the plant be built?", "It will be built in Chennai, in Tamil Nadu.") == 1.0
    assert fit("Why did the firm close?", "It closed because demand collapsed.") == 1.0
    assert "tamil nadu" in places_in("in the southern province of Tamil Nadu") and not places_in("in the south")


def test_time_words_set_a_window() -> None:
    assert time_window("Which team won the World Series this week?") == 10
    assert time_window("Which company recently announced layoffs?") == 120
    assert time_window("Who founded the company?") is None


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
    assert any(c.published for c in seeded.ask(question, engine="extractive", as_of="2024-04-28").citations)
    late = seeded.ask(question, engine="extractive", as_of="2031-01-01")
    assert not any(c.published for c in late.citations), late.citations
