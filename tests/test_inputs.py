"""Input edge cases beyond test_ingest/test_reader: each gets one clear outcome.

A fake embedder keeps these fast; what is under test is discovery, reading
and the report, not the vectors.
"""

from __future__ import annotations

import hashlib
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
    corpus.mkdir()
    os.mkfifo(corpus / "pipe.txt")
    os.symlink(corpus / "pipe.txt", corpus / "link.txt")
    shutil.copy(ARTICLE, corpus / "ok.txt")
    result = subprocess.run([sys.executable, "-c", _FIFO_SCRIPT, str(corpus), str(tmp_path / "db")],
                            capture_output=True, text=True, timeout=60)  # a hang fails here, not forever
    assert result.returncode == 0, result.stderr
    lines = dict(line.split("|", 1) for line in result.stdout.splitlines())
    assert lines["pipe.txt"].startswith("skipped|not a regular file")
    assert lines["link.txt"].startswith("skipped|not a regular file")
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
