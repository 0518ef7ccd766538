"""When the last digest was made, per store, and what `--since WHEN` means.

A digest lists the stories that gained articles since a moment. That moment is
compared with each article's *ingest* time (`ingested_at`, recorded by every
ingest), not its publication date: an article published last week but first
fetched today is news to the reader, many articles carry no date or a wrong
one, and the ingest time is what "since I last looked" means.

The last digest's mark lives in a small JSON file under `$RAGNEWS_HOME/digest/`,
one per store (local folder or server URL, and collection), replaced atomically
and validated when read: a damaged file is an error naming the file, never a
silent "everything is new again".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ragnews.config import Settings
from ragnews.errors import InputError

log = logging.getLogger(__name__)

FORMAT = 1
FIRST_WINDOW_HOURS = 24  # the first digest of a store covers what was ingested in the last day
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([mhdw])")
_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


@dataclass(frozen=True)
class DigestMark:
    """The last digest of a store: until which ingest time it covered, and when it was made."""

    store: str  # the store's location and collection, as a reader would name it
    mark: float  # the newest ingest time (epoch seconds) the digest saw: the next one starts after it
    made: float  # when the digest was made (epoch seconds)
    stories: int = 0  # how many stories it listed


def state_file(settings: Settings) -> Path:
    """The mark's file: one per store, under RAGNEWS_HOME (writable even when the store is not)."""
    key = hashlib.sha1(store_key(settings).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return settings.home_dir / "digest" / f"{key}.json"


def store_key(settings: Settings) -> str:
    where = settings.chroma_url or str(settings.db_dir.resolve())
    if settings.chroma_url and (settings.chroma_tenant or settings.chroma_database):  # two databases, two digests
        where += f"@{settings.chroma_tenant or ''}/{settings.chroma_database or ''}"
    return f"{where}#{settings.collection}"


def load(settings: Settings) -> DigestMark | None:
    """The store's last digest, or None before the first; a damaged file is an error that names it."""
    path = state_file(settings)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(f"cannot read the last digest's mark {path} ({exc.strerror or exc}); fix its permissions or pass --since") from None
    try:
        data = json.loads(raw)
        mark = _parse(data, store_key(settings))
    except (ValueError, TypeError, KeyError) as exc:
        raise InputError(f"the last digest's mark {path} is damaged ({exc}); delete it, or pass --since WHEN") from None
    log.debug("last digest of %s: mark %s", mark.store, mark.mark)
    return mark


def _parse(data: object, key: str) -> DigestMark:
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown format {data.get('format')!r}")
    if data.get("store") != key:
        raise ValueError(f"it belongs to another store ({data.get('store')!r})")
    values = {}
    for name in ("mark", "made"):
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise ValueError(f"{name!r} is not a time")
        values[name] = float(value)
    stories = data.get("stories", 0)
    if isinstance(stories, bool) or not isinstance(stories, int) or stories < 0:
        raise ValueError("'stories' is not a count")
    return DigestMark(key, values["mark"], values["made"], stories)


def save(settings: Settings, mark: DigestMark) -> None:
    """Replace the store's mark atomically (a crash leaves the old mark or the new one, never half a file)."""
    path = state_file(settings)
    payload = {"format": FORMAT, "store": mark.store, "mark": mark.mark, "made": mark.made, "stories": mark.stories,
               "made_utc": dt.datetime.fromtimestamp(mark.made, dt.UTC).isoformat(timespec="seconds")}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot save the digest's mark to {path} ({exc.strerror or exc}); "
                         "the next digest would repeat this one: make RAGNEWS_HOME writable") from None


def parse_since(when: str, now: float) -> float:
    """`--since WHEN` as epoch seconds: a duration back from now (90m, 24h, 3d, 1w, 1d12h), a date (local midnight)
    or an ISO date-time (local time unless it says its zone)."""
    text = when.strip().lower()
    if text and _DURATION.sub("", text).strip() == "":
        seconds = sum(float(n) * _UNITS[u] for n, u in _DURATION.findall(text))
        return now - seconds
    try:
        moment = dt.datetime.fromisoformat(when.strip())
    except ValueError:
        raise InputError(f"--since {when!r} is neither a duration (24h, 3d, 90m, 1w) nor a date (YYYY-MM-DD[THH:MM])") from None
    return moment.timestamp()  # naive: local time, as a user at a terminal means it
