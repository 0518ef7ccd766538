"""`ragnews eval QUESTIONS.jsonl`: score the answer engine on your own questions.

A collection is only as useful as the answers it gives, so users (and we,
when we change an engine) need a number: for each question, did it answer
correctly, abstain when it should, cite a gold source, and does every quote
check out in its file. Scoring lives in `ragnews.answer.evaluation`; this
module only parses the command and renders the report.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ragnews.text.untrusted import plain

if TYPE_CHECKING:
    from rich.console import Console

    from ragnews.answer.evaluation import EvalItem, EvalReport

_STYLE = {"correct": "green", "correctly_abstained": "green", "false_abstention": "yellow", "wrong": "red"}


def add_parser(sub: Any, common: Any, engine: Any) -> None:
    """Register `eval` on the `ragnews` subcommands (`common`/`engine` add the shared options)."""
    p = sub.add_parser("eval", help="score answers on a questions file (JSON Lines: id, question, answers, sources)")
    p.add_argument("questions", metavar="QUESTIONS.jsonl")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--as-of", metavar="DATE", help="ask as of this date, YYYY-MM-DD (default: the newest stored publication date)")
    common(p)
    engine(p)


def run(args: argparse.Namespace, newsroom: Any, out: Console, err: Console) -> int:
    """Ask every question, render the table (or JSON); exit 1 when a citation fails verification."""
    done = [0]

    def progress(item: EvalItem) -> None:
        done[0] += 1
        err.print(f"[dim]{done[0]}. {item.id}: {item.outcome}[/]", highlight=False)

    report = newsroom.evaluate(args.questions, engine=args.engine, as_of=args.as_of, on_item=None if args.json else progress)
    if args.json:
        import json
        import sys

        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        render_report(out, report)
    return 1 if report.summary()["citations_failed"] else 0


def render_report(console: Console, report: EvalReport) -> None:
    """One row per question, then the totals."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"ragnews eval ({report.engine})", title_justify="left", header_style="bold")
    whole: dict[str, Any] = {"no_wrap": True}  # never "false_abst…": the outcome, id and numbers are read whole
    for name, kw in (("id", whole), ("outcome", whole), ("gold", whole), ("cites ok", {"justify": "right", **whole}),
                     ("ms", {"justify": "right", **whole}), ("question", {"overflow": "fold", "ratio": 2}),
                     ("answer", {"overflow": "fold", "ratio": 3})):
        table.add_column(name, **kw)
    for i in report.items:
        gold = "-" if i.gold_cited is None else ("yes" if i.gold_cited else "no")
        table.add_row(Text(plain(i.id)), Text(i.outcome, style=_STYLE.get(i.outcome, "")), gold,
                      f"{i.citations - i.citations_failed}/{i.citations}", f"{i.latency_ms:.0f}",
                      Text(plain(i.question)), Text(_short(plain(i.answer))))
    console.print(table)
    s = report.summary()
    console.print(Text(
        f"answerable: {s['correct']}/{s['answerable']} correct, {_count(s['false_abstention'], 'false abstention')}, {s['wrong']} wrong · "
        f"unanswerable: {s['correctly_abstained']}/{s['unanswerable']} abstained · gold source cited: {s['gold_cited']} · "
        f"citations failing verification: {s['citations_failed']}/{s['citations']} · latency p50 {s['latency_p50_ms']:.0f} ms"))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
