"""Round 3 of the new-user walk: labels a reader is shown must be true (found briefing held-out Multi-News rows).

Each test is a small constructed story shaped like the real case named in its docstring.
"""

from __future__ import annotations

import re
from pathlib import Path

from ragnews.brief.markdown import source_names

LETTER = ("Untitled\n\nHarbor Freight CEO Dana Pell sent a letter to staff on Thursday after Norland Shipping offered to "
          "buy a 10 percent stake in the company.\n\n\"While anyone can buy our shares, we find the offer puzzling given "
          "our public stance on the port fees that Norland has received from its government,\" Pell wrote.\n\n"
          "Pell, a longtime critic of Norland, said the company would keep fighting the fees.\n")
STAKE = ("Untitled\n\nNorland Shipping says it is seeking a stake as large as 10% in Harbor Freight, the largest carrier "
         "on the coast.\n\nIn a letter to staff, Harbor Freight's chief executive, Dana Pell, said the offer was "
         "\"puzzling given our public stance on the port fees\" that Norland receives.\n\nHarbor Freight said Norland "
         "plans to buy at least $300 million of its stock, which would be reviewed by regulators.\n\n"
         "Norland won an industry award earlier this week.\n")
FILING = ("Untitled\n\nNorland Shipping filed notice of its proposed investment of at least $300 million, Harbor Freight "
          "said.\n\nHarbor Freight shares rose about 6% in early trading.\n\nThe proposed investment was not sought by "
          "Harbor Freight and would not change its board, the company said.\n")


def _brief(tmp_path: Path, *texts: str, full: bool = False):
    from tests.shareddata import brief_texts

    return brief_texts(tmp_path, *texts, full=full)


def test_a_statement_cited_beside_the_summary_is_not_quoted_again(tmp_path):
    """mn:217 --full: Parker's "puzzling" line, cited as the second outlet's wording of the summary's quote, came back
    under "who said what"; so did the $808 million filing a key point cites as its second source."""
    b, _ = _brief(tmp_path, LETTER, STAKE, FILING, full=True)
    above = {n for _, cites in b.summary for n in cites} | {n for k in b.key_points for n in k.citations}
    assert above, b.markdown
    for q in b.quotes:
        assert not above & set(q["citations"]), (q, b.markdown)
    assert b.quotes_above >= 1
    assert "puzzling" not in b.markdown.split("## Who said what")[1].split("## Source notes")[0]


def test_sources_that_share_a_title_are_told_apart_in_the_notes():
    """mn:217: three articles titled "Untitled" gave three "**Untitled** alone reports …" lines."""
    sources = [{"source": "/d/a.txt", "path": "/d/a.txt", "title": "Untitled"},
               {"source": "/d/b.txt", "path": "/d/b.txt", "title": "untitled"},
               {"source": "/d/c.txt", "path": "/d/c.txt", "title": "Kursk retaken"},
               {"source": "/d/w.html", "path": "/h/snapshots/x/w.html", "title": "Untitled", "url": "https://x.example/w"}]
    names = source_names(sources)
    assert names["/d/c.txt"] == "Kursk retaken"
    assert len({names[s] for s in ("/d/a.txt", "/d/b.txt", "/d/w.html")}) == 3
    assert names["/d/a.txt"].startswith("Untitled (") and "a.txt" in names["/d/a.txt"]
    assert names["/d/w.html"] == "Untitled (https://x.example/w)"


def test_an_exclamation_mark_is_escaped_only_where_it_would_open_an_image():
    """mn:159: the GoFundMe appeal's "Any help offered would be so appreciated!" read "appreciated\\!" in the
    Markdown, though the README promises the Markdown escapes only what would otherwise render."""
    from ragnews.brief.markdown import md, md_block

    assert md("Any help offered would be so appreciated!") == "Any help offered would be so appreciated!"
    live_image = re.compile(r"(?<!\\)!\[")
    assert not live_image.search(md("see ![x](http://evil.example/a.png)"))
    assert not live_image.search(md_block("Wow![3]")) and "[3]" in md_block("Wow![3]")


def test_the_html_page_tags_a_planned_event_and_says_whose_figure_it_is():
    """as:6112 as HTML: "President Biden will announce on Thursday …" was tagged _(expected)_ in the Markdown but shown
    on the page as a thing done; a difference's "according to …" was likewise in the Markdown only."""
    from ragnews.answer.citations import Citation
    from ragnews.brief.html import render_html
    from ragnews.brief.model import Briefing

    cites = [Citation(1, "a.txt", "/tmp/a.txt", 3, 3, "The mayor will announce the plan on Thursday.", title="A"),
             Citation(2, "b.txt", "/tmp/b.txt", 4, 4, "Police said 12 people were hurt.", title="B"),
             Citation(3, "c.txt", "/tmp/c.txt", 5, 5, "Nine people were hurt, the hospital said.", title="C")]
    b = Briefing(topic=None, engine="extractive", model=None, citations=cites,
                 timeline=[{"date": "2025-03-06", "date_text": "Thursday", "expected": True, "resolved": False,
                            "event": "The mayor will announce the plan on Thursday.", "citations": [1]}],
                 discrepancies=[{"subject": "people hurt", "claims": [
                     {"value": "12", "citations": [2], "sources": ["b.txt"], "attribution": "Police"},
                     {"value": "Nine", "citations": [3], "sources": ["c.txt"], "attribution": "the hospital"}]}])
    page = render_html(b)
    timeline = page.split('<section id="timeline">')[1].split("</section>")[0]
    assert "(expected)" in timeline and "news day" in timeline
    differ = page.split('<table class="differ">')[1].split("</table>")[0]
    assert "according to Police" in differ and "according to the hospital" in differ


CABIN = ("Untitled\n\nThe cabin of a Norland Shipping ferry. AP Harbor Freight on Thursday said it received an unsolicited "
         "notice from Norland Shipping of its intention to make a significant investment.\n\nIn a call between the chief "
         "executives, Norland said it wanted to buy about 10% of the public shares, Harbor Freight said in a filing.\n\n"
         "Norland Shipping filed notice of its proposed investment of at least $300 million with regulators.\n")


def test_a_caption_whose_credit_starts_the_next_sentence_is_no_summary_sentence(tmp_path):
    """mn:217: "The cabin of a Qatar Airways plane." (a verbless fragment) stood in the summary; its credit "AP" was glued
    to the next sentence ("AP American Airlines on Thursday said …"), so no credit ended its line as captions' do."""
    b, _ = _brief(tmp_path, CABIN, FILING, full=True)
    shown = [t for t, _ in b.summary] + [k.text for k in b.key_points]
    assert shown and not [t for t in shown if "cabin of" in t], b.markdown


def test_a_credit_at_the_start_of_a_sentence_ends_only_a_verbless_caption():
    """A word in capitals opening a sentence is a credit only after a fragment with no verb; after prose it is a name."""
    from ragnews.brief.candidates import caption_before_credit
    from ragnews.text.reading import default_reader

    fragment, prose = default_reader().read(["The cabin of a Norland ferry.", "The ferry left the port on Monday."])
    assert caption_before_credit(fragment, "AP Harbor Freight on Thursday said it received a notice.")
    assert not caption_before_credit(prose, "NASA officials on Thursday said the launch was delayed.")
    assert not caption_before_credit(fragment, "Harbor Freight on Thursday said it received a notice.")
    assert not caption_before_credit(fragment, None)
