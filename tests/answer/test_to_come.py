"""A done event is not answered by a forecast (issue 27, round 12). Constructed articles and questions only.

A news quiz asks in the past tense of what happened this week; pages written before it tell the same figure or
place as still to come ("set to hit 100 days on Saturday", "a march is expected in Leeds on Tuesday"). Those
sentences are forecasts, not answers; a question that itself asks of what is to come is still answered by them.
"""

from __future__ import annotations

from typing import Any

from ragnews.answer.tocome import asks_done, told_to_come

from .conftest import answers
from .conftest import asked as _asked

_FORECAST = ["Dock workers in Northport walked out in March over pay.",
             "With the longest strike in the port's history set to hit 90 days on Friday, pickets remain at the gates."]
_REPORT = ["Dock workers in Northport walked out in March over pay.",
           "The longest strike in the port's history ended after 94 days on Friday, when the union accepted a new offer."]


def _answers(ask_reader: tuple[Any, Any], question: str, texts: list[str]) -> list[str]:
    return answers(ask_reader, question, texts, 'Northport dock strike')


def test_the_question_asks_of_a_done_event(ask_reader) -> None:
    assert asks_done(_asked(ask_reader, "The longest strike at the port ended after how many days?"))
    assert asks_done(_asked(ask_reader, "In which city did thousands of people join a march this week?"))
    assert not asks_done(_asked(ask_reader, "How many days will the strike at the port last?"))
    assert not asks_done(_asked(ask_reader, "How many days did the union say the strike would last?"))
    assert not asks_done(_asked(ask_reader, "Which city was chosen to host the 2034 Winter Games?"))  # to host: to come


def test_a_figure_in_a_clause_still_to_come_is_a_forecast(ask_reader) -> None:
    reader, _ = ask_reader
    sentence = "With the longest strike in the port's history set to hit 90 days on Friday, pickets remain."
    forecast, report = reader.read([sentence, "The strike ended after 94 days on Friday."])
    days = sentence.index("90 days")
    assert told_to_come(forecast, [(days, days + len("90 days"))])
    assert not told_to_come(report, [(25, 32)])
    assert not told_to_come(forecast, [])


def test_a_forecast_does_not_answer_a_done_event(ask_reader) -> None:
    question = "The longest strike in Northport's port history ended after how many days?"
    assert _answers(ask_reader, question, _FORECAST) == []
    assert _answers(ask_reader, question, _REPORT) == [_REPORT[1]]


def test_a_name_beside_the_forecast_figure_does_not_make_it_a_report(ask_reader) -> None:
    # a page's dateline names a city in the main clause; "how many days" asks a figure, and the figure is forecast
    question = "The longest strike in Northport's port history ended after how many days?"
    texts = [_FORECAST[0], "NORTHPORT (Reuters) — Pickets remain at the gates, with the longest strike in the port's history "
                           "set to hit 90 days on Friday after talks broke off with the owners."]
    assert _answers(ask_reader, question, texts) == []


def test_a_forecast_answers_a_question_on_what_is_to_come(ask_reader) -> None:
    question = "How many days will the longest strike in Northport's port history have lasted by Friday?"
    assert _FORECAST[1] in _answers(ask_reader, question, _FORECAST)


def test_what_is_going_on_is_no_forecast(ask_reader) -> None:
    reader, _ = ask_reader
    going, habit, modal = reader.read(["Three chemists are removing the syrups from their shelves.",
                                       "The motorway, which runs through Leeds and York, was shut.",
                                       "The union said the strike would end after 40 days."])
    syrups, leeds = going.text.index("syrups"), habit.text.index("Leeds")
    assert not told_to_come(going, [(syrups, syrups + 6)])
    assert not told_to_come(habit, [(leeds, leeds + 5)])
    days = modal.text.index("40 days")
    assert told_to_come(modal, [(days, days + 7)])


def test_a_date_in_a_sentence_whose_main_verb_is_could_not_is_reported(ask_reader) -> None:
    # the small parse makes "afford" the main clause and hangs the birth date on it: a past ability, not a forecast
    sentence = ("Born in Dover, Kent, on 3 May 1931, Ruiz was the only child of farm workers, They could not afford "
                "to keep her in school beyond the age of 15.")
    question = "When was the painter Ana Ruiz born?"
    assert _answers(ask_reader, question, ["The painter Ana Ruiz has died.", sentence]) == [sentence]
