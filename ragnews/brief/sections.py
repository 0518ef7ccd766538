"""The cross-source analysis turned into cited briefing sections.

The analysis returns the very `Sentence` objects it read, so each finding is
cited directly (no lookup from text back to source); a finding whose quote
no longer verifies against its file is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ragnews.analysis import Analysis
from ragnews.answer.citations import Citation, CitationBook
from ragnews.brief.model import MAX_QUOTES, MAX_QUOTES_PER_SPEAKER, MAX_TIMELINE, Briefing, warning_label
from ragnews.index.evidence import ArticleText, Sentence


def source_list(articles: Sequence[ArticleText], citations: Sequence[Citation]) -> list[dict[str, Any]]:
    """The briefing's sources, each marked with whether anything cites it."""
    cited = {c.path for c in citations}
    return [{"source": a.source, "title": a.title, "outlet": a.outlet, "published": a.published, "cited": a.path in cited, "path": a.path,
             "url": next((s.url for s in a.sentences if s.url), None)}
            for a in articles]


def cite_all(book: CitationBook, sentences: Iterable[Sentence]) -> list[int]:
    """Citation numbers for the sentences that verify, without repeats."""
    numbers = (book.cite_verified(s) for s in sentences)
    return list(dict.fromkeys(n for n in numbers if n is not None))


def apply_analysis(b: Briefing, book: CitationBook, analysis: Analysis, full: bool = False) -> None:
    """Fill the briefing's analysis sections from `analysis`, citing through `book` (cut to length unless `full`)."""
    b.discrepancies = _discrepancies(book, analysis)
    b.timeline = _timeline(book, analysis, None if full else MAX_TIMELINE)
    b.quotes = _quotes(book, analysis, None if full else MAX_QUOTES, None if full else MAX_QUOTES_PER_SPEAKER)
    b.warnings = [{"source": w.source, "kind": w.kind, "label": warning_label(w.kind), "message": w.message,
                   "citations": cite_all(book, w.refs)} for w in analysis.warnings]
    b.syndicated = [list(g) for g in analysis.syndicated]
    b.contributions = {src: cite_all(book, refs) for src, refs in analysis.contributions.items() if refs}
    b.contribution_facts = {src: list(facts) for src, facts in analysis.contribution_facts.items() if src in b.contributions}


def _discrepancies(book: CitationBook, analysis: Analysis) -> list[dict[str, Any]]:
    """The differences worth a reader's attention: versions that cannot both hold (agreeing versions are not news)."""
    out = []
    for d in analysis.discrepancies:
        if d.compatible:
            continue
        claims = [{"value": c.value, "citations": cite_all(book, c.refs), "sources": list(c.sources),
                   "attribution": c.attribution} for c in d.claims]
        claims = [c for c in claims if c["citations"]]
        if len(claims) >= 2:
            out.append({"subject": d.subject, "kind": d.kind, "compatible": d.compatible, "claims": claims,
                        "clashes": [list(x) for x in d.clashes]})
    return out


def _timeline(book: CitationBook, analysis: Analysis, limit: int | None) -> list[dict[str, Any]]:
    """Dated events in order; when there are too many, the ones most sources tell (order kept)."""
    rows: list[dict[str, Any]] = []
    for t in analysis.timeline:
        cites = cite_all(book, t.refs)
        if cites:
            rows.append({"date": t.date.isoformat() if t.date else None, "date_text": t.date_text, "precision": t.precision,
                         "expected": t.expected, "resolved": t.resolved, "event": t.event, "citations": cites,
                         "end": t.end.isoformat() if t.end else None})
    if limit is not None and len(rows) > limit:
        support = [len(r["citations"]) for r in rows]
        keep = set(sorted(range(len(rows)), key=lambda i: (-support[i], i))[:limit])
        rows = [r for i, r in enumerate(rows) if i in keep]
    return rows


def _quotes(book: CitationBook, analysis: Analysis, limit: int | None, per_speaker: int | None) -> list[dict[str, Any]]:
    """Who said what: a digest, at most a few quotes per speaker."""
    out: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for q in analysis.quotes:
        if not q.speaker[:1].isupper() or (per_speaker and counts.get(q.speaker, 0) >= per_speaker) or \
                (limit and len(out) >= limit):
            continue
        cites = cite_all(book, [q.ref])
        if cites:
            counts[q.speaker] = counts.get(q.speaker, 0) + 1
            out.append({"speaker": q.speaker, "role": q.role, "text": q.text, "citations": cites, "source": q.ref.source,
                        "direct": q.direct})
    return out
