"""The ROUGE task: ours vs LexRank vs lead-3 on a split of the Multi-News rows, on AllSides stories or NeuS clusters.

AllSides stories (three outlets' excerpts, AllSides' own neutral roundup as the reference) were never
used to choose a weight or a rule for the summary, so they are a second check on unseen news.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.quality import data
from benchmarks.quality.build import CachedEmbedder, briefing_of
from benchmarks.quality.rouge import RougeTable, cut, lead3, lexrank, ours


def clusters(corpus: str, split: str) -> Iterator[data.Cluster]:
    """Multi-News rows of a split, or AllSides stories or NeuS test clusters (split by their order in the file,
    as the rows are)."""
    if corpus == "mn":
        yield from data.multi_news(split)
        return
    for k, cluster in enumerate(data.allsides() if corpus == "as" else data.neus()):
        if split == "all" or (k % 2 == 0) == (split == "dev"):
            yield cluster


def run_rouge(split: str, limit: int, work: Path, embedder: CachedEmbedder, verbose: bool = False,
              corpus: str = "mn") -> dict[str, Any]:
    table = RougeTable()
    details = []
    for k, cluster in enumerate(clusters(corpus, split)):
        if limit and k >= limit:
            break
        if not cluster.reference:
            continue
        b, articles = briefing_of(cluster, work / "files", embedder)
        words = len(cluster.reference.split())
        mine = cut(ours(b), words)
        table.add("ragnews", cluster.reference, mine)
        table.add("lexrank", cluster.reference, lexrank(articles, words))
        table.add("lead3", cluster.reference, lead3(articles, words))
        details.append({"cluster": cluster.cid, "rouge1": {s: v["rouge1"][-1] for s, v in table.scores.items()},
                        "rouge2": {s: v["rouge2"][-1] for s, v in table.scores.items()}, "summary": [t for t, _ in b.summary],
                        "key_points": [kp.text for kp in b.key_points]})
        if verbose:
            print(cluster.cid, {s: round(v["rouge1"][-1], 3) for s, v in table.scores.items()}, flush=True)
        if k % 10 == 9:
            embedder.save()
    return {"corpus": corpus, "split": split, "clusters": len(details), "rouge_f": table.means(), "details": details}
