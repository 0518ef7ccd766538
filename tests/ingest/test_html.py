"""HTML extraction keeps the article when trafilatura drops elements inside it."""

from __future__ import annotations

import pytest

from ragnews.ingest.html import extract, readable_lines

BODY = ("The council approved the road budget of 12 million euros on Tuesday, the mayor said.\n"
        "Work on the northern bypass will start in March and take two years, officials added.\n"
        "Residents had campaigned for the bypass for more than a decade, citing heavy traffic.\n")


@pytest.mark.parametrize("page", [
    # loose article text (no <p>) around an iframe whose fallback text a browser never shows
    f"<html><body><div class='story'>Storm closes the harbour for a second day. <iframe src='https://ads.example'>Your browser "
    f"does not support frames</iframe> {BODY.replace(chr(10), ' ')}</div></body></html>",
    # loose text beside a noscript block, the article in plain text nodes
    f"<html><body><noscript>Please enable JavaScript to read comments</noscript>\nStorm closes the harbour for a second day.\n"
    f"<div>{BODY}</div></body></html>",
    # an element trafilatura drops *inside* a paragraph (its text is not in the extraction)
    f"<html><body><article><p>Storm closes the harbour on <time datetime='2024-03-05'>Tuesday</time> for a second day. {BODY}</p>"
    "</article></body></html>",
], ids=["iframe-fallback", "noscript", "time-inside-paragraph"])
def test_loose_text_next_to_dropped_elements_keeps_the_article(page: str) -> None:
    cleaned = extract(page)
    text = " ".join(b.text for b in cleaned.blocks)
    for sentence in ("The council approved the road budget of 12 million euros", "Residents had campaigned for the bypass"):
        assert sentence in text
    assert "Your browser does not support frames" not in text and "enable JavaScript" not in text
    lines = page.splitlines()
    for block in cleaned.blocks:  # every kept block is verbatim on the lines it names: citable
        assert " ".join(block.text.split()) in readable_lines("\n".join(lines), block.line, block.end_line)


@pytest.mark.parametrize(("head", "title", "outlet"), [
    ("<title>Council approves bypass | Harbour Times</title>", "Council approves bypass", "Harbour Times"),
    # the page's own site name wins over the title's
    ("<title>Council approves bypass | Harbour Times</title><meta property='og:site_name' content='HT Online'>",
     "Council approves bypass", "HT Online"),
    # a section after the bar names no site
    ("<title>Live updates | Russia-Ukraine war</title>", "Live updates", None),
    # a one-word section after the bar is the site's, not the site (found in review)
    ("<title>Council approves bypass | Opinion</title>", "Council approves bypass", None),
    # a headline with a dot ("U.S.", "Dr.") was taken for a domain: title and outlet came out swapped (new-user walk)
    ("<title>U.S. troops arrive in Poland - Reuters</title>", "U.S. troops arrive in Poland", "Reuters"),
    ("<title>Dr. Gupta talks to Rogan | CNN</title><meta property='og:site_name' content='CNN'>",
     "Dr. Gupta talks to Rogan", "CNN"),
    ("<title>Budget passes - example.com</title>", "Budget passes", "example.com"),
    ("<title>KATHMANDU (Reuters) - The bodies of two U.S. climbers were found in Tibet</title>",
     "KATHMANDU (Reuters) - The bodies of two U.S. climbers were found in Tibet", None),
    # a site's own name with a dot, every word capitalised, is still the site (review)
    ("<title>Fed holds rates - U.S. News & World Report</title>", "Fed holds rates", "U.S. News & World Report"),
], ids=["site-in-title", "site-name-meta", "section", "one-word-section", "dotted-headline", "dotted-headline-meta",
        "domain", "dotted-second-half", "dotted-site-name"])
def test_a_site_after_a_bar_in_the_page_title_is_the_outlet(head: str, title: str, outlet: str | None) -> None:
    cleaned = extract(f"<html><head>{head}</head><body><article><p>{BODY}</p></article></body></html>")
    assert (cleaned.title, cleaned.outlet) == (title, outlet)
