"""What each source adds: its sentences carrying facts no independent source has.

A briefing should credit the source that alone reports a figure or a name,
rather than citing whichever outlet happened to be retrieved first.
"""

from __future__ import annotations

import re

from ragnews.analysis.model import SameGroup
from ragnews.analysis.textsim import NUM
from ragnews.index.evidence import ArticleText, Sentence

_CAPITALISED_RUN = re.compile(r"(?<=\S\s)[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)*")  # not sentence-initial


def contributions(articles: list[ArticleText], skip: set[Sentence], same_group: SameGroup,
                  per_source: int = 3) -> dict[str, list[Sentence]]:
    """Per source, up to `per_source` sentences (in article order) with the most numbers/names no other source has."""
    texts = {a.source: " ".join(r.text for r in a.sentences if r not in skip).lower().replace(",", "") for a in articles}
    out: dict[str, list[Sentence]] = {}
    for art in articles:
        others = " ".join(t for s, t in texts.items() if not same_group(s, art.source))
        scored = []
        for k, ref in enumerate(art.sentences):
            if ref in skip:
                continue
            novel = [f for f in _facts(ref.text) if f not in others]
            if novel:
                scored.append((-len(novel), k, ref))
        best = sorted(scored, key=lambda x: x[:2])[:per_source]
        out[art.source] = [r for _, _, r in sorted(best, key=lambda x: x[1])]
    return out


def _facts(text: str) -> set[str]:
    """The checkable facts of a sentence: its figures and its (non-initial) capitalised names."""
    nums = {n.replace(",", "") for n in re.findall(NUM, text)}
    names = {m.group(0).lower() for m in _CAPITALISED_RUN.finditer(text)}
    return nums | names
