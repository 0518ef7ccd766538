"""Dated mentions and the story's timeline.

The dates are the English model's DATE spans (the reading), each resolved by
`text/dates.py` against its article's (possibly corrected) publication date to
a range at the precision the text states: "last year" is a year, "in March" a
month, "on Saturday" a day; no day or month is ever invented. Undated articles
resolve against a stand-in news day, so their events can still be ordered and
compared, but are not shown as resolved. Events are ordered by their range (its
first day, then its last), so "last June" lands before "on Saturday" whatever
order the articles tell them in, and a year comes before the months inside it;
the same event told by several sources is merged. The date conflicts
(dateconflicts.py) are built from the same mentions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ragnews.analysis.figures import INCREMENT, Figure, Subject, subject_lemmas
from ragnews.analysis.model import Similarity, TimelineEvent
from ragnews.analysis.textsim import event_text, similarity_fn
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text import dates as D
from ragnews.text.reading import Reader, Reading
from ragnews.text.sentences import is_prose


@dataclass
class Dated:
    """One date mention in one sentence, resolved for real (`real`) and for ordering (`virt`)."""

    source: str
    ref: Sentence
    mention: D.DateMention
    real: D.DateRange | None  # against the article's own date only; None when that cannot place it
    virt: D.DateRange  # `real`, else against the cluster's stand-in news day
    text: str  # the event the date belongs to (the sentence, or its clause when long)
    key: Subject | None  # the figure the date belongs to, if any
    reading: Reading | None = None  # what the model read in the sentence
    inferred: bool = False  # an undated article's relative date, placed by the news day of the cluster's dated sources
    now: dt.date | None = None  # the article's own now: its date, else the latest day it tells as past


def _with_now(items: list[Dated], published: dt.date | None) -> list[Dated]:
    """Each of one article's mentions with the article's now. An undated article has lived at least to the
    latest day it tells as done ("sickened 87 people between May 2014 and November 2015"), so what it says
    was to happen before then ("feared the outbreak could be linked ... by October 2014") is no longer
    expected from where it stands."""
    told = [d.virt.lo for d in items if d.mention.absolute and not d.mention.future]
    now = published or max(told, default=None)
    for d in items:
        d.now = now
    return items


def collect_dated(articles: list[ArticleText], anchors: dict[str, dt.date], news_day: int | None,
                  skip: set[Sentence], figures: list[Figure], reader: Reader) -> list[Dated]:
    """Every date the model found that dates an event, resolved (datelines, durations and baselines are skipped)."""
    cluster = _cluster_anchor(articles, anchors, news_day, skip)
    out = []
    for art in articles:
        real_anchor = anchors.get(art.source)
        refs = [r for r in art.sentences if r not in skip and not art.is_headline(r) and is_prose(r.text)]
        readings = reader.read([r.text for r in refs])
        things = subject_lemmas(readings)
        mine: list[Dated] = []
        for ref, reading in zip(refs, readings):
            for m in model_dates(reading):
                if len(ref.text.strip()) - len(m.text) < 12 or not_an_event_date(ref.text, m):
                    continue  # a dateline, a duration or a comparison baseline
                if m.anaphoric:  # "the previous year": counted from a year named before it, else nothing
                    real = _anaphoric(ref.text, m)
                    virt = real
                else:
                    real = D.resolve(m, real_anchor)
                    virt = real or D.resolve(m, cluster)
                if virt is None:
                    continue
                mine.append(Dated(art.source, ref, m, real, virt, event_text(ref.text, m.start),
                                  _date_key(ref, reading, m, figures, things), reading,
                                  inferred=real is None and bool(anchors)))
        out += _with_now(mine, real_anchor)
    return out


def model_dates(reading: Reading) -> list[D.DateMention]:
    """The date expressions of a sentence: where the model found a DATE or a TIME ("late Thursday night" is a TIME
    holding a day), what `text/dates.py` reads there.

    The model decides what is a date ("May" the month, not the verb; "29-year-old" is an age, no date);
    the resolver says what it means and how precisely (a clock time alone resolves to nothing).
    """
    spans = [(t.start, t.end) for t in reading.times]
    return [m for m in D.find_mentions(reading.text) if any(m.start < e and s < m.end for s, e in spans)]


# the edge of a stretch ("until 1 p.m. Tuesday"): no event happened then
_SINCE = re.compile(rf"\b(?:since|until|till|through|throughout)\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?{D.CLOCK}$", re.I)
# "in effect from Friday morning to Sunday morning", "between Monday and Wednesday": a span's ends
_SPAN_FROM = re.compile(r"\b(?:from|between)\s+(?:the\s+)?$", re.I)
_SPAN_TO = re.compile(r"^(?:\s+(?:morning|afternoon|evening|night))?\s+(?:to|until|till|through|and)\s", re.I)
_SPAN_END = re.compile(rf"\b(?:from|between)\s+(?:the\s+)?(?:(?:{'|'.join(d.title() for d in D.WEEKDAYS)})|"
                       r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?)(?:\s+(?:morning|afternoon|evening|"
                       r"night))?\s+(?:to|and|until|through)\s+(?:the\s+)?$")
# the point a change is measured from: "the core CPI increased 3% from the same period in 2020", "higher than the
# same month a year before", "compared with the year-earlier quarter in 2019"
_SAME_PERIOD = re.compile(r"\b(?:from|than|compared (?:with|to)|versus|over)\s+(?:the|a)\s+(?:same|year-earlier|prior|"
                          r"previous|corresponding)\s+[\w-]+\s+(?:in\s+|of\s+)?$", re.I)


def not_an_event_date(text: str, m: D.DateMention) -> bool:
    """A stretch of time ("the past year"), a comparison point ("the largest since June 2008") or a date that
    names something ("the Jan. 6 committee"): no event the sentence tells happened then."""
    before = text[:m.start]
    since = (m.get("prep") or "").lower() in {"since", "until"}  # "the fastest pace since 2008": its own preposition
    return m.duration or since or bool(_SINCE.search(before) or _SAME_PERIOD.search(before)) or _names_something(text, m)


def span_end_or_moment(text: str, m: D.DateMention) -> bool:
    """An end of a span ("in effect from Friday morning to Sunday morning") or the moment a state was measured at
    ("without power as of 3:50 p.m. Friday"): dated, but two sources' days for it are two moments, no clash."""
    before = text[:m.start]
    return bool(_SPAN_FROM.search(before) and _SPAN_TO.match(text[m.end:]) or _SPAN_END.search(before)
                or D.AS_OF.search(before))


# a date used as a name's modifier: after a determiner ("the Jan. 6 Capitol insurrection"), or, with no preposition
# before it, right before a common noun ("Pelosi says Jan. 6 panel to move ahead")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|that|its|his|her|their|our)\s+$", re.I)
_PREPOSITION_BEFORE = re.compile(r"\b(?:on|by|until|till|since|from|to|before|after|of|in|through|between|and|or|"
                                 r"as of|dated)\s*,?\s*$", re.I)
_NOUN_AFTER = re.compile(r"^\s+(?!(?:and|or|to|at|in|on|when|after|before|as|that|was|were|is|are|will|would|has|had|"
                         r"have|the|a|an|this|through|until|till|marked|saw)\b)[a-z][\w-]*\b")


def _names_something(text: str, m: D.DateMention) -> bool:
    if m.kind != "month_day":
        return False  # "an August 2, 2017 memo", "the September 11, 2001 attacks": a full date dates what it names
    before = text[:m.start]
    return bool(_DETERMINER_BEFORE.search(before) or not _PREPOSITION_BEFORE.search(before) and _NOUN_AFTER.match(text[m.end:]))


def _anaphoric(text: str, m: D.DateMention) -> D.DateRange | None:
    """"the previous year" counted from the last year named before it in the sentence."""
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text[:m.start])]
    if not years:
        return None
    y = years[-1] + (1 if (m.get("rel") or "").lower() == "the following" else -1)
    return D.DateRange(dt.date(y, 1, 1), dt.date(y, 12, 31))


def dated_similarity(dated: list[Dated], similarity: Similarity | None) -> Callable[[int, int], float]:
    """How alike two mentions' events are told, by index into `dated`."""
    # Compare wording without the date and the figures: those are what may legitimately differ.
    return similarity_fn([re.sub(r"\d[\d,.]*", " ", d.text.replace(d.mention.text, " ")) for d in dated], similarity)


def _cluster_anchor(articles: list[ArticleText], anchors: dict[str, dt.date], news_day: int | None,
                    skip: set[Sentence]) -> dt.date:
    """The news day as a date, for ordering undated articles' relative dates."""
    if anchors:
        days: Counter[dt.date] = Counter()
        for a in anchors.values():
            days[a - dt.timedelta(days=(a.weekday() - news_day) % 7) if news_day is not None else a] += 1
        return max(days, key=lambda d: (days[d], d))
    latest = None
    for art in articles:
        for ref in art.sentences:
            if ref in skip:
                continue
            for m in D.find_mentions(ref.text):
                rng = D.resolve(m, None) if m.absolute and not m.future else None
                if rng and (latest is None or rng.hi > latest):
                    latest = rng.hi
    base = (latest + dt.timedelta(days=1)) if latest else dt.date(2000, 1, 3)
    if news_day is None:
        return base
    return base + dt.timedelta(days=(news_day - base.weekday()) % 7)


def _date_key(ref: Sentence, reading: Reading, m: D.DateMention, figures: list[Figure],
              things: dict[str, str]) -> Subject | None:
    """The figure a date belongs to: a figure in the date's clause, else an increment its clause is about
    ("additional troops … joined … in early 2023")."""
    near = [f for f in figures if f.ref == ref and f.span[0] <= m.start < f.span[1]]
    if near:
        return min(near, key=lambda f: abs(f.start - m.start)).key
    holding = [c for c in reading.claims if c.start <= m.start < c.end and c.subject]
    for c in sorted(holding, key=lambda c: c.end - c.start):
        words = {w.lower() for w in (c.subject or "").split()}
        if words & INCREMENT and things.get(c.subject or ""):
            return (things[c.subject or ""], True)
    return None


# two sources' sentences on one day tell one event: `dated_similarity` scores a pair by TF-IDF, or by MiniLM cosine
# less 0.35; two sentences on one topic score 0.2-0.25 ("Bush lauded Rumsfeld Wednesday" / "Rumsfeld, who passed
# away yesterday": cosine 0.57), one event told twice from about 0.26 up (cosine 0.61)
SAME_EVENT = 0.25


def build_timeline(items: list[Dated], sim: Callable[[int, int], float]) -> list[TimelineEvent]:
    """Merge the same event told by several sources (same date range, similar wording); sort by date."""
    order = sorted(range(len(items)), key=lambda i: (items[i].virt.lo, items[i].virt.hi, i))
    groups: list[list[int]] = []
    for i in order:
        for g in groups:
            j = g[0]
            if items[j].virt == items[i].virt and items[j].source != items[i].source and sim(i, j) >= SAME_EVENT:
                g.append(i)
                break
        else:
            groups.append([i])
    events = []
    for g in groups:
        dated = [items[i] for i in g if items[i].real or items[i].inferred]
        if not dated:
            continue  # nothing dates it: an undated cluster's relative date is left out
        first = min(dated, key=lambda d: (d.real is None, _rank(d.mention.precision)))
        refs = list(dict.fromkeys(items[i].ref for i in g))
        when = first.real or first.virt
        told = items[g[0]]  # the account told earliest in reading order names the event
        events.append(TimelineEvent(when.lo, told.mention.text, first.real is not None, told.text, refs,
                                    precision=first.mention.precision, expected=_expected(first, when), end=when.hi))
    return events


def _expected(d: Dated, when: D.DateRange) -> bool:
    """Told as planned, and not over before the article's now (a plan for a day already past is history)."""
    return d.mention.future and (d.now is None or when.hi >= d.now)


def _rank(precision: str) -> int:
    return ["day", "month", "season", "year"].index(precision)
