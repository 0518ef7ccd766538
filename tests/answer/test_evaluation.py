"""`ragnews eval`: scoring is pure and exact; Newsroom and the CLI wire it to a real store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ragnews.answer.citations import Citation
from ragnews.answer.evaluation import (
    CORRECT,
    CORRECTLY_ABSTAINED,
    FALSE_ABSTENTION,
    WRONG,
    EvalQuestion,
    contains_answer,
    evaluate,
    gold_match,
    load_questions,
    parse_questions,
)
from ragnews.answer.model import Answer
from ragnews.errors import InputError

TINY = [
    {"id": "lukin", "question": "Who is Artyom Lukin?", "answers": ["Far Eastern Federal University"], "sources": ["001"]},
    {"id": "troops", "question": "How many troops has North Korea sent to Russia?", "answers": ["14,000"], "sources": ["002", "003", "004"]},
    {"id": "warships", "question": "How many North Korean warships took part in the Kursk operation?", "answers": [], "sources": []},
]


def test_answer_matching_normalises_case_accents_dots_and_separators() -> None:
    assert contains_answer("The U.S. government wanted $280bn.", ["US government"])
    assert contains_answer("around 4 000 soldiers", ["4,000"]) and contains_answer("4,000 troops", ["4000"])
    assert contains_answer("Côte d’Ivoire won", ["cote divoire"])
    assert not contains_answer("14,000 troops", ["4,000"])  # whole words only
    assert not contains_answer("anything", ["", "  "])


def test_gold_sources_match_by_name_prefix_or_path_suffix() -> None:
    assert gold_match("/data/seeds/003_4432676fd8114b32.txt", ["003"])
    assert gold_match("/shared/data/bbc/business/010.txt", ["business/010.txt"])
    assert not gold_match("/shared/data/bbc/tech/010.txt", ["business/010.txt"])
    assert not gold_match("/data/seeds/004_x.txt", ["003", ""])


def _cited(tmp_path: Path, quote: str) -> Citation:
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nThe council approved the plan on Monday.\n", encoding="utf-8")
    return Citation(1, "a.txt", str(path), 3, 3, quote)


def test_outcomes_citation_checks_and_summary(tmp_path: Path) -> None:
    good, forged = _cited(tmp_path, "approved the plan on Monday."), _cited(tmp_path, "rejected the plan")
    answers = {
        "q1": Answer("q1", "It approved the plan on Monday. [1]", False, "extractive", None, citations=[good]),
        "q2": Answer("q2", "The sources don't say.", True, "extractive", None),
        "q3": Answer("q3", "It rejected the plan. [1]", False, "extractive", None, citations=[forged]),
        "q4": Answer("q4", "The sources don't say.", True, "extractive", None),
        "q5": Answer("q5", "Something on topic. [1]", False, "extractive", None, citations=[good]),
    }
    questions = [EvalQuestion("q1", "When?", ("monday",), ("a.txt",)), EvalQuestion("q2", "Who?", ("the council",)),
                 EvalQuestion("q3", "What?", ("approved",)), EvalQuestion("q4", "How many?"), EvalQuestion("q5", "Why?")]
    ticks = iter(range(100))
    report = evaluate(questions, lambda q: answers[q.id], engine="extractive", clock=lambda: next(ticks) * 0.01)
    assert [i.outcome for i in report.items] == [CORRECT, FALSE_ABSTENTION, WRONG, CORRECTLY_ABSTAINED, WRONG]
    assert report.items[0].gold_cited is True and report.items[1].gold_cited is None
    assert report.items[0].latency_ms == pytest.approx(10.0)
    s = report.summary()
    assert (s["correct"], s["false_abstention"], s["wrong"], s["correctly_abstained"], s["wrongly_answered"]) == (1, 1, 1, 1, 1)
    assert (s["citations"], s["citations_failed"]) == (3, 1)  # the forged quote is not in the file
    assert s["correct_rate"] == pytest.approx(1 / 3) or s["correct_rate"] == 0.3333
    data = report.to_json()
    assert set(data) == {"engine", "summary", "questions"}
    assert {"id", "question", "expected", "outcome", "answer", "abstained", "gold_cited", "cited_sources", "citations",
            "citations_failed", "latency_ms"} <= set(data["questions"][0])


def test_malformed_questions_are_named_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="line 2"):
        parse_questions(['{"question": "Who?"}', "{not json"], "q.jsonl")
    with pytest.raises(InputError, match="answers"):
        parse_questions(['{"question": "Who?", "answers": "Kim"}'])
    with pytest.raises(InputError, match="no questions"):
        parse_questions(["", "  "])
    with pytest.raises(InputError, match="cannot read"):
        load_questions(tmp_path / "missing.jsonl")
    assert parse_questions(['{"question": " Who? ", "as_of": "2024-05-01"}'])[0] == EvalQuestion("1", "Who?", as_of="2024-05-01")


def test_newsroom_evaluate_on_the_seeds(seeded) -> None:
    report = seeded.evaluate(TINY, engine="extractive")
    assert [i.outcome for i in report.items] == [CORRECT, CORRECT, CORRECTLY_ABSTAINED]
    assert all(i.gold_cited for i in report.items[:2])
    assert report.summary()["citations"] > 0 and report.summary()["citations_failed"] == 0


def test_eval_cli_json_and_table(seeded_db: Path, tmp_path: Path) -> None:
    questions = tmp_path / "tiny.jsonl"
    questions.write_text("".join(json.dumps(q) + "\n" for q in TINY), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "ragnews", "eval", str(questions), "--json", "--db", str(seeded_db), "--engine", "extractive"],
                         capture_output=True, text=True, env=os.environ, timeout=180)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)  # stdout holds only the JSON document
    assert data["engine"] == "extractive" and data["summary"]["correct"] == 2 and data["summary"]["correctly_abstained"] == 1
    assert [q["id"] for q in data["questions"]] == ["lukin", "troops", "warships"]


def test_eval_table_renders_every_question(seeded) -> None:
    from rich.console import Console

    from ragnews.cli.evaluate import render_report

    console = Console(width=240, record=True, color_system=None)
    render_report(console, seeded.evaluate(TINY[:1] + TINY[2:], engine="extractive"))
    text = console.export_text()
    assert "lukin" in text and "warships" in text and "correctly_abstained" in text
    assert "1/1 correct" in text and "1/1 abstained" in text and "failing verification: 0/" in text
