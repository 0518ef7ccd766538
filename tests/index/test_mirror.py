"""The read mirror (ragnews/index/mirror.py): reads equal Chroma's, a stale mirror is never used, writes keep it in
step, a damaged one is rebuilt and nothing stored is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from benchmarks.hashembed import HashEmbedder
from ragnews import Newsroom
from ragnews.index import mirror
from tests.storetools import cli_env

TOPICS = ("harbour", "budget", "election", "vaccine", "drought", "railway", "orchestra")


def _article(i: int, topic: str, extra: str = "") -> str:
    paragraphs = [f"The {topic} story, part {p}: officials in town {i} said the {topic} plan would cost {p * 7 + i} million "
                  f"euros, and residents spoke about the {topic} at length during meeting number {p}. " * 3
                  for p in range(4)]
    return f"The {topic} report {i}\n\n" + "\n\n".join(paragraphs) + extra + "\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, topic in enumerate(TOPICS):
        (folder / f"{i:02d}-{topic}.txt").write_text(_article(i, topic))
    return folder


def _newsroom(db: Path, **overrides: object) -> Newsroom:
    return Newsroom(db=db, embedder=HashEmbedder(), **overrides)


def _ingested(tmp_path: Path, corpus: Path) -> Path:
    db = tmp_path / "db"
    assert not _newsroom(db).ingest([corpus]).failed
    return db


def _through(db: Path, mirrored: bool) -> Newsroom:
    """A reader of the store: through its mirror (asserted used) or through Chroma."""
    nr = _newsroom(db, read_mirror=mirrored)
    nr._open()
    assert (nr.store._view is not None) == mirrored
    return nr


def _everything(nr: Newsroom) -> tuple[dict, dict, dict]:
    """The store's metadata, records, and every chunk (text, metadata, vector) as this reader sees them."""
    records = nr.store.source_records()
    ids = [c.id for c in nr.store.iter_chunks(include_text=False)]
    chunks = {cid: (c.text, c.meta, v.tolist()) for cid, (c, v) in nr.store.get_chunks(ids, with_vectors=True).items()}
    return nr.store.meta(), records, chunks


def _same_as_chroma(db: Path) -> None:
    assert _everything(_through(db, True)) == _everything(_through(db, False))


def test_the_mirror_reads_what_chroma_holds_and_searches_alike(tmp_path: Path, corpus: Path) -> None:
    db = _ingested(tmp_path, corpus)
    assert mirror.mirror_path(db).exists()
    _same_as_chroma(db)
    fast, slow = _through(db, True), _through(db, False)
    assert fast.store.count() == slow.store.count() and fast.store.articles() == slow.store.articles() == len(TOPICS)
    rng = np.random.default_rng(7)
    for _ in range(5):
        vector = rng.standard_normal(384).astype(np.float32)
        exact, hnsw = fast.store.query(vector, 10), slow.store.query(vector, 10)
        assert [c for c, _ in exact] == [c for c, _ in hnsw]  # (random vectors: no ties)
        assert np.allclose([s for _, s in exact], [s for _, s in hnsw], atol=1e-5)
    some = sorted(fast.store.source_records())[:2]
    vector = rng.standard_normal(384).astype(np.float32)
    where = {"path": {"$in": some}}
    assert [c for c, _ in fast.store.query(vector, 5, where)] == [c for c, _ in slow.store.query(vector, 5, where)]
    for query in ("harbour plan cost", "election meeting residents"):
        assert [h.to_json() for h in fast.search(query, k=4)] == [h.to_json() for h in slow.search(query, k=4)]


def test_an_ask_reads_no_chromadb_and_answers_as_before(tmp_path: Path, corpus: Path) -> None:
    db = _ingested(tmp_path, corpus)
    code = ("import sys; from benchmarks.hashembed import HashEmbedder; from ragnews import Newsroom; "
            f"nr = Newsroom(db={str(db)!r}, embedder=HashEmbedder(), engine='extractive'); "
            "a = nr.ask('How much would the harbour plan cost?'); "
            "print('chromadb' in sys.modules); print(a.to_json() if hasattr(a, 'to_json') else a)")

    def run(**env: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(**env), timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.splitlines()

    mirrored, through_chroma = run(), run(RAGNEWS_READ_MIRROR="0")
    assert mirrored[0] == "False" and through_chroma[0] == "True"
    assert mirrored[1:] == through_chroma[1:]


def test_a_write_without_its_sync_leaves_the_mirror_unused(tmp_path: Path, corpus: Path) -> None:
    db = _ingested(tmp_path, corpus)
    writer = _newsroom(db)
    extra = corpus / "zz-extra.txt"
    record = {"source": extra.name, "path": str(extra), "content_hash": "h1", "chunks": 1, "title": "Extra"}
    meta = {"source": extra.name, "path": str(extra), "content_hash": "h1", "chunk": 0, "start_line": 1, "end_line": 1}
    with writer.store.writing():
        writer._open(create=True)
        writer.store.write_source(record, ["extra-0"], ["A lighthouse keeper spoke."], [meta], HashEmbedder().embed(["x"]))
        reader = _newsroom(db)
        reader._open()
        assert reader.store._view is None  # mid-run: the generation moved, the mirror was marked stale
        writer.store.bump_generation()
    reader = _newsroom(db)
    reader._open()
    assert reader.store._view is None and str(extra) in reader.store.source_records()  # read through Chroma
    assert not _newsroom(db).ingest([corpus]).failed  # the next write brings it in step
    _same_as_chroma(db)
    assert str(extra) in _through(db, True).store.source_records()  # what Chroma holds, the mirror holds


def test_another_writer_moving_the_marker_is_seen(tmp_path: Path, corpus: Path) -> None:
    db = _ingested(tmp_path, corpus)
    (db / ".ragnews-generation").write_text("0123456789abcdef")  # an older ragnews wrote the store, not the mirror
    _through(db, False)
    reader = _newsroom(db)
    reader._open()
    assert reader.store._view is None


def test_a_changed_chroma_file_is_seen(tmp_path: Path, corpus: Path) -> None:
    db = _ingested(tmp_path, corpus)
    with (db / "chroma.sqlite3").open("ab") as handle:
        handle.write(b"\0" * 4096)  # Chroma's file is not the one the mirror was made beside
    reader = _newsroom(db)
    reader._open()
    assert reader.store._view is None


def test_updates_and_removals_keep_it_in_step(tmp_path: Path, corpus: Path) -> None:
    db = _ingested(tmp_path, corpus)
    (corpus / "01-budget.txt").write_text(_article(1, "budget", "\n\nA late paragraph on the budget's auditors."))
    (corpus / "02-election.txt").unlink()
    (corpus / "07-lighthouse.txt").write_text(_article(7, "lighthouse"))
    report = _newsroom(db).ingest([corpus], prune=True)
    assert {o.status for o in report.outcomes} >= {"updated", "removed", "added"}
    _same_as_chroma(db)
    paths = set(_through(db, True).store.source_records())
    assert str(corpus / "02-election.txt") not in paths and str(corpus / "07-lighthouse.txt") in paths


def test_a_long_lived_reader_follows_writes(tmp_path: Path, corpus: Path) -> None:
    db = _ingested(tmp_path, corpus)
    reader = _newsroom(db)
    assert len(reader.search("harbour", k=3)) == 3 and reader.store._view is not None
    (corpus / "07-lighthouse.txt").write_text(_article(7, "lighthouse"))
    assert not _newsroom(db).ingest([corpus]).failed
    assert any(h.title == "The lighthouse report 7" for h in reader.search("lighthouse report keeper", k=8))
    assert reader.store._view is not None  # reopened on the new generation, from the mirror again


def test_a_damaged_mirror_is_rebuilt_and_nothing_is_lost(tmp_path: Path, corpus: Path) -> None:
    db = _ingested(tmp_path, corpus)
    before = [h.to_json() for h in _through(db, False).search("drought residents", k=4)]
    path = mirror.mirror_path(db)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"\x00not a database" * 500)
    reader = _newsroom(db)
    assert [h.to_json() for h in reader.search("drought residents", k=4)] == before  # through Chroma
    assert reader.store._view is None
    assert not _newsroom(db).ingest([corpus]).failed  # nothing changed: the mirror alone is rebuilt
    _same_as_chroma(db)
    assert [h.to_json() for h in _through(db, True).search("drought residents", k=4)] == before


def test_a_mirror_that_cannot_be_written_never_fails_a_write(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "db"
    db.mkdir()
    blocker = mirror.mirror_path(db)
    blocker.mkdir()  # no file can be made where the mirror goes
    (blocker / "keep").write_text("x")
    report = _newsroom(db).ingest([corpus])
    assert not report.failed and report.counts()["added"] == len(TOPICS)
    reader = _newsroom(db)
    assert len(reader.search("harbour plan", k=3)) == 3 and reader.store._view is None  # through Chroma


def test_a_mirror_damaged_past_its_state_page_is_dropped_on_read(tmp_path: Path, corpus: Path) -> None:
    """The state table still reads, the chunks do not: the read goes through Chroma, the mirror is deleted, and the
    next ingest builds it again."""
    import sqlite3

    db = _ingested(tmp_path, corpus)
    before = [h.to_json() for h in _through(db, False).search("drought residents", k=4)]
    reader = _through(db, True)
    path = mirror.mirror_path(db)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(size // 2)
        f.write(b"\xff" * (size - size // 2))
    reader.store._view.close()
    reader.store._open_view(None)  # a fresh view over the damaged file: its state still reads
    assert [h.to_json() for h in reader.search("drought residents", k=4)] == before
    assert reader.store._view is None and not path.exists()
    assert not _newsroom(db).ingest([corpus]).failed
    _same_as_chroma(db)


def test_a_ledger_left_behind_by_a_kill_does_not_keep_old_text_in_the_mirror(tmp_path: Path, corpus: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The ledger is written after the records: killed in between, it keeps the old hash with the same count. The
    mirror is compared with the records themselves, so the update reaches it on the next ingest."""
    from ragnews.index.ledger import Ledger

    class Killed(BaseException):
        pass

    def killed(self: Ledger, records: object) -> None:
        raise Killed

    db = _ingested(tmp_path, corpus)
    (corpus / "01-budget.txt").write_text(_article(1, "budget", "\n\nA late paragraph on the budget's auditors."))
    with monkeypatch.context() as m:
        m.setattr(Ledger, "put", killed)
        with pytest.raises(Killed):
            _newsroom(db).ingest([corpus])
    assert not _newsroom(db).ingest([corpus]).failed
    _same_as_chroma(db)
    assert any("auditors" in h.text for h in _through(db, True).search("budget auditors late paragraph", k=8))


def test_check_reports_a_mirror_out_of_step_and_a_repair_rebuilds_it(tmp_path: Path, corpus: Path) -> None:
    """`ragnews check` tells of a missing mirror and of one marked in step with other text; `--repair` rebuilds it."""
    import sqlite3

    db = _ingested(tmp_path, corpus)
    assert _newsroom(db).check().ok
    with sqlite3.connect(mirror.mirror_path(db)) as conn:  # marked in step, but one article's text is not the store's
        conn.execute("UPDATE records SET content_hash = 'other' WHERE path = (SELECT MIN(path) FROM records)")
    report = _newsroom(db).check()
    assert [p.kind for p in report.problems] == ["mirror_stale"] and "other than the store's" in report.problems[0].message
    repaired = _newsroom(db).check(repair=True)
    assert repaired.ok and [p.kind for p in repaired.repaired] == ["mirror_stale"]
    assert _newsroom(db).check().ok
    _same_as_chroma(db)
    mirror.delete_files(db)
    assert "missing" in _newsroom(db).check().problems[0].message
    assert _newsroom(db).check(repair=True).ok and _newsroom(db).check().ok
    _through(db, True)


def test_check_of_an_empty_store_is_ok_and_a_plain_check_writes_nothing(tmp_path: Path, corpus: Path) -> None:
    """An ingest of nothing leaves a store with nothing to be out of step with; `check` without --repair only reads
    the mirror (one of another format is reported, not emptied)."""
    import sqlite3

    empty = tmp_path / "empty"
    empty.mkdir()
    _newsroom(tmp_path / "db0").ingest([empty])
    assert _newsroom(tmp_path / "db0").check().ok
    db = _ingested(tmp_path, corpus)
    with sqlite3.connect(mirror.mirror_path(db)) as conn:
        conn.execute("UPDATE state SET value = '0' WHERE key = 'format'")
    report = _newsroom(db).check()
    assert [p.kind for p in report.problems] == ["mirror_stale"] and "format" in report.problems[0].message
    with sqlite3.connect(mirror.mirror_path(db)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM records").fetchone()[0] == len(TOPICS)


def test_a_repair_rebuilds_the_mirror_while_an_article_file_is_missing(tmp_path: Path, corpus: Path) -> None:
    """New-user walk: one file edited (its stale text removed by the repair) and one deleted; `check --repair`
    dropped the mirror and rebuilt it only when no problem at all remained, so the deleted file (which only
    `ingest --prune` settles) left the store without a mirror after every repair, which said to repair again."""
    db = _ingested(tmp_path, corpus)
    files = sorted(corpus.iterdir())
    files[0].write_text(_article(0, "harbour", extra="\n\nA new closing paragraph.").replace("plan", "scheme"))
    files[1].unlink()
    repaired = _newsroom(db).check(repair=True)
    assert [p.kind for p in repaired.problems] == ["file_missing"]
    assert "stale_text" in [p.kind for p in repaired.repaired]
    assert [p.kind for p in _newsroom(db).check().problems] == ["file_missing"]
    _through(db, True)
    _same_as_chroma(db)
