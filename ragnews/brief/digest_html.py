"""The digest as one self-contained HTML page, with the briefing page's style and safety.

Same rules as `brief.html`: Jinja2 autoescaping for every piece of article text,
no script at all (a Content-Security-Policy that forbids scripts and allows only
our stylesheet, by hash), nothing loaded from anywhere, and every `[n]` a link
to its quote in the citation list, shown on hover or focus by CSS alone. Each
story links to its full briefing page when the CLI wrote one beside the digest.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from typing import Any

from ragnews.brief.digest import Digest, DigestStory
from ragnews.brief.digest_markdown import SINGLE_SOURCE_NOTE, meta_line, news_line, support_badge
from ragnews.brief.html import SUPPORT, TEMPLATES, _citation, _env, _markup


def render_digest_html(d: Digest, links: Mapping[str, str] | None = None) -> str:
    """The page as a string; `links` maps a story id to the relative address of its full briefing page."""
    css = "\n".join((TEMPLATES / name).read_text(encoding="utf-8") for name in ("briefing.css", "digest.css"))
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    csp = (f"default-src 'none'; style-src 'sha256-{digest}'; script-src 'none'; img-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    return _env().get_template("digest.html.j2").render(csp=csp, css=_markup(css), **view(d, links or {}))


def view(d: Digest, links: Mapping[str, str]) -> dict[str, Any]:
    """What the template shows, as plain data (strings still untrusted: the template escapes them)."""
    return {
        "title": "News digest", "byline": d.byline(), "headline": d.headline(), "nothing_new": d.nothing_new,
        "cites": {c.n: _citation(c) for c in d.citations},
        "stories": [_story(s, links) for s in d.stories],
        "single_source": [_story(s, links) for s in d.single_source],
        "single_note": SINGLE_SOURCE_NOTE, "more": d.more, "notes": d.notes,
    }


def _story(s: DigestStory, links: Mapping[str, str]) -> dict[str, Any]:
    news = news_line(s)
    word, _, rest = news.partition(":** ")
    return {
        "id": s.id, "label": s.label, "label_citation": s.label_citation, "meta": meta_line(s),
        "status_word": word.strip("*") + ":", "news": rest,
        "summary": [{"text": t, "cites": list(dict.fromkeys(ns))} for t, ns in s.summary],
        "key_points": [{"label": support_badge(k, s.independent), "css": SUPPORT.get(str(k["support"]), "single"), "text": k["text"],
                        "cites": list(dict.fromkeys(k["citations"])), "new": k["new"]} for k in s.key_points],
        "syndicated": s.syndicated, "link": links.get(s.id, ""), "command": s.brief_command,
    }
