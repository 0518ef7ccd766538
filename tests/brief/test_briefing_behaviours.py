"""Briefings of small constructed clusters: the behaviours real dev clusters once pinned.

Each test stands for a test that pinned one dev cluster's briefing (named in its docstring); those clusters'
briefings now live in the reviewed snapshot (`python -m benchmarks.snapshot`, benchmarks/snapshots/briefings.json).
"""

from __future__ import annotations

from pathlib import Path

from ragnews.analysis.corroboration import calibration, same_fact
from ragnews.brief.candidates import LEANS_BEFORE, junk_reason, without_label
from ragnews.text.reading import default_reader

STORY_A = ("Bridge collapse\n\nA highway bridge over the Tamar River collapsed on Tuesday morning, killing three drivers "
           "and injuring nine, the regional fire service said. The bridge, built in 1964, had been due for repairs next "
           "year, according to the transport ministry. Engineers said heavy rain over the weekend had weakened its "
           "supports. The transport minister visited the site on Tuesday afternoon and promised a full inquiry into the "
           "collapse. Divers were still searching the river for a fourth car late on Tuesday, police said.\n")
STORY_B = ("Three dead as bridge falls\n\nThree drivers were killed and nine people hurt when a highway bridge over the "
           "Tamar River collapsed on Tuesday, the fire service said. Heavy weekend rain had weakened the supports of the "
           "1964 bridge, engineers told reporters at the scene. The transport minister, who visited the site, said "
           "there would be a full inquiry into why the bridge fell. Police divers searched the river into the night for "
           "a car that witnesses saw plunge from the deck.\n")

CRAWL = ("Archive notice\n\nThese crawls are part of an effort to archive pages as they are created and archive the "
         "pages that they refer to. That way, as the pages that are referenced are changed or taken from the web, a "
         "link to the version that was live when the page was written will be preserved. Then the Internet Archive "
         "hopes that references to these archived pages will be put in place of a link that would be otherwise be "
         "broken, or a companion link to allow people to see what was originally intended by a page's authors.\n")


def _brief(tmp_path: Path, *texts: str, full: bool = False):
    from tests.shareddata import brief_texts

    return brief_texts(tmp_path, *texts, full=full)


def _shown(b) -> list[str]:
    return [t for t, _ in b.summary] + [k.text for k in b.key_points]


def _shown_paths(b) -> set[str]:
    by_n = {c.n: c for c in b.citations}
    return {by_n[n].path for _, cites in b.summary for n in cites} | {by_n[n].path for k in b.key_points for n in k.citations}


def test_an_off_story_page_does_not_speak(tmp_path):
    """mn:10, mn:36, mn:16: a crawl notice or an unrelated web page in a story's cluster spoke in its briefing."""
    b, arts = _brief(tmp_path, STORY_A, STORY_B, CRAWL)
    assert _shown(b) and not any("crawl" in t or "Internet Archive" in t for t in _shown(b))
    assert arts[2].path not in _shown_paths(b)


def test_a_page_of_teasers_printed_twice_does_not_outweigh_the_story(tmp_path):
    """mn:16: the story's article, a crawl notice and a local-news page whose teasers each appear twice (headline,
    then text). Counted twice, the teasers outweighed the article (here 84 words of prose against the page's 70,
    140 if counted twice) and the briefing told the page's Ebola and bobcat items."""
    items = ["A bobcat was spotted near the elementary school playground on Monday, parents said.",
             "The county health board met to discuss Ebola preparedness at the regional hospital.",
             "A new bakery opened on Main Street with a ribbon cutting by the mayor on Saturday.",
             "The high school football team won its third straight game on Friday night.",
             "Road work on Route 9 will close two lanes through the end of the month, officials said."]
    teasers = "Local news\n\n" + "\n\n".join(f"{t}\n{t}" for t in items) + "\n"
    b, arts = _brief(tmp_path, STORY_A, teasers, CRAWL)
    assert _shown(b) and arts[1].path not in _shown_paths(b) and arts[0].path in _shown_paths(b)
    from ragnews.brief.keypoints import _prose_words  # the doubled line is one line of prose wherever it survives

    assert _prose_words([items[0], items[0], items[1]]) == len(items[0].split()) + len(items[1].split())


def test_two_reports_on_one_topic_both_speak_when_neither_backs_the_other(tmp_path):
    """mn:90: a course's page and a newspaper column on the ABCs of parenting, related under the cosine of one
    story: with nothing to tell the story from a stray page, both speak."""
    course = ("Parenting course\n\nThe ABCs of parenting course teaches parents to notice what happens before a child's "
              "tantrum, the behaviour itself and the consequence that follows. Parents practise praising good behaviour "
              "within seconds and ignoring minor misbehaviour, the course's instructors say. The six-week course meets "
              "on Tuesday evenings at the community centre and is free for families in the county.\n")
    column = ("Raising children\n\nEvery parent knows the moment a tantrum starts in the grocery store, and psychologists "
              "say the answer lies in the ABCs: antecedent, behaviour and consequence. Praise a child quickly when the "
              "behaviour is good, the researchers advise, and let small provocations pass without a reaction. Parents "
              "who tried the method for a month reported calmer evenings and fewer fights at bedtime.\n")
    b, arts = _brief(tmp_path, course, column)
    assert _shown_paths(b) == {a.path for a in arts}


def test_one_figure_every_outlet_gives_is_one_point_with_its_outlets(tmp_path):
    """as:5983: all three outlets give 559,000 jobs: the figure is shown once, with the outlets that state it, not as
    "single source"; "fell to 5.8% from 6.1%" is one report however many outlets word it."""
    texts = ["Jobs report\n\nThe U.S. economy added 559,000 jobs in May, the Labor Department said on Friday. The "
             "unemployment rate fell to 5.8% from 6.1%. Economists had expected a gain of about 650,000 jobs.\n",
             "Hiring picks up\n\nU.S. employers added 559,000 jobs in May, the Labor Department said Friday. The jobless "
             "rate fell to 5.8% from 6.1% in April. Restaurants and bars led the gains as the pandemic eased.\n",
             "May payrolls\n\nPayrolls rose a solid 559,000 in May, the Labor Department reported on Friday. The "
             "unemployment rate dropped to 5.8% from 6.1%. Wages rose 0.5% from the month before.\n"]
    b, _ = _brief(tmp_path, *texts)
    by_n = {c.n: c for c in b.citations}
    told = [c for t, c in b.summary if "559,000" in t] + [p.citations for p in b.key_points if "559,000" in p.text]
    assert len(told) == 1 and len({by_n[n].path for n in told[0]}) >= 2
    assert len([t for t in _shown(b) if "5.8%" in t and "6.1%" in t]) <= 1


def test_one_event_told_with_the_same_names_is_one_fact():
    """as:5629: two outlets' wording of Merck's request to the FDA (MiniLM 0.72) is one fact."""
    a, b = default_reader().read([
        "Merck and its partner Ridgeback Biotherapeutics announced Monday that it has asked the Food and Drug "
        "Administration for emergency approval of its COVID-19 pill.",
        "Merck & Co. and Ridgeback Biotherapeutics announced Monday the submission of emergency use authorization to "
        "the Food and Drug Administration."])
    assert same_fact(a, b, 0.72, calibration(None))


def test_a_sentence_leaning_on_its_lead_is_prose_but_a_mid_thought_excerpt_is_not():
    """as:5657: an excerpt's lead, then "But his administration has been forced to confront..." leaning on it, is
    prose that backs a story; a crawl notice (mn:12) opening mid-thought ("These crawls are part of...") is not."""
    from ragnews.brief.keypoints import MIN_PROSE_WORDS, _prose_words

    ap = ["President Joe Biden is caught between progressives who want him to end the filibuster and moderates in his "
          "own party who say the Senate rule protects the minority, a split that has stalled his agenda on voting rights "
          "and immigration for months.",
          "But his administration has been forced to confront the limits of its power as the summer recess nears and "
          "the votes to change the rule are not there."]
    crawl = ["These crawls are part of an effort to archive pages as they are created and archive the pages that they "
             "refer to.", "That way, as the pages that are referenced are changed or taken from the web, a link to the "
             "version that was live when the page was written will be preserved.",
             "Then the Internet Archive hopes that references to these archived pages will be put in place of a link "
             "that would be otherwise be broken."]
    assert _prose_words(ap) >= MIN_PROSE_WORDS
    assert _prose_words(crawl) < MIN_PROSE_WORDS


def test_a_caption_told_over_sentences_is_no_summary(tmp_path):
    """mn:241: a caption told in two sentences with its credit and a button after them ("Buy Photo Genesee County
    health official Jim Henry was among those... (Photo: Karen Bouffard / The Detroit News)Buy Photo") opened the
    summary; mn:248 had a caption as a key point. A paragraph that ends on a picture's credit is a caption."""
    caption = ("Buy Photo Genesee County health official Jim Henry was among those calling for an outside investigation "
               "of the outbreak. He said the county lacked the expertise to do so. (Photo: Karen Bouffard / The Detroit "
               "News)Buy Photo")
    text = STORY_A.replace("\n\n", f"\n\n{caption}\n\n", 1)
    b, _ = _brief(tmp_path, text, STORY_B)
    assert _shown(b) and not any("Jim Henry" in t or "expertise" in t for t in _shown(b))


def test_a_title_case_dateline_is_cut():
    """mn:241: "Flint — Sixteen months after..." was quoted with its dateline."""
    text = "Flint — Sixteen months after the water crisis began, state officials admitted the tests were flawed."
    assert without_label(text, default_reader().one(text).label_end).startswith("Sixteen months after")


def test_a_headline_with_a_stop_is_not_summary_or_key_point(tmp_path):
    """NeuS test rows 110 and 230, written as files whose first line is the headline (the data set ends it with a
    period): the headline was read as a lead sentence and the summary said it, then the body's lead saying the same."""
    titles = ["Three dead as highway bridge collapses over Tamar River.", "Bridge falls in heavy rain, killing three."]
    b, arts = _brief(tmp_path, *(f"{t}\n\n{s.split(chr(10), 2)[2]}" for t, s in zip(titles, (STORY_A, STORY_B))))
    assert sorted(a.title or "" for a in arts) == sorted(titles)
    assert _shown(b) and not any(t in title or title in t for t in _shown(b) for title in titles)


def test_a_section_label_is_cut_off_like_a_dateline():
    """NeuS line 110: "Why it matters: Biden has faced mounting pressure…" reached the summary with its label; a label
    naming a speaker stays."""
    text = "Why it matters: Biden has faced mounting pressure to raise the refugee cap from members of his own party."
    core = without_label(text, default_reader().one(text).label_end)
    assert core.startswith("Biden") and junk_reason(core) is None
    shout = "PRESIDENT OBAMA: We will not back down from this fight, not now and not ever."
    assert without_label(shout, default_reader().one(shout).label_end).startswith("PRESIDENT")


def test_a_pronoun_after_an_opening_participle_leans_on_the_sentence_before():
    """BBC business/041: "Speaking to the House Budget Committee he urged Congress…" opened a summary."""
    text = "Speaking to the House Budget Committee he urged Congress to cut the deficit."
    assert junk_reason(text) == LEANS_BEFORE and junk_reason(text, follows=True) is None


def _strip_dateline(text: str) -> str:
    return without_label(text, default_reader().one(text.strip()).label_end)


def test_a_label_that_says_who_speaks_stays():
    """Found in review: "Police said: The suspect fled…" lost its speaker to the section-label rule."""
    for text in ("Police said: The suspect fled the scene in a stolen car and was arrested two hours later in Ohio.",
                 "The verdict was unanimous: Guilty on all 34 counts, the jury found after two days of deliberation."):
        assert _strip_dateline(text) == text


def test_same_fact_needs_agreeing_figures_and_shared_words():
    a, same, other_figure, vague = default_reader().read([
        "The US added 559,000 jobs in May as the pandemic receded.",
        "The U.S. economy added 559,000 jobs in May, the Labor Department said.",
        "The US added 671,000 jobs in May, economists had expected.",
        "Employers added jobs in June."])
    match = calibration(None)
    assert same_fact(a, same, 0.85, match)
    assert not same_fact(a, other_figure, 0.9, match)  # a figure of the same thing that disagrees is a difference
    assert not same_fact(a, vague, 0.5, match)


def test_a_month_after_in_is_when_not_where():
    """Found as a new user briefing one HTML page: "Work is expected to begin in March…" outranked the lead as the
    summary's opener, its "in March" counted as the where of who/where/when (mn:30 and mn:238 opened on such
    sentences; their briefings are in the snapshot)."""
    from ragnews.brief.keypoints import _completeness

    work, vote = default_reader().read(["Work is expected to begin in March and take two years.",
                                        "The city council voted 7-2 on Thursday in Portland to approve the plan."])
    assert _completeness(work) == 3  # who (work), what (begin), when (March): "in March" is no where
    assert _completeness(vote) == 4


def test_one_event_two_officials_confirm_is_told_once_with_both_sources_and_other_counts_stay_apart(tmp_path):
    """A fact told two ways by two outlets, each crediting another named official ("police chief Tony Holt confirmed"
    / "university president Roy Wilson said"), is told once, citing both; two counts of one thing that disagree (300
    homes / 120 homes) are not merged. (mn:50: the officer's death was told apart, each outlet "single source".)"""
    first = ("Officer dies after shooting\n\nA university police officer, Collin Rose, died on Wednesday after he was shot "
             "during a traffic stop, police chief Tony Holt confirmed. The storm last month destroyed 300 homes in the "
             "county, the mayor said. The city council will meet on Monday to discuss the budget for the coming year. "
             "Schools in the district stayed open throughout the week despite the heavy rain.\n")
    second = ("Campus mourns officer\n\nOfficer Collin Rose of the university police died on Wednesday from the gunshot "
              "wound he suffered on Tuesday, university president Roy Wilson said. A fire in the county destroyed 120 "
              "homes in the spring, the fire chief said. Students gathered for a vigil on the main lawn in the evening. "
              "The football game planned for Saturday was postponed by the athletic department.\n")
    b, arts = _brief(tmp_path, first, second, full=True)
    by_n = {c.n: c.path for c in b.citations}
    items = [(t, {by_n[n] for n in cites}) for t, cites in b.summary] + \
        [(k.text, {by_n[n] for n in k.citations}) for k in b.key_points]
    died = [paths for t, paths in items if "Collin Rose" in t]
    assert died == [{arts[0].path, arts[1].path}], items  # told once, with both outlets
    homes = [paths for t, paths in items if "homes" in t]
    assert len(homes) == 2 and all(len(paths) == 1 for paths in homes), items


NOTICE = "JavaScript is disabled\n\nYou need to enable JavaScript to use SoundCloud\n"


def test_a_page_with_no_article_text_is_flagged_and_never_briefed_as_the_story(tmp_path):
    """mn:214: an 8-word "JavaScript is disabled" page, ingested after the 295-word article, won the folder (one
    article each, the newer first), and `brief DIR` printed an empty briefing with the story as "another story"."""
    from ragnews import Newsroom

    folder = tmp_path / "cluster"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY_A, encoding="utf-8")
    (folder / "b.txt").write_text(NOTICE, encoding="utf-8")
    nr = Newsroom(db=tmp_path / "db")
    report = nr.ingest([folder])
    notes = {Path(o.source).name: o.reason for o in report.outcomes}
    assert notes["b.txt"] and notes["b.txt"].startswith("no article text") and not notes["a.txt"], notes
    b = nr.brief([folder], engine="extractive")
    assert {Path(s["path"]).name for s in b.sources} == {"a.txt"}, b.sources
    assert any("Tamar" in t for t, _ in b.summary)


def test_a_short_brief_of_news_is_an_article():
    from ragnews.text.reading import no_article_text

    short, notice = default_reader().read(["Police arrested a man in Leeds on Friday.",
                                           "You need to enable JavaScript to use SoundCloud"])
    assert no_article_text([short], 8) is None
    assert no_article_text([notice], 8) is not None
    assert no_article_text([notice], 400) is None  # a long page is never a notice by this test
    assert no_article_text([notice], 8, english=False) is None  # nor a page the English model cannot read
