"""A done event is not answered by what is still to come (issue 27, round 12).

A news quiz asks of the week's events in the past tense ("the strike ended after how many days?", "which city did
the protest take place in?"), while the pages a search returns were often written before the event and tell it as
to come: "the strike is set to hit 100 days on Saturday", "a protest is expected in Washington on Tuesday". The
figure or place there is a forecast, not the answer. The reading already says how each clause is told (`Claim.tense`:
past, present, or expected — a modal, "set to", "is expected to"); this module compares the question's clause with
the clauses that hold the sentence's candidate fillers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ragnews.answer.asking import Asked
from ragnews.text.reading import Claim, Reading

log = logging.getLogger(__name__)

_INFINITIVE = "to"  # English's infinitive marker (the tagger's TO), which opens a clause the reading spans from it


def asks_done(asked: Asked) -> bool:
    """The question asks of an event told as done: the clause of its asked predicate (or of one of its event's
    verbs) is in the past tense, asserted, and not itself still to come ("how many jobs will it cut" is not;
    "how many days did they say it would last" asks of a clause told as to come, so it is not either)."""
    verbs = {asked.predicate, *asked.verbs} - {None}
    if not verbs:
        return False
    if any(c.modality == "expected" or _infinitive(asked.reading, c) for c in asked.reading.claims):
        return False  # "which city was chosen to host the 2034 Games" asks of the hosting, still to come
    clauses = [c for c in asked.reading.claims if c.predicate in verbs]
    return bool(clauses) and all(c.tense == "past" and c.modality == "asserted" for c in clauses)


def _forecast(r: Reading, clause: Claim) -> bool:
    """The clause is told as still to come by its grammar: a modal of what is expected ("will end", "would reach") or
    an infinitive the reading did not tie to a done clause ("set to hit", "plans to open": its first word is the
    infinitive marker). Not a modal of what is possible ("could not afford" is as often a past ability), nor the plain
    present the reading also calls "expected" (the present of a schedule): in news it as often tells what is going on
    ("stores are removing the products", "the road runs through three cities")."""
    return clause.modality == "expected" or clause.tense == "expected" and _infinitive(r, clause)


def _infinitive(r: Reading, clause: Claim) -> bool:
    """The clause opens with the infinitive marker ("to host the 2034 Games"), whatever tense the reading gave it from
    the clause it hangs on."""
    words = r.text[clause.start:clause.end].split()
    return bool(words) and words[0].lower() == _INFINITIVE


def told_to_come(r: Reading, spans: Sequence[tuple[int, int]]) -> bool:
    """Every candidate filler of the sentence (character spans) sits in a clause told as still to come, so the
    sentence forecasts the figure or place rather than reporting it. No fillers, or one outside every clause: no."""
    if not spans:
        return False
    for start, end in spans:
        clause = r.innermost(start, end)  # (a clause of one word, as the parse gives a bare participle, holds nothing)
        if clause is None or not _forecast(r, clause):
            return False
    log.debug("every filler is told as to come: %s", r.text)
    return True
