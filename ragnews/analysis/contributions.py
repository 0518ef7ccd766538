"""What each source adds: its sentences carrying facts no independent source has.

A briefing should credit the source that alone reports a figure or a name,
rather than citing whichever outlet happened to be retrieved first. The facts
are what the English model read (`text.reading`): a sentence's named entities
and its figures with what they count. A name is told elsewhere when another
source names it under any of its keys (a surname meets the full name,
"Ukrainian" meets "Ukraine", "U.S." meets "United States", "Department of
Education" meets "Education Department") or writes the name itself, whatever
the model took for the name's edges there (one outlet's "Office for Civil
Rights" is tagged "Civil Rights" in another's sentence); a figure, when another
source gives a compatible figure of the same thing or in the same unit (`Quantity.of_one_measure`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence

from ragnews.analysis.model import SameGroup
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text.places import country_of, fold
from ragnews.text.reading import Entity, Quantity, Reader, Reading, bare_name

log = logging.getLogger(__name__)

HEADLINE_CAPITALS = 0.6  # share of capitalised words above which a line is headline-style: its capitals are no names
MAX_SHOWN = 6  # facts told in words per source


def contributions(articles: list[ArticleText], skip: set[Sentence], same_group: SameGroup, reader: Reader,
                  per_source: int = 3, shown_never: set[Sentence] | None = None) -> tuple[dict[str, list[Sentence]], dict[str, list[str]]]:
    """Per source, up to `per_source` sentences (in article order) with the most figures/names no other source has,
    and those facts in words (what a reader is told this source adds). Sentences in `shown_never` (cut off
    mid-phrase) count as telling what they tell but are never cited as a source's contribution."""
    never = shown_never or set()
    out: dict[str, list[Sentence]] = {}
    facts: dict[str, list[str]] = {}
    if all(same_group(a.source, articles[0].source) for a in articles):
        return out, facts  # one source (or copies of one): nothing is told by it alone as against others
    told = {a.source: [s for s in a.sentences if s not in skip and not a.is_headline(s)] for a in articles}
    readings = {a.source: reader.read([s.text for s in told[a.source]]) for a in articles}
    for art in articles:
        others = [r for a in articles if not same_group(a.source, art.source) for r in readings[a.source]]
        keys = frozenset(k for r in others for e in r.entities for k in e.keys)
        figures = [q for r in others for q in r.quantities]
        # a name another outlet writes in its headline is told there too (its capitals prove nothing, so the
        # headline gives no keys, but the name written whole is the name)
        titles = [a.title for a in articles if a.title and not same_group(a.source, art.source)]
        written = " ".join(fold(t).replace("’", "'") for t in [*(r.text for r in others), *titles])
        scored = []
        for k, (ref, r) in enumerate(zip(told[art.source], readings[art.source])):
            if ref in never:
                continue
            novel = [shown for shown, fact in _facts(r)
                     if not _told_elsewhere(fact, keys, figures, written) and not _its_outlet(fact, art.outlet)]
            if novel:
                scored.append((-len(novel), k, ref, novel))
        best = sorted(scored, key=lambda x: x[:2])[:per_source]
        best.sort(key=lambda x: x[1])
        out[art.source] = [r for _, _, r, _ in best]
        facts[art.source] = _outermost(dict.fromkeys(shown for *_, novel in best for shown in novel))[:MAX_SHOWN]
        log.debug("%s alone reports %s", art.source, facts[art.source])
    return out, facts


def _outermost(shown: Iterable[str]) -> list[str]:
    """The facts in words, each once: one written inside another as whole words ("20 fellows" and "Peter Thiel"
    inside "one of Peter Thiel's 20 Under 20 fellows"; not "5 people" inside "25 people") is told by it, and a name
    written both in capitals and in case (a dateline's "WASHINGTON", the text's "Washington") is shown in case."""
    by_case: dict[str, str] = {}
    for s in shown:
        kept = by_case.setdefault(s.lower(), s)
        if kept.isupper() and not s.isupper():
            by_case[s.lower()] = s
    shown = list(dict.fromkeys(by_case[s.lower()] for s in shown))
    return [s for s in shown if not any(s != o and re.search(rf"(?<!\w){re.escape(s)}(?!\w)", o) for o in shown)]


def _facts(r: Reading) -> list[tuple[str, Entity | Quantity]]:
    """The checkable facts of a sentence as the model read it, each with how it is shown: its figures with what they
    count ("25 North Korean soldiers"; a bare "8" tells a reader nothing and is left out) and its named entities. A
    headline-style line (mostly capitalised) gives none: its capitals are not names."""
    words = r.text.split()
    if words and sum(w[:1].isupper() for w in words) / len(words) > HEADLINE_CAPITALS:
        return []
    shown = [(_counted_as_written(r.text, q), q) for q in r.quantities if q.counted]
    out: list[tuple[str, Entity | Quantity]] = [(text, q) for text, q in shown if text != q.text]  # "Bill 8": no count
    names = [e for e in r.entities if e.label != "NAME" or len(e.text.split()) > 1]
    out += [(e.text, e) for e in names if not any(e is not o and e.text in o.text for o in names)]
    return out


def _counted_as_written(text: str, q: Quantity) -> str:
    """A figure with the words up to what it counts, as the sentence writes them ("25 North Korean soldiers"). Words
    that would close a bracket the figure does not open ("(18.1in) cannon", a conversion set in brackets) are not
    joined: the figure alone, which tells nothing by itself, is left out of what a source adds."""
    m = re.match(rf"[^.;:]{{0,40}}?\b{re.escape(q.counted or '')}\w*", text[q.end:], re.I)
    shown = (q.text + m.group(0)).strip() if m else q.text
    return shown if shown.count("(") == shown.count(")") else q.text


def _told_elsewhere(fact: Entity | Quantity, keys: frozenset[str], figures: Sequence[Quantity], written: str) -> bool:
    """Another source names the entity under one of its keys or writes its name (`written`: their sentences, accents
    folded), or gives a compatible figure of the same thing or unit."""
    if isinstance(fact, Entity):
        placed = _placed(fact.text)
        return bool(fact.keys & keys) or _writes(written, fact.text) or placed is not None and _writes_as_its(written, *placed)
    return any(fact.compatible(q) and (q.counted is None or fact.of_one_measure(q)) for q in figures)


def _placed(name: str) -> tuple[str, str] | None:
    """(country code, the rest) of a name that opens with its country's name or adjective ("North Korean Central
    Military Commission"): told elsewhere as "North Korea's Central Military Commission" or "the Central Military
    Commission of North Korea", where the recogniser takes the country for no part of the name. The rest must be a
    name of two words or more ("U.S. Army" is not met by any "Army")."""
    words = bare_name(name).split()
    for k in (3, 2, 1):
        country = country_of(" ".join(words[:k])) if len(words) - k >= 2 else None
        if country:
            return country, " ".join(words[k:])
    return None


def _writes_as_its(text: str, country: str, rest: str) -> bool:
    """`text` writes the name `rest` somewhere not owned by another country than `country` ("the Food and Drug
    Administration" for "U.S. Food and Drug Administration"; not "Ghana's Central Military Commission" for the North
    Korean one): the up to three words before it, without a possessive, name no other country."""
    for m in re.finditer(rf"(?<!\w){re.escape(bare_name(rest))}(?!\w)", text):
        before = re.sub(r"'s?\s*$", "", text[: m.start()].rstrip()).split()[-3:]
        owners = {country_of(" ".join(before[k:])) for k in range(len(before))} - {None}
        if not owners - {country}:
            return True
    return False


def _its_outlet(fact: Entity | Quantity, outlet: str | None) -> bool:
    """The entity is the article's own outlet ("two law enforcement sources tell CNN" in CNN's story, "Fox News can
    confirm" in Fox's): a story's byline is not news it alone reports, though no other outlet names it. Only the
    outlet's whole name: a place in it ("a mall in Chicago" in the Chicago Tribune) is still the story's."""
    if not isinstance(fact, Entity) or not outlet:
        return False
    name = re.sub(r"\s*\([^)]*\)\s*$", "", outlet).strip()  # "CNN (Online News)": the name without its tag
    return bare_name(name).lower() == bare_name(fact.text).lower()  # the whole name: "Chicago" in the Chicago Tribune is news


def _writes(text: str, name: str) -> bool:
    """`text` writes `name` as a name: with its capitals (so "US" is not met by "us", nor "Will" by "will"), without
    a leading "the" or a possessive, as whole words — joined by a space or a hyphen ("Taylor-Greene" is "Taylor
    Greene"), the last in the singular or the plural ("Nazis" is written in "the Nazi practice", "Republican" in
    "fellow Republicans")."""
    bare = bare_name(name)
    if len(bare) < 2:
        return False
    words = [w for w in re.split(r"[\s\-–]+", bare) if w]
    last = re.sub(r"(?<=[a-z]{2})s$", "", words[-1])  # a plural of a word in lower case after its capital
    pattern = r"[\s\-–]+".join([*map(re.escape, words[:-1]), re.escape(last) + ("s?" if last[-1:].islower() else "")])
    return re.search(rf"(?<!\w){pattern}(?!\w)", text) is not None
