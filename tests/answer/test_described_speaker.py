"""A speaker called by a definite description of a body ("…," the organisation said) is the organisation the
article last named: its words, and a quotation it carries on into the next paragraph, are that body's. Small
constructed sentences only."""

from __future__ import annotations

from ragnews.answer.extractive import _bodies_described
from ragnews.index.evidence import Sentence
from ragnews.text.reading import default_reader, speakers

_TEXTS = [
    "A spokesman for the Press Freedom League described the ruling as harsh.",
    '"The authorities are trying to make an example of him," the organisation said in a statement.',
    '"Their aim is to frighten other writers into silence."',
]


def _sentences() -> list[Sentence]:
    out, offset = [], 0
    for text in _TEXTS:
        out.append(Sentence(text=text, source="a.txt", path="a.txt", start_line=1, end_line=1, offset=offset, chunk_id="a-00000"))
        offset += len(text) + 1
    return out


def _resolve(is_body):
    reader = default_reader()
    sents = _sentences()
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
