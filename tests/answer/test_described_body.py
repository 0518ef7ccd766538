"""A body called by a description, and whose view a "why does X think" asks (issue 27, round 6). Constructed only.

"The organisation blames rising rents" is about the organisation the article named just before (as "the
organisation said" is); a "why does the trust think…" asks the trust's view, so a teacher's cause ("She blamed
rising rents") is another's.
"""

from __future__ import annotations

from ragnews.answer.extractive import Evidence, _read, slot_fill
from ragnews.answer.scoring import Parameters
from ragnews.index.evidence import Sentence

from .conftest import article_sentences
from .conftest import asked as _asked

_ARTICLE = ["A new survey from the Northfield Music Trust (NMT) has found fewer pupils are taking piano lessons.",
            "The organisation blames rising rents and the cost of lessons.",
            "Piano teacher Ana Ruiz has taught for 30 years.",
            "She blamed rising rents and the cost of lessons."]


def _evidence() -> tuple[Evidence, list[Sentence]]:
    sents = article_sentences(_ARTICLE)
    return Evidence(sents, {}, {"a.txt": "Piano lessons fall"}, {}, {"a.txt": sents}), sents


def test_a_described_body_is_the_one_named_before(ask_reader) -> None:
    from ragnews.answer.asking import noun_type

    reader, embedder = ask_reader
    evidence, sents = _evidence()
    read = _read(evidence, reader, lambda noun: noun_type(noun, embedder, Parameters().noun_type) == "organisation")
    about = read.about.get(("a.txt", sents[1].offset))
    assert about is not None and about.text == "Northfield Music Trust"  # its fullest name, not "NMT"
    assert read.named[("a.txt", sents[1].offset)] == sents[0]
    assert ("a.txt", sents[3].offset) not in read.about  # "She" is no description of a body


def test_why_does_x_think_asks_x_view(ask_reader) -> None:
    from ragnews.answer.asking import noun_type

    reader, embedder = ask_reader
    evidence, sents = _evidence()
    read = _read(evidence, reader, lambda noun: noun_type(noun, embedder, Parameters().noun_type) == "organisation")
    minimum = Parameters().slot_min
    question = "Why does the Northfield Music Trust think fewer pupils are taking piano lessons?"
    asked = _asked(ask_reader, question)
    assert [e.text for e in asked.framer] == ["Northfield Music Trust"]

    def fill(i: int) -> float:
        key = ("a.txt", sents[i].offset)
        return slot_fill(asked, read.readings[sents[i].text], read.said.get(key), about=read.about.get(key))

    assert fill(1) >= minimum  # the organisation's own cause
    assert fill(3) < minimum  # a teacher's
    # a question that asks no one's view takes either
    plain = _asked(ask_reader, "Why are fewer pupils taking piano lessons?")
    assert slot_fill(plain, read.readings[sents[3].text], None) >= minimum


def test_a_progressive_misread_as_be_keeps_its_event(ask_reader) -> None:
    # the small model reads "piano lessons" as an attribute of "are" and "getting" as a modifier of it
    for question in ("Why are piano lessons getting more expensive?",
                     "Why, according to the Northfield Music Trust, are piano lessons getting more expensive?"):
        asked = _asked(ask_reader, question)
        assert asked.wants == "reason" and "get" in asked.verbs, question
    assert "be" not in _asked(ask_reader, "Why is the museum closed?").verbs


def test_an_ing_verb_read_as_the_subject_of_be_is_the_event(ask_reader) -> None:
    # the small model reads "paying" as the clausal subject of "is": the question had no event, and any figure filled it
    minimum = Parameters().slot_min
    question = "How much is Acme paying the new builder it brought in at the port?"
    asked = _asked(ask_reader, question)
    assert asked.wants == "quantity" and "pay" in asked.verbs
    reader, _ = ask_reader
    fell = reader.read(["Shares in Acme, which is building the new port, fell as much as 19% on Monday."])[-1]
    assert slot_fill(asked, fell, None) < minimum  # a figure of another event
    paid = reader.read(["Acme is paying the new builder £20m to finish the port."])[-1]
    assert slot_fill(asked, paid, None) >= minimum
