"""Citations that show where they point: a web source by its URL (then its snapshot file and lines) on the
terminal, in Markdown, HTML and JSON; files by paths as short as they stay unambiguous; an answer's sentences
from their start, the quote verbatim."""

from __future__ import annotations

import io
import os
from pathlib import Path

from rich.console import Console

from ragnews import Newsroom
from ragnews.answer.citations import shown_path
from ragnews.brief.html import render_html
from ragnews.cli import render
from tests.web.loopback import Loopback, Resource, article_html, seed_article

SEEDS = ["002_02d73822e9f7ea40.txt", "003_4432676fd8114b32.txt"]


def test_web_citations_name_the_url_then_the_snapshot(server: Loopback, isolated_home: Path) -> None:
    urls = []
    for i, name in enumerate(SEEDS):
        title, paragraphs = seed_article(name)
        server.routes[f"/world/story-{i}"] = Resource(article_html(title, paragraphs))
        urls.append(server.url(f"/world/story-{i}"))
    nr = Newsroom()
    nr.ingest(urls)
    answer = nr.ask("How many North Korean soldiers were killed or wounded?", engine="extractive")
    assert answer.citations
    buf = io.StringIO()
    render.answer(Console(file=buf, width=300, color_system=None), answer)
    out = buf.getvalue()
    home = str(isolated_home)
    first = answer.citations[0]
    assert f"[1] {first.url}  snapshots/127.0.0.1_" in out and f":{first.start_line}-{first.end_line}" in out
    assert home not in out  # no absolute snapshot path: the URL, then the snapshot under RAGNEWS_HOME
    assert all(c["url"] in urls and c["path"].startswith(home) for c in answer.to_json()["citations"])

    briefing = nr.brief(urls, engine="extractive")
    md = briefing.markdown
    cites = md.split("## Citations", 1)[1].split("## Sources", 1)[0]
    assert f"[1] <{briefing.citations[0].url}> (snapshot snapshots/127.0.0.1" in cites and home not in cites
    assert all(f"<{u}> (snapshot snapshots/" in md.split("## Sources", 1)[1] for u in urls)
    page = render_html(briefing)
    assert f'<a href="{briefing.citations[0].url}" rel="noopener noreferrer nofollow">' in page and home not in page
    assert all(c["url"] in urls for c in briefing.to_json()["citations"])


def test_paths_are_shown_relative_where_they_can_be(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    inside = str(tmp_path / "news" / "a.txt")
    assert shown_path(inside, inside) == os.path.join("news", "a.txt")
    assert shown_path("news/a.txt", inside) == "news/a.txt"  # as the user named it
    assert shown_path("/elsewhere/b.txt", "/elsewhere/b.txt") == "/elsewhere/b.txt"
    snap = "/home/u/.local/share/ragnews/snapshots/example.com/2025-04-28-story.html"
    assert shown_path(snap, snap, "https://example.com/story") == "snapshots/example.com/2025-04-28-story.html"
    assert shown_path(snap, snap, "javascript:alert(1)") == snap


def test_an_answer_shows_its_sentence_from_a_capital_the_quote_verbatim(tmp_path) -> None:
    """An article whose sentence slipped to a lowercase start (the seeds have one: "… in the war. the South Korean
    military also said …"): the answer shows it from a capital, its citation quotes it as written."""
    from ragnews import Newsroom

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("Troops in the east\n\nFighting went on in the east of the country on Monday.\n"
                                          "the South Korean military also said at the time that North Korea sent about 3,000 "
                                          "additional troops to Russia.\n", encoding="utf-8")
    nr = Newsroom(db=tmp_path / "db", home=str(tmp_path / "home"))
    nr.ingest([tmp_path / "c"])
    answer = nr.ask("How many additional troops did North Korea send to Russia?", engine="extractive")
    quotes = [c.quote for c in answer.citations]
    assert "the South Korean military also said at the time that North Korea sent about 3,000 additional troops" \
        in " ".join(quotes)  # the article's own slip, cited as written
    assert "The South Korean military also said at the time" in answer.answer
    assert "] the South Korean" not in answer.answer and not answer.answer[:1].islower()
