"""What counts as a URL ragnews may fetch, and the names derived from one."""

from __future__ import annotations

import re
import socket
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from ragnews.errors import InputError
from ragnews.text.untrusted import plain

_SCHEMES = ("http", "https")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}$")  # what inet_aton reads as IPv4
MAX_SLUG = 60


def is_url(text: str) -> bool:
    """True for anything that names a web resource (so it is fetched, not looked up on disk)."""
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text.strip()))


def check_url(url: str) -> str:
    """The URL, normalised (no fragment), or an InputError saying why ragnews won't fetch it.

    Only http(s) with a host: a feed entry pointing at file:// or javascript:
    must never make ragnews read local files or run anything.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:  # "http://[::1/x": an unclosed IPv6 bracket
        raise InputError(f"not a valid URL ({exc}): {_shown(url)}") from None
    if parts.scheme.lower() not in _SCHEMES:
        raise InputError(f"not an http(s) URL: {_shown(url)}")
    if not parts.hostname:
        raise InputError(f"URL has no host: {_shown(url)}")
    try:
        port = parts.port
    except ValueError:
        raise InputError(f"URL has an invalid port: {_shown(url)}") from None
    return urlunsplit((parts.scheme.lower(), _netloc(parts.hostname, port), parts.path or "/", parts.query, ""))


def _netloc(hostname: str, port: int | None) -> str:
    """host[:port] without userinfo, a numeric IPv4 host in its dotted form.

    `http://evil.example@127.0.0.1/` goes to 127.0.0.1 and would send
    `evil.example` as a user name; `http://2130706433/` is 127.0.0.1 too. Both
    are spelt plainly here, so what the URL names is what every later check sees.
    """
    host = hostname.lower()
    if _NUMERIC_HOST.match(host):
        try:
            host = socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            pass
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{port}" if port is not None else host


def _shown(url: str) -> str:
    """A URL as an error message quotes it: cut short, on one line, its control characters visible."""
    return plain(url[:200]).replace("\n", "\u2424").replace("\t", "\u2409")


def origin(url: str) -> str:
    """scheme://host[:port]: the unit robots.txt and the per-host delay apply to (RFC 9309)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL check_url would pass: its own text keeps it apart from every real host
        return url
    return f"{parts.scheme}://{parts.netloc}"


def host_folder(url: str) -> str:
    """A folder name for the URL's host: `example.com`, or `127.0.0.1_8080` with an explicit port."""
    parts = urlsplit(url)
    host = (parts.hostname or "unknown").strip("[]").replace(":", "_")
    return f"{host}_{parts.port}" if parts.port else host


def slug(url: str) -> str:
    """A short, safe file-name stem from the URL's path (and query): `world-2026-kursk-offensive`."""
    parts = urlsplit(url)
    text = unicodedata.normalize("NFKD", f"{parts.path} {parts.query}").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\.(html?|php|aspx?|jsp)\b", "", text)
    words = _SLUG_JUNK.sub("-", text).strip("-")
    return words[-MAX_SLUG:].strip("-") or "index"
