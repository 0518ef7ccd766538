from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ragnews.index.search import Hit, diversify, fuse
from ragnews.text.terms import tokenize
from tests.conftest import eval_questions, source_matches

ANSWERABLE = [q for q in eval_questions() if not q.get("unanswerable")]

# Our own questions of the same kind, with the article that answers them.
OWN = [
    ("Who is Kobe Wang?", ["002"]),
    ("What did Marco Rubio warn about a settlement?", ["003"]),
    ("How many North Korean soldiers did Ukraine's Special Operations Forces report killing on April 24?", ["001"]),
    ("Who is Yang Moo-jin?", ["004"]),
    ("What did Moon Seong Mook say about North Korea pulling out its troops?", ["002"]),
    ("Which state media agency reported the ruling party's statement?", ["001", "004"]),
    ("What does Lim Eul-chul think about Kim attending Victory Day?", ["004"]),
    ("What concerns do the US and South Korea have about technology transfers?", ["000", "002", "003"]),
]


@pytest.mark.parametrize("q", ANSWERABLE, ids=lambda q: q["id"])
def test_gold_source_in_top5_eval(seeded, q) -> None:
    hits = seeded.search(q["question"], k=5)
    assert any(source_matches(h.source, q["sources"]) for h in hits), [h.source for h in hits]


@pytest.mark.parametrize("question,gold", OWN, ids=[q for q, _ in OWN])
def test_gold_source_in_top5_own(seeded, question, gold) -> None:
    hits = seeded.search(question, k=5)
    assert any(source_matches(h.source, gold) for h in hits[:5]), [h.source for h in hits]


def test_diverse_across_sources(seeded) -> None:
    hits = seeded.search("North Korea troops Kursk Putin", k=5)
    assert len({h.source for h in hits}) >= 4


def test_search_json_shape_cli(seeded_db) -> None:
    out = subprocess.run([sys.executable, "-m", "ragnews", "search", "Gerasimov Kursk liberation", "-k", "3", "--json", "--db", str(seeded_db)],
                         capture_output=True, text=True, env=os.environ, timeout=120)
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert len(hits) == 3
    for hit in hits:
        assert isinstance(hit["chunk"], int) and isinstance(hit["start_line"], int) and isinstance(hit["end_line"], int)
        assert isinstance(hit["score"], float) and hit["text"] and "title" in hit and hit["source"].endswith(".txt")
        assert 1 <= hit["start_line"] <= hit["end_line"]
    assert "003_" in hits[0]["source"] or "004_" in hits[0]["source"]


def test_hit_lines_contain_hit_text(seeded) -> None:
    for hit in seeded.search("mutual defense treaty signed", k=5):
        with open(hit.path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
        window = "".join("".join(lines[hit.start_line - 1 : hit.end_line]).split())
        assert "".join(hit.text.split()) in window


def test_tokenize_keeps_names_and_numbers() -> None:
    assert tokenize("Gerasimov said 10,000-12,000 troops") == ["gerasimov", "10000", "12000", "troop"]
    assert tokenize("Russia’s forces") == ["russia", "force"]


def test_fuse_and_diversify() -> None:
    scores = fuse([["a", "b"], ["b", "c"]])
    assert max(scores, key=scores.get) == "b" and scores["b"] < 1.0
    hits = [Hit(source=s, title=None, chunk=i, start_line=1, end_line=1, score=1.0 - i / 10, text="") for i, s in enumerate("aaaab")]
    assert [h.source for h in diversify(hits, 3, per_source=2)] == ["a", "b", "a"]
    assert [h.source for h in diversify(hits, 5, per_source=2)] == ["a", "b", "a", "a", "a"]
