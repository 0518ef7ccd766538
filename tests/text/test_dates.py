"""Relative-date resolution against a publication date (2025-04-28 is a Monday)."""

import datetime as dt

from ragnews.text import dates as D
from ragnews.text.reading import default_reader

PUB = dt.date(2025, 4, 28)


def _mentions(sentence: str) -> list[D.DateMention]:
    """The sentence's date mentions as the English model reads it (what is expected comes from its parse)."""
    return D.read_mentions(default_reader().one(sentence))


def _one(sentence: str, anchor: dt.date | None = PUB) -> D.DateRange | None:
    mentions = _mentions(sentence)
    assert mentions, sentence
    return D.resolve(mentions[0], anchor)


def test_weekdays_resolve_to_the_past_week():
    assert _one("Russia said on Saturday that it had won.").lo == dt.date(2025, 4, 26)
    assert _one("Putin thanked North Korea Monday.").lo == PUB
    assert _one("He spoke last Monday.").lo == dt.date(2025, 4, 21)


def test_a_weekday_modifying_a_noun_dates_no_event():
    # "the Sunday talk shows" are shows of a kind, no day of this week; the day of an event is attached to it
    assert _mentions("He made the rounds of the Sunday talk shows to defend the plan.") == []
    assert _mentions("The minister appeared on Sunday talk shows to defend the plan.") == []
    assert _mentions("Muslims gathered for Friday prayers at the mosque.") == []


def test_a_weekday_as_the_possessor_or_attached_to_the_verb_dates_the_event():
    assert _one("Monday's vote was delayed by the storm.").lo == PUB
    assert _one("In his Monday speech, the president defended the withdrawal.").lo == PUB
    assert _one("In the president's Saturday speech, he defended the withdrawal.").lo == dt.date(2025, 4, 26)
    assert _one("The senators voted on Monday to pass the bill.").lo == PUB
    # one thing a weekday modifies is one event on that day (review: these had lost their dates)
    assert _one("The Monday attack killed 12 people.").lo == PUB
    assert _one("Officials missed the Monday deadline.").lo == PUB
    assert _one("The senators voted Saturday to pass the bill.").lo == dt.date(2025, 4, 26)


def test_future_weekday_and_month_day_resolve_forward():
    assert _one("Leaders will meet on Friday.").lo == dt.date(2025, 5, 2)
    assert _one("Kim will attend the parade on May 9.").lo == dt.date(2025, 5, 9)


def test_a_schedule_in_the_present_tense_is_to_come():
    """ "The law takes effect in September": news tells a timetable in the present; the past would say "took"."""
    assert _one("The bill, which takes effect in September, bans the practice.").lo == dt.date(2025, 9, 1)
    assert _one("The trial begins Friday in Austin.").lo == dt.date(2025, 5, 2)
    assert _one("New rules come into force in January.").lo == dt.date(2026, 1, 1)
    assert _one("The trial began Friday in Austin.").lo == dt.date(2025, 4, 25)
    assert _one("The rules took effect in January.").lo == dt.date(2025, 1, 1)
    assert _mentions("The Senate may vote Wednesday on the bill.")[0].future


def test_a_day_after_for_is_the_day_a_thing_is_set_for_only_on_a_verb_of_setting():
    assert _mentions("The vote was rescheduled for Friday.")[0].future
    assert _mentions("The leaders postponed the summit to Monday.")[0].future
    # "unaccounted for" is an adjective with its own "for": the day is when they were missing, no day set ahead
    assert not _mentions("Nearly 100 people were unaccounted for Thursday after the building collapsed.")[0].future


def test_months_seasons_and_years():
    r = _one("They signed a treaty last June.")
    assert (r.lo, r.hi) == (dt.date(2024, 6, 1), dt.date(2024, 6, 30))
    assert _one("Troops arrived last fall.").lo == dt.date(2024, 9, 1)
    r = _one("More arrived earlier this year.")
    assert r.lo.year == r.hi.year == 2025 and r.hi <= PUB
    assert _one("An attack came last year.").lo.year == 2024
    assert _one("The army assessed in March that losses were high.").lo == dt.date(2025, 3, 1)
    assert _one("On April 24, forces reported killing 25 soldiers.").lo == dt.date(2025, 4, 24)
    assert _one("Arrivals started late last year.").lo >= dt.date(2024, 9, 1)
    assert _one("Over the weekend, the ministry said so.").lo == dt.date(2025, 4, 26)


def test_this_weekend_is_the_current_week_s_and_a_weekend_to_come_is_the_coming_one():
    # a Friday paper's "as soon as this weekend" is tomorrow, not the weekend before (it had dated a vote a week early)
    friday = dt.date(2021, 8, 6)
    assert _one("Senators hope to pass the bill as soon as this weekend.", friday).lo == dt.date(2021, 8, 7)
    assert _one("This weekend, the ministry will say so.").lo == dt.date(2025, 5, 3)  # a Monday's: the coming Saturday
    assert _one("The talks will resume over the weekend.").lo == dt.date(2025, 5, 3)
    assert _one("He was in Paris last weekend.").lo == dt.date(2025, 4, 26)
    assert _one("The talks will resume over the weekend.", dt.date(2025, 4, 27)).lo == dt.date(2025, 5, 3)
    assert _one("The ministry said so this weekend.", dt.date(2025, 4, 27)).lo == dt.date(2025, 4, 26)  # on a Sunday


def test_this_weekend_told_as_done_on_a_weekday_is_the_weekend_just_gone():
    # review10: a Monday paper's "marched through the capital this weekend" was dated the coming Saturday, five days
    # after the paper, an event told as done put in the future (and "This weekend, the ministry said so" with it)
    assert _one("Thousands of protesters marched through the capital this weekend.").lo == dt.date(2025, 4, 26)
    assert _one("This weekend, the ministry said so.").lo == dt.date(2025, 4, 26)
    assert _one("Thousands of protesters marched through the capital this weekend.", dt.date(2025, 5, 2)).lo \
        == dt.date(2025, 4, 26)  # a Friday's, told as done
    assert _one("Thousands of protesters will march through the capital this weekend.").lo == dt.date(2025, 5, 3)


def test_absolute_dates_need_no_anchor():
    assert _one("a treaty signed in June 2024", None).lo == dt.date(2024, 6, 1)
    r = _one("troops joined in early 2023", None)
    assert r.lo == dt.date(2023, 1, 1) and r.hi < dt.date(2023, 6, 1)
    assert D.parse_date("Apr 28, 2024") == dt.date(2024, 4, 28)
    assert D.parse_date("2024-04-28") == dt.date(2024, 4, 28)
    assert D.parse_date("28 April 2024") == dt.date(2024, 4, 28)


def test_relative_dates_stay_unresolved_without_anchor():
    assert _one("It happened on Saturday.", None) is None
    assert _one("They signed it last June.", None) is None


def test_no_false_dates():
    assert D.find_mentions("May I say this was a war since the 1950-53 Korean War.") == []
    assert D.find_mentions("as early as last year")[0].text == "last year"


def test_the_month_may_is_no_modal():
    assert not _mentions("The law passed in May after a long fight.")[0].future
    assert _mentions("The Senate may vote Wednesday on the bill.")[0].future


def test_what_someone_means_to_do_is_expected() -> None:
    """NeuS: "President Trump gave an early look Saturday at how he intends to help Republicans maintain control of
    Congress in 2018." listed 2018 as done; what is meant dates the future, and the day the intent was told stays past."""
    got = {m.text: m.future for m in _mentions("President Trump gave an early look Saturday at how he intends to help "
                                                   "Republicans maintain control of Congress in 2018.")}
    assert got == {"Saturday": False, "in 2018": True}
    assert not _mentions("In 2016, he hoped to win the state.")[0].future


def test_a_tally_between_a_past_verb_and_its_day() -> None:
    """An HTML page read as a new user: "The city council voted 7-2 on Tuesday to approve a $40 million plan to
    rebuild the harbour" was an expected Tuesday (the noun "plan to" read as a plan); the past verb dates its day
    across a tally. A word there may be a noun, and then the verb is an adjective: "the delayed vote on Tuesday will"."""
    assert not _mentions("The city council voted 7-2 on Tuesday to approve a $40 million plan to rebuild the harbour.")[0].future
    assert _mentions("The delayed vote on Tuesday will decide the plan.")[0].future


def test_a_future_that_tells_of_something_else_dates_nothing_expected() -> None:
    """Read off AllSides as:6050 (2021-05-12) and BBC business/044: "April 2022 (expected)" for prices that leapt in
    April, because "a jump that could resonate" came after it; "last year" expected because a forecast followed."""
    assert {m.text: m.future for m in _mentions("The economy grew by 1.8% last year and is forecast to see growth of "
                                                    "2.1% in 2005, the bank said.")} == {"last year": False, "in 2005": True}
    april = _mentions("Consumer prices leapt higher in April, data released on Wednesday showed, a 0.8% jump that "
                          "could resonate on Wall Street.")
    assert not any(m.future for m in april)
    assert D.resolve(april[0], dt.date(2021, 5, 12)) == D.DateRange(dt.date(2021, 4, 1), dt.date(2021, 4, 30))
    assert _mentions("The bill, which could pass in April, is popular.")[0].future  # the clause holding it
    assert _mentions("In April, the Senate could vote on the bill.")[0].future


def test_a_future_in_a_predicate_joined_on_after_the_mention_is_another_s() -> None:
    """Review, RealTime QA (CNN, Hurricane Ian): "intensified … on Thursday afternoon and is forecast to make a second
    landfall" became an expected Thursday a week ahead; "such as"/"as well as" open no clause; "expected to have a
    ruling by Friday" is expected."""
    ian = ("Hurricane Ian intensified over the Atlantic on Thursday afternoon and is forecast to make a second landfall "
           "in South Carolina on Friday.")
    assert {m.text: m.future for m in _mentions(ian)} == {"Thursday": False, "Friday": True}
    assert _mentions("The court is expected to have a ruling by Friday.")[0].future
    assert _mentions("In April the panel will vote, such as it is.")[0].future
    assert [m.future for m in _mentions("The storm weakened on Friday and will reach Ohio on Sunday.")] == [False, True]


def test_a_weekday_with_an_article_is_no_day_of_the_news_week() -> None:
    """RealTime QA (Rosalynn Carter's funeral): "On a Sunday night in 1945, Jimmy Carter…" was placed on the Sunday
    before the article; "a", "every", "that" make a weekday any such day, not this week's."""
    assert [m.kind for m in _mentions("On a Sunday night in 1945, Jimmy Carter proposed.")] == ["year"]
    assert not _mentions("The market opens every Monday.")
    assert [m.text for m in _mentions("Carter died peacefully Sunday at home.")] == ["Sunday"]
    assert [m.kind for m in _mentions("Police said that Sunday's attack killed 12 people.")] == ["weekday"]
