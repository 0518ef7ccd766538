"""The extractive engine: answers made only of verbatim, cited sentences.

No generative model runs offline, so the default engine selects sentences
instead of writing them: retrieve (hybrid, diverse), split into sentences,
score each against the question (meaning + key-term coverage + answer type),
and keep the few that answer it across sources without repeating each other.
It abstains when no sentence speaks to the question's key entities and focus.
Deterministic: same store, same question, same answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ragnews.answer.citations import CitationBook
from ragnews.answer.model import Answer
from ragnews.answer.questions import QuestionInfo, analyse, term_matches
from ragnews.index.embedders import Embedder
from ragnews.index.evidence import ArticleText, Sentence, chunk_sentences
from ragnews.index.search import Hit
from ragnews.text.sentences import is_prose
from ragnews.text.terms import tokenize

_NUMBER = re.compile(r"\d[\d,.]*|\b(?:dozens|hundreds|thousands|millions|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred)\b", re.I)
_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|last (?:year|month|week)|earlier this (?:year|month))\b", re.I)
_PLACE = re.compile(r"\b(?:in|at|near|on the sidelines of|outside)\s+(?:the\s+)?[A-Z]")
_PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z\-]+)+\b")

MAX_ANSWER_SENTENCES = 3


@dataclass
class Scored:
    sentence: Sentence
    score: float
    coverage: float
    dense: float
    tokens: frozenset[str]


def candidate_sentences(hits: Sequence[Hit]) -> list[Sentence]:
    """Sentences of the retrieved chunks, once each (chunks overlap), prose only."""
    seen: set[tuple[str, int]] = set()
    out: list[Sentence] = []
    for hit in hits:
        for s in chunk_sentences(hit.id, hit.text, hit.sentence_meta()):
            key = (s.path, s.offset)
            if key in seen or not is_prose(s.text) or s.tainted:
                continue  # text aimed at an AI is data, never an answer
            seen.add(key)
            out.append(s)
    return out


_ASKS_WORDS = re.compile(r"\b(say|said|says|describe|described|call|called|react|reacted|respond|responded|characteri[sz]e|reaction)\b", re.I)
_QUOTED = re.compile(r"[“\"][^”\"]{3,}[”\"]")


def _type_bonus(info: QuestionInfo, text: str) -> float:
    if _ASKS_WORDS.search(info.text) and _QUOTED.search(text):
        return 0.1
    if info.kind in ("count", "quantity"):
        return 0.12 if _NUMBER.search(text) else -0.08
    if info.kind == "when":
        return 0.12 if _DATE.search(text) else -0.05
    if info.kind == "where":
        return 0.08 if _PLACE.search(text) else 0.0
    if info.kind == "who":
        return 0.05 if _PERSON.search(text) else 0.0
    return 0.0


def _coverage(info: QuestionInfo, tokens: set[str], idf: dict[str, float]) -> float:
    if not info.terms:
        return 0.0
    total = sum(idf.get(t, 1.0) for t in info.terms)
    got = sum(idf.get(t, 1.0) for t in info.terms if term_matches(t, tokens))
    return got / total if total else 0.0


def _idf(sentences: Sequence[set[str]], terms: Sequence[str]) -> dict[str, float]:
    n = len(sentences) or 1
    return {t: float(np.log(1 + n / (1 + sum(1 for s in sentences if term_matches(t, s))))) for t in terms}


def score_sentences(question: str, sentences: Sequence[Sentence], embedder: Embedder) -> tuple[QuestionInfo, list[Scored]]:
    info = analyse(question)
    token_sets = [set(tokenize(s.text)) for s in sentences]
    idf = _idf(token_sets, info.terms)
    lexical = [_coverage(info, toks, idf) for toks in token_sets]
    # embed only the lexically plausible sentences: keeps ask fast on big stores
    order = sorted(range(len(sentences)), key=lambda i: (-lexical[i], sentences[i].path, sentences[i].offset))[:16]
    dense = np.zeros(len(sentences), dtype=np.float32)
    if order:
        vectors = embedder.embed([question] + [sentences[i].text for i in order])
        dense[order] = vectors[1:] @ vectors[0]
    scored = []
    for i, s in enumerate(sentences):
        score = 0.5 * float(dense[i]) + 0.5 * lexical[i] + _type_bonus(info, s.text)
        scored.append(Scored(s, score, lexical[i], float(dense[i]), frozenset(token_sets[i])))
    scored.sort(key=lambda x: (-x.score, x.sentence.path, x.sentence.offset))
    return info, scored


def answerable(info: QuestionInfo, picked: Sequence[Scored]) -> tuple[bool, list[str]]:
    """Does the evidence speak to every key entity and the focus of the question?"""
    if not picked:
        return False, list(info.required)
    covered = set().union(*(p.tokens for p in picked))
    missing = [t for t in info.required if not term_matches(t, set(covered))]
    if missing:
        return False, missing
    best = picked[0]
    if best.coverage < 0.25 or (best.dense < 0.3 and best.coverage < 0.75):
        return False, []
    return True, []


def select(scored: Sequence[Scored], info: QuestionInfo, limit: int = MAX_ANSWER_SENTENCES) -> list[Scored]:
    """The best sentence, plus close runners-up that add something and, ideally, another source."""
    if not scored:
        return []
    top = scored[0]
    picked = [top]
    for cand in scored[1:]:
        if len(picked) >= limit:
            break
        if cand.score < top.score * 0.75 or cand.score < 0.3:
            break
        if any(_redundant(cand, p) for p in picked):
            continue
        picked.append(cand)
    # an entity the best sentence misses may be covered by a runner-up
    if any(not term_matches(t, set(top.tokens)) for t in info.required):
        for cand in scored[1:8]:
            if cand not in picked and len(picked) < limit and any(term_matches(t, set(cand.tokens)) for t in info.required if not term_matches(t, set(top.tokens))):
                picked.append(cand)
    return picked


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
    """Verbatim sentences, each followed by its citation; only verified ones survive."""
    parts = []
    for p in sorted(picked, key=lambda x: -x.score):
        n = book.cite_verified(p.sentence)
        if n is not None:
            parts.append(f"{p.sentence.text} [{n}]")
    return " ".join(parts)


def extractive_answer(question: str, hits: Sequence[Hit], embedder: Embedder) -> Answer:
    """Answer from retrieved chunks, or abstain with what was missing."""
    sentences = candidate_sentences(hits)
    info, scored = score_sentences(question, sentences, embedder)
    picked = select(scored, info)
    ok, missing = answerable(info, picked)
    book = CitationBook()
    text = compose(picked, book) if ok else ""
    if not text:
        return Answer(question, abstention(info, missing), True, "extractive", None)
    notes = disagreement_notes(info, sentences, book)
    return Answer(question, text, False, "extractive", None, citations=book.citations, notes=notes)


def disagreement_notes(info: QuestionInfo, sentences: Sequence[Sentence], book: CitationBook) -> list[str]:
    """When the answer depends on which source you read, say so, citing each version."""
    from ragnews.analysis import analyze

    notes = []
    for d in analyze(_as_articles(sentences)).discrepancies:
        if d.compatible or not any(term_matches(t, set(tokenize(d.subject))) for t in info.terms):
            continue
        versions = []
        for claim in d.claims:
            marks = [n for n in (book.cite_verified(s) for s in claim.refs) if n is not None]
            if marks:
                versions.append(f"“{claim.value}” " + "".join(f"[{m}]" for m in dict.fromkeys(marks)))
        if len(versions) >= 2:
            notes.append(f"Sources differ on {d.subject}: " + " vs ".join(versions) + ".")
    return notes


def _as_articles(sentences: Sequence[Sentence]) -> list[ArticleText]:
    """The retrieved sentences grouped by article, in reading order (dates unknown here)."""
    by_path: dict[str, list[Sentence]] = {}
    for s in sorted(sentences, key=lambda s: (s.path, s.offset)):
        by_path.setdefault(s.path, []).append(s)
    return [ArticleText(path, sents[0].source, sents[0].title, sents[0].outlet, None, sents) for path, sents in by_path.items()]
