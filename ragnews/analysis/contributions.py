"""What each source adds: its sentences carrying facts no independent source has.

A briefing should credit the source that alone reports a figure or a name,
rather than citing whichever outlet happened to be retrieved first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ragnews.analysis.measures import measures
from ragnews.analysis.model import SameGroup
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text.sentences import NAME_TITLES
from ragnews.text.terms import STOPWORDS

_CALENDAR = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                       r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
# what a figure counts: up to three words, ending before a word that starts a new phrase ("200 pages of newly
# released emails" counts pages) or an adverb
_PHRASE_START = ("of|in|on|at|to|from|for|by|with|and|or|but|than|that|which|who|as|since|after|before|around|across|"
                 "over|under|into|onto|per|about|among|through|between|against|during|within|without|near|up|down|out|"
                 "off|the|a|an|this|these|those|its|their|his|her|our|your|my|is|are|was|were|has|have|had|will|would")
_NOUN = re.compile(rf"\s*((?:(?!(?:{_PHRASE_START})\b)(?![\w’'\-]+ly\b)[\w’'\-]+\s*){{1,3}})", re.I)
# a name not at the sentence start, with its initials and abbreviated titles ("President George H. W. Bush",
# "New York Rep. Alexandria Ocasio-Cortez")
_CAPITALISED_RUN = re.compile(r"(?<=\S\s)(?:[A-Z][a-z]{0,4}\.(?:-[a-z]+)?\s+)*[A-Z][\w’'\-]+"
                              r"(?:\s+(?:(?:of|for|de|al)\s+(?:the\s+)?)?(?:[A-Z][a-z]{0,4}\.(?:-[a-z]+)?\s+)*[A-Z][\w’'\-]+)*")
_ABBREVIATED = re.compile(r"\b([A-Z][a-z]{1,4})\.(?:-[a-z]+)?\s+")  # "Rep.", "Rep.-elect"


def contributions(articles: list[ArticleText], skip: set[Sentence], same_group: SameGroup,
                  per_source: int = 3, shown_never: set[Sentence] | None = None) -> tuple[dict[str, list[Sentence]], dict[str, list[str]]]:
    """Per source, up to `per_source` sentences (in article order) with the most numbers/names no other source has,
    and those facts in words (what a reader is told this source adds). Sentences in `shown_never` (cut off
    mid-phrase) count as telling what they tell but are never cited as a source's contribution."""
    never = shown_never or set()
    cased = {a.source: _plain(" ".join(r.text for r in a.sentences if r not in skip)) for a in articles}
    texts = {s: t.lower() for s, t in cased.items()}
    common = frozenset(re.findall(r"\b[a-z][a-z’'\-]+\b", " ".join(cased.values())))  # words the sources write in lowercase
    out: dict[str, list[Sentence]] = {}
    facts: dict[str, list[str]] = {}
    if all(same_group(a.source, articles[0].source) for a in articles):
        return out, facts  # one source (or copies of one): nothing is told by it alone as against others
    for art in articles:
        others = " ".join(t for s, t in texts.items() if not same_group(s, art.source))
        others_cased = " ".join(t for s, t in cased.items() if not same_group(s, art.source))
        scored = []
        for k, ref in enumerate(art.sentences):
            if ref in skip or ref in never or art.is_headline(ref):
                continue  # a headline tells what its body tells at length, and is cited for nothing
            novel = [f for f in _facts(ref.text, common) if not _told_elsewhere(_plain(f[0]), others, others_cased)]
            if novel:
                scored.append((-len(novel), k, ref, novel))
        best = sorted(scored, key=lambda x: x[:2])[:per_source]
        best.sort(key=lambda x: x[1])
        out[art.source] = [r for _, _, r, _ in best]
        # a bare figure ("8") tells a reader nothing: facts are shown with what they count
        facts[art.source] = list(dict.fromkeys(shown for *_, novel in best for _, shown in novel if re.search(r"[A-Za-z]", shown)))[:6]
    return out, facts


def _facts(text: str, common: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The checkable facts of a sentence, each as (how it is matched, how it is shown): its measurements with the
    word they measure ("25 North Korean soldiers" is matched as "25") and its names (not sentence-initial, not
    calendar words). A headline-style sentence (mostly capitalised) gives none: its capitals are not names."""
    words = re.findall(r"[A-Za-z][\w’']*", text)
    if words and sum(w[0].isupper() for w in words) / len(words) > 0.6:
        return []
    out = []
    for q in measures(text):
        noun = _NOUN.match(text[q.end:])
        shown = (q.text + text[q.end:q.end + noun.end(1)]).strip() if noun else q.text  # "four-star general" stays joined
        out.append((q.text.lower().replace(",", "").split()[-1], shown))
    names = [_person_or_body(_with_first_word(text, m, common)) for m in _CAPITALISED_RUN.finditer(text)
             if not _CALENDAR.search(m.group(0)) and not re.match(r"I(?:[’'][a-z]+)?\b", m.group(0))]  # "I", "I’m": no name
    # "Russia’s Far Eastern Federal University", "South Korea’s Korea Institute for…" -> the university, the institute
    names = [re.sub(r"^(?:[\w\-]+\s+){0,2}[\w\-]+[’']s\s+", "", n) for n in names]
    out += [(n.lower(), n) for n in names if n and not any(n != other and n in other for other in names)]
    return out


def _with_first_word(text: str, m: re.Match[str], common: frozenset[str] = frozenset()) -> str:
    """A run starting at the sentence's second word, with the first when that is a name's too ("Kim Yeol Soo, an
    expert…" is Kim Yeol Soo, not "Yeol Soo"; "The Pentagon", "But Putin" keep only the name, and so do "Witnesses
    Tom Smith", "Former President…": a word the sources also write in lowercase (`common`) is no name's)."""
    first = re.match(r"([A-Z][\w’'\-]+)\s+", text)
    word = first.group(1).lower() if first else ""
    if first and m.start() == first.end() and word not in STOPWORDS and word not in common and not _CALENDAR.match(first.group(1)):
        return first.group(1) + " " + m.group(0)
    return m.group(0)


def _person_or_body(run: str) -> str:
    """The name in a run of capitalised words: after its title ("York Rep. Alexandria Ocasio-Cortez" is
    Alexandria Ocasio-Cortez; "Wisconsin Republican Gov. Scott Walker" is Scott Walker), without a possessive
    ("Brooks'", "Biden's"); "St. Louis" keeps its abbreviation, which is no title."""
    name = run
    for m in _ABBREVIATED.finditer(run):
        if m.group(1).lower().rstrip("s") in NAME_TITLES or m.group(1).lower() in NAME_TITLES:
            name = run[m.end():]
    return re.sub(r"[’'](?:s\b)?$", "", name.strip())


def _plain(text: str) -> str:
    """Text as names are compared: no thousands commas, one apostrophe ("Adam D’Angelo" is "Adam D'Angelo")."""
    return text.replace(",", "").replace("’", "'")


# a people's or a language's name made from its country's: Ukrainian, Russian, Chinese, British, Israeli, Sudanese;
# and how the country's name ends on the same stem (Ukrain-e, Russ-ia, Chin-a, Brit-ain, Pol-and, Israel)
_DEMONYM = re.compile(r"^(?P<stem>[a-z]{3,}?)(?:ian|ean|an|ese|ish|i)$")
_COUNTRY_END = r"(?:a|ia|e|y|ain|and|land)?"


def _told_elsewhere(key: str, others: str, others_cased: str = "") -> bool:
    """Another source names it: the whole name, its last word as a name ("President Donald Trump" where the others
    say "Trump"; "Supreme Court" is not told by "the court"), the name a compound is made of ("Trump-era"), or,
    for a country or its people, the other ("Ukrainian" where the others say "Ukraine", and the other way)."""
    part = key.split()[-1] if " " in key else key.split("-")[0] if "-" in key else ""
    if key in others or "-" in key and key.replace("-", " ") in others.replace("-", " "):
        return True  # "Kim Jong-un" where the others write "Kim Jong Un"
    if len(part) >= 4 and any(m.group(0)[0].isupper() for m in re.finditer(rf"\b{re.escape(part)}\b", others_cased, re.I)):
        return True
    if " " in key:  # "United States" where the others write "U.S." or "US" (a body or a country, not a person:
        # "Dave Carney" is not "D.C.")
        initials = [w[0].upper() for w in key.split() if w not in ("of", "the", "and")]
        return len(initials) >= 2 and bool(_INSTITUTION.search(key)) and \
            re.search(r"(?<![\w.\-])" + r"\.?".join(initials) + r"\.?(?![\w\-])", others_cased) is not None
    return any(m.group(0)[0].isupper() for m in _kin_names(key, others_cased))


_INSTITUTION = re.compile(r"\b(?:united|states|nations|union|kingdom|republic|emirates|national|international|federal|"
                          r"organi[sz]ation|agency|bureau|council|committee|party|bank|fund|court|department|ministry|"
                          r"forces?|association|commission|authority|service)\b")


def _kin_names(word: str, text: str) -> Iterator[re.Match[str]]:
    """Words of `text` that are `word`'s country or people: they share all of the shorter but its last letter, and the
    longer ends like a people's name."""
    stem = _DEMONYM.match(word)
    if stem:  # "ukrainian": "Ukraine", "Ukrain…"
        yield from re.finditer(rf"\b{re.escape(stem['stem'])}{_COUNTRY_END}\b", text, re.I)
    if len(word) >= 4:  # "ukraine": "Ukrainian"
        for m in re.finditer(rf"\b{re.escape(word[:-1])}[a-z]*\b", text, re.I):
            kin = _DEMONYM.match(m.group(0).lower())
            if kin and re.fullmatch(re.escape(kin["stem"]) + _COUNTRY_END, word) and m.group(0).lower() != word:
                yield m
