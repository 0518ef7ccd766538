"""The end of an ingest that adds a few articles to a grown store: stories, settled dates, newest date.

    python -m benchmarks.stories.endphase --base 10000 --add 100 [--work DIR]

Builds (once, kept in --work) a store of `--base` synthetic articles with the stand-in
embedder and no English model, then adds the next `--add` articles to two copies of it,
each in a fresh process: "before" runs main's end phase (every record read, every lead
regrouped, settled dates over every story), "after" runs `Newsroom._after_write` (the
saved stories updated from the changed articles). Prints, per mode, the end phase's
seconds (after the lexical index) and the whole ingest's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from benchmarks import corpora


class NoReader:
    """No English model: the benchmark is about the end phase."""

    def read(self, texts: Sequence[str]) -> list[object]:
        return []

    def prefetch(self, texts: Sequence[str] | None = None) -> None:
        return None


def _newsroom(db: Path) -> Any:
    from benchmarks.hashembed import HashEmbedder
    from ragnews import Newsroom

    return Newsroom(db=db, embedder=HashEmbedder(), reader=NoReader())


def _before(nr: Any, changed: Collection[str], removed: Collection[str], generation: str) -> None:
    """main's end phase (b183d8c), less the lexical index: every record, every lead, every story's dates."""
    from ragnews.index import storybook
    from ragnews.newsroom import _newest_date

    records = nr.store.source_records()
    stories = storybook.regroup(nr.store, records)
    nr._settled(records, stories)
    nr.store.save_newest_published(generation, _newest_date(records))


def _timed(owner: Any, name: str, into: dict[str, float]) -> None:
    """Wrap owner.name so that its seconds are added to into[name]."""
    real = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            into[name] = into.get(name, 0.0) + time.perf_counter() - started
    setattr(owner, name, wrapper)


def child(mode: str, db: Path, paths: list[str], lexical: bool = True) -> None:
    from ragnews.index import storybook
    from ragnews.newsroom import Newsroom

    nr = _newsroom(db)
    timed: dict[str, float] = {}
    real = Newsroom._after_write
    for owner, name in ((storybook, "update"), (storybook, "regroup"), (storybook, "catch_up"), (Newsroom, "_settled")):
        _timed(owner, name, timed)
    if not lexical:  # the lead's part (the BM25 index), left out to see this end phase's own peak
        Newsroom._build_lexical = lambda self, generation: None  # type: ignore[assignment,method-assign,return-value]

    def after_write(self: Any, changed: Collection[str], removed: Collection[str], generation: str) -> None:
        started = time.perf_counter()
        (_before(self, changed, removed, generation) if mode == "before" else real(self, changed, removed, generation))
        timed["end_s"] = time.perf_counter() - started

    Newsroom._after_write = after_write  # type: ignore[method-assign]
    started = time.perf_counter()
    report = nr.ingest(paths)
    print(json.dumps({"mode": mode, "lexical": lexical, "added": report.counts()["added"],
                      **{k: round(v, 3) for k, v in sorted(timed.items())},
                      "ingest_s": round(time.perf_counter() - started, 2),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", type=int, default=10_000)
    p.add_argument("--add", type=int, default=100)
    p.add_argument("--work", type=Path, default=Path("/tmp/ragnews-endphase"))
    p.add_argument("--bbc", type=Path, default=corpora.DEFAULT_BBC)
    p.add_argument("--modes", default="before,after")
    p.add_argument("--no-lexical", action="store_true", help="leave out the BM25 rebuild (not part of this end phase)")
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.child[3:], lexical=args.child[2] == "lexical")
        return
    paths = [str(x) for x in corpora.synthesize(args.bbc, args.work / "synthetic", args.base + args.add)]
    base = args.work / f"base{args.base}"
    if not base.exists():
        started = time.perf_counter()
        _newsroom(base).ingest(paths[: args.base])
        print(json.dumps({"built": args.base, "seconds": round(time.perf_counter() - started, 1)}), flush=True)
    _in_step(base)
    for mode in args.modes.split(","):
        db = args.work / f"run-{mode}"
        shutil.rmtree(db, ignore_errors=True)
        shutil.copytree(base, db)
        subprocess.run([sys.executable, "-m", "benchmarks.stories.endphase", "--child", mode, str(db),
                        "none" if args.no_lexical else "lexical", *paths[args.base : args.base + args.add]], check=True)


def _in_step(base: Path) -> None:
    """The base store's saved stories at its generation (a base built by older code is regrouped once, untimed)."""
    from ragnews.index import storybook

    nr = _newsroom(base)
    nr._open()
    generation = nr.store.generation
    if storybook.load(nr.settings, generation) is None:
        started = time.perf_counter()
        storybook.catch_up(nr.settings, nr.store, nr.store.source_records(), generation)
        print(json.dumps({"regrouped_base_s": round(time.perf_counter() - started, 1)}), flush=True)


if __name__ == "__main__":
    main()
