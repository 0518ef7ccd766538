"""Is a file still what was ingested? Asked before anything cites it.

Our promise is that a citation points at text that is in the file. When a
file is edited or deleted after ingest, its stored chunks describe a file
that no longer exists, so the source is not cited at all: the output says
which files changed and to re-run `ragnews ingest`. The check is cheap: size
and mtime first, the content hash only when those moved (an editor that
rewrites the same bytes is not a change), and each hash once per process.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ragnews.ingest.reader import content_hash

MISSING = "missing"
CHANGED = "changed since it was ingested"


class Freshness:
    """Remembers what it hashed, so a long-lived process hashes each file version once."""

    def __init__(self) -> None:
        self._hashed: dict[str, tuple[int, int, str]] = {}  # path -> (size, mtime_ns, hash)

    def problem(self, path: str, record: Mapping[str, Any]) -> str | None:
        """None when the file still holds what was ingested; otherwise why not."""
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return MISSING
        except OSError as exc:
            return f"unreadable ({exc.strerror or exc})"
        if _same_stat(record, st.st_size, st.st_mtime_ns):
            return None
        digest = self._hash(path, st.st_size, st.st_mtime_ns)
        if digest is None:
            return "unreadable"
        return None if digest == record.get("content_hash") else CHANGED

    def stale(self, records: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
        """{path: reason} for the records whose files changed or vanished."""
        found = {path: self.problem(path, record) for path, record in records.items()}
        return {path: why for path, why in found.items() if why}

    def _hash(self, path: str, size: int, mtime_ns: int) -> str | None:
        known = self._hashed.get(path)
        if known and known[:2] == (size, mtime_ns):
            return known[2]
        try:
            with open(path, "rb") as fh:
                digest = content_hash(fh.read())
        except OSError:
            return None
        self._hashed[path] = (size, mtime_ns, digest)
        return digest


def _same_stat(record: Mapping[str, Any], size: int, mtime_ns: int) -> bool:
    recorded_size, recorded_mtime = record.get("size"), record.get("mtime_ns")
    return recorded_size is not None and recorded_mtime is not None and int(recorded_size) == size and int(recorded_mtime) == mtime_ns


def stale_note(stale: Mapping[str, str], sources: Mapping[str, str]) -> str:
    """One line naming the files left out and the fix."""
    named = ", ".join(f"{sources.get(path, path)} ({why})" for path, why in sorted(stale.items()))
    return f"not cited, because the file is not what was ingested: {named}; run `ragnews ingest` on it (or `ragnews ingest --prune` for deleted files)."


def missing_texts(path: str, texts: Sequence[str]) -> int:
    """How many of an article's stored chunk texts the file no longer holds (whitespace aside).

    A changed file may still hold every stored passage (a paragraph appended)
    or none of them (overwritten with another article): the stored text that
    is gone is what search must stop returning. The file is read and cleaned
    as ingest would, so HTML is compared as text, not markup.
    """
    from ragnews.ingest.loader import load_article

    try:
        article, _ = load_article(Path(path), path)
    except Exception:  # gone, empty, binary, unreadable: none of its old text is there
        return len(texts)
    current = " ".join(article.text.split())
    return sum(1 for text in texts if " ".join(text.split()) not in current)
