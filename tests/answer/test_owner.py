"""Whose a figure is when a speaker reports it (issue 27, round 6). Small constructed sentences only.

A figure in a reported clause belongs to what that clause is about — its own subject — and is the speaker's only
when the clause says it is: a pronoun for the speaker ("Acme Corp said its sales rose"), or, for a body, a bare noun
("Acme Corp said sales rose": Acme's sales). A person reports others' figures: "dock workers agreed to a 6 percent
pay rise, union leader Marta Jansen said" is the dock workers' rise, not hers.
"""

from __future__ import annotations

from ragnews.answer.scoring import Parameters

from .conftest import fill as _fill


def test_a_person_speaking_does_not_own_the_figure_of_the_clause_reported(ask_reader) -> None:
    minimum = Parameters().slot_min
    # the small model types "Rotterdam" a person here, as it does the speaker: the speaker's kind is no guide
    question = "How big was the pay rise for Rotterdam dock workers?"
    assert _fill(ask_reader, question, "After a week of strikes, dock workers in Rotterdam agreed to a 6 percent pay "
                                       "rise, union leader Anna de Vries said.") >= minimum
    question = "How big was the pay rise for the dock workers in Haldenburg?"
    for sentence in ("Dock workers in Haldenburg agreed to a 6 percent pay rise, union leader Marta Jansen said.",
                     "Marta Jansen, the union leader, said dock workers in Haldenburg had agreed to a 6 percent pay rise.",
                     "After a week of strikes, the dock workers agreed to a 6 percent pay rise, union leader Marta Jansen said."):
        assert _fill(ask_reader, question, sentence) >= minimum, sentence


def test_a_person_owns_a_figure_the_clause_gives_as_theirs(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How much did Ana Ruiz's salary rise?"
    assert _fill(ask_reader, question, "Tom Hale said his salary rose 2 percent.") < minimum  # his = Hale's
    assert _fill(ask_reader, question, "Tom Hale said Ana Ruiz's salary rose 2 percent.") >= minimum


def test_a_body_owns_its_figures_by_pronoun_or_bare_noun(ask_reader) -> None:
    minimum = Parameters().slot_min
    other, own = "How much did Vandelay Industries's sales rise last year?", "How much did Acme Corp's sales rise last year?"
    for sentence in ("Acme Corp said its sales rose 2 percent last year.",  # its = Acme Corp
                     "Acme Corp said sales rose 2 percent last year.",  # Acme Corp's sales
                     "Sales rose 2 percent last year, Acme Corp said."):
        assert _fill(ask_reader, other, sentence) < minimum, sentence
        assert _fill(ask_reader, own, sentence) >= minimum, sentence


def test_a_name_in_a_clause_describing_the_owner_is_not_the_owner(ask_reader) -> None:
    # "the company building the new Hampden stadium" is the owner; Hampden only says which company is meant
    minimum = Parameters().slot_min
    question = "By how much did pre-tax profits rise at the company building the new Hampden stadium?"
    assert _fill(ask_reader, question, "Brickwell Group reported an 11% rise in pre-tax profits to £67m.") >= minimum
    # a name the question gives as the owner still rules another's figure out
    assert _fill(ask_reader, "How much did Hampden Group's pre-tax profits rise?",
                 "Brickwell Group reported an 11% rise in pre-tax profits to £67m.") < minimum
