"""robots.txt, per RFC 9309, cached for a day so a quiet `ragnews update` costs only revalidations.

A site's robots.txt is asked once per origin; the answer is kept in
`$RAGNEWS_HOME/robots.json` for 24 hours (the RFC's upper bound). A missing
robots.txt (4xx) allows everything; one that can't be read (5xx, or no
answer) means "don't crawl", as the RFC says, and is not cached.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from pathlib import Path
from typing import Any

from ragnews.web.http import REDIRECTS, FetchError, Requester
from ragnews.web.shapes import clean_robots
from ragnews.web.state import StateError, load_json, save_json
from ragnews.web.urls import origin

TTL = 24 * 3600
AGENT = "ragnews"  # the product token robots.txt rules name
MAX_CRAWL_DELAY = 30.0  # a robots.txt asking for more is obeyed up to this, per request
MAX_ROBOTS_BYTES = 512 * 1024


class Robots:
    """Answers "may ragnews fetch this URL?" and "how long between requests to this host?"."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._cache: dict[str, dict[str, Any]] = clean_robots(load_json(path))[0]
        except StateError:  # a cache: one that can't be read is fetched again
            self._cache = {}
        self._parsed: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Lock] = {}
        self._dirty = False

    def check(self, url: str, fetcher: Requester) -> None:
        """Raise FetchError if robots.txt forbids `url` (or can't be read)."""
        parser = self._parser(origin(url), fetcher)
        if not parser.can_fetch(AGENT, url):
            raise FetchError(f"disallowed by {origin(url)}/robots.txt")

    def crawl_delay(self, key: str) -> float:
        parser = self._parsed.get(key)
        delay = parser.crawl_delay(AGENT) if parser is not None else None
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0

    def save(self) -> None:
        with self._lock:
            if self._dirty:
                save_json(self.path, {"origins": self._cache})
                self._dirty = False

    def _parser(self, key: str, fetcher: Requester) -> urllib.robotparser.RobotFileParser:
        with self._lock:
            if key in self._parsed:
                return self._parsed[key]
            host_lock = self._hosts.setdefault(key, threading.Lock())
        with host_lock:  # one fetch of a host's robots.txt; other hosts don't wait for it
            if key not in self._parsed:
                entry = self._cache.get(key)
                if entry is None or time.time() - float(entry.get("fetched", 0)) > TTL:
                    entry = self._fetch(key, fetcher)
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(str(entry.get("text", "")).splitlines())
                self._parsed[key] = parser
            return self._parsed[key]

    def _fetch(self, key: str, fetcher: Requester) -> dict[str, Any]:
        url = f"{key}/robots.txt"
        status, text = self._get(url, fetcher)
        if status >= 500:
            raise FetchError(f"{url} answered HTTP {status}: not fetching from a site whose rules can't be read (RFC 9309)",
                             transient=True)
        entry = {"fetched": time.time(), "status": status, "text": text if 200 <= status < 300 else ""}
        with self._lock:
            self._cache[key] = entry
            self._dirty = True
        return entry

    def _get(self, url: str, fetcher: Requester) -> tuple[int, str]:
        """(status, text) of robots.txt, following up to five redirects within reason."""
        from urllib.parse import urljoin

        for _ in range(5):
            status, headers, body = fetcher.request(url, {})
            if status not in REDIRECTS or not headers.get("location"):
                return status, body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
            url = urljoin(url, headers["location"])
        return 404, ""  # a redirect chain that doesn't end: treat as unavailable, i.e. no rules
