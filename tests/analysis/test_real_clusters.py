"""Cross-source analysis on real clusters from the shared data: like with like, dates, speakers, timeline."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ragnews.analysis import Analysis, analyze
from ragnews.analysis.quotes import _places
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


def _clashing(r: Analysis, kind: str = "count") -> list:
    return [d for d in r.discrepancies if d.kind == kind and not d.compatible]


def _values(d) -> set[str]:
    return {v for pair in d.clashes for v in pair}


def test_same_bill_different_cost_is_a_conflict(run):
    r, _ = run("as:5794")
    (d,) = _clashing(r)
    assert any("1.2 trillion" in v for v in _values(d)) and any(re.search(r"\$1 trillion", v) for v in _values(d))
    assert not any("3.5 trillion" in v for v in _values(d))  # the other package is another thing


def test_approximate_figures_and_unrelated_stories_are_not_conflicts(run):
    r, _ = run("as:5816")
    assert not any("page" in d.subject for d in _clashing(r))  # "some 2,700 pages" vs "2,702 pages"
    for cid in ("bbc:business:0", "bbc:sport:0", "bbc:business:100"):
        r, _ = run(cid)
        assert not _clashing(r), cid  # five unrelated stories: nothing to compare
    r, _ = run("as:5983")
    assert not _clashing(r)  # 559,000 jobs and 5.8 % in every outlet


def test_subset_counts_compared_like_with_like(run):
    r, _ = run("mn:187")
    (d,) = [d for d in _clashing(r) if "children" in d.subject]  # "Eight people, including two children, were injured"
    assert {"three", "two"} <= _values(d) and "additional" in d.subject
    assert not [d for d in _clashing(r) if "people" in d.subject]  # eight injured in both


def test_dates_of_different_events_and_statements_do_not_clash(run):
    for cid in ("as:5654", "as:5922", "as:5742"):
        r, _ = run(cid)
        assert not _clashing(r, "date"), cid  # "rescheduled for Friday"; "said Wednesday" vs "said Thursday"


def test_negated_statements_and_places_are_not_quotes(run):
    for cid in ("as:5794", "mn:17", "mn:50", "as:5857"):
        r, arts = run(cid)
        places = _places(arts)
        for q in r.quotes:
            assert q.speaker not in places and "-based" not in q.speaker, (cid, q.speaker)
            assert len(q.text.split()) >= 4 and not q.text.startswith((":", ",")), (cid, q.text)
            assert not re.search(r"\b(?:did not|declined to|neither)\b", q.ref.text, re.I)


def test_timeline_precision_tense_and_baselines(run):
    r, _ = run("as:6012")
    summit = [e for e in r.timeline if e.date == dt.date(2021, 6, 16)]
    assert summit and all(e.expected for e in summit)  # "will meet ... on June 16": expected, not past
    r, _ = run("as:5832")
    assert not any(e.date and e.date.year == 2008 for e in r.timeline)  # "the largest spike since June 2008"
    for cid in ("as:5794", "as:5857", "mn:17"):
        r, _ = run(cid)
        for e in r.timeline:
            assert e.precision in {"day", "month", "season", "year"}
            assert not re.match(r"(?i)the past\b", e.date_text), e.date_text  # durations are no events
            if e.precision == "year":
                assert e.date == dt.date(e.date.year, 1, 1)
