"""Main text and metadata of HTML articles, mapped back to source lines.

trafilatura decides what is article text (it is far better at that than
hand-written rules); we then find each of its paragraphs in the page's own
text nodes so that a citation can name the lines of the .html file where
the quoted words stand.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass

from ragnews.ingest.cleaning import Cleaned, is_chrome, split_site
from ragnews.ingest.document import Block
from ragnews.ingest.hidden import without_hidden
from ragnews.text.dates import find_date

# Never shown as page text: code, styles, and the fallback content of embedded
# frames and media (what a browser without frames/scripts/video would show).
_SKIP_ELEMENTS = re.compile(r"<(script|style|noscript|template|svg|iframe|object|audio|video|canvas)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"<[^>]*>", re.S)
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Segment:
    text: str  # readable text (entities decoded, whitespace collapsed)
    start_line: int
    end_line: int


def segments(raw: str) -> list[Segment]:
    """The page's text nodes in order, each with the lines it spans (what a browser hides is no text node)."""
    blanked = _SKIP_ELEMENTS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), without_hidden(raw))
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


# The page's own metadata only (meta tags, JSON-LD, <time>, a dated URL): htmldate's extensive search reads a bare
# year in the text ("in 2007") as 1 January of it. A fetched page with no dated metadata takes its feed entry's
# date, else its Last-Modified (`Snapshots.dating`); a local page without one is undated, not misdated.
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}


def extract(raw: str) -> Cleaned:
    """Article paragraphs (as Blocks with line ranges) and metadata from an HTML page."""
    import trafilatura

    doc = trafilatura.bare_extraction(without_hidden(raw), with_metadata=True, include_comments=False, include_tables=False,
                                      date_extraction_params=_DATE_PARAMS)
    segs = segments(raw)
    paragraphs = _paragraphs(doc, segs)
    out = Cleaned(blocks=_locate(paragraphs, segs))
    meta = doc if doc is not None else None
    title = getattr(meta, "title", None) if meta is not None else None
    # trafilatura cuts "| Harbour Times" from the title; with no site name in the page's metadata, that is the outlet
    tag_title, tag_site = split_site(_title_tag(raw) or "")
    out.title = title or tag_title or None
    out.byline = getattr(meta, "author", None) if meta is not None else None
    out.outlet = (getattr(meta, "sitename", None) if meta is not None else None) or tag_site
    _undo_dotted_split(out, _title_tag(raw) or "")
    date_text = getattr(meta, "date", None) if meta is not None else None
    if date_text:
        found = find_date(date_text)
        if found:
            out.published, out.published_text = found[0].isoformat(), date_text
    return out


# trafilatura's own split of a <title> at a separator ("Headline - Site"): it takes the part with a dot for a domain
_TITLE_PARTS = re.compile(r"^(.+)?\s+[–•·—|⁄*⋆~‹«<›»>:-]\s+(.+)$")


def _undo_dotted_split(out: Cleaned, tag: str) -> None:
    """"U.S. troops arrive in Poland - Reuters" (no <h1>, no og:title) came out titled "Reuters" with the outlet
    "U.S. troops arrive in Poland": trafilatura reads a part with a dot as a domain name, and "U.S." or "Dr." has one.
    A part with a dot and a space is a headline, not a domain: the headline is the title, the other part the outlet
    when it reads as a site's name; a second half with a dot and a space is no site either."""
    m = _TITLE_PARTS.match(tag)
    if not m or not m[1]:
        return
    first, second = m[1].strip(), m[2].strip()
    if out.title == second and "." in first and " " in first:
        out.title = first
        if out.outlet == first:
            out.outlet = split_site(f"{first} | {second}")[1]
    elif out.title == first and out.outlet == second and "." in second and " " in second and \
            not all(w[:1].isupper() or w in ("of", "the", "and", "&") for w in second.split()):
        out.title, out.outlet = tag, None  # a headline's half ("Talks stall - U.S. says"), not a site's name with a
        # dot, every word of it capitalised ("U.S. News & World Report")


def _paragraphs(doc: object, segs: list[Segment]) -> list[str]:
    text = getattr(doc, "text", None) if doc is not None else None
    if text:
        paras = [p.strip() for p in text.split("\n")]
    else:  # trafilatura found no main text: fall back to every text node
        paras = [s.text for s in segs]
    return [p for p in paras if p and is_chrome(p) is None]


@dataclass
class _Stream:
    """The page's text without whitespace; which segment owns each character, where each segment starts."""

    text: str
    owners: list[int]
    starts: set[int]

    @classmethod
    def of(cls, segs: list[Segment]) -> _Stream:
        parts: list[str] = []
        owners: list[int] = []
        starts: set[int] = set()
        for i, seg in enumerate(segs):
            starts.add(len(owners))
            for ch in _WS.sub("", seg.text):
                parts.append(ch)
                owners.append(i)
        starts.add(len(owners))
        return cls("".join(parts), owners, starts)

    def next_starts(self, pos: int, count: int) -> list[int]:
        """The starts of the `count` segments after the one that starts at pos."""
        out: list[int] = []
        seg = self.owners[pos] if pos < len(self.owners) else len(self.owners)
        for p in range(pos, len(self.owners)):
            if self.owners[p] != seg and p in self.starts:
                out.append(p)
                seg = self.owners[p]
                if len(out) == count:
                    break
        return out


_MAX_GAP = 3  # whole elements trafilatura may drop inside one paragraph (a <time>, a <button>, a frame's fallback)


def _locate(paragraphs: list[str], segs: list[Segment]) -> list[Block]:
    """Find each paragraph in the page's text stream and take the lines it covers."""
    stream = _Stream.of(segs)
    blocks: list[Block] = []
    cursor = 0
    for para in paragraphs:
        key = _WS.sub("", html.unescape(para))
        if not key:
            continue
        at = stream.text.find(key, cursor)
        if at < 0:
            at = stream.text.find(key)
        if at >= 0:
            first, last = segs[stream.owners[at]], segs[stream.owners[at + len(key) - 1]]
            blocks.append(Block(text=_WS.sub(" ", para), line=first.start_line, end_line=last.end_line))
            cursor = at + len(key)
            continue
        pieces = _pieces_with_gaps(key, stream, cursor)
        if pieces is None:
            continue  # trafilatura rewrote it beyond recognition: not citable, so not kept
        blocks.extend(_piece_blocks(html.unescape(para), pieces, stream, segs))
        cursor = pieces[-1][1] + pieces[-1][2]
    return blocks


def _pieces_with_gaps(key: str, stream: _Stream, cursor: int) -> list[tuple[int, int, int]] | None:
    """A paragraph whose text skips whole elements of the page: [(key offset, stream offset, length)].

    trafilatura drops elements it considers noise (a <time> inside a sentence,
    an <iframe>'s fallback text next to loose article text), so its paragraph
    is the page's text with whole segments left out. Each piece must end where
    a segment ends (or where the paragraph ends); anything else is a rewrite.
    """
    length = _longest_prefix_found(key, stream.text)
    if length == 0:
        return None
    at = stream.text.find(key[:length], cursor)
    at = at if at >= 0 else stream.text.find(key[:length])
    pieces = [(0, at, length)]
    done, pos = length, at + length
    while done < len(key):
        if pos not in stream.starts:
            return None
        for start in stream.next_starts(pos, _MAX_GAP):  # skip the segment at pos, and up to _MAX_GAP - 1 more
            size = len(os.path.commonprefix([key[done:], stream.text[start : start + len(key) - done]]))
            if size and (done + size == len(key) or start + size in stream.starts):
                pieces.append((done, start, size))
                done, pos = done + size, start + size
                break
        else:
            return None
    return pieces


def _longest_prefix_found(key: str, text: str) -> int:
    """Length of the longest prefix of key that occurs in text (a binary search: shorter prefixes occur too)."""
    lo, hi = 0, len(key)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text.find(key[:mid]) >= 0:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _piece_blocks(text: str, pieces: list[tuple[int, int, int]], stream: _Stream, segs: list[Segment]) -> list[Block]:
    """One block per piece: its words as the paragraph spells them, on the lines they stand."""
    visible = [m.start() for m in re.finditer(r"\S", text)]  # key offset -> offset in text
    blocks = []
    for done, start, size in pieces:
        words = _WS.sub(" ", text[visible[done] : visible[done + size - 1] + 1])
        first, last = segs[stream.owners[start]], segs[stream.owners[start + size - 1]]
        blocks.append(Block(text=words, line=first.start_line, end_line=last.end_line))
    return blocks


def _title_tag(raw: str) -> str | None:
    match = re.search(r"<title[^>]*>(.*?)</title>", raw, re.I | re.S)
    return _WS.sub(" ", html.unescape(match.group(1))).strip() or None if match else None
