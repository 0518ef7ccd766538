"""A long-lived reader (chat, a Python user's Newsroom) sees another process's ingest."""

from __future__ import annotations

import shutil
from pathlib import Path

from ragnews import Newsroom
from tests.conftest import SEEDS
from tests.storetools import ragnews

NEW_ARTICLE = """Volcano erupts near Reykjavik

The Grindavik volcano erupted again on Thursday, sending lava toward the town's defensive walls.
Icelandic officials said the Blue Lagoon spa was evacuated as a precaution.
"""


def test_reader_sees_articles_another_process_ingested(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "db"
    reader = Newsroom(db=db)
    reader.ingest([corpus])
    assert reader.search("troops in Kursk", k=3)  # the reader's client and BM25 index are now warm
    before = {s.source for s in reader.sources()}

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "volcano.txt").write_text(NEW_ARTICLE)
    result = ragnews("ingest", str(extra), "--db", str(db))
    assert result.returncode == 0, result.stderr

    hits = reader.search("Grindavik volcano lava Blue Lagoon", k=3)
    assert hits and hits[0].source.endswith("volcano.txt")
    assert len({s.source for s in reader.sources()} - before) == 1
    answer = reader.ask("Which spa was evacuated?", engine="extractive")
    assert any(c.path.endswith("volcano.txt") for c in answer.citations)
