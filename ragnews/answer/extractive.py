"""The extractive engine: answers made only of verbatim, cited sentences, chosen by what they say.

No generative model runs offline, so the default engine selects sentences
instead of writing them. The question is read as a sentence with a slot in it
(`asking.py`); every retrieved sentence is read once by the English model
(`text/reading.py`, cached), with its speaker resolved across its article
(`speakers`). A sentence answers when its reading fills the slot — the asked
type in the asked role — and it is about the question's names (here, in a
neighbour, or in its article's title and lead); `scoring.score` turns that,
word overlap and meaning into one score and one decision, and says why when
the decision is no. The answer opens with the sentence that fills the slot,
then the neighbour it leans on ("he said…" after the sentence naming him);
a second source's answering sentence joins it, and when two sources fill a
figure's slot with values that cannot both be true, a note says so, citing
each. Deterministic: same store, same question, same answer.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable, Collection, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from typing import Any

from ragnews.answer.ahead import take
from ragnews.answer.asking import LIGHT_VERBS, LOCATIVE, Asked, names_met, noun_type, read_question, sentence_words
from ragnews.answer.citations import CitationBook
from ragnews.answer.model import Answer
from ragnews.answer.scoring import Features, Parameters, Verdict, parameters, score
from ragnews.answer.tocome import asks_done, told_to_come
from ragnews.index.embedders import Embedder
from ragnews.index.evidence import ArticleText, Sentence, chunk_sentences
from ragnews.index.search import CONTEXT_ONLY, Hit
from ragnews.text.places import countries_within, country_of
from ragnews.text.reading import (
    CAUSING,
    MEASURES,
    ORDINAL_WORDS,
    SAYING,
    Attribution,
    Claim,
    Entity,
    ProForm,
    Quantity,
    Reader,
    Reading,
    Time,
    country_key,
    is_country_key,
    speakers,
)
from ragnews.text.sentences import is_prose
from ragnews.text.terms import stem, term_matches, tokenize

log = logging.getLogger(__name__)

MAX_ANSWER_SENTENCES = 3
ADJACENT_GAP = 4  # characters between two sentences of an article that still make them neighbours (spaces, newlines)
LEAD = 3  # sentences of an article's opening that, with its title, say what it is about
SPEAKER_WINDOW = 4  # sentences back to look for the one naming a speaker whom a later sentence calls "he" or by surname
# MiniLM on the question + up to this many of the best pre-scored sentences that could answer is most of ask's time
# (benchmarks/README.md, "Lead's round 2": 24 of any → 12 of those that could answer moved no outcome on the dev sets)
EMBEDDED_CANDIDATES = 12
# Calendar units a relative time in a question spans ("this week", "last month"): days an answer may be from.
_UNIT_DAYS = {"day": 1, "weekend": 3, "week": 7, "month": 31, "season": 120, "year": 366}


@dataclass
class Evidence:
    """The retrieved sentences, plus each one's neighbours and its article's title and lead (its context)."""

    sentences: list[Sentence]
    previous: dict[tuple[str, int], Sentence]
    titles: dict[str, str]
    following: dict[tuple[str, int], Sentence] = field(default_factory=dict)
    articles: dict[str, list[Sentence]] = field(default_factory=dict)  # every retrieved sentence of each article, in order


def candidate_sentences(hits: Sequence[Hit], exclude: Collection[str] = ()) -> Evidence:
    """Sentences of the retrieved chunks, once each (chunks overlap), prose only; their neighbours for context."""
    by_path: dict[str, dict[int, Sentence]] = {}
    candidates: dict[tuple[str, int], Sentence] = {}
    titles: dict[str, str] = {}
    shown = {" ".join(q.split()) for q in exclude}
    for hit in hits:
        titles.setdefault(hit.path, hit.title or "")
        context_only = bool(hit.meta.get(CONTEXT_ONLY))
        for s in chunk_sentences(hit.id, hit.text, hit.sentence_meta()):
            by_path.setdefault(s.path, {}).setdefault(s.offset, s)
            if context_only or not _answer_like(s) or " ".join(s.text.split()) in shown:
                continue  # text aimed at an AI is data, never an answer; nor is a question; what was shown already is not news
            candidates.setdefault((s.path, s.offset), s)
    previous: dict[tuple[str, int], Sentence] = {}
    following: dict[tuple[str, int], Sentence] = {}
    articles: dict[str, list[Sentence]] = {}
    for path, sentences in by_path.items():
        ordered = [sentences[o] for o in sorted(sentences)]
        articles[path] = ordered
        for before, after in zip(ordered, ordered[1:]):
            if not 0 <= after.offset - (before.offset + len(before.text)) <= ADJACENT_GAP:
                continue  # a gap: the chunk between them was not retrieved
            if not before.tainted and _prose(before.text):
                previous[(after.path, after.offset)] = before
            if not after.tainted and _prose(after.text):
                following[(before.path, before.offset)] = after
    return Evidence(list(candidates.values()), previous, titles, following, articles)


def _answer_like(s: Sentence) -> bool:
    return _prose(s.text) and not s.tainted and not s.text.rstrip("\"”’' ").endswith("?")


def _typed_quotes(text: str) -> str:
    """Two apostrophes as a typewriter writes a double quotation mark ("''I blew up in the end.''") read as one."""
    return text.replace("''", '"')


def _prose(text: str) -> bool:
    return is_prose(_typed_quotes(text))


# --- reading the evidence -----------------------------------------------------------------------------------

@dataclass
class _Read:
    """The evidence as the model read it: each sentence's reading and resolved speaker, each article's lead."""

    readings: dict[str, Reading]
    said: dict[tuple[str, int], Attribution | None]
    lead: dict[str, tuple[frozenset[str], frozenset[str]]]  # path -> (entity keys, words) of its title and retrieved text
    named: dict[tuple[str, int], Sentence | None] = field(default_factory=dict)  # "he said" -> the sentence naming him
    about: dict[tuple[str, int], Entity] = field(default_factory=dict)  # "The organisation blames…" -> the body it means
    # path -> a name's key -> the keys of the same body written otherwise in that article ("hhs" <-> "department of
    # health and human services")
    aliases: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)


def _read(evidence: Evidence, reader: Reader, is_body: Callable[[str], bool] = lambda noun: False) -> _Read:
    texts = [s.text for sents in evidence.articles.values() for s in sents] + [t for t in evidence.titles.values() if t]
    readings = dict(zip(texts, reader.read(texts)))
    said: dict[tuple[str, int], Attribution | None] = {}
    lead: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    named: dict[tuple[str, int], Sentence | None] = {}
    about: dict[tuple[str, int], Entity] = {}
    aliases: dict[str, dict[str, frozenset[str]]] = {}
    for path, sents in evidence.articles.items():
        resolved = speakers([readings[s.text] for s in sents])
        for s, a in zip(sents, resolved):
            said[(s.path, s.offset)] = a
        title = evidence.titles.get(path) or ""
        around = [title, *(s.text for s in sents if s.chunk_id.endswith("-00000"))][:LEAD + 1]  # a news article is about one thing
        parts = [readings[t] for t in around if t in readings]
        lead[path] = (frozenset(k for r in parts for k in r.entity_keys), sentence_words(around))
        aliases[path] = _acronyms([readings[t] for t in [title, *(s.text for s in sents)] if t in readings])
        for s in sents:  # the slot's checks of whose figure or deed it is meet either name too
            readings[s.text] = _with_aliases(readings[s.text], aliases[path])
        for i, s in enumerate(sents):
            a = said.get((s.path, s.offset))
            if a is not None and a.speaker and a.keys and not set(a.keys) & readings[s.text].entity_keys:
                named[(s.path, s.offset)] = next((b for b in reversed(sents[max(0, i - SPEAKER_WINDOW) : i])
                                                  if set(a.keys) & readings[b.text].entity_keys), None)
        heading = [s for s in sents if s.chunk_id.endswith("-00000")][:LEAD]
        _quotations(sents, resolved, readings, said, named, _protagonist([readings[t] for t in around if t in readings], heading, readings))
        _bodies_described(sents, readings, said, named, is_body)
        _subjects_described(sents, readings, named, about, is_body)
        _unattributed(sents, readings, said, named)
        _named_by_chain(sents, readings, said, named)
    return _Read(readings, said, lead, named, about, aliases)


# Words an acronym leaves out of the name it stands for ("Department of Health…" -> DHHS): closed-class English.
_UNLETTERED = frozenset({"the", "of", "and", "for", "on", "in", "&"})
_ACRONYM_MIN = 3  # letters of an acronym that stands for only part of a name ("HHS", "CDC"; not "US", "UN")


def _acronyms(readings: Sequence[Reading]) -> dict[str, frozenset[str]]:
    """An article's acronyms that drop a word of the name they stand for, each with that name's keys and back:
    "HHS" for "the Department of Health and Human Services", "CDC" for "the Centers for Disease Control and
    Prevention". An article spells the name out once and writes the acronym after, so a question naming one is met
    by a sentence writing the other. The acronym must be written in the same article, and its letters must be the
    initials of a part of the name that can stand alone (`_lettered_parts`)."""
    written = {w.strip(".,;:!?()[]\"'“”‘’").removesuffix("'s").removesuffix("’s") for r in readings for w in r.text.split()}
    written = {w for w in written if _ACRONYM_MIN <= len(w) <= 6 and w.isalpha() and w.isupper()}
    out: dict[str, set[str]] = {}
    for e in (e for r in readings for e in r.entities if e.label not in ("PERSON", "DATE", "TIME", "CARDINAL", "MONEY")):
        parts = _lettered_parts(e.text)
        for a in written:
            if a in parts:
                out.setdefault(a.lower(), set()).update(e.keys)
                for k in e.keys:
                    out.setdefault(k, set()).add(a.lower())
    return {k: frozenset(v) for k, v in out.items()}


def _lettered_parts(name: str) -> frozenset[str]:
    """The initials of the parts of a name an acronym may stand for alone: what follows its first "of" (the
    "Department of" of "Department of Health and Human Services" is dropped: HHS) and what precedes its last "and"
    (the "and Prevention" of "Centers for Disease Control and Prevention": CDC). Not any run of its initials: "NBA"
    inside the initials of "Women's National Basketball Association" is another league."""
    words = name.split()

    def initials(ws: Sequence[str]) -> str:
        return "".join(w[0] for w in ws if w.lower() not in _UNLETTERED and w[:1].isupper()).upper()

    lowered = [w.lower() for w in words]
    parts = set()
    if "of" in lowered:
        parts.add(initials(words[lowered.index("of") + 1 :]))
    if "and" in lowered:
        parts.add(initials(words[: len(lowered) - 1 - lowered[::-1].index("and")]))
    parts.discard(initials(words))  # an acronym of the whole name is already one of its keys
    return frozenset(p for p in parts if len(p) >= _ACRONYM_MIN)


def _with_aliases(r: Reading, aliases: dict[str, frozenset[str]]) -> Reading:
    """The reading with each name's other names in its article among its keys."""
    if not aliases or not any(e.keys & aliases.keys() for e in r.entities):
        return r
    entities = tuple(replace(e, variants=tuple(dict.fromkeys((*e.variants, *sorted(a for k in e.keys if k in aliases for a in aliases[k])))))
                     for e in r.entities)
    return replace(r, entities=entities)


def _aliased(keys: frozenset[str], words: frozenset[str], aliases: dict[str, frozenset[str]] | None) -> frozenset[str]:
    """The keys of a text's names and the article's other names for them (an acronym written as a word counts)."""
    if not aliases:
        return keys
    return keys | frozenset(a for k in keys | words if k in aliases for a in aliases[k])


def _adjacent(before: Sentence, after: Sentence) -> bool:
    return 0 <= after.offset - (before.offset + len(before.text)) <= ADJACENT_GAP


def _unattributed(sents: Sequence[Sentence], readings: dict[str, Reading], said: dict[tuple[str, int], Attribution | None],
                  named: dict[tuple[str, int], Sentence | None]) -> None:
    """A quotation no one is credited with, neither by its own sentence nor by a closing "he said", is the words of the
    person who spoke last: news gives a speaker once and lets the quotations that follow, a paragraph or a narrative
    sentence later, run on unattributed ('… told the programme how it works. "The unit links to a receiver."').
    Only a person named within `SPEAKER_WINDOW` sentences, with no other speaker between and no gap in the retrieved
    text; a body, a group or an unresolved pronoun speaking last leaves the quotation unattributed."""
    was_open = False
    for i, s in enumerate(sents):
        if i and not _adjacent(sents[i - 1], s):
            was_open = False
        key = (s.path, s.offset)
        quoted = was_open or _typed_quotes(s.text).lstrip()[:1] in "\"“" and _mostly_quoted(readings[s.text])
        was_open = _left_open(s.text, was_open)
        if not quoted or said.get(key) is not None:
            continue
        for j in range(i - 1, max(-1, i - 1 - SPEAKER_WINDOW), -1):
            if not _adjacent(sents[j], sents[j + 1]):
                break
            last = said.get((sents[j].path, sents[j].offset))
            if last is None:
                continue
            if last.kind == "person" and last.speaker and last.keys:
                said[key] = _continuing(last, s.text)
                source = sents[j]
                named[key] = source if set(last.keys) & readings[source.text].entity_keys else named.get((source.path, source.offset))
            break


QUOTED_SHARE = 0.6  # a sentence this much quotation is someone's words; less, the quotation is a phrase of its own


def _mostly_quoted(r: Reading) -> bool:
    """The sentence is mostly quotation: someone's words run on. A quoted phrase that is only the subject or object of
    the sentence's own verb ('"Hands off our libraries" was painted on banners') is no one's speech."""
    if not r.quoted:
        return True  # a mark opens it and none closes in it: the quotation runs on to its end
    covered = sum(b - a for a, b in r.quoted)
    return covered >= QUOTED_SHARE * len(r.text.strip())


def _named_by_chain(sents: Sequence[Sentence], readings: dict[str, Reading], said: dict[tuple[str, int], Attribution | None],
                    named: dict[tuple[str, int], Sentence | None]) -> None:
    """A speaker the sentence calls "she" whose name is further back than `SPEAKER_WINDOW` is named where the last
    sentence of the same speaker within the window was ("She said…" after a run of her quotations): the reading
    already resolved who she is, and the answer must show the name."""
    for i, s in enumerate(sents):
        key = (s.path, s.offset)
        a = said.get(key)
        if a is None or not a.keys or named.get(key) is not None or set(a.keys) & readings[s.text].entity_keys:
            continue
        for b in reversed(sents[max(0, i - SPEAKER_WINDOW) : i]):
            other = said.get((b.path, b.offset))
            if other is not None and set(other.keys) & set(a.keys) and named.get((b.path, b.offset)) is not None:
                named[key] = named[(b.path, b.offset)]
                break


def _subjects_described(sents: Sequence[Sentence], readings: dict[str, Reading], named: dict[tuple[str, int], Sentence | None],
                        about: dict[tuple[str, int], Entity], is_body: Callable[[str], bool]) -> None:
    """A sentence whose main clause's subject is a definite description of a body ("The organisation blames computer
    games…", "The company cut 20 jobs") is about the organisation the article last named, within `SPEAKER_WINDOW`
    sentences, as a "the company said" is (`_bodies_described`): it counts as naming it, and the answer brings the
    sentence that does."""
    for i, s in enumerate(sents):
        key = (s.path, s.offset)
        r = readings[s.text]
        main = r.claims[0] if r.claims else None
        words = (main.subject or "").split() if main is not None and not main.subject_keys else []
        if len(words) != 2 or words[0].lower() != "the" or not words[1].isalpha() or not is_body(words[1].lower()):
            continue
        for j in range(i - 1, max(-1, i - 1 - SPEAKER_WINDOW), -1):
            bodies = [e for e in readings[sents[j].text].entities if e.label == "ORG"]
            if bodies:  # the last named, under its fullest name ("the Royal Academy of Dance (RAD)": not "RAD")
                about[key] = max((e for e in bodies if e.keys & bodies[-1].keys), key=lambda e: len(e.text))
                named.setdefault(key, sents[j])
                break


def _bodies_described(sents: Sequence[Sentence], readings: dict[str, Reading], said: dict[tuple[str, int], Attribution | None],
                      named: dict[tuple[str, int], Sentence | None], is_body: Callable[[str], bool]) -> None:
    """A speaker the article calls by a definite description of a body ("…," the organisation said; "the company
    said") is the organisation it last named, within `SPEAKER_WINDOW` sentences: the words, and those of a quotation
    it carries on ('"B."' in the next paragraph), are that body's, and the answer brings the sentence naming it.
    `is_body` says whether the describing noun names an organisation (by meaning, as a question's noun is typed)."""
    for i, s in enumerate(sents):
        key = (s.path, s.offset)
        a = said.get(key)
        if a is None or a.kind != "group" or a.keys or not a.speaker or len(a.speaker.split()) != 1:
            continue
        described = f"the {a.speaker.lower()}"
        at = next((j for j in range(i, max(-1, i - SPEAKER_WINDOW), -1) if described in sents[j].text.lower()), None)
        if at is None or not is_body(a.speaker.lower()):
            continue
        for j in range(at - 1, max(-1, at - 1 - SPEAKER_WINDOW), -1):
            bodies = [e for e in readings[sents[j].text].entities if e.label == "ORG"]
            if bodies:
                body = bodies[-1]
                said[key] = Attribution(a.cue, body.text, "body", a.said, a.direct, a.speaker, a.pronoun, tuple(sorted(body.keys)))
                named[key] = sents[j]
                break


def _protagonist(lead: Sequence[Reading], heading: Sequence[Sentence],
                 readings: dict[str, Reading]) -> tuple[Entity, Sentence | None] | None:
    """The person the article is about: the first one its title and lead name, with the lead sentence naming them."""
    person = next((e for r in lead for e in r.entities if e.label == "PERSON"), None)
    if person is None:
        return None
    naming = [s for s in heading if person.keys & readings[s.text].entity_keys]
    return person, next((s for s in naming if readings[s.text].states), naming[0] if naming else None)  # prose before a title line


def _quotations(sents: Sequence[Sentence], resolved: Sequence[Attribution | None], readings: dict[str, Reading],
                said: dict[tuple[str, int], Attribution | None], named: dict[tuple[str, int], Sentence | None],
                protagonist: tuple[Entity, Sentence | None] | None = None) -> None:
    """Give the sentences of a quotation that runs over several the speaker who opens or closes it (`_continued`),
    and the sentence naming them. A closing "he said" is whom the sentence before the quotation was about; where
    that sentence calls them by a description ("The writer was known for…"), the person the article is about."""
    done: set[int] = set()
    opened: dict[int, int] = {}  # a closer's offset -> the sentence its quotation opens with
    sources = _continued(sents, resolved)
    for i, (s, source) in enumerate(zip(sents, sources)):
        if source is None or i < opened.get(source.offset, 0):
            continue
        key = (source.path, source.offset)
        closer = said[key]
        if closer is not None and closer.kind == "pronoun":
            if source.offset in done:
                continue
            done.add(source.offset)
            # the sentence opening the quotation: the run's last to open with a mark (a stray mark earlier in the
            # article may have left the run open since a sentence that is no one's words)
            i = opened[source.offset] = max((j for j in range(i, len(sents)) if sources[j] is source
                                             and sents[j].text.lstrip()[:1] in "\"“"), default=i)
            s = sents[i]
            if not i:
                continue  # the quotation opens the text: no sentence before it names whom "he" means
            who = _person_subject(readings[sents[i - 1].text])  # the run's first sentence: the one before it
            naming: Sentence | None = sents[i - 1]
            if who is None and protagonist is not None and _described_subject(readings[sents[i - 1].text]):
                who, naming = protagonist  # "The writer was known for… '…,' he once said": the article's person
            if who is None:
                continue
            closer = Attribution(closer.cue, who.text, "person", closer.said, closer.direct, None, closer.pronoun, tuple(sorted(who.keys)))
            said[key], named[key] = closer, naming
        if closer is None:
            continue
        said[(s.path, s.offset)] = _continuing(closer, s.text)
        named[(s.path, s.offset)] = source if set(closer.keys) & readings[source.text].entity_keys else named.get(key)


def _continued(sents: Sequence[Sentence], said: Sequence[Attribution | None]) -> list[Sentence | None]:
    """For each sentence with no speaker of its own that stands inside a quotation, the sentence that gives the
    quotation's speaker: a person's quotation left open at the end of its sentence runs on through the next ones until
    a closing mark (a new paragraph of it reopens with a mark: '… said: "A. B. "C. D."'), and a quotation that opens
    with no speaker is the person's who closes it ('"A. B," he said.'). A gap in the retrieved sentences ends it."""
    out: list[Sentence | None] = [None] * len(sents)
    run: list[int] = []  # the sentences of the quotation open now
    opener: int | None = None  # the sentence whose person opened it
    was_open = False
    for i, (s, a) in enumerate(zip(sents, said)):
        if i and not 0 <= s.offset - (sents[i - 1].offset + len(sents[i - 1].text)) <= ADJACENT_GAP:
            run, opener, was_open = [], None, False
        person = a is not None and (bool(a.speaker) and a.kind == "person" or a.pronoun in ("he", "she"))
        now_open = _left_open(s.text, was_open)
        if a is None and (was_open or now_open):
            if opener is not None:
                out[i] = sents[opener]
            else:
                run.append(i)
        if person and run and (was_open or not now_open):  # '"A. B," he said.': he said all of it
            for j in run:
                out[j] = s
        if person and now_open:
            opener, run = i, []
        elif not now_open:
            opener, run = None, []
        was_open = now_open
    return out


def _person_subject(r: Reading) -> Entity | None:
    """The person the main clause's subject names ("Tom Hale wrote…")."""
    main = r.claims[0] if r.claims else None
    keys = set(main.subject_keys) if main is not None else set()
    return next((e for e in r.entities if e.label == "PERSON" and e.keys & keys), None)


def _described_subject(r: Reading) -> bool:
    """The main clause's subject is a definite description naming no one ("The writer was known for…")."""
    main = r.claims[0] if r.claims else None
    return main is not None and not main.subject_keys and bool(main.subject) and \
        (main.subject or "").split()[0].lower() == "the" and len((main.subject or "").split()) <= 3


def _left_open(text: str, was_open: bool) -> bool:
    """Whether a quotation is open after the sentence: a curly mark opens or closes by its direction; a straight one
    opening the sentence opens (a quoted paragraph reopens without the last one closing), elsewhere it toggles."""
    state = was_open
    body = _typed_quotes(text).strip()
    for i, ch in enumerate(body):
        if ch == "“":
            state = True
        elif ch == "”":
            state = False
        elif ch == '"':
            state = True if i == 0 else not state
    return state


def _continuing(a: Attribution, text: str) -> Attribution:
    """The quotation's speaker, saying this sentence in their own words."""
    return Attribution(a.cue, a.speaker, a.kind, text.strip(' "“”'), True, a.role, keys=a.keys)


# --- filling the slot ------------------------------------------------------------------------------------------

def _new(asked: Asked, r: Reading, labels: Collection[str] | None = None) -> list[Entity]:
    """The sentence's names the question does not already give (of these types)."""
    keys, words = asked.entity_keys, sentence_words([asked.text])
    return [e for e in r.entities if not (e.keys & keys) and not all(w in words for w in e.key.split())
            and (labels is None or e.label in labels) and not _country_given(asked, e)]


def _country_given(asked: Asked, e: Entity) -> bool:
    """The name is the very country the question names in another form ("Germany" for "In which German city…",
    "the United States" for "which US state"): the question gives it, so it answers nothing. A city or province
    of that country ("Berlin", keyed to it as its capital) is a new place."""
    given = {k for g in asked.reading.entities for k in g.variants if is_country_key(k)}
    code = country_of(e.text)
    return code is not None and country_key(code) in given and not countries_within(e.text)


# Units of time that make a span a length rather than a date ("85 years", "21 days"): closed-class English.
DURATION_UNITS = frozenset({"second", "minute", "hour", "day", "night", "week", "fortnight", "month", "year", "decade", "century"})
# How much of a slot a filler of the asked type fills when the sentence tells it of another event than the question's:
# below `Parameters.slot_min`, so it alone does not answer.
ELSEWHERE = 0.7
BESIDE = 6  # characters between a clause and a date right after it (", on "): the parse may hang it on another

_PEOPLE = ("PERSON",)
_BODIES = ("ORG", "NORP", "GPE", "NAME", "FAC")
_PLACES = ("GPE", "LOC", "FAC")


def slot_fill(asked: Asked, r: Reading, said: Attribution | None, alike: Callable[[str, str], bool] | None = None,
              same_event: Callable[[str], bool] | None = None, about: Entity | None = None,
              reason_noun: Callable[[str], bool] | None = None) -> float:
    """0..1: how well the sentence fills the question's slot — 1 for the asked type in the asked role, less for the
    type elsewhere in the sentence, 0 for none. Untyped questions ("what happened…") are filled by any sentence.
    `alike` says whether two counted nouns count the same things; `same_event` whether a predicate of the sentence
    tells the question's event (by lemma, as written, or by meaning); `about` is the body the sentence's subject
    describes ("The organisation blames…"); `reason_noun` whether a noun names a cause ("factor", "reason")."""
    wants = asked.wants
    if wants == "statement":
        return 1.0
    if wants == "quotation":
        return _quotation(asked, r, said)
    if wants == "identity":
        return _identity(asked, r, said)
    if _asks_doer(asked):
        return _doer(asked, r, same_event or (lambda lemma: lemma in asked.verbs))
    if _asks_agent(asked):
        agent = _agent(asked, r, said, same_event or (lambda lemma: lemma in asked.verbs))  # "which country said yes": a country that speaks or acts is a body, as a company is
        return min(agent, ELSEWHERE) if _done_to_another(asked, r) else agent
    if wants == "place":
        fill = 1.0 if _new(asked, r, _PLACES) else 0.5 if _new(asked, r, ("ORG", "NAME")) else 0.0
        if asked.role == "relation" and asked.noun and not term_matches(stem(asked.noun), _words(r)):
            return min(fill, ELSEWHERE)  # "where was the parade": a place in a sentence that does not speak of it
        return fill
    if wants == "date":
        return _dated(asked, r, same_event or (lambda lemma: lemma in asked.verbs))
    if wants == "time":
        fill = _timed(asked, r, same_event or (lambda lemma: lemma in asked.verbs))
        return min(fill, ELSEWHERE) if _placed_elsewhere(asked, r) else fill
    if wants == "duration":
        spans = _new_times(asked, r, None)
        fill = 1.0 if any(_lasts(t.text) and not _is_age(t.text) for t in spans) else 0.5 if spans else 0.0
        return max(fill, _length_of_thing(asked, r))
    if wants == "quantity":
        fill = _quantity(asked, r, alike or (lambda a, b: stem(a) == stem(b)), same_event or (lambda lemma: lemma in asked.verbs))
        return min(fill, ELSEWHERE) if _placed_elsewhere(asked, r) else fill
    if wants == "reason":
        fill = _because(asked, r, same_event or (lambda lemma: lemma in asked.verbs), reason_noun or (lambda noun: False))
        return min(fill, ELSEWHERE) if _anothers_view(asked, r, said, about) else fill
    # a thing: a name, figure or date the question does not give, best beside the noun it asks about; when the noun is
    # what is asked of a name ("the population of Pyongyang"), the sentence must speak of it
    noun = bool(asked.noun) and term_matches(stem(asked.noun or ""), _words(r))
    filler = bool(_new(asked, r) or _new_quantities(asked, r) or _new_times(asked, r, None))
    if asked.role == "relation":
        return 1.0 if noun and filler else 0.6 if noun else 0.3 if filler else 0.0
    return 1.0 if noun and filler else 0.7 if filler else 0.5 if noun else 0.2


def kind_held(asked: Asked, r: Reading) -> bool:
    """Whether the sentence holds an answer of the kind the question's noun asks, where that kind is a place, a figure
    or a date: "which US state does she come from" is answered by a place the question does not give, not by "A US
    woman is suing Acme"; "what salary will she be paid" by a figure, not by "she was appointed on Monday"'s
    neighbours. A noun of any other kind (a person, a thing: "what sport", "which spokesman") may be answered by a
    common noun, and asks nothing here; so does a question typed otherwise, which its slot already checks."""
    if asked.wants != "thing" or not asked.noun:
        return True
    if asked.kind == "place":
        return bool(_new(asked, r, _PLACES))
    if asked.kind == "quantity":
        return bool(_new_quantities(asked, r))
    if asked.kind == "date":
        return bool(_new_times(asked, r, None))
    return True


def _placed_elsewhere(asked: Asked, r: Reading) -> bool:
    """The question places its event somewhere ("her winning time at the championships in Madrid") and the sentence
    places the asked measure at a name the question does not give ("whose time of 1:46.68 in Erfurt"): the noun the
    question asks about, or the figure's own, takes a locative phrase naming another. That figure is of another event."""
    if not asked.where or not asked.noun:
        return False
    figures = [t.text for t in r.times] + [q.text for q in r.quantities]
    nouns = {stem(asked.noun)} | {stem(w) for f in figures for w in tokenize(f)}  # or the figure's own
    for p in r.participants:
        if p.prep not in LOCATIVE or stem(p.noun) not in nouns:
            continue
        for e in r.entities:
            if p.start <= e.start and e.end <= p.end and not any(
                    names_met(q, e.keys, sentence_words([e.text])) or names_met(e, q.keys, sentence_words([q.text]))
                    for q in asked.entities):
                return True
    return False


def _asks_agent(asked: Asked) -> bool:
    """A question whose filler is someone who does, says or undergoes its event: a person or body, or a thing or
    place in the subject's role ("which country said yes")."""
    return asked.wants in ("person", "organisation") or (asked.wants in ("thing", "place") and asked.role in ("subject", "speaker"))


def _asks_doer(asked: Asked) -> bool:
    """A "what" that is the subject of an event done to something ("what prompted the evacuation"): `_doer` fills it."""
    return asked.patient is not None and asked.wants == "thing" and asked.noun is None


# Personal pronouns (as lemmatised) that stand for one: done to "him", the event is not the one done to the "MPs".


def _done_to_another(asked: Asked, r: Reading) -> bool:
    """The sentence tells the asked event only as done to someone else than the question's patient ("Howard
    accused Blair of U-turns" for "which union leader accused MPs of hypocrisy"): every clause with the question's
    predicate has an object that names another (`_another`). A clause with no object, or none with the predicate,
    decides nothing."""
    if asked.patient is None or asked.predicate is None:
        return False
    wanted = _patient_words(asked)
    clauses = [c for c in r.claims if c.predicate == asked.predicate]
    agents = {w for e in r.entities if "by" in r.text[max(0, e.start - 40) : e.start].lower().split()[-3:] for w in e.key.split()}
    # "directed by Fuqua": the object read is the doer
    if not clauses or any(c.object is None or c.object in agents for c in clauses):
        return False
    return all(_another(asked, r, c.object, c.object_pro, wanted) for c in clauses if c.object)


def _patient_words(asked: Asked) -> frozenset[str]:
    """The stems a clause's object may name the question's patient by: the patient's, or another word of the question
    than its verb ("accused MPs of hypocrisy": "mps", "hypocrisy"); none when the question names no patient."""
    if asked.patient is None:
        return frozenset()
    return frozenset({stem(asked.patient)} | {stem(t) for t in asked.terms if t != asked.predicate})


def _another(asked: Asked, r: Reading, obj: str, pro: ProForm | None, wanted: AbstractSet[str]) -> bool:
    """The object names someone or something other than the question's patient: a name of the sentence, or a "him"
    where the patient is plural, that is none of the question's words. A common noun may be the patient in other words
    ("a share" for "the stake"), and a "they" may stand for it: neither tells another."""
    if stem(obj) in wanted:
        return False
    if pro is not None and pro.head and pro.points_back:
        return pro.kind == "personal" and pro.number == "sing" and asked.patient_many
    return any(obj in e.key.split() for e in r.entities)


def _anothers_view(asked: Asked, r: Reading, said: Attribution | None, about: Entity | None) -> bool:
    """A "why does X think…" asks X's view of the cause; the sentence gives someone else's: whoever holds its
    causes — its speaker, the body its subject describes, or the named subject of the clause holding the cause —
    is not X, or, named by none, is a "he"/"she" while X is no person ("She blamed modern lifestyles" for "why
    does the academy think…")."""
    if not asked.framer or not r.reasons:
        return False
    framer = frozenset(k for e in asked.framer for k in e.keys)
    for x in r.reasons:
        holding = sorted((c for c in r.claims if c.start <= x.start and x.end <= c.end and c.subject), key=lambda c: c.end - c.start)
        subject = holding[0] if holding else None
        keys = set(said.keys if said is not None else ()) | set(about.keys if about is not None else ()) | \
            set(subject.subject_keys if subject is not None else ())
        if keys:
            if not keys & framer:
                return True
            continue
        pro = subject.subject_pro if subject is not None else None
        if pro is not None and pro.head and pro.one_person and all(e.label != "PERSON" for e in asked.framer):
            return True
    return False


def _points_back(c: Claim) -> bool:
    """A "be" that points to the event or names the cause ("This was because…", "One reason is that…", "their aim is
    to…"): a cause it holds is the event's. A "have to" ("you have to be keen to carry on") tells a need, not one."""
    return c.predicate == "be"


def _quoted_saying(asked: Asked, said: Attribution | None) -> bool:
    """A quotation carried on from the sentence that credits it ('"…," Ana Ruiz told the radio. "…"') tells the
    question's verb of saying as much as the sentence holding "told", where the question asks who said it: its
    speaker says it. (A "why did MPs urge…" asks a cause, and the verb must be told there.)"""
    return asked.role == "speaker" and asked.predicate in SAYING and not asked.negated and said is not None and said.direct \
        and bool(said.speaker)


def _tells_event(asked: Asked, r: Reading) -> bool:
    """The sentence has a clause of the question's predicate told as the question tells it: negated only if the
    question is, and done to the question's patient where both name one (its object, or its subject told in the
    passive). "All hostages are released" does not tell "which institution released a code of conduct", nor "most
    letters will not be delivered" which company delivers the worst service."""
    if asked.predicate in (None, "be", "do", "have"):
        return False
    wanted = _patient_words(asked)
    for c in r.claims:
        if c.predicate != asked.predicate or c.negated != asked.negated:
            continue
        patient = c.subject if c.passive else c.object
        if wanted and patient and not {stem(w) for w in tokenize(patient)} & wanted:
            continue
        return True
    return False


def _doer(asked: Asked, r: Reading, same_event: Callable[[str], bool]) -> float:
    """What did the asked event to the asked thing ("what prompted the evacuation"): the subject of a clause telling
    the event whose object is the question's ("A gas leak prompted the evacuation"), or, told in the passive, its
    agent ("The evacuation was prompted by a gas leak"); done to a common noun, it may be the patient in other words
    (0.8). Done to someone named ("the killing prompted Mayor Ruiz to meet residents"), it is another event: it counts
    `ELSEWHERE`, as a filler told of another event does."""
    wanted = _patient_words(asked)
    best = 0.0
    for c in r.claims:
        if not same_event(c.predicate):
            continue
        if c.subject and c.object and stem(c.object) in wanted and not set(c.subject_keys) & asked.entity_keys:
            return 1.0
        if c.passive and c.object and c.subject and stem(asked.patient or "") in {stem(w) for w in tokenize(c.subject)}:
            return 1.0  # the passive: the asked thing is the subject, what did it the agent
        if c.subject and c.object and not _another(asked, r, c.object, c.object_pro, wanted) and not set(c.subject_keys) & asked.entity_keys:
            best = max(best, 0.8)  # done to something in other words ("prompted the exodus"): likely the same event
            continue
        best = max(best, ELSEWHERE)
    return best


def _dated(asked: Asked, r: Reading, same_event: Callable[[str], bool]) -> float:
    """A date of the question's event: a DATE (1) or TIME (0.8) in the clause of the question's verb, or in a report
    of that clause ("Russia said on Monday it had retaken Kursk"). A date in a clause about something else ("hit
    during the filming of the 2002 movie" for "when did he file the lawsuit") fills the type, not the slot: it counts
    `ELSEWHERE` of that, below what a typed question needs, as does a date of someone else's clause. A question
    with no verb of its own ("when is the election") takes a date from any clause."""
    best = 0.0
    for t in _new_times(asked, r, None):
        value = 1.0 if t.label == "DATE" else 0.8
        if asked.verbs and not _of_event(r, t.start, t.end, same_event, {stem(v) for v in asked.verbs}) or \
                _told_of_other(asked, r, t.start, t.end) or _names_other_thing(asked, r, t):
            value *= ELSEWHERE
        best = max(best, value)
    return best


_POSSESSIVE = ("'s", "’s")  # the marks that make a date its noun's day ("Monday's vote"), not part of its name


def _names_other_thing(asked: Asked, r: Reading, t: Time) -> bool:
    """The date is part of the name of a thing the question does not ask about ("told BBC Radio 4's Today programme"
    for "when will the court rule"): it modifies a noun (the reading's `modifies`) that is no word of the question,
    and is not that noun's day in the possessive ("Monday's vote"). "The June 5 vote" still dates "when is the vote",
    and "in a June 5 hearing" "when will the court rule": a date written with its day or year in figures is a date of
    the calendar, never a word of a name."""
    if not t.modifies or r.text[t.end : t.end + 2] in _POSSESSIVE or any(ch.isdigit() for ch in t.text):
        return False
    following = tokenize(r.text[t.end :])[:1]
    asked_words = {stem(w) for w in (*asked.terms, *asked.verbs, *([asked.noun] if asked.noun else []))}
    return not any(term_matches(stem(w), frozenset(asked_words)) for w in following)


def _timed(asked: Asked, r: Reading, same_event: Callable[[str], bool]) -> float:
    """A clock time or a length of time ("what time did she run": "two hours, four minutes"; "what time did the match
    start": "at 3pm"): a TIME expression or a length, of the asked event — in its clause, or in a clause that names
    what is asked ("whose time of one minute 46 seconds…"). A day or a year is a date, not a time: it fills half."""
    best = 0.0
    stems = {stem(v) for v in asked.verbs} | ({stem(asked.noun)} if asked.noun else set())
    for t in _new_times(asked, r, None):
        value = 1.0 if t.label == "TIME" or _lasts(t.text) and not _is_age(t.text) else 0.5
        if asked.verbs and not _of_event(r, t.start, t.end, same_event, stems, holds=True) or _told_of_other(asked, r, t.start, t.end):
            value = min(value, ELSEWHERE)
        best = max(best, value)
    return best


def _of_event(r: Reading, start: int, end: int, same_event: Callable[[str], bool], stems: AbstractSet[str] = frozenset(),
              holds: bool = False) -> bool:
    """Whether the span [start, end) belongs to a clause telling the question's event: the innermost clause holding
    it has the question's predicate (or names it with a noun of the verb's stem: "delivery" for "delivered"), or
    reports a clause that has it, or is only a "be"/"have" that the parse hung it
    on while another clause tells the event; or the span follows the event's clause right after it."""
    inner = r.innermost(start, end)
    if inner is None:
        return False
    if same_event(inner.predicate):
        return True
    nested = [c for c in r.claims if c is not inner and inner.start <= c.start and c.end <= inner.end]
    own = "".join(" " if any(c.start <= i < c.end for c in nested) else ch for i, ch in enumerate(r.text[inner.start : inner.end], inner.start))
    words = {stem(w) for w in tokenize(own)}  # the clause's own words, not those of the clauses inside it
    if any(term_matches(v, words) for v in stems):
        return True  # the event named by a noun in the clause: "due for delivery in 2008", "its release date - 16 July"
    if inner.predicate in LIGHT_VERBS:  # "Born in Luton on 5 April 1920, Hailey was…": the parse hangs the date on "was"
        return any(same_event(c.predicate) for c in r.claims)
    events = [c for c in r.claims if c is not inner and same_event(c.predicate)]
    if (holds or inner.predicate in SAYING) and any(inner.start <= c.start and c.end <= inner.end for c in events):
        return True  # a report of the event: "Russia said on Monday it had retaken Kursk"; for a figure, any clause
        # holding the event's ("saw an increase of customers abandoning calls, to 13.3%")
    # right beside the event's clause, where the parse hung it higher ("Born in Luton, on 5 April 1920, Hailey…"); a
    # date inside another clause ("introduced as part of a bill which will be considered before Christmas") dates that
    return any(0 <= start - c.end <= BESIDE for c in events)


def _lasts(text: str) -> bool:
    """A time span that measures a length ("85 years", "21 days", "an eight-year ban", "a 30-year-old", "two weeks"),
    not a point on the calendar ("26 February", "December 2004"): a number with a unit of time, or an age ("from the
    age of seven": years of a life)."""
    spaced = text.lower().replace("-", " ").replace("–", " ")
    words = [w.lstrip("0123456789.,") for w in spaced.split()]
    return (any(ch.isdigit() for ch in text) or _counts(spaced)) and (any(w.removesuffix("s") in DURATION_UNITS for w in words)
                                                                     or _is_age(text))


# The words that make a length of time someone's age ("a 30-year-old", "aged 12", "at the age of seven"): closed-class.
_AGE_WORDS = frozenset({"old", "age", "aged"})


def _is_age(text: str) -> bool:
    """The span is someone's age: it answers "how old", and is no length of an event ("how long a ban": not "the
    33-year-old")."""
    return bool(_AGE_WORDS & set(text.lower().replace("-", " ").replace("–", " ").split()))


# The most years an age written as a bare number can be ("Ruiz, 21,"): a larger number beside a name is no age.
_OLDEST = 120
def _bare_age(written: str) -> bool:
    """A whole number written bare, in the years a person may be old ("21", not "21.5", "1990" or "0")."""
    written = written.strip()
    return written.isdigit() and 0 < int(written) <= _OLDEST


# The marks that set a bare number off beside a name as its age: "Ana Ruiz, 21, said…", "Ana Ruiz (21) said…".
_APPOSED = ((",", ","), ("(", ")"))


def _apposed_age(asked: Asked, r: Reading, start: int, end: int) -> bool:
    """A bare whole number set off right after a person's name is that person's age, the news style ("Ruiz, 21,
    landed on her head"); the recogniser reads it as a DATE or a count, with no "old" to tell it. The name must be
    the question's person, whatever type the recogniser gave this mention of it ("Grunberg" may come out a place),
    or, where the question names no one, a person: "Ruiz beat Lopez, 23," tells Lopez's age."""
    if not _bare_age(r.text[start:end]):
        return False
    before, after = r.text[:start].rstrip(), r.text[end:].lstrip()
    if (before[-1:], after[:1]) not in _APPOSED:
        return False
    name_end = len(before[:-1].rstrip())
    named = [e for e in r.entities if e.end == name_end]
    people = [a for a in asked.entities if "person" in _OWNER_KINDS.get(a.label, ())]
    if not people:
        return any("person" in _OWNER_KINDS.get(e.label, ()) for e in named)
    return any(names_met(a, e.keys, sentence_words([e.text])) for a in people for e in named)


# The preposition that sets an age on an event, the news style ("has died in Madrid at 71"): closed-class English.
_AGE_AT = "at"


def _age_at_event(asked: Asked, r: Reading, start: int, end: int) -> bool:
    """A bare whole number after "at" in a clause of the question's own event is the age at which it happened ("How
    old was Ana Ruiz when she died?": "The painter Ana Ruiz has died in Madrid at 71"); the recogniser reads it as a
    count or a DATE, with no "old" to tell it. The event is a verb of the question other than "be" ("died" of its
    "when" clause, which is no verb of the slot's); the clause's subject must name no one but the question's names
    ("Ruiz's rival died at 64" names another; "she died at 71" names no one). Not an age: a number inside a name ("at
    10 Downing Street"), one of another verb ("arrived at 19 and died in 2001"), one past `_OLDEST`."""
    if not _bare_age(r.text[start:end]):
        return False
    if r.text[:start].rstrip().rsplit(None, 1)[-1:] != [_AGE_AT] or any(e.start < end and start < e.end for e in r.entities):
        return False
    events = {c.predicate for c in asked.reading.claims if c.predicate not in LIGHT_VERBS} | set(asked.verbs)
    inner = r.innermost(start, end)
    return bool(events) and inner is not None and inner.predicate in events and _of_the_asked(asked, r, inner)


def _of_the_asked(asked: Asked, r: Reading, c: Claim) -> bool:
    """The claim's subject is someone the question names, a phrase naming no one ("The painter", its name set off
    after it), or a pronoun of one person standing for them ("she died at 71"); not someone's relation ("Her husband
    died at 80": a possessive in front of its noun makes it another person) nor another name."""
    keys = set(c.subject_keys) | {k for e in r.entities if c.subject and e.text in c.subject for k in e.keys}
    if keys:
        return bool(keys & asked.entity_keys)
    pro = c.subject_pro
    return pro is None or pro.head and pro.one_person


def _because(asked: Asked, r: Reading, same_event: Callable[[str], bool],
             reason_noun: Callable[[str], bool] = lambda noun: False) -> float:
    """A stated cause or purpose (1 for "because"/"due to", 0.8 for a marker that may also tell time or purpose) of
    the asked event: a clause telling the event holds it ("closed the plant because demand collapsed"), or a "be"
    that points back to it ("This was because…"), or a verb of causing names it ("blamed fuel prices for a drop in
    profits", the event in other words), or it is the event's as a figure or date would be; a cause of
    something else ("looked less bright for the chain")
    counts `ELSEWHERE`."""
    best = 0.0
    stems = {stem(v) for v in asked.verbs}
    for x in r.reasons:
        if _result_of_event(asked, r, x, same_event) or _is_the_event(asked, r, x, same_event):
            continue
        value = 1.0 if x.certain and x.marker != "to" else 0.8
        holding = [c for c in r.claims if c.start <= x.start and x.end <= c.end]
        if asked.verbs and not (any(same_event(c.predicate) or c.predicate in CAUSING or _points_back(c) for c in holding)
                                or _of_event(r, x.start, x.end, same_event, stems, holds=True)):
            value *= ELSEWHERE
        best = max(best, value)
    return max(best, _cause_told(asked, r, same_event, reason_noun))


def _is_the_event(asked: Asked, r: Reading, x: Any, same_event: Callable[[str], bool]) -> bool:
    """The cause or purpose read is the asked event itself, as the complement of another verb: "I have been forced to
    withdraw" for "why did she withdraw" tells that she withdrew, not why (the infinitive is the compulsion's, not a
    purpose of the withdrawal). Only an infinitive ("to"): its own clause — the widest the reading finds inside it —
    tells the event. A cause told with the event's own verb stays one ("shares fell because profits fell")."""
    if not asked.verbs or x.marker != "to":
        return False
    inside = [c for c in r.claims if x.start <= c.start and c.end <= x.end]
    return bool(inside) and same_event(max(inside, key=lambda c: c.end - c.start).predicate)


# The marker of a clause that tells the result of the one it hangs on ("ran poorly, so they lifted their game"), and the
# word after it that makes it a purpose instead ("so that she could catch the train"): closed-class English.
_RESULT, _PURPOSE_AFTER = "so", "that"


def _result_of_event(asked: Asked, r: Reading, x: Any, same_event: Callable[[str], bool]) -> bool:
    """The "so" clause tells what the asked event led to, not why it happened: in "The team had played badly so maybe
    the coach was right to go" the playing is the cause of the rest, and "why did the team play badly" is not answered
    by it. Only where the asked event is told outside the "so" clause (by the clause it hangs on) and not inside it;
    "so that…" is a purpose, and stays one."""
    if x.marker != _RESULT or not asked.verbs or r.text[x.start : x.end].lower().split()[1:2] == [_PURPOSE_AFTER]:
        return False
    inside = [c for c in r.claims if x.start <= c.start and c.end <= x.end]
    outside = [c for c in r.claims if c not in inside]
    return any(same_event(c.predicate) for c in outside) and not any(same_event(c.predicate) for c in inside)


# Verbs whose subject is the cause of what they take ("rain led to the collapse", "a leak prompted the evacuation",
# "corrosion was the factor that caused it"): the reading's verbs of blame and a few of bringing about; closed-class.
CAUSE_VERBS = CAUSING | frozenset({"lead", "prompt", "trigger", "result", "spark"})


def _cause_told(asked: Asked, r: Reading, same_event: Callable[[str], bool], reason_noun: Callable[[str], bool]) -> float:
    """A cause stated without a connective, from the parse: the subject of a verb of causing whose object is the
    asked event ("heavy rain led to the collapse"; the event by its verb's stem) or which holds a clause telling it
    ("corrosion was the factor that caused the bridge to collapse"); or a "be" whose subject is a noun of cause
    (`reason_noun`: "the reason was corrosion"). 1 where the event is told there, `ELSEWHERE` of 1 where not (a
    cause of something else); 0 with no such clause."""
    stems = {stem(v) for v in asked.verbs} or ({stem(asked.predicate)} if asked.predicate and asked.predicate not in LIGHT_VERBS else set())
    if not stems:
        return 0.0
    best = 0.0
    for c in r.claims:
        if c.predicate in CAUSE_VERBS and c.subject:
            told = c.object is not None and stem(c.object) in stems or any(
                d is not c and c.start <= d.start and d.end <= c.end and (same_event(d.predicate) or stem(d.predicate) in stems)
                for d in r.claims)
        elif c.predicate == "be" and c.subject_head and c.object and reason_noun(c.subject_head):
            told = any(term_matches(v, {stem(w) for w in tokenize(r.text[c.start : c.end])}) for v in stems)
        elif (noun := _antecedent(r, c)) is not None and (reason_noun(noun) or stem(noun) in _CAUSE_NOUNS) and \
                _on_asked_subject(asked, r, c):
            # "nerves were the main factor that tripped her up": a clause hung on a noun of cause, told of the one the
            # question asks about; its verb may say the event in other words ("tripped up" for "fail")
            best = max(best, 1.0 if same_event(c.predicate) or stem(c.predicate) in stems else FACTOR)
            continue
        else:
            continue
        best = max(best, 1.0 if told else ELSEWHERE * ELSEWHERE)
    return best


# Nouns of cause MiniLM does not type as one ("factor": 0.25 to "a reason or cause", below "heat" 0.29), as stems.
_CAUSE_NOUNS = frozenset({"factor"})
FACTOR = 0.8  # how well a cause noun's clause told of the asked one, its verb not the asked event's, fills "why"


def _antecedent(r: Reading, c: Claim) -> str | None:
    """The noun a clause hangs on, as the word right before it: "factor" of "the factor that tripped her up",
    "reason" of "the reason she lost"."""
    before = r.text[: c.start].split()
    word = before[-1].strip(".,;:!?()[]\"'“”‘’").lower() if before else ""
    return word if word.isalpha() else None


def _on_asked_subject(asked: Asked, r: Reading, c: Claim) -> bool:
    """The clause tells of the question's subject: a name of it inside the clause, or a personal pronoun as the
    clause's subject or object where that subject is a person (or a name left untyped)."""
    keys = {k for q in asked.reading.claims[:1] for k in q.subject_keys}
    subjects = [e for e in asked.entities if e.keys & keys]
    if not subjects:
        return False
    if any(e.label in ("PERSON", "NAME") for e in subjects) and any(p is not None and p.head and p.person == 3 and p.of_person
                                                                    for p in (c.subject_pro, c.object_pro)):
        return True
    inside = [e for e in r.entities if c.start <= e.start and e.end <= c.end]
    return any(names_met(q, e.keys, sentence_words([e.text])) for q in subjects for e in inside)


# Which kind of owner a name can be, by the recogniser's label: a figure told of a person is not told of a company,
# but which of the two is only checked between names of one kind ("NAME", a name left untyped, may be either).
# A product, building or region is not an owner of either kind ("the 777-200LR can fly 11,000 miles" is Boeing's).
_OWNER_KINDS = {"PERSON": ("person",), "NAME": ("person", "body"), "ORG": ("body",), "GPE": ("body",), "NORP": ("body",)}


# A preposition after a noun that names whose it is, where the parser keeps it out of the subject phrase ("profits
# at Globex", "sales for Globex"; "of" is kept in it), and how many words may stand before the name ("at US media giant").
_OWNER_PREPOSITIONS = frozenset({"at", "for"})
_OWNER_WORDS = 5


def _owner(r: Reading, start: int, end: int) -> list[Entity]:
    """The names that own the span: the subject of the nearest clause holding it whose subject names someone (its
    possessor and "of X" are in the subject: "Globex's sales rose 2%", "the profits of Globex"). A span that is itself
    a reported clause's subject ("Globex said 20 people were hurt") has no owner; one that measures what the reported
    clause's unnamed subject did is the speaker's ("Globex said sales rose 2%", "… said it would cut 20 jobs")."""
    holding = sorted((c for c in r.claims if c.start <= start and end <= c.end), key=lambda c: c.end - c.start)
    for c in holding:
        if not c.subject_keys and c.subject and c.predicate not in SAYING:
            at = r.text.find(c.subject, c.start)
            if 0 <= at <= start < at + len(c.subject):
                return []  # the figure is what the clause is about ("20 people were killed"), owned by no one named
    inner = holding[0] if holding else None
    if inner is not None and inner.subject and not inner.subject_keys:  # "Profits at US media giant Globex rose 76%"
        at = r.text.find(inner.subject, inner.start)
        after = r.text[at + len(inner.subject) : end].lower().split() if at >= 0 else []
        if after[:1] and after[0] in _OWNER_PREPOSITIONS:
            return [e for e in r.entities if e.label in _OWNER_KINDS and at + len(inner.subject) < e.start < start
                    and len(r.text[at + len(inner.subject) : e.start].split()) <= _OWNER_WORDS]
    named = [c for c in holding if c.subject_keys]
    if not named:
        return []
    keys = set(named[0].subject_keys)
    owners = [e for e in r.entities if e.keys & keys and e.label in _OWNER_KINDS]
    reported = [c for c in holding if c.end - c.start < named[0].end - named[0].start and c.subject]
    if named[0].predicate in SAYING and reported:
        return _reported_owners(r, reported[-1], owners, start)
    return owners


def _reported_owners(r: Reading, clause: Claim, speakers: Sequence[Entity], start: int) -> list[Entity]:
    """Whose a figure is when it stands in a clause a speaker reports, and that clause's subject names no one. The
    clause is about its own subject: a pronoun for the speaker ("Globex said its sales rose 2%", "Hale said his pay
    rose 2%") makes it the speaker's; a noun is the speaker's only where the speaker may be a body, whose own figures
    news tells with a bare noun ("Globex said sales rose 2%": Globex's sales) — a person reports others' figures
    ("dock workers agreed to a 6% rise, union leader Anna de Vries said" is no figure of hers). A name the subject
    takes by a preposition ("dock workers in Rotterdam") owns it too."""
    pro = clause.subject_pro  # a personal pronoun as the subject or its possessor, by its person, number and gender
    if pro is not None and (pro.of_person or pro.of_body):
        return [e for e in speakers if pro.of_person and "person" in _OWNER_KINDS[e.label]
                or pro.of_body and "body" in _OWNER_KINDS[e.label]]
    owners = [e for e in speakers if "body" in _OWNER_KINDS[e.label]]
    at = r.text.find(clause.subject or "", clause.start)
    after = at + len(clause.subject or "") if at >= 0 else -1
    phrases = [p for p in r.participants if p.noun == clause.subject_head and 0 <= p.start - after <= len(p.prep) + 2]
    return owners + [e for e in r.entities for p in phrases if p.start <= e.start and e.end <= p.end
                     and e.label in _OWNER_KINDS and e not in owners]


def _told_of_other(asked: Asked, r: Reading, start: int, end: int) -> bool:
    """The figure or date belongs to another than the question's owner: the owner of the span (`_owner`) is a name of
    the same kind (person, or organisation/place) as the one the question asks about as its owner — a name in the
    subject of its clause, with its possessor ("how much did Acme's profits rise") — and is not it ("Globex's sales
    rose 2%"). A name the question holds elsewhere is no owner ("how many troops are in Ruritania": Freedonia's
    troops sent there answer it). Either side unnamed decides nothing."""
    subject = {k for c in asked.reading.claims for k in c.subject_keys}  # (none when the parse found no named subject:
    asked_owners = [e for e in asked.entities if e.keys & subject] if subject else \
        [e for e in asked.entities if not _describes(asked, e)]  # every name but those of a clause that describes one)
    asked_kinds = {k for e in asked_owners for k in _OWNER_KINDS.get(e.label, ())}
    owners = [o for o in _owner(r, start, end) if asked_kinds & set(_OWNER_KINDS[o.label])]
    if not owners:
        return False
    return not any(names_met(q, o.keys, sentence_words([o.text])) or names_met(o, q.keys, sentence_words([q.text]))
                   for q in asked_owners for o in owners)


def _describes(asked: Asked, e: Entity) -> bool:
    """The name stands in a clause of the question inside its main one ("profits at the company building the new
    Leeds port", "the firm that bought Acme"): it says which owner is meant, and is not the owner itself. Not under a
    main clause of "be" ("how many counts is X charged with"), which the parse gives where the event is the inner one."""
    main = asked.reading.claims[0] if asked.reading.claims else None
    return main is not None and main.predicate not in LIGHT_VERBS and any(c is not main and main.start <= c.start and c.end <= main.end and c.start <= e.start
                                    and e.end <= c.end for c in asked.reading.claims[1:])


def _figure_of_event(asked: Asked, r: Reading, q: Quantity, same_event: Callable[[str], bool]) -> bool:
    """The figure is told of the question's event: its verb ("would save £6m"), or a clause that tells the event
    holds it, or it is in a clause that holds the event's, or the clause names what "how much NOUN" measures ("set
    compensation at 250 euros"); a question with no verb of its own ("how much is it worth") takes any figure."""
    if not asked.verbs or (q.event is not None and same_event(q.event)):
        return True
    stems = {stem(v) for v in asked.verbs} | ({stem(asked.noun)} if asked.noun else set())  # "set compensation at 250 euros"
    return _of_event(r, q.start, q.end, same_event, stems, holds=True) or _of_asked_verb(asked, r, q, same_event)


def _of_asked_verb(asked: Asked, r: Reading, q: Quantity, same_event: Callable[[str], bool]) -> bool:
    """The figure is the object of another verb the question itself names, whose clause and the event's hold one
    another either way round: "he demanded $150 billion in initiatives be removed" for "how much did he demand be
    removed" — the parse may hang "demanded" under "removed" as well as "removed" under "demanded". A verb the
    question does not name ("paid $5m after the rule was removed") is another event."""
    if q.event is None or q.event in LIGHT_VERBS or q.event not in asked.reading.lemmas:
        return False
    own = [c for c in r.claims if c.predicate == q.event and c.start <= q.start and q.end <= c.end]
    events = [c for c in r.claims if same_event(c.predicate) and c.predicate != q.event]
    return any(o.start <= e.start and e.end <= o.end or e.start <= o.start and o.end <= e.end for o in own for e in events)


def _measures(asked: Asked, text: str) -> bool:
    """A length of time answers "how old" only as an age ("30-year-old", "84 years old"), not "for eight years":
    the span carries the adjective; and an age answers no other measure ("how long": not "the 33-year-old")."""
    return _is_age(text) == (asked.measure == "old")


def _counts(text: str) -> bool:
    from ragnews.text.reading import number_value

    return any(number_value([w]) is not None for w in text.split())


def _filler_spans(asked: Asked, r: Reading) -> list[tuple[int, int]]:
    """Where the sentence's candidate fillers of the asked kind are: its figures and times for a figure, a date or a
    length ("how many days": not the dateline's city), its names for a name, and all of these for anything else."""
    figures: list[Quantity | Time] = [*_new_quantities(asked, r), *_new_times(asked, r, None)]
    names = _new(asked, r)
    found: list[Entity | Quantity | Time] = [*figures] if asked.wants in _FIGURES else [*names] if asked.wants in _NAMES \
        else [*names, *figures]
    return [(f.start, f.end) for f in found]


_FIGURES = frozenset({"quantity", "duration", "time", "date"})  # answer types a figure or a time fills
_NAMES = frozenset({"person", "organisation", "place"})  # answer types a name fills


def _new_times(asked: Asked, r: Reading, label: str | None) -> list[Time]:
    given = {t.text.lower() for t in asked.times}
    return [t for t in r.times if (label is None or t.label == label) and t.text.lower() not in given]


def _new_quantities(asked: Asked, r: Reading) -> list[Quantity]:
    given = {q.value for q in asked.reading.quantities}
    return [q for q in r.quantities if q.value not in given]


def _quantity(asked: Asked, r: Reading, alike: Callable[[str, str], bool], same_event: Callable[[str], bool]) -> float:
    """A figure of what the question counts ("how many jobs": a number of jobs, or of staff: `alike` says which
    nouns count the same things), or with a unit for "how much", of the question's event ("how much did it pay its
    chief": not "it made a profit of £75m")."""
    best = 0.0
    for q in _new_quantities(asked, r):
        if _singles_out(r, q):
            continue
        if _told_of_other(asked, r, q.start, q.end):
            value = ELSEWHERE if q.unit or q.counted else 0.6  # "X faces a 42-count indictment" for "how many counts is Y…"
        elif asked.counted:
            same = q.counted is not None and alike(q.counted, asked.counted)
            value = 1.0 if same or q.event == asked.predicate and q.counted is None else 0.6 if q.counted is None else 0.7
        elif not q.unit:
            value = 0.6
        elif not _of_dimension(asked, q):
            value = 0.5  # "how far did she run": "$5,000" is a sum, not a distance
        else:  # "how much", "how far": a sum, a share or a measure has a unit, and must be a figure of the asked event
            value = 1.0 if _figure_of_event(asked, r, q, same_event) else ELSEWHERE
        best = max(best, value)
    if best < 1.0 and (asked.measure or _in_time_units(asked.counted)) and asked.measure not in MEASURED and \
            any(_lasts(t.text) and _measures(asked, t.text) and not _told_of_other(asked, r, t.start, t.end)
                for t in _new_times(asked, r, None)):
        best = max(best, 0.9)  # "how old": "30-year-old"; "how long": "85 years"; "how many days": "within 90 days"
    spans = [(t.start, t.end) for t in r.times] + [(q.start, q.end) for q in r.quantities]  # a DATE or a count to the recogniser
    if best < 1.0 and asked.measure == "old" and any(_apposed_age(asked, r, start, end) or _age_at_event(asked, r, start, end)
                                                     for start, end in spans):
        best = max(best, 0.9)  # "how old is Ana Ruiz": "Ruiz, 21, landed on her head"; "…when she died": "died at 71"
    return best


# The adjectives of a "how ADJ" question that ask one physical dimension, as `MEASURES` names it ("how far": a
# length): closed-class English. "High", "deep", "wide", "big" and "fast" are left out — news uses them of shares
# and sums too ("how high did inflation climb": "to 5%").
MEASURED = {"far": "length", "tall": "length", "heavy": "mass"}
_DIMENSIONS = frozenset(dimension for dimension, _ in MEASURES.values())


def _of_dimension(asked: Asked, q: Quantity) -> bool:
    """The figure measures what the question's adjective asks: "how tall" a length, "how heavy" a mass, not another
    dimension of measure. "How far" and "how heavy" also ask how much a share or a sum moved ("how far did the shares
    fall": 12%; "how heavy were the losses": $2 billion), so a share or an amount of money answers them; "how tall"
    is only a length. Any figure for the other questions."""
    wanted = MEASURED.get(asked.measure or "")
    if wanted is None:
        return True
    scales = q.scales()
    if wanted in scales:
        return True
    return asked.measure != "tall" and bool(scales) and not _DIMENSIONS & scales.keys()


def _length_of_thing(asked: Asked, r: Reading) -> float:
    """"How long is the pipeline": a length in units of distance answers it where the figure measures a thing the
    question names — the noun written right after it ("its 5,500-mile pipeline") or the subject of the clause
    holding it ("the bridge is 2.4 km long"). Only where the question's verb is "be": "how long did the strike
    last" asks a time, whatever distance its sentence gives (0.5)."""
    if asked.wants != "duration" or asked.predicate not in (None, "be"):
        lengths = [q for q in _new_quantities(asked, r) if "length" in q.scales()]
        return 0.5 if lengths else 0.0
    main = next((c for c in asked.reading.claims if c.predicate == "be" and c.subject_head), None)
    if main is None or main.subject_head is None:
        return 0.0
    thing = stem(main.subject_head)  # "pipeline" of "how long is Acme's new pipeline"
    best = 0.0
    for q in _new_quantities(asked, r):
        if "length" not in q.scales():
            continue
        after = tokenize(r.text[q.end :])[:2]
        clause = r.innermost(q.start, q.end)
        head = clause.subject_head if clause is not None else None
        measured = {stem(w) for w in after} | ({stem(head)} if head else set())
        best = max(best, 1.0 if thing in measured else 0.5)
    return best


def _in_time_units(counted: str | None) -> bool:
    """The question counts units of time ("how many days"): a length of time the recogniser reads as a DATE ("within
    90 days") is the count it asks for."""
    return counted is not None and stem(counted) in {stem(u) for u in DURATION_UNITS}


def contradicted(asked: Asked, r: Reading, same_event: Callable[[str], bool], tolerance: float) -> tuple[str, ...]:
    """What the question itself states of the asked thing that the sentence gives otherwise: a figure ("recalled
    30,000lb": the sentence's "recalled 94,000 pounds"), a rank ("the 24th state": "the 22nd state") or a year
    ("closed in 2019": "closed in 2021"). The sentence's figure must measure the same — a unit of the same dimension,
    or a count of the same noun — of the same event and owner, and none of its figures of that thing may agree with
    the question's (within `tolerance`, a share): it then tells of another thing, however well it fills the slot."""
    out: list[str] = []
    for given, told, ranks in ((asked.reading.quantities, r.quantities, False), (asked.reading.ordinals, r.ordinals, True)):
        for g in given:
            if g.relative or g.described:
                continue
            rivals = [q for q in told if not q.relative and not q.described and _same_thing(asked, g, q, same_event, ranks)
                      and not _told_of_other(asked, r, q.start, q.end)]
            if rivals and not any(_agrees(g, q, 0.0 if ranks else tolerance) for q in rivals):  # a rank is exact
                out.append(g.text)
    return (*out, *_other_years(asked, r, same_event))


def _same_thing(asked: Asked, given: Quantity, told: Quantity, same_event: Callable[[str], bool], ranks: bool) -> bool:
    """The two figures measure the same: by a unit of one dimension, or, without units, as counts of the same noun,
    or as ranks of the same noun or where one side names none ("became the 24th to…", "the 22nd state"); and of the same event: the verb of each, or — where the question's figure hangs on no verb
    ("more than 30,000 pounds of which product were recalled") — the sentence's is the question's event."""
    a, b = given.scales(), told.scales()
    if a or b:
        kind = bool(set(a) & set(b))
    else:
        kind = given.counted is not None and told.counted is not None and stem(given.counted) == stem(told.counted) \
            or ranks and (given.counted is None or told.counted is None)
    if not kind or told.event is None:
        return False
    if given.event is None:
        return bool(asked.verbs) and same_event(told.event)
    return told.event == given.event or given.event in asked.verbs and same_event(told.event)


def _agrees(given: Quantity, told: Quantity, tolerance: float) -> bool:
    """The two figures can be one, in some dimension both may measure, within `tolerance` of the question's."""
    a, b = given.scales() or {"": 1.0}, told.scales() or {"": 1.0}
    for dimension in set(a) & set(b):
        low, high = given.low * a[dimension] * (1 - tolerance), given.high * a[dimension] * (1 + tolerance)
        if told.low * b[dimension] <= high and low <= told.high * b[dimension]:
            return True
    return False


def _other_years(asked: Asked, r: Reading, same_event: Callable[[str], bool]) -> tuple[str, ...]:
    """The question dates its event to a year ("why did X close in 2019") and the sentence dates that event — a
    year in the event's clause — only to others."""
    given = [t for t in asked.times if not t.modifies and _years(t.text)]
    if not given or not asked.verbs:
        return ()
    stems = {stem(v) for v in asked.verbs}
    told = [t for t in r.times if not t.modifies and not t.within and _years(t.text)
            and _of_event(r, t.start, t.end, same_event, stems)]
    if not told or any(_years(t.text) & _years(g.text) for t in told for g in given):
        return ()
    return tuple(g.text for g in given)


def _years(text: str) -> set[int]:
    return {int(w) for w in text.replace(",", " ").replace("-", " ").split() if w.isdigit() and len(w) == 4}


def _singles_out(r: Reading, q: Quantity) -> bool:
    """"The one candidate who can win", "the only one": a definite "one" picks one out, it does not count them."""
    return q.value == 1 and q.unit is None and r.text[: q.start].lower().split()[-1:] == ["the"]


def _agent(asked: Asked, r: Reading, said: Attribution | None, same_event: Callable[[str], bool] | None = None) -> float:
    """Who did it: the speaker of a verb of saying, else the subject of a clause; a name elsewhere counts less. A
    name in a sentence that tells none of the asked event ("Gov. Ruiz is deploying troops" for "who is paying for
    the deployment") did something else: it counts `ELSEWHERE`, below what a typed question needs. Where the slot is
    not the subject ("whose portrait will replace Clay's", "who did Biden meet"), a name inside a clause telling the
    event fills it, and one in another clause ("voted to remove the portrait") does not."""
    same_event = same_event or (lambda lemma: lemma in asked.verbs)
    value = _agent_fill(asked, r, said, same_event)
    return min(value, ELSEWHERE) if _tells_other_event(asked, r, same_event) or _only_reports_event(asked, r, same_event) else value


def _only_reports_event(asked: Asked, r: Reading, same_event: Callable[[str], bool]) -> bool:
    """The sentence tells the asked event only as a noun inside what someone says ("Biden said the attack recalled
    breaches like the 2020 hack" for "who hacked the pipeline"): no clause of the event, no body or person set as its
    doer (`_body_did`), and every clause with a named subject is a verb of saying with no object of its own — they
    report, they do not do it. "Petrov claimed responsibility for the hack" has an object and is left alone."""
    if asked.wants not in ("person", "organisation") or not asked.verbs or asked.predicate in SAYING or set(asked.verbs) & SAYING:
        return False
    if any(same_event(c.predicate) for c in r.claims) or _body_did(list(r.entities), r, asked, same_event):
        return False
    named = [c for c in r.claims if c.subject_keys]
    return bool(named) and all(c.predicate in SAYING and c.object is None for c in named)


def _tells_other_event(asked: Asked, r: Reading, same_event: Callable[[str], bool]) -> bool:
    """The question asks who (a person or body) did an event of its own (a verb that is not "be"/"do"/"have" nor one of saying) and
    the sentence tells none of it: no clause whose predicate is the event's by lemma or meaning, and no word of the
    event's stem ("the funding" for "who is funding")."""
    if asked.wants not in ("person", "organisation") or not asked.verbs or asked.predicate in SAYING or set(asked.verbs) & SAYING:
        return False  # "which novel turned out to be his last": a thing's verb is often only a frame
    if any(same_event(c.predicate) for c in r.claims):
        return False
    words = _words(r)
    return not any(term_matches(stem(v), words) for v in asked.verbs)


def _in_event_clause(names: Sequence[Entity], r: Reading, same_event: Callable[[str], bool]) -> bool:
    """One of the names is inside a clause telling the asked event ("will replace its portrait with one honoring
    Frances Perkins")."""
    return any(same_event(c.predicate) and c.start <= e.start and e.end <= c.end for c in r.claims for e in names)


def _agent_fill(asked: Asked, r: Reading, said: Attribution | None, same_event: Callable[[str], bool]) -> float:
    labels = _PEOPLE if asked.wants == "person" else _BODIES if asked.wants in ("organisation", "place") else None
    keys = asked.entity_keys
    related = _related(asked, r, said)
    if asked.role == "speaker" or asked.predicate in SAYING:
        if said is not None and said.speaker and not (set(said.keys) & keys) and said.kind in ("person", "body"):
            if said.kind == "person":  # "which state said": a person quoted is not one, whatever their role's words
                return 1.0 if labels != _BODIES and asked.kind not in ("organisation", "place") else 0.6
            if asked.kind == "place" and not any(e.keys & set(said.keys) and e.label in _PLACES for e in r.entities):
                return 0.5  # "which state said": an office speaking is not a place, whatever words stand before it
            return 1.0 if labels == _BODIES or related else 0.5  # "which executive": a company speaking is not one
        names = _new(asked, r, labels)
        # the verb's own subject, where no words are reported ("France said yes to the treaty"); for "which state
        # said", a place ("opponents of Article 22 say": a law is none)
        doers = [e for e in names if asked.kind != "place" or e.label in _PLACES]
        if doers and _does(doers, r, asked.predicate):
            return 1.0
        return 0.3 if names else 0.0
    if said is not None and said.kind == "person" and said.speaker and not set(said.keys) & keys and \
            asked.predicate in {c.predicate for c in r.claims}:
        return 1.0  # "We challenge him to…", said Jones' lawyer: the speaker does what is asked about
    names = _new(asked, r, labels)
    if labels is not None and asked.noun:  # the asked noun types a name it introduces, whatever the recogniser said
        names += [e for e in _new(asked, r) if e not in names and _named_as(asked.noun, r, e)]
    if asked.wants == "person" and asked.role == "subject" and names and not related and not _does(names, r, asked.predicate):
        bodies = _new(asked, r, ("ORG", "NAME"))  # "funded by Acme, a firm owned by Ana Ruiz": the firm did it, not she
        if bodies and _does(bodies, r, asked.predicate):
            return 0.8
    if asked.wants == "person" and not names:
        names = _new(asked, r, ("ORG", "NAME"))  # "who developed the chip": a company may have
        if names:
            if asked.verbs and _body_did(names, r, asked, same_event):
                return 0.8
            if asked.verbs and _done_to(names, r, asked):
                return 0.5  # "the hack of Acme's systems shut the pipeline": Acme is what was hacked
            return 0.8 if _in_subject(names, r) else 0.5
    if not names:
        return 0.0
    if related or _does(names, r, asked.predicate):
        return 1.0
    if asked.role in (None, "object") and asked.verbs and _in_event_clause(names, r, same_event):
        return 1.0
    return 0.8 if _in_subject(names, r) else 0.6


def _body_did(names: Sequence[Entity], r: Reading, asked: Asked, same_event: Callable[[str], bool]) -> bool:
    """A body named as the one that did the asked event, however the parse holds it: the subject of a clause of the
    event or a name set beside that subject ("a criminal gang, DarkSide, hacked…"), the agent of a passive clause of
    the event or of one whose subject names it ("the pipeline hack was carried out by DarkSide"), or "by X" on a
    noun of the event ("the hack by DarkSide")."""
    stems = {stem(v) for v in asked.verbs}
    for c in r.claims:
        event = same_event(c.predicate) or bool(c.subject) and any(term_matches(v, {stem(w) for w in tokenize(c.subject or "")}) for v in stems)
        if not event:
            continue
        if c.passive:
            if c.object and any(c.object in e.key.split() for e in names):
                return True
            continue
        if not same_event(c.predicate) or not c.subject:
            continue
        if any(set(c.subject_keys) & e.keys for e in names):
            return True
        at = r.text.find(c.subject, c.start)
        if at >= 0 and any(r.text[at + len(c.subject) : e.start].strip() in ("", ",") for e in names if e.start >= at + len(c.subject)):
            return True
    of_event = [q for q in r.participants if q.prep == "of" and stem(q.noun) in stems]  # "the hack of the pipeline by X":
    # the parse may hang "by X" on the patient
    return any(p.prep == "by" and (stem(p.noun) in stems or any(q.start <= p.start < q.end for q in of_event))
               and any(p.start <= e.start < p.end for e in names) for p in r.participants)


def _done_to(names: Sequence[Entity], r: Reading, asked: Asked) -> bool:
    """A body inside the "of" phrase of a noun of the asked event ("the hack of Acme's systems"): what it was done
    to, not who did it."""
    stems = {stem(v) for v in asked.verbs}
    return any(p.prep == "of" and stem(p.noun) in stems and any(p.start <= e.start < p.end for e in names) for p in r.participants)


def _does(names: Sequence[Entity], r: Reading, predicate: str | None) -> bool:
    """One of the names is the subject of the question's predicate here, or its agent ("directed by Antoine Fuqua"),
    or takes part in the event as a noun tells it ("in a meeting with Sen. Capito" for "who did Biden meet")."""
    for c in r.claims:
        if c.predicate != predicate:
            continue
        if any(set(c.subject_keys) & e.keys or (c.object and c.object in e.key.split()) for e in names):
            return True
    event = stem(predicate) if predicate else None
    return event is not None and any(stem(p.noun) == event and any(p.start <= e.start < p.end for e in names) for p in r.participants)


# Participles that give a thing its name ("a company called Acme"): closed-class English.
_NAMING = frozenset({"called", "named", "dubbed"})


def _named_as(noun: str, r: Reading, e: Entity) -> bool:
    """The name is introduced as one of the noun's kind: right after it ("the firm Acme") or after it and a naming
    participle ("another company called Information Appliance", which the recogniser may type a product)."""
    before = [w.strip(".,;:'\"“”‘’()") for w in r.text[max(0, e.start - 40) : e.start].lower().split()][-2:]
    if before[-1:] and before[-1] in _NAMING:
        before = before[:-1]
    return bool(before) and stem(before[-1]) == stem(noun)


def _in_subject(names: Sequence[Entity], r: Reading) -> bool:
    return any(set(c.subject_keys) & e.keys for c in r.claims for e in names)


def _related(asked: Asked, r: Reading, said: Attribution | None) -> bool:
    """The noun the question asks about stands beside a name: its role ("union leader Tony Woodley"), the words just
    before it ("Microsoft executive Rick Smith"), or the name itself ("the Court of Appeals")."""
    if not asked.noun:
        return False
    noun = stem(asked.noun)
    if said is not None and said.role and noun in {stem(w) for w in tokenize(said.role)}:
        return True
    for e in _new(asked, r):
        before = tokenize(r.text[max(0, e.start - 40) : e.start])[-3:]
        if noun in {stem(w) for w in before} or noun in {stem(w) for w in tokenize(e.text)}:
            return True
    return False


def _quotation(asked: Asked, r: Reading, said: Attribution | None) -> float:
    """What the question's speaker said: their words here (a "he said" resolved to them counts). A speaker the
    question does not name fills it only when the question names no one, or by a role that shares its words
    ("a ministry spokesperson" for "the defense ministry")."""
    keys = asked.entity_keys
    if said is not None:
        spoken = sentence_words([said.speaker or "", said.role or ""])
        if set(said.keys) & keys or (said.speaker and any(names_met(e, frozenset(said.keys), spoken) for e in asked.entities)):
            return 1.0
        if not asked.entities:
            return 0.9 if said.direct else 0.8
        if not said.keys:
            words = sentence_words([said.speaker or "", said.role or ""])
            return (0.9 if said.direct else 0.8) if any(w in words for e in asked.entities for w in e.key.split()) else 0.5
        return 0.3
    # the question's speaker with its verb of saying, whose words the parse did not mark ("said at the time that…"):
    # "what did X say" takes any verb of saying, "how did X describe" only its own
    if any(c.predicate in SAYING and set(c.subject_keys) & keys and asked.predicate in ("say", c.predicate) for c in r.claims):
        return 0.9
    if any(set(c.subject_keys) & keys for c in r.claims) and not any(e.label == "PERSON" for e in asked.entities):
        return 0.8 if r.quoted else 0.7  # the named body calls it something in quotation marks, or gives no words
    return 0.0


def _identity(asked: Asked, r: Reading, said: Attribution | None) -> float:
    """Who someone is: their role where they speak, or a sentence about them."""
    keys = asked.entity_keys
    if said is not None and set(said.keys) & keys and said.role:
        return 1.0
    if any(e.keys & keys for e in r.entities):
        return 0.8
    return 0.0


# --- scoring every candidate ---------------------------------------------------------------------------------

@dataclass
class Scored:
    sentence: Sentence
    features: Features
    verdict: Verdict
    reading: Reading
    lean_on: Sentence | None = None  # the previous sentence, when the answer needs it to name its subject

    @property
    def score(self) -> float:
        return self.verdict.score


def score_sentences(asked: Asked, evidence: Evidence, read: _Read, embedder: Embedder, p: Parameters,
                    as_of: dt.date | None = None) -> list[Scored]:
    """Every candidate scored and judged, best first (answering sentences before the rest)."""
    terms = [stem(t) for t in asked.terms]
    own = [_words(read.readings[s.text]) | _speaker_words(read.said.get((s.path, s.offset))) | _body_words(read.about.get((s.path, s.offset)))
           for s in evidence.sentences]
    idf = {t: math.log(1 + len(own) / (1 + sum(1 for w in own if t in w))) for t in terms}
    window = window_days(asked, as_of)
    degrees = _degrees_said(asked, [s.text for s in evidence.sentences], embedder, p.same_degree)
    drafts = []
    for s, words in zip(evidence.sentences, own):
        key = (s.path, s.offset)
        r, said = read.readings[s.text], read.said.get(key)
        prev = evidence.previous.get(key)
        prev_r = read.readings.get(prev.text) if prev is not None else None
        missing, needs_prev = _missing(asked, r, said, prev_r, read.lead.get(s.path, (frozenset(), frozenset())), read.about.get(key),
                                       read.aliases.get(s.path))
        missing = tuple(m for m in missing if m not in degrees.get(s.text, ()))
        around = (_words(prev_r) if prev_r is not None else frozenset()) | read.lead.get(s.path, (frozenset(), frozenset()))[1]
        overlap = _overlap(terms, idf, words, around)
        leans = needs_prev or _leans(r, said)
        named = read.named.get(key)
        lean_on = named if named is not None else prev if leans else _introducing(asked, s, r, evidence)
        days = _age(s.published, as_of)
        in_time = in_window(asked, s.published, as_of)
        drafts.append((s, r, said, missing, overlap, lean_on, days, in_time))
    alike = _alike(asked, [d[1] for d in drafts], embedder, p.same_noun)
    same_event = _same_event(asked, [d[1] for d in drafts], embedder, p.same_predicate)
    reason_noun = _reason_nouns(asked, [d[1] for d in drafts], embedder, p.noun_type)
    fills = [slot_fill(asked, d[1], d[2], alike, same_event, read.about.get((d[0].path, d[0].offset)), reason_noun)
             * (p.other_subject if _other_subject(asked, d[1]) else 1.0) for d in drafts]
    if asks_done(asked):
        fills = [min(fill, p.to_come) if told_to_come(d[1], _filler_spans(asked, d[1])) else fill for fill, d in zip(fills, drafts)]
    pre = [p.slot * fills[i] + p.overlap * d[4] - len(d[3]) for i, d in enumerate(drafts)]
    order = sorted(range(len(drafts)), key=lambda i: (-pre[i], drafts[i][0].path, drafts[i][0].offset))
    features = []
    for i, (_s, r, said, missing, overlap, _lean, days, in_time) in enumerate(drafts):
        predicate = _tells_event(asked, r) or _quoted_saying(asked, said)
        in_time = in_time and not (window is not None and _dated_to_another_year(asked, r, as_of, window, same_event))
        features.append(Features(fills[i], overlap, 0.0, predicate, missing, asked.typed, days, in_time, window is not None,
                                 contradicted(asked, r, same_event, p.premise), open=asked.wants in ("quotation", "statement"),
                                 kind_held=kind_held(asked, r)))
    meaning = _meaning(asked, [drafts[i][0] for i in order], [features[i] for i in order], embedder, p)
    out = []
    for (s, r, _said, _lacks, _shares, lean, _days, _in_time), f in zip(drafts, features):
        f = replace(f, meaning=meaning.get(s, 0.0), measured=s in meaning)
        out.append(Scored(s, f, score(f, p), r, lean))
    out.sort(key=lambda x: (not x.verdict.answers, -x.score, x.sentence.path, x.sentence.offset))
    return out


def _degrees_said(asked: Asked, texts: Sequence[str], embedder: Embedder, minimum: float) -> dict[str, set[str]]:
    """The question's superlatives each sentence says in other words: the word right before the noun it picks out,
    where "WORD NOUN" is this close in meaning to the question's ("the highest audience" for "the biggest audience").
    Not an ordinal: "the second parade" is no "first parade", however close in meaning. What is compared is the phrase
    with its noun, which keeps "the lowest audience" further than a single word would."""
    wanted = [(word, noun) for word, noun in asked.degree if word not in ORDINAL_WORDS]
    if not wanted:
        return {}
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for text in texts:
        words = [w.lower() for w in tokenize(text)]
        for word, noun in wanted:
            for i in range(1, len(words)):
                if stem(words[i]) == stem(noun) and words[i - 1] != word:
                    found.setdefault((word, noun), []).append((text, f"{words[i - 1]} {words[i]}"))
    out: dict[str, set[str]] = {}
    for (word, noun), pairs in found.items():
        vectors = embedder.embed([f"{word} {noun}", *(phrase for _, phrase in pairs)])
        for (text, _), v in zip(pairs, vectors[1:]):
            if float(v @ vectors[0]) >= minimum:
                out.setdefault(text, set()).add(word)
    return out


def _meaning(asked: Asked, sentences: Sequence[Sentence], features: Sequence[Features], embedder: Embedder,
             p: Parameters) -> dict[Sentence, float]:
    """Each sentence's cosine with the question, embedded only where it can change a verdict, for the first
    `EMBEDDED_CANDIDATES` of `sentences` (best pre-scored first) that could: a sentence that cannot answer even at a
    cosine of 1 (a name missing, out of time, no filler of the asked type, too little of the question) keeps 0, and
    takes no place among them. The embedder is most of `ask`'s time; the score rises with the cosine, so skipping
    those changes no answer (only the order of the sentences that don't answer: `--explain`, an abstention's note)."""
    embedded = [s for s, f in zip(sentences, features) if score(replace(f, meaning=1.0), p).answers][:EMBEDDED_CANDIDATES]
    if not embedded:
        return {}
    vectors = embedder.embed([asked.text] + [s.text for s in embedded])
    return {s: float(v @ vectors[0]) for s, v in zip(embedded, vectors[1:])}


def _alike(asked: Asked, readings: Sequence[Reading], embedder: Embedder, minimum: float) -> Callable[[str, str], bool]:
    """Whether two counted nouns count the same things ("people" and "staff"): the same stem, or close in meaning."""
    if not asked.counted:
        return lambda a, b: stem(a) == stem(b)
    nouns = sorted({q.counted for r in readings for q in r.quantities if q.counted and stem(q.counted) != stem(asked.counted)})
    close: set[str] = set()
    if nouns:
        vectors = embedder.embed([asked.counted, *nouns])
        close = {n for n, v in zip(nouns, vectors[1:]) if float(v @ vectors[0]) >= minimum}
    return lambda a, b: stem(a) == stem(b) or a in close or b in close


def _reason_nouns(asked: Asked, readings: Sequence[Reading], embedder: Embedder, minimum: float) -> Callable[[str], bool]:
    """Whether the subject of a "be" names a cause ("the main factor was…", "the reason is…"): its head is nearest the
    answer type "reason" in meaning, as a question's noun is typed. Only weighed for a "why" question."""
    if asked.wants != "reason":
        return lambda noun: False
    heads = sorted({c.subject_head for r in readings for c in r.claims if c.predicate == "be" and c.subject_head} |
                   {a for r in readings for c in r.claims if (a := _antecedent(r, c)) is not None})  # "the reason she lost"
    causes = {h for h in heads if noun_type(h, embedder, minimum) == "reason"}
    return causes.__contains__


def _same_event(asked: Asked, readings: Sequence[Reading], embedder: Embedder, minimum: float) -> Callable[[str], bool]:
    """Whether a sentence's predicate tells the question's event: one of its verbs by lemma or as written ("found"
    read as "find"), close in meaning ("recapture" for "retake"), or, for a verb of saying, any other one ("said" for
    "claimed": a report is a report). Meaning is only weighed where a date, figure or cause must belong to the event."""
    own = set(asked.verbs)
    saying = bool(own & SAYING)
    close: set[str] = set()
    if (asked.wants in ("date", "time", "quantity", "reason") or _asks_doer(asked) or _asks_agent(asked) and not saying) and own:
        holding = {"date": lambda r: r.times, "time": lambda r: r.times, "quantity": lambda r: r.quantities,
                   "reason": lambda r: r.reasons}.get(asked.wants, lambda r: r.claims)
        lemmas = sorted({c.predicate for r in readings if holding(r) for c in r.claims} - own - LIGHT_VERBS)  # where a filler is
        if lemmas:
            vectors = embedder.embed([*own, *lemmas])
            mine = vectors[: len(own)]
            close = {w for w, v in zip(lemmas, vectors[len(own):]) if float((mine @ v).max()) >= minimum}
    return lambda lemma: lemma in own or lemma in close or saying and lemma in SAYING


def _other_subject(asked: Asked, r: Reading) -> bool:
    """The sentence tells the question's predicate of someone else ("Collins ran…" for "what time did Greene run")."""
    main = asked.reading.claims[0] if asked.reading.claims else None
    people = [e for e in asked.entities if e.label == "PERSON" and main is not None and e.keys & set(main.subject_keys)]
    if main is None or not people or asked.role in ("subject", "speaker"):
        return False
    others = [e for e in r.entities if e.label == "PERSON" and not any(names_met(p, e.keys, frozenset(e.key.split())) for p in people)]
    return any(c.predicate == main.predicate and any(set(c.subject_keys) & e.keys for e in others) for c in r.claims)


def _words(r: Reading) -> frozenset[str]:
    return frozenset({stem(w) for w in r.lemmas} | {stem(w) for e in r.entities for w in e.key.split()} |
                     {stem(w) for w in tokenize(r.text)})


def _body_words(body: Entity | None) -> frozenset[str]:
    """The name of the body a sentence's subject describes ("The organisation blames…"): the sentence is about it."""
    return frozenset(stem(w) for w in tokenize(body.text)) if body is not None else frozenset()


def _speaker_words(said: Attribution | None) -> frozenset[str]:
    """The name of whoever the reading says speaks in the sentence ("…," he said: Artyom Lukin): the sentence is
    about them as much as if it named them."""
    return frozenset(stem(w) for w in tokenize(said.speaker)) if said is not None and said.speaker else frozenset()


def _overlap(terms: Sequence[str], idf: dict[str, float], own: frozenset[str], around: frozenset[str]) -> float:
    """idf-weighted share of the question's terms in the sentence (in its neighbour or article's lead: half)."""
    total = sum(idf.get(t, 1.0) for t in terms)
    if not total:
        return 0.0
    got = sum(idf.get(t, 1.0) * (1.0 if term_matches(t, own) else 0.5 if term_matches(t, around) else 0.0) for t in terms)
    return got / total


def _missing(asked: Asked, r: Reading, said: Attribution | None, prev: Reading | None,
             lead: tuple[frozenset[str], frozenset[str]], about: Entity | None = None,
             aliases: dict[str, frozenset[str]] | None = None) -> tuple[tuple[str, ...], bool]:
    """(the question's names met nowhere around the sentence, whether it needs the sentence before to meet them);
    `about` is the body its subject describes ("the organisation"); `aliases` the article's other names for a name
    (`_acronyms`)."""
    own_keys = r.entity_keys | frozenset(said.keys if said is not None else ()) | (about.keys if about is not None else frozenset())
    own_words = sentence_words([r.text, (said.speaker or "") if said is not None else "", about.text if about is not None else ""])
    own_keys = _aliased(own_keys, own_words, aliases)
    lead = (_aliased(lead[0], lead[1], aliases), lead[1])
    prev_words = sentence_words([prev.text]) if prev is not None else frozenset()
    prev_keys = _aliased(prev.entity_keys, prev_words, aliases) if prev is not None else frozenset()
    missing, needs_prev = [], False
    for e in asked.entities:
        if names_met(e, own_keys, own_words) or names_met(e, *lead) or _placed_within(asked, e, r):
            continue
        if prev is not None and (names_met(e, prev_keys, prev_words) or _placed_within(asked, e, prev)):
            needs_prev = True
            continue
        missing.append(e.text)
    met = {e.text for e in asked.entities} - set(missing)
    missing = [m for m in missing if not any(m in g and g & met for g in asked.joined)]  # "Charles and Camilla": one is enough
    here = _parts(sentence_words([r.text])) if asked.degree else frozenset()
    before = _parts(sentence_words([prev.text])) if asked.degree and prev is not None else frozenset()
    for word, noun in asked.degree:  # "the most turkeys": a sentence that does not say "most" tells of some turkeys
        if word in here:
            continue
        if word in before:
            needs_prev = True
            continue
        if word in _parts(lead[1]) and noun in lead[1]:
            continue  # the article's lead gives it ("plans to build a second plant"), the sentence points back ("the new plant")
        missing.append(word)
    return tuple(missing), needs_prev


def _parts(words: frozenset[str]) -> frozenset[str]:
    """Words as a superlative or ordinal is written in them ("first-ever" says "first")."""
    return frozenset(part for w in words for part in w.split("-"))


# Determiners that point back to a thing named before ("the products", "these products"): closed-class English.
_DEFINITE = frozenset({"the", "these", "those", "this", "that"})


def _introducing(asked: Asked, s: Sentence, r: Reading, evidence: Evidence) -> Sentence | None:
    """The article's opening sentence, when the sentence tells of the asked thing only by pointing back to it ("CVS
    is removing the products" for "which type of products were removed"): the noun the question asks about with
    nothing but a definite determiner before it. News names a thing in its lead and points back to it after; the
    answer brings the lead, as it brings the sentence naming whom a "he" means."""
    if asked.wants != "thing" or not asked.noun or not asked.verbs:
        return None
    noun = stem(asked.noun)
    for c in r.claims:  # the clause telling the asked event, the asked thing its object
        if c.predicate not in asked.verbs or c.object is None or stem(c.object) != noun:
            continue
        words = r.text[c.start : c.end].lower().split()
        first = next((i for i, w in enumerate(words) if stem(w.strip(".,;:!?\"'“”‘’()")) == noun), None)
        if first is not None and first and words[first - 1] in _DEFINITE:
            break
    else:
        return None
    return next((o for o in evidence.articles.get(s.path, []) if o.chunk_id.endswith("-00000") and o.offset < s.offset
                 and not o.tainted and _prose(o.text)), None)


def _placed_within(asked: Asked, e: Entity, r: Reading) -> bool:
    """The question places its event in a country (`Asked.located`) and the sentence tells it in one of that
    country's provinces or its capital ("in one small Texas county" for "in the US"). Not for a figure: a count
    or sum of a part is not the country's."""
    countries = {k[1:] for k in e.keys if k[:1] == "="} & set(asked.located)
    return bool(countries) and asked.wants != "quantity" and \
        any(countries & countries_within(p.text) for p in r.entities if p.label in ("GPE", "LOC", "FAC"))


def _leans(r: Reading, said: Attribution | None) -> bool:
    """The sentence names its subject only by a pronoun ("He said…", "The move…" aside): the one before names it."""
    if said is not None and said.pronoun:
        return True
    main = r.claims[0] if r.claims else None
    return main is not None and main.subject_pro is not None and main.subject_pro.points_back


def _age(published: str | None, as_of: dt.date | None) -> int | None:
    """Days from the article's publication to the question's date (negative: published after it)."""
    if as_of is None or not published:
        return None
    try:
        return (as_of - dt.date.fromisoformat(published[:10])).days
    except ValueError:
        return None


def _dated_to_another_year(asked: Asked, r: Reading, as_of: dt.date | None, window: int,
                           same_event: Callable[[str], bool]) -> bool:
    """The sentence dates the asked event to a year outside the time the question names ("1986 — The Mets won the
    World Series" for "which team won it this week"): a year in the event's clause, or heading the sentence outside
    any clause. A year that names something ("the 2002 movie") or dates another clause ("founded in 1972") does not."""
    if as_of is None:
        return False
    years = range((as_of - dt.timedelta(days=window)).year, as_of.year + 1)
    stems = {stem(v) for v in asked.verbs}
    for t in r.times:
        named = [int(w) for w in t.text.replace(",", " ").split() if w.isdigit() and len(w) == 4]
        if t.modifies or t.within or not named or any(y in years for y in named):
            continue
        if not any(c.start <= t.start and t.end <= c.end for c in r.claims) or _of_event(r, t.start, t.end, same_event, stems):
            return True
    return False


def in_window(asked: Asked, published: str | None, as_of: dt.date | None) -> bool:
    """Whether an article published then may answer: within the time the question names relative to its date ("this
    week"), or the question names none, or the article is undated."""
    window, days = window_days(asked, as_of), _age(published, as_of)
    return window is None or days is None or -2 <= days <= window


def window_days(asked: Asked, as_of: dt.date | None) -> int | None:
    """Days before the question's date an answer may be from, when the question names a time relative to now
    ("this week", "last month"; not "in 2004", which dates the event, not the report)."""
    if as_of is None:
        return None
    for t in asked.times:
        words = t.text.lower().split()
        if any(ch.isdigit() for ch in t.text) or not words or words[-1] not in _UNIT_DAYS:
            continue
        return _UNIT_DAYS[words[-1]] + 3
    return None


# --- choosing and writing the answer ------------------------------------------------------------------------

def select(scored: Sequence[Scored], p: Parameters, limit: int = MAX_ANSWER_SENTENCES) -> list[Scored]:
    """The best answering sentence, plus answering runners-up close to it that add something, from other sources first."""
    answering = [s for s in scored if s.verdict.answers]
    if not answering:
        return []
    top = answering[0]
    picked, used = [top], 1 + (top.lean_on is not None)
    rest = sorted(answering[1:], key=lambda s: (s.sentence.path == top.sentence.path, -s.score))
    for cand in rest:
        cost = 1 + (cand.lean_on is not None and not any(cand.lean_on in (q.sentence, q.lean_on) for q in picked))
        if used + cost > limit or cand.score < top.score * p.runner_up:
            continue
        if any(_redundant(cand, q) or cand.sentence == q.lean_on or q.sentence == cand.lean_on for q in picked):
            continue
        picked.append(cand)
        used += cost
    return picked


def _redundant(a: Scored, b: Scored) -> bool:
    wa, wb = set(a.reading.lemmas), set(b.reading.lemmas)
    return a.sentence.text == b.sentence.text or len(wa & wb) / (len(wa | wb) or 1) > 0.6


def compose(picked: Sequence[Scored], book: CitationBook) -> str:
    """Verbatim sentences, each followed by its citation: the one that fills the slot first, then the one it leans on."""
    parts: list[str] = []
    for p in picked:
        mark = book.cite_verified(p.sentence)
        if mark is None:
            continue  # the answering sentence itself must verify
        parts.append(f"{as_sentence(p.sentence.text)} [{mark}]")
        if p.lean_on is not None:
            n = book.cite_verified(p.lean_on)
            if n is not None and f"[{n}]" not in " ".join(parts):
                parts.append(f"{as_sentence(p.lean_on.text)} [{n}]")
    return " ".join(parts)


def as_sentence(text: str) -> str:
    """A quoted sentence as the answer shows it: from a capital, even where its source slipped ("… in the war.
    the South Korean military also said …" reads as a fragment); its citation keeps the quote verbatim."""
    return text[0].upper() + text[1:] if text[:1].islower() else text


def abstention(asked: Asked, scored: Sequence[Scored]) -> tuple[str, str]:
    """(the answer text, the note saying why): no sentence fills the slot, and what the closest one lacked. The
    answer says a name is mentioned nowhere only when no retrieved sentence meets it."""
    subject = asked.text.rstrip("?").strip()
    if not scored:
        return f"The sources don't say. Nothing was retrieved for: {subject}.", "Abstained: no sentence was retrieved."
    best = max(scored, key=lambda s: s.score)
    why = _of_closest(best.verdict.reason or "it does not answer")
    nowhere = [m for m in best.features.missing if all(m in s.features.missing for s in scored)]  # met by no sentence
    if nowhere:
        text = ("The sources don't say. None of the retrieved articles mentions "
                + ", ".join(f"“{m}”" for m in nowhere) + f" in connection with this question ({subject}).")
    else:
        text = f"The sources don't say. Nothing in the retrieved articles answers: {subject}."
    return text, f"Abstained: no retrieved sentence fills what the question asks for ({asked.wants}); {why}."


def _of_closest(reason: str) -> str:
    """A reason from `scoring.score` ("it does not mention …"), told of the closest sentence: "the closest one does
    not mention …". A reason with another subject is kept whole after a colon."""
    head, _, rest = reason.partition(" ")
    return f"the closest one {rest}" if head.lower() == "it" and rest else f"the closest one falls short: {reason}"


def extractive_answer(question: str, hits: Sequence[Hit], embedder: Embedder, reader: Reader, as_of: dt.date | None = None,
                      exclude: Collection[str] = ()) -> Answer:
    """Answer from retrieved chunks, or abstain saying why; `exclude` holds quotes already shown."""
    p = parameters(getattr(embedder, "name", ""))
    asked = take(question, reader.model, getattr(embedder, "name", "")) or read_question(question, reader, embedder, p.noun_type)
    evidence = candidate_sentences(hits, exclude)
    read = _read(evidence, reader, lambda noun: noun_type(noun, embedder, p.noun_type) == "organisation")
    scored = score_sentences(asked, evidence, read, embedder, p, as_of)
    for s in scored[:5]:
        log.debug("%.2f %s slot=%.2f overlap=%.2f meaning=%.2f %s: %s", s.score, "answers" if s.verdict.answers else "no",
                  s.features.slot, s.features.overlap, s.features.meaning, s.verdict.reason or "", s.sentence.text[:100])
    picked = select(scored, p)
    explained = explain(asked, scored)
    book = CitationBook()
    disputes = question_discrepancies(asked, evidence.sentences, embedder, reader) if picked and asked.wants == "quantity" else []
    lead = _disputed_lead(picked[0], disputes) if picked else None
    opening = _difference(lead, book) if lead is not None else None  # said first: the sources disagree
    text = compose(picked[:1] if opening else picked, book) if picked else ""  # after it, only the best-placed version
    if not text:
        answer, why = abstention(asked, scored)
        return Answer(question, answer, True, "extractive", None, notes=[why], explain=explained)
    if opening:
        text = f"{opening} {text}"
    notes = [n for n in (_difference(d, book) for d in disputes) if n]  # the notes list every difference
    return Answer(question, text, False, "extractive", None, citations=book.citations, notes=notes, explain=explained)


EXPLAINED_CANDIDATES = 5  # the best-scored sentences `ask --explain` shows


def explain(asked: Asked, scored: Sequence[Scored], limit: int = EXPLAINED_CANDIDATES) -> dict[str, Any]:
    """What `ask --explain` shows: the question as read (its slot, the type that fills it, the event and the names
    an answer must meet) and, for the best-scored sentences, each feature of the one scoring function and its verdict."""
    question = {"wants": asked.wants, "role": asked.role, "predicate": asked.predicate, "event": list(asked.verbs),
                "noun": asked.noun, "counted": asked.counted, "names": [e.text for e in asked.entities],
                "any_of": [sorted(g) for g in asked.joined], "terms": list(asked.terms), "kind": asked.kind,
                "patient": asked.patient}
    best = sorted(scored, key=lambda s: -s.score)[:limit]
    return {"question": {k: v for k, v in question.items() if v not in (None, [], ())},
            "candidates": [{"text": s.sentence.text, "source": s.sentence.source, "score": round(s.score, 3),
                            "answers": s.verdict.answers, "why_not": s.verdict.reason,
                            "slot": round(s.features.slot, 3), "overlap": round(s.features.overlap, 3),
                            "meaning": round(s.features.meaning, 3), "predicate": s.features.predicate,
                            "missing": list(s.features.missing)} for s in best]}


def disagreement_notes(asked: Asked, sentences: Sequence[Sentence], book: CitationBook,
                       embedder: Embedder | None = None, reader: Reader | None = None) -> list[str]:
    """When the answer depends on which source you read, say so, citing each version."""
    return [n for n in (_difference(d, book) for d in question_discrepancies(asked, sentences, embedder, reader)) if n]


def question_discrepancies(asked: Asked, sentences: Sequence[Sentence], embedder: Embedder | None = None,
                           reader: Reader | None = None) -> list[Any]:
    """The retrieved sources' conflicting figures and dates about what the question asks. With the embedder the
    figures' clauses are compared by meaning, as in a briefing ("the Oct. 7 attack that killed 1,400 people" and
    "more than 100,000 people marched through Paris" count people, but not the same people). `reader` is the
    engine's (its readings of the candidates are cached at ingest; a fresh one parses them all again)."""
    from ragnews.analysis import differences

    terms = [stem(t) for t in asked.terms]
    similarity = embedder.embed if embedder is not None else None  # bound: the analysis takes its calibration by name
    return [d for d in differences(_as_articles(sentences), similarity=similarity, reader=reader)
            if not d.compatible and any(term_matches(t, set(tokenize(d.subject))) for t in terms)]


def _difference(d: Any, book: CitationBook) -> str | None:
    """'Sources differ on S: “A” [1] vs “B” [2].', or None when fewer than two versions can be cited."""
    versions = []
    for claim in d.claims:
        marks = [n for n in (book.cite_verified(s) for s in claim.refs) if n is not None]
        if marks:
            versions.append(f"“{claim.value}” " + "".join(f"[{m}]" for m in dict.fromkeys(marks)))
    return f"Sources differ on {d.subject}: " + " vs ".join(versions) + "." if len(versions) >= 2 else None


def _disputed_lead(top: Scored, disputes: Sequence[Any]) -> Any | None:
    """The discrepancy in which the answer's first sentence gives a figure that other sources contradict.

    Whatever injection detection misses, a planted figure ("95,000 troops") then can't stand beside the answer as
    if undisputed, nor open it as fact: the answer opens by saying the sources disagree, each version cited.
    """
    for d in disputes:
        for claim in d.claims:
            own = {r.path for r in claim.refs}
            if top.sentence in claim.refs and any({r.path for r in c.refs} - own for c in d.claims if c is not claim):
                return d
    return None


def _as_articles(sentences: Sequence[Sentence]) -> list[ArticleText]:
    """The retrieved sentences grouped by article, in reading order (dates unknown here)."""
    by_path: dict[str, list[Sentence]] = {}
    for s in sorted(sentences, key=lambda s: (s.path, s.offset)):
        by_path.setdefault(s.path, []).append(s)
    return [ArticleText(path, sents[0].source, sents[0].title, sents[0].outlet, None, sents) for path, sents in by_path.items()]
