"""Input edge cases beyond test_ingest/test_reader: each gets one clear outcome.

A fake embedder keeps these fast; what is under test is discovery, reading
and the report, not the vectors.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from ragnews import Newsroom
from ragnews.index.ingestor import IngestReport
from ragnews.ingest import reader

from .conftest import SEEDS

ARTICLE = SEEDS / "000_7dc4cde0666e8d48.txt"
OTHER = SEEDS / "001_e466ae1f60d4263a.txt"


class HashEmbedder:
    """Deterministic 8-d vectors from a hash: enough for the store, instant to run."""

    name, dim = "test-hash-8", 8

    def embed(self, texts: Sequence[str], progress: object = None) -> np.ndarray:
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest()[:8], dtype=np.uint8) for t in texts]
        vectors = np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim) + 1.0
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _ingest(tmp_path: Path, *paths: Path, **settings: object) -> IngestReport:
    return Newsroom(db=tmp_path / "db", embedder=HashEmbedder(), **settings).ingest(list(paths))


def _by_name(report: IngestReport) -> dict[str, tuple[str, str | None]]:
    return {Path(o.source).name: (o.status, o.reason) for o in report.outcomes}


def test_50mb_file_is_skipped_with_guidance(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    with open(corpus / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, instant to make
    shutil.copy(ARTICLE, corpus / "ok.txt")
    status, reason = _by_name(_ingest(tmp_path, corpus))["huge.txt"]
    assert status == "failed" and "too large" in reason and "RAGNEWS_MAX_FILE_MB" in reason
    assert _by_name(_ingest(tmp_path, corpus))["ok.txt"][0] == "unchanged"  # the batch went on
    raised = _by_name(_ingest(tmp_path, corpus, max_file_mb=60))["huge.txt"]
    assert raised[0] == "failed" and "too large" not in raised[1]  # the guidance works: now it is read (and is binary)


def test_deeply_nested_directories(tmp_path: Path) -> None:
    deep = tmp_path / "c" / Path(*["level"] * 60)
    deep.mkdir(parents=True)
    shutil.copy(ARTICLE, deep / "deep.txt")
    report = _ingest(tmp_path, tmp_path / "c")
    assert [(Path(o.source).name, o.status) for o in report.outcomes] == [("deep.txt", "added")]


def test_symlink_loops_terminate(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    (corpus / "a" / "b").mkdir(parents=True)
    shutil.copy(ARTICLE, corpus / "a" / "b" / "story.txt")
    os.symlink(corpus, corpus / "a" / "b" / "up")  # directory loop
    os.symlink("self.txt", corpus / "self.txt")  # a link to itself
    os.symlink("pong.txt", corpus / "ping.txt")
    os.symlink("ping.txt", corpus / "pong.txt")  # two links pointing at each other
    found = _by_name(_ingest(tmp_path, corpus))
    assert found["story.txt"] == ("added", None)
    for name in ("self.txt", "ping.txt", "pong.txt"):
        assert found[name] == ("failed", "broken symbolic link")


def test_unreadable_file_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(ARTICLE, corpus / "ok.txt")
    shutil.copy(OTHER, corpus / "locked.txt")
    real_open = open

    def deny_locked(file, *args, **kwargs):  # we run as root, so chmod 000 would not stop us
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(reader, "open", deny_locked, raising=False)
    found = _by_name(_ingest(tmp_path, corpus))
    assert found["locked.txt"] == ("failed", "cannot read file: Permission denied")
    assert found["ok.txt"] == ("added", None)


def test_fifo_never_blocks(tmp_path: Path) -> None:
    """A named pipe called .txt would block open() forever; it must be skipped, named or found."""
    corpus = tmp_path / "c"
    (corpus / "sub").mkdir(parents=True)
    os.mkfifo(corpus / "pipe.txt")
    os.symlink(corpus / "pipe.txt", corpus / "link.txt")
    os.mkfifo(corpus / "sub" / "walked.txt")  # found only by walking the folder
    os.mkfifo(corpus / "sub" / "feed")  # no suffix at all: still a line saying why it was left out
    shutil.copy(ARTICLE, corpus / "ok.txt")
    result = subprocess.run([sys.executable, "-c", _FIFO_SCRIPT, str(corpus), str(tmp_path / "db")],
                            capture_output=True, text=True, timeout=60)  # a hang fails here, not forever
    assert result.returncode == 0, result.stderr
    lines = dict(line.split("|", 1) for line in result.stdout.splitlines())
    for name in ("pipe.txt", "link.txt", "walked.txt", "feed"):
        assert lines[name].startswith("skipped|not a regular file"), name
    assert lines["ok.txt"] == "added|None"


_FIFO_SCRIPT = """
import sys
from pathlib import Path
from tests.test_inputs import HashEmbedder
from ragnews import Newsroom
corpus, db = Path(sys.argv[1]), sys.argv[2]
report = Newsroom(db=db, embedder=HashEmbedder()).ingest([corpus, corpus / "pipe.txt"])
for o in report.outcomes:
    print(f"{Path(o.source).name}|{o.status}|{o.reason}")
"""


def test_duplicates_under_other_names(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    (corpus / "sub").mkdir(parents=True)
    shutil.copy(ARTICLE, corpus / "original.txt")
    shutil.copy(ARTICLE, corpus / "sub" / "copy.txt")
    shutil.copy(ARTICLE, corpus / "same.md")  # same bytes, another format
    os.symlink(corpus / "original.txt", corpus / "alias.txt")
    report = _ingest(tmp_path, corpus, corpus / "sub" / ".." / "original.txt")  # and named twice
    statuses = sorted(o.status for o in report.outcomes)
    assert statuses == ["added", "duplicate", "duplicate", "duplicate"], report.outcomes
    added = report.of("added")[0]
    assert all(o.path == added.path and Path(added.source).name in o.reason for o in report.of("duplicate"))
    nr = Newsroom(db=tmp_path / "db", embedder=HashEmbedder())
    assert len(nr.sources()) == 1
    again = _ingest(tmp_path, corpus)
    assert sorted(o.status for o in again.outcomes) == ["duplicate", "duplicate", "duplicate", "unchanged"]


def _files(corpus: Path, *names: str) -> Path:
    corpus.mkdir(parents=True, exist_ok=True)
    for name, source in zip(names, [ARTICLE, OTHER, SEEDS / "002_02d73822e9f7ea40.txt"]):
        shutil.copy(source, corpus / name)
    return corpus


def _ragnews(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ragnews", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=300)


def test_an_error_in_one_file_is_that_files_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any exception while reading, cleaning or chunking one file fails that file; the batch and the index go on."""
    from ragnews.index import ingestor

    corpus = _files(tmp_path / "c", "a.txt", "boom.txt", "c.txt")
    real_chunk = ingestor.chunk_article

    def chunk_or_explode(article, *args, **kwargs):
        if article.source.endswith("boom.txt"):
            raise KeyError("an unexpected bug on odd input")
        return real_chunk(article, *args, **kwargs)

    monkeypatch.setattr(ingestor, "chunk_article", chunk_or_explode)
    nr = Newsroom(db=tmp_path / "db", embedder=HashEmbedder())
    found = _by_name(nr.ingest([corpus]))
    assert found["a.txt"] == found["c.txt"] == ("added", None)
    status, reason = found["boom.txt"]
    assert status == "failed" and "KeyError" in reason and "\n" not in reason
    assert not nr.store.lexical_stale()  # the BM25 index was rebuilt for what was ingested
    assert {h.source for h in nr.search("troops", k=5)} <= {str(corpus / "a.txt"), str(corpus / "c.txt")}


def test_missing_optional_extractor_fails_html_files_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An HTML extractor that can't be imported (a broken install) fails the .html file, not the .md beside it."""
    corpus = tmp_path / "web"
    corpus.mkdir()
    (corpus / "story.html").write_text("<html><body><article><p>" + "The harbour reopened on Friday after the storm. " * 5
                                       + "</p></article></body></html>")
    (corpus / "notes.md").write_text("# Council vote\n\nThe council voted on Tuesday to build a new library in the north.\n")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # `import trafilatura` now raises ImportError
    found = _by_name(_ingest(tmp_path, corpus))
    assert found["notes.md"] == ("added", None)
    status, reason = found["story.html"]
    assert status == "failed" and "library" in reason and "trafilatura" in reason and "reinstall ragnews" in reason


def test_a_file_name_that_is_not_utf8_fails_alone_and_prints(tmp_path: Path) -> None:
    corpus = _files(tmp_path / "c", "a.txt", "z.txt")
    odd = os.path.join(os.fsencode(corpus), b"caf\xe9-\xff.txt")  # Latin-1 bytes in a name: not UTF-8
    shutil.copy(OTHER, odd)
    result = _ragnews("ingest", str(corpus), "--json", "--db", str(tmp_path / "db"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    files = {Path(f["source"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["a.txt"]["status"] == files["z.txt"]["status"] == "added"  # the files after it too
    assert files["caf\\xe9-\\xff.txt"]["status"] == "failed" and "not valid UTF-8" in files["caf\\xe9-\\xff.txt"]["reason"]
    human = _ragnews("ingest", str(corpus), "--db", str(tmp_path / "db"), COLUMNS="400")
    assert human.returncode == 1 and "Traceback" not in human.stderr
    assert "caf\\xe9-\\xff.txt" in human.stdout and "not valid UTF-8" in human.stdout


def test_a_path_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    for command in ("ingest", "brief"):
        result = _ragnews(command, str(tmp_path / "nope"), "--db", str(tmp_path / "db"))
        assert result.returncode == 1
        assert result.stderr == f"ragnews: error: no such file or directory: {tmp_path / 'nope'}\n"
    assert not (tmp_path / "db").exists()  # nothing was created for a typo


def test_an_empty_folder_says_so_and_fails(tmp_path: Path) -> None:
    """Exit status 1, like a missing path: the folder named holds nothing ragnews can read."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"\xff\xd8\xff")
    for folder in ("empty", "photos"):
        result = _ragnews("ingest", str(tmp_path / folder), "--json", "--db", str(tmp_path / "db"))
        assert result.returncode == 1, result.stderr
        outcome = [f for f in json.loads(result.stdout)["files"] if f["status"] == "failed"]
        assert [f["reason"] for f in outcome] == [f"no .txt/.md/.html files under {tmp_path / folder}"]
    human = _ragnews("ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "db"))
    assert human.returncode == 1 and "no .txt/.md/.html files under" in human.stdout
    brief = _ragnews("brief", str(tmp_path / "empty"), "--db", str(tmp_path / "db"))
    assert brief.returncode == 1 and brief.stderr.count("\n") == 1
    assert "no .txt/.md/.html files under" in brief.stderr
    mixed = _ingest(tmp_path / "other", tmp_path / "empty", _files(tmp_path / "full", "a.txt"))  # one empty, one not
    assert _by_name(mixed)["a.txt"] == ("added", None) and mixed.failed


def test_unwritable_store_path_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's parent folder should be")
    corpus = _files(tmp_path / "c", "a.txt")
    result = _ragnews("ingest", str(corpus), RAGNEWS_DB=str(blocker / "db"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"ragnews: error: cannot create the store at {blocker / 'db'}") and result.stderr.count("\n") == 1
    assert "RAGNEWS_DB" in result.stderr


def test_file_overwritten_with_another_stored_article_drops_its_old_text(tmp_path: Path) -> None:
    """B overwritten with A's bytes: B's old chunks go (search must not return text no longer in B)."""
    corpus = _files(tmp_path / "c", "a.txt", "b.txt")
    nr = Newsroom(db=tmp_path / "db", embedder=HashEmbedder())
    nr.ingest([corpus])
    b = corpus / "b.txt"
    old_text = next(t for t, _ in nr.article_chunks(str(b)))
    shutil.copy(corpus / "a.txt", b)
    again = nr.ingest([corpus])
    status, reason = _by_name(again)["b.txt"]
    assert status == "duplicate" and "a.txt" in reason and "previous version was removed" in reason
    assert [Path(s.source).name for s in nr.sources()] == ["a.txt"]
    assert nr.article_chunks(str(b)) == []
    assert all(h.path != str(b) for h in nr.search(old_text[:200], k=10))
    assert nr.check().ok


def test_overwritten_duplicate_is_found_by_check_and_prune(tmp_path: Path) -> None:
    """The same overwrite, when B's folder is not re-ingested: `check` sees stale text, `--prune` removes it."""
    corpus = _files(tmp_path / "c", "a.txt", "b.txt")
    nr = Newsroom(db=tmp_path / "db", embedder=HashEmbedder())
    nr.ingest([corpus])
    shutil.copy(corpus / "a.txt", corpus / "b.txt")
    found = {(p.kind, Path(p.source).name) for p in nr.check().problems}
    assert ("stale_text", "b.txt") in found and ("file_changed", "b.txt") in found
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x.txt").write_text("The harbour reopened on Friday after the storm, the port authority said.\n")
    pruned = nr.ingest([tmp_path / "other"], prune=True)
    assert _by_name(pruned)["b.txt"][0] == "removed" and "same text as" in _by_name(pruned)["b.txt"][1]
    assert {Path(s.source).name for s in nr.sources()} == {"a.txt", "x.txt"}
    assert nr.check().ok


def test_check_repair_removes_an_article_whose_text_left_its_file(tmp_path: Path) -> None:
    corpus = _files(tmp_path / "c", "a.txt", "b.txt")
    nr = Newsroom(db=tmp_path / "db", embedder=HashEmbedder())
    nr.ingest([corpus])
    (corpus / "b.txt").write_text("An entirely different story about a harbour that reopened after the storm.\n")
    repaired = nr.check(repair=True)
    assert ("stale_text", str(corpus / "b.txt")) in {(p.kind, p.source) for p in repaired.repaired}
    assert repaired.ok and [Path(s.source).name for s in nr.sources()] == ["a.txt"]
    appended = corpus / "a.txt"  # a file that only grew still holds all its stored text: changed, not stale
    appended.write_text(appended.read_text() + "\nA paragraph added later.\n")
    assert {p.kind for p in nr.check().problems} == {"file_changed"}
