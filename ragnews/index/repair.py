"""When the store itself is damaged: find out safely, then rebuild it from the article files.

The article files are the truth and the store is derived from them, so the
repair for a store that can't be read (a crash reading its vector index, a
malformed database, an emptied file) is to set it aside and ingest again
every article it recorded. Nothing is deleted: the damaged store is kept
beside the new one for inspection.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ragnews.config import Settings
from ragnews.index.bm25 import LexicalIndex
from ragnews.index.check import CheckReport, Problem
from ragnews.index.probe import probe_store, recorded_paths
from ragnews.index.store import Store, lexical_dir


def damage(settings: Settings) -> Problem | None:
    """The store-wide damage a child process found reading the store, if any."""
    found = probe_store(settings)
    return Problem("damaged_store", "", found) if found else None


def rebuild(store: Store, settings: Settings, ingest: Callable[[list[str]], Any], problem: Problem) -> CheckReport:
    """Set the damaged store aside and re-ingest every article it recorded whose file still exists."""
    paths = recorded_paths(settings.db_dir)
    aside = settings.db_dir.with_name(f"{settings.db_dir.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    with store.writing():
        store.reopen()
        os.replace(settings.db_dir, aside)
    present = [p for p in paths if Path(p).exists()]
    report = CheckReport()
    if present:
        ingest(present)
    message = (f"{problem.message}; moved it to {aside} and re-ingested {len(present)} of {len(paths)} recorded articles "
               "from their files")
    report.repaired.append(Problem("damaged_store", "", message))
    report.problems += [Problem("file_missing", p, "recorded in the damaged store, but the file is gone; not re-ingested")
                        for p in paths if p not in present]
    return report


def lexical_damage(store: Store, settings: Settings) -> Problem | None:
    """A saved BM25 index that exists, claims to be current, but can't be loaded (every search would rebuild it)."""
    directory = lexical_dir(settings)
    if directory is None or not (directory / "ragnews.json").exists() or store.lexical_stale():
        return None
    if LexicalIndex.load(directory) is not None or store.count() == 0:
        return None
    return Problem("lexical_damaged", "", f"the BM25 index in {directory} can't be read; `ragnews check --repair` rebuilds it")
