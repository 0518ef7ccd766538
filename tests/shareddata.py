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


def rtqa_articles(week: str, qid: str, picks: list[int], workdir: Path, dated: bool = False):
    """A RealTime QA question's search results saved as files the way a user would (title, blank line, text), ingested
    the product's way: real, messy web pages (newsletters, listings) beside articles."""
    import json

    from benchmarks.quality.build import articles_of
    from benchmarks.quality.data import Cluster, Doc

    rows = [json.loads(line) for line in (DATA / "realtimeqa" / f"{week}_gcs.jsonl").read_text(encoding="utf-8").splitlines()]
    results = next(r for r in rows if r["question_id"] == qid)["search_result"]
    # `dated`: with the page's publication date as a header line (the data set writes "2023/11/28")
    docs = [Doc(results[i]["title"], results[i]["text"], published=(results[i].get("publish_date") or None) if dated else None)
            for i in picks]
    return articles_of(Cluster(f"rtqa:{qid}{':dated' if dated else ''}", docs), workdir)
