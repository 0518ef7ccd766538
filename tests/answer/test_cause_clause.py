"""A cause told as a noun of cause with a clause on the question's person (issue 27, round 9): "nerves were the
main factor that tripped her up" answers "why did she fail", its verb saying the event in other words; a factor
that did something to someone else does not. Small constructed sentences only."""

from __future__ import annotations

from typing import Any

from ragnews.answer.scoring import Parameters

from .conftest import fill_reason

_QUESTION = "Why did Ana Ruiz fail in the final, according to her coach?"


def _fill(ask_reader: tuple[Any, Any], question: str, sentence: str) -> float:
    return fill_reason(ask_reader, question, sentence)


def test_a_factor_told_of_the_asked_person_fills_why(ask_reader) -> None:
    minimum = Parameters().slot_min
    assert _fill(ask_reader, _QUESTION, "Nerves were the primary factor that tripped her up, her coach said.") >= minimum
    assert _fill(ask_reader, _QUESTION, "Her coach said nerves were the main factor that tripped Ana Ruiz up.") >= minimum
    assert _fill(ask_reader, _QUESTION, "Ana Ruiz's coach said fatigue was the main reason she lost.") >= minimum


def test_a_factor_told_of_another_does_not(ask_reader) -> None:
    minimum = Parameters().slot_min
    assert _fill(ask_reader, _QUESTION, "The heat was the main factor that slowed Maria Lopez down, her coach said.") < minimum
    assert _fill(ask_reader, _QUESTION, "The heat was the main factor that helped her rival win, her coach said.") < minimum
    assert _fill(ask_reader, _QUESTION, "The coach that trained her said the final was tough.") < minimum
