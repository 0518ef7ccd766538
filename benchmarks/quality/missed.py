"""Each labelled difference the briefing misses, with what the reading made of both sides and which step stopped it.

`python -m benchmarks.quality.missed [--workdir DIR] [CLUSTER ...]`: for every label of
`benchmarks/dev/discrepancy_labels.jsonl` (or of the clusters named) that "Where sources differ" does not show,
each figure the reading found for either value — the outlet's sentence, value and interval, unit, counted noun,
events, actor, period, places, its clause (subject, predicate, object) and the sentence's dates — and, for each
pair of outlets, the steps of `figures.same_slot` and `clash` in order (counted nouns' cosine, one measure, same
events, clauses' cosine, same slot, clash, the articles told as one story). What stopped a label is what to read
before changing a rule.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from benchmarks.quality.build import CachedEmbedder, articles_of, briefing_of
from benchmarks.quality.discrepancies import cluster_for, matches, numbers
from ragnews.analysis import figures as F
from ragnews.analysis.run import SAME_STORY, _read_story
from ragnews.analysis.textsim import article_relatedness
from ragnews.text import dates as D
from ragnews.text.reading import default_reader

LABELS = Path(__file__).resolve().parents[1] / "dev" / "discrepancy_labels.jsonl"


def _figure_lines(f: F.Figure, story: object) -> list[str]:
    read = story.read.get(f.ref)  # type: ignore[attr-defined]
    clause = F._clause_of(read, f.start) if read is not None else None
    out = [f"--- {Path(f.source).name}: {f.ref.text}",
           f"    value={f.value!r} [{f.low:g}, {f.high:g}] unit={f.unit} counted={f.counted} events={sorted(f.events)} "
           f"actor={sorted(f.actor)} period={f.period} places={sorted(f.places)} part={f.part} speaker={f.speaker}"]
    if clause is not None:
        out.append(f"    clause: subject={clause.subject!r} predicate={clause.predicate} object={clause.object!r}")
    if read is not None:
        out.append(f"    dates: {[m.text for m in D.read_mentions(read)]}")
    return out


def explain(cid: str, label: dict, work: Path, embedder: CachedEmbedder) -> list[str]:
    """The lines that show why one label is missed."""
    story = _read_story(articles_of(cluster_for(cid, work), work / "files"), default_reader())
    texts = {a.source: [r.text for r in a.sentences if r not in story.skip] for a in story.articles}
    related = article_relatedness(texts, embedder.embed)
    sides = [[f for f in story.figures if numbers(f.value) & numbers(v)] for v in label["values"]]
    lines = [f"== {cid} {label['values']}"]
    for side in sides:
        for f in side:
            lines += _figure_lines(f, story)
    meaning = F.clause_meaning(story.figures, embedder.embed)
    words, cal = F.word_meaning(story.figures, embedder.embed), F.calibration(embedder.name)
    for a in sides[0]:
        for b in sides[1]:
            if story.same_group(a.source, b.source):
                continue
            lines.append(f"  {a.value!r} ({Path(a.source).name}) vs {b.value!r} ({Path(b.source).name}): "
                         f"counted {a.counted}/{b.counted} cosine {words(a.counted or '', b.counted or ''):.2f} "
                         f"(need {cal.counted}), one measure {F._one_measure(a, b, words, cal)}, "
                         f"same events {F._same_events(a.events, b.events)}, clauses' cosine {meaning(a, b):.2f}, "
                         f"same slot {F.same_slot(a, b, meaning, words, cal)}, clash {F.clash(a, b, story.figures, story.same_group)}, "
                         f"one story {related.at_least(a.source, b.source, SAME_STORY)}")
    if not any(sides[0]) or not any(sides[1]):
        lines.append("  a value is no figure of the reading")
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.quality.missed", description=__doc__)
    p.add_argument("clusters", nargs="*", help="cluster ids (default: every labelled cluster)")
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "ragnews-quality"))
    args = p.parse_args(argv)
    work = Path(args.workdir)
    embedder = CachedEmbedder(work / "embeddings.pkl")
    for line in LABELS.read_text().splitlines():
        row = json.loads(line) if line.strip() else None
        if row is None or args.clusters and row["cluster"] not in args.clusters or not row["discrepancies"]:
            continue
        b, _ = briefing_of(cluster_for(row["cluster"], work), work / "files", embedder)
        shown = [d for d in b.discrepancies if not d.get("compatible")]
        for label in row["discrepancies"]:
            if not any(matches(label, d) for d in shown):
                print("\n".join(explain(row["cluster"], label, work, embedder)), flush=True)
    embedder.save()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
