"""Ingest over the real stack: real Chroma in a temp dir, the real offline embedder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ragnews import Newsroom
from tests.conftest import SEEDS


def _ragnews(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ragnews", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=300)


def _chunk_ids(nr: Newsroom) -> list[str]:
    return [c.id for c in nr.store.iter_chunks(include_text=False)]


def test_idempotent_reingest_update_and_prune(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    nr = Newsroom(db=tmp_path / "db")
    first = nr.ingest([corpus])
    assert first.counts()["added"] == 5 and not first.failed
    ids = _chunk_ids(nr)
    assert len(ids) == len(set(ids)) == sum(s.chunks for s in nr.sources())

    again = Newsroom(db=tmp_path / "db").ingest([corpus, corpus / "000_7dc4cde0666e8d48.txt"])
    assert again.counts()["unchanged"] == 5 and again.counts()["added"] == 0
    assert sorted(_chunk_ids(nr)) == sorted(ids)

    changed = corpus / "004_3c2cfa3121e2e0b7.txt"
    changed.write_text("Officials said the bridge would reopen on Friday after repairs costing 3 million euros.\n")
    report = nr.ingest([corpus])
    assert report.counts()["updated"] == 1
    chunks = nr.article_chunks(str(changed))
    assert len(chunks) == 1 and "bridge" in chunks[0][0]
    assert not any("Lim Eul-chul" in c.text for c in nr.store.iter_chunks())
    assert len(_chunk_ids(nr)) == sum(s.chunks for s in nr.sources())

    (corpus / "003_4432676fd8114b32.txt").unlink()
    assert nr.ingest([corpus]).counts()["removed"] == 0  # no prune, nothing removed
    pruned = nr.ingest([corpus], prune=True)
    assert pruned.counts()["removed"] == 1
    assert len(nr.sources()) == 4
    assert not any("003_" in c.meta["source"] for c in nr.store.iter_chunks())
    hits = nr.search("win-win strategy Hong Min", k=5)
    assert all("003_" not in h.source for h in hits)


def test_prune_keeps_the_copy_of_an_article_whose_file_is_gone(tmp_path: Path) -> None:
    """New-user walk: a.txt and its copy b.txt ingested (b a duplicate), a.txt deleted, `ingest --prune`: b.txt was
    reported "same content as a.txt" while a.txt was removed in the same run, so the article was gone from the store
    until another ingest."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (SEEDS / "000_7dc4cde0666e8d48.txt").read_text(encoding="utf-8")
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    (corpus / "b.txt").write_text(text, encoding="utf-8")
    nr = Newsroom(db=tmp_path / "db")
    assert nr.ingest([corpus]).counts()["duplicate"] == 1
    (corpus / "a.txt").unlink()
    pruned = nr.ingest([corpus], prune=True)
    assert {o.source.rsplit("/", 1)[-1]: o.status for o in pruned.outcomes} == {"a.txt": "removed", "b.txt": "added"}
    assert [s.source.rsplit("/", 1)[-1] for s in nr.sources()] == ["b.txt"]


def test_a_new_file_holding_an_edited_files_old_text_is_stored(tmp_path: Path) -> None:
    """Review: a.txt (text A) and b.txt (text B) stored; then a.txt gets text B, a new c.txt text A, b.txt is deleted.
    c.txt was "same content as a.txt" while a.txt was updated to B in the same run: text A left the store, and `check`
    said all was well, until the next ingest."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text_a = (SEEDS / "000_7dc4cde0666e8d48.txt").read_text(encoding="utf-8")
    text_b = (SEEDS / "001_e466ae1f60d4263a.txt").read_text(encoding="utf-8")
    (corpus / "a.txt").write_text(text_a, encoding="utf-8")
    (corpus / "b.txt").write_text(text_b, encoding="utf-8")
    nr = Newsroom(db=tmp_path / "db")
    assert nr.ingest([corpus]).counts()["added"] == 2
    (corpus / "a.txt").write_text(text_b, encoding="utf-8")
    (corpus / "c.txt").write_text(text_a, encoding="utf-8")
    (corpus / "b.txt").unlink()
    nr.ingest([corpus], prune=True)
    assert sorted(s.source.rsplit("/", 1)[-1] for s in nr.sources()) == ["a.txt", "c.txt"]
    assert nr.article_chunks(str(corpus / "c.txt")) and nr.article_chunks(str(corpus / "a.txt"))


def test_bad_inputs_reported_batch_continues(tmp_path: Path) -> None:
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    shutil.copy(SEEDS / "001_e466ae1f60d4263a.txt", corpus / "good.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (corpus / "latin.txt").write_bytes("Le café a fermé après la grève, a déclaré le maire.".encode("latin-1"))
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (corpus / "chrome.txt").write_text("Share\nFacebook\nEmail\n")
    (corpus / "copy.txt").write_bytes((SEEDS / "001_e466ae1f60d4263a.txt").read_bytes())
    nested = corpus / "a" / "b" / "c" / "d" / "e"
    nested.mkdir(parents=True)
    shutil.copy(SEEDS / "003_4432676fd8114b32.txt", nested / "deep.txt")
    os.symlink(corpus, corpus / "a" / "loop")  # a symlink loop must not hang
    result = _ragnews("ingest", str(corpus), "--json", "--db", str(tmp_path / "db"))
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)  # stdout is the JSON document and nothing else
    by_name = {Path(f["source"]).name: f for f in report["files"]}
    twins = sorted([by_name["good.txt"], by_name["copy.txt"]], key=lambda f: f["status"])
    assert [f["status"] for f in twins] == ["added", "duplicate"]
    assert Path(twins[0]["source"]).name in twins[1]["reason"]
    assert by_name["deep.txt"]["status"] == "added"
    assert by_name["latin.txt"]["status"] == "added" and "decoded as" in by_name["latin.txt"]["reason"]
    assert by_name["empty.txt"] == {**by_name["empty.txt"], "status": "failed", "reason": "empty file"}
    assert by_name["binary.txt"]["status"] == "failed" and "binary" in by_name["binary.txt"]["reason"]
    assert by_name["photo.jpg"]["status"] == "skipped" and "unsupported" in by_name["photo.jpg"]["reason"]
    assert by_name["chrome.txt"]["status"] == "failed" and "boilerplate" in by_name["chrome.txt"]["reason"]
    assert report["added"] == 3 and report["failed"] == 3

    human = _ragnews("ingest", str(corpus), "--db", str(tmp_path / "db"))
    assert human.returncode == 1
    assert "empty file" in human.stdout and "unchanged" in human.stdout


def test_bad_new_version_keeps_stored_one(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    target = corpus / "story.txt"
    shutil.copy(SEEDS / "002_02d73822e9f7ea40.txt", target)
    nr = Newsroom(db=tmp_path / "db")
    nr.ingest([corpus])
    before = nr.sources()[0].chunks
    target.write_bytes(b"")
    report = nr.ingest([corpus])
    assert report.failed and "stored version is kept" in report.outcomes[0].reason
    assert nr.sources()[0].chunks == before == len(nr.article_chunks(str(target)))


def test_embedder_mismatch_is_a_clear_error(tmp_path: Path, seeded_db: Path) -> None:
    db = tmp_path / "db"
    shutil.copytree(seeded_db, db)

    class Other:
        name, dim = "other-model", 384

        def embed(self, texts, progress=None):  # pragma: no cover - never reached
            raise AssertionError("must not embed with a mismatched model")

    with pytest.raises(Exception, match="built with the embedder 'all-MiniLM-L6-v2-int8'.*RAGNEWS_EMBEDDER"):
        Newsroom(db=db, embedder=Other()).search("troops")
    result = _ragnews("search", "troops", "--db", str(db), env={"RAGNEWS_EMBEDDER": "openai", "OPENAI_API_KEY": "sk-test"})
    assert result.returncode == 1
    assert "built with the embedder" in result.stderr and "Traceback" not in result.stderr


def test_sources_json_and_empty_store(tmp_path: Path, seeded_db: Path) -> None:
    result = _ragnews("sources", "--json", "--db", str(seeded_db))
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 5
    for row in rows:
        assert {"source", "title", "outlet", "published", "chunks"} <= set(row)
        assert isinstance(row["chunks"], int) and row["chunks"] > 0
    dated = [r for r in rows if r["published"]]
    assert [Path(r["source"]).name[:3] for r in dated] == ["002"]
    empty = _ragnews("search", "anything", "--db", str(tmp_path / "nothing"))
    assert empty.returncode == 1 and "ragnews ingest" in empty.stderr


def test_help_is_instant_and_lazy() -> None:
    code = "import sys, ragnews.cli as c; c.build_parser(); print(sorted(m for m in ('chromadb','onnxruntime','openai','numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_newest_date_is_saved_by_ingest_and_recomputed_when_stale(tmp_path: Path) -> None:
    """`ask` dates questions by the newest article; the writer saves it so readers need not read every record."""
    import datetime as dt

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    nr = Newsroom(db=tmp_path / "db")
    nr.ingest([corpus])
    newest = max(str(r.get("published") or "") for r in nr.store.source_records().values())
    assert newest and nr.store.newest_published() == newest
    (corpus / "later.txt").write_text("Talks resume\nPublished: 2031-02-03\n\nEnvoys met again in Geneva on Monday to resume talks.\n",
                                      encoding="utf-8")
    nr.ingest([corpus])
    assert nr.store.newest_published() == "2031-02-03"
    with nr.store.writing():
        nr.store.bump_generation()  # a writer that does not save it (e.g. a repair)
    assert nr.store.newest_published() is None
    assert Newsroom(db=tmp_path / "db").as_of() == dt.date(2031, 2, 3)
