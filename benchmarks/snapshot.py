"""A reviewed regression snapshot of what briefings say on real dev clusters, and the command that shows its diff.

    python -m benchmarks.snapshot            # rebuild and diff against benchmarks/snapshots/briefings.json (exit 1 if changed)
    python -m benchmarks.snapshot --update   # rebuild and write it (review `git diff` before committing)
    python -m benchmarks.snapshot --only mn:78,as:6028

Unit tests state behaviour on small constructed sentences; what the reading makes of real clusters (who
said what, the support of each key point, the differences, the timeline) lives here instead, so a change
that moves it shows as a diff to read rather than as a failing literal that freezes the tuning. Each
cluster's full briefing (`benchmarks.quality.build.briefing_of`, extractive, MiniLM) is cut to the lines a
reviewer reads: summary sentences, key points with their support label and source count, differences,
timeline entries and statements (speaker, role, own words or reported, the first words).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "briefings.json"
# Dev clusters whose outputs earlier rounds pinned in unit tests (quotes, support, differences, dates), and the seeds.
CLUSTERS = ["seeds", "as:5794", "as:5857", "as:5936", "as:6012", "as:6028", "as:5772", "as:5832", "mn:17", "mn:50",
            "mn:68", "mn:76", "mn:78", "mn:144", "mn:153", "mn:156", "mn:204", "mn:209", "mn:249", "ns:300", "bbc:tech:40",
            # issue 26, round 2: the clusters of the pinned tests in tests/analysis/test_real_clusters.py and
            # tests/brief/test_real_briefings.py (see benchmarks/README.md, "pinned real-cluster tests ... round 2")
            "as:5816", "as:5983", "as:6093", "as:5846", "as:5654", "as:5922", "as:5742", "as:5856", "as:5659", "as:5952",
            "as:5733", "as:5841", "as:6050", "as:5900", "as:5629", "as:5657", "mn:184", "mn:187", "mn:234", "mn:146",
            "mn:182", "mn:88", "mn:241", "mn:248", "mn:16", "mn:90", "mn:36", "mn:10", "mn:30", "ns:170", "ns:60",
            "ns:210", "ns:10", "bbc:business:0", "bbc:sport:0", "bbc:business:100",
            # search results of RealTime QA questions as a user saves them, and NeuS test rows (ids: `cluster_of`)
            "rtqa:20231117:20231117_7:0,1,2,3", "rtqa:20231124:20231124_9:0,1,2", "rtqa:20231110:20231110_4:0,2,4,7",
            "nstest:110", "nstest:230"]
# (a cluster of the held-out week 20231201 stood here: a snapshot diff is read by whoever tunes, so it showed held-out
# briefings to the helpers of round 8; removed with its entry)
WORDS = 14  # words of each sentence kept: enough to recognise it in a diff


def _cut(text: str) -> str:
    words = text.split()
    return " ".join(words[:WORDS]) + (" …" if len(words) > WORDS else "")


def digest(briefing: dict[str, Any]) -> dict[str, list[str]]:
    """The reviewer's lines of one briefing's JSON."""
    return {
        "summary": [_cut(s["text"]) for s in briefing["summary"]],
        "key_points": [f"[{k['support']}, {len(k['sources'])}] {_cut(k['text'])}" for k in briefing["key_points"]],
        "differences": [f"{d.get('subject')}: " + " | ".join(f"{c.get('value')} ({len(c.get('sources', []))})" for c in d.get("claims", []))
                        for d in briefing["discrepancies"]],
        "timeline": [f"{e.get('date') or '?'} {e.get('precision', '')}{' expected' if e.get('expected') else ''}: {_cut(e.get('event', ''))}"
                     for e in briefing["timeline"]],
        "quotes": [f"{q['speaker']}{' (' + q['role'] + ')' if q.get('role') else ''}{'' if q.get('direct', True) else ' [reported]'}: "
                   f"{_cut(q['text'])}" for q in briefing["quotes"]],
    }


def cluster_of(cid: str) -> Any:
    """The cluster (or folder) a snapshot id names: "seeds", the ids of `benchmarks.quality.data.by_id`,
    "rtqa:WEEK:QUESTION:PICKS[:dated]" (those search results of a RealTime QA question, with their publication
    dates as a header when "dated") or "nstest:ROW" (a row of the NeuS test split, headlines ending with a stop)."""
    from benchmarks.quality.data import NEUS, SHARED, Cluster, Doc, by_id

    if cid == "seeds":
        return Path(__file__).resolve().parents[1] / "seeds"
    kind, _, rest = cid.partition(":")
    if kind == "rtqa":
        week, qid, picks, *dated = rest.split(":")
        lines = (SHARED / "realtimeqa" / f"{week}_gcs.jsonl").read_text(encoding="utf-8").splitlines()
        results = next(r for r in map(json.loads, lines) if r["question_id"] == qid)["search_result"]
        return Cluster(cid, [Doc(results[i]["title"], results[i]["text"],
                                 published=(results[i].get("publish_date") or None) if dated else None)
                             for i in map(int, picks.split(","))])
    if kind == "nstest":
        line = (NEUS / "test.source").read_text(encoding="utf-8").splitlines()[int(rest)]
        parts = [part.split("TITLE=>", 1)[1].split("ARTICLE=>", 1) for part in line.split("[SEP]")]
        return Cluster(cid, [Doc(title.strip(), body.strip()) for title, body in parts])
    return by_id(cid)


def build(clusters: list[str], workdir: Path) -> dict[str, dict[str, list[str]]]:
    from benchmarks.quality.build import CachedEmbedder, briefing_of

    embedder = CachedEmbedder(workdir / "embeddings.npz")
    out = {}
    for cid in clusters:
        briefing, _ = briefing_of(cluster_of(cid), workdir / cid.replace(":", "_").replace(",", "-"), embedder, full=True)
        out[cid] = digest(briefing.to_json())
    embedder.save()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--update", action="store_true", help="write the snapshot instead of diffing against it")
    parser.add_argument("--only", help="comma-separated cluster ids (default: all of CLUSTERS)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ragnews-snapshot")
    args = parser.parse_args(argv)
    clusters = args.only.split(",") if args.only else CLUSTERS
    args.workdir.mkdir(parents=True, exist_ok=True)
    from benchmarks.home import own_home

    own_home(args.workdir)  # a readings cache of this work dir's own, not the machine's shared one
    new = build(clusters, args.workdir)
    old = json.loads(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.exists() else {}
    if args.update:
        merged = {**old, **new} if args.only else new
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(merged, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {SNAPSHOT} ({len(merged)} clusters): review it with git diff")
        return 0
    changed = 0
    for cid in clusters:
        a = json.dumps(old.get(cid, {}), indent=1, ensure_ascii=False).splitlines()
        b = json.dumps(new[cid], indent=1, ensure_ascii=False).splitlines()
        diff = list(difflib.unified_diff(a, b, f"snapshot/{cid}", f"now/{cid}", lineterm="", n=1))
        if diff:
            changed += 1
            print("\n".join(diff))
    print(f"{changed} of {len(clusters)} clusters changed" if changed else f"no change in {len(clusters)} clusters")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
