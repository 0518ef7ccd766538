"""What a digest costs beyond briefing its stories: a store of N BBC articles ingested "yesterday", M more today.

    python -m benchmarks.digest [--articles 2000] [--new 20] [--workdir DIR] [--embedder hash|minilm]

The old articles are ingested with the clock set a day back (their `ingested_at`), the new ones now; then
`Newsroom.digest()` (the first digest: the last 24 hours) is timed in process, with the time spent inside
briefing composition (`Newsroom._compose`, what `ragnews brief --story` does for each story) measured apart.
The rest — reading the records, loading the stories, reading the candidate stories' chunks, counting
independent outlets, ordering, numbering citations — is the digest's own cost (issue 31: <= 3 s at 2,000
articles with 20 new). `--embedder hash` (default) uses `benchmarks/hashembed.py` on the ingest side and
for briefing similarity: the store, stories and chunk reads are real, the model time is left out (with
hash vectors every new article is a story of its own, so 20 stories are briefed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import tempfile
import time
import types
from pathlib import Path
from typing import Any

from benchmarks.corpora import DEFAULT_BBC, files, link_subset


def build(workdir: Path, articles: int, new: int, embedder: Any) -> tuple[Any, float]:
    from ragnews import Newsroom
    from ragnews.index import ingestor

    unique = {hashlib.sha1(p.read_bytes()).hexdigest(): p for p in files(DEFAULT_BBC)}  # the BBC folder holds byte-identical copies
    paths = sorted(unique.values())
    random.Random(31).shuffle(paths)
    old, fresh = link_subset(paths[:articles], workdir / "old"), link_subset(paths[articles: articles + new], workdir / "new")
    nr = Newsroom(db=workdir / "db", embedder=embedder)
    started = time.perf_counter()
    real = ingestor.time
    ingestor.time = types.SimpleNamespace(time=lambda: time.time() - 86_400 - 600, perf_counter=time.perf_counter)  # type: ignore[assignment]
    try:
        nr.ingest([old])
    finally:
        ingestor.time = real  # type: ignore[assignment]
    nr.ingest([fresh])
    return nr, time.perf_counter() - started


def measure(nr: Any, repeats: int = 3) -> dict[str, Any]:
    from ragnews import Newsroom

    runs = []
    for _ in range(repeats):
        fresh = Newsroom(db=nr.settings.db_dir, embedder=nr._embedder)
        briefing = [0.0]

        def timed(*args: Any, compose: Any = fresh._compose, spent: list[float] = briefing, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return compose(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - t

        fresh._compose = timed  # type: ignore[method-assign]
        t0 = time.perf_counter()
        d = fresh.digest(remember=False)
        total = time.perf_counter() - t0
        runs.append({"total_s": round(total, 3), "briefing_s": round(briefing[0], 3), "own_s": round(total - briefing[0], 3),
                     "stories": len(d.all_stories()), "new_articles": d.new_article_count, "more": d.more,
                     "load1": round(os.getloadavg()[0], 2)})
    own = sorted(r["own_s"] for r in runs)
    return {"runs": runs, "own_median_s": own[len(own) // 2]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.digest", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--new", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--embedder", choices=["hash", "minilm"], default="hash")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="ragnews-digest-bench-"))
    os.environ.setdefault("RAGNEWS_HOME", str(workdir / "home"))
    embedder = None
    if args.embedder == "hash":
        from benchmarks.hashembed import HashEmbedder

        embedder = HashEmbedder()
    nr, built = build(workdir, args.articles, args.new, embedder)
    result = {"articles": args.articles, "new": args.new, "embedder": args.embedder, "build_s": round(built, 1), **measure(nr, args.repeats)}
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
