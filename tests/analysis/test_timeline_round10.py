"""Dates that are not the event's, round 10 (issue 26; walk3's label audit): each a small constructed article shaped like
the audited case named in its docstring."""

from __future__ import annotations

import datetime as dt

from ragnews.analysis import analyze
from tests.analysis.test_analysis import cluster

DAY = dt.date(2021, 4, 22)  # a Thursday


def _years(r, year: int) -> list:
    return [e for e in r.timeline if e.date and e.date.year == year]


def _told(r, words: str) -> list:
    return [e for e in r.timeline if any(words in s.text for s in e.refs)]


def test_a_question_is_no_event():
    """as:6111: "Did Ma'Khia Bryant need to die yesterday?" he added — a question tells no event of yesterday."""
    r = analyze(cluster('Shooting\nThe mayor spoke to reporters at city hall on Wednesday about the shooting.\n'
                        '"Did the girl need to die yesterday?" the mayor asked on Wednesday.\n', published=[DAY]))
    asked = _told(r, "need to die yesterday")
    assert not [e for e in asked if e.date_text == "yesterday"], [(e.date, e.date_text) for e in asked]
    assert _told(r, "spoke to reporters")  # the statement's own day stays


def test_a_relative_date_in_a_quotation_counts_from_when_it_was_said():
    """as:6111: the mayor's "yesterday", said on the 21st in an article of the 22nd, is the 20th; counted from the
    publication day it was the 21st. When the sentence says when the words were said, they count from that day."""
    r = analyze(cluster('Shooting\n"A girl of this city tragically died yesterday," the mayor told reporters on Wednesday.\n',
                        published=[DAY]))
    died = [e for e in _told(r, "tragically died yesterday") if e.date_text == "yesterday"]
    assert died and {e.date for e in died} == {dt.date(2021, 4, 20)}, [(e.date, e.event) for e in r.timeline]


def test_a_relative_date_in_a_quotation_said_at_no_stated_time_is_left_out():
    """as:6111: "he added", said the day before publication with no day given: "yesterday" in his words cannot be
    placed, and is never counted from the publication day."""
    r = analyze(cluster('Shooting\nThe mayor spoke to reporters at city hall on Wednesday about the shooting.\n'
                        '"A girl of this city tragically died yesterday in the street," the mayor told reporters.\n',
                        published=[DAY]))
    assert not _told(r, "tragically died yesterday"), [(e.date, e.event) for e in r.timeline]
    assert _told(r, "spoke to reporters")
    r = analyze(cluster('Shooting\nThe girl died yesterday in the street, the mayor told reporters.\n', published=[DAY]))
    assert {e.date for e in _told(r, "died yesterday")} == {dt.date(2021, 4, 21)}  # the writer's own "yesterday"


def test_a_plans_target_year_is_no_event():
    """as:6112: "pledged to cut … emissions in half by 2030", "set broader goals of creating a net-zero … sector by
    2035": the pledge and the goals were set in 2021; 2030 and 2035 are targets a goal may be reached before."""
    r = analyze(cluster("Climate\nThe president pledged to cut the nation's greenhouse gas emissions in half by 2030 at a "
                        "summit on Thursday.\nThe president has set broader goals of creating a net-zero emission "
                        "power sector by 2035.\n", published=[DAY]))
    assert not _years(r, 2030) and not _years(r, 2035), [(e.date, e.event) for e in r.timeline]
    assert _told(r, "pledged to cut")  # the pledge keeps its own day


def test_a_deadline_of_a_finite_clause_stays():
    """A date the clause itself is to happen by, told with a tense of its own, still dates it: "The bridge will be
    finished by June" is expected in June."""
    r = analyze(cluster("Bridge\nThe new bridge over the river will be finished by June, the city said.\n",
                        published=[DAY]))
    june = [e for e in r.timeline if e.date and e.date.month == 6]
    assert june and all(e.expected for e in june)


def test_two_days_joined_date_one_stretch():
    """as:6112: "a virtual climate summit of world leaders he's hosting Thursday and Friday" was dated Friday alone
    (and the pledge announced there with it): the two days joined by "and" are one stretch, Thursday to Friday."""
    r = analyze(cluster("Climate\nThe president is announcing the pledge at a virtual climate summit of world leaders "
                        "he's hosting Thursday and Friday.\n", published=[DAY]))
    rows = _told(r, "announcing the pledge")
    assert rows and all(e.date == DAY for e in rows), [(e.date, e.end, e.event) for e in r.timeline]
    assert any(e.end == DAY + dt.timedelta(days=1) for e in rows)


def test_a_date_in_a_description_of_someone_is_no_event():
    """RealTime QA (walk3's audit): an audit announcement was dated 2024, the year of the race its announcer runs in.
    A phrase set beside a name to describe her ("Dana Pell, a candidate for governor in 2024,") dates the description,
    no event of the sentence; the announcement keeps its own day."""
    r = analyze(cluster("Audit\nLt. Gov. Dana Pell, a candidate for governor in 2024, announced an audit of her campaign "
                        "finances on Friday.\n", published=[dt.date(2023, 9, 28)]))
    assert not _years(r, 2024), [(e.date, e.event) for e in r.timeline]
    assert _told(r, "announced an audit")


def test_a_clause_describing_a_noun_inside_a_question_keeps_its_date():
    """mn:144: "When did he decide to become one of the dividers he spoke of so eloquently in 2004?" asks about the
    decision; the speech of 2004 is told, not asked."""
    r = analyze(cluster('Interview\nAnd he asked, "When did he decide to become one of the dividers he spoke of so '
                        'eloquently in 2004?"\n', published=[dt.date(2011, 5, 2)]))
    assert _years(r, 2004)


def test_a_misparsed_apposition_of_a_common_noun_keeps_its_dates():
    """rtqa 20231110_4's shape: the parser hangs the verb "moves" as an apposition of "release"; the films' new dates are
    still their events (only a phrase set off by a comma beside a name describes someone)."""
    r = analyze(cluster("Films\nThe studio postponed the release of its next three films: “Comet 3” moves to Dec. 19, 2025, "
                        "“Comet 4” to Dec. 21, 2029, and “Comet 5” to Dec. 19, 2031.\n", published=[dt.date(2023, 11, 8)]))
    assert _years(r, 2029) and _years(r, 2031), [(e.date, e.event) for e in r.timeline]


def test_two_days_joined_apart_are_two_days():
    """review10: "hit the coast on Monday and Thursday" was made one stretch, Monday to Thursday (the days between
    told as the storm's, Thursday's own row lost); only days that meet ("Thursday and Friday") are one stretch."""
    r = analyze(cluster("Storm\nThe storm hit the coast on Monday and Thursday, officials said on Friday.\n",
                        published=[DAY]))
    rows = _told(r, "hit the coast")
    days = {(e.date, e.end) for e in rows}
    assert {(DAY - dt.timedelta(days=3),) * 2, (DAY, DAY)} <= days, [(e.date, e.end, e.date_text) for e in rows]


def test_a_deadline_of_a_clause_told_as_done_stays():
    """review10: a tenseless clause that is no goal set out, a perfect participle ("Having completed the bridge by
    June") or a gerund after a preposition of the verb ("after tracking him down by Sunday"), was read as a goal's
    deadline and its date left out; only a to-infinitive or a gerund describing a noun ("goals of creating") sets one."""
    r = analyze(cluster("Bridge\nHaving completed the bridge by June, the firm moved on to the tunnel.\n"
                        "Police arrested the suspect on Monday after tracking him down by Sunday.\n", published=[DAY]))
    assert [e for e in r.timeline if e.date and e.date.month == 6], [(e.date, e.event) for e in r.timeline]
    assert _told(r, "tracking him down") and any(e.date_text.endswith("Sunday") for e in r.timeline), \
        [(e.date, e.date_text) for e in r.timeline]


def test_a_question_quoted_inside_a_statement_leaves_its_day():
    """review10: 'She asked "why?" on Tuesday' was read as a question (the quoted word's question mark hangs on
    "asked") and its day left out; only a question mark of the clause's own words, not one inside a quotation the
    clause reports, makes it a question."""
    r = analyze(cluster('Council\nThe council voted to close the library.\nResidents asked "why us?" on Tuesday.\n'
                        'The mayor wrote "Why not?" on Twitter on Tuesday.\n', published=[DAY]))
    assert len([e for e in r.timeline if e.date_text.endswith("Tuesday")]) >= 1, r.timeline
    assert _told(r, "why us") and _told(r, "Why not"), [(e.date, e.date_text, e.event) for e in r.timeline]
    assert [e for e in r.timeline if e.date_text.endswith("Tuesday")], [(e.date, e.date_text) for e in r.timeline]


def test_between_two_dates_is_one_stretch_however_far_apart():
    """mn:241 (the snapshot, after review10's "only days that meet"): "between May 2014 and November 2015" gave a row
    dated November 2015 of its own, the end of the interval told as an event; "between" makes one stretch."""
    r = analyze(cluster("Outbreak\nExperts say the outbreaks between May 2014 and November 2015 sickened 87 people.\n",
                        published=[DAY]))
    rows = _told(r, "sickened 87 people")
    assert [(e.date, e.end) for e in rows] == [(dt.date(2014, 5, 1), dt.date(2015, 11, 30))], \
        [(e.date, e.end, e.date_text) for e in r.timeline]
