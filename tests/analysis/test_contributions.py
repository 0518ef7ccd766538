"""What a source alone reports, on small constructed clusters: names and figures as the reading gives them."""

from __future__ import annotations

from ragnews.analysis.contributions import contributions
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text.reading import default_reader


def article(source: str, *lines: str) -> ArticleText:
    return ArticleText(source, source, None, None, None, [Sentence(t, source, source, i + 1, i + 1, i * 1000) for i, t in enumerate(lines)])


def alone(*arts: ArticleText) -> dict[str, list[str]]:
    return contributions(list(arts), set(), lambda a, b: a == b, default_reader())[1]


def test_a_name_the_others_give_another_way_is_told_by_them():
    a = article("a", "President Donald Trump met Ukrainian officials in Washington on Friday.",
                "The United States will send more air defence systems, officials said.")
    b = article("b", "On Friday, Trump met officials from Ukraine at the White House.", "The U.S. will send more weapons, aides said.")
    facts = alone(a, b)["a"]
    assert not [f for f in facts if "Trump" in f or "Ukrainian" in f or "United States" in f], facts


def test_a_name_and_a_figure_only_one_source_gives_are_its_own():
    a = article("a", "Senator Susan Collins said 25 North Korean soldiers were captured near the border.")
    b = article("b", "Officials said soldiers were captured near the border on Monday.")
    facts = alone(a, b)["a"]
    assert "Susan Collins" in facts and "25 North Korean soldiers" in facts


def test_a_figure_the_others_give_compatibly_is_no_one_s_alone():
    a = article("a", "About 14,000 troops were sent to the front, officials said.")
    b = article("b", "Officials said 14,000 troops had been sent to the front.")
    assert not [f for f in alone(a, b)["a"] if "14,000" in f]


def test_a_sum_the_others_give_of_the_same_thing_under_another_noun_is_no_one_s_alone():
    # one outlet's "nearly $1 trillion proposal" is another's "roughly $1 trillion infrastructure bill": the same
    # sum in the same currency, so neither outlet alone reports it (the summary cites both for it)
    a = article("a", "Senators hoped to speed up voting on the nearly $1 trillion proposal.")
    b = article("b", "Schumer set up a Saturday vote on a roughly $1 trillion infrastructure bill.")
    facts = alone(a, b)
    assert not [f for f in facts["a"] + facts["b"] if "trillion" in f], facts


def test_a_sum_of_another_size_is_still_its_source_s_own():
    a = article("a", "Senators hoped to speed up voting on the $550 billion proposal.")
    b = article("b", "Schumer set up a Saturday vote on a roughly $1 trillion infrastructure bill.")
    facts = alone(a, b)
    assert [f for f in facts["a"] if "550" in f] and [f for f in facts["b"] if "trillion" in f], facts


def test_a_figure_in_brackets_is_shown_with_its_brackets_closed_or_not_at_all():
    # "nine 460mm (18.1in) cannon" had been listed as "18.1in) cannon"
    a = article("a", "The ship carried nine 460mm (18.1in) cannon in three triple turrets.")
    b = article("b", "The ship sank in 1944 in the Sibuyan Sea.")
    facts = alone(a, b)["a"]
    assert facts and all(f.count("(") == f.count(")") for f in facts), facts


def test_a_name_written_in_capitals_and_in_case_is_listed_once():
    # a dateline's "WASHINGTON" and the text's "Washington" had both been listed as news the source alone reports
    a = article("a", "WASHINGTON (AP) — Republican leaders met in the Capitol.", "Paul Ryan spoke to reporters in Washington on Tuesday.")
    b = article("b", "The president tweeted about migrants on Sunday.")
    facts = alone(a, b)["a"]
    assert [f.lower() for f in facts].count("washington") == 1 and "Washington" in facts, facts


def test_copies_of_one_story_report_nothing_alone():
    a = article("a", "Senator Susan Collins said the bill would pass.")
    assert contributions([a, a], set(), lambda x, y: True, default_reader()) == ({}, {})


def test_an_organisation_named_in_another_word_order_is_told_by_the_others():
    a = article("a", "The Department of Education opened inquiries into five states on Monday, officials said.")
    b = article("b", "The Education Department said on Monday it had opened inquiries into five states.")
    assert not [f for f in alone(a, b)["a"] if "Education" in f], alone(a, b)


def test_a_name_another_source_writes_is_told_there_whatever_the_model_took_for_its_edges():
    a = article("a", "The department's Office for Civil Rights sent letters to Iowa and Utah officials.")
    b = article("b", "Letters from the Office for Civil Rights went to officials in Iowa and Utah.")
    c = article("c", "Letters went to officials in Iowa and Utah on Monday, the department said.")
    facts = alone(a, b, c)
    assert not [f for f in facts["a"] + facts["b"] if "Civil Rights" in f], facts
    assert not [f for f in facts["a"] if "Iowa" in f], facts


def test_a_name_is_written_elsewhere_only_with_its_capitals():
    a = article("a", "The US will send more air defence systems to the region, officials said.")
    b = article("b", "Officials told us on Friday that more air defence systems would be sent to the region.")
    assert "US" in alone(a, b)["a"]


def test_a_name_hyphenated_or_in_the_plural_elsewhere_is_told_there():
    a = article("a", "Representative Marjorie Taylor-Greene apologised for comparing the rules to the Nazis.",
                "Fellow Republicans had condemned the remarks.")
    b = article("b", "Marjorie Taylor Greene compared the mask rules to a Nazi practice, said a Georgia Republican.")
    facts = alone(a, b)["a"]
    assert not [f for f in facts if "Greene" in f or "Nazi" in f or "Republican" in f], facts
    c = article("c", "The Senate voted on Tuesday.")
    assert "Marjorie Taylor-Greene" in alone(a, c)["a"] or "Marjorie Taylor-Greene" in " ".join(alone(a, c)["a"])


def test_a_fact_written_inside_another_is_listed_once():
    """"20 fellows" and "Peter Thiel" are told by "one of Peter Thiel's 20 Under 20 fellows"; the list says it once."""
    a = article("a", "Ben Yu, 21, one of Peter Thiel's 20 Under 20 fellows, has introduced a caffeine spray.")
    b = article("b", "A new caffeine spray went on sale this week.")
    facts = alone(a, b)["a"]
    assert facts and not [f for f in facts if any(f != o and f in o for o in facts)], facts
    from ragnews.analysis.contributions import _outermost

    assert _outermost(["25 people", "5 people", "11.5 million people", "1.5 million people"]) == \
        ["25 people", "5 people", "11.5 million people", "1.5 million people"]


def test_an_outlet_naming_itself_reports_nothing_by_it():
    a = ArticleText("a", "a", None, "CNN (Online News)", None,
                    [Sentence("A suspect has surrendered to police, two sources tell CNN.", "a", "a", 1, 1, 0)])
    b = article("b", "The suspect is in police custody, Senator Susan Collins said.")
    facts = alone(a, b)
    assert "CNN" not in facts["a"], facts
    assert "Susan Collins" in facts["b"], facts


def test_a_place_in_an_outlets_name_is_still_news_it_reports():
    a = ArticleText("a", "a", None, "The Chicago Tribune", None,
                    [Sentence("A fire closed a mall in Chicago on Monday, officials said.", "a", "a", 1, 1, 0)])
    b = article("b", "A fire closed a mall on Monday, officials said.")
    assert "Chicago" in alone(a, b)["a"]


def test_a_body_named_with_its_country_in_front_is_told_by_the_country_s_body_of_that_name():
    """"The North Korean Central Military Commission" is told where another source writes "North Korea's Central
    Military Commission": the recogniser leaves the possessive country out of the name. Another country's body of
    that name is another body."""
    a = article("a", "The North Korean Central Military Commission praised the troops for their courage in the battles of the winter.")
    b = article("b", "North Korea's Central Military Commission said on Monday the troops had fought well.")
    c = article("c", "Ghana's Central Military Commission said on Monday the troops had fought well.")
    assert not [f for f in alone(a, b)["a"] if "Commission" in f], alone(a, b)
    assert [f for f in alone(a, c)["a"] if "Commission" in f], alone(a, c)


def test_a_company_s_legal_form_and_a_body_s_country_in_front_are_no_part_of_what_others_must_write():
    a = article("a", "The U.S. Food and Drug Administration is preparing to authorize the vaccine of Pfizer Inc and BioNTech SE for children.")
    b = article("b", "The Food and Drug Administration is expected to clear the shot from Pfizer and its German partner BioNTech for children.")
    assert not [f for f in alone(a, b)["a"] if "Drug" in f or "Pfizer" in f or "BioNTech" in f], alone(a, b)


def test_a_name_another_outlet_gives_only_in_its_headline_is_told_there():
    a = article("a", "Police released footage of the shooting of Ma'Khia Bryant in Columbus on Wednesday evening.")
    b = ArticleText("b", "b", "Ma'Khia Bryant Shooting: Police Release Video", None, None,
                    [Sentence("Police released more footage of the shooting on Wednesday evening.", "b", "b", 2, 2, 0)])
    assert not [f for f in alone(a, b)["a"] if "Bryant" in f], alone(a, b)


def test_a_legal_form_dropped_leaves_a_company_not_a_place_or_a_common_word():
    """"Texas AG" is the state's attorney general, not Texas; "News Corp" is not told by "Fox News"."""
    from ragnews.text.reading import default_reader as reader

    (ag,) = [e for e in reader().one("The Texas AG filed the suit against the company on Monday.").entities if "AG" in e.text]
    assert "texas" not in ag.keys
    a = article("a", "News Corp said on Monday that it would buy the paper for a large sum of money.")
    b = article("b", "Fox News reported on Monday that the paper would be sold for a large sum of money.")
    assert [f for f in alone(a, b)["a"] if "News Corp" in f], alone(a, b)


def test_a_party_and_the_word_for_its_members_are_one_name():
    a = article("a", "The Democratic Party said the vote on the bill would be held on Friday.",
                "The Labour Party will vote against the bill in London.")
    b = article("b", "Democrats said the vote on the bill would come on Friday.", "Labour will vote against it in London.")
    facts = alone(a, b)["a"]
    assert not [f for f in facts if "Democratic" in f or "Labour" in f], facts


def test_a_nationality_is_not_the_party_named_after_a_country():
    a = article("a", "The Chinese Communist Party said the talks would resume on Friday.")
    b = article("b", "Chinese officials said the talks would resume on Friday.")
    assert "Chinese Communist Party" in alone(a, b)["a"]
