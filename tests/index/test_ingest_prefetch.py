"""Ingest starts loading the English model in the background when it has articles to read, and only then."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ragnews import Newsroom
from ragnews.index.readings import SqliteReadingCache
from ragnews.text.reading import Reader
from tests.test_inputs import ARTICLE, HashEmbedder


class CountingReader(Reader):
    """A real Reader that counts the background loads it was asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.prefetched = 0

    def prefetch(self, texts: Sequence[str] | None = None) -> None:
        self.prefetched += 1
        super().prefetch(texts)


class CountingLoads(Reader):
    """Counts the prefetches asked for, and the loads of the English model they really start."""

    def __init__(self, cache: SqliteReadingCache) -> None:
        super().__init__(cache=cache)
        self.prefetched = self.loads = 0

    def prefetch(self, texts: Sequence[str] | None = None) -> None:
        self.prefetched += 1
        if texts is None or self._recall(texts):
            self.loads += 1
        super().prefetch(texts)


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
    nr.store.collections(None, None, create=False)
    chunks = {c.text for c in nr.store.iter_chunks()}
    # nothing asks for the sentences after a plain ingest (a new store's first chunks are embedded ahead: the next test)
    assert [t for batch in embedder.ahead for t in batch if t not in chunks] == []
    embedder.ahead.clear()
    (corpus / "b.txt").write_text(ARTICLE.read_text(encoding="utf-8") + "\nA last line of its own.\n", encoding="utf-8")
    briefing = nr.brief([corpus])
    ahead = [t for batch in embedder.ahead for t in batch]
    assert "A last line of its own." in ahead  # the new article's sentences, as the chunks cut them
    read = nr.reader.read([t for t in ahead if t in nr.reader._memory])
    told_alone = {t for r in read for t in r.told_alone}
    assert told_alone and told_alone <= set(ahead)  # and, once read, their clauses told alone: what the same-fact judge embeds
    assert set(ahead) <= set(nr.reader._memory) | told_alone  # the very texts the English model read at ingest
    assert briefing.sources


def test_a_store_of_sentences_read_before_loads_no_english_model(tmp_path: Path) -> None:
    """The readings cache (shared by every store in the home) already holds the sentences: a fresh store ingests and
    briefs them without loading the English model, and the briefing is the one the first store gave."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    cache = SqliteReadingCache(tmp_path / "readings.sqlite3")
    first = CountingLoads(cache)
    before = Newsroom(db=tmp_path / "db1", embedder=HashEmbedder(), reader=first).brief([corpus])
    assert first.loads == 1  # nothing read yet: the model loads
    again = CountingLoads(cache)
    after = Newsroom(db=tmp_path / "db2", embedder=HashEmbedder(), reader=again).brief([corpus])
    assert again.prefetched == 1 and again.loads == 0  # asked with the sentences, all read before: no load
    assert after.to_json()["summary"] == before.to_json()["summary"]
    assert after.markdown.replace(str(tmp_path / "db2"), "") == before.markdown.replace(str(tmp_path / "db1"), "")


def test_a_new_store_has_its_first_files_embedded_ahead_and_stores_what_it_would_have(tmp_path: Path) -> None:
    """A store that does not exist yet has the first window's chunks embedded in the background before it opens;
    what is stored and reported is what an ingest without that gives, a failing file is reported once, and a store
    that exists has nothing read ahead (its files may be stored already)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = ARTICLE.read_text(encoding="utf-8")
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    (corpus / "b.txt").write_text(text, encoding="utf-8")  # the same text: a duplicate, read ahead once
    (corpus / "c.txt").write_text(text + "\nA last line of its own.\n", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    embedder = PrefetchingEmbedder()
    report = Newsroom(db=tmp_path / "db", embedder=embedder, reader=Reader()).ingest([corpus])
    plain = Newsroom(db=tmp_path / "db2", embedder=HashEmbedder(), reader=Reader()).ingest([corpus])
    assert len(embedder.ahead) == 1 and any("A last line of its own." in t for t in embedder.ahead[0])
    assert len(embedder.ahead[0]) == sum(o.chunks for o in plain.outcomes if o.status == "added")  # not the twin's
    assert [(o.source, o.status, o.reason, o.chunks) for o in report.outcomes] == \
        [(o.source, o.status, o.reason, o.chunks) for o in plain.outcomes]
    assert [o.status for o in report.outcomes].count("failed") == 1
    stored = Newsroom(db=tmp_path / "db", embedder=HashEmbedder()).store
    again = Newsroom(db=tmp_path / "db2", embedder=HashEmbedder()).store
    stored.collections(None, None, create=False)
    again.collections(None, None, create=False)
    assert sorted((c.id, c.text) for c in stored.iter_chunks()) == sorted((c.id, c.text) for c in again.iter_chunks())
    (corpus / "d.txt").write_text(text + "\nAnother line.\n", encoding="utf-8")
    Newsroom(db=tmp_path / "db", embedder=embedder, reader=Reader()).ingest([corpus])
    assert len(embedder.ahead) == 1  # the store exists: nothing read ahead of its records


def test_a_long_first_file_is_embedded_ahead_only_within_the_window_s_budget(tmp_path: Path) -> None:
    """One long article must not have all its chunks embedded in the background before the store opens (progress would
    sit still and an interrupt wait for it): the read-ahead stops at the first window's budget; the rest is stored
    as always."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [f"On day {i} the council of the town met again and discussed item {i * 7} of its budget for the year."
             for i in range(800)]  # about 20,000 tokens, five times the first window's budget
    (corpus / "long.txt").write_text("A long report\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    embedder = PrefetchingEmbedder()
    report = Newsroom(db=tmp_path / "db", embedder=embedder, reader=Reader()).ingest([corpus])
    (outcome,) = report.outcomes
    assert outcome.status == "added" and len(embedder.ahead) == 1 and 0 < len(embedder.ahead[0]) < outcome.chunks / 2
