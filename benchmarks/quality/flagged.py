"""Every "Where sources differ" row on a sample of held-out clusters, to be read and judged by hand.

`python -m benchmarks.quality.flagged [--mn 20:85] [--as 40:105] [--workdir DIR]`: held-out Multi-News rows
(odd rows, by position among them) and held-out AllSides stories (odd positions), full briefings. The dev
labels (`benchmarks/dev/discrepancy_labels.jsonl`) say how precise the rows are on clusters the rules were
tuned on; this says what they do on clusters nobody tuned them to. One line per row: the cluster, the subject
and each version with its sources.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks.quality import data
from benchmarks.quality.build import CachedEmbedder, briefing_of


def _span(text: str) -> slice:
    lo, _, hi = text.partition(":")
    return slice(int(lo or 0), int(hi) if hi else None)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.quality.flagged", description=__doc__)
    p.add_argument("--mn", default="20:85", help="held-out Multi-News rows, as a slice of the held-out list")
    p.add_argument("--as", dest="allsides", default="40:105", help="held-out AllSides stories, as a slice")
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "ragnews-flagged"))
    args = p.parse_args(argv)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    embedder = CachedEmbedder(work / "embeddings.pkl")
    clusters = list(data.multi_news("heldout"))[_span(args.mn)]
    clusters += [c for i, c in enumerate(data.allsides()) if i % 2 == 1][_span(args.allsides)]
    rows = 0
    for cluster in clusters:
        briefing, _ = briefing_of(cluster, work, embedder, full=True)
        for d in briefing.discrepancies:
            rows += 1
            versions = " vs ".join(f"{c['value']} ({', '.join(Path(s).name for s in c['sources'])})" for c in d["claims"])
            print(f"{cluster.cid}\t{d['subject']}\t{versions}", flush=True)
    embedder.save()
    print(f"{rows} rows on {len(clusters)} clusters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
