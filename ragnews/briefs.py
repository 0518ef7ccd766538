"""Putting a briefing together: choose the articles, analyse, write, verify."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .briefing import (
    MAX_ARTICLES, Briefing, BriefingBuilder, apply_analysis, article_inputs, collect, renumber,
)

if TYPE_CHECKING:
    from .newsroom import Newsroom


def choose_scope(nr: Newsroom, topic: str | None, records: dict[str, dict[str, Any]], notes: list[str]) -> list[str]:
    """Which articles a briefing without PATHs covers."""
    if topic:
        hits = nr.search(topic, k=40, per_source=4)
        paths = list(dict.fromkeys(h.path for h in hits))[:MAX_ARTICLES]
        if not paths:
            raise ValueError(f"no stored article matches the topic {topic!r}")
        return paths
    if len(records) <= MAX_ARTICLES:
        return sorted(records)
    newest = sorted(records, key=lambda p: (records[p].get("published") or "", records[p].get("ingested_at") or 0), reverse=True)
    notes.append(f"the collection holds {len(records)} articles; this briefing covers the {MAX_ARTICLES} most recent. "
                 "Pass PATHs or --topic to choose.")
    return newest[:MAX_ARTICLES]


def compose_briefing(nr: Newsroom, scope: set[str] | None, topic: str | None, engine: str, notes: list[str],
                     on_token: Callable[[str], None] | None = None) -> Briefing:
    nr._open()
    records = nr.store.source_records()
    paths = sorted(scope) if scope else choose_scope(nr, topic, records, notes)
    chunks = [(c.id, c.text, c.meta) for c in nr.store.iter_chunks(where={"path": {"$in": paths}})]
    articles = collect(chunks, records)
    topic_vector = nr.embedder.embed([topic])[0] if topic else None
    builder = BriefingBuilder(articles, nr.embedder.embed, topic, topic_vector, injected=_injected(articles))
    b = Briefing(topic=topic, engine=engine, model=None, notes=notes)
    from .analysis import analyze

    apply_analysis(b, builder, analyze(article_inputs(articles), similarity=nr.embedder.embed))
    body = None
    if engine == "llm":
        body = _llm_body(nr, b, builder, articles, chunks, topic, on_token)
    else:
        b.key_points = builder.key_points()
        b.summary = builder.summary(b.key_points)
    b.citations = list(builder.book.citations)
    renumber(b, articles, body)
    return b


def _injected(articles: list[Any]) -> set[tuple[str, int]]:
    from .injection import find_injections

    return {(s.path, s.offset) for a in articles for s in a.sentences if find_injections(s.text)}


def _llm_body(nr: Newsroom, b: Briefing, builder: BriefingBuilder, articles: list[Any], chunks: list[tuple[str, str, dict[str, Any]]],
              topic: str | None, on_token: Callable[[str], None] | None) -> str:
    """The model writes summary and key points from the chunks; grounding keeps it honest."""
    from .grounding import UNSUPPORTED, ground
    from .llm_engine import run_prompt
    from .retrieval import Hit

    hits = [Hit(source=m.get("source", ""), title=m.get("title"), chunk=int(m.get("chunk", 0)), start_line=int(m.get("start_line", 1)),
                end_line=int(m.get("end_line", 1)), score=0.0, text=t, id=cid, path=m.get("path", ""), outlet=m.get("outlet") or None,
                published=m.get("published") or None, meta=m) for cid, t, m in sorted(chunks, key=lambda c: (int(c[2].get("chunk", 0)), c[2].get("path", "")))]
    model = nr.chat_model()
    b.model = getattr(model, "name", None)
    text, used, notes, incomplete, _usage = run_prompt("brief", hits, model, nr.settings, on_token, topic=topic or "the main story these articles cover")
    b.notes += notes
    grounded = ground(text, used)
    # renumber the model's citations into the briefing's citation book
    mapping = {c.n: builder.book.cite_verified(_sentence(c)) for c in grounded.book.citations}
    body = _renumber(grounded.text, mapping)
    if grounded.unsupported:
        b.notes.append(f"{grounded.unsupported} sentence(s) written by the model had no support in the sources and are marked {UNSUPPORTED}.")
    if incomplete:
        b.notes.append("the model's text was cut off; the briefing is incomplete.")
    return body


def _sentence(c: Any) -> Any:
    from .citations import Sentence

    return Sentence(text=c.quote, source=c.source, path=c.path, start_line=c.start_line, end_line=c.end_line, offset=0,
                    title=c.title, outlet=c.outlet, published=c.published, format=c.format, encoding=c.encoding)


def _renumber(text: str, mapping: dict[int, int | None]) -> str:
    import re

    return re.sub(r"\[(\d+)\]", lambda m: f"[{mapping.get(int(m.group(1))) or '?'}]", text)
