"""The extractive engine: answers made only of verbatim, cited sentences.

No generative model runs offline, so the default engine selects sentences
instead of writing them: retrieve (hybrid, diverse), split into sentences,
score each against the question (meaning + key-term coverage + answer type +
closeness in time), and keep the few that answer it across sources without
repeating each other. A sentence that leans on the one before it ("He
said…", "The move…") brings that sentence along, so the answer names its
subject. It abstains when no sentence speaks to the question's entities and
relation, or when the question wants a figure or a date and none is there.
Deterministic: same store, same question, same answer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np

from ragnews.answer.answertypes import min_fit, type_fit
from ragnews.answer.citations import CitationBook
from ragnews.answer.model import Answer
from ragnews.answer.questions import Entity, QuestionInfo, analyse, initials, term_matches
from ragnews.index.embedders import Embedder
from ragnews.index.evidence import ArticleText, Sentence, chunk_sentences
from ragnews.index.search import CONTEXT_ONLY, Hit
from ragnews.text.places import country_keys
from ragnews.text.sentences import is_prose
from ragnews.text.terms import tokenize

MAX_ANSWER_SENTENCES = 3
ADJACENT_GAP = 4  # characters between two sentences of an article that still make them neighbours (spaces, newlines)
# Confidence floor, measured on the dev sets (benchmarks/README.md): below it an answer was more often
# on-topic noise for a question the sources don't answer than a right answer.
MIN_SCORE, WEAK_COVERAGE, WEAK_DENSE = 0.45, 0.45, 0.6
CARRIED_WEIGHT = 0.3  # terms a follow-up carries from the previous turn help, but the question's own words decide
RELATION_FREE_DENSE = 0.7  # above this similarity a paraphrase may share no word with the question
PREFER_TYPED = 0.1  # a sentence of the asked type wins over a slightly better-scored one without
TYPE_WEIGHT = 0.3  # holding the kind of answer asked for (a sum, a date, a cause) outweighs echoing more of the question
EMBEDDED_CANDIDATES = 16  # MiniLM on the question + this many sentences is most of ask's time
STALE_DAYS, STALE_PENALTY, FUTURE_PENALTY = 365.0, 0.15, 0.3
_LEANS = re.compile(r"^(?:he|she|they|it|this|that|these|those|his|her|their|its|such|the move|the decision|the deal|"
                    r"the company|the firm|the group|the plan|the report|the announcement|the statement|the comments|"
                    r"but he|but she|but they|and he|and she)\b", re.I)


@dataclass
class Scored:
    sentence: Sentence
    score: float
    coverage: float
    dense: float
    tokens: frozenset[str]
    fit: float = 0.0  # answer type
    missing: tuple[str, ...] = ()  # required entities/focus not named by the sentence or its context
    lean_on: Sentence | None = None  # the previous sentence, when the answer needs it to name its subject
    then: Sentence | None = None  # the next sentence, when it holds the asked-for type this one lacks
    heard: bool = False  # "What did X say": X is the speaker here (strong evidence however the question is worded)
    in_time: bool = True  # published within the time the question names ("this week"), or no date to tell
    relation: float = 1.0  # share of the question's non-name terms (the relation asked about) in the sentence or its context


@dataclass
class Evidence:
    """The retrieved sentences, plus each one's neighbour and article title (its context)."""

    sentences: list[Sentence]
    previous: dict[tuple[str, int], Sentence]
    titles: dict[str, str]
    following: dict[tuple[str, int], Sentence] = field(default_factory=dict)


def candidate_sentences(hits: Sequence[Hit], exclude: Collection[str] = ()) -> Evidence:
    """Sentences of the retrieved chunks, once each (chunks overlap), prose only; their neighbours for context."""
    by_path: dict[str, dict[int, Sentence]] = {}
    candidates: dict[tuple[str, int], Sentence] = {}
    titles: dict[str, str] = {}
    shown = {" ".join(q.split()) for q in exclude}
    for hit in hits:
        titles.setdefault(hit.path, hit.title or "")
        context_only = bool(hit.meta.get(CONTEXT_ONLY))
        for s in chunk_sentences(hit.id, hit.text, hit.sentence_meta()):
            by_path.setdefault(s.path, {}).setdefault(s.offset, s)
            if context_only or not _answer_like(s) or " ".join(s.text.split()) in shown:
                continue  # text aimed at an AI is data, never an answer; nor is a question; what was shown already is not news
            candidates.setdefault((s.path, s.offset), s)
    previous: dict[tuple[str, int], Sentence] = {}
    following: dict[tuple[str, int], Sentence] = {}
    for sentences in by_path.values():
        ordered = [sentences[o] for o in sorted(sentences)]
        for before, after in zip(ordered, ordered[1:]):
            if not 0 <= after.offset - (before.offset + len(before.text)) <= ADJACENT_GAP:
                continue  # a gap: the chunk between them was not retrieved
            if not before.tainted and is_prose(before.text):
                previous[(after.path, after.offset)] = before
            if not after.tainted and is_prose(after.text):
                following[(before.path, before.offset)] = after
    return Evidence(list(candidates.values()), previous, titles, following)


def _answer_like(s: Sentence) -> bool:
    return is_prose(s.text) and not s.tainted and not s.text.rstrip("\"”’' ").endswith("?")


@dataclass(frozen=True)
class _Context:
    tokens: frozenset[str]
    countries: frozenset[str]
    initials: frozenset[str]
    capitals: frozenset[str]  # stems of the words written capitalised (names, as opposed to common nouns)

    def names(self, entity: Entity) -> bool:
        return entity.found_in(self.tokens, self.countries, self.initials, self.capitals)


_CAPITALISED = re.compile(r"\b[A-Z][\w’'\-]*")


@lru_cache(maxsize=4096)
def _context(text: str) -> _Context:
    """A text's words, countries, acronyms and names; cached, as a sentence is read as a candidate, as a
    neighbour and again by the next question in a chat."""
    return _Context(frozenset(tokenize(text)), country_keys(text), frozenset(initials(text)),
                    frozenset(tokenize(" ".join(_CAPITALISED.findall(text)))))


_NO_CONTEXT = _Context(frozenset(), frozenset(), frozenset(), frozenset())


def _missing(info: QuestionInfo, own: _Context, prev: _Context | None, title: _Context) -> tuple[tuple[str, ...], bool]:
    """(required names/relation not found in the sentence or its context, whether the previous sentence is needed)."""
    missing: list[str] = []
    needs_prev = False
    for entity in info.names:
        if own.names(entity) or title.names(entity):
            continue
        if prev is not None and prev.names(entity):
            needs_prev = True
            continue
        missing.append(entity.text)
    for word in info.focus:
        if term_matches(word, own.tokens):
            continue
        if prev is not None and term_matches(word, prev.tokens):
            needs_prev = True
            continue
        missing.append(word)
    return tuple(missing), needs_prev


_SPEECH_VERBS = (r"said|says|say|told|tells|added|adds|warned|warns|stated|described|describes|called|calls|insisted|"
                 r"argued|claimed|noted|explained|according to|responded|replied|wrote|commenting")
_SPEECH = re.compile(rf"\b(?:{_SPEECH_VERBS})\b", re.I)
_PRONOUN_SPEECH = re.compile(rf"\b(?:he|she|they)\s+(?:\w+\s+)?(?:{_SPEECH_VERBS})\b|\b(?:{_SPEECH_VERBS})\s+(?:he|she|they)\b", re.I)


SPEAKER_BEFORE, SPEAKER_AFTER = 12, 3  # words between a speaker's name and "said": "X, an expert at Y, said" / "said X"


def _near_speech(entity: Entity, text: str) -> bool:
    """Is the name the subject of a speech verb ("Peskov said", "said Jeremy Dear"), not just mentioned?"""
    words = re.findall(r"[\w’'\-]+", text)
    stems = [set(tokenize(w)) for w in words]
    names = [i for i, st in enumerate(stems) if entity.stems and (entity.stems[-1] in st or entity.stems[0] in st)]
    verbs = [i for i, w in enumerate(words) if _SPEECH.fullmatch(w) or (w.lower() == "according" and i + 1 < len(words))]
    return any(-SPEAKER_AFTER <= v - n <= SPEAKER_BEFORE for n in names for v in verbs)


def _spoken_by(speakers: Sequence[Entity], text: str, own: _Context, prev: _Context | None) -> tuple[bool, bool]:
    """(is a named speaker quoted or reported here, whether that needs the previous sentence's name for "he said")."""
    if not _SPEECH.search(text):
        return False, False
    if any(own.names(e) and _near_speech(e, text) for e in speakers):
        return True, False
    if prev is not None and _PRONOUN_SPEECH.search(text) and any(prev.names(e) for e in speakers):
        return True, True
    return False, False


def _coverage(info: QuestionInfo, own: AbstractSet[str], around: AbstractSet[str], idf: dict[str, float]) -> float:
    """idf-weighted share of the question's terms in the sentence (its context counts half)."""
    if not info.terms:
        return 0.0
    weight = {t: idf.get(t, 1.0) * (CARRIED_WEIGHT if t in info.context else 1.0) for t in info.terms}
    total = sum(weight.values())
    got = sum(w * (1.0 if term_matches(t, own) else 0.5 if term_matches(t, around) else 0.0) for t, w in weight.items())
    return got / total if total else 0.0


def _relation_terms(info: QuestionInfo) -> tuple[str, ...]:
    """What the question asks *about* its names: its terms less the names and the carried context."""
    return tuple(t for t in info.terms if t not in info.entities and t not in info.context)


def _idf(sentences: Sequence[AbstractSet[str]], terms: Sequence[str]) -> dict[str, float]:
    n = len(sentences) or 1
    return {t: float(np.log(1 + n / (1 + sum(1 for s in sentences if term_matches(t, s))))) for t in terms}


def _age(published: str | None, as_of: dt.date | None) -> int | None:
    """Days from the article's publication to the question's date (negative: published after it)."""
    if as_of is None or not published:
        return None
    try:
        return (as_of - dt.date.fromisoformat(published[:10])).days
    except ValueError:
        return None


def _age_penalty(days: int | None) -> float:
    """News questions mean "now": articles far older than the question's date, or from after it, weigh less."""
    if days is None:
        return 0.0
    if days < -1:
        return FUTURE_PENALTY
    return STALE_PENALTY * min(1.0, max(0, days - 7) / STALE_DAYS)


def _outside(days: int | None, window: int | None) -> bool:
    """Published outside the time the question names ("this week"), when both are known."""
    return days is not None and window is not None and (days > window or days < -2)


@dataclass
class _Setting:
    """What scoring every candidate sentence shares: the question, its idf weights, the titles, the date."""

    info: QuestionInfo
    relation: QuestionInfo  # the question reduced to its relation terms
    idf: dict[str, float]
    titles: dict[str, _Context]
    as_of: dt.date | None
    speakers: list[Entity]  # for "what did X say": the named people who must be speaking


def score_sentences(question: str, evidence: Evidence, embedder: Embedder, as_of: dt.date | None = None) -> tuple[QuestionInfo, list[Scored]]:
    """Every candidate scored (coverage, answer type, time, meaning), best first."""
    info = analyse(question)
    own = [_context(s.text) for s in evidence.sentences]
    setting = _Setting(info, replace(info, terms=_relation_terms(info)), _idf([c.tokens for c in own], info.terms),
                       {path: _context(title) for path, title in evidence.titles.items()}, as_of,
                       [e for e in info.names if not e.countries] if info.answer_type == "quote" else [])
    scored = [_score(setting, s, own[i], evidence.previous.get((s.path, s.offset))) for i, s in enumerate(evidence.sentences)]
    _embed_best(question, scored, embedder)
    scored.sort(key=lambda x: (-x.score, x.sentence.path, x.sentence.offset))
    _attach_next(info, scored, evidence)
    return info, scored


def _score(setting: _Setting, s: Sentence, own: _Context, prev: Sentence | None) -> Scored:
    """One sentence, without its meaning (added for the best ones by `_embed_best`)."""
    info = setting.info
    prev_ctx = _context(prev.text) if prev is not None else None
    title = setting.titles.get(s.path) or _NO_CONTEXT
    around = title.tokens | (prev_ctx.tokens if prev_ctx is not None else frozenset())
    missing, needs_prev = _missing(info, own, prev_ctx, title)
    fit = type_fit(info, s.text)
    if setting.speakers:  # "What did X say…": X must be the one speaking, here or as the "he" of the sentence before
        heard, via_prev = _spoken_by(setting.speakers, s.text, own, prev_ctx)
        fit, needs_prev = (1.0 if heard else min(fit, 0.3)), needs_prev or via_prev
    leans = bool(_LEANS.match(s.text)) and prev is not None
    item = Scored(s, 0.0, _coverage(info, own.tokens, around, setting.idf), 0.0, frozenset(own.tokens), fit, missing,
                  prev if (needs_prev or leans) else None)
    item.heard = bool(setting.speakers) and fit >= 1.0
    item.relation = _coverage(setting.relation, own.tokens, around, setting.idf) if setting.relation.terms else 1.0
    days = _age(s.published, setting.as_of)
    item.score = 0.5 * item.coverage + TYPE_WEIGHT * item.fit - _age_penalty(days) - 0.1 * len(missing)
    item.in_time = not _outside(days, info.window_days)
    return item


def _attach_next(info: QuestionInfo, scored: list[Scored], evidence: Evidence) -> None:
    """"One of Japan's best-known businessmen was arrested…" — the name is in the next sentence: bring it."""
    if scored and info.answer_type and scored[0].fit < 1.0:
        after = evidence.following.get((scored[0].sentence.path, scored[0].sentence.offset))
        if after is not None and type_fit(info, after.text) >= 1.0:
            scored[0].then = after


def _embed_best(question: str, scored: list[Scored], embedder: Embedder) -> None:
    """Add meaning (MiniLM) to the lexically best candidates only: keeps ask fast on big stores."""
    order = sorted(range(len(scored)), key=lambda i: (bool(scored[i].missing), -scored[i].score, scored[i].sentence.path, scored[i].sentence.offset))
    order = order[:EMBEDDED_CANDIDATES]
    if not order:
        return
    vectors = embedder.embed([question] + [scored[i].sentence.text for i in order])
    for j, i in enumerate(order):
        scored[i].dense = float(vectors[j + 1] @ vectors[0])
        scored[i].score += 0.5 * scored[i].dense


def answerable(info: QuestionInfo, picked: Sequence[Scored]) -> tuple[bool, list[str]]:
    """Does the best sentence (with its context) speak to every entity and the relation, with the type of answer asked?"""
    if not picked:
        return False, [e.text for e in info.names] + list(info.focus)
    best = picked[0]
    if best.missing:
        return False, list(best.missing)
    if not best.in_time:
        return False, []
    if best.fit < min_fit(info):
        return False, []
    if not _speaks_to_relation(best, info):
        return False, []  # the right names, but nothing of what the question asks about them
    if not best.heard and not _confident(best):
        return False, []  # on topic, but too little of the question in it: news search always finds *something*
    typed = best.fit >= 1.0 and best.dense >= 0.2  # the right kind of answer about the right names needs less overlap
    if best.coverage < 0.25 or (best.dense < 0.3 and best.coverage < 0.75 and not typed):
        return False, []
    return True, []


def _speaks_to_relation(s: Scored, info: QuestionInfo) -> bool:
    """Some of what the question asks about its names is there, or the meaning is close enough to be a paraphrase."""
    return s.relation > 0.0 or len(_relation_terms(info)) < 2 or s.dense >= RELATION_FREE_DENSE


def _confident(s: Scored) -> bool:
    """Above the confidence floor: enough of the question in the sentence, or enough of its meaning."""
    return s.score >= MIN_SCORE and (s.coverage >= WEAK_COVERAGE or s.dense >= WEAK_DENSE)


def select(scored: Sequence[Scored], info: QuestionInfo, limit: int = MAX_ANSWER_SENTENCES) -> list[Scored]:
    """The best sentence that can answer, plus close runners-up that add something, ideally from another source."""
    usable = [s for s in scored if not s.missing and s.fit >= min_fit(info) and s.in_time]
    if not usable:
        return list(scored[:1])
    typed = [s for s in usable if s.fit >= 1.0 and _confident(s) and _speaks_to_relation(s, info)]
    top = typed[0] if typed and typed[0].score >= usable[0].score - PREFER_TYPED else usable[0]
    usable = [top] + [s for s in usable if s is not top]
    picked = [top]
    used = 1 + (top.lean_on is not None) + (top.then is not None)
    for cand in usable[1:]:
        cost = 1 + (cand.lean_on is not None and not _is_picked(cand.lean_on, picked))
        if used + cost > limit or cand.score < top.score * 0.75 or cand.score < 0.3:
            continue
        if any(_redundant(cand, p) or cand.sentence in (p.lean_on, p.then) or p.sentence == cand.lean_on for p in picked):
            continue
        picked.append(cand)
        used += cost
    return picked


def _is_picked(s: Sentence, picked: Sequence[Scored]) -> bool:
    return any(p.sentence == s or p.lean_on == s for p in picked)


def _redundant(a: Scored, b: Scored) -> bool:
    inter = len(a.tokens & b.tokens)
    union = len(a.tokens | b.tokens) or 1
    return inter / union > 0.6 or a.sentence.text == b.sentence.text


def abstention(info: QuestionInfo, missing: Sequence[str]) -> str:
    subject = info.text.rstrip("?").strip()
    if missing:
        terms = ", ".join(f"“{m}”" for m in missing)
        return f"The sources don't say. None of the retrieved articles mentions {terms} in connection with this question ({subject})."
    return f"The sources don't say. Nothing in the retrieved articles answers: {subject}."


def compose(picked: Sequence[Scored], book: CitationBook) -> str:
    """Verbatim sentences, each followed by its citation; a sentence's needed context comes just before it."""
    parts: list[str] = []
    for p in picked:  # best first: the first sentence of the answer is the one that answers
        group = [s for s in (p.lean_on, p.sentence, p.then) if s is not None]
        marks = [(s, book.cite_verified(s)) for s in group]
        if all(n is None for s, n in marks if s is p.sentence):
            continue  # the answering sentence itself must verify
        parts.extend(f"{as_sentence(s.text)} [{n}]" for s, n in marks if n is not None and f"[{n}]" not in " ".join(parts))
    return " ".join(parts)


def as_sentence(text: str) -> str:
    """A quoted sentence as the answer shows it: from a capital, even where its source slipped ("… in the war.
    the South Korean military also said …" reads as a fragment); its citation keeps the quote verbatim."""
    return text[0].upper() + text[1:] if text[:1].islower() else text


def extractive_answer(question: str, hits: Sequence[Hit], embedder: Embedder, as_of: dt.date | None = None,
                      exclude: Collection[str] = ()) -> Answer:
    """Answer from retrieved chunks, or abstain with what was missing; `exclude` holds quotes already shown."""
    evidence = candidate_sentences(hits, exclude)
    info, scored = score_sentences(question, evidence, embedder, as_of)
    picked = select(scored, info)
    ok, missing = answerable(info, picked)
    if not ok:
        return Answer(question, abstention(info, missing), True, "extractive", None)
    book = CitationBook()
    disputes = question_discrepancies(info, evidence.sentences, embedder)
    lead = _disputed_lead(picked[0], disputes) if picked else None
    opening = _difference(lead, book) if lead is not None else None  # said first: the sources disagree
    text = compose(picked[:1] if opening else picked, book)  # after it, only the best-placed version, told as one
    if not text:
        return Answer(question, abstention(info, missing), True, "extractive", None)
    if opening:
        text = f"{opening} {text}"
    notes = [n for n in (_difference(d, book) for d in disputes) if n]  # the notes list every difference, as before
    return Answer(question, text, False, "extractive", None, citations=book.citations, notes=notes)


def disagreement_notes(info: QuestionInfo, sentences: Sequence[Sentence], book: CitationBook,
                       embedder: Embedder | None = None) -> list[str]:
    """When the answer depends on which source you read, say so, citing each version."""
    return [n for n in (_difference(d, book) for d in question_discrepancies(info, sentences, embedder)) if n]


def question_discrepancies(info: QuestionInfo, sentences: Sequence[Sentence], embedder: Embedder | None = None) -> list[Any]:
    """The retrieved sources' conflicting figures and dates about what the question asks. With the embedder the
    figures' clauses are compared by meaning, as in a briefing ("the Oct. 7 attack that killed 1,400 people" and
    "more than 100,000 people marched through Paris" count people, but not the same people)."""
    from ragnews.analysis import analyze

    similarity = (lambda texts: embedder.embed(texts)) if embedder is not None else None
    return [d for d in analyze(_as_articles(sentences), similarity=similarity).discrepancies
            if not d.compatible and any(term_matches(t, set(tokenize(d.subject))) for t in info.terms)]


def _difference(d: Any, book: CitationBook) -> str | None:
    """'Sources differ on S: “A” [1] vs “B” [2].', or None when fewer than two versions can be cited."""
    versions = []
    for claim in d.claims:
        marks = [n for n in (book.cite_verified(s) for s in claim.refs) if n is not None]
        if marks:
            versions.append(f"“{claim.value}” " + "".join(f"[{m}]" for m in dict.fromkeys(marks)))
    return f"Sources differ on {d.subject}: " + " vs ".join(versions) + "." if len(versions) >= 2 else None


def _disputed_lead(top: Scored, disputes: Sequence[Any]) -> Any | None:
    """The discrepancy in which the answer's first sentence gives one source's figure and other sources another.

    Whatever injection detection misses, a planted figure ("95,000 troops") then can't open the answer as fact:
    the answer opens by saying the sources disagree, each version cited.
    """
    for d in disputes:
        for claim in d.claims:
            own = {r.path for r in claim.refs}
            if top.sentence in claim.refs and len(own) == 1 and any({r.path for r in c.refs} - own for c in d.claims if c is not claim):
                return d
    return None


def _as_articles(sentences: Sequence[Sentence]) -> list[ArticleText]:
    """The retrieved sentences grouped by article, in reading order (dates unknown here)."""
    by_path: dict[str, list[Sentence]] = {}
    for s in sorted(sentences, key=lambda s: (s.path, s.offset)):
        by_path.setdefault(s.path, []).append(s)
    return [ArticleText(path, sents[0].source, sents[0].title, sents[0].outlet, None, sents) for path, sents in by_path.items()]
