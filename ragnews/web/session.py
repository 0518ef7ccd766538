"""What the facade needs from the web layer, in a few calls: a locked fetch run, and its results as rows.

The facade ingests the snapshot files a run produced (the store is not this
layer's business); these helpers keep that glue down to a few lines there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ragnews.config import Settings
from ragnews.errors import InputError
from ragnews.web.feeds import FeedList, parse_opml
from ragnews.web.harvest import Harvester, WebReport
from ragnews.web.snapshots import Snapshots
from ragnews.web.state import StateError, web_lock
from ragnews.web.urls import check_url, is_url


class Reporter(Protocol):
    """The part of ingest's Progress a fetch run talks to."""

    def status(self, message: str) -> None: ...
    def waiting(self, message: str) -> None: ...


class IngestResult(Protocol):
    def to_json(self) -> dict[str, Any]: ...


@contextlib.contextmanager
def fetch_run(settings: Settings, progress: Reporter | None = None) -> Iterator[Harvester]:
    """A Harvester under the web lock (one fetch run per RAGNEWS_HOME at a time); state saved on the way out."""
    home = Path(settings.home_dir)
    on_wait = (lambda: progress.waiting("another ragnews run is fetching, waiting…")) if progress is not None else None
    with web_lock(home, settings.lock_timeout, on_wait):
        with Harvester(settings, on_status=progress.status if progress is not None else None) as harvester:
            yield harvester


def split_urls(items: list[Any]) -> tuple[list[str], list[Any]]:
    """(URLs, paths) from what a user named, in order."""
    urls = [str(p) for p in items if is_url(str(p))]
    return urls, [p for p in items if not is_url(str(p))]


def failure_rows(report: WebReport) -> list[dict[str, Any]]:
    """FileOutcome fields for every feed and page that yielded no snapshot, with its one-line reason."""
    rows = [{"source": f.url, "status": "failed", "reason": f.reason, "url": f.url} for f in report.feeds if f.status == "failed"]
    for p in report.pages:
        if p.status in ("failed", "skipped"):
            reason = p.reason if p.feed is None or p.feed == p.url else f"{p.reason} (entry of {p.feed})"
            rows.append({"source": p.url, "status": p.status, "reason": reason, "url": p.url})
    return rows


def snapshot_meta(settings: Settings) -> Callable[[str], dict[str, Any]]:
    """url / fetched_at / feed for a snapshot file, {} for any other file (or when the index can't be read)."""
    try:
        snapshots = Snapshots(Path(settings.home_dir))
    except StateError:
        return lambda path: {}
    return snapshots.meta_for


def snapshot_dating(settings: Settings) -> Callable[[str], dict[str, str]]:
    """For a snapshot file: the charset its server declared and its date from the feed or Last-Modified (`Snapshots.dating`)."""
    try:
        snapshots = Snapshots(Path(settings.home_dir))
    except StateError:
        return lambda path: {}
    return snapshots.dating


def pending_snapshots(harvester: Harvester, report: WebReport) -> list[str]:
    """This run's snapshots plus any an earlier run saved but never ingested."""
    return list(dict.fromkeys([*report.snapshot_paths(), *(str(p) for p in harvester.snapshots.pending())]))


@dataclass
class UpdateReport:
    """What `ragnews update` did: the fetch run, and the ingest of what it brought (None when nothing came)."""

    web: WebReport
    ingest: Any = None

    @property
    def failed(self) -> bool:
        return self.web.failed or bool(getattr(self.ingest, "failed", False))

    def to_json(self) -> dict[str, Any]:
        return {**self.web.to_json(), "ingest": self.ingest.to_json() if self.ingest is not None else None}


# -- the followed feeds ---------------------------------------------------------
def follow(settings: Settings, urls: list[str]) -> list[dict[str, Any]]:
    """Add feeds to follow: one row per URL (added | already followed | failed, with the reason)."""
    rows = []
    with web_lock(Path(settings.home_dir), settings.lock_timeout):
        feeds = FeedList(Path(settings.home_dir))
        for url in urls:
            rows.append(_follow_one(feeds, url, ""))
        feeds.save()
    return rows


def import_opml(settings: Settings, path: str) -> list[dict[str, Any]]:
    """Follow every feed an OPML file lists (as feed readers export them)."""
    found = parse_opml(Path(path))
    if not found:
        raise InputError(f"{path} lists no feeds (no <outline> with an xmlUrl)")
    with web_lock(Path(settings.home_dir), settings.lock_timeout):
        feeds = FeedList(Path(settings.home_dir))
        rows = [_follow_one(feeds, url, title, via="opml") for url, title in found]
        feeds.save()
    return rows


def _follow_one(feeds: FeedList, url: str, title: str, via: str = "user") -> dict[str, Any]:
    try:
        added = feeds.add(url, title, via)
    except InputError as exc:
        return {"url": url, "status": "failed", "reason": str(exc)}
    return {"url": check_url(url), "status": "added" if added else "already followed", "reason": None}


def unfollow(settings: Settings, url: str) -> bool:
    with web_lock(Path(settings.home_dir), settings.lock_timeout):
        feeds = FeedList(Path(settings.home_dir))
        removed = feeds.remove(url)
        if removed:
            feeds.save()
    return removed


def followed(settings: Settings) -> list[dict[str, Any]]:
    return FeedList(Path(settings.home_dir)).rows()


def update(settings: Settings, ingest: Callable[[list[str], list[str]], IngestResult], progress: Reporter | None = None) -> UpdateReport:
    """Fetch what is new in every followed feed, then ingest it (and anything an earlier run left pending)."""
    feeds = FeedList(Path(settings.home_dir))
    if not feeds.feeds:
        raise InputError("no feeds followed yet: add one with `ragnews feeds add URL` or `ragnews feeds import FILE.opml`")
    with fetch_run(settings, progress) as harvester:
        feeds = FeedList(Path(settings.home_dir))  # re-read under the lock
        fetched = harvester.update(feeds)
        feeds.save()
        paths = pending_snapshots(harvester, fetched)
        result = UpdateReport(fetched, ingest(paths, fetched.superseded()) if paths else None)
        harvester.snapshots.mark_ingested(paths)
    return result
