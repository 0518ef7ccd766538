"""A speaker called by a definite description of a body ("…," the organisation said) is the organisation the
article last named: its words, and a quotation it carries on into the next paragraph, are that body's. Small
constructed sentences only."""

from __future__ import annotations

from ragnews.answer.extractive import _bodies_described
from ragnews.index.evidence import Sentence
from ragnews.text.reading import default_reader, speakers

from .conftest import article_sentences

_TEXTS = [
    "A spokesman for the Press Freedom League described the ruling as harsh.",
    '"The authorities are trying to make an example of him," the organisation said in a statement.',
    '"Their aim is to frighten other writers into silence."',
]


def _resolve(is_body):
    reader = default_reader()
    sents = article_sentences(_TEXTS)
    readings = dict(zip(_TEXTS, reader.read(_TEXTS)))
    said = {(s.path, s.offset): a for s, a in zip(sents, speakers([readings[t] for t in _TEXTS]))}
    named: dict = {}
    _bodies_described(sents, readings, said, named, is_body)
    return sents, said, named


def test_the_organisation_is_the_one_last_named() -> None:
    sents, said, named = _resolve(lambda noun: noun == "organisation")
    for s in sents[1:]:  # the attributed quotation, and the one it carries on into
        a = said[(s.path, s.offset)]
        assert a is not None and a.speaker == "Press Freedom League" and a.kind == "body"
        assert named[(s.path, s.offset)] == sents[0]


def test_a_description_that_names_no_body_is_left_alone() -> None:
    _, said, named = _resolve(lambda noun: False)
    assert not named and all(a is None or a.kind != "body" for a in said.values())


_ARTICLE = [
    "Novelist Ana Ruiz, who has died at the age of 84, wrote about the inner workings of hospitals.",
    "Her first book was a surprise hit in Spain.",
    "The writer was known for her painstaking research into each profession.",
    '"I have never been able to write quickly.',
    'I am never satisfied," she once said.',
]


def test_she_said_after_a_description_is_the_person_the_article_is_about() -> None:
    from ragnews.answer.extractive import _protagonist, _quotations

    reader = default_reader()
    sents, offset = [], 0
    for text in _ARTICLE:
        sents.append(Sentence(text=text, source="b.txt", path="b.txt", start_line=1, end_line=1, offset=offset,
                              chunk_id="b-00000" if offset == 0 else "b-00001"))
        offset += len(text) + 1
    readings = dict(zip(_ARTICLE, reader.read(_ARTICLE)))
    resolved = speakers([readings[t] for t in _ARTICLE])

    def resolve(protagonist):
        said = {(s.path, s.offset): a for s, a in zip(sents, resolved)}
        named: dict = {}
        _quotations(sents, resolved, readings, said, named, protagonist)
        return said, named

    said, named = resolve(_protagonist([readings[_ARTICLE[0]]], sents[:1], readings))
    for s in sents[3:]:
        a = said[(s.path, s.offset)]
        assert a is not None and a.speaker is not None and "Ana Ruiz" in a.speaker
        assert named[(s.path, s.offset)] == sents[0]
    said, _ = resolve(None)  # without knowing whom the article is about, "the writer" names no one
    assert all(a is None or a.speaker is None for a in (said[(s.path, s.offset)] for s in sents[3:]))
