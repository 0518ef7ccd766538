"""The digest as Markdown (also what the terminal renders), every piece of article text made inert."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any

from ragnews.brief.digest import Digest, DigestStory
from ragnews.brief.markdown import cite_marks, md

SINGLE_SOURCE_NOTE = "Reported by one outlet so far: not yet confirmed by a second, independent source."


def render_digest_markdown(d: Digest, links: Mapping[str, str] | None = None) -> str:
    """The digest; `links` maps a story id to its written full briefing (else the command that writes it)."""
    lines = [f"# News digest: {d.headline().rstrip('.')}" if not d.nothing_new else "# News digest", "",
             f"_{d.byline()}_", ""]
    if d.nothing_new:
        return "\n".join(lines + [d.headline(), ""])
    lines += [f"> **Note:** {md(note)}" for note in d.notes] + ([""] if d.notes else [])
    for i, s in enumerate(d.stories, 1):
        lines += _story(s, f"## {i}. ", links or {})
    if d.single_source:
        lines += ["## One outlet so far", "", f"_{SINGLE_SOURCE_NOTE}_", ""]
        for s in d.single_source:
            lines += _story(s, "### ", links or {})
    if d.more:
        lines += [f"_{d.more} more stor{'y' if d.more == 1 else 'ies'} gained articles but {'is' if d.more == 1 else 'are'} "
                  "not shown (raise `--max`; `ragnews stories` lists all)._", ""]
    lines += ["## Citations", ""]
    lines += [f"[{c.n}] {md(c.source)}:{c.start_line}-{c.end_line} — “{md(c.quote)}”  " for c in d.citations]
    return "\n".join(lines).rstrip() + "\n"


def _story(s: DigestStory, heading: str, links: Mapping[str, str]) -> list[str]:
    label = f"“{md(s.label)}” {cite_marks([s.label_citation])}" if s.label_citation else f"“{md(s.label)}”"
    lines = [f"{heading}{label}", "", f"{meta_line(s, md)}  ", f"{news_line(s, md)}", ""]
    if s.summary:
        lines += [" ".join(f"{md(t)} {cite_marks(ns)}" for t, ns in s.summary), ""]
    for k in s.key_points:
        badge = support_badge(k, s.independent)
        lines.append(f"- {f'**{badge}:** ' if badge else ''}{md(k['text'])} {cite_marks(k['citations'])}{' _(new)_' if k['new'] else ''}")
    if s.key_points:
        lines.append("")
    for group in s.syndicated:
        lines.append(f"_Syndicated copies (counted as one outlet): {', '.join(md(g) for g in group)}_  ")
    link = links.get(s.id)
    lines.append(f"Full briefing: [{md(s.id)}]({link}) · `{s.brief_command}`" if link else f"Full briefing: `{s.brief_command}`")
    return lines + [""]


def meta_line(s: DigestStory, fn: Callable[[str], str] = str) -> str:
    """Outlets and date span: "3 independent outlets (BBC, Reuters, AP) · 2026-12-04 → 2026-12-05".

    An article with no outlet named counts for itself, so the line says how many there are: "3 independent outlets
    (AP)" alone read as a miscount."""
    unnamed = sum(1 for a in s.articles if not a.get("outlet"))
    parts = [fn(o) for o in s.outlets] + ([f"{unnamed} article{'s' if unnamed != 1 else ''} with no outlet named"] if unnamed else [])
    outlets = f" ({', '.join(parts)})" if parts else ""
    if s.independent > 1:
        count = f"{s.independent} independent outlets{outlets}"
    else:
        count = f"1 outlet{outlets}" if s.outlets else "1 source (no outlet named)"
    dates = s.first if s.first == s.last else f"{s.first or '?'} → {s.last or '?'}"
    return f"{count} · {dates}" if dates else count


def news_line(s: DigestStory, fn: Callable[[str], str] = str) -> str:
    """What is new: a new story's size, or what a known story added since the last look."""
    added = [_article(a, fn) for a in s.new_articles]
    n = len(added)
    if s.status == "new":
        return f"**New story:** {n} article{'s' if n != 1 else ''}: " + "; ".join(added)
    return f"**Grew:** +{n} article{'s' if n != 1 else ''} ({'; '.join(added)}), {s.earlier} earlier"


def _article(a: Mapping[str, Any], fn: Callable[[str], str]) -> str:
    """An article as a reader names it: outlet and title, else its file's name."""
    name = f"“{fn(a['title'])}”" if a.get("title") else fn(PurePath(str(a["source"])).name)
    return f"{fn(a['outlet'])}, {name}" if a.get("outlet") else name


def support_badge(k: Mapping[str, object], independent: int) -> str:
    if independent <= 1 or not k.get("sources"):
        return ""
    n = len(set(k["sources"])) if isinstance(k["sources"], list) else 0
    return {"consensus": f"Consensus ({n} sources)", "several sources": f"{n} sources"}.get(str(k["support"]), "Single source")
