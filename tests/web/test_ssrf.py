"""A feed, an OPML file or a redirect may not lead ragnews into the user's own machine or network.

Every server here is on loopback, which is exactly what a stranger's URL must
not reach: the user names one server (trusted), and whatever it points at on
another port (another "service on the machine") must be refused.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from ragnews.config import load_settings
from ragnews.web.guard import address_kind
from ragnews.web.harvest import Harvester
from ragnews.web.session import import_opml, update
from ragnews.web.urls import check_url
from tests.web.loopback import Loopback, Resource, article_html, opml, redirect, rss, seed_article

SECRET = Resource(article_html("Internal admin", ["The secret token is hunter2-internal-only, do not share it."]))


@pytest.fixture(autouse=True)
def private_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RAGNEWS_FETCH_ALLOW_PRIVATE", raising=False)


def _fetch(urls: list[str]):
    with Harvester(load_settings()) as h:
        return h.fetch_urls(urls)


def _feed_to(server: Loopback, links: list[str]) -> str:
    server.routes["/feed.xml"] = Resource(rss("Feed", [(f"e{i}", link, f"g{i}") for i, link in enumerate(links)], server.base),
                                          "application/rss+xml")
    return server.url("/feed.xml")


@pytest.mark.parametrize("spelling", ["{host}:{port}", "2130706433:{port}", "evil.example@127.0.0.1:{port}", "0x7f.1:{port}",
                                      "[::ffff:127.0.0.1]:{port}"])
def test_a_feed_entry_into_the_machine_is_refused(server: Loopback, server2: Loopback, spelling: str) -> None:
    server2.routes["/admin"] = SECRET
    port = server2.server_address[1]
    link = "http://" + spelling.format(host="127.0.0.1", port=port) + "/admin"
    report = _fetch([_feed_to(server, [link])])
    [page] = [p for p in report.pages if p.feed]
    assert page.status == "failed", page
    assert "refused" in (page.reason or "") and "loopback" in (page.reason or "")
    assert not server2.requests("/admin"), "the other service was never asked"


def test_a_redirect_into_the_machine_is_refused(server: Loopback, server2: Loopback) -> None:
    server2.routes["/admin"] = SECRET
    server.routes["/story"] = redirect(server2.url("/admin"))
    [page] = _fetch([server.url("/story")]).pages
    assert page.status == "failed" and "loopback" in (page.reason or "")
    assert not server2.requests("/admin")


def test_the_host_the_user_named_is_fetched_with_its_own_entries(server: Loopback) -> None:
    server.routes["/a"] = Resource(article_html(*seed_article("000_7dc4cde0666e8d48.txt")))
    report = _fetch([_feed_to(server, [server.url("/a")])])
    assert [p.status for p in report.pages] == ["new"]


def test_allow_private_lets_everything_through(server: Loopback, server2: Loopback, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAGNEWS_FETCH_ALLOW_PRIVATE", "1")
    server2.routes["/admin"] = SECRET
    report = _fetch([_feed_to(server, [server2.url("/admin")])])
    assert [p.status for p in report.pages] == ["new"]


def test_a_feed_from_an_opml_file_is_no_host_the_user_named(server: Loopback, tmp_path: Path) -> None:
    server.routes["/admin"] = SECRET
    listing = tmp_path / "subs.opml"
    listing.write_bytes(opml([(_feed_to(server, [server.url("/admin")]), "Feed")]))
    settings = load_settings()
    import_opml(settings, str(listing))
    report = update(settings, lambda paths, superseded: None)  # type: ignore[arg-type,return-value]
    assert [f.status for f in report.web.feeds] == ["failed"]
    assert "loopback" in (report.web.feeds[0].reason or "")
    assert not server.requests("/")


def test_numeric_and_userinfo_forms_are_spelt_plainly() -> None:
    assert check_url("http://2130706433:8080/x") == "http://127.0.0.1:8080/x"
    assert check_url("http://evil.example@127.0.0.1:8080/") == "http://127.0.0.1:8080/"
    assert check_url("http://user:pw@Example.COM/a?b=1#frag") == "http://example.com/a?b=1"
    assert check_url("http://0x7f.1/") == "http://127.0.0.1/"
    assert check_url("http://[::1]:80/") == "http://[::1]:80/"


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"), ("10.1.2.3", "private"),
    ("192.168.0.1", "private"), ("172.16.5.4", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"), ("240.0.0.1", "reserved"), ("100.64.0.1", "non-public"),
    ("93.184.216.34", None), ("2606:4700::1111", None),
])
def test_address_ranges(address: str, kind: str | None) -> None:
    assert address_kind(ipaddress.ip_address(address)) == kind
