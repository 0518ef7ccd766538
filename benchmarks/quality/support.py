"""Support labels: do the briefing's key points name the outlets that state each fact? (issue 26, item 5)

    python -m benchmarks.quality.support [--short] [--labels FILE] [--workdir DIR] [--limit N] [--out FILE.json] [-v]

`benchmarks/dev/support_labels.jsonl` lists, for 20 dev clusters, the facts the articles state and, for
each fact, every article that states it with one verbatim sentence (labelled by hand before this scorer
ran). This builds the product's briefing of each cluster the way `benchmarks.quality` does
(`build.briefing_of`; `--full` unless `--short`, so every key point the picker ranks is scored) and compares:

- A key point *matches* a fact when one of its own quotes (the point's sentences, not the other sources
  it adds) and one of the fact's labelled quotes contain each other or share most of their words.
- **Outlets recalled**, per multi-outlet fact: the labelled articles that the best matching key point cites
  (any of its citations), over the labelled articles; a fact no key point matches recalls none. Summed over
  all multi-outlet facts. `over_claimed` counts cited articles the labels do not list for that fact.
- **Single-outlet facts labelled as several**: a key point matching a one-article fact whose label is
  "several sources" or "consensus", unless the same point also matches a multi-outlet fact that two of its
  cited articles state (then the label is earned by that fact).
- The summary carries no support label (each of its sentences cites the articles it was taken from); facts
  it states are counted (`in_summary`), and a second recall takes the best single item of key points and
  summary sentences (`recall_any_item`), so a fact the summary tells with all its outlets is not a miss there.

Clusters are `as:ID` and `mn:ROW` (from `data.by_id`) or `rtqa:QUESTION_ID`: a RealTime QA question's
search results written as one folder of files (title, `Published:` line, text), the folder a user would brief.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.quality import data

LABELS = Path(__file__).resolve().parents[1] / "dev" / "support_labels.jsonl"
RTQA = data.SHARED / "realtimeqa"
OVERLAP = 0.8  # share of the shorter quote's words the longer must hold for two quotes to be one sentence
MIN_WORDS = 4  # a quote shorter than this stands for no sentence (it matches only its equal)
SEVERAL = ("several sources", "consensus")

_WORD = re.compile(r"[a-z0-9%$£€]+")


# -- labels and clusters ----------------------------------------------------------------------


@dataclass
class Fact:
    """One labelled fact: which articles of its cluster state it, each with a sentence."""

    cluster: str
    fact_id: str
    text: str
    quotes: dict[int, list[str]]  # article index -> its labelled sentence(s)
    attributed: dict[int, str | None] = field(default_factory=dict)

    @property
    def articles(self) -> set[int]:
        return set(self.quotes)

    @property
    def multi(self) -> bool:
        return len(self.quotes) > 1


def load_labels(path: Path) -> list[Fact]:
    facts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        quotes: dict[int, list[str]] = {}
        attributed: dict[int, str | None] = {}
        for s in row["support"]:
            quotes.setdefault(int(s["article"]), []).append(s["quote"])
            attributed[int(s["article"])] = s.get("attributed_to")
        facts.append(Fact(row["cluster"], row["fact_id"], row["fact"], quotes, attributed))
    return facts


def cluster_for(cid: str, work: Path) -> data.Cluster | Path:
    """The cluster to brief: a data set cluster, or a RealTime QA question's results as a folder of files."""
    if not cid.startswith("rtqa:"):
        return data.by_id(cid)
    from benchmarks.qa import _article_file

    qid = cid.split(":", 1)[1]
    week = qid.split("_")[0]
    rows = (json.loads(line) for line in (RTQA / f"{week}_gcs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())
    results = next(r for r in rows if r["question_id"] == qid).get("search_result", [])
    folder = work / cid.replace(":", "_")
    folder.mkdir(parents=True, exist_ok=True)
    for i, article in enumerate(results):
        path, body = folder / f"{i:02d}.txt", _article_file(article)
        if not path.exists() or path.read_text(encoding="utf-8") != body:
            path.write_text(body, encoding="utf-8")
    return folder


# -- matching ---------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lowercased words with accents, quote marks and dashes gone, so a copied sentence compares equal."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("’", "'")
    return _WORD.findall(text.replace("'", ""))


def same_sentence(a: str, b: str) -> bool:
    """Does one quote contain the other, or do they share most of their words (a trimmed or re-split sentence)?"""
    wa, wb = words(a), words(b)
    if min(len(wa), len(wb)) < MIN_WORDS:
        return bool(wa) and wa == wb
    ja, jb = " " + " ".join(wa) + " ", " " + " ".join(wb) + " "
    if ja in jb or jb in ja:
        return True
    sa, sb = set(wa), set(wb)
    return len(sa & sb) / min(len(sa), len(sb)) >= OVERLAP


@dataclass
class Point:
    """What the scorer reads of a key point (or a summary sentence): its quotes and the articles it cites."""

    text: str
    own_quotes: list[str]
    cited: list[tuple[int, str]]  # (article index, quote) for every citation
    support: str | None  # None for a summary sentence (it carries no label)
    rank: int

    @property
    def articles(self) -> set[int]:
        return {a for a, _ in self.cited}


def matches(point: Point, fact: Fact) -> bool:
    return any(same_sentence(q, lab) for q in point.own_quotes for labs in fact.quotes.values() for lab in labs)


def article_index(path: str) -> int:
    """Cluster files are named by the article's position (00.txt, 01.txt, …)."""
    return int(Path(path).stem)


def points_of(briefing: Any) -> tuple[list[Point], list[Point]]:
    """The briefing's key points and summary sentences as Points."""
    by_n = {c.n: c for c in briefing.citations}

    def cited(ns: Iterable[int]) -> list[tuple[int, str]]:
        return [(article_index(by_n[n].path), by_n[n].quote) for n in ns if n in by_n]

    keys = [Point(k.text, [q for _, q in cited(k.citations[: k.own])], cited(k.citations), k.support, r)
            for r, k in enumerate(briefing.key_points)]
    summary = [Point(t, [q for _, q in cited(ns)], cited(ns), None, r) for r, (t, ns) in enumerate(briefing.summary)]
    return keys, summary


# -- scoring ----------------------------------------------------------------------------------


def score_cluster(facts: Sequence[Fact], keys: Sequence[Point], summary: Sequence[Point]) -> dict[str, Any]:
    """Outlets recalled on the multi-outlet facts, and single-outlet facts labelled as several."""
    multi = [f for f in facts if f.multi]
    single = [f for f in facts if not f.multi]
    out: dict[str, Any] = {"multi_facts": len(multi), "single_facts": len(single), "outlets_labelled": 0,
                           "outlets_recalled": 0, "recalled_any_item": 0, "over_claimed": 0, "shown": 0,
                           "in_summary": 0, "single_shown": 0, "single_as_several": 0, "facts": []}
    for f in multi:
        best = _best([p for p in keys if matches(p, f)], f)
        told = [p for p in summary if matches(p, f)]
        anywhere = _best([*([best] if best else []), *told], f)
        recalled = best.articles & f.articles if best else set()
        out["outlets_labelled"] += len(f.articles)
        out["outlets_recalled"] += len(recalled)
        out["recalled_any_item"] += len(anywhere.articles & f.articles) if anywhere else 0
        out["over_claimed"] += len(best.articles - f.articles) if best else 0
        out["shown"] += bool(best)
        out["in_summary"] += bool(told)
        out["facts"].append({"fact": f.fact_id, "text": f.text, "labelled": sorted(f.articles), "recalled": sorted(recalled),
                             "point": best.text if best else None, "support": best.support if best else None,
                             "rank": best.rank if best else None, "points_matching": sum(matches(p, f) for p in keys),
                             "summary_sentences_matching": len(told),
                             "recalled_any_item": sorted(anywhere.articles & f.articles) if anywhere else [],
                             "best_item": anywhere.text if anywhere else None})
    for f in single:
        hits = [p for p in keys if matches(p, f)]
        wrong = [p for p in hits if p.support in SEVERAL and not _earned(p, multi)]
        out["single_shown"] += bool(hits)
        out["single_as_several"] += bool(wrong)
        out["facts"].append({"fact": f.fact_id, "text": f.text, "labelled": sorted(f.articles), "shown": bool(hits),
                             "as_several": [{"point": p.text, "support": p.support, "cites": sorted(p.articles)} for p in wrong]})
    return out


def _best(points: Sequence[Point], fact: Fact) -> Point | None:
    """Of the items stating a fact, the one citing most of its outlets (the first such)."""
    return max(points, key=lambda p: (len(p.articles & fact.articles), -p.rank), default=None)


def _earned(point: Point, multi: Sequence[Fact]) -> bool:
    """A "several sources" label is right when the point also states a multi-outlet fact two of its outlets state."""
    return any(matches(point, f) and len(point.articles & f.articles) >= 2 for f in multi)


TOTALS = ("multi_facts", "single_facts", "outlets_labelled", "outlets_recalled", "recalled_any_item", "over_claimed",
          "shown", "in_summary", "single_shown", "single_as_several")


def run_support(labels_file: Path, work: Path, embedder: Any, verbose: bool = False, limit: int = 0,
                full: bool = True) -> dict[str, Any]:
    from benchmarks.quality.build import briefing_of

    facts = load_labels(labels_file)
    clusters = list(dict.fromkeys(f.cluster for f in facts))[: limit or None]
    rows: list[dict[str, Any]] = []
    for cid in clusters:
        started = time.perf_counter()
        b, _ = briefing_of(cluster_for(cid, work / "files"), work / "files", embedder, full=full)
        keys, summary = points_of(b)
        row: dict[str, Any] = {"cluster": cid, "key_points": len(keys)} | score_cluster([f for f in facts if f.cluster == cid], keys, summary)
        row["seconds"] = round(time.perf_counter() - started, 1)
        rows.append(row)
        embedder.save()
        if verbose:
            print(_line(row), flush=True)
    total = {k: sum(r[k] for r in rows) for k in TOTALS}
    return {"clusters": len(rows), "briefing": "full" if full else "short", **total,
            "recall": _rate(total["outlets_recalled"], total["outlets_labelled"]),
            "recall_any_item": _rate(total["recalled_any_item"], total["outlets_labelled"]),
            "by_corpus": _by_corpus(rows), "by_half": _by_half(rows, clusters), "details": rows}


def _by_half(rows: Sequence[dict[str, Any]], clusters: Sequence[str]) -> dict[str, Any]:
    """The clusters split in two by their position in the labels file: `tune` (even positions) is the half a change
    may be tuned on, `held_out` (odd) the half it is judged on, so a gain that only fits the tuned half shows."""
    out: dict[str, Any] = {}
    for half, parity in (("tune", 0), ("held_out", 1)):
        mine = [r for r in rows if clusters.index(r["cluster"]) % 2 == parity]
        k = {key: sum(r[key] for r in mine) for key in ("outlets_labelled", "outlets_recalled", "recalled_any_item",
                                                          "over_claimed", "single_as_several")}
        out[half] = {"clusters": len(mine), **k, "recall": _rate(k["outlets_recalled"], k["outlets_labelled"]),
                     "recall_any_item": _rate(k["recalled_any_item"], k["outlets_labelled"])}
    return out


def _by_corpus(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for r in rows:
        k = out.setdefault(r["cluster"].split(":")[0], {"clusters": 0, "outlets_labelled": 0, "outlets_recalled": 0,
                                                         "single_facts": 0, "single_as_several": 0})
        k["clusters"] += 1
        for key in ("outlets_labelled", "outlets_recalled", "single_facts", "single_as_several"):
            k[key] += r[key]
    for k in out.values():
        k["recall"] = _rate(k["outlets_recalled"], k["outlets_labelled"])
    return out


def _rate(n: int, total: int) -> float | None:
    return round(n / total, 3) if total else None


HEADER = f"{'cluster':<18} {'KPs':>3} {'multi':>5} {'shown':>5} {'outlets':>9} {'best':>5} {'over':>4} {'single':>6} {'as several':>10}"


def _line(r: dict[str, Any]) -> str:
    return (f"{r['cluster']:<18} {r['key_points']:>3} {r['multi_facts']:>5} {r['shown']:>5} "
            f"{r['outlets_recalled']:>4}/{r['outlets_labelled']:<4} {r['recalled_any_item']:>5} {r['over_claimed']:>4} "
            f"{r['single_facts']:>6} {r['single_as_several']:>10}")


def table(result: dict[str, Any]) -> str:
    lines = [HEADER] + [_line(r) for r in result["details"]]
    total = {"cluster": "total", "key_points": sum(r["key_points"] for r in result["details"])} | {k: result[k] for k in TOTALS}
    lines.append(_line(total))
    lines.append(f"outlets recalled {result['recall']} (best item of key points and summary {result['recall_any_item']}); "
                 f"single-outlet facts labelled as several: {result['single_as_several']} of {result['single_facts']} "
                 f"({result['single_shown']} shown)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.quality.support", description=__doc__.split("\n\n")[0])
    p.add_argument("--labels", default=str(LABELS))
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "ragnews-support"))
    p.add_argument("--limit", type=int, default=0, help="score only the first N clusters")
    p.add_argument("--out", help="write the numbers and per-fact details as JSON")
    p.add_argument("--short", action="store_true", help="score the default (short) briefing instead of --full")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args(argv)
    from benchmarks.quality.build import CachedEmbedder

    work = Path(args.workdir)
    from benchmarks.home import own_home

    own_home(work)  # a readings cache of this work dir's own, not the machine's shared one
    embedder = CachedEmbedder(work / "embeddings.pkl")
    started = time.perf_counter()
    result = run_support(Path(args.labels), work, embedder, args.verbose, args.limit, full=not args.short)
    embedder.save()
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(table(result))
    print(json.dumps({k: v for k, v in result.items() if k != "details"}, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
