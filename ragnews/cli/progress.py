"""A rich progress bar for ingest, drawn on stderr so --json stdout stays clean."""

from __future__ import annotations

from typing import Any

from ragnews.index.ingestor import Progress


class RichProgress(Progress):
    def __init__(self, console: Any) -> None:
        self.console = console
        self._bar: Any = None
        self._files: Any = None
        self._chunks: Any = None

    def __enter__(self) -> RichProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, total_files: int) -> None:
        if total_files == 0:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self._bar = Bar(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[chunks]} chunks"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=self.console, transient=True,
        )
        self._bar.start()
        self._files = self._bar.add_task("Embedding articles", total=total_files, chunks=0)
        self._chunk_count = 0

    def advance(self, files: int = 0, chunks: int = 0) -> None:
        if self._bar is None:
            return
        self._chunk_count += chunks
        self._bar.update(self._files, advance=files, chunks=self._chunk_count)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def waiting(self, message: str) -> None:
        self.console.print(f"[yellow]{message}[/]")
