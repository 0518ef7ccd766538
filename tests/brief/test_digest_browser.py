"""The HTML digest in headless Chromium: hostile articles run nothing, a `[n]` shows its quote, links lead somewhere real."""

from __future__ import annotations

from pathlib import Path

import pytest

from ragnews import Newsroom
from tests.brief import browser
from tests.brief.test_html_browser import PAYLOADS
from tests.storetools import ragnews


@pytest.fixture(scope="module")
def digest_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    browser.chromium()  # skip before building anything when there is no browser
    folder = tmp_path_factory.mktemp("hostile-digest")
    for name, text in PAYLOADS.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder.parent / "digest-db"
    Newsroom(db=db).ingest([folder])
    page = folder.parent / "digest.html"
    run = ragnews("digest", "--db", str(db), "-o", str(page), "--no-remember")
    assert run.returncode == 0, run.stderr
    data = Newsroom(db=db).digest(remember=False).to_json()
    return page, data


def test_the_digest_page_runs_no_script_and_its_citations_work(digest_page) -> None:
    path, data = digest_page
    quoted = " ".join(c["quote"] for c in data["citations"])
    assert "<script>" in quoted or "onerror=" in quoted, "the test needs a payload in a cited quote"
    with browser.page() as page:
        page.goto(path.as_uri())
        link = page.locator("a.cite").first
        tip = link.locator(".tip")
        assert not tip.is_visible()
        link.hover()
        page.wait_for_timeout(300)
        assert tip.is_visible()
        n = int(link.get_attribute("href").removeprefix("#cite-"))
        quote = next(c["quote"] for c in data["citations"] if c["n"] == n)
        assert " ".join(quote.split()) in " ".join(tip.inner_text().split())
        assert not [m for m in page.messages if "PWNED" in m], page.messages
        assert page.title() == "News digest"
        assert page.evaluate("document.querySelectorAll('script, img, svg, iframe, object, embed').length") == 0
        hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
        briefings = [h for h in hrefs if not h.startswith("#cite-")]
        assert briefings and all(h.startswith("digest-briefings/s") for h in briefings)
        page.goto((path.parent / briefings[0]).as_uri())  # the full briefing, written beside the digest
        assert page.locator("#key-points").is_visible()
        assert not [m for m in page.messages if "PWNED" in m], page.messages
