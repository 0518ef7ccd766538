from ragnews.text.sentences import split_sentences


def test_abbreviations_initials_and_quotes() -> None:
    text = ("On Saturday, Gen. Valery V. Gerasimov, Russia’s top commander, claimed victory. "
            "The U.S. State Department objected. “We will always honour them,” Putin said. He left.")
    assert split_sentences(text) == [
        "On Saturday, Gen. Valery V. Gerasimov, Russia’s top commander, claimed victory.",
        "The U.S. State Department objected.",
        "“We will always honour them,” Putin said.",
        "He left.",
    ]


def test_lines_always_end_sentences() -> None:
    assert split_sentences("A Strategic Display of Alliance\nAnalysts say it was calculated.") == [
        "A Strategic Display of Alliance", "Analysts say it was calculated."]


def test_numbers_and_lowercase_continuations() -> None:
    assert split_sentences("It cost $1.13bn. Sales rose 2.5% vs. last year.") == ["It cost $1.13bn.", "Sales rose 2.5% vs. last year."]


def test_a_boundary_whose_space_was_lost() -> None:
    """Joined paragraphs lose the space after a stop; the closing quotation mark stays with its sentence."""
    assert split_sentences('Our clerk resigned," the mayor said.City leaders say it was a good day.') == [
        'Our clerk resigned," the mayor said.', "City leaders say it was a good day."]
    assert split_sentences('He wore his clothes."They were red," she said. She wrote.“I\'m done.”') == [
        "He wore his clothes.", '"They were red," she said.', "She wrote.", "“I'm done.”"]
    assert split_sentences('It was “fine.”Then it rained.') == ["It was “fine.”", "Then it rained."]


def test_glued_words_that_are_not_boundaries() -> None:
    for text in ["Mrs.Smith went home.", "Visit Amazon.com today.", "The U.S.Army said so.", "Version 2.Beta shipped."]:
        assert split_sentences(text) == [text]


def test_a_spaced_ellipsis_is_no_boundary_until_a_sentence_starts() -> None:
    """". . ." typeset with spaces (AllSides 6101: "people just . . . kept . . . talking about the same things.")
    was cut at every dot, and ". talking about the same things." reached a summary."""
    assert split_sentences("People just . . . kept . . . talking. While we were stuck.") == [
        "People just . . . kept . . . talking.", "While we were stuck."]
    assert split_sentences("It was over. . . . The next day it rained.") == ["It was over. . . .", "The next day it rained."]


def test_a_plural_title_before_names_is_no_boundary() -> None:
    """ "told reporters Thursday that Reps. Jim Jordan of Ohio and Jim Banks of Indiana have made..." (as:5841)
    ended at "Reps."; a plural title (capitalised) comes before names like the singular; "the reps." still ends."""
    assert split_sentences("He said Reps. Jim Jordan and Jim Banks objected. It passed.") == [
        "He said Reps. Jim Jordan and Jim Banks objected.", "It passed."]
    assert split_sentences("He met the reps. Then he left.") == ["He met the reps.", "Then he left."]


def test_a_paragraph_ending_on_a_picture_credit_is_a_caption() -> None:
    from ragnews.text.sentences import caption_paragraphs

    para = [(3, "Buy Photo A health official was among those calling for the water to be tested."),
            (3, "He said the county lacked the expertise to do so."),
            (3, "(Photo: Karen Bouffard / The Detroit News)Buy Photo"),
            (5, "Sixteen months later, the water supply still has not been tested for the bacteria."),
            (7, "The mayor spoke at city hall on Monday. (AP Photo/Jane Doe)"),
            (7, "The council then voted to approve the new budget for the year.")]
    assert caption_paragraphs(para) == {0, 1, 2, 4}  # text after a credit, and other paragraphs, are the article's
    assert caption_paragraphs([(1, "Officials said the photo was taken in May (a claim the agency denies).")]) == set()


def test_an_agency_first_photo_credit_ends_a_caption() -> None:
    """New-user walk (Multi-News 7, Reuters): "Ueli Steck … speaks to the media … Kathmandu, Nepal May 30, 2016.
    REUTERS/Navesh Chitrakar" became a summary sentence and an "expected" timeline event: a credit naming the agency
    in capitals before the photographer was not known for one."""
    from ragnews.text.sentences import caption_paragraphs

    para = [(2, "Ueli Steck, a mountaineer from Switzerland, speaks to the media during an interview at a hotel in "
                "Kathmandu, Nepal May 30, 2016."), (2, "REUTERS/Navesh Chitrakar"),
            (3, "Alex Lowe and David Bridges were swept away in 1999 by an avalanche.")]
    assert caption_paragraphs(para) == {0, 1}
    assert caption_paragraphs([(1, "REUTERS/Navesh Chitrakar/File Photo")]) == {0}
    for prose in ("AC/DC played in Sydney.", "NATO/EU talks resumed on Monday in Brussels.", "AC/DC"):
        assert caption_paragraphs([(1, prose)]) == set(), prose


def test_a_dash_going_on_in_lowercase_does_not_start_a_sentence() -> None:
    """NeuS: "…a campaign rally near Pittsburgh, Penn. — a rally that he held…" was cut at "Penn.", leaving a
    fragment opening on the dash; a new sentence never opens on a dash and a lowercase word."""
    text = "Trump spoke at a campaign rally near Pittsburgh, Penn. — a rally that he held to help a Republican. He left."
    assert split_sentences(text) == [text[:-9], "He left."]
    assert split_sentences("The vote was close. — The Editors") == ["The vote was close.", "— The Editors"]


def test_gallery_credits_and_teasers() -> None:
    """RealTime QA pages: a CNN gallery runs captions and credits together ("… December 28. Joed Viera/AFP/Getty Images
    National Guard troops check on…"), and teasers glue a label to a headline ("MORE:Buses with migrants…"); a
    caption reached key points and the timeline, a teaser the source notes. Prose with a slash stays prose."""
    from ragnews.text.sentences import caption_paragraphs, is_embedded_post

    gallery = ("National Guard troops clear snow from a street in Buffalo, New York, on December 28. Joed Viera/AFP/Getty "
               "Images National Guard troops check on residents of a home in Buffalo.")
    sentences = split_sentences(gallery)
    assert caption_paragraphs([(1, s) for s in sentences]) == set(range(len(sentences)))
    assert is_embedded_post("MORE:Buses with migrants arrive in Chicago as the city runs out of shelter")
    assert not is_embedded_post("The meeting starts at 10:30 a.m. on Monday.")
    for prose in ("An NBC News/Wall Street Journal poll found that most voters disagree.",
                  "The band AC/DC played in Sydney on Friday night before a big crowd."):
        assert caption_paragraphs([(1, prose)]) == set()


def test_what_only_looks_like_a_caption_or_teaser_is_prose() -> None:
    """Found in review: a bracket naming a video or a bank, a poll or two vaccine makers joined by a slash, a sentence
    opening "On Wednesday, Feb. 14, 2018," and a film's title with a colon are prose, not captions or teasers."""
    from ragnews.text.sentences import caption_paragraphs, is_caption, is_embedded_post

    assert caption_paragraphs([(1, "The mayor announced the plan Tuesday."), (1, "Watch the announcement (video).")]) == set()
    assert caption_paragraphs([(1, "It was advised by a Swiss bank (Credit Suisse).")]) == set()
    assert caption_paragraphs([(1, "He spoke at the rally. (Photo by Jane Doe)")]) == {0}
    assert caption_paragraphs([(1, "ABC News/Washington Post poll shows Biden trailing in the state.")]) == set()
    assert caption_paragraphs([(1, "Voters were split."), (1, "Both Pfizer/BioNTech and Moderna have applied.")]) == set()
    assert not is_caption("On Wednesday, Feb. 14, 2018, a gunman killed 17 people at a school in Parkland, Florida.")
    assert not is_embedded_post("Tom Cruise returns in Mission:Impossible for a new film this summer.")


def test_a_dateline_s_dash_after_a_state_abbreviation_carries_the_sentence_on() -> None:
    """RealTime QA (USA TODAY): "SAN FRANCISCO, Calif. — Israel and Palestinian supporters gathered…" was split at
    "Calif.", so an answer quoted "— Israel and Palestinian supporters…"; a signature closing a text stays apart."""
    line = "SAN FRANCISCO, Calif. — Israel and Palestinian supporters gathered outside the consulate on Saturday, police said."
    assert split_sentences(line) == [line]
    assert split_sentences("PORTLAND, Ore. — The vote was close. It passed.")[0] == "PORTLAND, Ore. — The vote was close."
    assert split_sentences("The vote was close. — The Editors") == ["The vote was close.", "— The Editors"]


def test_a_unit_or_decade_letter_before_a_stop_is_no_initial() -> None:
    """BBC business copy ends sentences on "£250m." and NeuS on "the late 1990s.": the letter after the digits was
    read as an initial, so two sentences were one (a timeline event showed the sentence before its date's)."""
    assert split_sentences("Profits are set to rise by a predicted extra £250m. Shares rose 3% on the news.") == [
        "Profits are set to rise by a predicted extra £250m.", "Shares rose 3% on the news."]
    assert split_sentences("They came in the late 1990s. In 2001 it changed.") == ["They came in the late 1990s.", "In 2001 it changed."]
