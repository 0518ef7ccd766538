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
