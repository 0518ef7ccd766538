"""The read mirror against Chroma on one store (issue 27: a cold `ask` without chromadb).

    python -m benchmarks.mirror dense   --db DIR [--questions FILE ...]   # exact top 64 vs Chroma's HNSW top 64
    python -m benchmarks.mirror answers --db DIR [--questions FILE ...]   # `ask` JSON through each, identical or not
    python -m benchmarks.mirror p50     --db DIR [--questions FILE ...]   # `ask` and `search` latency in process, both

Questions: JSON Lines with a "question" field, or plain lines (default: `benchmarks.runner.QUERIES`). The store
must have its mirror in step (any `ragnews ingest` of it builds one). RAGNEWS_HOME holds the readings cache.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from ragnews import Newsroom

POOL = 64  # what `hybrid_search` asks the dense side for at k = 8


def questions(files: list[str]) -> list[str]:
    if not files:
        from .runner import QUERIES

        return list(QUERIES)
    out: list[str] = []
    for name in files:
        for line in Path(name).read_text().splitlines():
            line = line.strip()
            if line:
                out.append(json.loads(line)["question"] if line.startswith("{") else line)
    return out


def pair(db: str) -> tuple[Newsroom, Newsroom]:
    """(through the mirror, through Chroma), each checked to read the way it says."""
    mirrored, chroma = Newsroom(db=db, engine="extractive"), Newsroom(db=db, engine="extractive", read_mirror=False)
    mirrored._open()
    chroma._open()
    if mirrored.store._view is None:
        raise SystemExit(f"the read mirror of {db} is not in step: run `ragnews ingest` on it first")
    return mirrored, chroma


def dense(db: str, qs: list[str]) -> dict[str, Any]:
    """Exact cosine (mirror) against HNSW (Chroma): the top POOL ids identical, the same set, or how much overlaps."""
    mirrored, chroma = pair(db)
    identical = same_set = 0
    overlaps: list[int] = []
    for q in qs:
        vector = mirrored.embedder.embed([q])[0]
        exact, hnsw = mirrored.store.query(vector, POOL), chroma.store.query(vector, POOL)
        if [c for c, _ in exact] == [c for c, _ in hnsw]:
            identical += 1
        elif {c for c, _ in exact} == {c for c, _ in hnsw}:
            same_set += 1  # the same chunks, ties (or near ties) in another order
        else:
            overlaps.append(len({c for c, _ in exact} & {c for c, _ in hnsw}))
    return {"questions": len(qs), "chunks": mirrored.store.count(), "identical": identical, "same_set_other_order": same_set,
            "different": len(overlaps), "overlap_of_64_when_different": sorted(overlaps)}


def answers(db: str, qs: list[str]) -> dict[str, Any]:
    mirrored, chroma = pair(db)
    different = [q for q in qs if mirrored.ask(q).to_json() != chroma.ask(q).to_json()]
    return {"questions": len(qs), "identical": len(qs) - len(different), "different": different}


def p50(db: str, qs: list[str]) -> dict[str, Any]:
    """Each question asked once through each reader to warm up (readings cached, models loaded), then timed, alternating."""
    rooms = dict(zip(("mirror", "chroma"), pair(db), strict=True))
    for nr in rooms.values():
        for q in qs:
            nr.ask(q)
    ask: dict[str, list[float]] = {k: [] for k in rooms}
    search: dict[str, list[float]] = {k: [] for k in rooms}
    for q in qs:
        for name, nr in rooms.items():
            t = time.perf_counter()
            nr.ask(q)
            ask[name].append(time.perf_counter() - t)
            t = time.perf_counter()
            nr.search(q, k=5)
            search[name].append(time.perf_counter() - t)
    return {name: {"ask_p50_ms": round(1000 * statistics.median(ask[name]), 1), "ask_max_ms": round(1000 * max(ask[name]), 1),
                   "search_p50_ms": round(1000 * statistics.median(search[name]), 1)} for name in rooms} | {"load1": os.getloadavg()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("dense", "answers", "p50"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--questions", action="append", default=[])
    args = parser.parse_args()
    run = {"dense": dense, "answers": answers, "p50": p50}[args.what]
    print(json.dumps(run(args.db, questions(args.questions)), indent=1))


if __name__ == "__main__":
    main()
