"""Discrepancy precision and recall against hand-written labels (benchmarks/dev/discrepancy_labels.jsonl).

A flagged discrepancy is one the briefing shows under "Where sources differ". It is a true
positive when it matches a labelled difference: the label's two values are both among its
claims, in different claims (figures compared by value, so "$1 trillion" matches "roughly $1
trillion"; dates and other words by text). A label is recalled when some flagged discrepancy
matches it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from benchmarks.quality import data
from benchmarks.quality.build import CachedEmbedder, briefing_of

_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "t": 1e12, "m": 1e6, "bn": 1e9}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)\s*(thousand|million|billion|trillion|bn|t|m)?\b", re.I)


def numbers(text: str) -> set[float]:
    """Every figure written in `text`, scaled ("$1.2 trillion" -> 1.2e12)."""
    out = set()
    for m in _NUM.finditer(text):
        raw = m.group(1).lower()
        value = float(_WORDS[raw]) if raw in _WORDS else float(raw.replace(",", ""))
        out.add(value * _SCALE.get((m.group(2) or "").lower(), 1.0))
    return out


def _holds(label_value: str, claim_value: str) -> bool:
    want = numbers(label_value)
    if want:
        return bool(want & numbers(claim_value))
    return label_value.lower() in claim_value.lower()


def matches(label: dict[str, Any], disc: dict[str, Any]) -> bool:
    a, b = label["values"]
    claims = [c["value"] for c in disc["claims"]]
    return any(_holds(a, x) and _holds(b, y) and i != j for i, x in enumerate(claims) for j, y in enumerate(claims))


def cluster_for(cid: str, work: Path) -> data.Cluster | Path:
    if cid == "seeds":
        return Path(__file__).resolve().parents[2] / "seeds"
    return data.by_id(cid)


def run_discrepancies(labels_file: Path, work: Path, embedder: CachedEmbedder, verbose: bool = False,
                      limit: int = 0) -> dict[str, Any]:
    labels = [json.loads(line) for line in labels_file.read_text().splitlines() if line.strip()]
    if limit:
        labels = labels[:limit]
    tp = flagged = recalled = wanted = 0
    details = []
    by_kind: dict[str, list[int]] = {}
    for row in labels:
        b, _ = briefing_of(cluster_for(row["cluster"], work), work / "files", embedder)
        shown = [d for d in b.discrepancies if not d.get("compatible")]
        hits = [d for d in shown if any(matches(lab, d) for lab in row["discrepancies"])]
        found = [lab for lab in row["discrepancies"] if any(matches(lab, d) for d in shown)]
        tp, flagged = tp + len(hits), flagged + len(shown)
        recalled, wanted = recalled + len(found), wanted + len(row["discrepancies"])
        kind = row["cluster"].split(":")[0]
        k = by_kind.setdefault(kind, [0, 0, 0, 0])
        k[0], k[1], k[2], k[3] = k[0] + len(hits), k[1] + len(shown), k[2] + len(found), k[3] + len(row["discrepancies"])
        false = [_show(d) for d in shown if d not in hits]
        missed = [lab["values"] for lab in row["discrepancies"] if lab not in found]
        details.append({"cluster": row["cluster"], "true": [_show(d) for d in hits], "false": false, "missed": missed})
        if verbose and (false or missed):
            print(row["cluster"], "FALSE:", false, "MISSED:", missed, flush=True)
    return {"clusters": len(labels), "flagged": flagged, "true_positives": tp, "labelled": wanted, "recalled": recalled,
            "precision": round(tp / flagged, 3) if flagged else 1.0, "recall": round(recalled / wanted, 3) if wanted else 1.0,
            "by_corpus": {k: {"precision": round(v[0] / v[1], 3) if v[1] else 1.0, "recall": round(v[2] / v[3], 3) if v[3] else 1.0,
                              "flagged": v[1], "labelled": v[3]} for k, v in by_kind.items()},
            "details": details}


def _show(d: dict[str, Any]) -> str:
    return f"{d['subject']}: " + " vs ".join(c["value"] for c in d["claims"])
