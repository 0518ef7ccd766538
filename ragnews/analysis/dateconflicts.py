"""Date conflicts: independent sources giving one fact different dates.

Two kinds. Day-level: two sources tell the same event (same wording of what
happened) on days whose ranges do not overlap. Year-level: a figure ("500
additional troops sent") that most sources place in one year and one source in
another; that source gets a warning, since a slipped year usually means a
stale or mis-edited copy.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable

from ragnews.analysis.figures import Subject, components, subject_text
from ragnews.analysis.model import Claim, DataWarning, Discrepancy, SameGroup
from ragnews.analysis.textsim import lower_words
from ragnews.analysis.timeline import Dated, span_end_or_moment
from ragnews.text import dates as D
from ragnews.text.reading import SAYING


def date_conflicts(items: list[Dated], sim: Callable[[int, int], float], same_group: SameGroup
                   ) -> tuple[list[Discrepancy], list[DataWarning]]:
    """Same fact, different date: day-level by wording, year-level by the figure it belongs to."""
    discs, warns = _year_conflicts(items)
    return _day_conflicts(items, sim, same_group) + discs, warns


def _day_conflicts(items: list[Dated], sim: Callable[[int, int], float], same_group: SameGroup) -> list[Discrepancy]:
    """Pairs of day-dated mentions from independent sources telling one event on non-overlapping days."""
    pairs: list[tuple[int, int]] = []
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if same_group(a.source, b.source) or a.virt.overlaps(b.virt):
                continue
            if a.mention.future or b.mention.future or _reporting(a) or _reporting(b) or _same_weekday(a, b):
                continue  # a plan is not an event, and the day someone spoke dates the statement, not the news
            if span_end_or_moment(a.reading, a.mention) or span_end_or_moment(b.reading, b.mention):
                continue
            if b.mention.text in a.ref.text or a.mention.text in b.ref.text:
                continue  # one sentence gives both days ("passed on Tuesday ... a shutdown Thursday"; "On Oct. 2, for
                # the first time since the strike began July 14, … resumed"): two things, and the other's day agrees
            if _different_figures(a, b) or _different_places(a, b):
                continue  # "a toll of 63 on Friday", "at least 143 on Saturday": two reports, each on its day;
                # "bombings in Damascus" on Saturday, "a car bomb in Aleppo" on Sunday: two events
            if a.mention.day_level and b.mention.day_level and _same_event(a.text, b.text, sim(i, j)):
                pairs.append((i, j))
    return [_date_disc(_short_subject(items[g[0]].text), [items[k] for k in g]) for g in components(pairs)]


def _year_conflicts(items: list[Dated]) -> tuple[list[Discrepancy], list[DataWarning]]:
    """Per figure, the sources whose year disagrees with the year most sources give it."""
    by_key: dict[Subject, list[Dated]] = defaultdict(list)
    for d in items:
        if d.key and d.key[0] and not d.mention.day_level:  # a figure with no noun ("$1.9 million") names no one thing
            by_key[d.key].append(d)
    discs: list[Discrepancy] = []
    warns: list[DataWarning] = []
    for key, every in by_key.items():
        # a sentence giving the figure two years ("down 50 percent since 2008 and 78 percent since 2000") dates two things
        told: dict[str, set[str]] = defaultdict(set)
        for d in every:
            told[d.ref.text].add(d.mention.text)
        group = [d for d in every if len(told[d.ref.text]) == 1]
        years = {d.source: (d.virt.lo.year, d.virt.hi.year) for d in group}
        if len(years) < 2:
            continue
        major, n = Counter(years.values()).most_common(1)[0]
        odd = [d for d in group if not (d.virt.lo.year <= major[1] and major[0] <= d.virt.hi.year)]
        # a slipped year repeats the figure; another figure in another year is another event
        odd = [d for d in odd if not all(_different_figures(d, g) for g in group if g not in odd)]
        if not odd or n < 2:
            continue
        subject = subject_text(key, group[0].ref.text)
        discs.append(_date_disc(f"when {subject}", group))
        others = sorted({g.source for g in group if g not in odd})
        for d in odd:
            warns.append(DataWarning(d.source, "figure_year_mismatch",
                                     f"'{d.mention.text}' dates the {subject} to {d.virt.lo.year}, but "
                                     f"{', '.join(others)} place it in {major[0]}", [d.ref]))
    return discs, warns


def _figures(d: Dated) -> list[tuple[float, float]]:
    """The intervals of the figures the model read in the date's event text."""
    return [(q.low, q.high) for q in (d.reading.quantities if d.reading else ()) if q.text in d.text]


def _different_figures(a: Dated, b: Dated) -> bool:
    """Both clauses give figures and no figure of one agrees with a figure of the other."""
    qa, qb = _figures(a), _figures(b)
    return bool(qa and qb) and not any(x[0] <= y[1] and y[0] <= x[1] for x in qa for y in qb)


def _places(d: Dated) -> set[str]:
    return {e.key for e in (d.reading.entities if d.reading else ()) if e.label in ("GPE", "LOC", "FAC") and e.text in d.text}


def _different_places(a: Dated, b: Dated) -> bool:
    """Both sentences say where, and no place is the same: one event happens in one place."""
    pa, pb = _places(a), _places(b)
    return bool(pa and pb) and not (pa & pb)


def _same_weekday(a: Dated, b: Dated) -> bool:
    """"Sunday" and "17 April 2016" (a Sunday) agree, whatever day an undated article's Sunday was guessed to be."""
    for x, y in ((a, b), (b, a)):
        wd = x.mention.get("weekday") if x.mention.kind == "weekday" else None
        if wd and y.mention.kind != "weekday" and y.mention.day_level and y.virt.lo == y.virt.hi and \
                y.virt.lo.weekday() == D.WEEKDAYS.index(wd.lower()):
            return True
    return False


def _reporting(d: Dated) -> bool:
    """The date belongs to a statement ("X said Wednesday"), not to the event the statement is about: the innermost
    clause holding it is a verb of saying's."""
    if d.reading is None:
        return False
    clause = d.reading.innermost(d.mention.start, d.mention.start + 1)
    return clause is not None and clause.predicate in SAYING


def _short_subject(text: str, words: int = 10) -> str:
    """A discrepancy's subject names the event in a few words, not a whole sentence."""
    parts = text.strip("…").rstrip(".").split()  # a clause shown as cut ("…one of them was…") names it the same
    return "date of: " + " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _same_event(a: str, b: str, score: float) -> bool:
    """Two day-dated clauses tell the same event: they share what happened, not just who."""
    wa, wb = lower_words(a), lower_words(b)
    shared = len(wa & wb)
    # MiniLM puts any two on-topic news sentences above 0.25; only a close match is the same event
    return shared >= 3 and (shared / max(1, min(len(wa), len(wb))) >= 0.5 or score >= 0.6)


def _date_disc(subject: str, group: list[Dated]) -> Discrepancy:
    """One claim per distinct date range; every pair of ranges clashes."""
    by_range: dict[tuple[dt.date, dt.date], list[Dated]] = defaultdict(list)
    for d in group:
        by_range[(d.virt.lo, d.virt.hi)].append(d)
    claims = [Claim(ds[0].mention.text, list(dict.fromkeys(d.ref for d in ds)),
                    list(dict.fromkeys(d.source for d in ds))) for ds in by_range.values()]
    clashes = [(claims[i].value, claims[j].value) for i in range(len(claims)) for j in range(i + 1, len(claims))]
    return Discrepancy(subject, claims, False, "date", clashes)
