"""The daily digest: the stories that gained articles since the last look, best covered first.

Which stories: those with at least one article ingested after the digest's
moment (see `digest_state` for why ingest time, not publication date). In
what order: by how many independent outlets cover them — an outlet counts
once however many of its articles a story holds, and syndicated copies (the
same wire text under several mastheads, found by `analysis.syndication`)
count once — then by recency. A story one outlet alone reports is listed
apart ("one outlet so far"), never ranked among corroborated ones.

Each story shows what its briefing found — a short summary and the key points
with the most independent support, every line a verified quote — and, when it
was already there at the last digest, what it added since. This module is
pure: the facade reads the store, briefs the stories and passes them in.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ragnews.analysis.syndication import syndicated_texts
from ragnews.answer.citations import Citation
from ragnews.brief.model import Briefing, KeyPoint
from ragnews.index.storybook import StoredStory, StoryInfo, recency

log = logging.getLogger(__name__)

MAX_STORIES = 20  # a digest is read in a few minutes
SUMMARY_SENTENCES = 2
KEY_POINTS = 3
_SUPPORT = {"consensus": 2, "several sources": 1, "single source": 0}
Records = Mapping[str, Mapping[str, Any]]
_SITE = re.compile(r"^(?:https?://)?(?:www\.)?|(?:\.(?:com|org|net|co|uk|au|ca|news|info|io|us))+/?$")


# -- choosing and ordering --------------------------------------------------------


@dataclass
class Candidate:
    """A story that gained articles: which are new, and how many independent outlets it has."""

    story: StoredStory
    new: list[str]  # paths ingested after the digest's moment
    independent: int = 1
    syndicated: list[list[str]] = field(default_factory=list)  # copies among its articles, by display source


def gained(stories: Sequence[StoredStory], records: Records, since: float) -> list[Candidate]:
    """The stories with at least one article ingested after `since`."""
    out = []
    for story in stories:
        new = [p for p in story.paths if _ingested(records.get(p, {})) > since]
        if new:
            out.append(Candidate(story, new))
    return out


def count_outlets(candidate: Candidate, records: Records, texts: Mapping[str, str]) -> None:
    """Set the story's independent outlets: one per outlet, one per group of syndicated copies.

    An article without an outlet stands for itself (a local file may be the only copy
    of its source); `texts` holds the stored text of the story's articles.
    """
    paths = candidate.story.paths
    if len(paths) == 1:
        candidate.independent, candidate.syndicated = 1, []
        return
    parent = {p: p for p in paths}

    def root(p: str) -> str:
        while parent[p] != p:
            p = parent[p]
        return p

    by_outlet: dict[str, str] = {}
    for p in paths:
        outlet = outlet_key(str(records.get(p, {}).get("outlet") or ""))
        if outlet:
            parent[root(p)] = root(by_outlet.setdefault(outlet, p))
    groups = syndicated_texts({p: texts[p] for p in paths if p in texts})
    for group in groups:
        for p in group[1:]:
            parent[root(p)] = root(group[0])
    candidate.independent = len({root(p) for p in paths})
    candidate.syndicated = [[_source(records, p) for p in g] for g in groups]


def outlet_key(outlet: str) -> str:
    """One outlet however it is written: "CNN", "cnn.com" and "www.cnn.com"; "The Guardian" and "Guardian"."""
    name = outlet.strip().lower()
    name = _SITE.sub("", name)
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"[^\w]+", "", name)


def order(candidates: list[Candidate], records: Records) -> tuple[list[Candidate], list[Candidate]]:
    """(corroborated, single-source): each by independent outlets, then newest first."""
    def key(c: Candidate) -> tuple[int, tuple[str, float], str]:
        return (c.independent, recency(c.story, records), c.story.id)

    ranked = sorted(candidates, key=key, reverse=True)
    return [c for c in ranked if c.independent > 1], [c for c in ranked if c.independent <= 1]


# -- the digest as data ---------------------------------------------------------------


@dataclass
class DigestStory:
    """One story of a digest (public JSON: see `to_json`)."""

    id: str
    label: str
    label_citation: int | None
    outlets: list[str]
    independent: int
    first: str | None
    last: str | None
    status: str  # new | grew
    articles: list[dict[str, Any]]  # every article of the story: source, title, outlet, published, url, new
    earlier: int  # articles it held before the digest's moment
    summary: list[tuple[str, list[int]]]
    key_points: list[dict[str, Any]]
    syndicated: list[list[str]]
    notes: list[str]
    briefing: Briefing | None = field(default=None, repr=False)  # its full briefing (not in the JSON)
    briefing_file: str | None = None  # where the full briefing was written, if it was

    @property
    def brief_command(self) -> str:
        return f"ragnews brief --story {self.id}"

    @property
    def new_articles(self) -> list[dict[str, Any]]:
        return [a for a in self.articles if a["new"]]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "label_citation": self.label_citation, "status": self.status,
                "outlets": self.outlets, "independent_outlets": self.independent, "first": self.first, "last": self.last,
                "articles": self.articles, "new_articles": len(self.new_articles), "earlier_articles": self.earlier,
                "summary": [{"text": t, "citations": c} for t, c in self.summary], "key_points": self.key_points,
                "syndicated": self.syndicated, "notes": self.notes, "brief": self.brief_command,
                "briefing_file": self.briefing_file}


@dataclass
class Digest:
    """What gained articles since a moment: corroborated stories, then single-source ones."""

    since: float  # epoch seconds: articles ingested after this are new
    since_from: str  # what chose it: "--since 24h", "the last digest", "first digest: the last 24 hours"
    made: float
    mark: float  # the newest ingest time seen: where the next digest starts
    engine: str
    stories: list[DigestStory] = field(default_factory=list)
    single_source: list[DigestStory] = field(default_factory=list)
    more: int = 0  # stories that gained articles but were left out by --max
    new_article_count: int = 0
    citations: list[Citation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # stories left out, and why

    @property
    def nothing_new(self) -> bool:
        return not self.stories and not self.single_source and not self.more and not self.notes

    def all_stories(self) -> list[DigestStory]:
        return self.stories + self.single_source

    def headline(self) -> str:
        if self.nothing_new:
            return f"Nothing new since {when(self.since)} ({self.since_from})."
        n = len(self.all_stories()) + self.more + len(self.notes)
        return (f"{n} stor{'y' if n == 1 else 'ies'} gained {self.new_article_count} article{'s' if self.new_article_count != 1 else ''} "
                f"since {when(self.since)} ({self.since_from})")

    def byline(self) -> str:
        return f"made {when(self.made)} · engine: {self.engine} · every cited quote was checked against its file"

    def to_json(self) -> dict[str, Any]:
        return {"format": 1, "since": iso(self.since), "since_from": self.since_from, "made": iso(self.made), "mark": iso(self.mark),
                "engine": self.engine, "nothing_new": self.nothing_new, "new_articles": self.new_article_count,
                "stories": [s.to_json() for s in self.stories], "single_source": [s.to_json() for s in self.single_source],
                "more": self.more, "citations": [c.to_json() for c in self.citations], "headline": self.headline(),
                "notes": self.notes}


def iso(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def when(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


class Numbering:
    """One citation number per distinct quote across the whole digest (each briefing numbers from 1)."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._index: dict[tuple[str, int, int, str], int] = {}

    def take(self, c: Citation) -> int:
        key = (c.path, c.start_line, c.end_line, c.quote)
        if key not in self._index:
            self._index[key] = len(self.citations) + 1
            self.citations.append(replace(c, n=len(self.citations) + 1))
        return self._index[key]


def digest_story(candidate: Candidate, info: StoryInfo, label: Citation | None, briefing: Briefing, records: Records,
                 numbering: Numbering) -> DigestStory:
    """One story's entry: label, outlets, what is new, a short summary and its best-supported key points."""
    new = set(candidate.new)
    new_sources = {_source(records, p) for p in new}
    by_n = {c.n: c for c in briefing.citations}

    def cites(ns: Sequence[int]) -> list[int]:
        return [numbering.take(by_n[n]) for n in dict.fromkeys(ns) if n in by_n]

    label_cite = numbering.take(label) if label is not None else None
    summary, points = _body(briefing, new_sources if len(new) < len(candidate.story.paths) else set())
    articles = [_article(records, p, p in new) for p in _newest_first(candidate.story.paths, records)]
    return DigestStory(
        id=info.id, label=info.label, label_citation=label_cite, outlets=_distinct_outlets(info.outlets), independent=candidate.independent,
        first=info.first, last=info.last, status="grew" if len(new) < len(candidate.story.paths) else "new",
        articles=articles, earlier=len(candidate.story.paths) - len(new),
        summary=[(text, cites(ns)) for text, ns in summary],
        key_points=[{**k, "citations": cites(k["citations"])} for k in points],
        syndicated=candidate.syndicated, notes=list(briefing.notes), briefing=briefing,
    )


def _body(b: Briefing, new_sources: set[str]) -> tuple[list[tuple[str, list[int]]], list[dict[str, Any]]]:
    """The summary's first sentences and the best-supported key points not already in them.

    A story that grew shows first the points its new articles state. A briefing the
    model wrote has no key points as data: its first lines are the summary, its next the points.
    """
    if not b.summary and not b.key_points:
        return _model_body(b)
    summary = b.summary[:SUMMARY_SENTENCES]
    shown = {n for _, ns in summary for n in ns}
    points = [k for k in b.key_points if not set(k.citations[: k.own]) & shown]
    ranked = sorted(enumerate(points), key=lambda ik: (-int(bool(set(ik[1].sources) & new_sources)), -_SUPPORT.get(ik[1].support, 0),
                                                       -len(set(ik[1].sources)), ik[0]))
    return summary, [_point(k, new_sources) for _, k in ranked[:KEY_POINTS]]


def _point(k: KeyPoint, new_sources: set[str]) -> dict[str, Any]:
    return {"text": k.text, "citations": k.citations, "sources": k.sources, "support": k.support,
            "new": bool(set(k.sources) & new_sources)}


def _model_body(b: Briefing) -> tuple[list[tuple[str, list[int]]], list[dict[str, Any]]]:
    from ragnews.brief.html import _model_body as paragraphs

    lines = []
    for para in paragraphs(b.markdown):
        text = re.sub(r"\s+([.,;:!?])", r"\1", " ".join("".join(p.text for p in para["pieces"] if p.cite is None).split()))
        ns = [p.cite for p in para["pieces"] if p.cite is not None]
        if text and ns and "[unsupported]" not in text:  # a line the model left uncited, or unsupported, is not shown
            lines.append((text, ns))
    summary = lines[:SUMMARY_SENTENCES]
    points = [{"text": t, "citations": ns, "sources": [], "support": "written by the model", "new": False}
              for t, ns in lines[SUMMARY_SENTENCES: SUMMARY_SENTENCES + KEY_POINTS]]
    return summary, points


def _article(records: Records, path: str, new: bool) -> dict[str, Any]:
    r = records.get(path, {})
    return {"source": _source(records, path), "title": r.get("title") or None, "outlet": r.get("outlet") or None,
            "published": r.get("published") or None, "url": r.get("url") or None, "new": new,
            "ingested": iso(_ingested(r)) if _ingested(r) else None}


def _distinct_outlets(outlets: Sequence[str]) -> list[str]:
    """Each outlet once, under the first of its spellings ("CNN" and "cnn.com" are one)."""
    seen: dict[str, str] = {}
    for outlet in outlets:
        seen.setdefault(outlet_key(outlet) or outlet, outlet)
    return list(seen.values())


def _newest_first(paths: Sequence[str], records: Records) -> list[str]:
    return sorted(paths, key=lambda p: (str(records.get(p, {}).get("published") or ""), _ingested(records.get(p, {})), p), reverse=True)


def _ingested(record: Mapping[str, Any]) -> float:
    try:
        return float(record.get("ingested_at") or 0)
    except (TypeError, ValueError):
        return 0.0


def _source(records: Records, path: str) -> str:
    return str(records.get(path, {}).get("source") or path)
