"""A damaged store: every command gives one line with the fix, `check` finds the
damage without crashing, and `check --repair` rebuilds from the article files."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from ragnews import Newsroom
from ragnews.index.failures import translate
from tests.conftest import SEEDS
from tests.storetools import ragnews


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "db"
    assert not Newsroom(db=db).ingest([corpus]).failed
    return corpus, db


def _one_line_error(result, *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ragnews: error: "), result.stderr[-2000:]
    assert all(w in lines[0] for w in words), lines[0]


@pytest.fixture
def big_store(tmp_path: Path) -> tuple[Path, Path]:
    """A store large enough (1,100 chunks) that Chroma persists its vector index to files."""
    from benchmarks.hashembed import HashEmbedder

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "db"
    nr = Newsroom(db=db, embedder=HashEmbedder())
    assert not nr.ingest([corpus]).failed
    bulk = corpus / "bulk.txt"
    bulk.write_text("Bulk archive\n\n" + "\n".join(f"Line {i} of the archive says little." for i in range(1100)) + "\n")
    record = {"source": "bulk.txt", "path": str(bulk), "content_hash": "x", "chunks": 1100, "title": "Bulk archive"}
    ids = [f"bulk-{i}" for i in range(1100)]
    metas = [{"source": "bulk.txt", "path": str(bulk), "content_hash": "x", "chunk": i, "start_line": i + 3, "end_line": i + 3}
             for i in range(1100)]
    with nr.store.writing():
        nr.store.write_source(record, ids, [f"Line {i} of the archive says little." for i in range(1100)], metas,
                              HashEmbedder().embed(ids))
        nr.store.bump_generation()
    assert any((seg / "index_metadata.pickle").exists() for seg in db.iterdir() if seg.is_dir())
    return corpus, db


def test_vector_index_that_crashes_its_reader_is_found_by_check_and_repaired(big_store) -> None:
    from benchmarks.hashembed import HashEmbedder

    corpus, db = big_store
    for segment in (p for p in db.iterdir() if p.is_dir()):
        level0 = segment / "data_level0.bin"
        if level0.exists() and (segment / "index_metadata.pickle").exists():
            level0.write_bytes(os.urandom(level0.stat().st_size))
    result = ragnews("check", "--db", str(db))
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "damaged" in result.stdout and "--repair" in result.stdout
    report = Newsroom(db=db, embedder=HashEmbedder()).check(repair=True)
    assert any("re-ingested 6 of 6" in p.message for p in report.repaired), report
    assert list(db.parent.glob("db.damaged-*")), "the damaged store is kept aside, not deleted"
    after = Newsroom(db=db, embedder=HashEmbedder())
    assert len(after.sources()) == 6 and after.check().ok


def test_malformed_database_is_one_line_everywhere(store) -> None:
    _, db = store
    (db / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    for args in (["search", "troops"], ["sources"], ["ask", "How many troops?"]):
        _one_line_error(ragnews(*args, "--db", str(db)), "damaged", "ragnews check --repair")


def test_empty_database_file_is_damage_not_an_empty_store(store) -> None:
    _, db = store
    (db / "chroma.sqlite3").write_bytes(b"")
    _one_line_error(ragnews("search", "troops", "--db", str(db)), "damaged", "empty")


def test_garbage_lexical_index_is_reported_and_rebuilt(store) -> None:
    _, db = store
    (db / "lexical.sqlite3").write_bytes(b"\x00garbage" * 64)
    for wal in db.glob("lexical.sqlite3-*"):
        wal.unlink()  # (SQLite would rebuild the pages from its write-ahead log)
    nr = Newsroom(db=db)
    assert "lexical_damaged" in {p.kind for p in nr.check().problems}
    fixed = Newsroom(db=db).check(repair=True)
    assert "lexical_damaged" in {p.kind for p in fixed.repaired} and fixed.ok
    assert Newsroom(db=db).check().ok


@pytest.mark.parametrize(("exc", "words"), [
    (sqlite3.OperationalError("attempt to write a readonly database"), ("read-only",)),
    (OSError(errno.ENOSPC, "No space left on device"), ("disk full",)),
    (RuntimeError("Error in compaction: database or disk is full"), ("disk full",)),
    (sqlite3.DatabaseError("database disk image is malformed"), ("damaged", "check --repair")),
])
def test_store_failures_are_classified(exc: BaseException, words: tuple[str, ...]) -> None:
    error = translate(exc, "/data/news-db", server=False)
    assert error is not None and all(w in str(error) for w in words) and "/data/news-db" in str(error)


def test_a_lost_server_names_its_url() -> None:
    import httpx

    try:
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
    except httpx.RemoteProtocolError as cause:
        try:
            raise RuntimeError("upsert failed") from cause
        except RuntimeError as exc:
            error = translate(exc, "http://127.0.0.1:8000", server=True)
    assert error is not None and "lost the Chroma server at http://127.0.0.1:8000" in str(error)


def test_server_dying_mid_ingest_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx

    from ragnews.index import store as store_module
    from ragnews.index.store import StoreError

    nr = Newsroom(db=tmp_path / "db")
    nr._open(create=True)  # connected; then the server "dies"
    monkeypatch.setattr(nr.store, "server", True)
    monkeypatch.setattr(nr.settings, "chroma_url", "http://127.0.0.1:8000")

    def dies(*args, **kwargs):
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.")

    monkeypatch.setattr(store_module.Store, "write_sources", dies)
    monkeypatch.setattr(store_module.Store, "refresh", lambda self: False)
    with pytest.raises(StoreError, match="lost the Chroma server at http://127.0.0.1:8000"):
        nr.ingest([SEEDS / "000_7dc4cde0666e8d48.txt"])
