"""The HTML briefing in headless Chromium: it renders (screenshot), a hover or a keyboard focus shows a
citation's quote, it fits a phone, and an article's <script>/onerror= payloads run nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ragnews import Newsroom
from ragnews.brief.html import render_html
from tests.brief import browser

PAYLOADS = {
    "a.txt": """Floods hit the river town of Marlow on Monday, officials said.
The mayor said 120 homes were flooded <script>document.title='PWNED';console.log('PWNED-script')</script> after the river burst its banks.
Rescue teams evacuated 300 residents <img src=x onerror="console.log('PWNED-img')"> to the school gym overnight.
Mayor Ann Fields said: "We have never seen water this high <svg onload=console.log('PWNED-svg')>."
The weather service expects more rain on Wednesday.
""",
    "b<img src=y onerror=console.log('PWNED-name')>.txt": """Floods hit Marlow on Monday after days of rain, the county said.
The county said 150 homes were flooded <script>console.log('PWNED-b')</script> in the town.
About 300 residents were evacuated <iframe src="javascript:console.log('PWNED-iframe')"></iframe> to a school.
County chief Tom Reed said: "The river rose faster than any model predicted <a href=javascript:console.log('PWNED-a')>here</a>."
More rain is expected on Wednesday, forecasters said.
""",
}


@pytest.fixture(scope="module")
def seeds_page(seeded_db, tmp_path_factory) -> tuple[Path, dict]:
    briefing = Newsroom(db=seeded_db).brief()
    path = tmp_path_factory.mktemp("html") / "briefing.html"
    path.write_text(render_html(briefing), encoding="utf-8")
    return path, briefing.to_json()


def test_screenshot_and_hover_shows_the_quote(seeds_page, tmp_path: Path) -> None:
    path, data = seeds_page
    first = data["citations"][0]
    with browser.page() as page:
        page.goto(path.as_uri())
        shot = tmp_path / "briefing.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
        link = page.locator(f'a.cite[href="#cite-{first["n"]}"]').first
        tip = link.locator(".tip")
        assert not tip.is_visible()
        link.hover()
        assert tip.is_visible()
        shown = " ".join(tip.inner_text().split())
        assert " ".join(first["quote"].split()) in shown and f"{first['source']}:{first['start_line']}" in shown
        assert not [m for m in page.messages if m.startswith(("error", "pageerror"))], page.messages


def test_keyboard_focus_shows_the_quote_and_the_link_leads_to_the_citation(seeds_page) -> None:
    path, data = seeds_page
    with browser.page() as page:
        page.goto(path.as_uri())
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('cite')"):
                break
        focused = page.locator("a.cite:focus")
        assert focused.count() == 1 and focused.locator(".tip").is_visible()
        n = int(focused.get_attribute("href").removeprefix("#cite-"))
        quote = next(c["quote"] for c in data["citations"] if c["n"] == n)
        assert " ".join(quote.split()) in " ".join(focused.locator(".tip").inner_text().split())
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == f"#cite-{n}"
        assert page.locator(f"#cite-{n}").is_visible()


def test_fits_a_phone(seeds_page, tmp_path: Path) -> None:
    path, _ = seeds_page
    with browser.page(width=390, height=844) as page:
        page.goto(path.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        link = page.locator("a.cite").nth(3)
        link.focus()
        box = link.locator(".tip").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
        page.screenshot(path=str(tmp_path / "phone.png"))
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("hostile")
    for name, text in PAYLOADS.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path_factory.mktemp("hostile-db") / "db"
    briefing = Newsroom(db=db).brief([folder])
    path = folder.parent / "hostile.html"
    path.write_text(render_html(briefing), encoding="utf-8")
    return path, briefing.to_json()


def test_script_and_onerror_in_articles_run_nothing(hostile_page) -> None:
    path, data = hostile_page
    quoted = " ".join(c["quote"] for c in data["citations"])
    assert "<script>" in quoted and "onerror=" in quoted, "the test needs the payloads in the cited quotes"
    with browser.page() as page:
        page.goto(path.as_uri())
        page.locator("a.cite").first.hover()
        page.wait_for_timeout(300)
        assert not [m for m in page.messages if "PWNED" in m], page.messages
        assert page.title() != "PWNED"
        assert page.evaluate("document.querySelectorAll('script, img, svg, iframe, object, embed').length") == 0
        hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith(("#cite-", "#ref-", "http://", "https://")) for h in hrefs)
        text = page.inner_text("body")
        assert "<script>" in text and "onerror=" in text, "the payloads are shown as text"


def test_the_csp_would_block_a_script_even_if_one_slipped_through(hostile_page, tmp_path: Path) -> None:
    path, _ = hostile_page
    broken = tmp_path / "broken.html"
    broken.write_text(path.read_text(encoding="utf-8").replace("</main>", "<script>console.log('PWNED-inline')</script>"
                                                                          "<img src=x onerror=\"console.log('PWNED-attr')\"></main>"))
    with browser.page() as page:
        page.goto(broken.as_uri())
        page.wait_for_timeout(300)
        assert not [m for m in page.messages if "PWNED" in m], page.messages
        assert any("Content Security Policy" in m for m in page.messages), page.messages
