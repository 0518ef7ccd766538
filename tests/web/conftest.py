"""Loopback servers for the web tests; fetching is fast (no per-host delay) unless a test says otherwise."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.loopback import Loopback


@pytest.fixture(autouse=True)
def quick_fetching(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAGNEWS_FETCH_DELAY", "0")
    monkeypatch.setenv("RAGNEWS_FETCH_TIMEOUT", "2")
    monkeypatch.setenv("RAGNEWS_FETCH_ALLOW_PRIVATE", "1")  # every server here is on loopback (tests/web/test_ssrf.py unsets it)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def server() -> Iterator[Loopback]:
    srv = Loopback().start()
    yield srv
    srv.stop()


@pytest.fixture
def server2() -> Iterator[Loopback]:
    srv = Loopback().start()
    yield srv
    srv.stop()
