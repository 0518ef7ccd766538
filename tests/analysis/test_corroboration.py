"""The same-fact decision's parts on small constructed sentences (`analysis/corroboration.py`)."""

from __future__ import annotations

from ragnews.analysis.corroboration import CALIBRATION, DEFAULT, fact_score, states_its_figures
from ragnews.text.reading import default_reader


def _read(*texts: str):
    return default_reader().read(list(texts))


def test_a_source_backs_a_figure_when_it_gives_it_or_gives_no_figure_at_all():
    claim, same, silent, other = _read("North Korea has sent 14,000 troops to Russia, Ukraine said.",
                                       "Ukraine says North Korea has sent around 14,000 troops to Russia.",
                                       "North Korea has sent troops to Russia, Ukraine said.",
                                       "U.S. officials said North Korea had sent 10,000 to 12,000 troops.")
    assert states_its_figures(claim, same)
    assert states_its_figures(claim, silent)  # the same fact told without its number contradicts none of it
    assert not states_its_figures(claim, other)  # figures of its own, none of the claim's


def test_a_calendar_day_both_name_counts_as_a_precise_figure():
    params = CALIBRATION[DEFAULT]
    a, b, c = _read("The rule took effect on Oct. 15 across the country.",
                    "Starting on October 15, workers must show the pass.",
                    "Starting next month, workers must show the pass.")
    assert fact_score(a, b, 0.5, params) - fact_score(a, c, 0.5, params) >= params.figure - 1e-9


def test_figures_of_one_measure_that_all_disagree_are_two_facts_whatever_their_verbs():
    """"Cut the US forecast to 6%" and "global output will grow by 5.9%" are percentages of two facts, though the
    verbs differ (no figure of the same measure agrees); a shared figure makes the others sub-measures."""
    from ragnews.analysis.corroboration import vetoes

    us, world, next_year, again = _read("The fund cut its growth forecast for the United States to 6%.",
                                        "The fund said the world economy will grow by 5.9% this year.",
                                        "The fund expects global growth to remain at 4.9% next year.",
                                        "The fund projected that the world economy would expand 5.9% this year, down from 6%.")
    assert vetoes(us, world) is not None
    assert vetoes(world, next_year) is not None
    assert vetoes(world, again) is None  # 5.9% in both


def test_an_amount_of_one_unit_both_give_counts_as_a_precise_figure():
    params = CALIBRATION[DEFAULT]
    a, b, c = _read("The increase adds $92 to the average monthly benefit next year.",
                    "The raise amounts to $92 a month for the average retired worker.",
                    "The raise amounts to 92 more visits a month for the average retired worker.")
    assert fact_score(a, b, 0.5, params) - fact_score(a, c, 0.5, params) >= params.figure - 1e-9
