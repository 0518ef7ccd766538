"""Cross-source analysis on real clusters from the shared data: like with like, dates, speakers, timeline."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ragnews.analysis import Analysis, analyze
from tests.shareddata import DATA, cluster_articles, embedder, needs_data

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
    r, _ = run("as:6093")
    assert not _clashing(r)  # "Biden's latest $1 trillion+ plan" is the $1.8 trillion plan: "+" is "or more"
    for cid in ("mn:76", "mn:184", "as:5846"):
        r, _ = run(cid)  # "8,000 killed in the uprising" vs "five people with expertise"; "20,000 soldiers at the
        assert not _clashing(r), cid  # London Olympics" vs "8,000 interior troops": a shared noun is not one quantity


def test_subset_counts_compared_like_with_like(run):
    r, _ = run("mn:187")
    (d,) = [d for d in _clashing(r) if "children" in d.subject]  # "Eight people, including two children, were injured"
    assert {"three", "two"} <= _values(d)
    assert not [d for d in _clashing(r) if "people" in d.subject]  # eight injured in both


def test_dates_of_different_events_and_statements_do_not_clash(run):
    for cid in ("as:5654", "as:5922", "as:5742", "as:5856", "as:5659", "mn:234", "mn:146", "mn:182", "mn:88", "mn:76"):
        r, _ = run(cid)
        # "rescheduled for Friday"; "said Wednesday" vs "said Thursday"; "a toll of 63 on Friday" vs "at least 143
        # on Saturday" (two reports); "the Senate may vote Wednesday" vs "on track to prevent a shutdown on Thursday"
        # one sentence giving both days or years (mn:234, mn:146, mn:182); a tweet's own date (mn:88); "bombings
        # in Damascus" on Saturday vs "a car bomb in Aleppo" on Sunday (mn:76)
        assert not _clashing(r, "date"), cid


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


def test_a_schedule_told_in_the_present_is_expected(run):
    """as:6028 (published 2021-05-19): "The bill, which takes effect in September, ..." is September 2021, to come."""
    r, _ = run("as:6028")
    september = [e for e in r.timeline if any("takes effect in September" in s.text for s in e.refs)]
    assert september and all(e.date == dt.date(2021, 9, 1) and e.expected for e in september)


def test_source_notes_name_what_a_figure_counts(run):
    """What a source alone reports reads as facts: "more than 200 pages" (not "...pages of newly", as:5952), no
    bare "8" from "Senate Bill 8 (SB 8)" and no "I’m" taken for a name (as:6028)."""
    r, _ = run("as:5952")
    facts = [f for fs in r.contribution_facts.values() for f in fs]
    assert "more than 200 pages" in facts and not [f for f in facts if re.search(r"\b(?:of|newly)$", f)]
    r, _ = run("bbc:tech:40")
    facts = [f for fs in r.contribution_facts.values() for f in fs]
    assert "350 hotspots" in facts and not [f for f in facts if re.search(r"\b(?:the|around)$", f)]
    r, _ = run("as:6028")
    facts = [f for fs in r.contribution_facts.values() for f in fs]
    assert not [f for f in facts if f.startswith("I’") or f == "8"]


def test_a_past_verb_between_the_future_and_the_date_dates_something_done(run):
    """as:6093 (2021-04-28): "it will be a challenge ..., especially after the $1.9 trillion stimulus package that
    was enacted in March" is March 2021, done, not an expected March 2022."""
    r, _ = run("as:6093")
    march = [e for e in r.timeline if any("enacted in March" in s.text for s in e.refs)]
    assert march and all(e.date == dt.date(2021, 3, 1) and not e.expected for e in march)


def test_the_mentions_own_past_verb_dates_something_done_and_a_country_of_an_office_is_no_speaker(run):
    """as:5936 (Reuters, Monday 2021-06-21): "In his first news conference since he was elected on Friday, the
    hardline cleric said his priority would be improving ties..." is the election, Friday June 18, done; it was
    listed as an expected Friday June 25 for the "would" later on. "The president-elect of Iran insisted he would
    not meet..." was said by Iran; the name after "of" is what the speaker holds office of, not who spoke."""
    r, _ = run("as:5936")
    elected = [e for e in r.timeline if any("since he was elected on Friday" in s.text for s in e.refs)]
    assert elected and all(e.date == dt.date(2021, 6, 18) and not e.expected for e in elected)


def test_put_off_is_future_only_for_the_new_date(run):
    """as:5733: "Neither did their rescheduled getaway last September." was an expected event: "rescheduled" (and
    "postponed") date the new day only when it follows ("postponed the vote to Friday"), not what was put off."""
    r, _ = run("as:5733")
    getaway = [e for e in r.timeline if any("rescheduled getaway" in s.text for s in e.refs)]
    assert getaway and not any(e.expected for e in getaway)


def test_a_date_that_names_something_dates_no_event(run):
    """as:5841 (2021-07-22): "a committee investigating the Jan. 6 Capitol insurrection “will do the job…”" was an
    expected event on 2022-01-06, and the headline "Pelosi says Jan. 6 panel to move ahead" was dated Jan. 6: a date
    after a determiner, or right before a noun with no preposition, names the committee, not when anything happened.
    "Pelosi … on Thursday said the panel “will not let…”" dates her statement, not something expected; "Reps. Jim
    Jordan and Jim Banks" no longer ends a sentence at "Reps."."""
    r, arts = run("as:5841")
    assert r.timeline and not [e for e in r.timeline if e.date.month == 1 and e.date.day == 6]
    thursday = [e for e in r.timeline if any("on Thursday said" in s.text for s in e.refs)]
    assert thursday and not any(e.expected for e in thursday)
    assert not [s for a in arts for s in a.sentences if s.text.endswith("Reps.")]


def test_the_month_may_is_no_modal(run):
    """mn:241: "...the outbreak that sickened 87 people between May 2014 and November 2015" was an expected May
    2014: the modal "may" (what may happen) matched the month, so every May was a plan."""
    r, _ = run("mn:241")
    may = [e for e in r.timeline if e.date.month == 5 and any("May 2014" in s.text for s in e.refs)]
    assert may and not any(e.expected for e in may)


def test_what_was_feared_before_a_day_told_as_done_is_not_expected(run):
    """mn:241 (undated): "feared the outbreak could be linked … and alerted the state by October 2014" and "expressed
    concern that changes … could be behind the outbreak during a meeting … on March 26" were expected events, in
    articles that tell the outbreak as over by November 2015: a plan for a day before the article's now is history."""
    r, _ = run("mn:241")
    feared = [e for e in r.timeline if any("alerted the state by October 2014" in s.text or "meeting with federal colleagues on March 26"
                                           in s.text for s in e.refs)]
    assert len(feared) == 2 and not any(e.expected for e in feared)


def test_a_captions_date_is_no_event(run):
    """mn:248: "... as McSally looks on at the Arizona Republic in Phoenix on Wednesday, October 17, 2018. (Photo: David
    Wallace/The Republic)" was a timeline event: the day the picture was taken, not a day the story tells."""
    r, _ = run("mn:248")
    assert r.timeline and not any("McSally looks on" in s.text for e in r.timeline for s in e.refs)


def test_a_person_the_others_name_by_surname_is_not_news_from_one_source():
    """NeuS: "alone reports Joe Biden and President Donald Trump" when every article named both, by surname."""
    from tests.analysis.test_analysis import cluster

    arts = cluster("Refugees\nPresident Joe Biden kept the refugee cap set by President Donald Trump, officials said on Friday.\n",
                   "Cap stays\nThe administration of Biden will keep the limit that Trump set, aides said on Friday.\n")
    facts = analyze(arts).contribution_facts
    assert not any("Trump" in f or "Biden" in f for f in facts.get(arts[0].source, [])), facts


def test_review_cases_for_periods_tails_intents_and_names():
    """Found in review: a contrast ("Unlike the 1977 blizzard, this storm has killed 39") or a comparison after the
    figure dates nothing; a tail with its own clause is a statement; "The family seeks to recover damages for the
    crash in March 2019" plans nothing for 2019; "Supreme Court" is not told by another source's "the court", and
    "Witnesses" is no first name."""
    from ragnews.text.dates import find_mentions

    assert not find_mentions("The family seeks to recover damages for the plane crash in March 2019.")[0].future


def test_a_change_measured_from_a_year_is_no_event_of_it(run):
    """as:6050 (2021-05-12): "the fastest pace since 2008" (the preposition inside the year's mention) and "increased
    3% from the same period in 2020" were timeline events of 2008 and 2020; "Consumer prices leapt higher in April, …,
    a jump that could resonate on Wall Street" was an expected April 2022."""
    r, _ = run("as:6050")
    assert {e.date.year for e in r.timeline if e.date} == {2021}
    april = [e for e in r.timeline if "leapt higher in April" in e.event]
    assert april and all(not e.expected and e.precision == "month" for e in april)


def test_tallies_at_different_moments_and_spans_are_no_differences():
    """RealTime QA, Buffalo's 2022 storm (four search results briefed as files): "at least 2,300 canceled flights …
    as of 6 p.m. EST Thursday" vs "About 3,800 … as of 7 p.m. ET Monday" were a difference, so were the ends of a
    warning's span ("from Friday morning to Sunday morning" vs "until 1 p.m. Tuesday"), outages "as of" two days,
    and "including 12 who were found frozen" (the 1977 blizzard's) vs "including four in a … crash" (this storm's)."""
    import json

    from ragnews.analysis.timeline import not_an_event_date, span_end_or_moment
    from ragnews.text.dates import read_mentions
    from ragnews.text.reading import default_reader
    from ragnews.text.sentences import split_sentences

    pages = [r["text"] for line in (DATA / "realtimeqa" / "20231201_gcs.jsonl").read_text(encoding="utf-8").splitlines()
             for r in json.loads(line).get("search_result") or []]
    found = {t for page in pages for t in split_sentences(page) if re.search(
        r"2,300 canceled flights|About 3,800 flights into|in effect from Friday morning to Sunday|counties until 1 p\.m\.|"
        r"customers were without power as of|killed 29 people over four days, including 12", t)}
    reader = default_reader()
    spans = [(reader.one(t), m) for t in found if "in effect from" in t or "as of" in t and "power" in t
             for m in read_mentions(reader.one(t))]
    assert len(spans) >= 3 and all(span_end_or_moment(r, m) for r, m in spans)
    until = [(reader.one(t), m) for t in found if "until 1 p.m." in t for m in read_mentions(reader.one(t))]
    assert until and all(not_an_event_date(r, m) for r, m in until)  # the end of a stretch dates no event
    hit = reader.one("The storm hit on Friday and moved east.")
    m = read_mentions(hit)[0]
    assert not not_an_event_date(hit, m) and not span_end_or_moment(hit, m)


def test_two_events_of_one_day_stay_two_and_a_clause_is_shown_cut(run):
    """as:5900: "former President George W. Bush lauded Rumsfeld" (a statement Wednesday) and "Donald Rumsfeld, who
    passed away yesterday" were one timeline entry (two on-topic sentences score about 0.22); the clause was shown
    as "and one of them was certainly Donald Rumsfeld, …"."""
    r, _ = run("as:5900")
    day = [e for e in r.timeline if e.date == dt.date(2021, 6, 30)]
    assert len(day) == 2 and all(len({s.source for s in e.refs}) == 1 for e in day)
    died = [e for e in day if "passed away" in e.event]
    assert died and died[0].event.startswith("…one of them")
    from ragnews.analysis.dateconflicts import _short_subject

    assert _short_subject(died[0].event).startswith("date of: one of them")  # a difference's subject starts on a word


def test_a_full_date_naming_a_document_dates_it(run):
    """NeuS 170: "In an August 2, 2017 memo, Rosenstein gave the special counsel authority…" gave "No dated events":
    a date before a noun named something ("the Jan. 6 committee"); with its year it dates what it names."""
    r, _ = run("ns:170")
    memo = [e for e in r.timeline if e.date == dt.date(2017, 8, 2)]
    assert memo and any("memo" in s.text for e in memo for s in e.refs)


def test_what_a_source_alone_reports_is_not_its_headline_nor_a_country_named_another_way(run):
    """NeuS 60: "alone reports at least 37, 37 people…" — the first from the source's headline, which the body tells
    at length; NeuS 210: "alone reports United States" beside "U.S. Ambassador" elsewhere; NeuS 170: "alone reports
    Ukrainian and Russian" beside "Ukraine" and "Russia"; RealTime QA: "Adam D'Angelo" vs "Adam D’Angelo"."""
    r, arts = run("ns:60")
    heads = {s for a in arts for s in a.sentences if a.is_headline(s)}
    assert heads and not heads & {s for refs in r.contributions.values() for s in refs}
    assert not any("at least 37" in f for facts in r.contribution_facts.values() for f in facts)
    for cid, fact in (("ns:210", "United States"), ("ns:170", "Ukrainian"), ("ns:170", "Russian")):
        r, _ = run(cid)
        assert not any(fact in facts for facts in r.contribution_facts.values()), (cid, fact)


def test_search_results_compare_the_story_s_own_figures_and_days(tmp_path):
    """RealTime QA search results as a user saves them: "Three justices … endorse" vs a newsletter's headline line "All
    nine justices OK a Supreme Court code of conduct" (no stop: a headline of another item, its figures told
    elsewhere with their context); "$1.9 million … in 2019" vs "$1.5 million in November 2018", a year "slip" between
    two auctions' figures (with a garbled warning "dates the  to 2018"); "resumed negotiations on Oct. 2" vs "On
    Oct. 2, for the first time since the strike began July 14, … had resumed": the second source agrees on Oct. 2;
    "a limited edition of 24 bottles of whisky" vs "460 bottles of Scotch whisky were sold" at an auction: a shared
    modifier ("whisky") does not make two sets of bottles one quantity when the clauses tell different things."""
    from tests.shareddata import rtqa_articles

    for week, qid, picks in (("20231117", "20231117_7", [0, 1, 2, 3]), ("20231124", "20231124_9", [0, 1, 2]),
                             ("20231110", "20231110_4", [0, 2, 4, 7])):
        arts = rtqa_articles(week, qid, picks, tmp_path)
        r = analyze(arts, similarity=embedder().embed)
        clashes = [d for d in r.discrepancies if not d.compatible]
        assert not [d for d in clashes if d.subject in ("justice",) or "bottle" in d.subject or d.kind == "date"], \
            (qid, [d.subject for d in clashes])
        assert not [w for w in r.warnings if w.kind == "figure_year_mismatch"], qid


def test_a_sentence_cut_off_mid_phrase_is_no_statement_or_contribution(run):
    """NeuS excerpts stop mid-sentence: ns:10's "…announced Wednesday they will vote against presumptive incoming
    House Speaker" was shown under "Who said what" and ns:270's "…as governor, signed" as a source's own news,
    though the summary rejects both as no full sentence. Their facts still count as told (a source is not credited
    alone with what a cut-off line elsewhere also says)."""
    for cid in ("ns:10", "ns:85", "ns:270"):
        r, arts = run(cid)
        finished = re.compile(r"[.!?…:][\"”’')\]]*$")
        assert all(finished.search(q.ref.text.rstrip()) for q in r.quotes), cid  # a cut-off line is no statement
        assert all(finished.search(s.text.rstrip()) for refs in r.contributions.values() for s in refs), cid
    r, _ = run("ns:10")
    assert not [q for q in r.quotes if q.text.endswith("House Speaker")]


def test_a_toll_or_tally_told_on_different_days_is_no_conflict(tmp_path):
    """RealTime QA 20231201_10 (the 2022 Buffalo blizzard, pages dated Dec 24-28, checked by a new user): Ohio's
    "Nine" dead in a Dec 26 report and "Eight" in a Dec 24 one, and "More than 5,000 flights were canceled Friday"
    against Monday's "About 3,800", were listed as differences. A toll grows from one report to the next, and a
    count done on a named day belongs to that day; "Kansas: Three people have died" counts under its list label."""
    from tests.shareddata import rtqa_articles

    arts = rtqa_articles("20231201", "20231201_10", [7, 8, 9, 4], tmp_path, dated=True)
    assert len({a.published_date for a in arts}) >= 2
    r = analyze(arts, similarity=embedder().embed)
    assert not [d for d in r.discrepancies if not d.compatible], [(d.subject, d.clashes) for d in r.discrepancies]


