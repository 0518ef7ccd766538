"""A figure that names its thing by size, and the kind of thing its noun is (constructed sentences only)."""

from __future__ import annotations

from ragnews.text.reading import default_reader


def quantity(text: str, value: str):
    return next(q for q in default_reader().read([text])[0].quantities if q.text == value)


def test_a_definite_or_prepositional_phrase_names_its_thing_by_the_figure():
    q = quantity("Half of the caucus will vote against the $1.2 trillion infrastructure package.", "$1.2 trillion")
    assert (q.counted, q.named, q.kind) == ("package", True, ("infrastructure",))
    q = quantity("She would push ahead with a vote on a $1 trillion bipartisan infrastructure bill.", "$1 trillion")
    assert (q.counted, q.named, q.kind) == ("bill", True, ("infrastructure",))


def test_a_figure_of_what_a_clause_brings_about_names_nothing():
    assert not quantity("The company is expected to post a $2 billion profit.", "$2 billion").named
    assert not quantity("The bill will cost $1.2 trillion.", "$1.2 trillion").named
