"""Putting a briefing together: analyse, choose or write the body, cite, number, render.

A pure function of its inputs (the articles in scope, their chunks as hits,
the embedder, the engine, the topic): choosing the scope and reading the
store is the facade's job, so this module never sees the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ragnews.analysis import analyze
from ragnews.answer.citations import CitationBook, renumber_markers
from ragnews.answer.engines import BriefBody, Engine
from ragnews.brief.keypoints import MAX_KEY_POINTS, MAX_SUMMARY, KeyPointPicker
from ragnews.brief.markdown import render_markdown
from ragnews.brief.model import FULL_KEY_POINTS, Briefing
from ragnews.brief.numbering import renumber
from ragnews.brief.sections import apply_analysis, source_list
from ragnews.index.embedders import Embedder
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.index.search import Hit
from ragnews.text.reading import Reader, default_reader


def compose_briefing(articles: list[ArticleText], hits: Sequence[Hit], embedder: Embedder, engine: Engine, *,
                     topic: str | None = None, notes: Sequence[str] = (),
                     on_token: Callable[[str], None] | None = None, full: bool = False, reader: Reader | None = None,
                     explain: bool = False, label: str | None = None) -> Briefing:
    """A cited briefing on `articles`; `hits` are their chunks, for an engine that writes.

    Sections are cut to a readable length (summary 5 sentences, key points 8, timeline 12, who said
    what 10); `full` keeps everything each section found. `reader` reads the sentences with the English
    model (a default `Reader` without a cache when not given). `explain` keeps, in `Briefing.explain`, what was
    read of each sentence weighed for the summary and key points and why it was shown, merged or left out.
    `label` is the story's headline: the title.
    """
    reader = reader or default_reader()
    b = Briefing(topic=topic, engine=engine.name, model=None, notes=list(notes), label=label)
    book = CitationBook()
    apply_analysis(b, book, analyze(articles, similarity=embedder.embed, reader=reader), full=full)
    written = engine.brief_body(hits, topic, on_token)
    body = _take_body(b, book, written) if written is not None else None
    if written is None:
        picker = _pick_key_points(b, book, articles, embedder, topic, full, reader)
        b.explain = picker.explain() if explain else None
    b.citations = list(book.citations)
    body = renumber(b, articles, body)
    b.sources = source_list(articles, b.citations)
    b.markdown = render_markdown(b, articles, body)
    return b


def _pick_key_points(b: Briefing, book: CitationBook, articles: list[ArticleText], embedder: Embedder, topic: str | None,
                     full: bool, reader: Reader) -> KeyPointPicker:
    topic_vector = embedder.embed([topic])[0] if topic else None
    picker = KeyPointPicker(articles, book, embedder.embed, topic_vector, _injected(articles), b.syndicated, reader=reader,
                            embedder_name=embedder.name)
    b.summary = picker.summary(MAX_SUMMARY)
    b.key_points = picker.key_points(FULL_KEY_POINTS if full else MAX_KEY_POINTS)
    kept = not_shown_above(b.quotes, b, picker.shown)
    b.quotes_above, b.quotes = len(b.quotes) - len(kept), kept
    return picker


def not_shown_above(quotes: list[dict[str, Any]], b: Briefing, shown: set[int]) -> list[dict[str, Any]]:
    """The statements of "who said what" that the summary and key points do not already show.

    A sentence they cite is read there: as the sentence shown (`shown`) or as another outlet's wording of the
    fact shown (the citations after a line's own). Quoting that sentence again under "who said what" repeats
    the fact (mn:217: Parker's "puzzling" line, cited beside the summary's, came back as his statement).
    """
    above = set(shown) | {n for _, cites in b.summary for n in cites} | {n for k in b.key_points for n in k.citations}
    return [q for q in quotes if not above.intersection(q["citations"])]


def _take_body(b: Briefing, book: CitationBook, written: BriefBody) -> str:
    """The model's text, its citations moved into the briefing's book."""
    b.model = written.model
    b.notes += written.notes
    mapping = {c.n: book.cite_verified(written.book.sentence(c.n)) for c in written.book.citations}
    return renumber_markers(written.text, mapping)


def _injected(articles: list[ArticleText]) -> set[Sentence]:
    return {s for a in articles for s in a.sentences if s.tainted}
