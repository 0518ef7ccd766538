"""Terminal output with rich. Article text is untrusted: it is always printed
as plain text (escaped, control characters removed), never as markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ragnews.answer.citations import shown_path, web_link
from ragnews.text.untrusted import plain

if TYPE_CHECKING:
    from rich.console import Console

    from ragnews.index.ingestor import IngestReport
    from ragnews.index.search import Hit
    from ragnews.newsroom import SourceInfo

def safe(text: Any) -> str:
    """Untrusted text made inert: no escape sequences, no rich markup."""
    from rich.markup import escape

    return escape(plain(text))


def ingest_summary(console: Console, report: IngestReport) -> None:
    from rich.table import Table

    counts = report.counts()
    table = Table(title="Ingest summary", title_justify="left", show_header=True, header_style="bold")
    for key in counts:
        table.add_column(key, justify="right")
    table.add_row(*[str(v) for v in counts.values()])
    console.print(table)
    problems = [o for o in report.outcomes if o.status in ("failed", "skipped", "duplicate") or (o.reason and o.status in ("added", "updated"))]
    if problems:
        detail = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        detail.add_column("file", overflow="fold")
        detail.add_column("outcome")
        detail.add_column("reason", overflow="fold")
        style = {"failed": "red", "skipped": "yellow", "duplicate": "yellow"}
        for o in problems:
            detail.add_row(safe(o.source), f"[{style.get(o.status, 'cyan')}]{o.status}[/]", safe(o.reason or ""))
        console.print(detail)
    if report.injections:
        console.print(f"[bold yellow]Warning:[/] {len(report.injections)} passage(s) look like instructions aimed at an AI, not news; "
                      "they are stored as data and flagged in briefings:")
        for source, line, snippet in report.injections[:20]:
            console.print(f"  {safe(source)}:{line}: {safe(snippet[:120])}")
    if report.orphans_removed:
        console.print(f"[dim]removed {report.orphans_removed} chunk(s) that an interrupted run left without an article[/]")
    if report.tokens:
        console.print(f"[dim]{report.tokens:,} tokens embedded in {report.seconds:.1f} s[/]")


def hits(console: Console, results: Sequence[Hit]) -> None:
    from rich.text import Text

    if not results:
        console.print("No matching passages.")
        return
    if any(later.score > earlier.score for earlier, later in zip(results, results[1:])):
        console.print(Text("Spread across sources: each source's best passage comes first, so scores are not in order.", style="dim"))
        console.print()
    for i, hit in enumerate(results, 1):
        url = web_link(hit.meta.get("url"))  # a web article as its citations show it: the page, then its snapshot
        where = [(f"  {plain(url)}", "cyan"), (f"  {plain(shown_path(hit.source, hit.path, url))}:{hit.start_line}-{hit.end_line}", "dim")] \
            if url else [(f"  {plain(hit.source)}:{hit.start_line}-{hit.end_line}", "cyan")]
        head = Text.assemble((f"{i}. ", "bold"), (plain(hit.title or hit.source), "bold"), *where, (f"  score {hit.score:.3f}", "dim"))
        console.print(head)
        console.print(Text(plain(_shorten(hit.text, 400))), style="default")
        console.print()


def sources_table(console: Console, infos: Sequence[SourceInfo]) -> None:
    table = _table(console, infos, ("title", "outlet", "date", "chunks", "source"), numeric="chunks")
    if table is None:
        return
    for s in infos:  # a byline is not an outlet
        date = f"{s.settled_date} (stated {s.published}, contradicted)" if s.settled_date else s.published or "—"
        where = web_link(s.url) or shown_path(s.source, s.path)  # a web article by its page, as `ask` lists it
        table.add_row(safe(s.display_title), safe(s.outlet or "—"), date, str(s.chunks), safe(where))
    console.print(table)
    for s in infos:
        if s.date_note:
            console.print(f"[dim]{safe(s.source)}: {safe(s.date_note)}[/]")


def _table(console: Console, rows: Sequence[Any], columns: Sequence[str], numeric: str) -> Any:
    """A table with these columns (`numeric` right-aligned), or None after saying the store is empty."""
    from rich.table import Table

    if not rows:
        console.print("No articles stored yet; run `ragnews ingest PATH`.")
        return None
    table = Table(show_header=True, header_style="bold")
    for col in columns:
        table.add_column(col, overflow="fold", justify="right" if col == numeric else "left")
    return table


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def answer(console: Console, result: Any) -> None:
    """An answer, its numbered citations (file, lines, quote) and any notes."""
    from rich.text import Text

    console.print(Text(plain(result.answer)))
    if result.citations:
        console.print()
        for c in result.citations:
            console.print(citation_line(c))
            console.print(Text("    “" + plain(_shorten(c.quote, 300)) + "”", style="italic"))
    for note in result.notes:
        console.print(Text("note: " + plain(note), style="yellow"))
    sources = result.sources()
    if sources:
        console.print()
        console.print(Text("Sources", style="bold"))
        for s in sources:
            meta = ", ".join(x for x in (s.get("outlet"), s.get("published")) if x)
            where = web_link(s.get("url")) or shown_path(s["source"], s.get("path") or "")
            title = f"{plain(s['title'])} — " if s.get("title") else ""  # untitled: the file (or URL) alone, once
            console.print(Text(f"- {title}" + (f"{plain(meta)} — " if meta else "") + plain(where)))


def citation_line(c: Any) -> Any:
    """`[n] URL  snapshots/host/file.html:3-4  title` for a web source; `[n] file:3-4  title` for a file."""
    from rich.text import Text

    where = f"{plain(shown_path(c.source, c.path, c.url))}:{c.start_line}-{c.end_line}"
    url = web_link(c.url)
    parts: list[tuple[str, str]] = [(f"[{c.n}] ", "bold")]
    parts += [(plain(url) + "  ", "cyan"), (where, "dim")] if url else [(where, "cyan")]
    return Text.assemble(*parts, ("  " + plain(c.title or ""), "dim"))


def markdown(console: Console, text: str) -> None:
    """Briefing Markdown, rendered; its article text was already made inert by briefing.md()."""
    from rich.markdown import Markdown

    console.print(Markdown(plain(text), hyperlinks=False))


def check_report(console: Console, report: Any) -> None:
    """What `ragnews check` found and fixed, one line each."""
    from rich.text import Text

    console.print(Text(f"{report.sources} sources, {report.chunks} chunks checked", style="bold"))
    for p in report.problems:
        console.print(Text(f"problem [{p.kind}] " + (f"{plain(p.source)}: " if p.source else "") + plain(p.message), style="red"))
    for r in report.repaired:  # a store-wide repair (the BM25 index) names no file
        console.print(Text(f"repaired [{r.kind}] " + (f"{plain(r.source)}: " if r.source else "") + plain(r.message), style="green"))
    # a store that could not be checked at all ("nothing ingested yet", a server down) says its own fix: a repair
    # would not help, and telling to run one again after `--repair` sent the user round in a circle
    store_problems = [p for p in report.problems if not p.kind.startswith("file_") and p.kind != "store"]
    files = [p for p in report.problems if p.kind.startswith("file_")]
    advice = "problems remain; run `ragnews check --repair`" if store_problems else \
        "files changed on disk; run `ragnews ingest` on them" if files else None
    if report.ok or advice:
        console.print(Text("store is consistent" if report.ok else advice or "", style="green" if report.ok else "yellow"))


def stories_table(console: Console, stories: Sequence[Any]) -> None:
    """`ragnews stories`: one row per story, its label quoted and its citation shown."""
    table = _table(console, stories, ("id", "story", "articles", "outlets", "dates"), numeric="articles")
    if table is None:
        return
    for s in stories:
        cite = s.citation
        where = f"\n[dim]{safe(cite['source'])}:{cite['start_line']}-{cite['end_line']}[/]" if cite else ""
        dates = s.first if s.first == s.last else f"{s.first or '—'} → {s.last or '—'}"
        table.add_row(s.id, f"“{safe(s.label)}”{where}", str(len(s.articles)), safe(", ".join(s.outlets) or "—"), dates or "—")
    console.print(table)
    for s in stories:
        for note in getattr(s, "date_notes", None) or []:
            console.print(f"[dim]{safe(s.id)}: {safe(note)}[/]")
    console.print(f"[dim]{len(stories)} stories; brief one with `ragnews brief --story ID`[/]")


def explanation(console: Console, items: list[dict[str, Any]]) -> None:
    """`brief --explain`: each sentence weighed, what the model read in it, and the verdict on each other source's."""
    console.print("[bold]Why these sentences[/]")
    for item in items:
        console.print(f"\n[bold]{safe(str(item['text'])[:160])}[/] [dim]({safe(str(item['source']))})[/]")
        if "dropped" in item:
            console.print(f"  [yellow]left out[/]: {safe(str(item['dropped'])[:160])}")
            continue
        for field_name, value in (item.get("read") or {}).items():
            if value:
                console.print(f"  [dim]{field_name}:[/] {safe(str(value))}")
        if item.get("named"):
            console.print(f"  [dim]compared as:[/] {safe(str(item['named'])[:160])}")
        for w in item.get("weighed") or []:
            console.print(f"  {w['cosine']:.2f} {safe(w['verdict'])}: {safe(str(w['quote'])[:120])} [dim]({safe(str(w['source']))})[/]")
            if w.get("named"):
                console.print(f"       [dim]compared as: {safe(str(w['named'])[:120])}[/]")
            if w.get("clause"):
                console.print(f"       [dim]by the clause: {safe(str(w['clause'])[:120])}[/]")


def answer_explanation(console: Console, explain: dict[str, Any] | None) -> None:
    """`ask --explain`: the question as read, and each best candidate's score, features and verdict."""
    if explain is None:
        console.print("[dim]No explanation: this engine does not select sentences.[/]")
        return
    console.print("[bold]How the question was read[/]")
    for name, value in explain["question"].items():
        console.print(f"  [dim]{name}:[/] {safe(str(value))}")
    console.print("[bold]Best candidate sentences[/]")
    for c in explain["candidates"]:
        verdict = "answers" if c["answers"] else f"no: {c['why_not']}"
        console.print(f"\n  {c['score']:.2f} {safe(verdict)} [dim](slot {c['slot']:.2f}, overlap {c['overlap']:.2f}, "
                      f"meaning {c['meaning']:.2f})[/]")
        console.print(f"  {safe(str(c['text'])[:200])} [dim]({safe(str(c['source']))})[/]")
