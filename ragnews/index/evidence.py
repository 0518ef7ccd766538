"""The one sentence model: a sentence of a stored article, ready to be cited.

Search returns chunks; answers, briefings and the cross-source analyses all
work on the sentences inside them. Each `Sentence` carries its file, lines
and character offset, so whatever an analysis finds can be cited directly,
with no lookup back from text to source.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ragnews.ingest.cleaning import split_site
from ragnews.text.injection import is_injection, rules_fingerprint, tainted_passages
from ragnews.text.sentences import caption_paragraphs, split_spans


@dataclass(frozen=True)
class Sentence:
    """One sentence of a stored article, with everything needed to cite it."""

    text: str
    source: str
    path: str
    start_line: int
    end_line: int
    offset: int  # character offset in the article's clean text (orders sentences)
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    format: str = "txt"
    encoding: str = "utf-8"
    chunk_id: str = ""
    tainted: bool = False  # part of a passage that addresses an AI: data, never evidence
    url: str | None = None  # the page a web snapshot was fetched from


def chunk_sentences(chunk_id: str, text: str, meta: dict[str, Any], detect: bool = True) -> list[Sentence]:
    """Split a stored chunk into sentences, each mapped to its file lines and marked if its passage is tainted.

    `detect=False` trusts the taint recorded at ingest alone (no detection run here): for callers that
    look at one or two sentences and check those themselves.
    """
    linemap = json.loads(meta.get("linemap") or "[]") or [[0, int(meta.get("start_line", 1)), int(meta.get("end_line", 1))]]
    tainted = _tainted_lines(text, linemap, meta) if detect else _stored_taint(meta)
    base = int(meta.get("start", 0))
    out = []
    for span in split_spans(text):
        first = _entry(linemap, span.start)
        last = _entry(linemap, max(span.start, span.end - 1))
        sentence = text[span.start : span.end]
        out.append(Sentence(
            text=sentence, source=meta.get("source", ""), path=meta.get("path", ""),
            start_line=first[1], end_line=last[2], offset=base + span.start,
            title=meta.get("title") or None, outlet=meta.get("outlet") or None, published=meta.get("published") or None,
            format=meta.get("format", "txt"), encoding=meta.get("encoding", "utf-8"), chunk_id=chunk_id,
            tainted=any(lo <= last[2] and first[1] <= hi for lo, hi in tainted) or (detect and is_injection(sentence)),
            url=meta.get("url") or None,
        ))
    return out


def _tainted_lines(text: str, linemap: list[list[int]], meta: dict[str, Any]) -> list[tuple[int, int]]:
    """Line ranges of tainted passages: recorded at ingest (whole article), and found again in this chunk's blocks
    unless ingest scanned with the rules of today (a store ingested before a rule was added is scanned again)."""
    stored = _stored_taint(meta)
    if meta.get("taint_rules") == rules_fingerprint():
        return stored
    bounds = [e[0] for e in linemap] + [len(text)]
    blocks = [text[bounds[i] : bounds[i + 1]] for i in range(len(linemap))]
    return stored + [(linemap[i][1], linemap[i][2]) for i in sorted(tainted_passages(blocks))]


def _stored_taint(meta: dict[str, Any]) -> list[tuple[int, int]]:
    return [(int(lo), int(hi)) for lo, hi in json.loads(meta.get("tainted") or "[]")]


def _entry(linemap: list[list[int]], offset: int) -> list[int]:
    chosen = linemap[0]
    for entry in linemap:
        if entry[0] <= offset:
            chosen = entry
        else:
            break
    return chosen


@dataclass
class ArticleText:
    """One stored article as its ordered, unique sentences."""

    path: str
    source: str
    title: str | None
    outlet: str | None
    published: str | None
    sentences: list[Sentence]

    @cached_property
    def captions(self) -> frozenset[Sentence]:
        """Its photo captions' sentences (see `caption_paragraphs`): found once, read by the analysis and the summary."""
        return frozenset(self.sentences[k] for k in caption_paragraphs([(s.start_line, s.text) for s in self.sentences]))

    def is_headline(self, s: Sentence) -> bool:
        """`s` is (part of) the headline, on the article's first line: a headline that ends on a stop reads like a
        sentence, but it labels the article, and the body tells the same at more length."""
        text = s.text.strip()
        return bool(self.title) and s.start_line == self.sentences[0].start_line and \
            (text in (self.title or "") or split_site(text)[0] in (self.title or ""))

    @property
    def published_date(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.published) if self.published else None
        except ValueError:
            return None


def collect(chunks: Sequence[tuple[str, str, dict[str, Any]]], records: dict[str, dict[str, Any]]) -> list[ArticleText]:
    """Group stored chunks into articles of unique, ordered sentences (chunks overlap)."""
    by_path: dict[str, dict[int, Sentence]] = {}
    for cid, text, meta in chunks:
        for s in chunk_sentences(cid, text, meta):
            by_path.setdefault(s.path, {}).setdefault(s.offset, s)
    out = []
    for path in sorted(by_path):
        r = records.get(path, {})
        sents = [by_path[path][o] for o in sorted(by_path[path])]
        out.append(ArticleText(path, r.get("source", path), r.get("title") or None, r.get("outlet") or None, r.get("published") or None, sents))
    return out
