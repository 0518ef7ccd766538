"""Figures read from the parse: a vote's tally, a point of comparison's phrase, a forecast's infinitive (constructed
sentences only)."""

from __future__ import annotations

from ragnews.text.reading import default_reader


def quantities(text: str) -> list:
    return list(default_reader().read([text])[0].quantities)


def test_a_vote_s_tally_is_one_figure_with_the_votes_for_and_against():
    for text, written in [("The chamber approved the plan in a 228-206 vote.", "228-206"),
                          ("The 230-to-195 party-line vote came late on Friday.", "230-to-195"),
                          ("The vote was 231-199 with three members absent.", "231-199"),
                          ("The assembly voted 240 to 180 to censure him.", "240 to 180"),
                          ("The measure passed by a vote of 226 to 204.", "226 to 204")]:
        (q,) = [q for q in quantities(text) if q.against is not None]
        yes, no = (float(x) for x in written.replace("-to-", " ").replace(" to ", " ").replace("-", " ").split())
        assert (q.text, q.value, q.low, q.high, q.against, q.counted) == (written, yes, yes, yes, no, "vote"), text
        assert [x for x in quantities(text) if x.value == no] == [], text  # the votes against are no figure of their own


def test_a_score_or_a_range_is_no_tally():
    assert all(q.against is None for q in quantities("The home side beat the visitors 110-102 on Sunday."))
    assert all(q.against is None for q in quantities("Between 10,000-12,000 people voted in the city."))
    assert all(q.against is None for q in quantities("The court ruled 5-4 against the state."))


def test_a_point_of_comparison_knows_where_its_phrase_ends():
    text = "Employers added 235,000 jobs in August, down from 943,000 jobs added in July."
    qs = {q.text: q for q in quantities(text)}
    assert qs["235,000"].compared_end == 0
    assert text[qs["943,000"].end : qs["943,000"].compared_end] == " jobs added in July"


def test_the_infinitive_a_verb_of_expecting_governs_is_a_forecast():
    def modality(text: str, predicate: str) -> str:
        return next(c.modality for c in default_reader().read([text])[0].claims if c.predicate == predicate)

    assert modality("The firm said it expects its new drug to generate about $26 billion in sales.", "generate") == "expected"
    assert modality("The company is expected to post a $2 billion profit.", "post") == "expected"
    assert modality("The company posted a $2 billion profit.", "post") == "asserted"


def test_a_tally_and_a_comparison_s_phrase_survive_the_readings_cache():
    from ragnews.text.reading import Reading

    r = default_reader().read(["The 230-to-195 vote came a week after 180 members, down from 200 in May, backed it."])[0]
    assert Reading.from_json(r.to_json()) == r
    assert any(q.against == 195 for q in r.quantities)
