"""The stories' saved state: what places a new article without reading every lead again.

A full grouping (`stories.group`) reads every article's lead and holds them all: at
100,000 articles that took minutes and gigabytes, after an ingest that added a hundred.
This state keeps, per article, what it brings to its story (lead vector, names, word
counts, the cues that find its story); per story, its dates, central article and label;
and the pool's document frequencies. The sums the join score reads (vector total, name
counts, tf-idf weights) are added up from a story's members when it is a candidate, with
the pool's current frequencies. `storybook.update` then reads only the changed articles'
leads and rewrites only the stories they touch.

SQLite keeps it under `settings.state_dir` (a local store's folder, or a server client's
cache): each update is one transaction, so a kill leaves the previous state whole, stamped
with the previous generation, and the next command brings it in step.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

FORMAT = "3"  # 1 was stories.json, regrouped in full after every ingest
FILE = "stories.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS df(term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stories(row INTEGER PRIMARY KEY, id TEXT NOT NULL, first_day INTEGER, last_day INTEGER,
    size INTEGER NOT NULL, central TEXT NOT NULL, label TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS stories_last ON stories(last_day);
CREATE TABLE IF NOT EXISTS members(path TEXT PRIMARY KEY, story INTEGER NOT NULL, day INTEGER, published TEXT NOT NULL,
    fingerprint TEXT NOT NULL, vector BLOB NOT NULL, names TEXT NOT NULL, bag TEXT NOT NULL, cues TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS members_story ON members(story);
CREATE TABLE IF NOT EXISTS cues(cue TEXT NOT NULL, story INTEGER NOT NULL, PRIMARY KEY(cue, story)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cues_story ON cues(story)
"""
_TABLES = ("meta", "df", "stories", "members", "cues")
_CHUNK = 500  # SQL parameters per IN (...) list


@dataclass
class Member:
    """What one article brings to its story: enough to score against it, remove it, or relabel the story."""

    path: str
    story: int
    day: int | None
    published: str
    fingerprint: str
    vector: np.ndarray
    names: frozenset[str]
    bag: dict[str, int]  # its lead's words and their counts (tf-idf weights follow the pool's frequencies)
    cues: list[str]  # the cues that find its story for an undated article (`stories.Cues`)


@dataclass
class StoryRow:
    """A story as saved (its sums are its members')."""

    row: int
    id: str
    size: int
    central: str
    label: dict[str, Any]


class StateError(Exception):
    """The state file cannot be read or written (damaged, or not ours)."""


class StoryState:
    """One open state file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
            self._create()
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{path}: {exc}") from None

    def close(self) -> None:
        self.db.close()

    def _create(self) -> None:
        self.db.execute("PRAGMA auto_vacuum = FULL")  # (a new file only) a full regroup's dropped tables give their pages back
        for statement in _SCHEMA.split(";"):
            self.db.execute(statement)

    # -- meta -------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        try:
            return dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{self.path}: {exc}") from None

    def generation(self) -> str | None:
        """The store generation this state is in step with; None when it is empty or of another format."""
        meta = self.meta()
        return meta.get("generation") if meta.get("format") == FORMAT else None

    def pool(self) -> int:
        return int(self.meta().get("pool") or 0)

    def set_meta(self, **values: Any) -> None:
        self.db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [(k, str(v)) for k, v in values.items()])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: a kill or an error leaves the state as it was before."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def reset(self) -> None:
        """Make every table anew (inside the caller's transaction: a full regroup replaces the state at once)."""
        for table in _TABLES:
            self.db.execute(f"DROP TABLE IF EXISTS {table}")
        self._create()

    # -- pool statistics ---------------------------------------------------
    def df(self, keys: Collection[str]) -> dict[str, int]:
        """Document frequencies of these keys ("w word", "n name")."""
        out: dict[str, int] = {}
        for part in _parts(sorted(keys)):
            marks = ",".join("?" * len(part))
            out.update(self.db.execute(f"SELECT term, n FROM df WHERE term IN ({marks})", part).fetchall())
        return out

    def add_df(self, counts: Mapping[str, int]) -> None:
        """Add (or, negative, take away) document frequencies; a key that reaches 0 is dropped."""
        self.db.executemany("INSERT INTO df(term, n) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n",
                            [(k, int(v)) for k, v in counts.items() if v])
        if any(v < 0 for v in counts.values()):
            self.db.execute("DELETE FROM df WHERE n <= 0")

    # -- members ------------------------------------------------------------
    def fingerprints(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT path, fingerprint FROM members").fetchall())

    def story_of(self, paths: Collection[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for part in _parts(sorted(paths)):
            marks = ",".join("?" * len(part))
            out.update(self.db.execute(f"SELECT path, story FROM members WHERE path IN ({marks})", part).fetchall())
        return out

    def members(self, rows: Collection[int]) -> dict[int, list[Member]]:
        out: dict[int, list[Member]] = {}
        for part in _parts(sorted(rows)):
            marks = ",".join("?" * len(part))
            for row in self.db.execute(f"SELECT path, story, day, published, fingerprint, vector, names, bag, cues "
                                       f"FROM members WHERE story IN ({marks})", part):
                out.setdefault(row[1], []).append(Member(row[0], row[1], row[2], row[3], row[4], np.frombuffer(row[5], dtype=np.float32),
                                                         frozenset(json.loads(row[6])), json.loads(row[7]), json.loads(row[8])))
        return out

    def put_members(self, members: Iterable[Member]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO members(path, story, day, published, fingerprint, vector, names, bag, cues) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(m.path, m.story, m.day, m.published, m.fingerprint, np.asarray(m.vector, dtype=np.float32).tobytes(),
              _json(sorted(m.names)), _json(m.bag), _json(m.cues)) for m in members])

    def drop_members(self, paths: Collection[str]) -> Counter[str]:
        """Delete these members; the document frequencies they counted, to take away from the pool's."""
        gone: Counter[str] = Counter()
        for part in _parts(sorted(paths)):
            marks = ",".join("?" * len(part))
            for names, bag in self.db.execute(f"SELECT names, bag FROM members WHERE path IN ({marks})", part):
                gone.update(f"n {n}" for n in json.loads(names))
                gone.update(f"w {w}" for w in json.loads(bag))
            self.db.execute(f"DELETE FROM members WHERE path IN ({marks})", part)
        return gone

    def newest_published(self) -> str:
        """The newest publication date of any member ("" when none is dated), as `Newsroom.as_of` reads it."""
        found = self.db.execute("SELECT MAX(published) FROM members").fetchone()
        return str(found[0] or "") if found else ""

    # -- stories --------------------------------------------------------------
    def next_row(self) -> int:
        found = self.db.execute("SELECT MAX(row) FROM stories").fetchone()
        return int(found[0] or 0) + 1

    def rows_in_windows(self, windows: Collection[tuple[int, int]]) -> set[int]:
        """Stories whose dated span overlaps any of these [low, high] windows (one query, then one array test each)."""
        if not windows:
            return set()
        found = self.db.execute("SELECT row, first_day, last_day FROM stories WHERE last_day >= ? AND first_day <= ?",
                                (min(lo for lo, _ in windows), max(hi for _, hi in windows))).fetchall()
        if not found:
            return set()
        rows, first, last = (np.asarray(col) for col in zip(*found))
        hit = np.zeros(len(rows), dtype=bool)
        for low, high in windows:
            hit |= (last >= low) & (first <= high)
        return {int(r) for r in rows[hit]}

    def undated_rows(self) -> set[int]:
        return {r for (r,) in self.db.execute("SELECT row FROM stories WHERE last_day IS NULL")}

    def all_rows(self) -> set[int]:
        return {r for (r,) in self.db.execute("SELECT row FROM stories")}

    def cue_rows(self, cues: Collection[str], undated_only: bool = False) -> dict[str, set[int]]:
        """Per cue, the stories that hold it (`undated_only`: only stories without a dated article)."""
        out: dict[str, set[int]] = {}
        only = " AND s.last_day IS NULL" if undated_only else ""
        for part in _parts(sorted(cues)):
            marks = ",".join("?" * len(part))
            for cue, story in self.db.execute(f"SELECT c.cue, c.story FROM cues c JOIN stories s ON s.row = c.story "
                                              f"WHERE c.cue IN ({marks}){only}", part):
                out.setdefault(cue, set()).add(story)
        return out

    def vectors(self, rows: Collection[int]) -> dict[int, list[tuple[str, int | None, np.ndarray]]]:
        """Per story, its members' (path, day, lead vector): what meaning and the time window read."""
        out: dict[int, list[tuple[str, int | None, np.ndarray]]] = {}
        for part in _parts(sorted(rows)):
            marks = ",".join("?" * len(part))
            for story, path, day, vector in self.db.execute(f"SELECT story, path, day, vector FROM members WHERE story IN ({marks})", part):
                out.setdefault(story, []).append((path, day, np.frombuffer(vector, dtype=np.float32)))
        return out

    def words(self, row: int) -> list[tuple[str, int | None, list[str], dict[str, int]]]:
        """One story's members' (path, day, names, word counts): what its name and word sums are added up from."""
        return [(path, day, json.loads(names), json.loads(bag))
                for path, day, names, bag in self.db.execute("SELECT path, day, names, bag FROM members WHERE story = ?", (row,))]

    def put_story(self, s: StoryRow, days: list[int], cues: Iterable[str]) -> None:
        self.db.execute("INSERT OR REPLACE INTO stories(row, id, first_day, last_day, size, central, label) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (s.row, s.id, min(days) if days else None, max(days) if days else None, s.size, s.central, _json(s.label)))
        self.db.execute("DELETE FROM cues WHERE story = ?", (s.row,))
        self.db.executemany("INSERT OR IGNORE INTO cues(cue, story) VALUES (?, ?)", [(c, s.row) for c in sorted(set(cues))])

    def labels(self, rows: Collection[int]) -> dict[int, tuple[str, dict[str, Any]]]:
        """Per story, its central article and the label read from it (kept while the central article stays)."""
        out: dict[int, tuple[str, dict[str, Any]]] = {}
        for part in _parts(sorted(rows)):
            marks = ",".join("?" * len(part))
            for row, central, label in self.db.execute(f"SELECT row, central, label FROM stories WHERE row IN ({marks})", part):
                out[row] = (central, json.loads(label))
        return out

    def drop_story(self, row: int) -> None:
        self.db.execute("DELETE FROM stories WHERE row = ?", (row,))
        self.db.execute("DELETE FROM cues WHERE story = ?", (row,))

    def listing(self) -> list[tuple[str, list[tuple[str, int | None]], dict[str, Any]]]:
        """Every story as (id, its members' (path, day), label), in row order: what `ragnews stories` lists."""
        members: dict[int, list[tuple[str, int | None]]] = {}
        for path, story, day in self.db.execute("SELECT path, story, day FROM members"):
            members.setdefault(story, []).append((path, day))
        return [(sid, members.get(row, []), json.loads(label))
                for row, sid, label in self.db.execute("SELECT row, id, label FROM stories ORDER BY row")]

    def check(self) -> str | None:
        """Why this file is no state `load` could use (None when it is one, of whatever generation)."""
        try:
            ok = self.db.execute("PRAGMA quick_check").fetchone()
            if not ok or ok[0] != "ok":
                return f"damaged ({ok[0] if ok else 'no answer'})"
            for _, _, label in self.listing():
                if not isinstance(label, dict):
                    return "a story's label is not an object"
        except (sqlite3.DatabaseError, ValueError) as exc:
            return str(exc)
        return None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _parts(items: list[Any]) -> Iterator[list[Any]]:
    for b in range(0, len(items), _CHUNK):
        yield items[b : b + _CHUNK]


def open_state(directory: Path, create: bool = True) -> StoryState | None:
    """The state file in `directory` (made when `create`); None where it can't be opened or made (read-only media)."""
    path = directory / FILE
    if not create and not path.exists():
        return None
    for _ in range(2):
        try:
            if create:
                directory.mkdir(parents=True, exist_ok=True)
            state = StoryState(path)
            state.meta()  # a file that is not a database fails here
            return state
        except StateError as exc:
            log.debug("stories state at %s not usable: %s", path, exc)
        except (OSError, sqlite3.Error) as exc:
            log.debug("stories state at %s not usable: %s", path, exc)
            return None
        if not create:
            return None
        with contextlib.suppress(OSError):  # a cache: a damaged one is regrouped, never trusted
            path.unlink()
            path.with_name(path.name + "-journal").unlink(missing_ok=True)
    return None
