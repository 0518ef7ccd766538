"""Cross-source analysis of a cluster of articles about one story.

The briefing writer needs more than retrieved passages: which figures the
sources disagree on (and which only *look* different), what happened when,
who said what, which articles are copies of each other, and which inputs are
untrustworthy (wrong dates, injected instructions). Everything here is rules
over structure — typed claims compared like with like, date ranges compared by
overlap — and every output cites verbatim input sentences via SentenceRef.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ragnews import dates as D
from ragnews.injection import find_injections


# --------------------------------------------------------------------------- data model
@dataclass(frozen=True)
class SentenceRef:
    source: str          # article path (its id)
    text: str            # the sentence, verbatim from the article
    start_line: int      # 1-based lines in the file on disk
    end_line: int


@dataclass
class ArticleInput:
    source: str
    title: str | None
    outlet: str | None
    published: dt.date | None   # the article's stated publication date, if any
    sentences: list[SentenceRef]      # in document order, boilerplate already removed


@dataclass
class Claim:
    value: str                   # the figure or date as written, e.g. "around 14,000"
    refs: list[SentenceRef]
    sources: list[str]
    attributions: list[str] = field(default_factory=list)  # "according to ..." holders


@dataclass
class Discrepancy:
    subject: str
    claims: list[Claim]
    compatible: bool
    kind: str                    # "count" | "date"
    clashes: list[tuple[str, str]] = field(default_factory=list)  # values that cannot both hold


@dataclass
class TimelineEvent:
    date: dt.date | None
    date_text: str
    resolved: bool
    event: str
    refs: list[SentenceRef]


@dataclass
class QuoteItem:
    speaker: str
    role: str | None
    text: str
    ref: SentenceRef


@dataclass
class DataWarning:
    source: str
    kind: str
    message: str
    refs: list[SentenceRef] = field(default_factory=list)


@dataclass
class Analysis:
    discrepancies: list[Discrepancy]
    timeline: list[TimelineEvent]
    quotes: list[QuoteItem]
    warnings: list[DataWarning]
    syndicated: list[list[str]]
    contributions: dict[str, list[SentenceRef]]
    inferred_published: dict[str, dt.date] = field(default_factory=dict)
    news_day: str | None = None   # weekday most sources report as the day of the main news


Similarity = Callable[[list[str]], np.ndarray]

# --------------------------------------------------------------------------- lexical helpers
_STOP = frozenset("""a an the of to in on at for from by with and or but as is are was were be been being has have had
it its this that these those which who whom whose what when where while than then there their they them he she his her
him we our you your i not no also after before into over about more most some such said says say would could will can
may might must should do does did so if up out just only other any all both each one two first last year years""".split())


def _words(text: str) -> list[str]:
    return [w.rstrip("s") if len(w) > 4 else w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP]


def _lower_words(text: str) -> set[str]:
    """Common-noun/verb content words (lowercase in the text): what a clause says, not who."""
    return {w.rstrip("s") for w in re.findall(r"\b[a-z][a-z\-]+\b", text) if w not in _STOP and len(w) > 2}


class _Tfidf:
    """TF-IDF cosine over a fixed set of short texts; IDF damps the story's ubiquitous words."""

    def __init__(self, texts: list[str]):
        docs = [Counter(_words(t)) for t in texts]
        df = Counter(w for d in docs for w in d)
        n = len(docs) + 1
        self.vecs = []
        for d in docs:
            v = {w: c * math.log(n / df[w]) for w, c in d.items()}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            self.vecs.append({w: x / norm for w, x in v.items()})

    def sim(self, i: int, j: int) -> float:
        a, b = self.vecs[i], self.vecs[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(x * b.get(w, 0.0) for w, x in a.items())


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans split at commas, semicolons and dashes (quotes kept whole enough)."""
    cuts = [0] + [m.end() for m in re.finditer(r"[,;:]\s+|\s[—–]\s|—", text)] + [len(text) + 1]
    return [(cuts[i], cuts[i + 1] - 1) for i in range(len(cuts) - 1)]


def _clause_at(text: str, pos: int) -> tuple[int, int]:
    for s, e in _clauses(text):
        if s <= pos < e + 1:
            return s, e
    return 0, len(text)


def _event_text(text: str, pos: int, limit: int = 170) -> str:
    """The sentence, or for long sentences the clause around pos widened to a readable length."""
    if len(text) <= limit:
        return text.strip()
    spans = _clauses(text)
    idx = next((i for i, (s, e) in enumerate(spans) if s <= pos <= e), 0)
    lo, hi = idx, idx
    while spans[hi][1] - spans[lo][0] < 60 and (lo > 0 or hi < len(spans) - 1):
        if hi < len(spans) - 1:
            hi += 1
        else:
            lo -= 1
    return text[spans[lo][0]:spans[hi][1]].strip(" ,;—–")


# --------------------------------------------------------------------------- count claims
_NUM = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_QUAL = (r"about|around|approximately|roughly|some|an estimated|estimated|nearly|almost|close to|more than|over|"
         r"upwards of|in excess of|at least|as many as|up to|at most|fewer than|less than|under|no fewer than")
_COUNT = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?(?<![\d,.$])(?P<a>{_NUM})(?:\s*(?:-|–|to)\s*(?P<b>{_NUM}))?(?!\d|th\b|st\b|nd\b|rd\b|-year|%)"
    rf"(?:\s+(?P<scale>million|billion|thousand))?", re.I)
_VAGUE = re.compile(r"\b(?P<vague>tens of thousands|hundreds of thousands|dozens|hundreds|thousands|millions|billions)\s+of\b", re.I)
_VAGUE_RANGE = {"dozens": (24, 200), "hundreds": (200, 2000), "thousands": (1000, 100000),
                "tens of thousands": (10000, 200000), "hundreds of thousands": (100000, 2e6),
                "millions": (1e6, 1e9), "billions": (1e9, 1e12)}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_MONTH_BEFORE = re.compile(r"(?:%s)\.?\s*$" % "|".join(D.MONTHS), re.I)
_TIME_UNITS = {"day", "week", "month", "year", "hour", "minute", "second", "decade", "time", "percent", "anniversary"}

# Classes of counted things: news counts people and materiel with many synonyms.
_NOUN_CLASS = {
    "troops": {"troop", "soldier", "force", "personnel", "fighter", "serviceman", "servicemen", "reinforcement",
               "combatant", "marine", "sailor", "servicemember"},
    "people": {"people", "person", "civilian", "resident", "individual", "men", "women", "children", "child", "adult"},
}
_SUBSET = {"additional", "more", "extra", "new", "fresh", "another", "reinforcement", "further"}
# Event classes: what happened to the counted things (prefix stems).
_EVENTS = [
    ("killed", ("kill", "dead", "death", "died", "die ", "fatalit", "slain", "perish")),
    ("wounded", ("wound", "injur", "hurt")),
    ("killed or wounded", ("casualt",)),
    ("sent", ("sent", "send", "deploy", "dispatch", "join", "arriv", "transferr")),
    ("captured", ("captur", "detain", "arrest", "prisoner", "taken captive")),
    ("supplied", ("suppl", "provid", "deliver", "shipped")),
    ("displaced", ("evacuat", "displac", "fled", "flee")),
    ("missing", ("missing",)),
    ("rescued", ("rescu",)),
]
_NOT_OWN_EVENT = {"replace", "replacing", "those", "despite", "avenge", "after"}
_HEAD_STOP = set("""to in on at for from with by who that which had have has was were is are been be may might could would will
including and or as since while during mostly reportedly its their the a an of into across""".split())


@dataclass
class _Count:
    source: str
    ref: SentenceRef
    value: str
    lo: float
    hi: float
    point: float | tuple[float, float] | None   # None for vague quantities
    noun: str
    event: str | None
    subset: bool
    attribution: str | None
    pos: int


def _event_class(word: str) -> str | None:
    w = word.lower() + " "
    for name, stems in _EVENTS:
        if any(w.startswith(s) for s in stems):
            return name
    return None


def _noun_class(word: str) -> str:
    w = word.lower().strip("’'")
    lemma = w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w
    for name, members in _NOUN_CLASS.items():
        if w in members or lemma in members:
            return name
    return lemma


def _tokens(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in re.finditer(r"[A-Za-z][\w’'\-]*|\d[\d,.]*|[,.;:()“”\"]", text)]


def _head(text: str, pos: int) -> tuple[str | None, list[str]]:
    """Counted noun after a number: the last word of the noun phrase that follows it."""
    words: list[str] = []
    for _, tok in _tokens(text[pos:pos + 80]):
        low = tok.lower()
        if not tok[0].isalpha() or low in _HEAD_STOP or _event_class(tok) or len(words) >= 4:
            break
        words.append(tok)
    return (words[-1], words[:-1]) if words else (None, [])


def _nearest_event(text: str, start: int, end: int, clause: tuple[int, int]) -> str | None:
    toks = [(p, t) for p, t in _tokens(text) if clause[0] <= p < clause[1]]
    best: tuple[int, str] | None = None
    for i, (p, tok) in enumerate(toks):
        cls = _event_class(tok)
        if not cls or any(t.lower() in _NOT_OWN_EVENT for _, t in toks[max(0, i - 3):i]):
            continue
        # killed ... or wounded within three words reads as one "casualties" event
        near = {_event_class(t) for _, t in toks[i + 1:i + 4]}
        if cls == "killed" and "wounded" in near or cls == "wounded" and "killed" in near:
            cls = "killed or wounded"
        dist = abs(p - (start if p < start else end))
        if best is None or dist < best[0]:
            best = (dist, cls)
    return best[1] if best else None


_ATTRIB_VERB = re.compile(r"([A-Z][^.;“”\"]{0,90}?)\s+(?:have |has |had )?(?:long |also )?(?:said|say|says|estimated?|estimates|"
                          r"assessed|reported|believe|believes|indicate|confirmed)\b")
_LEAD = re.compile(r"^(?:but|and|however|also|meanwhile|in \w+|on \w+|earlier \w+|last \w+|recent \w+)[,\s]+", re.I)


def _attribution(sentence: str) -> str | None:
    """Who the sentence credits for its figures ("according to X", "X said/estimate")."""
    m = re.search(r"according to ([^,.;]+)", sentence, re.I)
    if m:
        return m.group(1).strip()
    m = _ATTRIB_VERB.search(sentence)
    if not m:
        return None
    text = m.group(1)
    while (stripped := _LEAD.sub("", text)) != text:
        text = stripped
    return text.strip() or None


def _interval(qual: str | None, a: float, b: float | None) -> tuple[float, float]:
    q = (qual or "").lower()
    lo, hi = (a, b) if b is not None else (a, a)
    if q in {"about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "close to"}:
        return lo * 0.9, hi * 1.1
    if q in {"nearly", "almost"}:
        return lo * 0.85, hi
    if q in {"more than", "over", "upwards of", "in excess of"}:
        return hi * 1.0001, math.inf
    if q in {"at least", "no fewer than"}:
        return lo, math.inf
    if q in {"as many as", "up to", "at most"}:
        return 0.0, hi
    if q in {"fewer than", "less than", "under"}:
        return 0.0, hi * 0.9999
    return lo, hi


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def extract_counts(ref: SentenceRef) -> list[_Count]:
    """Typed count claims in one sentence: value interval + counted noun + event + attribution."""
    text = ref.text
    out: list[_Count] = []
    attribution = _attribution(text)
    for m in _COUNT.finditer(text):
        a = _number(m.group("a"))
        b = _number(m.group("b")) if m.group("b") else None
        if _MONTH_BEFORE.search(text[:m.start("a")]) or (b is None and 1900 <= a <= 2100 and "," not in m.group("a")):
            continue
        if b is not None and b < a:
            continue  # "1950-53" style year ranges
        scale = _SCALE.get((m.group("scale") or "").lower(), 1.0)
        a, b = a * scale, (b * scale if b is not None else None)
        lo, hi = _interval(m.group("qual"), a, b)
        point = (a, b) if b is not None else a
        _add_count(out, ref, m.group(0), m.start(), m.end(), lo, hi, point, attribution)
    for m in _VAGUE.finditer(text):
        lo, hi = _VAGUE_RANGE[m.group("vague").lower()]
        _add_count(out, ref, m.group("vague"), m.start(), m.end(), lo, hi, None, attribution)
    return sorted(out, key=lambda c: c.pos)


def _add_count(out: list[_Count], ref: SentenceRef, value: str, start: int, end: int, lo: float, hi: float,
               point: float | tuple[float, float] | None, attribution: str | None) -> None:
    text = ref.text
    head, mods = _head(text, end)
    before = text[max(0, start - 12):start].lower()
    parent = out[-1] if out and "including" in before else None
    if head is None and parent is None:
        return
    noun = _noun_class(head) if head else parent.noun  # type: ignore[union-attr]
    if noun in _TIME_UNITS or (head and head[0].isupper() and noun not in _NOUN_CLASS):
        return
    subset = bool(parent) or any(w.lower() in _SUBSET for w in mods + [head or ""]) or \
        bool(re.search(r"\b(another|additional|more)\s*$", before)) or _noun_class(head or "") != noun or \
        (head or "").lower().startswith("reinforcement")
    event = _nearest_event(text, start, end, _clause_at(text, start))
    if event is None and parent is not None:
        event = parent.event
    out.append(_Count(ref.source, ref, value.strip(), lo, hi, point, noun, event, subset, attribution, start))


def _subject(c: _Count) -> str:
    return " ".join(x for x in ("additional" if c.subset else "", c.noun, c.event or "") if x)


def _count_discrepancies(counts: list[_Count], same_group: Callable[[str, str], bool]) -> list[Discrepancy]:
    """Compare like with like: one subject per (noun, event, subset); clash = disjoint intervals."""
    groups: dict[tuple[str, str | None, bool], list[_Count]] = defaultdict(list)
    for c in counts:
        groups[(c.noun, c.event, c.subset)].append(c)
    out = []
    for key, items in groups.items():
        points = {c.point for c in items if c.point is not None}
        if len({c.source for c in items}) < 2 or len(points) < 2:
            continue
        claims: dict[tuple[float, float, str], list[_Count]] = defaultdict(list)
        for c in items:
            claims[(c.lo, c.hi, c.value.lower())].append(c)
        built = [_claim(v) for v in claims.values()]
        clashes = []
        keys = list(claims)
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                ci, cj = claims[keys[i]], claims[keys[j]]
                disjoint = keys[i][1] < keys[j][0] or keys[j][1] < keys[i][0]
                cross = any(not same_group(x.source, y.source) for x in ci for y in cj)
                if disjoint and cross:
                    clashes.append((built[i].value, built[j].value))
        out.append(Discrepancy(_subject(items[0]), built, not clashes, "count", clashes))
    return out


def _claim(items: list[_Count]) -> Claim:
    refs = list(dict.fromkeys(c.ref for c in items))
    sources = list(dict.fromkeys(c.source for c in items))
    attribs = list(dict.fromkeys(c.attribution for c in items if c.attribution))
    return Claim(items[0].value, refs, sources, attribs)


# --------------------------------------------------------------------------- quotes
_NAME = r"(?:(?:Mr|Mrs|Ms|Dr|Gen|Prof|Sen|Rep|Gov|Lt|Col)\.\s+)?[A-Z][\w’'\-]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'\-]+))*"
_DESC = (r"(?:[Aa]n?|[Tt]he)\s+(?:[\w.’'\-]+\s+){0,4}(?:spokesperson|spokesman|spokeswoman|official|analyst|expert|"
         r"commission|ministry|agency|office|statement|report)")
_VERBS = (r"said|says|say|stated|noted|added|told\s+[\w ]{1,30}?|warned|claimed|announced|argued|explained|insisted|"
          r"emphasized|emphasised|stressed|wrote|was quoted as saying|is quoted as saying")
_WEEK = r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|earlier|later))?"
_Q_OPEN = "“\""
_Q_CLOSE = "”\""
_QUOTE_THEN_SPEAKER = re.compile(
    rf"[“\"](?P<q>[^”\"]{{6,}})[”\"]\s*,?\s*(?:(?P<who>{_NAME}|[Hh]e|[Ss]he|[Tt]hey)\s+(?:{_VERBS})\b"
    rf"|(?:said|says|added|noted)\s+(?P<who2>{_NAME})(?:,\s*(?P<role>[^.“”\"]+))?)")
_SPEAKER_THEN = re.compile(
    rf"(?:^|(?<=[,;]\s)|(?<=\bthat\s))(?P<pre>(?:[A-Za-z.’'\-]+\s+){{0,4}}?)(?P<who>{_NAME}(?:\s+and\s+{_NAME})?|{_DESC}|[Hh]e|[Ss]he)"
    rf"(?:\s+of\s+(?P<org>[^,]{{3,80}}?)|,\s*(?P<role>[^,]{{3,140}}),)?,?\s+(?:{_VERBS})\b{_WEEK},?\s*(?:that\s+)?(?P<q>.{{8,}})")
_TRAILING = re.compile(rf"^(?P<q>.{{8,}}?),\s*(?:said|says|added|noted|according to)\s+(?P<who>{_NAME})(?:,\s*(?P<role>[^.]+))?\.?$")
_ACCORDING = re.compile(r"[Aa]ccording to (?:the\s+)?(?P<who>[^,.;]+?)(?:\s+of\s+(?P<org>[^,.;]+))?(?=[,.;]|$)")

_TITLE_WORDS = {"president", "prime", "minister", "chief", "general", "gen.", "secretary", "leader", "chairman", "king",
                "queen", "pope", "staff", "foreign", "defense", "defence", "spokesman", "spokeswoman", "commander",
                "ambassador", "senator", "governor", "mayor", "premier", "chancellor", "of", "mr.", "mrs.", "ms.", "dr.",
                "prof.", "both", "neither", "on", "in", "earlier", "monday", "tuesday", "wednesday", "thursday",
                "friday", "saturday", "sunday", "despite", "but", "and", "then", "while", "although", "however", "after",
                "the", "as", "when", "if", "though", "because"}
_FILLER = {"mr.", "mrs.", "ms.", "dr.", "both", "neither", "but", "and", "then", "despite", "on", "in", "earlier",
           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "while", "although",
           "however", "after", "the", "as", "when", "if", "though", "because"}
_ROLE_PRE = re.compile(r"(?:spokes\w+|president|leader|minister|chief|commander|general|secretary|analyst|expert|"
                       r"professor|official|director|head|ambassador|envoy|adviser|advisor|chairman)\s*$", re.I)
_PRONOUNS = {"he", "she", "they"}


def _split_title(name: str) -> tuple[str, str | None]:
    """'Russian President Vladimir Putin' -> ('Vladimir Putin', 'Russian President')."""
    toks = name.split()
    i = 0
    def demonym(t: str) -> bool:
        return bool(re.search(r"(?:ian|ean|ese|ish|can)$", t))

    while i < len(toks) - 1 and (toks[i].lower() in _TITLE_WORDS or demonym(toks[i])
                                 and (toks[i + 1].lower() in _TITLE_WORDS or demonym(toks[i + 1]))):
        i += 1
    role = " ".join(t for t in toks[:i] if t.lower() in _TITLE_WORDS - _FILLER or t[0].isupper()
                    and t.lower() not in _FILLER) or None
    return " ".join(toks[i:]), role


def _quote_candidates(ref: SentenceRef) -> list[tuple[str, str | None, str]]:
    """(speaker, role, text) attributions found in one sentence, by pattern family."""
    s = ref.text.strip()
    m = _QUOTE_THEN_SPEAKER.search(s)
    if m:
        who = m.group("who") or m.group("who2")
        return [(who, m.group("role"), m.group("q").strip(" ,"))]
    m = _TRAILING.match(s)
    if m:
        return [(m.group("who"), m.group("role"), m.group("q").strip(" ,"))]
    m = _SPEAKER_THEN.search(s)
    if m:
        pre = m.group("pre") or ""
        role = m.group("role") or m.group("org")
        if not role and _ROLE_PRE.search(pre.strip()):
            role = pre.strip()
        appositive = re.match(r"^(?:The|A|An)\s+([\w\s.’'\-]{2,60}),\s*$", s[:m.start()])
        if not role and appositive:
            role = appositive.group(1)
        return [(m.group("who"), role, m.group("q").strip())]
    m = _ACCORDING.search(s)
    if m:
        rest = (s[:m.start()] + s[m.end():]).strip(" ,.")
        return [(m.group("who").strip(), m.group("org"), rest)]
    if s[:1] in _Q_OPEN and s.rstrip()[-1:] in _Q_CLOSE + ".":
        return [("", None, s.strip(_Q_OPEN + _Q_CLOSE + " "))]  # continuation of the previous quote
    return []


def _clean_speaker(who: str, role: str | None) -> tuple[str, str | None]:
    who = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Prof)\.\s+", "", who.strip())
    name, title = _split_title(who)
    if title and not role:
        role = title
    if role:
        role = role.strip(" ,.")
    return name, role or None


def _name_key(name: str) -> str:
    toks = [t for t in re.split(r"[\s\-]+", name.lower()) if not re.fullmatch(r"[a-z]\.|gen\.", t)]
    return " ".join(toks)


def _canonical_names(items: list[tuple[str, QuoteItem]]) -> dict[str, str]:
    """Map every spelling to one display name: 'Kim Jong-un' ~ 'Kim Jong Un', 'Putin' ~ 'Vladimir Putin'."""
    full = Counter(_name_key(q.speaker) for _, q in items if len(q.speaker.split()) > 1)
    display: dict[str, Counter[str]] = defaultdict(Counter)
    for _, q in items:
        display[_name_key(q.speaker)][q.speaker] += 1
    out: dict[str, str] = {}
    for _, q in items:
        key = _name_key(q.speaker)
        if len(key.split()) == 1:
            matches = [k for k in full if key in k.split()]
            key = max(matches, key=lambda k: full[k]) if matches else key
        else:  # "vladimir v putin" -> "vladimir putin" when the shorter key is a known full name
            key = next((k for k in full if set(k.split()) < set(key.split()) and len(k.split()) > 1), key)
        variants = display.get(key)
        out[q.speaker] = max(variants, key=lambda v: (not re.search(r"\b[A-Z]\.", v), variants[v])) \
            if variants else q.speaker
    return out


def _article_names(art: ArticleInput) -> Counter[str]:
    """Multi-word person/org names in an article, titles stripped, to expand 'Kim' or 'Mr. Putin'."""
    names: Counter[str] = Counter()
    for ref in art.sentences:
        for m in re.finditer(_NAME, ref.text):
            name, _ = _split_title(re.sub(r"^(?:Mr|Mrs|Ms|Dr|Prof)\.\s+", "", m.group(0)))
            if len(name.split()) > 1:
                names[name] += 1
    return names


def _full_name(name: str, names: Counter[str]) -> str:
    """A one-word speaker is the article's most-mentioned full name containing that word."""
    if len(name.split()) > 1:
        return name
    key = _name_key(name)
    matches = [n for n in names if key in _name_key(n).split()]
    return max(matches, key=lambda n: (names[n], -len(n))) if matches else name


def extract_quotes(articles: list[ArticleInput], skip: set[SentenceRef]) -> list[QuoteItem]:
    """Attributed statements with speakers; pronouns and continuations take the previous named speaker."""
    found: list[tuple[str, QuoteItem]] = []
    for art in articles:
        last: tuple[str, str | None] | None = None
        roles: dict[str, str] = {}
        prev_was_quote = False
        names = _article_names(art)
        for ref in art.sentences:
            if ref in skip:
                prev_was_quote = False
                continue
            cands = _quote_candidates(ref)
            got = False
            for who, role, text in cands:
                if not who:
                    if not (prev_was_quote and last):
                        continue
                    name, role = last
                elif who.lower() in _PRONOUNS:
                    if not last:
                        continue
                    name, role = last
                else:
                    name, role = _clean_speaker(who, role)
                    if not name or name.lower() in _TITLE_WORDS or re.search(r"[’']s$", name):
                        continue
                    name = _full_name(name, names)
                    role = role or roles.get(name)
                    if role:
                        roles.setdefault(name, role)
                    if name[0].isupper():
                        last = (name, role)
                found.append((art.source, QuoteItem(name, role, text, ref)))
                got = True
            prev_was_quote = got and ("”" in ref.text or '"' in ref.text)
    canon = _canonical_names(found)
    return [QuoteItem(canon.get(q.speaker, q.speaker), q.role, q.text, q.ref) for _, q in found]


# --------------------------------------------------------------------------- dates and timeline
@dataclass
class _Dated:
    source: str
    ref: SentenceRef
    mention: D.DateMention
    real: D.DateRange | None
    virt: D.DateRange
    text: str
    key: tuple[str, str | None, bool] | None


def _weekday_votes(articles: list[ArticleInput], skip: set[SentenceRef]) -> int | None:
    """The story's news day: the weekday most articles mention most (past tense)."""
    votes: Counter[int] = Counter()
    total: Counter[int] = Counter()
    for art in articles:
        c = Counter(D.WEEKDAYS.index(m.get("weekday").lower())  # type: ignore[union-attr]
                    for r in art.sentences if r not in skip
                    for m in D.find_mentions(r.text) if m.kind == "weekday" and not m.future)
        total.update(c)
        if c:
            votes[c.most_common(1)[0][0]] += 1
    if not votes:
        return None
    return max(votes, key=lambda w: (votes[w], total[w], -w))


def _check_published(art: ArticleInput, news_day: int | None, skip: set[SentenceRef]) -> tuple[list[str], dt.date | None]:
    """Evidence that the stated date is wrong, and a corrected date consistent with the content."""
    pub = art.published
    if pub is None:
        return [], None
    evidence, later = [], []
    mentions_day = False
    for ref in art.sentences:
        if ref in skip:
            continue
        for m in D.find_mentions(ref.text):
            if m.kind == "weekday" and not m.future and news_day is not None and \
                    D.WEEKDAYS.index(m.get("weekday").lower()) == news_day:  # type: ignore[union-attr]
                mentions_day = True
            rng = D.resolve(m, None) if m.absolute else None
            if rng and not m.future and rng.lo > pub and ref.text.strip() != m.text:
                evidence.append(f"it refers to '{m.text}' in the past tense, after its stated date {pub.isoformat()}")
                later.append(rng.lo)
    if mentions_day and news_day is not None and (pub.weekday() - news_day) % 7 > 2:
        evidence.append(f"it reports {D.WEEKDAYS[news_day].title()} as the news day but {pub.isoformat()} "
                        f"is a {D.WEEKDAYS[pub.weekday()].title()}")
    if not evidence:
        return [], None
    for dy in (1, -1, 2, -2):
        cand = _safe_replace(pub, pub.year + dy)
        if cand is None or any(lo > cand for lo in later):
            continue
        if mentions_day and news_day is not None and cand.weekday() != news_day:
            continue
        return evidence, cand
    return evidence, None


def _safe_replace(d: dt.date, year: int) -> dt.date | None:
    try:
        return d.replace(year=year)
    except ValueError:
        return None


def _cluster_anchor(articles: list[ArticleInput], anchors: dict[str, dt.date], news_day: int | None,
                    skip: set[SentenceRef]) -> dt.date:
    """The news day as a date, for ordering undated articles' relative dates."""
    if anchors:
        days = Counter()
        for src, a in anchors.items():
            days[a - dt.timedelta(days=(a.weekday() - news_day) % 7) if news_day is not None else a] += 1
        return max(days, key=lambda d: (days[d], d))
    latest = None
    for art in articles:
        for ref in art.sentences:
            if ref in skip:
                continue
            for m in D.find_mentions(ref.text):
                rng = D.resolve(m, None) if m.absolute and not m.future else None
                if rng and (latest is None or rng.hi > latest):
                    latest = rng.hi
    base = (latest + dt.timedelta(days=1)) if latest else dt.date(2000, 1, 3)
    if news_day is None:
        return base
    return base + dt.timedelta(days=(news_day - base.weekday()) % 7)


def _date_key(ref: SentenceRef, m: D.DateMention, counts: list[_Count]) -> tuple[str, str | None, bool] | None:
    """The figure a date belongs to: a count in the same clause, else a counted noun phrase there."""
    lo, hi = _clause_at(ref.text, m.start)
    near = [c for c in counts if c.ref == ref and lo <= c.pos <= hi]
    if near:
        c = min(near, key=lambda c: abs(c.pos - m.start))
        return (c.noun, c.event, c.subset)
    clause = ref.text[lo:hi]
    toks = [t for _, t in _tokens(clause) if t[0].isalpha()]
    for i, t in enumerate(toks):
        noun = _noun_class(t)
        if noun in _NOUN_CLASS and i > 0 and toks[i - 1].lower() in _SUBSET:
            events = [e for e in map(_event_class, toks) if e]
            return (noun, events[0] if events else None, True)
    return None


def _collect_dated(articles: list[ArticleInput], anchors: dict[str, dt.date], cluster: dt.date,
                   skip: set[SentenceRef], counts: list[_Count]) -> list[_Dated]:
    out = []
    for art in articles:
        real_anchor = anchors.get(art.source)
        for ref in art.sentences:
            if ref in skip:
                continue
            for m in D.find_mentions(ref.text):
                if len(ref.text.strip()) - len(m.text) < 12:
                    continue  # a dateline, not an event
                real = D.resolve(m, real_anchor)
                virt = real or D.resolve(m, cluster)
                if virt is None:
                    continue
                out.append(_Dated(art.source, ref, m, real, virt, _event_text(ref.text, m.start),
                                  _date_key(ref, m, counts)))
    return out


def _mid(r: D.DateRange) -> dt.date:
    return r.lo + (r.hi - r.lo) / 2


def _build_timeline(items: list[_Dated], sim: Callable[[int, int], float]) -> list[TimelineEvent]:
    """Merge the same event told by several sources (same date range, similar wording); sort by date."""
    order = sorted(range(len(items)), key=lambda i: (_mid(items[i].virt), items[i].virt.hi, i))
    groups: list[list[int]] = []
    for i in order:
        for g in groups:
            j = g[0]
            if items[j].virt == items[i].virt and items[j].source != items[i].source and sim(i, j) >= 0.2:
                g.append(i)
                break
        else:
            groups.append([i])
    events = []
    for g in groups:
        first = items[g[0]]
        real = next((items[i].real for i in g if items[i].real), None)
        refs = list(dict.fromkeys(items[i].ref for i in g))
        events.append(TimelineEvent(real.lo if real else None, first.mention.text, real is not None, first.text, refs))
    return events


def _date_conflicts(items: list[_Dated], sim: Callable[[int, int], float], same_group: Callable[[str, str], bool]
                    ) -> tuple[list[Discrepancy], list[DataWarning]]:
    """Same fact, different date: day-level by wording, year-level by the figure it belongs to."""
    discs: list[Discrepancy] = []
    warns: list[DataWarning] = []
    seen: set[tuple[int, int]] = set()
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if same_group(a.source, b.source) or a.virt.overlaps(b.virt) or (i, j) in seen:
                continue
            if a.mention.day_level and b.mention.day_level and _same_event(a.text, b.text, sim(i, j)):
                seen.add((i, j))
                discs.append(_date_disc(_short_subject(a.text), [a, b]))
    by_key: dict[tuple[str, str | None, bool], list[_Dated]] = defaultdict(list)
    for d in items:
        if d.key and not d.mention.day_level:
            by_key[d.key].append(d)
    for key, group in by_key.items():
        years = {d.source: (d.virt.lo.year, d.virt.hi.year) for d in group}
        if len(years) < 2:
            continue
        votes = Counter(years.values())
        major, n = votes.most_common(1)[0]
        odd = [d for d in group if not (d.virt.lo.year <= major[1] and major[0] <= d.virt.hi.year)]
        if not odd or n < 2:
            continue
        subject = " ".join(x for x in ("additional" if key[2] else "", key[0], key[1] or "") if x)
        discs.append(_date_disc(f"when {subject}", group))
        for d in odd:
            others = sorted({g.source for g in group if g not in odd})
            warns.append(DataWarning(d.source, "figure_year_mismatch",
                                     f"'{d.mention.text}' dates the {subject} to {d.virt.lo.year}, but "
                                     f"{', '.join(others)} place it in {major[0]}", [d.ref]))
    return discs, warns


def _short_subject(text: str, words: int = 10) -> str:
    """A discrepancy's subject names the event in a few words, not a whole sentence."""
    parts = text.rstrip(".").split()
    return "date of: " + " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _same_event(a: str, b: str, score: float) -> bool:
    """Two day-dated clauses tell the same event: they share what happened, not just who."""
    wa, wb = _lower_words(a), _lower_words(b)
    shared = len(wa & wb)
    # MiniLM puts any two on-topic news sentences above 0.25; only a close match is the same event
    return shared >= 3 and (shared / max(1, min(len(wa), len(wb))) >= 0.5 or score >= 0.6)


def _date_disc(subject: str, group: list[_Dated]) -> Discrepancy:
    by_range: dict[tuple[dt.date, dt.date], list[_Dated]] = defaultdict(list)
    for d in group:
        by_range[(d.virt.lo, d.virt.hi)].append(d)
    claims = [Claim(ds[0].mention.text, list(dict.fromkeys(d.ref for d in ds)),
                    list(dict.fromkeys(d.source for d in ds))) for ds in by_range.values()]
    clashes = [(claims[i].value, claims[j].value) for i in range(len(claims)) for j in range(i + 1, len(claims))]
    return Discrepancy(subject, claims, False, "date", clashes)


# --------------------------------------------------------------------------- syndication and novelty
def _shingles(art: ArticleInput, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", " ".join(r.text for r in art.sentences).lower())
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def find_syndicated(articles: list[ArticleInput], threshold: float = 0.5) -> list[list[str]]:
    """Groups of near-duplicate articles (wire copy), by 5-word-shingle containment."""
    sh = {a.source: _shingles(a) for a in articles}
    parent = {a.source: a.source for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    srcs = [a.source for a in articles]
    for i, a in enumerate(srcs):
        for b in srcs[i + 1:]:
            small = min(len(sh[a]), len(sh[b]))
            if small and len(sh[a] & sh[b]) / small >= threshold:
                parent[find(b)] = find(a)
    groups: dict[str, list[str]] = defaultdict(list)
    for s in srcs:
        groups[find(s)].append(s)
    return [g for g in groups.values() if len(g) > 1]


def _facts(text: str) -> set[str]:
    nums = {n.replace(",", "") for n in re.findall(_NUM, text)}
    names = {m.group(0).lower() for m in re.finditer(r"(?<=\S\s)[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)*", text)}
    return nums | names


def _contributions(articles: list[ArticleInput], skip: set[SentenceRef], same_group: Callable[[str, str], bool],
                   per_source: int = 3) -> dict[str, list[SentenceRef]]:
    """Per source, the sentences carrying numbers/names no independent source mentions."""
    texts = {a.source: " ".join(r.text for r in a.sentences if r not in skip).lower().replace(",", "") for a in articles}
    out: dict[str, list[SentenceRef]] = {}
    for art in articles:
        others = " ".join(t for s, t in texts.items() if not same_group(s, art.source))
        scored = []
        for k, ref in enumerate(art.sentences):
            if ref in skip:
                continue
            novel = [f for f in _facts(ref.text) if f not in others]
            if novel:
                scored.append((-len(novel), k, ref))
        out[art.source] = [r for _, _, r in sorted(sorted(scored)[:per_source], key=lambda x: x[1])]
    return out


# --------------------------------------------------------------------------- entry point
def _similarity_fn(texts: list[str], similarity: Similarity | None) -> Callable[[int, int], float]:
    tfidf = _Tfidf(texts)
    if similarity is None or not texts:
        return tfidf.sim
    vecs = np.asarray(similarity(texts), dtype=float)
    # Embeddings judge meaning; the lexical score keeps "12 killed" and "15 killed" distinct facts.
    return lambda i, j: max(tfidf.sim(i, j), float(vecs[i] @ vecs[j]) - 0.35)


def _injections(articles: list[ArticleInput]) -> tuple[set[SentenceRef], list[DataWarning]]:
    skip, warns = set(), []
    for art in articles:
        for ref in art.sentences:
            hits = find_injections(ref.text)
            if hits:
                skip.add(ref)
                warns.append(DataWarning(art.source, "injection",
                                         f"instruction-like text aimed at an AI, ignored as news: '{hits[0][2][:80]}'",
                                         [ref]))
    return skip, warns


def analyze(articles: list[ArticleInput], similarity: Similarity | None = None) -> Analysis:
    """Cross-source analysis of one story cluster; see the module docstring."""
    skip, warnings = _injections(articles)
    syndicated = find_syndicated(articles)
    group_of = {s: i for i, g in enumerate(syndicated) for s in g}

    def same_group(a: str, b: str) -> bool:
        return a == b or (a in group_of and group_of.get(a) == group_of.get(b))

    news_day = _weekday_votes(articles, skip)
    anchors: dict[str, dt.date] = {}
    inferred: dict[str, dt.date] = {}
    for art in articles:
        if art.published is None:
            warnings.append(DataWarning(art.source, "missing_date", "no publication date; relative dates are "
                                        "ordered against the story's news day, not resolved"))
            continue
        evidence, fixed = _check_published(art, news_day, skip)
        anchors[art.source] = fixed or art.published
        if evidence:
            msg = f"stated date {art.published.isoformat()} contradicts the content: " + "; ".join(evidence)
            if fixed:
                inferred[art.source] = fixed
                msg += f". Inferred publication date {fixed.isoformat()} (used to resolve its relative dates)"
            warnings.append(DataWarning(art.source, "date_contradiction", msg))

    counts = [c for art in articles for r in art.sentences if r not in skip for c in extract_counts(r)]
    cluster = _cluster_anchor(articles, anchors, news_day, skip)
    dated = _collect_dated(articles, anchors, cluster, skip, counts)
    # Compare wording without the date and the figures: those are what may legitimately differ.
    sim = _similarity_fn([re.sub(r"\d[\d,.]*", " ", d.text.replace(d.mention.text, " ")) for d in dated], similarity)
    date_discs, year_warns = _date_conflicts(dated, sim, same_group)
    warnings.extend(year_warns)
    return Analysis(
        discrepancies=_count_discrepancies(counts, same_group) + date_discs,
        timeline=_build_timeline(dated, sim),
        quotes=extract_quotes(articles, skip),
        warnings=warnings,
        syndicated=syndicated,
        contributions=_contributions(articles, skip, same_group),
        inferred_published=inferred,
        news_day=D.WEEKDAYS[news_day].title() if news_day is not None else None,
    )
