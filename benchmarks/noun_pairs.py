"""Does MiniLM tell a noun said in other words from a different thing? (issue 27, round 9)

    python -m benchmarks.noun_pairs

A labelled list of noun pairs written for this measurement (no question text of any set), each in one news-like
frame sentence where both nouns fit. SAME: the two nouns name one thing there ("head office"/"headquarters");
OTHER: a different thing of the same field ("factory"/"warehouse"). Four ways of comparing them, each reported with
the area under the ROC curve (the chance a SAME pair scores above an OTHER pair) and the best single threshold's
accuracy:

- word: the two nouns alone;
- phrase: the noun phrase as the frame writes it ("its head office");
- sentence: the whole frame sentence with each noun;
- delta: the sentence with the noun less the sentence with the noun left out ("…its ___ to Leeds"), compared;
- mean: word and delta averaged.
"""

from __future__ import annotations

import itertools

import numpy as np

from ragnews.index.embedders import Embedder

# (frame with {} for the noun, noun a, noun b, same thing?)
PAIRS: list[tuple[str, str, str, bool]] = [
    ("Acme will move its {} to Leeds next year.", "head office", "headquarters", True),
    ("The online college signed up 5,000 {} in its first year.", "learners", "students", True),
    ("The final was watched by nine million {}.", "viewers", "people", True),
    ("The singer announced her {} to the stage after ten years.", "comeback", "return", True),
    ("Union members voted for a {} on 23 March.", "walkout", "strike", True),
    ("The bank will cut 300 {} next year.", "staff", "employees", True),
    ("The bank will cut 300 {} next year.", "jobs", "posts", True),
    ("The firm recalled 10,000 {} over a brake fault.", "cars", "vehicles", True),
    ("The hospital hired 40 {} last month.", "physicians", "doctors", True),
    ("{} voted against the bill on Tuesday.", "Lawmakers", "Legislators", True),
    ("The village school teaches 400 {}.", "pupils", "children", True),
    ("The {} reported a profit of £5m.", "firm", "company", True),
    ("The {} resigned on Monday after the scandal.", "chief executive", "boss", True),
    ("The bank's {} rose 20% last year.", "profits", "earnings", True),
    ("The club was given a £10,000 {} for the crowd trouble.", "fine", "penalty", True),
    ("He faces a long {} if convicted.", "jail sentence", "prison term", True),
    ("The sprinter received a two-year {} for doping.", "ban", "suspension", True),
    ("Acme is building a 5,500-mile {} across the desert.", "conduit", "pipeline", True),
    ("Flood water forced 200 {} from their homes.", "residents", "locals", True),
    ("Acme will move its {} to Leeds next year.", "factory", "warehouse", False),
    ("Acme will move its {} to Leeds next year.", "head office", "factory", False),
    ("The online college signed up 5,000 {} in its first year.", "students", "teachers", False),
    ("The online college worked with 20 {} in its first year.", "universities", "students", False),
    ("The final was watched by nine million {}.", "viewers", "advertisers", False),
    ("Union members voted for a {} on 23 March.", "strike", "protest march", False),
    ("The bank will cut 300 {} next year.", "jobs", "branches", False),
    ("The firm recalled 10,000 {} over a brake fault.", "cars", "trucks", False),
    ("The hospital hired 40 {} last month.", "doctors", "nurses", False),
    ("{} voted against the bill on Tuesday.", "MPs", "Peers", False),
    ("The village school teaches 400 {}.", "pupils", "parents", False),
    ("The {} reported a profit of £5m.", "company", "charity", False),
    ("The {} resigned on Monday after the scandal.", "chief executive", "chairman", False),
    ("The bank's {} rose 20% last year.", "profits", "sales", False),
    ("The club was given a £10,000 {} for the crowd trouble.", "fine", "warning", False),
    ("He faces a long {} if convicted.", "prison term", "fine", False),
    ("The sprinter received a two-year {} for doping.", "ban", "contract", False),
    ("Acme is building a 5,500-mile {} across the desert.", "pipeline", "railway", False),
    ("Flood water forced 200 {} from their homes.", "residents", "tourists", False),
    ("The country's {} fell 5% in March.", "imports", "exports", False),
    ("The country's {} fell 5% in March.", "imports", "purchases from abroad", True),
]


def _phrase(frame: str, noun: str) -> str:
    """The noun with the frame's words right before it (a determiner, possessive or number): "its head office"."""
    before = frame.split("{}")[0].split()[-2:]
    return " ".join([*before, noun]).strip()


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def scores(embedder: Embedder) -> dict[str, list[float]]:
    texts = []
    for frame, a, b, _ in PAIRS:
        texts += [a, b, _phrase(frame, a), _phrase(frame, b), frame.format(a), frame.format(b), frame.format("").replace("  ", " ")]
    vecs = dict(zip(texts, embedder.embed(texts)))
    out: dict[str, list[float]] = {"word": [], "phrase": [], "sentence": [], "delta": []}
    for frame, a, b, _ in PAIRS:
        blank = vecs[frame.format("").replace("  ", " ")]
        out["word"].append(_cos(vecs[a], vecs[b]))
        out["phrase"].append(_cos(vecs[_phrase(frame, a)], vecs[_phrase(frame, b)]))
        out["sentence"].append(_cos(vecs[frame.format(a)], vecs[frame.format(b)]))
        out["delta"].append(_cos(vecs[frame.format(a)] - blank, vecs[frame.format(b)] - blank))
        out["mean"] = [(w + d) / 2 for w, d in zip(out["word"], out["delta"])]  # word and delta averaged
    return out


def auc(values: list[float], labels: list[bool]) -> float:
    same = [v for v, y in zip(values, labels) if y]
    other = [v for v, y in zip(values, labels) if not y]
    wins = sum(1.0 if s > o else 0.5 if s == o else 0.0 for s, o in itertools.product(same, other))
    return wins / (len(same) * len(other))


def best_threshold(values: list[float], labels: list[bool]) -> tuple[float, float]:
    """(threshold, accuracy) of the cut that best separates SAME (>= threshold) from OTHER."""
    best = (0.0, 0.0)
    for t in sorted(set(values)):
        acc = sum((v >= t) == y for v, y in zip(values, labels)) / len(values)
        best = max(best, (acc, t))
    return best[1], best[0]


def recall_without_false(values: list[float], labels: list[bool]) -> tuple[float, float]:
    """(threshold, share of SAME pairs kept) for the lowest cut that lets no OTHER pair through."""
    top = max(v for v, y in zip(values, labels) if not y)
    same = [v for v, y in zip(values, labels) if y]
    return top, sum(v > top for v in same) / len(same)


def main() -> None:
    from ragnews.index.embedders import make_embedder

    labels = [p[3] for p in PAIRS]
    got = scores(make_embedder("minilm"))
    print(f"{len(PAIRS)} pairs: {sum(labels)} same, {len(labels) - sum(labels)} other")
    for name, values in got.items():
        t, acc = best_threshold(values, labels)
        top, kept = recall_without_false(values, labels)
        print(f"{name:9s} AUC {auc(values, labels):.3f}  best threshold {t:.3f} accuracy {acc:.3f}  "
              f"above every OTHER pair (> {top:.3f}): {kept:.0%} of SAME")
    for (_frame, a, b, y), w, d in zip(PAIRS, got["word"], got["delta"]):
        print(f"  {'SAME ' if y else 'other'} {a:>16s} / {b:<22s} word {w:.3f} delta {d:.3f}")


if __name__ == "__main__":
    main()
