"""The daily digest: what gained articles since the last look, best covered first, single-source apart."""

from __future__ import annotations

import json
import re
import shutil
import time
import types
from html import unescape
from pathlib import Path

import pytest

from ragnews import Newsroom
from ragnews.answer.citations import verify
from ragnews.brief import digest as dg
from ragnews.brief import digest_state
from ragnews.brief.digest_html import render_digest_html
from ragnews.brief.digest_markdown import render_digest_markdown
from ragnews.config import load_settings
from ragnews.errors import InputError
from ragnews.index.storybook import StoredStory
from tests.conftest import SEEDS, SHARED
from tests.storetools import ragnews

BBC = SHARED / "data" / "bbc"
WIRE = ("Floods hit the river town of Marlow on Monday after the Thames burst its banks, and the county council said "
        "120 homes were flooded and 300 residents were moved to the school gym overnight. Rescue teams used boats to "
        "reach families on Mill Lane, where the water rose a metre in two hours. The Environment Agency issued three "
        "severe flood warnings for the Thames between Marlow and Henley and said more rain was expected on Wednesday.")


# -- since, and the remembered mark --------------------------------------------------------


def test_since_takes_durations_dates_and_times() -> None:
    now = 1_800_000_000.0
    assert digest_state.parse_since("24h", now) == now - 86_400
    assert digest_state.parse_since("3d", now) == now - 3 * 86_400
    assert digest_state.parse_since("1d12h", now) == now - 36 * 3600
    assert digest_state.parse_since("90m", now) == now - 5400
    assert digest_state.parse_since("2026-12-05T06:00+00:00", now) == 1_796_450_400.0
    with pytest.raises(InputError, match="neither a duration"):
        digest_state.parse_since("yesterday-ish", now)


def test_the_mark_is_saved_atomically_and_a_damaged_one_is_named(tmp_path: Path) -> None:
    settings = load_settings(db=str(tmp_path / "db"))
    assert digest_state.load(settings) is None
    mark = digest_state.DigestMark(digest_state.store_key(settings), 1_700_000_000.5, 1_700_000_100.0, 3)
    digest_state.save(settings, mark)
    assert digest_state.load(settings) == mark
    path = digest_state.state_file(settings)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind
    other = load_settings(db=str(tmp_path / "other"))
    assert digest_state.state_file(other) != path  # remembered per store
    for damage in ("{not json", json.dumps({"format": 1, "store": mark.store, "mark": "soon", "made": 1.0}),
                   json.dumps({"format": 1, "store": "/elsewhere#ragnews", "mark": 1.0, "made": 1.0})):
        path.write_text(damage, encoding="utf-8")
        with pytest.raises(InputError, match=re.escape(str(path))):
            digest_state.load(settings)


# -- independent outlets -------------------------------------------------------------------


def test_syndicated_copies_and_one_outlets_articles_count_once() -> None:
    records = {"a": {"outlet": "Harbour Times", "source": "a.txt", "published": "2026-12-01"},
               "b": {"outlet": "Valley Wire", "source": "b.txt", "published": "2026-12-01"},
               "c": {"outlet": "Coast Herald", "source": "c.txt", "published": "2026-12-02"},
               "d": {"outlet": "harbour times", "source": "d.txt", "published": "2026-12-02"}}
    texts = {"a": WIRE, "b": "Marlow residents spent a second night in the school gym. " + WIRE,  # b republishes a's wire copy
             "c": "In Marlow, the council counted the cost of the floods on Tuesday as insurers sent assessors to Mill Lane "
                  "and the mayor asked the government for emergency funds to repair the bridge and the school roof.",
             "d": "Harbour Times follow-up: the Marlow school reopened on Thursday after the gym was cleaned and dried out."}
    story = dg.Candidate(StoredStory("s1", ["a", "b", "c", "d"], {}), new=["d"])
    dg.count_outlets(story, records, texts)
    assert story.independent == 2  # a = b (syndicated) = d (same outlet); c
    assert story.syndicated == [["a.txt", "b.txt"]]
    alone = dg.Candidate(StoredStory("s2", ["e"], {}), new=["e"])
    dg.count_outlets(alone, {"e": {"outlet": "Coast Herald", "source": "e.txt"}}, {"e": "A ferry ran aground."})
    corroborated, single = dg.order([alone, story], {**records, "e": {}})
    assert [c.story.id for c in corroborated] == ["s1"] and [c.story.id for c in single] == ["s2"]


def test_an_outlet_counts_once_however_it_is_written() -> None:
    records = {"a": {"outlet": "CNN"}, "b": {"outlet": "cnn.com"}, "c": {"outlet": "The Guardian"}, "d": {"outlet": "guardian.co.uk"}}
    story = dg.Candidate(StoredStory("s1", list(records), {}), new=["a"])
    texts = {"a": "Voters queued from dawn in the rain.", "b": "Turnout reached a record high by noon.",
             "c": "Counting began at ten in the evening.", "d": "The result is expected on Friday morning."}
    dg.count_outlets(story, records, texts)
    assert story.independent == 2


def test_stories_that_gained_articles_are_those_ingested_after_since() -> None:
    records = {"old": {"ingested_at": 100.0}, "new": {"ingested_at": 300.0}, "other": {"ingested_at": 150.0}}
    stories = [StoredStory("s1", ["old", "new"], {}), StoredStory("s2", ["other"], {})]
    found = dg.gained(stories, records, since=200.0)
    assert [(c.story.id, c.new) for c in found] == [("s1", ["new"])]


# -- on a real store -----------------------------------------------------------------------


def _with_outlet(src: Path, dest: Path, outlet: str, extra: str = "") -> None:
    dest.write_text(f"Source: {outlet}\n\n" + src.read_text(encoding="utf-8") + extra, encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four seed articles from four outlets and one unrelated BBC article; later, a fifth seed and its syndicated copy."""
    root = tmp_path_factory.mktemp("digest")
    first, later = root / "first", root / "later"
    first.mkdir()
    later.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for path, outlet in zip(seeds[:4], ("Seoul Daily", "Kyiv Ledger", "Pacific Wire", "Moscow Monitor")):
        _with_outlet(path, first / path.name, outlet)
    bbc = sorted((BBC / "sport").glob("*.txt"))[:1] if BBC.is_dir() else []
    if bbc:
        shutil.copy(bbc[0], first / "bbc-sport.txt")
    else:
        (first / "ferry.txt").write_text("Source: Coast Herald\n\nA ferry ran aground off Skye on Sunday; all 40 passengers "
                                         "were taken ashore by the lifeboat crew, the coastguard said.\n", encoding="utf-8")
    _with_outlet(seeds[4], later / "kcna-report.txt", "Korea Times")
    _with_outlet(seeds[4], later / "kcna-copy.txt", "Daily Syndicate", extra="\nThis article first appeared in the Korea Times.\n")
    return root


def test_first_digest_then_nothing_new_then_a_story_that_grew(corpus: Path, tmp_path: Path) -> None:
    nr = Newsroom(db=tmp_path / "db")
    assert not nr.ingest([corpus / "first"]).failed
    first = nr.digest()
    assert first.since_from.startswith("the first digest")
    assert len(first.stories) == 1 and first.stories[0].status == "new"
    story = first.stories[0]
    assert story.independent == 4 and len(story.articles) == 4 and story.earlier == 0
    assert story.summary and story.key_points and story.brief_command == f"ragnews brief --story {story.id}"
    assert [len(s.articles) for s in first.single_source] == [1]  # the unrelated article: one outlet so far
    _all_cited_and_verified(first)

    again = nr.digest()
    assert again.nothing_new and again.since_from == "the last digest" and not again.citations
    assert "Nothing new since" in render_digest_markdown(again)
    assert json.loads(json.dumps(again.to_json()))["nothing_new"] is True

    assert not nr.ingest([corpus / "later"]).failed
    grew = nr.digest()
    assert not grew.single_source, "the unchanged single-source story is not repeated"
    assert len(grew.stories) == 1
    s = grew.stories[0]
    assert s.status == "grew" and s.earlier == 4 and len(s.new_articles) == 2
    assert {a["outlet"] for a in s.new_articles} == {"Korea Times", "Daily Syndicate"}
    assert s.independent == 5, "the syndicated copy counts once"
    assert s.syndicated and sorted(s.syndicated[0]) == sorted(a["source"] for a in s.new_articles)
    text = render_digest_markdown(grew)
    assert "**Grew:** +2 articles" in text and "4 earlier" in text
    assert s.briefing is not None and s.briefing.citations
    _all_cited_and_verified(grew)


def _all_cited_and_verified(d: dg.Digest) -> None:
    numbers = {c.n for c in d.citations}
    assert numbers == set(range(1, len(d.citations) + 1))
    assert all(verify(c) for c in d.citations)
    for s in d.all_stories():
        used = [n for _, ns in s.summary for n in ns] + [n for k in s.key_points for n in k["citations"]]
        assert used and set(used) <= numbers


def test_the_cli_is_made_for_cron(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "db"
    assert ragnews("ingest", str(corpus / "first"), "--db", str(db)).returncode == 0
    page = tmp_path / "news" / "today.html"
    page.parent.mkdir()
    run = ragnews("digest", "--db", str(db), "-o", str(page))
    assert run.returncode == 0, run.stderr
    assert run.stdout == "" and run.stderr == ""  # not a terminal: nothing printed, so cron mails nothing
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "script-src 'none'" in unescape(html)
    links = re.findall(r'<a href="(today-briefings/s[0-9a-f]{7}\.html)">', html)
    assert len(links) == 2 and all((page.parent / link).is_file() for link in links)
    assert all(f'id="cite-{n}"' in html for n in re.findall(r'href="#cite-(\d+)"', html))
    quiet = ragnews("digest", "--db", str(db), "--format", "json")
    assert quiet.returncode == 0, quiet.stderr
    data = json.loads(quiet.stdout)
    assert data["nothing_new"] is True and data["stories"] == [] and data["headline"].startswith("Nothing new since")
    again = ragnews("digest", "--db", str(db), "--since", "1h", "--max", "1", "--no-remember")
    assert again.returncode == 0 and "1 more story" in again.stdout and "## 1. “" in again.stdout
    bad = ragnews("digest", "--db", str(db), "--since", "whenever")
    assert bad.returncode == 1 and bad.stderr.startswith("ragnews: error: --since 'whenever'")


def test_an_article_is_new_by_its_ingest_time(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingested two days ago (whatever its publication date): not in a digest of the last 24 hours."""
    from ragnews.index import ingestor

    nr = Newsroom(db=tmp_path / "db")
    with monkeypatch.context() as m:
        m.setattr(ingestor, "time", types.SimpleNamespace(time=lambda: time.time() - 2 * 86_400, perf_counter=time.perf_counter))
        assert not nr.ingest([corpus / "first"]).failed
    assert nr.digest(remember=False).nothing_new
    assert len(nr.digest("3d", remember=False).stories) == 1
    html = render_digest_html(nr.digest("3d", remember=False))
    assert "One outlet so far" in html and "<script" not in html.lower()


def test_with_an_llm_the_summary_is_the_models_checked_lines(seeded_db: Path) -> None:
    from ragnews.testing import MockModel

    model = MockModel(["Summary\nNorth Korea confirmed for the first time on Monday that it had deployed troops to assist Russia [1].\n\n"
                       "Key points\n- North Korea sent 90,000 troops to Mars [1].\n"])
    d = Newsroom(db=seeded_db, chat_model=model).digest(remember=False)
    assert d.engine == "llm" and len(d.stories) == 1
    s = d.stories[0]
    assert [t for t, _ in s.summary] == ["North Korea confirmed for the first time on Monday that it had deployed troops to assist Russia."]
    assert "Mars" not in json.dumps(d.to_json()), "an unsupported line is not shown"
    _all_cited_and_verified(d)


def test_a_story_whose_files_all_changed_is_left_out_with_a_note(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "first"
    shutil.copytree(corpus / "first", folder)
    nr = Newsroom(db=tmp_path / "db")
    assert not nr.ingest([folder]).failed
    alone = next(p for p in folder.iterdir() if not p.name[0].isdigit())  # the unrelated, single-source article
    alone.write_text("Someone rewrote this file after it was ingested.\n", encoding="utf-8")
    d = nr.digest(remember=False)
    assert len(d.stories) == 1 and not d.single_source
    assert len(d.notes) == 1 and "left out" in d.notes[0] and not d.nothing_new
    assert "> **Note:** story s" in render_digest_markdown(d)


def test_the_outlet_count_says_how_many_articles_name_no_outlet() -> None:
    """New-user walk (AllSides, two of three files with no outlet): "3 independent outlets (New York Post (News))"
    read as a miscount; articles with no outlet named each count for themselves, and the line now says so."""
    from ragnews.brief.digest_markdown import meta_line

    def story(*outlets: str | None, independent: int) -> dg.DigestStory:
        return dg.DigestStory(id="s1", label="x", label_citation=None, outlets=sorted({o for o in outlets if o}),
                              independent=independent, first="2021-10-18", last="2021-10-18", status="new",
                              articles=[{"source": f"a{i}.txt", "outlet": o} for i, o in enumerate(outlets)],
                              earlier=0, summary=[], key_points=[], syndicated=[], notes=[])

    assert meta_line(story("New York Post", None, None, independent=3)) == \
        "3 independent outlets (New York Post, 2 articles with no outlet named) · 2021-10-18"
    assert meta_line(story(None, None, independent=2)) == "2 independent outlets (2 articles with no outlet named) · 2021-10-18"
    assert meta_line(story("AP", "Reuters", independent=2)) == "2 independent outlets (AP, Reuters) · 2021-10-18"
    assert meta_line(story(None, independent=1)) == "1 source (no outlet named) · 2021-10-18"
