"""The size a phrase names its thing by, and the kind of thing the outlets give it (constructed sentences only)."""

from __future__ import annotations

import datetime as dt

from ragnews.analysis import analyze
from tests.analysis.test_analysis import cluster

DAY = [dt.date(2021, 9, 3)] * 2  # the articles' day: "in July" is July 2021


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


def test_two_outlets_tallies_of_one_vote_clash_when_either_side_differs():
    r = analyze(cluster("Vote\nThe 231-to-190 party-line vote created the panel on Wednesday.\n",
                        "Vote\nThe vote was 233-190, with two members of the minority joining, and created the panel.\n"))
    (d,) = rows(r)
    assert {c.value for c in d.claims} == {"231-to-190", "233-190"}
    r = analyze(cluster("Vote\nThe 231-to-190 party-line vote created the panel on Wednesday.\n",
                        "Vote\nThe vote was 231-192, with two members of the minority joining, and created the panel.\n"))
    assert len(rows(r)) == 1


def test_the_same_tally_written_two_ways_agrees():
    r = analyze(cluster("Vote\nThe chamber voted 252-175 on Wednesday to create the panel.\n",
                        "Vote\nThe chamber voted 252 to 175 on Wednesday to create the panel.\n"))
    assert rows(r) == []


def test_two_bodies_votes_are_two_tallies():
    r = analyze(cluster("Votes\nThe House voted 228-206 on Tuesday to pass the bill.\n",
                        "Votes\nThe Senate voted 51-49 on Tuesday to pass the bill.\n"))
    assert rows(r) == []


def test_a_game_s_score_is_no_tally():
    r = analyze(cluster("Game\nThe Hawks beat the Bulls 110-102 on Sunday night.\n",
                        "Game\nThe Hawks beat the Bulls 112-102 on Sunday night.\n"))
    assert rows(r) == []


def test_the_earlier_figure_of_a_comparison_clashes_with_another_outlet_s_figure_for_that_period():
    r = analyze(cluster("Jobs\nEmployers added 235,000 jobs in August, down from 943,000 jobs added in July.\n",
                        "Jobs\nEmployers added more than 1 million jobs in July, the Labor Department said in August.\n", published=DAY))
    (d,) = rows(r)
    assert {c.value for c in d.claims} == {"943,000", "more than 1 million"}


def test_the_earlier_figure_of_a_comparison_is_no_rival_of_the_current_one():
    for other in ["Employers added 235,000 jobs in August, the Labor Department said.",
                  "Employers added 235,000 jobs, the Labor Department said on Friday."]:
        r = analyze(cluster("Jobs\nEmployers added 235,000 jobs in August, down from 943,000 jobs added in July.\n",
                            "Jobs\n" + other + "\n", published=DAY))
        assert rows(r) == [], other
    r = analyze(cluster("Jobs\nEmployers added 235,000 jobs in August, up from 9,000 jobs.\n",
                        "Jobs\nEmployers added 12,000 jobs in July, the Labor Department said.\n", published=DAY))
    assert rows(r) == []  # a point of comparison without a date of its own states no period's figure


def test_a_sum_a_company_expects_is_no_rival_of_a_sum_it_reported():
    r = analyze(cluster("Sales\nThe drug brought in $3.5 billion in revenue this year, the firm reported.\n",
                        "Sales\nThe firm said it expects the drug to generate about $26 billion in revenue this year.\n",
                        published=DAY))
    assert rows(r) == []
