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
import re
from collections import Counter

from ragnews.analysis.model import DataWarning
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text import dates as D
from ragnews.text.terms import STOPWORDS


def news_weekday(articles: list[ArticleText], skip: set[Sentence]) -> int | None:
    """The story's news day: the weekday most articles mention most (past tense)."""
    votes: Counter[int] = Counter()
    total: Counter[int] = Counter()
    for art in articles:
        c = Counter(D.WEEKDAYS.index(m.get("weekday").lower())  # type: ignore[union-attr]
                    for r in art.sentences if r not in skip
                    for m in D.find_mentions(r.text) if m.kind == "weekday" and not m.future)
        total.update(c)
        if c:
            votes[c.most_common(1)[0][0]] += 1
    if not votes:
        return None
    return max(votes, key=lambda w: (votes[w], total[w], -w))


def publication_anchors(articles: list[ArticleText], news_day: int | None, skip: set[Sentence]
                        ) -> tuple[dict[str, dt.date], list[DataWarning]]:
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
        evidence, fixed = _check_published(art, pub, news_day, skip)
        anchors[art.source] = fixed or pub
        if evidence:
            msg = f"stated date {pub.isoformat()} contradicts the content: " + "; ".join(evidence)
            if fixed:
                msg += f". Inferred publication date {fixed.isoformat()} (used to resolve its relative dates)"
            warnings.append(DataWarning(art.source, "date_contradiction", msg))
    return anchors, warnings


def _check_published(art: ArticleText, pub: dt.date, news_day: int | None, skip: set[Sentence]
                     ) -> tuple[list[str], dt.date | None]:
    """Evidence that the stated date is wrong, and a corrected date consistent with the content."""
    evidence, later = [], []
    mentions_day = False
    for ref in art.sentences:
        if ref in skip:
            continue
        for m in D.find_mentions(ref.text):
            if m.kind == "weekday" and not m.future and news_day is not None and \
                    D.WEEKDAYS.index(m.get("weekday").lower()) == news_day:  # type: ignore[union-attr]
                mentions_day = True
            rng = D.resolve(m, None) if m.absolute else None
            if rng and not m.future and rng.lo > pub and ref.text.strip() != m.text and _told_as_past(ref.text, m):
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


# a verb in the past tense: the auxiliaries, a regular past, and the irregular pasts news copy is told in
_PAST_VERB = re.compile(r"\b(?:was|were|had|did|said|told|took|made|came|went|met|began|won|lost|held|left|saw|gave|fell|"
                        r"rose|ran|became|found|brought|bought|sold|paid|sent|spent|built|kept|led|struck|hit|put|set|"
                        r"[a-z]{3,}ed)\b", re.I)
_BY = r"(?:by|until|before|through)"
_DEADLINE = re.compile(rf"\b{_BY}\s+(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?$", re.I)  # before the mention
_DEADLINE_IN = re.compile(rf"{_BY}\b", re.I)  # or opening it ("by 2040")
_PREPOSITIONS = {"amid", "among", "despite", "following", "per", "via", "ahead", "alongside", "toward", "towards"}


def _told_as_past(sentence: str, m: D.DateMention) -> bool:
    """The date is told as gone: a past-tense verb in its sentence, and the date neither a deadline ("ending new
    exploration by 2040") nor a year naming what follows it ("drops out of 2024 presidential race")."""
    if _DEADLINE.search(sentence[:m.start]) or _DEADLINE_IN.match(m.text) or not _PAST_VERB.search(sentence):
        return False
    words = m.text.split()
    names = words[-1].isdigit() and (len(words) == 1 or words[0].lower() in {"of", "the", "its", "a"})
    after = re.match(r"\s+([a-z]+)", sentence[m.end:])
    return not (names and after is not None and after.group(1) not in STOPWORDS and after.group(1) not in _PREPOSITIONS)


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
