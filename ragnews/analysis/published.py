"""Publication dates: the story's news day, and stated dates the content contradicts.

Relative dates ("on Monday", "last June") are resolved against an article's
publication date, so a wrong stated date misplaces every event it reports.
An article that talks in the past tense about a date after its own stated
date, or that reports the story's news day but is dated days away from it,
is flagged, and a corrected date (the stated one a year or two off) is used
to resolve its relative dates instead.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ragnews.analysis.model import DataWarning
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text import dates as D
from ragnews.text.reading import Reader, Reading


def read_sentences(articles: list[ArticleText], skip: set[Sentence], reader: Reader) -> dict[Sentence, Reading]:
    """Each sentence's reading, for the date checks below: its dates are what `D.read_mentions` finds in the model's
    DATE spans, told as expected, past or neither by the parse of their clause."""
    refs = [r for art in articles for r in art.sentences if r not in skip]
    return dict(zip(refs, reader.read([r.text for r in refs])))


def news_weekday(articles: list[ArticleText], skip: set[Sentence], read: dict[Sentence, Reading]) -> int | None:
    """The story's news day: the weekday most articles mention most (past tense)."""
    votes: Counter[int] = Counter()
    total: Counter[int] = Counter()
    for art in articles:
        c = Counter(D.WEEKDAYS.index(m.get("weekday").lower())  # type: ignore[union-attr]
                    for r in art.sentences if r not in skip
                    for m in _mentions(read, r) if m.kind == "weekday" and not m.future)
        total.update(c)
        if c:
            votes[c.most_common(1)[0][0]] += 1
    if not votes:
        return None
    return max(votes, key=lambda w: (votes[w], total[w], -w))


def publication_anchors(articles: list[ArticleText], news_day: int | None, skip: set[Sentence],
                        read: dict[Sentence, Reading]) -> tuple[dict[str, dt.date], list[DataWarning]]:
    """Per source, the date its relative dates resolve against; warnings for missing or contradicted dates."""
    anchors: dict[str, dt.date] = {}
    warnings: list[DataWarning] = []
    undated = [a.source for a in articles if a.published_date is None]
    if undated and len(undated) == len(articles):
        # one note for the corpus, not the same warning on every source
        warnings.append(DataWarning("every source", "missing_date", "no source has a publication date, so relative "
                                    "dates (\"on Monday\", \"last June\") cannot be placed on the calendar"))
    else:
        warnings += [DataWarning(s, "missing_date", "no publication date; its relative dates are placed by the news day "
                                 "of the dated sources") for s in undated]
    for art in articles:
        pub = art.published_date
        if pub is None:
            continue
        evidence, fixed = _check_published(art, pub, news_day, skip, read)
        anchors[art.source] = fixed or pub
        if evidence:
            msg = f"stated date {pub.isoformat()} contradicts the content: " + "; ".join(evidence)
            if fixed:
                msg += f". Inferred publication date {fixed.isoformat()} (used to resolve its relative dates)"
            warnings.append(DataWarning(art.source, "date_contradiction", msg))
    return anchors, warnings


def _check_published(art: ArticleText, pub: dt.date, news_day: int | None, skip: set[Sentence],
                     read: dict[Sentence, Reading]) -> tuple[list[str], dt.date | None]:
    """Evidence that the stated date is wrong, and a corrected date consistent with the content."""
    evidence, later = [], []
    mentions_day = False
    for ref in art.sentences:
        if ref in skip:
            continue
        for m in _mentions(read, ref):
            if m.kind == "weekday" and not m.future and news_day is not None and \
                    D.WEEKDAYS.index(m.get("weekday").lower()) == news_day:  # type: ignore[union-attr]
                mentions_day = True
            rng = D.resolve(m, None) if m.absolute else None
            if rng and not m.future and rng.lo > pub and ref.text.strip() != m.text and _told_as_past(read[ref], m):
                evidence.append(f"it refers to '{m.text}' in the past tense, after its stated date {pub.isoformat()}")
                later.append(rng.lo)
    if mentions_day and news_day is not None and (pub.weekday() - news_day) % 7 > 2:
        evidence.append(f"it reports {D.WEEKDAYS[news_day].title()} as the news day but {pub.isoformat()} "
                        f"is a {D.WEEKDAYS[pub.weekday()].title()}")
    if not evidence:
        return [], None
    if not later:  # only the weekday disagrees: a wrong weekday is no reason to move a date by years
        return evidence, None
    return evidence, _corrected(pub, later, news_day if mentions_day else None)


def _mentions(read: dict[Sentence, Reading], ref: Sentence) -> list[D.DateMention]:
    reading = read.get(ref)
    return D.read_mentions(reading) if reading is not None else []


# prepositions that make a date a deadline or the end of a stretch ("ending new exploration by 2040", "until 2030"):
# nothing told as done happened then
DEADLINE = frozenset({"by", "until", "before", "through"})


def _told_as_past(reading: Reading, m: D.DateMention) -> bool:
    """The date is told as gone: the verb it dates is in a past or perfect tense (the parse's, `Time.past`), and the
    date is neither a deadline ("ending new exploration by 2040") nor a modifier naming what follows it ("drops out
    of 2024 presidential race")."""
    t = D.time_of(reading, m)
    return t is not None and t.past and not t.modifies and not (t.preps and t.preps[0] in DEADLINE)


def _corrected(pub: dt.date, later: list[dt.date], news_day: int | None) -> dt.date | None:
    """The stated date a year or two off that is after every past-tense date and falls on the news day."""
    for dy in (1, -1, 2, -2):
        cand = _safe_replace(pub, pub.year + dy)
        if cand is None or any(lo > cand for lo in later):
            continue
        if news_day is not None and cand.weekday() != news_day:
            continue
        return cand
    return None


def _safe_replace(d: dt.date, year: int) -> dt.date | None:
    try:
        return d.replace(year=year)
    except ValueError:
        return None
