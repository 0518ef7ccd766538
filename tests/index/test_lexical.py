"""The lexical index: SQLite FTS5, updated per article, brought back in step after a kill."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.hashembed import HashEmbedder
from ragnews import Newsroom
from ragnews.index import lexsync
from ragnews.index.lexical import Article, LexicalConfigError, LexicalDamaged, LexicalIndex, searchable

from ..conftest import SEEDS
from ..storetools import assert_consistent, check, cli_env, kinds, lexical_ids

CRASHING = Path(__file__).resolve().parent.parent / "crashing.py"


ENGINES = pytest.mark.parametrize("engine", ["tantivy", "fts5"])


def _index(tmp_path: Path, docs: dict[str, list[str]], engine: str = "tantivy") -> LexicalIndex:
    index = LexicalIndex(tmp_path, engine)
    index.put([Article(path, f"h-{path}", [(f"{path}#{i}", text) for i, text in enumerate(texts)]) for path, texts in docs.items()])
    return index


@ENGINES
def test_search_ranks_by_bm25_with_ragnews_tokens(tmp_path: Path, engine: str) -> None:
    index = _index(tmp_path, {
        "a": ["The U.S. sent 3.5 million doses to Kyiv.", "Weather was mild."],
        "b": ["US officials met in Geneva; the troops stayed home."],
        "c": ["Nothing about that here."],
    }, engine)
    assert {cid for cid, _ in index.search("us", 5)} == {"a#0", "b#0"}  # "U.S." and "US" are one term
    assert [cid for cid, _ in index.search("3.5 doses", 5)] == ["a#0"]  # a number is one token, kept whole
    assert index.search("troop", 5)[0][0] == "b#0"  # stems meet
    assert index.search("the and of", 5) == []  # only stopwords: nothing to match
    scores = [s for _, s in index.search("US Kyiv doses", 5)]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)


@ENGINES
def test_an_article_is_replaced_and_removed_alone(tmp_path: Path, engine: str) -> None:
    index = _index(tmp_path, {"a": ["alpha grain exports"], "b": ["beta grain exports"]}, engine)
    index.put([Article("a", "h2", [("a#0", "alpha wheat harvest"), ("a#1", "second chunk")])])
    assert [c for c, _ in index.search("wheat", 5)] == ["a#0"] and [c for c, _ in index.search("grain", 5)] == ["b#0"]
    assert {c for c, _ in index.search("grain exports second", 5)} == {"b#0", "a#1"}  # a's old chunk is gone
    index.remove(["a"])
    assert index.search("wheat second", 5) == [] and index.hashes() == {"b": "h-b"}


def test_another_process_sees_each_commit(tmp_path: Path) -> None:
    writer, reader = _index(tmp_path, {"a": ["alpha"]}), LexicalIndex(tmp_path)
    assert [c for c, _ in reader.search("alpha", 5)] == ["a#0"]
    writer.put([Article("b", "h", [("b#0", "bravo")])])
    assert [c for c, _ in reader.search("bravo", 5)] == ["b#0"]


def test_title_byline_and_outlet_are_searchable() -> None:
    text = searchable("The minister spoke.", {"title": "Grain deal", "byline": "Ana Ruiz", "outlet": "Kyiv Post"})
    assert "Grain deal" in text and "Ana Ruiz" in text and "Kyiv Post" in text and text.endswith("The minister spoke.")


def test_a_damaged_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "lexical.sqlite3").write_bytes(b"not a database at all" * 50)
    with pytest.raises(LexicalDamaged) as err:
        LexicalIndex(tmp_path).search("troops", 5)
    assert "\n" not in str(err.value) and "lexical.sqlite3" in str(err.value)


def test_damaged_postings_are_found_by_check(tmp_path: Path) -> None:
    _index(tmp_path, {"a": ["alpha"]}).close()
    for f in (tmp_path / "lexical.tantivy").glob("*.json"):
        f.write_text("{not json")
    with pytest.raises(LexicalDamaged) as err:
        LexicalIndex(tmp_path).check()
    assert "\n" not in str(err.value)


def test_another_format_or_engine_is_emptied_and_refilled(tmp_path: Path) -> None:
    _index(tmp_path, {"a": ["alpha"]}).close()
    index = LexicalIndex(tmp_path, "fts5")
    assert index.hashes() == {} and index.generation is None and index.search("alpha", 5) == []


def test_an_unknown_engine_is_one_line() -> None:
    with pytest.raises(LexicalConfigError, match="RAGNEWS_LEXICAL"):
        LexicalIndex(Path("."), "lucene")


def _corpus(tmp_path: Path, n: int) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for name in sorted(p.name for p in SEEDS.glob("*.txt"))[:n]:
        (corpus / name).write_bytes((SEEDS / name).read_bytes())
    return corpus


def test_an_ingest_indexes_only_what_it_added(tmp_path: Path) -> None:
    corpus, db = _corpus(tmp_path, 2), tmp_path / "db"
    nr = Newsroom(db=db, embedder=HashEmbedder())
    nr.ingest([corpus])
    before = lexical_ids(db)
    corpus = _corpus(tmp_path, 3)
    new = sorted(corpus.iterdir())[2]
    synced: list[lexsync.Changes] = []
    real_sync = lexsync.sync
    lexsync.sync = lambda store, index, progress=None, written=None: synced.append(real_sync(store, index, progress, written)) or synced[-1]  # type: ignore[assignment]
    try:
        nr.ingest([corpus])
    finally:
        lexsync.sync = real_sync  # type: ignore[assignment]
    assert [c.paths for c in synced] == [[str(new)]] and not synced[0].full
    assert lexical_ids(db) > before
    assert_consistent(db, expected_sources=3)


def test_a_reader_brings_a_lagging_index_in_step(tmp_path: Path) -> None:
    corpus, db = _corpus(tmp_path, 2), tmp_path / "db"
    Newsroom(db=db, embedder=HashEmbedder()).ingest([corpus])
    gone = str(sorted(corpus.iterdir())[0])
    index = LexicalIndex(db)
    index.remove([gone])
    index.mark("an-older-generation")
    assert "lexical_stale" in kinds(check(db))
    hits = Newsroom(db=db, embedder=HashEmbedder()).search("Gerasimov Kursk troops", k=5)
    assert hits
    assert_consistent(db, expected_sources=2)


@pytest.mark.parametrize("at", [1, 9, 25])
def test_kill_during_the_lexical_update_then_any_command_repairs_it(tmp_path: Path, at: int) -> None:
    corpus, db = _corpus(tmp_path, 5), tmp_path / "db"
    result = subprocess.run([sys.executable, str(CRASHING), "1000000", "ingest", str(corpus), "--db", str(db)],
                            capture_output=True, text=True, env=cli_env(CRASHING_LEXICAL=str(at)), timeout=300)
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    found = check(db)
    assert kinds(found) == {"lexical_stale"}, found.to_json()  # Chroma holds every article; only the index lags
    rerun = Newsroom(db=db).ingest([corpus])
    assert rerun.counts()["unchanged"] == 5
    assert_consistent(db, expected_sources=5)


def test_a_server_url_with_credentials_is_named_without_them() -> None:
    from ragnews.config import load_settings
    from ragnews.index.store import Store

    store = Store(load_settings(chroma_url="http://ana:s3cret@news-host:8000"))
    assert store.location == "http://news-host:8000"


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    import threading

    import tantivy

    _index(tmp_path, {"a": ["alpha"]}).close()
    holder = tantivy.Index.open(str(tmp_path / "lexical.tantivy")).writer(15_000_000, 1)
    timer = threading.Timer(0.5, lambda: (holder.commit(), holder.wait_merging_threads()))  # releases the lock
    timer.start()
    index = LexicalIndex(tmp_path)
    index.put([Article("b", "h", [("b#0", "bravo")])])  # waits instead of failing
    timer.join()
    assert [c for c, _ in index.search("bravo", 5)] == ["b#0"]
