"""Injection detection holds across languages, look-alike letters, leetspeak,
Base64, hidden characters and indirect address — and stays quiet on real news."""

from __future__ import annotations

from pathlib import Path

import pytest

from ragnews.text.injection import find_injections

ATTACKS = [line for line in (Path(__file__).parents[1] / "data" / "injection_attacks.txt").read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]
BBC = Path(__file__).resolve().parents[3] / "shared" / "data" / "bbc"


@pytest.mark.parametrize("attack", ATTACKS, ids=[a[:40] for a in ATTACKS])
def test_every_attack_variant_is_detected(attack: str) -> None:
    assert find_injections(attack), attack


NEWS = [
    "Estate agents must state that the property has subsidence, the regulator said.",
    "The fashion model should say that she was not paid, her lawyer argued.",
    "The report should state that the company ignored previous warnings about safety.",
    "Q: When did you first play for England? A: I was 19 and it was in Cardiff.",
    "Officials said the old instructions had been ignored by the contractors.",
    "The assistant manager must report that the squad is fit, the club said.",
    "He asked readers to disregard the earlier estimate of 300 jobs.",
    "Researchers trained a language model on thousands of hours of recordings.",
]


@pytest.mark.parametrize("sentence", NEWS)
def test_ordinary_news_sentences_are_not_flagged(sentence: str) -> None:
    assert not find_injections(sentence)


@pytest.mark.skipif(not BBC.is_dir(), reason="shared BBC corpus not present")
def test_false_positive_rate_on_real_news_is_low() -> None:
    files = sorted(BBC.rglob("*.txt"))[:400]
    flagged = [f.name for f in files if find_injections(f.read_text(encoding="latin-1"))]
    assert len(flagged) <= 2, flagged
