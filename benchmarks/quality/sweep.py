"""Differences flagged on clusters nobody labelled: every one shown is a candidate false alarm to read.

The labelled set measures precision on the clusters it names; news the rules never saw is where they
over-reach. This runs the briefing on Multi-News dev rows outside the labels (or a random sample of
AllSides stories outside them) and lists what "Where sources differ" would show.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from benchmarks.quality import data
from benchmarks.quality.build import CachedEmbedder, briefing_of
from benchmarks.quality.discrepancies import _show


def sweep_clusters(corpus: str, labels_file: Path, sample: int, seed: int) -> list[data.Cluster]:
    """Multi-News dev rows 60-249 ("mn"), or `sample` AllSides stories drawn with `seed` ("as"), none labelled."""
    labelled = {json.loads(line)["cluster"] for line in labels_file.read_text().splitlines() if line.strip()}
    if corpus == "mn":
        return [c for c in data.multi_news("dev") if c.cid not in labelled and int(c.cid.split(":")[1]) >= 60]
    stories = [c for c in data.allsides() if c.cid not in labelled]
    return random.Random(seed).sample(stories, min(sample, len(stories)))


def run_sweep(corpus: str, labels_file: Path, work: Path, embedder: CachedEmbedder, sample: int = 40, seed: int = 11,
              verbose: bool = False) -> dict[str, Any]:
    clusters = sweep_clusters(corpus, labels_file, sample, seed)
    shown: list[dict[str, str]] = []
    for cluster in clusters:
        b, _ = briefing_of(cluster, work / "files", embedder)
        for d in b.discrepancies:
            if not d.get("compatible"):
                shown.append({"cluster": cluster.cid, "difference": _show(d)})
                if verbose:
                    print(cluster.cid, _show(d), flush=True)
    return {"corpus": corpus, "clusters": len(clusters), "flagged": len(shown), "details": shown}
