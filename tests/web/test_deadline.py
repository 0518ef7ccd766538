"""A whole-request deadline: a server that trickles its header lines (each read in time) is still cut off."""

from __future__ import annotations

import pytest

from ragnews.config import load_settings
from ragnews.index.store import Store, StoreError
from ragnews.web.harvest import Harvester
from tests.web.loopback import Loopback, Trickle


def test_trickled_headers_hit_the_fetch_timeout(server: Loopback) -> None:
    trickle = Trickle(lines=40, interval=0.2)  # 8 s of headers, every line well inside the 2 s timeout
    server.routes["/slowloris"] = trickle
    with Harvester(load_settings()) as h:
        [page] = h.fetch_urls([server.url("/slowloris")]).pages
    assert page.status == "failed" and "timed out" in (page.reason or ""), page
    assert not trickle.finished, "the fetch gave up before the server finished its headers"


def test_a_trickling_chroma_url_is_named_not_waited_for(server: Loopback) -> None:
    trickle = Trickle(lines=40, interval=0.2)
    server.routes["/api/v2/heartbeat"] = trickle
    store = Store(load_settings(chroma_url=server.base))
    with pytest.raises(StoreError, match="no complete answer within 2 s"):
        store.client()
    assert not trickle.finished
