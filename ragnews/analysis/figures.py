"""Where sources differ on a figure: the claims of one slot, compared on the English model's reading.

A figure is what the reading (`text/reading.py`) found in a sentence: a value and the interval it
allows (news rounds; "about", "more than" widen or open it), its unit, the noun it counts and the
verb it is a figure of, all from the parse. Years, clock times, ages and ranks are never figures:
the model types them DATE, TIME or ORDINAL, not quantities.

Two decisions, each one function with its parameters beside it:

- `same_slot`: two figures from independent sources telling one story are figures of one thing —
  the same counted noun (or one the embedder puts as close as "troop" and "soldier"), the same unit,
  neither of them a property that says which things are meant ("companies with 100 employees"),
  the same event (the same verb, or clauses told alike), periods that overlap, places that meet —
  and the clauses that hold them tell the same thing (cosine of the clauses, figures masked, at least
  the threshold calibrated for the embedder in use).
- `clash`: two figures of one slot clash when their intervals cannot both hold, and no single source
  states both values (a source giving both shows the slot names two things).

A vote's tally ("220-to-190") is one figure with both counts, exact; it meets only another tally. The earlier
figure of a comparison ("down from 943,000 jobs added in July") is a figure only when its own phrase dates it,
and then of that period alone: it meets figures told of that period, never the undated current one.

A difference is shown with only the values that clash, each with its sources and who they say gives
it; values that agree with each other ("around 14,000" and "14,000") are one version, never two
sides of a row.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ragnews.analysis.model import Claim, Discrepancy, SameGroup, Similarity
from ragnews.analysis.textsim import Tfidf
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text import dates as D
from ragnews.text.reading import RANGE_JOINS, SCALES, Quantity, Reader, Reading, speakers
from ragnews.text.reading import Claim as Clause

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlotCalibration:
    """Where one embedder's cosines say "one thing" (each measured on the labelled dev set, benchmarks/README.md).

    counted: two counted nouns at least this close count one thing ("troop"/"soldier" 0.74, "home"/"house" 0.80
        with MiniLM; "job"/"worker" 0.61 and "child"/"adult" 0.52 do not).
    clause: two clauses (figures masked) at least this close tell of one quantity.
    other_event: ... and at least this close when the figures' verbs differ ("sent" / "dispatched": verbs'
        own cosines are no guide, "send"/"dispatch" 0.24 and "rise"/"fall" 0.53).
    """

    counted: float
    clause: float
    other_event: float


# Keyed by the embedder's name; "tfidf" when the analysis has no embedder (clauses compared by TF-IDF, nouns by lemma).
CALIBRATION: dict[str, SlotCalibration] = {
    "all-MiniLM-L6-v2-int8": SlotCalibration(counted=0.70, clause=0.50, other_event=0.60),
    "tfidf": SlotCalibration(counted=1.0, clause=0.0, other_event=0.05),
}
DEFAULT_CALIBRATION = CALIBRATION["all-MiniLM-L6-v2-int8"]  # an embedder not measured yet: MiniLM's, the closest known
# Prepositions that make the figure after them a point of comparison ("up from 9", "more than last year's 12") or a
# margin ("up by 17,703 votes"), not the level the claim states: a closed class of English grammar.
COMPARISON = frozenset({"from", "than", "versus", "vs", "vs.", "since", "by"})
KIND_RATIO = 2.0  # two amounts met only by their kind are one thing within this factor of each other (`_one_kind`)
# Words that make a count an increment, not a total ("3,000 additional troops", "another 500"): a closed class.
INCREMENT = frozenset({"additional", "more", "extra", "further", "another", "new", "fresh", "other"})
# Verbs whose object is a part of their subject ("the bill includes $550 billion in new spending"): a closed class.
CONTAINING = frozenset({"include", "contain", "comprise"})


Subject = tuple[str, bool]  # what a figure counts, and whether it is an increment or a part


def subject_text(key: Subject, text: str = "") -> str:
    """A readable subject, in the words of `text` when it has them: "additional troops"."""
    return ("additional " if key[1] else "") + (_as_written(text, key[0]).lower() if text else key[0])


@dataclass(frozen=True)
class Figure:
    """One figure one source states, with what the reading says it is a figure of."""

    source: str
    ref: Sentence
    value: str  # as written: "around 14,000", "10,000-12,000"
    low: float
    high: float
    unit: str | None
    counted: str | None  # the lemma of what is counted ("troop"), or, for an amount, of what it is the amount of
    event: str | None  # the lemma of the verb it is a figure of
    events: frozenset[str]  # ... with the verbs coordinated with it ("killed or wounded": kill, wound)
    actor: frozenset[str]  # the entity keys of its clause's subject, when the figure is not in the subject itself
    clause: str  # the clause holding it, figures masked: what the figure is about
    speaker: str | None = None  # who the source says gives it
    period: D.DateRange | None = None  # a date the clause gives it ("in June", "last year"), resolved
    dated: bool = False  # ... and that date names its year ("in 1977", "June 2024"), needing no anchor
    places: frozenset[str] = frozenset()  # the places its clause names (entity keys)
    part: bool = False  # an increment or a part of another figure ("3,000 additional troops", "including 3,000")
    published: dt.date | None = None  # the day its article says it was published
    start: int = 0  # where the figure is in its sentence
    span: tuple[int, int] = (0, 0)  # the clause holding it
    described: str | None = None  # the noun its "with" phrase describes ("companies with 100 employees"): which, not how many
    kind: tuple[str, ...] = ()  # the nouns compounded onto what it counts: the kind of thing ("infrastructure" bill)
    against: float | None = None  # a vote's tally: the votes against (the figure itself is the votes for)
    baseline: bool = False  # a point of comparison dated in its own phrase ("down from 943,000 jobs added in July")

    @property
    def key(self) -> Subject:
        return (self.counted or "", self.part)

    def compatible(self, other: Figure) -> bool:
        """Both can hold: the intervals overlap, and two tallies of a vote give the same votes against too."""
        return self.low <= other.high and other.low <= self.high and \
            (self.against is None or other.against is None or self.against == other.against)


def read_figures(articles: Sequence[ArticleText], reader: Reader, skip: set[Sentence],
                 anchors: Mapping[str, dt.date]) -> list[Figure]:
    """The figures every article states as fact, outside `skip` (posts, captions, injected text, fragments)."""
    out: list[Figure] = []
    for art in articles:
        refs = list(art.sentences)
        readings = reader.read([r.text for r in refs])
        said = speakers(readings)
        things = subject_lemmas(readings)
        for ref, reading, attribution in zip(refs, readings, said):
            if ref in skip or ref.text.rstrip().endswith("?"):
                continue
            speaker = attribution.speaker if attribution is not None else None
            out += [replace(f, published=art.published_date)
                    for f in _figures(ref, art.source, reading, speaker, things, anchors.get(art.source))]
    log.debug("%d figures in %d articles", len(out), len(articles))
    return out


def subject_lemmas(readings: Sequence[Reading]) -> dict[str, str]:
    """The head lemma of each clause's subject, as the reading parsed it: what owns an amount ("The bill will cost
    $1.2 trillion"), what an increment is of ("additional troops … joined")."""
    return {c.subject: c.subject_head for r in readings for c in r.claims if c.subject and c.subject_head}


def _figures(ref: Sentence, source: str, r: Reading, speaker: str | None, things: Mapping[str, str],
             anchor: dt.date | None) -> list[Figure]:
    out: list[Figure] = []
    stated = _stated(r)
    baselines = [q.start for q in stated if _baseline(r.text[: q.start])]
    for q in stated:
        before = r.text[: q.start].split()
        point = _baseline(r.text[: q.start])
        own = _own_period(r, q, anchor) if point and q.compared_end else None
        if point and own is None or q.relative:
            continue  # a point of comparison, not the claim ("up from 9", "higher than the 3.8%", "two feet lower")
        claim = r.innermost(q.start, q.start + 1)  # the clause the figure's first character is in
        if claim is not None and (claim.modality != "asserted" and not _names_size(q) or claim.negated or claim.frame == "denied"):
            continue  # expected, possible or denied: no one states it as fact
        counted, part = _counted(r, q, claim, before, things, out)
        if counted is None and q.unit is None or counted in D.CALENDAR_WORDS:
            continue  # a bare number counts nothing the reading can name: too little to compare; "May 9" is a day
        lo, hi = (claim.start, claim.end) if claim is not None else (0, len(r.text))
        clause = re.sub(r"\d[\d,.]*", "#", r.text[lo:hi])
        # a point of comparison with a date of its own ("down from 943,000 jobs added in July") states the earlier
        # period's figure: a claim about July, never a rival of the figure it is compared with
        period = own if own is not None else _period(r, lo, hi, anchor, q.start, baselines)
        places = frozenset(k for e in r.entities if e.label in ("GPE", "LOC", "FAC") and lo <= e.start < hi for k in e.keys)
        events = _events(r, q, claim, lo, hi)
        actor = frozenset(claim.subject_keys) if claim is not None and claim.subject and q.text not in claim.subject else frozenset()
        out.append(Figure(source, ref, q.text, q.low, q.high, q.unit, counted, q.event, events, actor, clause, speaker,
                          period[1] if period else None, period is not None and period[0].absolute, places, part,
                          start=q.start, span=(lo, hi), described=q.described, kind=q.kind, against=q.against,
                          baseline=own is not None))
    return out


def _names_size(q: Quantity) -> bool:
    """An amount that a phrase referring to its thing names it by ("will vote against the $1.2 trillion package", "a vote
    on a $1 trillion bill"): the size is stated as fact whatever the clause says will or may happen to the thing. Not a
    percentage ("expected a 0.5% gain" is a forecast), nor a count ("will send the 3,000 troops" is what will happen)."""
    return q.named and q.unit not in (None, "%") and q.counted is not None and q.counted != q.unit


def _own_period(r: Reading, q: Quantity, anchor: dt.date | None) -> tuple[D.DateMention, D.DateRange] | None:
    """The date inside a point of comparison's own phrase, after the figure ("from 943,000 jobs added in July", "up
    from 5.4% in July"): the period the earlier figure is of. None when its phrase names none ("up from 9")."""
    inside = [t for t in r.times if q.end <= t.start < q.compared_end and not t.kind_of]
    return next((p for t in inside[:1] for p in [D.resolve_span(r.text, t.start, t.end, anchor)] if p is not None), None)


def _baseline(before: str) -> bool:
    """The figure after this text is a point of comparison ("up from 9", "higher than the 3.8%"), not a claim."""
    near = [w.lower() for w in before.split()[-2:] if w.lower() not in ("the", "a", "an")]
    return bool(near) and near[-1] in COMPARISON


def _counted(r: Reading, q: Quantity, claim: Clause | None, before: list[str], things: Mapping[str, str],
             earlier: list[Figure]) -> tuple[str | None, bool]:
    """What a figure counts or measures, and whether it is an increment or a part of another count."""
    counted, part = q.counted, bool(before) and before[-1].lower() in INCREMENT
    if counted is not None and counted == q.unit or counted in ("percent", "%"):
        counted = _noun_after(r, q.end)  # "a 12% increase": what the percentage is of
    # an amount is the amount of its clause's subject ("The bill will cost $1.2 trillion"); a percentage only of the
    # noun it qualifies ("a 12% increase"): "the battery drained 20%" and "fell to 5%" say a change or a level of
    # what, the subject does not
    if counted is None and q.unit not in (None, "%") and claim is not None and claim.subject and claim.predicate == q.event:
        counted = things.get(claim.subject)
        part = part or q.event in CONTAINING
    if counted is None and q.unit is None and earlier and earlier[-1].counted and earlier[-1].unit is None:
        return earlier[-1].counted, True  # "14,000 troops, including 3,000 dispatched…": a part of the count
    if q.counted is not None:
        part = part or bool(INCREMENT & set(_between(r.text, q.end, q.counted)))
    return counted, part


def _period(r: Reading, lo: int, hi: int, anchor: dt.date | None, at: int = 0,
            others: Sequence[int] = ()) -> tuple[D.DateMention, D.DateRange] | None:
    """The figure's date: a date its clause gives, else the sentence's only one ("On April 24, … reported killing 25");
    a TIME span counts when it holds a day ("as of 6 p.m. Thursday"). A date with another figure (`others`, where the
    points of comparison start) between it and this one (at `at`) is that point's ("188,829 were encountered, an
    increase from the 180,034 encountered in May": May is the 180,034's)."""
    dates = list(r.times)
    own = [t for t in dates if lo <= t.start < hi] or (dates if len(dates) == 1 else [])
    own = [t for t in own if not any(min(at, t.start) < o < max(at, t.start) for o in others)]
    return next((p for t in own for p in [D.resolve_span(r.text, t.start, t.end, anchor)] if p is not None), None)


def _events(r: Reading, q: Quantity, claim: Clause | None, lo: int, hi: int) -> frozenset[str]:
    """What happened to what the figure counts: the noun of an event it is "of", else its verb with the verbs
    coordinated on the same subject ("had been killed or wounded": kill, wound)."""
    nominal = _nominal_event(r, q.start)
    if nominal:
        return frozenset({nominal})
    if not q.event:
        return frozenset()
    if claim is None or not claim.subject or claim.predicate != q.event:
        return frozenset({q.event})
    return frozenset({q.event}) | frozenset(c.predicate for c in r.claims
                                            if c.subject == claim.subject and lo <= c.start and c.end <= hi)


def _nominal_event(r: Reading, start: int) -> str | None:
    """The noun of an event the figure is "of" ("the evacuation of about 70 homes"): the happening is the noun's, not
    the verb's the phrase hangs on ("causing … the evacuation of about 70 homes")."""
    m = re.search(r"\b([a-z]{4,})\s+of\s+(?:\S+\s+){0,2}$", r.text[:start])
    return m.group(1) if m and m.group(1) in r.lemmas and m.group(1).endswith(("ion", "ment", "ing", "ure")) else None


def _noun_after(r: Reading, end: int) -> str | None:
    """The content word right after a figure, when the reading has it as a lemma ("increase" of "12% increase")."""
    m = re.match(r"\s*([a-z]+)\b", r.text[end:])
    return m.group(1) if m and m.group(1) in r.lemmas else None


def _between(text: str, end: int, lemma: str) -> list[str]:
    """The words between a figure and the noun it counts ("additional" of "3,000 additional troops")."""
    m = re.search(rf"\b{re.escape(lemma[:4])}", text[end : end + 80], re.I)
    return text[end : end + m.start()].lower().split() if m else []


def _stated(r: Reading) -> list[Quantity]:
    """The reading's figures (a range is one: "10,000-12,000"), less two joined by a dash or "to" that fall: a score
    or a record ("won 69-30", "going 664–611"), no figure of anything. A vote's tally is read whole by the reading;
    a fall from a point of comparison ("fell from 12 to 10") keeps its level."""
    qs = sorted((_glued(r.text, q) for q in r.quantities), key=lambda q: q.start)
    falling = {i for i in range(len(qs) - 1) if qs[i].against is None and qs[i + 1].against is None
               and r.text[qs[i].end : qs[i + 1].start].strip() in RANGE_JOINS and qs[i + 1].value < qs[i].value
               and not _baseline(r.text[: qs[i].start])}
    return [q for i, q in enumerate(qs) if i not in falling and i - 1 not in falling]


def _glued(text: str, q: Quantity) -> Quantity:
    """A scale glued on after the figure that the reading left out ("$1T": a trillion dollars, not one)."""
    m = re.match(r"([A-Za-z]{1,2})\b", text[q.end :])
    scale = {"t": 1e12, **SCALES}.get(m.group(1).lower()) if m and q.unit else None
    if scale is None or q.value >= scale:
        return q
    return replace(q, text=text[q.start : q.end + m.end()], end=q.end + m.end(), value=q.value * scale,  # type: ignore[union-attr]
                   low=q.low * scale, high=q.high * scale)


Meaning = Callable[[Figure, Figure], float]


def clause_meaning(figures: Sequence[Figure], similarity: Similarity | None) -> Meaning:
    """How alike two figures' clauses are: the embedder's cosine, or TF-IDF without one."""
    index = {id(f): i for i, f in enumerate(figures)}
    texts = [f.clause for f in figures]
    if similarity is None or not figures:
        tfidf = Tfidf(texts)
        return lambda a, b: tfidf.sim(index[id(a)], index[id(b)])
    vecs: list[np.ndarray] = []  # embedded at the first comparison that gets this far (most pairs stop before)

    def meaning(a: Figure, b: Figure) -> float:
        if not vecs:
            vecs.append(np.asarray(similarity(texts), dtype=float))
        return float(vecs[0][index[id(a)]] @ vecs[0][index[id(b)]])

    return meaning


def word_meaning(figures: Sequence[Figure], similarity: Similarity | None) -> Callable[[str, str], float]:
    """How alike two counted nouns are: the embedder's cosine (1 for one lemma, 0 for two without an embedder)."""
    words = sorted({f.counted for f in figures if f.counted})
    if similarity is None or not words:
        return lambda a, b: 1.0 if a == b else 0.0
    vecs = dict(zip(words, np.asarray(similarity(words), dtype=float)))
    named = {f.counted for f in figures if f.counted and _as_written(f.ref.text, f.counted)[:1].isupper()}
    # a name counted ("19 Republicans", "50 Democrats") is one thing by its name only: its cosine says "alike", not "one"
    return lambda a, b: 1.0 if a == b else 0.0 if a in named or b in named else float(vecs[a] @ vecs[b])


def calibration(embedder: str | None) -> SlotCalibration:
    return CALIBRATION["tfidf"] if embedder is None else CALIBRATION.get(embedder, DEFAULT_CALIBRATION)


def same_slot(a: Figure, b: Figure, meaning: Meaning, words: Callable[[str, str], float], cal: SlotCalibration,
              present: int | None = None) -> bool:
    """Two figures are figures of one thing: see the module's docstring. Whether they agree is `clash`'s business.

    `present` is the story's own year: a figure its clause dates to an earlier year it names is history ("the 1977
    blizzard killed 29"), not a rival of the story's undated figure ("last fall" is the story's own recent past)."""
    if not _one_measure(a, b, words, cal):
        return False
    if a.period is not None and b.period is not None and not a.period.overlaps(b.period):
        return False  # figures for June are not figures for May
    if (a.baseline or b.baseline) and (a.period is None or b.period is None):
        return False  # the earlier figure of a comparison meets only another figure told of its period
    if a.unit is None and a.period is None and b.period is None and a.published and b.published and a.published != b.published:
        return False  # a count told in reports of two days is two days' counts: a toll grows, a tally moves
    dated = a if a.period is not None and b.period is None else b if b.period is not None and a.period is None else None
    if present is not None and dated is not None and dated.dated and dated.period.hi.year < present:  # type: ignore[union-attr]
        return False
    if a.places and b.places and not _places_meet(a.places, b.places):
        return False  # "350 flights at O'Hare" and "600 at Midway"
    # an amount or a rate measures its thing whatever verb the phrase hangs on ("passed the $1 trillion bill"); a
    # count counts things something happened to, and the two figures must tell the same happening
    one_event = _same_events(a.events, b.events) or a.unit is not None
    if a.against is not None and a.actor and b.actor and not a.actor & b.actor:
        return False  # "the House voted 228-206", "the Senate voted 50-49": two bodies' votes
    if not one_event and not a.actor & b.actor:
        return False  # two things done to them ("sent" / "killed"), or one of them by an actor the other does not name
    score = meaning(a, b)
    need = cal.clause if one_event else cal.other_event
    log.debug("slot %r/%r: %s/%s %.2f (need %.2f)", a.value, b.value, sorted(a.events), sorted(b.events), score, need)
    return score >= need


def _same_events(a: frozenset[str], b: frozenset[str]) -> bool:
    """One happening told with the same verbs, or a verb and its noun ("evacuate", "evacuation"; "deploy", "deployment")."""
    def meets(x: str, y: str) -> bool:
        x, y = x.rstrip("e"), y.rstrip("e")
        return x == y or len(min(x, y, key=len)) >= 4 and (x.startswith(y) or y.startswith(x))

    return bool(a) and all(any(meets(x, y) for y in b) for x in a) and all(any(meets(y, x) for x in a) for y in b)


def _places_meet(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two clauses' places are one: a shared key, or one name inside the other ("Philadelphia", "South Philadelphia")."""
    return any(set(x.split()) <= set(y.split()) or set(y.split()) <= set(x.split()) for x in a for y in b)


def clash(a: Figure, b: Figure, figures: Sequence[Figure], same_group: SameGroup) -> bool:
    """Two figures of one slot cannot both hold: disjoint intervals, and no one source states both values."""
    if a.compatible(b):
        return False
    def alike(x: Figure) -> bool:  # an amount of any thing, a count of the same thing
        return x.unit == a.unit and (a.unit is not None or x.counted == a.counted)

    stated = [x for x in figures if not x.baseline]  # an earlier period's figure is no second value for this one
    for x in stated:
        if alike(x) and x.compatible(a) and not x.compatible(b) and any(
                alike(y) and same_group(x.source, y.source) and y.compatible(b) and not y.compatible(a) for y in stated):
            return False  # one source gives both: the slot names two things ("$1.2 trillion" bill, "$3.5 trillion" plan)
    return True


def figure_discrepancies(figures: list[Figure], same_group: SameGroup, similarity: Similarity | None,
                         comparable: Callable[[str, str], bool], embedder: str | None = None,
                         present: int | None = None) -> list[Discrepancy]:
    """Differences between independent sources' figures of one slot, each showing only the values that clash."""
    meaning, words, cal = clause_meaning(figures, similarity), word_meaning(figures, similarity), calibration(embedder)
    pairs: list[tuple[int, int]] = []
    for i, a in enumerate(figures):
        for j in range(i + 1, len(figures)):
            b = figures[j]
            if same_group(a.source, b.source):
                continue
            # whether the two articles tell one story is asked last: it embeds them, and few pairs get that far
            if same_slot(a, b, meaning, words, cal, present) and clash(a, b, figures, same_group) and comparable(a.source, b.source):
                pairs.append((i, j))
    out = [_discrepancy([figures[k] for k in group], figures, same_group) for group in components(pairs)
           if not several_things([figures[k] for k in group], figures, words, cal, same_group)]
    for d in out:
        log.debug("difference on %s: %s", d.subject, " vs ".join(f"{c.value} ({', '.join(c.sources)})" for c in d.claims))
    return out


def several_things(group: Sequence[Figure], figures: Sequence[Figure], words: Callable[[str, str], float],
                   cal: SlotCalibration, same_group: SameGroup) -> bool:
    """One of the row's sources itself gives figures of the row's thing that cannot all hold: in this story the
    thing names several ("two people were killed" in one village, "four" across the country; a $336 million
    jackpot won in February and the current one), and another source's figure is no rival version of one of them.

    The thing is the same counted noun and unit, and for a count the same happening — whatever period, place or
    clause each figure is told with, since those are what tell the several apart, and the row's figures may not say.
    """
    thing = group[0]
    # a row with an earlier period's figure is a row of that period: figures its sources give of other periods are
    # that thing at another time ("235,000 in August, down from 943,000 in July"), not several things
    periods = [f.period for f in group if f.period is not None] if any(f.baseline for f in group) else []
    for source in {f.source for f in group}:
        own = [f for f in figures if same_group(f.source, source) and _same_thing(f, thing, words, cal)
               and (f.period is None or all(f.period.overlaps(p) for p in periods))]
        if any(not x.compatible(y) for i, x in enumerate(own) for y in own[i + 1 :]):
            log.debug("no difference on %s: %s gives %s", thing.counted, source, [f.value for f in own])
            return True
    return False


def _same_thing(f: Figure, g: Figure, words: Callable[[str, str], float], cal: SlotCalibration) -> bool:
    return _one_measure(f, g, words, cal) and (f.unit is not None or _same_events(f.events, g.events))


def _one_measure(f: Figure, g: Figure, words: Callable[[str, str], float], cal: SlotCalibration) -> bool:
    """The same unit and counted thing (or one as close in meaning), both or neither an increment, neither a property
    saying which things are meant unless both say it of the same ("companies with more than 100 employees")."""
    return f.unit == g.unit and f.part == g.part and f.described == g.described and bool(f.counted) and bool(g.counted) \
        and (f.against is None) == (g.against is None) \
        and (words(f.counted or "", g.counted or "") >= cal.counted and not _two_kinds(f, g) or _one_kind(f, g))


def _two_kinds(f: Figure, g: Figure) -> bool:
    """Each names its thing with nouns compounded onto it, and they share none: "the $1.2 trillion infrastructure bill"
    and "the $3.5 trillion spending bill" are two bills."""
    return bool(f.kind) and bool(g.kind) and not set(f.kind) & set(g.kind)


def _one_kind(f: Figure, g: Figure) -> bool:
    """Two amounts of things of one named kind: each names its thing with the same noun compounded onto it ("the $1
    trillion infrastructure bill", "the $1.2 trillion infrastructure package"). Two words for one thing ("bill",
    "package", "measure") sit far apart in an embedder's space (MiniLM 0.37 for bill/package, while relief bill /
    infrastructure bill, two things, are 0.58); the kind the outlets give it is the article's own evidence. Counts
    are left to their nouns: "infrastructure jobs" and "infrastructure workers" are two things. The kind alone is weak
    evidence ("the $700 billion defense budget" and "a $500 million defense contract" share it), so the amounts must
    also be of one size, within `KIND_RATIO` of each other: outlets' reports of one amount differ by rounding or a
    revision ("$1 trillion" / "$1.2 trillion"), not by orders of magnitude."""
    if f.unit is None or f.unit == "%" or not set(f.kind) & set(g.kind):
        return False
    small, large = sorted((max(f.high, f.low), max(g.high, g.low)))
    return small > 0 and large / small <= KIND_RATIO


def components(pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Pairs that share a member are one group: clashing figures (or dates) of one thing, shown as one difference."""
    groups: list[set[int]] = []
    for i, j in pairs:
        touching = [g for g in groups if i in g or j in g]
        merged = {i, j}.union(*touching)
        groups = [g for g in groups if g not in touching] + [merged]
    return [sorted(g) for g in groups]


def _discrepancy(group: list[Figure], figures: Sequence[Figure], same_group: SameGroup) -> Discrepancy:
    """One row: the clashing figures, those that agree with each other told as one version (the most precise value)."""
    versions: list[list[Figure]] = []
    for f in sorted(group, key=lambda f: f.high - f.low):
        home = next((v for v in versions if all(f.compatible(x) for x in v)), None)
        (home.append(f) if home is not None else versions.append([f]))
    claims = [_claim(v) for v in versions]
    clashes = [(claims[i].value, claims[j].value) for i in range(len(versions)) for j in range(i + 1, len(versions))
               if any(clash(a, b, figures, same_group) for a in versions[i] for b in versions[j])]
    claims.sort(key=lambda c: next(f.low for v in versions for f in v if f.value == c.value))
    return Discrepancy(_subject(group[0]), claims, not clashes, "count", clashes)


def _claim(version: list[Figure]) -> Claim:
    """One version of a difference; it names every one who gives it ("South Korean officials and Ukrainian officials"
    for "14,000" and "around 14,000"): the first speaker alone would credit the others' figures to him."""
    speakers = list(dict.fromkeys(f.speaker for f in version if f.speaker))
    return Claim(version[0].value, list(dict.fromkeys(f.ref for f in version)), list(dict.fromkeys(f.source for f in version)),
                 attribution=" and ".join(speakers) or None)


def _subject(f: Figure) -> str:
    """What the figures measure, in the words of the sentence that states one: "troops dispatched", "bill ($)"."""
    verb = next(iter(f.events)) if len(f.events) == 1 else f.event  # "evacuation" of "the evacuation of about 70 homes"
    # an amount's verb is no part of it, nor a verb that is the counted noun again (a tally: "vote")
    event = verb if f.unit is None and verb not in CONTAINING and verb != f.counted else None
    written = [_as_written(f.ref.text, f.counted)] if f.counted else []
    written += [_as_written(f.ref.text, event, "")] if event else []  # a verb not written from its lemma's stem ("sent"): left out
    words = (["additional"] if f.part else []) + [w.lower() for w in written if w]
    unit = {"$": "amount in $", "£": "amount in £", "€": "amount in €", "%": "percentage"}.get(f.unit or "", f.unit)
    text = " ".join(words) or "figure"
    return f"{text} ({unit})" if unit else text


def _as_written(text: str, lemma: str, otherwise: str | None = None) -> str:
    """The word of `lemma` as the sentence writes it ("troops" for "troop"), else `otherwise` (the lemma itself)."""
    m = re.search(rf"\b{re.escape(lemma[:-1] if lemma.endswith('e') else lemma)}\w*", text, re.I)
    return m.group(0) if m else lemma if otherwise is None else otherwise
