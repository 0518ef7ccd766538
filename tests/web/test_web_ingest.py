"""URLs and feeds end to end: fetched into snapshots, ingested with their URL, cited and verified
against the snapshot, followed and updated (a quiet second update only revalidates)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ragnews import Newsroom
from tests.verify import assert_citation_verifies, assert_markers_resolve
from tests.web.loopback import Loopback, Resource, article_html, opml, rss, seed_article

SEEDS = ["000_7dc4cde0666e8d48.txt", "002_02d73822e9f7ea40.txt", "003_4432676fd8114b32.txt", "004_3c2cfa3121e2e0b7.txt"]


def _serve(server: Loopback, names: list[str], prefix: str = "/world") -> list[str]:
    """Seed articles as pages; their paths."""
    paths = []
    for i, name in enumerate(names):
        title, paragraphs = seed_article(name)
        path = f"{prefix}/story-{i}"
        server.routes[path] = Resource(article_html(title, paragraphs))
        paths.append(path)
    return paths


def _feed(server: Loopback, path: str, pages: list[str]) -> str:
    items = [(f"Story {p}", p, f"{server.base}{p}") for p in pages]
    server.routes[path] = Resource(rss(f"Feed {path}", items, server.base), "application/rss+xml")
    return server.url(path)


def _cli(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    out = subprocess.run([sys.executable, "-m", "ragnews", *args], capture_output=True, text=True, env=os.environ, timeout=300)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def test_pages_and_feeds_are_ingested_with_their_url_and_cited_from_the_snapshot(server: Loopback, isolated_home: Path) -> None:
    pages = _serve(server, SEEDS[:3])
    feed = _feed(server, "/feed.xml", pages[1:])
    nr = Newsroom()
    report = nr.ingest([server.url(pages[0]), feed])
    assert report.counts()["added"] == 3 and not report.failed, report.to_json()
    snapshots = isolated_home / "snapshots"
    for o in report.outcomes:
        assert o.path and Path(o.path).parent.parent == snapshots and o.url and o.url.startswith(server.base)
    infos = {s.url: s for s in nr.sources()}
    assert set(infos) == {server.url(p) for p in pages}
    record = nr.store.source_records()[infos[server.url(pages[1])].path]
    assert record["url"] == server.url(pages[1]) and record["feed"] == feed and record["fetched_at"].endswith("Z")
    text, meta = nr.article_chunks(infos[server.url(pages[0])].path)[0]
    assert meta["url"] == server.url(pages[0]) and meta["feed"] == "" and meta["fetched_at"]

    answer = nr.ask("How many North Korean soldiers were killed or injured?")
    assert answer.citations
    for c in answer.to_json()["citations"]:
        assert c["url"] and c["url"].startswith(server.base)
        assert_citation_verifies(c)
    hits = nr.search("Kursk", k=3)
    assert all(h.to_json()["url"] for h in hits)


def test_every_citation_of_a_web_briefing_verifies_against_its_snapshot(server: Loopback) -> None:
    pages = _serve(server, SEEDS)
    briefing = Newsroom().brief([server.url(p) for p in pages])
    data = briefing.to_json()
    assert len(data["sources"]) == 4 and all(s["url"] for s in data["sources"])
    assert_markers_resolve(data["markdown"], data["citations"])
    assert data["citations"]
    for c in data["citations"]:
        assert "/snapshots/127.0.0.1_" in c["path"] and c["url"].startswith(server.base)
        assert_citation_verifies(c)


def test_a_changed_page_is_a_new_snapshot_and_replaces_the_old_one_in_the_store(server: Loopback) -> None:
    [page] = _serve(server, SEEDS[:1])
    nr = Newsroom()
    first = nr.ingest([server.url(page)])
    old = first.outcomes[0].path
    title, paragraphs = seed_article(SEEDS[0])
    server.routes[page] = Resource(article_html(title + " (updated)", [*paragraphs, "Correction: an earlier version misstated a date."]))
    second = nr.ingest([server.url(page)])
    statuses = {o.status: o for o in second.outcomes}
    assert set(statuses) == {"added", "removed"}
    new = statuses["added"].path
    assert new != old and Path(old).is_file() and Path(new).is_file(), "the old snapshot file is kept"
    assert statuses["removed"].path == old
    assert [s.path for s in nr.sources()] == [new]


def test_update_fetches_new_entries_then_only_revalidates(server: Loopback, server2: Loopback) -> None:
    feeds = [_feed(server, "/rss", _serve(server, SEEDS[:2])), _feed(server2, "/rss", _serve(server2, SEEDS[2:3]))]
    nr = Newsroom()
    assert [r["status"] for r in nr.follow(feeds)] == ["added", "added"]
    first = nr.update()
    assert [f.status for f in first.web.feeds] == ["updated", "updated"]
    assert first.ingest.counts()["added"] == 3 and not first.failed

    for srv in (server, server2):
        srv.log.clear()
    second = nr.update()
    assert second.ingest is None and [f.status for f in second.web.feeds] == ["not modified", "not modified"]
    assert second.web.stats.to_json() == {"requests": 2, "conditional": 2, "not_modified": 2}
    assert [r.path for r in server.log + server2.log] == ["/rss", "/rss"], "robots.txt is cached, pages are not asked again"

    new_page = _serve(server, SEEDS[3:4], prefix="/later")
    _feed(server, "/rss", [*[f"/world/story-{i}" for i in range(2)], *new_page])
    server.log.clear()
    third = nr.update()
    assert third.ingest.counts()["added"] == 1
    assert [r.path for r in server.log] == ["/rss", new_page[0]], "only the new entry is fetched"
    rows = {r["url"]: r for r in nr.feeds()}
    assert rows[feeds[0]]["entries"] == 3 and rows[feeds[0]]["status"] == "ok"


def test_an_entry_that_failed_for_a_passing_reason_is_retried(server: Loopback) -> None:
    pages = _serve(server, SEEDS[:2])
    good = server.routes[pages[1]]
    server.routes[pages[1]] = Resource(b"<h1>busy</h1>", status=503)
    nr = Newsroom()
    nr.follow([_feed(server, "/rss", pages)])
    first = nr.update()
    assert first.failed and first.ingest.counts()["added"] == 1
    server.routes[pages[1]] = good
    second = nr.update()
    assert second.web.feeds[0].status == "updated", "the feed's validators were not kept, so it is read again"
    assert second.ingest.counts()["added"] == 1 and not second.failed


def test_snapshots_left_by_an_interrupted_update_are_ingested_next_time(server: Loopback) -> None:
    from ragnews.config import load_settings
    from ragnews.web.harvest import Harvester

    pages = _serve(server, SEEDS[:1])
    feed = _feed(server, "/rss", pages)
    nr = Newsroom()
    nr.follow([feed])
    with Harvester(load_settings()) as h:  # fetched, then "killed" before ingest
        assert [p.status for p in h.fetch_urls([server.url(pages[0])]).pages] == ["new"]
    report = nr.update()
    assert report.ingest.counts()["added"] == 1
    assert nr.update().ingest is None


def test_cli_feeds_update_and_json_stdout(server: Loopback, tmp_path: Path) -> None:
    feed = _feed(server, "/rss", _serve(server, SEEDS[:1]))
    subs = tmp_path / "subscriptions.opml"
    subs.write_bytes(opml([(feed, "Loopback News"), ("http://127.0.0.1:9/other.xml", "Other")]))
    imported = json.loads(_cli("feeds", "import", str(subs), "--json").stdout)
    assert [r["status"] for r in imported] == ["added", "added"]
    assert json.loads(_cli("feeds", "add", feed, "--json").stdout)[0]["status"] == "already followed"
    assert "removed" not in _cli("feeds", "remove", "http://127.0.0.1:9/other.xml").stdout
    listed = json.loads(_cli("feeds", "list", "--json").stdout)
    assert [(r["url"], r["title"]) for r in listed] == [(feed, "Loopback News")]

    out = _cli("update", "--json")
    data = json.loads(out.stdout)
    assert data["ingest"]["added"] == 1 and data["feeds"][0]["status"] == "updated"
    assert data["ingest"]["files"][0]["url"] == server.url("/world/story-0")
    again = json.loads(_cli("update", "--json").stdout)
    assert again["ingest"] is None and again["requests"] == {"requests": 1, "conditional": 1, "not_modified": 1}
    text = _cli("update").stdout
    assert "not modified" in text and "nothing new to ingest" in text


def test_cli_ingest_urls_exit_1_with_a_reason_each(server: Loopback) -> None:
    [page] = _serve(server, SEEDS[:1])
    out = _cli("ingest", server.url(page), "http://gone.invalid/story", server.url("/missing"), "--json", check=False)
    assert out.returncode == 1, out.stderr
    files = {f["source"]: f for f in json.loads(out.stdout)["files"]}
    assert files["http://gone.invalid/story"]["reason"] == "DNS lookup failed: no such host gone.invalid"
    assert files[server.url("/missing")]["reason"] == "HTTP 404 Not Found"
    added = [f for f in files.values() if f["status"] == "added"]
    assert len(added) == 1 and added[0]["url"] == server.url(page)


def test_cli_update_without_feeds_says_what_to_do() -> None:
    out = _cli("update", check=False)
    assert out.returncode == 1 and "ragnews feeds add URL" in out.stderr


@pytest.mark.parametrize("bad", ["file:///etc/passwd", "javascript:alert(1)"])
def test_feeds_add_refuses_what_is_not_http(bad: str) -> None:
    out = _cli("feeds", "add", bad, "--json", check=False)
    assert out.returncode == 1 and json.loads(out.stdout)[0]["status"] == "failed"


def test_a_url_on_the_command_line_does_not_make_the_current_folder_untrusted(server: Loopback, isolated_home: Path) -> None:
    """Folders read as articles are untrusted (their .env is ignored); a URL is no such folder."""
    [page] = _serve(server, SEEDS[:1])
    (isolated_home / ".env").write_text("RAGNEWS_USER_AGENT=DeskAgent/1.0\n")
    out = _cli("ingest", server.url(page))
    assert "ignored" not in out.stderr
    assert {r.headers["user-agent"] for r in server.log} == {"DeskAgent/1.0"}


def test_a_kill_before_the_snapshot_index_is_written_leaves_no_second_copies(server: Loopback, isolated_home: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 30: pages saved, then the run killed before its index was written: 15 pages became 23 files."""
    from ragnews.config import load_settings
    from ragnews.web.harvest import Harvester
    from ragnews.web.snapshots import Snapshots

    pages = _serve(server, SEEDS[:3])
    with monkeypatch.context() as m:
        m.setattr(Snapshots, "flush", lambda self: None)  # "killed" before the index reached the disk
        with Harvester(load_settings()) as h:
            h.fetch_urls([server.url(p) for p in pages])
    files = sorted((isolated_home / "snapshots").rglob("*.html"))
    assert len(files) == 3
    nr = Newsroom()
    nr.follow([_feed(server, "/rss", pages)])
    report = nr.update()
    assert sorted((isolated_home / "snapshots").rglob("*.html")) == files, "the files already saved were taken, not copied"
    assert report.ingest.counts()["added"] == 3
