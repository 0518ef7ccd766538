"""The reading layer on small constructed sentences: what the English model reads, and how it is kept."""

from __future__ import annotations

import pytest

from ragnews.index.readings import SqliteReadingCache
from ragnews.text.language import LanguageModelError, load
from ragnews.text.reading import Reader, Reading, default_reader, number_value, speakers


def read(*texts: str) -> list[Reading]:
    return default_reader().read(list(texts))


def test_entities_are_typed_and_meet_their_variants():
    (r,) = read("Kremlin spokesman Dmitry Peskov said the U.S. and the Central Intelligence Agency were wrong.")
    by_text = {e.text: e for e in r.entities}
    assert by_text["Dmitry Peskov"].label == "PERSON"
    assert "peskov" in by_text["Dmitry Peskov"].keys  # a surname meets the full name
    us = next(e for e in r.entities if "=USA" in e.keys)
    assert us.key == "us"  # the dotted acronym is closed up
    assert "cia" in by_text["Central Intelligence Agency"].keys


def test_a_title_of_address_makes_a_person():
    (r,) = read("Mr Ebbers could face a long jail sentence.")
    assert [(e.text, e.label) for e in r.entities] == [("Ebbers", "PERSON")]


def test_speaker_after_the_quotation_and_its_role():
    (r,) = read('"It is a precaution," said Microsoft spokesman Frank Shaw.')
    a = r.attribution
    assert a is not None and a.speaker == "Frank Shaw" and a.kind == "person"
    assert a.direct and a.said.startswith("It is a precaution")
    assert a.role == "Microsoft spokesman"


def test_reported_speech_gives_the_clause_and_marks_it_reported():
    (r,) = read("Officials said the bridge would reopen in March.")
    a = r.attribution
    assert a is not None and not a.direct and a.kind == "group"
    assert "bridge would reopen" in a.said
    assert r.main is not None and r.main.predicate == "reopen" and r.main.modality == "expected" and r.main.frame == "reported"


def test_he_said_goes_to_the_named_speaker_before():
    rs = read("Finance Minister Anna Berg said the budget was balanced.", '"We have done our job," he said.')
    attrs = speakers(rs)
    assert attrs[1] is not None and attrs[1].speaker == attrs[0].speaker and attrs[1].direct  # type: ignore[union-attr]
    assert attrs[1].speaker.endswith("Anna Berg") and "berg" in attrs[1].keys


def test_he_said_goes_to_the_person_the_sentence_before_was_about():
    rs = read("Coach Tom Reilly resigned on Friday after ten years.", '"It was time," he said.')
    attrs = speakers(rs)
    assert attrs[1] is not None and attrs[1].speaker and attrs[1].speaker.endswith("Tom Reilly")


def test_a_surname_alone_takes_the_full_name_given_before():
    rs = read("Dmitry Peskov spoke to reporters in Moscow.", "Peskov said the talks had failed.")
    assert speakers(rs)[1].speaker == "Dmitry Peskov"  # type: ignore[union-attr]


def test_according_to_names_the_source():
    (r,) = read("About 4,000 soldiers were killed or wounded, according to the Pentagon.")
    assert r.attribution is not None and r.attribution.speaker == "Pentagon" and r.attribution.cue == "according to"


def test_a_count_with_what_it_counts_and_its_event():
    (r,) = read("About 14,000 troops were sent to the front.")
    (q,) = r.quantities
    assert q.value == 14_000 and q.counted == "troop" and q.event == "send"
    assert q.low < 14_000 < q.high  # "about" widens it


def test_money_with_a_glued_scale():
    (r,) = read("The council said the plan would save £6m a year.")
    (q,) = r.quantities
    assert q.value == 6_000_000 and q.unit == "£"


def test_bounds_make_intervals_that_agree_or_clash():
    (a,), (b,), (c,) = (read(t)[0].quantities for t in ("More than 100 people died.", "At least 120 people died.", "Only 40 people died."))
    assert a.compatible(b)
    assert not a.compatible(c)


def test_number_words():
    assert number_value(["two", "dozen"]) == 24
    assert number_value(["3.5", "billion"]) == 3.5e9
    assert number_value(["14,000"]) == 14_000
    assert number_value(["the"]) is None


def test_negation_and_denial():
    (r,) = read("Ukraine denied that Russia had retaken the town.")
    retake = next(c for c in r.claims if c.predicate == "retake")
    assert retake.frame == "denied"
    (n,) = read("The company did not confirm the deal.")
    assert n.claims[0].negated


def test_time_expressions_are_the_models_dates():
    (r,) = read("The treaty was signed last year and took effect in June 2024.")
    assert [t.text for t in r.times] == ["last year", "June 2024"]


def test_stated_causes_and_purposes():
    (because, purpose, bid, blame, plain) = read("Profits fell because of higher fuel costs.", "The ministry is closing embassies to save money.",
                                                 "The EU raised compensation in a bid to deter airlines.", "She blamed modern lifestyles.",
                                                 "He wants to leave on Monday.")
    assert [(x.text, x.certain) for x in because.reasons] == [("because of higher fuel costs", True)]
    assert [x.text for x in purpose.reasons] == ["to save money"]
    assert [x.text for x in bid.reasons] == ["to deter airlines"]
    assert [x.text for x in blame.reasons] == ["modern lifestyles"]
    assert plain.reasons == ()  # what someone wants is no cause
    (after,) = read("She withdrew after injuring her hamstring.")
    assert [(x.marker, x.certain) for x in after.reasons] == [("after", False)]  # "after" also tells a time


def test_readings_round_trip_through_the_cache(tmp_path):
    cache = SqliteReadingCache(tmp_path / "readings.sqlite3")
    first = Reader(cache=cache).read(["Dmitry Peskov said Russia had won.", "It rained."])
    again = Reader(cache=SqliteReadingCache(tmp_path / "readings.sqlite3"))
    again._parse = None  # type: ignore[assignment,method-assign]  # a second process must not parse: all cached
    assert again.read(["Dmitry Peskov said Russia had won.", "It rained."]) == first


def test_a_damaged_cache_costs_a_reread_not_an_error(tmp_path):
    path = tmp_path / "readings.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    (r,) = Reader(cache=SqliteReadingCache(path)).read(["Officials said it rained."])
    assert r.attribution is not None


def test_a_missing_model_is_a_clear_error():
    with pytest.raises(LanguageModelError, match="RAGNEWS_SPACY_MODEL"):
        load("en_core_web_nonexistent")


def test_ingest_reads_the_stored_sentences_once_so_a_briefing_parses_nothing(tmp_path, seeds_copy):
    from ragnews import Newsroom

    home = tmp_path / "home"
    Newsroom(db=tmp_path / "db", home=str(home)).ingest([seeds_copy])
    later = Newsroom(db=tmp_path / "db", home=str(home))  # another process: only the cache on disk is shared

    def no_parsing(texts: list[str]) -> None:
        raise AssertionError(f"parsed again: {texts[:2]}")

    later.reader._parse = no_parsing  # type: ignore[method-assign]
    briefing = later.brief([seeds_copy])
    assert briefing.summary and briefing.quotes
