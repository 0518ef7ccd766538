"""A question read like a sentence: its reading, plus the slot it asks to fill and the type of what fills it.

"Which Microsoft executive called the replacement a precaution?" is a claim with
a hole in it: someone (a person: an executive) called the replacement a
precaution. The English model's parse says where the hole is — the wh-word's
dependency and head — and what fills it: "who" as a subject wants the person
who did it (the speaker, when the verb is one of saying); "how many" with its
noun wants a count of that noun; "which court" wants a name the evidence types
as a court; "why" a stated cause. The rest of the question is read as any
sentence is (`text/reading.py`): its names with their variants, its predicate,
its time.

Nothing here is a list of question words or answer nouns: the wh-words are
recognised by their part-of-speech tag (WDT, WP, WP$, WRB), quantifiers and
measures by the parse ("many"/"much" as the wh-word's dependant, an adjective
after "how"), and the type of a noun ("which court", "what year") by meaning,
against one short description of each answer type (`ANSWER_TYPES`), with a
threshold kept per embedder in `scoring.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ragnews.text.places import countries_within, country_of
from ragnews.text.reading import ORDINAL_WORDS, SAYING, Entity, Reading, Time, common_nouns, read_doc

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ragnews.index.embedders import Embedder
    from ragnews.text.reading import Reader

log = logging.getLogger(__name__)

# What an answer can be, each described once: a noun in "which/what NOUN" takes the type whose description
# it is closest to in meaning (when close enough for the embedder in use), else it stays a category ("thing").
ANSWER_TYPES: dict[str, str] = {
    "person": "a person",
    "organisation": "an organisation, company or institution",
    "place": "a place: a country, city or region",
    "date": "a point in time: a date, day, month or year",
    "time": "a clock time or a length of time",
    "quantity": "an amount: a number, share, size or sum of money",
    "reason": "a reason or cause",
    "quotation": "the words someone said",
}
_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
# Verbs that carry tense or a relation rather than an event: "when was he born" asks when he was born, not when he was.
LIGHT_VERBS = frozenset({"be", "do", "have"})


@dataclass(frozen=True)
class Asked:
    """What a question asks: the slot and its type, and the reading of the rest."""

    text: str
    reading: Reading
    wants: str  # person | organisation | place | date | time | duration | quantity | reason | quotation | identity | thing |
    # statement ("time": a clock time or how long it took, "what time did she run")
    role: str | None = None  # where the slot sits: subject | speaker | object | relation ("the population of X") | None
    predicate: str | None = None  # the lemma of the slot's clause ("call", "cut"), not an auxiliary
    noun: str | None = None  # the noun the wh-word asks about: "court" of "which court", "job" of "how many jobs"
    counted: str | None = None  # what a "how many" question counts
    entities: tuple[Entity, ...] = ()  # the names an answer must be about
    terms: tuple[str, ...] = ()  # the content lemmas of the question less its wh-phrase
    times: tuple[Time, ...] = ()
    negated: bool = False
    verbs: tuple[str, ...] = ()  # the verbs of the asked event, not "be"/"do"/"have", as lemma and as written ("found")
    joined: tuple[frozenset[str], ...] = ()  # names joined by "and"/"or", of which a sentence need meet only one
    measure: str | None = None  # the adjective of a "how ADJ" question: "old", "far", "long"
    # the answer type the asked noun is nearest in meaning, however far ("state" -> place): a noun too far from every
    # type to type the answer still says what it is not ("which state said": a person quoted is not a state)
    kind: str | None = None
    # what the asked event is done to, when the wh-word is its subject ("what prompted the evacuation": "evacuation")
    patient: str | None = None
    patient_many: bool = False  # the patient is plural ("accused MPs"): a "him" done to is another
    # the country codes of the question's countries that only say where the event happened ("resigning in the US"):
    # a sentence telling it of one of that country's provinces or its capital ("in one Texas county") meets them
    located: tuple[str, ...] = ()
    where: tuple[str, ...] = ()  # the question's places that say where its event happened ("in Madrid"), as written
    # whose view a "why" asks ("why does the academy think…"): the names of the framing verb's subject
    framer: tuple[Entity, ...] = ()
    # the superlatives and ordinals that pick the asked thing out among its kind ("raises the most turkeys", "issued the
    # first proclamation", "where was the first parade"), each with the noun it picks out, lowercase as written: an
    # answer must say them
    degree: tuple[tuple[str, str], ...] = ()

    @property
    def typed(self) -> bool:
        """Whether a sentence must hold a filler of a particular type to answer."""
        return self.wants not in ("statement", "thing") or self.role in ("subject", "speaker", "relation")

    @property
    def entity_keys(self) -> frozenset[str]:
        return frozenset(k for e in self.entities for k in e.keys)


def read_question(question: str, reader: Reader, embedder: Embedder | None = None, type_min: float = 1.0) -> Asked:
    """The question's reading and slot; `type_min` is how close in meaning a noun must be to an answer type."""
    core, carried = _carried(question.strip())
    doc = _parse(reader.model, core)
    reading = read_doc(doc, common_nouns(reader.model).__contains__)
    asked = _slot(doc, reading)
    if carried:  # a follow-up's context helps ranking; its first name stands for "he"/"they" when the question has none
        context = reader.one(carried)
        first = context.entities[:1] if not asked.entities else ()
        asked = _replace(asked, entities=asked.entities + tuple(first),
                         terms=asked.terms + tuple(w for w in context.lemmas if w not in asked.terms))
    noun = asked.noun
    if noun and asked.wants == "thing" and embedder is not None:
        asked = _replace(asked, kind=noun_type(noun, embedder, -1.0))
        wants = noun_type(noun, embedder, type_min)
        if wants is None and _partitive(doc, noun) and noun_type(noun, embedder, 0.0) == "quantity":
            wants = "quantity"  # "what share of calls", "what percentage of the world": a measure of something
        if wants is None and _partitive(doc, noun):  # "what kinds of weapons": the weapons are what is asked about
            asked = _replace(asked, noun=_partitive(doc, noun), role="relation")
        if wants is not None:
            asked = _replace(asked, wants=wants, role=None if wants == "quantity" else asked.role)
    placed = [e for e in asked.entities if _located(doc, e)]
    asked = _replace(asked, located=tuple(k[1:] for e in placed for k in sorted(e.keys) if k[:1] == "="),
                     where=tuple(e.text for e in placed), degree=_degree(doc))
    if asked.wants != "quotation":  # a country modifying a noun need not be named ("which US state"); whose words it is must
        asked = _replace(asked, entities=tuple(e for e in asked.entities if not _attributive(doc, e)))
    log.debug("question %r: wants %s (role %s, predicate %s, noun %s, counted %s); names %s", question, asked.wants,
              asked.role, asked.predicate, asked.noun, asked.counted, [e.text for e in asked.entities])
    return asked


def _carried(question: str) -> tuple[str, str]:
    """(the question, the context a follow-up carries in a closing parenthesis: "What did he say (Artyom Lukin, …)?")."""
    body = question.rstrip("? ")
    if body.endswith(")") and "(" in body:
        at = body.rindex("(")
        return body[:at].rstrip() + "?", body[at + 1 : -1]
    return question, ""


@lru_cache(maxsize=512)
def _parse(model: str, text: str) -> Doc:
    from ragnews.text.language import load

    return load(model)(text)


def _replace(a: Asked, **changes: object) -> Asked:
    from dataclasses import replace

    return replace(a, **changes)  # type: ignore[arg-type]


def _slot(doc: Doc, reading: Reading) -> Asked:
    wh = _asking_wh(doc)
    clause = _clause(wh) if wh is not None else _root(doc)
    clause = _do_supported(clause)
    predicate = clause.lemma_.lower() if clause is not None else None
    wants, role, noun, counted, measure, patient = "statement", None, None, None, None, None
    phrase: set[int] = set()
    if wh is not None:
        phrase = {wh.i}
        lower = wh.lower_
        nxt = doc[wh.i + 1] if wh.i + 1 < len(doc) else None
        if lower == "how" and nxt is not None and nxt.head.i != wh.i and wh.head.i == nxt.i and nxt.pos_ in ("ADJ", "ADV"):
            phrase.add(nxt.i)
            if nxt.lower_ in ("many", "much"):  # "how many jobs", "how much money": a quantity of the noun it modifies
                wants = "quantity"
                head = nxt.head if nxt.dep_ == "amod" and nxt.head.pos_ in ("NOUN", "PROPN") else None
                if head is None:  # "how many of the Royal Ballet's dancers": what the "of" names is counted
                    of = next((c for c in nxt.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                    head = next((c for c in of.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None) if of is not None else None
                if head is not None:
                    noun = head.lemma_.lower()
                    phrase.add(head.i)
                    counted = noun if nxt.lower_ == "many" else None
            else:  # "how long", "how far", "how old": a measure
                wants = "duration" if nxt.lower_ == "long" else "quantity"
                measure = nxt.lower_
        elif lower == "how":
            wants = "quotation" if predicate in SAYING else "statement"
        elif lower in ("who", "whom", "whose"):
            wants, role = "person", _role(wh, predicate)
            patient = _patient(wh, reading) if role == "subject" else None  # "who accused the MPs": whoever did it to them
            if predicate == "be" and wh.dep_ in ("attr", "nsubj"):
                subject = next((c for c in clause.children if c.dep_ in ("nsubj", "attr") and c.i != wh.i), None) if clause else None
                if subject is not None and subject.pos_ == "PROPN":
                    wants = "identity"  # "who is Artyom Lukin?" asks what he is
                elif subject is not None:
                    noun, role = subject.lemma_.lower(), None  # "who is the chief executive of BA?"
        elif lower == "when":
            wants = "date"
        elif lower == "where":
            wants = "place"
            if predicate == "be" and clause is not None:  # "where was the first parade": the place of the noun
                subject = next((c for c in clause.children if c.dep_ in ("nsubj", "attr") and c.i != wh.i and c.pos_ == "NOUN"), None)
                if subject is not None:
                    noun, role = subject.lemma_.lower(), "relation"
        elif lower == "why":
            wants = "reason"
        elif _determined(wh) is not None:  # "which court", "what share", "in which year"
            head = _determined(wh)
            assert head is not None
            noun, wants, role = head.lemma_.lower(), "thing", _role(head, predicate)
            if role in ("subject", "speaker") and _inverted(doc, head.right_edge.i + 1 if head.right_edge.i > head.i else head.i + 1):
                role = "object"  # "which sitcom did Perry star in": an auxiliary, then the subject; the wh-phrase is not it
            patient = _patient(head, reading) if role == "subject" else None
            phrase.add(head.i)
        elif predicate in SAYING or any(t.lemma_.lower() in SAYING and t.pos_ == "VERB" for t in doc):  # "what did X say"
            wants = "quotation"
        elif predicate == "be" and clause is not None:  # "what is the population of X", "what was Japan's growth"
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "attr") and c.i != wh.i), None)
            if subject is not None and subject.pos_ == "NOUN":  # the noun is what is asked of the name: a relation
                noun, wants, role = subject.lemma_.lower(), "thing", "relation"
        else:
            wants = "thing"
            patient = _patient(wh, reading)
            if patient is not None:  # "what prompted the evacuation": the cause is whatever did it, the subject
                role = "subject"
    asked_from = wh.sent.start_char if wh is not None else 0  # a quiz question may open with a statement: its names are context
    # a name between "which" and its noun describes the answer ("which MLB team", "which Microsoft executive"): the
    # sentence that names the team need not name the league, so it is not required (its words still rank); in "how
    # many Airbus planes" it says which are counted, and stays
    describing = set(range(wh.i + 1, max(phrase) + 1)) if wh is not None and len(phrase) > 1 and wants != "quantity" else set()
    entities = tuple(e for e in reading.entities if e.start >= asked_from
                     and not any(e.start <= doc[i].idx < e.end for i in phrase | describing))
    # what the question asks about is in its own sentence: a quiz's opening statement ("Fans are paying tribute to X.
    # Which sitcom did X star in?") sets the scene, and its words would drown those of the question in the overlap
    terms = tuple(dict.fromkeys(t.lemma_.lower() for t in doc if t.i not in phrase and t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
                                and not t.is_stop and t.is_alpha and t.idx >= asked_from))
    if noun and noun not in terms:
        terms = (noun, *terms)  # what the wh-phrase asks about helps ranking ("troops" of "how many troops")
    negated = _negated(clause) if clause is not None else any(c.negated for c in reading.claims[:1])
    named = {t.i for t in doc if any(e.start <= t.idx < e.end for e in reading.entities)}  # "Protect" of "Committee to Protect…"
    framer: tuple[Entity, ...] = ()
    if wants == "reason" and clause is not None:  # "why does X think fewer children take ballet": why they take it
        framed = _framed(clause)
        if framed is not None:  # the cause asked for is the framing subject's: "the academy thinks"
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            span = (subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text)) if subject is not None else (0, 0)
            framer = tuple(e for e in entities if span[0] <= e.start and e.end <= span[1])
        clause = framed or clause
    verbs = tuple(dict.fromkeys(w for t in _event_verbs(clause) if t.i not in phrase | named for w in (t.lemma_.lower(), t.lower_)))
    return Asked(doc.text, reading, wants, role, predicate, noun, counted, entities, terms, reading.times, negated, verbs,
                 _joined(doc, entities), measure, patient=patient,
                 patient_many=patient is not None and any(t.lemma_.lower() == patient and _plural(t) for t in doc), framer=framer)


def _plural(t: Token) -> bool:
    """A plural noun: by its tag, or an acronym's plural ("MPs", which the small model tags a singular noun)."""
    return t.tag_ in ("NNS", "NNPS") or len(t.text) > 2 and t.text.endswith("s") and t.text[:-1].isupper()


def _framed(verb: Token) -> Token | None:
    """The clause a verb frames ("why does the academy think [fewer children take ballet]"): a complement clause
    with its own subject. Asked why, the question asks the cause of that event as the subject of the frame sees it,
    and the frame's own verb ("think") is no event a cause is told of. The clause comes after its frame: one the
    parse hung before it is a misread modifier ("the people accused over the fire want…")."""
    return next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i and c.pos_ in ("VERB", "AUX")
                 and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)), None)


def _patient(wh: Token, reading: Reading) -> str | None:
    """What the event is done to, when the wh-phrase is its subject ("what prompted the evacuation", "what led to the
    closure", "which leader accused the MPs"): the verb's direct object, or the object of its "to". None for a verb
    with no object ("what happened in Leeds": a place or time it happened at is no patient) or a name for one, a
    light verb ("what is…"), a verb of saying (what is said is the answer's words) or a wh-phrase that is not the subject."""
    verb = wh.head
    if wh.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ != "VERB" or verb.lemma_.lower() in LIGHT_VERBS | SAYING:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    # a name ("who directed Tears of the Sun") is often called otherwise by the sentence ("the film"): not compared
    if obj is None or obj.pos_ != "NOUN" or obj.ent_type_ or any(e.start <= obj.idx < e.end for e in reading.entities):
        return None
    if obj.text[:1].isupper() and not obj.text.removesuffix("s").isupper():
        return None  # a capitalised word of a title the recogniser missed ("Tears of the Sun"); an acronym ("MPs") is a noun
    return obj.lemma_.lower()


def _event_verbs(clause: Token | None) -> list[Token]:
    """The verbs that tell the asked event: the wh-word's clause and the clauses it takes as complements ("expect the
    deal to be signed", "set to take to the skies"), not a clause that only sets the scene ("once they leave school",
    "youngsters sitting exams"); none when the clause is only "be"/"have" ("how steep is the drop")."""
    out: list[Token] = []
    if clause is not None and clause.dep_ in ("amod", "compound"):  # "bumped passengers": a modifier, not the clause
        clause = _root(clause.doc)
    stack = [clause] if clause is not None else []
    while stack:
        verb = stack.pop()
        if verb.pos_ == "VERB" and verb.lemma_.lower() not in LIGHT_VERBS:
            out.append(verb)
        stack.extend(c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "conj") and c.pos_ in ("VERB", "AUX"))
    if not out and clause is not None and clause.lemma_.lower() == "be":
        out = _progressive(clause)
    return out


def _progressive(be: Token) -> list[Token]:
    """The verb of a progressive the small model misread as "be" with an attribute ("Why are pensions getting more
    expensive?": "pensions" an attribute of "are", "getting" a modifier of it): the "-ing" verb modifying the
    attribute, which is the clause's subject, is the event; so is an "-ing" verb read as the clausal subject of "be"
    ("How much is Acme paying the builder?"), which left the question with no event, so that any figure filled it;
    and a passive's participle read as modifying the subject of a bare "be" ("Why is the case seen as a landmark?"),
    which left any cause of anything filling "why"."""
    misread = [v for a in be.children if a.dep_ in ("attr", "nsubj") and a.pos_ == "NOUN"
               for v in a.children if v.dep_ == "acl" and v.tag_ == "VBG" and v.lemma_.lower() not in LIGHT_VERBS]
    if not misread and not any(c.dep_ in ("attr", "acomp") for c in be.children):  # "Why is the case seen as a
        # landmark?": the passive read as "be" with a participle modifying its subject, and nothing else said of it
        misread = [v for a in be.children if a.dep_ == "nsubj" and a.pos_ == "NOUN"
                   for v in a.children if v.dep_ == "acl" and v.tag_ == "VBN" and v.lemma_.lower() not in LIGHT_VERBS]
    return misread or [v for v in be.children if v.dep_ == "csubj" and v.tag_ == "VBG" and v.lemma_.lower() not in LIGHT_VERBS]


def _joined(doc: Doc, entities: Sequence[Entity]) -> tuple[frozenset[str], ...]:
    """Names the question lists with "and"/"or" ("King Charles and Queen Camilla"): a sentence about the visit may
    name one of them, so meeting one meets the group. Read from the words between the names, not the parse, which
    often takes a name before a verb for a compound of it."""
    groups: list[set[str]] = []
    ordered = sorted(entities, key=lambda e: e.start)
    for a, b in zip(ordered, ordered[1:]):
        if doc.text[a.end : b.start].strip(" ,").lower() not in ("and", "or"):
            continue
        if groups and a.text in groups[-1]:
            groups[-1].add(b.text)
        else:
            groups.append({a.text, b.text})
    return tuple(frozenset(g) for g in groups)


def _attributive(doc: Doc, e: Entity) -> bool:
    """A country or nationality modifying a noun ("the 2024 US presidential race", "which US state"): it says which
    one, and news about it rarely repeats it, so the answer need not name it. A city or region so placed ("the Dublin
    race") names the thing asked about — another race is another event — and stays a name the answer must meet."""
    if e.label not in ("GPE", "NORP") or e.label == "GPE" and (country_of(e.text) is None or countries_within(e.text)):
        return False
    toks = [t for t in doc if e.start <= t.idx < e.end]
    root = next((t for t in toks if not e.start <= t.head.idx < e.end or t.head.i == t.i), None)
    return root is not None and root.dep_ in ("compound", "amod", "nmod") and root.head.pos_ == "NOUN"


# Prepositions that place an event in a country ("in the US", "across Britain"): closed-class English.
LOCATIVE = frozenset({"in", "across", "throughout"})


def _located(doc: Doc, e: Entity) -> bool:
    """A country the question names only as where its event happened: the object of a locative preposition ("are
    resigning in the US"), not a doer ("the US banned"), a possessor or what "of" names."""
    if e.label not in ("GPE", "LOC"):
        return False
    toks = [t for t in doc if e.start <= t.idx < e.end]
    root = next((t for t in toks if not e.start <= t.head.idx < e.end or t.head.i == t.i), None)
    return root is not None and root.dep_ == "pobj" and root.head.lower_ in LOCATIVE


def _inverted(doc: Doc, i: int) -> bool:
    """Subject-auxiliary inversion after a wh-phrase ("did Perry", "was Bruce Willis"): the question has its own subject."""
    if i + 1 >= len(doc):
        return False
    aux, nxt = doc[i], doc[i + 1]
    return (aux.pos_ == "AUX" or aux.lemma_.lower() == "do") and nxt.pos_ in ("PROPN", "NOUN", "PRON", "DET", "ADJ")


def _partitive(doc: Doc, noun: str) -> str | None:
    """What the asked noun is a part, measure or kind of, when it takes an "of" complement ("share of calls" -> call)."""
    for t in doc:
        if t.lemma_.lower() == noun:
            of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if obj is not None and obj.pos_ == "NOUN":  # "the population of Pyongyang" is the population, of a name
                return obj.lemma_.lower()
    return None


def _determined(wh: Token) -> Token | None:
    """The noun a "which"/"what" determines: its head as parsed, or — where the parser took the wh-word for a pronoun
    before a name ("Which Microsoft executive") — the first common noun after it that its modifiers lead to."""
    if wh.dep_ == "det" and wh.head.pos_ in ("NOUN", "PROPN"):
        return wh.head
    if wh.tag_ != "WDT" and wh.lower_ != "which":
        return None
    for t in wh.doc[wh.i + 1 : wh.i + 5]:
        if t.pos_ == "NOUN" and t.dep_ not in ("compound", "amod"):
            return t
        if t.pos_ not in ("PROPN", "ADJ", "NOUN", "NUM") and t.text not in "-–":
            return None
    return None


def _asking_wh(doc: Doc) -> Token | None:
    """The wh-word the question asks with: the first whose clause is its sentence's main clause ("which food was not
    on the menu"), not one inside an opening statement or clause that sets the scene ("While accounts of what was
    eaten vary, which fruit…"); when none heads a main clause, the first, as before ("Men who use what more than 20
    times a day have…": the last, tried, asked with "what" and a dev trap was answered)."""
    words = [t for t in doc if t.tag_ in _WH_TAGS]
    main = next((t for t in words if (c := _clause(t)) is not None and c.dep_ == "ROOT"), None)
    return main or (words[0] if words else None)


def _negated(clause: Token) -> bool:
    """The asked clause is negated ("which food was not on the menu", "who never apologised"): a negation on its
    verb, or on the auxiliary the clause hangs on."""
    return any(c.dep_ == "neg" for c in clause.children) or clause.dep_ in ("aux", "auxpass") and any(
        c.dep_ == "neg" for c in clause.head.children)


def _clause(tok: Token) -> Token | None:
    """The verb whose clause the token belongs to (an auxiliary root gives the root)."""
    for t in [tok, *tok.ancestors]:
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            return t
    return _root(tok.doc)


def _do_supported(clause: Token | None) -> Token | None:
    """The verb "did"/"does" supports, where the small parse hung the question on a participle instead: do-support
    takes a base form, so in "Why did the people accused over the fire want it held back?" the clause is "want", and
    "accused" (tagged a participle) only describes "the people". The first base-form verb after the participle is
    taken; a clause with no "do" auxiliary, or none after it, is kept."""
    if clause is None or clause.tag_ not in ("VBN", "VBD") or not any(c.dep_ == "aux" and c.lemma_ == "do" for c in clause.children):
        return clause
    return next((t for t in clause.doc[clause.i + 1 :] if t.tag_ in ("VB", "VBP") and t.dep_ not in ("aux", "auxpass")), clause)


def _root(doc: Doc) -> Token | None:
    return next((t for t in doc if t.dep_ == "ROOT"), None)


def _role(tok: Token, predicate: str | None) -> str | None:
    """The slot's role: the subject (the speaker, for a verb of saying) or an object."""
    if tok.dep_ in ("nsubj", "nsubjpass", "csubj"):
        return "speaker" if predicate in SAYING else "subject"
    if tok.dep_ in ("dobj", "pobj", "attr", "dative"):
        return "object"
    return None


_TYPE_VECTORS: dict[str, np.ndarray] = {}
_NOUN_VECTORS: dict[tuple[str, str], np.ndarray] = {}


def noun_type(noun: str, embedder: Embedder, minimum: float) -> str | None:
    """The answer type a noun names ("year" -> date, "country" -> place), when its meaning is close enough."""
    key = getattr(embedder, "name", type(embedder).__name__)
    if key not in _TYPE_VECTORS:
        _TYPE_VECTORS[key] = np.asarray(embedder.embed(list(ANSWER_TYPES.values())))
    if (key, noun) not in _NOUN_VECTORS:  # a speaker's description ("the organisation") is typed once per process
        _NOUN_VECTORS[(key, noun)] = np.asarray(embedder.embed([noun])[0])
    sims = _TYPE_VECTORS[key] @ _NOUN_VECTORS[(key, noun)]
    best = int(np.argmax(sims))
    log.debug("noun %r: closest answer type %s (%.2f, needs %.2f)", noun, list(ANSWER_TYPES)[best], sims[best], minimum)
    return list(ANSWER_TYPES)[best] if sims[best] >= minimum else None


# The dependents that make a phrase the clause's own participant (not an adjunct: "during the first visit", "for the first
# time since…" only set the scene).
_PARTICIPANTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "ROOT"})


def _degree(doc: Doc) -> tuple[tuple[str, str], ...]:
    """The superlatives (tagged JJS/RBS: "most", "largest") and ordinals ("first", typed ORDINAL or not) that modify the
    question's wh-word or a participant of its main clause (subject, object, attribute), with the noun they pick out,
    lowercase as written.
    "Which state raises the most turkeys" asks for the most; "which city during the leader's first visit" does not
    ask for a first."""
    out = []
    for t in doc:
        if not (t.tag_ in ("JJS", "RBS") or t.ent_type_ == "ORDINAL" or t.lower_ in ORDINAL_WORDS) or \
                t.dep_ not in ("amod", "advmod", "nummod"):
            continue
        head = t.head
        for _ in range(2):  # "most visited website"; "the longest-ever strike", where the parse hangs "longest" on "ever"
            if head.dep_ not in ("amod", "advmod", "compound") or head.head.i == head.i:
                break
            head = head.head
        if head.dep_ in _PARTICIPANTS and (head.dep_ == "ROOT" or head.head.dep_ == "ROOT"):
            out.append((t.lower_.split("-")[0], head.lower_))
    return tuple(dict.fromkeys(out))


def names_met(entity: Entity, keys: frozenset[str], words: frozenset[str]) -> bool:
    """A question's name is met by a text with these entity keys and lowercase words: any of its keys (surname,
    acronym, country code), or all its words, or a person's surname written in the text."""
    if entity.keys & keys:
        return True
    parts = entity.key.split()
    if len(parts) >= 2 and any(_ends(k.split(), parts) for k in keys if k and k[:1] not in "=~"):
        return True  # "Queen Camilla" met by "Camilla", "Rugby World Cup" by "the World Cup", "Red Sox" by "Boston Red Sox"
    if parts and all(p in words for p in parts):
        return True
    # a person by surname ("Mr Straw"), or by the first of three names where the family name comes first ("Mr Kim")
    return entity.label == "PERSON" and len(parts) >= 2 and (parts[-1] in words or len(parts) >= 3 and parts[0] in words)


def _ends(a: list[str], b: list[str]) -> bool:
    """One name's words end the other's: the shorter is the longer as written to the end, not another name that ends
    alike ("Acme Corp" and "Initech Corp" share only the word "corp")."""
    short, long_ = sorted((a, b), key=len)
    return long_[len(long_) - len(short):] == short


def sentence_words(texts: Sequence[str]) -> frozenset[str]:
    """The lowercase words of some texts (for names the recogniser did not mark in them)."""
    from ragnews.text.reading import name_key

    return frozenset(w.strip(".,;:!?()[]\"'“”‘’").removesuffix("'s") for t in texts for w in name_key(t).replace("’", "'").split())
