"""The quality benchmark's own logic: label matching, and an end-to-end run on two labelled clusters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.quality.discrepancies import matches, numbers, run_discrepancies
from tests.conftest import ROOT
from tests.shareddata import needs_data

LABELS = ROOT / "benchmarks" / "dev" / "discrepancy_labels.jsonl"


def test_labels_cover_thirty_clusters_from_three_corpora() -> None:
    rows = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    kinds = {r["cluster"].split(":")[0] for r in rows}
    assert len(rows) >= 30 and {"mn", "as", "bbc"} <= kinds
    assert sum(len(r["discrepancies"]) for r in rows) >= 8


def test_label_matching_compares_figures_by_value() -> None:
    assert numbers("$1.2 trillion") == {1.2e12} and numbers("three children") == {3.0}
    label = {"values": ["$1 trillion", "$1.2 trillion"]}
    assert matches(label, {"claims": [{"value": "roughly $1 trillion"}, {"value": "$1.2 trillion"}]})
    assert not matches(label, {"claims": [{"value": "$1.2 trillion"}, {"value": "$3.5 trillion"}]})
    assert matches({"values": ["early 2023", "earlier this year"]},
                   {"claims": [{"value": "early 2023"}, {"value": "earlier this year"}]})


@needs_data
def test_benchmark_runs_on_labelled_clusters(tmp_path: Path) -> None:
    from benchmarks.quality.build import CachedEmbedder

    result = run_discrepancies(LABELS, tmp_path, CachedEmbedder(tmp_path / "emb.pkl"), limit=2)
    # the harness runs and scores: what the scores are on these clusters is the benchmark's report, not a test's
    assert result["clusters"] == 2 and len(result["details"]) == 2
    assert 0 <= result["true_positives"] <= result["flagged"] and 0 <= result["recalled"] <= result["labelled"]
    assert result["recall"] == (round(result["recalled"] / result["labelled"], 3) if result["labelled"] else 1.0)
    assert result["precision"] == (round(result["true_positives"] / result["flagged"], 3) if result["flagged"] else 1.0)


@needs_data
def test_rouge_on_allsides_splits_the_stories_and_scores_against_the_roundup(tmp_path: Path) -> None:
    from benchmarks.quality.build import CachedEmbedder
    from benchmarks.quality.run_rouge import clusters, run_rouge

    dev, held = [c.cid for c in clusters("as", "dev")], [c.cid for c in clusters("as", "heldout")]
    assert dev and held and not set(dev) & set(held) and len(dev) + len(held) == len(list(clusters("as", "all")))
    pytest.importorskip("rouge_score")  # the bench extra (pip install -e ".[bench]"), not a ragnews dependency
    pytest.importorskip("sumy")
    result = run_rouge("dev", 2, tmp_path, CachedEmbedder(tmp_path / "emb.pkl"), corpus="as")
    assert result["corpus"] == "as" and result["clusters"] == 2
    assert 0 < result["rouge_f"]["ragnews"]["rouge1"] < 1 and set(result["rouge_f"]) == {"ragnews", "lexrank", "lead3"}


@needs_data
def test_neus_clusters_keep_titles_and_take_the_summary_as_reference() -> None:
    from benchmarks.quality.data import neus
    from benchmarks.quality.run_rouge import clusters

    found = list(neus())
    assert len(found) == 307 and all(2 <= len(c.docs) <= 3 and c.reference for c in found)
    first = found[0]
    assert first.docs[0].title == "Senate Democrats say top NRA officials knew about Kremlin ties."
    assert first.reference.startswith("A report released Friday") and "ARTICLE=>" not in first.reference
    assert len(list(clusters("ns", "dev"))) + len(list(clusters("ns", "heldout"))) == 307
