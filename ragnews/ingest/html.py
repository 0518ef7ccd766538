"""Main text and metadata of HTML articles, mapped back to source lines.

trafilatura decides what is article text (it is far better at that than
hand-written rules); we then find each of its paragraphs in the page's own
text nodes so that a citation can name the lines of the .html file where
the quoted words stand.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ragnews.ingest.cleaning import Cleaned, is_chrome
from ragnews.ingest.document import Block
from ragnews.text.dates import find_date

_SKIP_ELEMENTS = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"<[^>]*>", re.S)
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Segment:
    text: str  # readable text (entities decoded, whitespace collapsed)
    start_line: int
    end_line: int


def segments(raw: str) -> list[Segment]:
    """The page's text nodes in order, each with the lines it spans."""
    blanked = _SKIP_ELEMENTS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), raw)
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", blanked)]
    out: list[Segment] = []
    pos = 0
    for match in list(_TAG.finditer(blanked)) + [None]:
        stop = match.start() if match else len(blanked)
        chunk = blanked[pos:stop]
        text = _WS.sub(" ", html.unescape(chunk)).strip()
        if text:
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk.rstrip())
            out.append(Segment(text, _line_of(line_starts, pos + lead), _line_of(line_starts, pos + max(trail - 1, 0))))
        pos = match.end() if match else stop
    return out


def _line_of(line_starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(line_starts, offset)


def readable_lines(raw: str, start_line: int, end_line: int) -> str:
    """The text a reader sees on lines start..end of an HTML file."""
    return " ".join(s.text for s in segments(raw) if s.end_line >= start_line and s.start_line <= end_line)


def extract(raw: str) -> Cleaned:
    """Article paragraphs (as Blocks with line ranges) and metadata from an HTML page."""
    import trafilatura

    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False)
    segs = segments(raw)
    paragraphs = _paragraphs(doc, segs)
    out = Cleaned(blocks=_locate(paragraphs, segs))
    meta = doc if doc is not None else None
    title = getattr(meta, "title", None) if meta is not None else None
    out.title = title or _title_tag(raw)
    out.byline = getattr(meta, "author", None) if meta is not None else None
    out.outlet = getattr(meta, "sitename", None) if meta is not None else None
    date_text = getattr(meta, "date", None) if meta is not None else None
    if date_text:
        found = find_date(date_text)
        if found:
            out.published, out.published_text = found[0].isoformat(), date_text
    return out


def _paragraphs(doc: object, segs: list[Segment]) -> list[str]:
    text = getattr(doc, "text", None) if doc is not None else None
    if text:
        paras = [p.strip() for p in text.split("\n")]
    else:  # trafilatura found no main text: fall back to every text node
        paras = [s.text for s in segs]
    return [p for p in paras if p and is_chrome(p) is None]


def _locate(paragraphs: list[str], segs: list[Segment]) -> list[Block]:
    """Find each paragraph in the page's text stream and take the lines it covers."""
    stream_parts, owners = [], []
    for i, seg in enumerate(segs):
        for ch in _WS.sub("", seg.text):
            stream_parts.append(ch)
            owners.append(i)
    stream = "".join(stream_parts)
    blocks: list[Block] = []
    cursor = 0
    for para in paragraphs:
        key = _WS.sub("", html.unescape(para))
        if not key:
            continue
        at = stream.find(key, cursor)
        if at < 0:
            at = stream.find(key)
        if at < 0:
            continue  # trafilatura rewrote it beyond recognition: not citable, so not kept
        first, last = segs[owners[at]], segs[owners[at + len(key) - 1]]
        blocks.append(Block(text=_WS.sub(" ", para), line=first.start_line, end_line=last.end_line))
        cursor = at + len(key)
    return blocks


def _title_tag(raw: str) -> str | None:
    match = re.search(r"<title[^>]*>(.*?)</title>", raw, re.I | re.S)
    return _WS.sub(" ", html.unescape(match.group(1))).strip() or None if match else None
