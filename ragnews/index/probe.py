"""Open a store in a child process, so a damaged one can't take ragnews down with it.

Random bytes in Chroma's vector index files make its Rust bindings segfault
(exit 139, no output) in whatever process reads them. `ragnews check` is the
tool that must tell the user what is wrong, so it reads every part of the
store in a throwaway child first: if the child dies by a signal, the store is
damaged, and the parent is still alive to say so and to repair it.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from ragnews.config import Settings


def probe_store(settings: Settings, timeout: float = 300.0) -> str | None:
    """None when a child could read every part of the local store; otherwise what went wrong, in one line."""
    if settings.chroma_url or not (settings.db_dir / "chroma.sqlite3").exists():
        return None
    args = json.dumps({"db": str(settings.db_dir), "collection": settings.collection})
    try:
        done = subprocess.run([sys.executable, "-c", "import sys; from ragnews.index.probe import _child; _child(sys.argv[1])", args],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"reading the store at {settings.db_dir} hung for {timeout:.0f} s"
    if done.returncode < 0:
        name = signal.Signals(-done.returncode).name
        return (f"reading the store at {settings.db_dir} crashed the process ({name}): its vector index is damaged; "
                "`ragnews check --repair` rebuilds it from the article files")
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        return f"the store at {settings.db_dir} can't be read: {lines[-1][:200] if lines else 'unknown error'}"
    return None


def _child(args: str) -> None:
    """Touch every part of the store: both collections' records, metadata and vector indexes."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    spec = json.loads(args)
    client = chromadb.PersistentClient(path=spec["db"], settings=ChromaSettings(anonymized_telemetry=False))
    for suffix in ("chunks", "sources"):
        collection = client.get_collection(f"{spec['collection']}_{suffix}", embedding_function=None)
        count = collection.count()
        page = collection.get(limit=1, include=["embeddings", "metadatas", "documents"])
        if count and page["embeddings"] is not None and len(page["embeddings"]):
            import numpy as np

            vectors = np.asarray(page["embeddings"][:1], dtype=np.float32)  # a 2-D array: one query
            collection.query(query_embeddings=vectors, n_results=min(count, 10))


def recorded_paths(db_dir: Path) -> list[str]:
    """The article paths a store knew, read straight from its SQLite file (no vector index touched)."""
    try:
        with sqlite3.connect(f"file:{db_dir / 'chroma.sqlite3'}?mode=ro", uri=True) as conn:
            rows = conn.execute("SELECT DISTINCT string_value FROM embedding_metadata WHERE key = 'path'").fetchall()
    except sqlite3.Error:
        return []
    return sorted({r[0] for r in rows if r[0]})
