"""Do two sentences state the same fact? One scoring function, its parameters named together, calibrated per embedder.

A briefing labels each key point with the number of outlets that state it, so
this decision is what makes "3 sources" true or false. No single cosine can make
it: on the labelled dev clusters (`benchmarks/dev/support_labels.jsonl`) the
sentences of different outlets stating one fact sit at a median MiniLM cosine of
0.57, as low as 0.2, while sentences of the same story stating other facts reach
0.8. What the English model reads adds what the cosine misses: two sentences of
one fact share content lemmas (the words that carry it, whatever their order or
inflection), often the predicate of a clause, figures of the same thing that
agree, and a precise figure in common (a report of one number has it whatever
its wording: "The US added 559,000 jobs" and "payrolls up a solid 559,000"). So the score is

    cosine + LEMMAS × (shared content lemmas / all of both) + PREDICATE × (a clause predicate in common)
           + QUANTITY × (a figure of the same counted thing or unit that agrees)
           + FIGURE × (the same precise figure, "559,000" (three significant digits), an amount of one unit
                      ("$92"), or two figures in common)

and the sentences state one fact when it reaches THRESHOLD. A fact one outlet tells inside a longer sentence, or
with another verb beside its other clauses, scores low as a whole ("Washington signed a two-year contract,
replacing Phil Nevin as manager" / "Washington got a two-year contract"): so the reading's statements (each clause
of a longer sentence told alone, `Statement`) are scored too, the same way (their own cosine and shared lemmas,
the sentences' predicate and figures), each against the other sentence whole, and the sentences
state one fact when the best pair reaches CLAUSE — higher than THRESHOLD, since a clause is short and a short
text meets a related one more easily (`clause_score`; the verbs may differ: the embedder's cosine of the clauses
says whether they mean the same, never a list of synonyms). Some pairs are never
one fact, whatever their wording (`vetoes`): figures of the same measure (the
same counted thing or unit) that all disagree, whatever verb the parse hangs them on
("cut the US forecast to 6%" and "the world will grow by 5.9%" are two facts; when
the same event's figures clash, that is a difference, shown as such), one sentence denying what
the other asserts, calendar days named on both sides that all differ (two complaints, two meetings), and two
named sources credited for a figure (a source that attributes a figure to someone else does not corroborate the
outlet that states it; two officials confirming one event do). A source backs a key point's figures only if it gives one of them or none at
all (`states_its_figures`): a source with other figures of its own does not back
the point's, so support is directional where a restatement is not. A calendar day
both name ("Oct. 15" / "October 15") counts as a precise figure in common.

The parameters are fitted on pairs of labelled sentences (`python -m
benchmarks.quality.calibrate --fit`), choosing the best recall at precision
0.9: for MiniLM, precision 0.90 at recall 0.47 on 1,883 pairs of 20 dev
clusters (FIGURE is 0.3 where the fit finds 0.2 and 0.3 alike: few labelled
pairs share a precise figure, and as:5983's "559,000" needs 0.3), where the cosine alone reaches 0.90 at recall 0.29 and the rule this
replaces (cosine ≥ 0.8, or 0.55 with the same figures, names checked by
pattern) 0.97 at 0.17. A cosine's scale belongs to its embedder: another embedder gets
its own calibration, or the default (MiniLM's) with a warning in the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ragnews.text import dates as D
from ragnews.text.reading import Attribution, Claim, Quantity, Reading, Time, is_country_key

log = logging.getLogger(__name__)

# Predicates too common to say two clauses tell the same thing.
LIGHT_VERBS = frozenset({"be", "have", "do", "say", "tell", "add", "make", "get", "go", "take", "come", "give"})


@dataclass(frozen=True)
class FactMatch:
    """The weights and threshold of `fact_score`, fitted for one embedder."""

    lemmas: float
    predicate: float
    quantity: float
    figure: float
    threshold: float
    prefilter: float  # below this cosine no pair reached the threshold in calibration: not scored at all
    clause: float  # the score a clause of one sentence told alone must reach against the other sentence whole


CLAUSE_MINILM = 0.95  # chosen 2026-12-07 on the tune half of the labelled pairs (benchmarks/README.md, fifth round)
DEFAULT = "all-MiniLM-L6-v2-int8"  # the offline embedder's name (ragnews/index/embedders.py)
CALIBRATION: dict[str, FactMatch] = {
    # fitted 2026-12-06 on benchmarks/dev/support_labels.jsonl (python -m benchmarks.quality.calibrate)
    DEFAULT: FactMatch(lemmas=0.5, predicate=0.1, quantity=0.1, figure=0.3, threshold=0.78, prefilter=0.3, clause=CLAUSE_MINILM),
}


def calibration(embedder: str | None) -> FactMatch:
    """The calibration for an embedder by its name (`Embedder.name`); MiniLM's, with a warning, for one without."""
    key = embedder or DEFAULT
    if key not in CALIBRATION:
        log.warning("no same-fact calibration for embedder %s: using %s's (python -m benchmarks.quality.calibrate fits one)",
                    embedder, DEFAULT)
    return CALIBRATION.get(key, CALIBRATION[DEFAULT])


def vetoes(a: Reading, b: Reading) -> str | None:
    """Why the two sentences can't state one fact, whatever their wording (None: they may)."""
    if not a.states or not b.states:  # "Image from the Sprayable Energy campaign." backed a reviewer's verdict on it
        return "one states nothing (a caption, a label, an order to the reader)"
    agree = [(x, y) for x in a.quantities for y in b.quantities if _comparable(x, y) and x.compatible(y)]
    clash = [(x, y) for x in a.quantities for y in b.quantities if _comparable(x, y) and not x.compatible(y)]
    if clash and not agree:  # figures that agree somewhere make the others sub-measures ("from 6.1%"), not a clash
        return f"figures of one thing disagree ({clash[0][0].text} / {clash[0][1].text})"
    ma, mb = a.main, b.main
    if ma is not None and mb is not None and ma.predicate == mb.predicate and \
            ((ma.frame == "denied") != (mb.frame == "denied") or ma.negated != mb.negated):
        return "one denies what the other states"
    if _days(a) and _days(b) and not _days(a) & _days(b) and not (_weekday_named(a) or _weekday_named(b)):
        return "calendar days that all differ"  # "a complaint from July 17" / "a Sept. 25 complaint"
    if _told_apart_in_time(a, b):
        return "one tells as still to come what the other tells as done"
    if (_counts(a) or _counts(b)) and _credited_apart(a.attribution, b.attribution):
        return "credited to different named sources"
    if _quoted_apart(a.attribution, b.attribution):
        return "quotations with no word in common"
    return None


def _comparable(x: Quantity, y: Quantity) -> bool:
    """Two figures of one measure: the same counted thing (or unit). Not only of the same event: two sentences whose
    figures of one measure all disagree tell two facts even when their verbs differ (on the tune half of the support
    labels this kept apart outlets' sentences of different forecasts, 0.881 -> 0.896 outlets recalled)."""
    return _same_measure(x.counted, x.unit, y.counted, y.unit)


def _same_measure(ca: str | None, ua: str | None, cb: str | None, ub: str | None) -> bool:
    return bool(ca and ca == cb) or bool(ua and ua == ub and not ca and not cb)


def _credited_apart(a: Attribution | None, b: Attribution | None) -> bool:
    """Both name who says it, and not the same one: each a person or a named body, or both officials a name places
    ("Ukrainian officials" / "according to South Korean officials": two governments' estimates, though both say
    14,000). Asked only of sentences that give a figure (`vetoes`): a figure is its source's estimate, while two
    officials who each confirm an event ("Officer Rose died", the police chief said / the university's president
    said) tell one event (on the tune half of the labelled pairs: 3 true pairs found, 1 false). Placed officials are not told apart from a person or a body: a minister is one of his country's
    officials, and a sentence is read with one speaker ("Russia claimed…, although Ukrainian officials contest…"
    has two). Unplaced "officials" meet anyone."""
    if a is None or b is None or not a.keys or not b.keys:
        return False
    kinds = {a.kind, b.kind}
    if kinds == {"group"}:  # only countries place officials apart: "Pentagon officials" are "Defense Department officials"
        ca, cb = _countries(a), _countries(b)
        return bool(ca) and bool(cb) and not ca & cb
    return kinds <= {"person", "body"} and not set(a.keys) & set(b.keys)


def _countries(a: Attribution) -> frozenset[str]:
    return frozenset(k for k in a.keys if is_country_key(k))


def _told_apart_in_time(a: Reading, b: Reading) -> bool:
    """The clauses the two sentences share a predicate in are, every one, told still to come in one and done in the
    other ("may send more troops in the future" / "sent 3,000 additional troops earlier this year"): a forecast and
    an event, two facts. "May have been killed" is told done (`Claim.tense`)."""
    pairs = [(x, y) for x in a.claims for y in b.claims if x.predicate == y.predicate and x.predicate not in LIGHT_VERBS]
    return bool(pairs) and all(_to_come(x) and _done(y) or _to_come(y) and _done(x) for x, y in pairs)


def _to_come(c: Claim) -> bool:
    """Told with a modal of what is still to come ("will", "may send"); a plain present ("generates") is not: the
    reading's tense takes it for a schedule, which news also writes of what is."""
    return c.modality != "asserted" and c.tense == "expected"


def _done(c: Claim) -> bool:
    return c.modality == "asserted" and c.tense == "past"


def _quoted_apart(a: Attribution | None, b: Attribution | None) -> bool:
    """Both give someone's own words in quotation marks, and the words share no content lemma: two quotations of one
    utterance are its words, so these are two utterances, however alike their frames ("…," Smith said when asked)."""
    shared = _quoted_shared(a, b)
    return shared is not None and not shared


def _quoted_shared(a: Attribution | None, b: Attribution | None) -> frozenset[str] | None:
    """The content lemmas two quotations share, when both sentences give someone's own words in quotation marks (None
    otherwise: reported speech gives no one's exact words)."""
    if a is None or b is None or not a.direct or not b.direct or not a.said_lemmas or not b.said_lemmas:
        return None
    return frozenset(a.said_lemmas) & frozenset(b.said_lemmas)


def fact_score(a: Reading, b: Reading, cosine: float, params: FactMatch, shared: float | None = None) -> float:
    """How strongly two sentences state one fact (see the module's docstring); symmetric. `shared` is `_shared`'s
    part when the caller has it already."""
    return cosine + params.lemmas * _overlap(a.lemmas, b.lemmas) + (_shared(a, b, params) if shared is None else shared)


def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Shared content lemmas over all of both."""
    la, lb = set(a), set(b)
    return len(la & lb) / len(la | lb) if la | lb else 0.0


def _shared(a: Reading, b: Reading, params: FactMatch) -> float:
    """What the two sentences share besides their wording: a predicate, a figure that agrees, a precise figure."""
    shared = {q.value for q in a.quantities} & {q.value for q in b.quantities}
    # "559,000"; "to 5.8% from 6.1%" is two; an amount of one unit ("$92", "5.9%"); a day named in both ("Oct. 15" /
    # "October 15") is as precise
    precise = len(shared) >= 2 or any(_precise(v) for v in shared) or _same_amount(a, b) or bool(_days(a) & _days(b))
    pa = {c.predicate for c in a.claims} - LIGHT_VERBS
    pb = {c.predicate for c in b.claims} - LIGHT_VERBS
    agree = any(_same_measure(x.counted, x.unit, y.counted, y.unit) and x.compatible(y) for x in a.quantities for y in b.quantities)
    return params.predicate * float(bool(pa & pb)) + params.quantity * float(agree) + params.figure * float(precise)


Cosine = Callable[[str, str], float]  # the embedder's cosine of two texts: sentences, or clauses of them told alone


def clause_score(a: Reading, b: Reading, cosine: Cosine, params: FactMatch, within: bool = False,
                 shared: float | None = None) -> tuple[float, str, str]:
    """The best score of a clause of one sentence told alone (a `Statement`) against the other sentence whole, with
    the two texts scored: their cosine, their shared lemmas, and what the sentences share besides
    (`_shared`). Neither sentence may negate or deny one of its clauses ("police did not initially suspect foul
    play" is not "police suspected foul play"). With `within`, only `b`'s statements are told alone: `a` whole inside a clause of `b`, the test of a
    sentence that adds nothing to another (a longer sentence sharing one clause with another still tells its other
    facts). Minus infinity when neither sentence holds a statement, or when either gives a figure of something
    and no figure of the same thing or unit in the other agrees with it: a clause is too short a context for a source
    without the figure to back it ("as many as 4,000 troops have been killed" is not "troops had been killed")."""
    if any(c.negated or c.frame == "denied" for c in (*a.claims, *b.claims)):
        return float("-inf"), "", ""  # a sentence that denies one of its clauses may deny the very one that meets
    if _counts(a) or _counts(b):
        if not any(x.of_one_measure(y) and x.compatible(y) for x in a.quantities for y in b.quantities):
            return float("-inf"), "", ""
    rest = _shared(a, b, params) if shared is None else shared
    sides_a = [(a.text, a.lemmas), *((s.text, s.lemmas) for s in (() if within else a.statements))]
    sides_b = [(b.text, b.lemmas), *((s.text, s.lemmas) for s in b.statements)]
    best = (float("-inf"), "", "")
    for x, lx in sides_a:
        for y, ly in sides_b:
            if (x == a.text) == (y == b.text):
                continue  # the sentences whole are `fact_score`'s; two clauses of two longer sentences both lose their
                # context (on the tune half, "cases dragged down the recovery" met "[the impact] cases could have on
                # the recovery"): one side is a sentence whole
            score = cosine(x, y) + params.lemmas * _overlap(lx, ly) + rest
            if score > best[0]:
                best = (score, x, y)
    return best


def _counts(r: Reading) -> bool:
    """The sentence gives a figure of something: a count of a thing, or an amount in a unit."""
    return any(q.counted or q.unit for q in r.quantities)


def _days(r: Reading) -> frozenset[tuple[int, int]]:
    """The calendar days (month, day) the sentence names in the model's date spans (none without a date span)."""
    return _days_named(r.text, tuple((t.start, t.end) for t in r.times)) if r.times else frozenset()


def _weekday_named(r: Reading) -> bool:
    """The sentence names a day by its weekday or as "yesterday" in the model's date spans: a day that may be any
    calendar day the other sentence names ("The Jan. 6 committee voted on Monday" / "... voted on Dec. 19"), so the
    two sentences' days are not known to differ."""
    return bool(r.times) and _relative_day_named(r.text, tuple((t.start, t.end) for t in r.times))


@lru_cache(maxsize=4096)
def _relative_day_named(text: str, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(m.kind in ("weekday", "yesterday")
               for m in D.read_mentions(Reading(text, times=tuple(Time("", start, end, "DATE") for start, end in spans))))


@lru_cache(maxsize=4096)
def _days_named(text: str, spans: tuple[tuple[int, int], ...]) -> frozenset[tuple[int, int]]:
    """Read once per sentence (by its text and the model's date spans): a briefing weighs each sentence against a
    hundred others (profiled: reading the date patterns again for every pair was most of a seeds briefing's time)."""
    out = set()
    for m in D.read_mentions(Reading(text, times=tuple(Time("", start, end, "DATE") for start, end in spans))):
        if m.kind in ("month_day", "full") and m.get("month") and m.get("day"):
            out.add((D.MONTHS[(m.get("month") or "").lower().rstrip(".")], int(m.get("day") or 0)))
    return frozenset(out)


def _same_amount(a: Reading, b: Reading) -> bool:
    """Both give one amount of one unit, of two significant digits or more ("$92 a month" / "$92"; "5.9%"): a unit
    makes a two-digit figure a measurement two reports share, where a bare "10" is chance (tune-half pairs: 8 more
    pairs of one fact found, none of two facts)."""
    return any(x.unit and x.unit == y.unit and x.value == y.value and _digits(x.value) >= 2
               for x in a.quantities for y in b.quantities)


def _digits(value: float) -> int:
    return len(f"{abs(value):.6g}".replace(".", "").replace("-", "").replace("e+", "").strip("0"))


def _precise(value: float) -> bool:
    """Three or more significant digits: a figure two reports share by measurement, not by chance ("10" is chance)."""
    return _digits(value) >= 3


def states_its_figures(claim: Reading, source: Reading) -> bool:
    """When the claim gives figures of something (a count of a thing, an amount with a unit), the source gives one
    of them too, as a compatible figure, or gives no figure at all: a source with figures of its own and none of the
    claim's does not back the claim's ("U.S. officials said 10,000-12,000 troops" does not back "14,000 troops,
    including 3,000 sent this year", nor does "4,000 were killed"); one that tells the same fact without a number
    ("North Korea has sent troops to Russia") states what the claim states and contradicts none of it (the labels on
    the dev clusters count it, and the fit on half of them, tuned apart from the other half, confirms it: support
    recall 0.830 -> 0.874 there, 0.727 -> 0.745 on the held-out half, no single-outlet fact labelled as several).
    An incidental second figure the source leaves out does not stop it backing the first. Every figure of the source
    stands against the claim's, whatever noun it counts: the parse cannot tell another thing from the same thing
    under another noun ("4,000 North Korean soldiers … killed" against "14,000 troops" sent; letting a count of
    another noun stand aside had labelled the seeds' 14,000 with 4 sources). A claim whose figures are all bare (no
    counted thing, no unit: "dropped to 2.59 million, another low") is held to them the same way: a source whose only
    figures are others ("dipping below 300,000") does not back it, though the parse left the thing unsaid."""
    counted = [q for q in claim.quantities if q.counted or q.unit] or list(claim.quantities)
    return not counted or not source.quantities or any(q.compatible(r) for q in counted for r in source.quantities)


def _one_quotation(a: Attribution | None, b: Attribution | None, cosine: Cosine, params: FactMatch) -> bool:
    """Both quote one utterance: own words in quotation marks on both sides, told alone as close as a clause must be to
    meet (`FactMatch.clause`). Their frames may differ entirely ("When asked how…, Smith said" / "Responding to the
    reporter's question, he said"); the words said are the fact."""
    if a is None or b is None or not _quoted_shared(a, b):
        return False
    return cosine(a.said, b.said) >= params.clause


STATES = "states the same fact"


def judge(a: Reading, b: Reading, cosine: float, params: FactMatch, clauses: Cosine | None = None,
          within: bool = False) -> str:
    """`STATES` when the two sentences state one fact (no veto, and a score at the calibrated threshold, or a clause
    of one told alone meeting the other or a clause of it at CLAUSE when `clauses` gives their cosines; with
    `within`, only `a` whole inside a clause of `b`), else why not: the one decision that `same_fact`, a key point's support and `brief --explain` all read."""
    if cosine < params.prefilter:
        return f"not the same fact: cosine {cosine:.2f} < {params.prefilter}"
    why = vetoes(a, b)
    if why is not None:
        log.debug("not one fact (%s): %.60s | %.60s", why, a.text, b.text)
        return f"not the same fact: {why}"
    shared = _shared(a, b, params)
    score = fact_score(a, b, cosine, params, shared)
    if score >= params.threshold:
        return STATES
    if clauses is not None and _one_quotation(a.attribution, b.attribution, clauses, params):
        log.debug("one fact by the words both quote: %.60s | %.60s", a.text, b.text)
        return STATES
    if clauses is not None and (b.statements or a.statements and not within):
        best, x, y = clause_score(a, b, clauses, params, within, shared)
        if best >= params.clause:
            log.debug("one fact by a clause (%.2f): %.60s | %.60s", best, x, y)
            return STATES
    return f"not the same fact: score {score:.2f} < {params.threshold}"


def by_clause(a: Reading, b: Reading, cosine: float, params: FactMatch, clauses: Cosine) -> str | None:
    """The clause told alone that made two sentences one fact when they are not one as wholes (for `--explain`:
    a reader sees which part of a longer sentence states the point); None when the wholes match or nothing does."""
    if fact_score(a, b, cosine, params) >= params.threshold:
        return None
    score, x, y = clause_score(a, b, clauses, params)
    return (y if x == a.text else x) if score >= params.clause else None


def same_fact(a: Reading, b: Reading, cosine: float, params: FactMatch, clauses: Cosine | None = None,
              within: bool = False) -> bool:
    """The two sentences state one fact (either way round; with `within`, `a` is told whole inside `b`)."""
    return judge(a, b, cosine, params, clauses, within) == STATES


def backs(claim: Reading, source: Reading, cosine: float, params: FactMatch, clauses: Cosine | None = None) -> str:
    """`STATES` when `source` backs `claim`: the same fact, and one of its figures given too (support is directional)."""
    verdict = judge(claim, source, cosine, params, clauses)
    return "gives none of its figures" if verdict == STATES and not states_its_figures(claim, source) else verdict
