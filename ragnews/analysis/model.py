"""What the cross-source analysis returns.

Every finding carries the very `Sentence` objects it was read from, so the
briefing and the extractive answers cite them directly instead of looking a
sentence up again by its text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ragnews.index.evidence import Sentence

# Embeds a list of texts as unit vectors, one row each (the project's embedder).
Similarity = Callable[[list[str]], np.ndarray]
# Whether two sources are the same article or copies of one wire story (they must not confirm each other).
SameGroup = Callable[[str, str], bool]


@dataclass
class Claim:
    """One version of a figure or date, with the sentences and sources that state it."""

    value: str  # the figure or date as written, e.g. "around 14,000"
    refs: list[Sentence]
    sources: list[str]
    attribution: str | None = None  # who the source says gives it ("South Korean officials")


@dataclass
class Discrepancy:
    """Sources giving different versions of one fact; `clashes` are the versions that cannot both hold."""

    subject: str
    claims: list[Claim]
    compatible: bool
    kind: str  # "count" | "date"
    clashes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class TimelineEvent:
    """A dated event; `date` is None when the mention could not be resolved to the calendar."""

    date: dt.date | None
    date_text: str
    resolved: bool
    event: str
    refs: list[Sentence]
    precision: str = "day"  # day | month | season | year: how much of `date` the sources actually say
    expected: bool = False  # told in the future tense: planned or expected, not (yet) happened
    end: dt.date | None = None  # the last day of the interval the sources give: `date` to `end` is "2024" for "last year"


@dataclass
class QuoteItem:
    """A statement attributed to a speaker."""

    speaker: str
    role: str | None
    text: str
    ref: Sentence
    direct: bool = True  # the speaker's own words, in quotation marks; False: the article's report of what was said
    body: bool = False  # the speaker is a named body ("the Foreign Ministry"), not a person


@dataclass
class DataWarning:
    """Something untrustworthy about one input (wrong date, injected instructions, a slipped year)."""

    source: str
    kind: str
    message: str
    refs: list[Sentence] = field(default_factory=list)


@dataclass
class Analysis:
    """Everything the cross-source analysis found about one story cluster."""

    discrepancies: list[Discrepancy]
    timeline: list[TimelineEvent]
    quotes: list[QuoteItem]
    warnings: list[DataWarning]
    syndicated: list[list[str]]
    contributions: dict[str, list[Sentence]]
    news_day: str | None = None  # weekday most sources report as the day of the main news
    contribution_facts: dict[str, list[str]] = field(default_factory=dict)  # per source, the figures and names only it reports
