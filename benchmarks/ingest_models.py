"""Ingest against the models it must run, measured in one run (issue 26's target: ingest ≤ 1.10 × the models).

A real `Newsroom.ingest` of the first N files of a corpus into a fresh store with a fresh RAGNEWS_HOME (no cached
reading), with the two models timed where they run: the embedder's `embed` (MiniLM: tokenising and the network)
and spaCy's pipeline (`Language.pipe`, iterated, over the chunks' sentences). `ratio` is ingest's wall over those
two; `ratio_with_reading` counts the whole of `Reader._parse` as model time too (the pipeline plus ragnews turning
each parse into a `Reading`, and any wait for the model to load). Everything else — reading and cleaning files,
chunking, the injection scan, Chroma writes, the lexical index, the end phase — is the overhead the target bounds.

    python -m benchmarks.ingest_models --limit 300 [--corpus bbc|seeds] [--rounds 2] [--workdir DIR]

The models load in background threads while files are read (`prefetch`); their load is counted as model time
only where ingest waits for it (inside `embed` or `_parse`). Wall times depend on the machine's load; the ratio
much less, since both sides slow together.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import corpora


def measure(paths: list[Path], work: Path) -> dict[str, Any]:
    """One ingest in this process (run it in a fresh one: the models must not be loaded yet)."""
    from ragnews import Newsroom
    from ragnews.index.embedders import MiniLMEmbedder
    from ragnews.text.reading import Reader

    spent = {"embed": 0.0, "parse": 0.0}

    def timed(kind: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[kind] += time.perf_counter() - t
        return wrapper

    def timed_iteration(kind: str, fn: Any) -> Any:  # a generator's time is spent while it is iterated
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            items = fn(*args, **kwargs)
            while True:
                t = time.perf_counter()
                try:
                    item = next(items)
                except StopIteration:
                    spent[kind] += time.perf_counter() - t
                    return
                spent[kind] += time.perf_counter() - t
                yield item
        return wrapper

    from spacy.language import Language

    spent["pipeline"] = 0.0
    MiniLMEmbedder.embed = timed("embed", MiniLMEmbedder.embed)  # type: ignore[method-assign]
    Reader._parse = timed("parse", Reader._parse)  # type: ignore[method-assign]
    Language.pipe = timed_iteration("pipeline", Language.pipe)  # type: ignore[method-assign]
    nr = Newsroom(db=work / "db")
    t0, c0 = time.perf_counter(), time.process_time()
    report = nr.ingest([str(p) for p in paths])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    models = spent["embed"] + spent["pipeline"]
    return {"files": len(paths), "added": report.counts()["added"], "tokens": report.tokens, "wall_s": round(wall, 3),
            "cpu_s": round(cpu, 3), "embed_s": round(spent["embed"], 3), "pipeline_s": round(spent["pipeline"], 3),
            "parse_s": round(spent["parse"], 3), "ratio": round(wall / models, 3) if models else None,
            "ratio_with_reading": round(wall / (spent["embed"] + spent["parse"]), 3) if models else None,
            "load1": round(os.getloadavg()[0], 2)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", choices=("bbc", "seeds"), default="bbc")
    p.add_argument("--limit", type=int, default=300, help="the first N files of the corpus (sorted by path)")
    p.add_argument("--rounds", type=int, default=2, help="fresh ingests, each in its own process")
    p.add_argument("--workdir", type=Path, default=None)
    p.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    root = corpora.SEEDS if args.corpus == "seeds" else corpora.DEFAULT_BBC
    paths = corpora.files(root, args.limit)
    if args.child:
        print(json.dumps(measure(paths, args.child)))
        return 0
    base = args.workdir or Path(tempfile.mkdtemp(prefix="ragnews-ingest-models-"))
    runs = []
    for i in range(args.rounds):
        work = base / f"run-{i}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        env = {**os.environ, "RAGNEWS_HOME": str(work / "home")}
        done = subprocess.run([sys.executable, "-m", "benchmarks.ingest_models", "--corpus", args.corpus, "--limit",
                               str(args.limit), "--child", str(work)], env=env, capture_output=True, text=True,
                              cwd=corpora.REPO, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(runs[-1]), flush=True)
    ratios = sorted(r["ratio"] for r in runs if r["ratio"])
    print(f"ingest / (embedding + spaCy pipeline): median {ratios[len(ratios) // 2]:.3f} over {len(ratios)} runs "
          f"(target ≤ 1.10); {args.corpus} first {args.limit} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
