"""Lexical engines side by side: bm25s (rebuilt whole, the old index), and ragnews's index on Tantivy and on SQLite FTS5.

    python -m benchmarks.lexical [--bbc DIR] [--add 100] [--out FILE.json]

All three index the same chunks (every BBC article, cut by ragnews's chunker, with title/byline/outlet as
`lexical.searchable` gives them) in the same tokens (`text.terms.tokenize`), and answer the same questions:
the BBC question sets in `benchmarks/dev/` (set 1 and set 2), each question's gold articles known. Reported
per engine and set: source recall@5 and @10 and MRR of the first gold article (lexical ranking alone, no
dense half), the build time, the time to add `--add` more articles to the built index (bm25s: a rebuild),
the size on disk and the query latency (median and p95 over all questions).

bm25s is measured when it is installed (`pip install -e .[bench]`); ragnews no longer depends on it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from . import corpora

DEV = Path(__file__).resolve().parent / "dev"
SETS = {"set1": "bbc_questions.jsonl", "set2": "bbc_questions_2.jsonl"}
POOL = 40  # chunks asked of the engine per question (what ragnews's hybrid search asks: max(40, 8k))


class Engine(Protocol):
    name: str

    def add(self, docs: Sequence[tuple[str, str, str]]) -> None: ...  # (chunk id, article path, text)

    def search(self, query: str, n: int) -> list[str]: ...


def chunks_of(paths: Sequence[Path], root: Path) -> list[tuple[str, str, str]]:
    from ragnews.index.lexical import searchable
    from ragnews.ingest.chunking import chunk_article
    from ragnews.ingest.loader import load_article

    out = []
    for path in paths:
        rel = str(path.relative_to(root))
        article, _ = load_article(path, rel)
        meta = {"title": article.title, "byline": article.byline, "outlet": article.outlet}
        out += [(f"{rel}#{c.index}", rel, searchable(c.text, meta)) for c in chunk_article(article)]
    return out


class Fts5:
    """ragnews's index with the SQLite FTS5 engine."""

    name = "fts5"

    def __init__(self, folder: Path) -> None:
        from ragnews.index.lexical import LexicalIndex

        self.index = LexicalIndex(folder, "fts5")

    def add(self, docs: Sequence[tuple[str, str, str]]) -> None:
        from ragnews.index.lexical import Article

        by_path: dict[str, list[tuple[str, str]]] = {}
        for cid, path, text in docs:
            by_path.setdefault(path, []).append((cid, text))
        self.index.put([Article(p, "h", c) for p, c in by_path.items()])

    def search(self, query: str, n: int) -> list[str]:
        return [cid for cid, _ in self.index.search(query, n)]


class Bm25s:
    """The index ragnews used before: a bm25s matrix over every chunk, rebuilt after each ingest."""

    name = "bm25s (rebuilt)"

    def __init__(self, folder: Path) -> None:
        self.docs: list[tuple[str, str, str]] = []
        self.retriever: Any = None

    def add(self, docs: Sequence[tuple[str, str, str]]) -> None:
        import bm25s

        from ragnews.text.terms import tokenize

        self.docs += list(docs)
        self.retriever = bm25s.BM25()
        self.retriever.index([tokenize(t) or ["_empty_"] for _, _, t in self.docs], show_progress=False)

    def search(self, query: str, n: int) -> list[str]:
        import numpy as np

        from ragnews.text.terms import tokenize

        tokens = tokenize(query)
        if not tokens:
            return []
        scores = self.retriever.get_scores(tokens)
        top = np.argsort(-scores, kind="stable")[:n]
        return [self.docs[i][0] for i in top if scores[i] > 0]


class Tantivy(Fts5):
    """ragnews's index with the Tantivy engine (its default)."""

    name = "tantivy"

    def __init__(self, folder: Path) -> None:
        from ragnews.index.lexical import LexicalIndex

        self.index = LexicalIndex(folder, "tantivy")


def questions() -> dict[str, list[dict[str, Any]]]:
    return {name: [json.loads(line) for line in (DEV / file).read_text().splitlines() if line.strip()] for name, file in SETS.items()}


def quality(search: Callable[[str, int], list[str]], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Source recall@5/@10 and MRR of the first gold article, over questions that name gold articles."""
    r5 = r10 = rr = 0.0
    latencies = []
    rows = [r for r in rows if r.get("sources")]
    for row in rows:
        t = time.perf_counter()
        ids = search(row["question"], POOL)
        latencies.append(time.perf_counter() - t)
        ranked = list(dict.fromkeys(cid.split("#")[0] for cid in ids))
        gold = set(row["sources"])
        r5 += bool(gold & set(ranked[:5]))
        r10 += bool(gold & set(ranked[:10]))
        rr += next((1 / (i + 1) for i, p in enumerate(ranked) if p in gold), 0.0)
    n = len(rows) or 1
    latencies.sort()
    return {"questions": len(rows), "recall@5": round(r5 / n, 3), "recall@10": round(r10 / n, 3), "mrr": round(rr / n, 3),
            "query_p50_ms": round(1000 * statistics.median(latencies), 2),
            "query_p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 2)}


def _size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def measure(make: Callable[[Path], Engine], docs: list[tuple[str, str, str]], extra: list[tuple[str, str, str]],
            sets: dict[str, list[dict[str, Any]]], work: Path) -> dict[str, Any]:
    folder = work / make.__name__
    engine = make(folder)
    t = time.perf_counter()
    engine.add(docs)
    built = time.perf_counter() - t
    out: dict[str, Any] = {"engine": engine.name, "build_s": round(built, 2)}
    out |= {name: quality(engine.search, rows) for name, rows in sets.items()}
    t = time.perf_counter()
    engine.add(extra)
    out["add_s"] = round(time.perf_counter() - t, 3)
    out["disk_mb"] = round(_size(folder), 1) if folder.exists() else None
    return out


def scaled_latency(docs: list[tuple[str, str, str]], copies: int, sets: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Query latency of ragnews's two engines on `copies` copies of the chunks (what a store that size costs a query).

    The copies share their terms, so the chunks are tokenized once and the engines are handed the terms."""
    from ragnews.index import lexical

    pre = [(cid, path, lexical.terms(text)) for cid, path, text in docs]
    many = [(f"{cid}~{r}", f"{path}~{r}", text) for r in range(copies) for cid, path, text in pre]
    rows = [r for rs in sets.values() for r in rs]
    out = []
    real_terms = lexical.terms
    lexical.terms = lambda text: text  # type: ignore[assignment]  # already terms
    try:
        for make in (Fts5, Tantivy):
            work = Path(tempfile.mkdtemp(prefix="ragnews-lexical-scale-"))
            try:
                engine = make(work)
                t = time.perf_counter()
                for b in range(0, len(many), 20_000):
                    engine.add(many[b : b + 20_000])
                built = time.perf_counter() - t
                q = quality(engine.search, rows)
                out.append({"engine": engine.name, "chunks": len(many), "write_s": round(built, 1),
                            "query_p50_ms": q["query_p50_ms"], "query_p95_ms": q["query_p95_ms"], "disk_mb": round(_size(work), 1)})
            finally:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        lexical.terms = real_terms  # type: ignore[assignment]
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.lexical", description=__doc__.split("\n\n")[0])
    p.add_argument("--bbc", type=Path, default=corpora.DEFAULT_BBC)
    p.add_argument("--add", type=int, default=100, help="articles added to the built index (timed)")
    p.add_argument("--scale", type=int, default=0, help="also time queries on the chunks copied this many times (speed only)")
    p.add_argument("--out", type=Path)
    args = p.parse_args(argv)
    paths = corpora.files(args.bbc)
    sets = questions()
    gold = {s for rows in sets.values() for row in rows for s in row.get("sources", [])}
    extra_paths = [q for q in paths if str(q.relative_to(args.bbc)) not in gold][-args.add :]  # added last, asked of by no question
    held = [q for q in paths if q not in set(extra_paths)]
    t = time.perf_counter()
    docs, extra = chunks_of(held, args.bbc), chunks_of(extra_paths, args.bbc)
    sys.stderr.write(f"{len(docs) + len(extra)} chunks of {len(paths)} articles cut in {time.perf_counter() - t:.1f}s\n")
    engines: list[Callable[[Path], Engine]] = [Fts5]
    for module, engine in (("bm25s", Bm25s), ("tantivy", Tantivy)):
        try:
            __import__(module)
            engines.append(engine)
        except ImportError:
            sys.stderr.write(f"{module} is not installed (`pip install -e .[bench]`): measured without it\n")
    work = Path(tempfile.mkdtemp(prefix="ragnews-lexical-"))
    try:
        results = [measure(make, docs, extra, sets, work) for make in engines]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {"articles": len(paths), "chunks": len(docs) + len(extra), "added": len(extra_paths), "engines": results}
    if args.scale > 1:
        report["scaled"] = scaled_latency(docs, args.scale, sets)
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
