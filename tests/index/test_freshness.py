"""A file edited or deleted after ingest is never cited; the output says so."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ragnews import Newsroom
from tests.conftest import SEEDS

LUKIN = "001_e466ae1f60d4263a.txt"  # the article that quotes Artyom Lukin


@pytest.fixture
def corpus_store(tmp_path: Path) -> tuple[Path, Newsroom]:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    nr = Newsroom(db=tmp_path / "db")
    assert not nr.ingest([corpus]).failed
    return corpus, nr


def _cited(answer) -> set[str]:
    return {Path(c.path).name for c in answer.citations}


def test_edited_file_is_not_cited_and_the_note_says_reingest(corpus_store) -> None:
    corpus, nr = corpus_store
    question = "Who is Artyom Lukin?"
    assert LUKIN in _cited(nr.ask(question, engine="extractive"))
    path = corpus / LUKIN
    path.write_text(path.read_text(encoding="utf-8").replace("Lukin", "Lukyanov"), encoding="utf-8")
    answer = nr.ask(question, engine="extractive")
    assert LUKIN not in _cited(answer)
    note = " ".join(answer.notes)
    assert LUKIN in note and "changed since it was ingested" in note and "ragnews ingest" in note


def test_same_bytes_with_a_new_mtime_are_still_fresh(corpus_store) -> None:
    corpus, nr = corpus_store
    path = corpus / LUKIN
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    answer = nr.ask("Who is Artyom Lukin?", engine="extractive")
    assert LUKIN in _cited(answer) and not answer.notes


def test_deleted_file_is_left_out_of_a_briefing_and_check_reports_both(corpus_store) -> None:
    corpus, nr = corpus_store
    (corpus / "000_7dc4cde0666e8d48.txt").unlink()
    edited = corpus / LUKIN
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA new paragraph added later.\n", encoding="utf-8")
    b = nr.brief(engine="extractive")
    assert not any(s["source"].endswith(("000_7dc4cde0666e8d48.txt", LUKIN)) for s in b.sources)
    assert not any(c.path.endswith(("000_7dc4cde0666e8d48.txt", LUKIN)) for c in b.citations)
    assert any("missing" in n and "000_7dc4cde0666e8d48.txt" in n for n in b.notes)
    report = nr.check()
    kinds = {(p.kind, Path(p.source).name) for p in report.problems}
    assert ("file_missing", "000_7dc4cde0666e8d48.txt") in kinds and ("file_changed", LUKIN) in kinds
    assert not report.ok
