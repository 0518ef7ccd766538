"""Retrieval recall of `ask`: is the sentence that answers among the candidate sentences the engine reads?

    python -m benchmarks.qa_recall --set bbc|bbc2|rtqa [--weeks YYYYMMDD,...] [--workdir DIR] [-v]

For every answerable question, `Newsroom.retrieve` (what `ask` searches) gives the chunks and
`candidate_sentences` the sentences the extractive engine scores. Counted per question:
- `evidence`: the labelled answer sentence (BBC sets' `evidence`) is a candidate;
- `answer`: some candidate sentence holds a gold answer (whole words, as the QA harness scores);
- `article`: a gold source file is among the retrieved chunks.
Uses the stores `benchmarks.qa` built (same `--workdir`); builds nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benchmarks.qa import DEFAULT_WORKDIR, runs


def _same(candidate: str, evidence: str) -> bool:
    from ragnews.answer.evaluation import normalise_answer

    c, e = normalise_answer(candidate), normalise_answer(evidence)
    return e in c or (len(c) >= 0.5 * len(e) and c in e)  # the labeller's sentence may join or split the splitter's


def _retrieve(nr: Any, question: str, as_of: str | None) -> list[Any]:
    """`Newsroom.retrieve` at the question's date (as `ask` calls it); on a checkout from before it existed
    (PYTHONPATH pointing at it), what `ask` did then."""
    if hasattr(nr, "retrieve"):
        return list(nr.retrieve(question, as_of=nr.as_of(as_of)))
    from ragnews.newsroom import ANCHORS

    hits = nr.search(question, k=8, per_source=3, anchors=ANCHORS)
    return list(hits) + list(nr._preceding_chunks(hits))


def recall(db: Path, rows: list[dict[str, Any]], verbose: bool = False) -> dict[str, int]:
    from ragnews import Newsroom
    from ragnews.answer.evaluation import contains_answer, gold_match
    from ragnews.answer.extractive import candidate_sentences

    nr = Newsroom(db=db)
    counts = {"answerable": 0, "evidence_labelled": 0, "evidence": 0, "answer": 0, "article": 0, "candidates": 0}
    for row in rows:
        if not row.get("answers"):
            continue
        counts["answerable"] += 1
        hits = _retrieve(nr, row["question"], row.get("as_of"))
        sentences = candidate_sentences(hits).sentences
        counts["candidates"] += len(sentences)
        got_answer = any(contains_answer(s.text, row["answers"]) for s in sentences)
        got_article = any(gold_match(h.path, row.get("sources", [])) for h in hits)
        counts["answer"] += got_answer
        counts["article"] += got_article
        got_evidence = None
        if row.get("evidence"):
            counts["evidence_labelled"] += 1
            got_evidence = any(_same(s.text, row["evidence"]) for s in sentences)
            counts["evidence"] += got_evidence
        if verbose:
            flags = "".join(("E" if got_evidence else "e" if got_evidence is False else "-", "A" if got_answer else "a",
                             "F" if got_article else "f"))
            print(f"  {flags} {row['id']:<12} {len(sentences):>4} {row['question'][:90]!r}")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.qa_recall", description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="name", choices=["seeds", "bbc", "bbc2", "rtqa"], required=True)
    parser.add_argument("--weeks", default="20231103,20231110")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("-v", "--verbose", action="store_true", help="per question: E/e evidence, A/a answer, F/f article")
    args = parser.parse_args(argv)
    for label, db, _paths, rows in runs(args.name, args.weeks, args.workdir):
        c = recall(db, rows, args.verbose)
        print(f"{label}: evidence sentence among candidates {c['evidence']}/{c['evidence_labelled']}; a gold answer in a "
              f"candidate {c['answer']}/{c['answerable']}; gold article retrieved {c['article']}/{c['answerable']}; "
              f"candidates per question {c['candidates'] / max(1, c['answerable']):.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
