"""Several real processes on one local store: the writer lock, its timeout, readers.

Chroma corrupts a local directory under two writers (FIELD-NOTES), so the
second ingest must wait for the first; readers need no lock and must keep
getting valid answers while an ingest writes.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from filelock import FileLock

from tests.conftest import SEEDS
from tests.storetools import assert_consistent, ragnews, spawn

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _corpus(root: Path, files: list[Path], tag: str = "") -> Path:
    """Copies of seed articles; a tag line makes their content (and hash) new."""
    root.mkdir(parents=True)
    for f in files:
        (root / f.name).write_text(f.read_text() + (f"\nEdition note {tag}.\n" if tag else ""))
    return root


def _locked(db: Path) -> bool:
    """Whether some process holds the store's write lock (probed without waiting)."""
    if not (db / ".ragnews-write.lock").exists():
        return False
    probe = FileLock(str(db / ".ragnews-write.lock"))
    try:
        probe.acquire(timeout=0)
    except Exception:
        return True
    probe.release()
    return False


def test_two_ingests_at_once_both_finish(tmp_path: Path) -> None:
    db = tmp_path / "db"
    a = _corpus(tmp_path / "a", SEED_FILES[:1])
    b = _corpus(tmp_path / "b", SEED_FILES[1:2])
    procs = [spawn("ingest", str(c), "--db", str(db), "--json") for c in (a, b)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for rc, out, err in results:
        assert rc == 0, err
        assert json.loads(out)["added"] == 1
    assert sum("store busy" in err for _, _, err in results) == 1  # the loser waited and said so
    assert_consistent(db, expected_sources=2)


def test_lock_timeout_is_one_clear_line(tmp_path: Path, seeds_copy: Path) -> None:
    db = tmp_path / "db"
    db.mkdir()
    with FileLock(str(db / ".ragnews-write.lock")):
        started = time.monotonic()
        result = ragnews("ingest", str(seeds_copy), "--db", str(db), RAGNEWS_LOCK_TIMEOUT="1")
        waited = time.monotonic() - started
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("ragnews: error:")]
    assert len(errors) == 1 and "store busy" in errors[0] and "RAGNEWS_CHROMA_URL" in errors[0], result.stderr
    assert waited < 30


def test_readers_keep_working_during_an_ingest(tmp_path: Path, seeded_db: Path) -> None:
    db = tmp_path / "db"
    shutil.copytree(seeded_db, db)
    corpus = _corpus(tmp_path / "new", SEED_FILES[:3], tag="late")
    writer = spawn("ingest", str(corpus), "--db", str(db), "--json")
    overlapped = 0
    try:
        while writer.poll() is None and not _locked(db):
            time.sleep(0.05)  # wait until the writer holds the lock, i.e. is really ingesting
        while True:
            running = writer.poll() is None
            result = ragnews("search", "North Korean troops Russia", "--json", "--db", str(db))
            assert result.returncode == 0, result.stderr
            assert isinstance(json.loads(result.stdout), list) and "Traceback" not in result.stderr
            overlapped += running
            if not running or overlapped >= 2:
                break
        out, err = writer.communicate(timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0, err
    assert overlapped >= 1, "no search ran while the ingest was running"
    assert_consistent(db, expected_sources=8)
