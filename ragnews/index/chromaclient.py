"""Connect to a Chroma server: an open `chroma run`, one locked with a token, distributed Chroma or Chroma Cloud.

A team's shared store must not be open to anyone who can reach it, so the
client sends a token the way Chroma's own token authentication expects
(`chromadb.auth.token_authn.TokenAuthClientProvider`: `Authorization: Bearer`
or `X-Chroma-Token`), and picks a tenant and database. A URL on
`trychroma.com` goes through chromadb's own `CloudClient`, which infers the
tenant and database from the API key when they are not set.

The token is a secret: it is never logged, and no message carries it. A
refused token, a missing one, or an unknown tenant or database is one line
that names the setting to fix; Chroma's own exceptions for these are a plain
`Exception` holding the response body, so after a failed connection the
server's answer to `/api/v2/auth/identity` is asked for its status code.
"""

from __future__ import annotations

import logging
import string
from typing import Any
from urllib.parse import ParseResult, urlparse

from ragnews.config import Settings
from ragnews.index.store import StoreError

log = logging.getLogger(__name__)

CLOUD_DOMAIN = "trychroma.com"
_TOKEN_CHARS = frozenset(string.digits + string.ascii_letters + string.punctuation)  # what chromadb accepts
_AUTH_TYPES = ("authorizationerror", "chromaautherror")  # chromadb.errors' names for 401 and 403
_AUTH_WORDS = ("unauthorized", "forbidden", "authorization required", "invalid token", "invalid api key")


class ChromaConnectError(StoreError):
    """The Chroma server can't be used as configured; the message names the setting to fix."""


def is_cloud(host: str) -> bool:
    """Chroma Cloud's hosts (api.trychroma.com and its regions) take chromadb's CloudClient."""
    host = host.lower().rstrip(".")
    return host == CLOUD_DOMAIN or host.endswith("." + CLOUD_DOMAIN)


def server_url(settings: Settings) -> ParseResult:
    """RAGNEWS_CHROMA_URL parsed, or a one-line error when it is no http(s)://host[:port] URL."""
    try:
        url = urlparse(settings.chroma_url or "")
        url.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        url = urlparse("")
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ChromaConnectError(f"RAGNEWS_CHROMA_URL={settings.chroma_url!r} is not an http(s)://host:port URL")
    return url


def connect(settings: Settings) -> Any:
    """A chromadb client for the server in `settings`, already checked to answer and to accept the token."""
    url = server_url(settings)
    assert url.hostname is not None
    cloud = is_cloud(url.hostname)
    token = settings.chroma_token
    if token and not set(token) <= _TOKEN_CHARS:
        raise ChromaConnectError("RAGNEWS_CHROMA_TOKEN holds a character no Chroma token has (a space, a line break or a "
                                 "non-ASCII letter): copy the token again")
    if cloud and not token:
        raise ChromaConnectError(f"Chroma Cloud ({settings.chroma_url}) needs an API key: set RAGNEWS_CHROMA_TOKEN to one "
                                 "from your Chroma Cloud dashboard")
    base = f"{url.scheme}://{url.netloc}"
    _probe(settings, base)
    try:
        client = _client(settings, url, cloud)
        client.heartbeat()
    except Exception as exc:  # chroma wraps httpx errors and HTTP statuses in several types
        raise failure(exc, settings, base) from None
    log.debug("connected to %s (%s, tenant %s, database %s, token %s)", settings.chroma_url, "cloud" if cloud else "server",
              settings.chroma_tenant or "default", settings.chroma_database or "default", "set" if token else "not set")
    return client


def _probe(settings: Settings, base: str) -> None:
    """Chroma's client waits as long as a server keeps trickling bytes: ask once ourselves, under a deadline."""
    from ragnews.web.probe import answers

    why = answers(f"{base}/api/v2/heartbeat", settings.fetch_timeout)
    if why is not None:
        raise ChromaConnectError(f"cannot reach the Chroma server at {settings.chroma_url} ({scrub(why, settings)}); "
                                 "start it with `chroma run --path DIR --port PORT` or unset RAGNEWS_CHROMA_URL")


def _client(settings: Settings, url: ParseResult, cloud: bool) -> Any:
    import chromadb
    from chromadb.config import DEFAULT_DATABASE, DEFAULT_TENANT
    from chromadb.config import Settings as ChromaSettings

    https = url.scheme == "https"
    port = url.port or (443 if https else 8000)
    assert url.hostname is not None
    if cloud:  # X-Chroma-Token, and the tenant and database the key grants when none is named
        return chromadb.CloudClient(tenant=settings.chroma_tenant, database=settings.chroma_database,
                                    api_key=settings.chroma_token, settings=ChromaSettings(anonymized_telemetry=False),
                                    cloud_host=url.hostname, cloud_port=port, enable_ssl=https)
    auth: dict[str, Any] = {}
    if settings.chroma_token:
        auth = {"chroma_client_auth_provider": "chromadb.auth.token_authn.TokenAuthClientProvider",
                "chroma_client_auth_credentials": settings.chroma_token,
                "chroma_auth_token_transport_header": settings.chroma_token_header}
    return chromadb.HttpClient(host=url.hostname, port=port, ssl=https,
                               settings=ChromaSettings(anonymized_telemetry=False, **auth),
                               tenant=settings.chroma_tenant or DEFAULT_TENANT,
                               database=settings.chroma_database or DEFAULT_DATABASE)


def auth_headers(settings: Settings) -> dict[str, str]:
    """The header chromadb sends the token in (Cloud always uses X-Chroma-Token)."""
    token = settings.chroma_token
    if not token:
        return {}
    host = urlparse(settings.chroma_url or "").hostname or ""
    if is_cloud(host) or settings.chroma_token_header == "X-Chroma-Token":
        return {"X-Chroma-Token": token}
    return {"Authorization": f"Bearer {token}"}


def _identity_status(settings: Settings, base: str) -> int | None:
    """The HTTP status of the server's `/api/v2/auth/identity` with our token (None when it gave none)."""
    import httpx

    try:
        with httpx.Client(timeout=settings.fetch_timeout, trust_env=False) as client:
            return client.get(f"{base}/api/v2/auth/identity", headers=auth_headers(settings)).status_code
    except httpx.HTTPError:
        return None


def is_auth_failure(exc: BaseException) -> bool:
    """Did the server refuse our credentials? Judged by chromadb's error names and the body's words."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    text = " ".join(f"{type(e).__name__} {e}" for e in chain).lower()
    return any(name in text for name in _AUTH_TYPES) or any(word in text for word in _AUTH_WORDS)


def refused(settings: Settings, location: str, status: int | None = None) -> str:
    """The one line for a server that refused us: what to set, depending on whether a token was sent."""
    code = f" (HTTP {status})" if status else ""
    if not settings.chroma_token:
        return (f"the Chroma server at {location} requires a token{code}: set RAGNEWS_CHROMA_TOKEN to the token "
                "its administrator gave you")
    hint = ""
    if not is_cloud(urlparse(settings.chroma_url or "").hostname or ""):
        other = "X-Chroma-Token" if settings.chroma_token_header == "Authorization" else "Authorization"
        hint = f", or set RAGNEWS_CHROMA_TOKEN_HEADER={other} if the server reads the token from that header"
    return (f"the Chroma server at {location} refused the token in RAGNEWS_CHROMA_TOKEN{code}: check it with the server's "
            f"administrator (and RAGNEWS_CHROMA_TENANT / RAGNEWS_CHROMA_DATABASE, if set){hint}")


def failure(exc: BaseException, settings: Settings, base: str) -> ChromaConnectError:
    """The one-line error for a client that could not be made: refused credentials, no such tenant or database, or gone."""
    status = _identity_status(settings, base)
    if status in (401, 403) or is_auth_failure(exc):
        return ChromaConnectError(refused(settings, settings.chroma_url or base, status if status in (401, 403) else None))
    text = str(exc).lower()
    if "tenant" in text or "database" in text:
        where = f"tenant {settings.chroma_tenant or 'default_tenant'!r}, database {settings.chroma_database or 'default_database'!r}"
        return ChromaConnectError(f"the Chroma server at {settings.chroma_url} has no {where} "
                                  f"({scrub(_first_line(exc), settings)}): check RAGNEWS_CHROMA_TENANT and "
                                  "RAGNEWS_CHROMA_DATABASE (a database is created by the server's administrator)")
    return ChromaConnectError(f"cannot reach the Chroma server at {settings.chroma_url} ({type(exc).__name__}); "
                              "start it with `chroma run --path DIR --port PORT` or unset RAGNEWS_CHROMA_URL")


def scrub(text: str, settings: Settings) -> str:
    """`text` with the token blanked out, for any message that quotes what a server or library said."""
    token = settings.chroma_token
    return text.replace(token, "[token]") if token else text


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__
