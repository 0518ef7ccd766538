"""The answer engine reads a clause's pronoun subject from the model's morphology, not from the word as written
(issue 26, rules round 6: `_PRONOUNS`, `_PERSONAL`, `_ONE`, `_OF_PERSON`, `_OF_BODY` deleted)."""

from __future__ import annotations

from ragnews.answer.extractive import _leans, _reported_owners
from ragnews.text.reading import Entity, default_reader


def test_a_sentence_whose_subject_is_a_pronoun_leans_on_the_one_before():
    reader = default_reader()
    for text in ("She said the plan failed.", "This was denied.", "It rose 5%.", "They met him.", "His son said no."):
        assert _leans(reader.one(text), None), text


def test_a_named_or_first_person_subject_does_not_lean():
    reader = default_reader()
    # "IT" opens with the letters of "it": the string test took the sentence to lean on the one before
    for text in ("IT workers struck on Monday.", "US officials met Kim.", "We met them.", "Acme rose 5%."):
        assert not _leans(reader.one(text), None), text


def test_a_reported_clause_opening_with_a_pronoun_is_the_speaker_of_its_kind():
    reader = default_reader()
    person, body = Entity("Anna Hale", "PERSON", 0, 9, "anna hale"), Entity("Globex", "ORG", 0, 6, "globex")
    r = reader.one("Globex said its sales rose 2%.")
    clause = next(c for c in r.claims if c.predicate == "rise")
    assert _reported_owners(r, clause, [person, body], 0) == [body]
    r = reader.one("Hale said his pay rose 2%.")
    clause = next(c for c in r.claims if c.predicate == "rise")
    assert _reported_owners(r, clause, [person, body], 0) == [person]
