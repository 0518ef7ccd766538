"""Question-answering dev sets, measured with `Newsroom.evaluate` (what `ragnews eval` runs).

    python -m benchmarks.qa --set seeds|bbc|bbc2|bbc3|bbc4|bbc5|bbc6|rtqa [--weeks dev|heldout|all|YYYYMMDD,...]
                            [--engine extractive|llm] [--workdir DIR] [--build-only] [--out FILE.json] [-v]

Three sets, read from `../shared` at run time and never copied into the repo:

- `seeds`: the seed articles and `../shared/eval/questions.jsonl`.
- `bbc`: our questions in `benchmarks/dev/bbc_questions.jsonl` over the BBC files listed in
  `benchmarks/dev/bbc_files.txt` (the files the questions come from plus distractors from the same
  topic folders), ingested in place.
- `bbc2`: the second BBC set, `benchmarks/dev/bbc_questions_2.jsonl` (issue 27), over the same store.
- `bbc3`: the third BBC set, `benchmarks/dev/bbc_questions_3.jsonl`, held out from tuning, over the same store.
- `bbc4`: the fourth BBC set, `benchmarks/dev/bbc_questions_4.jsonl`, held out from tuning, over the same store.
- `bbc5`: the fifth BBC set, `benchmarks/dev/bbc_questions_5.jsonl`, held out from tuning, over the same store.
- `bbc6`: the sixth BBC set, `benchmarks/dev/bbc_questions_6.jsonl`, held out from tuning, over the same store.
- `rtqa`: RealTime QA. Per week, every question's `search_result` articles are written as text files
  (title line, then `Published: YYYY-MM-DD`, then the text) into the work dir and ingested into that
  week's store; the questions are asked without their choices. A question counts as answerable when the
  correct choice's text (normalised) appears in the articles the search returned for it; then an answer
  is correct when it contains that text. Otherwise the honest answer is to abstain.

Stores are built once per work dir and reused (ingest is incremental; pass a fresh --workdir to rebuild).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RAGNEWS_SHARED") or REPO.parent / "shared")  # the data folder beside the checkout
DATA = SHARED / "data"
DEV = REPO / "benchmarks" / "dev"
DEFAULT_WORKDIR = Path("/tmp/ragnews-qa")

# The BBC question sets by the name `--set` takes, each a file in `benchmarks/dev` (set 1 is the dev set, 2 the
# second dev set, 3-6 written apart and held out from tuning); `check_questions` keeps their articles apart.
BBC_SETS = {"bbc": "bbc_questions.jsonl", "bbc2": "bbc_questions_2.jsonl", "bbc3": "bbc_questions_3.jsonl",
            "bbc4": "bbc_questions_4.jsonl", "bbc5": "bbc_questions_5.jsonl", "bbc6": "bbc_questions_6.jsonl"}
SET_NAMES = ["seeds", *BBC_SETS, "rtqa"]

RTQA_DEV_WEEKS = ("20231103", "20231110", "20231117", "20231201")
RTQA_HELDOUT_WEEKS = ("20231124", "20231208")


# -- the sets -------------------------------------------------------------------------------


def seeds_set(workdir: Path) -> tuple[list[Path], list[dict[str, Any]]]:
    rows = [json.loads(line) for line in (SHARED / "eval" / "questions.jsonl").read_text().splitlines() if line.strip()]
    return [REPO / "seeds"], rows


def bbc_set(workdir: Path, questions: str = "bbc_questions.jsonl") -> tuple[list[Path], list[dict[str, Any]]]:
    bbc = DATA / "bbc"
    files = [bbc / line.strip() for line in (DEV / "bbc_files.txt").read_text().splitlines() if line.strip() and not line.startswith("#")]
    rows = [json.loads(line) for line in (DEV / questions).read_text().splitlines() if line.strip()]
    return files, rows


def _norm(text: str) -> str:
    from ragnews.answer.evaluation import normalise_answer

    return normalise_answer(text)


def rtqa_week(week: str, workdir: Path) -> tuple[list[Path], list[dict[str, Any]]]:
    """Write the week's articles as files (once) and its questions in our format."""
    folder = workdir / "rtqa" / week / "articles"
    qa = [json.loads(line) for line in (DATA / "realtimeqa" / f"{week}_qa.jsonl").read_text().splitlines() if line.strip()]
    gcs = {r["question_id"]: r for r in (json.loads(line) for line in (DATA / "realtimeqa" / f"{week}_gcs.jsonl").read_text().splitlines() if line.strip())}
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for q in qa:
        results = gcs.get(q["question_id"], {}).get("search_result", [])
        prefix = f"{q['question_id']}-"
        texts = []
        for i, article in enumerate(results):
            path = folder / f"{prefix}{i:02d}.txt"
            body = _article_file(article)
            if not path.exists() or path.read_text(encoding="utf-8") != body:
                path.write_text(body, encoding="utf-8")
            texts.append(_norm(article.get("title", "") + " " + article.get("text", "")))
        correct = q["choices"][int(q["answer"][0])]
        answerable = bool(_norm(correct)) and any(_norm(correct) in t for t in texts)
        rows.append({"id": q["question_id"], "question": q["question_sentence"], "answers": [correct] if answerable else [],
                     "sources": [prefix] if answerable else [], "as_of": q["question_date"].replace("/", "-"), "choice": correct})
    return [folder], rows


def _article_file(article: dict[str, Any]) -> str:
    """Title, a `Published:` line the cleaner reads, then the text."""
    # a title ending like a sentence would stop the cleaner's header scan before the date line
    title = " ".join(str(article.get("title") or "").split()).rstrip(".?!…\"”' ") or "Untitled"
    date = str(article.get("publish_date") or "").replace("/", "-")
    head = f"{title}\nPublished: {date}\n\n" if re.fullmatch(r"\d{4}-\d\d-\d\d", date) else f"{title}\n\n"
    return head + str(article.get("text") or "").strip() + "\n"


def rtqa_weeks(spec: str) -> list[str]:
    if spec == "dev":
        return list(RTQA_DEV_WEEKS)
    if spec == "heldout":
        return list(RTQA_HELDOUT_WEEKS)
    if spec == "all":
        return sorted(RTQA_DEV_WEEKS + RTQA_HELDOUT_WEEKS)
    return [w.strip() for w in spec.split(",") if w.strip()]


def runs(name: str, weeks: str, workdir: Path) -> Iterator[tuple[str, Path, list[Path], list[dict[str, Any]]]]:
    """(label, db, paths to ingest, questions) for each store the set needs."""
    if name == "seeds":
        yield ("seeds", workdir / "seeds" / "db", *seeds_set(workdir))
    elif name in BBC_SETS:  # every BBC set is asked over the same store of the listed files
        yield (name, workdir / "bbc" / "db", *bbc_set(workdir, BBC_SETS[name]))
    else:
        for week in rtqa_weeks(weeks):
            yield (f"rtqa-{week}", workdir / "rtqa" / week / "db", *rtqa_week(week, workdir))


# -- running --------------------------------------------------------------------------------


def build(db: Path, paths: list[Path], log: Any) -> None:
    from ragnews import Newsroom

    start = time.perf_counter()
    report = Newsroom(db=db).ingest([str(p) for p in paths])
    log(f"  ingest {db}: {report.counts()} in {time.perf_counter() - start:.1f} s")


def evaluate(db: Path, rows: list[dict[str, Any]], engine: str | None) -> dict[str, Any]:
    from ragnews import Newsroom

    nr = Newsroom(db=db)
    if hasattr(nr, "evaluate"):
        return nr.evaluate(rows, engine=engine).to_json()
    # the baseline: a checkout from before `Newsroom.evaluate` existed (run with PYTHONPATH pointing at it)
    from ragnews.answer.evaluation import evaluate as score_all
    from ragnews.answer.evaluation import parse_questions

    questions = parse_questions([json.dumps(r) for r in rows])
    return score_all(questions, lambda q: nr.ask(q.question, engine=engine), engine=engine or "extractive").to_json()


def summary_line(label: str, data: dict[str, Any]) -> str:
    s = data["summary"]
    return (f"{label}: answerable {s['correct']}/{s['answerable']} correct, {s['false_abstention']} false abstentions, "
            f"{s['wrong']} wrong; unanswerable {s['correctly_abstained']}/{s['unanswerable']} abstained; "
            f"gold cited {s['gold_cited']}; citations failing {s['citations_failed']}/{s['citations']}; "
            f"latency p50 {s['latency_p50_ms']:.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.qa", description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="name", choices=SET_NAMES, required=True)
    parser.add_argument("--weeks", default="dev", help="rtqa: dev, heldout, all or YYYYMMDD,... (default dev)")
    parser.add_argument("--engine", choices=["extractive", "llm"])
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--build-only", action="store_true", help="only build the stores")
    parser.add_argument("--out", type=Path, help="write every run's JSON document here")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each question's outcome")
    args = parser.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    results: dict[str, Any] = {}
    from benchmarks.home import own_home

    own_home(args.workdir)  # a readings cache of this work dir's own, not the machine's shared one
    for label, db, paths, rows in runs(args.name, args.weeks, args.workdir):
        build(db, paths, log)
        if args.build_only:
            continue
        data = evaluate(db, rows, args.engine)
        results[label] = data
        if args.verbose:
            for item in data["questions"]:
                print(f"  {item['outcome']:<20} {item['id']:<12} {item['question'][:70]!r} -> {item['answer'][:150]!r}")
        print(summary_line(label, data), flush=True)
    if len(results) > 1:
        print(summary_line("total", {"summary": _total([r["summary"] for r in results.values()])}))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _total(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("questions", "answerable", "unanswerable", "correct", "false_abstention", "wrong", "correctly_abstained",
            "wrongly_answered", "gold_cited", "citations", "citations_failed")
    total: dict[str, Any] = {k: sum(s[k] for s in summaries) for k in keys}
    total["latency_p50_ms"] = sorted(s["latency_p50_ms"] for s in summaries)[len(summaries) // 2]
    return total


if __name__ == "__main__":
    sys.exit(main())
