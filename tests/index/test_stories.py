"""Stories: articles about the same event share a story; a briefing is about one."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from ragnews import Newsroom
from ragnews.index.stories import Signature, group, names_in
from tests.conftest import SEEDS, SHARED
from tests.shareddata import needs_data

BBC = SHARED / "data" / "bbc"


def _sig(key: str, vector: list[float], day: int | None = None, names: tuple[str, ...] = ()) -> Signature:
    v = np.asarray(vector, dtype=np.float32)
    return Signature(key, v / np.linalg.norm(v), frozenset(names), day)


def test_grouping_does_not_depend_on_arrival_order() -> None:
    rng = np.random.default_rng(7)
    centres = rng.standard_normal((4, 16))
    sigs = [_sig(f"a{i:02d}", list(centres[i % 4] + 0.1 * rng.standard_normal(16)), day=738000 + i % 4) for i in range(20)]
    once = sorted(sorted(sigs[i].key for i in s.members) for s in group(sigs))
    shuffled = sigs[:]
    random.Random(3).shuffle(shuffled)
    again = sorted(sorted(shuffled[i].key for i in s.members) for s in group(shuffled))
    assert once == again and len(once) == 4


def test_the_same_lead_a_month_later_is_another_event() -> None:
    same = [1.0, 0.2, 0.1]
    stories = group([_sig("a", same, day=738000), _sig("b", same, day=738001), _sig("c", same, day=738031)])
    assert sorted(len(s.members) for s in stories) == [1, 2]


def test_names_are_what_a_lead_names_not_the_words_that_open_sentences() -> None:
    names = names_in("Officials said on Monday that Kim Jong Un met Vladimir Putin in Moscow. The talks lasted hours.")
    assert {"kim jong un", "vladimir putin", "moscow"} <= names
    assert not names & {"officials", "the", "monday"}


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Newsroom, Path]:
    if not BBC.is_dir():
        pytest.skip("shared BBC corpus not present")
    root = tmp_path_factory.mktemp("stories")
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus / "seeds")
    (corpus / "bbc").mkdir()
    for f in sorted((BBC / "politics").glob("*.txt"))[:20] + sorted((BBC / "business").glob("*.txt"))[:10]:
        shutil.copy(f, corpus / "bbc" / f"{f.parent.name}-{f.name}")
    update = (SEEDS / "003_4432676fd8114b32.txt").read_text(encoding="utf-8") + "\nThis article was updated with comment from officials in Seoul.\n"
    (corpus / "seeds" / "003-updated.txt").write_text(update, encoding="utf-8")
    nr = Newsroom(db=root / "db")
    assert not nr.ingest([corpus]).failed
    return nr, corpus


def test_seeds_form_one_story_with_their_update_and_no_bbc_article(mixed_store) -> None:
    nr, _ = mixed_store
    stories = nr.stories()
    seeds = [s for s in stories if any("/seeds/" in p for p in s.paths)]
    assert len(seeds) == 1, [(s.id, s.articles) for s in seeds]
    assert len(seeds[0].paths) == 6 and all("/seeds/" in p for p in seeds[0].paths)
    assert seeds[0].citation and seeds[0].citation["quote"].split()[0] in seeds[0].label
    assert stories == nr.stories()  # a stored grouping, loaded again: the same
    data = seeds[0].to_json()
    assert {"id", "label", "articles", "outlets", "first", "last"} <= set(data)


def test_topic_brief_cites_only_its_story(mixed_store) -> None:
    nr, _ = mixed_store
    b = nr.brief(topic="North Korean troops in Kursk", engine="extractive")
    assert b.citations and all("/seeds/" in c.path for c in b.citations)


def test_brief_by_story_id_and_an_unknown_id(mixed_store) -> None:
    from ragnews.errors import InputError

    nr, _ = mixed_store
    bbc_story = next(s for s in nr.stories() if all("/bbc/" in p for p in s.paths))
    b = nr.brief(story=bbc_story.id, engine="extractive")
    assert {s["path"] for s in b.sources} == set(bbc_story.paths)
    with pytest.raises(InputError, match="ragnews stories"):
        nr.brief(story="s0000000", engine="extractive")


def test_brief_of_a_folder_of_many_stories_briefs_one_and_lists_the_others(mixed_store) -> None:
    nr, corpus = mixed_store
    b = nr.brief([corpus], engine="extractive")
    assert {Path(s["path"]).parent.name for s in b.sources} == {"seeds"}
    assert any("other stories in scope" in n and "--story" in n for n in b.notes)
    assert "> **Note:** other stories in scope" in b.markdown  # a saved briefing says what it left out
    assert not any(d for d in b.discrepancies if any("/bbc/" in c.path for c in b.citations))


@needs_data
@pytest.mark.parametrize("cid", ["as:5607", "as:5610", "as:5611", "as:5657"])
def test_a_folder_of_one_story_from_three_outlets_is_briefed_whole(tmp_path: Path, cid: str) -> None:
    """Three outlets' wordings of one event: a pool this small has no word statistics, so meaning decides; and a
    folder named to `brief` was chosen together, so it splits only where its leads are further apart than a small
    store's stories (as:5611 and as:5657 lost an outlet to a second "story", as 29 % of single-event folders did)."""
    from benchmarks.quality.data import by_id

    folder = tmp_path / "story"
    folder.mkdir()
    for k, doc in enumerate(by_id(cid).docs):
        (folder / f"{k:02d}.txt").write_text(doc.file_text(), encoding="utf-8")
    b = Newsroom(db=tmp_path / "db").brief([folder], engine="extractive")
    assert len(b.sources) == 3 and not any("other stories" in n for n in b.notes)


def test_a_handful_named_in_a_large_collection_is_grouped_among_themselves(mixed_store) -> None:
    """Named files are regrouped alone; the note's story ids are the collection's, so `--story ID` finds them."""
    nr, corpus = mixed_store
    seeds = sorted((corpus / "seeds").glob("*.txt"))[:3]
    other = sorted((corpus / "bbc").glob("politics-*.txt"))[:1]
    b = nr.brief(seeds + other, engine="extractive")
    assert {Path(s["path"]).name for s in b.sources} == {p.name for p in seeds}
    note = next(n for n in b.notes if "other stories in scope" in n)
    story_id = note.split("): ", 1)[1].split()[0]
    assert {Path(s["path"]).name for s in nr.brief(story=story_id, engine="extractive").sources} >= {other[0].name}


def test_undated_articles_in_a_large_pool_find_their_story_by_rare_words(monkeypatch) -> None:
    """Past FULL_SCAN articles an undated one is scored only against stories sharing its rare words or
    names (grouping stays near linear); the stories come out as with the full comparison."""
    from ragnews.index import stories

    rng = np.random.default_rng(11)
    centres = rng.standard_normal((300, 24))
    common = [f"common{k}" for k in range(30)]
    sigs = []
    for i in range(900):
        event = i % 300
        words = {f"event{event}word{k}": 1.0 for k in range(3)} | dict.fromkeys(rng.choice(common, 6, replace=False), 0.2)
        norm = float(np.sqrt(sum(v * v for v in words.values())))
        vector = centres[event] + 0.25 * rng.standard_normal(24)
        sigs.append(Signature(f"a{i:04d}", (vector / np.linalg.norm(vector)).astype(np.float32), frozenset(), None,
                              {w: v / norm for w, v in words.items()}))
    monkeypatch.setattr(stories, "FULL_SCAN", 10**9)
    full = sorted(sorted(sigs[i].key for i in s.members) for s in group(sigs))
    monkeypatch.setattr(stories, "FULL_SCAN", 100)
    cued = sorted(sorted(sigs[i].key for i in s.members) for s in group(sigs))
    assert cued == full and len(full) == 300


def test_only_named_paths_are_regrouped_as_chosen_together(mixed_store, monkeypatch) -> None:
    """Found in review: a topic's search results were regrouped at the lower bar of a folder the user named."""
    from ragnews.index import storybook

    nr, corpus = mixed_store
    calls: list[bool] = []
    real = storybook.regroup

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("paths") is not None:
            calls.append(bool(kwargs.get("chosen")))
        return real(*args, **kwargs)

    monkeypatch.setattr(storybook, "regroup", spy)
    nr.brief(topic="Labour government election", engine="extractive")  # search results of several stories
    nr.brief(sorted((corpus / "seeds").glob("*.txt"))[:3] + sorted((corpus / "bbc").glob("politics-*.txt"))[:1],
             engine="extractive")
    assert calls == [False, True], calls
