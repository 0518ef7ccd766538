"""Ingest starts loading the English model in the background when it has articles to read, and only then."""

from __future__ import annotations

from collections.abc import Sequence
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


class PrefetchingEmbedder(HashEmbedder):
    """A stand-in embedder with `prefetch`, as MiniLM has: it records what it was asked to embed ahead."""

    def __init__(self) -> None:
        self.ahead: list[list[str]] = []

    def prefetch(self, texts: Sequence[str] = ()) -> None:
        if texts:  # (without texts: load the model, which a hash needs not)
            self.ahead.append(list(texts))


def test_a_briefing_has_the_stored_sentences_embedded_ahead_and_a_plain_ingest_does_not(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    embedder = PrefetchingEmbedder()
    nr = Newsroom(db=tmp_path / "db", embedder=embedder, reader=Reader())
    assert nr.ingest([corpus]).counts()["added"] == 1
    assert embedder.ahead == []  # nothing asks for the sentences after a plain ingest
    (corpus / "b.txt").write_text(ARTICLE.read_text(encoding="utf-8") + "\nA last line of its own.\n", encoding="utf-8")
    briefing = nr.brief([corpus])
    ahead = [t for batch in embedder.ahead for t in batch]
    assert "A last line of its own." in ahead  # the new article's sentences, as the chunks cut them
    assert set(ahead) <= set(nr.reader._memory)  # the very texts the English model read at ingest
    assert briefing.sources
