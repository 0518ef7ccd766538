"""Which stored articles a command is about: paths as the user typed them.

People name articles as they see them: a file path relative to where they
stand, a folder, or the display source a listing showed. All of these
resolve to the absolute paths the store keys articles by.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any


def resolve_paths(records: Mapping[str, Mapping[str, Any]], names: Sequence[str]) -> set[str]:
    """Stored paths for stored paths, display sources, files or folders relative to the cwd."""
    by_source = {r.get("source"): p for p, r in records.items()}
    out: set[str] = set()
    for name in names:
        path = os.path.abspath(name)
        if path in records:
            out.add(path)
        elif name in by_source:
            out.add(by_source[name])
        else:
            prefix = path.rstrip(os.sep) + os.sep
            out.update(p for p in records if p.startswith(prefix))
    return out


def newest(records: Mapping[str, Mapping[str, Any]], limit: int) -> list[str]:
    """The `limit` most recent articles: by publication date, then by ingest time."""
    order = sorted(records, key=lambda p: (records[p].get("published") or "", records[p].get("ingested_at") or 0), reverse=True)
    return order[:limit]
