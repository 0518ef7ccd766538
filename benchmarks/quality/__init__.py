"""Briefing quality on real shared news data: ROUGE against human summaries, discrepancy precision/recall.

Run with `python -m benchmarks.quality --help`. Needs the `bench` extra (rouge-score, sumy).
"""
