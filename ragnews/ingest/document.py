"""The cleaned article and its map back to the file on disk.

An article's clean text is its kept blocks joined by newlines. Each block
remembers the line (1-based) and column it came from, so any span of the
clean text maps back to the lines of the original file. That map is what
lets a citation point at lines a reader can open.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

MAX_TITLE_CHARS = 300  # a headline; a file whose first line is a megabyte long has no title that size


def cut_title(title: str | None, limit: int = MAX_TITLE_CHARS) -> str | None:
    """The title, cut at a word before `limit` characters (with an ellipsis) when longer.

    The title is stored with every chunk and prefixed to each one the embedder
    reads, so an unbounded one (a 1 MB single-line .txt) costs memory and time
    in proportion to its length times the article's chunks.
    """
    if title is None or len(title) <= limit:
        return title
    head = title[: limit - 1]
    cut = head.rsplit(" ", 1)[0] if " " in head[limit // 2 :] else head
    return cut.rstrip() + "…"


@dataclass(frozen=True)
class Block:
    """One kept piece of article text.

    For .txt/.md files `text` is exactly `original_line[col:col + len(text)]`.
    For HTML it is the readable text of lines `line..end_line` of the file.
    """

    text: str
    line: int
    end_line: int
    col: int = 0


@dataclass
class Article:
    """A readable article: clean text, metadata and the line map."""

    source: str
    path: str
    format: str
    content_hash: str
    blocks: list[Block]
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO date, when the article states one
    published_text: str | None = None
    encoding: str = "utf-8"
    size: int = 0  # bytes on disk, and mtime, when read: a cheap "unchanged since ingest" test
    mtime_ns: int = 0
    removed: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    injections: list[tuple[int, str]] = field(default_factory=list)  # (line, snippet)
    tainted: list[tuple[int, int]] = field(default_factory=list)  # line ranges of passages addressing an AI
    text: str = ""
    _offsets: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.text = "\n".join(b.text for b in self.blocks)
        offsets, pos = [], 0
        for block in self.blocks:
            offsets.append(pos)
            pos += len(block.text) + 1
        self._offsets = offsets

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def lines_for_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of `text` to (start_line, end_line) in the file."""
        if not self.blocks:
            return (1, 1)
        end = max(start + 1, end)
        first = max(0, bisect.bisect_right(self._offsets, start) - 1)
        last = max(0, bisect.bisect_right(self._offsets, end - 1) - 1)
        return (self.blocks[first].line, self.blocks[last].end_line)

    def line_map(self, start: int, end: int) -> list[list[int]]:
        """[offset within span, first line, last line] for each block the span touches.

        Stored with each chunk, it lets any sentence of the chunk be cited to
        its exact lines without re-reading the article.
        """
        first = max(0, bisect.bisect_right(self._offsets, start) - 1)
        out = []
        for i in range(first, len(self.blocks)):
            if self._offsets[i] >= end:
                break
            block = self.blocks[i]
            out.append([max(0, self._offsets[i] - start), block.line, block.end_line])
        return out
