"""Ingest progress drawn on stderr (so --json stdout stays clean), with real totals.

A spinner names what is happening while files are found and hashed; then a
bar counts files read and cleaned, then a bar counts chunks embedded against
the total counted beforehand (so a single huge file moves too), with the
articles stored so far and an ETA. On a console that is not a terminal
nothing is drawn.
"""

from __future__ import annotations

from typing import Any

from ragnews.index.ingestor import Progress


class RichProgress(Progress):
    def __init__(self, console: Any, status: str | None = None) -> None:
        self.console = console
        self._first_status = status
        self._spinner: Any = None
        self._bar: Any = None
        self._task: Any = None
        self._articles = (0, 0)  # (stored, to store) during embedding

    def __enter__(self) -> RichProgress:
        if self._first_status:
            self.status(self._first_status)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def status(self, message: str) -> None:
        """A spinner line; a bar, once there is one, says more."""
        from rich.markup import escape

        if self._bar is not None or not self.console.is_terminal:
            return
        if self._spinner is None:
            self._spinner = self.console.status(escape(message))
            self._spinner.start()
        else:
            self._spinner.update(escape(message))

    def start(self, total_files: int) -> None:
        if total_files:
            self._phase("Reading articles", total_files, "files")

    def embedding(self, total_files: int, total_chunks: int) -> None:
        self._articles = (0, total_files)
        if total_chunks:
            self._phase("Embedding", total_chunks, "chunks", detail=f"· 0/{total_files} articles stored")
        else:
            self.stop()

    def retotal(self, total_chunks: int) -> None:
        """A better estimate of the chunks to embed (ingests past READ_AHEAD files read as they go)."""
        if self._bar is not None and self._bar.tasks[0].fields["unit"] == "chunks":
            self._bar.update(self._task, total=max(total_chunks, int(self._bar.tasks[0].completed)))

    def advance(self, files: int = 0, chunks: int = 0) -> None:
        if self._bar is None:
            return
        if self._bar.tasks[0].fields["unit"] == "files":
            self._bar.update(self._task, advance=files)
            return
        stored, total = self._articles[0] + files, self._articles[1]
        self._articles = (stored, total)
        self._bar.update(self._task, advance=chunks, detail=f"· {stored}/{total} articles stored")

    def stop(self) -> None:
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def waiting(self, message: str) -> None:
        from rich.markup import escape

        self.console.print(f"[yellow]{escape(message)}[/]")

    def _phase(self, description: str, total: int, unit: str, detail: str = "") -> None:
        """Show one bar (replacing the spinner or the previous phase's bar)."""
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self.stop()
        if not self.console.is_terminal:
            return
        self._bar = Bar(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[unit]}"),
            TextColumn("{task.fields[detail]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=self.console, transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(description, total=total, unit=unit, detail=detail)
