"""Bringing the lexical index in step with the store, with work proportional to what changed.

The index (`lexical.py`) records the store generation it last matched. When
the store has moved on (an ingest, a kill mid-ingest, another client of the
same Chroma server), `sync` finds the articles whose stored content hash
differs from the index's and re-indexes just those from what the store holds
now. Where the changed articles come from:

- a local store: its ledger (`ledger.py`, path -> content hash, one SQLite read);
- a server store: its change log (`Store.changes_since`), from a cursor the
  client keeps, less `SKEW` seconds for writers' clocks and slow writes;
- neither available (a new client, an old store, a damaged ledger), or the
  article counts disagree after a sync: every record's content hash.

Applying a change reads the article's current record and chunks, so applying
one twice, or late, gives the same index: a kill at any moment is repaired by
the next sync.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ragnews.index.ledger import LedgerError
from ragnews.index.lexical import Article, LexicalIndex, searchable
from ragnews.index.store import Store

log = logging.getLogger(__name__)

SKEW = 300.0  # seconds a server writer's clock (or its write) may lag another's: re-read this much of the log
BATCH = 200  # articles fetched and indexed per round trip (bounds memory whatever the store's size)


@dataclass
class Changes:
    """What a sync did: the articles re-indexed or removed, and whether it had to compare every article."""

    paths: list[str] = field(default_factory=list)
    full: bool = False


def sync(store: Store, index: LexicalIndex, progress: Callable[[int, int], None] | None = None,
         written: Collection[str] | None = None) -> Changes:
    """Bring `index` in step with the open `store`; a no-op when it already is.

    `written`: the articles this process's last run of writes added, replaced or removed. When the index
    was in step just before that run (`Store.written_from`), they are all that changed in a local store,
    and the ledger need not be read.
    """
    generation = store.generation
    if index.generation == generation:
        return Changes()
    started = time.time()
    paths: list[str] | None
    if written is not None and not store.server and store.written_from and index.generation == store.written_from:
        paths, cursor = sorted(set(written)), None
    else:
        paths, cursor = _logged(store, index)
    changes = Changes(paths or [], full=paths is None)
    if paths is None:
        changes.paths = _differing(_stored_hashes(store), index.hashes())
    changes.paths = apply(store, index, changes.paths, progress)
    if not changes.full and index.articles() != store.articles():  # the log or ledger missed something
        log.info("lexical index holds %d articles, the store %d: comparing every article", index.articles(), store.articles())
        more = apply(store, index, _differing(_stored_hashes(store), index.hashes()), progress)
        changes = Changes(sorted(set(changes.paths) | set(more)), full=True)
    if store.server:
        cursor = max(cursor or 0.0, started - SKEW) if changes.full else cursor
    index.mark(generation, **({"cursor": repr(cursor)} if cursor is not None else {}))
    log.debug("lexical sync to %s: %d articles (full=%s)", generation, len(changes.paths), changes.full)
    return changes


def _logged(store: Store, index: LexicalIndex) -> tuple[list[str] | None, float | None]:
    """The articles changed since the index's last sync by the ledger or change log, and the next cursor; None: unknown."""
    if not store.server:
        ledger = store.ledger
        if ledger is None or not ledger.exists():
            return None, None
        try:
            return _differing(ledger.entries(), index.hashes()), None
        except LedgerError as exc:
            log.info("%s: comparing every article instead", exc)
            return None, None
    since = index.get_state("cursor")
    entries = store.changes_since(float(since)) if since else None
    if entries is None:
        return None, None
    latest = max((at for at, _ in entries), default=None)
    cursor = max(float(since or 0.0), latest - SKEW) if latest is not None else float(since or 0.0)
    return sorted({path for _, path in entries if path}), cursor


def _stored_hashes(store: Store) -> dict[str, str]:
    return {path: str(record.get("content_hash") or "") for path, record in store.source_records().items()}


def _differing(want: Mapping[str, str], have: Mapping[str, str]) -> list[str]:
    """Paths whose content hash differs between the two (present in one only included)."""
    return sorted(p for p in set(want) | set(have) if want.get(p) != have.get(p))


def apply(store: Store, index: LexicalIndex, paths: Sequence[str], progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Re-index these articles from the store as it is now; the ones that changed the index.

    An article with no record leaves the index; one whose stored hash the index already has is left
    alone (a change log entry read again, within `SKEW`, costs one record lookup, not a re-index).
    """
    changed: list[str] = []
    for b in range(0, len(paths), BATCH):
        part = list(paths[b : b + BATCH])
        records, have = store.records(part), index.hashes(part)
        todo = {p: r for p, r in records.items() if have.get(p) != str(r.get("content_hash") or "")}
        gone = [p for p in part if p not in records and p in have]
        index.put(_articles(store, todo))
        index.remove(gone)
        changed += sorted(todo) + gone
        if progress:
            progress(min(b + BATCH, len(paths)), len(paths))
    return sorted(changed)


def _articles(store: Store, records: Mapping[str, Mapping[str, object]]) -> Iterable[Article]:
    """The recorded articles with their current chunks (an updated article's old chunks left out by content hash)."""
    if not records:
        return []
    where = {"path": next(iter(records))} if len(records) == 1 else {"path": {"$in": sorted(records)}}
    chunks: dict[str, list[tuple[int, str, str]]] = {}
    for c in store.iter_chunks(where=where):
        path = str(c.meta.get("path", ""))
        if c.meta.get("content_hash") == records[path].get("content_hash"):
            chunks.setdefault(path, []).append((int(c.meta.get("chunk", 0)), c.id, searchable(c.text, c.meta)))
    return [Article(path, str(record.get("content_hash") or ""), [(cid, text) for _, cid, text in sorted(chunks.get(path, []))])
            for path, record in records.items()]  # an article with no chunk is indexed too: its hash says it is in step
