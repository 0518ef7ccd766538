"""Work run in a fresh subprocess, so that the parent can read its peak RSS
(os.wait4) and its timings are cold-process timings. Prints one JSON line."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

EMBED_WINDOW = 512  # chunks per embed() call in embed-only runs


def _embedder(kind: str):  # type: ignore[no-untyped-def]
    if kind == "hash":
        from .hashembed import HashEmbedder

        return HashEmbedder()
    from ragnews.index.embedders import MiniLMEmbedder

    return MiniLMEmbedder()


def cmd_ingest(args: argparse.Namespace) -> dict:
    t0 = time.perf_counter()
    from ragnews import Newsroom

    nr = Newsroom(db=args.db, embedder=_embedder(args.embedder))
    t1 = time.perf_counter()
    report = nr.ingest(args.paths)
    t2 = time.perf_counter()
    counts = report.counts()
    return {"import_s": t1 - t0, "ingest_s": t2 - t1, "report_s": report.seconds, "end_s": getattr(report, "end_s", None),
            "tokens": report.tokens,
            "chunks": sum(o.chunks for o in report.outcomes if o.status in ("added", "updated")),
            "counts": counts, "articles": counts["added"] + counts["updated"] + counts["unchanged"]}


def cmd_embed(args: argparse.Namespace) -> dict:
    """The ingest's chunks, embedded alone: same texts, same embedder settings, in windows of EMBED_WINDOW chunks.

    The windows are at least as large as the ingest's (which are a few seconds of embedding each), so the
    model sorts by length over at least as many texts: a fair floor for the ingest."""
    from pathlib import Path

    from ragnews.index.ingestor import _embed_text, discover
    from ragnews.ingest.chunking import chunk_article
    from ragnews.ingest.loader import load_article

    t0 = time.perf_counter()
    windows: list[list[str]] = [[]]
    n_articles = tokens = 0
    seen: set[str] = set()
    for path, source, skip in discover(args.paths):
        if skip:
            continue
        try:
            article, _ = load_article(Path(path), source)
        except Exception:
            continue
        if article.content_hash in seen:
            continue  # ingest stores one copy of identical files (status "duplicate")
        seen.add(article.content_hash)
        n_articles += 1
        chunks = chunk_article(article)
        tokens += sum(c.tokens for c in chunks)
        windows[-1].extend(_embed_text(article, c) for c in chunks)
        if len(windows[-1]) >= EMBED_WINDOW:
            windows.append([])
    prep = time.perf_counter() - t0
    embedder = _embedder(args.embedder)
    t1 = time.perf_counter()
    for w in windows:
        if w:
            embedder.embed(w)
    embed_s = time.perf_counter() - t1
    model_tokens = None
    if hasattr(embedder, "token_lengths"):
        model_tokens = sum(sum(embedder.token_lengths(w)) for w in windows if w)
    return {"prep_s": prep, "embed_s": embed_s, "articles": n_articles, "chunks": sum(len(w) for w in windows),
            "tokens": tokens, "model_tokens": model_tokens}


def cmd_base(args: argparse.Namespace) -> dict:
    """A growth benchmark's base store: stand-in embedder, no spaCy reading (benchmarks/growth.py)."""
    from .growth import base_child

    return base_child(args.paths, args.db)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.child")
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name in ("ingest", "embed", "base"):
        p = sub.add_parser(name)
        p.add_argument("paths", nargs="+")
        p.add_argument("--db")
        p.add_argument("--embedder", default="minilm", choices=["minilm", "hash"])
    args = parser.parse_args()
    result = {"ingest": cmd_ingest, "embed": cmd_embed, "base": cmd_base}[args.cmd](args)
    result["load1_end"] = os.getloadavg()[0]
    sys.stdout.write("BENCHJSON " + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
