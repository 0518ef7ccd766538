"""The country a province or capital lies in, from the standard table (issue 27, round 6)."""

from __future__ import annotations

from ragnews.text.places import countries_within


def test_a_province_or_capital_names_its_country() -> None:
    assert countries_within("Texas county") == {"USA"}
    assert countries_within("the small Texas county of Loving") == {"USA"}
    assert countries_within("Leeds") == {"GBR"}
    assert countries_within("Paris") == {"FRA"}


def test_a_country_or_other_word_names_no_province() -> None:
    assert countries_within("us") == frozenset()  # a pronoun, not a place
    assert countries_within("France") == frozenset()  # a country is not within one
    assert countries_within("the election workers") == frozenset()
