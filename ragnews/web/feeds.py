"""Feeds: reading RSS/Atom (feedparser) and OPML, and the list of feeds a user follows.

feedparser copes with the many dialects of RSS and Atom in the wild; we only
take what an entry needs to be fetched: its id, link, title and dates. The
followed feeds live in `$RAGNEWS_HOME/feeds.json` with each feed's ETag and
Last-Modified (so the next update is a conditional GET) and the entries
already seen (so an update fetches only what is new or updated).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ragnews.errors import InputError
from ragnews.web.fetch import FetchError
from ragnews.web.shapes import clean_feeds, load_checked
from ragnews.web.state import save_json
from ragnews.web.urls import check_url

FEEDS_FILE = "feeds.json"


@dataclass(frozen=True)
class Entry:
    key: str  # the entry's id (or its link): what "seen before" is keyed on
    link: str
    title: str
    updated: str  # as the feed says; a new value means the entry changed
    published: str = ""  # the entry's publication date (YYYY-MM-DD, UTC), "" when the feed gives none


@dataclass
class FeedDoc:
    title: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (entry title or id, one-line reason)


def parse_feed(body: bytes, url: str, content_type: str = "application/xml") -> FeedDoc:
    """The feed's entries with absolute links; raises FetchError for a malformed, empty or non-feed document."""
    import feedparser

    doc = feedparser.parse(body, response_headers={"content-location": url, "content-type": content_type or "application/xml"})
    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)  # a server's label, not the XML
    if not doc.entries:
        if doc.get("bozo") and not isinstance(doc.get("bozo_exception"), harmless):
            raise FetchError(f"malformed feed: {_bozo_reason(doc)}")
        if not doc.get("version"):
            raise FetchError("not an RSS or Atom feed")
        raise FetchError("empty feed: it lists no entries")
    out = FeedDoc(title=str(doc.feed.get("title") or url).strip())
    for raw in doc.entries:
        _add_entry(out, raw, url)
    if not out.entries and doc.get("bozo") and not isinstance(doc.get("bozo_exception"), harmless):
        # a feed cut off inside its first <item> parses as one entry with nothing in it: the XML is the problem
        raise FetchError(f"malformed feed: {_bozo_reason(doc)}")
    return out


def _add_entry(out: FeedDoc, raw: Any, feed_url: str) -> None:
    title = " ".join(str(raw.get("title") or "").split())[:200]
    link = str(raw.get("link") or "").strip()
    if not link:
        out.problems.append((title or str(raw.get("id") or "an entry"), "the entry has no link"))
        return
    try:
        link = check_url(urljoin(feed_url, link))
    except InputError as exc:
        out.problems.append((title or link, f"the entry's link can't be fetched ({exc})"))
        return
    updated = str(dict.get(raw, "updated") or dict.get(raw, "published") or "")  # plain dict.get: no feedparser key aliasing
    out.entries.append(Entry(key=str(raw.get("id") or link), link=link, title=title, updated=updated, published=_entry_date(raw)))


def _entry_date(raw: Any) -> str:
    """The entry's own date as feedparser normalised it (UTC), published before updated: a page's second line of
    evidence for its date when its own metadata gives none (see `Snapshots.dating`)."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = dict.get(raw, key)
        if parsed:
            try:
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
            except (ValueError, AttributeError):
                continue
    return ""


def _first(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _bozo_reason(doc: Any) -> str:
    exc = doc.get("bozo_exception")
    text = (str(exc).strip().splitlines() or ["unreadable XML"])[0] if exc else "unreadable XML"
    return text[:200]


def parse_opml(path: Path) -> list[tuple[str, str]]:
    """(feed URL, title) for every outline with an xmlUrl, at any depth (feed readers nest them in folders)."""
    import xml.etree.ElementTree as ET

    from ragnews.ingest.limits import read_limited

    data = read_limited(path, "an OPML file")
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, UnicodeError, RecursionError) as exc:
        raise InputError(f"{path} is not an OPML file ({_first(exc)})") from None
    if root.tag.lower() != "opml":
        raise InputError(f"{path} is not an OPML file (its root element is <{root.tag}>, not <opml>)")
    found = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            found.append((url.strip(), (outline.get("title") or outline.get("text") or "").strip()))
    return found


class FeedList:
    """The followed feeds, loaded from and saved to `feeds.json` (atomically)."""

    def __init__(self, home: Path) -> None:
        self.path = Path(home) / FEEDS_FILE
        self.feeds: dict[str, dict[str, Any]] = load_checked(self.path, clean_feeds)

    def add(self, url: str, title: str = "", via: str = "user") -> bool:
        """Follow `url` (normalised); False if it was followed already.

        `via` says who chose the URL: "user" (named on the command line) or
        "opml" (a file listed it): only the user's own may reach private addresses.
        """
        url = check_url(url)
        if url in self.feeds:
            return False
        self.feeds[url] = {"url": url, "title": title, "added": _today(), "etag": None, "last_modified": None,
                           "checked": None, "status": "never fetched", "entries": {}, "via": via}
        return True

    def named_by_user(self) -> list[str]:
        """The feeds the user named themselves (feeds followed before `via` was recorded count as theirs)."""
        return [url for url, state in self.feeds.items() if state.get("via", "user") == "user"]

    def remove(self, url: str) -> bool:
        key = url.strip() if url.strip() in self.feeds else _normal(url)
        return self.feeds.pop(key, None) is not None

    def save(self) -> None:
        save_json(self.path, {"version": 1, "feeds": self.feeds})

    def rows(self) -> list[dict[str, Any]]:
        """What `ragnews feeds list` shows, one dict per feed (no per-entry state)."""
        return [{"url": f["url"], "title": f.get("title") or "", "added": f.get("added"), "checked": f.get("checked"),
                 "status": f.get("status"), "entries": len(f.get("entries") or {})} for f in self.feeds.values()]


def _normal(url: str) -> str:
    try:
        return check_url(url)
    except InputError:
        return url.strip()


def _today() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
