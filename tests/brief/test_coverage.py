"""Concept coverage (the briefing's selection objective) and the candidate rules added with it."""

from __future__ import annotations

from ragnews.brief.candidates import LEANS_BEFORE, junk_reason
from ragnews.brief.coverage import Coverage, SourceSentence, concept_weights, concepts


def test_concepts_are_stemmed_content_words_and_their_pairs():
    got = concepts("The troops were deployed to the region.")
    assert ("troop",) in got and ("deploy",) in got and ("troop", "deploy") in got
    assert ("the",) not in got


def test_weights_count_sources_and_favour_the_lead():
    witnesses = [SourceSentence("a", "Rebels seized the airport on Monday.", 0),
                 SourceSentence("b", "The airport was seized by rebels.", 0),
                 SourceSentence("a", "Flights were cancelled at the airport.", 5),
                 SourceSentence("b", "A local bakery reopened.", 9)]
    w = concept_weights(witnesses)
    assert ("bakery",) not in w  # one source's colour weighs nothing
    assert w[("airport",)] > w.get(("cancel",), 0.0)  # "cancelled" is said by one source only
    late = concept_weights([SourceSentence("a", "Rebels seized it.", 7), SourceSentence("b", "Rebels seized it.", 7)])
    assert w[("rebel",)] > late[("rebel",)]  # stated in the lead: weighs more


def test_single_source_keeps_its_concepts():
    w = concept_weights([SourceSentence("a", "Rebels seized the airport.", 0)])
    assert ("airport",) in w


def test_coverage_adds_nothing_for_a_repeat():
    w = concept_weights([SourceSentence(s, "Rebels seized the airport on Monday.", 0) for s in "ab"])
    cover = Coverage(["Rebels seized the airport on Monday.", "Rebels seized the airport.", "A bakery opened."], w)
    assert cover.density(0) > 0 and cover.density(2) == 0
    cover.take(0)
    assert cover.density(1) == 0  # everything it says is covered


def test_pictures_labels_pronoun_speakers_and_doubled_headlines_are_not_candidates():
    assert junk_reason("The senator speaks to reporters on Capitol Hill in Washington, in this March 24, 2015 file photo.")
    assert junk_reason("In this undated image released by police, the suspect is seen leaving the store.")
    assert junk_reason("Credit: Jane Roe, State University Researchers have found a new way to make fuel from gas.")
    assert junk_reason('"I doubt it," he said in an interview aired on Sunday when asked about the party.')
    assert junk_reason("“Unfortunately, that did not appear to be the case.”") == LEANS_BEFORE  # who says it?
    assert junk_reason("Let’s see how we got here and what it will cost the country.")
    assert junk_reason("“Unfortunately, that did not appear to be the case.”", follows=True) is None
    assert junk_reason("Giffords throws out the first pitch on Capitol Hill in Washington, DC Wednesday evening June 18, 2014.")
    assert junk_reason("Schools Reopen With Police Presence Schools Reopen With Police Presence Police are expected at schools today.")
    # ordinary prose stays
    assert junk_reason("The senator spoke in this town last week about the photo of the crash.") is None
    assert junk_reason('"We want to build habits," Dr. Kazdin said in an interview on Monday.') is None
    assert junk_reason("Police said he was arrested after they said the car was stolen on Monday.") is None
    assert junk_reason("The game was played on Wednesday evening, June 18, 2014, in front of a full house.") is None


def test_a_leaning_sentence_may_follow_the_one_it_leans_on():
    quote = '"I doubt it," he said in an interview aired on Sunday when asked about the party.'
    assert junk_reason(quote) and junk_reason(quote, follows=True) is None
    assert junk_reason("But experts said the findings were highly significant for the region.", follows=True) is None
    assert junk_reason("He spoke to reporters, in this March 24, 2015 file photo.", follows=True)  # other rules still hold


def test_carrying_a_chosen_sentence_on_costs_only_the_new_words():
    w = concept_weights([SourceSentence(s, "Rebels seized the airport. They closed the runway.", 0) for s in "ab"])
    cover = Coverage(["Rebels seized the airport.", "Rebels seized the airport. They closed the runway."], w)
    cover.take(0)
    assert cover.density(1, spent=4) > cover.density(1) > 0


def test_a_quotation_over_several_sentences_is_told_whole_or_not_at_all():
    from ragnews.brief.candidates import CUT_QUOTE, opens_quote, unbalanced_quote

    first, last = '"I know how strange this may sound.', 'But it is true," she said on Monday in a statement.'
    assert junk_reason(first) == CUT_QUOTE and opens_quote(first)
    assert not opens_quote(last) and junk_reason(last, follows=True) is None
    assert not unbalanced_quote(f"{first} {last}")
    assert opens_quote("He told the court: “We never saw the money.") and not opens_quote("“We did,” he said.")
    from ragnews.brief.candidates import quotation_only

    assert quotation_only("“I know how strange this may sound. But it is true.”")
    assert not quotation_only(f"{first} {last}")


def test_mixed_quotation_marks_pair_up():
    from ragnews.brief.candidates import unbalanced_quote

    assert not unbalanced_quote('A representative told her, “You know, Kirsten, you are even pretty when you are fat."')
    assert unbalanced_quote("“You know, Kirsten, you are even pretty.") and unbalanced_quote('"You know, she said.')
