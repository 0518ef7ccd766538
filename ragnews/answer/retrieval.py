"""Retrieval that reads the question: which articles are about its names, and which of their passages fill its slot.

The hybrid search ranks chunks by their likeness to the question's words and
meaning. A news article is about one thing, and the sentence that answers is
often in another chunk of the article the search found than the one it ranked
("Boeing said it expected to sell about 500 …" four chunks below the lead that
the question's words matched). So `ask` reads the question as the extractive
engine does (`asking.read_question`: its names with their variants, its event
verbs, the slot and the type that fills it), and for the best retrieved
articles that meet the most of the names the question requires (at least one) it reads the article's
other chunks too, keeping those whose sentences best fill the slot and share
the question's words. The lexical query carries the names' variants (a
person's surname, an organisation's acronym) beside the question.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from ragnews.answer.ahead import take
from ragnews.answer.asking import Asked, names_met, read_question, sentence_words
from ragnews.index.search import Hit
from ragnews.text.reading import Reader, is_country_key, speakers
from ragnews.text.terms import stem, term_matches, tokenize

log = logging.getLogger(__name__)

WIDENED_ARTICLES = 2  # the best retrieved articles about the question's names whose other chunks are read too
WIDENED_CHUNKS = 3  # per widened article: how many of its other chunks join the candidates
ARTICLE_CHUNKS = 16  # an article's chunks read when it is widened (a long web page's tail is rarely the answer)


@dataclass(frozen=True)
class Plan:
    """The question as retrieval uses it: its reading, and the lexical query built from it."""

    asked: Asked
    lexical: str  # the question, then the variants of its names it does not spell out ("Straw", "CIA")


def plan(question: str, reader: Reader) -> Plan:
    """Read the question once for retrieval (the parse is cached; the engine reads it again for free)."""
    asked = take(question, reader.model) or read_question(question, reader)  # read ahead by a child, on a cold start
    written = {w.lower() for w in tokenize(question)} | set(sentence_words([question]))
    extra = [v for e in asked.entities for v in e.variants if not is_country_key(v) and v not in written]
    lexical = " ".join([question, *dict.fromkeys(extra)])
    log.debug("retrieval plan for %r: lexical %r", question, lexical)
    return Plan(asked, lexical)


def about_names(p: Plan, hits: Sequence[Hit], limit: int = WIDENED_ARTICLES) -> list[str]:
    """The `limit` retrieved articles most about the question's names: those whose title and retrieved text meet more
    of the names it requires first (one of names joined by "and" is enough), then in the hits' order; an article that
    meets none is not about the question. With no names, the first `limit` articles."""
    texts: dict[str, list[str]] = {}
    for h in hits:
        texts.setdefault(h.path, [h.title or ""]).append(h.text)
    ranked = []
    for order, (path, parts) in enumerate(texts.items()):
        words = sentence_words(parts)
        met = {e.text for e in p.asked.entities if names_met(e, words, words)}
        missing = [e.text for e in p.asked.entities if e.text not in met and not any(e.text in g and g & met for g in p.asked.joined)]
        if p.asked.entities and not met:
            continue
        ranked.append((len(missing), order, path))
    return [path for *_, path in sorted(ranked)[:limit]]


def rank_chunks(p: Plan, chunks: Sequence[Hit], reader: Reader) -> list[Hit]:
    """The chunks, best first: by how well their best sentence fills the question's slot (`extractive.slot_fill`, the
    engine's own reading of a sentence), then by the share of the question's terms the chunk holds."""
    from ragnews.answer.extractive import slot_fill
    from ragnews.index.evidence import chunk_sentences

    terms = [stem(t) for t in p.asked.terms]
    ranked = []
    for i, h in enumerate(chunks):
        sentences = [s.text for s in chunk_sentences(h.id, h.text, h.sentence_meta(), detect=False)]
        readings = reader.read(sentences) if sentences else []
        best = max((slot_fill(p.asked, r, a) for r, a in zip(readings, speakers(readings))), default=0.0)
        words = {stem(w) for w in tokenize(h.text)}
        share = sum(1 for t in terms if term_matches(t, words)) / (len(terms) or 1)
        ranked.append((-best, -share, i))
    ranked.sort()
    return [chunks[i] for *_, i in ranked]
