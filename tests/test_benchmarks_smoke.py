"""The benchmark runner works end to end on a tiny corpus (it measures; it never asserts on speed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_runner_smoke(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--corpus", "seeds", "--limit", "3", "--quick",
         "--skip", "brief,cli", "--out", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900,  # a guard against a hang, not a speed test
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(out.read_text())
    assert {"meta", "ingest", "reingest", "inprocess", "help", "targets"} <= set(data)
    assert data["meta"]["load1_start"] >= 0 and data["meta"]["corpus"] == "seeds"
    ing = data["ingest"]
    assert ing["articles"] == 3 and ing["chunks"] > 0
    for key in ("ingest_s", "embed_only_s", "ratio_ingest_over_embed", "peak_rss_mb", "tokens_per_s", "articles_per_s"):
        assert ing[key] > 0, key
    assert data["reingest"]["unchanged"] == 3
    assert data["inprocess"]["search_p50_ms"] > 0 and data["inprocess"]["ask_p50_ms"] > 0
    assert data["help"]["median_s"] > 0
    assert set(data["targets"]) >= {"ingest_vs_embed_ratio", "search_p50_ms", "help_s", "ingest_peak_rss_mb"}
    assert "ragnews benchmarks" in proc.stdout


def test_growth_benchmark_smoke(tmp_path: Path) -> None:
    """`--corpus growth` builds a base store, adds articles with a real ingest and times cold commands (server part skipped)."""
    import pytest

    from benchmarks.corpora import DEFAULT_BBC

    if not DEFAULT_BBC.is_dir():
        pytest.skip(f"the synthetic articles recombine the BBC corpus, not found at {DEFAULT_BBC}")
    out = tmp_path / "growth.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--corpus", "growth", "--sizes", "12", "--added", "3", "--quick",
         "--skip", "help,brief,server", "--workdir", str(tmp_path / "work"), "--out", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    row = json.loads(out.read_text())["store_growth"][0]
    assert row["articles"] == 12 and row["base"]["articles"] == 12 and row["base"]["rc"] == 0
    assert row["ingest"]["counts"]["added"] == 3 and row["ingest"]["end_s"] > 0
    assert all(row["local"][c] > 0 for c in ("search", "ask", "stories")) and "server" not in row
    assert "growth 12+3: ingest end phase" in proc.stdout
