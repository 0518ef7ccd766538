"""A follow-up question read by the English model (`answer/followup.py`): pro-forms from the tagger's morphology,
names and figures from the recogniser, in place of word lists and a capitalised-words pattern (issue 26, round 5)."""

from __future__ import annotations

from ragnews.answer.followup import key_terms, leans_on_earlier, needs_rewrite, rewrite_followup


def test_a_pro_form_pointing_outside_the_question_makes_it_lean_on_the_conversation():
    assert needs_rewrite("How many people were evacuated from there?")
    assert needs_rewrite("How many people were evacuated then?")  # "then" stands for a time told before
    assert needs_rewrite("What did the ministry say about its budget?")
    # the complementizer "that" points nowhere: the question stands alone (a word list called it a pronoun)
    assert not needs_rewrite("Did the report say that prices rose at the plant?")
    # a closing "then" set off by a comma is a particle of the conversation, no time told before (review)
    assert not needs_rewrite("How much did Apple earn in the quarter, then?")


def test_only_a_pronoun_of_a_person_or_group_needs_someone_named_before():
    assert leans_on_earlier("Why did they leave the talks?") and leans_on_earlier("What did his lawyers say?")
    assert not leans_on_earlier("Why did it fall so sharply?")  # "it" may be the market the question goes on to name
    assert not leans_on_earlier("What did Olaf Scholz say about his troops?")


def test_key_terms_are_the_recogniser_s_names_and_figures():
    # a sentence's first capitalised word ("Following") is no name; "of" inside a name does not cut it in two
    assert key_terms("Following the vote, the Bank of England raised rates to 5.25% in 2023.") == [
        "Bank of England", "5.25%", "2023"]
    # a title and a weekday name no subject of the conversation
    assert key_terms("Speaking on Monday, Chancellor Olaf Scholz said 1,200 troops would go to Lithuania.") == [
        "Olaf Scholz", "1,200", "Lithuania"]


def test_a_follow_up_carries_names_and_dates_never_counts():
    history = [("How many people did the storm kill in Florida on Oct. 5, 2024?", "About 12,000 homes lost power. [1]")]
    out = rewrite_followup(history, "And how many were injured?")
    # the date as the recogniser found it, whole; the count the answer gave (with its "About") is no topic
    assert out == "How many were injured (Florida, Oct. 5, 2024)?"
