"""The answer object both engines return, and its public JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ragnews.answer.citations import Citation


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    engine: str
    model: str | None
    citations: list[Citation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # disagreements, dropped sources, unsupported sentences
    incomplete: bool = False
    usage: dict[str, Any] | None = None
    # how the extractive engine read the question and weighed its best candidates (`ask --explain`); None unless asked
    explain: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out = {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "engine": self.engine,
            "model": self.model,
            "citations": [c.to_json() for c in self.citations],
            "notes": self.notes,
            "incomplete": self.incomplete,
            "usage": self.usage,
        }
        if self.explain is not None:
            out["explain"] = self.explain
        return out

    def sources(self) -> list[dict[str, Any]]:
        """Distinct cited articles, in order of first citation."""
        seen: dict[str, dict[str, Any]] = {}
        for c in self.citations:
            seen.setdefault(c.path, {"source": c.source, "title": c.title, "outlet": c.outlet, "published": c.published,
                                     "path": c.path, "url": c.url})
        return list(seen.values())
