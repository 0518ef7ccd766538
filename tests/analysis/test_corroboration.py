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
