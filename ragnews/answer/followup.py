"""Follow-up questions made standalone, because retrieval has no memory.

A conversation is where people actually read the news ("who?", then "and
why?"), so a follow-up is rewritten into a standalone query before
retrieval. The llm engine asks the model (prompt `rewrite`); the extractive
engine does it deterministically by carrying the previous turn's names (and
dates) forward, never its figures: what the English model's recogniser reads as
a name, a date or a count, and its tagger as a pronoun. Pure functions: the REPL
only calls them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ragnews.text.reading import pro_form
from ragnews.text.untrusted import plain

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ragnews.answer.chat_models import ChatModel

log = logging.getLogger(__name__)

HISTORY_TURNS = 3  # turns of conversation given to the llm rewriter
MAX_CONTEXT_TERMS = 3  # names/numbers carried into a rewritten follow-up
SHORT_QUESTION_WORDS = 3


_ELLIPSIS = re.compile(r"^\s*(?:what about|how about|and|but|so|also)\b", re.I)
_WHAT_ABOUT = re.compile(r"^\s*(?:what|how)\s+about\s+(.+)$", re.I)
_LEADING_CONJUNCTION = re.compile(r"^\s*(?:and|but|so)\s+", re.I)
_META_WORDS = re.compile(r"\b(?:else|also|other|more)\b\s*", re.I)  # "what else" means "beyond that": noise for search
_MARKER = re.compile(r"\s*\[\d+\]")


@dataclass(frozen=True)
class _Read:
    """What the English model reads in a question or an answer's sentence, for carrying a conversation on."""

    points_out: bool  # it holds a third-person or demonstrative pro-form: he, its, they, this, those, there, then
    personal: bool  # it holds a third-person pronoun of a person or a group: he, her, they, them (not "it")
    terms: tuple[str, ...]  # its named entities, dates and figures, in order
    figures: frozenset[str]  # those of its terms that are counts or amounts (the recogniser's CARDINAL, MONEY…)


@lru_cache(maxsize=256)
def _read(text: str) -> _Read:
    """The question read once by the English model (its tags, morphology and named entities), not by word lists."""
    from ragnews.text.language import load

    doc = load()(text)
    terms = _terms(doc)
    read = _Read(any(pro_form(t) for t in doc), any(pro_form(t) and t.morph.get("Gender", []) != ["Neut"]
                                                         and t.morph.get("PronType", []) == ["Prs"] for t in doc),
                 tuple(term for term, _ in terms), frozenset(term for term, figure in terms if figure))
    log.debug("follow-up read %r: pro-forms %s, terms %s (figures %s)", text,
              [t.text for t in doc if pro_form(t)], read.terms, sorted(read.figures))
    return read


def _terms(doc: Doc) -> list[tuple[str, bool]]:
    """The recogniser's named entities without a leading article, its dates written with a figure ("2024", "Oct. 5,
    2024"; not "Saturday" or "last year", which name no subject), and its counts and amounts, each marked whether it
    is one (CARDINAL, MONEY, PERCENT, QUANTITY: the answer to an earlier question, not what the next is about)."""
    out: list[tuple[str, bool]] = []
    for e in doc.ents:
        if e.label_ == "ORDINAL" or e.label_ in ("DATE", "TIME") and not any(t.like_num and t.text[:1].isdigit() for t in e):
            continue
        words = [t for t in e if not (t.i == e.start and t.pos_ == "DET")]
        phrase = "".join(t.text_with_ws for t in words).strip().rstrip(".,")
        if phrase:
            out.append((phrase, e.label_ in _FIGURES))
    return out


_FIGURES = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})


def wants_more(question: str) -> bool:
    """"What else…", "anything more…": the reader has seen the last answers and wants new sentences."""
    return bool(_META_WORDS.search(question))


def needs_rewrite(question: str) -> bool:
    """Does this follow-up lean on the conversation (pronoun, ellipsis, very short)?"""
    words = re.findall(r"[\w’']+", question.lower())
    if len(words) <= SHORT_QUESTION_WORDS or _ELLIPSIS.match(question):
        return True
    return _read(question).points_out


def leans_on_earlier(question: str) -> bool:
    """Does the question only make sense after another ("and how many were killed?", "what did she say?")?

    An opening "and"/"what about", or a person named only by a pronoun. With no earlier question the chat
    says so rather than answer "how many were killed?" about anything at all.
    """
    if _ELLIPSIS.match(question):
        return True
    return _read(question).personal and not key_terms(question)


def key_terms(text: str) -> list[str]:
    """What the text names and counts, in order, as the English model's recogniser reads it: its named entities
    ("Gen. Valery V. Gerasimov" gives the person "Valery V. Gerasimov", "Russia’s Kursk" two places) and its figures
    ("14,000"), its dates written with a figure ("2024"; a day or a month names no subject: "On Saturday" gives
    nothing)."""
    return list(_read(_MARKER.sub("", text)).terms)


def first_sentence(answer: str) -> str:
    """The first sentence of an answer: up to its first citation marker, else the first split sentence."""
    marker = re.search(r"\[\d+\]", answer)
    if marker:
        return answer[: marker.start()].strip()
    from ragnews.text.sentences import split_sentences

    sentences = split_sentences(answer)
    return sentences[0] if sentences else answer.strip()


def rewrite_followup(history: Sequence[tuple[str, str]], question: str) -> str:
    """A standalone query for a follow-up: the previous turn's key names and numbers, then the question.

    Deterministic, so the extractive engine stays reproducible. Questions that
    already stand on their own, and the first question, are returned unchanged.
    """
    question = " ".join(question.split())
    if not history or not question or not needs_rewrite(question):
        return question
    prev_question, prev_answer = history[-1]
    before = [_read(_MARKER.sub("", text)) for text in (prev_question, first_sentence(prev_answer))]
    figures = frozenset().union(*(r.figures for r in before))
    context = _dedupe([t for r in before for t in r.terms])
    own = {t.lower() for t in key_terms(question)}
    # names and dates carry the subject forward; a figure from the last answer would be searched for as a topic
    context = [t for t in context if t.lower() not in own and t not in figures][:MAX_CONTEXT_TERMS]
    about = _WHAT_ABOUT.match(question)
    if about:  # "what about X?" asks the previous question again, about X
        return f"{prev_question.rstrip(' ?')}: {about.group(1).rstrip(' ?')}?"
    if not context:
        return question
    # the context goes last: the question's first words tell the engine what kind of answer it wants
    asked = _LEADING_CONJUNCTION.sub("", _META_WORDS.sub("", question)).strip() or question
    asked = asked[0].upper() + asked[1:].rstrip(" ?")
    return f"{asked} ({', '.join(context)})?"


def _dedupe(terms: list[str]) -> list[str]:
    """Drop repeats and terms contained in a longer one ("Gerasimov" inside "Valery V. Gerasimov")."""
    out: list[str] = []
    for term in terms:
        low = term.lower()
        if any(low == o.lower() or re.search(rf"\b{re.escape(low)}\b", o.lower()) for o in out):
            continue
        out = [o for o in out if not re.search(rf"\b{re.escape(o.lower())}\b", low)]
        out.append(term)
    return out


def history_text(history: Sequence[tuple[str, str]], turns: int = HISTORY_TURNS) -> str:
    """The last turns as plain 'User:/Assistant:' lines for the rewrite prompt (markers and excess cut)."""
    lines = []
    for q, a in history[-turns:]:
        answer = _MARKER.sub("", a).strip()
        lines.append(f"User: {plain(q)}\nAssistant: {plain(answer[:500])}")
    return "\n".join(lines)


def llm_rewrite(model: ChatModel, history: Sequence[tuple[str, str]], question: str) -> str:
    """Ask the model for a standalone query; fall back to the deterministic rewrite if its reply is unusable."""
    from ragnews.answer.prompts import load_prompt

    messages = load_prompt("rewrite").render(history=history_text(history), question=question)
    reply = model.complete(messages)
    lines = [line.strip().strip("\"'“”") for line in (reply or "").splitlines() if line.strip()]
    query = plain(lines[0]).strip() if lines else ""
    if not query or len(query) > 300:
        return rewrite_followup(history, question)
    return query
