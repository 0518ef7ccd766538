"""The briefing as one self-contained HTML page a reader can open, keep and share.

Rendered with Jinja2 and autoescaping: article text (quotes, titles, file
names, even the model's prose) is data and is escaped everywhere, after the
hidden characters are removed. The page loads nothing: its only style is
inline, allowed by the hash of that style in a Content-Security-Policy that
forbids every script, so a `<script>` or an `onerror=` that an article
smuggled into a quote can never run. Each `[n]` is a link to its citation;
hovering or focusing it shows the verbatim quote, the file and lines (and the
URL of a web snapshot) with CSS alone.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ragnews.answer.citations import shown_path
from ragnews.brief.markdown import adds_words, source_names, when
from ragnews.brief.model import Briefing, warning_label
from ragnews.text.untrusted import plain

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parent / "templates"
SUPPORT = {"consensus": "consensus", "several sources": "several", "single source": "single"}  # support -> CSS class
_MARKER = re.compile(r"\[(\d+)\]")
_MD_ESCAPE = re.compile(r"\\(.)")
_BULLET = re.compile(r"^-\s+")
MODEL_HEADING = "## Summary and key points (written by the model"


@dataclass(frozen=True)
class Piece:
    """Prose split for rendering: a run of text, or a citation number."""

    text: str = ""
    cite: int | None = None


def render_html(b: Briefing) -> str:
    """The whole page, as a string (UTF-8 when written)."""
    css = (TEMPLATES / "briefing.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    csp = (f"default-src 'none'; style-src 'sha256-{digest}'; script-src 'none'; img-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    return _env().get_template("briefing.html.j2").render(csp=csp, css=_markup(css), refs=Refs(), **view(b))


class Refs:
    """Ids for each place a citation is cited, so its entry in the list can link back to them (on a phone, a
    tapped [n] jumps to the list; its ↩ returns to the sentence)."""

    def __init__(self) -> None:
        self._made: dict[int, list[str]] = {}

    def next(self, n: int) -> str:
        made = self._made.setdefault(int(n), [])
        made.append(f"ref-{n}-{len(made) + 1}")
        return made[-1]

    def of(self, n: int) -> list[str]:
        return list(self._made.get(int(n), []))


def view(b: Briefing) -> dict[str, Any]:
    """What the template shows, as plain data (every string still untrusted: the template escapes it)."""
    n = len(b.sources)
    titles: dict[Any, Any] = source_names(b.sources)  # a title two sources share comes with each one's file
    return {
        "title": b.title(n),
        "byline": b.byline(n),
        "cites": {c.n: _citation(c) for c in b.citations},
        "summary": _summary(b),
        "body": _model_body(b.markdown) if not b.summary and not b.key_points else [],
        "key_points": [{"label": support_label(k.support, len(k.sources)) if n > 1 else "", "css": SUPPORT.get(k.support, "single"), "text": k.text,
                        "cites": _unique(k.citations)} for k in b.key_points],
        "discrepancies": [{"subject": d["subject"], "claims": [
            {"value": c["value"], "cites": _unique(c["citations"]), "sources": [titles.get(s, s) for s in c.get("sources", [])],
             "attribution": c.get("attribution") or ""}
            for c in d["claims"]]} for d in b.discrepancies],
        # a date at the precision the sources give it ("2024" for "last year", never "2024-01-01"); the words as
        # written beside a day only (a year or a month shown is already what was written)
        "timeline": [{"date": when(t) if t.get("date") else "date unresolved",
                      "date_text": (t.get("date_text") or "") if t.get("precision", "day") == "day" else "",
                      # what the Markdown tags, the page tags: a planned event is not told as one that happened
                      "expected": bool(t.get("expected")), "resolved": t.get("resolved", True),
                      "event": t["event"], "cites": _unique(t["citations"])} for t in b.timeline],
        "quotes": [{"speaker": q["speaker"], "role": q.get("role") or "", "text": q["text"], "direct": q.get("direct", True), "cites": _unique(q["citations"])}
                   for q in b.quotes],
        "quotes_above": b.quotes_above,
        "syndicated": [[titles.get(s, s) for s in group] for group in b.syndicated],
        "warnings": [{"kind": warning_label(w["kind"]), "source": titles.get(w["source"], w["source"]), "message": w["message"],
                      "cites": _unique(w.get("citations") or [])} for w in b.warnings],
        "contributions": [{"source": titles.get(src, src), "adds": adds_words(b.contribution_facts.get(src) or []), "cites": _unique(ns)}
                          for src, ns in b.contributions.items() if ns],
        "sources": _sources(b),
        "notes": list(b.notes),
    }


def support_label(support: str, sources: int) -> str:
    """The badge a key point wears, as the Markdown briefing words it."""
    if support == "consensus":
        return f"Consensus · {sources} sources"
    return f"{sources} sources" if support == "several sources" else "Single source"


def _summary(b: Briefing) -> list[list[Piece]]:
    return [[Piece(text=t), *(Piece(cite=n) for n in _unique(ns))] for t, ns in b.summary]


def _citation(c: Any) -> dict[str, Any]:
    return {"n": c.n, "quote": c.quote, "source": shown_path(c.source, c.path, c.url), "lines": f"{c.start_line}-{c.end_line}" if c.end_line != c.start_line
            else str(c.start_line), "title": c.title or "", "url": web_url(c.url), "outlet": c.outlet or "", "published": c.published or ""}


def _sources(b: Briefing) -> list[dict[str, Any]]:
    urls = {c.path: web_url(c.url) for c in b.citations if web_url(c.url)}
    return [{"title": s.get("title") or "", "outlet": s.get("outlet") or "", "published": s.get("published") or "",
             "source": shown_path(str(s.get("source")), str(s.get("path") or ""), s.get("url") or urls.get(str(s.get("path")))),
             "cited": bool(s.get("cited")), "url": web_url(s.get("url")) or urls.get(str(s.get("path")), "")}
            for s in b.sources]


def _model_body(markdown: str) -> list[dict[str, Any]]:
    """The llm engine's prose, taken back out of the Markdown (unescaped; the template escapes it again)."""
    lines = markdown.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(MODEL_HEADING)), None)
    if start is None:
        return []
    out = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.strip():
            bullet = bool(_BULLET.match(line))
            out.append({"bullet": bullet, "pieces": pieces(_MD_ESCAPE.sub(r"\1", _BULLET.sub("", line)))})
    return out


def pieces(text: str) -> list[Piece]:
    """Text with its `[n]` markers turned into citation pieces."""
    out, at = [], 0
    for m in _MARKER.finditer(text):
        if m.start() > at:
            out.append(Piece(text=text[at : m.start()]))
        out.append(Piece(cite=int(m.group(1))))
        at = m.end()
    if at < len(text):
        out.append(Piece(text=text[at:]))
    return out


def web_url(url: Any) -> str:
    """The URL if it is http(s) (a link a reader may follow), else '' (never javascript:, data:, file:)."""
    text = str(url or "").strip()
    return text if urlsplit(text).scheme.lower() in ("http", "https") and urlsplit(text).netloc else ""


def _unique(ns: Any) -> list[int]:
    return list(dict.fromkeys(int(n) for n in ns))


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)  # our own stylesheet, shipped with the package: not article text


@lru_cache(maxsize=1)
def _env() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["plain"] = lambda text: plain(str(text))
    return env
