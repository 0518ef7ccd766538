"""`sources` and `stories` show the date a briefing settles on, with the contradiction noted: seed 002 is dated
2024-04-28 but tells of June 2024 in the past tense and of Monday as its news day; the briefing uses 2025-04-28."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from ragnews.brief import settled
from ragnews.cli import render

CONTRADICTED = "002_02d73822e9f7ea40.txt"


def test_sources_and_stories_show_the_settled_date_and_why(seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    info = next(s for s in seeded.sources() if s.source.endswith(CONTRADICTED))
    assert info.published == "2024-04-28" and info.settled_date == "2025-04-28"  # the stated date is kept, beside
    assert info.date_note and "contradicts" in info.date_note and "June 2024" in info.date_note
    assert info.to_json()["settled_date"] == "2025-04-28"
    assert all(s.settled_date is None and s.date_note is None for s in seeded.sources() if s is not info and not s.published)
    buf = io.StringIO()
    render.sources_table(Console(file=buf, width=250, color_system=None), seeded.sources())
    assert "2025-04-28 (stated 2024-04-28, contradicted)" in buf.getvalue()

    story = next(s for s in seeded.stories() if any(a.endswith(CONTRADICTED) for a in s.articles))
    assert story.last == "2025-04-28" and story.first == "2025-04-28"
    assert any(CONTRADICTED in n and "contradicts" in n for n in story.to_json()["date_notes"])

    def no_second_check(*args: object) -> None:
        raise AssertionError("checked again, though nothing changed")

    monkeypatch.setattr(settled, "_check", no_second_check)  # saved beside the store: a listing only reads it
    assert next(s for s in seeded.sources() if s.source.endswith(CONTRADICTED)).settled_date == "2025-04-28"
