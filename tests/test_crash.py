"""Crash safety: SIGKILL a real ingest at chosen writes, then re-run it.

tests/crashing.py runs the CLI with the store's collections wrapped so that
the process is SIGKILLed right after its N-th upsert (a batch of a window's
chunks, or the window's records): each crash point is deterministic rather
than a race against a timer, and the product carries no test hook.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ragnews import Newsroom
from ragnews.index import ingestor

from .conftest import SEEDS
from .storetools import assert_consistent, check, cli_env, kinds, open_newsroom

CRASHING = Path(__file__).with_name("crashing.py")

NAMES = ["000_7dc4cde0666e8d48.txt", "001_e466ae1f60d4263a.txt"]
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
# With CRASHING_WINDOW_TOKENS=1500 the five seeds (665, 893, 920, 1224, 757 tokens; 4, 6, 6, 8, 5 chunks) make
# windows {000, 001}, {002, 003}, {004}; with CRASHING_MAX_BATCH=4 their upserts are, in order:
#   window 1: chunks #1 #2 #3, records #4 | window 2: chunks #5 #6 #7 #8, records #9 | window 3: chunks #10 #11, records #12
PINNED = {"CRASHING_WINDOW_TOKENS": "1500", "CRASHING_MAX_BATCH": "4"}


def _corpus(tmp_path: Path, names: list[str] = NAMES) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in names:
        shutil.copy(SEEDS / name, corpus / name)
    return corpus


def _crash(corpus: Path, db: Path, after: int, **env: str) -> None:
    result = subprocess.run([sys.executable, str(CRASHING), str(after), "ingest", str(corpus), "--db", str(db)],
                            capture_output=True, text=True, env=cli_env(**env), timeout=180)
    assert result.returncode == -signal.SIGKILL, (result.returncode, result.stderr[-2000:])


def _done_sources(db: Path) -> set[str]:
    return {Path(p).name for p in open_newsroom(db).store.source_records()}


@pytest.mark.parametrize(("kills", "done_after"), [
    ([4], [SEED_NAMES[:2]]),  # at a window boundary: window 1's records written, window 2 not begun
    ([6, 3], [SEED_NAMES[:2], SEED_NAMES[:2]]),  # inside window 2's chunks; on the re-run, inside its first window again
    ([12], [SEED_NAMES]),  # every record written, killed before the BM25 index was rebuilt
], ids=["boundary", "inside-twice", "before-index"])
def test_kill_at_window_boundaries_and_inside_then_resume(tmp_path: Path, kills: list[int], done_after: list[list[str]]) -> None:
    corpus, db = _corpus(tmp_path, SEED_NAMES), tmp_path / "db"
    for after, done in zip(kills, done_after):
        _crash(corpus, db, after, **PINNED)
        assert _done_sources(db) == set(done)  # the finished windows' articles, and only those
        found = check(db)
        assert "lexical_stale" in kinds(found)  # the old index must never look current after a crash
        assert kinds(found) <= {"orphan", "lexical_stale"}  # nothing marked done has missing or stale chunks
        orphaned = {Path(p.source).name for p in found.problems if p.kind == "orphan"}
        assert not orphaned & set(done)

    final = open_newsroom(db).ingest([corpus])  # the re-run completes the store and its index
    done = set(done_after[-1])
    assert final.counts()["unchanged"] == len(done) and final.counts()["added"] == len(SEED_NAMES) - len(done)
    assert not final.failed
    nr = assert_consistent(db, expected_sources=len(SEED_NAMES))  # nothing missing, nothing doubled
    assert nr.search("North Korean troops", k=3)


def test_kill_after_the_first_window_keeps_its_articles(tmp_path: Path) -> None:
    """Default window sizes: the first window is small, so its articles are stored early and survive a kill."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in range(3):  # 15 distinct articles (different bytes, so none is a duplicate)
        for name in SEED_NAMES:
            (corpus / f"{copy}-{name}").write_bytes((SEEDS / name).read_bytes() + f"\nCopy {copy}.\n".encode())
    names = sorted(p.name for p in corpus.iterdir())
    db = tmp_path / "db"
    _crash(corpus, db, after=2)  # window 1: its chunks (one upsert), then its records
    done = _done_sources(db)
    assert 0 < len(done) < len(names) and done == set(names[: len(done)])
    assert kinds(check(db)) == {"lexical_stale"}  # a boundary: no orphans

    final = open_newsroom(db).ingest([corpus])
    assert final.counts()["unchanged"] == len(done) and final.counts()["added"] == len(names) - len(done)
    assert_consistent(db, expected_sources=len(names))


def test_window_budget_follows_the_embedding_rate() -> None:
    """A window is about WINDOW_SECONDS of embedding, on a quiet machine or a loaded one, within bounds."""
    quiet = ingestor.next_window_tokens(4_000, 1.0)
    loaded = ingestor.next_window_tokens(4_000, 4.0)
    assert quiet == int(4_000 * ingestor.WINDOW_SECONDS) and loaded == int(1_000 * ingestor.WINDOW_SECONDS)
    assert ingestor.next_window_tokens(10**6, 0.01) == ingestor.MAX_WINDOW_TOKENS  # a near-free embedder
    assert ingestor.next_window_tokens(10, 100.0) == ingestor.MIN_WINDOW_TOKENS
    assert ingestor.FIRST_WINDOW_TOKENS < quiet  # the first window is stored early


def test_repair_fixes_hand_damaged_store(tmp_path: Path, seeded_db: Path, seeds_copy: Path) -> None:
    db = tmp_path / "db"
    shutil.copytree(seeded_db, db)
    nr = open_newsroom(db)
    chunks = nr.store._chunks
    records = nr.store.source_records()
    victim, other = sorted(records)[:2]
    sample = chunks.get(where={"path": other}, include=["embeddings", "metadatas", "documents"], limit=1)
    vec, meta = sample["embeddings"][0], sample["metadatas"][0]
    chunks.add(ids=["orphan-1"], embeddings=[vec], documents=["lost"], metadatas=[{**meta, "path": "/gone/a.txt"}])
    chunks.add(ids=["stale-1"], embeddings=[vec], documents=["old"], metadatas=[{**meta, "content_hash": "0" * 64}])
    chunks.add(ids=["dup-1"], embeddings=[vec], documents=["again"], metadatas=meta)
    victim_ids = chunks.get(where={"path": victim}, include=[])["ids"]
    chunks.delete(ids=victim_ids[:1])  # a record whose chunks are now incomplete

    found = check(db)
    assert not found.ok
    assert kinds(found) == {"orphan", "stale", "duplicate", "incomplete"}
    assert {p.source for p in found.problems if p.kind == "incomplete"} == {victim}

    fixed = check(db, repair=True)
    assert fixed.ok, fixed.to_json()
    assert {p.kind for p in fixed.repaired} == {"orphan", "stale", "duplicate", "incomplete", "lexical_stale"}
    assert fixed.to_json()["ok"] is True
    assert victim not in open_newsroom(db).store.source_records()
    assert check(db).ok

    redo = open_newsroom(db).ingest([seeds_copy])
    assert redo.counts()["added"] == 1 and redo.counts()["unchanged"] == 4
    assert_consistent(db, expected_sources=5)


def test_check_cli_reports_and_repairs(tmp_path) -> None:
    """`ragnews check` exits 1 on a damaged store and 0 after `--repair`."""
    import os
    import shutil
    import subprocess
    import sys

    from ragnews import Newsroom

    from .conftest import SEEDS

    corpus = tmp_path / "c"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "db"
    nr = Newsroom(db=db)
    nr.ingest([corpus])
    nr.store._sources.delete(ids=[str(corpus / "000_7dc4cde0666e8d48.txt")])  # its chunks are now orphans

    def run(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "ragnews", "check", *extra, "--db", str(db)],
                              capture_output=True, text=True, env=os.environ, timeout=120)

    bad = run()
    assert bad.returncode == 1 and "orphan" in bad.stdout, bad.stdout + bad.stderr
    fixed = run("--repair")
    assert fixed.returncode == 0 and "repaired" in fixed.stdout, fixed.stdout + fixed.stderr
    assert run().returncode == 0


class _Crash(BaseException):
    """Stands for a kill: nothing in ragnews catches it."""


class _CrashOnChunkDelete:
    """A chunk collection that dies when asked to delete: `ingest --prune` stops between the record and the chunks."""

    def __init__(self, collection) -> None:
        self._collection = collection

    def __getattr__(self, name: str):
        return getattr(self._collection, name)

    def delete(self, *args, **kwargs):
        raise _Crash("killed after the record was deleted, before its chunks")


def test_prune_interrupted_between_record_and_chunks(tmp_path: Path) -> None:
    """The next ingest clears the orphans, and search never shows them even before it does."""
    corpus, db = _corpus(tmp_path), tmp_path / "db"
    shutil.copy(SEEDS / "003_4432676fd8114b32.txt", corpus / "003.txt")
    nr = Newsroom(db=db)
    assert nr.ingest([corpus]).counts()["added"] == 3
    victim = corpus / "003.txt"
    query = "win-win strategy Hong Min"  # words only the victim holds
    assert any(h.path == str(victim) for h in nr.search(query, k=3))
    victim.unlink()
    nr.store._chunks = _CrashOnChunkDelete(nr.store._chunks)
    with pytest.raises(_Crash):
        nr.ingest([corpus], prune=True)

    after = open_newsroom(db)
    assert str(victim) not in after.store.source_records()
    assert "orphan" in kinds(check(db))
    assert all(h.path != str(victim) for h in after.search(query, k=3))  # chunks without a record are never shown

    report = open_newsroom(db).ingest([corpus])
    assert report.orphans_removed > 0 and report.counts()["unchanged"] == 2 and not report.failed
    assert_consistent(db, expected_sources=2)
