"""What the English model's tags and morphology say, read in place of word lists (issue 26, rules round 5).

Each test states a behaviour on constructed sentences; the rule it replaced was a list of words.
"""

from __future__ import annotations

from ragnews.text.reading import default_reader


def _pronouns(text: str) -> list[tuple[str, bool]]:
    """The personal-pronoun mentions of one person the reading finds: (as written, possessive)."""
    return [(m.text, m.possessive) for m in default_reader().one(text).mentions if m.pronoun]


def test_a_pronoun_of_one_person_is_read_from_its_morphology():
    assert _pronouns("He said his son would stay.") == [("He", False), ("his", True)]
    assert _pronouns("She told reporters her plan had failed.") == [("She", False), ("her", True)]
    # "they" and "it" stand for no one person: no person-pronoun mention
    assert _pronouns("They said its walls had cracked.") == []


def test_a_reflexive_or_a_possessive_standing_alone_is_no_mention_of_a_person():
    # "himself" repeats the subject; "hers" stands for a thing of hers, which her name with "'s" would not replace
    assert _pronouns("The minister paid himself a bonus.") == []
    assert all(text != "hers" for text, _ in _pronouns("Hers was the only vote against the plan."))


def test_two_hyphens_glued_to_a_word_are_a_dash_of_their_own():
    from ragnews.text.language import load

    assert [t.text for t in load()("And-- you know-- it worked.")][:4] == ["And", "--", "you", "know"]
    assert default_reader().one("And-- you know, people prefer our plan.").back_words[:1] == (0,)


def test_a_title_abbreviated_before_a_name_is_the_speaker_s_role_not_part_of_the_name():
    """The recogniser may type "Gov. Bethany Hall-Long" as the person; the title is her role, written as the sentence
    writes it ("Lt. Gov.", not "Lt ."). A courtesy title is not a role."""
    lt = default_reader().one("Lt. Gov. Bethany Hall-Long said the audit would take weeks.").attribution
    sen = default_reader().one("Sen. Susan Collins said the bill would pass.").attribution
    mr = default_reader().one("Mr. Balin said he was happy.").attribution
    assert (lt.speaker, lt.role) == ("Bethany Hall-Long", "Lt. Gov.")
    assert (sen.speaker, sen.role) == ("Susan Collins", "Sen.")
    assert (mr.speaker, mr.role) == ("Balin", None)
    leader = default_reader().one("Labour leader Mr. Starmer said the plan would fail.").attribution
    assert leader.role == "Labour leader"  # a courtesy title ends the role
    cruz = default_reader().one("Sen. Ted Cruz (R-Texas) said the bill would fail.").attribution
    assert (cruz.speaker, cruz.role) == ("Sen. Ted Cruz", "R-Texas")  # a role set off after the name: the title stays


def test_what_is_said_keeps_a_sign_the_tagger_reads_as_a_word():
    said = default_reader().one("Qatar Airways also has designs on a stake as large as 10%, American said.").attribution.said
    assert said.endswith("as large as 10%")


def test_a_surname_said_after_a_titled_full_name_is_named_in_full_with_the_title_as_role():
    from ragnews.text.reading import speakers

    rs = default_reader().read(["Sen. John McCain toured the border on Monday.",
                                "McCain said the border near Yuma was largely secure.",
                                "Secretary of Defense Leon Panetta said the defeat was within reach."])
    said = speakers(rs)
    assert (said[1].speaker, said[1].role) == ("John McCain", "Sen.")
    assert not (said[2].role or "").endswith(" of")  # a role ends on a word of its own
