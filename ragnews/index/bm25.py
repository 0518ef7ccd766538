"""BM25 over chunks, because names and numbers matter in news.

Dense vectors blur "10,000" into "14,000" and "Gerasimov" into "a general";
BM25 does not. The index is rebuilt after an ingest that changed the store
and saved beside the local store (tagged with the store's generation), so a
query only loads it; a stale or missing index is rebuilt in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from ragnews.text.terms import tokenize


class LexicalIndex:
    """A BM25 index over chunk ids, loadable from disk in milliseconds."""

    def __init__(self, ids: list[str], retriever: object, generation: str) -> None:
        self.ids = ids
        self._retriever = retriever
        self.generation = generation

    @classmethod
    def build(cls, items: Iterable[tuple[str, str]], generation: str) -> LexicalIndex:
        import bm25s

        ids, corpus = [], []
        for cid, text in items:
            ids.append(cid)
            toks = tokenize(text)
            corpus.append(toks or ["_empty_"])
        retriever = bm25s.BM25()
        if corpus:
            retriever.index(corpus, show_progress=False)
        return cls(ids, retriever, generation)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        tmp = directory.with_name(directory.name + ".tmp")
        tmp.mkdir(parents=True, exist_ok=True)
        if self.ids:
            self._retriever.save(str(tmp))  # type: ignore[attr-defined]
        (tmp / "ragnews.json").write_text(json.dumps({"generation": self.generation, "ids": self.ids}))
        # swap in one rename so a reader never sees half an index
        old = directory.with_name(directory.name + ".old")
        if old.exists():
            _rmtree(old)
        directory.rename(old)
        tmp.rename(directory)
        _rmtree(old)

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex | None:
        info = read_info(directory)
        if info is None:
            return None
        ids = info["ids"]
        retriever = None
        if ids:
            import bm25s

            try:
                retriever = bm25s.BM25.load(str(directory), mmap=False)
            except Exception:  # a damaged index is rebuilt, never fatal
                return None
            if _num_docs(retriever) != len(ids) or _generation(directory) != info.get("generation"):
                return None  # a writer swapped the index while we read it: ids and scores disagree
        return cls(ids, retriever, info["generation"])

    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        tokens = tokenize(query)
        if not self.ids or not tokens:
            return []
        scores = self._retriever.get_scores(tokens)  # type: ignore[attr-defined]
        n = min(n, len(self.ids))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]


def _num_docs(retriever: object) -> int | None:
    scores = getattr(retriever, "scores", None)
    return int(scores["num_docs"]) if isinstance(scores, dict) and "num_docs" in scores else None


def read_info(directory: Path) -> dict[str, Any] | None:
    """The index's ragnews.json ({"generation": str, "ids": [str]}), or None when missing or of another shape."""
    try:
        info = json.loads((directory / "ragnews.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict):
        return None
    generation, ids = info.get("generation", ""), info.get("ids") or []
    if not isinstance(generation, str) or not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        return None
    return {"generation": generation, "ids": ids}


def _generation(directory: Path) -> str | None:
    info = read_info(directory)
    return info["generation"] if info is not None else None


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
