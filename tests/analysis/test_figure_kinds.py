"""The size a phrase names its thing by, and the kind of thing the outlets give it (constructed sentences only)."""

from __future__ import annotations

from ragnews.analysis import analyze
from tests.analysis.test_analysis import cluster


def rows(r) -> list:
    return [d for d in r.discrepancies if d.kind == "count" and not d.compatible]


def test_an_amount_a_phrase_names_its_thing_by_is_stated_whatever_the_clause_says_will_happen():
    r = analyze(cluster("Bill\nThe Senate passed the $1 trillion infrastructure bill on Tuesday.\n",
                        "Bill\nProgressives will vote against the $1.2 trillion infrastructure bill this week.\n"))
    (d,) = rows(r)
    assert {c.value for c in d.claims} == {"$1 trillion", "$1.2 trillion"}


def test_a_forecast_amount_is_still_not_stated():
    r = analyze(cluster("Profit\nThe company posted a $3 billion profit on Monday.\n",
                        "Profit\nThe company could post a $2 billion profit on Monday.\n"))
    assert rows(r) == []


def test_two_words_for_one_thing_meet_by_the_kind_the_outlets_give_it():
    r = analyze(cluster("Bill\nThe Senate passed the $1 trillion infrastructure bill on Tuesday.\n",
                        "Bill\nThe Senate passed the $1.2 trillion infrastructure package on Tuesday.\n"))
    (d,) = rows(r)
    assert {c.value for c in d.claims} == {"$1 trillion", "$1.2 trillion"}


def test_two_kinds_of_one_noun_are_two_things():
    r = analyze(cluster("Bills\nThe Senate passed the $1.2 trillion infrastructure bill on Tuesday.\n",
                        "Bills\nThe House passed the $3.5 trillion spending bill on Tuesday.\n"))
    assert rows(r) == []


def test_amounts_of_one_kind_but_orders_of_magnitude_apart_are_two_things():
    for a, b in [("Congress approved the $700 billion defense budget on Friday.",
                  "The Pentagon awarded a $500 million defense contract to Boeing on Friday."),
                 ("The $1 trillion infrastructure bill passed the Senate on Tuesday.",
                  "Ohio's $40 million infrastructure fund will get more money on Tuesday."),
                 ("Voters approved the $300 million school bond on Tuesday.",
                  "The district's $40 million school budget was cut on Tuesday.")]:
        assert rows(analyze(cluster("T\n" + a + "\n", "T\n" + b + "\n"))) == [], (a, b)
