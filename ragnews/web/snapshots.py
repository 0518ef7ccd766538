"""Snapshots: every fetched page kept as a file, never overwritten.

Our promise is that each citation points to a file on disk and its lines. A
web page changes or disappears; its snapshot does not. So a page is saved as
`snapshots/<host>/<date>-<slug>.html` with the bytes the server sent, and the
ingest pipeline reads that file like any other. A page that changed is saved
as a new snapshot beside the old one (citations of the old one keep
verifying); a page that did not change reuses its snapshot.

`.index.json` in the folder records, per snapshot, the URL, when it was
fetched, the feed it came from and the validators for the next conditional
GET; its name starts with a dot so that `ragnews ingest snapshots/` skips it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ragnews.web.fetch import Response
from ragnews.web.shapes import clean_snapshots, load_checked
from ragnews.web.state import save_json
from ragnews.web.urls import host_folder, slug

INDEX = ".index.json"
META_KEYS = ("url", "fetched_at", "feed")  # what an article record and its chunks gain from a snapshot


@dataclass(frozen=True)
class Snapshot:
    path: Path
    url: str
    fetched_at: str
    feed: str | None
    sha256: str
    etag: str | None = None
    last_modified: str | None = None


class Snapshots:
    """The snapshot folder and its index; thread-safe (fetch workers save pages as they arrive)."""

    def __init__(self, home: Path) -> None:
        self.root = Path(os.path.abspath(home)) / "snapshots"
        data = load_checked(self.root / INDEX, clean_snapshots)
        self._files: dict[str, dict[str, Any]] = data["files"]
        self._latest: dict[str, str] = data["latest"]
        self._pending: set[str] = set(data["pending"])
        self._lock = threading.Lock()
        self._dirty = False

    # -- lookups -------------------------------------------------------------
    def latest(self, url: str) -> Snapshot | None:
        """The newest snapshot of `url` that is still on disk."""
        rel = self._latest.get(url)
        if rel is None or not (self.root / rel).is_file():
            return None
        return self._snapshot(rel)

    def meta_for(self, path: str) -> dict[str, Any]:
        """url / fetched_at / feed of the snapshot at `path` ({} for any other file): recorded with the article."""
        rel = self._relative(path)
        entry = self._files.get(rel) if rel else None
        if entry is None:
            return {}
        meta = {k: entry.get(k) or "" for k in META_KEYS}
        meta["url"] = entry.get("final_url") or meta["url"]  # where the page really was, after redirects (a reader opens that)
        return meta

    def dating(self, path: str) -> dict[str, str]:
        """What the fetch knew of a snapshot beyond its bytes, for reading it: the charset the server declared
        ("charset") and the page's date when its own metadata has none ("date", "date_from"): the feed entry's
        date, else the HTTP Last-Modified. {} for any other file. A year in the page's text is never its date."""
        rel = self._relative(path)
        entry = self._files.get(rel) if rel else None
        if entry is None:
            return {}
        out: dict[str, str] = {}
        charset = header_charset(str(entry.get("content_type") or ""))
        if charset:
            out["charset"] = charset
        if entry.get("feed_published"):
            out["date"], out["date_from"] = str(entry["feed_published"]), "the feed entry's date"
        elif http_date(entry.get("last_modified")):
            out["date"], out["date_from"] = http_date(entry.get("last_modified")) or "", "the server's Last-Modified header"
        return out

    def pending(self) -> list[Path]:
        """Snapshots saved but not yet ingested (a run that stopped between fetching and ingesting)."""
        return [self.root / rel for rel in sorted(self._pending) if (self.root / rel).is_file()]

    # -- changes -------------------------------------------------------------
    def save(self, response: Response, feed: str | None = None, feed_date: str = "") -> tuple[Snapshot, bool, Snapshot | None]:
        """Keep a fetched page: (its snapshot, whether it is a new file, the older snapshot it replaces or None).

        Same bytes as the newest snapshot of that URL: that snapshot is reused
        (its validators refreshed). Otherwise a new file, never an overwrite.
        """
        digest = hashlib.sha256(response.body).hexdigest()
        with self._lock:
            previous = self.latest(response.url)
            if previous is not None and previous.sha256 == digest:
                self._files[self._rel(previous.path)].update(etag=response.etag, last_modified=response.last_modified)
                if feed_date:
                    self._files[self._rel(previous.path)]["feed_published"] = feed_date
                self._dirty = True
                return previous, False, None
            path = self._adopt(response, digest) or self._write_new(response)
            rel = self._rel(path)
            self._files[rel] = {"url": response.url, "final_url": response.final_url, "fetched_at": response.fetched_at,
                                "feed": feed or "", "sha256": digest, "etag": response.etag, "last_modified": response.last_modified,
                                "content_type": response.content_type, "feed_published": feed_date}
            self._latest[response.url] = rel
            self._pending.add(rel)
            self._dirty = True
            return self._snapshot(rel), True, previous

    def date_from_feed(self, path: Path, feed_date: str) -> None:
        """Remember a feed entry's date for a snapshot kept from before (a 304 on the page)."""
        if not feed_date:
            return
        with self._lock:
            entry = self._files.get(self._rel(path))
            if entry is not None and entry.get("feed_published") != feed_date:
                entry["feed_published"] = feed_date
                self._dirty = True

    def mark_ingested(self, paths: list[str]) -> None:
        with self._lock:
            for path in paths:
                rel = self._relative(path)
                if rel in self._pending:
                    self._pending.discard(rel)
                    self._dirty = True

    def flush(self) -> None:
        with self._lock:
            if self._dirty:
                save_json(self.root / INDEX, {"files": self._files, "latest": self._latest, "pending": sorted(self._pending)})
                self._dirty = False

    # -- helpers -------------------------------------------------------------
    def _snapshot(self, rel: str) -> Snapshot:
        e = self._files[rel]
        return Snapshot(self.root / rel, e["url"], e.get("fetched_at", ""), e.get("feed") or None, e.get("sha256", ""),
                        e.get("etag"), e.get("last_modified"))

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _relative(self, path: str) -> str | None:
        try:
            rel = Path(os.path.realpath(path)).relative_to(os.path.realpath(self.root))
        except ValueError:
            return None
        return rel.as_posix()

    def _adopt(self, response: Response, digest: str) -> Path | None:
        """A file this page would be saved as, holding these very bytes, that the index doesn't know.

        A run killed between saving pages and writing the index leaves such
        files; the next run would otherwise save every one again as `-2`.
        """
        folder, stem = self._place(response)
        for n in range(1, 10_000):
            target = folder / (f"{stem}.html" if n == 1 else f"{stem}-{n}.html")
            if not target.is_file():
                return None
            if self._rel(target) not in self._files and hashlib.sha256(target.read_bytes()).hexdigest() == digest:
                return target
        return None

    def _place(self, response: Response) -> tuple[Path, str]:
        """The folder and the file-name stem a page's snapshot gets."""
        return self.root / host_folder(response.url), f"{response.fetched_at[:10] or 'undated'}-{slug(response.url)}"

    def _write_new(self, response: Response) -> Path:
        """Write the body under a name no file has yet: date-slug.html, date-slug-2.html, …"""
        folder, stem = self._place(response)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".fetch-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(response.body)
                fh.flush()
                os.fsync(fh.fileno())
            return _link_unique(Path(tmp), folder, stem)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def header_charset(content_type: str) -> str | None:
    """The charset a Content-Type header names ('text/html; charset=ISO-8859-2' -> 'iso-8859-2'), if Python knows it."""
    import codecs
    from email.message import Message

    msg = Message()
    msg["content-type"] = content_type
    charset = msg.get_content_charset()
    if not charset:
        return None
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def http_date(value: object) -> str | None:
    """An HTTP date ('Mon, 28 Apr 2025 08:00:00 GMT') as YYYY-MM-DD (UTC), None when unreadable."""
    import datetime as dt
    from email.utils import parsedate_to_datetime

    if not value:
        return None
    try:
        when = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    return when.date().isoformat()


def _link_unique(tmp: Path, folder: Path, stem: str) -> Path:
    """Give the complete file its final name; a hard link never replaces an existing file."""
    for n in range(1, 10_000):
        target = folder / (f"{stem}.html" if n == 1 else f"{stem}-{n}.html")
        try:
            os.link(tmp, target)
            return target
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: exclusive create instead
            try:
                with open(target, "xb") as fh:
                    fh.write(tmp.read_bytes())
                return target
            except FileExistsError:
                continue
    raise FileExistsError(f"no free snapshot name for {stem} in {folder}")
