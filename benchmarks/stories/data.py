"""Mixed story clusters from the shared data: Multi-News validation + AllSides stories.

Each item is one article with the id of the cluster it came from, so a grouping can
be scored against known stories. Read in place from ../shared/data; never copied.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@dataclass
class Item:
    cluster: str
    title: str
    text: str
    published: str | None  # ISO date
    outlet: str | None


def multi_news(limit: int | None = None) -> list[Item]:
    """Multi-News documents; a text that opens documents of several clusters is a web-archive
    crawl notice ("These crawls are part of an effort to archive pages…"), not an article, and is left out."""
    items = _multi_news(limit)
    clusters_of: dict[str, set[str]] = {}
    for it in items:
        clusters_of.setdefault(it.text[:200], set()).add(it.cluster)
    return [it for it in items if len(clusters_of[it.text[:200]]) == 1]


def _multi_news(limit: int | None) -> list[Item]:
    csv.field_size_limit(10**9)
    out = []
    with (SHARED / "multi_news" / "sample_validation.csv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if limit is not None and i >= limit:
                break
            for doc in ast.literal_eval(row["documents"]):
                lines = [line.strip() for line in doc.split("\n") if line.strip()]
                if len(" ".join(lines).split()) < 40:
                    continue  # a stub (a crawl notice): no article to group
                out.append(Item(f"mn{i}", lines[0][:200], "\n".join(lines), None, None))
    return out


def allsides(limit: int | None = None) -> list[Item]:
    out = []
    rows = [json.loads(line) for line in (SHARED / "neus_allsides" / "headline_11_2021-10-19_crawled_all.jsonl").open(encoding="utf-8")]
    for row in rows[:limit]:
        for side in row.get("news", {}).values():
            paragraphs = _paragraphs(side.get("newBody") or "")
            text = "\n".join(re.sub(r"\s+", " ", p).strip() for p in paragraphs if p and p.strip())
            if len(text.split()) < 40:
                continue
            out.append(Item(f"as{row['id']}", side.get("newsTitle") or "", f"{side.get('newsTitle') or ''}\n{text}",
                            (row.get("date") or "")[:10] or None, side.get("newsSource")))
    return out


def _paragraphs(body: object) -> list[str]:
    if isinstance(body, list):
        return [str(p) for p in body]
    text = str(body)
    if text.startswith("["):
        try:
            return [str(p) for p in ast.literal_eval(text)]
        except (ValueError, SyntaxError):
            pass
    return [text]
