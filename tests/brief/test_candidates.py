"""What may stand in a briefing, on small constructed sentences (`brief/candidates.py` with the English model's reading)."""

from __future__ import annotations

import pytest

from ragnews.brief.candidates import CAPTION, LEANS_BEFORE, NO_CLAIM, junk_reason, leans_by_its_pronoun, without_label
from ragnews.text.reading import default_reader


@pytest.mark.parametrize("text", [
    '"I doubt it will pass this year," he said.',
    "Speaking to the House Budget Committee he urged Congress to act quickly on the bill.",
    "After the vote, she left the chamber without a word to reporters.",
    "In two months, he apparently never left the airport terminal.",
    "In 2011, he was charged with two counts of assault and pleaded guilty, records show.",
])
def test_a_pronoun_named_only_before_makes_the_sentence_lean(text):
    assert leans_by_its_pronoun(default_reader().one(text))
    assert junk_reason(text) == LEANS_BEFORE
    assert junk_reason(text, follows=True) is None  # right after the sentence that names them, it reads on


@pytest.mark.parametrize("text", [
    "Like his father John Smith, he studied law at Harvard before entering politics.",  # a person named before it
    "Asked about Smith, he said nothing would change before the election.",
    "In his first news conference since he was elected on Friday, the hardline cleric urged talks.",  # the main clause's
    "Had he lost, Mr. Berlusconi would have had to resign, marking the end of his government.",  # names him after
    "When the task force conducted raids, they found nothing of interest.",  # a clause that may hold whom it means
    "On Monday, the president said he would veto the bill if it passed.",  # the speaker is named
    "Putin praised the soldiers who he said fought shoulder to shoulder with Russian troops.",  # about whom it names
])
def test_a_pronoun_with_someone_to_mean_before_it_stands(text):
    assert not leans_by_its_pronoun(default_reader().one(text))


def test_a_pages_label_is_cut_off_and_what_follows_is_judged():
    line = "Updated | When the first humans left Africa around 100,000 years ago, they got shorter."
    r = default_reader().one(line)
    assert without_label(line, r.label_end).startswith("When the first humans")
    assert junk_reason(line, reading=r) is None


@pytest.mark.parametrize("text", ["Hide Caption 12 of 132 Photos from the crisis in Ukraine.",
                                  "Credit: Jane Doe and John Smith for the Associated Press.",
                                  "By John Smith and Jane Doe, CNN Washington Bureau.",
                                  "Photos: The Crisis in Ukraine, Week 12 in Pictures."])
def test_a_line_that_states_nothing_is_page_furniture(text):
    assert junk_reason(text) == NO_CLAIM


def test_a_pages_buttons_in_capitals_are_cut_off():
    line = "SHARE COPY LINK Broward Circuit Judge Carol-Lisa Phillips also held that the office broke the law."
    r = default_reader().one(line)
    assert without_label(line, r.label_end).startswith("Broward Circuit Judge")
    assert junk_reason(line, reading=r) is None


def test_a_caption_behind_a_galleries_labels_is_a_caption():
    line = "Hide Caption 3 of 132 Photos: Photos: Crisis in Ukraine – Pro-Russian militia members remove a local resident."
    r = default_reader().one(line)
    assert r.labels >= 2
    assert junk_reason(line, reading=r) == CAPTION


@pytest.mark.parametrize("text", ["Sign up for our newsletter and get the latest news every morning.",
                                  "Follow us on Twitter for the latest updates on the story.",
                                  "Let’s see how we got here and what comes next.",
                                  "Don't miss the latest news from our team of reporters."])
def test_an_order_to_the_reader_states_nothing(text):
    assert junk_reason(text) == NO_CLAIM


@pytest.mark.parametrize("text", ['"Get out of the building now," the officer told the crowd on Friday.',
                                  "Police arrest three men after the shooting in the Bronx on Friday."])
def test_a_quoted_order_or_a_misread_present_still_states(text):
    assert default_reader().one(text).states


@pytest.mark.parametrize(("text", "alone"), [
    ("Because I'm better than I was before, honestly.", True),
    ("While we were all stuck in the same place for weeks.", True),
    ("Although the company denied any wrongdoing at the time.", True),
    ("While the vote passed, the bill stalled in the House.", False),  # a main clause after it
    ("Because of the storm, flights were cancelled across the region.", False),
    ("If the bill passes, the party will split into two rival camps.", False),
])
def test_a_subordinate_clause_with_no_main_clause_leans_on_the_sentence_before(text, alone):
    r = default_reader().one(text)
    assert r.subordinate is alone
    assert (junk_reason(text, reading=r) == LEANS_BEFORE) is alone


@pytest.mark.parametrize("text", [
    "With prices set to drop even further in coming months Mr Danton advises everyone to shop around carefully.",
    "Although President Bush must re-devise Social Security to take account of a 130% rise in America's over 65s, the "
    "IMF foresees a positive contribution from immigration.",
])
def test_a_misparsed_sentence_with_a_main_clause_still_stands(text):
    """The small parser splits the first in two (a root opened by "With", another for "advises") and takes a hyphen
    for the second's root: neither is a clause alone or an order to the reader."""
    assert junk_reason(text) is None


@pytest.mark.parametrize("text, leans", [
    ("After the vote, they left the chamber without a word to reporters.", True),
    ("After the vote, it left the chamber without a word to reporters.", False),  # "it": no person to look for
    ("After the vote, we left the chamber without a word to reporters.", False),  # the writer's own "we"
    ("After the vote, IT staff left the chamber without a word to reporters.", False),  # no pronoun at all
])
def test_the_pronoun_subject_is_read_by_its_morphology(text, leans):
    # (issue 26, round 6: the subject's `ProForm` — third person, personal, not neuter — in place of the words
    # "he", "she", "they" as written)
    assert leans_by_its_pronoun(default_reader().one(text)) is leans
