"""Which numbers are measurements, and what a stated figure allows: rules checked on the shared news data."""

from __future__ import annotations

import re

import pytest

from ragnews.analysis.measures import overlaps, quantities
from tests.shareddata import needs_data, sentences

pytestmark = needs_data


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> list[str]:
    clusters = ["as:5794", "as:5816", "as:5857", "as:5983", "as:5787", "as:5652", "mn:0", "mn:4", "mn:16", "mn:17",
                "mn:50", "mn:95", "mn:244", "mn:187"]
    return sentences(clusters, tmp_path_factory.mktemp("measures"))


def _kind_at(text: str, pattern: str) -> set[str]:
    """The kinds given to the numbers inside each match of `pattern` in `text`."""
    out = set()
    for m in re.finditer(pattern, text):
        out |= {q.kind for q in quantities(text) if m.start() <= q.start < m.end() or q.start <= m.start() < q.end}
    return out


def _all_kinds(texts: list[str], pattern: str) -> set[str]:
    found = [t for t in texts if re.search(pattern, t)]
    assert found, pattern
    return set().union(*(_kind_at(t, pattern) for t in found))


def test_names_with_numbers_are_not_counts(texts):
    assert _all_kinds(texts, r"COVID-19|Covid-19") == {"label"}
    assert {q.kind for q in quantities("Senate Bill 8 (SB 8), passed by both chambers, bans it.")} == {"label"}
    (plus,) = quantities("Biden's latest $1 trillion+ plan")  # "+": that much or more, like "more than"
    assert plus.text == "$1 trillion+" and plus.qualifier == "more than" and plus.hi > 1.8e12
    assert [q.text for q in quantities("It ended 3+2 in the final.")] == ["3", "2"]
    (either,) = quantities("They were off by 20 or 30 beats per minute.")  # mn:142: one figure, a range
    assert either.lo < 20 and either.hi > 30


def test_clock_times_durations_ages_ranks_scores_phones_addresses(texts):
    assert _all_kinds(texts, r"\b\d{1,2}:\d{2}\s*[ap]\.m\.") == {"clock"}
    assert _all_kinds(texts, r"\b29-year-old\b") == {"age"}
    assert _all_kinds(texts, r"Alcorn, 28\b") == {"age"}
    assert _all_kinds(texts, r"\b21st\b") == {"rank"}
    assert _all_kinds(texts, r"\b69-30\b|\b69 to 30\b") == {"score"}
    assert _all_kinds(texts, r"313-222-8851") == {"phone"}
    assert _all_kinds(texts, r"3415 Neptune") == {"address"}
    assert _all_kinds(texts, r"\bover a span of two weeks|over a two-week span") <= {"duration"}


def _one(texts: list[str], pattern: str):
    """The measurement at the named group `n` of the first match of `pattern`."""
    for t in texts:
        m = re.search(pattern, t)
        if m:
            (q,) = [q for q in quantities(t) if q.is_measure and q.start <= m.start("n") < q.end]
            return q
    raise AssertionError(pattern)


def test_approximations_agree_and_real_differences_clash(texts):
    def agree(a: str, b: str) -> bool:
        qa, qb = _one(texts, a), _one(texts, b)
        return overlaps((qa.lo, qa.hi), (qb.lo, qb.hi))

    assert agree(r"(?P<n>roughly \$1 trillion)", r"passed a (?P<n>\$1) trillion")  # the same bill, one figure hedged
    assert agree(r"(?P<n>some) 2,700 pages", r"(?P<n>2,702) pages")
    assert agree(r"(?P<n>nearly) 190,000", r"(?P<n>188,829) migrants")
    assert agree(r"(?P<n>more) than 188,000", r"(?P<n>188,829) migrants")
    assert not agree(r"passed a (?P<n>\$1) trillion", r"(?P<n>\$1\.2) trillion bipartisan")
    assert not agree(r"(?P<n>more) than 178,000", r"(?P<n>188,829) migrants")  # "more than 178,000" means about 178,000
    assert _one(texts, r"(?P<n>\$1\.2) trillion bipartisan").unit == "$"
    assert _one(texts, r"(?P<n>5\.8)%").unit == "percent"
