"""Helpers shared by the robustness tests: run the real CLI, open and check a store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from ragnews import Newsroom
from ragnews.index.check import CheckReport, check_store


def cli_env(**extra: str) -> dict[str, str]:
    """The test's environment (RAGNEWS_HOME isolated by conftest) plus overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAGNEWS_TEST_")}
    env.update(extra)
    return env


def ragnews(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """Run `python -m ragnews ARGS` to completion."""
    return subprocess.run([sys.executable, "-m", "ragnews", *args], capture_output=True, text=True,
                          env=cli_env(**env), timeout=timeout)


def spawn(*args: str, **env: str) -> subprocess.Popen:
    """Start `python -m ragnews ARGS` without waiting (callers must wait or kill it)."""
    return subprocess.Popen([sys.executable, "-m", "ragnews", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=cli_env(**env))


def open_newsroom(db: Path) -> Newsroom:
    """A Newsroom on a *fresh* Chroma client.

    chromadb caches one client system per path in a process; after another
    process wrote the store, that cached state is stale ("Error finding id"),
    so tests that inspect a store written by subprocesses drop the cache.
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    nr = Newsroom(db=db)
    nr.store.collections(None, None, create=False)
    nr.store.use_chroma()  # (not the read mirror: these tests look at what Chroma holds)
    return nr


def check(db: Path, repair: bool = False) -> CheckReport:
    """check_store on a fresh connection, as `ragnews check` would see the store."""
    nr = open_newsroom(db)
    rebuild = (lambda _generation: nr._sync_lexical()) if repair else None
    return check_store(nr.store, repair=repair, rebuild_lexical=rebuild)


def kinds(report: CheckReport) -> set[str]:
    return {p.kind for p in report.problems}


def assert_consistent(db: Path, expected_sources: int) -> Any:
    """Every source once, all its chunks, no orphans/duplicates, check clean."""
    nr = open_newsroom(db)
    report = check_store(nr.store)
    assert report.ok, report.to_json()
    records = nr.store.source_records()
    assert len(records) == expected_sources
    ids = [c.id for c in nr.store.iter_chunks(include_text=False)]
    assert len(ids) == len(set(ids)) == sum(int(r["chunks"]) for r in records.values())
    assert lexical_ids(db) == set(ids)  # the lexical index holds exactly the stored chunks
    return nr


def lexical_ids(db: Path) -> set[str]:
    """The chunk ids the lexical index holds."""
    from ragnews.index.lexical import LexicalIndex

    index = LexicalIndex(db)
    try:
        return index.chunk_ids()
    finally:
        index.close()
