"""Repair never loses what it cannot rebuild, and a full disk is no damage (issue 30, items 2 and 3).

A record of the stored articles lives outside Chroma's database, so a store
whose chroma.sqlite3 is garbage is still rebuilt article by article; the
damaged store stays until the rebuilt one holds them all; a store that lost
articles is never "consistent"; and on a full disk nothing is moved.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ragnews import Newsroom
from ragnews.index import failures
from ragnews.index.ledger import Ledger
from ragnews.index.store import StoreError
from tests.conftest import SEEDS
from tests.test_inputs import HashEmbedder


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "db"
    assert not Newsroom(db=db, embedder=HashEmbedder()).ingest([corpus]).failed
    return corpus, db


def _nr(db: Path) -> Newsroom:
    return Newsroom(db=db, embedder=HashEmbedder())


def test_every_stored_article_is_recorded_outside_chroma(stored: tuple[Path, Path]) -> None:
    corpus, db = stored
    assert sorted(Ledger(db).entries()) == sorted(str(p) for p in corpus.glob("*.txt"))


def test_an_unreadable_chroma_database_is_rebuilt_from_the_record(stored: tuple[Path, Path]) -> None:
    corpus, db = stored
    (db / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    report = _nr(db).check(repair=True)
    assert any("re-ingested 5 of 5" in p.message for p in report.repaired), report
    assert len(_nr(db).sources()) == 5 and _nr(db).check().ok
    assert list(db.parent.glob("db.damaged-*")), "the damaged store is kept"


def test_a_repair_cut_short_keeps_the_damaged_store_and_finishes_next_time(stored: tuple[Path, Path],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, db = stored
    (db / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    real = Newsroom._ingest_into

    def killed_after_two(self: Newsroom, target: Path, paths: list[str]) -> Any:
        real(self, target, paths[:2])  # the process "dies" after two articles
        raise KeyboardInterrupt

    monkeypatch.setattr(Newsroom, "_ingest_into", killed_after_two)
    with pytest.raises(KeyboardInterrupt):
        _nr(db).check(repair=True)
    assert (db / "chroma.sqlite3").read_bytes().startswith(b"this is not"), "the damaged store was not moved"
    monkeypatch.setattr(Newsroom, "_ingest_into", lambda self, target, paths: real(self, target, paths[:3]))
    partial = _nr(db).check(repair=True)
    assert not partial.ok and any("3 of 5" in p.message and "again" in p.message for p in partial.problems), partial
    monkeypatch.setattr(Newsroom, "_ingest_into", real)
    done = _nr(db).check(repair=True)
    assert any("re-ingested 5 of 5" in p.message for p in done.repaired), done
    assert len(_nr(db).sources()) == 5 and _nr(db).check().ok


def test_a_store_missing_recorded_articles_is_not_consistent(stored: tuple[Path, Path]) -> None:
    corpus, db = stored
    nr = _nr(db)
    nr._open()
    chunks, sources = nr.store.use_chroma()
    gone = sorted(nr.store.source_records())[:2]
    sources.delete(ids=gone)  # lost behind ragnews's back (a damaged store read as partly empty)
    chunks.delete(where={"path": {"$in": gone}})
    found = _nr(db).check()
    assert not found.ok and sorted(p.source for p in found.problems if p.kind == "unstored") == gone
    fixed = _nr(db).check(repair=True)
    assert sorted(p.source for p in fixed.repaired if p.kind == "unstored") == gone
    assert len(_nr(db).sources()) == 5 and _nr(db).check().ok


def test_nothing_recorded_is_never_consistent(tmp_path: Path, stored: tuple[Path, Path]) -> None:
    corpus, db = stored
    (db / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    Ledger(db).path.unlink()
    report = _nr(db).check(repair=True)
    assert not report.ok and "no record" in report.problems[0].message
    assert (db / "chroma.sqlite3").exists() and not list(db.parent.glob("db.damaged-*"))


def _full(monkeypatch: pytest.MonkeyPatch) -> None:
    usage = shutil.disk_usage("/")
    monkeypatch.setattr(failures.shutil, "disk_usage", lambda path: usage._replace(free=1024))


def test_a_full_disk_is_named_and_repair_moves_nothing(stored: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, db = stored
    (db / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)  # what a full disk can look like to a reader
    _full(monkeypatch)
    report = _nr(db).check(repair=True)
    assert not report.ok and report.problems[0].kind == "disk_full" and "free space, then re-run" in report.problems[0].message
    assert not report.repaired and not list(db.parent.glob("db.*")), "nothing moved, nothing rebuilt"


def test_chroma_failing_on_a_full_disk_says_disk_full_not_damaged(stored: tuple[Path, Path], tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from chromadb.errors import InternalError

    corpus, db = stored
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "new.txt").write_text("A new headline\n\nSomething happened on Tuesday, officials said.\n")
    nr = _nr(db)

    def compaction_fails(*args: object, **kwargs: object) -> None:
        raise InternalError("Error in compaction: Failed to apply logs to the hnsw segment writer")

    monkeypatch.setattr(nr.store, "write_sources", compaction_fails)
    _full(monkeypatch)
    with pytest.raises(StoreError, match="disk full.*free space, then re-run"):
        nr.ingest([extra])
    with pytest.raises(StoreError, match="disk full"):
        monkeypatch.setattr(nr.store, "source_records", compaction_fails)
        nr.sources()
