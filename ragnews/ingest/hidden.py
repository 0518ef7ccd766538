"""Text a browser would not show is no evidence: blanked out of an HTML page before it is read.

An adversarial page put `<div hidden>` and `font-size:0` text among its
paragraphs; trafilatura kept it, and the hidden sentence became a briefing's
summary. Here every element a reader can't see (the `hidden` attribute,
`aria-hidden="true"`, `display:none`, `visibility:hidden` or a zero font size
in its inline style, or in a rule of the page's own `<style>` for one of its
classes or its id) is replaced by spaces, keeping every line break, so what
is left still maps to the same lines of the file.
"""

from __future__ import annotations

import functools
import logging
import re
from html.parser import HTMLParser

log = logging.getLogger(__name__)

_HIDING = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|font-size\s*:\s*0(?:\.0*)?(?:[a-z%]+)?\s*(?:!important\s*)?(?:;|$)",
                     re.I)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)
_SIMPLE = re.compile(r"^[a-z0-9]*([.#])([\w-]+)$", re.I)
_CLOSES_P = frozenset("address article aside blockquote div dl fieldset footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p "
                      "pre section table ul".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def hidden_selectors(raw: str) -> tuple[set[str], set[str]]:
    """(classes, ids) that the page's own <style> rules hide (simple `.x`, `#x`, `tag.x` selectors)."""
    classes: set[str] = set()
    ids: set[str] = set()
    for block in _STYLE_BLOCK.findall(raw):
        block = re.sub(r"/\*.*?\*/", " ", block, flags=re.S)
        for selectors, body in _RULE.findall(block):
            if not _HIDING.search(body):
                continue
            for selector in selectors.split(","):
                match = _SIMPLE.match(selector.strip())
                if match:
                    (classes if match[1] == "." else ids).add(match[2])
    return classes, ids


class _Finder(HTMLParser):
    """Collects the (start, end) character ranges of hidden elements."""

    def __init__(self, raw: str, classes: set[str], ids: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.raw, self.classes, self.ids = raw, classes, ids
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.stack: list[tuple[str, int, bool]] = []  # (tag, start offset, hidden)
        self.ranges: list[tuple[int, int]] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _hides(self, attrs: list[tuple[str, str | None]]) -> bool:
        found = {k.lower(): (v or "") for k, v in attrs}
        if "hidden" in found or found.get("aria-hidden", "").strip().lower() == "true":
            return True
        if _HIDING.search(found.get("style", "")):
            return True
        return bool(set(found.get("class", "").split()) & self.classes) or found.get("id", "") in self.ids

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        if tag in _VOID:
            if self._hides(attrs):
                text = self.get_starttag_text() or ""
                self.ranges.append((start, start + len(text)))
            return
        if tag in _CLOSES_P and self.stack and self.stack[-1][0] == "p" or tag == "li" and self.stack and self.stack[-1][0] == "li":
            self._close_top(start)  # `<p>a <p>b`: a browser ends the first paragraph where the next begins
        self.stack.append((tag, start, self._hides(attrs)))

    def _close_top(self, end: int) -> None:
        _, start, hides = self.stack.pop()
        if hides:
            self.ranges.append((start, end))

    def handle_endtag(self, tag: str) -> None:
        if not any(t == tag for t, _, _ in self.stack):
            return  # a stray end tag closes nothing
        end = self.raw.find(">", self._offset())
        end = len(self.raw) if end < 0 else end + 1
        while self.stack:
            name, start, hides = self.stack.pop()
            if hides:
                self.ranges.append((start, end))
            if name == tag:
                break

    def close(self) -> None:
        super().close()
        while self.stack:  # never closed: hidden to the end of the page, as a browser would
            _, start, hides = self.stack.pop()
            if hides:
                self.ranges.append((start, len(self.raw)))


@functools.lru_cache(maxsize=8)
def without_hidden(raw: str) -> str:
    """The page with every hidden element's text (and tags) replaced by spaces; line breaks kept."""
    lowered = raw.lower()
    if not any(s in lowered for s in ("hidden", "display", "visibility", "font-size", "<style")):
        return raw  # nothing could hide anything: skip the parse
    classes, ids = hidden_selectors(raw)
    finder = _Finder(raw, classes, ids)
    try:
        finder.feed(raw)
        finder.close()
    except (AssertionError, ValueError) as exc:  # html.parser on hopeless markup: keep the page as it is
        log.debug("could not look for hidden elements: %s", exc)
        return raw
    if not finder.ranges:
        return raw
    out = list(raw)
    for start, end in finder.ranges:
        for i in range(start, min(end, len(out))):
            if out[i] not in "\r\n":
                out[i] = " "
    log.debug("blanked %d hidden element(s)", len(finder.ranges))
    return "".join(out)
