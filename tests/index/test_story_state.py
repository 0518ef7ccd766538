"""Stories kept in step: an ingest updates the saved grouping instead of regrouping every article.

The collection is constructed: events of several articles each (shared names and words, a few days
apart), single articles, some undated; a bag-of-words embedder makes articles that share words close
in meaning, as a real one does for reports of one event.
"""

from __future__ import annotations

import hashlib
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from ragnews import Newsroom
from ragnews.index import stories, storybook
from tests.storetools import cli_env, open_newsroom

EVENTS = [
    ("Harbour Bridge collapse in Valdora", ["Mayor Ilse Brandt", "Valdora Port Authority"], "bridge collapse harbour rescue divers cranes"),
    ("Glacier vote in the Nordmark parliament", ["Premier Oskar Lind", "Nordmark Assembly"], "glacier ballot parliament coalition ice levy"),
    ("Orchid trade fraud trial in Santelmo", ["Judge Rosa Quintero", "Santelmo Court"], "orchid smuggling trial verdict jury customs"),
    ("Comet probe launch from Kestrel Field", ["Director Amal Haddad", "Kestrel Space Agency"], "comet probe launch rocket orbit telescope"),
    ("Dockworkers strike at Port Ambrel", ["Union chief Piet Varga", "Ambrel Dock Union"], "strike dockworkers wages pickets shipping containers"),
]
FILLER = ("the city officials reported on a busy week with markets schools weather traffic budget plans residents "
          "council debate museum festival football results rain forecast hospital train delays").split()


class WordEmbedder:
    """Each word a fixed random vector; a text the normalised sum: shared words, close meaning."""

    name, dim = "test-words-64", 64

    def embed(self, texts: Sequence[str], progress: object = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
                out[i] += np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


class NoReader:
    """Reads nothing: these tests are about grouping, not the English model."""

    def read(self, texts: Sequence[str]) -> list[object]:
        return []

    def prefetch(self, texts: Sequence[str] | None = None) -> None:
        return None


def _article(title: str, names: list[str], words: str, date: str | None, rng: random.Random) -> str:
    filler = " ".join(rng.choice(FILLER) for _ in range(12))
    body = (f"{names[0]} spoke about the {words.split()[0]} on the day. {' '.join(rng.sample(words.split(), 4))} said "
            f"{names[1]}. {words}. {filler}.")
    head = f"{title}\nBy Staff | Outlet {rng.randint(1, 6)} | {date}\n\n" if date else f"{title}\n\n"
    return head + body + "\n"


def _corpus(root: Path) -> list[Path]:
    """Five events of four to six articles over a few days, twelve single articles, three undated ones."""
    rng = random.Random(5)
    files: list[Path] = []
    for e, (title, names, words) in enumerate(EVENTS):
        for k in range(4 + e % 3):
            date = f"2025-03-{10 + 4 * e + k % 3:02d}"
            files.append(root / f"e{e}_{k}.txt")
            files[-1].write_text(_article(f"{title}: report {k}", names, words, date, rng), encoding="utf-8")
    for s in range(12):
        words = " ".join("".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(6))
        files.append(root / f"single_{s:02d}.txt")
        files[-1].write_text(_article(f"Single note {s} on {words.split()[0]}", [f"Person {s}a", f"Agency {s}b"], words,
                                      f"2025-03-{1 + 2 * s:02d}", rng), encoding="utf-8")
    for u in range(3):
        title, names, words = EVENTS[u]
        files.append(root / f"undated_{u}.txt")
        files[-1].write_text(_article(f"{title}: background", names, words, None, rng), encoding="utf-8")
    return files


def _newsroom(db: Path) -> Newsroom:
    return Newsroom(db=db, embedder=WordEmbedder(), reader=NoReader())  # type: ignore[arg-type]


def _canonical(paths: list[Path]) -> list[Path]:
    def key(p: Path) -> tuple[bool, str, str]:
        m = re.search(r"\| (\d{4}-\d\d-\d\d)", p.read_text(encoding="utf-8"))
        return (m is None, m.group(1) if m else "", str(p))
    return sorted(paths, key=key)


def _grouping(nr: Newsroom) -> list[tuple[str, tuple[str, ...], str]]:
    nr._open()
    return sorted((s.id, tuple(Path(p).name for p in s.paths), str(s.label.get("text"))) for s in nr._scope.stories(nr.store.source_records()))


def _in_memory(nr: Newsroom) -> list[tuple[str, tuple[str, ...], str]]:
    nr._open()
    stories = storybook.regroup(nr.store, nr.store.source_records())
    return sorted((s.id, tuple(Path(p).name for p in s.paths), str(s.label.get("text"))) for s in stories)


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    root = tmp_path / "corpus"
    root.mkdir()
    return _corpus(root)


@pytest.mark.parametrize("full_scan", [None, 10], ids=["every-story", "by-cues"])
def test_articles_added_one_by_one_group_as_the_whole_collection_does(tmp_path: Path, corpus: list[Path], full_scan: int | None,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Past FULL_SCAN articles an undated article is compared only with the stories sharing its cues: in both ways."""
    if full_scan is not None:
        monkeypatch.setattr(stories, "FULL_SCAN", full_scan)
        monkeypatch.setattr(storybook, "FULL_SCAN", full_scan)
    whole = _newsroom(tmp_path / "whole")
    whole.ingest(corpus)
    expected = _in_memory(whole)
    assert _grouping(whole) == expected  # the state a full grouping saves lists what `stories.group` found
    assert any(len(paths) >= 4 for _, paths, _ in expected) and any(len(paths) == 1 for _, paths, _ in expected)

    ordered = _canonical(corpus)
    grown = _newsroom(tmp_path / "grown")
    grown.ingest(ordered[:20])
    calls: list[int] = []
    real = storybook._apply
    grown_apply = lambda *a, **k: calls.append(1) or real(*a, **k)  # noqa: E731
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(storybook, "_apply", grown_apply)
        mp.setattr(storybook, "_rebuild_into", _no_rebuild)
        for path in ordered[20:]:
            grown.ingest([path])
    assert len(calls) == len(ordered) - 20  # each ingest updated the state in place
    assert _grouping(grown) == expected


def _no_rebuild(*args: object, **kwargs: object) -> None:
    raise AssertionError("a full regroup where an update was due")


def test_a_removed_central_article_leaves_and_its_story_is_relabelled(tmp_path: Path, corpus: list[Path]) -> None:
    nr = _newsroom(tmp_path / "db")
    nr.ingest(corpus)
    story = max(nr._scope.stories(nr.store.source_records()), key=lambda s: len(s.paths))
    central = story.label["path"]
    Path(central).unlink()
    first = story.paths[0]
    report = nr.ingest(corpus[:0] + [p for p in corpus if p.exists()], prune=True)
    assert [o.path for o in report.of("removed")] == [central]
    after = {s.id: s for s in nr._scope.stories(nr.store.source_records())}
    remaining = next(s for s in after.values() if set(s.paths) == set(story.paths) - {central})
    assert remaining.label["path"] != central and remaining.label["path"] in remaining.paths
    assert remaining.id == (story.id if first != central else remaining.id)
    assert _grouping(nr) == _in_memory(nr)


def test_stories_behind_the_store_catch_up_from_the_records(tmp_path: Path, corpus: list[Path]) -> None:
    """A writer killed after its Chroma write but before the stories were saved: the next reader brings them in step."""
    nr = _newsroom(tmp_path / "db")
    nr.ingest(corpus[:-4])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(storybook, "update", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
        with pytest.raises(KeyboardInterrupt):
            nr.ingest(corpus[-4:])
    assert storybook.load(nr.settings, nr.store.generation) is None  # behind the store
    reader = _newsroom(tmp_path / "db")
    assert _grouping(reader) == _in_memory(reader)
    assert {Path(p).name for s in reader._scope.stories(reader.store.source_records()) for p in s.paths} == {p.name for p in corpus}


def test_a_damaged_state_is_regrouped_and_check_repair_deletes_it(tmp_path: Path, corpus: list[Path]) -> None:
    nr = _newsroom(tmp_path / "db")
    nr.ingest(corpus[:22])
    state = storybook.story_file(nr.settings)
    state.write_bytes(b"not a database at all" * 100)
    assert storybook.damaged(nr.settings)
    assert any(p.kind == "state_file" for p in nr.check().problems)
    assert _grouping(nr) == _in_memory(nr)  # a damaged cache is regrouped, never trusted
    assert not storybook.damaged(nr.settings)
    db = sqlite3.connect(state)
    db.execute("UPDATE stories SET id = 'sgarbled'")  # a state that drifted from one full grouping ...
    db.commit()
    db.close()
    assert nr.check(repair=True).ok
    assert _grouping(nr) == _in_memory(nr)  # ... is grouped afresh by `check --repair`


KILLER = """
import os, signal, sys
sys.path[:0] = [{root!r}]
from tests.index.test_story_state import _newsroom
from ragnews.index import storystate
real = storystate.StoryState.put_story
count = 0
def dying(self, *a, **k):
    global count
    real(self, *a, **k)
    count += 1
    if count >= 2:
        os.kill(os.getpid(), signal.SIGKILL)
storystate.StoryState.put_story = dying
_newsroom(sys.argv[1]).ingest(sys.argv[2:])
"""


def test_a_kill_while_the_stories_are_saved_leaves_a_usable_store(tmp_path: Path, corpus: list[Path]) -> None:
    db = tmp_path / "db"
    _newsroom(db).ingest(corpus[:24])
    before = _grouping(open_newsroom_words(db))
    script = tmp_path / "killer.py"
    script.write_text(KILLER.format(root=str(Path(__file__).resolve().parents[2])), encoding="utf-8")
    run = subprocess.run([sys.executable, str(script), str(db), *map(str, corpus[24:])], capture_output=True, text=True,
                         env=cli_env(), timeout=300)
    assert run.returncode == -9, run.stderr[-2000:]
    state = sqlite3.connect(storybook.story_file(open_newsroom_words(db).settings))
    assert state.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    state.close()
    nr = open_newsroom_words(db)
    assert nr.check().ok
    assert storybook.load(nr.settings, nr.store.generation) is None  # the old state, stamped with the old generation
    after = _grouping(nr)  # brought in step on the next command
    assert after != before and after == _in_memory(nr)


def open_newsroom_words(db: Path) -> Newsroom:
    nr = open_newsroom(db)
    return Newsroom(settings=nr.settings, embedder=WordEmbedder(), reader=NoReader())  # type: ignore[arg-type]


def test_an_updated_article_leaves_its_story_and_is_placed_again(tmp_path: Path, corpus: list[Path]) -> None:
    """An updated article (new content) leaves its story and is placed again."""
    nr = _newsroom(tmp_path / "db")
    nr.ingest(corpus)
    target = corpus[0]
    shutil.copy(corpus[-5], target)  # now holds a single article's text: a duplicate, its old version removed
    target.write_text(target.read_text(encoding="utf-8") + "\nA correction was added.\n", encoding="utf-8")
    report = nr.ingest(corpus)
    assert [o.path for o in report.of("updated")] == [str(target)]
    assert _grouping(nr) == _in_memory(nr)


def test_removing_the_newest_article_moves_the_newest_date_back(tmp_path: Path, corpus: list[Path]) -> None:
    nr = _newsroom(tmp_path / "db")
    nr.ingest(corpus)
    dated = {p: re.search(r"\| (\d{4}-\d\d-\d\d)", p.read_text(encoding="utf-8")) for p in corpus}
    dates = {p: m.group(1) for p, m in dated.items() if m}
    newest = max(dates.values())
    assert nr.store.newest_published() == newest
    for p in [p for p, d in dates.items() if d == newest]:
        p.unlink()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(nr.store, "source_records", _not_in_the_end_phase(nr.store.source_records))
        nr.ingest([p for p in corpus if p.exists()], prune=True)
    assert nr.store.newest_published() == max(d for p, d in dates.items() if p.exists())


def _not_in_the_end_phase(real: object) -> object:
    """`source_records` for the ingest's own look at the store (once, first); none after it: the end phase reads what changed."""
    calls: list[int] = []

    def once() -> object:
        calls.append(1)
        assert len(calls) == 1, "every record read again after the write"
        return real()  # type: ignore[operator]
    return once
