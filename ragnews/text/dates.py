"""Find date expressions in news sentences and resolve them against an anchor.

News copy dates events relative to the day it was written ("on Saturday",
"last June", "earlier this year"). A mention is kept with its exact span so it
can be quoted, and resolved to a date *range* (lo, hi) because most mentions
name a month, season or year rather than a day; ranges make comparisons
("do these two sources put the event in the same year?") simple overlap tests.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ragnews.text.reading import Reading, Time

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
CALENDAR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)  # lowercased: a capitalised word that is a date, not a name

_M = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
      r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_Y = r"(?P<year>(?:19|20)\d\d)"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WD = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?P<part>early|earlier|late|later|mid|the end of|the beginning of|the start of|the middle of)"
_SEASON = r"(?P<season>spring|summer|fall|autumn|winter)"
_REL = r"(?P<rel>last|this|next|past|the previous|the following|the past)"

# Order matters: earlier patterns win overlapping spans.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mon>\d\d)-(?P<day>\d\d)(?!\d)")),
    ("full", re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}\b")),
    ("full", re.compile(rf"\b{_D}\s+{_M},?\s+{_Y}\b")),
    ("month_year", re.compile(rf"\b(?:(?:{_PART})[\s-]+)?{_M}\s+(?:of\s+)?{_Y}\b", re.I)),
    ("part_year", re.compile(rf"\b{_PART}[\s-]+{_Y}\b", re.I)),
    ("season", re.compile(rf"\b(?:(?:{_REL})\s+)?{_SEASON}(?:\s+(?:of\s+)?{_Y})?\b", re.I)),
    ("rel_month", re.compile(rf"\b{_REL}\s+{_M}\b")),
    ("rel_year", re.compile(rf"\b(?:(?<!as ){_PART}\s+(?:in\s+)?)?{_REL}\s+year\b", re.I)),
    ("month_day", re.compile(rf"\b{_M}\s+{_D}\b(?![\d:])")),
    ("year", re.compile(rf"\b(?P<prep>in|since|during|by|from|until|of)\s+(?:{_PART}\s+)?{_Y}\b(?!\s*[-–]\d)", re.I)),
    ("month", re.compile(rf"\b(?P<prep>[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id)\s+{_M}\b(?!\s+\d)")),
    ("weekday", re.compile(rf"\b(?:(?P<rel>last|next|this|earlier|late|early)\s+)?{_WD}\b")),
    ("weekend", re.compile(r"\b(?P<rel>over|during|on|at|this|last|over the|during the)\s+(?:the\s+)?weekend\b", re.I)),
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
]

_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}


@dataclass(frozen=True)
class DateMention:
    """One date expression inside a sentence (char span) and its parsed parts."""

    text: str
    start: int
    end: int
    kind: str
    fields: tuple[tuple[str, str], ...]
    future: bool = False

    def get(self, key: str) -> str | None:
        return dict(self.fields).get(key)

    @property
    def absolute(self) -> bool:
        """True when the mention needs no anchor (it names its year)."""
        return self.kind in {"iso", "full", "month_year", "part_year", "year"} or (
            self.kind == "season" and self.get("year") is not None)

    @property
    def precision(self) -> str:
        """How much the mention says: a day, a month, a season or part of a year, or a year."""
        if self.day_level:
            return "day"
        if self.kind in {"month_year", "rel_month", "month"}:
            return "month"
        if self.kind == "season" or self.get("part"):
            return "season"
        return "year"

    @property
    def duration(self) -> bool:
        """A stretch of time ("the past year", "over the past month"), not a point an event happened at."""
        return self.kind == "rel_year" and (self.get("rel") or "").lower() in {"past", "the past"}

    @property
    def anaphoric(self) -> bool:
        """"the previous year", "the following year": relative to a year the text names, not to the day of writing."""
        return self.kind == "rel_year" and (self.get("rel") or "").lower() in {"the previous", "the following"}

    @property
    def day_level(self) -> bool:
        return self.kind in {"iso", "full", "month_day", "weekday", "yesterday", "weekend"}


@dataclass(frozen=True)
class DateRange:
    lo: dt.date
    hi: dt.date

    def overlaps(self, other: DateRange) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


_ANY_SUCH_DAY = re.compile(r"\b(?:a|an|one|every|each|any|some)\s+$", re.I)


def find_mentions(sentence: str) -> list[DateMention]:
    """All date expressions in a sentence, non-overlapping, in text order."""
    return list(_mentions(sentence))


@lru_cache(maxsize=65536)
def _mentions(sentence: str) -> tuple[DateMention, ...]:
    """`find_mentions`, once per sentence: a briefing asks it of each sentence once per pair it weighs as one fact."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            fields = tuple((k, v) for k, v in m.groupdict().items() if v is not None)
            if kind == "season" and not ({"rel", "year"} & dict(fields).keys()):
                continue
            if kind == "weekday" and _ANY_SUCH_DAY.search(sentence, 0, m.start()):
                continue  # "on a Sunday night in 1945", "every Monday": no day of this week
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.group(0), m.start(), m.end(), kind, fields))
    return tuple(sorted(found, key=lambda d: d.start))


def read_mentions(reading: Reading) -> list[DateMention]:
    """The date expressions of a read sentence: where the English model found a DATE or a TIME ("late Thursday
    night" is a TIME holding a day), what `find_mentions` reads there, told as expected when the reading says the
    clause it dates is still to come (`Time.expected`: "will meet on Friday", "plans to open in March", "the trial
    begins Monday"; not "said Thursday that talks will resume").

    The model decides what is a date ("May" the month, not the verb; "29-year-old" is an age, no date) and what
    tense dates it; this module says what it means and how precisely. "last year" and "yesterday" are told as gone,
    whatever future their clause holds ("grew 2.6% last year and is forecast to see growth of 2.1% in 2005").
    A day of the week that modifies a noun to say what kind of thing it is ("the Sunday talk shows", `Time.kind_of`)
    dates nothing: an event's day is a date attached to the event in the parse ("voted on Monday", "Monday's vote",
    "his Monday speech").
    """
    out = []
    for m in find_mentions(reading.text):
        time = time_of(reading, m)
        if time is None:
            continue
        if m.kind == "weekday" and time.kind_of:
            continue  # "the Sunday talk shows": a day naming a kind of thing, no day of this week ("Monday's vote" is)
        gone = m.kind == "yesterday" or (m.get("rel") or "").lower() in {"last", "past", "the past", "the previous"}
        # a day a thing is set for or moved to ("was rescheduled for Friday", "postponed the vote to Monday") is the
        # day it is to happen, whatever the tense of the setting; not the "for" an adjective takes ("unaccounted for
        # Thursday")
        set_for = m.day_level and time.preps in (("for",), ("to",)) and time.prep_on_verb
        out.append(replace(m, future=(time.expected or set_for) and not gone))
    return out


def time_of(reading: Reading, m: DateMention) -> Time | None:
    """The model's time expression a mention lies in (the one that tells where it stands in the parse)."""
    return next((t for t in reading.times if m.start < t.end and t.start < m.end), None)


def resolve_span(sentence: str, start: int, end: int, anchor: dt.date | None) -> tuple[DateMention, DateRange] | None:
    """The date a span of `sentence` states (the English model's DATE span), resolved against `anchor`.

    The model says where a date is; the mention that overlaps its span says what it means and how precisely:
    "last year" is a year, "in March" a month, "Saturday" a day. None when no mention there resolves (a
    duration like "12 months", an age, or a relative date with no anchor).
    """
    for m in find_mentions(sentence):
        if m.start < end and start < m.end:
            rng = resolve(m, anchor)
            if rng is not None:
                return m, rng
    year = re.fullmatch(_Y, sentence[start:end].strip())
    if year:  # a year the model read as a date with no preposition before it ("In the 1977 storm, 29 people died")
        m = DateMention(year.group(0), start, end, "year", (("year", year.group(0)),))
        return m, DateRange(dt.date(int(year.group(0)), 1, 1), dt.date(int(year.group(0)), 12, 31))
    return None


def parse_date(text: str) -> dt.date | None:
    """Parse a standalone absolute date such as 'Apr 28, 2024' or '2024-04-28'."""
    for m in find_mentions(text.strip()):
        if m.kind in {"iso", "full"}:
            r = resolve(m, None)
            return r.lo if r else None
    return None


# Headers and datelines ("SEPT. 9, 2023", "Published 3 March 2025", "2025-04-28T10:00"):
# the same building blocks, any case, month-first before day-first before ISO.
_CALENDAR = [
    re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}\b", re.I),
    re.compile(rf"\b{_D}\s+{_M},?\s+{_Y}\b", re.I),
    _PATTERNS[0][1],
    # "2023/11/28", "2023.11.28": year first, so month and day are in ISO order (day-first and month-first numeric
    # dates are ambiguous and left out)
    re.compile(r"(?<![\d/.])(?P<year>(?:19|20)\d\d)([/.])(?P<mon>[01]?\d)\2(?P<day>[0-3]?\d)(?![\d/.])"),
]


def find_date(text: str) -> tuple[dt.date, str] | None:
    """The first calendar date written in `text`, with the text that stated it."""
    for pattern in _CALENDAR:
        for m in pattern.finditer(text):
            f = m.groupdict()
            month = int(f["mon"]) if f.get("mon") else _month(f["month"])
            day = _safe_date(int(f["year"]), month, int(f["day"]))
            if day is not None:
                return day, m.group(0)
    return None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _month_range(year: int, month: int) -> DateRange:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return DateRange(dt.date(year, month, 1), nxt - dt.timedelta(days=1))


def _part(rng: DateRange, part: str | None) -> DateRange:
    """Narrow a range to its early/mid/late third ('early 2023', 'late June')."""
    if not part:
        return rng
    part = part.lower()
    span = (rng.hi - rng.lo).days + 1
    third = dt.timedelta(days=span // 3)
    if part in {"early", "the beginning of", "the start of"}:
        return DateRange(rng.lo, rng.lo + third)
    if part in {"late", "the end of"}:
        return DateRange(rng.hi - third + dt.timedelta(days=1), rng.hi)
    if part in {"mid", "the middle of"}:
        return DateRange(rng.lo + third, rng.hi - third)
    return rng  # "earlier"/"later" are handled by the caller against the anchor


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve(m: DateMention, anchor: dt.date | None) -> DateRange | None:
    """Resolve a mention to a date range; relative ones need the anchor (publication date)."""
    f = dict(m.fields)
    if m.kind == "iso":
        d = _safe_date(int(f["year"]), int(f["mon"]), int(f["day"]))
        return DateRange(d, d) if d else None
    if m.kind == "full":
        d = _safe_date(int(f["year"]), _month(f["month"]), int(f["day"]))
        return DateRange(d, d) if d else None
    if m.kind == "month_year":
        return _part(_month_range(int(f["year"]), _month(f["month"])), f.get("part"))
    if m.kind in {"part_year", "year"}:
        y = int(f["year"])
        rng = _part(DateRange(dt.date(y, 1, 1), dt.date(y, 12, 31)), f.get("part"))
        if f.get("prep", "").lower() == "since" and anchor:
            return DateRange(rng.lo, max(anchor, rng.lo))
        return rng
    if m.kind == "season" and "year" in f:
        return _season(int(f["year"]), f["season"])
    if anchor is None:
        return None
    return _relative(m, f, anchor)


def _season(year: int, season: str) -> DateRange:
    a, b = _SEASONS[season.lower()]
    if a > b:  # winter spans the new year
        return DateRange(dt.date(year, a, 1), _month_range(year + 1, b).hi)
    return DateRange(dt.date(year, a, 1), _month_range(year, b).hi)


def _relative(m: DateMention, f: dict[str, str], a: dt.date) -> DateRange | None:
    rel = (f.get("rel") or "").lower()
    if m.kind == "rel_year":
        y = a.year + {"last": -1, "past": -1, "the previous": -1, "the past": -1, "next": 1, "the following": 1}.get(rel, 0)
        rng = DateRange(dt.date(y, 1, 1), dt.date(y, 12, 31))
        part = (f.get("part") or "").lower()
        if y == a.year and part == "earlier":
            return DateRange(rng.lo, a)
        if y == a.year and part == "later":
            return DateRange(a, rng.hi)
        return _part(rng, {"earlier": "early", "later": "late"}.get(part, part))
    if m.kind == "season":
        return _relative_season(f["season"], rel, a)
    if m.kind in {"rel_month", "month"}:
        return _relative_month(_month(f["month"]), rel, m.future, a)
    if m.kind == "month_day":
        return _relative_month_day(_month(f["month"]), int(f["day"]), m.future, a)
    if m.kind == "weekday":
        return _relative_weekday(WEEKDAYS.index(f["weekday"].lower()), rel, m.future, a)
    if m.kind == "weekend":
        return _relative_weekend(rel, m.future, a)
    if m.kind == "yesterday":
        d = a - dt.timedelta(days=1)
        return DateRange(d, d)
    return None


def _relative_weekend(rel: str, future: bool, a: dt.date) -> DateRange:
    """The Saturday and Sunday a weekend phrase names, from the day `a` it was written. "This weekend" is the
    current week's when still to come or begun (a Friday paper's is tomorrow; a Sunday's, yesterday and today), and
    the one just gone when a weekday's clause tells it as done ("marched through the capital this weekend" in a Monday
    paper); "last weekend" the one before it; any other ("over the weekend") the coming one in a clause still to come,
    else the latest begun. (The Saturday of a weekday's week alone had been taken, so a Friday's "as soon as this
    weekend" dated a vote a week early.)"""
    this = a + dt.timedelta(days=5 - a.weekday())  # the Saturday of a's week (Monday to Sunday)
    if rel == "this":
        sat = this if future or a.weekday() >= 5 else this - dt.timedelta(days=7)
    elif future and rel != "last":
        sat = this if a.weekday() < 6 else this + dt.timedelta(days=7)  # on a Sunday, the weekend to come is next
    elif rel == "last" or a.weekday() < 5:
        sat = this - dt.timedelta(days=7)
    else:
        sat = this
    return DateRange(sat, sat + dt.timedelta(days=1))


def _relative_season(season: str, rel: str, a: dt.date) -> DateRange:
    if rel in {"this"}:
        return _season(a.year, season)
    if rel in {"next", "the following"}:
        cand = _season(a.year, season)
        return cand if cand.lo > a else _season(a.year + 1, season)
    cand = _season(a.year, season)  # "last fall": the most recent one already over
    return cand if cand.hi < a else _season(a.year - 1, season)


def _relative_month(month: int, rel: str, future: bool, a: dt.date) -> DateRange:
    if rel == "this":
        year = a.year
    elif rel in {"next", "the following"} or (future and not rel):
        year = a.year if month >= a.month else a.year + 1
    elif rel:  # "last June": the most recent June before this month
        year = a.year if month < a.month else a.year - 1
    else:  # "in March": the most recent March, this month included
        year = a.year if month <= a.month else a.year - 1
    return _month_range(year, month)


def _relative_month_day(month: int, day: int, future: bool, a: dt.date) -> DateRange | None:
    d = _safe_date(a.year, month, day)
    if d is None:
        return None
    if future and d < a - dt.timedelta(days=7):
        d = _safe_date(a.year + 1, month, day) or d
    elif not future and d > a + dt.timedelta(days=1):
        d = _safe_date(a.year - 1, month, day) or d
    return DateRange(d, d)


def _relative_weekday(wd: int, rel: str, future: bool, a: dt.date) -> DateRange:
    if rel == "next" or (future and rel != "last"):
        d = a + dt.timedelta(days=(wd - a.weekday()) % 7 or (7 if rel == "next" else 0))
    else:
        back = (a.weekday() - wd) % 7
        d = a - dt.timedelta(days=back or (7 if rel == "last" else 0))
    return DateRange(d, d)
