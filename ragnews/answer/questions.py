"""What a question asks about: its entities, its relation and the type of answer it wants.

The extractive engine must abstain when the sources don't answer, and a
similarity threshold can't tell "Which general claimed Kursk?" from "How many
warships took part at Kursk?" — both look on-topic. What separates them is
whether the evidence speaks to the question's *entities* (Kursk, North Korea)
and its *relation* ("warships"), so we pull those out explicitly.

What must not be required is the wording of the question itself: "What is the
name of…", "What distance…", "For what reason…", "Which country…" — those
nouns say what *type* of answer is wanted (a name, a length, a cause, a
place), and the answer rarely repeats them. They set `answer_type` instead.
Names match in their variants: a country in any of its forms (see
`aliases`), an acronym against the initials of a name, a person by surname.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from ragnews.text.places import country_keys, country_of
from ragnews.text.terms import STOPWORDS, stem, tokenize

WH_WORDS = {"who", "whom", "whose", "what", "which", "when", "where", "why", "how"}
# Words that shape a question but carry no topic.
QUESTION_FILLER = {
    "many", "much", "according", "tell", "describe", "described", "call", "called", "mention", "mentioned",
    "happen", "happened", "did", "does", "do", "say", "said", "says", "think", "thought", "report", "reported",
    "sources", "source", "article", "articles", "news", "anything", "something", "kind", "type", "way",
    "exactly", "currently", "really", "like", "know", "known", "role", "number",
}
# Nouns that name the *type* of the answer rather than its topic ("which country", "what distance"):
# never required in the evidence; they choose the answer type. A closed class of English, not a topic list.
TYPE_NOUNS: dict[str, str | None] = {
    **dict.fromkeys(["name", "names", "kind", "kinds", "type", "types", "sort", "sorts", "thing", "things", "title", "term"], None),
    **dict.fromkeys(["word", "words", "statement", "message", "phrase", "remark", "remarks", "comment", "comments"], "quote"),
    **dict.fromkeys(["reason", "reasons", "cause", "causes", "purpose", "motive", "motives", "explanation", "grounds"], "reason"),
    **dict.fromkeys(["country", "countries", "nation", "nations", "nationality"], "country"),
    **dict.fromkeys(["city", "cities", "state", "town", "place", "location", "venue",
                     "region", "province", "capital", "county", "island", "continent", "site"], "place"),
    **dict.fromkeys(["month", "year", "day", "date", "week", "season", "decade", "century"], "date"),
    **dict.fromkeys(["distance", "length", "height", "width", "depth", "altitude"], "length"),
    **dict.fromkeys(["price", "cost", "sum", "fee", "salary", "budget", "value", "amount", "money", "cash"], "money"),
    **dict.fromkeys(["percentage", "proportion", "share", "percent", "rate"], "percent"),
    **dict.fromkeys(["age"], "age"),
    **dict.fromkeys(["person", "man", "woman", "people"], "person"),
}
# "What did the US say": after these the country is the subject, not an adjective ("the US presidential race")
_SUBJECT_VERBS = frozenset("say said says do did does want wants wanted think thinks plan plans planned have has had is was are were "
                           "will would could can should announce announced claim claimed decide decided respond responded".split())
_DETERMINERS = frozenset("the a an which what this that these those its their his her many much several some any every each".split())
_NAME_SUFFIXES = frozenset({"inc", "ltd", "llc", "plc", "corp", "co", "jr", "sr"})  # "Future Seafoods, Inc.": not a name of its own
_CAP_WORD = re.compile(r"\b([A-Z][\w\-’'.]*(?:\s+(?:(?:of|and|the|de|al|bin|von|van)\s+)?[A-Z][\w\-’'.]*)*)")
_PERSONAL = re.compile(r"\b(?:he|she|him|his|her|hers|they|them|their)\b", re.I)
_CONTEXT = re.compile(r"\s*\(([^()]*)\)\s*\??\s*$")  # "… (Lukin, Seoul)?": a follow-up's carried context


@dataclass(frozen=True)
class Entity:
    """A name in the question, with the ways the evidence may spell it."""

    text: str
    stems: tuple[str, ...]
    countries: frozenset[str] = frozenset()

    def found_in(self, tokens: AbstractSet[str], countries: AbstractSet[str], initials: AbstractSet[str],
                 capitals: AbstractSet[str] | None = None) -> bool:
        """Named in a text with these tokens, country codes, acronyms and capitalised words (any variant counts).

        A multi-word name is met by all its words, its acronym ("BA"), or its last or first word written
        as a name (Mr Tsutsumi, Kim): capitalised, and not a nationality ("British" alone is not British Airways).
        """
        if self.countries:  # precise: "South Korean" is not met by "North Korea"
            return bool(self.countries & countries)
        if not self.stems:
            return True
        if len(self.stems) == 1:
            word = self.stems[0]
            return term_matches(word, tokens) or (self.text.isupper() and 2 <= len(word) <= 6 and word in initials)
        if all(term_matches(w, tokens) for w in self.stems) or self.acronym in tokens:
            return True
        capitals = tokens if capitals is None else capitals
        first = self.text.split()[0]
        return self.stems[-1] in capitals or (self.stems[0] in capitals and not country_keys(first))

    @property
    def acronym(self) -> str:
        words = [w for w in re.findall(r"[A-Za-z][\w’'\-]*", self.text) if w.lower() not in _INITIAL_SKIP]
        return "".join(w[0] for w in words).lower() if len(words) >= 2 else ""


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    kind: str  # who | when | where | count | quantity | which | what | why | how | other
    terms: tuple[str, ...]  # stemmed content terms
    entities: tuple[str, ...]  # stemmed tokens of capitalised names
    focus: tuple[str, ...]  # stemmed head noun(s) of the ask ("troops" in "how many troops"); never a type noun
    names: tuple[Entity, ...] = ()
    answer_type: str | None = None  # count | money | amount | percent | length | speed | age | duration | date | place | person | reason | quote | identity
    context: tuple[str, ...] = field(default=())  # stems carried from the previous turn: help, never required
    counted: tuple[str, ...] = ()  # what a "how many" question counts (its focus, or a type noun like "people")
    window_days: int | None = None  # "this week", "recently": how far before the question's date an answer may be from

    @property
    def required(self) -> tuple[str, ...]:
        """Terms an answer must speak to: the named entities and the focus."""
        return tuple(dict.fromkeys(self.entities + self.focus))


def analyse(question: str) -> QuestionInfo:
    q = question.strip()
    context_match = _CONTEXT.search(q)
    context_text = context_match.group(1) if context_match else ""
    core = q[: context_match.start()].strip() + "?" if context_match else q
    lower = core.lower()
    kind = _kind(lower)
    focus_word, type_word, category = _focus(lower, _names_masked(core).lower())
    filler = {stem(w) for w in QUESTION_FILLER} | ({stem(type_word)} if type_word else set())
    terms = tuple(t for t in dict.fromkeys(tokenize(core)) if t not in filler)
    names = _entities(core)
    if not names and context_text and _PERSONAL.search(core):  # "What did he say (Artyom Lukin, …)?": he is Lukin
        subject = context_text.split(",")[0].strip()
        country = country_of(subject)
        names = (Entity(subject, tuple(tokenize(subject)), frozenset({country}) if country else frozenset()),)
    entities = tuple(dict.fromkeys(s for e in names for s in e.stems))
    answer_type = _answer_type(core, kind, type_word) or ("name" if category and focus_word else None)
    focus = tuple(t for t in tokenize(focus_word) if t not in entities) if focus_word else ()
    if category:  # a category the answer is an instance of: it helps ranking, it is not required
        focus = ()
    # "how many people": people are what is counted, but "50,000 staff" counts them too, so only the type is required
    counted = focus or (tuple(tokenize(type_word)) if answer_type == "count" and type_word else ())
    terms += tuple(t for t in entities if t not in terms)  # a subject carried in for "he" is part of what is asked
    context = tuple(t for t in dict.fromkeys(tokenize(context_text)) if t not in terms and t not in entities)
    return QuestionInfo(q, kind, terms + context, entities, focus, names, answer_type, context, counted, time_window(core))


_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WINDOWS = (
    (re.compile(rf"\b(?:this|last|past) (?:week|weekend)\b|\byesterday\b|\btoday\b|\btonight\b|\b(?:on|last|this) (?:{_DAYS})\b", re.I), 10),
    (re.compile(r"\b(?:this|last|past) month\b|\bthis season\b", re.I), 45),
    (re.compile(r"\brecent(?:ly)?\b|\blatest\b|\bjust\b", re.I), 120),
    (re.compile(r"\bthis year\b", re.I), 366),
)


def time_window(question: str) -> int | None:
    """Days before the question's date that "this week", "recently", "this year" allow (None: no time said)."""
    for pattern, days in _WINDOWS:
        if pattern.search(question):
            return days
    return None


def _kind(lower: str) -> str:
    if re.match(r"^\s*how (many|much)\b", lower):
        return "count"
    first = re.match(r"^\s*(\w+)", lower)
    word = first.group(1) if first else ""
    if word in ("who", "whom", "whose"):
        return "who"
    if re.search(r"\b(what year|what date|what day|which day|which year|what month|which month)\b", lower):
        return "when"
    if word in ("when", "where", "why", "which", "what", "how"):
        return word
    inner = re.search(r"\b(how many|how much|who|when|where|why)\b", lower)  # "Horror movie X earned how much?"
    if inner:
        return {"how many": "count", "how much": "count"}.get(inner.group(1), inner.group(1))
    return "other"


_MONEY_CONTEXT = re.compile(r"\b(cost|costs|pay|paid|pays|price|spend|spent|invest|invested|investment|worth|earn|earned|earning|raise|raised|fund|funding|fine|fined|"
                            r"money|sell|sold|buy|bought|bid|offer|charge|charged|owe|compensation|salary|budget|revenue|profit|loss|"
                            r"dollars|pounds|euros)\b")


def _answer_type(question: str, kind: str, type_word: str | None) -> str | None:
    lower = question.lower()
    if re.search(r"\bhow many\b", lower):
        return "count"
    if type_word and TYPE_NOUNS.get(type_word):
        return TYPE_NOUNS[type_word]
    if re.search(r"\bhow much\b", lower):
        return "money" if _MONEY_CONTEXT.search(lower) else "amount"
    for pattern, answer in ((r"\bhow (far|tall|high|long a|deep|wide)\b", "length"), (r"\bhow fast\b", "speed"),
                            (r"\bhow old\b", "age"), (r"\bhow long\b", "duration"), (r"\bwhat percentage\b", "percent")):
        if re.search(pattern, lower):
            return answer
    if kind == "when":
        return "date"
    if kind == "where":
        return "place"
    if kind == "why" or re.match(r"^\s*for what reason\b", lower):
        return "reason"
    if kind == "who":
        return "identity" if _asks_identity(question) else "person"
    if re.search(r"\b(say|said|says|describe|described|call|called|react|reacted|respond|responded|characteri[sz]e|reaction|warn|warned)\b", lower):
        return "quote"
    return None


def _asks_identity(question: str) -> bool:
    """"Who is Artyom Lukin?" asks what someone is, not for a name."""
    match = re.match(r"^\s*who (?:is|was|are|were)\s+(.+?)\s*\??$", question, re.I)
    if match is None:
        return False
    return all(w[:1].isupper() or w.lower() in ("of", "de", "al", "bin", "van", "von") for w in match.group(1).split())


def _entities(question: str) -> tuple[Entity, ...]:
    """Capitalised names the answer must speak to (not the question's first word), with their variants.

    Not required: names in a lead-in sentence ("Fans and Hollywood stars are paying tribute to Matthew
    Perry. Which sitcom did Perry star in?" asks about Perry) and a country used as an adjective ("the
    2024 US presidential race": the race is the subject, and US news rarely says "US" about it).
    """
    body = re.sub(r"^\s*\w+", lambda m: m.group(0).lower(), question)
    asked_from = _last_sentence_start(body)
    out: list[Entity] = []
    for match in _CAP_WORD.finditer(body):
        text = match.group(1).rstrip(".")
        stems = tuple(t for t in tokenize(text) if t not in WH_WORDS and t not in STOPWORDS and t not in _NAME_SUFFIXES)
        country = country_of(text)
        possessive = text.endswith(("'s", "’s"))
        before = re.findall(r"[\w’']+", body[: match.start(1)].lower())[-1:]
        modifies = not before or before[0] in _DETERMINERS or before[0][:1].isdigit()  # "the 2024 US race", not "will France close"
        following = re.match(r"\s+([a-z]+)", body[match.end(1):])
        attributive = (country is not None and not possessive and modifies and following is not None
                       and following.group(1) not in _SUBJECT_VERBS)
        if match.start(1) < asked_from or attributive:
            continue
        if stems or country:
            out.append(Entity(text, stems, frozenset({country}) if country else frozenset()))
    return tuple(out)


def _names_masked(question: str) -> str:
    """The question with capitalised names (after its first word) removed: "Which US state" → "Which state"."""
    head, _, rest = question.strip().partition(" ")
    return head + " " + " ".join(w for w in rest.split() if not w[:1].isupper())


def _last_sentence_start(text: str) -> int:
    """Where the last sentence of a question starts (a quiz question may open with a statement)."""
    ends = [m.end() for m in re.finditer(r"[.!?][\"”’')]*\s+(?=[A-Z“\"])", text)]
    return ends[-1] if ends else 0


_FOCUS_PATTERNS = [
    r"^how (?:many|much) (?!(?:has|have|had|did|does|do|were|was|are|is|will|would|could|can|should)\b)((?:[\w\-]+ ){0,3}?[\w\-]+?)(?= (?:has|have|had|did|does|do|were|was|are|is|will|would|could|took|take|been|in|of|from|to|a|per|each)\b|\?|$)",
    r"^(?:which|what) ([a-z\-]+)\b",
    r"^what (?:is|was|are|were|will be) the ([a-z\-]+)\b",
    r"^in (?:which|what) ([a-z\-]+)\b",
]
_KIND_OF = re.compile(r"^(?:what|which) (?:kinds?|types?|sorts?) of ((?:[a-z\-]+ ){0,2}?[a-z\-]+?)(?= (?:did|does|do|has|have|had|is|are|was|were|will|would|could|can)\b|\?|$)")
_NOT_FOCUS = WH_WORDS | QUESTION_FILLER | {"is", "was", "are", "were", "did", "does", "do", "will", "would", "could", "can", "has", "have", "had",
                                           "the", "a", "an", "be", "been", "to", "of", "in", "on"}


def _focus(lower: str, masked: str) -> tuple[str | None, str | None, bool]:
    """(the head noun the evidence must speak to, the type noun that only says what kind of answer is wanted).

    `masked` is the question without its names, so "Which US state" reads as "which state". The third
    value says the noun is only a category ("which automaker", "what medal"): the answer names one, and
    the evidence need not repeat the category word.
    """
    lower, masked = lower.strip(), masked.strip()
    kind_of = _KIND_OF.match(masked)
    if kind_of:  # "what kinds of weapons" -> weapons
        return kind_of.group(1).split()[-1], "kind", True
    possessed = re.match(r"^(?:what|which|who)\b.*?['’]s ((?:[a-z\-]+ ){0,2}[a-z\-]+)\??$", lower)
    if possessed:  # "what is Kim's favourite food" -> food
        words = [w for w in possessed.group(1).split() if w not in _NOT_FOCUS]
        if words:
            return (*_split_type(words[-1]), False)
    for i, pattern in enumerate(_FOCUS_PATTERNS):
        match = re.match(pattern, lower if i == 0 else masked)  # "how many Boeing 737-800 planes" keeps its names
        if match:
            words = [w for w in match.group(1).split() if w not in _NOT_FOCUS]
            if words:
                # the head noun ends the noun phrase ("north korean warships" -> warships); after "how many"
                # the phrase may run on into the verb ("republican candidates participated"): take its plural
                plural = [w for w in words if w in _IRREGULAR_PLURALS or (w.endswith("s") and not w.endswith("ss"))] if i == 0 else []
                return (*_split_type(plural[0] if plural else words[-1]), i in (1, 3))
    return None, None, False


_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "mice", "geese", "feet", "teeth", "police", "staff", "cattle"})


def _split_type(word: str) -> tuple[str | None, str | None]:
    return (None, word) if word in TYPE_NOUNS else (word, None)


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
    stem = short.rstrip("aeiouy")
    return any(long_ == stem + suffix or long_ == short + suffix for suffix in _DEMONYM_SUFFIXES)


_INITIAL_SKIP = frozenset({"of", "and", "the", "for", "de", "&"})
_NAME_RUN = re.compile(r"[A-Z][\w’'\-]*(?:\s+(?:of|and|the|for|&)?\s*[A-Z][\w’'\-]*)+")


def initials(text: str) -> set[str]:
    """Acronyms a text's multi-word names stand for ("National Union of Journalists" -> "nuj")."""
    out = set()
    for match in _NAME_RUN.finditer(text):
        words = [w for w in match.group().split() if w.lower() not in _INITIAL_SKIP]
        if 2 <= len(words) <= 6:
            out.add("".join(w[0] for w in words).lower())
    return out
