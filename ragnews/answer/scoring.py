"""The one scoring function of the extractive engine: how well a sentence answers a question, and whether it does.

Everything the engine decides about a candidate sentence — its rank, and whether
it may answer at all — comes from `score` over the features `extractive.py`
reads off the question and the sentence (`Features`). Its weights and
thresholds sit together here, named (`Parameters`); the ones that are cosines
belong to the embedder that made them (`CALIBRATION`, keyed by the embedder's
name), because a cosine of 0.5 means one thing to MiniLM and another to an
OpenAI model.

The decision, in order, each with the reason it gives when it fails:
1. the question's names are met by the sentence, its neighbours or its
   article's title and lead (a news article is about one thing);
   and the sentence does not contradict what the question itself states of
   the asked thing (a figure, rank or year it gives otherwise, beyond
   `premise`: "recalled 94,000 pounds" for a question saying 30,000lb);
2. the article is from the time the question asks about;
3. the sentence fills the slot: it holds a filler of the asked type in the
   asked role (`slot` >= `slot_min` for a typed question); a question whose
   noun asks a place, a figure or a date ("which US state", "what salary")
   needs one in the sentence that the question does not give (`kind_held`);
4. it speaks to what the question asks about its names (word overlap of the
   question's terms), or says it in other words (cosine >= `paraphrase`);
5. it is about what the question is about: its cosine with the question is at
   least `relevant` (words of the question met in the article's title or lead
   don't make a sentence about something else an answer), unless the question
   is open ("what did he say?" tells nothing of the words it asks for);
6. its score clears `answer`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ragnews.index.embedders import MINILM_NAME

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Parameters:
    """Weights and thresholds of `score`; cosine thresholds come from the embedder's calibration."""

    slot: float = 0.3  # weight of filling the asked slot with the asked type
    overlap: float = 0.5  # weight of the question's terms found in the sentence (idf-weighted; its context counts half)
    meaning: float = 0.5  # weight of the cosine between question and sentence
    predicate: float = 0.3  # bonus when the slot's clause has the question's predicate
    stale: float = 0.15  # most taken off for an article a year or more older than the question's date
    future: float = 0.3  # taken off for an article published after the question's date
    undated: float = 0.1  # taken off for an undated article when the question names a time ("this week")
    stale_days: float = 365.0
    slot_min: float = 0.75  # a typed question needs a filler at least this good (1.0: the type in the role)
    overlap_min: float = 0.2  # the least of the question's terms an answer must share, unless a paraphrase
    other_subject: float = 0.5  # the slot's filler is discounted when the sentence tells the predicate of someone else
    runner_up: float = 0.8  # a second answering sentence is shown when it scores this share of the best
    # the most a filler fills when the question asks of a done event and the sentence tells every filler in a clause
    # still to come ("set to hit 100 days on Saturday" for "ended after how many days"): below `slot_min`
    to_come: float = 0.7
    premise: float = 0.1  # a figure of the question's own thing further than this share from the question's tells of another
    # calibrated per embedder
    answer: float = 0.7  # the least score that answers
    paraphrase: float = 0.6  # a cosine this high is a paraphrase, whatever the words
    # below this cosine a sentence is about something else (MiniLM: every answer of the dev sets, seeds, BBC set 2 and
    # three RealTime QA weeks, was at 0.30 or more; unrelated sentences sit near 0)
    relevant: float = 0.2
    same_noun: float = 0.55  # counted nouns this close count the same things ("people", "staff")
    noun_type: float = 0.4  # a noun this close to an answer type's description takes that type ("year" -> date)
    same_predicate: float = 0.6  # a sentence's verb this close to the question's tells the same event ("recapture", "retake")
    # "WORD NOUN" this close to the question's superlative and its noun says it ("highest audience" for "biggest audience":
    # MiniLM 0.90; "lowest audience" 0.72, "smallest audience" 0.72; but antonyms come close: "weakest storm" for
    # "strongest storm" 0.865, "coldest year" for "warmest year" 0.866 — so above those)
    same_degree: float = 0.88


CALIBRATION: dict[str, Parameters] = {
    MINILM_NAME: Parameters(),  # measured on benchmarks/dev (bbc_questions, bbc_questions_2), issue 27
}


def parameters(embedder_name: str) -> Parameters:
    """The parameters calibrated for an embedder; another embedder gets MiniLM's, logged so a user can see it."""
    found = CALIBRATION.get(embedder_name)
    if found is None:
        log.debug("no calibration for embedder %s: using %s's", embedder_name, MINILM_NAME)
        return CALIBRATION[MINILM_NAME]
    return found


@dataclass(frozen=True)
class Features:
    """What the engine read off one sentence about one question."""

    slot: float  # 0..1: a filler of the asked type in the asked role (1), elsewhere (less), none (0)
    overlap: float  # 0..1: idf-weighted share of the question's terms in the sentence (its context counts half)
    meaning: float  # cosine of question and sentence (0 when not embedded)
    predicate: bool  # the question's predicate is a predicate of the sentence
    missing: tuple[str, ...]  # the question's names met nowhere in the sentence, its neighbours or its article's lead
    typed: bool  # the question asks for a particular type of answer
    age_days: int | None  # from publication to the question's date (negative: published after it)
    in_time: bool  # within the time the question names, or no time named
    timed: bool = False  # the question names a time relative to now ("this week")
    contradicts: tuple[str, ...] = ()  # the question's own figures, ranks or years the sentence gives otherwise
    open: bool = False  # the question asks what was said or what happened: it tells nothing the answer is close to
    measured: bool = True  # `meaning` is the embedder's cosine (not the 0 of a sentence left unembedded)
    # the question's noun asks for a name or figure of one kind ("which US state": a place; "what salary": a sum) and the
    # sentence holds one of that kind the question does not give (True where the noun asks no such kind)
    kind_held: bool = True


@dataclass(frozen=True)
class Verdict:
    score: float
    answers: bool
    # why it cannot answer (None when it can): a clause whose subject is "it", the sentence, so that a note can put
    # its own subject in place ("the closest one does not mention …") and `--explain` can show it as it is
    reason: str | None


def score(f: Features, p: Parameters) -> Verdict:
    """The sentence's score and whether it answers; the reason when it does not."""
    value = p.slot * f.slot + p.overlap * f.overlap + p.meaning * f.meaning + (p.predicate if f.predicate else 0.0) - _age(f.age_days, p) \
        - (p.undated if f.timed and f.age_days is None else 0.0)
    if f.missing:
        return Verdict(value, False, "it does not mention " + ", ".join(f"“{m}”" for m in f.missing))
    if f.contradicts:
        return Verdict(value, False, "it gives otherwise what the question states: " + ", ".join(f"“{c}”" for c in f.contradicts))
    if not f.in_time:
        return Verdict(value, False, "it is from outside the time the question asks about")
    if (f.typed and f.slot < p.slot_min) or not f.kind_held:
        return Verdict(value, False, "it does not hold the kind of answer asked for")
    if f.overlap < p.overlap_min and f.meaning < p.paraphrase:
        return Verdict(value, False, "it does not speak to what the question asks")
    if f.meaning < p.relevant and f.measured and not f.open:
        return Verdict(value, False, "it is about something else")
    if value < p.answer:
        return Verdict(value, False, "it holds too little of the question")
    return Verdict(value, True, None)


def _age(days: int | None, p: Parameters) -> float:
    """News questions mean "now": articles far older than the question's date, or from after it, weigh less."""
    if days is None:
        return 0.0
    if days < -1:
        return p.future
    return p.stale * min(1.0, max(0, days - 7) / p.stale_days)
