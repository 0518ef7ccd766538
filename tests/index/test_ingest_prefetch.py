"""Ingest starts loading the English model in the background when it has articles to read, and only then."""

from __future__ import annotations

from pathlib import Path

from ragnews import Newsroom
from ragnews.text.reading import Reader
from tests.test_inputs import ARTICLE, HashEmbedder


class CountingReader(Reader):
    """A real Reader that counts the background loads it was asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.prefetched = 0

    def prefetch(self) -> None:
        self.prefetched += 1
        super().prefetch()


def test_the_english_model_loads_beside_the_first_window_only_when_there_is_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    reader = CountingReader()
    nr = Newsroom(db=tmp_path / "db", embedder=HashEmbedder(), reader=reader)
    assert nr.ingest([corpus]).counts()["added"] == 1
    assert reader.prefetched == 1
    assert reader._memory  # the stored sentences were read, with the model it loaded
    assert nr.ingest([corpus]).counts()["unchanged"] == 1
    assert reader.prefetched == 1  # nothing new to read: no load started
