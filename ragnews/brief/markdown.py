"""The briefing as Markdown, with every piece of article text made inert.

Article text is untrusted: it is escaped so that a source can't add links,
images, emphasis or HTML to a briefing file, and hidden characters are gone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ragnews.answer.citations import shown_path, web_link
from ragnews.brief.model import Briefing, warning_label
from ragnews.index.evidence import ArticleText
from ragnews.text.untrusted import plain

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\*[]<>#|~"})
# "!" renders only as the start of an image, "![": escaped there alone ("appreciated!" is read as written, not
# "appreciated\!"), also before a marker that `md_block` turns live again
_BANG = re.compile(r"!(?=\\\[)")
# A backtick opens at most an inert code span (no links or HTML inside one), so it is kept, except a fence's run of
# three; an underscore inside a word (seeds/000_abc.txt) is never emphasis, so only one at a word's edge is escaped.
_LOOSE = re.compile(r"`{3,}|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
# \[3\] back to [3]; never "[3]:" (a link definition), "[3](url)" (an inline link) or "[3][ref]" (a reference link)
_ESCAPED_MARKER = re.compile(r"\\\[(\d+|unsupported)\\\](?![:(\[])")
# what GitHub-flavoured renderers turn into links by themselves: "https://…" and "www.…"
_AUTOLINK = re.compile(r"(?<=[A-Za-z0-9])://|(?<![\w.])(?i:www)\.(?=\w)")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def md(text: str) -> str:
    """Article text made inert as Markdown: no links, emphasis or HTML from a source."""
    escaped = _LOOSE.sub(lambda m: "".join("\\" + c for c in m.group(0)), " ".join(plain(text).split()).translate(_MD_SPECIAL))
    escaped = _BANG.sub(r"\\!", escaped)
    return _AUTOLINK.sub(_defang, escaped)


def _defang(match: re.Match[str]) -> str:
    """`://` and `www.` with a backslash before a slash or the dot: shown the same, but no autolink sees a URL."""
    return r":\/\/" if match.group(0) == "://" else match.group(0)[:-1] + "\\."


def md_block(text: str) -> str:
    """Model-written text made inert line by line: bullets kept, citation markers live, nothing else.

    The model read untrusted articles, so its text may carry links, images or
    HTML planted there; only our own structure (lines, bullets, [n]) survives.
    """
    out = []
    for line in plain(text).splitlines():
        bullet = _BULLET.match(line)
        body = md(line[bullet.end():] if bullet else line)
        out.append(("- " if bullet else "") + _ESCAPED_MARKER.sub(r"[\1]", body))
    return "\n".join(out)


def cite_marks(ns: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(ns))


def render_markdown(b: Briefing, articles: Sequence[ArticleText], body: str | None = None) -> str:
    """The briefing as Markdown; `body` replaces summary and key points (llm engine)."""
    n = len(articles)
    lines = [f"# {md(b.title(n))}", "", f"_{b.byline(n)}_", ""]
    # what was left out of scope and why goes with the briefing itself, so a saved file says it too
    lines += [f"> **Note:** {md(note)}" for note in b.notes] + ([""] if b.notes else [])
    if body is not None:
        lines += ["## Summary and key points (written by the model, every sentence checked)", "", md_block(body), ""]
    else:
        lines += ["## Summary", ""]
        lines += [" ".join(f"{md(t)} {cite_marks(c)}" for t, c in b.summary) or "The sources don't say enough for a summary.", ""]
        lines += ["## Key points", ""]
        for k in b.key_points:
            label = {"consensus": f"Consensus ({len(k.sources)} sources)", "several sources": f"{len(k.sources)} sources"}.get(k.support, "Single source")
            badge = f"**{label}:** " if n > 1 else ""  # with one article, every point is its alone
            lines.append(f"- {badge}{md(k.text)} {cite_marks(k.citations)}")
        if not b.key_points:
            lines.append("- No further facts beyond the summary." if b.summary else "- No key points.")
        lines.append("")
    lines += _differences(b) + _timeline(b) + _quotes(b) + _source_notes(b, articles) + _citation_list(b) + _sources(b)
    return "\n".join(lines).rstrip() + "\n"


def _differences(b: Briefing) -> list[str]:
    lines = ["## Where sources differ", ""]
    if not b.discrepancies:
        return lines + ["- No conflicting figures or dates were found across the sources.", ""]
    for d in b.discrepancies:
        versions = " vs ".join(_version(c) for c in d["claims"])
        lines.append(f"- **{md(d['subject'])}:** {versions}")
    return lines + [""]


def _version(claim: dict) -> str:
    """One side of a difference: the figure, who gives it (if the source says), and where it is written."""
    who = f" (according to {md(claim['attribution'])})" if claim.get("attribution") else ""
    return f"“{md(claim['value'])}”{who} {cite_marks(claim['citations'])}"


_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"]


def when(item: dict) -> str:
    """A timeline date with the precision the sources give: "2024", "June 2024", "2025-04-28"."""
    date = item.get("date")
    if not date:
        return "date unknown"
    year, month = date[:4], int(date[5:7])
    precision = item.get("precision", "day")
    if precision == "year":
        return year
    if precision == "season":
        return f"{item.get('date_text') or year} ({year})" if year not in (item.get("date_text") or "") else item["date_text"]
    if precision == "month":
        return f"{_MONTH_NAMES[month - 1]} {year}"
    return date


def _timeline(b: Briefing) -> list[str]:
    lines = ["## Timeline", ""]
    if not b.timeline:
        return lines + ["- No dated events were found.", ""]
    for t in b.timeline:
        said = f" ({md(t['date_text'])})" if t.get("date_text") and t.get("precision", "day") == "day" else ""
        tags = " _(expected)_" if t.get("expected") else ""
        tags += "" if t.get("resolved", True) else " _(dated by the story's news day)_"
        lines.append(f"- **{md(when(t))}**{said}{tags}: {md(t['event'])} {cite_marks(t['citations'])}")
    return lines + [""]


NO_QUOTES_LEFT = "- Every attributed statement found is in the summary or key points above."


def _quotes(b: Briefing) -> list[str]:
    lines = ["## Who said what", ""]
    if not b.quotes:
        return lines + [NO_QUOTES_LEFT if b.quotes_above else "- No attributed statements were found.", ""]
    for q in b.quotes:
        role = f" ({md(q['role'])})" if q.get("role") else ""
        said = f"“{md(q['text'])}”" if q.get("direct", True) else f"_(reported)_ {md(q['text'])}"
        lines.append(f"- **{md(q['speaker'])}**{role}: {said} {cite_marks(q['citations'])}")
    return lines + [""]


def _source_notes(b: Briefing, articles: Sequence[ArticleText]) -> list[str]:
    lines = ["## Source notes", ""]
    for group in b.syndicated:
        lines.append(f"- **Syndicated copies** (counted as one source): {', '.join(md(s) for s in group)}")
    for w in b.warnings:
        lines.append(f"- **Warning — {md(warning_label(w['kind']))}** ({md(w['source'])}): {md(w['message'])}")
    names = source_names(b.sources)
    for a in articles:
        adds = b.contributions.get(a.source)
        if adds:
            facts = b.contribution_facts.get(a.source) or []
            said = adds_words([md(f) for f in facts])
            lines.append(f"- **{md(names.get(a.source) or a.title or a.source)}** {said} {cite_marks(adds)}")
    if len(lines) == 2:
        lines.append("- Nothing to flag.")
    return lines + [""]


def source_names(sources: Sequence[dict[str, Any]]) -> dict[str, str]:
    """How the notes name each source: by its title, and where two sources share a title (three Multi-News
    articles all "Untitled", two feeds' "Live updates"), by the title and the file as citations show it — else
    "**Untitled** alone reports …" three times does not say which source alone reports what."""
    def title(s: dict[str, Any]) -> str:
        return str(s.get("title") or s.get("source"))

    counts: dict[str, int] = {}
    for s in sources:
        counts[title(s).casefold()] = counts.get(title(s).casefold(), 0) + 1
    names = {}
    for s in sources:
        where = web_link(s.get("url")) or shown_path(str(s["source"]), str(s.get("path") or ""), s.get("url"))
        shared = counts[title(s).casefold()] > 1 and s.get("title") and where != title(s)
        names[str(s["source"])] = f"{title(s)} ({where})" if shared else title(s)
    return names


def adds_words(facts: list[str]) -> str:
    """What a source adds, in words: the facts only it reports, or (none named) that its cited details are its own."""
    return f"alone reports {_listing(facts)}" if facts else "adds details no other source gives"


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _citation_list(b: Briefing) -> list[str]:
    """Each citation: the page's URL for a web source (then its snapshot file and lines), else the file and lines."""
    lines = ["## Citations", ""]
    for c in b.citations:
        where = f"{md(shown_path(c.source, c.path, c.url))}:{c.start_line}-{c.end_line}"
        if web_link(c.url):
            where = f"<{web_link(c.url)}> (snapshot {where})"
        lines.append(f"[{c.n}] {where} — “{md(c.quote)}”  ")
    return lines + [""]


def _sources(b: Briefing) -> list[str]:
    lines = ["## Sources", ""]
    for s in b.sources:
        meta = ", ".join(md(x) for x in (s.get("outlet"), s.get("published")) if x)
        mark = "" if s.get("cited") else " _(not cited)_"
        title = f"{md(s['title'])} — " if s.get("title") else ""  # an untitled article is named by its path alone
        where = md(shown_path(str(s["source"]), str(s.get("path") or ""), s.get("url")))
        if web_link(s.get("url")):
            where = f"<{web_link(s.get('url'))}> (snapshot {where})"
        lines.append(f"- {title}{meta + ' — ' if meta else ''}{where}{mark}")
    return lines + [""]
