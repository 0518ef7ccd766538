"""Article text is untrusted: one definition of the characters that hide things.

A scraped page can hide an instruction with zero-width or Unicode tag
characters, reorder what a reader sees with bidi controls, or drive a
terminal with escape sequences. Injection detection, the prompt cleaner and
terminal output must agree on what is invisible: if detection kept a
character that the prompt cleaner strips, "Ig<tag>nore previous
instructions" would pass detection and reach the model as "Ignore previous
instructions". So there is exactly one set, defined here.
"""

from __future__ import annotations

import re
import unicodedata

# Format characters (Unicode category Cf: zero-width, joiners, bidi controls,
# invisible operators, BOM, interlinear annotation, tags) plus the soft
# hyphen and Mongolian vowel separator (also Cf), variation selectors, and
# C0/C1 controls other than tab and newline.
_INVISIBLE_SET = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_CONTROL_SET = "\x00-\x08\x0b-\x1f\x7f-\x9f"  # keeps \t and \n; \r and ESC go
CONTROL = re.compile(f"[{_CONTROL_SET}]")
_HIDDEN = re.compile(f"[{_INVISIBLE_SET}{_CONTROL_SET}]")
_NOT_PLAIN = re.compile(r"[^\t\n\x20-\x7e]")  # anything but printable ASCII, tab and newline


def is_hidden(ch: str) -> bool:
    """True for a character a reader can't see: listed above, or any other format (Cf) character."""
    return bool(_HIDDEN.match(ch)) or unicodedata.category(ch) == "Cf"


def strip_hidden(text: str) -> str:
    """The text without invisible and control characters (tab and newline kept)."""
    text = _HIDDEN.sub("", text)
    if any(unicodedata.category(ch) == "Cf" for ch in text):
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return text


def visible_with_index(text: str) -> tuple[str, list[int]]:
    """NFKC-folded visible text, and for each of its characters the index it came from.

    Detection runs on the folded text; the index maps a match back to the
    span of the original, so a warning can quote what the file really says.
    Runs of printable ASCII (most of any article) are visible and fold to
    themselves, so they are copied whole; only the other characters are
    looked at one by one (this scan was most of the cost of reading a file).
    """
    out: list[str] = []
    back: list[int] = []
    last = 0
    for m in _NOT_PLAIN.finditer(text):
        i = m.start()
        if i > last:
            out.append(text[last:i])
            back.extend(range(last, i))
        last = i + 1
        ch = text[i]
        if is_hidden(ch):
            continue
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded)
        back.extend([i] * len(folded))
    if last < len(text):
        out.append(text[last:])
        back.extend(range(last, len(text)))
    back.append(len(text))
    return "".join(out), back


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode control pictures: ESC shows as ␛, BEL as ␇
    return "\u2421" if code == 0x7F else f"\\x{code:02x}"


def plain(text: object) -> str:
    """Untrusted text for a terminal or a file: control and escape characters shown, never obeyed; invisible ones gone."""
    shown = CONTROL.sub(_visible, str(text))
    return strip_hidden(shown)
