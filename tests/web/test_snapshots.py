"""Snapshots: a page is kept as the bytes the server sent, under a name that is never reused."""

from __future__ import annotations

import json
from pathlib import Path

from ragnews.web.fetch import Response
from ragnews.web.snapshots import Snapshots
from ragnews.web.urls import host_folder, slug


def _response(url: str, body: bytes, when: str = "2026-03-01T10:00:00Z") -> Response:
    return Response(url, url, 200, body, "text/html", '"v1"', "Sun, 01 Mar 2026 09:00:00 GMT", when)


def test_names_follow_host_date_and_slug() -> None:
    assert host_folder("https://www.example.com/a") == "www.example.com"
    assert host_folder("http://127.0.0.1:8080/a") == "127.0.0.1_8080"
    assert slug("https://example.com/world/2026/03/01/Kursk-Offensive.html") == "world-2026-03-01-kursk-offensive"
    assert slug("https://example.com/") == "index"
    assert slug("https://example.com/story?id=42") == "story-id-42"
    assert len(slug("https://example.com/" + "very-long-" * 20)) <= 60


def test_a_changed_page_is_a_new_file_and_the_old_one_stays(isolated_home: Path) -> None:
    snaps = Snapshots(isolated_home)
    url = "https://news.example.org/world/kursk"
    first, created, replaced = snaps.save(_response(url, b"<html>one</html>"), feed="https://news.example.org/feed")
    assert created and replaced is None
    assert first.path == isolated_home / "snapshots" / "news.example.org" / "2026-03-01-world-kursk.html"
    same, created, replaced = snaps.save(_response(url, b"<html>one</html>", "2026-03-01T11:00:00Z"))
    assert (same.path, created, replaced) == (first.path, False, None)
    second, created, replaced = snaps.save(_response(url, b"<html>two</html>", "2026-03-01T12:00:00Z"))
    assert created and replaced is not None and replaced.path == first.path
    assert second.path.name == "2026-03-01-world-kursk-2.html"
    assert first.path.read_bytes() == b"<html>one</html>" and second.path.read_bytes() == b"<html>two</html>"
    assert snaps.latest(url) == second


def test_index_records_url_fetch_time_and_feed_and_survives_a_reload(isolated_home: Path) -> None:
    snaps = Snapshots(isolated_home)
    snap, _, _ = snaps.save(_response("https://a.example/x", b"<p>x</p>"), feed="https://a.example/rss")
    snaps.flush()
    again = Snapshots(isolated_home)
    assert again.meta_for(str(snap.path)) == {"url": "https://a.example/x", "fetched_at": "2026-03-01T10:00:00Z", "feed": "https://a.example/rss"}
    assert again.meta_for(str(isolated_home / "elsewhere.html")) == {}
    assert again.pending() == [snap.path]
    again.mark_ingested([str(snap.path)])
    again.flush()
    assert Snapshots(isolated_home).pending() == []
    index = json.loads((isolated_home / "snapshots" / ".index.json").read_text())
    assert set(index) == {"files", "latest", "pending"}
    assert not list((isolated_home / "snapshots").rglob("*.tmp")), "no temporary file is left behind"


def test_a_name_taken_by_another_file_is_never_overwritten(isolated_home: Path) -> None:
    folder = isolated_home / "snapshots" / "a.example"
    folder.mkdir(parents=True)
    (folder / "2026-03-01-x.html").write_text("someone else's file")
    snap, created, _ = Snapshots(isolated_home).save(_response("https://a.example/x", b"<p>x</p>"))
    assert created and snap.path.name == "2026-03-01-x-2.html"
    assert (folder / "2026-03-01-x.html").read_text() == "someone else's file"


def test_a_redirected_page_records_where_it_really_was(isolated_home: Path) -> None:
    snaps = Snapshots(isolated_home)
    r = Response("https://feeds.example/r/123", "https://news.example/world/story", 200, b"<p>x</p>", "text/html", None, None,
                 "2026-03-01T10:00:00Z")
    snap, _, _ = snaps.save(r)
    assert snaps.meta_for(str(snap.path))["url"] == "https://news.example/world/story"
    assert snaps.latest("https://feeds.example/r/123") == snap, "the next conditional GET asks the link the feed gave"
