"""A range is one figure: a low and a high bound, its unit and what it counts, read from the tokens and the parse
(constructed sentences only)."""

from __future__ import annotations

import pytest

from ragnews.text.reading import Quantity, default_reader


def quantities(text: str) -> list[Quantity]:
    return list(default_reader().read([text])[0].quantities)


@pytest.mark.parametrize("text, written, low, high, unit, counted", [
    ("North Korea has sent 10,000-12,000 troops to Russia.", "10,000-12,000", 10_000, 12_000, None, "troop"),
    ("North Korea has sent 10,000–12,000 troops to Russia.", "10,000–12,000", 10_000, 12_000, None, "troop"),
    # (a percentage counts its percent word, as one figure does: "6 percent", "42%")
    ("Prices rose 5-6 percent last year.", "5-6 percent", 5, 6, "%", "percent"),
    ("Support stood at 40%-42% in the poll.", "40%-42%", 40, 42, "%", "%"),
    ("Support stood at 40-42% in the poll.", "40-42%", 40, 42, "%", "%"),
    ("The blast injured between 10 and 12 people.", "between 10 and 12", 10, 12, None, "people"),
    ("Between 10 and 12 people were injured in the blast.", "Between 10 and 12", 10, 12, None, "people"),
    ("From 10 to 12 people were injured in the blast.", "10 to 12", 10, 12, None, "people"),
    ("The plan costs $10-12 million.", "$10-12 million", 10e6, 12e6, "$", None),
    ("The plan costs between $10 million and $12 million.", "between $10 million and $12 million", 10e6, 12e6, "$", None),
    # a unit of measure after the high end is the low end's too
    ("The car was between 6 and 8 feet below the floor.", "between 6 and 8 feet", 6, 8, "foot", "foot"),
    ("The fish weighed 10-12 pounds.", "10-12 pounds", 10, 12, "lb", "pound"),
])
def test_a_range_is_one_figure_with_both_bounds(text, written, low, high, unit, counted):
    (q,) = quantities(text)
    assert (q.text, q.unit, q.counted) == (written, unit, counted), text
    assert text[q.start : q.end] == q.text
    # each end keeps the rounding a written figure allows ("10,000" is 9,500-10,500), and no more
    assert low * 0.94 <= q.low <= low and high <= q.high <= high * 1.06, (q.low, q.high)
    assert q.low < q.value < q.high


def test_a_bound_before_a_range_widens_it_and_up_to_opens_it():
    (some,) = quantities("Some 300 to 400 families were displaced by the flood.")
    assert (some.text, some.counted) == ("Some 300 to 400", "family") and some.low <= 300 * 0.9 and some.high >= 400 * 1.1
    (up,) = quantities("Up to 12 people were injured in the blast.")
    assert (up.low, up.high, up.counted) == (0.0, 12.0, "people")


@pytest.mark.parametrize("text, figures", [
    ("The death toll rose from 10 to 12 on Monday, officials said.", ["10", "12"]),
    ("US light crude rose $1.64 to $47.10 on Friday.", ["$1.64", "$47.10"]),
    ("Claims increased by 37,000 to 412,000 in the week.", ["37,000", "412,000"]),
    ("India has raised the limit for foreign investment from 49% to 74%.", ["49%", "74%"]),
    ("Quarterly profits jumped 76% to $1.13bn for the three months.", ["$1.13bn", "76%"]),
])
def test_a_change_from_one_figure_to_another_is_no_range(text, figures):
    """"rose from 10 to 12", "rose $1.64 to $47.10", "by 37,000 to 412,000": a level and the point or the amount it
    changed by, two figures, never one range."""
    assert sorted(q.text for q in quantities(text)) == figures


@pytest.mark.parametrize("text", ["The home side beat the visitors 110-102 on Sunday.",
                                  "Washington led the Rangers for eight seasons, going 664–611."])
def test_a_falling_pair_is_no_range(text):
    """A score or a record falls: figures as written, never one interval spanning both ends."""
    qs = [q for q in quantities(text) if q.value > 100]
    assert qs and all(q.high - q.low < 15 and not set("-–") & set(q.text) for q in qs)


@pytest.mark.parametrize("text", ["Ryanair placed an order for 70 Boeing 737-800 planes.",
                                  "Contact the news desk at 215-854-2443 or by email."])
def test_a_name_or_a_code_is_no_range(text):
    assert all(q.high - q.low < 50 for q in quantities(text))


def test_a_span_of_years_is_no_range_of_anything():
    assert all(q.value < 100 for q in quantities("Between 2010 and 2012 the company hired 40 engineers."))
