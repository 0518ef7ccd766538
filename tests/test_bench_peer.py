"""The LlamaIndex peer benchmark (benchmarks/peer.py): its summary and table always; an end-to-end run on 2 BBC
files only where LlamaIndex is installed (the `bench` extra, which CI does not install)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import corpora
from benchmarks.peer import summarize, table

ROOT = Path(__file__).resolve().parent.parent


def _run(ingest_s: float, embed_s: float, cpu: float, rss: float) -> tuple[dict, dict]:
    common = {"wall_s": 1.0, "rc": 0, "user_s": cpu, "sys_s": 0.5, "chunks": 12}
    return {**common, "ingest_s": ingest_s, "maxrss_mb": rss}, {**common, "embed_s": embed_s, "maxrss_mb": rss / 2}


def test_summary_takes_medians_and_ratios_of_medians() -> None:
    pairs = [_run(3.0, 2.0, 4.0, 500), _run(5.0, 2.5, 6.0, 700), _run(4.0, 3.0, 5.0, 600)]
    row = summarize("x", [i for i, _ in pairs], [e for _, e in pairs])
    assert row["ingest_s"] == 4.0 and row["embed_only_s"] == 2.5
    assert row["ratio_ingest_over_embed"] == pytest.approx(1.6)
    assert row["ratio_per_pair"] == pytest.approx([1.5, 2.0, 4 / 3])
    assert row["ingest_cpu_s"] == 5.5 and row["ingest_peak_rss_mb"] == 700 and row["failed_runs"] == 0
    text = table([row, summarize("empty", [{"wall_s": 1, "rc": 1, "maxrss_mb": 1}], [])])
    assert "| x | 12 | 4.0 | 2.5 | **1.60** |" in text and "| empty |" in text and "–" in text


@pytest.mark.skipif(importlib.util.find_spec("llama_index") is None, reason="LlamaIndex not installed (pip install -e '.[bench]')")
@pytest.mark.skipif(not corpora.DEFAULT_BBC.is_dir(), reason="no BBC corpus beside the repo")
def test_peer_end_to_end_on_two_files(tmp_path: Path) -> None:
    out = tmp_path / "peer.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "benchmarks.peer", "--files", "2", "--out", str(out)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {r["system"]: r for r in json.loads(out.read_text())["rows"]}
    assert rows["ragnews"]["chunks"] > 0 and rows["ragnews"]["embed_only_chunks"] == rows["ragnews"]["chunks"]
    li = rows["LlamaIndex"]
    assert li["documents"] == 2 and li["chunks"] == li["embed_only_chunks"] > 0  # (d) embeds exactly (c)'s nodes
    assert li["embed_batch_size"] == 10 and li["splitter"]["chunk_size"] == 1024
    assert "| LlamaIndex |" in proc.stdout
