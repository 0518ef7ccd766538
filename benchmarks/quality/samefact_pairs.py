"""Re-score the labelled same-fact pairs with the code as it is now (issue 26, round 10).

    python -m benchmarks.quality.samefact_pairs [--labels FILE] [--workdir DIR] [-v]

`benchmarks/dev/samefact_pairs.jsonl` holds sentence pairs of two different articles of 15 dev clusters (AllSides
as:5609 5621 5629 5651 5689 5731 6100, Multi-News mn:4 17 42 50 78 156 204 240; none of the support benchmark's
held-out half), taken from the briefings of 0c326f3: each pair is a key point's sentence and another outlet's
sentence the briefing weighed as backing it (`KeyPointPicker._considered`), either called the same fact there
(152) or rejected near the line (75: the highest scores below the threshold and the vetoed ones). Each was
labelled by reading both sentences, before any rule was tried: `same` (the other outlet states the point's fact, or
one of its main clauses), `related` (the same story, another fact, or the same slot with another figure) or
`different`. `half` splits the clusters: `design` (rules are looked for there) and `check` (judged only after).

This rebuilds each cluster's briefing the way the product writes it (`build.briefing_of`), takes its picker
(readings with mentions named, the embedder's cosines, the calibration) and asks `corroboration.backs` for each
labelled pair: the decision a key point's "N sources" reads. Prints precision and recall of "same" on all pairs
and on each half, and with `-v` every pair the code gets wrong.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

LABELS = Path(__file__).resolve().parents[1] / "dev" / "samefact_pairs.jsonl"


def verdicts(rows: list[dict[str, str]], workdir: Path) -> list[str]:
    """The code's verdict on each labelled pair (`STATES` or why not), in the order given."""
    from benchmarks.quality import data
    from benchmarks.quality.build import CachedEmbedder, briefing_of
    from ragnews.analysis.corroboration import backs
    from ragnews.brief import keypoints

    pickers: list[keypoints.KeyPointPicker] = []
    original = keypoints.KeyPointPicker.__init__

    def keep(self: keypoints.KeyPointPicker, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        pickers.append(self)

    embedder = CachedEmbedder(workdir / "embeddings.pkl")
    out: dict[int, str] = {}
    keypoints.KeyPointPicker.__init__ = keep  # type: ignore[method-assign]
    try:
        for cid in dict.fromkeys(r["cluster"] for r in rows):
            pickers.clear()
            briefing_of(data.by_id(cid), workdir, embedder, full=True)
            p = pickers[-1]
            for k, r in enumerate(rows):
                if r["cluster"] != cid:
                    continue
                if r["a"] not in p.readings or r["b"] not in p.readings:
                    out[k] = "not read by the briefing"
                    continue
                out[k] = backs(p.readings[r["a"]], p.readings[r["b"]], p._cosine(r["a"], r["b"]), p.match, p._cosine)
            embedder.save()
    finally:
        keypoints.KeyPointPicker.__init__ = original  # type: ignore[method-assign]
    return [out[k] for k in range(len(rows))]


def precision_recall(rows: list[dict[str, str]], said: list[bool]) -> tuple[float, float, int, int, int]:
    """Precision and recall of "same", with the true, false and missed counts."""
    tp = sum(s and r["label"] == "same" for r, s in zip(rows, said))
    fp = sum(s and r["label"] != "same" for r, s in zip(rows, said))
    fn = sum(not s and r["label"] == "same" for r, s in zip(rows, said))
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp, fp, fn


def main(argv: Sequence[str] | None = None) -> None:
    from ragnews.analysis.corroboration import STATES

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="samefact-"))
    from benchmarks.home import own_home

    own_home(work)  # a readings cache of this work dir's own, not the machine's shared one
    got = verdicts(rows, work)
    said = [v == STATES for v in got]
    print(f"{len(rows)} labelled pairs, {sum(r['label'] == 'same' for r in rows)} of one fact ({args.labels.name})")
    for name, keep in (("all", lambda r: True), ("design", lambda r: r["half"] == "design"),
                       ("check", lambda r: r["half"] == "check")):
        sub = [(r, s) for r, s in zip(rows, said) if keep(r)]
        p, rec, tp, fp, fn = precision_recall([r for r, _ in sub], [s for _, s in sub])
        print(f"  {name}: P {p:.3f} R {rec:.3f} (true {tp}, false {fp}, missed {fn})")
    missing = sum(v == "not read by the briefing" for v in got)
    if missing:
        print(f"  {missing} pairs not read by the briefing (counted as not the same fact)")
    if args.verbose:
        for r, s, v in zip(rows, said, got):
            if s != (r["label"] == "same"):
                print(f"[{r['half']} {r['cluster']} {r['label']}; code: {v}]\n  A: {r['a'][:160]}\n  B: {r['b'][:160]}")


if __name__ == "__main__":
    main()
