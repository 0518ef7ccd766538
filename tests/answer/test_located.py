"""A country the question names only as where its event happened (issue 27, round 6). Constructed sentences only.

"Which workers are quitting in the US" is met by a sentence telling it in a US state ("in one Texas county"): the
event happened in the country. Not when the country does something itself ("why did the US ban…": Texas's ban is
not the country's), nor for a figure (a count in one state is not the country's).
"""

from __future__ import annotations

from ragnews.answer.extractive import _missing

from .conftest import asked as _asked

_NO_LEAD: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


def _lacks(ask_reader, question: str, sentence: str) -> tuple[str, ...]:
    reader, _ = ask_reader
    return _missing(_asked(ask_reader, question), reader.one(sentence), None, None, _NO_LEAD)[0]


def test_a_country_where_the_event_happened_is_met_by_its_province(ask_reader) -> None:
    sentence = "In one small Texas county, all three election workers quit their jobs over threats."
    assert _asked(ask_reader, "Which workers are quitting their jobs in the US over threats?").located == ("USA",)
    assert _lacks(ask_reader, "Which workers are quitting their jobs in the US over threats?", sentence) == ()
    assert _lacks(ask_reader, "Which workers are quitting their jobs across the UK over threats?",
                  "In Leeds, dozens of election workers quit their jobs over threats.") == ()
    # another country's province does not meet it
    assert _lacks(ask_reader, "Which workers are quitting their jobs in the US over threats?",
                  "In Leeds, dozens of election workers quit their jobs over threats.") == ("US",)


def test_a_country_that_acts_or_is_counted_must_be_named(ask_reader) -> None:
    sentence = "Texas banned the sale of the drug in 2021 because of overdoses."
    assert _asked(ask_reader, "Why did the US ban the sale of the drug?").located == ()
    assert _lacks(ask_reader, "Why did the US ban the sale of the drug?", sentence) == ("US",)
    # a count in one state is not the country's
    assert _lacks(ask_reader, "How many election workers quit their jobs in the US?",
                  "In Texas, 40 election workers quit their jobs over threats.") == ("US",)


def test_a_measure_placed_at_another_name_is_of_another_event(ask_reader) -> None:
    from ragnews.answer.extractive import slot_fill
    from ragnews.answer.scoring import Parameters

    reader, _ = ask_reader
    minimum = Parameters().slot_min
    question = "What was Ana Ruiz's winning time at the national championships in Leeds?"
    assert _asked(ask_reader, question).where == ("Leeds",)
    elsewhere = "Ana Ruiz's time of two minutes 3.5 seconds in Sheffield was a season's best, and she is looking ahead to Leeds."
    there = "Ana Ruiz won the title in Leeds in a time of two minutes 3.5 seconds."
    assert slot_fill(_asked(ask_reader, question), reader.one(elsewhere), None) < minimum
    assert slot_fill(_asked(ask_reader, question), reader.one(there), None) >= minimum
    # a question that places nothing keeps the figure
    assert slot_fill(_asked(ask_reader, "What was Ana Ruiz's best time this season?"), reader.one(elsewhere), None) >= minimum


def test_where_was_the_noun_asks_the_place_of_that_noun(ask_reader) -> None:
    # "where was the first lantern parade": no event verb, so any place filled it; now the sentence must speak of it
    from ragnews.answer.extractive import slot_fill
    from ragnews.answer.scoring import Parameters

    from .conftest import asked as _asked

    minimum = Parameters().slot_min
    reader, _ = ask_reader
    asked = _asked(ask_reader, "Where was the first lantern parade in the country?")
    assert asked.wants == "place" and asked.noun == "parade"
    held = reader.read(["The first lantern parade was held in Brightwater in 1924."])[-1]
    other = reader.read(["Presidents after Lincoln also visited Brightwater each autumn."])[-1]
    assert slot_fill(asked, held, None) >= minimum
    assert slot_fill(asked, other, None) < minimum
