"""Round 4 of the label audit: labels a reader is shown must be true (found briefing stories nobody had used).

Each test is a small constructed story or sentence shaped like the real case named in its docstring.
"""

from __future__ import annotations

from pathlib import Path

RETURN = ("Harbor chief returns after board fight\nPublished: 2025-03-05\n\n"
          "Ousted chief executive Dana Pell has been reinstated at Norland Shipping after a week of turmoil.\n\n"
          "The board that removed her has agreed to step down, the company said.\n\n"
          "\"We are encouraged by the changes to the Norland board. We believe this is a first step towards "
          "better governance,\" Harbor Bank chief Ed Moss said.\n\n"
          "Harbor Bank owns a fifth of the company.\n")
OUSTED = ("Harbor Bank hires Dana Pell after Norland ousts her\nPublished: 2025-03-03\n\n"
          "Norland Shipping's board on Monday named a new interim chief executive, three days after removing Dana Pell.\n\n"
          "Who are the members of the Norland board?\n\n"
          "The Norland board now consists of three directors, among them the port's former harbour master.\n\n"
          "Hundreds of Norland staff have threatened to resign over the board's decision.\n")


def test_a_question_states_nothing(tmp_path: Path):
    """RealTime QA 20231124_6: the heading "Who are the board members of OpenAI?" was cited as the second source of
    Nadella's "We are encouraged by the changes to the OpenAI board", labelled "2 sources". A question asks; it
    states nothing, so it backs no key point."""
    from tests.shareddata import brief_texts

    b, _ = brief_texts(tmp_path, RETURN, OUSTED, full=True)
    cited = {c.n: c.quote for c in b.citations}
    for k in b.key_points:
        assert not any(cited[n].rstrip().endswith("?") for n in k.citations), (k, b.markdown)
    for _, cites in b.summary:
        assert not any(cited[n].rstrip().endswith("?") for n in cites), b.markdown


def test_a_question_in_the_writers_voice_is_read_as_stating_nothing():
    """The reading's `states` is false for a question the writer asks (a heading, a rhetorical question); a question
    someone is quoted asking is stated by the frame ("he asked"), and a statement stays one."""
    from ragnews.text.reading import default_reader

    questions, stated = default_reader().read([
        "Who are the board members of OpenAI?", "Will Sam Altman return?"]), default_reader().read([
        '"Did she need to die yesterday?" he added.', "The board asked whether he would return.",
        "Microsoft is OpenAI's biggest stakeholder."])
    assert not any(r.states for r in questions)
    assert all(r.states for r in stated)


def test_one_of_a_group_counts_nothing():
    """mn:25 and RealTime QA 20231124_6: "one of those things" and "one of the biggest debacle decisions" were listed
    as facts a source "alone reports". "One of" the things picks a member of a group; it does not count the things.
    A count of several out of a group ("Two of the soldiers were killed") and "one person" are still counts."""
    from ragnews.text.reading import default_reader

    member, counts = default_reader().read([
        "It's one of those things where he was born with, Eberhart said.",
        "Two of the soldiers were killed and one person was hurt."])
    assert not [q for q in member.quantities if q.counted]
    assert {(q.value, q.counted) for q in counts.quantities} >= {(2.0, "soldier"), (1.0, "person")}


def test_one_of_a_group_is_no_fact_a_source_alone_reports(tmp_path: Path):
    """mn:25's source note: "… alone reports two vertebrae, Union City Football, Eberhart and one of those things"."""
    from tests.shareddata import brief_texts

    b, _ = brief_texts(tmp_path, RETURN, OUSTED + "\nThe ouster may go down as one of the biggest blunders in "
                       "the history of the port, analyst Ann Wu wrote.\n", full=True)
    notes = b.markdown.split("## Source notes")[1].split("## Citations")[0]
    assert "one of the biggest" not in notes, notes



def test_a_claim_with_bare_figures_is_not_backed_by_other_figures():
    """as:5618: NBC's "Continuing claims … dropped to 2.59 million, another low" was left out of the key points as
    restating Fox's "… dropped to a new pandemic low last week, dipping below 300,000", and the briefing said "No
    further facts beyond the summary". A sentence that gives a figure the other does not give tells more than it:
    it is not told inside it (`within`), though the two may still be weighed as one fact the other way round."""
    from ragnews.analysis.corroboration import STATES, backs, calibration
    from ragnews.text.reading import default_reader
    from tests.shareddata import embedder

    more = "Continuing claims, which show the number of people collecting ongoing benefits, fell to 2.61 million, another low."
    less = ("The number of Americans filing for unemployment benefits fell to a new pandemic low last week, dipping below "
            "310,000 for the first time since April 2020.")
    same = "Jobless claims fell below 310,000 last week for the first time since April 2020, a new pandemic low."
    ra, rb, rc = default_reader().read([more, less, same])
    texts = [more, less, same, *(st.text for r in (ra, rb, rc) for st in r.statements)]
    vectors = dict(zip(texts, embedder().embed(texts)))

    def cosine(x: str, y: str) -> float:
        return float(vectors[x] @ vectors[y])

    params = calibration(None)
    # shown, it is not backed by the sentence whose figure is another ("Continuing claims … 2.59 million" cited Fox's
    # and AP's "below 300,000"); the restatement itself (`within`) is left: see benchmarks/README.md, round 13
    assert backs(ra, rb, cosine(more, less), params, cosine) != STATES
    assert backs(rc, rb, cosine(same, less), params, cosine) == STATES


def test_a_quotation_closed_by_a_straight_mark_is_the_speakers_own_words():
    """mn:25: '"He brought out of the kids something you just can't teach. It's one of those things where he was born
    with," Eberhart said.' was shown under who said what as "Eberhart: _(reported)_ It's one of those things …": the
    sentence splitter cut the quotation, and a straight mark, unlike a curly one, was not read as closing it. A
    straight mark after the quotation's last punctuation and before a space closes it; one after a space and before a
    word opens one."""
    from ragnews.text.reading import default_reader

    closed, opened, paired = default_reader().read([
        "It's one of those things where he was born with,\" Eberhart said.",
        'Moss said: "We will rebuild the harbour.',
        '"We will rebuild," Moss said.'])
    assert closed.attribution is not None and closed.attribution.direct, closed
    assert closed.quoted == ((0, closed.text.index(',"') + 1),)
    assert opened.quoted == ((opened.text.index('"') + 1, len(opened.text)),)
    assert paired.quoted == ((1, paired.text.index('"', 1)),)


def test_according_to_a_post_from_someone_is_according_to_them():
    """RealTime QA 20231124_6: "…, according to a post on X, formerly Twitter, from Microsoft CEO Satya Nadella" was shown
    as "**Twitter** (post): _(reported)_ …": the post's apposition was taken for its speaker. What a post, a statement
    or a report "from"/"by" someone says, they say."""
    from ragnews.text.reading import default_reader

    post, statement, report = default_reader().read([
        "Dana Pell is also joining Harbor Bank, according to a post on X, formerly Twitter, from Harbor Bank chief Ed Moss.",
        "The plant will close in May, according to a statement from Norland Shipping.",
        "Claims fell to 293,000, according to data released Thursday by the Labor Ministry."])
    assert post.attribution is not None and post.attribution.speaker == "Ed Moss", post.attribution
    assert statement.attribution is not None and statement.attribution.speaker == "Norland Shipping", statement.attribution
    assert report.attribution is not None and report.attribution.speaker == "the Labor Ministry".removeprefix("the "), report.attribution
