"""The scaling curve of a synthetic growth run as one PNG (matplotlib, from the `bench` extra)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def plot_growth(results: dict[str, Any], path: Path) -> Path | None:
    """Four panels against the number of articles: ingest throughput, search latency (in process and
    cold CLI), ask p50, and memory / BM25 index size. Returns the path, or None without matplotlib."""
    growth = results.get("growth") or []
    if not growth:
        return None
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        sys.stderr.write("benchmark: no matplotlib, so no plot (pip install -e '.[bench]')\n")
        return None
    n = [g["articles"] for g in growth]

    def col(key: str, sub: str | None = None) -> list[float]:
        return [float((g.get(sub) or {}).get(key) or "nan") if sub else float(g.get(key) or "nan") for g in growth]

    fig, ax = plt.subplots(2, 2, figsize=(11, 8))
    meta = results.get("meta", {})
    fig.suptitle(f"ragnews scaling ({growth[0].get('embedder')} ingest embedder; load {meta.get('load1_start')}→{meta.get('load1_end')}, "
                 f"{meta.get('cpus')} cpus)")
    a = ax[0][0]
    a.plot(n, col("articles_per_s"), "o-", label="ingest articles/s")
    a.set_title("ingest throughput")
    a.set_ylabel("articles / s")
    a = ax[0][1]
    a.plot(n, col("search_p50_ms"), "o-", label="search p50 (in process)")
    a.plot(n, col("search_p95_ms"), "o--", label="search p95 (in process)")
    a.plot(n, [1000 * v for v in col("median_s", "search_cli")], "s-", label="`ragnews search` cold")
    a.set_title("search latency")
    a.set_ylabel("ms")
    a = ax[1][0]
    a.plot(n, col("ask_p50_ms"), "o-", label="ask p50 (extractive, in process)")
    a.plot(n, col("bm25_load_ms"), "^-", label="BM25 index load")
    a.set_title("ask and BM25 load")
    a.set_ylabel("ms")
    a = ax[1][1]
    a.plot(n, col("peak_rss_mb"), "o-", label="ingest peak RSS")
    a.plot(n, col("peak_rss_mb", "search_cli"), "s-", label="`ragnews search` peak RSS")
    a.plot(n, col("bm25_mb"), "^-", label="BM25 index on disk")
    a.set_title("memory and index size")
    a.set_ylabel("MB")
    for a in ax.flat:
        a.set_xscale("log")
        a.set_xlabel("articles")
        a.grid(True, alpha=0.3)
        a.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    sys.stderr.write(f"benchmark: scaling curve written to {path}\n")
    return path
