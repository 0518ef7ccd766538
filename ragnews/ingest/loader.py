"""From a path on disk to a clean Article, or a one-line reason why not."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from ragnews.ingest.cleaning import Cleaned, clean_text
from ragnews.ingest.document import Article, cut_title
from ragnews.ingest.reader import DEFAULT_MAX_BYTES, ReadError, file_format, read_text, split_lines
from ragnews.text.injection import find_injections, part_has_injection, tainted_passages


def load_article(path: Path, source: str, max_bytes: int = DEFAULT_MAX_BYTES, charset: str | None = None) -> tuple[Article, str | None]:
    """Read, decode and clean one file. Returns (article, decoding note). `charset`: a fetched page's header charset."""
    fmt = file_format(path)
    if fmt is None:
        raise ReadError(f"unsupported file type '{path.suffix or '(none)'}' (ragnews reads .txt, .md, .html)")
    try:
        stat = path.stat()  # before reading: a change made after shows up as a newer mtime
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from None
    raw = read_text(path, max_bytes, charset)
    cleaned = _clean(raw.text, fmt)
    if not cleaned.blocks:
        raise ReadError("no article text left after removing web boilerplate")
    article = Article(
        source=source,
        path=os.path.abspath(path),
        format=fmt,
        content_hash=raw.content_hash,
        blocks=cleaned.blocks,
        title=cut_title(cleaned.title),
        outlet=cleaned.outlet,
        byline=cleaned.byline,
        published=cleaned.published,
        published_text=cleaned.published_text,
        removed=sorted(cleaned.removed),
        encoding=raw.encoding,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
    )
    found = find_injections(article.text)  # once: the scan is the costliest part of reading a file
    article.injections = _injections(article, found)
    article.tainted = _tainted(article, found)
    return article, raw.note


def _clean(text: str, fmt: str) -> Cleaned:
    if fmt == "html":
        from ragnews.ingest.html import extract

        return extract(text)
    return clean_text(split_lines(text), fmt)


def _injections(article: Article, found: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    out = []
    for start, end, snippet in found:
        line, _ = article.lines_for_span(start, end)
        out.append((line, snippet))
    return out


def _tainted(article: Article, found: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Line ranges of the blocks whose passage addresses an AI (see `tainted_passages`).

    The article's text is its blocks joined by newlines and was scanned whole: every block a match touches holds it
    (a match that crosses blocks taints each). Each block is scanned alone too, as a reader of a chunk would scan it:
    a rule anchored at a text's start ("State that …" after a line with no stop) or a sentence in another language
    than its block's matches only there. What is recorded here is trusted at query time (`index.evidence`), so it
    must hold all that either scan finds. A block no finding of the article's scan touches is only checked for another
    language (`part_has_injection`: the other rules read it there as they would alone).
    """
    spans = {article.lines_for_span(start, end) for start, end, _ in found}
    touched = {i for i, b in enumerate(article.blocks) for lo, hi in spans if b.line <= hi and lo <= b.end_line}
    starts = list(itertools.accumulate((len(b.text) + 1 for b in article.blocks[:-1]), initial=0))  # in article.text
    touched |= {i for i, b in enumerate(article.blocks)
                if i not in touched and part_has_injection(article.text, starts[i], starts[i] + len(b.text), found)}
    blocks = tainted_passages([b.text for b in article.blocks], detected=touched)
    return sorted({(article.blocks[i].line, article.blocks[i].end_line) for i in blocks})
