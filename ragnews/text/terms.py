"""Words as ragnews compares them: one tokenizer, one stemmer, one stopword list.

BM25, question analysis, grounding and the briefing's analyses all need to
decide whether two texts use "the same word"; doing it one way everywhere is
what makes a name found by search also count as covered by an answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set as AbstractSet

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?", re.U)
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just let me more most my
    myself no nor not now of off on once only or other our ours ourselves out over own same she should so some
    such than that the their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your yours yourself
    yourselves said says say mr mrs ms""".split()
)


def stem(word: str) -> str:
    """A light stemmer: enough to meet 'troops'/'troop' and 'killed'/'kill'."""
    if len(word) <= 4:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}(?![A-Za-z])")


def tokenize(text: str) -> list[str]:
    """Lowercased, accent-folded, stopword-free, lightly stemmed tokens; numbers kept whole.

    Accents are removed before splitting ("Côte" is one word, "cote") and dotted
    acronyms are closed up ("U.S." is "us", as "US" is), so both spellings meet.
    """
    text = _DOTTED_ACRONYM.sub(lambda m: m.group().replace(".", ""), text)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    out = []
    for match in _TOKEN.finditer(text):
        tok = match.group(0).lower().replace("’", "'")
        if tok[0].isdigit():
            out.append(tok.replace(",", ""))
            continue
        if tok.endswith("'s"):
            tok = tok[:-2]
        if tok in STOPWORDS or len(tok) < 2:
            continue
        out.append(stem(tok))
    return out


def term_matches(term: str, tokens: AbstractSet[str]) -> bool:
    """Exact stem match, or a shared stem of 5+ letters (russia/russian, korea/korean)."""
    if term in tokens:
        return True
    if len(term) < 5 or term[0].isdigit():
        return False
    root = term[:5]
    return any(t.startswith(root) and (t.startswith(term) or term.startswith(t) or _demonym(term, t)) for t in tokens)


_DEMONYM_SUFFIXES = ("n", "an", "ian", "ean", "ese", "i", "ish", "ic")


def _demonym(a: str, b: str) -> bool:
    """Russia/Russian, Korea/Korean, Japan/Japanese: a place and its adjective."""
    short, long_ = sorted((a, b), key=len)
    root = short.rstrip("aeiouy")
    return any(long_ == root + suffix or long_ == short + suffix for suffix in _DEMONYM_SUFFIXES)
