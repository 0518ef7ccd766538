"""Progress on a terminal: a spinner first, then bars with totals (nothing at all in a pipe)."""

from __future__ import annotations

import importlib
import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from ragnews.cli.progress import RichProgress
from tests.conftest import SEEDS

cli = importlib.import_module("ragnews.cli.main")  # (the package re-exports the function `main` under that name)


def _terminal() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=True, width=140, color_system=None), buf


def test_bars_show_totals_from_the_start() -> None:
    console, buf = _terminal()
    with RichProgress(console, status="ingesting 1 path(s)…") as progress:
        progress.status("looking for articles…")
        progress.start(2)
        reading = buf.getvalue()
        progress.advance(files=2)
        progress.embedding(2, 240)
        embedding = buf.getvalue()[len(reading):]
        progress.advance(chunks=16)
    assert "looking for articles" in reading and "0/2 files" in reading
    assert "0/240 chunks" in embedding and "0/2 articles" in embedding


def test_nothing_is_drawn_when_stderr_is_not_a_terminal() -> None:
    buf = io.StringIO()
    with RichProgress(Console(file=buf, force_terminal=False), status="ingesting…") as progress:
        progress.start(1)
        progress.advance(files=1)
        progress.embedding(1, 10)
        progress.advance(chunks=10, files=1)
    assert buf.getvalue() == ""


def test_brief_on_paths_shows_a_status_line_while_it_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SEEDS / "001_e466ae1f60d4263a.txt", corpus / "story.txt")
    out, _ = _terminal()
    err, err_buf = _terminal()
    monkeypatch.setattr(cli, "_consoles", lambda: (out, err))
    assert cli.main(["brief", str(corpus), "--db", str(tmp_path / "db"), "--engine", "extractive"]) == 0
    shown = err_buf.getvalue()
    assert "looking for articles" in shown and "Embedding" in shown and "writing the briefing" in shown
