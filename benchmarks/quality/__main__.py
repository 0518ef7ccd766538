"""python -m benchmarks.quality rouge|discrepancies|sweep [options]: briefing quality on the shared data."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.quality.build import CachedEmbedder


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.quality", description=__doc__)
    p.add_argument("task", choices=["rouge", "discrepancies", "sweep"])
    p.add_argument("--split", choices=["dev", "heldout", "all"], default="dev", help="Multi-News rows (rouge)")
    p.add_argument("--labels", default=str(Path(__file__).resolve().parents[1] / "dev" / "discrepancy_labels.jsonl"))
    p.add_argument("--limit", type=int, default=0, help="score only the first N clusters")
    p.add_argument("--corpus", choices=["mn", "as", "ns"], default="mn", help="rouge: Multi-News rows, AllSides stories (their roundup as the "
                   "reference) or NeuS test clusters (titles ending on a period); "
                   "sweep: unlabelled Multi-News dev rows or AllSides stories")
    p.add_argument("--sample", type=int, default=40, help="sweep: how many AllSides stories")
    p.add_argument("--seed", type=int, default=11, help="sweep: which AllSides sample")
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "ragnews-quality"))
    p.add_argument("--out", help="write the numbers (and per-cluster details) as JSON")
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args(argv)
    work = Path(args.workdir)
    from benchmarks.home import own_home

    own_home(work)  # a readings cache of this work dir's own, not the machine's shared one
    embedder = CachedEmbedder(work / "embeddings.pkl")
    started = time.perf_counter()
    if args.task == "rouge":
        from benchmarks.quality.run_rouge import run_rouge

        result = run_rouge(args.split, args.limit, work, embedder, args.verbose, args.corpus)
    elif args.task == "sweep":
        from benchmarks.quality.sweep import run_sweep

        result = run_sweep(args.corpus, Path(args.labels), work, embedder, args.sample, args.seed, args.verbose)
    else:
        from benchmarks.quality.discrepancies import run_discrepancies

        result = run_discrepancies(Path(args.labels), work, embedder, args.verbose, args.limit)
    embedder.save()
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps({k: v for k, v in result.items() if k != "details"}, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
