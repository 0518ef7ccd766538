"""The support-label scorer (benchmarks/quality/support.py) on small constructed briefings."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.quality.support import Fact, Point, load_labels, same_sentence, score_cluster

TOLL = "Flooding killed at least nine people in New York and New Jersey."
TOLL_2 = "At least nine people died as waters rose in basements."
TORNADO = "A tornado in southern New Jersey leveled a stretch of houses."
RAIN = "The storm dropped more than 5 inches of rain in Central Park."


def facts() -> list[Fact]:
    return [Fact("c", "c#1", "nine dead", {0: [TOLL], 1: [TOLL_2]}),
            Fact("c", "c#2", "tornado", {1: [TORNADO]}),
            Fact("c", "c#3", "rain", {2: [RAIN]})]


def point(text: str, own: list[tuple[int, str]], others: list[tuple[int, str]] = (), support: str = "single source", rank: int = 0) -> Point:  # type: ignore[assignment]
    return Point(text, [q for _, q in own], [*own, *others], support, rank)


def test_same_sentence_tolerates_quote_marks_trimming_and_resplitting() -> None:
    assert same_sentence("“He was stabbed several times,” John Lamb told Reuters.", '"He was stabbed several times," John Lamb told Reuters')
    assert same_sentence("At least nine people died", TOLL_2)  # a trimmed part of the sentence
    assert same_sentence(TOLL_2 + " A tornado followed.", TOLL_2)  # a run of two sentences
    assert not same_sentence(TOLL, TORNADO)
    assert not same_sentence("nine", TOLL)  # too short to stand for a sentence by shared words, and not contained
    assert not same_sentence("", TOLL)


def test_a_fact_told_by_two_outlets_in_one_point_is_fully_recalled() -> None:
    keys = [point("Nine died.", [(0, TOLL)], [(1, TOLL_2)], "several sources")]
    r = score_cluster(facts(), keys, [])
    assert (r["outlets_recalled"], r["outlets_labelled"], r["shown"], r["over_claimed"]) == (2, 2, 1, 0)


def test_each_outlets_wording_as_its_own_single_source_point_recalls_one_outlet() -> None:
    keys = [point("Nine died.", [(0, TOLL)], rank=0), point("Nine died too.", [(1, TOLL_2)], rank=1)]
    r = score_cluster(facts(), keys, [])
    assert r["outlets_recalled"] == 1 and r["shown"] == 1
    assert r["facts"][0]["points_matching"] == 2


def test_a_fact_shown_nowhere_recalls_nothing_and_the_summary_is_counted_apart() -> None:
    summary = [Point("Nine died.", [TOLL], [(0, TOLL), (1, TOLL_2)], None, 0)]
    r = score_cluster(facts(), [], summary)
    assert (r["outlets_recalled"], r["shown"], r["in_summary"], r["recalled_any_item"]) == (0, 0, 1, 2)


def test_a_cited_article_the_labels_do_not_list_is_an_over_claim() -> None:
    keys = [point("Nine died.", [(0, TOLL)], [(2, RAIN)], "several sources")]
    r = score_cluster(facts(), keys, [])
    assert r["outlets_recalled"] == 1 and r["over_claimed"] == 1


def test_a_single_outlet_fact_labelled_several_is_caught() -> None:
    keys = [point("A tornado.", [(1, TORNADO)], [(2, RAIN)], "several sources"),
            point("Rain.", [(2, RAIN)], support="single source", rank=1)]
    r = score_cluster(facts(), keys, [])
    assert r["single_as_several"] == 1 and r["single_shown"] == 2
    wrong = [f for f in r["facts"] if f.get("as_several")]
    assert [f["fact"] for f in wrong] == ["c#2"]


def test_several_is_earned_when_the_same_point_also_states_a_multi_outlet_fact() -> None:
    both = TOLL_2 + " " + TORNADO  # one point whose own text states the toll and the tornado
    keys = [point("Nine died; a tornado.", [(1, both)], [(0, TOLL)], "several sources")]
    r = score_cluster(facts(), keys, [])
    assert r["single_as_several"] == 0 and r["outlets_recalled"] == 2


def test_labels_file_reads_into_facts(tmp_path: Path) -> None:
    f = tmp_path / "labels.jsonl"
    rows = [{"cluster": "as:1", "fact_id": "as:1#1", "fact": "x", "outlets": 2, "kind": "multi",
             "support": [{"article": 0, "outlet": "A", "quote": TOLL, "attributed_to": None},
                         {"article": 2, "outlet": "B", "quote": TOLL_2, "attributed_to": "police"}]}]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    [fact] = load_labels(f)
    assert fact.multi and fact.articles == {0, 2} and fact.attributed[2] == "police"


def test_the_committed_labels_are_well_formed() -> None:
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "dev" / "support_labels.jsonl"
    labels = load_labels(path)
    clusters = {f.cluster for f in labels}
    assert len(clusters) >= 20
    for c in clusters:
        mine = [f for f in labels if f.cluster == c]
        assert any(f.multi for f in mine) and sum(not f.multi for f in mine) >= 3, c
