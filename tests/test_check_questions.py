"""The question-set check keeps every BBC set's articles apart, the newest set included (issue 27: sets written apart)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.check_questions import SETS, articles, problems, read_rows
from benchmarks.qa import BBC_SETS, DEV, SET_NAMES


def _trap_on(topic: str) -> dict[str, object]:
    return {"id": "w01", "question": "How many?", "answers": [], "sources": [], "kind": "unanswerable", "topic_file": topic}


def test_every_bbc_set_is_a_choice_and_is_checked_against_the_others() -> None:
    assert set(BBC_SETS) <= set(SET_NAMES) and "bbc6" in BBC_SETS
    assert SETS == tuple(BBC_SETS.values())
    assert all((DEV / name).exists() for name in SETS)


def test_a_set_sharing_an_article_with_another_set_is_flagged(tmp_path: Path) -> None:
    taken = sorted(articles(read_rows(DEV / BBC_SETS["bbc"])[0]))[0]  # an article the first set asks about
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps(_trap_on(taken)) + "\n", encoding="utf-8")
    assert any("already used by another set" in line for line in problems(new))


def test_a_trap_on_a_listed_article_no_set_uses_passes(tmp_path: Path) -> None:
    used = {a for name in SETS for row in read_rows(DEV / name) for a in articles(row)}
    listed = [line.strip() for line in (DEV / "bbc_files.txt").read_text().splitlines() if line.strip() and not line.startswith("#")]
    free = next(a for a in listed if a not in used)
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps(_trap_on(free)) + "\n", encoding="utf-8")
    assert problems(new) == []
