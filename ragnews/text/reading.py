"""One reading of each sentence, made once by the English model and consumed everywhere.

A `Reading` holds what the trained pipeline (`language.py`) says a sentence
contains: its named entities with their types and the variants a reader would
accept for them (a surname, an acronym, a country's other forms); its claims
(who — the subject; what — the verb's lemma and its object; whether it is
negated, and whether it is asserted, reported, expected or possible); its
quantities (a value or interval, the unit, what is counted and the event it is a
figure of, all from the parse); its time expressions (the model's DATE and TIME
spans, resolved against an article's date by `text/dates.py`); and its
attribution (the speaker, the cue verb, whether the words are the speaker's own
in quotation marks). Everything above this layer — corroboration, differences,
who said what, the timeline, answers — reads these fields instead of
re-reading the text with patterns of its own.

Readings are pure functions of the sentence text and the model, so they are
cached by both (`Reader`): a sentence is parsed once, at ingest or at its first
briefing, and every later command reads it from the cache.

The few word lists here are closed classes of English grammar, not vocabulary
of any corpus: the lemmas of verbs of saying and of denying, the words that
bound a figure ("about", "more than"), number words and scales.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, Protocol

from ragnews.text.places import country_of, fold, is_place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

READING_VERSION = 61  # bump when what a Reading holds changes: cached readings of another version are read again

# --- closed classes of English grammar -------------------------------------------------------------------------
# Verbs that report speech or writing; their subject is a speaker and their clause what was said.
SAYING = frozenset("""say tell add state note claim announce argue explain insist warn write tweet post declare assert
    acknowledge admit concede contend remark reply respond confirm deny report testify predict suggest allege complain
    stress emphasise emphasize caution reiterate recall describe quote ask urge vow pledge promise threaten
    estimate""".split())
# Of those, the ones that say the reported clause is false.
DENYING = frozenset({"deny", "reject", "dismiss", "refute", "dispute", "contest"})
# Words before a figure and how they bound it: (low, high) multipliers of the figure.
BOUNDS: dict[str, tuple[float, float]] = {
    "about": (0.9, 1.1), "around": (0.9, 1.1), "approximately": (0.9, 1.1), "roughly": (0.9, 1.1),
    "some": (0.9, 1.1), "estimated": (0.9, 1.1), "nearly": (0.85, 1.0), "almost": (0.85, 1.0),
    "close to": (0.85, 1.0), "just under": (0.9, 1.0), "under": (0.5, 1.0), "less than": (0.5, 1.0),
    "fewer than": (0.5, 1.0), "up to": (0.0, 1.0), "as many as": (0.5, 1.0), "at most": (0.0, 1.0),
    "more than": (1.0, 1.5), "over": (1.0, 1.5), "at least": (1.0, 2.0), "just over": (1.0, 1.1),
    "upwards of": (1.0, 1.5), "in excess of": (1.0, 1.5),
}
NUMBER_WORDS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "half": 0.5,
}
SCALES: dict[str, float] = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
                            "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
# Units of measure news gives figures in, by lemma: the dimension each measures and its size in that dimension's unit
# (kg, metre, litre, m², km/h), so that a figure in pounds meets one in kilograms. "pound" is a weight only where the
# recogniser typed the figure a QUANTITY ("94,000 pounds of beef"); as MONEY, or a bare count, it stays a currency.
MEASURES: dict[str, tuple[str, float]] = {
    "lb": ("mass", 0.45359237), "lbs": ("mass", 0.45359237), "pound": ("mass", 0.45359237), "kg": ("mass", 1.0),
    "kilogram": ("mass", 1.0), "kilo": ("mass", 1.0), "gram": ("mass", 0.001), "tonne": ("mass", 1000.0),
    "ton": ("mass", 907.18474), "ounce": ("mass", 0.028349523), "oz": ("mass", 0.028349523),
    "km": ("length", 1000.0), "kilometre": ("length", 1000.0), "kilometer": ("length", 1000.0),
    "mile": ("length", 1609.344), "metre": ("length", 1.0), "meter": ("length", 1.0), "foot": ("length", 0.3048),
    "ft": ("length", 0.3048), "inch": ("length", 0.0254), "yard": ("length", 0.9144), "cm": ("length", 0.01),
    "centimetre": ("length", 0.01), "centimeter": ("length", 0.01), "mm": ("length", 0.001),
    "millimetre": ("length", 0.001), "millimeter": ("length", 0.001),
    "litre": ("volume", 1.0), "liter": ("volume", 1.0), "gallon": ("volume", 3.785411784), "barrel": ("volume", 158.987295),
    "acre": ("area", 4046.8564224), "hectare": ("area", 10000.0), "mph": ("speed", 1.609344), "kph": ("speed", 1.0),
}
# Ordinal words ("the first woman to…"); written ordinals ("24th") are read from their digits.
ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}
CURRENCIES: dict[str, str] = {"$": "$", "us$": "$", "dollar": "$", "£": "£", "pound": "£", "pence": "£", "€": "€",
                              "euro": "€", "¥": "¥", "yen": "¥", "yuan": "yuan", "rupee": "rupee", "cent": "$"}
HUNDREDTHS = frozenset({"cent", "pence", "penny"})  # currencies above that are a hundredth of their unit
# Subordinators and prepositions that give a cause or purpose ("because", "due to", "so that", "in order to"),
# and those that give one only sometimes, being also words of time ("after", "since", "as").
CAUSAL = frozenset({"because", "due", "owing", "thanks", "so", "order", "for"})
CAUSAL_OR_TIME = frozenset({"since", "as", "after", "following", "amid", "over"})
# Verbs whose object is a cause ("she blamed modern lifestyles").
CAUSING = frozenset({"blame", "cause", "attribute"})
# Titles of address: a phrase opening with one names a person ("Mr Straw"), whatever the recogniser typed it.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor"})
# Verbs whose infinitive complement is a forecast, not a fact ("expects the vaccine to generate $26 billion").
EXPECTING = frozenset({"expect", "forecast", "project", "predict", "anticipate"})
# How a modal auxiliary (the tagger's MD) qualifies its clause.
MODALS: dict[str, str] = {"will": "expected", "shall": "expected", "would": "expected", "'ll": "expected",
                          "may": "possible", "might": "possible", "could": "possible", "can": "possible",
                          "should": "possible", "must": "possible"}

_QUANTITY_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
_TIME_LABELS = frozenset({"DATE", "TIME"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
_BODY_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "parataxis", "pcomp", "acl"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "acomp", "dative"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_QUOTES = "\"“”"
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Entity:
    """A named entity as the model typed it, with the keys under which another mention meets it."""

    text: str
    label: str  # spaCy's type: PERSON, ORG, GPE, NORP, ... (evidence, not truth: "Kursk" may come out PRODUCT)
    start: int
    end: int
    key: str  # folded, lowercase, without "the" and a possessive: "u.s." and "US" both give "us"
    variants: tuple[str, ...] = ()  # a person's surname, an organisation's acronym, a country's code ("=USA")

    @property
    def keys(self) -> frozenset[str]:
        return frozenset((self.key, *self.variants))


@dataclass(frozen=True)
class Quantity:
    """A figure: its value as an interval, its unit, what it counts and the event it is a figure of.

    A range is one figure ("10,000-12,000 troops", "5-6 percent", "between $10 million and $12 million"): `low` and
    `high` are its two ends (each with the rounding its written end allows), `value` their midpoint, `text` the range
    as written."""

    text: str
    start: int
    end: int
    value: float  # the figure; a range's midpoint
    low: float  # the least value the figure allows (rounding, a bound like "about", a range's low end)
    high: float  # ... and the most
    unit: str | None = None  # "$", "%", "km"... None for a plain count
    counted: str | None = None  # the lemma of what is counted ("troop"), from the parse
    event: str | None = None  # the lemma of the verb it is a figure of ("kill", "send")
    described: str | None = None  # the noun a "with" phrase holding it describes: "companies with 100 employees" -> company
    relative: bool = False  # a difference, not a level: it measures a comparative ("two feet lower than expected")
    # the figure is the size a noun phrase names its thing by, a phrase that refers to a thing already there (definite,
    # someone's, or the object of a preposition: "against the $1.2 trillion package", "a vote on a $1 trillion bill"):
    # the phrase states the size whatever its clause says will or may happen to the thing
    named: bool = False
    # the nouns compounded onto the counted noun ("infrastructure" of "$1 trillion infrastructure bill"): what kind of
    # that thing it is, lemmas in order
    kind: tuple[str, ...] = ()
    # the second count of a vote's tally ("a 220-to-190 vote", "The vote was 222-190", "voted 252 to 175"): the votes
    # against; the figure itself (`value`) is the votes for, counted exactly. None for any other figure
    against: float | None = None
    # a point of comparison ("down from 943,000 jobs added in July", "up from 5.4% in July"): where the phrase the
    # comparison preposition governs ends, by the parse — a date inside it is the earlier figure's own. 0 for any other
    compared_end: int = 0

    def compatible(self, other: Quantity) -> bool:
        """The two figures can both be true of one thing: their intervals overlap."""
        return self.low <= other.high and other.low <= self.high

    def of_one_measure(self, other: Quantity) -> bool:
        """The two figures can be of one thing: they count the same noun ("14,000 troops" / "about 14,000 troops") or
        are written in the same unit ("the nearly $1 trillion proposal" / "a roughly $1 trillion infrastructure bill":
        outlets name one sum by different nouns). Whether they are the same thing takes more (`analysis.figures`);
        this is what lets one source's figure be told by another's, or a clause with a figure meet another's. (Where
        figures stand against each other, corroboration's `_comparable` is stricter: a shared unit joins only figures
        that count nothing else.)"""
        return bool(self.counted and self.counted == other.counted or self.unit and self.unit == other.unit)

    def scales(self) -> dict[str, float]:
        """What the figure may measure, each with the size of its unit there: "13,600kg" a mass (1 per kg), "30,000lb"
        a mass (0.4536 kg per lb; a bare number counting a unit of measure is in it), "£5m" a sum in pounds sterling,
        "5%" a share. A figure the recogniser typed MONEY but written with the word "pounds" ("94,000 pounds of beef")
        may be either a sum or a weight: both, as is a bare number counting "pounds" ("more than 30,000 pounds of…").
        A plain count measures nothing (empty)."""
        unit = self.unit if self.unit is not None else self.counted if self.counted in MEASURES else None
        if unit is None:
            return {}
        if unit in MEASURES:
            dimension, size = MEASURES[unit]
            return {dimension: size}
        out = {unit: 1.0}
        if unit == "£" and "£" not in self.text and ("pound" in self.text.lower() or self.counted == "pound"):
            out["mass"] = MEASURES["pound"][1]
        return out


@dataclass(frozen=True)
class Time:
    """A date or time expression as the model found it (resolved against an article's date elsewhere), with what
    the parse says of its place in the sentence: the prepositions above it, whether it only modifies a noun, and
    whether the clause it dates is told as still to come."""

    text: str
    start: int
    end: int
    label: str  # DATE | TIME
    # the prepositions on the path from the expression up to the verb it dates, nearest first: ("since",) of "since
    # 2008", ("as",) of "as of Friday", ("to", "from") of "from Friday morning to Sunday morning"
    preps: tuple[str, ...] = ()
    # the expression modifies a noun outside any time expression ("the Jan. 6 panel", "an August 2 memo"): it names
    # something rather than dating an event of the sentence
    modifies: bool = False
    # the clause it dates is told as to come: a modal ("will meet Friday"), an infinitive ("plans to open in March"),
    # the present of a schedule ("the trial begins Monday", "the vote is scheduled for Friday")
    expected: bool = False
    # the expression hangs on another time expression ("in 2020" of "the same period in 2020")
    within: bool = False
    # the clause it dates is told in a past or perfect tense ("took effect in June", "has fallen since 2020")
    past: bool = False
    # the expression modifies a noun, neither as its possessor nor inside a phrase someone owns: it says what kind of
    # thing the noun is ("the Sunday talk shows", "Friday prayers"); "Monday's vote" and "his Monday speech" are one
    # event on one day
    kind_of: bool = False
    # the expression is the point a change or a comparison is measured from, no event of the sentence: "from 2005
    # levels", "below 1990 levels", "compared with 2019", "than in 2019", "from the same period in 2020"
    baseline: bool = False
    # the nearest preposition above the expression hangs on a verb ("rescheduled for Friday", "postponed the vote to
    # Monday"), not on an adjective that takes its own ("unaccounted for Thursday") or on a noun
    prep_on_verb: bool = False
    # the clause it dates is a direct question, closed by a question mark ("Did she need to die yesterday?"): it asks,
    # and tells no event of that day
    question: bool = False
    # it dates a verb of saying outside quotation marks ("…," the mayor told reporters on Wednesday): when the words were
    # said, the day a relative date inside them ("yesterday", "tomorrow") counts from
    said: bool = False
    # the deadline ("by") of a clause with no tense of its own, a goal set out ("pledged to cut emissions in half by
    # 2030", "goals of creating a net-zero power sector by 2035"): a target it may be reached before, no day of an event
    goal: bool = False
    # it is joined by "and"/"or" to the time expression before it ("hosting Thursday and Friday"): the two date one
    # stretch, from the first to this one
    joined: bool = False
    # it lies in a phrase set beside a noun to describe it ("Dana Pell, a candidate for governor in 2024, announced…"):
    # it dates the description, no event the sentence tells
    aside: bool = False


@dataclass(frozen=True)
class ProForm:
    """What the tagger's morphology says of a pronoun or demonstrative in a claim's subject or object: the phrase's
    head ("She", "This", "Those who left", "him") or the possessive or determiner in front of its noun ("His son",
    "This plan"). Read once where the claim is read, so that a consumer tests the model's features, not the words as
    written ("IT workers" and "It" are not one word to the model; "US" and "us" neither)."""

    kind: str  # personal (PronType=Prs: "he", "its", "them", "we") | demonstrative (PronType=Dem: "this", "those")
    person: int | None = None  # 1, 2 or 3 (a demonstrative has none)
    number: str | None = None  # sing | plur, where the morphology says
    gender: str | None = None  # masc | fem | neut, where it says ("they", "we" have none)
    possessive: bool = False  # "his", "its", "their"
    head: bool = True  # the phrase is the pro-form itself; False: it stands in front of the phrase's noun

    @property
    def points_back(self) -> bool:
        """It stands for something named before: a third-person personal pronoun or a demonstrative."""
        return self.kind == "demonstrative" or self.person == 3

    @property
    def of_person(self) -> bool:
        """It may stand for a person: "I", "we", "he", "she", "they", their forms (not "it", not "you")."""
        return self.kind == "personal" and self.person != 2 and self.gender != "neut"

    @property
    def of_body(self) -> bool:
        """It may stand for a body (a company, a country): "it", "its", "we", "they", "their"."""
        return self.kind == "personal" and self.person != 2 and (self.gender == "neut" or self.number == "plur")

    @property
    def one_person(self) -> bool:
        """"he" or "she" in any case: one person, man or woman."""
        return self.kind == "personal" and self.person == 3 and self.number == "sing" and self.gender in ("masc", "fem")


@dataclass(frozen=True)
class Claim:
    """One clause: who (subject) does what (predicate lemma) to what (object), negated or not, and how it is told."""

    predicate: str
    subject: str | None
    object: str | None
    negated: bool
    modality: str  # asserted | expected | possible: as fact, or with a modal ("will", "could")
    start: int
    end: int
    subject_keys: tuple[str, ...] = ()  # the keys of the entities its subject names
    frame: str | None = None  # "reported" when a verb of saying carries it, "denied" when one of denying does
    # the lemma of the subject phrase's last content word: what it is about ("bill" of "The new bill"; a postmodifier's
    # noun when it has one, "macallan" of "another bottle of Macallan", which keeps two bottles' prices apart)
    subject_head: str | None = None
    # told in the passive ("The evacuation was prompted by a gas leak"): the subject is what it was done to, and the
    # object the reading gives is the agent's ("leak"), not a patient
    passive: bool = False
    tense: str | None = None  # past | present | expected (still to come) | None, as `_tense` reads the clause
    subject_pro: ProForm | None = None  # the subject's pronoun or demonstrative, as the morphology reads it
    object_pro: ProForm | None = None  # the object's, likewise ("met him")


@dataclass(frozen=True)
class Statement:
    """One clause of a longer sentence told on its own: its words without the clauses it holds (a subject it shares
    with the clause it is coordinated with put in front), and their content lemmas. "Washington signed a two-year contract, replacing Phil Nevin as manager" holds "Washington signed a
    two-year contract", the fact another outlet tells alone ("Washington got a two-year contract")."""

    text: str
    lemmas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attribution:
    """Who the sentence says said something, and what."""

    cue: str  # the verb's lemma ("say"), or "according to"
    speaker: str | None  # as written, without a role: "Dmitry Peskov", "South Korean officials"; None for a pronoun,
    # or for a phrase of stop words that names no one ("Others say")
    kind: str  # person | body | pronoun | group (a common noun: "officials", "analysts")
    said: str  # the words attributed: the quotation when direct, else the reported clause
    direct: bool  # the speaker's own words, in quotation marks
    role: str | None = None  # "Kremlin spokesman", "an analyst at ..."
    pronoun: str | None = None  # he / she / they / we / i: resolved against earlier sentences by `speakers`
    keys: tuple[str, ...] = ()  # the speaker entity's keys, to meet other mentions of it
    said_lemmas: tuple[str, ...] = ()  # the content lemmas of `said`: two quotations of one utterance share words


@dataclass(frozen=True)
class Reason:
    """A cause or purpose the sentence states: the adverbial clause or phrase and the word that introduces it."""

    text: str
    start: int
    end: int
    marker: str  # "because", "due", "to" (a purpose infinitive), "after"...
    certain: bool  # the marker only gives causes ("because"), not also times ("after", "since")


@dataclass(frozen=True)
class Participant:
    """A phrase a noun takes by a preposition: "a meeting with Sen. Capito", "the arrest of the mayor", "talks with
    Iran". When the noun tells an event as a verb would ("meeting" for "meet"), the phrase names who took part in it."""

    noun: str  # the noun's lemma
    prep: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A phrase that stands for someone or something named elsewhere in the article: a personal pronoun ("He said",
    "his memoir") or a definite noun phrase with no name in it ("The prince's lawyers", "the company"), as a subject
    or a possessor. Which entity it stands for is the article's business (`text/mentions.py`): a sentence alone
    cannot say."""

    text: str  # as written: "He", "his", "The prince"
    start: int
    end: int
    head: str  # the pronoun lowercased ("he", "his"), or the lemma of the noun phrase's head ("prince")
    pronoun: bool  # a personal pronoun of one person (he, she and their forms), else a definite noun phrase
    possessive: bool = False  # "his", "the prince's": written back as the name's possessive
    # it is the subject of the sentence's main clause, or that subject's possessor ("He said", "His lawyers said"): a
    # pronoun there takes its person from the sentences before; one deeper in the sentence only from the sentence itself
    subject: bool = False


@dataclass(frozen=True)
class Descriptor:
    """A common noun the sentence gives a named entity: an apposition ("David Amess, a lawmaker"; "the lawmaker, David
    Amess"), a title compounded on the name ("lawmaker David Amess"), or what the copula says it is ("Perry was an
    actor"). A later "the lawmaker" may stand for that entity (`text/mentions.py`)."""

    key: str  # the entity's key (`Entity.key`)
    noun: str  # the noun's lemma


@dataclass(frozen=True)
class Reading:
    """Everything the model read in one sentence."""

    text: str
    entities: tuple[Entity, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[Time, ...] = ()
    claims: tuple[Claim, ...] = ()
    attribution: Attribution | None = None
    lemmas: tuple[str, ...] = ()  # content lemmas, lowercase, in order
    quoted: tuple[tuple[int, int], ...] = field(default=())  # character spans inside quotation marks
    reasons: tuple[Reason, ...] = ()  # the causes and purposes it states ("because …", "to save money")
    # its ordinals as figures: "the 22nd state" (value 22, counted "state", event "become" in "became the 22nd state");
    # kept apart from `quantities`, which count or measure: a rank is no amount of anything
    ordinals: tuple[Quantity, ...] = ()
    # where the sentence proper begins when it opens with a page's label set off by a mark ("Updated | When the
    # first humans…", "PITTSBURGH (KDKA) — A former teacher…", "The big picture: Inflation…"); 0 when it does not
    label_end: int = 0
    # how many labels in a row the reading cut off there: two or more is the chrome of a gallery around a caption
    # ("Hide Caption 3 of 132 Photos: Photos: Crisis in Ukraine – Pro-Russian militia members remove…")
    labels: int = 0
    # its main clause is a subordinate one with nothing to hang on ("Because I'm better than I was before.", "While we
    # were all stuck in the same place."): it finishes the sentence before it
    subordinate: bool = False
    # it states something: a clause with a subject of a finite verb ("There are…" counts), as a sentence of news
    # prose does. Page furniture states nothing: an order to the reader ("Sign up for…", "Let’s see…"), or no such
    # clause and its words mostly capitals or figures ("Hide Caption 3 of 132 Photos", "Credit: Jane Doe/AP", "By
    # John Smith, CNN"); a line of lowercase prose is taken to state something even when the parser missed its verb
    # ("The 69-year-old suffered…", "suffered" read as a modifier)
    states: bool = True
    # its clauses told alone, when it has more than one that states something (`Statement`); empty for a sentence of
    # one clause, which is its own statement
    statements: tuple[Statement, ...] = ()
    # the phrases its nouns take by a preposition (`Participant`): who took part in an event a noun tells
    participants: tuple[Participant, ...] = ()
    # the pronouns and definite noun phrases that stand for an entity named elsewhere (`Mention`), and the common
    # nouns the sentence gives its own entities (`Descriptor`): what `text/mentions.py` links across an article
    mentions: tuple[Mention, ...] = ()
    descriptors: tuple[Descriptor, ...] = ()
    # where its words that point back begin (character offsets): a pronoun of the third person or a demonstrative, as
    # the tagger's morphology reads it ("he", "its", "those", "then"; not the complementizer "that"), or a coordinating
    # conjunction ("but", "and"). A sentence opening on one leans on the sentence before (`brief/candidates.py`)
    back_words: tuple[int, ...] = ()

    @property
    def entity_keys(self) -> frozenset[str]:
        return frozenset(k for e in self.entities for k in e.keys)

    @property
    def told_alone(self) -> tuple[str, ...]:
        """The texts of its clauses told alone and the words it quotes: what the same-fact judge embeds beside the
        sentence (a briefing's key points; ingest embeds them ahead for a briefing)."""
        said = (self.attribution.said,) if self.attribution is not None and self.attribution.direct else ()
        return (*(st.text for st in self.statements), *said)

    @property
    def main(self) -> Claim | None:
        """The clause the sentence is about: what was said when it reports speech, else its root clause."""
        if self.attribution is not None:
            inner = [c for c in self.claims if c.frame is not None]
            if inner:
                return inner[0]
        return self.claims[0] if self.claims else None

    def innermost(self, start: int, end: int) -> Claim | None:
        """The smallest clause holding the characters [start, end): the clause a word, a figure or a date belongs to
        (the parse nests clauses, so every clause around it holds it too)."""
        holding = [c for c in self.claims if c.start <= start and end <= c.end]
        return min(holding, key=lambda c: c.end - c.start) if holding else None

    def to_json(self) -> dict[str, Any]:
        """`dataclasses.asdict(self)`, built without its deep copies (a reading holds only immutable values), which
        took as long as the rest of caching a reading at ingest."""
        return _plain(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reading:
        attribution = data.get("attribution")
        return cls(
            text=data["text"],
            entities=tuple(Entity(**{**e, "variants": tuple(e["variants"])}) for e in data["entities"]),
            quantities=tuple(_quantity_of(q) for q in data["quantities"]),
            times=tuple(Time(**{**t, "preps": tuple(t.get("preps", ()))}) for t in data["times"]),
            claims=tuple(Claim(**{**c, "subject_keys": tuple(c["subject_keys"]), "subject_pro": _pro_form_of(c.get("subject_pro")),
                                  "object_pro": _pro_form_of(c.get("object_pro"))}) for c in data["claims"]),
            attribution=Attribution(**{**attribution, "keys": tuple(attribution["keys"]),
                                       "said_lemmas": tuple(attribution.get("said_lemmas", ()))}) if attribution else None,
            lemmas=tuple(data["lemmas"]),
            quoted=tuple((int(a), int(b)) for a, b in data["quoted"]),
            reasons=tuple(Reason(**r) for r in data.get("reasons", ())),
            ordinals=tuple(_quantity_of(q) for q in data.get("ordinals", ())),
            label_end=int(data.get("label_end", 0)),
            labels=int(data.get("labels", 0)),
            subordinate=bool(data.get("subordinate", False)),
            back_words=tuple(int(i) for i in data.get("back_words", ())),
            states=bool(data.get("states", True)),
            statements=tuple(Statement(st["text"], tuple(st["lemmas"])) for st in data.get("statements", ())),
            participants=tuple(Participant(**p) for p in data.get("participants", ())),
            mentions=tuple(Mention(**m) for m in data.get("mentions", ())),
            descriptors=tuple(Descriptor(**d) for d in data.get("descriptors", ())),
        )


def _pro_form_of(data: dict[str, Any] | None) -> ProForm | None:
    return ProForm(**data) if data else None


def _plain(value: Any) -> Any:
    """What `dataclasses.asdict` makes of a value: a dataclass becomes a dict of its fields in order, a tuple or list
    the same container of plain values; other values are kept as they are (all immutable in a reading)."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    names = _FIELD_NAMES.get(kind)
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if kind is tuple or kind is list:
        return kind(_plain(v) for v in value)
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


# --- keys ------------------------------------------------------------------------------------------------------

def name_key(text: str) -> str:
    """How a name is compared: accents folded, dotted acronyms closed, without "the" or a possessive, lowercase."""
    return bare_name(text).lower()


def bare_name(text: str) -> str:
    """The name as written, with its capitals ("US" is not "us"), otherwise as `name_key` compares it."""
    name = fold(text).strip().strip(_QUOTES + "'’").replace("’", "'")
    name = re.sub(r"^the\s+", "", name, flags=re.I)
    name = re.sub(r"'s?$", "", name, flags=re.I)
    return re.sub(r"\s+", " ", name).strip()


# The legal forms a company's name may end in: "Pfizer Inc" is "Pfizer", "BioNTech SE" "BioNTech" (closed class: the
# forms company law gives, which the recogniser keeps inside the ORG it types).
LEGAL_FORMS = frozenset({"inc", "corp", "co", "ltd", "llc", "plc", "se", "ag", "sa", "nv", "gmbh", "lp", "llp"})


def without_legal_form(name: str) -> str:
    """The company's name without the legal form it ends in ("Pfizer Inc." → "Pfizer"); other names as they are."""
    words = name.split()
    if len(words) >= 2 and fold(words[-1]).lower().strip(".,") in LEGAL_FORMS:
        return " ".join(words[:-1]).rstrip(",")
    return name


def country_key(code: str) -> str:
    """The key every name of one country meets under ("=USA" for "US", "American", "United States")."""
    return "=" + code


def is_country_key(key: str) -> bool:
    return key.startswith("=")


def _variants(text: str, label: str) -> tuple[str, ...]:
    words = fold(text).split()
    out: list[str] = []
    if label == "ORG" and without_legal_form(text) != text and not is_place(without_legal_form(text)):
        out.append(name_key(without_legal_form(text)))  # "Pfizer Inc" meets "Pfizer"; "Texas AG" is not "Texas"
    if label == "PERSON" and len(words) >= 2:
        out.append(name_key(words[-1]))  # "Peskov" meets "Dmitry Peskov"
    caps = [w for w in words if w[:1].isupper() and w.lower() not in ("the", "of", "and", "for")]
    if label in ("ORG", "FAC", "LAW", "EVENT") and len(caps) >= 2:
        out.append("".join(w[0] for w in caps).lower())  # "Central Intelligence Agency" meets "CIA"
        out.append("~" + " ".join(sorted(name_key(w) for w in caps)))  # "Department of Education" meets "Education Department"
    country = country_of(text) if label in ("GPE", "NORP", "LOC", "ORG") else None
    if country:
        out.append(country_key(country))  # "US", "U.S.", "American", "United States" meet as =USA
    return tuple(dict.fromkeys(v for v in out if v and v != name_key(text)))


# --- reading one parsed sentence -------------------------------------------------------------------------------

_TEXT_KEY = "ragnews.text"  # spaCy types user_data as dict[str, Any]


def _text(doc: Doc) -> str:
    """`doc.text`, joined once per Doc: spaCy joins every token's text at each access, and the reading slices the
    sentence's text a dozen times (a fifth of ragnews's own time at ingest went there). Kept in the Doc's
    `user_data`, which lives and dies with it; the reading never edits a Doc's tokens."""
    memo = doc.user_data
    text = memo.get(_TEXT_KEY)
    if text is None:
        text = memo[_TEXT_KEY] = doc.text
    return str(text)


def read_doc(doc: Doc, common_noun: Callable[[str], bool] = lambda w: False,
             irregular: Callable[[str], bool] = lambda w: False) -> Reading:
    """The reading of one parsed sentence (a Doc holding one sentence, as `Reader` makes).

    `common_noun` says whether a lowercase word is an English common noun (the pipeline's lemmatizer knows
    its lexicon): a capitalised common noun before a person's name is a title ("Minister", "Coach").
    `irregular` says whether a lowercase word is an irregular inflection of another verb ("leapt", "began"), from
    the same lexicon: such a word tagged as a present is a past the tagger misread.
    """
    entities = tuple(_entities(doc, common_noun))
    quoted = _quoted_spans(_text(doc))
    attribution = _attribution(doc, entities, quoted)
    return Reading(
        text=_text(doc),
        entities=entities,
        quantities=tuple(_quantities(doc)),
        times=tuple(_time(doc, e, irregular, quoted) for e in doc.ents if e.label_ in _TIME_LABELS),
        claims=tuple(_claims(doc, entities, irregular)),
        attribution=attribution,
        lemmas=tuple(lemma for _, lemma in _content(doc)),
        quoted=tuple(quoted),
        reasons=tuple(_reasons(doc)),
        ordinals=tuple(_ordinals(doc)),
        states=_states(doc, quoted),
        subordinate=_subordinate(doc),
        statements=tuple(_statements(doc)),
        participants=tuple(_participants(doc)),
        mentions=tuple(_mentions(doc, quoted)),
        descriptors=tuple(_descriptors(doc, entities)),
        back_words=tuple(t.idx for t in doc if _points_back(t)),
    )


def _points_back(t: Token) -> bool:
    """A word that stands for, or joins on to, something told before: a personal pronoun of the third person or a
    demonstrative (the tagger's PronType=Prs with Person=3, or PronType=Dem), a coordinating conjunction (CCONJ), or
    the subordinator of the only root clause ("That we're closing loopholes.": a clause whose main clause came before;
    the "that" of a subject clause, "That the minister resigned was no surprise", marks no root; with two roots the
    parser split the line, and a main clause stands beside)."""
    return pro_form(t) or t.pos_ == "CCONJ" or \
        t.dep_ == "mark" and t.head.dep_ == "ROOT" and sum(w.dep_ == "ROOT" for w in t.doc) == 1


def pro_form(t: Token) -> bool:
    """A word that stands for something said elsewhere, as the tagger's morphology reads it: a personal pronoun of the
    third person ("he", "its", "them") or a demonstrative ("this", "those", "there", "then"; not the complementizer
    "that" of "say that…", nor the "there" of "there is"). Not a demonstrative adverb its own phrase places ("Here in
    Ohio, voters…"), nor one set off at the end of a question ("How much did Apple earn, then?": a particle of the
    conversation). One reading for the briefing's leaning sentences and the chat's follow-ups."""
    kind = t.morph.get("PronType", [])
    if kind == ["Prs"]:
        return t.morph.get("Person", []) == ["3"]
    if kind != ["Dem"]:
        return False
    if t.pos_ == "ADV":
        after = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        if after is not None and after.pos_ == "ADP":
            return False  # "Here in Ohio", "There at the border": placed by its own phrase
        if t.i > 0 and t.doc[t.i - 1].text == "," and all(w.is_punct for w in t.doc[t.i + 1 :]):
            return False  # "…, then?"
    return True


def _participants(doc: Doc) -> Iterable[Participant]:
    """Each noun's prepositional phrase, from the parse: the object of a preposition that hangs on a noun."""
    for t in doc:
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ == "NOUN":
            first, last = t.left_edge, t.right_edge
            yield Participant(t.head.head.lemma_.lower(), t.head.lower_, first.idx, last.idx + len(last.text))


_MENTION_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})


def _person_pronoun(t: Token) -> bool:
    """A personal pronoun of one person, as the tagger's morphology reads it (he, him, his, she, her): what a later
    "he" or "his" may stand for is a PERSON. Third person, singular, masculine or feminine; not a reflexive
    ("himself" repeats its own clause's subject), and a possessive only as a determiner ("his son", not "hers")."""
    m = t.morph
    return t.pos_ == "PRON" and m.get("PronType", []) == ["Prs"] and m.get("Person", []) == ["3"] and \
        m.get("Number", []) == ["Sing"] and m.get("Gender", []) in (["Masc"], ["Fem"]) and not m.get("Reflex", []) and \
        (not m.get("Poss", []) or t.tag_ == "PRP$")


def _mentions(doc: Doc, quoted: Sequence[tuple[int, int]]) -> Iterable[Mention]:
    """The subjects and possessors that stand for an entity named elsewhere: a personal pronoun of one person, or a
    singular noun phrase opened by "the" with no proper noun, number or other determiner in it ("The prince", not "the
    two men", "the girls" or "the comedian Tom Green"). Words inside quotation marks are the speaker's ("he" may be anyone): not read."""
    for t in doc:
        if t.dep_ not in _MENTION_DEPS or _in_quotes(t, quoted):
            continue
        possessive = t.dep_ == "poss"
        owner = t.head if possessive else t
        subject = owner.dep_ in ("nsubj", "nsubjpass") and owner.head.dep_ == "ROOT"
        if _person_pronoun(t):
            yield Mention(t.text, t.idx, t.idx + len(t.text), t.lower_, True, possessive, subject)
        elif t.pos_ == "NOUN" and t.tag_ == "NN" and not t.ent_type_:  # "the girls" are no one person or body
            left = [c for c in t.lefts if c.dep_ != "case"]
            if not left or left[0].lower_ != "the" or left[0].dep_ != "det":
                continue
            if any(w.pos_ in ("PROPN", "NUM", "DET", "PRON") or w.ent_type_ for c in left[1:] for w in c.subtree) or \
                    any(c.pos_ == "PROPN" for c in t.rights if c.dep_ in ("appos", "compound", "nmod")):
                continue  # "the two men", "the 55-year-old prince", "the comedian Tom Green": a name or a figure says more
            yield Mention(doc[left[0].i : t.i + 1].text, left[0].idx, t.idx + len(t.text), t.lemma_.lower(), False, possessive,
                          subject)


def _descriptors(doc: Doc, entities: Sequence[Entity]) -> Iterable[Descriptor]:
    """The common nouns the sentence gives its named entities, from the parse: an apposition either way round, a
    title compounded on the name, the complement of "is" (see `Descriptor`)."""
    for e in entities:
        span = doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        root = span.root
        nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        # a title before the name, common noun or capitalised ("lawmaker David Amess", "Prince Jefri Bolkiah")
        # a title's own modifiers are no title of the person unless capitalised names ("Crown" of "Crown Prince"; not
        # "police" of "police officer Collin Rose" or "police Officer Collin Rose")
        titles, frontier = [], list(span)
        while frontier:
            head = frontier.pop()
            for c in head.lefts:
                if c.dep_ == "compound" and c.pos_ in (("NOUN", "PROPN") if head in span else ("PROPN",)) and \
                        c.i < span.start and c.is_alpha and c.text[:1].isupper() | (head in span):
                    titles.append(c)
                    frontier.append(c)
        nouns += sorted(titles, key=lambda c: c.i)
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            nouns.append(root.head)
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":
            nouns += [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        for n in dict.fromkeys(nouns):
            yield Descriptor(e.key, n.lemma_.lower())


def _reasons(doc: Doc) -> Iterable[Reason]:
    """Adverbial clauses and phrases of cause or purpose, from the parse: a clause opened by "because", "since",
    "as" (its `mark`), a phrase headed by "because of", "due to", "after", and a purpose infinitive ("to save
    money", "in order to") hanging on a verb."""
    for t in doc:
        marker: str | None = None
        aux_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        if t.dep_ == "advcl":
            mark = next((c for c in t.children if c.dep_ == "mark"), None)
            marker = mark.lower_ if mark is not None else "to" if aux_to else None
        elif aux_to and (t.dep_ == "acl" and t.head.pos_ == "NOUN" and t.head.dep_ == "pobj" or  # "in a bid to deter"
                         t.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in t.head.children) or  # "are needed to fund"
                         t.dep_ == "xcomp" and t.head.lemma_.lower() == "be"):  # "their aim is to dissuade"
            marker = "to"
        elif t.pos_ == "VERB" and t.lemma_.lower() in CAUSING:
            obj = next((c for c in t.children if c.dep_ == "dobj"), None)
            if obj is not None:
                toks = list(obj.subtree)
                yield Reason(_text(doc)[toks[0].idx : toks[-1].idx + len(toks[-1].text)], toks[0].idx, toks[-1].idx + len(toks[-1].text),
                             t.lemma_.lower(), True)
            continue
        elif t.dep_ == "prep" and t.lower_ in CAUSAL | CAUSAL_OR_TIME | {"because", "of", "to"}:
            if t.lower_ in ("of", "to") and not (t.i and doc[t.i - 1].lower_ in CAUSAL):
                continue
            marker = doc[t.i - 1].lower_ if t.lower_ in ("of", "to") else t.lower_
            if _no_cause(t):
                continue
        if marker is None or marker not in CAUSAL | CAUSAL_OR_TIME | {"because", "to"}:
            continue
        toks = list(t.subtree)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        if t.dep_ == "prep" and t.lower_ in ("of", "to"):
            start = doc[t.i - 1].idx
        yield Reason(_text(doc)[start:end], start, end, marker, marker not in CAUSAL_OR_TIME)


def _no_cause(prep: Token) -> bool:
    """A causal-looking preposition whose object names no cause: a time or a figure ("after Tuesday", "for three
    years", "since 2008"), or, after "for", whom something is for — a name or a pronoun ("looked less bright for
    Acme", "a win for them"); "fined for speeding", "praised for its design" keep their cause. Nor does a preposition
    that takes an infinitive: "due to open this weekend" tells when something is expected (its "to" is the infinitive's
    marker, tagged TO, not a preposition taking a noun), where "due to bad weather" gives a cause."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None:
        return any(c.pos_ in ("VERB", "AUX") and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children) for c in prep.children)
    if obj.ent_type_ in _TIME_LABELS or obj.ent_type_ in _QUANTITY_LABELS or obj.pos_ == "NUM":
        return True
    return prep.lower_ == "for" and (obj.pos_ in ("PRON", "PROPN") or obj.ent_type_ in _NAME_LABELS)


def _entities(doc: Doc, common_noun: Callable[[str], bool]) -> Iterable[Entity]:
    """The recogniser's names, retyped as persons after a title of address, and the proper-noun runs it missed."""
    covered: set[int] = set()
    for e in doc.ents:
        if e.label_ in _NAME_LABELS and e.text.strip():
            covered.update(range(e.start, e.end))
            label, span = e.label_, _whole_name(doc, e, common_noun) if e.label_ == "PERSON" else e
            covered.update(range(span.start, span.end))
            titled = span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in HONORIFICS
            yield _entity(span, "PERSON" if titled else label)
    for t in doc:
        if t.pos_ == "PROPN" and t.i not in covered and t.dep_ != "compound" and t.ent_type_ not in _TIME_LABELS | _QUANTITY_LABELS:
            run = sorted(_compounds(t), key=lambda x: x.i) + [t]
            words = [w for w in run if w.lower_.rstrip(".") not in HONORIFICS and w.i not in covered]
            if not words or not words[0].text[:1].isupper():
                continue
            titled = any(w.lower_.rstrip(".") in HONORIFICS for w in run) or \
                (words[0].i > 0 and doc[words[0].i - 1].lower_.rstrip(".") in HONORIFICS)
            covered.update(w.i for w in words)
            yield _entity(doc[words[0].i : words[-1].i + 1], "PERSON" if titled else "NAME")


def _compounds(t: Token) -> list[Token]:
    """The proper nouns compounded onto a token, however deep ("Special" of "Special Operations Forces")."""
    out = []
    for c in t.lefts:
        if c.dep_ == "compound" and c.pos_ == "PROPN":
            out += [*_compounds(c), c]
    return out


def _whole_name(doc: Doc, e: Span, common_noun: Callable[[str], bool]) -> Span:
    """A person's name with the given names the recogniser left out ("Dmitry" of "Dmitry Peskov" at a sentence's
    start): proper nouns compounded onto the name in the parse, unless they are capitalised common nouns (a title:
    "Coach", "Minister"). A title the recogniser took in is kept: "Moon" of "Moon Seong Mook" is a common noun
    too, and a name cut short is worse than a name with its title."""
    start = e.start
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound" and \
            e.start <= doc[start - 1].head.i < e.end and not doc[start - 1].ent_type_ and \
            doc[start - 1].lower_.rstrip(".") not in HONORIFICS and not common_noun(doc[start - 1].lower_):
        start -= 1
    return doc[start : e.end]


def _entity(e: Span, label: str) -> Entity:
    e = _trimmed(e)
    text = e.text.strip()
    if e[0].lower_ == "the":
        text = e[1:].text.strip() or text
    text = re.sub(r"['’]s?$", "", text).strip() or text
    members = members_key(e, label)
    variants = _variants(text, label) + ((members,) if members else ())
    return Entity(text, label, e.start_char, e.end_char, name_key(text), variants)


# The noun that makes a name a political party's ("the Democratic Party", "the Labour Party"): the one word of the
# definition, read by its lemma.
PARTY = "party"


def members_key(e: Span, label: str) -> str | None:
    """The key under which a party and the word for its members meet: "Democratic Party" (ORG) and "Democrats",
    "Democrat" or "Democratic" (NORP, as the recogniser types a party's members) all give "+democrat"; "Labour Party"
    and "Labour" give "+labour", "Republican Party" and "Republicans" "+republican". Read from the model: an ORG whose
    last word's lemma is `PARTY` gives the words before it, a NORP or a one-word ORG ("Labour said") all its words,
    each by `_member_stem`. None for
    other names ("Chinese" meets no "Chinese Communist Party": their words differ)."""
    words = [t for t in e if not t.is_punct and t.lower_ != "the" and t.tag_ != "POS"]
    if label == "ORG" and len(words) >= 2 and words[-1].lemma_.lower() == PARTY:
        words = words[:-1]
    elif not (label == "NORP" and words or label == "ORG" and len(words) == 1):  # (the party alone: "Labour said")
        return None
    return "+" + " ".join(_member_stem(t) for t in words)


def _member_stem(t: Token) -> str:
    """A member word's stem: its lemma, a plural the lemmatizer kept as written ("Democrats", a proper noun) made
    singular by the morphology, and the adjective English derives with "-ic" from the noun it names ("Democratic" of
    "Democrat") taken back to that noun."""
    stem = fold(t.lemma_ or t.text).lower()
    if "Plur" in t.morph.get("Number", []) and stem == fold(t.text).lower() and stem.endswith("s") and len(stem) > 3:
        stem = stem[:-1]
    return stem[:-2] if stem.endswith("ic") and len(stem) > 6 else stem


def _trimmed(e: Span) -> Span:
    """The name without marks the recogniser took in at its end: the comma of a list ("the World CIA Fact Book,"), a
    bracket it opened but never closed ("Facebook (FB" of "Facebook (FB) in August") or closed but never opened ("CNN
    Business)Facebook" of a dateline run into its sentence), by the tagger's punctuation tags."""
    opens, closes = [t.i for t in e if t.tag_ == "-LRB-"], [t.i for t in e if t.tag_ == "-RRB-"]
    start, end = e.start, e.end
    if closes and (not opens or closes[0] < opens[0]):
        start, end = (closes[0] + 1, end) if closes[0] == start else (start, closes[0])  # ")Facebook": the name after it
    elif opens and not closes:
        start, end = (opens[0] + 1, end) if opens[0] == start else (start, opens[0])
    while end > start + 1 and e.doc[end - 1].tag_ in (",", ":", "-LRB-", "HYPH"):
        end -= 1
    return e.doc[start:end] if end > start else e


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans between matching quotation marks (straight quotes pair in order; curly ones by direction).

    A quotation of several sentences is split by the sentence splitter: a closing curly mark with no opening one before
    it ('They get to give feedback,” Singhal said.') closes a quotation the sentence began inside, and an opening one
    never closed ('“They really are excited about it.') opens one that goes on after it. Straight marks do not say
    which way they face by their shape, but by where they stand: an odd one out after the quotation's last mark and
    before a space or the end ('…where he was born with," Eberhart said.') closes, and one after a space and before a
    word ('Moss said: "We will…') opens (`_straight_spans`)."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"“([^”]*)”|\"([^\"]*)\"", text):
        spans.append((m.start() + 1, m.end() - 1))
    spans = _straight_spans(text, spans)
    opens, closes = text.count("“"), text.count("”")
    if (closes - opens) % 2 == 0:  # as many of each, or ” used for both ends (”the plan is dead”): nothing carries on
        return spans
    first_open, first_close = text.find("“"), text.find("”")
    if closes > opens and first_close > 0 and (first_open < 0 or first_close < first_open):
        spans.insert(0, (0, first_close))
    last_open, last_close = text.rfind("“"), text.rfind("”")
    if opens > closes and last_open > last_close and last_open + 1 < len(text) and not any(a <= last_open < b for a, b in spans):
        spans.append((last_open + 1, len(text)))
    return spans


def _straight_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans with an odd number of straight marks paired by where they stand: the first closes a quotation begun
    before the sentence when punctuation precedes it and a space (or the end) follows; else the last opens one that goes
    on after it when a space (or the start) precedes it and a letter or figure follows. Otherwise as paired in order."""
    marks = [i for i, ch in enumerate(text) if ch == '"']
    if len(marks) % 2 == 0 or any(a <= marks[0] < b or a <= marks[-1] < b for a, b in spans if text[a - 1] != '"'):
        return spans  # paired, or inside a curly quotation
    first, last = marks[0], marks[-1]
    curly = [(a, b) for a, b in spans if text[a - 1] != '"']
    if first > 0 and text[first - 1] in ",.!?…" and (first + 1 == len(text) or text[first + 1].isspace()):
        straight = [(0, first), *((marks[k] + 1, marks[k + 1]) for k in range(1, len(marks) - 1, 2))]
    elif (last == 0 or text[last - 1].isspace()) and last + 1 < len(text) and text[last + 1].isalnum():
        straight = [*((marks[k] + 1, marks[k + 1]) for k in range(0, len(marks) - 1, 2)), (last + 1, len(text))]
    else:
        return spans
    return sorted([*curly, *straight])


def _in_quotes(tok: Token, quoted: Sequence[tuple[int, int]]) -> bool:
    return any(a <= tok.idx < b for a, b in quoted)


def _phrase(tok: Token) -> Span:
    """The noun phrase a token heads, without clauses, appositions or trailing prepositions ("officials who spoke",
    "Moon Seong Mook, an analyst" -> "officials", "Moon Seong Mook"); "Secretary of State Antony Blinken" stays whole."""
    drop: set[int] = set()
    for c in tok.children:
        if c.dep_ in ("relcl", "acl", "appos", "cc", "conj") or (c.dep_ == "punct" and c.text not in "-–'’") or \
                (c.dep_ == "prep" and c.i > tok.i and c.lower_ != "of"):
            drop.update(t.i for t in c.subtree)
    keep = [t.i for t in tok.subtree if t.i not in drop]
    hi = tok.i
    while hi + 1 in keep:
        hi += 1
    lo = tok.i
    while lo - 1 in keep:
        lo -= 1
    return tok.doc[lo : hi + 1]


def _clause_text(tok: Token) -> tuple[str, int, int]:
    # a mark at either edge is no part of the clause; a sign the tagger reads as a word is ("10%": "%" is a NOUN)
    toks = [t for t in tok.subtree if not (t.is_punct and t.pos_ == "PUNCT") or t.i not in (tok.left_edge.i, tok.right_edge.i)]
    if not toks:
        return tok.text, tok.idx, tok.idx + len(tok.text)
    first, last = toks[0], toks[-1]
    start, end = first.idx, last.idx + len(last.text)
    whole = _text(tok.doc)
    for more in (1, 2):  # the mark that closes a quotation inside the clause (after its stop: 'own.”'), which the
        if not paired(whole[start:end]) and whole[end + more - 1 : end + more] in tuple(_QUOTES) and \
                not whole[end : end + more - 1].strip(".,!?") and paired(whole[start : end + more]):  # parse hung higher
            end += more
            break
    return _bare_ends(whole[start:end]), start, end


def _bare_ends(text: str) -> str:
    """The text without stray marks at its ends: a quotation mark goes only when nothing inside pairs it ('as
    "reckless"' keeps its closing mark, '"We will" said' loses the opening one)."""
    text = text.strip(" ,;:")
    while text and text[-1] in _QUOTES and not paired(text):
        text = text[:-1].rstrip(" ,;:")
    while text and text[0] in _QUOTES and not paired(text):
        text = text[1:].lstrip(" ,;:")
    return text


def paired(text: str) -> bool:
    """Every quotation mark in the text has its partner: straight ones by count, curly ones opening and closing."""
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


# --- attribution ---------------------------------------------------------------------------------------------

def _cues(doc: Doc) -> list[Token]:
    return [t for t in doc if t.pos_ in ("VERB", "AUX") and _says(t)]


# Verbs of saying that say something only to someone: without a hearer they mean "discern" ("Google can tell these are
# commonly sought answers", "it is hard to tell whether…"), against "told reporters", "was told".
_TO_A_HEARER = frozenset({"tell"})


def _says(verb: Token) -> bool:
    """Whether this verb, as used here, reports speech or writing: a verb of saying, with its hearer where it needs one.
    A passive ("he was told") has its hearer as subject."""
    lemma = verb.lemma_.lower()
    if lemma not in SAYING:
        return False
    return lemma not in _TO_A_HEARER or any(_hearer(c) for c in verb.children)


def _hearer(tok: Token) -> bool:
    """Whether a verb's dependent is whom it is said to: its indirect or passive subject, or an object that is a noun or
    a personal pronoun ("told him"; "tell these are…" is a misparse of a demonstrative that opens the clause)."""
    if tok.dep_ in ("dative", "iobj", "nsubjpass"):
        return True
    return tok.dep_ == "dobj" and (tok.pos_ != "PRON" or "Prs" in tok.morph.get("PronType", []))


def _subject_of(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is coordinated with or hangs on ("Ukraine denied it, saying...")."""
    seen = 0
    while seen < 4:
        quoting = verb.lemma_.lower() in ("quote", "cite")
        # "Interfax quoted Ban as saying…", "“…,” the agency quoted Brown as saying": whom it quotes says it
        if quoting and (seen or any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)):
            quoted = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if quoted is not None:
                return quoted
        # "X was quoted as saying": the passive subject of quoting is the speaker
        deps = ("nsubj", "csubj", "nsubjpass") if quoting else ("nsubj", "csubj")
        subj = _nearest_subject([c for c in verb.children if c.dep_ in deps], verb)
        if subj is not None:
            return subj
        if verb.dep_ == "advcl" and verb.tag_ == "VBN":
            return None  # "Asked whether he would resign, Park said…": a past participle's head subject was asked
        if verb.dep_ in ("conj", "advcl", "xcomp", "pcomp", "prep") and verb.head.i != verb.i:
            verb, seen = verb.head, seen + 1
            continue
        return None
    return None


def _nearest_subject(subjects: Sequence[Token], verb: Token) -> Token | None:
    """The verb's subject; of several (a parse error: "Former Olympian, reality TV star, and conservative firebrand
    Caitlyn Jenner has announced" hangs both "Olympian" and "Jenner" on the verb), the one nearest before it, the
    others being words describing it."""
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else next(iter(subjects), None)


def _according_to(doc: Doc) -> Token | None:
    if "according" not in _text(doc).lower():
        return None  # most sentences: no walk over their tokens
    for t in doc:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            return next((c for c in doc[t.i + 1].children if c.dep_ == "pobj"), None)
    return None


def _attribution(doc: Doc, entities: Sequence[Entity], quoted: Sequence[tuple[int, int]]) -> Attribution | None:
    """The sentence's speaker and the words it gives them, from the parse.

    The cue is a verb of saying whose subject is outside quotation marks (words inside them are the speaker's,
    not the frame's); of several, the one nearest the root. "According to X" makes X the source of the rest.
    """
    cues = [c for c in _cues(doc) if not _in_quotes(c, quoted)]
    cues.sort(key=lambda c: (_depth(c), c.i))
    above = _cue_above_quotation(doc, quoted, cues)
    if above is not None:  # "Knox posted an email from him, in which he wrote: “…”": the quotation is what he wrote
        cues.remove(above)
        cues.insert(0, above)
    for cue in cues:
        subj = _subject_of(cue)
        if subj is None or _in_quotes(subj, quoted):
            continue
        said, start, end, direct = _said(doc, cue, quoted)
        if not said:
            continue
        return replace(_speaker(subj, cue.lemma_.lower(), said, direct, entities), said_lemmas=_content_lemmas(doc, start, end))
    source = _according_to(doc)
    if source is not None and not _in_quotes(source, quoted):
        said = _without(doc, source)
        # the source's own words only where a quotation holds a clause ("… a “highest level of friendship”, according
        # to KCNA" reports a phrase of theirs)
        direct = any(_has_clause(doc, a, b) for a, b in quoted)
        lo, hi = _according_span(source)
        lemmas = tuple(lemma for t, lemma in _content(doc) if not lo <= t.i <= hi)
        return replace(_speaker(_author(source), "according to", said, direct, entities), said_lemmas=lemmas)
    return None


def _cue_above_quotation(doc: Doc, quoted: Sequence[tuple[int, int]], cues: Sequence[Token]) -> Token | None:
    """The cue the sentence's longest quotation hangs on: the nearest of `cues` above the quotation's own head in the
    parse (the words a verb of saying governs are its own, whichever verb is nearer the root)."""
    if not quoted or not cues:
        return None
    a, b = max(quoted, key=lambda s: s[1] - s[0])
    inside = [t for t in doc if a <= t.idx < b and not t.is_punct]
    heads = [t for t in inside if not a <= t.head.idx < b or t.head.i == t.i]
    if not heads:
        return None
    ids = {c.i for c in cues}
    return next((t for t in heads[0].ancestors if t.i in ids), None)


def _content(doc: Doc) -> list[tuple[Token, str]]:
    """The sentence's content words with their lowercase lemmas (what `Reading.lemmas` holds)."""
    return [(t, t.lemma_.lower()) for t in doc if t.pos_ in _CONTENT_POS and not t.is_stop and t.is_alpha]


def _content_lemmas(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    """The content lemmas of the characters [start, end) of the sentence."""
    return tuple(lemma for t, lemma in _content(doc) if start <= t.idx < end)


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


def _said(doc: Doc, cue: Token, quoted: Sequence[tuple[int, int]]) -> tuple[str, int, int, bool]:
    """What the cue attributes: the quotation beside it when there is one, else its clause complement. A quotation
    with no clause of its own inside the clause it reports ('said the town had been “let down” by the council',
    'stating that they defended “our Motherland as their own”') is a phrase of what was said, not a statement: the
    clause is, shown with its marks."""
    reported = _reported(doc, cue)
    if quoted:
        a, b = max(quoted, key=lambda s: s[1] - s[0])
        text = _text(doc)[a:b].strip(" ,")
        inside = reported[1] <= a and not _text(doc)[reported[2] : b].strip(" .,;:!?" + _QUOTES)  # (its stop may be outside)
        # (a clause the cue hangs on, around it, is no complement the quotation could be part of)
        partial = reported[0] and inside and not _has_clause(doc, a, b) and not reported[1] <= cue.idx < reported[2]
        if len(text.split()) >= 2 and not partial:
            return text, a, b, True
    return reported


def _has_clause(doc: Doc, start: int, end: int) -> bool:
    """The characters [start, end) hold a clause: a subject (or the "there" of "there are") and the verb it is the
    subject of."""
    return any(start <= t.idx < end and start <= t.head.idx < end for t in doc if t.dep_ in _SUBJECT_DEPS or t.dep_ == "expl")


def _reported(doc: Doc, cue: Token) -> tuple[str, int, int, bool]:
    """The clause a cue reports, with its span ("", 0, 0 for none)."""
    # a clause before an object: "told Malaysian media he has paid no attention" says the clause, not whom it told
    comps = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp", "dobj") and c.pos_ in ("VERB", "AUX", "NOUN")]
    comp = min(comps, key=lambda c: ("ccomp", "xcomp", "dobj").index(c.dep_), default=None)
    if comp is not None and comp.dep_ == "dobj" and comp.lemma_.lower() not in SAYING and \
            not any(c.dep_ in ("ccomp", "acl", "relcl") for c in comp.children):
        comp = None  # "the US added 559,000 jobs": an object that is no saying ("denied the claim" is) makes no speech
    if comp is None and cue.dep_ in ("ccomp", "parataxis") and cue.head.i != cue.i:
        comp = cue.head  # "Russia has retaken Kursk, Peskov said": the clause is the head of the cue
    if comp is None:
        return "", 0, 0, False
    if comp.i == cue.head.i:  # the words around the attribution, an aside set off inside them shown as "…"
        aside = {t.i for t in cue.subtree}
        toks = [t for t in comp.subtree if t.i not in aside]
        if not toks:
            return "", 0, 0, False
        parts: list[list[Token]] = [[toks[0]]]
        for t in toks[1:]:
            (parts[-1].append(t) if t.i == parts[-1][-1].i + 1 else parts.append([t]))
        texts = [_text(doc)[p[0].idx : p[-1].idx + len(p[-1].text)].strip(" ,;:—–") for p in parts]
        return " … ".join(t for t in texts if t), toks[0].idx, toks[-1].idx + len(toks[-1].text), False
    text, start, end = _clause_text(comp)
    return text, start, end, False


def _author(source: Token) -> Token:
    """Who speaks through what "according to" names: a post, a statement, a report or data "from" or "by" a named
    someone, or "released by" them (the passive's agent), is theirs ("according to a post on X, formerly Twitter, from
    Microsoft CEO Satya Nadella": Nadella, not the post nor "Twitter"); anything else speaks for itself."""
    if source.pos_ != "NOUN":
        return source
    heads = [source, *(c for c in source.children if c.dep_ in ("acl", "appos"))]  # "…, formerly Twitter, from…" hangs on the apposition
    for prep in (c for h in heads for c in h.children if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by")):
        named = next((c for c in prep.children if c.dep_ == "pobj" and (c.pos_ == "PROPN" or c.ent_type_)), None)
        if named is not None:
            return named
    return source


def _according_span(source: Token) -> tuple[int, int]:
    """The first and last token of the "according to X" phrase whose X is `source`."""
    prep = source.head.head  # according
    return min(t.i for t in [prep, *source.subtree]), max(t.i for t in source.subtree)


def _without(doc: Doc, source: Token) -> str:
    """The sentence without its "according to X" phrase; cut from the middle, the commas that set it off close up
    into one ("By 10.27am, according to naval records, battle was engaged" -> "By 10.27am, battle was engaged")."""
    lo, hi = _according_span(source)
    if not lo and hi + 1 >= len(doc):
        return doc.text
    before, after = doc[:lo].text.rstrip(), doc[hi + 1 :].text.lstrip()
    if before.endswith(",") and after.startswith(","):
        after = after[1:].lstrip()
    return (before + " " + after).strip(" ,.;")


def _speaker(subj: Token, cue: str, said: str, direct: bool, entities: Sequence[Entity]) -> Attribution:
    if subj.pos_ == "PRON":
        return Attribution(cue, None, "pronoun", said, direct, pronoun=subj.lower_)
    appos = next((c for c in subj.children if c.dep_ == "appos"), None)
    named_appos = next((e for e in entities if appos is not None and e.label in ("PERSON", "NAME") and e.start <= appos.idx < e.end), None)
    if subj.pos_ == "NOUN" and named_appos is not None:  # "The mayor, Ana Ruiz, said": the name is the apposition
        title = re.sub(r"^(?:the|a|an)\s+", "", _phrase(subj).text, flags=re.I)
        return Attribution(cue, named_appos.text, "person", said, direct, title, keys=tuple(sorted(named_appos.keys)))
    phrase = _phrase(subj)
    head_ent = next((e for e in entities if e.start <= subj.idx < e.end), None)  # the speaker's name, whole
    start, end = min(phrase.start_char, head_ent.start if head_ent else phrase.start_char), max(phrase.end_char, head_ent.end if head_ent else 0)
    named = [e for e in entities if e.start >= start and e.end <= end]
    role: str | None = _appositive(appos) if appos is not None else None
    if head_ent is not None:
        # the words before the name that describe the person: compounds and modifiers ("Kremlin spokesman"), not a
        # possessor ("North Korea's"), a determiner or a "both"
        titled = [t for t in subj.doc[phrase.start : phrase.end] if t.idx < head_ent.start and t.dep_ in ("compound", "amod", "nmod")
                  and t.lower_.rstrip(".") not in HONORIFICS and not any(a.dep_ == "poss" for a in [t, *t.ancestors] if a.idx < head_ent.start)]
        # the words as written, from the first of them to the name ("Lt. Gov."; the tokenizer splits "Lt" from its
        # stop), with a title the recogniser took into the name ("Gov. Bethany Hall-Long") moved out of it
        name, title = _untitled(head_ent.text)
        whole = _text(subj.doc)
        first = titled[0].idx if titled else head_ent.start
        while first > 0 and not whole[first - 1].isspace():  # back to the word's start: "Lt" of a "." titled alone
            first -= 1
        span = [t for t in subj.doc if first <= t.idx < head_ent.start]
        # the role ends on a word of its own: not on a courtesy title ("Labour leader Mr. Starmer"), nor on a
        # preposition, determiner or conjunction the recogniser's span left behind ("Secretary of" of "Secretary of
        # Defense Leon Panetta", typed "Defense Leon Panetta")
        while span and (span[-1].lower_.rstrip(".") in HONORIFICS or span[-1].pos_ in ("ADP", "DET", "CCONJ", "PUNCT")
                        and span[-1].text != "."):
            span.pop()
        words = whole[first : span[-1].idx + len(span[-1].text)].split() if span else []
        before = " ".join([*words, title]).strip()
        if role and not role.isdigit():  # a role set off after the name ("Sen. Ted Cruz (R-Texas)"): the title stays in it
            name = head_ent.text
        else:
            role = before or None
        # a proper name the recogniser did not type ("NAME") that speaks is, in news copy, most often a person, unless a
        # place or body owns it ("Ukraine's Special Operations Forces")
        owned = any(e.label in _BODY_LABELS and e is not head_ent for e in named)
        kind = ("person" if head_ent.label == "PERSON" or head_ent.label == "NAME" and not owned
                else "body" if head_ent.label in _BODY_LABELS or head_ent.label == "NAME" else "group")
        # the speaker is met under its own keys and its possessor's ("Ukraine's Special Operations Forces" speak for
        # Ukraine), never a person's under another name in the phrase
        met = head_ent.keys if kind == "person" else frozenset(k for e in named for k in e.keys) | head_ent.keys
        return Attribution(cue, name, kind, said, direct, role, keys=tuple(sorted(met)))
    text = re.sub(r"^(?:the|a|an)\s+", "", phrase.text.strip(" ,"), flags=re.I)
    keys = tuple(sorted({k for e in named for k in e.keys}))
    kind = "person" if subj.pos_ == "PROPN" and not keys else "body" if subj.pos_ == "PROPN" else "group"
    if all(t.is_stop or t.is_punct for t in phrase):  # "Others say", "Some said": no one a reader could look up
        return Attribution(cue, None, kind, said, direct, role, keys=keys)
    return Attribution(cue, text, kind, said, direct, role, keys=keys)


def _untitled(name: str) -> tuple[str, str]:
    """(the name, the title abbreviated before it) for a name the recogniser typed with a title in it ("Gov. Bethany
    Hall-Long" → "Bethany Hall-Long", "Gov."): a capitalised abbreviation with its stop, before a name, is a title in
    English copy. A courtesy title ("Mr.", "Dr.") stays: it is how the paper names the person."""
    m = re.match(r"((?:[A-Z][a-z]{1,3}\.\s+)+)(?=[A-Z])", name)
    if m is None or m.group(1).split()[0].lower().rstrip(".") in HONORIFICS:
        return name, ""
    return name[m.end():], m.group(1).strip()


def _appositive(appos: Token) -> str:
    """The apposition's words up to the comma that closes it ("Jenkins, co-writer and director of "Moonlight," said"):
    the parse may hang only a piece of it on the name ("co" of "co-writer", its rest taken for a second subject), but
    a reader of news copy closes an apposition at its comma, so its subtree is read on to the next one."""
    text, start, end = _clause_text(appos)
    doc = appos.doc
    inside = doc[appos.left_edge.i : appos.right_edge.i + 1]
    close, depth = None, sum((t.text == "(") - (t.text == ")") for t in inside)
    for t in doc[appos.right_edge.i + 1 :]:
        if depth > 0 and t.text == ")":  # a bracket the role opened is its own ("(which oversees prisons)")
            depth -= 1
            continue
        depth += t.text == "("
        if depth <= 0 and (t.text in (",", ";", "—", "–", ")") or t.pos_ == "VERB"):
            close = t
            break
    if close is None or close.text not in (",", ";", "—", "–", ")"):
        return text
    role = _text(doc)[start : close.idx]
    after = doc[close.i + 1] if close.i + 1 < len(doc) else None
    if not paired(role) and after is not None and after.text in _QUOTES:  # 'of "Moonlight,"': the mark after the comma
        role += after.text
    return _bare_ends(role) or text


# --- claims --------------------------------------------------------------------------------------------------

def _claims(doc: Doc, entities: Sequence[Entity], irregular: Callable[[str], bool]) -> Iterable[Claim]:
    """Every clause with a verb, the root first: subject, predicate lemma, object, polarity, modality and tense."""
    verbs = [t for t in doc if t.pos_ in ("VERB", "AUX") and t.dep_ in _CLAUSE_DEPS and not (t.pos_ == "AUX" and t.dep_ != "ROOT")]
    verbs.sort(key=lambda t: (_depth(t), t.i))
    for verb in verbs:
        subj = _nearest_subject([c for c in verb.children if c.dep_ in _SUBJECT_DEPS], verb)
        if subj is None and verb.dep_ in ("conj", "xcomp"):
            subj = next((c for c in verb.head.children if c.dep_ in _SUBJECT_DEPS), None)
        obj = next((c for c in verb.children if c.dep_ in _OBJECT_DEPS), None)
        if obj is None:
            prep = next((c for c in verb.children if c.dep_ in ("prep", "agent")), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        subject = _phrase(subj) if subj is not None else None
        # each of a coordinated subject is one ("Jones and his outlet InfoWars had been banned": InfoWars was banned)
        parts = [] if subj is None else [subject, *(doc[c.left_edge.i : c.right_edge.i + 1] for c in subj.conjuncts)]
        keys = tuple(sorted({k for e in entities for p in parts if p is not None and e.start >= p.start_char and e.end <= p.end_char
                             for k in e.keys}))
        _, start, end = _clause_text(verb)
        yield Claim(
            predicate=verb.lemma_.lower(),
            subject=subject.text if subject is not None else None,
            object=obj.lemma_.lower() if obj is not None else None,
            negated=_negated(verb, subj, obj),
            modality=_modality(verb),
            start=start, end=end, subject_keys=keys, frame=_frame(verb),
            subject_head=_last_content_lemma(subject) if subject is not None else None,
            passive=subj is not None and subj.dep_ == "nsubjpass" or any(c.dep_ == "agent" for c in verb.children),
            tense=_tense(verb, irregular),
            subject_pro=_pro_form_in(subj, subject) if subj is not None and subject is not None else None,
            object_pro=_pro_form_in(obj, _phrase(obj)) if obj is not None else None,
        )


_PRO_KINDS = {"Prs": "personal", "Dem": "demonstrative"}


def _pro_form_in(head: Token, phrase: Span) -> ProForm | None:
    """The phrase's pronoun or demonstrative as the morphology reads it: its head ("She", "Those who left"), else the
    word in front of its noun ("His son", "This plan"); None when neither is one (a name, "IT workers", "Such moves":
    "such" carries no PronType in the model)."""
    for t, is_head in ((head, True), (phrase[0], False)):
        kind = _PRO_KINDS.get("".join(t.morph.get("PronType", [])))
        if kind is None or (not is_head and t.dep_ not in ("poss", "det")):
            continue
        person, number, gender = t.morph.get("Person", []), t.morph.get("Number", []), t.morph.get("Gender", [])
        return ProForm(kind, int(person[0]) if person and person[0].isdigit() else None, number[0].lower() if len(number) == 1 else None,
                       gender[0].lower() if len(gender) == 1 else None, t.morph.get("Poss", []) == ["Yes"], is_head)
    return None


def _last_content_lemma(phrase: Span) -> str | None:
    words = [t for t in phrase if t.pos_ in _CONTENT_POS and t.is_alpha and not t.is_stop]
    return words[-1].lemma_.lower() if words else None


def _negated(verb: Token, subj: Token | None, obj: Token | None) -> bool:
    """The clause is denied by its own words: "not"/"never" on the verb, "no" on its object, or a subject that is no
    one ("Neither Seoul nor Moscow said", "No official confirmed")."""
    if any(c.dep_ == "neg" for c in verb.children) or (obj is not None and any(c.lower_ == "no" for c in obj.children)):
        return True
    if subj is None:
        return False
    return subj.lower_ in ("nobody", "none", "neither") or any(c.dep_ in ("preconj", "det") and c.lower_ in ("neither", "no")
                                                               for c in subj.children)


CONDITIONS = frozenset({"if", "unless"})  # the subordinators of a condition: the clause they open states no fact


def _modality(verb: Token) -> str:
    """How the clause is told: as fact, or as expected or possible (a modal auxiliary, "is going to", a condition)."""
    for aux in verb.children:
        if aux.dep_ in ("aux", "auxpass") and aux.tag_ == "MD":
            return MODALS.get(aux.lower_, "possible")
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in verb.children):
        return "possible"  # "(would close) if the river rose to 902 feet": a condition, not a fact
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.head.lemma_ == "go" and verb.dep_ == "xcomp":
        return "expected"
    infinitive = verb.dep_ == "xcomp" or verb.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if infinitive and verb.head.lemma_.lower() in EXPECTING:
        return "expected"  # "expects its vaccine to generate $26 billion", "is expected to post a profit": a forecast
    return "asserted"


def _frame(verb: Token) -> str | None:
    """Whether a verb of saying or denying carries the clause: the clause is then someone's report, or denied."""
    head = verb
    for _ in range(3):
        if head.dep_ not in ("ccomp", "xcomp", "conj") or head.head.i == head.i:
            break
        head = head.head
        if head.lemma_.lower() in DENYING:
            return "denied"
        if _says(head):
            return "reported"
    return None


# Clauses a clause holds that tell a fact of their own (its object clause, a clause coordinated with it, an adverbial
# clause, a relative clause): cut out of its statement, each a statement itself.
_OWN_CLAUSES = frozenset({"ccomp", "conj", "advcl", "relcl", "parataxis", "acl"})
MIN_STATEMENT_LEMMAS = 4  # a clause with fewer content words ("who resigned", "to go to work") tells too little alone


def _statements(doc: Doc) -> list[Statement]:
    """Each clause of the sentence that states something, told alone (see `Statement`), when there are several.

    Not a statement: a clause of saying (what was said is a clause of its own), one denied or negated (it does not
    state its fact), a question or a condition ("how many came", "if it rose"), a clause without a subject or a
    tense ("to liberate the area", "replacing Phil Nevin": a fragment that tells no one's deed), a relative clause
    whose subject is the noun it describes ("an airman who served with him": who is meant is the sentence's
    business), and a clause of too few content words to tell a fact alone. A relative clause with a subject of its
    own ("the day that Putin praised the troops") is a statement."""
    whole = {t.i for t in doc if not t.is_punct}
    out: list[Statement] = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ not in _OWN_CLAUSES and verb.dep_ != "ROOT" or \
                _says(verb) or _frame(verb) == "denied" or any(c.dep_ == "neg" for c in verb.children):
            continue
        # the clauses it holds, however deep ("democracies seeking to…" inside its object), and asides ("Khosti, a
        # spokesman for…,")
        subtree = list(verb.subtree)
        cut: set[int] = set()
        for c in subtree:  # a clause inside one already cut adds nothing
            if c.i != verb.i and c.i not in cut and (c.dep_ in _OWN_CLAUSES and c.pos_ in ("VERB", "AUX") or c.dep_ == "appos"):
                cut.update(t.i for t in c.subtree)
        cut |= {c.i for c in verb.children if c.dep_ == "cc"}
        words = {t.i for t in subtree if t.i not in cut}
        subj = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS or c.dep_ == "expl"), None)
        if subj is None and verb.dep_ == "conj":
            subj = next((c for c in verb.head.children if c.dep_ in _SUBJECT_DEPS), None)  # "…, but kept his job"
            words |= {t.i for t in subj.subtree} if subj is not None else set()
        if subj is None or not _finite(verb):
            continue  # "to liberate the area", "replacing Phil Nevin as manager": no one does it, at no time
        opener = verb.left_edge
        if verb.dep_ != "relcl" and (opener.tag_ in ("WRB", "WP", "WDT", "WP$") or opener.lower_ in CONDITIONS | {"whether"}):
            continue  # "(unclear) how many soldiers came", "if the river rose": a question or a condition states nothing
        if verb.dep_ == "relcl" and subj.tag_ in ("WDT", "WP", "WP$"):
            continue  # "an airman who served with him": its subject is the noun it describes, often too vague alone
        toks = [doc[i] for i in sorted(words)]
        lemmas = tuple(t.lemma_.lower() for t in toks if t.pos_ in _CONTENT_POS and not t.is_stop and t.is_alpha)
        if len(lemmas) < MIN_STATEMENT_LEMMAS or {t.i for t in toks if not t.is_punct} == whole:
            continue
        # a mark is kept inside a run of kept words ("two-year"), not where a cut clause was ("…contract, .")
        toks = [t for t in toks if not t.is_punct or t.i - 1 in words and t.i + 1 in words and t.text not in ",;:—–"]
        while toks and toks[-1].dep_ == "cc":
            toks.pop()  # "getting a pass and" of "getting a pass and earning a living"
        kept = {t.i for t in toks}
        text = re.sub(r"\s+", " ", "".join(t.text + (t.whitespace_ if t.i + 1 in kept else " ") for t in toks)).strip()
        if text and all(text != s.text for s in out):
            out.append(Statement(text, lemmas))
    return out


# --- time expressions ----------------------------------------------------------------------------------------

def _time(doc: Doc, e: Span, irregular: Callable[[str], bool], quoted: Sequence[tuple[int, int]] = ()) -> Time:
    """A DATE or TIME span with its place in the parse (see `Time`); `quoted`: the sentence's quotations."""
    inside = {i for x in doc.ents if x.label_ in _TIME_LABELS for i in range(x.start, x.end)}
    dated = {i for x in doc.ents if x.label_ == "DATE" for i in range(x.start, x.end)}
    root = e.root
    preps: list[str] = []
    tok, within, verb, aside, prep_on_verb = root, False, None, False, False
    for _ in range(8):  # up from the expression to the verb it dates, noting the prepositions on the way
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            verb = tok
            break
        aside = aside or _describes_name(tok) and tok.i not in inside  # "Tuesday, Feb. 6" is one date, no aside
        if tok.dep_ == "prep" or tok.pos_ == "ADP":
            prep_on_verb = prep_on_verb or not preps and tok.head.pos_ in ("VERB", "AUX")
            preps.append(tok.lower_)
        elif tok.i in dated and not (e.start <= tok.i < e.end) and not preps[1:]:
            within = True  # "in 2020" of "the same period" (a TIME it hangs on, "Friday" of "Friday morning", is its part)
    # a modifier in the parse, or a date between a determiner and the words of a noun phrase ("the 2024 presidential
    # race", which the parser may split)
    determined = e.start > 0 and doc[e.start - 1].tag_ in ("DT", "PRP$") and e.end < len(doc) and \
        doc[e.end].pos_ in ("ADJ", "NOUN", "PROPN") and doc[e.end].i not in inside
    modifies = determined or root.dep_ in ("nmod", "compound", "amod", "poss") and root.head.pos_ in ("NOUN", "PROPN") and \
        root.head.i not in inside
    before = doc[e.start - 1] if e.start > 0 else None
    if before is not None and before.pos_ in ("ADP", "SCONJ") and before.lower_ not in preps[:1]:
        preps.insert(0, before.lower_)  # "since January 2015 through last month": the parser may hang "since" below
    tense = _tense(verb, irregular) if verb is not None else None
    said = verb is not None and _says(verb) and not any(a <= e.start_char < b for a, b in quoted)
    # a goal's deadline: "by" the nearest preposition, on a verb with no tense (an infinitive, a gerund) that hangs on
    # another clause or noun; "The bridge will be finished by June" has a tense, and is expected in June
    goal = preps[:1] == ["by"] and verb is not None and verb.dep_ != "ROOT" and not _finite(verb) and _sets_out(verb)
    joined = root.dep_ == "conj" and root.head.i in inside and not e.start <= root.head.i < e.end
    return Time(e.text, e.start_char, e.end_char, e.label_, tuple(preps), modifies, tense == "expected", within,
                tense == "past", modifies and _kind_of(doc, e), _baseline(doc, e, dated), prep_on_verb,
                verb is not None and _asks(verb, quoted), said, goal, joined, aside)


def _sets_out(verb: Token) -> bool:
    """A tenseless clause that sets out something to be done: a to-infinitive ("pledged to cut emissions by 2030") or a
    gerund describing a noun ("goals of creating a net-zero power sector by 2035"). A perfect participle ("Having
    completed the bridge by June") or a gerund after a preposition of a verb ("arrested him after tracking him down by
    Sunday") tells a thing done."""
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return True
    return verb.dep_ == "pcomp" and verb.head.head.pos_ in ("NOUN", "PROPN")


def _describes_name(tok: Token) -> bool:
    """`tok` heads a phrase set off by a comma beside a name, to describe who or what it is ("Dana Pell, a candidate for
    governor in 2024,"): an apposition of a proper noun. A misparsed verb or a date hung as an apposition of a common
    noun ("the release …: "Avatar 3" moves to Dec. 19", "a commentary on patience this April Fools' Day") is none."""
    left = tok.left_edge.i
    return tok.dep_ == "appos" and tok.head.pos_ == "PROPN" and left > 0 and tok.doc[left - 1].text == ","


def _asks(verb: Token, quoted: Sequence[tuple[int, int]] = ()) -> bool:
    """The clause of `verb` is a direct question: a question mark closes the finite clause it belongs to (up from an
    infinitive it holds: "Did she need to die yesterday?" dates "die", and "need" asks). A clause describing a noun
    inside a question ("When did he become one of the dividers he spoke of in 2004?") still tells its event, and so
    does a clause reporting a quoted question ('Residents asked "why us?" on Tuesday': the question mark is the
    quotation's, inside quotation marks the verb is outside of)."""

    def mark(t: Token) -> bool:
        return t.text == "?" and not any(a <= t.idx < b and not a <= verb.idx < b for a, b in quoted)

    tok = verb
    for _ in range(4):
        if tok.dep_ in ("relcl", "acl"):
            return False
        after = next((t for t in tok.doc[tok.right_edge.i + 1 : tok.right_edge.i + 3] if not t.is_quote), None)
        if any(c.dep_ == "punct" and mark(c) for c in tok.children) or after is not None and mark(after):
            return True
        if _finite(tok) or tok.dep_ not in ("xcomp", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


# prepositions that make their object the point a comparison is measured from whatever it is ("than in 2019",
# "versus 2019"); "with"/"to" count after "compare" ("compared with 2019"): closed classes
_AGAINST = frozenset({"than", "versus", "vs", "vs."})
# prepositions of a change's starting point or of a position against a level ("from 2005 levels", "below 1990
# levels"), a baseline when their object is a level or a period ("from May 2021 to June" is a span, no baseline)
_MEASURED_FROM = frozenset({"from", "below", "above", "over"})
# the nouns a baseline is told with ("2005 levels", "the same period in 2020"): a closed class
_BASE_NOUNS = frozenset({"level", "period"})


def _baseline(doc: Doc, e: Span, dated: set[int]) -> bool:
    """The time expression is the point a change or comparison is measured from (`Time.baseline`): a comparison
    preposition governs it, by the parse, or governs the time expression it directly qualifies ("from the same period
    in 2020", where the parser may hang "in 2020" on the verb when the subject is "Sales": read from the words, the
    date follows "in"/"of" right after a baseline time expression, wherever the parse attaches it)."""
    if _compared(e.root, e, dated):
        return True
    if e.start < 2 or doc[e.start - 1].lower_ not in ("in", "of"):
        return False
    before = doc[e.start - 2]
    other = next((x for x in doc.ents if x.label_ == "DATE" and x.start <= before.i < x.end), None)
    return other is not None and _compared(other.root, e, dated)


def _compared(start: Token, e: Span, dated: set[int]) -> bool:
    """A comparison preposition among the ancestors of `start`, up to the verb it hangs on, whose object marks the
    date `e` as a baseline. A bound is no baseline: "no later than 2025" is a deadline."""
    child = start
    for _ in range(8):
        tok = child.head
        if tok.i == child.i or tok.pos_ in ("VERB", "AUX"):
            return False
        if tok.dep_ == "prep" or tok.pos_ == "ADP":
            word = tok.lower_
            bound = tok.head.lower_ in ("later", "earlier", "sooner")  # the tagger's lemma of "later" varies
            if word in _AGAINST and not bound or word in ("with", "to") and tok.head.lemma_.lower() == "compare":
                return True
            # the object is a level or period noun the date qualifies ("2005 levels") or a time expression it
            # qualifies ("the same period" of "from the same period in 2020"); the date itself after "from" is the
            # start of a span ("from May 2021 to June"), after "over" a stretch ("over the holiday period")
            own = e.start <= child.i < e.end
            if word in _MEASURED_FROM and not own and (child.lemma_.lower() in _BASE_NOUNS or child.i in dated):
                return True
        child = tok
    return False


def _kind_of(doc: Doc, e: Span) -> bool:
    """A time expression modifying a noun says what kind of thing it is when it names a kind of several ("the Sunday
    talk shows", "Friday prayers": a plural head, or a compound it modifies in turn), unless it is the noun's
    possessor ("Monday's vote") or the noun phrase is someone's ("his Monday speech"). One thing it modifies is one
    event on one day: "the Tuesday attack", "the Friday deadline"."""
    if e.root.dep_ == "poss" or e.start > 0 and doc[e.start - 1].tag_ == "PRP$":
        return False
    tok, steps = e.root, 0
    for _ in range(6):  # up the noun phrase's modifiers to its head ("Sunday" -> "talk" -> "shows")
        if tok.dep_ not in ("nmod", "compound", "amod") or tok.head.i == tok.i:
            break
        tok, steps = tok.head, steps + 1
    several = steps >= 2 or steps == 1 and (tok.tag_ in ("NNS", "NNPS") or _plural_read_as_verb(tok))
    return several and not any(c.dep_ == "poss" for c in tok.children)


def _plural_read_as_verb(noun: Token) -> bool:
    """The noun is the first word of a compound whose plural head the small tagger read as a verb: "on the Sunday talk
    shows to defend…" comes as the object "talk" and a verb "shows" hung elsewhere (not the clause's own verb)."""
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    return after is not None and noun.dep_ in ("pobj", "dobj") and after.tag_ == "VBZ" and after.dep_ != "ROOT"


def _tense(verb: Token, irregular: Callable[[str], bool]) -> str | None:
    """How the clause of `verb` is told: "expected" — still to come: with a modal ("will", "may"), as an infinitive
    ("to open", "help them maintain"), or in the present of a schedule ("begins", "is scheduled"); "past" — a past or
    perfect tense ("took", "has fallen", "may have been killed"); "present" — the present of saying or of being, which
    tells what is. A participle or bare verb with no tense of its own takes the tense of the verb it hangs on; None
    when no verb gives one."""
    for _ in range(6):
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        modal = next((a for a in auxes if a.tag_ == "MD"), None)
        if modal is not None:
            return "past" if any(a.lemma_ == "have" for a in auxes if a.i > modal.i) else "expected"
        if any(a.lower_ == "to" for a in auxes):
            # a verb's complement or purpose, or a noun's ("voted to approve", "trying to cross", "approved a bill to
            # revamp roads Tuesday"), is done when the clause holding it tells it done; otherwise ("plans to open", "is
            # expected to rule") it is still to come
            governed = verb.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl") and verb.head.i != verb.i
            return "past" if governed and _tense(verb.head, irregular) == "past" else "expected"
        tense = next((a for a in auxes if a.tag_ in ("VBD", "VBZ", "VBP")), verb if verb.tag_ in ("VBD", "VBZ", "VBP") else None)
        if tense is not None:
            if not _present(tense, irregular) or any(a.lemma_ == "have" for a in auxes) and verb.tag_ == "VBN":
                return "past"
            stative = verb.lemma_.lower() in ("be", "have") or verb.lemma_.lower() in SAYING
            return "present" if stative else "expected"
        if verb.head.i == verb.i:
            return None
        verb = verb.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
    return None


def _present(verb: Token, irregular: Callable[[str], bool]) -> bool:
    """A present tense: "begins", "open"; a form the tagger calls present that the lexicon lists as another verb's
    inflection ("leapt" tagged VBP) is a past it misread."""
    return verb.tag_ == "VBZ" or verb.tag_ == "VBP" and (verb.lemma_ == "be" or not irregular(verb.lower_))


# --- quantities -----------------------------------------------------------------------------------------------

# What joins the two ends of a range: a dash ("10,000-12,000", "5–6 percent") or "to" ("10 to 12 people"), and "and"
# after "between" ("between 10 and 12"): a closed class of English grammar.
RANGE_JOINS = frozenset({"-", "–", "—", "to"})


def _quantities(doc: Doc) -> Iterable[Quantity]:
    ranges = list(_ranges(doc))
    seen: set[int] = {i for q in ranges for i in _tokens_of(doc, q)}
    yield from ranges
    for e in doc.ents:
        if e.label_ not in _QUANTITY_LABELS or seen.intersection(range(e.start, e.end)):
            continue
        tally = _tally(doc, e[0])
        if tally is not None:
            seen.update(_tokens_of(doc, tally))
            yield tally
            continue
        pair = _pair_in(doc, e.start, e.end)
        q = _quantity(doc, *_as_read(doc, e)) if not pair else None
        if q is not None or pair:
            seen.update(range(e.start, e.end))
            yield from ([q] if q is not None else pair)
    for t in doc:  # a number the recogniser left out ("killed 48 and injured 100")
        if t.i not in seen and t.pos_ == "NUM" and t.ent_type_ not in _TIME_LABELS and t.ent_type_ not in ("ORDINAL",) \
                and t.dep_ in ("nummod", "dobj", "nsubj", "nsubjpass", "pobj", "attr"):
            tally = _tally(doc, t)
            if tally is not None:
                seen.update(_tokens_of(doc, tally))
                yield tally
                continue
            q = _quantity(doc, t.i, t.i, "CARDINAL")
            if q is not None:
                seen.add(t.i)
                yield q


def _number(t: Token) -> bool:
    """A token that writes a number ("12,000", "twelve", "6m"), not a scale word after one ("million")."""
    if t.lower_ in SCALES:
        return False
    return t.pos_ == "NUM" and (t.like_num or number_value([t.text]) is not None) or bool(_DIGITS.match(t.text.replace(",", "")))


def _ends(doc: Doc, j: int) -> tuple[int, int] | None:
    """The numbers on either side of a joining word at `j`: the low end's before it, over its own scale or percent
    words ("10 million", "40 %", "5 per cent"), and the high end's after it, over a currency sign ("$12"). A hyphen
    glued between two words in letters writes one number ("sixty-seven"), joining none."""
    doc_j = doc[j]
    if doc_j.text == "-" and 0 < j < len(doc) - 1 and not doc[j - 1].whitespace_ and not doc_j.whitespace_ \
            and doc[j - 1].is_alpha and doc[j + 1].is_alpha:
        return None
    a = j - 1
    while a >= 0 and j - a <= 3 and not _number(doc[a]) and (doc[a].lower_ in SCALES or _percent(doc[a]) or doc[a].lower_ == "per"):
        a -= 1
    b = j + 1
    while b < len(doc) and b - j <= 2 and not _number(doc[b]) and (doc[b].is_currency or doc[b].text in CURRENCIES):
        b += 1
    return (a, b) if a >= 0 and b < len(doc) and _number(doc[a]) and _number(doc[b]) else None


def _ranges(doc: Doc) -> Iterable[Quantity]:
    """The sentence's ranges, each one figure ("10,000-12,000 troops", "5-6 percent", "40%-42%", "between 10 and 12
    people", "$10-12 million"): two numbers joined by a dash, "to", or "and" after "between", rising, of one unit, that
    the model reads as one phrase — one entity of the recogniser, or one end hanging on the other in the parse or both
    on one word. Not a range: a falling pair (a score, a record, a vote's tally), a change from one figure to another
    ("rose from 10 to 12": the low end is the object of "from"), and a span the recogniser typed a date or a time
    unless it counts a plural noun outside it ("Between 10 and 12 people": the small model types it a DATE)."""
    taken = -1
    for join in doc:
        between = join.lower_ == "and"
        if join.i <= taken or not (join.lower_ in RANGE_JOINS or between):
            continue
        ends = _ends(doc, join.i)
        if ends is None:
            continue
        a, b = ends
        first = a - 1 if a > 0 and (doc[a - 1].is_currency or doc[a - 1].text in CURRENCIES) else a
        if between and not (first > 0 and doc[first - 1].lower_ == "between"):
            continue
        q = _range(doc, a, join.i, b, between)
        if q is not None:
            taken = _tokens_of(doc, q)[-1]
            yield q


def _range(doc: Doc, a: int, j: int, b: int, between: bool) -> Quantity | None:
    """One range from its ends' numbers `a` and `b` joined at `j`, or None where the model does not read it as one."""
    low, high = doc[a], doc[b]
    if not _one_phrase(low, high) or doc[j].lower_ == "to" and _a_change(doc, a, j, b) or _a_code(doc, a, b):
        return None
    last = b + _percent_after(doc, b)
    while high.ent_type_ == "QUANTITY" and last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
        last += 1  # the unit of measure the recogniser took in after the high end ("between 6 and 8 feet")
    lo_q = _quantity(doc, a, j - 1, _end_label(doc[a:j], low))
    hi_q = _quantity(doc, b, last, _end_label(doc[b : last + 1], high))
    if lo_q is None or hi_q is None:
        return None
    own = any(t.is_currency or t.text in CURRENCIES or _percent(t) or t.is_alpha and t.lower_ not in SCALES
              and t.lower_ not in NUMBER_WORDS for t in doc[_tokens_of(doc, lo_q)[0] : j])
    if own and lo_q.unit is not None and hi_q.unit is not None and lo_q.unit != hi_q.unit:
        return None  # "rose 76% to $1.13bn"; a low end with no unit written takes the high end's ("10-12 pounds")
    bare = number_value([high.text])
    scale = hi_q.value / bare if bare else 1.0
    if scale > 1 and number_value([t.text for t in doc[a:j] if t.lower_ not in SCALES]) == lo_q.value and lo_q.value * scale < hi_q.value:
        lo_q = replace(lo_q, value=lo_q.value * scale, low=lo_q.low * scale, high=lo_q.high * scale)  # "$10-12 million"
    if not lo_q.value < hi_q.value:
        return None  # a falling pair: a score, a record, a tally
    if {low.ent_type_, high.ent_type_} & _TIME_LABELS and not _counts_plural(low, high):
        return None  # "between 2010 and 2012", "from 9 to 5"
    start = lo_q.start
    first = _tokens_of(doc, lo_q)[0]
    bound = _bound(doc, first, low)
    if between:
        start = doc[first - 1].idx
    elif bound is not None and " ".join(t.lower_ for t in doc[max(0, first - len(bound.split())) : first]) == bound:
        start = doc[first - len(bound.split())].idx  # "Some 300 to 400", "up to 10-12"
    lo_mult, hi_mult = BOUNDS[bound] if bound is not None else (1.0, 1.0)
    bottom, top = (lo_q.value * lo_mult, hi_q.value * hi_mult) if bound is not None else (lo_q.low, hi_q.high)
    counted = hi_q.counted or lo_q.counted
    return replace(hi_q, text=_text(doc)[start : hi_q.end], start=start, value=(lo_q.value + hi_q.value) / 2, low=bottom,
                   high=top, unit=hi_q.unit or lo_q.unit, counted=counted, event=hi_q.event or lo_q.event,
                   kind=hi_q.kind or lo_q.kind, named=hi_q.named or lo_q.named)


# Prepositions that make "X to Y" after them a change, not a range: "from" one level to another, "by" an amount to
# the level reached ("rose by 37,000 to 412,000"): a closed class of English grammar.
_CHANGE_FROM = frozenset({"from", "by"})


def _a_change(doc: Doc, a: int, j: int, b: int) -> bool:
    """"X to Y" tells a change, not a range: its "to" is a preposition of the verb ("rose $1.64 to $47.10"), the low end
    does not hang on the high one in the parse ("edged up 0.1% to 4.7%"; a range's does: "10 to 12 people", "about
    80,000 to 100,000"), or the pair or the noun it counts is the object of "from" or "by" ("raised from 49% to 74%",
    "rose by 37,000 to 412,000", "from £6 to £10 one-way"; not "From 10 to 12 people were injured")."""
    if doc[j].dep_ == "prep" or doc[b].i not in {t.i for t in doc[a].ancestors}:
        return True
    top, steps = doc[b], 0
    while top.head.i != top.i and top.head.i != j and steps < 4 and (a <= top.head.i <= b + 2 or top.dep_ in ("nummod", "quantmod")):
        top, steps = top.head, steps + 1  # over the high end's unit or scale ("74 %", "1.41 million") and what it counts
    return top.dep_ == "pobj" and top.head.lower_ in _CHANGE_FROM or doc[a].dep_ == "pobj" and doc[a].head.lower_ in _CHANGE_FROM


def _a_code(doc: Doc, a: int, b: int) -> bool:
    """The two numbers are part of a name ("Boeing 737-800", "the 9-11 Commission") or of a code of three or more
    numbers joined by dashes ("215-854-2443"): no quantity of anything."""
    if {doc[a].ent_type_, doc[b].ent_type_} & _NAME_LABELS:
        return True
    before = a >= 2 and doc[a - 1].text in RANGE_JOINS and _number(doc[a - 2]) and not doc[a - 1].whitespace_
    after = b + 2 < len(doc) and doc[b + 1].text in RANGE_JOINS and _number(doc[b + 2]) and not doc[b].whitespace_
    return before or after


def _end_label(toks: Span, number: Token) -> str:
    """How to read one end of a range: a percentage where a percent word is in it or just after it, else as the
    recogniser typed its number (a CARDINAL where it typed none)."""
    if any(_percent(t) for t in toks):
        return "PERCENT"
    return number.ent_type_ if number.ent_type_ in _QUANTITY_LABELS else "CARDINAL"


def _one_phrase(low: Token, high: Token) -> bool:
    """The model reads the two numbers as one phrase: the recogniser's one entity, or one hanging on the other in the
    parse, or both on one word (the noun they count, the scale or unit they share). Outside one entity, not where the
    parser hangs the number after a dash on the one before as a phrase of its own ("Boeing 737-800", "the 9-11
    Commission")."""
    if low.ent_iob_ != "O" and high.ent_iob_ == "I" and all(t.ent_iob_ == "I" for t in low.doc[low.i + 1 : high.i + 1]):
        return True
    if high.head.i == low.i and high.dep_ == "prep":
        return False

    def up(t: Token) -> list[Token]:
        chain = [t]
        while chain[-1].head.i != chain[-1].i and len(chain) < 4:
            chain.append(chain[-1].head)
            if not (low.i <= chain[-1].i <= high.i + 3):
                break
        return chain

    ups_low, ups_high = {t.i for t in up(low)}, {t.i for t in up(high)}
    return high.i in ups_low or low.i in ups_high or bool(ups_low & ups_high)


def _counts_plural(low: Token, high: Token) -> bool:
    """The pair counts a plural noun outside any date or time ("between 10 and 12 people")."""
    noun = _noun_of(high) or _noun_of(low)
    return noun is not None and noun.ent_type_ not in _TIME_LABELS and "Plur" in noun.morph.get("Number", [])


def _pair_in(doc: Doc, start: int, end: int) -> list[Quantity]:
    """Two figures the recogniser typed one entity that is no range ("rose from 10 to 12", "beat them 110-102"):
    each end a figure of its own, as the parse reads it."""
    for j in range(start + 1, end - 1):
        if doc[j].lower_ in RANGE_JOINS or doc[j].lower_ == "and":
            ends = _ends(doc, j)
            if ends is not None and start <= ends[0] and ends[1] < end:
                label = doc[start].ent_type_
                pair = [_quantity(doc, ends[0], j - 1, label), _quantity(doc, ends[1], end - 1, label)]
                return [q for q in pair if q is not None]
    return []


# Two counts joined as a tally writes them: "220-190", "220-to-190", "252 to 175", "664–611".
_PAIR = re.compile(r"(\d[\d,]*)(?:\s*[-–—]\s*to\s*[-–—]?\s*|\s*[-–—]\s*|\s+to\s+)(\d[\d,]*)\b")


def _tally(doc: Doc, first: Token) -> Quantity | None:
    """A vote's tally: two whole counts joined by a dash or "to", the larger first, that the parse hangs on a vote — a
    noun or a verb of that lemma governing the first count ("a 220-to-190 vote", "voted 252 to 175", "by a vote of
    220 to 212"), or the subject of the copula it completes ("The vote was 222-190"). Both counts are exact: a tally
    counts each vote, so two outlets' tallies of one vote agree or clash, never round to each other. A falling pair
    without a vote ("beat the Celtics 110-102") stays no figure of anything; a rising one is a range."""
    m = _PAIR.match(doc.text, first.idx)
    if m is None:
        return None
    yes, no = (float(g.replace(",", "")) for g in m.groups())
    if yes < no or not _of_a_vote(first):
        return None
    return Quantity(m.group(0), m.start(), m.end(), yes, yes, yes, None, "vote", "vote", against=no)


def _tokens_of(doc: Doc, q: Quantity) -> range:
    """The tokens a figure's characters cover."""
    return range(next(t.i for t in doc if t.idx + len(t.text) > q.start),
                 next((t.i for t in doc if t.idx >= q.end), len(doc)))


def _of_a_vote(first: Token) -> bool:
    """The parse hangs the count on a vote within three steps up, or on a copula whose subject is one."""
    head, steps = first, 0
    while head.head.i != head.i and steps < 3:
        head, steps = head.head, steps + 1
        if head.lemma_.lower() == "vote":
            return True
        if head.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lemma_.lower() == "vote" for c in head.children):
            return True
    return False


def _as_read(doc: Doc, e: Span) -> tuple[int, int, str]:
    """An entity's figure tokens and label, where the recogniser typed a figure otherwise than it reads: a figure with
    a word of percent in it or right after it is a percentage ("7 per cent" came as MONEY, its "cent" a currency;
    "Nearly 40 per cent" as a CARDINAL beside its "per cent"); a PERCENT with neither ("Sixty-seven Republicans
    voted" was one, read as 420 %) is a number, its span the number's own words."""
    lo, hi, label = e[0].i, e[-1].i, e.label_
    if any(_percent(t) for t in doc[lo : hi + 1]):
        return lo, hi, "PERCENT"
    after = _percent_after(doc, hi)
    if after:
        return lo, hi + after, "PERCENT"
    if label != "PERCENT":
        return lo, hi, label
    while hi > lo and not (doc[hi].like_num or doc[hi].lower_ in NUMBER_WORDS or _DIGITS.match(doc[hi].text.replace(",", ""))):
        hi -= 1
    return lo, hi, "CARDINAL"


def _percent(tok: Token) -> bool:
    return tok.text == "%" or tok.lower_ in ("percent", "pct", "percentage") or tok.lower_ == "cent" and tok.i > 0 and \
        tok.doc[tok.i - 1].lower_ == "per"


def _percent_after(doc: Doc, hi: int) -> int:
    """How many tokens right after a figure say it is a percentage: "%", "percent" (1), "per cent" (2), else 0."""
    if hi + 1 < len(doc) and doc[hi + 1].lower_ != "per" and _percent(doc[hi + 1]):
        return 1
    return 2 if hi + 2 < len(doc) and doc[hi + 1].lower_ == "per" and doc[hi + 2].lower_ == "cent" else 0


def _quantity(doc: Doc, lo: int, hi: int, label: str) -> Quantity | None:
    if lo > 0 and (doc[lo - 1].text in CURRENCIES or doc[lo - 1].is_currency):
        lo -= 1  # "£" left outside "6m"
    if hi + 1 < len(doc) and doc[hi + 1].lower_ in SCALES and doc[hi + 1].lower_ != "hundred" or \
            hi + 1 < len(doc) and doc[hi + 1].lower_ in ("m", "bn", "mn", "k", "tn"):
        hi += 1  # "6" "m"
    toks = list(doc[lo : hi + 1])
    value = number_value([t.text for t in toks])
    if value is None:
        return None
    figure = next((t for t in reversed(toks) if t.like_num or _DIGITS.match(t.text.replace(",", ""))), toks[-1])
    bound = _bound(doc, lo, figure)
    low, high = _interval(value, bound, [t.text for t in toks])
    unit = _unit(toks, label, doc, hi)
    counted = _counted(figure)
    if unit is None and counted in CURRENCIES:
        unit = CURRENCIES[counted]  # "2 million euros", the recogniser's bare number before a currency: an amount
    if unit in CURRENCIES.values() and _in_hundredths(toks, counted):  # "50 cents" is $0.50, not $50
        value, low, high = value / 100, low / 100, high / 100
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    noun = _noun_of(figure)
    return Quantity(_text(doc)[start:end], start, end, value, low, high, unit, counted, _event(figure), _described(figure),
                    _relative(figure), noun is not None and _refers(noun), _kind(noun, figure) if noun is not None else (),
                    compared_end=_compared_end(figure))


# prepositions whose object is the point a change or comparison is measured from ("down from 943,000", "higher than
# the 3.8%", "versus 12"): a closed class of English grammar
_COMPARED_FROM = frozenset({"from", "than", "versus", "vs", "vs."})


def _compared_end(figure: Token) -> int:
    """Where the phrase ends that a comparison preposition governing the figure heads ("from 943,000 jobs added in
    July"), up the parse from the figure to the verb its phrase hangs on; 0 when none governs it."""
    tok = figure
    for _ in range(4):
        head = tok.head
        if head.i == tok.i or head.pos_ in ("VERB", "AUX"):
            return 0
        if head.dep_ == "prep" and head.lower_ in _COMPARED_FROM:
            last = max(t.i for t in head.subtree)
            return head.doc[last].idx + len(head.doc[last].text)
        if head.dep_ == "prep" or head.pos_ == "ADP":
            return 0  # another preposition first: "from" of "from the sale of 943,000 shares" is not the figure's
        tok = head
    return 0


FRACTIONS: dict[str, int] = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}


def number_value(words: Sequence[str]) -> float | None:
    """The number a run of words states: "14,000", "6m", "3.5 billion", "two dozen", "£250m", "sixty-seven", "one
    thousand two hundred", "two and a half million", "two-thirds", "a hundred and twenty".

    Read as English writes numbers: a group below a thousand (a smaller word adds to it, "dozen" multiplies it,
    "hundred" scales it), closed by "thousand" and larger scales; a fraction divides the number before it
    ("two-thirds") or, after "and", adds its part ("one and a half")."""
    done, group, after_and, seen = 0.0, None, False, False
    for raw in words:
        w = raw.lower().replace("’", "'")
        glued = re.match(r"^[$£€¥]?(\d[\d,]*(?:\.\d+)?)(k|m|mn|bn|b|tn)?$", w)
        if glued:
            done, group = 0.0, float(glued.group(1).replace(",", "")) * SCALES.get(glued.group(2) or "", 1.0)
        elif w in FRACTIONS:
            group = (group or 0.0) + 1 / FRACTIONS[w] if after_and else (group or 1.0) / FRACTIONS[w]
        elif w in NUMBER_WORDS:
            n = NUMBER_WORDS[w]
            group = n if group is None else group * n if w == "dozen" else group + n if n < group else n
        elif w == "hundred":
            group = (group or 1.0) * 100
        elif w in SCALES and (seen or w in ("thousand", "million", "billion", "trillion")):
            done, group = done + (group or 1.0) * SCALES[w], None
        elif w in ("dozens", "hundreds", "thousands", "millions", "billions") and not seen:
            group = 2 * SCALES.get(w.rstrip("s"), 12.0) if w != "dozens" else 24.0
        else:
            if w not in ("a", "an"):  # "and a half"
                after_and = w == "and" and seen
            continue
        seen, after_and = True, False
    return done + (group or 0.0) if seen else None


def _bound(doc: Doc, lo: int, figure: Token) -> str | None:
    """The words bounding the figure ("more than", "about"), inside the entity or just before it."""
    window = doc[max(0, lo - 3) : figure.i]
    text = " ".join(t.lower_ for t in window)
    return max((b for b in BOUNDS if re.search(rf"(?:^|\s){re.escape(b)}(?:\s|$)", text)), key=len, default=None)


def _interval(value: float, bound: str | None, words: Sequence[str]) -> tuple[float, float]:
    """The values a figure allows: news rounds to its last significant digit, and a bound widens or opens it."""
    if bound is not None:
        lo, hi = BOUNDS[bound]
        return value * lo, value * hi
    digits = next((w.replace(",", "") for w in words if re.search(r"\d", w)), "")
    integral = digits.split(".")[0].lstrip("$£€¥")
    trailing = len(integral) - len(integral.rstrip("0")) if integral.isdigit() else 0
    if "." not in digits and trailing >= 1:
        slack = min(0.5 * 10 ** trailing, 0.05 * value)
        return value - slack, value + slack
    return value, value


def _in_hundredths(toks: Sequence[Token], counted: str | None) -> bool:
    """The amount is counted in cents or pence (and no sign gives it in the unit: "$1.50" is dollars)."""
    return not any(re.match(r"^[$£€¥]", t.text) for t in toks) and \
        (counted in HUNDREDTHS or any(t.lemma_.lower() in HUNDREDTHS or t.lower_ in HUNDREDTHS for t in toks))


def _unit(toks: Sequence[Token], label: str, doc: Doc, hi: int) -> str | None:
    if label == "QUANTITY" and any(t.lemma_.lower() == "pound" or t.lower_ in ("lb", "lbs") for t in toks):
        return "lb"  # the recogniser read a weight ("94,000 pounds of beef"), not a sum of money
    if label == "PERCENT" or (hi + 1 < len(doc) and doc[hi + 1].text == "%"):
        return "%"  # (before the currencies: the "cent" of "7 per cent" is none)
    for t in toks:
        key = t.lower_.strip(".")
        if key in CURRENCIES or t.lemma_.lower() in CURRENCIES:
            return CURRENCIES.get(key) or CURRENCIES[t.lemma_.lower()]
        if re.match(r"^[$£€¥]", t.text):
            return CURRENCIES[t.text[0]]
    if label == "QUANTITY":
        last = next((t for t in reversed(toks) if t.is_alpha and t.lower_ not in SCALES and t.lower_ not in NUMBER_WORDS), None)
        return last.lemma_.lower() if last is not None else None
    return None


def _counted(figure: Token) -> str | None:
    """What a figure counts: the noun it modifies ("14,000 troops"), or the noun after "of" ("4,000 of them"). "One of"
    a group ("one of those things", "one of the 505 employees") names a member of it and counts nothing: None."""
    head = figure
    while head.head.i != head.i and (head.head.pos_ == "NUM" or head.head.lower_ in SCALES) and \
            head.dep_ in ("compound", "quantmod", "nummod"):
        head = head.head  # "6" of "6m", "3.5" of "3.5 billion"
    if head.dep_ == "nummod" and head.head.pos_ in ("NOUN", "PROPN"):
        return head.head.lemma_.lower()
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None and head.lower_ == "one":
        return None  # "one of those things", "one of the biggest decisions": it picks a member of a group, counts none
    noun = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if noun is not None and noun.pos_ in ("NOUN", "PROPN"):
        return noun.lemma_.lower()
    return None


def _quantity_of(data: dict[str, Any]) -> Quantity:
    """A quantity from its JSON form (its `kind` comes back a list)."""
    return Quantity(**{**data, "kind": tuple(data.get("kind", ()))})


def _noun_of(figure: Token) -> Token | None:
    """The noun a figure modifies ("bill" of "a $1 trillion infrastructure bill"), climbing its own number's words."""
    head = figure
    while head.head.i != head.i and (head.head.pos_ == "NUM" or head.head.lower_ in SCALES) and \
            head.dep_ in ("compound", "quantmod", "nummod"):
        head = head.head
    return head.head if head.dep_ == "nummod" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i else None


def _refers(noun: Token) -> bool:
    """The noun phrase refers to a thing taken as there, not one a clause brings about: a definite article or a
    possessor on it, or it is the object of a preposition ("a vote on a $1 trillion bill")."""
    return noun.dep_ == "pobj" or any(c.dep_ == "poss" or c.dep_ == "det" and "Def" in c.morph.get("Definite", [])
                                      for c in noun.children)


def _kind(noun: Token, figure: Token) -> tuple[str, ...]:
    """The nouns compounded onto `noun` after the figure: the kind of thing it is ("infrastructure" bill)."""
    return tuple(c.lemma_.lower() for c in noun.children if c.dep_ == "compound" and c.i > figure.i and c.pos_ == "NOUN")


def _described(figure: Token) -> str | None:
    """The noun a figure's "with" phrase describes ("employers with more than 100 workers": employer). Such a figure
    says which of them are meant — a threshold, a property — not how many of anything there were or it happened to."""
    phrase = figure.head if figure.dep_ == "nummod" else figure
    prep = phrase.head
    if phrase.dep_ != "pobj" or prep.lower_ != "with" or prep.i == 0:
        return None
    if prep.head.pos_ in ("NOUN", "PROPN") and prep.head.i != prep.i:
        return str(prep.head.lemma_.lower())
    before = prep.doc[prep.i - 1]  # the parser may hang the phrase on the verb whose object it follows ("cover employers with…")
    if before.pos_ in ("NOUN", "PROPN") and before.head.i == prep.head.i and before.dep_ in ("dobj", "nsubj", "nsubjpass"):
        return str(before.lemma_.lower())
    return None


def _relative(figure: Token) -> bool:
    """A figure measuring a comparative ("peaked two feet lower", "5% more than last year") is a difference between
    two levels; it is no rival of a level ("902 feet") nor of another source's difference from another baseline."""
    phrase = figure.head if figure.dep_ == "nummod" else figure
    return phrase.dep_ in ("npadvmod", "advmod", "amod") and phrase.head.tag_ in ("JJR", "RBR")


def _event(figure: Token) -> str | None:
    """The verb a figure is a figure of: the nearest verb above it in the parse ("killed 48", "48 were killed")."""
    tok = figure
    for _ in range(5):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ == "VERB":
            return tok.lemma_.lower()
    return None


def _ordinals(doc: Doc) -> Iterable[Quantity]:
    """The sentence's ordinals: an ORDINAL entity ("the first Republican"), or a written ordinal standing alone in a
    DATE entity that modifies a noun of no date ("the 22nd state": the small model types it a date; "the 22nd of
    May" is one). What it ranks is the noun it modifies; the event is the verb above it, as for a figure."""
    for t in doc:
        value = _ordinal_value(t.lower_)
        if value is None:
            continue
        alone = t.ent_type_ in _TIME_LABELS and t.ent_iob_ == "B" and (t.i + 1 == len(doc) or doc[t.i + 1].ent_iob_ != "I")
        if not (t.ent_type_ == "ORDINAL" or alone and t.lower_[:1].isdigit() and t.dep_ == "amod"
                and t.head.pos_ in ("NOUN", "PROPN") and not t.head.ent_type_):
            continue
        counted = t.head.lemma_.lower() if t.dep_ in ("amod", "nummod") and t.head.pos_ in ("NOUN", "PROPN") else None
        yield Quantity(t.text, t.idx, t.idx + len(t.text), value, value, value, None, counted, _event(t))


def _ordinal_value(word: str) -> float | None:
    """The rank an ordinal word states: "24th" 24, "third" 3."""
    if word in ORDINAL_WORDS:
        return float(ORDINAL_WORDS[word])
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
    return float(digits.group(1)) if digits else None


# --- the reader: parse once, cache, serve ---------------------------------------------------------------------

class ReadingCache(Protocol):
    """Where readings outlive the process (ragnews/index/readings.py keeps them beside the store)."""

    def get_many(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]: ...

    def put_many(self, items: dict[str, dict[str, Any]]) -> None: ...


class Reader:
    """Reads sentences with the English model: each distinct text once per process, and once per cache.

    `name` says which model and which version of the reading made a reading; cached readings of another
    name are never used, so installing a better model or changing the reading re-reads on demand.
    """

    def __init__(self, model: str | None = None, cache: ReadingCache | None = None, batch_size: int = 64) -> None:
        from ragnews.text.language import DEFAULT_MODEL

        self.model = model or DEFAULT_MODEL
        self.name = f"spacy:{self.model}:v{READING_VERSION}"
        self.cache = cache
        self.batch_size = batch_size
        self._memory: dict[str, Reading] = {}

    def key(self, text: str) -> str:
        return hashlib.sha1(f"{self.name}\n{text}".encode()).hexdigest()

    def read(self, texts: Sequence[str]) -> list[Reading]:
        """The readings of `texts`, in order (each distinct text parsed at most once)."""
        missing = self._recall(texts)
        if missing:
            self._parse(missing)
        return [self._memory[t] for t in texts]

    def _recall(self, texts: Sequence[str]) -> list[str]:
        """The distinct texts with no reading in this process or in the cache (those found there are kept in memory)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._memory]
        if missing and self.cache is not None:
            keys = {self.key(t): t for t in missing}
            for k, data in self.cache.get_many(list(keys)).items():
                try:
                    self._memory[keys[k]] = Reading.from_json(data)
                except (KeyError, TypeError, ValueError):
                    log.debug("cached reading %s unreadable; reading again", k)
            missing = [t for t in missing if t not in self._memory]
        return missing

    def prefetch(self, texts: Sequence[str] | None = None) -> None:
        """Load the English model in the background (importing spaCy and loading the pipeline take about a second),
        so that it is ready when the first sentences are read; a failure is left for `read` to report.

        With `texts` (the sentences about to be read), only when one of them has no reading yet: a briefing on
        sentences read before (their readings cached) needs no model, and loading it cost about a CPU second and
        slowed the imports beside it. The cached readings found are kept, so the read that follows parses only the rest."""
        import threading

        from ragnews.text.language import load

        if texts is not None and not self._recall(texts):
            return

        def warm() -> None:
            try:
                load(self.model)
            except Exception:  # reported by the read that needs the model
                log.debug("background load of %s failed", self.model, exc_info=True)

        threading.Thread(target=warm, name="ragnews-reader-load", daemon=True).start()

    def one(self, text: str) -> Reading:
        return self.read([text])[0]

    def _parse(self, texts: list[str]) -> None:
        from ragnews.text.language import load

        nlp = load(self.model)
        nouns = common_nouns(self.model)
        forms = irregular_verbs(self.model)
        fresh: dict[str, dict[str, Any]] = {}
        docs = list(nlp.pipe(texts, batch_size=self.batch_size))
        for text, doc in zip(texts, docs):
            doc.user_data[_TEXT_KEY] = text  # spaCy's tokens keep every character: the Doc's text is the one it was given
        labels = page_labels(docs, lambda parts: list(nlp.pipe(parts, batch_size=self.batch_size)))
        for text, doc in zip(texts, docs):
            reading = read_doc(doc, nouns.__contains__, forms.__contains__)
            if labels.get(text):
                begins, n, rest = labels[text]
                reading = replace(reading, label_end=begins, labels=n,
                                  attribution=_speaker_past_label(reading, begins, partial(read_doc, rest, nouns.__contains__, forms.__contains__)))
            self._memory[text] = reading
            fresh[self.key(text)] = reading.to_json()
        log.debug("parsed %d sentences with %s", len(texts), self.model)
        if self.cache is not None and fresh:
            self.cache.put_many(fresh)


def _speaker_past_label(reading: Reading, begins: int, rest: Callable[[], Reading]) -> Attribution | None:
    """The sentence's attribution when a page's label opens it (`begins`: where the sentence proper starts). The
    parse of the whole line may take a word of the label for the speaker ("UPDATE, 10:11 p.m. — Variety’s first story
    said…" had "UPDATE" speak, with "10:11 p.m." for a role; "Updated | Jane Smith said…" gave her the role
    "Updated |"): a speaker or role first written inside the label is none, and the reading of the sentence proper
    (`rest`, read only then) says who speaks."""
    a = reading.attribution
    # (by the part's first word: a role may join words the label and the sentence hold apart, "WASHINGTON President")
    inside = [at for part in ((a.speaker, a.role) if a is not None else ()) if part and part.split()
              for at in [reading.text.find(part.split()[0])] if 0 <= at < begins]
    return rest().attribution if inside else a


# --- a page's label before the sentence -------------------------------------------------------------------------

LABEL_TOKENS = 8  # a label is a few words: "Updated", "Live updates", "WASHINGTON, Oct. 5 (Reuters)"
LABEL_REST_CHARS = 40  # what follows it must be a sentence of its own, not a caption's few words
FURNITURE_CAPITALS = 0.75  # a line with no clause is furniture when at least this share of its words are capitals or figures
LABEL_ROUNDS = 3  # labels in a row: "Hide Caption 3 of 132 Photos: Photos: Crisis in Ukraine – Pro-Russian militia…"


def page_labels(docs: Sequence[Doc], parse: Callable[[list[str]], list[Doc]]) -> dict[str, tuple[int, int, Doc]]:
    """For sentences that open with a page's label, where the sentence proper begins, how many labels precede it, and
    the sentence proper as parsed alone.

    A web page leaves its furniture before a sentence: "Updated | When the first humans left Africa…", a dateline
    ("PITTSBURGH (KDKA) — A former teacher…"), a section label ("Why it matters: Biden has faced…"), a gallery's
    labels ("Hide Caption 3 of 132 Photos: Photos: Crisis in Ukraine – Pro-Russian militia…"), its buttons in capitals
    with no mark at all ("SHARE COPY LINK Broward Circuit Judge…"). The parse of the whole line cannot tell (the
    parser hangs "Updated" on the clause after it), so both sides of the first mark within a few words (or of a run
    of words in capitals, `_shouted`) are read alone: the opening is a label when it states nothing (no subject with
    a verb of its own, unless a question word makes it a heading; no preposition, which would make it a phrase of the
    sentence: "Sixteen months after the crisis — …", unless it is in headline case: "Crisis in Ukraine"), is no
    speaker's name before a colon ("Trump: …"), and what follows is a sentence of its own, opening with a capital.
    What follows is read again the same way, for a label after a label (up to `LABEL_ROUNDS`). `parse` reads the
    pieces with the same model.
    """
    out: dict[str, tuple[int, int, Doc]] = {}
    # each line: what is left of it to read, where that begins, and how many labels precede it
    current = {_text(doc): (doc, 0, 0) for doc in docs}
    for _ in range(LABEL_ROUNDS):
        splits = {text: (base, n, doc, split) for text, (doc, base, n) in current.items() for split in [_split(doc)] if split}
        if not splits:
            break
        pieces = parse([p for _, _, doc, (head, start, _) in splits.values() for p in (head, _text(doc)[start:].strip())])
        current = {}
        for k, (text, (base, n, doc, (_head, start, mark))) in enumerate(splits.items()):
            label, sentence = pieces[2 * k], pieces[2 * k + 1]
            name = all(t.text[:1].isupper() for t in label if t.is_alpha)
            # a capitalised word before a colon is a speaker's name ("Trump: …") or a credit run into its sentence
            # ("Credit: Jane Roe, State University Researchers…"), left whole; after a label it is another label
            if not _states_nothing(label) or mark == ":" and name and n == 0:
                continue
            begins = base + _text(doc).index(_text(sentence), start)
            # the rest is a sentence of its own; or, after labels in a row, whatever it is, they were a page's chrome
            # (the parser may miss the verb of a caption's present: "Armed men believed to be … march …")
            if _clause(sentence) or n + 1 >= 2:
                out[text] = (begins, n + 1, sentence)
            current[text] = (sentence, begins, n + 1)
    return out


def _split(doc: Doc) -> tuple[str, int, str] | None:
    """Where a label may end in the line: the opening, where the rest begins, and the mark between ("" for none)."""
    sep = _label_mark(doc)
    if sep is not None and sep.i + 1 < len(doc):
        head, start, mark = _text(doc)[: sep.idx + (len(sep.text) if sep.text == ")" else 0)].strip(), doc[sep.i + 1].idx, sep.text
        # a dash or bar the rest uses again opens an aside ("Another Broward Democrat — Sheriff Israel — would…"): the
        # opening is part of the sentence; a colon opens no aside ("Photos: Crisis in Ukraine – …")
        if mark not in (")", ":") and any(t.text == mark for t in doc[sep.i + 1 :]):
            return None
    else:
        k = _shouted(doc)
        if not k:
            return None
        head, start, mark = doc[:k].text, doc[k].idx, ""
    rest = _text(doc)[start:].strip()
    if len(rest) >= LABEL_REST_CHARS and (rest[0].isupper() or rest[0] in _QUOTES + "‘"):
        return head.strip("()"), start, mark
    return None


def _shouted(doc: Doc) -> int:
    """How many words in capitals open the line before a word in ordinary case: a page's buttons or a section's name
    with no mark after it ("SHARE COPY LINK Broward Circuit Judge…"). 0 for fewer than two, and for words the
    recogniser reads as a name ("UK PM Boris Johnson said…", "FBI Director…", "NEW YORK Police…")."""
    k = 0
    while k < min(len(doc) - 1, LABEL_TOKENS) and doc[k].is_alpha and len(doc[k].text) >= 2 and doc[k].text.isupper() \
            and not doc[k].ent_type_:
        k += 1
    after = doc[k].text if k < len(doc) else ""
    return k if k >= 2 and (after[:1].isupper() and not after.isupper() or after[:1] in _QUOTES + "‘") else 0


def _label_mark(doc: Doc) -> Token | None:
    """The mark that may end a label within the first few words: a closing bracket of an opening one ("(CNN) A
    Detroit man…"), the first separator, or else a bracket closed after a dateline's place ("Tokyo (CNN) Seven US
    sailors…")."""
    if len(doc) > 2 and doc[0].text == "(":
        close = next((t for t in doc[1 : LABEL_TOKENS + 1] if t.text == ")"), None)
        after = doc[close.i + 1] if close is not None and close.i + 1 < len(doc) else None
        return after if after is not None and _separator(after) else close  # "(AP) — The Stoffel family…"
    sep = next((t for t in doc[1 : LABEL_TOKENS + 1] if _separator(t)), None)
    if sep is not None:
        return sep
    return next((t for t in doc[2 : LABEL_TOKENS + 1] if t.text == ")" and any(o.text == "(" for o in doc[1 : t.i])), None)


def _separator(t: Token) -> bool:
    """A mark that sets a label off ("|", "—", ":", "•"): no letter or digit, none of the marks inside a sentence
    (comma, stop, quotation marks, brackets), and spaced as a separator is: a space after it, and before it unless it
    is a colon ("al-Assad" and "2-1" hold marks that join)."""
    spaced = bool(t.whitespace_) and (t.text == ":" or t.i > 0 and bool(t.doc[t.i - 1].whitespace_))
    stop = t.text.strip(".!?…") == ""  # the tagger may call a spaced dash a stop; a stop is one of these
    return spaced and not any(ch.isalnum() for ch in t.text) and not stop and \
        t.tag_ not in (",", "``", "''", "-LRB-", "-RRB-")


def _finite(verb: Token) -> bool:
    """A verb with a tense: its own, or an auxiliary's. A root the tagger left in its base form with no auxiliary is a
    present it misread ("Pro-Russian militia members remove a resident": remove/VB), as its subject shows."""
    if verb.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD")
                                                       for c in verb.children):
        return True
    return verb.tag_ == "VB" and verb.dep_ == "ROOT" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _clause(doc: Doc) -> bool:
    """The text holds a clause that stands: a subject of a finite verb ("there" of "There are" counts)."""
    return any((t.dep_ in _SUBJECT_DEPS or t.dep_ == "expl") and _finite(t.head) for t in doc)


def _states_nothing(doc: Doc) -> bool:
    """A label, not a statement or a phrase of the sentence: no clause of its own (a question word before one makes a
    heading: "Why it matters"), and no preposition unless it is in headline case."""
    if any(t.pos_ == "ADP" for t in doc) and not _headline_case(doc):
        return False
    return not _clause(doc) or doc[0].tag_ in ("WRB", "WP", "WDT")


def _states(doc: Doc, quoted: Sequence[tuple[int, int]]) -> bool:
    """The line states something (see `Reading.states`): it is no order to its reader, and it has a clause, or reads as
    lowercase prose whose verb the parser may have missed."""
    return not _addressed(doc, quoted) and not _line_asks(doc, quoted) and (_clause(doc) or _capitals_share(doc) < FURNITURE_CAPITALS)


def _line_asks(doc: Doc, quoted: Sequence[tuple[int, int]]) -> bool:
    """The line is a question in the writer's own voice: it ends on a question mark outside quotation marks (a heading
    such as "Who are the board members of OpenAI?", a rhetorical question). A question asks and states nothing; one
    someone is quoted asking is stated by its frame ('"Why now?" he asked.'). (`_asks` is the same test for one clause,
    the one a date hangs on.)"""
    last = next((t for t in reversed(doc) if not (t.is_space or t.is_quote)), None)
    return last is not None and last.text == "?" and not _in_quotes(last, quoted)


def _subordinate(doc: Doc) -> bool:
    """The root clause is opened by a subordinator ("because", "while", "although", "as"…; the parse's `mark`): a
    clause with no main clause to depend on. The complementizer "that" opens a clause that may be a subject ("That he
    was there surprised them"), which the small parser may hang as the root."""
    roots = [t for t in doc if t.dep_ == "ROOT"]  # two roots: the parser split the line, a main clause stands beside
    return len(roots) == 1 and any(c.dep_ == "mark" and c.i < roots[0].i and c.lower_ != "that" for c in roots[0].children)


def _addressed(doc: Doc, quoted: Sequence[tuple[int, int]]) -> bool:
    """The line's main verb is an imperative outside quotation marks: the page or the writer telling the reader to do
    something ("Sign up for…", "Click here…", "Follow us…", "Let’s see how we got here.", "Don’t miss…"), which
    states nothing of the news. A quoted order ('"Get out," he said') is the speaker's, under a verb of saying."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    # a base form, or a first word that takes an object, whatever the tagger called it ("Download"/NNP "the app")
    if root is None or not root.is_alpha or _in_quotes(root, quoted) or \
            not (root.tag_ == "VB" or root.i == 0 and any(c.dep_ == "dobj" for c in root.children)):
        return False
    if any(c.dep_ in _SUBJECT_DEPS or c.dep_ == "expl" for c in root.children):
        return False
    return all(c.lemma_.lower() == "do" for c in root.children if c.dep_ in ("aux", "auxpass"))  # "Don't miss…"


def _capitals_share(doc: Doc) -> float:
    """The share of the line's content words (and figures) written with a capital or as a figure."""
    words = [t for t in doc if t.is_alpha and not t.is_stop or t.like_num]
    return sum(t.text[:1].isupper() or t.like_num for t in words) / len(words) if words else 1.0


def _headline_case(doc: Doc) -> bool:
    """Every content word capitalised or a figure, as a title is ("Hide Caption 3 of 132 Photos", "Crisis in
    Ukraine"), and no preposition opening it ("In New York City — …" is a phrase of the sentence)."""
    words = [t for t in doc if t.is_alpha and not t.is_stop or t.like_num]
    return bool(words) and doc[0].pos_ != "ADP" and all(t.text[:1].isupper() or t.like_num for t in words)


def describe(r: Reading) -> dict[str, object]:
    """What the model read in a sentence, in a few words per field (for `--explain` and DEBUG logs)."""
    main = r.main
    a = r.attribution
    return {
        "entities": [f"{e.text} ({e.label})" for e in r.entities],
        "claim": f"{main.subject or '?'} —{main.predicate}→ {main.object or '?'}"
                 + (" [negated]" if main.negated else "") + (f" [{main.modality}]" if main.modality != "asserted" else "")
                 + (f" [{main.frame}]" if main.frame else "") if main else None,
        "figures": [f"{q.text}" + (f" {q.counted}" if q.counted else "") + (f" of {q.event}" if q.event else "") for q in r.quantities],
        "dates": [t.text for t in r.times],
        "speaker": (f"{a.speaker or a.pronoun or 'no one named'} ({a.kind}, {a.cue}{', own words' if a.direct else ''})" if a else None),
    }


@lru_cache(maxsize=2)
def common_nouns(model: str) -> frozenset[str]:
    """The English common nouns the pipeline's lemmatizer knows (its lexicon index; empty if it has none)."""
    from ragnews.text.language import load

    try:
        lemmatizer: Any = load(model).get_pipe("lemmatizer")
        return frozenset(lemmatizer.lookups.get_table("lemma_index")["noun"])
    except (KeyError, AttributeError, ValueError):
        return frozenset()


@lru_cache(maxsize=2)
def irregular_verbs(model: str) -> frozenset[str]:
    """The irregular inflections of English verbs the pipeline's lemmatizer lists ("leapt", "began"; empty if none)."""
    from ragnews.text.language import load

    try:
        lemmatizer: Any = load(model).get_pipe("lemmatizer")
        table = lemmatizer.lookups.get_table("lemma_exc")["verb"]
        return frozenset(form for form, lemmas in table.items() if form not in lemmas)
    except (KeyError, AttributeError, ValueError):
        return frozenset()


@lru_cache(maxsize=1)
def default_reader() -> Reader:
    """A process-wide reader of the default model with no cache on disk (library use and tests)."""
    return Reader()


def speakers(readings: Sequence[Reading], window: int = 3) -> list[Attribution | None]:
    """Each sentence's attribution with pronouns and surnames resolved within the article.

    "He said" goes to the person who last spoke, or else to the person the sentence before was about,
    within `window` sentences; "they" to the last body or group. A surname alone ("Peskov said") takes the
    full name the article gave earlier. A sentence that is only a quotation, right after a quotation of a
    known speaker, continues it.
    """
    out: list[Attribution | None] = []
    last_person: tuple[int, Attribution] | None = None
    last_group: tuple[int, Attribution] | None = None
    full: dict[str, str] = {}
    titles: dict[str, str] = {}  # a full name's title, where the article gave one ("Sen." of "Sen. John McCain")
    bodies = _bodies(readings)
    for i, r in enumerate(readings):
        for e in r.entities:
            name, titled = _untitled(e.text)  # "Kathy Hochul" of "Gov. Kathy Hochul": the title is a role, not the name
            if titled:
                titles.setdefault(name, titled)
            words = name_key(name).split()
            if e.label in ("PERSON", "NAME") and len(words) >= 2:
                full.setdefault(words[-1], name)  # "Peskov" for Dmitry Peskov
                if words[0] not in full and words[0] not in bodies:  # "Kim" for Kim Jong Un: family names come first in
                    full[words[0]] = name  # much of the world, but "Google" is no family name of "Google Maps"
        a = r.attribution
        if a is not None and a.kind != "pronoun" and a.speaker and a.speaker[:1].isupper() and name_key(a.speaker) in full:
            known = full[name_key(a.speaker)]
            a = _renamed(a, known)  # a known person's surname, whatever the recogniser typed it
            if a.role is None and known in titles and not known.startswith(titles[known]):  # "McCain said" after "Sen.
                # John McCain": the title is his role (never twice, where the name kept it; the fuller role an article
                # gave the person is who-said-what's to choose: `analysis.quotes`)
                a = replace(a, role=titles[known])
        if a is not None and a.kind == "pronoun":
            a = _resolved(a, i, r, readings, last_person, last_group, window)
        elif a is None and i and _only_quotation(r) and out and out[-1] is not None and out[-1].direct:
            a = _carried(out[-1], r)
        if a is not None and a.speaker:
            if a.kind == "person":
                last_person = (i, a)
            else:
                last_group = (i, a)
        out.append(a)
    for i in range(len(out) - 2, -1, -1):  # '“They are excited. They get feedback,” Singhal said.': the first is his too
        after = out[i + 1]
        if out[i] is None and after is not None and after.direct and _runs_on(readings[i], readings[i + 1]):
            out[i] = _carried(after, readings[i])
    return out


# --- a page with no article text ------------------------------------------------------------------------------

NOTICE_WORDS = 60  # a page this short may be a notice saved in place of its story (a script, cookie or paywall notice)
NEWS_SENTENCES = 1  # ... and is one when fewer of its sentences than this tell news


def tells_news(r: Reading) -> bool:
    """The sentence tells something of the world: a clause with a subject the parse found that is neither the reader
    nor the page speaking (the morphology's 2nd and 1st person: "You need to enable JavaScript", "We use cookies"); an
    order with no subject ("Subscribe to continue reading") or a phrase with no verb ("Access denied") tells none."""
    return any(c.subject and (c.subject_pro is None or c.subject_pro.person not in (1, 2)) for c in r.claims)


def no_article_text(readings: Sequence[Reading], words: int, title: str | None = None, *, english: bool = True,
                    max_words: int = NOTICE_WORDS, min_news: int = NEWS_SENTENCES) -> str | None:
    """Why a page holds no article text, or None: fewer than `max_words` words (as the cleaning counted them) of which
    fewer than `min_news` sentences, the title aside, tell news (`tells_news`, from the model's reading). A short brief
    of one sentence of news is an article; "JavaScript is disabled / You need to enable JavaScript to use SoundCloud"
    is not. A page not in English (`english`: `foreign.in_english`) is not judged: the English model reads no clause
    in it."""
    if words >= max_words or not english:
        return None
    news = sum(tells_news(r) for r in readings if not title or r.text.strip() != title.strip())
    if news >= min_news:
        return None
    return (f"no article text: {words} words and no sentence of news (a script, cookie or paywall notice?); "
            "stored, but never briefed as a story")


def _carried(a: Attribution, r: Reading) -> Attribution:
    """Sentence `r`, all quotation, as the words of the speaker of the quotation it carries on (or opens)."""
    return Attribution(a.cue, a.speaker, a.kind, r.text.strip(_QUOTES + " "), True, a.role, keys=a.keys, said_lemmas=r.lemmas)


def _runs_on(r: Reading, after: Reading) -> bool:
    """The sentence is a quotation that the next sentence goes on with and closes: it opens with a mark it never
    closes, and the next sentence's first quoted words start where it starts."""
    text = r.text.strip()
    return _only_quotation(r) and r.quoted[-1][1] >= len(r.text.rstrip()) - 1 and text[:1] == "“" and \
        bool(after.quoted) and after.quoted[0][0] == 0


def _bodies(readings: Sequence[Reading]) -> frozenset[str]:
    """The one-word names the article's recogniser reads as a body more often than as a person's name or its first word.

    "Google says…" beside one "Google Maps" the small model typed PERSON is Google speaking, not a person whose
    family name comes first; a tie goes to the person. (A surname is another matter: the small model types "Lavrov"
    alone ORG as often as not, so the last word of a person's name is read as theirs whatever this says.)
    Evidence for a person: a PERSON mention that is the word or starts with it; for a body: a body mention (ORG,
    GPE, …) that is the word alone."""
    person: Counter[str] = Counter()
    body: Counter[str] = Counter()
    for r in readings:
        for e in r.entities:
            words = name_key(e.text).split()
            if e.label == "PERSON" and words:
                person[words[0]] += 1
            elif e.label in _BODY_LABELS and len(words) == 1:
                body[words[0]] += 1
    return frozenset(k for k, n in body.items() if n > person[k])


def _renamed(a: Attribution, name: str) -> Attribution:
    return replace(a, speaker=name, kind="person", keys=tuple(sorted({*a.keys, name_key(name)})))


def _resolved(a: Attribution, i: int, r: Reading, readings: Sequence[Reading], last_person: tuple[int, Attribution] | None,
              last_group: tuple[int, Attribution] | None, window: int) -> Attribution | None:
    if a.pronoun in ("he", "she"):
        if last_person is not None and i - last_person[0] <= window:
            p = last_person[1]
            return replace(a, speaker=p.speaker, kind="person", role=p.role, keys=p.keys)
        subject = _person_subject(readings[i - 1], readings[:i], a.pronoun) if i else None
        if subject is not None:
            return replace(a, speaker=subject.text, kind="person", role=None, keys=tuple(sorted(subject.keys)))
        return a
    if a.pronoun == "they" and last_group is not None and i - last_group[0] <= window:
        g = last_group[1]
        return replace(a, speaker=g.speaker, kind=g.kind, role=g.role, keys=g.keys)
    return a


# The gender a title of address gives the person it names (closed class: the titles of `HONORIFICS` that have one).
HONORIFIC_GENDER = {"mr": "masc", "sir": "masc", "lord": "masc", "mrs": "fem", "ms": "fem", "miss": "fem", "dame": "fem",
                    "lady": "fem"}
PRONOUN_GENDER = {"he": "masc", "she": "fem"}


def _gendered(before: Sequence[Reading]) -> dict[str, str]:
    """The gender the article's titles of address give its people so far, by their keys ("Mr. Balin": masc)."""
    out: dict[str, str] = {}
    for r in before:
        for e in r.entities:
            word = r.text[: e.start].split()[-1:]
            gender = HONORIFIC_GENDER.get(word[0].lower().rstrip(".")) if word else None
            if e.label == "PERSON" and gender:
                out.update({k: gender for k in e.keys if not is_country_key(k)})
    return out


def _person_subject(r: Reading, before: Sequence[Reading] = (), pronoun: str | None = None) -> Entity | None:
    """The person the sentence is about: a PERSON entity inside its main clause's subject. For "he" or "she", a person
    the article has named with a title of that gender ("Mr. Balin") is preferred to a subject it never has, and a subject
    it gave the other gender is none ("For Mr. Balin, Jefferson Airplane was focused on live performance. “We got to a
    place…,” he told Relix": the band the recogniser typed PERSON is no "he")."""
    subject = None
    if r.attribution is not None and r.attribution.kind == "person":
        subject = next((e for e in r.entities if e.text == r.attribution.speaker), None)
    else:
        for c in r.claims[:1]:
            if c.subject is not None:
                subject = next((e for e in r.entities if e.label == "PERSON" and e.text in c.subject), None)
    want = PRONOUN_GENDER.get(pronoun or "")
    if want is None:
        return subject
    genders = _gendered(before)
    if subject is not None and any(genders.get(k) == want for k in subject.keys):
        return subject
    titled = [e for e in r.entities if e.label == "PERSON" and any(genders.get(k) == want for k in e.keys)]
    if titled:
        return titled[0]
    return None if subject is not None and any(genders.get(k) not in (None, want) for k in subject.keys) else subject


def _only_quotation(r: Reading) -> bool:
    text = r.text.strip()
    return bool(text) and text[0] in _QUOTES and len(r.quoted) >= 1 and (r.quoted[0][1] - r.quoted[0][0]) >= 0.8 * len(text) - 2
