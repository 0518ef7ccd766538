"""When the store itself is damaged: find out safely, then rebuild it from the article files.

The article files are the truth and the store is derived from them, so the
repair for a store that can't be read (a crash reading its vector index, a
malformed database, an emptied file) is to ingest again every article it
recorded into a new store beside it, and swap that in once it holds them
all. Nothing is deleted: the damaged store is kept for inspection. A full
disk is no damage: it is named, and nothing is moved.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ragnews.config import Settings
from ragnews.index.check import CheckReport, Problem
from ragnews.index.failures import disk_full
from ragnews.index.ledger import Ledger, LedgerError, compare
from ragnews.index.lexical import LexicalDamaged, index_for
from ragnews.index.probe import probe_store, recorded_paths
from ragnews.index.store import Store


def damage(settings: Settings) -> Problem | None:
    """The store-wide damage a child process found reading the store, if any."""
    found = probe_store(settings)
    if found and disk_full(settings.db_dir):  # a full disk is no damage: a repair must not move the store
        return Problem("disk_full", "", f"{disk_full(settings.db_dir)} ({found})")
    return Problem("damaged_store", "", found) if found else None


def rebuild(store: Store, settings: Settings, ingest_into: Callable[[Path, list[str]], Any], problem: Problem) -> CheckReport:
    """Rebuild a damaged store from its article files beside it, and swap it in only once it holds them all.

    The articles come from the ledger (kept outside Chroma's database) and
    whatever Chroma's own database still lists. They are ingested into
    `<db>.rebuilding`; the damaged store stays where it is until the rebuilt
    one holds every recorded article whose file can still be read, so a
    repair that is killed resumes on the next run (unchanged files are
    skipped) and nothing is ever reported consistent with articles missing.
    A full disk stops everything before a byte is moved.
    """
    report = CheckReport()
    full = disk_full(settings.db_dir)
    if full:
        report.problems.append(Problem("disk_full", "", full))
        return report
    recorded = recorded_articles(settings.db_dir)
    if not recorded:
        report.problems.append(Problem("damaged_store", "", f"{problem.message}; no record of which articles it held survives, "
                                       "so it was left as it is: re-ingest your article folders into a fresh --db"))
        return report
    present = [p for p in recorded if Path(p).is_file()]
    report.problems += [Problem("file_missing", p, "recorded in the damaged store, but the file is gone; not re-ingested")
                        for p in recorded if p not in present]
    target = settings.db_dir.with_name(f"{settings.db_dir.name}.rebuilding")
    refused = _refused(ingest_into(target, present)) if present else set()
    report.problems += [Problem("file_changed", p, "recorded in the damaged store, but its file can no longer be ingested")
                        for p in sorted(refused)]
    rebuilt = set(Ledger(target).entries()) if present else set()
    lacking = [p for p in present if p not in rebuilt and p not in refused]
    if lacking or not rebuilt:
        report.problems.append(Problem("damaged_store", "", f"{problem.message}; {len(rebuilt)} of {len(present)} recorded articles "
                                       f"are rebuilt in {target} so far; the damaged store stays until all are: "
                                       "run `ragnews check --repair` again"))
        return report
    aside = settings.db_dir.with_name(f"{settings.db_dir.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    with store.writing():
        store.reopen()
        os.replace(settings.db_dir, aside)
        os.replace(target, settings.db_dir)
    report.repaired.append(Problem("damaged_store", "", f"{problem.message}; re-ingested {len(rebuilt)} of {len(recorded)} recorded "
                                   f"articles from their files into a new store; the damaged store is kept at {aside}"))
    return report


def recorded_articles(db_dir: Path) -> list[str]:
    """Every article the store recorded: its ledger, and whatever Chroma's own database still lists."""
    try:
        ledger = set(Ledger(db_dir).entries())
    except LedgerError:
        ledger = set()
    return sorted(ledger | set(recorded_paths(db_dir)))


def _refused(report: Any) -> set[str]:
    """Files an ingest could not store (now binary, empty, unreadable): they can't be rebuilt, and say so."""
    return {str(getattr(o, "path", None) or o.source) for o in getattr(report, "outcomes", []) if o.status == "failed"}


def lexical_damage(store: Store, settings: Settings) -> Problem | None:
    """A lexical index file that exists but SQLite can't read as one (searches would fail on it)."""
    index = index_for(settings)
    if not index.path.exists():
        return None
    try:
        index.check()
        return None
    except LexicalDamaged as exc:
        return Problem("lexical_damaged", "", f"the lexical index can't be read ({exc}); `ragnews check --repair` rebuilds it")
    finally:
        index.close()


def against_ledger(store: Store, report: CheckReport, repair: bool) -> list[str]:
    """Hold the store's records against the ledger; return the files a repair must ingest again.

    A store is consistent only when it holds every article the ledger records:
    a store that lost articles (a repair cut short, a damaged database read
    as empty) is never reported as fine.
    """
    ledger = store.ledger
    if ledger is None:
        return []
    records = store.source_records()
    if not ledger.exists():  # a store from before the ledger: start one (our own file, not the store's)
        with contextlib.suppress(OSError, sqlite3.Error):
            ledger.put({**r, "path": p} for p, r in records.items())
    try:
        entries = ledger.entries()
    except LedgerError as exc:
        if not repair:
            report.problems.append(Problem("ledger", "", f"{exc}; `ragnews check --repair` writes it again from the store"))
            return []
        ledger.path.unlink(missing_ok=True)
        ledger.put({**r, "path": p} for p, r in records.items())
        report.repaired.append(Problem("ledger", "", f"{exc}; written again from the store's {len(records)} articles"))
        return []
    missing, unrecorded = compare(entries, records)
    if unrecorded:
        note = f"{len(unrecorded)} stored article(s) are not in the record kept outside Chroma ({ledger.path})"
        if repair:
            ledger.put({**records[p], "path": p} for p in unrecorded)
            report.repaired.append(Problem("unrecorded", "", note + "; recorded"))
        else:
            report.problems.append(Problem("unrecorded", "", note + "; `ragnews check --repair` records them"))
    return _missing(ledger, missing, report, repair)


def _missing(ledger: Ledger, missing: list[str], report: CheckReport, repair: bool) -> list[str]:
    redo = []
    for path in missing:
        if not Path(path).is_file():
            if repair:
                ledger.remove([path])
                report.repaired.append(Problem("unstored", path, "recorded, but missing from the store and its file is gone; forgotten"))
            else:
                report.problems.append(Problem("unstored", path, "recorded, but missing from the store, and its file is gone"))
        elif repair:
            redo.append(path)
        else:
            report.problems.append(Problem("unstored", path, "recorded, but missing from the store; `ragnews check --repair` re-ingests it"))
    return redo
