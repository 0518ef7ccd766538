"""Which named entity a pronoun or a definite noun phrase stands for, across one article.

Outlets tell one fact with different words for its actor: one names him ("Prince Jefri Bolkiah is seeking to
persuade a judge…"), another calls him "the prince" or "he" because it named him a sentence or a paragraph
before ("The prince's lawyers are trying to block…"). Read alone, the second sentence shares no name with the
first, and the same-fact decision sees less in common than there is. spaCy's small English pipeline has no
coreference component (and the coreference packages on PyPI — coreferee, fastcoref, spacy-coref — each download
a model at first use, which an offline install cannot), so this is a small resolution from what the reading
already holds, computed once per article:

- a personal pronoun of one person ("he", "she", "his", "her"; a `Mention` the reading found as a subject or a
  possessor) stands for a person: the one the same sentence names as a subject before it ("Perry said his…"),
  else the person the nearest of the `WINDOW` sentences before it is about (its subject, or the one person it
  names; a pronoun already linked there carries its person on), else, when none of those sentences names a
  person, the article's lead person (the first it names). Where a sentence names two people and neither is its
  subject, nothing is guessed;
- a definite noun phrase ("the prince", "the lawmaker") stands for the nearest entity named before it that the
  article has given that noun: a word of its name ("Prince Jefri Bolkiah"), an apposition ("David Amess, a
  lawmaker"), a title on the name ("lawmaker David Amess"), the complement of "is". A noun the article never
  gave an entity ("the company" where no entity was called a company) stands for nothing: without a lexicon
  of what kind of thing each noun names, the article's own words are the only evidence.

`resolved` writes a sentence with its linked mentions replaced by the names ("Prince Jefri Bolkiah's lawyers are
trying to block…"): what the same-fact decision embeds and compares. Nothing shown or quoted changes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from ragnews.text.reading import SAYING, Entity, Mention, Reading, name_key

log = logging.getLogger(__name__)

WINDOW = 3  # a pronoun looks this many sentences back for the person it stands for
AMBIGUOUS = Entity("", "PERSON", 0, 0, "")  # a sentence naming several people, none its subject: about no telling whom
QUOTES = "\"“”‘'"


@dataclass(frozen=True)
class Link:
    """A mention and the entity it stands for (as the article first named it in full: "Matthew Perry", not "Perry")."""

    mention: Mention
    entity: Entity

    @property
    def name(self) -> str:
        return self.entity.text


def resolve(readings: Sequence[Reading], window: int = WINDOW) -> list[tuple[Link, ...]]:
    """The links of each sentence's mentions, in order (see the module's docstring): the readings are one article's
    sentences, in order."""
    full: dict[str, Entity] = {}  # a person's surname -> the full name the article gave
    nouns: dict[str, set[str]] = {}  # entity key -> the common nouns the article has given it
    named: list[Entity] = []  # every entity named so far, in order
    about: list[Entity | None] = []  # the person each sentence is about (None: no one, or no telling)
    elsewhere: list[bool] = []  # the sentence reports its speaker's words about someone else ("He served…, Styka said")
    described: list[bool] = []  # the sentence's person is reached only through a noun phrase ("The teacher was hurt")
    lead: Entity | None = None  # the article's first person: whom a pronoun stands for when no sentence near names one
    told: dict[str, str] = {}  # a person's key -> "he" or "she", as the pronouns linked to them so far say
    out: list[tuple[Link, ...]] = []
    for i, r in enumerate(readings):
        _learn(r, full, nouns)
        # the people it names: as typed, or by a word of a person's name the article gave in full ("Brandt said",
        # whatever the recogniser typed "Brandt")
        people = [(e, _full(e, full)) for e in r.entities if e.label == "PERSON" or e.key in full]
        recent = about[max(0, i - window) : i]
        aside = elsewhere[max(0, i - window) : i]
        only = described[max(0, i - window) : i]
        links: list[Link] = []
        for m in r.mentions:
            if m.pronoun:
                ent = _person(m, r, people, recent, told, links, aside, only)
                if ent is None and m.subject and not people and not any(a is not None for a in recent) and i and _agrees(m, lead, told):
                    ent = lead
                if ent is not None:
                    told.setdefault(ent.key, GENDER[m.head])
            else:
                ent = _described(m, r, named, nouns, full)
            if ent is not None:
                links.append(Link(m, ent))
                log.debug("%r stands for %s: %.60s", m.text, ent.text, r.text)
        out.append(tuple(links))
        about.append(_about(r, people, links))
        elsewhere.append(_reports_on_another(r, people, links, about[-1]))
        described.append(_described_only(about[-1], people, links))
        named += [_full(e, full) for e in r.entities]
        lead = lead or (people[0][1] if people else None)
    return out


def _learn(r: Reading, full: dict[str, Entity], nouns: dict[str, set[str]]) -> None:
    """What a sentence tells of its entities: a person's full name (for a later surname), the nouns it gives each
    (the words of its name, its appositions, titles and complements)."""
    for e in r.entities:
        words = name_key(e.text).split()
        if e.label == "PERSON" and len(words) >= 2:
            for w in words:  # "Perry" and "Matthew" for Matthew Perry
                full.setdefault(w, e)
        if len(words) >= 2:  # "the prince" of "Prince Jefri Bolkiah", "the court" of "the Supreme Court"; not "the people"
            nouns.setdefault(_full(e, full).key, set()).update(w for w in words if w.isalpha())  # of the magazine People
    for d in r.descriptors:
        nouns.setdefault(full[d.key].key if d.key in full else d.key, set()).add(d.noun)


def _full(e: Entity, full: dict[str, Entity]) -> Entity:
    """An entity named by one word ("Perry") as the article named it in full ("Matthew Perry")."""
    return full.get(e.key, e)


def _subject_person(r: Reading, people: Sequence[tuple[Entity, Entity]], before: int) -> Entity | None:
    """The person the sentence names as a clause's subject (the name ends the subject phrase: "Conservative MP Sir
    David Amess", not "The Millis police officer"), when it is the only person it names before character `before`
    ("Viola Davis praised Perry's honesty about his memoir": whose memoir, the names alone cannot say)."""
    if len({known.key for e, known in people if e.start < before}) != 1:
        return None
    for c in r.claims:
        for e, known in people:
            if e.start < before and c.subject and name_key(c.subject).endswith(name_key(e.text)):
                return known
    return None


def _person(m: Mention, r: Reading, people: Sequence[tuple[Entity, Entity]], recent: Sequence[Entity | None],
            told: dict[str, str], here: Sequence[Link], aside: Sequence[bool], only: Sequence[bool] = ()) -> Entity | None:
    """The person a pronoun stands for: a person the same sentence names as a subject before it, or the one its
    main subject's noun phrase stands for ("The prince's lawsuit … with his brother"); else, for the main clause's
    subject or its possessor only, the nearest earlier sentence's person. Never one the article has called by the
    other pronoun ("her dad" told of Rumer Willis: a later "he" is not her), nor one the nearest sentence reached only
    through a noun phrase while no pronoun has told who they are ("The teacher was taken to hospital. He was charged":
    the teacher may be the woman named before)."""
    own = _subject_person(r, people, m.start)
    if own is None:
        own = next((k.entity for k in here if k.mention.subject and k.mention.start < m.start
                    and (k.mention.pronoun or k.entity.label in ("PERSON", "NAME"))), None)
    if own is not None:
        return own if _agrees(m, own, told) else None
    if not m.subject or any(e.start < m.start for e, _ in people) or r.text[:1] in QUOTES:
        # "investigating his motivations" after "a man had been arrested": no telling from the names alone; nor in a
        # quotation run on from the sentence before, where "he" is whoever the speaker means
        return None
    saying = bool(r.claims) and r.claims[0].predicate in SAYING  # "He added…": the speaker goes on
    described = list(only) if len(only) == len(recent) else [False] * len(recent)
    for a, other, noun in zip(reversed(recent), reversed(aside), reversed(described)):  # the nearest sentence that names
        if a is not None:  # someone: its person, or no telling; after a speaker's words about someone else, only a saying
            # carries the speaker on
            if noun and a is not AMBIGUOUS and a.key not in told:
                return None
            return a if a is not AMBIGUOUS and _agrees(m, a, told) and (saying or not other) else None
    return None


def _described_only(about: Entity | None, people: Sequence[tuple[Entity, Entity]], links: Sequence[Link]) -> bool:
    """The sentence's person is neither named in it nor a pronoun's: only a noun phrase stands for them."""
    if about is None or about is AMBIGUOUS:
        return False
    return not any(known.key == about.key for _, known in people) and \
        not any(k.mention.pronoun and k.entity.key == about.key for k in links)


def _reports_on_another(r: Reading, people: Sequence[tuple[Entity, Entity]], links: Sequence[Link],
                        about: Entity | None) -> bool:
    """The sentence gives its speaker's words about another person: what it reports has a person for its subject, a
    pronoun not standing for the speaker or a name other than theirs ("He previously served in the Air Force, Styka
    said": a later "He was wearing camouflage pants" is not Styka; "Brandt said the deal was closed" is about no one
    else, and "He added…" after it is Brandt)."""
    for c in r.claims:
        if c.frame != "reported" or not c.subject:
            continue
        if c.subject_keys and (about is None or not set(c.subject_keys) & about.keys):
            return True  # a name, whatever the recogniser typed it ("Valencia del Toro had a holster…, Georgen said")
        pronoun = next((k for k in links if k.mention.pronoun and k.mention.text == c.subject), None)
        if c.subject.lower() in ("he", "she") and (pronoun is None or pronoun.entity is not about):
            return True
    return False


GENDER = {"he": "he", "him": "he", "his": "he", "she": "she", "her": "she"}


def _agrees(m: Mention, e: Entity | None, told: dict[str, str]) -> bool:
    return e is not None and told.get(e.key, GENDER[m.head]) == GENDER[m.head]


def _about(r: Reading, people: Sequence[tuple[Entity, Entity]], links: Sequence[Link]) -> Entity | None:
    """The person a sentence is about: its subject's person, else the person its main subject stands for (a pronoun,
    or a noun phrase standing for a person: "The prince's lawyers"), else the one person it names."""
    subject = _subject_person(r, people, len(r.text) + 1)
    if subject is not None:
        return subject
    main = next((k.entity for k in links if k.mention.subject and (k.mention.pronoun or k.entity.label in ("PERSON", "NAME"))), None)
    if main is not None:
        return main
    root = r.claims[0] if r.claims else None
    if root is not None and any(e.label != "PERSON" and e.key not in {p.key for p, _ in people} and e.keys & set(root.subject_keys)
                                for e in r.entities):
        return AMBIGUOUS  # "Gillum appeared at a church" with the name typed otherwise: its subject is someone, not the last person
    distinct = {known.key: known for _, known in people}
    return next(iter(distinct.values())) if len(distinct) == 1 else AMBIGUOUS if distinct else None


def _described(m: Mention, r: Reading, named: Sequence[Entity], nouns: dict[str, set[str]],
               full: dict[str, Entity]) -> Entity | None:
    """The nearest entity named before a definite noun phrase that the article has given its noun."""
    here = [_full(e, full) for e in r.entities if e.end <= m.start]
    return next((e for e in reversed([*named, *here]) if m.head in nouns.get(e.key, ())), None)


def unnamed(r: Reading, links: Sequence[Link]) -> tuple[Link, ...]:
    """The links to entities the sentence does not name itself: what resolving its mentions adds to it ("Angels
    manager Phil Nevin … since he was the No. 1 draft pick" says whom "he" means; writing the name twice would only
    weigh it double)."""
    named = r.entity_keys
    return tuple(k for k in links if not k.entity.keys & named)


def resolved(r: Reading, links: Sequence[Link], start: int = 0) -> str:
    """The sentence from character `start` on (after a page's label, say) with each linked mention written as the
    name it stands for ("his memoir" -> "Matthew Perry's memoir"; "The prince's lawyers" -> "Prince Jefri Bolkiah's
    lawyers")."""
    text = r.text.strip()
    for link in sorted(links, key=lambda k: k.mention.start, reverse=True):
        m = link.mention
        if m.start >= start:
            text = text[: m.start] + link.name + ("'s" if m.possessive and m.pronoun else "") + text[m.end :]
    return text[start:]
