"""Cross-source analysis on real clusters from the shared data: properties that must hold on any input.

What the analysis makes of particular dev clusters (which differences, which timeline entries) is no unit
test's business: it lives in the reviewed snapshot (`python -m benchmarks.snapshot`), and the behaviours
earlier pins stood for are tested on constructed articles in tests/analysis/test_cross_source_behaviours.py.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ragnews.analysis import Analysis, analyze
from tests.shareddata import cluster_articles, embedder, needs_data

pytestmark = needs_data


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    work = tmp_path_factory.mktemp("real")
    cache: dict[str, tuple[Analysis, list]] = {}

    def get(cid: str) -> tuple[Analysis, list]:
        if cid not in cache:
            arts = cluster_articles(cid, work)
            cache[cid] = (analyze(arts, similarity=embedder().embed), arts)
        return cache[cid]

    return get


def test_timeline_entries_show_their_stated_precision_and_no_durations(run):
    """On any cluster: a timeline date is a day, month, season or year, a year is shown as the year (never a day in
    it), and a duration ("the past year") is no event."""
    for cid in ("as:5794", "as:5857", "mn:17"):
        r, _ = run(cid)
        for e in r.timeline:
            assert e.precision in {"day", "month", "season", "year"}, (cid, e)
            assert not re.match(r"(?i)the past\b", e.date_text), (cid, e.date_text)
            if e.precision == "year":
                assert e.date == dt.date(e.date.year, 1, 1), (cid, e)


def test_a_sentence_cut_off_mid_phrase_is_no_statement_or_contribution(run):
    """NeuS excerpts stop mid-sentence: on any cluster, what is shown as someone's words or as a source's own news
    is a finished sentence."""
    finished = re.compile(r"[.!?…:][\"”’')\]]*$")
    for cid in ("ns:10", "ns:85", "ns:270"):
        r, _ = run(cid)
        assert all(finished.search(q.ref.text.rstrip()) for q in r.quotes), cid
        assert all(finished.search(s.text.rstrip()) for refs in r.contributions.values() for s in refs), cid


def test_search_results_compare_the_story_s_own_figures_and_days(tmp_path):
    """RealTime QA search results as a user saves them (kept here: the snapshot names clusters by id and has none
    for search results): a newsletter's headline line "All nine justices OK…", two auctions' bottles of whisky, a
    resumption "on Oct. 2" both sources agree on. Constructed: test_bottles_of_two_sales_are_no_one_quantity."""
    from tests.shareddata import rtqa_articles

    for week, qid, picks in (("20231117", "20231117_7", [0, 1, 2, 3]), ("20231124", "20231124_9", [0, 1, 2]),
                             ("20231110", "20231110_4", [0, 2, 4, 7])):
        arts = rtqa_articles(week, qid, picks, tmp_path)
        r = analyze(arts, similarity=embedder().embed)
        clashes = [d for d in r.discrepancies if not d.compatible]
        assert not [d for d in clashes if d.subject in ("justice",) or "bottle" in d.subject or d.kind == "date"], \
            (qid, [d.subject for d in clashes])
        assert not [w for w in r.warnings if w.kind == "figure_year_mismatch"], qid


def test_a_toll_or_tally_told_on_different_days_is_no_conflict(tmp_path):
    """RealTime QA 20231201_10 (the 2022 Buffalo blizzard, pages dated Dec 24-28; kept here for the same reason):
    tolls and flight counts told on different days were listed as differences. Constructed:
    test_a_toll_told_on_different_days_is_no_conflict."""
    from tests.shareddata import rtqa_articles

    arts = rtqa_articles("20231201", "20231201_10", [7, 8, 9, 4], tmp_path, dated=True)
    assert len({a.published_date for a in arts}) >= 2
    r = analyze(arts, similarity=embedder().embed)
    assert not [d for d in r.discrepancies if not d.compatible], [(d.subject, d.clashes) for d in r.discrepancies]
