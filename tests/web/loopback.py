"""A loopback HTTP server for the web tests and the update benchmark: feeds, OPML, pages, robots.txt,
and every way a URL can go wrong. Nothing here reaches past 127.0.0.1.

Routes are static `Resource`s (which answer conditional GETs with 304 like a
real server) or functions of the request handler for the misbehaving ones.
Every request is logged, with its headers, so tests can check what was asked.
"""

from __future__ import annotations

import hashlib
import html
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True  # send ETag and Last-Modified, honour If-None-Match / If-Modified-Since

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


Route = Resource | Callable[["Handler"], None]


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    status: int
    at: float = 0.0  # time.monotonic() when the request arrived


class Handler(BaseHTTPRequestHandler):
    server: Loopback  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_GET(self) -> None:
        route = self.server.routes.get(self.path.split("#")[0])
        status, arrived = 404, time.monotonic()
        try:
            if route is None:
                status = self.send_bytes(404, b"<h1>Not found</h1>", "text/html")
            elif isinstance(route, Resource):
                status = self.send_resource(route)
            else:
                route(self)
                status = 0
        finally:
            self.server.log.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}, status, arrived))

    def send_resource(self, r: Resource) -> int:
        extra = dict(r.headers)
        if r.validators:
            extra |= {"ETag": r.etag, "Last-Modified": self.server.last_modified}
            tag, since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            if (tag == r.etag) if tag is not None else (since == self.server.last_modified):  # RFC 9110: ETag first
                return self.send_bytes(304, b"", None, extra)
        return self.send_bytes(r.status, r.body, r.content_type, extra)

    def send_bytes(self, status: int, body: bytes, content_type: str | None, headers: dict[str, str] | None = None) -> int:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
        return status


class Loopback(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {"/robots.txt": Resource(b"User-agent: *\nDisallow: /private/\n", "text/plain")}
        self.log: list[Request] = []
        self.last_modified = formatdate(time.time() - 3600, usegmt=True)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a client that hung up on a slow or endless answer is what those routes test

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> Loopback:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def requests(self, prefix: str = "/") -> list[Request]:
        """In the order they arrived: a handler logs when it finishes, and a long reply can finish after a
        short one that came later (the client has its bytes before the handler's thread gets to log)."""
        return sorted((r for r in self.log if r.path.startswith(prefix)), key=lambda r: r.at)


# -- content ---------------------------------------------------------------------
def article_html(title: str, paragraphs: list[str], published: str = "2025-04-28", extra: str = "") -> bytes:
    """A news page as outlets write them: head metadata, navigation, the article, a footer."""
    body = "\n".join(f"      <p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>{html.escape(title)}</title>
    <meta name="date" content="{published}">
    <meta property="article:published_time" content="{published}T08:00:00Z">
  </head>
  <body>
    <nav><a href="/">Home</a> | <a href="/world">World</a></nav>
    <article>
      <h1>{html.escape(title)}</h1>
      <p class="byline">By Test Reporter, {published}</p>
{body}
{extra}
    </article>
    <footer>Copyright Loopback News</footer>
  </body>
</html>
""".encode()


def seed_article(name: str) -> tuple[str, list[str]]:
    """A seed article's first sentence as its title and its lines as paragraphs."""
    lines = [line.strip() for line in (SEEDS / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[0].split(". ")[0][:90], lines


def synthetic_article(feed: int, entry: int) -> tuple[str, list[str]]:
    """A plausible, distinct article (the benchmark's 200): sentences recombined from the seeds."""
    sentences = [s.strip() + "." for f in sorted(SEEDS.glob("*.txt")) for s in f.read_text(encoding="utf-8").split(". ") if len(s) > 40]
    pick = [sentences[(feed * 37 + entry * 11 + k * 7) % len(sentences)] for k in range(12)]
    title = f"Dispatch {feed}-{entry}: " + pick[0][:60]
    paragraphs = [f"Report {feed}-{entry} from desk {feed}. " + " ".join(pick[i : i + 3]) for i in range(0, 12, 3)]
    return title, paragraphs


def rss(title: str, items: list[tuple[str, str, str]], base: str) -> bytes:
    """RSS 2.0 with (title, link, guid) items; relative links stay relative (feeds do that)."""
    entries = "\n".join(
        f"    <item><title>{html.escape(t)}</title><link>{html.escape(link)}</link><guid>{html.escape(g)}</guid>"
        f"<pubDate>Mon, 28 Apr 2025 08:00:00 GMT</pubDate></item>" for t, link, g in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{html.escape(title)}</title><link>{base}/</link><description>test</description>
{entries}
</channel></rss>
""".encode()


def atom(title: str, items: list[tuple[str, str, str]]) -> bytes:
    entries = "\n".join(
        f'  <entry><title>{html.escape(t)}</title><link href="{html.escape(link)}"/><id>{html.escape(g)}</id>'
        f"<updated>2025-04-28T08:00:00Z</updated></entry>" for t, link, g in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{html.escape(title)}</title><id>urn:test</id>
<updated>2025-04-28T08:00:00Z</updated>
{entries}
</feed>
""".encode()


def opml(feeds: list[tuple[str, str]]) -> bytes:
    outlines = "\n".join(f'      <outline type="rss" text="{html.escape(t)}" title="{html.escape(t)}" xmlUrl="{html.escape(u)}"/>'
                         for u, t in feeds)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Subscriptions</title></head>
  <body>
    <outline text="News" title="News">
{outlines}
    </outline>
  </body>
</opml>
""".encode()


# -- misbehaviour ------------------------------------------------------------------
def slow(seconds: float) -> Callable[[Handler], None]:
    def route(h: Handler) -> None:
        time.sleep(seconds)
        h.send_bytes(200, b"<html><body>late</body></html>", "text/html")
    return route


def redirect(to: str, status: int = 302) -> Callable[[Handler], None]:
    def route(h: Handler) -> None:
        h.send_bytes(status, b"", None, {"Location": to})
    return route


def endless(chunk: bytes = b"<p>" + b"x" * 65_536 + b"</p>\n", limit: int = 400) -> Callable[[Handler], None]:
    """A page with no Content-Length that never seems to end (stops by itself after `limit` chunks)."""
    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        try:
            h.wfile.write(b"<html><body>")
            for _ in range(limit):
                h.wfile.write(chunk)
        except OSError:
            pass
        h.close_connection = True
    return route


class Trickle:
    """Headers sent one line every `interval` seconds, `lines` of them, then a page: httpx's per-read timeout never trips.

    `finished` tells whether it got to send everything (a client with a whole-request deadline hangs up first).
    """

    def __init__(self, lines: int = 40, interval: float = 0.2) -> None:
        self.lines, self.interval, self.finished = lines, interval, False

    def __call__(self, h: Handler) -> None:
        body = b"<html><body><p>late</p></body></html>"
        try:
            h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            for i in range(self.lines):
                h.wfile.write(f"X-Trickle-{i}: {'y' * 10}\r\n".encode())
                h.wfile.flush()
                time.sleep(self.interval)
            h.wfile.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            h.wfile.flush()
            self.finished = True
        except OSError:
            pass
        h.close_connection = True
