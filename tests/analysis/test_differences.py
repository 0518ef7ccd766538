"""Where sources differ and the timeline, read by the English model from small constructed sentences."""

from __future__ import annotations

import datetime as dt

from ragnews.analysis import analyze
from ragnews.analysis.figures import read_figures
from ragnews.answer.citations import Citation
from ragnews.brief.html import render_html
from ragnews.brief.markdown import when
from ragnews.brief.model import Briefing
from ragnews.text import dates as D
from ragnews.text.reading import default_reader
from tests.analysis.test_analysis import cluster


def figures(text: str) -> list:
    return read_figures(cluster("Title\n" + text + "\n"), default_reader(), set(), {})


def rows(r) -> list:
    """What "Where sources differ" shows: the differences whose values cannot all hold."""
    return [d for d in r.discrepancies if d.kind == "count" and not d.compatible]


def test_a_count_with_what_it_counts():
    (f,) = figures("North Korea has sent 14,000 troops to Russia, officials said.")
    assert (f.value, f.counted, f.event, f.unit) == ("14,000", "troop", "send", None)
    assert f.low < 14_000 < f.high and f.high - f.low <= 0.1 * 14_000  # rounded to its last significant digit


def test_the_date_of_a_point_of_comparison_is_not_the_figure_s():
    text = "Officials said that 9,412 migrants were detained at the border, an increase from the 8,125 detained in March."
    f, point = read_figures(cluster("Title\n" + text + "\n", published=[dt.date(2025, 4, 28)]), default_reader(), set(),
                            {"syn/0.txt": dt.date(2025, 4, 28)})
    assert f.value == "9,412" and f.period is None and not f.baseline
    # the point of comparison is March's own figure (round 9): the date is its, never the 9,412's
    assert point.value == "8,125" and point.baseline and point.period == D.DateRange(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    (g,) = read_figures(cluster("Title\nOfficials said that 9,412 migrants were detained at the border in April.\n",
                                published=[dt.date(2025, 4, 28)]), default_reader(), set(), {"syn/0.txt": dt.date(2025, 4, 28)})
    assert g.period == D.DateRange(dt.date(2025, 4, 1), dt.date(2025, 4, 30))


def test_years_ages_clock_times_and_scores_are_no_figures():
    assert figures("A 29-year-old teacher was charged at 5:30 p.m. in 2021 after the home side won 69-30.") == []
    # a vote's tally is a figure since round 9: two outlets' tallies of one vote can clash (test_figure_kinds.py)
    (f,) = figures("A 29-year-old teacher was charged at 5:30 p.m. in 2021 after the Senate voted 69-30.")
    assert (f.value, f.low, f.against, f.counted) == ("69-30", 69, 30, "vote")


def test_around_14000_agrees_with_14000():
    r = analyze(cluster("Troops\nNorth Korea has sent around 14,000 troops to Russia.\n",
                        "Troops\nNorth Korea has sent 14,000 troops to Russia.\n"))
    assert rows(r) == []


def test_a_clash_row_shows_only_the_values_that_clash_with_who_gives_them():
    r = analyze(cluster("Troops\nNorth Korea has sent around 14,000 troops to Russia, Ukrainian officials said.\n",
                        "Troops\nNorth Korea has sent 14,000 troops to Russia, South Korean officials said.\n",
                        "Troops\nNorth Korea has sent 10,000-12,000 troops to Russia, U.S. officials said.\n"))
    (d,) = rows(r)
    # "around 14,000" agrees with "14,000": one version, and both who give it are named (not the first alone)
    assert {c.value: c.attribution for c in d.claims} == {"14,000": "South Korean officials and Ukrainian officials",
                                                         "10,000-12,000": "U.S. officials"}
    assert [set(p) for p in d.clashes] == [{"14,000", "10,000-12,000"}]


def test_different_counted_things_do_not_clash():
    r = analyze(cluster("Flood\nThe flood killed 12 people in the valley.\n",
                        "Flood\nThe flood killed 150 cattle in the valley.\n"))
    assert rows(r) == []


def test_different_events_of_one_counted_thing_do_not_clash():
    r = analyze(cluster("Crash\nThe crash killed 12 people on the motorway.\n",
                        "Crash\nThe crash injured 40 people on the motorway.\n"))
    assert rows(r) == []


def test_a_figure_told_as_expected_or_possible_is_not_stated():
    r = analyze(cluster("Aid\nThe government sent 500 troops to the border.\n",
                        "Aid\nThe government could send 2,000 troops to the border.\n"))
    assert rows(r) == []


def test_one_source_stating_both_values_names_two_things():
    r = analyze(cluster("Bills\nThe Senate passed the $1.2 trillion bill, and the House is weighing a $3.5 trillion bill.\n",
                        "Bills\nThe Senate passed the $3.5 trillion bill on Tuesday.\n"))
    assert rows(r) == []


def test_synonyms_of_the_counted_thing_meet_through_the_embedder():
    from tests.shareddata import embedder

    texts = ("Troops\nNorth Korea sent 14,000 soldiers to Russia.\n", "Troops\nNorth Korea sent 10,000 troops to Russia.\n")
    assert rows(analyze(cluster(*texts))) == []  # without an embedder, two nouns are two things
    (d,) = rows(analyze(cluster(*texts), similarity=embedder().embed))
    assert {c.value for c in d.claims} == {"14,000", "10,000"}


def test_last_year_is_a_year():
    text = "The two countries signed the treaty last year."
    start = text.index("last year")
    mention, interval = D.resolve_span(text, start, start + len("last year"), dt.date(2025, 4, 28))
    assert interval == D.DateRange(dt.date(2024, 1, 1), dt.date(2024, 12, 31)) and mention.precision == "year"


def test_a_year_sorts_by_its_interval_and_shows_as_a_year():
    text = ("Story\nThe two countries signed a defence treaty last year, officials said.\n"
            "The leaders met in Pyongyang in June 2024 to sign a second accord.\n"
            "On Saturday, the army said it had retaken the town of Sudzha.\n")
    timeline = analyze(cluster(text, published=[dt.date(2025, 4, 28)])).timeline
    order = [(e.date_text, e.precision) for e in timeline]
    assert order == [("last year", "year"), ("June 2024", "month"), ("Saturday", "day")]
    year = timeline[0]
    assert (year.date, year.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))  # an interval, never a day
    assert when({"date": year.date.isoformat(), "precision": year.precision}) == "2024"


def test_a_weekday_modifying_a_noun_is_no_timeline_date():
    text = ("Story\nThe senator made the rounds of the Sunday talk shows to defend the spending plan.\n"
            "The committee voted on Thursday to send the spending plan to the floor.\n")
    timeline = analyze(cluster(text, published=[dt.date(2025, 4, 28)])).timeline
    assert [(e.date_text, e.date) for e in timeline] == [("Thursday", dt.date(2025, 4, 24))]


def test_a_date_in_brackets_is_an_aside_not_the_event_s_date():
    text = ("Story\nLast month, a federal judge ordered the agency to explain its position on the listing of the "
            "species (Daily Wire Report, Nov. 4).\nThe agency told the court on Thursday that the listing would stand.\n")
    timeline = analyze(cluster(text, published=[dt.date(2025, 4, 28)])).timeline
    assert "Nov. 4" not in [e.date_text for e in timeline] and "Thursday" in [e.date_text for e in timeline]


def test_the_html_timeline_shows_the_stated_precision():
    cite = Citation(1, "a.txt", "/tmp/a.txt", 1, 1, "They signed it last year.", title="A")
    b = Briefing(topic="t", engine="extractive", model=None, citations=[cite],
                 timeline=[{"date": "2024-01-01", "date_text": "last year", "precision": "year", "event": "They signed it",
                            "citations": [1]},
                           {"date": "2024-06-01", "date_text": "in June 2024", "precision": "month", "event": "They met",
                            "citations": [1]},
                           {"date": "2025-04-26", "date_text": "Saturday", "precision": "day", "event": "It fell",
                            "citations": [1]}])
    page = render_html(b)
    assert "<time>2024</time>" in page and "<time>June 2024</time>" in page and "<time>2025-04-26</time>" in page
    assert "2024-01-01" not in page and "2024-06-01" not in page


def test_a_figure_of_an_earlier_year_it_names_is_history_not_a_rival():
    """RealTime QA, Buffalo's 2022 storm: the 1977 storm's toll was listed against this storm's."""
    now = "Storm\nThe storm killed 27 people in western New York, officials said.\n"
    published = [dt.date(2022, 12, 27)] * 2
    assert rows(analyze(cluster("Storm\nA storm killed 29 people in western New York.\n", now, published=published)))
    assert not rows(analyze(cluster("Storm\nIn 1977, a storm killed 29 people in western New York.\n", now,
                                    published=published)))


def test_a_figure_saying_which_things_are_meant_is_no_count_of_them():
    (f,) = figures("The rules cover employers with more than 100 workers, officials said.")
    assert (f.counted, f.described) == ("worker", "employer")
    r = analyze(cluster("Mandate\nThe rules will require employers with more than 100 workers to test them weekly.\n",
                        "Mandate\nThe rules will require 80 million workers to be vaccinated or tested weekly.\n"))
    assert rows(r) == []


def test_no_difference_where_a_source_itself_gives_several_counts_of_the_thing():
    """One outlet's "two killed" in a village and "four" across the country show the story holds several tolls: a
    third outlet's "15" in a province is no rival version of either."""
    r = analyze(cluster("Syria\nTwo people were killed by shelling on the village on Monday, monitors said.\n"
                        "Four people were killed across the country on Tuesday, activists said.\n",
                        "Syria\nFifteen people were killed in the province on Monday, activists said.\n"))
    assert rows(r) == []
    r = analyze(cluster("Syria\nFour people were killed by shelling on the village on Monday, monitors said.\n",
                        "Syria\nActivists told reporters that fifteen people were killed when the army shelled the village on Monday.\n"))
    assert len(rows(r)) == 1  # each outlet gives one toll: they differ


def test_a_difference_and_a_condition_are_no_levels_to_compare():
    """"peaked two feet lower than expected" is a difference; "would close if the river rose to 902 feet" a condition."""
    r = analyze(cluster("Flood\nThe river in Minot peaked two feet lower than expected on Sunday.\n",
                        "Flood\nThe plant would be shut down if the river rose to 902 feet, officials said on Sunday.\n"))
    assert rows(r) == []
    assert figures("The river in Minot peaked two feet lower than expected.") == []


def test_differences_alone_are_the_analysis_differences_and_embed_only_the_clashing_stories():
    """`differences` (what `ask` checks its figure with) finds what `analyze` finds; whether two articles tell one
    story is asked only of a pair whose figures clash, so an article with no such figure is never embedded."""
    from ragnews.analysis import differences
    from tests.shareddata import embedder

    texts = ("Troops\nNorth Korea sent 14,000 soldiers to Russia.\n", "Troops\nNorth Korea sent 10,000 troops to Russia.\n",
             "Rain\nHeavy rain fell on the capital, flooding the old market.\n",
             "Market\nThe old market sold 300 apples before the rain. Traders said business was slow.\n")
    seen: list[str] = []

    def similarity(batch: list[str]):
        seen.extend(batch)
        return embedder().embed(batch)

    found = differences(cluster(*texts), similarity=similarity, embedder=embedder().name)
    assert [(d.subject, {c.value for c in d.claims}) for d in found] == \
        [(d.subject, {c.value for c in d.claims}) for d in analyze(cluster(*texts), similarity=embedder().embed).discrepancies]
    assert {c.value for c in found[0].claims} == {"14,000", "10,000"}
    assert not any("rain" in t.lower() for t in seen if "apples" not in t)  # an article without figures: never
    # an article whose figure clashes with none is not compared with the others: its text as a whole is never embedded
    assert "The old market sold 300 apples before the rain. Traders said business was slow." not in seen


def test_one_fact_told_on_one_date_by_two_sources_is_one_timeline_event():
    """The same fact with the same date is one event, even when one source tells it in a clause of a long sentence
    (its clause alone reads unlike the other's sentence); two different happenings of one day stay two."""
    from tests.shareddata import embedder

    day = [dt.date(2025, 4, 28)] * 2
    said = "Merger\nGlobex and Initech said the merger was made under a partnership agreement that they had signed in June 2024.\n"
    clause = ("Talks\nThe merger follows years of talks between Globex and Initech, as well as a partnership agreement the two "
              "firms signed in June 2024, requiring joint investment in the event of a downturn.\n")
    (event,) = analyze(cluster(said, clause, published=day), similarity=embedder().embed).timeline
    assert event.date == dt.date(2024, 6, 1) and event.precision == "month" and len(event.refs) == 2
    other = "Plant\nInitech opened a new battery plant in Ohio in June 2024, hiring 300 workers.\n"
    assert len(analyze(cluster(said, other, published=day), similarity=embedder().embed).timeline) == 2


def test_brackets_holding_a_clause_or_the_whole_sentence_still_date_an_event():
    """A citation's "(E&E News PM, Nov. 4)" is an aside; "(which began on March 3)" and a sentence written wholly in
    brackets tell what happened then."""
    from ragnews.analysis.timeline import not_an_event_date
    from ragnews.text import dates as D
    from ragnews.text.reading import default_reader

    texts = ["The strike (which began on March 3) has cost millions.", "(The vote was held on Nov. 4, officials said.)",
             "The agency said the program would be cut (E&E News PM, Nov. 4)."]
    asides = [[not_an_event_date(r, m) for m in D.read_mentions(r)] for r in default_reader().read(texts)]
    assert asides == [[False], [False], [True]]


def test_about_a_figure_allows_a_tenth_either_way():
    """"Around 14,000" allows 13,000 (a tenth off), not 12,000: an outlet's "12,000" is another estimate."""
    near = analyze(cluster("Troops\nNorth Korea has sent around 14,000 troops to Russia.\n",
                           "Troops\nNorth Korea has sent 13,000 troops to Russia.\n"))
    far = analyze(cluster("Troops\nNorth Korea has sent around 14,000 troops to Russia.\n",
                          "Troops\nNorth Korea has sent 12,000 troops to Russia.\n"))
    assert rows(near) == []
    assert len(rows(far)) == 1


def test_a_difference_is_named_in_the_words_the_sentence_writes():
    """The row names what differs as written ("troops"), never a verb's dictionary form the text does not hold
    ("troops send" for "has sent")."""
    r = analyze(cluster("Troops\nNorth Korea has sent 14,000 troops to Russia, officials said.\n",
                        "Troops\nNorth Korea has sent 11,000 troops to Russia, officials said.\n"))
    (d,) = rows(r)
    assert "send" not in d.subject.split() and "troops" in d.subject
