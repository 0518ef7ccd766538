"""Is there an HTTP server at this URL that answers in time? One GET under a whole-request deadline.

Used before handing a URL to a client that has no such deadline (Chroma's
HttpClient): a server that accepts the connection and then trickles its
headers a line a second would hold that client far past any timeout.
"""

from __future__ import annotations

import logging

from ragnews.web.guard import GuardedBackend, guarded_transport
from ragnews.web.http import FetchError

log = logging.getLogger(__name__)


def answers(url: str, timeout: float) -> str | None:
    """None when `url` answered (any status) within `timeout` seconds in all; else the one-line reason."""
    import httpx

    backend = GuardedBackend(allow_private=True)  # the user named this server: it may well be on their machine
    try:
        with httpx.Client(transport=guarded_transport(backend), timeout=timeout, trust_env=False) as client, \
                backend.deadline(timeout), client.stream("GET", url) as response:
            for _ in response.iter_bytes():
                pass
    except httpx.TimeoutException:
        return f"no complete answer within {timeout:g} s"
    except (httpx.HTTPError, httpx.InvalidURL, FetchError, ValueError) as exc:
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        return f"{type(exc).__name__}: {detail}"
    log.debug("%s answered", url)
    return None
