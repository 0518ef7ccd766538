"""The hedge `benchmarks/hedge.py` measures (issue 27, round 13): the closest sentence of an abstaining question shown,
said to be unclear, only when it meets the question's names, holds the asked type and is close to it; a trap answered
by it counts as wrong. Constructed features only (no model, no store)."""

from __future__ import annotations

from dataclasses import asdict

from benchmarks.hedge import Hedge, hedge, outcomes
from ragnews.answer.scoring import Features, Parameters

NEAR = Features(slot=0.7, overlap=0.5, meaning=0.6, predicate=False, missing=(), typed=True, age_days=0, in_time=True)


def test_a_close_sentence_holding_the_asked_type_elsewhere_is_hedged_where_the_engine_abstains() -> None:
    p, h = Parameters(), Hedge()
    assert NEAR.slot < p.slot_min  # the engine's own verdict: it does not fill the slot
    assert hedge(NEAR, p, h).answers


def test_a_trap_whose_sentence_lacks_the_asked_type_or_a_name_still_abstains() -> None:
    p, h = Parameters(), Hedge()
    no_type = Features(**{**asdict(NEAR), "slot": 0.0})  # the question's names met, no filler of the asked type
    assert hedge(no_type, p, h).reason == "it does not hold the kind of answer asked for"
    missing = Features(**{**asdict(NEAR), "missing": ("Acme",)})
    assert not hedge(missing, p, h).answers and "Acme" in str(hedge(missing, p, h).reason)
    far = Features(**{**asdict(NEAR), "meaning": h.meaning - 0.1})
    assert hedge(far, p, h).reason == "it is not close enough to the question"


def _candidate(f: Features, gold: bool) -> dict:
    return {**asdict(f), "missing": list(f.missing), "contradicts": list(f.contradicts), "score": 0.0, "gold": gold}


def test_a_hedged_trap_is_wrong_and_a_hedged_gold_is_right() -> None:
    rows = [{"answers": ["£6m"], "abstained": True, "correct": False, "candidates": [_candidate(NEAR, True)]},
            {"answers": [], "abstained": True, "correct": False, "candidates": [_candidate(NEAR, False)]}]
    before, after = outcomes(rows, None), outcomes(rows, Hedge())
    assert (before["right"], before["traps_abstained"]) == (0, 1)
    assert (after["right"], after["hedged_right"], after["traps_abstained"]) == (1, 1, 0)
