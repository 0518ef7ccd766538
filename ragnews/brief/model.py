"""What a briefing is: its sections as data, and its public JSON shape.

Every section refers to citations by number; `citations` holds the
verified quotes those numbers point at, in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ragnews.answer.citations import Citation

MAX_QUOTES = 10  # "who said what" is a digest, not a transcript
MAX_QUOTES_PER_SPEAKER = 2
MAX_TIMELINE = 12  # the dated events a reader needs to follow the story
FULL_KEY_POINTS = 30  # with --full: everything the picker ranks, within reason


@dataclass
class KeyPoint:
    text: str
    citations: list[int]
    sources: list[str]
    support: str  # consensus | several sources | single source
    own: int = 1  # the first `own` citations quote the point's own sentences; the rest, other sources stating it

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "citations": self.citations, "sources": self.sources, "support": self.support,
                "own": self.own}


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
    quotes_above: int = 0  # statements left out of "who said what" because the summary or key points show them
    warnings: list[dict[str, Any]] = field(default_factory=list)
    syndicated: list[list[str]] = field(default_factory=list)
    contributions: dict[str, list[int]] = field(default_factory=dict)
    contribution_facts: dict[str, list[str]] = field(default_factory=dict)  # per source, what only it reports, in words
    notes: list[str] = field(default_factory=list)
    explain: list[dict[str, Any]] | None = None  # asked for (`brief --explain`): why each sentence was shown or left out
    label: str | None = None  # the story's label (its headline or lead): what the briefing is titled by

    def title(self, n: int) -> str:
        """The briefing's title in every format: its topic, else its story's headline, else how many articles."""
        if self.topic:
            return f"Briefing: {self.topic}"
        if self.label:
            return _shortened(" ".join(self.label.split()), TITLE_CHARS)
        return f"Briefing on {n} article{'s' if n != 1 else ''}"

    def html(self) -> str:
        """The briefing as one self-contained HTML page (what `ragnews brief -o page.html` writes)."""
        from ragnews.brief.html import render_html

        return render_html(self)

    def byline(self, n: int) -> str:
        """The line under the title, in every format: how many sources, which engine, that quotes were checked."""
        model = f" ({self.model})" if self.model else ""
        return f"{n} source{'s' if n != 1 else ''} · engine: {self.engine}{model} · every cited quote was checked against its file"

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
            "quotes_above": self.quotes_above,
            "syndicated": self.syndicated,
            "summary": [{"text": t, "citations": c} for t, c in self.summary],
            "notes": self.notes,
            "source_notes": [{"source": s, "adds": self.contribution_facts.get(s, []), "citations": c}
                             for s, c in self.contributions.items()],
            **({"explain": self.explain} if self.explain is not None else {}),
            "title": self.title(len(self.sources)),
            "label": self.label,
        }


TITLE_CHARS = 120  # a lead sentence as a title: cut at a word, with an ellipsis

# The analysis's warning kinds, in words a reader understands (the JSON keeps the kind, and adds this label).
WARNING_WORDS = {
    "missing_date": "No publication date",
    "date_contradiction": "Its date is contradicted by its own text",
    "figure_year_mismatch": "A year that differs from the other sources",
    "injection": "Text aimed at an AI, not news",
}


def warning_label(kind: str) -> str:
    """A warning kind as words ("missing_date" -> "No publication date"); an unknown kind, its words spelt out."""
    return WARNING_WORDS.get(kind) or kind.replace("_", " ").capitalize()


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
