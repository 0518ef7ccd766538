"""`ragnews digest`: what happened since the last look, one story at a time; made for cron.

Thin: the work is `Newsroom.digest`. No prompt ever; progress only on a
terminal; exit status 0 when nothing is new (the output says so), 1 only on a
failure. The digest is remembered as the store's last only once its output is
written, so a failed run is repeated by the next one.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ragnews.cli.briefout import output_format
from ragnews.errors import InputError

log = logging.getLogger(__name__)

EXIT_OK = 0


def add_parser(sub: Any, common: Callable[[argparse.ArgumentParser], None], engine: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("digest", help="the stories that gained articles since the last digest, best covered first", description=(
        "List the stories that gained articles since WHEN (by default since this store's last digest; the first time, "
        "the last 24 hours), ordered by how many independent outlets cover them (syndicated copies count once), then by "
        "recency; single-source stories are listed apart. Each story has a short cited summary, its best-supported key "
        "points and the command to its full briefing. \"Since\" is by ingest time. Made for cron: no prompt, progress "
        "only on a terminal, exit status 0 when nothing is new."))
    p.add_argument("--since", metavar="WHEN", help="a duration back from now (24h, 3d, 90m, 1w) or a date (YYYY-MM-DD[THH:MM], local time)")
    p.add_argument("-o", "--output", metavar="FILE", help=(
        "write the digest to FILE (.html: a self-contained page, with each story's full briefing written beside it in "
        "FILE's name + '-briefings/'; .json; else Markdown)"))
    p.add_argument("--format", choices=["md", "html", "json"], help="the digest's form (default: by FILE's extension, else md)")
    p.add_argument("--max", type=int, default=None, metavar="N", help="show at most N stories (default 20)")
    p.add_argument("--json", action="store_true", help="print the digest as JSON (same as --format json)")
    p.add_argument("--no-remember", action="store_true", help="do not record this digest as the last one (a preview)")
    common(p)
    engine(p)


def run(args: argparse.Namespace, newsroom: Any, out: Any, err: Any, print_json: Callable[[Any], None]) -> int:
    from ragnews.brief.digest import MAX_STORIES
    from ragnews.cli import render
    from ragnews.cli.progress import RichProgress

    output_format(args.output, args.format, args.json)  # an -o it can't write is refused before the work
    with RichProgress(err, status="reading the stored articles…") as progress:
        digest = newsroom.digest(args.since, max_stories=args.max if args.max is not None else MAX_STORIES, engine=args.engine,
                                 progress=progress, remember=False)
    fmt = output_format(args.output, args.format, args.json)
    if args.output:
        links = write_briefings(digest, Path(args.output)) if fmt == "html" else {}
        _write(Path(args.output), render_digest(digest, fmt, links))
        if err.is_terminal:  # under cron, a successful run prints nothing (cron mails whatever is printed)
            err.print(f"digest written to {render.safe(args.output)}: {render.safe(digest.headline())}")
    elif fmt == "md" and out.is_terminal:
        render.markdown(out, render_digest(digest, "md"))
    elif fmt == "json" and args.json:
        print_json(digest.to_json())
    else:
        sys.stdout.write(render_digest(digest, fmt))
    if args.output and args.json:
        print_json(digest.to_json())
    if not args.no_remember:
        newsroom.remember_digest(digest)
    return EXIT_OK


def render_digest(digest: Any, fmt: str, links: dict[str, str] | None = None) -> str:
    """The digest as the text of a file in `fmt` (md | html | json)."""
    if fmt == "html":
        from ragnews.brief.digest_html import render_digest_html

        return render_digest_html(digest, links)
    if fmt == "json":
        return json.dumps(digest.to_json(), ensure_ascii=False, indent=2) + "\n"
    from ragnews.brief.digest_markdown import render_digest_markdown

    return render_digest_markdown(digest, links)


def write_briefings(digest: Any, output: Path) -> dict[str, str]:
    """Each story's full briefing as its own page in OUTPUT-briefings/; the links the digest page uses."""
    from ragnews.brief.html import render_html

    folder = output.with_name(output.stem + "-briefings")
    links = {}
    for story in digest.all_stories():
        if story.briefing is None:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        page = folder / f"{story.id}.html"
        _write(page, render_html(story.briefing))
        story.briefing_file = str(page)
        links[story.id] = quote(f"{folder.name}/{page.name}")
    return links


def _write(path: Path, text: str) -> None:
    """Replace the file atomically: a reader (or a web server) never sees half a digest."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {path} ({exc.strerror or exc}); the digest is not recorded as read") from None
