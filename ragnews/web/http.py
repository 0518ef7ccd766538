"""What fetching and robots.txt share: the error a URL fails with and which statuses redirect.

A leaf module, so that the fetcher (which asks robots.txt first) and the
robots.txt reader (which fetches) don't import each other.
"""

from __future__ import annotations

from typing import Any, Protocol

from ragnews.errors import RagnewsError

REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(RagnewsError):
    """A URL that could not be fetched; the message is the one-line reason.

    `transient` marks what may work next time (a timeout, a 5xx, a dropped
    connection), so an update tries those entries again rather than forgetting them.
    """

    def __init__(self, message: str, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient




class Requester(Protocol):
    """What the robots.txt reader needs of a fetcher: one polite request."""

    def request(self, url: str, headers: dict[str, str]) -> tuple[int, Any, bytes]: ...
