"""Citations: numbered, verified pointers to the file, its lines and a verbatim quote.

Our promise is "no claim without a verifiable source", so every citation is
checked against the file on disk before it is shown: the quote must appear
(whitespace aside) in the cited lines. Anything that fails is dropped, never
shown as if it were sourced.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from ragnews.index.evidence import Sentence

_WS = re.compile(r"\s+")


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
    url: str | None = None  # the page a web snapshot was fetched from (source and path name the snapshot file)

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "source": self.source, "start_line": self.start_line, "end_line": self.end_line,
                "quote": self.quote, "title": self.title, "path": self.path, "url": self.url}


def web_link(url: Any) -> str:
    """The URL if it is an http(s) address safe to show as a link, else '' (never javascript:, data:, file:)."""
    text = str(url or "").strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or re.search(r"[\s<>\"`]", text):
        return ""
    return text


def shown_path(source: str, path: str = "", url: Any = None) -> str:
    """Where a citation points, as short as is still unambiguous to its reader.

    A web snapshot: `snapshots/<host>/<file>` (its URL is shown beside it). A file named by an absolute path
    under the current folder: relative to it. Anything else: as the user named it when ingesting.
    """
    where = (path or source).replace(os.sep, "/")
    if web_link(url) and "/snapshots/" in where:
        return "snapshots/" + where.rsplit("/snapshots/", 1)[1]
    if os.path.isabs(source):
        try:
            rel = os.path.relpath(source)
        except ValueError:  # another drive
            return source
        if not rel.startswith(".."):
            return rel
    return source


@dataclass
class CitationBook:
    """Hands out citation numbers, one per distinct (file, lines, quote)."""

    citations: list[Citation] = field(default_factory=list)
    _index: dict[tuple[str, int, int, str], int] = field(default_factory=dict)
    _sentences: dict[int, Sentence] = field(default_factory=dict)

    def cite(self, s: Sentence, quote: str | None = None) -> int:
        quote = quote or s.text
        key = (s.path, s.start_line, s.end_line, quote)
        if key not in self._index:
            n = len(self.citations) + 1
            self.citations.append(Citation(n, s.source, s.path, s.start_line, s.end_line, quote, s.title, s.outlet, s.published, s.format, s.encoding,
                                           s.url))
            self._index[key] = n
            self._sentences[n] = s
        return self._index[key]

    def cite_verified(self, s: Sentence, quote: str | None = None) -> int | None:
        """Cite only if the quote checks out against the file; otherwise None."""
        quote = quote or s.text
        key = (s.path, s.start_line, s.end_line, quote)
        if key in self._index:
            return self._index[key]
        probe = Citation(0, s.source, s.path, s.start_line, s.end_line, quote, format=s.format, encoding=s.encoding)
        return self.cite(s, quote) if verify(probe) else None

    def sentence(self, n: int) -> Sentence:
        """The sentence citation `n` was made from (to cite it again in another book)."""
        return self._sentences[n]


MARKER = re.compile(r"\[(\d+)\]")


def find_markers(text: str) -> list[int]:
    """The citation numbers of the `[n]` markers in `text`, in order."""
    return [int(m) for m in MARKER.findall(text)]


def renumber_markers(text: str, mapping: Mapping[int, int | None]) -> str:
    """Rewrite every `[n]` to `[mapping[n]]`; a number with no mapping becomes `[?]`."""
    return MARKER.sub(lambda m: f"[{mapping.get(int(m.group(1))) or '?'}]", text)


def normalise(text: str) -> str:
    return _WS.sub("", text)


@lru_cache(maxsize=256)
def _file_lines(path: str, encoding: str, mtime: float) -> tuple[str, ...]:
    from ragnews.ingest.reader import read_lines

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
        from ragnews.ingest.html import readable_lines

        return readable_lines("\n".join(lines), start_line, end_line)
    return "\n".join(lines[start_line - 1 : end_line])


def verify(c: Citation) -> bool:
    """True when the quote appears, whitespace aside, in the cited lines of the file."""
    text = cited_text(c.path, c.start_line, c.end_line, c.format, c.encoding)
    quote = normalise(c.quote)
    return bool(text is not None and quote and quote in normalise(text))
