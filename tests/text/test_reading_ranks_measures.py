"""Ranks, units of measure and causes as the reading reads them, on small constructed sentences.

A question's own figure or rank is compared with a sentence's (`answer/extractive.contradicted`), so the reading
must keep ordinals, know a weight from a sum of money, and not take whom something is for for its cause.
"""

from __future__ import annotations

from ragnews.text.reading import Reading, default_reader


def read(text: str) -> Reading:
    return default_reader().read([text])[0]


def test_ordinals_are_kept_with_what_they_rank_and_the_event():
    (rank,) = read("Oregon became the 22nd state to ban plastic bags on Sunday.").ordinals
    assert (rank.value, rank.counted, rank.event) == (22.0, "state", "become")
    (first,) = read("She was the first woman to lead the union.").ordinals
    assert first.value == 1.0
    assert not read("The race is on the 22nd of May.").ordinals  # a day of the month is a date, not a rank
    assert not read("Oregon became the 22nd state to ban plastic bags.").quantities  # a rank is no amount


def test_a_weight_in_pounds_is_not_a_sum_of_money():
    (beef,) = read("The plant shipped 50,000 pounds of chicken.").quantities
    assert beef.unit == "lb" and set(beef.scales()) == {"mass"}
    (money,) = read("The club paid £5m for the striker.").quantities
    assert set(money.scales()) == {"£"}


def test_a_bare_number_counting_a_unit_of_measure_is_in_it():
    figures = {q.text: q.scales() for q in read("Acme recalled 30,000lb (13,600kg) of chicken.").quantities}
    assert figures["13,600kg"] == {"mass": 1.0}
    assert abs(figures["30,000"]["mass"] - 0.4536) < 0.001  # "lb" counted by the number: pounds of weight


def test_pounds_the_recogniser_calls_money_may_still_be_a_weight():
    (q,) = read("Acme recalled nearly 94,000 pounds of ground beef.").quantities
    if q.unit == "£":  # the small model types it MONEY: the written word may mean either
        assert set(q.scales()) == {"£", "mass"}
    else:
        assert set(q.scales()) == {"mass"}


def test_a_bare_number_of_pounds_may_be_a_weight():
    figures = [q for q in read("More than 30,000 pounds of chicken were recalled.").quantities if q.value == 30000]
    assert figures and "mass" in figures[0].scales()


def test_whom_something_is_for_is_not_its_cause():
    assert not read("The future looked a lot less bright for Acme at the start of the year.").reasons
    assert not read("The shop stayed open for three years.").reasons
    (fined,) = read("The driver was fined for speeding.").reasons
    assert fined.marker == "for"
