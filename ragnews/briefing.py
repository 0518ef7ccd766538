"""Multi-source briefings: what sources agree on, where they differ, who said what.

The extractive briefing is built from verbatim sentences: a summary of the
most corroborated lead facts, key points labelled by how many distinct
sources (syndicated copies counted once) support them, and the cross-source
analysis (discrepancies, timeline, quotes, data warnings). Every line cites a
quote that was checked against its file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .citations import Citation, CitationBook, Sentence, chunk_sentences
from .extractive import is_prose
from .lexical import tokenize

SAME_FACT = 0.72  # cosine between MiniLM sentence vectors above which two sentences state one fact
MAX_KEY_POINTS = 12
MAX_ARTICLES = 12
MAX_QUOTES = 20  # "who said what" is a digest, not a transcript
MAX_QUOTES_PER_SPEAKER = 2


@dataclass
class KeyPoint:
    text: str
    citations: list[int]
    sources: list[str]
    support: str  # consensus | several sources | single source

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "citations": self.citations, "sources": self.sources, "support": self.support}


@dataclass
class Briefing:
    topic: str | None
    engine: str
    model: str | None
    markdown: str = ""
    summary: list[tuple[str, list[int]]] = field(default_factory=list)
    key_points: list[KeyPoint] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    discrepancies: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    syndicated: list[list[str]] = field(default_factory=list)
    contributions: dict[str, list[int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "markdown": self.markdown,
            "engine": self.engine,
            "model": self.model,
            "citations": [c.to_json() for c in self.citations],
            "sources": self.sources,
            "discrepancies": self.discrepancies,
            "timeline": self.timeline,
            "warnings": self.warnings,
            "key_points": [k.to_json() for k in self.key_points],
            "quotes": self.quotes,
            "syndicated": self.syndicated,
            "summary": [{"text": t, "citations": c} for t, c in self.summary],
            "notes": self.notes,
        }


@dataclass
class ArticleSentences:
    path: str
    source: str
    title: str | None
    outlet: str | None
    published: str | None
    sentences: list[Sentence]


def collect(chunks: Sequence[tuple[str, str, dict[str, Any]]], records: dict[str, dict[str, Any]]) -> list[ArticleSentences]:
    """Group stored chunks into articles of unique, ordered sentences."""
    by_path: dict[str, dict[int, Sentence]] = {}
    for cid, text, meta in chunks:
        for s in chunk_sentences(cid, text, meta):
            by_path.setdefault(s.path, {}).setdefault(s.offset, s)
    out = []
    for path in sorted(by_path):
        r = records.get(path, {})
        sents = [by_path[path][o] for o in sorted(by_path[path])]
        out.append(ArticleSentences(path, r.get("source", path), r.get("title") or None, r.get("outlet") or None, r.get("published") or None, sents))
    return out


_FIGURE = re.compile(r"\d[\d,.]*\d|\d")


def _same_figures(a: str, b: str) -> bool:
    """Two sentences that both state figures corroborate each other only if they share one."""
    fa = {x.replace(",", "") for x in _FIGURE.findall(a)}
    fb = {x.replace(",", "") for x in _FIGURE.findall(b)}
    return not (fa and fb) or bool(fa & fb)


def _label(n_sources: int, total: int) -> str:
    if total >= 3 and n_sources == total:
        return "consensus"
    if n_sources >= 2:
        return "several sources"
    return "single source"


class BriefingBuilder:
    """Builds the extractive briefing; the llm engine reuses its analysis."""

    def __init__(self, articles: list[ArticleSentences], embed: Callable[[list[str]], np.ndarray], topic: str | None = None,
                 topic_vector: np.ndarray | None = None, injected: set[tuple[str, int]] | None = None) -> None:
        self.articles = articles
        self.embed = embed
        self.topic = topic
        self.book = CitationBook()
        self.injected = injected or set()
        self.items = [(a, s) for a in articles for s in a.sentences if is_prose(s.text) and (s.path, s.offset) not in self.injected]
        self.vectors = embed([s.text for _, s in self.items]) if self.items else np.zeros((0, 384), dtype=np.float32)
        self.topic_vector = topic_vector
        self.group_of: dict[str, str] = {a.path: a.path for a in articles}

    def set_syndicated(self, groups: list[list[str]]) -> None:
        """Syndicated copies count once: map each member to its group's first path."""
        by_source = {a.source: a.path for a in self.articles}
        for group in groups:
            paths = [by_source.get(s, s) for s in group]
            for p in paths:
                self.group_of[p] = paths[0]

    def distinct_sources(self, paths: Sequence[str]) -> int:
        return len({self.group_of.get(p, p) for p in paths})

    def key_points(self) -> list[KeyPoint]:
        """Cluster sentences that state the same fact across sources; best-supported first."""
        if not self.items:
            return []
        sims = self.vectors @ self.vectors.T
        paths = [s.path for _, s in self.items]
        n_articles = self.distinct_sources([a.path for a in self.articles])
        support = []
        for i in range(len(self.items)):
            others = {paths[j] for j in np.nonzero(sims[i] >= SAME_FACT)[0] if paths[j] != paths[i]}
            lead = 1.0 / (1 + self._position(i))
            relevance = float(self.vectors[i] @ self.topic_vector) if self.topic_vector is not None else 0.0
            support.append((self.distinct_sources(list(others) + [paths[i]]), relevance, lead, i))
        # greedy MMR: well-corroborated, early, on-topic facts, each unlike the ones already chosen
        used: set[int] = set()
        chosen: list[int] = []
        points: list[KeyPoint] = []
        base = {i: c + rel + 0.5 * lead for c, rel, lead, i in support}
        while len(points) < MAX_KEY_POINTS:
            best, best_score = None, -1e9
            for i, value in base.items():
                if i in used:
                    continue
                penalty = max((float(sims[i, j]) for j in chosen), default=0.0)
                score = value - 3.0 * max(0.0, penalty - 0.35)
                if score > best_score:
                    best, best_score = i, score
            if best is None:
                break
            text = self.items[best][1].text
            members = [int(j) for j in np.nonzero(sims[best] >= SAME_FACT)[0]
                       if int(j) not in used and _same_figures(text, self.items[int(j)][1].text)]
            used.update(members)
            used.add(best)
            chosen.append(best)
            point = self._point(best, members, n_articles)
            if point:
                points.append(point)
        return points

    def _position(self, i: int) -> int:
        article, s = self.items[i]
        return article.sentences.index(s)

    def _point(self, i: int, members: Sequence[int], n_articles: int) -> KeyPoint | None:
        article, sentence = self.items[i]
        n = self.book.cite_verified(sentence)
        if n is None:
            return None
        cites, paths = [n], [sentence.path]
        for j in members:
            other = self.items[int(j)][1]
            if other.path in paths or not _same_figures(sentence.text, other.text):
                continue
            m = self.book.cite_verified(other)
            if m is not None:
                cites.append(m)
                paths.append(other.path)
        count = self.distinct_sources(paths)
        sources = [self._source_of(p) for p in paths]
        return KeyPoint(sentence.text, cites, sources, _label(count, n_articles))

    def _source_of(self, path: str) -> str:
        return next((a.source for a in self.articles if a.path == path), path)

    def summary(self, points: Sequence[KeyPoint], limit: int = 3) -> list[tuple[str, list[int]]]:
        """The lead facts most sources share: the first few key points, one per source where possible."""
        chosen: list[tuple[str, list[int]]] = []
        seen_tokens: list[set[str]] = []
        for p in points:
            toks = set(tokenize(p.text))
            if any(len(toks & t) / (len(toks | t) or 1) > 0.4 for t in seen_tokens):
                continue
            chosen.append((p.text, p.citations[:3]))
            seen_tokens.append(toks)
            if len(chosen) >= limit:
                break
        return chosen

    def sentence_for(self, source: str, text: str, start_line: int) -> Sentence | None:
        for a in self.articles:
            if a.source != source and a.path != source:
                continue
            for s in a.sentences:
                if s.text == text and s.start_line == start_line:
                    return s
            for s in a.sentences:
                if s.text == text:
                    return s
        return None


def source_list(articles: Sequence[ArticleSentences], citations: Sequence[Citation]) -> list[dict[str, Any]]:
    cited = {c.path for c in citations}
    return [{"source": a.source, "title": a.title, "outlet": a.outlet, "published": a.published, "cited": a.path in cited, "path": a.path}
            for a in articles]


def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})


def md(text: str) -> str:
    """Article text made inert as Markdown: no links, emphasis or HTML from a source."""
    from .render import plain

    return " ".join(plain(text).split()).translate(_MD_SPECIAL)


def cite_marks(ns: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(ns))


def render_markdown(b: Briefing, articles: Sequence[ArticleSentences], body: str | None = None) -> str:
    """The briefing as Markdown; `body` replaces summary and key points (llm engine)."""
    n = len(articles)
    title = f"Briefing: {md(b.topic)}" if b.topic else f"Briefing on {n} article{'s' if n != 1 else ''}"
    lines = [f"# {title}", "", f"_{n} sources · engine: {b.engine}{' (' + b.model + ')' if b.model else ''} · every cited quote was checked against its file_", ""]
    if body is not None:
        from .render import plain

        lines += ["## Summary and key points (written by the model, every sentence checked)", "", plain(body), ""]
    else:
        lines += ["## Summary", ""]
        lines += [" ".join(f"{md(t)} {cite_marks(c)}" for t, c in b.summary) or "The sources don't say enough for a summary.", ""]
        lines += ["## Key points", ""]
        for k in b.key_points:
            label = {"consensus": f"Consensus ({len(k.sources)} sources)", "several sources": f"{len(k.sources)} sources"}.get(k.support, "Single source")
            lines.append(f"- **{label}:** {md(k.text)} {cite_marks(k.citations)}")
        lines.append("")
    lines += _differences(b) + _timeline(b) + _quotes(b) + _source_notes(b, articles) + _citation_list(b) + _sources(b)
    return "\n".join(lines).rstrip() + "\n"


def _differences(b: Briefing) -> list[str]:
    lines = ["## Where sources differ", ""]
    if not b.discrepancies:
        return lines + ["- No conflicting figures, dates or attributions were found across the sources.", ""]
    for d in b.discrepancies:
        versions = " vs ".join(f"“{md(c['value'])}” {cite_marks(c['citations'])}" for c in d["claims"])
        tag = " _(compatible figures, not a clash)_" if d.get("compatible") else ""
        lines.append(f"- **{md(d['subject'])}:** {versions}{tag}")
    return lines + [""]


def _timeline(b: Briefing) -> list[str]:
    lines = ["## Timeline", ""]
    if not b.timeline:
        return lines + ["- No dated events were found.", ""]
    for t in b.timeline:
        when = t["date"] or "date unresolved"
        lines.append(f"- **{when}** ({md(t.get('date_text') or '')}): {md(t['event'])} {cite_marks(t['citations'])}")
    return lines + [""]


def _quotes(b: Briefing) -> list[str]:
    lines = ["## Who said what", ""]
    if not b.quotes:
        return lines + ["- No attributed statements were found.", ""]
    for q in b.quotes:
        role = f" ({md(q['role'])})" if q.get("role") else ""
        lines.append(f"- **{md(q['speaker'])}**{role}: “{md(q['text'])}” {cite_marks(q['citations'])}")
    return lines + [""]


def _source_notes(b: Briefing, articles: Sequence[ArticleSentences]) -> list[str]:
    lines = ["## Source notes", ""]
    for group in b.syndicated:
        lines.append(f"- **Syndicated copies** (counted as one source): {', '.join(md(s) for s in group)}")
    for w in b.warnings:
        lines.append(f"- **Warning — {md(w['kind'])}** ({md(w['source'])}): {md(w['message'])}")
    for a in articles:
        adds = b.contributions.get(a.source)
        if adds:
            lines.append(f"- **{md(a.title or a.source)}** adds: {cite_marks(adds)}")
    if len(lines) == 2:
        lines.append("- Nothing to flag.")
    return lines + [""]


def _citation_list(b: Briefing) -> list[str]:
    lines = ["## Citations", ""]
    for c in b.citations:
        lines.append(f"[{c.n}] {md(c.source)}:{c.start_line}-{c.end_line} — “{md(c.quote)}”  ")
    return lines + [""]


def _sources(b: Briefing) -> list[str]:
    lines = ["## Sources", ""]
    for s in b.sources:
        meta = ", ".join(md(x) for x in (s.get("outlet"), s.get("published")) if x)
        mark = "" if s.get("cited") else " _(not cited)_"
        lines.append(f"- {md(s.get('title') or s['source'])}{' — ' + meta if meta else ''} — `{s['source']}`{mark}")
    return lines + [""]


def article_inputs(articles: Sequence[ArticleSentences]) -> list[Any]:
    from .analysis import ArticleInput, SentenceRef

    return [
        ArticleInput(
            source=a.source, title=a.title, outlet=a.outlet, published=parse_date(a.published),
            sentences=[SentenceRef(a.source, s.text, s.start_line, s.end_line) for s in a.sentences],
        )
        for a in articles
    ]


def apply_analysis(b: Briefing, builder: BriefingBuilder, analysis: Any) -> None:
    """Turn the cross-source analysis into cited briefing items; drop what doesn't verify."""

    def cite(refs: Sequence[Any]) -> list[int]:
        out = []
        for ref in refs:
            s = builder.sentence_for(ref.source, ref.text, ref.start_line)
            n = builder.book.cite_verified(s) if s is not None else None
            if n is not None:
                out.append(n)
        return list(dict.fromkeys(out))

    for d in analysis.discrepancies:
        claims = [{"value": c.value, "citations": cite(c.refs), "sources": list(c.sources)} for c in d.claims]
        claims = [c for c in claims if c["citations"]]
        if len(claims) >= 2:
            b.discrepancies.append({"subject": d.subject, "kind": d.kind, "compatible": d.compatible, "claims": claims,
                                    "clashes": [list(x) for x in d.clashes]})
    for t in analysis.timeline:
        cites = cite(t.refs)
        if cites:
            b.timeline.append({"date": t.date.isoformat() if t.date else None, "date_text": t.date_text,
                               "resolved": t.resolved, "event": t.event, "citations": cites})
    per_speaker: dict[str, int] = {}
    for q in analysis.quotes:
        if not q.speaker[:1].isupper() or per_speaker.get(q.speaker, 0) >= MAX_QUOTES_PER_SPEAKER or len(b.quotes) >= MAX_QUOTES:
            continue
        cites = cite([q.ref])
        if cites:
            per_speaker[q.speaker] = per_speaker.get(q.speaker, 0) + 1
            b.quotes.append({"speaker": q.speaker, "role": q.role, "text": q.text, "citations": cites, "source": q.ref.source})
    for w in analysis.warnings:
        b.warnings.append({"source": w.source, "kind": w.kind, "message": w.message, "citations": cite(w.refs)})
    b.syndicated = [list(g) for g in analysis.syndicated]
    b.contributions = {src: cite(refs) for src, refs in analysis.contributions.items() if refs}
    builder.set_syndicated(b.syndicated)


def renumber(b: Briefing, articles: Sequence[ArticleSentences], body: str | None) -> str | None:
    """Number citations in reading order ([1] first), and keep only those the briefing shows."""
    import re

    b.markdown = render_markdown(b, articles, body)
    head = b.markdown.split("\n## Citations", 1)[0]
    order = list(dict.fromkeys(int(m) for m in re.findall(r"\[(\d+)\]", head)))
    mapping = {old: new for new, old in enumerate(order, start=1)}

    def remap(ns: Sequence[int]) -> list[int]:
        return [mapping[n] for n in ns if n in mapping]

    kept = []
    for c in b.citations:
        if c.n in mapping:
            c.n = mapping[c.n]
            kept.append(c)
    b.citations = sorted(kept, key=lambda c: c.n)
    b.summary = [(t, remap(c)) for t, c in b.summary]
    for k in b.key_points:
        k.citations = remap(k.citations)
    for item in b.timeline + b.quotes + b.warnings:
        item["citations"] = remap(item["citations"])
    for d in b.discrepancies:
        for claim in d["claims"]:
            claim["citations"] = remap(claim["citations"])
    b.contributions = {s: remap(c) for s, c in b.contributions.items()}
    if body is not None:
        body = re.sub(r"\[(\d+)\]", lambda m: f"[{mapping.get(int(m.group(1)), '?')}]", body)
    b.sources = source_list(articles, b.citations)
    b.markdown = render_markdown(b, articles, body)
    return body
