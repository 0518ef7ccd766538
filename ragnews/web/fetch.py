"""Polite HTTP: one GET with every guard a well-mannered reader needs.

A news reader that hammers a site, ignores robots.txt or swallows a 2 GB
"page" gets blocked or falls over. So every request here: names itself
(User-Agent), asks robots.txt first, sends the validators it has (ETag /
Last-Modified, so an unchanged feed costs a 304), waits its turn per host,
gives up after a timeout, follows a bounded number of redirects (and
names a loop), stops reading past a size cap and refuses content of the
wrong type. Each failure is a `FetchError` whose message is the one-line
reason a user sees; the caller moves on to the next URL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin, urlsplit

from ragnews.config import Settings
from ragnews.errors import InputError
from ragnews.web.http import REDIRECTS, FetchError
from ragnews.web.urls import check_url, origin

if TYPE_CHECKING:
    import httpx

    from ragnews.web.robots import Robots

PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "application/x-rss+xml", "application/feed+xml")
SNIFF_TYPES = ("", "text/plain", "application/octet-stream", "binary/octet-stream")  # servers that don't say: look
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Policy:
    """How politely and how much to fetch (from Settings: RAGNEWS_USER_AGENT, RAGNEWS_FETCH_*)."""

    user_agent: str
    delay: float
    timeout: float
    max_bytes: int
    concurrency: int
    redirects: int
    allow_private: bool = False  # RAGNEWS_FETCH_ALLOW_PRIVATE: URLs from feeds and redirects may reach private addresses

    @classmethod
    def from_settings(cls, s: Settings) -> Policy:
        return cls(s.user_agent, s.fetch_delay, s.fetch_timeout, int(s.fetch_max_mb * 1024 * 1024), s.fetch_concurrency,
                   s.fetch_redirects, s.fetch_allow_private)


@dataclass
class Response:
    """A fetched resource (status 200) or a confirmation that ours is current (status 304, no body)."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Stats:
    """What a run asked of the network: the benchmark checks that a quiet second run only revalidates."""

    requests: int = 0
    conditional: int = 0
    not_modified: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, conditional: bool, status: int) -> None:
        with self.lock:
            self.requests += 1
            self.conditional += int(conditional)
            self.not_modified += int(status == 304)

    def to_json(self) -> dict[str, int]:
        return {"requests": self.requests, "conditional": self.conditional, "not_modified": self.not_modified}


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def looks_like_feed(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in body[:4096].lower()


def classify(content_type: str, body: bytes) -> str:
    """'page', 'feed' or '' (neither): by the declared type, or by the first bytes when the server doesn't say."""
    kind = media_type(content_type)
    if kind in PAGE_TYPES:
        return "page"
    if kind in FEED_TYPES or kind.endswith("+xml"):
        return "feed"
    if kind in SNIFF_TYPES:
        return "feed" if looks_like_feed(body) else "page" if looks_like_html(body) else ""
    return ""


class Fetcher:
    """GETs URLs politely; thread-safe, one instance per run (it owns the connection pool and the per-host clocks)."""

    def __init__(self, policy: Policy, robots: Robots | None = None, transport: httpx.BaseTransport | None = None) -> None:
        import httpx

        from ragnews.web.guard import GuardedBackend, guarded_transport

        self.policy = policy
        self.robots = robots
        self.stats = Stats()
        self.guard = GuardedBackend(policy.allow_private) if transport is None else None  # a test's transport is its own
        if self.guard is not None:
            transport = guarded_transport(self.guard)
        timeout = httpx.Timeout(policy.timeout, connect=min(policy.timeout, 10.0))
        self.client = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport, trust_env=False,
                                   headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"})
        self._next: dict[str, float] = {}  # origin -> monotonic time of its next allowed request
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def trust(self, urls: Sequence[str]) -> None:
        """URLs the user named: their hosts may be private (a feed's entries and redirects elsewhere may not)."""
        if self.guard is not None:
            self.guard.trust(urls)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, accept: Callable[[str, bytes], str | None] | None = None, etag: str | None = None,
            last_modified: str | None = None) -> Response:
        """GET `url` following redirects; `accept(content_type, first bytes)` returns why a body is refused, or None."""
        url = _checked(url)
        validators = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        visited = [url]
        for _ in range(self.policy.redirects + 1):
            if self.robots is not None:
                self.robots.check(url, self)
            status, headers, body = self.request(url, validators, accept)
            if status not in REDIRECTS:
                return self._response(visited[0], url, status, headers, body)
            url = self._next_hop(url, headers, visited)
        raise FetchError(f"too many redirects (more than {self.policy.redirects}): {' -> '.join(visited[:4])} …")

    def _next_hop(self, url: str, headers: Any, visited: list[str]) -> str:
        location = headers.get("location")
        if not location:
            raise FetchError("redirect without a Location header")
        try:
            target = check_url(urljoin(url, location))
        except InputError as exc:
            raise FetchError(f"redirects to a URL ragnews won't fetch ({exc})") from None
        if target in visited:
            raise FetchError(f"redirect loop: {' -> '.join([*visited, target])}")
        visited.append(target)
        return target

    def _response(self, asked: str, url: str, status: int, headers: Any, body: bytes) -> Response:
        if status == 304:
            return Response(asked, url, 304, fetched_at=now_iso())
        if status >= 400 or status < 200:
            raise FetchError(_status_reason(status), transient=status >= 500 or status in (408, 429))
        return Response(asked, url, status, body, headers.get("content-type", ""), headers.get("etag"),
                        headers.get("last-modified"), now_iso())

    def request(self, url: str, headers: dict[str, str], accept: Callable[[str, bytes], str | None] | None = None) -> tuple[int, Any, bytes]:
        """One GET, after waiting this host's turn: (status, headers, body read within the size and time limits)."""
        import httpx

        with self._turn(origin(url)):
            try:
                return self._stream(url, headers, accept)
            except httpx.TimeoutException:
                raise FetchError(f"timed out after {self.policy.timeout:g} s (RAGNEWS_FETCH_TIMEOUT)", transient=True) from None
            except httpx.HTTPError as exc:
                raise FetchError(_network_reason(url, exc), transient=True) from None
            except httpx.InvalidURL as exc:  # our URL was checked: httpx choked on a redirect's Location
                raise FetchError(f"redirects to a URL ragnews won't fetch ({_first_line(exc)})") from None

    def _stream(self, url: str, headers: dict[str, str], accept: Callable[[str, bytes], str | None] | None) -> tuple[int, Any, bytes]:
        deadline = time.monotonic() + self.policy.timeout
        whole = self.guard.deadline(self.policy.timeout) if self.guard is not None else contextlib.nullcontext()
        with whole, self.client.stream("GET", url, headers=headers) as r:
            self.stats.count(bool(headers), r.status_code)
            if r.status_code != 200:
                return r.status_code, r.headers, b""
            self._check_length(r.headers.get("content-length"))
            body = self._read(r.iter_bytes(), deadline, r.headers.get("content-type", ""), accept)
            return r.status_code, r.headers, body

    def _check_length(self, declared: str | None) -> None:
        if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
            raise FetchError(f"too large ({int(declared) / 2**20:.1f} MiB > {self.policy.max_bytes / 2**20:g} MiB; "
                             "raise RAGNEWS_FETCH_MAX_MB to fetch it)")

    def _read(self, chunks: Iterator[bytes], deadline: float, content_type: str, accept: Callable[[str, bytes], str | None] | None) -> bytes:
        """The body, checked for type on its first bytes, cut off past the size cap or the deadline."""
        parts: list[bytes] = []
        size, checked = 0, accept is None
        for chunk in chunks:
            parts.append(chunk)
            size += len(chunk)
            if not checked and size >= 1024:
                checked = True
                _refuse(accept, content_type, b"".join(parts))
            if size > self.policy.max_bytes:
                raise FetchError(f"too large (over {self.policy.max_bytes / 2**20:g} MiB; raise RAGNEWS_FETCH_MAX_MB to fetch it)")
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {self.policy.timeout:g} s while reading (RAGNEWS_FETCH_TIMEOUT)", transient=True)
        body = b"".join(parts)
        if not checked:
            _refuse(accept, content_type, body)
        return body

    def _turn(self, key: str) -> _Turn:
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        return _Turn(self, key, lock)

    def wait_for(self, key: str) -> None:
        delay = self._next.get(key, 0.0) - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def done_with(self, key: str) -> None:
        extra = self.robots.crawl_delay(key) if self.robots is not None else 0.0
        self._next[key] = time.monotonic() + max(self.policy.delay, extra)


class _Turn:
    """A host's turn: one request at a time per host, `delay` seconds apart."""

    def __init__(self, fetcher: Fetcher, key: str, lock: threading.Lock) -> None:
        self.fetcher, self.key, self.lock = fetcher, key, lock

    def __enter__(self) -> None:
        self.lock.acquire()
        self.fetcher.wait_for(self.key)

    def __exit__(self, *exc: object) -> None:
        self.fetcher.done_with(self.key)
        self.lock.release()


def _refuse(accept: Callable[[str, bytes], str | None] | None, content_type: str, head: bytes) -> None:
    why = accept(content_type, head) if accept is not None else None
    if why:
        raise FetchError(why)


def _checked(url: str) -> str:
    try:
        return check_url(url)
    except InputError as exc:
        raise FetchError(str(exc)) from None


def _status_reason(status: int) -> str:
    import httpx

    phrase = httpx.codes.get_reason_phrase(status) or "error"
    if status == 429:
        return f"HTTP 429 {phrase}: the site asks us to slow down; try later"
    if status >= 500:
        return f"HTTP {status} {phrase} (a server error; try later)"
    return f"HTTP {status} {phrase}"


def _network_reason(url: str, exc: BaseException) -> str:
    host = urlsplit(url).hostname or url
    if _caused_by(exc, socket.gaierror) or "name or service not known" in str(exc).lower():
        return f"DNS lookup failed: no such host {host}"
    if _caused_by(exc, ConnectionRefusedError) or "refused" in str(exc).lower():
        return f"connection refused by {origin(url)}"
    import httpx

    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect to {origin(url)}: {_first_line(exc)}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke the connection ({_first_line(exc)})"
    if isinstance(exc, httpx.DecodingError):
        return f"the server sent a body that can't be decoded ({_first_line(exc)})"
    return f"network error ({type(exc).__name__}: {_first_line(exc)})"


def _caused_by(exc: BaseException | None, kind: type[BaseException]) -> bool:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, kind):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def by_host(items: Sequence[T], url_of: Callable[[T], str], work: Callable[[T], R], concurrency: int,
            on_error: Callable[[T, Exception], R] | None = None) -> list[R]:
    """`work` on every item: one host's items one after another (its delay between them), up to `concurrency` hosts at once.

    Results come back in the items' order. Grouping by host first keeps the
    global concurrency for different hosts while a single slow host waits its
    own turns without holding the others up. `on_error` turns an unexpected
    error on one item into that item's result, so the others go on.
    """
    groups: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        groups.setdefault(origin(url_of(item)), []).append(i)
    results: dict[int, R] = {}

    def run(indexes: list[int]) -> None:
        for i in indexes:
            try:
                results[i] = work(items[i])
            except Exception as exc:
                if on_error is None:
                    raise
                results[i] = on_error(items[i], exc)

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for future in [pool.submit(run, g) for g in groups.values()]:
            future.result()
    return [results[i] for i in range(len(items))]
