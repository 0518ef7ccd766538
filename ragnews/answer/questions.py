"""What a question asks about: its key entities, its focus and its type.

The extractive engine must abstain when the sources don't answer, and a
similarity threshold can't tell "Which general claimed Kursk?" from "How many
warships took part at Kursk?" — both look on-topic. What separates them is
whether the sources speak to the question's key entities and its focus
("warships"), so we pull those out explicitly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ragnews.text.terms import STOPWORDS, stem, tokenize

WH_WORDS = {"who", "whom", "whose", "what", "which", "when", "where", "why", "how"}
# Words that shape a question but carry no topic.
QUESTION_FILLER = {
    "many", "much", "according", "tell", "describe", "described", "call", "called", "mention", "mentioned",
    "happen", "happened", "did", "does", "do", "say", "said", "says", "think", "thought", "report", "reported",
    "sources", "source", "article", "articles", "news", "anything", "something", "kind", "type", "way",
    "exactly", "currently", "really", "like", "know", "known", "role", "number",
}
_CAP_WORD = re.compile(r"\b([A-Z][\w\-’']*(?:\s+[A-Z][\w\-’']*)*)")


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    kind: str  # who | when | where | count | quantity | which | what | why | how | other
    terms: tuple[str, ...]  # stemmed content terms
    entities: tuple[str, ...]  # stemmed tokens of capitalised names
    focus: tuple[str, ...]  # stemmed head noun(s) of the ask ("troops" in "how many troops")

    @property
    def required(self) -> tuple[str, ...]:
        """Terms an answer must speak to: the named entities and the focus."""
        return tuple(dict.fromkeys(self.entities + self.focus))


def analyse(question: str) -> QuestionInfo:
    q = question.strip()
    lower = q.lower()
    kind = _kind(lower)
    terms = tuple(t for t in dict.fromkeys(tokenize(q)) if t not in {stem(w) for w in QUESTION_FILLER})
    return QuestionInfo(q, kind, terms, _entities(q), _focus(lower))


def _kind(lower: str) -> str:
    if re.match(r"^\s*how (many|much)\b", lower):
        return "count"
    first = re.match(r"^\s*(\w+)", lower)
    word = first.group(1) if first else ""
    if word in ("who", "whom", "whose"):
        return "who"
    if word in ("when", "where", "why", "which", "what", "how"):
        return word
    if re.search(r"\b(what year|what date|what day|which day|which year)\b", lower):
        return "when"
    return "other"


def _entities(question: str) -> tuple[str, ...]:
    """Capitalised names (not the question's first word), as stemmed tokens."""
    body = re.sub(r"^\s*\w+", lambda m: m.group(0).lower(), question)
    out: list[str] = []
    for match in _CAP_WORD.finditer(body):
        for tok in tokenize(match.group(1)):
            if tok not in WH_WORDS and tok not in STOPWORDS:
                out.append(tok)
    return tuple(dict.fromkeys(out))


_FOCUS_PATTERNS = [
    r"^how (?:many|much) ((?:[a-z\-]+ ){0,3}?[a-z\-]+?)(?= (?:has|have|had|did|does|do|were|was|are|is|will|would|could|took|take|been|in|of|from|to)\b|\?|$)",
    r"^(?:which|what) ([a-z\-]+)\b",
    r"^what (?:is|was|are|were) the ([a-z\-]+)\b",
]
_NOT_FOCUS = WH_WORDS | QUESTION_FILLER | {"is", "was", "are", "were", "did", "does", "do", "will", "would", "could", "can", "has", "have", "had", "the", "a", "an"}


def _focus(lower: str) -> tuple[str, ...]:
    possessed = re.match(r"^(?:what|which|who)\b.*?['’]s ((?:[a-z\-]+ ){0,2}[a-z\-]+)\??$", lower.strip())
    if possessed:  # "what is Kim's favourite food" -> food
        words = [w for w in possessed.group(1).split() if w not in _NOT_FOCUS]
        if words:
            return tuple(tokenize(words[-1]))
    for pattern in _FOCUS_PATTERNS:
        match = re.match(pattern, lower.strip())
        if match:
            words = [w for w in match.group(1).split() if w not in _NOT_FOCUS]
            if words:
                # the head noun is the last word of the phrase ("north korean warships" -> warships)
                return tuple(tokenize(words[-1]))
    return ()


def term_matches(term: str, tokens: set[str]) -> bool:
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
    stem = short.rstrip("aeiouy")
    return any(long_ == stem + suffix or long_ == short + suffix for suffix in _DEMONYM_SUFFIXES)
