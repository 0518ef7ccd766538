"""`ask --explain` / `Newsroom.ask(explain=True)`: the question as read and the verdict on its best candidates."""

from __future__ import annotations

import json
import subprocess
import sys


def test_explain_says_how_the_question_was_read_and_why_candidates_answer_or_not(seeded) -> None:
    answer = seeded.ask("What is Kim Jong Un's favourite food?", engine="extractive", explain=True)
    assert answer.abstained and answer.explain is not None
    assert "Kim Jong Un" in answer.explain["question"]["names"]
    candidates = answer.explain["candidates"]
    assert candidates and all(not c["answers"] and c["why_not"] for c in candidates)  # each says why it does not answer
    assert {"slot", "overlap", "meaning", "score", "source"} <= set(candidates[0])
    data = answer.to_json()
    assert data["explain"] == answer.explain
    # not asked: the JSON shape is the old one
    plain = seeded.ask("What is Kim Jong Un's favourite food?", engine="extractive")
    assert plain.explain is None and "explain" not in plain.to_json()


def test_cli_explain_goes_under_its_own_key_with_json(seeded_db) -> None:
    out = subprocess.run([sys.executable, "-m", "ragnews", "--db", str(seeded_db), "ask", "--json", "--explain",
                          "Who is Artyom Lukin?"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["explain"]["question"]["wants"] == "identity"
    assert any(c["answers"] for c in data["explain"]["candidates"])
