"""Summaries and key points on real clusters from the shared data: story sentences only, each once, honest support."""

from __future__ import annotations

import itertools
import re

import pytest

from ragnews.analysis.corroboration import calibration, same_fact
from ragnews.brief.candidates import CUT_QUOTE, LEANS_BEFORE, junk_reason, opens_quote, unbalanced_quote, without_label
from ragnews.brief.keypoints import MAX_KEY_POINTS, MAX_SUMMARY
from ragnews.text.reading import default_reader
from ragnews.text.sentences import is_prose, split_sentences
from tests.shareddata import DATA, briefing, needs_data, sentences
from tests.verify import assert_citation_verifies, assert_markers_resolve

pytestmark = needs_data
CLUSTERS = ["mn:10", "mn:16", "mn:36", "mn:4", "as:5983", "as:5794", "as:5943", "as:5608", "as:5629", "mn:90"]


def strip_dateline(text: str) -> str:
    """The sentence as a briefing quotes it: cut where the English model's reading finds it begins after a label."""
    return without_label(text, default_reader().one(text.strip()).label_end)


@pytest.fixture(scope="module")
def briefs(tmp_path_factory):
    work = tmp_path_factory.mktemp("briefs")
    return {cid: briefing(cid, work) for cid in CLUSTERS}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    return sentences([f"mn:{i}" for i in range(60)], tmp_path_factory.mktemp("corpus"))


def _shown(b) -> list[str]:
    return [t for t, _ in b.summary] + [k.text for k in b.key_points]


def test_web_leftovers_never_qualify(corpus):
    """Captions, credits, embedded posts, questions, bylines, cut-off fragments: found in the data, all rejected."""
    shapes = {
        "caption": r"^FILE\s*[-–]\s*In this|\((?:Photo|Image|credit)[^)]*\)",
        "post": r"(?<![\w.])@\w{3,}|pic\.twitter",
        "question": r"\?[\"”’]?$",
        "byline": r"^By [A-Z][a-z]+ [A-Z][a-z]+",
        "fragment": r"^[a-z]",
        "quotation naming no speaker": r"^[“\"][^“”\"]{20,}[”\"]$",
        "call to action": r"^(?:Sign up|Click|Download|Follow us|Send us)\b",  # the page asking its reader to act
    }
    for name, pattern in shapes.items():
        found = [t for t in corpus if re.search(pattern, t.strip())]
        assert found, name
        assert all(junk_reason(t) for t in found), (name, [t for t in found if not junk_reason(t)][:3])
    prose = [t for t in corpus if junk_reason(t) is None]
    assert len(prose) > len(corpus) / 3  # the rules leave most news prose alone


def test_no_sentence_hides_a_lost_boundary(corpus):
    """Scraped pages join paragraphs without a space ("preserved.That way", "run!The animal"): 23 such pairs
    in these rows were read as one sentence, so a citation quoted two."""
    glued = re.compile(r"\b[a-z]{2,}[.!?][\"”’]?[A-Z][a-z]")
    assert not [t for t in corpus if glued.search(t)]


def test_a_noun_naming_what_was_just_told_leans_on_it(corpus):
    """"The move comes two months after...", "The statement goes on to say...", "The allegations, if proved,
    would..." (rows 15, 21, 58) name what the sentence before told: alone in a briefing they point at nothing.
    Shown after that sentence they read whole; "The decision to raise rates..." says what it names."""
    shells = [t for t in corpus if re.match(r"^The (?:move|statement|allegations|finding|incident) ", t)]
    assert len(shells) >= 4
    assert all(junk_reason(t) == LEANS_BEFORE for t in shells if not junk_reason(t, follows=True))
    assert junk_reason("The decision to raise rates surprised markets on Tuesday, traders said.") is None
    # a subordinate clause with no main clause finishes the sentence before it ("Because I’m better than I was before.")
    alone = [t for t in corpus if re.match(r"^(?:Because|While|Whereas)\b[^,;:—–]*$", t) and is_prose(t)]
    assert len(alone) >= 2 and all(junk_reason(t) == LEANS_BEFORE for t in alone)
    assert junk_reason("Because of the storm, flights were cancelled across the region on Monday.") is None


def test_datelines_are_cut_not_the_lead(corpus):
    leads = [t for t in corpus if re.match(r"^[A-Z]{3,}[A-Z ,.]*\s*\([A-Za-z ]+\)\s*[—–-]", t)]
    assert leads
    for t in leads:
        core = strip_dateline(t)
        assert core != t and t.endswith(core) and core[0].isupper()


def test_summary_leads_and_nothing_is_said_twice(briefs):
    for cid, (b, _) in briefs.items():
        assert 1 <= len(b.summary) <= MAX_SUMMARY and len(b.key_points) <= MAX_KEY_POINTS, cid
        shown = _shown(b)
        assert len(shown) == len(set(shown)), cid
        for text in shown:  # a run's first sentence stands alone; the rest follow it
            first, *rest = split_sentences(text)
            why = junk_reason(first)
            assert why is None or why == CUT_QUOTE and opens_quote(first), (cid, text)
            assert not [t for t in rest if junk_reason(t, follows=True)], (cid, text)


def test_a_sentence_leaning_on_another_is_shown_only_after_it(briefs):
    """ "But they added that no formal offer had been made": shown only right after the sentence it leans on,
    in the same article; a quotation over several sentences only whole; the summary still holds at most
    five sentences."""
    runs = 0
    for cid, (b, _) in briefs.items():
        by_n = {c.n: c for c in b.citations}
        points = [(t, c, len(split_sentences(t))) for t, c in b.summary] + [(k.text, k.citations, k.own) for k in b.key_points]
        assert sum(len(split_sentences(t)) for t, _ in b.summary) <= MAX_SUMMARY, cid
        for text, cites, own in points:
            quotes = [by_n[n] for n in cites[:own]]
            head = quotes[0].quote
            assert junk_reason(head) is None or junk_reason(head) == CUT_QUOTE and opens_quote(head) and own > 1, (cid, text)
            assert not unbalanced_quote(text), (cid, text)  # a quotation told over sentences is shown whole
            for before, after in zip(quotes, quotes[1:]):
                runs += 1
                assert junk_reason(after.quote, follows=True) is None, (cid, after.quote)
                assert after.path == before.path and 0 <= after.start_line - before.end_line <= 2, (cid, text)
    assert runs  # the clusters do show some


def test_no_sentence_shown_restates_another(briefs):
    """A run's first sentence is checked too: the run's meaning, averaged over its sentences, hid a first
    sentence that repeated one already shown (and the summary may show only a run's start). "Restates" is the
    briefing's own same-fact decision (analysis/corroboration.py)."""
    from tests.shareddata import embedder

    for cid, (b, _) in briefs.items():
        by_n = {c.n: c for c in b.citations}
        firsts = [by_n[c[0]].quote for _, c in b.summary] + [by_n[k.citations[0]].quote for k in b.key_points]
        v = embedder().embed(firsts)
        readings = default_reader().read(firsts)
        for i, j in itertools.combinations(range(len(firsts)), 2):
            assert not same_fact(readings[i], readings[j], float(v[i] @ v[j]), calibration(None)), (cid, firsts[i], firsts[j])


def test_no_sentence_of_a_run_is_said_again_in_other_words(briefs):
    """as:5608: the summary's lead run went on "He was fully vaccinated, his family said in a statement on
    Facebook." and a key point said "Powell was fully vaccinated against Covid-19, his family said in a statement
    posted to Facebook." (cosine 0.70: the pronoun costs MiniLM what the words share)."""
    from ragnews.text.terms import tokenize

    for cid, (b, _) in briefs.items():
        words = [[set(tokenize(part)) for part in split_sentences(text)] for text in _shown(b)]
        for i, j in itertools.combinations(range(len(words)), 2):
            for short, other in [sorted((a, w), key=len) for a in words[i] for w in words[j]]:
                assert len(short) < 5 or len(short & other) < 0.8 * len(short), (cid, _shown(b)[i], _shown(b)[j])


def test_dated_photo_captions_and_unstopped_lines_are_not_candidates(tmp_path):
    """AP captions date the picture with weekday and year ("..., Thursday, Oct. 3, 2013, in Haltom City,
    Texas."); list items and headlines end without a stop. Found in the data, all rejected."""
    corpus = sentences(["mn:230", "mn:82"], tmp_path)
    captions = [t for t in corpus if re.search(r"(?<!on )\b[A-Z][a-z]+day, [A-Z][a-z]+\.? \d{1,2}, 20\d\d", t)]
    unstopped = [t for t in corpus if is_prose(t) and re.search(r"\w[”\"’')]$", t.strip())]
    assert captions and unstopped
    assert all(junk_reason(t) for t in captions + unstopped), [t for t in captions + unstopped if not junk_reason(t)]
    assert junk_reason("Haugen revealed her identity during an interview with CBS’ 60 Minutes on Sunday, October 3, 2021.") is None


def test_every_citation_verifies(briefs):
    for b, _ in briefs.values():
        js = b.to_json()
        assert_markers_resolve(js["markdown"], js["citations"])
        for c in js["citations"]:
            assert_citation_verifies(c)


def test_a_source_backing_a_point_gives_its_figures(briefs):
    """On any cluster: a source listed as stating a key point (beyond the point's own sentences) gives the figures
    the point states, or gives no figure at all (tests/analysis/test_corroboration.py). Constructed:
    tests/brief/test_briefing_behaviours.py (one figure every outlet gives)."""
    for cid, (b, _) in briefs.items():
        by_n = {c.n: c for c in b.citations}
        for p in b.key_points:
            for n in p.citations[p.own:]:
                backing = set(_figures(by_n[n].quote))
                assert not backing or set(_figures(p.text)) <= backing, (cid, p.text, by_n[n].quote)


def _figures(text: str) -> list[str]:
    return re.findall(r"\d[\d,.]*\d|\d", text)


def test_a_pronoun_after_an_opening_phrase_leans_on_the_sentence_before(corpus):
    """BBC business/041 "Speaking to the House Budget Committee he urged Congress…" opened a summary; rows 52, 166
    "In the interview, she revealed…", "In two months, he apparently never left the airport." A phrase that may hold
    whom the pronoun means (a clause, a name) frees it: "When the task force conducted raids, they arrested…"."""
    openers = [t for t in corpus if re.match(r"^(?:In|After|During|For) [^,]{3,40}, (?:he|she|they) [a-z]", t)]
    assert len(openers) >= 4 and all(junk_reason(t) == LEANS_BEFORE for t in openers if not junk_reason(t, follows=True))
    for free in ("When the task force conducted raids, they arrested several suspects.",
                 "When Smith arrived, he shut the gate behind him.",
                 "In a statement, the company said it would close the plant."):
        assert junk_reason(free) is None, free


def test_a_sentence_placing_what_was_told_beside_another_event_leans_on_it():
    """NeuS 130 opened on "Moonves' exit comes hours after The New Yorker published…" (the resignation came next);
    "The 19–0 vote came after hours of discussions", "Schumer’s announcement came one day after…" (AllSides): the
    subject names what the sentence before told."""
    import itertools

    from benchmarks.quality.data import allsides

    found = [t for c in itertools.islice(allsides(), 300) for d in c.docs for t in split_sentences(d.body)
             if re.match(r"^[\w’'\-]+(?: [\w’'\-]+){0,3} (?:comes|came) (?:\w+ \w+ )?(?:after|as|amid)\b", t)]
    assert len(found) >= 5
    assert all(junk_reason(t) == LEANS_BEFORE for t in found if not junk_reason(t, follows=True)), found
    assert junk_reason("Moonves' exit comes hours after The New Yorker published accounts from six women.") == LEANS_BEFORE
    assert junk_reason("Help finally came to the flooded village of Derna on Tuesday, aid workers said.") is None


def test_news_prose_that_only_looks_like_leaning_or_furniture_stays():
    """Found in review on BBC stories: "Rowling revealed she…" (a surname in -ing is no participle), "Download sales
    are due…" and "Like us they did well…" (a noun and a preposition, not a call to act), "pressure that came after…"
    (a relative clause's verb)."""
    import glob

    texts = [t for f in sorted(glob.glob(str(DATA / "bbc" / "*" / "*.txt")))
             for t in split_sentences(open(f, encoding="latin-1").read())
             if re.match(r"(?:Rowling revealed she|Download sales are due|Like us they)", t)]
    # "Like us they did well" is no call to act; whom "they" means is in the sentence before, as the reading says
    assert len(texts) >= 2 and all(junk_reason(t) in (None, LEANS_BEFORE) for t in texts), [(t, junk_reason(t)) for t in texts]
    assert all(junk_reason(t) is None for t in texts if not t.startswith("Like us they"))
    assert junk_reason("The pressure that came after the vote forced him out of the party.") is None
