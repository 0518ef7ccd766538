"""Terminal tables and lists, rendered on a fixed-width console."""

from __future__ import annotations

import io

from rich.console import Console

from ragnews.cli import render
from ragnews.index.search import Hit
from ragnews.newsroom import SourceInfo


def _console() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, width=160, color_system=None, force_terminal=False), buf


def _info(source: str, title: str | None, outlet: str | None, byline: str | None) -> SourceInfo:
    return SourceInfo(source=source, path="/news/" + source, title=title, outlet=outlet, byline=byline,
                      published=None, chunks=3, words=400, content_hash="x", injections=[])


def test_sources_table_shows_each_path_once_and_no_byline_as_outlet() -> None:
    console, buf = _console()
    render.sources_table(console, [_info("kursk-report.txt", None, None, "Jane Smith"),
                                   _info("budget.txt", "Budget passes", "Daily Planet", "Lois Lane")])
    out = buf.getvalue()
    assert out.count("kursk-report.txt") == 1 and "(untitled)" in out
    assert "Jane Smith" not in out and "Lois Lane" not in out
    assert "Daily Planet" in out


def test_sources_table_shows_a_web_article_by_its_url() -> None:
    """New-user walk: `ragnews sources` listed a fetched page as /home/…/snapshots/127.0.0.1_8765/2026-12-07-….html,
    where `ask` and every citation show its URL."""
    import dataclasses

    console, buf = _console()
    page = dataclasses.replace(_info("/home/me/.ragnews/snapshots/x.example/2026-12-07-kursk.html", "Kursk", "X", None),
                               url="https://x.example/world/kursk")
    render.sources_table(console, [page])
    out = buf.getvalue()
    assert "https://x.example/world/kursk" in out and "/home/me" not in out


def _hit(source: str, score: float) -> Hit:
    return Hit(source=source, title=None, chunk=0, start_line=1, end_line=2, score=score, text=f"text of {source}")


def test_search_says_when_scores_are_out_of_order() -> None:
    console, buf = _console()
    render.hits(console, [_hit("a.txt", 0.9), _hit("b.txt", 0.5), _hit("a.txt", 0.7)])  # diversified: a's second after b
    assert "scores are not in order" in buf.getvalue()
    console, buf = _console()
    render.hits(console, [_hit("a.txt", 0.9), _hit("b.txt", 0.7), _hit("a.txt", 0.5)])
    assert "not in order" not in buf.getvalue()


def test_explain_shows_the_clause_that_states_a_point_when_one_did() -> None:
    console, buf = _console()
    weighed = [{"quote": "Washington got a two-year contract.", "source": "b.txt", "cosine": 0.5, "verdict": "states the same fact",
                "clause": "Washington signed a two-year contract"},
               {"quote": "Nevin was fired last season.", "source": "c.txt", "cosine": 0.4, "verdict": "not the same fact: score 0.52 < 0.78"}]
    render.explanation(console, [{"text": "Washington signed a two-year contract, replacing Phil Nevin.", "source": "a.txt",
                                  "read": {}, "weighed": weighed}])
    out = buf.getvalue()
    assert out.count("by the clause:") == 1 and "by the clause: Washington signed a two-year contract" in out


def test_notes_on_a_redirected_stderr_are_not_cut_at_80_columns(capsys) -> None:
    """`ragnews brief DIR 2> log` wrapped each note at the 80 columns of an absent terminal, so a failed file's
    reason ("…; raise\\nRAGNEWS_MAX_FILE_MB…") spread over two lines of the log."""
    from ragnews.cli.main import _consoles

    _, err = _consoles()
    note = "note: messy/huge.txt: file too large (27.1 MiB > 20 MiB limit; raise RAGNEWS_MAX_FILE_MB to ingest it)"
    err.print(note)
    assert capsys.readouterr().err == note + "\n"


def test_check_of_no_store_does_not_send_the_user_round_to_repair_again() -> None:
    """New-user walk: `check --repair` with a damaged feeds.json and nothing ingested set the file aside, then said
    "nothing ingested yet …; run `ragnews ingest PATH` first" and "problems remain; run `ragnews check --repair`"."""
    from ragnews.index.check import CheckReport, Problem

    console, buf = _console()
    report = CheckReport(problems=[Problem("store", "", "nothing ingested yet in /x/db; run `ragnews ingest PATH` first")],
                         repaired=[Problem("state_file", "/x/feeds.json", "set aside")])
    render.check_report(console, report)
    out = buf.getvalue()
    assert "run `ragnews ingest PATH` first" in out and "check --repair" not in out
    console, buf = _console()
    render.check_report(console, CheckReport(problems=[Problem("orphan", "a.txt", "chunks without a record")]))
    assert "problems remain; run `ragnews check --repair`" in buf.getvalue()


def test_search_shows_a_web_article_by_its_url_then_its_snapshot() -> None:
    """New-user walk: `ragnews search` showed a fetched page as /home/…/snapshots/host/file.html:1-1, where citations
    show the URL first, then `snapshots/<host>/<file>` and its lines."""
    import dataclasses

    console, buf = _console()
    snap = "/home/me/.ragnews/snapshots/x.example/2026-12-07-kursk.html"
    hit = dataclasses.replace(_hit(snap, 0.9), title="Kursk", path=snap, meta={"url": "https://x.example/world/kursk"}, text="t")
    render.hits(console, [hit])
    out = buf.getvalue()
    assert "https://x.example/world/kursk  snapshots/x.example/2026-12-07-kursk.html:1-2" in out and "/home/me" not in out
