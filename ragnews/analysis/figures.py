"""Figures: measurement claims typed like with like, and where independent sources' figures clash.

A figure is compared only with figures about the same quantity: the same
measured noun (its synonyms counted as one: soldiers are troops), the same
unit, the same event and increment, no conflicting modifier ("US sales" is not
"world sales"), no conflicting period, and a clause that tells the same thing
(its wording with the numbers masked). Baselines ("up from nine in 2014") are
not claims about now. Two versions clash only when their intervals (see
`measures.py`) cannot both hold, they come from independent sources, and no
single source states both (a source giving two values under one key shows the
key names two different things).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ragnews.analysis.measures import Quantity, measures, overlaps
from ragnews.analysis.model import Claim, Discrepancy, SameGroup
from ragnews.analysis.textsim import clause_at, places_named, tokens
from ragnews.index.evidence import Sentence
from ragnews.text import dates as D

# Classes of counted things: news counts people, materiel and legislation with many synonyms.
NOUN_CLASS = {
    "troops": {"troop", "soldier", "force", "personnel", "fighter", "serviceman", "servicemen", "reinforcement",
               "combatant", "marine", "sailor", "servicemember"},
    "people": {"people", "person", "individual"},
    "legislation": {"bill", "measure", "package", "plan", "proposal", "legislation", "deal", "act", "agenda"},
    "homes": {"home", "house", "houses", "residence", "rowhome", "dwelling"},
    "arrests": {"arrest", "apprehension", "encounter", "detention"},
}
# Words marking a figure as an increment ("5,000 more troops"), not the total.
SUBSET = {"additional", "more", "extra", "new", "fresh", "another", "reinforcement", "further", "other"}
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
# what an event leaves that is counted as it grows: a toll told on two days is two counts
_GROWING = {"killed", "wounded", "killed or wounded", "captured", "displaced", "missing", "rescued"}
_NOT_OWN_EVENT = {"replace", "replacing", "those", "despite", "avenge", "after"}
_HEAD_STOP = set("""to in on at for from with by who that which had have has was were is are been be may might could would will
including and or as since while during mostly reportedly its their the a an of into across than per each after before
about over under against between through within without toward towards upon via amid among plus includes include
approximately roughly nearly almost also not just only still already this these those it he she they we""".split())
# Words after a measurement that say which dimension it is ("80 feet long"), not what is measured.
_DIMENSIONS = {"long", "tall", "high", "wide", "deep", "thick", "away", "old", "apart", "across", "square"}
# Modifiers that say how big or how agreed a thing is, not which thing it is.
_GENERIC_MODS = {"new", "bipartisan", "sweeping", "massive", "huge", "total", "additional", "more", "extra", "fresh",
                 "another", "further", "estimated", "reported", "proposed", "final", "overall", "whopping", "roughly",
                 "nearly", "about", "around", "some", "just", "only", "big", "large", "small", "major", "full", "own"}
# Words before a figure that make it a comparison point, not the claim ("up from 9", "compared with 12").
_BASELINE = re.compile(r"(?:\bfrom|\bcompared (?:with|to)|\bversus|\bvs\.?|\b(?:higher|lower|larger|smaller|greater|"
                       r"bigger|fewer|less|more|up|down) than|\bsince|\bprevious(?:ly)?|\bbefore|\bonly|\bwas|"
                       r"\bfrom about|\bfrom around)\s+(?:about\s+|around\s+|some\s+|the\s+)?(?:US\$|\$|£|€)?$", re.I)
_MODAL = re.compile(r"\b(?:could|would|might|may|expected|estimate[sd]? (?:that )?it will|plans? to|aims? to|goal|target|"
                    r"projected|forecast|hopes? to|wants? to|seeks? to|proposed|if)\b", re.I)
_ATTRIBUTION = re.compile(r"\baccording to (?:the\s+)?(?P<a>[^,.;]{3,60}?)(?=[,.;]|$)|"
                          r"(?:,|^)\s*(?P<b>(?:the\s+)?[A-Z][\w.’'\- ]{2,50}?|police|officials|authorities|experts|"
                          r"analysts)\s+(?:said|says|reported|estimated|estimates|announced|told)\b")

Point = float | tuple[float, float] | None  # the stated figure or range; None for vague quantities
Subject = tuple[str, str | None, bool]  # (noun class, event class, is an increment)


@dataclass
class Count:
    """One measurement in one sentence, typed so that only like is compared with like."""

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
    unit: str = ""
    mods: frozenset[str] = frozenset()
    period: frozenset[str] = frozenset()
    frame: str = ""  # the clause it belongs to, figures masked: what the figure is about
    attribution: str | None = None
    modal: bool = False  # a projection, goal or condition, not a reported fact

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
    """The measured noun after a number (the last word of the noun phrase that follows it) and its modifiers.

    "$3.5 trillion package of Democratic priorities": head "package", modifiers include the "of" phrase,
    since that is what says which package.
    """
    found: list[str] = []
    toks = tokens(text[pos:pos + 100])
    k = 0
    while k < len(toks):
        tok = toks[k][1]
        low = tok.lower()
        if not tok[0].isalpha() or low in _HEAD_STOP or low in _DIMENSIONS or event_class(tok) or len(found) >= 4 or \
                (low.endswith("ly") and len(low) > 4) or (found and tok[0].isupper() and not found[-1][0].isupper()):
            break
        found.append(tok)
        k += 1
        if noun_class(tok) in NOUN_CLASS:
            break  # the counted thing is named: what follows is the rest of the sentence
    if not found:
        return None, []
    mods = found[:-1]
    if k + 1 < len(toks) and toks[k][1].lower() == "of":  # a post-modifier: "package of Democratic priorities"
        mods += [t for _, t in toks[k + 1:k + 4] if t[0].isalpha() and t.lower() not in _HEAD_STOP][:2]
    return found[-1], mods


# a figure of its own beside the second of two casualty verbs: after it ("injured dozens", "wounded 100 others") or
# before it ("and 48 injured")
_QUANTITY = r"(?:\d[\d,.]*|dozens|hundreds|thousands|scores|several|many|one|two|three|four|five|six|seven|eight|nine|ten)"
_OWN_FIGURE = re.compile(rf"\s+(?:(?:at least|more than|about|nearly|some|over|almost|roughly)\s+)?{_QUANTITY}\b", re.I)
_FIGURE_BEFORE = re.compile(rf"\b{_QUANTITY}\s+(?:(?:were|was|people|others)\s+)?$", re.I)


def _nearest_event(text: str, start: int, end: int, clause: tuple[int, int]) -> str | None:
    """The event word in the figure's clause closest to it; "killed ... or wounded" reads as casualties."""
    toks = [(p, t) for p, t in tokens(text) if clause[0] <= p < clause[1]]
    best: tuple[int, str] | None = None
    for i, (p, tok) in enumerate(toks):
        cls = event_class(tok)
        if not cls or any(t.lower() in _NOT_OWN_EVENT for _, t in toks[max(0, i - 3):i]):
            continue
        near = {event_class(t): (q, q + len(t)) for q, t in toks[max(0, i - 3):i] + toks[i + 1:i + 4] if event_class(t)}
        partner = near.get("wounded" if cls == "killed" else "killed" if cls == "wounded" else "")
        # "killed or wounded 100" shares one figure; "left 40 people dead and injured dozens", "Seven people were
        # killed and 48 injured" give each its own
        if partner is not None and not _OWN_FIGURE.match(text, partner[1]) and not _FIGURE_BEFORE.search(text, 0, partner[0]):
            cls = "killed or wounded"
        dist = abs(p - (start if p < start else end))
        if best is None or dist < best[0]:
            best = (dist, cls)
    return best[1] if best else None


def attribution(text: str) -> str | None:
    """Who the sentence says gives the figure ("South Korean officials"), if it says."""
    m = _ATTRIBUTION.search(text)
    if not m:
        return None
    who = (m.group("a") or m.group("b") or "").strip()
    return who if 2 <= len(who.split()) <= 8 or who.islower() or who[:1].isupper() else None


def _periods(text: str, clause: tuple[int, int]) -> frozenset[str]:
    """Month and year names in the figure's clause: figures for June are not figures for May; and the day of a
    running tally ("2,300 canceled flights as of 6 p.m. Thursday" is not a rival of "3,800 as of Monday")."""
    found = set()
    own = text[clause[0]:clause[1] + 1]
    own_mentions = D.find_mentions(own)
    for m in own_mentions:
        month, year = m.get("month"), m.get("year")
        if month:
            found.add(month.lower().rstrip(".")[:3])
        if year:
            found.add(year)
    # the tally's day holds for the sentence's figures, whichever clause it closes ("3,500 flights were cancelled
    # within, into, or out of the U.S. for Monday")
    found.update((m.get("weekday") or "").lower() for m in D.find_mentions(text)
                 if m.get("weekday") and D.TALLY_DAY.search(text, 0, m.start))
    # ... and the day a counted thing was done, right after its verb in the figure's clause ("More than 5,000 flights
    # were canceled Friday" is not a rival of "more than 3,300 flights have been canceled Saturday")
    found.update((m.get("weekday") or "").lower() for m in own_mentions
                 if m.get("weekday") and _DONE_ON.search(own, 0, m.start))
    # a year naming the event the figure belongs to: in its clause ("the 2020 census counted…"), as the antecedent
    # of the relative clause it is in ("the 1993 Storm of the Century, which killed more than 300") or in the
    # phrase that opens the sentence ("In the 1977 storm, 29 people died"; "Unlike the 1977 blizzard, this storm
    # has killed 39" contrasts, and dates nothing)
    found.update(_EVENT_YEAR.findall(own))
    antecedent = _ANTECEDENT_YEAR.search(text, 0, clause[0]) if _RELATIVE.match(text, clause[0]) else None
    opening = _OPENING_EVENT_YEAR.match(text)
    found.update(m.group(1) for m in (antecedent, opening) if m)
    return frozenset(found)


_DONE_ON = re.compile(r"\b[a-z]{3,}ed\s+(?:on\s+)?$")
_EVENT_YEAR = re.compile(r"\b(?:[Tt]he|[Ii]ts|[Aa])\s+((?:1[89]|20)\d\d)\s+(?=[a-zA-Z])")
_ANTECEDENT_YEAR = re.compile(r"\b(?:the|its)\s+((?:1[89]|20)\d\d)\s+[^,.;]{1,50},\s*$", re.I)
_RELATIVE = re.compile(r"\s*(?:which|that|who|when)\b")
_OPENING_EVENT_YEAR = re.compile(r"^(?:In|During|After|Before)\s+(?:the|its)\s+((?:1[89]|20)\d\d)\s+[a-zA-Z][^,]*,")


def _widened(text: str, clause: tuple[int, int]) -> tuple[int, int]:
    """The clause widened to a readable length (80 characters)."""
    lo, hi = clause
    while hi - lo < 80 and (lo > 0 or hi < len(text)):
        lo, hi = max(0, lo - 40), min(len(text), hi + 40)
    return lo, hi


def _frame(text: str, clause: tuple[int, int]) -> str:
    """The clause widened to a readable length, figures masked: what the figure is about."""
    lo, hi = _widened(text, clause)
    return re.sub(r"\d[\d,.]*", "#", text[lo:hi])


def extract_counts(ref: Sentence) -> list[Count]:
    """Typed measurement claims in one sentence: interval + measured noun + unit + event + period."""
    text = ref.text
    out: list[Count] = []
    modal = bool(_MODAL.search(text)) or text.rstrip().endswith("?")
    who = attribution(text)
    for q in measures(text):
        if _BASELINE.search(text[:q.start]):
            continue  # a comparison point, not the claim
        count = _typed_count(ref, q, out, who, modal)
        if count is not None:
            out.append(count)
    return out


def _typed_count(ref: Sentence, q: Quantity, before: list[Count], who: str | None, modal: bool) -> Count | None:
    """Type one measurement; "including N ..." inherits the figure before it. None when it counts nothing."""
    text = ref.text
    head, mods = _head(text, q.end)
    prefix = text[max(0, q.start - 12):q.start].lower()
    parent = before[-1] if before and "including" in prefix and not q.unit else None
    if head is None and parent is None and not q.unit:
        return None
    if head and head[0].isupper() and noun_class(head) not in NOUN_CLASS:
        return None  # "14 Democrats" names a party, "20 Questions" a title: not a quantity of a thing
    noun = noun_class(head) if head else (parent.noun if parent else "")
    subset = bool(parent) or any(w.lower() in SUBSET for w in mods + [head or ""]) or \
        bool(re.search(r"\b(another|additional|more)\s*$", prefix)) or (head or "").lower().startswith("reinforcement")
    clause = clause_at(text, q.start)
    event = _nearest_event(text, q.start, q.end, clause) or (parent.event if parent else None)
    if event is None and noun_class(head or "") != (head or "").lower():
        event = _nearest_event(text, q.start, q.end, (0, len(text)))  # "Eight people, including two children, were injured"
    content_mods = frozenset(w.lower() for w in mods if w.lower() not in _GENERIC_MODS and w.replace("-", "").isalpha())
    # "The blizzard in January 1977 killed 29 people, including 12 who were found frozen": a part has its whole's time
    period = _periods(text, clause) or (parent.period if parent else frozenset())
    return Count(ref.source, ref, q.text, q.lo, q.hi, q.point, noun, event, subset, q.start, q.unit, content_mods,
                 period, _frame(text, clause), who, modal)


Frames = Callable[[Count, Count], float]


def count_discrepancies(counts: list[Count], same_group: SameGroup, frame_sim: Frames | None = None,
                        comparable: Callable[[str, str], bool] | None = None, present: int | None = None,
                        published: Mapping[str, dt.date] | None = None) -> list[Discrepancy]:
    """Compare like with like: clusters of same-quantity figures from independent sources; clash = disjoint intervals.

    `present`: the story's own year; a figure dated to an earlier year is history, not the story's figure.
    `published`: each dated source's stated publication day; a running toll grows from one day to the next.
    """
    buckets: dict[tuple[str, str, bool], list[Count]] = defaultdict(list)
    for c in counts:
        if not c.modal and c.noun:  # a figure with no measured noun ("gained 45%") says too little to compare
            buckets[(c.noun, c.unit, c.subset)].append(c)
    out = []
    for items in buckets.values():
        if len({c.source for c in items}) < 2:
            continue
        for group, edges in _same_quantity_groups(items, same_group, frame_sim, comparable, present, published or {}):
            disc = _discrepancy(group, edges, same_group, items)
            if disc:
                out.append(disc)
    return out


def _same_quantity(a: Count, b: Count, frame_sim: Frames | None, present: int | None = None,
                   published: Mapping[str, dt.date] | None = None) -> bool:
    """Two figures from different sources measure the same thing (not whether they agree).

    Disjoint modifiers name different things ("US sales", "world sales"); otherwise the clauses must tell
    the same thing, even with a modifier in common ("an edition of 24 bottles of whisky" and "460 bottles of
    Scotch whisky were sold" at an auction count two sets of bottles).
    """
    if a.period and b.period and not (a.period & b.period) or a.event and b.event and a.event != b.event:
        return False
    if _grew(a, b, published):
        return False  # "Nine" dead in Monday's report and "Eight" in Saturday's: a toll counted on two days
    if present is not None and _past_year(a, present) != _past_year(b, present):
        return False  # "the blizzard of 1977 killed 29 people" beside this storm's toll: another period
    pa, pb = _places(a.frame), _places(b.frame)
    if pa and pb and not pa & pb:
        return False  # "350 flights at O'Hare" and "600 at Midway": one quantity is counted in one place
    la, lb = _list_label(a.ref.text), _list_label(b.ref.text)
    if la and lb and la != lb:
        return False  # "Kansas: Three people have died…" and "Kentucky: Three…": each line counts under its label
    if a.mods and b.mods and not a.mods & b.mods:
        return False
    if frame_sim is None:
        return True
    # the less the key says (no noun, no event), the closer the wording must be to name the same thing
    need = 0.62 if not a.noun else 0.3 if a.event and b.event else 0.5
    return frame_sim(a, b) >= need


def _grew(a: Count, b: Count, published: Mapping[str, dt.date] | None) -> bool:
    """A toll (killed, missing, …) told by sources published on different days: two days' counts. (A later, lower
    toll is let go too: across days, a county's and a nation's tolls are the usual reason, not a revision.)"""
    if (a.event or b.event) not in _GROWING or a.period or b.period or not published:
        return False
    da, db = published.get(a.source), published.get(b.source)
    return da is not None and db is not None and da != db


_LIST_LABEL = re.compile(r"^\s*([A-Z][\w.’'\- ]{1,30}):\s+\S")


def _list_label(text: str) -> str | None:
    m = _LIST_LABEL.match(text)
    return m.group(1).lower() if m else None


def _past_year(c: Count, present: int) -> bool:
    """The figure's clause dates it to a year before the story's own (history, a baseline)."""
    years = [int(p) for p in c.period if p.isdigit()]
    return bool(years) and max(years) < present


def _places(clause: str) -> set[str]:
    return {re.sub(r"[’']s$", "", p) for p in places_named(clause)}


def _same_quantity_groups(items: list[Count], same_group: SameGroup, frame_sim: Frames | None,
                          comparable: Callable[[str, str], bool] | None, present: int | None = None,
                          published: Mapping[str, dt.date] | None = None
                          ) -> list[tuple[list[Count], set[tuple[int, int]]]]:
    """Connected groups of same-quantity figures, with the pairs found to be the same (by index into the group)."""
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edges: set[tuple[int, int]] = set()
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if same_group(a.source, b.source) or (comparable and not comparable(a.source, b.source)):
                continue
            if _same_quantity(a, b, frame_sim, present, published):
                edges.add((i, j))
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        index = {m: k for k, m in enumerate(members)}
        out.append(([items[m] for m in members], {(index[i], index[j]) for i, j in edges if i in index and j in index}))
    return out


def _discrepancy(group: list[Count], edges: set[tuple[int, int]], same_group: SameGroup,
                 bucket: list[Count]) -> Discrepancy | None:
    """Versions of one quantity; the pairs that cannot both hold, directly compared and never stated together."""
    points = {c.point for c in group if c.point is not None}
    if len({c.source for c in group}) < 2 or len(points) < 2:
        return None
    clashes: list[tuple[str, str]] = []
    for i, j in sorted(edges):
        a, b = group[i], group[j]
        if overlaps((a.lo, a.hi), (b.lo, b.hi)) or _stated_together(bucket, a, b, same_group):
            continue
        pair = (a.value, b.value)
        if pair not in clashes and pair[::-1] not in clashes:
            clashes.append(pair)
    versions: dict[tuple[float, float, str], list[Count]] = defaultdict(list)
    for c in group:
        versions[(c.lo, c.hi, c.value.lower())].append(c)
    first = group[0]
    subject = _subject(first)
    return Discrepancy(subject, [_claim(v) for v in versions.values()], not clashes, "count", clashes)


def _stated_together(group: list[Count], a: Count, b: Count, same_group: SameGroup) -> bool:
    """One source states two disjoint values matching a and b: two different things under one name, not a conflict."""
    for x in group:
        if not overlaps((x.lo, x.hi), (a.lo, a.hi)):
            continue
        for y in group:
            if same_group(x.source, y.source) and overlaps((y.lo, y.hi), (b.lo, b.hi)) and \
                    not overlaps((x.lo, x.hi), (y.lo, y.hi)):
                return True
    return False


def _subject(c: Count) -> str:
    """What the figures measure, in words: "troops sent", "infrastructure legislation ($)"."""
    base = subject_text(c.key)
    mods = " ".join(sorted(c.mods))
    unit = {"$": "amount in $", "£": "amount in £", "€": "amount in €", "percent": "percentage"}.get(c.unit, c.unit)
    words = " ".join(x for x in (mods, base) if x) or "figure"
    return f"{words} ({unit})" if unit else words


def _claim(items: list[Count]) -> Claim:
    who = next((c.attribution for c in items if c.attribution), None)
    return Claim(items[0].value, list(dict.fromkeys(c.ref for c in items)), list(dict.fromkeys(c.source for c in items)),
                 attribution=who)


def frame_similarity(counts: list[Count], similarity: Callable[[list[str]], object] | None) -> Frames | None:
    """How alike two figures' clauses are (figures masked), by embeddings; None without an embedder.

    Word overlap is no measure here: two outlets word one fact differently, so without embeddings
    the measured noun, unit, event, modifiers and period decide alone.
    """
    if similarity is None or not counts:
        return None
    import numpy as np

    index = {id(c): i for i, c in enumerate(counts)}
    vecs = np.asarray(similarity([c.frame for c in counts]), dtype=float)
    return lambda a, b: float(vecs[index[id(a)]] @ vecs[index[id(b)]])
