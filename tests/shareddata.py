"""Real news clusters from ../shared/data for tests (read at test time, never copied into the repo)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import SHARED

DATA = SHARED / "data"
needs_data = pytest.mark.skipif(not (DATA / "multi_news" / "sample_validation.csv").exists(), reason="shared data not present")


@lru_cache(maxsize=1)
def embedder():
    from ragnews.index.embedders import MiniLMEmbedder

    return MiniLMEmbedder()


def cluster_articles(cid: str, workdir: Path):
    """The articles of a shared-data cluster (mn:ROW, as:ID, bbc:FOLDER:START), ingested the product's way."""
    from benchmarks.quality.build import articles_of
    from benchmarks.quality.data import by_id

    return articles_of(by_id(cid), workdir)


def briefing(cid: str, workdir: Path, full: bool = False):
    from benchmarks.quality.build import briefing_of
    from benchmarks.quality.data import by_id

    return briefing_of(by_id(cid), workdir, embedder(), full=full)  # type: ignore[arg-type]


def sentences(cids: list[str], workdir: Path) -> list[str]:
    return [s.text for cid in cids for a in cluster_articles(cid, workdir) for s in a.sentences]


def brief_texts(tmp_path: Path, *texts: str, full: bool = False):  # type: ignore[no-untyped-def]
    """The briefing of a folder of constructed articles, as `brief FOLDER` makes it (the benchmark's builder)."""
    from benchmarks.quality.build import briefing_of

    folder = tmp_path / "cluster"
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    return briefing_of(folder, tmp_path / "work", embedder(), full=full)  # type: ignore[arg-type]
