"""Crash safety: SIGKILL a real ingest at chosen writes, then re-run it.

tests/crashing.py runs the CLI with the store's collections wrapped so that
the process is SIGKILLed right after its N-th chunk-batch or record upsert:
each crash point is deterministic rather than a race against a timer, and
the product carries no test hook.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ragnews import Newsroom

from .conftest import SEEDS
from .storetools import assert_consistent, check, cli_env, kinds, open_newsroom

CRASHING = Path(__file__).with_name("crashing.py")

NAMES = ["000_7dc4cde0666e8d48.txt", "001_e466ae1f60d4263a.txt"]


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in NAMES:
        shutil.copy(SEEDS / name, corpus / name)
    return corpus


def _crash(corpus: Path, db: Path, after: int) -> None:
    result = subprocess.run([sys.executable, str(CRASHING), str(after), "ingest", str(corpus), "--db", str(db)],
                            capture_output=True, text=True, env=cli_env(), timeout=120)
    assert result.returncode == -signal.SIGKILL, (result.returncode, result.stderr[-2000:])


def _done_sources(db: Path) -> set[str]:
    return {Path(p).name for p in open_newsroom(db).store.source_records()}


def test_kill_at_several_points_then_resume(tmp_path: Path) -> None:
    corpus, db = _corpus(tmp_path), tmp_path / "db"
    # writes per article: its chunk batch, then its record
    _crash(corpus, db, after=3)  # article 1 done, article 2's chunks written but not its record
    assert _done_sources(db) == {NAMES[0]}
    found = check(db)
    assert kinds(found) == {"orphan", "lexical_stale"}  # nothing marked done has missing chunks
    assert {Path(p.source).name for p in found.problems if p.kind == "orphan"} == {NAMES[1]}

    _crash(corpus, db, after=2)  # article 2 redone and marked done, killed before the BM25 rebuild
    assert _done_sources(db) == set(NAMES)
    assert kinds(check(db)) == {"lexical_stale"}  # the old index must not look current

    final = open_newsroom(db).ingest([corpus])  # the re-run completes the store and its index
    assert final.counts()["unchanged"] == 2 and not final.failed
    nr = assert_consistent(db, expected_sources=2)
    assert nr.search("North Korean troops", k=3)


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
