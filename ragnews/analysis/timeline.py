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
from typing import Any

from ragnews.analysis.corroboration import calibration, same_fact
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
    cluster = _cluster_anchor(articles, anchors, news_day, skip, reader)
    out = []
    for art in articles:
        real_anchor = anchors.get(art.source)
        refs = [r for r in art.sentences if r not in skip and not art.is_headline(r) and is_prose(r.text)]
        readings = reader.read([r.text for r in refs])
        things = subject_lemmas(readings)
        mine: list[Dated] = []
        for ref, reading in zip(refs, readings):
            mentions = model_dates(reading)
            said = spoken_day(reading, mentions, real_anchor), spoken_day(reading, mentions, cluster)
            for m in mentions:
                if len(ref.text.strip()) - len(m.text) < 12 or not_an_event_date(reading, m):
                    continue  # a dateline, a duration or a comparison baseline
                if m.anaphoric:  # "the previous year": counted from a year named before it, else nothing
                    real = _anaphoric(ref.text, m)
                    virt = real
                elif quoted_relative(reading, m):  # the speaker's "yesterday": counted from when they spoke, if told
                    real = D.resolve(m, said[0]) if said[0] else None
                    virt = real or (D.resolve(m, said[1]) if said[1] else None)
                else:
                    real = D.resolve(m, real_anchor)
                    virt = real or D.resolve(m, cluster)
                if virt is None:
                    continue
                time = D.time_of(reading, m)
                if time is not None and time.joined and mine and mine[-1].ref == ref and \
                        ("between" in time.preps or _meets(mine[-1].virt, virt)):
                    mine[-1] = _stretched(mine[-1], real, virt)  # "Thursday and Friday": one stretch over both
                    continue
                mine.append(Dated(art.source, ref, m, real, virt, event_text(ref.text, m.start),
                                  _date_key(ref, reading, m, figures, things), reading,
                                  inferred=real is None and bool(anchors)))
        out += _with_now(mine, real_anchor)
    return out


def quoted_relative(reading: Reading, m: D.DateMention) -> bool:
    """A date counted from the day it is said ("yesterday", "on Friday", "in March": no year of its own) inside a quotation:
    the speaker's words, counted from when the speaker spoke, not from the day the article was published."""
    return not m.absolute and any(a <= m.start and m.end <= b for a, b in reading.quoted)


def spoken_day(reading: Reading, mentions: list[D.DateMention], anchor: dt.date | None) -> dt.date | None:
    """The day the sentence says its words were said ("…," the mayor told reporters on Wednesday: `Time.said`),
    resolved against `anchor`; None when it names none, or no single day."""
    for m in mentions:
        t = D.time_of(reading, m)
        if t is not None and t.said and not quoted_relative(reading, m):
            rng = D.resolve(m, anchor)
            if rng is not None and rng.lo == rng.hi:
                return rng.lo
    return None


def _meets(first: D.DateRange, second: D.DateRange) -> bool:
    """The second of two joined dates starts where the first ends or the day after ("Thursday and Friday"); two apart
    ("on Monday and Thursday") are two days, not a stretch over those between. ("Between May 2014 and November
    2015" is one stretch however far apart: `collect_dated` asks the preposition first.)"""
    return first.lo <= second.lo <= first.hi + dt.timedelta(days=1)


def _stretched(first: Dated, real: D.DateRange | None, virt: D.DateRange) -> Dated:
    """The first of two joined dates ("Thursday and Friday") widened to end where the second ends."""
    first.real = D.DateRange(first.real.lo, max(first.real.hi, real.hi)) if first.real and real else first.real
    first.virt = D.DateRange(first.virt.lo, max(first.virt.hi, virt.hi))
    return first


def model_dates(reading: Reading) -> list[D.DateMention]:
    """The date expressions of a sentence, as the reading places them (`text/dates.read_mentions`)."""
    return D.read_mentions(reading)


# a preposition that makes its date the edge of a stretch ("the fastest pace since 2008", "until 1 p.m. Tuesday",
# "throughout 2020"): no event the sentence tells happened then
STRETCH = frozenset({"since", "until", "till", "through", "throughout"})


def not_an_event_date(reading: Reading, m: D.DateMention) -> bool:
    """A stretch of time ("the past year", "since 2008"), a comparison point ("up 3% from the same period in 2020",
    "from 2005 levels", "compared with 2019"), a date that names something ("the Jan. 6 committee"), one in
    brackets or in an apposition (an aside), a question's date or a goal's target year: no event the sentence tells
    happened then. Read from the parse: the preposition nearest the date, the comparison that governs it
    (`Time.baseline`), the noun it modifies, the question mark closing its clause (`Time.question`), the tenseless
    goal it bounds (`Time.goal`), the apposition beside a name it lies in (`Time.aside`)."""
    t = D.time_of(reading, m)
    if m.duration or t is None:
        return m.duration
    if _bracketed(reading, m.start, m.end):
        return True  # an aside: a citation "(E&E News PM, Nov. 4)", a film's "(2000)", no event the clause tells
    stretch = bool(t.preps) and t.preps[0] in STRETCH
    # the point a change or comparison is measured from, as the reading found it in the parse ("from 2005 levels",
    # "compared with 2019", "from the same period in 2020" wherever the parser hangs "in 2020"); a target or deadline
    # of a plan ("halve emissions ... by 2030") stays, told as expected by the clause's modal
    baseline = t.baseline
    # a date of a day used as a noun's modifier (a full date, "an August 2, 2017 memo", still dates what it names)
    names = m.kind == "month_day" and t.modifies
    # a question asks and tells nothing ("Did she need to die yesterday?"); a goal's deadline ("pledged to cut emissions
    # in half by 2030") is a target the goal may be met before, and the pledge was made on another day
    # a date in a description set beside a name ("Dana Pell, a candidate for governor in 2024,") is the description's
    return stretch or baseline or names or t.question or t.goal or t.aside


def _bracketed(reading: Reading, start: int, end: int) -> bool:
    """The span lies inside a pair of round brackets of its sentence that hold no clause of their own (a citation,
    a film's year) and are not the whole sentence: "The strike (which began on March 3)…" and a sentence written
    wholly in brackets still tell what happened then."""
    text = reading.text
    before, after = text[:start], text[end:]
    if not (before.rfind("(") > before.rfind(")") and after.find(")") != -1 and (after.find("(") == -1 or after.find(")") < after.find("("))):
        return False
    lo, hi = before.rfind("("), end + after.find(")")
    if not text[:lo].strip() and not text[hi + 1 :].strip(" .;:!?\"”’'"):
        return False
    return not any(lo < c.start and c.end <= hi for c in reading.claims)


def span_end_or_moment(reading: Reading | None, m: D.DateMention) -> bool:
    """An end of a span ("in effect from Friday morning to Sunday morning", "between Monday and Wednesday") or the
    moment a state was measured at ("without power as of 3:50 p.m. Friday"): dated, but two sources' days for it are
    two moments, no clash."""
    t = D.time_of(reading, m) if reading is not None else None
    return t is not None and any(p in ("from", "between", "as") for p in t.preps)


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
                    skip: set[Sentence], reader: Reader) -> dt.date:
    """The news day as a date, for ordering undated articles' relative dates."""
    if anchors:
        days: Counter[dt.date] = Counter()
        for a in anchors.values():
            days[a - dt.timedelta(days=(a.weekday() - news_day) % 7) if news_day is not None else a] += 1
        return max(days, key=lambda d: (days[d], d))
    latest = None
    for art in articles:
        refs = [r for r in art.sentences if r not in skip]
        for reading in reader.read([r.text for r in refs]):
            for m in D.read_mentions(reading):
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


def same_event_fn(items: list[Dated], sim: Callable[[int, int], float], similarity: Similarity | None = None,
                  embedder: str | None = None) -> Callable[[int, int], bool]:
    """Whether two mentions (by index) tell one event: their clauses told alike (`sim` >= `SAME_EVENT`), or their
    sentences state the same fact as a key point's sources do (`corroboration.same_fact`, the embedder's calibration:
    "a defense treaty established in June 2024" and "a mutual defense treaty that they had signed in June 2024" are
    one treaty, though the first is cut to a clause of a long sentence). Sentences are embedded only when asked."""
    if similarity is None:
        return lambda i, j: sim(i, j) >= SAME_EVENT
    params = calibration(embedder)
    vectors: dict[str, Any] = {}

    def cosine(a: str, b: str) -> float:
        if not vectors:  # at the first pair asked: every sentence that has a date range in common with another source's
            sources: dict[D.DateRange, set[str]] = {}
            for d in items:
                sources.setdefault(d.virt, set()).add(d.source)
            texts = list(dict.fromkeys(d.ref.text for d in items if len(sources[d.virt]) > 1))
            vectors.update(zip(texts, similarity(texts)))  # one batch (one request to a remote embedder)
        missing = [t for t in (a, b) if t not in vectors]
        if missing:
            vectors.update(zip(missing, similarity(missing)))
        return float(vectors[a] @ vectors[b])

    def same(i: int, j: int) -> bool:
        a, b = items[i], items[j]
        if sim(i, j) >= SAME_EVENT:
            return True
        return a.reading is not None and b.reading is not None and \
            same_fact(a.reading, b.reading, cosine(a.ref.text, b.ref.text), params)

    return same


def build_timeline(items: list[Dated], same: Callable[[int, int], bool]) -> list[TimelineEvent]:
    """Merge the same event told by several sources (same date range, one event by `same_event_fn`, met through any
    source already merged); sort by date."""
    order = sorted(range(len(items)), key=lambda i: (items[i].virt.lo, items[i].virt.hi, i))
    groups: list[list[int]] = []
    for i in order:
        for g in groups:
            if any(items[j].virt == items[i].virt and items[j].source != items[i].source and same(i, j) for j in g):
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
