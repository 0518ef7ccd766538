"""Polite fetching against a loopback server: who we say we are, robots.txt, conditional GET, delays,
and one clear line for every way a URL can fail while the batch goes on."""

from __future__ import annotations

import socket
import time

import pytest

from ragnews.config import load_settings
from ragnews.web.harvest import Harvester
from tests.web.loopback import Loopback, Resource, article_html, endless, redirect, rss, seed_article, slow

SEED = "000_7dc4cde0666e8d48.txt"


def _page() -> Resource:
    return Resource(article_html(*seed_article(SEED)))


def _fetch(urls: list[str], **settings: object):
    with Harvester(load_settings(**settings)) as h:
        return h.fetch_urls(urls)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_names_itself_and_asks_robots_txt_first(server: Loopback) -> None:
    server.routes["/a"] = _page()
    report = _fetch([server.url("/a")])
    assert [p.status for p in report.pages] == ["new"]
    assert [r.path for r in server.log] == ["/robots.txt", "/a"]
    agent = server.log[1].headers["user-agent"]
    assert agent.startswith("ragnews/") and "robots.txt" in agent


def test_user_agent_is_a_setting(server: Loopback) -> None:
    server.routes["/a"] = _page()
    _fetch([server.url("/a")], user_agent="MyNewsDesk/2.0 (+mailto:desk@example.org)")
    assert {r.headers["user-agent"] for r in server.log} == {"MyNewsDesk/2.0 (+mailto:desk@example.org)"}


def test_robots_txt_disallow_is_respected_and_cached(server: Loopback, isolated_home) -> None:
    server.routes["/private/secret"] = _page()
    server.routes["/a"] = _page()
    report = _fetch([server.url("/private/secret"), server.url("/a")])
    by_url = {p.url: p for p in report.pages}
    assert by_url[server.url("/private/secret")].status == "failed"
    assert by_url[server.url("/private/secret")].reason == f"disallowed by {server.base}/robots.txt"
    assert by_url[server.url("/a")].status == "new"
    assert not server.requests("/private/")
    assert (isolated_home / "robots.json").is_file()
    server.log.clear()
    _fetch([server.url("/a")])
    assert not server.requests("/robots.txt"), "robots.txt is cached for a day"


def test_robots_txt_that_cannot_be_read_means_do_not_crawl(server: Loopback) -> None:
    server.routes["/robots.txt"] = Resource(b"oops", "text/plain", status=503)
    server.routes["/a"] = _page()
    [page] = _fetch([server.url("/a")]).pages
    assert page.status == "failed" and "robots.txt answered HTTP 503" in (page.reason or "")
    assert not server.requests("/a")


def test_missing_robots_txt_allows_everything(server: Loopback) -> None:
    del server.routes["/robots.txt"]
    server.routes["/a"] = _page()
    assert [p.status for p in _fetch([server.url("/a")]).pages] == ["new"]


def test_conditional_get_reuses_the_snapshot(server: Loopback) -> None:
    server.routes["/a"] = _page()
    first = _fetch([server.url("/a")]).pages[0]
    second = _fetch([server.url("/a")])
    assert second.pages[0].status == "not modified" and second.pages[0].snapshot == first.snapshot
    last = server.requests("/a")[-1]
    assert last.status == 304 and last.headers.get("if-none-match") and last.headers.get("if-modified-since")
    assert second.stats.to_json() == {"requests": 1, "conditional": 1, "not_modified": 1}


def test_per_host_delay_and_hosts_in_parallel(server: Loopback, server2: Loopback) -> None:
    for srv in (server, server2):
        for i in range(3):
            srv.routes[f"/p{i}"] = _page()
    report = _fetch([s.url(f"/p{i}") for s in (server, server2) for i in range(3)], fetch_delay=0.4)
    assert [p.status for p in report.pages] == ["new"] * 6
    for srv in (server, server2):  # robots.txt, then 3 pages, each at least the delay after the one before
        times = [r.at for r in srv.log]
        assert len(times) == 4 and all(b - a >= 0.38 for a, b in zip(times, times[1:])), times
    first, second = ([r.at for r in s.log] for s in (server, server2))
    assert second[0] < first[-1] and first[0] < second[-1], "the two hosts are fetched side by side"


def test_crawl_delay_in_robots_txt_wins_when_longer(server: Loopback) -> None:
    server.routes["/robots.txt"] = Resource(b"User-agent: *\nCrawl-delay: 1\n", "text/plain")
    server.routes["/a"], server.routes["/b"] = _page(), _page()
    started = time.perf_counter()
    _fetch([server.url("/a"), server.url("/b")])
    assert time.perf_counter() - started >= 1.0  # a, then b a second later


FAILURES = {
    "/missing": "HTTP 404 Not Found",
    "/broken": "HTTP 500 Internal Server Error (a server error; try later)",
    "/slow": "timed out after 1 s",
    "/loop-a": "redirect loop: ",
    "/hop0": "too many redirects (more than 5)",
    "/picture.png": "neither an HTML page nor an RSS/Atom feed (image/png)",
    "/huge": "too large (6.0 MiB > 1 MiB; raise RAGNEWS_FETCH_MAX_MB to fetch it)",
    "/endless": "too large (over 1 MiB; raise RAGNEWS_FETCH_MAX_MB to fetch it)",
    "/malformed.xml": "malformed feed: ",
    "/empty.xml": "empty feed: it lists no entries",
    "/javascript-redirect": "redirects to a URL ragnews won't fetch",
}


def _misbehave(server: Loopback) -> None:
    server.routes["/broken"] = Resource(b"<h1>boom</h1>", status=500)
    server.routes["/slow"] = slow(3)
    server.routes["/loop-a"] = redirect("/loop-b")
    server.routes["/loop-b"] = redirect("/loop-a")
    for i in range(7):
        server.routes[f"/hop{i}"] = redirect(f"/hop{i + 1}")
    server.routes["/picture.png"] = Resource(b"\x89PNG\r\n\x1a\n" + b"\0" * 2000, "image/png")
    server.routes["/huge"] = Resource(b"<html><body>" + b"x" * (6 * 2**20) + b"</body></html>")
    server.routes["/endless"] = endless()
    server.routes["/malformed.xml"] = Resource(b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</titl', "application/rss+xml")
    server.routes["/empty.xml"] = Resource(rss("Empty", [], server.base), "application/rss+xml")
    server.routes["/javascript-redirect"] = redirect("javascript:alert(1)")
    server.routes["/good"] = _page()


def test_every_failure_gets_one_line_and_the_batch_goes_on(server: Loopback) -> None:
    _misbehave(server)
    dns, refused = "http://no-such-host.invalid/news", f"http://127.0.0.1:{_closed_port()}/news"
    urls = [server.url(p) for p in FAILURES] + [dns, refused, "ftp://example.org/file", server.url("/good")]
    report = _fetch(urls, fetch_timeout=1, fetch_max_mb=1)
    by_url = {p.url: p for p in report.pages} | {f.url: f for f in report.feeds}
    for path, expected in FAILURES.items():
        got = by_url[server.url(path)]
        assert got.status == "failed" and expected in (got.reason or ""), (path, got.reason)
    assert by_url[dns].reason == "DNS lookup failed: no such host no-such-host.invalid"
    assert by_url[refused].reason and by_url[refused].reason.startswith("connection refused by http://127.0.0.1:")
    assert by_url["ftp://example.org/file"].reason == "not an http(s) URL: ftp://example.org/file"
    assert by_url[server.url("/good")].status == "new"
    for item in report.pages:
        assert item.reason is None or "\n" not in item.reason


def test_dead_entry_links_are_reported_with_their_feed(server: Loopback) -> None:
    title, _ = seed_article(SEED)
    server.routes["/a"] = _page()
    server.routes["/feed.xml"] = Resource(rss("Loop News", [(title, "/a", "1"), ("Gone", "/gone", "2"), ("No link", "", "3")],
                                              server.base), "application/rss+xml")
    report = _fetch([server.url("/feed.xml")])
    assert [(f.status, f.title, f.entries) for f in report.feeds] == [("updated", "Loop News", 2)]
    by_url = {p.url: p for p in report.pages}
    assert by_url[server.url("/a")].status == "new" and by_url[server.url("/a")].feed == server.url("/feed.xml")
    assert by_url[server.url("/gone")].reason == "HTTP 404 Not Found"
    assert any(p.reason == "entry 'No link': the entry has no link" for p in report.pages)


def test_a_feed_url_that_serves_html_is_named_as_such(server: Loopback, isolated_home) -> None:
    from ragnews.web.feeds import FeedList

    server.routes["/news"] = _page()
    feeds = FeedList(isolated_home)
    feeds.add(server.url("/news"))
    with Harvester(load_settings()) as h:
        report = h.update(feeds)
    assert report.feeds[0].reason == "not a feed: the server sent an HTML page; give the feed's own URL (RSS or Atom)"


@pytest.mark.parametrize("content_type", ["", "text/plain", "application/octet-stream"])
def test_a_page_without_a_useful_content_type_is_sniffed(server: Loopback, content_type: str) -> None:
    server.routes["/a"] = Resource(article_html(*seed_article(SEED)), content_type)
    assert _fetch([server.url("/a")]).pages[0].status == "new"
