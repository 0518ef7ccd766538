"""The extractive engine end to end on the seeds: answers, abstention, citations."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import eval_questions, source_matches
from tests.verify import assert_citation_verifies, assert_markers_resolve

QUESTIONS = eval_questions()

# Our own questions: (question, expected substring or None to abstain, gold source prefixes)
OWN = [
    ("What did Ukraine's special forces report on April 24?", "25 North Korean soldiers", ["001"]),
    ("What did Marco Rubio warn?", "abandon", ["003"]),
    ("Who is Yang Moo-jin?", "University of North Korean Studies", ["004"]),
    ("Who is Doo Jin-ho?", "Korea Institute for Defense Analyses", ["003"]),
    ("What did Kyiv say about Russia's claim?", "denied", ["001", "002", "003", "004"]),
    ("What is Kim Jong Un's favourite food?", None, []),
    ("Who is the president of France?", None, []),
    ("How many tanks did Russia lose in Kursk?", None, []),
    ("What did the Chinese foreign ministry say about the deployment?", None, []),
]


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q["id"])
def test_eval_questions(seeded, q) -> None:
    answer = seeded.ask(q["question"], engine="extractive")
    data = answer.to_json()
    if q.get("unanswerable"):
        assert data["abstained"] and not data["citations"], data["answer"]
        assert data["answer"].startswith("The sources don't say")
        return
    assert not data["abstained"], data["answer"]
    assert any(a.lower() in data["answer"].lower() for a in q["answers"]), data["answer"]
    assert any(source_matches(c["source"], q["sources"]) for c in data["citations"])
    assert len(set(re.findall(r"\[(\d+)\]", data["answer"]))) <= 3 and len(data["answer"]) < 1200  # concise, not a dump
    assert_markers_resolve(data["answer"] + " ".join(data["notes"]), data["citations"])
    for c in data["citations"]:
        assert_citation_verifies(c)


@pytest.mark.parametrize("question,expected,gold", OWN, ids=[q for q, _, _ in OWN])
def test_own_questions(seeded, question, expected, gold) -> None:
    answer = seeded.ask(question, engine="extractive")
    if expected is None:
        assert answer.abstained and not answer.citations, answer.answer
        return
    assert not answer.abstained and expected.lower() in answer.answer.lower(), answer.answer
    assert any(source_matches(c.source, gold) for c in answer.citations)


def test_extractive_is_deterministic(seeded) -> None:
    q = "What did analysts say about North Korea's motives?"
    assert seeded.ask(q, engine="extractive").to_json() == seeded.ask(q, engine="extractive").to_json()


def test_ask_mentions_disagreement(seeded) -> None:
    answer = seeded.ask("How many troops has North Korea sent to Russia?", engine="extractive")
    assert any("differ" in n.lower() for n in answer.notes), answer.notes
    joined = " ".join(answer.notes)
    assert "14,000" in joined and "10,000-12,000" in joined


def test_ask_json_cli_contract(seeded_db) -> None:
    out = subprocess.run([sys.executable, "-m", "ragnews", "ask", "Who is Artyom Lukin?", "--json", "--db", str(seeded_db)],
                         capture_output=True, text=True, env=os.environ, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"question", "answer", "abstained", "engine", "model", "citations"} <= set(data)
    assert data["engine"] == "extractive" and data["model"] is None and data["abstained"] is False
    for c in data["citations"]:
        assert {"n", "source", "start_line", "end_line", "quote"} <= set(c)
        assert_citation_verifies(c)


def test_llm_engine_unconfigured_is_a_clear_error(seeded_db) -> None:
    out = subprocess.run([sys.executable, "-m", "ragnews", "ask", "Who is Artyom Lukin?", "--engine", "llm", "--db", str(seeded_db)],
                         capture_output=True, text=True, env=os.environ, timeout=120)
    assert out.returncode == 1
    assert "OPENAI_API_KEY" in out.stderr and "--engine extractive" in out.stderr and "Traceback" not in out.stderr


def test_unreachable_llm_fails_loudly_no_fallback(seeded_db) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "OPENAI_BASE_URL": f"http://127.0.0.1:{port}/v1", "OPENAI_API_KEY": "sk-secret-test-key-123456",
           "RAGNEWS_LLM_TIMEOUT": "3", "RAGNEWS_LLM_RETRIES": "0"}
    out = subprocess.run([sys.executable, "-m", "ragnews", "ask", "Who is Artyom Lukin?", "--json", "--db", str(seeded_db)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 1, out.stdout
    assert out.stdout == ""  # no silent extractive answer
    assert "cannot reach" in out.stderr and f"127.0.0.1:{port}" in out.stderr
    assert "sk-secret-test-key-123456" not in out.stderr and "Traceback" not in out.stderr
