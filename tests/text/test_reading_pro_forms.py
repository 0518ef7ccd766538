"""A claim carries what the English model's morphology says of its subject and object: pronoun or demonstrative,
person, number, gender (issue 26, rules round 6). The answer engine tests these features, not the words as written.
"""

from __future__ import annotations

import json

from ragnews.text.reading import ProForm, Reading, default_reader


def _main(text: str):
    return default_reader().one(text).claims[0]


def test_a_personal_subject_is_read_with_its_person_number_and_gender():
    she = _main("She said the plan failed.").subject_pro
    assert she == ProForm("personal", 3, "sing", "fem", False, True)
    assert she.points_back and she.one_person and she.of_person and not she.of_body


def test_a_demonstrative_subject_points_back():
    this = _main("This was denied.").subject_pro
    assert this is not None and this.kind == "demonstrative" and this.points_back and not this.of_person


def test_it_points_back_and_stands_for_a_body_not_a_person():
    it = _main("It rose 5%.").subject_pro
    assert it is not None and it.points_back and it.of_body and not it.of_person and not it.one_person


def test_subject_and_object_pronouns_are_both_read():
    c = _main("They met him.")
    assert c.subject_pro is not None and c.subject_pro.number == "plur" and c.subject_pro.of_person and c.subject_pro.of_body
    assert c.object_pro is not None and c.object_pro.one_person and c.object_pro.head


def test_a_possessive_in_front_of_the_noun_is_read_but_is_not_the_subject():
    his = _main("His son said the plan failed.").subject_pro
    assert his is not None and his.possessive and not his.head and his.points_back and his.of_person
    its = _main("Its shares rose.").subject_pro
    assert its is not None and its.possessive and its.of_body and not its.of_person


def test_words_spelled_like_pronouns_are_not_pronouns():
    # the old string tests lowercased the first word: "IT workers" opened with "it", "US" was "us"
    assert _main("IT workers struck on Monday.").subject_pro is None
    assert _main("US officials met Kim.").subject_pro is None
    assert _main("Police arrested Kim.").object_pro is None


def test_first_and_second_person_do_not_point_back():
    we = _main("We met them.").subject_pro
    assert we is not None and we.person == 1 and not we.points_back and we.of_person and we.of_body
    you = _main("You met them.").subject_pro
    assert you is not None and not you.points_back and not you.of_person and not you.of_body


def test_the_pro_forms_survive_the_cache():
    r = default_reader().one("They met him.")
    assert Reading.from_json(json.loads(json.dumps(r.to_json()))) == r
