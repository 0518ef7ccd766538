"""Check a hand-written BBC question set before it is committed (issue 27: dev labels written before tuning).

    python -m benchmarks.check_questions benchmarks/dev/bbc_questions_3.jsonl

A label is only worth having if it can be trusted without running the engine on it, so this checks what
can be checked from the files alone: every line has the fields the harness and readers need, ids are unique,
every source (and a trap's `topic_file`) is in `benchmarks/dev/bbc_files.txt`, no article is shared with the
other BBC sets (the sets must measure different articles), `evidence` and `speaker_named_in` are verbatim in
the source file, and one of the accepted answers at least is contained, after `normalise_answer`, in that evidence. It
prints the counts by kind and by section; it exits 1 and names each problem when one is found.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.qa import BBC_SETS, DATA, DEV

logger = logging.getLogger(__name__)

SETS = tuple(BBC_SETS.values())  # every BBC set, the one checked among them: no article may be in two
REQUIRED = ("id", "question", "answers", "sources", "kind")


def read_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def articles(row: dict[str, Any]) -> set[str]:
    """The articles a question is about: its sources, or a trap's topic file."""
    return set(row.get("sources") or []) | ({row["topic_file"]} if row.get("topic_file") else set())


def problems(path: Path) -> list[str]:
    """Every problem found in the set at `path`, as one line each."""
    from ragnews.answer.evaluation import normalise_answer

    rows = read_rows(path)
    listed = {line.strip() for line in (DEV / "bbc_files.txt").read_text().splitlines() if line.strip() and not line.startswith("#")}
    others = {a for name in SETS if (DEV / name).resolve() != path.resolve() and (DEV / name).exists()
              for row in read_rows(DEV / name) for a in articles(row)}
    found: list[str] = []
    for rid, n in Counter(r.get("id") for r in rows).items():
        if n > 1:
            found.append(f"id {rid} is used {n} times")
    for row in rows:
        rid = row.get("id", "?")
        found += [f"{rid}: no '{key}'" for key in REQUIRED if key not in row]
        found += [f"{rid}: {a} is not in bbc_files.txt" for a in sorted(articles(row) - listed)]
        found += [f"{rid}: {a} is already used by another set" for a in sorted(articles(row) & others)]
        if not row.get("answers"):
            if row.get("kind") != "unanswerable" or not row.get("topic_file"):
                found.append(f"{rid}: a question to abstain on needs kind 'unanswerable' and a topic_file")
            continue
        texts = [(DATA / "bbc" / s).read_text(encoding="utf-8", errors="replace") for s in row.get("sources", [])]
        quoted = [row.get("evidence", "")] + ([row["speaker_named_in"]] if row.get("speaker_named_in") else [])
        for q in quoted:
            if not q or not any(q in t for t in texts):
                found.append(f"{rid}: not verbatim in its sources: {q[:60]!r}")
        said = normalise_answer(" ".join(quoted))
        if not any(normalise_answer(a) in said for a in row["answers"]):  # the others are variants ("8-year", a surname)
            found.append(f"{rid}: none of its answers is in its evidence")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check_questions", description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    rows = read_rows(args.path)
    found = problems(args.path)
    for line in found:
        print(line)
    kinds = Counter(r.get("kind") for r in rows)
    sections = Counter(sorted(articles(r))[0].split("/")[0] for r in rows if articles(r))
    print(f"{len(rows)} questions, {sum(1 for r in rows if r.get('answers'))} answerable; articles {len({a for r in rows for a in articles(r)})}")
    print("kinds: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("sections: " + ", ".join(f"{k} {n}" for k, n in sections.most_common()))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
