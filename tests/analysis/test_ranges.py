"""A range read as one figure, as the analyses use it: it backs a figure inside it, clashes with one outside it, and
is shown as written (constructed articles only)."""

from __future__ import annotations

import pytest

from ragnews.analysis import analyze
from ragnews.analysis.corroboration import states_its_figures, vetoes
from ragnews.text.reading import default_reader
from tests.analysis.test_analysis import cluster


def _read(*texts: str):
    return default_reader().read(list(texts))


def _rows(r) -> list:
    return [d for d in r.discrepancies if d.kind == "count" and not d.compatible]


# (the range, a figure inside it, a figure outside it): every form a range is written in
FORMS = [
    ("North Korea has sent 10,000-12,000 troops to Russia.", "North Korea has sent 11,200 troops to Russia.",
     "North Korea has sent 14,000 troops to Russia."),
    ("North Korea has sent between 10,000 and 12,000 troops to Russia.", "North Korea has sent about 11,000 troops to Russia.",
     "North Korea has sent 14,000 troops to Russia."),
    ("Prices of bread rose 5-6 percent last year.", "Prices of bread rose 5.5 percent last year.",
     "Prices of bread rose 9 percent last year."),
    ("Support for the plan stood at 40%-42% in the poll.", "Support for the plan stood at 41% in the poll.",
     "Support for the plan stood at 55% in the poll."),
]


@pytest.mark.parametrize("told, inside, outside", FORMS)
def test_a_range_backs_a_figure_inside_it_and_clashes_with_one_outside(told, inside, outside):
    rng, a, b = _read(told, inside, outside)
    assert states_its_figures(a, rng) and vetoes(a, rng) is None and vetoes(rng, a) is None
    assert not states_its_figures(b, rng)
    assert vetoes(b, rng) is not None


def test_around_11000_is_backed_by_10000_to_12000_and_14000_clashes_with_it():
    r = analyze(cluster("Troops\nNorth Korea has sent 10,000-12,000 troops to Russia, U.S. officials said.\n",
                        "Troops\nNorth Korea has sent around 11,000 troops to Russia, officials in Seoul said.\n"))
    assert _rows(r) == []
    r = analyze(cluster("Troops\nNorth Korea has sent 10,000-12,000 troops to Russia, U.S. officials said.\n",
                        "Troops\nNorth Korea has sent 14,000 troops to Russia, officials in Kyiv said.\n"))
    (d,) = _rows(r)
    assert {c.value for c in d.claims} == {"10,000-12,000", "14,000"}  # the range as written, one side of the row


@pytest.mark.parametrize("told, outside, written", [
    # (a percentage is compared where it is a share of a thing it names: "a 5-6 percent raise")
    ("The nurses won a 5-6 percent raise this year, the agency said.", "The nurses won a 9 percent raise this year, a union said.",
     "5-6 percent"),
    ("The party won a 40%-42% share of the vote, pollsters said.", "The party won a 55% share of the vote, the party said.",
     "40%-42%"),
])
def test_a_difference_s_row_shows_the_range_as_written(told, outside, written):
    (d,) = _rows(analyze(cluster("Story\n" + told + "\n", "Story\n" + outside + "\n")))
    assert written in {c.value for c in d.claims}
