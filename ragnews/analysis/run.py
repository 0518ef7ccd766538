"""The entry point: run every cross-source analysis over one story cluster.

Order matters: injected instructions are set aside first so no analysis
treats them as news; syndicated copies are found next so that copies neither
confirm nor contradict each other; publication dates are checked before any
relative date is resolved against them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ragnews.analysis.contributions import contributions
from ragnews.analysis.dateconflicts import date_conflicts
from ragnews.analysis.figures import Figure, figure_discrepancies, read_figures
from ragnews.analysis.model import Analysis, DataWarning, Discrepancy, SameGroup, Similarity
from ragnews.analysis.published import news_weekday, publication_anchors, read_sentences
from ragnews.analysis.quotes import extract_quotes
from ragnews.analysis.syndication import find_syndicated, same_group_fn
from ragnews.analysis.textsim import article_relatedness
from ragnews.analysis.timeline import Dated, build_timeline, collect_dated, dated_similarity, same_event_fn
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text import dates as D
from ragnews.text.injection import find_injections
from ragnews.text.reading import Reader, Reading, default_reader
from ragnews.text.sentences import ends_in_ellipsis, finished, is_caption, is_embedded_post

# Two articles less related than this (see `article_relatedness`) tell different stories: their figures are not compared.
SAME_STORY = 0.7


def analyze(articles: list[ArticleText], similarity: Similarity | None = None, reader: Reader | None = None,
            embedder: str | None = None) -> Analysis:
    """Cross-source analysis of one story cluster: figures, dates, quotes, copies, contributions, warnings.

    `similarity` (an embedder) helps recognise the same event told in other words; without it,
    wording is compared by TF-IDF alone. `reader` is the English model's reader (the process-wide default
    when not given). `embedder` names the embedder behind `similarity`, whose calibrated cosines decide
    what is one slot (taken from a bound `embed` method's embedder when not given). Every ref in the result
    is one of the input sentences.
    """
    reader = reader or default_reader()
    embedder = embedder or _embedder_name(similarity)
    story = _read_story(articles, reader)
    figure_discs, date_discs, year_warnings, sim = _differences(story, similarity, embedder)
    # the same line cut off mid-phrase (an excerpt's last line, a teaser) is no statement or contribution to show, as
    # it is no summary sentence; what it says still counts as told
    adds, adds_facts = contributions(articles, story.skip, story.same_group, reader, shown_never=story.unfinished)
    return Analysis(
        discrepancies=figure_discs + date_discs,
        timeline=build_timeline(story.dated, same_event_fn(story.dated, sim, similarity, embedder)),
        quotes=extract_quotes(articles, story.skip | story.unfinished, reader),
        warnings=story.warnings + year_warnings,
        syndicated=story.syndicated,
        contributions=adds,
        contribution_facts=adds_facts,
        news_day=D.WEEKDAYS[story.news_day].title() if story.news_day is not None else None,
    )


def differences(articles: list[ArticleText], similarity: Similarity | None = None, reader: Reader | None = None,
                embedder: str | None = None) -> list[Discrepancy]:
    """`analyze(...).discrepancies` alone: the figures and dates the sources differ on, without the quotes,
    contributions and timeline an answer's note does not show (`ask` checks its answer's figure with this)."""
    reader = reader or default_reader()
    embedder = embedder or _embedder_name(similarity)
    figure_discs, date_discs, _, _ = _differences(_read_story(articles, reader), similarity, embedder)
    return figure_discs + date_discs


def _embedder_name(similarity: Similarity | None) -> str | None:
    """The name of the embedder behind a bound `embed` method (whose calibrated cosines decide what is one slot)."""
    return getattr(getattr(similarity, "__self__", None), "name", None)


@dataclass(frozen=True)
class _Story:
    """What every analysis of a cluster reads first: what to skip, which sources copy which, the dates and figures."""

    articles: list[ArticleText]
    skip: set[Sentence]
    warnings: list[DataWarning]
    syndicated: list[list[str]]
    same_group: SameGroup
    read: dict[Sentence, Reading]
    news_day: int | None
    anchors: dict[str, dt.date]
    unfinished: set[Sentence]
    figures: list[Figure]
    dated: list[Dated]


def _read_story(articles: list[ArticleText], reader: Reader) -> _Story:
    skip, warnings = injected(articles)
    syndicated = find_syndicated(articles)
    read = read_sentences(articles, skip, reader)
    news_day = news_weekday(articles, skip, read)
    anchors, date_warnings = publication_anchors(articles, news_day, skip, read)
    # an embedded post's or a photo caption's dates and figures are the post's or the picture's, not the story's
    posts = skip | {r for art in articles for r in art.sentences if is_embedded_post(r.text) or is_caption(r.text) or r in art.captions}
    # a line without a stop inside the body (a newsletter's other headlines, a label) compresses what some text tells
    # with its context ("All nine justices OK a Supreme Court code of conduct"); the article's own headline is its
    # story's, and may be the one place a source gives its figure
    unfinished = {r for art in articles for r in art.sentences if not art.is_headline(r) and not finished(r.text)}
    # a teaser cut off in an ellipsis still states, in its own words, what comes before the cut ("The $1.2 trillion
    # bill includes approximately $550 billion in..."): its figures are the source's
    figures = read_figures(articles, reader, posts | {r for r in unfinished if not ends_in_ellipsis(r.text)}, anchors)
    dated = collect_dated(articles, anchors, news_day, posts, figures, reader)
    return _Story(articles, skip, warnings + date_warnings, syndicated, same_group_fn(syndicated), read, news_day,
                  anchors, unfinished, figures, dated)


def _differences(story: _Story, similarity: Similarity | None, embedder: str | None
                 ) -> tuple[list[Discrepancy], list[Discrepancy], list[DataWarning], Callable[[int, int], float]]:
    """(figure differences, date differences, year warnings, the dated mentions' similarity for the timeline)."""
    sim = dated_similarity(story.dated, similarity)
    date_discs, year_warnings = date_conflicts(story.dated, sim, story.same_group)
    related = article_relatedness({a.source: [r.text for r in a.sentences if r not in story.skip] for a in story.articles},
                                  similarity)
    figure_discs = figure_discrepancies(story.figures, story.same_group, similarity, lambda a, b: related.at_least(a, b, SAME_STORY),
                                        embedder, present_year(story.articles, story.anchors, story.skip, story.read))
    return figure_discs, date_discs, year_warnings, sim


def present_year(articles: list[ArticleText], anchors: dict[str, dt.date], skip: set[Sentence],
                 read: dict[Sentence, Reading]) -> int | None:
    """The story's own year: its sources' earliest date (a story told across New Year began in the first year),
    else the latest year they tell as past (None: no year); a caption's date counts here (a picture of the story
    is dated in the story's time)."""
    if anchors:
        return min(d.year for d in anchors.values())
    years = [int(y) for a in articles for s in a.sentences if s not in skip
             for m in (D.read_mentions(read[s]) if s in read else ()) if not m.future and (y := m.get("year"))]
    return max(years, default=None)


def injected(articles: list[ArticleText]) -> tuple[set[Sentence], list[DataWarning]]:
    """Sentences of passages addressed to an AI: skipped by every analysis; each detected instruction warned about."""
    skip: set[Sentence] = set()
    warnings: list[DataWarning] = []
    for art in articles:
        for ref in art.sentences:
            hits = find_injections(ref.text)
            if ref.tainted or hits:
                skip.add(ref)
            if hits:
                warnings.append(DataWarning(art.source, "injection",
                                            f"instruction-like text aimed at an AI, ignored as news: '{hits[0][2][:80]}'",
                                            [ref]))
    return skip, warnings
