"""Sentence splitting with exact character spans.

Citations must quote the file verbatim, so the splitter never rewrites text:
it only finds boundaries. A hand-written splitter (rather than pysbd) keeps
spans exact and runs fast enough that it never shows beside the embedder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Words that end with a period but rarely end a sentence in news copy.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm",
    "sgt", "gov", "sen", "rep", "pres", "st", "jr", "sr", "rev", "hon", "vs", "etc",
    "no", "nos", "inc", "ltd", "co", "corp", "dept", "univ", "approx", "est", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "e.g", "i.e", "al", "ft", "mt",
}

# titles before a name, whose plurals ("Reps.", "Sens.") also come before names
_TITLES = {"rep", "sen", "gov", "gen", "dr", "prof", "lt", "col", "maj", "capt", "sgt", "adm", "cmdr"}

ABBREVIATIONS = frozenset(_ABBREVIATIONS)  # for callers that need to know a cut-short sentence
NAME_TITLES = frozenset(_TITLES | {"mr", "mrs", "ms", "rev", "pres", "hon"})  # what may stand before a name, abbreviated

# A candidate boundary: terminal punctuation, optional closing quotes/brackets,
# then whitespace. Newlines are handled separately (they always end a sentence
# in our cleaned text, because blocks are lines or paragraphs).
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_SPACED_ELLIPSIS = re.compile(r"[ \t]+[.…]")  # a stop followed by another after a space: ". . ." typeset spaced
# the word before a stop, whole: the "s" of "1990s" or the "m" of "£20m" is no initial
_WORD_BEFORE = re.compile(r"(?<![\w])([A-Za-z][A-Za-z.]*)$")
_WORD_REACH = 100  # searched back this far only (its lookbehind still sees further): a megabyte line stays linear
# A boundary whose space was lost when a page's paragraphs were joined ("said.City leaders", 'letter."I'm'):
# a stop right after a lowercase word and right before a capitalised one (a quotation mark on either side).
_GLUED = re.compile(r"(?<=[a-z]{2})[.!?]+(?=[\"”’“‘]?[A-Z]['’]?[a-z\s])")


@dataclass(frozen=True)
class Span:
    """A sentence as a half-open character span of the text it came from."""

    start: int
    end: int


def _is_abbreviation(text: str, dot_pos: int) -> bool:
    match = _WORD_BEFORE.search(text, max(0, dot_pos - _WORD_REACH), dot_pos)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    plural_title = word[:-1] in _TITLES and word.endswith("s") and match.group(1)[0].isupper()  # "Reps. Jim Jordan"
    if word in _ABBREVIATIONS or plural_title:
        return True
    # Single capital initial ("Valery V. Gerasimov") or dotted acronym ("U.S.").
    if len(word) == 1:
        return True
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def _next_starts_sentence(text: str, pos: int) -> bool:
    """A new sentence starts with a capital, digit, quote or bracket."""
    n = len(text)
    while pos < n and text[pos] in " \t":
        pos += 1
    if pos >= n:
        return True
    ch = text[pos]
    if ch in "—–" and re.match(r"[—–]\s*[a-z]", text[pos:pos + 4]):
        return False  # "near Pittsburgh, Penn. — a rally that…": a dash going on in lowercase carries the sentence on
    return ch.isupper() or ch.isdigit() or ch in "\"'“‘([—–-•" or not ch.isalpha()


def _sloppy_lowercase_start(text: str, dot_pos: int, stop: int) -> bool:
    """Copy-edited news sometimes starts a sentence in lowercase ("fronts. the military said").

    Accept that only after a plain lowercase word of 4+ letters ending in a
    period and before a common sentence opener, so "vs. last" never splits.
    """
    if text[dot_pos] != ".":
        return False
    before = _WORD_BEFORE.search(text, max(0, dot_pos - _WORD_REACH), dot_pos)
    if not before or not re.fullmatch(r"[a-z]{4,}", before.group(1)):
        return False
    nxt = re.match(r"\s+(the|a|an|it|he|she|they|we|this|that|but|and|in|on|at)\s", text[stop : stop + 12])
    return bool(nxt)


def split_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split text[start:end] into sentence spans, trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    line_start = start
    while line_start < end:
        nl = text.find("\n", line_start, end)
        line_end = end if nl == -1 else nl
        _split_line(text, line_start, line_end, spans)
        line_start = line_end + 1
    return spans


def _split_line(text: str, start: int, end: int, out: list[Span]) -> None:
    seg_start = start
    for stop in sorted(_spaced_stops(text, start, end) + _glued_stops(text, start, end)):
        _emit(text, seg_start, stop, out)
        seg_start = stop
    _emit(text, seg_start, end, out)


# a line's dateline up to its state's abbreviation: a place in capitals, a comma, "Calif", "Penn", "Fla"
_DATELINE_HEAD = re.compile(r"[A-Z][A-Z'’\-]+(?:\s+[A-Z][A-Z'’\-]+)*,\s+[A-Z][a-z]{1,5}")


def _spaced_stops(text: str, start: int, end: int) -> list[int]:
    stops = []
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.end()
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        if _SPACED_ELLIPSIS.match(text, stop):
            continue  # ". . ." goes on: the last of its stops decides, by what follows it
        if _DATELINE_HEAD.fullmatch(text, start, match.start()) and re.match(r"\s*[—–]\s", text[stop:stop + 4]):
            continue  # "SAN FRANCISCO, Calif. — Israel and … supporters gathered…": the dateline's dash goes on
        if _next_starts_sentence(text, stop) or _sloppy_lowercase_start(text, match.start(), stop):
            stops.append(stop)
    return stops


def _glued_stops(text: str, start: int, end: int) -> list[int]:
    """Where a sentence ends with no space after it: after its closing quotation mark, before an opening one."""
    stops = []
    for match in _GLUED.finditer(text, start, end):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        stop = match.end()
        mark = text[stop]
        closes = mark in "”’" or mark == '"' and text.count('"', start, stop) % 2 == 1
        stops.append(stop + 1 if closes else stop)
    return stops


def _emit(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end))


def split_sentences(text: str) -> list[str]:
    """Convenience for callers that only need the strings."""
    return [text[s.start : s.end] for s in split_spans(text)]


_CLOSERS = "\"”’')]"


def ends_in_ellipsis(text: str) -> bool:
    """The sentence trails off in an ellipsis: an excerpt's or a teaser's last line cut mid-phrase ("…his first
    such..."), or words left unsaid — either way no statement to show as one."""
    return text.rstrip().rstrip(_CLOSERS + " ").endswith(("...", "…"))


def finished(text: str) -> bool:
    """The sentence ends as a statement does: on a full stop, a question or exclamation mark, or a colon that opens
    what follows ("At least 22 people have died…:"), not cut off mid-phrase or trailing off in an ellipsis."""
    return text.rstrip().rstrip(_CLOSERS).endswith((".", "!", "?", ":")) and not ends_in_ellipsis(text)


MIN_PROSE_WORDS = 6


def is_prose(text: str) -> bool:
    """A full sentence, not a heading, caption or widget left in the text."""
    words = text.split()
    return len(words) >= MIN_PROSE_WORDS and bool(re.search(r"[.!?…”\"’)]$", text.strip()))


# A handle, a link, a picture link, a hashtag, a thread counter ("2/2 This is..."): a social post embedded in
# a page, or a link; its dates are the post's and its figures are no report of the story's.
# A label glued to a linked headline ("MORE:Buses with migrants…", "Jingle Ball 2023:Olivia Rodrigo performs…") is
# a teaser for another page.
_EMBED = re.compile(r"(?<![\w.])@\w{2,}|https?://|www\.\w|\bpic\.\w+\.\w+|(?<![\w&])#[A-Za-z]\w{2,}|^\d{1,2}/\d{1,2}\s|"
                    r"(?:\b[A-Z]{2,}|\d):[A-Z][a-z]")


def is_embedded_post(text: str) -> bool:
    """The sentence carries the marks of an embedded post or a link (see `_EMBED`)."""
    return bool(_EMBED.search(text))


# A photo's caption: "FILE - In this Oct. 27 photo, ..." (a capitalised tag and a dash before a description of a
# picture), or a sentence that points at the picture it describes ("..., in this March 24, 2015 file photo.";
# only dates, names and participles may stand between "in this" and the picture).
_TAG_PREFIX = re.compile(r"^[A-Z]{2,}(?:\s[A-Z]{2,})*\s*[-–—:]\s*")
_PICTURED = re.compile(r"\b[Ii]n this\s+(?:(?:[A-Z][\w.]*|\d[\d,]*|[a-z]+ed|file),?\s+){0,5}"
                       r"(?:photo(?:graph)?|image|picture|handout|video\s+still)s?\b")
# "..., at the Capitol in Washington, Tuesday, Feb. 6, 2018.": a news photo's caption dates the picture with its
# weekday and year ("Wednesday evening June 18, 2014"); prose says "on Tuesday" or "Feb. 6" ("on Sunday,
# October 3, 2021" is prose, and stays).
_CAPTION_DATE = re.compile(r"(?<!\b[Oo]n )\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? (?:(?:morning|afternoon|evening|night),? )?"
                           r"(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8}),? (?:1[89]|20)\d\d\b")
# "(Photo: Steve Bisson, Savannah Morning News via AP)", "(AP Photo/Evan Vucci)", "(Image: Getty)", "(Photo by …)": a
# bracketed credit, the picture named as its label, at the end of a sentence (or before a button's label or two:
# "...)Buy Photo"); "(video)" or "(Credit Suisse)" credits nothing.
_PICTURE_CREDIT = re.compile(r"\([^()]*\b(?i:photo(?:graph)?s?|images?|pictures?|credit|illustration|video)(?:\s*[:/]|\s+(?i:by|courtesy)\b)"
                             r"[^()]*\)(?:\s*[A-Z]\w*){0,2}[.\s]*$")


def is_caption(text: str) -> bool:
    """The sentence describes a picture (see `_TAG_PREFIX`, `_PICTURED`, `_CAPTION_DATE`)."""
    m = _TAG_PREFIX.match(text)
    return bool(m and re.match(r"In this\b", text[m.end():])) or bool(_PICTURED.search(text) or _CAPTION_DATE.search(text))


# "Joed Viera/AFP/Getty Images National Guard troops check on…", "Ramin Talaie/Corbis/Getty Images": a gallery's
# credit opening the sentence, a photographer's name and agencies joined by slashes, or the credit alone ("ABC
# News/Washington Post poll shows…", "Pfizer/BioNTech and Moderna…": one slash, then prose)
_SLASH_CREDIT = re.compile(r"^(?!(?:A|An|The|This|That|In|On|At|By|For|And|But|Both)\s)(?:[A-Z][\w’'\-]*\.?\s+){1,2}[A-Z][\w’'\-]*"
                           r"(?:/[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*){2,}|"
                           r"^(?:[A-Z][\w’'\-]*\.?\s+){1,2}[A-Z][\w’'\-]*(?:/[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)+\s*$|"
                           # "REUTERS/Navesh Chitrakar" (Multi-News): the agency in capitals first, then the photographer
                           r"^[A-Z]{2,}/[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)+(?:/[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)*\s*$")


# A picture's credit glued to the start of the sentence after its caption: one word in capitals (an agency's: "AP",
# "AFP", "REUTERS") before the next sentence's first capitalised word ("The cabin of a Qatar Airways plane. AP American
# Airlines on Thursday said …"). It shows a credit only after a fragment with no verb (`caption_before_credit`): "NASA
# officials said …" after a sentence that states something is prose.
_OPENING_CREDIT = re.compile(r"^[A-Z]{2,}\s+[A-Z]")


def opens_on_credit(text: str) -> bool:
    """The sentence opens on a word in capitals before a capitalised word: where a credit glued to it would be."""
    return bool(_OPENING_CREDIT.match(text.strip()))


def caption_paragraphs(sentences: Sequence[tuple[int, str]]) -> set[int]:
    """Which sentences (by index) belong to a caption: those of a paragraph up to a picture credit that ends one.

    `sentences` are (paragraph, text) in reading order. A caption may run over several sentences ("Buy Photo
    Genesee County health official Jim Henry was among those calling for... He said the county lacked the
    expertise to do so. (Photo: Karen Bouffard/The Detroit News)"); only its credit shows it is one, so every
    sentence of the paragraph before the credit is the caption's. Text after the credit is the article again.
    A gallery's paragraph runs captions and credits together ("… December 28. Joed Viera/AFP/Getty Images National
    Guard troops check on…"): a paragraph holding such a credit is captions throughout.
    """
    out: set[int] = set()
    galleries = {para for para, text in sentences if _SLASH_CREDIT.search(text)}
    out.update(k for k, (para, _) in enumerate(sentences) if para in galleries)
    for k, (para, text) in enumerate(sentences):
        if _PICTURE_CREDIT.search(text):
            j = k
            while j >= 0 and sentences[j][0] == para and j not in out:
                out.add(j)
                j -= 1
    return out
