"""A reading's plain form (what the cache stores) is what `dataclasses.asdict` makes of it, field for field."""

from __future__ import annotations

import json
from dataclasses import asdict

from ragnews.text.language import load
from ragnews.text.reading import (
    Attribution,
    Claim,
    Entity,
    Quantity,
    Reader,
    Reading,
    Reason,
    Statement,
    Time,
    default_reader,
    read_doc,
)


def _full_reading() -> Reading:
    return Reading(
        text="“We will not retreat,” Kremlin spokesman Dmitry Peskov said, because 14,000 troops arrived last year.",
        entities=(Entity("Dmitry Peskov", "PERSON", 40, 53, "dmitry peskov", ("peskov",)),),
        quantities=(Quantity("14,000", 71, 77, 14000.0, 13500.0, 14500.0, None, "troop", "arrive"),),
        times=(Time("last year", 91, 100, "DATE", ("in",), False, False, False, True),),
        claims=(Claim("say", "Kremlin spokesman Dmitry Peskov", None, False, "asserted", 0, 60, ("dmitry peskov", "peskov"),
                      None, "peskov"),
                Claim("retreat", "We", None, True, "expected", 1, 20, (), "reported")),
        attribution=Attribution("say", "Dmitry Peskov", "person", "We will not retreat", True, "Kremlin spokesman",
                                keys=("dmitry peskov", "peskov")),
        lemmas=("retreat", "kremlin", "spokesman"),
        quoted=((1, 20),),
        reasons=(Reason("because 14,000 troops arrived last year", 63, 100, "because", True),),
        label_end=3,
        labels=1,
        statements=(Statement("14,000 troops arrived last year", ("troop", "arrive", "year")),),
    )


def test_the_plain_form_is_asdict_in_the_same_order():
    r = _full_reading()
    assert r.to_json() == asdict(r)
    assert json.dumps(r.to_json()) == json.dumps(asdict(r))  # the same keys in the same order: the same cached bytes
    assert Reading.from_json(json.loads(json.dumps(r.to_json()))) == r
    bare = Reading("Nothing here.")
    assert json.dumps(bare.to_json()) == json.dumps(asdict(bare))


def test_a_parsed_reading_is_the_same_however_its_text_is_reached():
    text = "Officials said about 4,000 people were killed or wounded, according to the ministry, in Kyiv last year."
    reader: Reader = default_reader()
    (r,) = reader.read([text])
    doc = load(reader.model)(text)
    assert doc.text == text  # the memo seeded from the input is the text spaCy would join
    again = read_doc(doc)  # no memo seeded: the reading joins the Doc's text itself
    assert again.text == r.text and again.attribution == r.attribution and again.quantities == r.quantities
    assert json.dumps(r.to_json()) == json.dumps(asdict(r))
