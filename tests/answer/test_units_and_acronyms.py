"""A measure's kind and an acronym's name (issue 27, round 9). Small constructed sentences only.

"How long is the pipeline" is answered by a length ("its 5,500-mile pipeline"); "how far" only by a distance, not a
sum or a time; "how heavy" by a mass. An acronym that drops a word of its name ("HHS" for "the Department of Health
and Human Services") is met by that name in an article that writes both.
"""

from __future__ import annotations

from ragnews.answer.extractive import Evidence, _acronyms, _read, score_sentences
from ragnews.answer.scoring import Parameters, parameters

from .conftest import article_sentences
from .conftest import asked as _asked
from .conftest import fill as _fill


def test_how_long_a_thing_is_answered_by_its_length(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How long is the pipeline that Acme is building?"
    assert _fill(ask_reader, question, "Acme is building its 5,500-mile pipeline across the desert.") >= minimum
    assert _fill(ask_reader, "How long is the new bridge over the river?",
                 "The new bridge over the river is 2.4 km long and cost $300m.") >= minimum
    # a distance of something else, and a distance for a question asking how long an event lasted
    assert _fill(ask_reader, question, "Acme's trucks drove 300 miles to the site last week.") < minimum
    assert _fill(ask_reader, "How long did the strike last?", "The strike closed a 40-mile stretch of the railway.") < minimum
    assert _fill(ask_reader, "How long did the strike last?", "The strike lasted 12 days.") >= minimum


def test_how_far_is_answered_only_by_a_distance(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How far did Ana Ruiz run on Sunday?"
    assert _fill(ask_reader, question, "Ana Ruiz ran 42 kilometres on Sunday.") >= minimum
    assert _fill(ask_reader, question, "Ana Ruiz ran for two hours on Sunday.") < minimum
    assert _fill(ask_reader, question, "Ana Ruiz raised $5,000 on Sunday.") < minimum


def test_how_tall_and_how_heavy_ask_one_dimension(ask_reader) -> None:
    minimum = Parameters().slot_min
    assert _fill(ask_reader, "How tall is the new tower in Dubai?", "The new tower in Dubai is 828 metres tall.") >= minimum
    assert _fill(ask_reader, "How tall is the new tower in Dubai?", "The new tower in Dubai cost $1.5bn.") < minimum
    question = "How heavy was the meteorite found in Chile?"
    assert _fill(ask_reader, question, "The meteorite found in Chile weighed 60 kg.") >= minimum
    assert _fill(ask_reader, question, "The meteorite found in Chile measured 2 metres across.") < minimum


_ARTICLE = ["Hospitals in three states reported a rise in flu cases this week.",
            "Doctors said the wards were full by Thursday.",
            "Officials expect the season to peak in January.",
            "The Department of Health and Human Services will fund 40 new clinics in Ohio, officials said.",
            "HHS will spend $2bn on vaccines next year, a spokesman said."]


def _best(ask_reader, question: str, article: list[str]) -> tuple[str, bool, tuple[str, ...]]:
    reader, embedder = ask_reader
    sents = article_sentences(article)
    evidence = Evidence(sents, {}, {"a.txt": "Flu season"}, {}, {"a.txt": sents})
    top = score_sentences(_asked(ask_reader, question), evidence, _read(evidence, reader), embedder, parameters(embedder.name))[0]
    return top.sentence.text, top.verdict.answers, top.features.missing


def test_an_acronym_is_met_by_the_name_it_stands_for_in_the_same_article(ask_reader) -> None:
    text, answers, _ = _best(ask_reader, "How many clinics will HHS fund in Ohio?", _ARTICLE)
    assert answers and text == _ARTICLE[3]
    text, answers, _ = _best(ask_reader, "How much will the Department of Health and Human Services spend on vaccines?", _ARTICLE)
    assert answers and text == _ARTICLE[4]


def test_an_acronym_the_article_does_not_write_meets_nothing(ask_reader) -> None:
    article = _ARTICLE[:4]
    _, answers, missing = _best(ask_reader, "How many clinics will HHS fund in Ohio?", article)
    assert not answers and "HHS" in missing


def test_acronyms_of_a_run_of_initials_only(ask_reader) -> None:
    reader, _ = ask_reader
    readings = reader.read(["The Centers for Disease Control and Prevention issued advice.", "The CDC said so.",
                            "The Bank of England said so.", "BOE and ENG officials met."])
    aliases = _acronyms(readings)
    assert "centers for disease control and prevention" in aliases.get("cdc", ())
    assert "eng" not in aliases and "boe" not in aliases  # "BOE" is the whole name's, already one of its keys


def test_an_acronym_inside_another_names_initials_is_another_name(ask_reader) -> None:
    reader, _ = ask_reader
    readings = reader.read(["The Women's National Basketball Association opened its season in May.", "NBA players earn more.",
                            "The National Football League Players Association met.", "The NFL said so."])
    aliases = _acronyms(readings)
    assert "nba" not in aliases and "nfl" not in aliases


def test_how_far_and_how_heavy_also_ask_how_much_a_share_or_a_sum_moved(ask_reader) -> None:
    minimum = Parameters().slot_min
    assert _fill(ask_reader, "How far did Acme's shares fall on Monday?", "Acme's shares fell 12% on Monday.") >= minimum
    assert _fill(ask_reader, "How heavy were the losses for Acme?", "Acme lost $2 billion in the quarter.") >= minimum
    assert _fill(ask_reader, "How tall is the new tower in Dubai?", "The new tower in Dubai rose 12% in value.") < minimum
