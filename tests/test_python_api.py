"""The Python API as the README tells it: every public Newsroom method listed there, and a Briefing's page."""

from __future__ import annotations

import inspect

from ragnews import Newsroom
from ragnews.brief.html import render_html
from tests.conftest import ROOT


def test_every_public_newsroom_method_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    api = readme.split("### Python API", 1)[1].split("\n## ", 1)[0]
    public = [name for name, _ in inspect.getmembers(Newsroom) if not name.startswith("_")]
    assert {"ingest", "search", "ask", "brief", "stories", "check", "sources", "update"} <= set(public)
    missing = [name for name in public if f"nr.{name}" not in api]
    assert not missing, f"README's Python API does not list: {missing}"
    for arg in ("db", "chroma_url", "settings", "embedder", "chat_model"):
        assert arg in inspect.signature(Newsroom).parameters and f"`{arg}`" in api, arg
    assert "store directory" in api


def test_a_briefing_gives_its_html_page(seeded) -> None:
    briefing = seeded.brief(engine="extractive")
    page = briefing.html()
    assert page.startswith("<!DOCTYPE html>") and page == render_html(briefing)
