"""Story clusters from the shared data sets, as plain documents (title, body, outlet, date).

Multi-News rows are split into a dev half (tune on these) and a held-out half by row parity,
so the split is fixed and needs no random seed. AllSides stories become three-outlet clusters;
BBC clusters are runs of unrelated stories from one topic folder (nothing there should clash).
"""

from __future__ import annotations

import ast
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
MULTI_NEWS = SHARED / "multi_news" / "sample_validation.csv"
ALLSIDES = SHARED / "neus_allsides" / "headline_11_2021-10-19_crawled_all.jsonl"
NEUS = SHARED / "neus_allsides"
BBC = SHARED / "bbc"


@dataclass
class Doc:
    """One article of a cluster, before ingest."""

    title: str
    body: str
    outlet: str | None = None
    published: str | None = None  # ISO date

    def file_text(self) -> str:
        """The article as a .txt file the ingest pipeline reads: title, header lines, body."""
        head = [self.title.strip()]
        if self.outlet:
            head.append(f"Source: {self.outlet}")
        if self.published:
            head.append(f"Published: {self.published}")
        return "\n".join(head) + "\n\n" + self.body.strip() + "\n"


@dataclass
class Cluster:
    cid: str
    docs: list[Doc]
    reference: str | None = None  # a human summary, where the data set has one


def multi_news_rows() -> list[dict[str, str]]:
    csv.field_size_limit(10**8)
    with MULTI_NEWS.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def multi_news(split: str = "all") -> Iterator[Cluster]:
    """Multi-News clusters: `dev` (even rows), `heldout` (odd rows) or `all`."""
    for i, row in enumerate(multi_news_rows()):
        if split == "dev" and i % 2 or split == "heldout" and not i % 2:
            continue
        docs = [d for d in ast.literal_eval(row["documents"]) if d.strip()]
        yield Cluster(f"mn:{i}", [_mn_doc(d) for d in docs], row["summary"].lstrip("–- ").strip())


def _mn_doc(text: str) -> Doc:
    """A Multi-News document has no separate title: its first line stands for it."""
    lines = [x.strip() for x in text.replace(" \n", "\n").split("\n")]
    lines = [x for x in lines if x]
    first = lines[0] if lines else "Untitled"
    if len(first.split()) > 25 or first.endswith((".", "”", '"')):
        return Doc("Untitled", "\n\n".join(lines))
    return Doc(first, "\n\n".join(lines[1:]))


def allsides() -> Iterator[Cluster]:
    """AllSides stories: one cluster per story, one document per outlet (left, center, right)."""
    with ALLSIDES.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            docs = []
            for side in ("left", "center", "right"):
                n = r["news"].get(side)
                if n and n.get("newBody"):
                    body = "\n\n".join(p.replace("\xa0", " ").strip() for p in n["newBody"] if p.strip())
                    docs.append(Doc(n["newsTitle"].replace("\xa0", " "), body, n.get("newsSource"), (r.get("date") or "")[:10] or None))
            if len(docs) >= 2:
                yield Cluster(f"as:{r['id']}", docs, " ".join(r.get("roundup") or []))


def neus() -> Iterator[Cluster]:
    """NeuS test clusters (`test.source`/`test.target`): three outlets' title and excerpt, a neutral summary.

    Each line is "TITLE=> … ARTICLE=> … [SEP] …"; titles are kept as the data set writes them (most end on a
    period), which is how a user who saved them as files would have them.
    """
    sources = (NEUS / "test.source").read_text(encoding="utf-8").splitlines()
    targets = (NEUS / "test.target").read_text(encoding="utf-8").splitlines()
    for row, (source, target) in enumerate(zip(sources, targets)):
        docs = [Doc(*_titled(part)) for part in source.split("[SEP]") if "ARTICLE=>" in part]
        yield Cluster(f"ns:{row}", docs, _titled(target)[1])


def _titled(part: str) -> tuple[str, str]:
    title, _, body = part.partition("ARTICLE=>")
    return title.replace("TITLE=>", "").strip(), body.strip()


def bbc(folder: str, start: int, n: int = 5) -> Cluster:
    """n unrelated BBC stories from one topic folder (files start+1 .. start+n)."""
    docs = []
    for k in range(start + 1, start + n + 1):
        text = (BBC / folder / f"{k:03d}.txt").read_text(encoding="utf-8", errors="replace")
        title, _, body = text.strip().partition("\n")
        docs.append(Doc(title.strip(), body.strip(), "BBC News"))
    return Cluster(f"bbc:{folder}:{start}", docs)


def by_id(cid: str) -> Cluster:
    """A cluster from its id: mn:ROW, as:STORY_ID, ns:ROW or bbc:FOLDER:START."""
    kind, _, rest = cid.partition(":")
    if kind == "mn":
        return next(c for c in multi_news() if c.cid == cid)
    if kind == "ns":
        return next(c for c in neus() if c.cid == cid)
    if kind == "as":
        return next(c for c in allsides() if c.cid == cid)
    folder, _, start = rest.partition(":")
    return bbc(folder, int(start))
