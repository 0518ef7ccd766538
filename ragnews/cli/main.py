"""The `ragnews` command: a thin layer over Newsroom.

Heavy imports (chromadb, onnxruntime, openai) happen inside the commands, so
`ragnews --help` starts instantly. With --json, stdout carries only the JSON
document; progress and messages go to stderr.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import functools
import gc
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ragnews.errors import RagnewsError
from ragnews.text.untrusted import plain

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _common(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """--db and --chroma-url, before the command (`ragnews --db X sources`) or after it (`ragnews sources --db X`).

    After the command they default to SUPPRESS, so a value given before it is not reset by the command's parser.
    """
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="DIR", default=default, help="local store directory (env RAGNEWS_DB)")
    parser.add_argument("--chroma-url", metavar="URL", default=default,
                        help="use a Chroma server, e.g. http://127.0.0.1:8000 (env RAGNEWS_CHROMA_URL)")


def _engine(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=["extractive", "llm"], help="answer engine (env RAGNEWS_ENGINE; default: llm if configured, else extractive)")
    parser.add_argument("--model", help="LLM model name (env RAGNEWS_MODEL)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ragnews",
        description="Read the news across many sources: ingest articles, ask questions, get cited briefings.",
        epilog=("Every claim carries a citation to a file, its lines and a verbatim quote. "
                f"Every setting is listed, with its default, in {_env_example()}."),
    )
    parser.add_argument("--version", action=_VersionAction)
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="add articles (.txt, .md, .html; files or folders; pages and feeds by URL) to the store", description=(
        "Add articles to the store: .txt, .md and .html files, or folders (read recursively). Unchanged files are "
        "skipped, changed ones replace their stored version. Exit status 1 when a file could not be ingested (the "
        "summary says why), when a PATH does not exist, or when a folder holds no .txt/.md/.html files. A PATH may be "
        "an http(s) URL: an article page, or an RSS/Atom feed whose entries are all fetched; each page is saved as a "
        "snapshot under $RAGNEWS_HOME/snapshots/ and ingested from there."))
    p.add_argument("paths", nargs="+", metavar="PATH|URL")
    p.add_argument("--prune", action="store_true", help="remove stored articles whose files are gone (or now copy another stored article)")
    p.add_argument("--follow-links", action="store_true", default=None,
                   help="read symbolic links that lead out of a named folder (skipped by default; env RAGNEWS_FOLLOW_LINKS)")
    p.add_argument("--json", action="store_true", help="print the report as JSON (progress goes to stderr)")
    _common(p)

    p = sub.add_parser("search", help="find passages (hybrid dense + BM25, diverse across sources)", description=(
        "Find the stored passages that best match QUERY: dense (embedding) and lexical (BM25) rankings fused, "
        "then spread across sources, so a source's second passage may come before another source's first."))
    p.add_argument("query", help="words to search for; - reads them from standard input")
    p.add_argument("-k", type=int, default=5, help="number of hits (default 5)")
    p.add_argument("--json", action="store_true", help="print hits as a JSON array")
    _common(p)

    p = sub.add_parser("sources", help="list stored articles", description="List the stored articles: title, outlet, date, chunks and file.")
    p.add_argument("--json", action="store_true", help="print the articles as a JSON array")
    _common(p)

    p = sub.add_parser("ask", help="answer a question with numbered, verified citations", description=(
        "Answer QUESTION from the stored articles. Every sentence carries [n] citations to a file, its lines and a "
        "verbatim quote that is checked against the file."))
    p.add_argument("question", help="the question; - reads it from standard input (`echo \"…\" | ragnews ask -`)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="answer only from these files or folders (ingested first)")
    p.add_argument("--as-of", metavar="DATE", help="ask as of this date, YYYY-MM-DD (default: the newest stored publication date)")
    p.add_argument("-k", type=int, default=8, help="passages searched for the answer (default 8)")
    p.add_argument("--json", action="store_true", help="print the answer and its citations as JSON")
    p.add_argument("--explain", action="store_true", help="also tell, on stderr (or under \"explain\" with --json), how the "
                   "question was read and why the best candidate sentences did or did not answer it")
    _common(p)
    _engine(p)

    p = sub.add_parser("brief", help="a cited multi-source briefing (ingests PATHs first)", description=(
        "Write a cited briefing on one story: --story ID, or the main story among the articles in PATHs (ingested first) "
        "or about a --topic, or the newest story in the collection. Other stories found are listed in a note."))
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--topic", help="brief the story most about a topic (only articles really about it)")
    p.add_argument("--story", metavar="ID", help="brief one story (ids: `ragnews stories`)")
    p.add_argument("--explain", action="store_true", help="also tell, on stderr (or under \"explain\" with --json), what was read "
                   "of each sentence weighed for the summary and key points, and why it was shown, merged or left out")
    p.add_argument("--json", action="store_true", help="print the briefing as JSON")
    p.add_argument("-o", "--output", metavar="FILE", help="write the briefing to FILE (.html: a self-contained page; .json; else Markdown)")
    p.add_argument("--format", choices=["md", "html", "json"], help="the briefing's form (default: by FILE's extension, else md)")
    p.add_argument("--full", action="store_true", help="keep every key point, timeline entry and quote found (default: a readable digest)")
    p.add_argument("--follow-links", action="store_true", default=None,
                   help="read symbolic links that lead out of a named folder (skipped by default; env RAGNEWS_FOLLOW_LINKS)")
    _common(p)
    _engine(p)

    p = sub.add_parser("stories", help="list the stories the collection holds, newest first", description=(
        "Group the stored articles into stories (articles about the same event) and list them newest first, each "
        "with a quoted, cited headline or lead, its articles, outlets and date span."))
    p.add_argument("--json", action="store_true", help="print the stories as a JSON array")
    _common(p)

    p = sub.add_parser("chat", help="interactive questions with follow-ups and /commands", description=(
        "Ask questions interactively; follow-ups are understood in context. Type /help for the commands."))
    _common(p)
    _engine(p)

    p = sub.add_parser("check", help="verify the store's consistency (and --repair it)", description=(
        "Verify the store: every article's chunks present and counted, no orphan or stale chunks, the embedder "
        "recorded, the BM25 index current, and the files unchanged since ingest. Exit status 1 when a problem remains."))
    p.add_argument("--repair", action="store_true", help="fix what can be fixed")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    _common(p)

    p = sub.add_parser("log", help="the last answers and briefings, with their citations", description=(
        "Show the last answers and briefings (newest last) with their citations, from the history kept in "
        "$RAGNEWS_HOME/history.jsonl (RAGNEWS_HISTORY entries; 0 keeps none)."))
    p.add_argument("-n", type=int, default=5, help="how many entries to show (default 5)")
    p.add_argument("--json", action="store_true", help="print the entries as a JSON array")

    p = sub.add_parser("config", help="the settings in force and where each came from", description=(
        "List every setting in force and where it came from: a flag, the environment, a .env file, or the default. "
        "The API key is shown only as set or not set."))
    p.add_argument("--json", action="store_true", help="print the settings as a JSON array")
    _common(p)
    _engine(p)

    from ragnews.cli import evaluate

    evaluate.add_parser(sub, _common, _engine)
    from ragnews.cli import digest

    digest.add_parser(sub, _common, _engine)
    from ragnews.cli import web

    web.add_parsers(sub, _common)
    from ragnews.cli import mcp_server

    mcp_server.add_parser(sub, _common, _engine)
    _describe(sub)
    return parser


def _describe(sub: Any) -> None:
    """Every command's --help says what it does: its one-line help, where it has no longer description."""
    for action in sub._choices_actions:
        command = sub.choices[action.dest]
        if not command.description and action.help:
            command.description = action.help[0].upper() + action.help[1:] + "."


def _env_example() -> str:
    """Where the annotated list of settings is: in the installed package, or at the checkout's root."""
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent
    for candidate in (package / ".env.example", package.parent / ".env.example"):
        if candidate.is_file():
            return str(candidate)
    return ".env.example (shipped with ragnews)"


class _VersionAction(argparse.Action):
    """`--version`, looked up only when asked for: the installed package's metadata costs ≈0.05 s to read (importing
    `importlib.metadata` and scanning the path), which every command paid before its work began — a cold `ask` before
    it could start reading the question beside it."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, default: Any = argparse.SUPPRESS,
                 help: str = "show program's version number and exit") -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        sys.stdout.write(f"ragnews {_version()}\n")  # (on stdout, as argparse's own "version" action prints it)
        parser.exit()


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("ragnews")
    except Exception:
        return "dev"


PIPED_WIDTH = 10_000  # piped or redirected, no line is cut at 80 columns: tables are as wide as their cells


def _consoles() -> tuple[Any, Any]:
    from rich.console import Console

    out = Console()
    if not out.is_terminal:
        out = Console(width=PIPED_WIDTH, soft_wrap=True)
    err = Console(stderr=True)
    if not err.is_terminal:  # a note or reason redirected to a log stays one line, greppable by its file name
        err = Console(stderr=True, width=PIPED_WIDTH, soft_wrap=True)
    return out, err


def _settings(args: argparse.Namespace) -> Any:
    """The settings for a command: its flags over the environment and .env files."""
    from ragnews.config import load_settings

    overrides = {k: getattr(args, k, None) for k in ("engine", "model", "db", "chroma_url", "follow_links")}
    folders = [p for p in getattr(args, "paths", None) or () if "://" not in str(p)]  # a URL is no folder of articles
    settings = load_settings(untrusted=folders, **{k: v for k, v in overrides.items() if v})
    for notice in settings.notices:
        sys.stderr.write(f"ragnews: {plain(notice)}\n")
    return settings


def _newsroom(args: argparse.Namespace) -> Any:
    """The Newsroom for a command; folders it reads as articles are untrusted (their .env is ignored)."""
    from ragnews.newsroom import Newsroom

    return Newsroom(settings=_settings(args))


def _from_stdin(text: str, what: str) -> str:
    """`-` means: read it from standard input (`echo "…" | ragnews ask -`)."""
    if text != "-":
        return text
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError(f"{what} '-' reads from standard input, but nothing is piped in")
    read = sys.stdin.read().strip()
    if not read:
        raise UsageError(f"{what} '-': standard input was empty")
    return read


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
    results = _newsroom(args).search(_from_stdin(args.query, "query"), k=args.k)
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
    if args.k < 1:
        raise UsageError("-k must be at least 1")
    question = _from_stdin(args.question, "question")
    settings = _settings(args)
    model = _read_ahead(settings, question)
    try:
        return _ask(args, settings, question)
    finally:
        if model is not None:  # (a no-op once the answer took the reading)
            from ragnews.answer import ahead

            ahead.forget(question, model)


def _read_ahead(settings: Any, question: str) -> str | None:
    """Start reading the question in a child process now, before this one imports the rest of ragnews (≈0.5 s it
    overlaps): `Newsroom.ask` takes the reading (`answer/ahead.py`). The model's name, when a child was started."""
    if not settings.read_ahead or not question.strip():
        return None
    from ragnews.answer import ahead

    return settings.spacy_model if ahead.start(question, settings.spacy_model) else None


def _ask(args: argparse.Namespace, settings: Any, question: str) -> int:
    from ragnews.cli import history, render
    from ragnews.cli.progress import RichProgress
    from ragnews.newsroom import Newsroom

    out, err = _consoles()
    nr = Newsroom(settings=settings)
    engine = nr.engine(args.engine)
    streamed = []

    def show(delta: str) -> None:
        streamed.append(delta)
        err.out(render.plain(delta), end="", highlight=False)

    with RichProgress(err, status=f"ingesting {len(args.paths)} path(s)…") if args.paths else contextlib.nullcontext() as progress:
        result = nr.ask(question, engine=args.engine, on_token=show if engine.streams and not args.json else None,
                        k=args.k, as_of=args.as_of, paths=args.paths or None, progress=progress, explain=args.explain)
    if streamed:
        err.print()
        err.rule("verified answer")
    if args.json:
        _print_json(result.to_json())
    else:
        render.answer(out, result)
        if args.explain:
            render.answer_explanation(err, result.explain)
    history.record_answer(nr.settings, result)
    return EXIT_OK


def cmd_brief(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ragnews.cli import briefout, render
    from ragnews.cli.progress import RichProgress

    out, err = _consoles()
    briefout.check_output(args.output)
    briefout.output_format(args.output, args.format, args.json)  # an -o it can't write is refused before the work
    nr = _newsroom(args)
    with RichProgress(err, status=f"ingesting {len(args.paths)} path(s)…" if args.paths else "reading the stored articles…") as progress:
        briefing = nr.brief(args.paths or None, topic=args.topic, engine=args.engine, progress=progress, full=args.full,
                            story=args.story, explain=args.explain)
    from ragnews.cli import history

    history.record_briefing(nr.settings, briefing, args.output)
    fmt = briefout.output_format(args.output, args.format, args.json)
    if args.output:
        Path(args.output).write_text(briefout.render(briefing, fmt), encoding="utf-8")
        err.print(f"briefing written to {render.safe(args.output)}")
    if args.json:
        _print_json(briefing.to_json())
    elif not args.output and fmt == "md" and out.is_terminal:
        render.markdown(out, briefing.markdown)  # piped or redirected, the Markdown itself is written (below)
        return EXIT_OK  # its notes are in it
    elif not args.output:
        sys.stdout.write(briefout.render(briefing, fmt))
    for note in briefing.notes:
        err.print(f"[yellow]note:[/] {render.safe(note)}")
    if briefing.explain is not None and not args.json:
        render.explanation(err, briefing.explain)
    return EXIT_OK


def cmd_stories(args: argparse.Namespace) -> int:
    from ragnews.cli import render

    stories = _newsroom(args).stories()
    if args.json:
        _print_json([s.to_json() for s in stories])
    else:
        render.stories_table(_consoles()[0], stories)
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


def cmd_feeds(args: argparse.Namespace) -> int:
    from ragnews.cli import web

    return web.cmd_feeds(args, _newsroom(args), _consoles()[0], _print_json)


def cmd_update(args: argparse.Namespace) -> int:
    from ragnews.cli import web

    return web.cmd_update(args, _newsroom(args), *_consoles(), _print_json)


def cmd_digest(args: argparse.Namespace) -> int:
    from ragnews.cli import digest

    return digest.run(args, _newsroom(args), *_consoles(), _print_json)
def cmd_log(args: argparse.Namespace) -> int:
    from ragnews.cli import history

    if args.n < 1:
        raise UsageError("-n must be at least 1")
    settings = _settings(args)
    entries, problems = history.load(settings)
    for problem in problems:
        sys.stderr.write(f"ragnews: {plain(problem)}\n")
    shown = entries[-args.n :]
    if args.json:
        _print_json(shown)
    else:
        history.render(_consoles()[0], shown, settings)
    return EXIT_OK


def cmd_config(args: argparse.Namespace) -> int:
    from ragnews.cli import settings_view

    rows = settings_view.rows(_settings(args))
    if args.json:
        _print_json(rows)
    else:
        settings_view.render(_consoles()[0], rows)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from ragnews.cli import evaluate

    return evaluate.run(args, _newsroom(args), *_consoles())


def cmd_mcp(args: argparse.Namespace) -> int:
    from ragnews.cli import mcp_server

    return mcp_server.run(args, lambda: _newsroom(args))  # made in the server's warm-up: it answers `initialize` first


class UsageError(RagnewsError):
    pass


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ingest": cmd_ingest,
    "search": cmd_search,
    "sources": cmd_sources,
    "ask": cmd_ask,
    "brief": cmd_brief,
    "stories": cmd_stories,
    "chat": cmd_chat,
    "check": cmd_check,
    "eval": cmd_eval,
    "log": cmd_log,
    "config": cmd_config,
    "feeds": cmd_feeds,
    "update": cmd_update,
    "mcp": cmd_mcp,
    "digest": cmd_digest,
}


@functools.cache
def _collect_less() -> None:
    """A command's objects (a briefing's spaCy documents and readings, the store's client) mostly live until it ends,
    and each full collection walks them all again: collections come less often (a briefing of the seeds spent about
    half a CPU second in them on a busy machine, half of that after). At exit the interpreter's last collection walks
    them only to have the process end anyway: frozen first (an exit handler), they are skipped. Once per process,
    however often `main` runs in it."""
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    atexit.register(gc.freeze)


COLLECTOR_THRESHOLDS = (10_000, 20, 20)  # Python's own: (700, 10, 10)
RESIDENT = frozenset({"chat", "mcp"})  # commands that stay up: `_collect_less` is for one that ends


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command not in RESIDENT:  # a chat or a server makes and drops objects for hours: Python's own collector
        _collect_less()
    if extra and isinstance(getattr(args, "paths", None), list) and not any(x.startswith("-") for x in extra):
        args.paths += extra  # PATHs after options (`ask "…" -k 3 seeds/`): argparse takes positionals in one run
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
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
            sys.stderr.write(f"ragnews: error: {plain(_one_line(exc))}\n")
            return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAIL
        raise


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
