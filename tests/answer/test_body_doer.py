"""A body that did the asked event fills "who did it", however the parse holds it; a body the event was done to
does not (issue 27, round 9). Small constructed sentences only."""

from __future__ import annotations

from ragnews.answer.scoring import Parameters

from .conftest import fill as _fill

_QUESTION = "Who hacked the Colonial pipeline?"


def test_a_body_that_did_it_fills_who(ask_reader) -> None:
    minimum = Parameters().slot_min
    for sentence in ("The hack by DarkSide shut the Colonial pipeline for six days.",
                     "The hack of the Colonial pipeline by DarkSide shut fuel supplies.",
                     "The Colonial pipeline hack was carried out by DarkSide, officials said.",
                     "Officials said a criminal gang, DarkSide, hacked the Colonial pipeline."):
        assert _fill(ask_reader, _QUESTION, sentence) >= minimum, sentence


def test_a_body_it_was_done_to_does_not(ask_reader) -> None:
    minimum = Parameters().slot_min
    assert _fill(ask_reader, _QUESTION, "The hack of Acme's systems shut the Colonial pipeline.") < minimum
    assert _fill(ask_reader, _QUESTION, "Acme said the Colonial pipeline was shut for six days.") < minimum


def test_one_who_only_speaks_of_the_event_as_a_noun_does_not_fill_who(ask_reader) -> None:
    """A person saying something in which the event is only a noun ("breaches like the 2020 hack") did not do it."""
    minimum = Parameters().slot_min
    assert _fill(ask_reader, _QUESTION, "Biden said the attack was a reminder of breaches like the 2020 SolarWinds hack.") < minimum
    assert _fill(ask_reader, _QUESTION, "President Biden warned that breaches like the 2020 SolarWinds hack could happen again.") < minimum
    # the doer still fills: as the subject of the event, or claiming it (a verb of saying with an object of its own)
    assert _fill(ask_reader, _QUESTION, "Ivan Petrov hacked the Colonial pipeline, officials said.") >= minimum
    assert _fill(ask_reader, _QUESTION, "Ivan Petrov claimed responsibility for the hack of the Colonial pipeline.") >= minimum
