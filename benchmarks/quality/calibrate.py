"""Fit and check the same-fact decision (`ragnews/analysis/corroboration.py`) on labelled sentence pairs.

    python -m benchmarks.quality.calibrate [--labels FILE] [--fit] [--embedder minilm|openai:MODEL]

Pairs come from `benchmarks/dev/support_labels.jsonl`: every two labelled sentences of one cluster from
different articles. A pair states one fact when some labelled fact lists both sentences (one sentence may
be listed for several facts), and different facts otherwise; labels list one sentence per outlet and fact,
so a pair counted as "different" may still share an unlabelled fact, and precision here is a lower bound.

Prints precision and recall of: the cosine alone at several thresholds, and the calibrated decision (vetoes
included), on all pairs and on each half of the clusters (`tune`: even positions in the labels file, `held_out`:
odd, as `benchmarks.quality.support` splits them); then the decision with clauses told alone (`clause_score`) at
several values of CLAUSE, per half: choose on the tune half, report the held-out one. `--fit` searches the weights and threshold on a small grid and prints, for precision floors of
0.8 and 0.9, the best recall and its parameters: what goes into `CALIBRATION` for the embedder in use.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

LABELS = Path(__file__).resolve().parents[1] / "dev" / "support_labels.jsonl"


def pairs(labels: Path) -> tuple[list[tuple[str, str, bool, str]], list[str]]:
    """(sentence a, sentence b, one fact?, corpus) for labelled sentences of one cluster from different articles.
    The corpus is written "as:tune" or "as:held_out" by the cluster's half."""
    facts_of: dict[str, set[str]] = defaultdict(set)
    quotes = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        fact = json.loads(line)
        for s in fact["support"]:
            quotes.append((fact["cluster"], s["article"], s["quote"]))
            facts_of[s["quote"]].add(fact["fact_id"])
    clusters = list(dict.fromkeys(q[0] for q in quotes))
    out = []
    for (ca, aa, ta), (cb, ab, tb) in itertools.combinations(quotes, 2):
        if ca == cb and aa != ab and ta != tb:
            half = ("tune", "held_out")[clusters.index(ca) % 2]
            out.append((ta, tb, bool(facts_of[ta] & facts_of[tb]), f"{ca.split(':')[0]}:{half}"))
    return out, list(dict.fromkeys(q[2] for q in quotes))


def _pr(pred: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    tp = int((pred & truth).sum())
    return tp / max(int(pred.sum()), 1), tp / max(int(truth.sum()), 1)


def main(argv: Sequence[str] | None = None) -> None:
    from ragnews.analysis.corroboration import FactMatch, calibration, clause_score, fact_score, vetoes
    from ragnews.index.embedders import make_embedder
    from ragnews.text.reading import default_reader

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument("--fit", action="store_true")
    args = parser.parse_args(argv)
    rows, texts = pairs(args.labels)
    embedder = make_embedder(args.embedder)
    vectors = dict(zip(texts, embedder.embed(texts)))
    readings = dict(zip(texts, default_reader().read(texts)))
    truth = np.array([r[2] for r in rows])
    cos = np.array([float(vectors[a] @ vectors[b]) for a, b, _, _ in rows])
    vetoed = np.array([vetoes(readings[a], readings[b]) is not None for a, b, _, _ in rows])
    print(f"{len(rows)} pairs, {int(truth.sum())} of one fact ({args.labels.name}, embedder {embedder.name})")
    for t in (0.5, 0.6, 0.7, 0.8):
        p, r = _pr(cos >= t, truth)
        print(f"  cosine >= {t:.2f}: P {p:.3f} R {r:.3f}")
    params = calibration(embedder.name)
    pred = np.array([not v and c >= params.prefilter and fact_score(readings[a], readings[b], c, params) >= params.threshold
                     for (a, b, _, _), c, v in zip(rows, cos, vetoed)])
    p, r = _pr(pred, truth)
    print(f"  calibrated {params}: P {p:.3f} R {r:.3f}")
    for corpus in sorted({row[3] for row in rows}) + ["tune", "held_out"]:
        mask = np.array([row[3] == corpus or row[3].endswith(":" + corpus) for row in rows])
        cp, cr = _pr(pred[mask], truth[mask])
        print(f"    {corpus}: P {cp:.3f} R {cr:.3f} ({int(truth[mask].sum())} pairs of one fact)")
    statements = list(dict.fromkeys(s.text for r in readings.values() for s in r.statements if s.text not in vectors))
    vectors.update(zip(statements, embedder.embed(statements)) if statements else [])
    clause = np.array([clause_score(readings[a], readings[b], lambda x, y: float(vectors[x] @ vectors[y]), params)[0]
                       if not p and not v and c >= params.prefilter else float("-inf")
                       for (a, b, _, _), c, v, p in zip(rows, cos, vetoed, pred)])
    for t in (0.85, 0.9, 0.95, 1.0, 1.05):
        both = pred | (clause >= t)
        line = []
        for half in ("tune", "held_out"):
            mask = np.array([row[3].endswith(":" + half) for row in rows])
            hp, hr = _pr(both[mask], truth[mask])
            line.append(f"{half} P {hp:.3f} R {hr:.3f}")
        print(f"  with clauses at {t:.2f}{' (calibrated)' if abs(t - params.clause) < 1e-9 else ''}: " + "; ".join(line))
    if args.fit:
        _fit(rows, readings, cos, vetoed, truth, FactMatch, fact_score)


def _fit(rows, readings, cos, vetoed, truth, FactMatch, fact_score) -> None:  # type: ignore[no-untyped-def]
    results = []
    for lem, pred_w, qty, fig in itertools.product((0.0, 0.5, 1.0), (0.0, 0.05, 0.1, 0.15), (0.0, 0.1, 0.2), (0.0, 0.2, 0.3)):
        params = FactMatch(lemmas=lem, predicate=pred_w, quantity=qty, figure=fig, threshold=0.0, prefilter=0.0, clause=0.0)
        score = np.array([fact_score(readings[a], readings[b], c, params) for (a, b, _, _), c in zip(rows, cos)])
        for t in np.arange(0.5, 1.5, 0.02):
            p, r = _pr((score >= t) & ~vetoed, truth)
            results.append((p, r, lem, pred_w, qty, fig, round(float(t), 2)))
    for floor in (0.8, 0.9):
        ok = [x for x in results if x[0] >= floor]
        if ok:
            p, r, lem, pred_w, qty, fig, t = max(ok, key=lambda x: x[1])
            print(f"  fit, precision >= {floor}: P {p:.3f} R {r:.3f} with lemmas={lem} predicate={pred_w} quantity={qty} figure={fig} "
                  f"threshold={t}")


if __name__ == "__main__":
    main()
