"""The `ragnews` command: a thin layer over Newsroom.

Heavy imports (chromadb, onnxruntime, openai) happen inside the commands, so
`ragnews --help` starts instantly. With --json, stdout carries only the JSON
document; progress and messages go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ragnews.errors import RagnewsError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="DIR", help="local store directory (env RAGNEWS_DB)")
    parser.add_argument("--chroma-url", metavar="URL", help="use a Chroma server, e.g. http://127.0.0.1:8000 (env RAGNEWS_CHROMA_URL)")


def _engine(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=["extractive", "llm"], help="answer engine (env RAGNEWS_ENGINE; default: llm if configured, else extractive)")
    parser.add_argument("--model", help="LLM model name (env RAGNEWS_MODEL)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ragnews",
        description="Read the news across many sources: ingest articles, ask questions, get cited briefings.",
        epilog="Every claim carries a citation to a file, its lines and a verbatim quote. Settings: see .env.example.",
    )
    parser.add_argument("--version", action="version", version=f"ragnews {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="add articles (.txt, .md, .html; files or folders) to the store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--prune", action="store_true", help="remove stored articles whose files are gone")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    _common(p)

    p = sub.add_parser("search", help="find passages (hybrid dense + BM25, diverse across sources)")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5, help="number of hits (default 5)")
    p.add_argument("--json", action="store_true", help="print hits as a JSON array")
    _common(p)

    p = sub.add_parser("sources", help="list stored articles")
    p.add_argument("--json", action="store_true")
    _common(p)

    p = sub.add_parser("ask", help="answer a question with numbered, verified citations")
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    _common(p)
    _engine(p)

    p = sub.add_parser("brief", help="a cited multi-source briefing (ingests PATHs first)")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--topic", help="focus the briefing on a topic")
    p.add_argument("--json", action="store_true")
    p.add_argument("-o", "--output", metavar="FILE", help="write the Markdown briefing to FILE")
    _common(p)
    _engine(p)

    p = sub.add_parser("chat", help="interactive questions with follow-ups and /commands")
    _common(p)
    _engine(p)

    p = sub.add_parser("check", help="verify the store's consistency (and --repair it)")
    p.add_argument("--repair", action="store_true", help="fix what can be fixed")
    p.add_argument("--json", action="store_true")
    _common(p)
    return parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("ragnews")
    except Exception:
        return "dev"


def _consoles() -> tuple[Any, Any]:
    from rich.console import Console

    return Console(), Console(stderr=True)


def _newsroom(args: argparse.Namespace) -> Any:
    from ragnews.newsroom import Newsroom

    overrides = {k: getattr(args, k, None) for k in ("engine", "model")}
    return Newsroom(db=getattr(args, "db", None), chroma_url=getattr(args, "chroma_url", None), **{k: v for k, v in overrides.items() if v})


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def cmd_ingest(args: argparse.Namespace) -> int:
    from ragnews.cli import render
    from ragnews.cli.progress import RichProgress

    out, err = _consoles()
    nr = _newsroom(args)
    with RichProgress(err) as progress:
        report = nr.ingest(args.paths, prune=args.prune, progress=progress)
    if args.json:
        _print_json(report.to_json())
    else:
        render.ingest_summary(out, report)
    return EXIT_FAIL if report.failed else EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from ragnews.cli import render

    if args.k < 1:
        raise UsageError("-k must be at least 1")
    results = _newsroom(args).search(args.query, k=args.k)
    if args.json:
        _print_json([h.to_json() for h in results])
    else:
        render.hits(_consoles()[0], results)
    return EXIT_OK


def cmd_sources(args: argparse.Namespace) -> int:
    from ragnews.cli import render

    infos = _newsroom(args).sources()
    if args.json:
        _print_json([s.to_json() for s in infos])
    else:
        render.sources_table(_consoles()[0], infos)
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    from ragnews.cli import render

    out, err = _consoles()
    nr = _newsroom(args)
    engine = nr.engine(args.engine)
    streamed = []

    def show(delta: str) -> None:
        streamed.append(delta)
        err.out(render.plain(delta), end="", highlight=False)

    result = nr.ask(args.question, engine=args.engine, on_token=show if engine.streams and not args.json else None)
    if streamed:
        err.print()
        err.rule("verified answer")
    if args.json:
        _print_json(result.to_json())
    else:
        render.answer(out, result)
    return EXIT_OK


def cmd_brief(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ragnews.cli import render
    from ragnews.cli.progress import RichProgress

    out, err = _consoles()
    nr = _newsroom(args)
    with RichProgress(err) as progress:
        briefing = nr.brief(args.paths or None, topic=args.topic, engine=args.engine, progress=progress)
    if args.output:
        Path(args.output).write_text(briefing.markdown, encoding="utf-8")
        err.print(f"briefing written to {render.safe(args.output)}")
    if args.json:
        _print_json(briefing.to_json())
    elif not args.output:
        render.markdown(out, briefing.markdown)
    for note in briefing.notes:
        err.print(f"[yellow]note:[/] {render.safe(note)}")
    return EXIT_OK


def cmd_chat(args: argparse.Namespace) -> int:
    from ragnews.cli.chat import run_chat

    return run_chat(_newsroom(args), args.engine)


def cmd_check(args: argparse.Namespace) -> int:
    from ragnews.cli import render

    report = _newsroom(args).check(repair=args.repair)
    if args.json:
        _print_json(report.to_json())
    else:
        render.check_report(_consoles()[0], report)
    return EXIT_OK if report.ok else EXIT_FAIL


class UsageError(RagnewsError):
    pass


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ingest": cmd_ingest,
    "search": cmd_search,
    "sources": cmd_sources,
    "ask": cmd_ask,
    "brief": cmd_brief,
    "chat": cmd_chat,
    "check": cmd_check,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    command = COMMANDS.get(args.command)
    if command is None:
        parser.error(f"unknown command {args.command}")
    try:
        return command(args)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except Exception as exc:
        if isinstance(exc, RagnewsError):
            sys.stderr.write(f"ragnews: error: {_one_line(exc)}\n")
            return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAIL
        raise


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
