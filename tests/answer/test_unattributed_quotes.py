"""A quotation no one is credited with is the words of the person who spoke last (issue 27, round 7), and a "she"
whose name is far back is named where her last sentence was. Small constructed sentences only."""

from __future__ import annotations

from ragnews.answer.extractive import _named_by_chain, _quotations, _unattributed
from ragnews.text.reading import default_reader, speakers

from .conftest import article_sentences


def _resolve(texts: list[str], gap_before: int | None = None):
    reader = default_reader()
    sents = article_sentences(texts, gap_before=gap_before)  # (a chunk before `gap_before` was not retrieved)
    readings = dict(zip(texts, reader.read(texts)))
    resolved = speakers([readings[t] for t in texts])
    said = {(s.path, s.offset): a for s, a in zip(sents, resolved)}
    named: dict = {}
    for i, (s, a) in enumerate(zip(sents, resolved)):
        if a is not None and a.keys and not set(a.keys) & readings[s.text].entity_keys:
            named[(s.path, s.offset)] = next((b for b in reversed(sents[max(0, i - 4) : i]) if set(a.keys) & readings[b.text].entity_keys), None)
    _quotations(sents, resolved, readings, said, named)
    _unattributed(sents, readings, said, named)
    _named_by_chain(sents, readings, said, named)
    return sents, said, named


_TOLD_HOW = [
    "Tom Baker from Acme told the radio programme how the charity uses old phones.",
    '"The phones connect to a hub in the village.',
    'The hub is powered by a small solar panel."',
    "The scheme costs less than a landline network.",
    '"It records the signal and every night sends the data to the office."',
]


def test_a_quotation_after_a_person_speaking_is_theirs() -> None:
    sents, said, named = _resolve(_TOLD_HOW)
    for s in (sents[1], sents[2], sents[4]):  # the quotation right after him, and one a narrative sentence later
        a = said[(s.path, s.offset)]
        assert a is not None and a.speaker == "Tom Baker", s.text
        assert named[(s.path, s.offset)] == sents[0]
    assert said[(sents[3].path, sents[3].offset)] is None  # narrative is no one's words


def test_a_gap_or_a_body_speaking_last_leaves_the_quotation_unattributed() -> None:
    sents, said, _ = _resolve(_TOLD_HOW, gap_before=4)
    assert said[(sents[4].path, sents[4].offset)] is None
    texts = ["Tom Baker said the plan was sound.", "The Acme Corporation said in a statement it would appeal.",
             '"We will fight this ruling in every court."']
    sents, said, _ = _resolve(texts)
    a = said[(sents[2].path, sents[2].offset)]
    assert a is None or a.speaker != "Tom Baker"


def test_a_closing_speaker_still_claims_the_quotation() -> None:
    texts = ["Tom Baker explained the plan to reporters.", '"It will be cheap.', 'It will be quick," said Anna Ruiz.']
    sents, said, _ = _resolve(texts)
    a = said[(sents[1].path, sents[1].offset)]
    assert a is not None and a.speaker == "Anna Ruiz"


def test_she_far_from_her_name_is_named_where_her_last_sentence_was() -> None:
    texts = ["Ana Ruiz is worried about the plan.",
             'Ms Ruiz told the radio: "It is dangerous to involve politicians.',
             '"Free expression is vital."',
             "But she said the reports were wrong.",
             'She told the paper: "I never said that.',
             '"Artists need a free voice."',
             "She said the council was not best placed to run the arts.",
             'She added: "It would be a big change.',
             'It would set the arts back ten years."']
    sents, said, named = _resolve(texts)
    for s in sents[6:]:
        a = said[(s.path, s.offset)]
        assert a is not None and "Ruiz" in (a.speaker or ""), s.text
        assert named[(s.path, s.offset)] is not None and "Ruiz" in named[(s.path, s.offset)].text, s.text


def test_two_apostrophes_are_a_quotation_mark() -> None:
    from ragnews.answer.extractive import _prose

    texts = ["The race was won easily.", '"I went out hard and held on," said Tom Baker.',
             "''I hoped to get near the record but I faded at the end.''"]
    assert _prose(texts[2])
    sents, said, named = _resolve(texts)
    a = said[(sents[2].path, sents[2].offset)]
    assert a is not None and a.speaker == "Tom Baker"
    assert named[(sents[2].path, sents[2].offset)] == sents[1]


def test_a_carried_on_quotation_tells_who_said_it(ask_reader) -> None:
    from ragnews.answer.extractive import _quoted_saying

    from .conftest import asked as _asked

    sents, said, _ = _resolve(_TOLD_HOW)
    carried = said[(sents[4].path, sents[4].offset)]  # the quotation a narrative sentence after his
    assert carried is not None and carried.direct
    assert _quoted_saying(_asked(ask_reader, "Which engineer told the programme the data is sent every night?"), carried)
    # a cause asked of a verb of saying is no question of who said it
    assert not _quoted_saying(_asked(ask_reader, "Why did the engineers urge the charity to buy more phones?"), carried)
    assert not _quoted_saying(_asked(ask_reader, "Who said the data is sent to the office every night?"), None)


def test_a_quoted_phrase_that_is_only_the_subject_of_its_sentence_is_no_ones_speech():
    """Review: '"Hands off our libraries" was painted on banners' was credited to the last speaker."""
    texts = ["Councillor Ana Ruiz said the libraries would stay open until March.",
             '"Hands off our libraries" was painted on banners outside the town hall on Saturday.']
    sents, said, _ = _resolve(texts)
    assert said[(sents[1].path, sents[1].offset)] is None
