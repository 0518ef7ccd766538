"""Citations: numbered, verified pointers to the file, its lines and a verbatim quote.

Our promise is "no claim without a verifiable source", so every citation is
checked against the file on disk before it is shown: the quote must appear
(whitespace aside) in the cited lines. Anything that fails is dropped, never
shown as if it were sourced.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .sentences import split_spans

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a stored article, with everything needed to cite it."""

    text: str
    source: str
    path: str
    start_line: int
    end_line: int
    offset: int  # character offset in the article's clean text (orders sentences)
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    format: str = "txt"
    encoding: str = "utf-8"
    chunk_id: str = ""


def chunk_sentences(chunk_id: str, text: str, meta: dict[str, Any]) -> list[Sentence]:
    """Split a stored chunk into sentences, each mapped to its file lines."""
    linemap = json.loads(meta.get("linemap") or "[]") or [[0, int(meta.get("start_line", 1)), int(meta.get("end_line", 1))]]
    base = int(meta.get("start", 0))
    out = []
    for span in split_spans(text):
        first = _entry(linemap, span.start)
        last = _entry(linemap, max(span.start, span.end - 1))
        out.append(Sentence(
            text=text[span.start : span.end], source=meta.get("source", ""), path=meta.get("path", ""),
            start_line=first[1], end_line=last[2], offset=base + span.start,
            title=meta.get("title") or None, outlet=meta.get("outlet") or None, published=meta.get("published") or None,
            format=meta.get("format", "txt"), encoding=meta.get("encoding", "utf-8"), chunk_id=chunk_id,
        ))
    return out


def _entry(linemap: list[list[int]], offset: int) -> list[int]:
    chosen = linemap[0]
    for entry in linemap:
        if entry[0] <= offset:
            chosen = entry
        else:
            break
    return chosen


@dataclass
class Citation:
    n: int
    source: str
    path: str
    start_line: int
    end_line: int
    quote: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    format: str = "txt"
    encoding: str = "utf-8"

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "source": self.source, "start_line": self.start_line, "end_line": self.end_line,
                "quote": self.quote, "title": self.title, "path": self.path}


@dataclass
class CitationBook:
    """Hands out citation numbers, one per distinct (file, lines, quote)."""

    citations: list[Citation] = field(default_factory=list)
    _index: dict[tuple[str, int, int, str], int] = field(default_factory=dict)

    def cite(self, s: Sentence, quote: str | None = None) -> int:
        quote = quote or s.text
        key = (s.path, s.start_line, s.end_line, quote)
        if key not in self._index:
            n = len(self.citations) + 1
            self.citations.append(Citation(n, s.source, s.path, s.start_line, s.end_line, quote, s.title, s.outlet, s.published, s.format, s.encoding))
            self._index[key] = n
        return self._index[key]

    def cite_verified(self, s: Sentence, quote: str | None = None) -> int | None:
        """Cite only if the quote checks out against the file; otherwise None."""
        quote = quote or s.text
        key = (s.path, s.start_line, s.end_line, quote)
        if key in self._index:
            return self._index[key]
        probe = Citation(0, s.source, s.path, s.start_line, s.end_line, quote, format=s.format, encoding=s.encoding)
        return self.cite(s, quote) if verify(probe) else None

    def markers(self, sentences: list[Sentence]) -> str:
        return "".join(f"[{n}]" for n in dict.fromkeys(self.cite(s) for s in sentences))

    def get(self, n: int) -> Citation | None:
        return self.citations[n - 1] if 1 <= n <= len(self.citations) else None


def normalise(text: str) -> str:
    return _WS.sub("", text)


@lru_cache(maxsize=256)
def _file_lines(path: str, encoding: str, mtime: float) -> tuple[str, ...]:
    from .reader import read_lines

    return tuple(read_lines(path, encoding))


def cited_text(path: str, start_line: int, end_line: int, fmt: str = "txt", encoding: str = "utf-8") -> str | None:
    """The readable text of lines start..end of the file on disk, or None if unreadable."""
    import os

    try:
        lines = _file_lines(path, encoding, os.path.getmtime(path))
    except (OSError, LookupError):
        return None
    if start_line < 1 or end_line < start_line or end_line > len(lines):
        return None
    if fmt == "html":
        from .htmltext import readable_lines

        return readable_lines("\n".join(lines), start_line, end_line)
    return "\n".join(lines[start_line - 1 : end_line])


def verify(c: Citation) -> bool:
    """True when the quote appears, whitespace aside, in the cited lines of the file."""
    text = cited_text(c.path, c.start_line, c.end_line, c.format, c.encoding)
    quote = normalise(c.quote)
    return bool(text is not None and quote and quote in normalise(text))
