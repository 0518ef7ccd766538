"""The shapes of the web layer's state files, checked on load, and what a repair keeps of a damaged one.

`feeds.json` and the snapshot index are JSON a person may edit (or a disk may
damage): `{"feeds": [1, 2]}` or `"pending": 5` used to surface as a traceback
deep inside an update. Each is checked here against the shape the code reads;
a file that doesn't fit is refused in one line naming it, and
`ragnews check --repair` keeps every part that does fit, setting the file
itself aside (nothing is deleted).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from ragnews.web.state import StateError, load_json, save_json

log = logging.getLogger(__name__)

REPAIR = "`ragnews check --repair` keeps its valid parts and sets the file aside"
_FEED_TEXT = ("title", "etag", "last_modified", "checked", "status", "added", "via")
_SNAPSHOT_TEXT = ("final_url", "fetched_at", "feed", "sha256", "etag", "last_modified", "content_type")


def _text_or_none(record: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return all(record.get(k) is None or isinstance(record.get(k), str) for k in keys)


def _feed_ok(url: Any, state: Any) -> bool:
    if not isinstance(url, str) or not isinstance(state, dict) or not isinstance(state.get("url"), str):
        return False
    entries = state.get("entries")
    if entries is not None and not (isinstance(entries, dict) and all(isinstance(e, dict) for e in entries.values())):
        return False
    validators = state.get("pending_validators")
    return _text_or_none(state, _FEED_TEXT) and (validators is None or isinstance(validators, list))


def clean_feeds(data: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], int]:
    """(the feeds that fit their shape, how many parts did not)."""
    feeds = data.get("feeds", {})
    if not isinstance(feeds, dict):
        return {}, 1
    kept = {url: state for url, state in feeds.items() if _feed_ok(url, state)}
    return kept, len(feeds) - len(kept)


def clean_snapshots(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """({files, latest, pending} that fit their shape, how many parts did not)."""
    bad = 0
    files, latest, pending = data.get("files", {}), data.get("latest", {}), data.get("pending", [])
    if not isinstance(files, dict):
        files, bad = {}, bad + 1
    if not isinstance(latest, dict):
        latest, bad = {}, bad + 1
    if not isinstance(pending, list):
        pending, bad = [], bad + 1
    kept_files = {rel: e for rel, e in files.items()
                  if isinstance(e, dict) and isinstance(e.get("url"), str) and _text_or_none(e, _SNAPSHOT_TEXT)}
    kept_latest = {url: rel for url, rel in latest.items() if isinstance(rel, str) and rel in kept_files}
    kept_pending = [rel for rel in pending if isinstance(rel, str)]
    bad += len(files) - len(kept_files) + len(latest) - len(kept_latest) + len(pending) - len(kept_pending)
    return {"files": kept_files, "latest": kept_latest, "pending": kept_pending}, bad


def clean_robots(data: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], int]:
    """The robots.txt cache's entries that fit (a cache: what doesn't fit is fetched again, no error)."""
    origins = data.get("origins", {})
    if not isinstance(origins, dict):
        return {}, 1
    kept = {key: e for key, e in origins.items() if isinstance(e, dict) and isinstance(e.get("fetched", 0), int | float)
            and isinstance(e.get("text", ""), str)}
    return kept, len(origins) - len(kept)


def load_checked(path: Path, clean: Any) -> Any:
    """The file's content cleaned by `clean`, or StateError when any part of it does not fit."""
    kept, bad = clean(load_json(path))
    if bad:
        raise StateError(f"cannot read {path}: {bad} part(s) are not what ragnews wrote there; {REPAIR}")
    return kept


def repair(path: Path, clean: Any, wrap: Any) -> str | None:
    """Rewrite a damaged state file with its valid parts (`wrap` makes the file's object); the old one set aside."""
    try:
        kept, bad = clean(load_json(path))
    except StateError:  # not JSON, or not an object: nothing in it can be kept
        kept, bad = clean({})[0], 1
    if not bad:
        return None
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    os.replace(path, aside)
    save_json(path, wrap(kept))
    log.debug("repaired %s, old copy at %s", path, aside)
    return f"{path} held {bad} part(s) ragnews can't use; kept the rest, the old file is at {aside}"


def problem(path: Path, clean: Any) -> str | None:
    """Why the state file at `path` can't be used, or None (a missing file is fine)."""
    try:
        load_checked(path, clean)
    except StateError as exc:
        return str(exc)
    return None
