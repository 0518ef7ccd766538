"""An answer that names the asked thing only by pointing back to it brings the lead that names it (issue 27, round 6).

"Which kind of devices were pulled from shops?" is answered by "Two chains are pulling the devices from their
shelves" only together with the article's opening sentence, which says what the devices are.
"""

from __future__ import annotations

from ragnews.answer.extractive import Evidence, _introducing
from ragnews.index.evidence import Sentence

from .conftest import article_sentences
from .conftest import asked as _asked

_ARTICLE = ["Regulators warned shoppers on Monday to stop using some cheap electric heaters after a string of fires.",
            "The warning covers 12 models sold since March.",
            "Two chains, Brightmart and Homeway, are pulling the heaters from their shelves, the regulator said.",
            "Two chains, Brightmart and Homeway, are pulling 12 cheap heater models from their shelves, the regulator said."]


def _evidence() -> tuple[Evidence, list[Sentence]]:
    sents = article_sentences(_ARTICLE)
    return Evidence(sents, {}, {"a.txt": "Heater warning"}, {}, {"a.txt": sents}), sents


def test_a_definite_back_reference_brings_the_lead(ask_reader) -> None:
    reader, _ = ask_reader
    evidence, sents = _evidence()
    asked = _asked(ask_reader, "Which type of heaters were pulled from the shelves of Brightmart and Homeway?")
    assert _introducing(asked, sents[2], reader.one(sents[2].text), evidence) == sents[0]


def test_a_thing_named_in_the_sentence_needs_no_lead(ask_reader) -> None:
    reader, _ = ask_reader
    evidence, sents = _evidence()
    asked = _asked(ask_reader, "Which type of heaters were pulled from the shelves of Brightmart and Homeway?")
    assert _introducing(asked, sents[3], reader.one(sents[3].text), evidence) is None  # "12 cheap heater models"
    # a question that asks for a person or a figure brings no lead for "the heaters"
    asked = _asked(ask_reader, "Who pulled the heaters from the shelves?")
    assert _introducing(asked, sents[2], reader.one(sents[2].text), evidence) is None
