"""The 30-line baseline of issue 27: ragnews's hybrid search, then the two sentences closest to the question.

    python -m benchmarks.baseline_qa --set seeds|bbc|bbc2|bbc3|bbc4|bbc5|bbc6|rtqa [--weeks dev] [--workdir DIR] [-v]

Closeness is MiniLM cosine plus word overlap (the share of the question's terms in the sentence); it never
abstains. Scored by the same harness as the engine (`benchmarks/qa.py`), on the same stores, so the engine's
gain over it is the number that matters.
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from pathlib import Path

from benchmarks.qa import DEFAULT_WORKDIR, SET_NAMES, build, runs, summary_line


def baseline_ask(nr, question: str):  # type: ignore[no-untyped-def]
    from ragnews.answer.citations import CitationBook
    from ragnews.answer.extractive import candidate_sentences
    from ragnews.answer.model import Answer
    from ragnews.newsroom import ANCHORS
    from ragnews.text.terms import tokenize

    sentences = candidate_sentences(nr.search(question, k=8, per_source=3, anchors=ANCHORS)).sentences
    if not sentences:
        return Answer(question, "", True, "baseline", None)
    vectors = nr.embedder.embed([question] + [s.text for s in sentences])
    terms = set(tokenize(question))
    overlap = [len(terms & set(tokenize(s.text))) / (len(terms) or 1) for s in sentences]
    ranked = sorted(range(len(sentences)), key=lambda i: -(float(vectors[i + 1] @ vectors[0]) + overlap[i]))
    book = CitationBook()
    text = " ".join(f"{sentences[i].text} [{book.cite(sentences[i])}]" for i in ranked[:2])
    return Answer(question, text, False, "baseline", None, citations=book.citations)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.baseline_qa", description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="name", choices=SET_NAMES, required=True)
    parser.add_argument("--weeks", default="dev")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    from benchmarks.home import own_home
    from ragnews import Newsroom
    from ragnews.answer.evaluation import evaluate, parse_questions

    own_home(args.workdir)  # a readings cache of this work dir's own, not the machine's shared one
    for label, db, paths, rows in runs(args.name, args.weeks, args.workdir):
        build(db, paths, lambda msg: print(msg, file=sys.stderr))
        ask = partial(baseline_ask, Newsroom(db=db))
        data = evaluate(parse_questions([json.dumps(r) for r in rows]), lambda q, ask=ask: ask(q.question), engine="baseline").to_json()
        for item in data["questions"] if args.verbose else []:
            print(f"  {item['outcome']:<20} {item['id']:<12} {item['question'][:70]!r} -> {item['answer'][:150]!r}")
        print(summary_line(f"baseline {label}", data), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
