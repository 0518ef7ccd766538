"""Where a fetch may connect, and by when it must be done: checked at the socket, not on the URL's text.

A feed's entry, an OPML file or a redirect chooses URLs for us. One whose
host resolves into the user's own machine or network (loopback, a private
range, link-local such as a cloud's metadata service at 169.254.169.254,
multicast, reserved) would let a stranger's feed read services that trust
the local network and have ragnews quote their answers back. So the check
runs where httpcore opens the connection, on the addresses DNS returned, and
the connection goes to the very address that was checked: a name that
resolves differently the second time (DNS rebinding) gains nothing, and
numeric spellings (`2130706433`, `0x7f.1`) resolve to what they are. Hosts
the user named (host and port) are exempt, as is everything with
RAGNEWS_FETCH_ALLOW_PRIVATE=1.

The same layer keeps a whole-request deadline. httpx's timeouts apply to each
read, so a server that trickles one header line a second never trips them;
here every connect, read and write gets only what is left of the request's
time.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpcore

from ragnews.errors import InputError
from ragnews.web.http import FetchError
from ragnews.web.urls import check_url

log = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
ALLOW_VAR = "RAGNEWS_FETCH_ALLOW_PRIVATE"


def address_kind(address: Address) -> str | None:
    """Why `address` is no place a stranger's URL may lead ('loopback', 'private', …), or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind, hit in (("loopback", address.is_loopback), ("link-local", address.is_link_local),
                      ("multicast", address.is_multicast), ("unspecified", address.is_unspecified),
                      ("reserved", address.is_reserved), ("private", address.is_private)):
        if hit:
            return kind
    return None if address.is_global else "non-public"  # multicast counts as global to ipaddress: asked first


def host_key(host: str, port: int | None, scheme: str = "http") -> tuple[str, int]:
    """(host, port) as the connection sees it: lower case, no brackets, the scheme's port when none is given."""
    return host.strip("[]").lower(), port or (443 if scheme == "https" else 80)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket layer with the address check and the request deadline (see the module's docstring)."""

    def __init__(self, allow_private: bool = False) -> None:
        self.inner = httpcore.SyncBackend()
        self.allow_private = allow_private
        self.trusted: set[tuple[str, int]] = set()
        self.local = threading.local()

    def trust(self, urls: Iterable[str]) -> None:
        """Hosts the user named themselves: connecting to them is the user's choice, private or not."""
        for url in urls:
            try:
                parts = urlsplit(check_url(url))
                port = parts.port
            except (InputError, ValueError):
                continue
            if parts.hostname:
                self.trusted.add(host_key(parts.hostname, port, parts.scheme.lower()))

    @contextlib.contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Every socket operation of this thread inside the block shares `seconds` in all."""
        self.local.deadline = time.monotonic() + seconds
        try:
            yield
        finally:
            self.local.deadline = None

    def remaining(self, timeout: float | None, kind: type[Exception] = httpcore.ReadTimeout) -> float | None:
        deadline = getattr(self.local, "deadline", None)
        if deadline is None:
            return timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise kind("the request's deadline passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        timeout = self.remaining(timeout, httpcore.ConnectTimeout)
        target = host if self.allow_private or host_key(host, port) in self.trusted else self.public_address(host, port)
        stream = self.inner.connect_tcp(target, port, timeout, local_address, socket_options)
        return _Deadlined(stream, self)

    def public_address(self, host: str, port: int) -> str:
        """The first public address `host` resolves to; FetchError naming the range when it has none."""
        try:
            infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"[Errno {getattr(exc, 'errno', '')}] Name or service not known: {exc}") from None
        refused = []
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            kind = address_kind(address)
            if kind is None:
                return str(address)
            refused.append((address, kind))
        address, kind = refused[0]
        log.debug("refused %s:%s -> %s (%s)", host, port, address, kind)
        shown = host if host == str(address) else f"{host} ({address})"
        raise FetchError(f"refused: {shown} is a {kind} address, and this URL came from a feed, an OPML file or a "
                         f"redirect, not from you; fetch it by naming it yourself, or set {ALLOW_VAR}=1")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class _Deadlined(httpcore.NetworkStream):
    """A connection whose every read and write gets only what is left of its request's time."""

    def __init__(self, stream: httpcore.NetworkStream, backend: GuardedBackend) -> None:
        self.stream, self.backend = stream, backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self.backend.remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self.backend.remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> httpcore.NetworkStream:
        timeout = self.backend.remaining(timeout, httpcore.ConnectTimeout)
        return _Deadlined(self.stream.start_tls(ssl_context, server_hostname, timeout), self.backend)

    def get_extra_info(self, info: str) -> Any:
        return self.stream.get_extra_info(info)


def guarded_transport(backend: GuardedBackend) -> Any:
    """An httpx transport whose connections go through `backend`."""
    import httpx

    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):  # httpx keeps its pool private: fail loudly if it moved
        raise RuntimeError("this httpx version hides its connection pool; ragnews can't guard its connections")
    pool._network_backend = backend
    return transport
