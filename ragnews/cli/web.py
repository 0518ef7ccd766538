"""`ragnews feeds …` and `ragnews update`: following outlets' feeds from the terminal.

Thin: the work is `Newsroom.follow / unfollow / import_opml / feeds / update`
(see `ragnews.web`); this module parses the commands and prints their
results. With --json, stdout holds only the JSON document.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ragnews.text.untrusted import plain

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK, EXIT_FAIL = 0, 1


def add_parsers(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register `feeds` (add, list, remove, import) and `update` on the `ragnews` subcommands."""
    p = sub.add_parser("feeds", help="follow RSS/Atom feeds (add, list, remove, import an OPML file)", description=(
        "Manage the feeds ragnews follows. `ragnews update` fetches what is new in them. Followed feeds and their "
        "validators are kept in $RAGNEWS_HOME/feeds.json."))
    actions = p.add_subparsers(dest="feeds_action", metavar="ACTION", required=True)
    a = actions.add_parser("add", help="follow one or more feeds", description="Follow one or more RSS/Atom feeds by URL.")
    a.add_argument("urls", nargs="+", metavar="URL")
    a.add_argument("--json", action="store_true", help="print one JSON row per URL")
    a = actions.add_parser("list", help="list the followed feeds", description="List the followed feeds: title, URL, last check, status.")
    a.add_argument("--json", action="store_true", help="print the feeds as a JSON array")
    a = actions.add_parser("remove", help="stop following a feed", description="Stop following a feed (its articles stay stored).")
    a.add_argument("url", metavar="URL")
    a = actions.add_parser("import", help="follow every feed in an OPML file", description=(
        "Follow every feed listed in an OPML file, as Miniflux, NetNewsWire, Feedly, newsboat and other readers export them."))
    a.add_argument("opml", metavar="FILE.opml")
    a.add_argument("--json", action="store_true", help="print one JSON row per feed")
    for action in actions.choices.values():
        common(action)

    p = sub.add_parser("update", help="fetch what is new in the followed feeds, then ingest it", description=(
        "Ask every followed feed what is new (a conditional GET: an unchanged feed costs a 304), fetch the new "
        "articles politely (robots.txt, per-host delay), save each as a snapshot under $RAGNEWS_HOME/snapshots/ and "
        "ingest it. Exit status 1 when a feed or an article could not be fetched or ingested (each gets a reason)."))
    p.add_argument("--json", action="store_true", help="print the report as JSON (progress goes to stderr)")
    common(p)


def cmd_feeds(args: argparse.Namespace, newsroom: Any, out: Console, print_json: Callable[[Any], None]) -> int:
    if args.feeds_action == "list":
        rows = newsroom.feeds()
        print_json(rows) if args.json else _feed_table(out, rows)
        return EXIT_OK
    if args.feeds_action == "remove":
        removed = newsroom.unfollow(args.url)
        out.print(f"no longer following {plain(args.url)}" if removed else f"not followed: {plain(args.url)}", markup=False)
        return EXIT_OK if removed else EXIT_FAIL
    rows = newsroom.follow(args.urls) if args.feeds_action == "add" else newsroom.import_opml(args.opml)
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            line = f"{row['status']}: {row['url']}" + (f" ({row['reason']})" if row.get("reason") else "")
            out.print(plain(line), markup=False, highlight=False)
        if any(r["status"] == "added" for r in rows):
            out.print("run `ragnews update` to fetch them", markup=False, style="dim")
    return EXIT_FAIL if any(r["status"] == "failed" for r in rows) else EXIT_OK


def _feed_table(console: Console, rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from ragnews.cli.render import safe

    if not rows:
        console.print("No feeds followed yet; add one with `ragnews feeds add URL` or `ragnews feeds import FILE.opml`.")
        return
    table = Table(show_header=True, header_style="bold")
    for col in ("title", "url", "checked", "status", "entries"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(safe(r["title"] or "—"), safe(r["url"]), safe(r["checked"] or "never"), safe(r["status"] or ""), str(r["entries"]))
    console.print(table)


def cmd_update(args: argparse.Namespace, newsroom: Any, out: Console, err: Console, print_json: Callable[[Any], None]) -> int:
    from ragnews.cli import render
    from ragnews.cli.progress import RichProgress

    with RichProgress(err, status="checking the followed feeds…") as progress:
        report = newsroom.update(progress=progress)
    if args.json:
        print_json(report.to_json())
    else:
        update_summary(out, report)
        if report.ingest is not None:
            render.ingest_summary(out, report.ingest)
    return EXIT_FAIL if report.failed else EXIT_OK


def update_summary(console: Console, report: Any) -> None:
    """One line per feed, one per article that failed, and the request counts."""
    from rich.text import Text

    style = {"updated": "green", "not modified": "dim", "failed": "red"}
    for f in report.web.feeds:
        tail = f" — {f.entries} new" if f.status == "updated" else (f" — {f.reason}" if f.reason else "")
        console.print(Text.assemble((f"{f.status:>12} ", style.get(f.status, "")), plain(f.title or f.url), (f"  {plain(f.url)}", "cyan"), plain(tail)))
    for p in report.web.pages:
        if p.status in ("failed", "skipped"):
            console.print(Text.assemble((f"{p.status:>12} ", "red" if p.status == "failed" else "yellow"), plain(p.url), "  ", plain(p.reason or "")))
    stats = report.web.stats
    console.print(Text(f"{stats.requests} request(s), {stats.conditional} conditional, {stats.not_modified} not modified, "
                       f"{report.web.seconds:.1f} s", style="dim"))
    if report.ingest is None:
        console.print(Text("nothing new to ingest"))
