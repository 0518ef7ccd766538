"""Figures: typed count claims, and where sources' counts disagree.

"14,000 troops were sent" and "more than 10,000 soldiers arrived" are the
same kind of claim, so each figure becomes an interval (the qualifier widens
it), a counted-noun class and an event class. Only claims of the same kind are
compared, and only disjoint intervals from independent sources clash.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from ragnews.analysis.model import Claim, Discrepancy, SameGroup
from ragnews.analysis.textsim import NUM, clause_at, tokens
from ragnews.index.evidence import Sentence
from ragnews.text import dates as D

_QUAL = (r"about|around|approximately|roughly|some|an estimated|estimated|nearly|almost|close to|more than|over|"
         r"upwards of|in excess of|at least|as many as|up to|at most|fewer than|less than|under|no fewer than")
_COUNT = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?(?<![\d,.$])(?P<a>{NUM})(?:\s*(?:-|–|to)\s*(?P<b>{NUM}))?(?!\d|th\b|st\b|nd\b|rd\b|-year|%)"
    rf"(?:\s+(?P<scale>million|billion|thousand))?", re.I)
_VAGUE = re.compile(r"\b(?P<vague>tens of thousands|hundreds of thousands|dozens|hundreds|thousands|millions|billions)\s+of\b", re.I)
_VAGUE_RANGE = {"dozens": (24, 200), "hundreds": (200, 2000), "thousands": (1000, 100000),
                "tens of thousands": (10000, 200000), "hundreds of thousands": (100000, 2e6),
                "millions": (1e6, 1e9), "billions": (1e9, 1e12)}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_MONTHS = "|".join(D.MONTHS)
_MONTH_BEFORE = re.compile(rf"(?:{_MONTHS})\.?\s*$", re.I)  # "June 14" is a day, not 14 of something
_TIME_UNITS = {"day", "week", "month", "year", "hour", "minute", "second", "decade", "time", "percent", "anniversary"}

# Classes of counted things: news counts people and materiel with many synonyms.
NOUN_CLASS = {
    "troops": {"troop", "soldier", "force", "personnel", "fighter", "serviceman", "servicemen", "reinforcement",
               "combatant", "marine", "sailor", "servicemember"},
    "people": {"people", "person", "civilian", "resident", "individual", "men", "women", "children", "child", "adult"},
}
# Words marking a figure as an increment ("5,000 more troops"), not the total.
SUBSET = {"additional", "more", "extra", "new", "fresh", "another", "reinforcement", "further"}
# Event classes: what happened to the counted things (prefix stems).
_EVENTS = [
    ("killed", ("kill", "dead", "death", "died", "die ", "fatalit", "slain", "perish")),
    ("wounded", ("wound", "injur", "hurt")),
    ("killed or wounded", ("casualt",)),
    ("sent", ("sent", "send", "deploy", "dispatch", "join", "arriv", "transferr")),
    ("captured", ("captur", "detain", "arrest", "prisoner", "taken captive")),
    ("supplied", ("suppl", "provid", "deliver", "shipped")),
    ("displaced", ("evacuat", "displac", "fled", "flee")),
    ("missing", ("missing",)),
    ("rescued", ("rescu",)),
]
_NOT_OWN_EVENT = {"replace", "replacing", "those", "despite", "avenge", "after"}
_HEAD_STOP = set("""to in on at for from with by who that which had have has was were is are been be may might could would will
including and or as since while during mostly reportedly its their the a an of into across""".split())

Point = float | tuple[float, float] | None  # the stated figure or range; None for vague quantities
Subject = tuple[str, str | None, bool]  # (noun class, event class, is an increment)


@dataclass
class Count:
    """One figure in one sentence, typed so that only like is compared with like."""

    source: str
    ref: Sentence
    value: str
    lo: float
    hi: float
    point: Point
    noun: str
    event: str | None
    subset: bool
    pos: int

    @property
    def key(self) -> Subject:
        return (self.noun, self.event, self.subset)


def event_class(word: str) -> str | None:
    """What happened to the counted things, if the word says so ("killed", "sent", ...)."""
    w = word.lower() + " "
    for name, stems in _EVENTS:
        if any(w.startswith(s) for s in stems):
            return name
    return None


def noun_class(word: str) -> str:
    """The counted thing's class ("troops" for soldiers, fighters ...), else the word's singular."""
    w = word.lower().strip("’'")
    lemma = w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w
    for name, members in NOUN_CLASS.items():
        if w in members or lemma in members:
            return name
    return lemma


def subject_text(key: Subject) -> str:
    """A readable subject, e.g. "additional troops sent"."""
    noun, event, subset = key
    return " ".join(x for x in ("additional" if subset else "", noun, event or "") if x)


def _head(text: str, pos: int) -> tuple[str | None, list[str]]:
    """Counted noun after a number: the last word of the noun phrase that follows it."""
    found: list[str] = []
    for _, tok in tokens(text[pos:pos + 80]):
        low = tok.lower()
        if not tok[0].isalpha() or low in _HEAD_STOP or event_class(tok) or len(found) >= 4:
            break
        found.append(tok)
    return (found[-1], found[:-1]) if found else (None, [])


def _nearest_event(text: str, start: int, end: int, clause: tuple[int, int]) -> str | None:
    """The event word in the figure's clause closest to it; "killed ... or wounded" reads as casualties."""
    toks = [(p, t) for p, t in tokens(text) if clause[0] <= p < clause[1]]
    best: tuple[int, str] | None = None
    for i, (p, tok) in enumerate(toks):
        cls = event_class(tok)
        if not cls or any(t.lower() in _NOT_OWN_EVENT for _, t in toks[max(0, i - 3):i]):
            continue
        near = {event_class(t) for _, t in toks[i + 1:i + 4]}
        if cls == "killed" and "wounded" in near or cls == "wounded" and "killed" in near:
            cls = "killed or wounded"
        dist = abs(p - (start if p < start else end))
        if best is None or dist < best[0]:
            best = (dist, cls)
    return best[1] if best else None


def _interval(qual: str | None, a: float, b: float | None) -> tuple[float, float]:
    """The values a qualified figure allows: "around 14,000" overlaps 15,000, "more than 10,000" has no top."""
    q = (qual or "").lower()
    lo, hi = (a, b) if b is not None else (a, a)
    if q in {"about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "close to"}:
        return lo * 0.9, hi * 1.1
    if q in {"nearly", "almost"}:
        return lo * 0.85, hi
    if q in {"more than", "over", "upwards of", "in excess of"}:
        return hi * 1.0001, math.inf
    if q in {"at least", "no fewer than"}:
        return lo, math.inf
    if q in {"as many as", "up to", "at most"}:
        return 0.0, hi
    if q in {"fewer than", "less than", "under"}:
        return 0.0, hi * 0.9999
    return lo, hi


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def extract_counts(ref: Sentence) -> list[Count]:
    """Typed count claims in one sentence: value interval + counted noun + event."""
    text = ref.text
    out: list[Count] = []
    for m in _COUNT.finditer(text):
        a = _number(m.group("a"))
        b = _number(m.group("b")) if m.group("b") else None
        if _MONTH_BEFORE.search(text[:m.start("a")]) or (b is None and 1900 <= a <= 2100 and "," not in m.group("a")):
            continue  # a day of the month or a year, not a count
        if b is not None and b < a:
            continue  # "1950-53" style year ranges
        scale = _SCALE.get((m.group("scale") or "").lower(), 1.0)
        a, b = a * scale, (b * scale if b is not None else None)
        lo, hi = _interval(m.group("qual"), a, b)
        point = (a, b) if b is not None else a
        _add_count(out, ref, m.group(0), m.start(), m.end(), lo, hi, point)
    for m in _VAGUE.finditer(text):
        lo, hi = _VAGUE_RANGE[m.group("vague").lower()]
        _add_count(out, ref, m.group("vague"), m.start(), m.end(), lo, hi, None)
    return sorted(out, key=lambda c: c.pos)


def _add_count(out: list[Count], ref: Sentence, value: str, start: int, end: int, lo: float, hi: float,
               point: Point) -> None:
    """Type one figure and keep it if it counts something; "including N ..." inherits the figure before it."""
    text = ref.text
    head, mods = _head(text, end)
    before = text[max(0, start - 12):start].lower()
    parent = out[-1] if out and "including" in before else None
    if head is None and parent is None:
        return
    noun = noun_class(head) if head else parent.noun  # type: ignore[union-attr]
    if noun in _TIME_UNITS or (head and head[0].isupper() and noun not in NOUN_CLASS):
        return
    subset = bool(parent) or any(w.lower() in SUBSET for w in mods + [head or ""]) or \
        bool(re.search(r"\b(another|additional|more)\s*$", before)) or noun_class(head or "") != noun or \
        (head or "").lower().startswith("reinforcement")
    event = _nearest_event(text, start, end, clause_at(text, start))
    if event is None and parent is not None:
        event = parent.event
    out.append(Count(ref.source, ref, value.strip(), lo, hi, point, noun, event, subset, start))


def count_discrepancies(counts: list[Count], same_group: SameGroup) -> list[Discrepancy]:
    """Compare like with like: one subject per (noun, event, subset); clash = disjoint intervals."""
    groups: dict[Subject, list[Count]] = defaultdict(list)
    for c in counts:
        groups[c.key].append(c)
    out = []
    for key, items in groups.items():
        points = {c.point for c in items if c.point is not None}
        if len({c.source for c in items}) < 2 or len(points) < 2:
            continue
        versions: dict[tuple[float, float, str], list[Count]] = defaultdict(list)
        for c in items:
            versions[(c.lo, c.hi, c.value.lower())].append(c)
        clashes = _clashes(list(versions.values()), same_group)
        out.append(Discrepancy(subject_text(key), [_claim(v) for v in versions.values()], not clashes, "count", clashes))
    return out


def _clashes(versions: list[list[Count]], same_group: SameGroup) -> list[tuple[str, str]]:
    """Pairs of versions whose intervals cannot both hold, stated by independent sources."""
    out = []
    for i, ci in enumerate(versions):
        for cj in versions[i + 1:]:
            disjoint = ci[0].hi < cj[0].lo or cj[0].hi < ci[0].lo
            if disjoint and any(not same_group(x.source, y.source) for x in ci for y in cj):
                out.append((ci[0].value, cj[0].value))
    return out


def _claim(items: list[Count]) -> Claim:
    return Claim(items[0].value, list(dict.fromkeys(c.ref for c in items)), list(dict.fromkeys(c.source for c in items)))
