"""Feeds and OPML as feed readers write them; the followed-feeds file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ragnews.errors import InputError
from ragnews.web.feeds import FeedList, parse_feed, parse_opml
from ragnews.web.fetch import FetchError
from tests.web.loopback import atom, opml, rss


def test_rss_entries_with_relative_links_made_absolute() -> None:
    doc = parse_feed(rss("Desk", [("One", "/a/1", "g1"), ("Two", "https://other.example/2", "g2")], "https://x.example"),
                     "https://x.example/feed.xml")
    assert doc.title == "Desk"
    assert [(e.key, e.link, e.title) for e in doc.entries] == [("https://x.example/g1", "https://x.example/a/1", "One"),
                                                             ("https://x.example/g2", "https://other.example/2", "Two")]  # RSS guids are permalinks


def test_atom_entries() -> None:
    doc = parse_feed(atom("Atom desk", [("One", "https://x.example/1", "urn:1")]), "https://x.example/atom")
    assert [(e.key, e.link, e.updated) for e in doc.entries] == [("urn:1", "https://x.example/1", "2025-04-28T08:00:00Z")]


def test_entries_that_cannot_be_fetched_are_named() -> None:
    doc = parse_feed(rss("D", [("Script", "javascript:alert(1)", "1"), ("Fine", "/ok", "2")], "https://x.example"), "https://x.example/f")
    assert [e.link for e in doc.entries] == ["https://x.example/ok"]
    assert doc.problems and doc.problems[0][0] == "Script" and "not an http(s) URL" in doc.problems[0][1]


@pytest.mark.parametrize(("body", "reason"), [
    (b"<?xml version='1.0'?><rss><channel><title>x</ti", "malformed feed"),
    # cut off inside its first item: one empty entry, read as "entry 'an entry': the entry has no link" (new-user walk)
    (b"<rss><channel><item>", "malformed feed: .*no element found"),
    (b"<html><body>hello</body></html>", "not an RSS or Atom feed"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>', "empty feed"),
])
def test_bad_feeds(body: bytes, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        parse_feed(body, "https://x.example/f")


def test_opml_nested_folders(tmp_path: Path) -> None:
    path = tmp_path / "subs.opml"
    path.write_bytes(opml([("https://a.example/rss", "A & B"), ("https://c.example/atom", "C")]))
    assert parse_opml(path) == [("https://a.example/rss", "A & B"), ("https://c.example/atom", "C")]


def test_not_opml(tmp_path: Path) -> None:
    path = tmp_path / "x.opml"
    path.write_text("<html></html>")
    with pytest.raises(InputError, match="not an OPML file"):
        parse_opml(path)
    path.write_text("not xml at all <")
    with pytest.raises(InputError, match="not an OPML file"):
        parse_opml(path)


def test_feed_list_persists(isolated_home: Path) -> None:
    feeds = FeedList(isolated_home)
    assert feeds.add("HTTPS://News.Example/rss#top", "News")
    assert not feeds.add("https://news.example/rss")
    with pytest.raises(InputError):
        feeds.add("file:///etc/passwd")
    feeds.save()
    data = json.loads((isolated_home / "feeds.json").read_text())
    assert list(data["feeds"]) == ["https://news.example/rss"]
    again = FeedList(isolated_home)
    assert [r["url"] for r in again.rows()] == ["https://news.example/rss"]
    assert again.remove("https://news.example/rss") and not again.feeds
