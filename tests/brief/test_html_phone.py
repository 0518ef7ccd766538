"""The briefing page on a phone (390 px, touch): tap a citation, its quote shows; follow it to the list, and the
list's back-link returns to the sentence that cited it (without the browser's Back)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ragnews import Newsroom
from tests.brief import browser


@pytest.fixture(scope="module")
def phone_page(seeded_db, tmp_path_factory) -> tuple[Path, dict]:
    briefing = Newsroom(db=seeded_db).brief(engine="extractive")
    path = tmp_path_factory.mktemp("phone") / "briefing.html"
    path.write_text(briefing.html(), encoding="utf-8")
    return path, briefing.to_json()


def test_tap_shows_the_quote_and_the_back_link_returns(phone_page) -> None:
    path, data = phone_page
    with browser.page(width=390, height=844, touch=True) as page:
        page.goto(path.as_uri())
        link = page.locator("#summary a.cite").first
        n = int(link.get_attribute("href").removeprefix("#cite-"))
        ref = link.get_attribute("id")
        quote = " ".join(next(c["quote"] for c in data["citations"] if c["n"] == n).split())
        link.tap()
        tip = link.locator(".tip")
        assert tip.is_visible() and quote in " ".join(tip.inner_text().split())  # the quote, on the tapped screen
        box = tip.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("location.hash") == f"#cite-{n}" and page.locator(f"#cite-{n}").is_visible()
        back = page.locator(f'#cite-{n} a.back[href="#{ref}"]')
        assert back.count() == 1
        back.tap()
        assert page.evaluate("location.hash") == f"#{ref}"
        assert page.evaluate("id => { const r = document.getElementById(id).getBoundingClientRect();"
                             " return r.top >= 0 && r.bottom <= window.innerHeight; }", ref)  # back on screen
        assert not [m for m in page.messages if m.startswith(("error", "pageerror"))], page.messages
