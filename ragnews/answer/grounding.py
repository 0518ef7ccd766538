"""Checking an LLM's citations against what the cited chunks really say.

A model may cite the wrong chunk, invent an id, or state something no source
supports (for instance because an article told it to). Each sentence of its
text is matched to the source sentence that best supports it: the cited
chunk first, then (repair) any chunk given to it. A citation survives only as
a verified quote; a sentence with no support is marked, never shown as sourced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ragnews.answer.citations import CitationBook
from ragnews.index.evidence import Sentence, chunk_sentences
from ragnews.index.search import Hit
from ragnews.text.sentences import split_spans
from ragnews.text.terms import term_matches, tokenize

_MARKER = re.compile(r"\s*\[(\d+)\]")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
UNSUPPORTED = "[unsupported]"
SUPPORT_THRESHOLD = 0.5
_TRAILING_MARKERS = re.compile(r"([.!?])((?:\s*\[\d+\])+)")
META = re.compile(r"^\W*the sources (?:don't|do not) (?:differ|disagree|quote|mention|name|give)", re.I)
ABSTAIN = re.compile(r"^\s*the sources (?:don't|do not) say", re.I)


@dataclass
class Grounded:
    text: str
    book: CitationBook
    unsupported: int = 0
    repaired: int = 0
    dropped_ids: list[int] = field(default_factory=list)

    @property
    def abstained(self) -> bool:
        return bool(ABSTAIN.match(self.text)) and not self.book.citations


def _trusted_sentences(hit: Hit) -> list[Sentence]:
    """Evidence a model's claim may rest on: never a sentence of a passage addressed to an AI."""
    return [s for s in chunk_sentences(hit.id, hit.text, hit.sentence_meta()) if not s.tainted]


def support(claim: str, evidence: Sentence) -> float:
    """Share of the claim's content words found in the evidence.

    Zero when the claim has a number or a name the evidence lacks: "troops
    were sent to Mars" is not supported by "troops were sent to Russia".
    """
    claim_tokens = set(tokenize(claim))
    if not claim_tokens:
        return 0.0
    evidence_tokens = set(tokenize(evidence.text))
    numbers = {n.replace(",", "") for n in _NUMBER.findall(claim)}
    if numbers - {n.replace(",", "") for n in _NUMBER.findall(evidence.text)}:
        return 0.0
    if any(not term_matches(name, evidence_tokens) for name in _names(claim)):
        return 0.0
    return len(claim_tokens & evidence_tokens) / len(claim_tokens)


def _names(text: str) -> set[str]:
    """Stemmed tokens of capitalised words after the first word of a sentence."""
    words = re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]+", text.strip())
    return {t for w in words for t in tokenize(w)}


def _best(claim: str, candidates: Sequence[Sentence]) -> tuple[Sentence | None, float]:
    best, score = None, 0.0
    for s in candidates:
        value = support(claim, s)
        if value > score:
            best, score = s, value
    return best, score


def ground(text: str, hits: Sequence[Hit]) -> Grounded:
    """Rewrite `text` so every [n] points at a verified quote, numbered afresh."""
    by_id = {i + 1: _trusted_sentences(hit) for i, hit in enumerate(hits)}
    everything = [s for sents in by_id.values() for s in sents]
    result = Grounded(text="", book=CitationBook())
    out_lines = []
    for line in text.splitlines():
        out_lines.append(_ground_line(line, by_id, everything, result))
    result.text = "\n".join(out_lines).strip()
    return result


def _ground_line(line: str, by_id: dict[int, list[Sentence]], everything: list[Sentence], result: Grounded) -> str:
    # "resumed.[1] Next" -> "resumed [1]. Next", so markers stay with their sentence
    line = _TRAILING_MARKERS.sub(lambda m: m.group(2) + m.group(1), line)
    pieces = [_ground_sentence(line[sp.start : sp.end], by_id, everything, result) for sp in split_spans(line)]
    return line[: len(line) - len(line.lstrip())] + " ".join(pieces)


def _ground_sentence(sentence: str, by_id: dict[int, list[Sentence]], everything: list[Sentence], result: Grounded) -> str:
    ids = [int(m) for m in _MARKER.findall(sentence)]
    claim = _MARKER.sub("", sentence).strip()
    if not ids and (_is_structural(claim) or ABSTAIN.match(claim) or META.match(claim)):
        return claim
    markers: list[int] = []
    for n in ids:
        if n not in by_id:
            result.dropped_ids.append(n)
            continue
        evidence, score = _best(claim, by_id[n])
        if evidence is not None and score >= SUPPORT_THRESHOLD:
            cited = result.book.cite_verified(evidence)
            if cited is not None:
                markers.append(cited)
    if not markers:
        evidence, score = _best(claim, everything)
        cited = result.book.cite_verified(evidence) if evidence is not None and score >= SUPPORT_THRESHOLD else None
        if cited is not None:
            markers.append(cited)
            result.repaired += 1
    if not markers:
        result.unsupported += 1
        return f"{claim} {UNSUPPORTED}"
    return _with_markers(claim, "".join(f"[{n}]" for n in dict.fromkeys(markers)))


def _with_markers(claim: str, markers: str) -> str:
    """Markers go before the closing punctuation: "It rained [1]."."""
    match = re.search(r"([.!?]+[\"'”’)]*)$", claim)
    if match:
        return f"{claim[: match.start()].rstrip()} {markers}{match.group(1)}"
    return f"{claim} {markers}"


def _is_structural(text: str) -> bool:
    """Headings and labels ("Key points", "Summary:") are not claims."""
    words = text.rstrip(":").split()
    return len(words) <= 4 and not re.search(r"[.!?]$", text)
