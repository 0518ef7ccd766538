"""From URLs and followed feeds to snapshot files, with a one-line reason for each that fails.

Two phases, each spread over hosts (`by_host`): first the URLs given (pages
or feeds) or the followed feeds, then the entry pages those feeds list. An
update asks each feed with its validators, so an unchanged feed costs a 304
and nothing else; a changed feed yields only the entries not seen before (or
updated since). A feed whose entries failed for a passing reason keeps its
old validators, so the next update reads it again and retries them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ragnews.config import Settings
from ragnews.web.feeds import Entry, FeedList, parse_feed
from ragnews.web.fetch import Fetcher, FetchError, Policy, Response, Stats, by_host, classify, media_type, now_iso
from ragnews.web.robots import Robots
from ragnews.web.snapshots import Snapshots

if TYPE_CHECKING:
    import httpx


@dataclass
class PageResult:
    url: str
    status: str  # new | unchanged | not modified | failed | skipped
    reason: str | None = None
    snapshot: str | None = None
    feed: str | None = None
    title: str | None = None
    replaces: str | None = None  # the older snapshot of this URL that the new one supersedes
    transient: bool = field(default=False, repr=False)  # failed for a passing reason: try again next update

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "transient"}


@dataclass
class FeedResult:
    url: str
    status: str  # updated | not modified | failed
    reason: str | None = None
    title: str | None = None
    entries: int = 0  # entries new or updated since the last look

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class WebReport:
    feeds: list[FeedResult] = field(default_factory=list)
    pages: list[PageResult] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    seconds: float = 0.0

    def snapshot_paths(self) -> list[str]:
        """The snapshots to ingest: every page fetched or confirmed current in this run."""
        return list(dict.fromkeys(p.snapshot for p in self.pages if p.snapshot))

    def superseded(self) -> list[str]:
        return [p.replaces for p in self.pages if p.replaces]

    @property
    def failed(self) -> bool:
        return any(f.status == "failed" for f in self.feeds) or any(p.status == "failed" for p in self.pages)

    def to_json(self) -> dict[str, Any]:
        return {"feeds": [f.to_json() for f in self.feeds], "pages": [p.to_json() for p in self.pages],
                "requests": self.stats.to_json(), "seconds": round(self.seconds, 3)}


def accept_page(content_type: str, head: bytes) -> str | None:
    if classify(content_type, head) == "page":
        return None
    return f"not an HTML page ({media_type(content_type) or 'no content type'})"


def accept_feed(content_type: str, head: bytes) -> str | None:
    kind = classify(content_type, head)
    if kind == "feed":
        return None
    if kind == "page":
        return "not a feed: the server sent an HTML page; give the feed's own URL (RSS or Atom)"
    return f"not a feed ({media_type(content_type) or 'no content type'})"


def accept_any(content_type: str, head: bytes) -> str | None:
    if classify(content_type, head):
        return None
    return f"neither an HTML page nor an RSS/Atom feed ({media_type(content_type) or 'no content type'})"


@dataclass(frozen=True)
class _Job:
    """An entry page to fetch, and the feed that listed it."""

    entry: Entry
    feed: str


class Harvester:
    """One fetch run: the connection pool, per-host clocks, robots cache and snapshot index it shares."""

    def __init__(self, settings: Settings, on_status: Callable[[str], None] | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        home = Path(settings.home_dir)
        self.policy = Policy.from_settings(settings)
        self.snapshots = Snapshots(home)
        self.robots = Robots(home / "robots.json")
        self.fetcher = Fetcher(self.policy, self.robots, transport)
        self.say = on_status or (lambda message: None)

    def close(self) -> None:
        self.fetcher.close()
        self.save()

    def save(self) -> None:
        """Write what was learnt (snapshot index, robots.txt cache): before ingest reads it, and on the way out."""
        self.snapshots.flush()
        self.robots.save()

    def __enter__(self) -> Harvester:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- `ragnews ingest URL…` -------------------------------------------------
    def fetch_urls(self, urls: Sequence[str]) -> WebReport:
        """Each URL as a page (snapshotted) or a feed (every entry fetched); the feeds are not followed."""
        started, report = time.perf_counter(), WebReport(stats=self.fetcher.stats)
        urls = list(dict.fromkeys(u.strip() for u in urls))
        self.fetcher.trust(urls)
        self.say(f"fetching {len(urls)} URL(s)…")
        jobs: list[_Job] = []
        fetched = by_host(urls, lambda u: u, self._fetch_any, self.policy.concurrency, lambda u, exc: PageResult(u, "failed", unexpected(exc)))
        for url, outcome in zip(urls, fetched):
            if isinstance(outcome, PageResult):
                report.pages.append(outcome)
            else:
                feed, entries, problems = outcome
                report.feeds.append(feed)
                report.pages += problems
                jobs += [_Job(e, url) for e in entries]
        report.pages += self._fetch_entries(jobs)
        report.seconds = time.perf_counter() - started
        self.save()
        return report

    def _fetch_any(self, url: str) -> PageResult | tuple[FeedResult, list[Entry], list[PageResult]]:
        previous = self.snapshots.latest(url)
        try:
            r = self.fetcher.get(url, accept_any, *_validators(previous))
            if r.not_modified:
                return PageResult(url, "not modified", snapshot=str(previous.path)) if previous else _stray_304(url)
            if classify(r.content_type, r.body) == "page":
                return self._keep(r, None, None)
            doc = parse_feed(r.body, r.final_url, r.content_type)
        except FetchError as exc:
            return PageResult(url, "failed", str(exc))
        problems = [PageResult(url, "failed", f"entry {what!r}: {why}", feed=url) for what, why in doc.problems]
        return FeedResult(url, "updated", title=doc.title, entries=len(doc.entries)), doc.entries, problems

    # -- `ragnews update` --------------------------------------------------------
    def update(self, feeds: FeedList) -> WebReport:
        """Ask every followed feed what is new (conditionally), then fetch the new entries."""
        started, report = time.perf_counter(), WebReport(stats=self.fetcher.stats)
        urls = list(feeds.feeds)
        self.fetcher.trust(feeds.named_by_user())
        self.say(f"checking {len(urls)} feed(s)…")
        checked = by_host(urls, lambda u: u, lambda u: self._check_feed(feeds.feeds[u]), self.policy.concurrency,
                          lambda u, exc: (FeedResult(u, "failed", unexpected(exc)), [], []))
        seen: set[str] = set()
        jobs: list[_Job] = []
        for url, (result, entries, problems) in zip(urls, checked):
            report.feeds.append(result)
            report.pages += problems
            fresh = [e for e in entries if e.link not in seen]
            seen.update(e.link for e in fresh)
            jobs += [_Job(e, url) for e in fresh]
        pages = self._fetch_entries(jobs)
        report.pages += pages
        self._remember(feeds, jobs, pages)
        report.seconds = time.perf_counter() - started
        self.save()
        return report

    def _check_feed(self, state: dict[str, Any]) -> tuple[FeedResult, list[Entry], list[PageResult]]:
        url = state["url"]
        state["checked"] = now_iso()
        try:
            r = self.fetcher.get(url, accept_feed, state.get("etag"), state.get("last_modified"))
            if r.not_modified:
                state["status"] = "not modified"
                return FeedResult(url, "not modified", title=state.get("title")), [], []
            doc = parse_feed(r.body, r.final_url, r.content_type)
        except FetchError as exc:
            state["status"] = f"failed: {exc}"
            return FeedResult(url, "failed", str(exc), title=state.get("title")), [], []
        known = state.get("entries") or {}
        new = [e for e in doc.entries if e.key not in known or known[e.key].get("updated") != e.updated]
        state.update(title=state.get("title") or doc.title, status="ok", pending_validators=[r.etag, r.last_modified])
        state["entries"] = {e.key: known[e.key] for e in doc.entries if e.key in known}
        problems = [PageResult(url, "failed", f"entry {what!r}: {why}", feed=url) for what, why in doc.problems]
        return FeedResult(url, "updated", title=state["title"], entries=len(new)), new, problems

    def _remember(self, feeds: FeedList, jobs: list[_Job], pages: list[PageResult]) -> None:
        """Mark entries seen; keep a feed's new validators only if none of its entries failed for a passing reason."""
        retry: set[str] = set()
        for job, page in zip(jobs, pages):
            state = feeds.feeds[job.feed]
            if page.transient:
                retry.add(job.feed)
                continue
            state.setdefault("entries", {})[job.entry.key] = {"link": job.entry.link, "updated": job.entry.updated}
        for url, state in feeds.feeds.items():
            validators = state.pop("pending_validators", None)
            if validators is not None and url not in retry:
                state["etag"], state["last_modified"] = validators

    # -- entry pages -------------------------------------------------------------
    def _fetch_entries(self, jobs: list[_Job]) -> list[PageResult]:
        if jobs:
            self.say(f"fetching {len(jobs)} article(s)…")
        return by_host(jobs, lambda j: j.entry.link, self._fetch_entry, self.policy.concurrency,
                       lambda j, exc: PageResult(j.entry.link, "failed", unexpected(exc), feed=j.feed, title=j.entry.title or None))

    def _fetch_entry(self, job: _Job) -> PageResult:
        link, title = job.entry.link, job.entry.title or None
        previous = self.snapshots.latest(link)
        try:
            r = self.fetcher.get(link, accept_page, *_validators(previous))
        except FetchError as exc:
            return PageResult(link, "failed", str(exc), feed=job.feed, title=title, transient=exc.transient)
        if r.not_modified:
            if previous is None:
                return _stray_304(link)
            self.snapshots.date_from_feed(previous.path, job.entry.published)
            return PageResult(link, "not modified", snapshot=str(previous.path), feed=job.feed, title=title)
        return self._keep(r, job.feed, title, job.entry.published)

    def _keep(self, r: Response, feed: str | None, title: str | None, feed_date: str = "") -> PageResult:
        """Save the page; `feed_date` is the date its feed entry gives (the page's date when its own metadata has none)."""
        snapshot, created, replaced = self.snapshots.save(r, feed, feed_date)
        return PageResult(r.url, "new" if created else "unchanged", snapshot=str(snapshot.path), feed=feed, title=title,
                          replaces=str(replaced.path) if replaced is not None else None)


def unexpected(exc: Exception) -> str:
    """One line for an error nobody planned for (a disk that is full, a parser that crashed): this URL's, not the run's."""
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    return f"could not fetch or save this URL ({type(exc).__name__}: {detail})"


def _stray_304(url: str) -> PageResult:
    return PageResult(url, "failed", "the server answered 304 Not Modified to a request that had nothing to revalidate")


def _validators(previous: Any) -> tuple[str | None, str | None]:
    return (previous.etag, previous.last_modified) if previous is not None else (None, None)
