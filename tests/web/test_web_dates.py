"""A web article's date, in order of trust: the page's own metadata, then its feed entry's date, then the
server's Last-Modified; a year in its text is never its publication date. And the charset the server names
decodes a page that names none."""

from __future__ import annotations

import html
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from ragnews import Newsroom
from ragnews.answer.citations import Citation, verify
from tests.web.loopback import Loopback, Resource

BODY_YEARS = ["Maternity pay will rise by 2007 under plans the government announced, the minister told MPs at length.",
              "The change, first promised in 1998, will cost the Treasury more than expected over several years, officials said."]


def _page(title: str, paragraphs: list[str], head: str = "", charset: str = '<meta charset="utf-8">') -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html>\n<html><head>{charset}<title>{html.escape(title)}</title>{head}</head>\n"
            f"<body><article><h1>{html.escape(title)}</h1>\n{body}\n</article></body></html>\n")


def _feed(server: Loopback, items: list[tuple[str, str, str]]) -> str:
    """RSS whose entries carry their own dates: (title, path, RFC 822 date)."""
    entries = "\n".join(f"<item><title>{html.escape(t)}</title><link>{server.base}{p}</link><guid>{server.base}{p}</guid>"
                        f"<pubDate>{d}</pubDate></item>" for t, p, d in items)
    server.routes["/feed.xml"] = Resource(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Dated feed</title>'
        f"<link>{server.base}/</link><description>t</description>{entries}</channel></rss>".encode(), "application/rss+xml")
    return server.url("/feed.xml")


def test_metadata_then_feed_date_then_last_modified_never_a_year_in_the_text(server: Loopback) -> None:
    meta = '<meta property="article:published_time" content="2025-04-28T08:00:00Z">'
    server.routes["/dated"] = Resource(_page("Council votes on the new bridge", [
        "The council voted on Monday to build the new bridge over the river, ending a debate of ten years.",
        "Work is expected to begin in 2026 and to last three years, the council's engineers said."], meta).encode())
    server.routes["/undated"] = Resource(_page("Labour plans maternity pay rise", BODY_YEARS).encode())
    server.routes["/unlisted"] = Resource(_page("Labour chooses Manchester", [
        "Labour has chosen Manchester for its spring conference, as it did in 1998, party officials said on Tuesday.",
        "The party expects more than ten thousand members to attend the three days of debates and speeches."]).encode())
    feed = _feed(server, [("Bridge", "/dated", "Fri, 05 Jan 2024 09:00:00 GMT"),
                          ("Maternity pay", "/undated", "Mon, 14 Feb 2005 23:30:00 -0500")])  # 15 Feb in UTC
    nr = Newsroom()
    nr.follow([feed])
    report = nr.update()
    assert not report.failed, report.to_json()
    nr.ingest([server.url("/unlisted")])
    dates = {s.url: s.published for s in nr.sources()}
    assert dates[server.url("/dated")] == "2025-04-28"  # the page's own metadata beats its feed entry
    assert dates[server.url("/undated")] == "2005-02-15"  # no metadata: the feed entry's date, not 2007 or 1998
    served = parsedate_to_datetime(server.last_modified).date().isoformat()
    assert dates[server.url("/unlisted")] == served  # neither: the server's Last-Modified, not 1998
    record = next(r for r in nr.store.source_records().values() if r.get("url") == server.url("/undated"))
    assert "feed entry" in record["published_text"]


def test_a_page_that_names_no_charset_is_decoded_with_the_servers(server: Loopback, isolated_home: Path) -> None:
    words = "Zażółć gęślą jaźń, powiedział burmistrz Łodzi w środę po głosowaniu rady miasta."
    page = _page("Rada miasta Łodzi", [words, "Prace nad mostem mają się zacząć w przyszłym roku, dodał rzecznik."], charset="")
    server.routes["/pl"] = Resource(page.encode("iso-8859-2"), "text/html; charset=ISO-8859-2",
                                    headers={"Last-Modified": formatdate(1_700_000_000, usegmt=True)}, validators=False)
    nr = Newsroom()
    report = nr.ingest([server.url("/pl")])
    assert report.counts()["added"] == 1, report.to_json()
    text = "\n".join(t for t, _ in nr.article_chunks(nr.sources()[0].path))
    assert "Zażółć gęślą jaźń" in text and "Łodzi" in text
    hit = nr.search("Zażółć gęślą jaźń burmistrz", k=1)[0]
    assert hit.meta["encoding"] == "iso8859-2"
    quote = Citation(1, hit.source, hit.path, hit.start_line, hit.end_line, "Zażółć gęślą jaźń", format="html", encoding=hit.meta["encoding"])
    assert verify(quote)  # the citation checks out against the snapshot's bytes, read in the server's charset
