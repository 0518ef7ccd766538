"""Ingest counts its work before embedding, so progress has real totals from the start."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ragnews import Newsroom
from ragnews.index.ingestor import Progress
from tests.conftest import SEEDS
from tests.test_inputs import HashEmbedder


class Recorder(Progress):
    def __init__(self) -> None:
        self.events: list[tuple] = []

    def status(self, message: str) -> None:
        self.events.append(("status", message))

    def start(self, total_files: int) -> None:
        self.events.append(("start", total_files))

    def embedding(self, total_files: int, total_chunks: int) -> None:
        self.events.append(("embedding", total_files, total_chunks))

    def advance(self, files: int = 0, chunks: int = 0) -> None:
        self.events.append(("advance", files, chunks))

    def retotal(self, total_chunks: int) -> None:
        self.events.append(("retotal", total_chunks))


class BatchEmbedder(HashEmbedder):
    """Reports progress per batch of 4 texts, as the real embedder does per batch."""

    def embed(self, texts: Sequence[str], progress=None) -> np.ndarray:
        out = super().embed(texts)
        for b in range(0, len(texts), 4):
            if progress:
                progress(len(texts[b : b + 4]))
        return out


def test_totals_are_counted_before_embedding(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        (corpus / seed.name).write_bytes(seed.read_bytes())
    recorder = Recorder()
    report = Newsroom(db=tmp_path / "db", embedder=BatchEmbedder()).ingest([corpus], progress=recorder)
    events = recorder.events
    first_chunk = next(i for i, e in enumerate(events) if e[0] == "advance" and e[2])
    embedding = [e for e in events[:first_chunk] if e[0] == "embedding"]
    assert embedding == [("embedding", 3, sum(o.chunks for o in report.outcomes))]
    assert ("start", 3) in events[:first_chunk]
    read = [e for e in events[:first_chunk] if e[0] == "advance"]
    assert sum(e[1] for e in read) == 3  # every file read and chunked before any chunk is embedded
    assert sum(e[2] for e in events if e[0] == "advance") == embedding[0][2]


def test_one_big_file_shows_chunk_progress(tmp_path: Path) -> None:
    """A single file is a single step of the file count; its chunks move while it embeds."""
    big = tmp_path / "big.txt"
    big.write_text("A long report\n\n" + "\n".join(f"Paragraph {i} says the council met on day {i} and approved item {i} of the plan."
                                                   for i in range(300)))
    recorder = Recorder()
    report = Newsroom(db=tmp_path / "db", embedder=BatchEmbedder()).ingest([big], progress=recorder)
    chunks = report.outcomes[0].chunks
    assert chunks > 20
    start = recorder.events.index(("embedding", 1, chunks))
    after = recorder.events[start + 1 :]
    stored = after.index(("advance", 1, 0))
    assert len([e for e in after[:stored] if e[2]]) >= chunks // 4  # many steps before the one file is done


def test_a_large_ingest_reads_ahead_in_bounded_batches(tmp_path: Path, monkeypatch) -> None:
    """Past READ_AHEAD files, reading goes on beside embedding; totals are estimates, corrected as it reads."""
    from ragnews.index import ingestor

    monkeypatch.setattr(ingestor, "READ_AHEAD", 2)
    corpus = tmp_path / "c"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    (corpus / "000_empty.txt").write_text("   \n", encoding="utf-8")  # fails in the first batch
    recorder = Recorder()
    report = Newsroom(db=tmp_path / "db", embedder=BatchEmbedder()).ingest([corpus], progress=recorder)
    events = recorder.events
    assert ("start", 2) in events  # only the first batch is read before embedding starts
    assert [o.status for o in report.outcomes].count("added") == 5
    assert [o.status for o in report.outcomes].count("failed") == 1
    assert any(e[0] == "retotal" for e in events)
    assert sum(e[2] for e in events if e[0] == "advance") == sum(o.chunks for o in report.outcomes)
    assert sum(e[1] for e in events if e[0] == "advance" and not e[2]) == 2 + 5  # 2 read in the first batch, 5 stored
    assert len(Newsroom(db=tmp_path / "db", embedder=BatchEmbedder()).sources()) == 5
