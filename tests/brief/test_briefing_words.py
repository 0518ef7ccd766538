"""A briefing as a reader meets it: titled by its story, notes in words (no internal keys), what each source
adds said in words, Markdown that reads as written, and on the page a way back from each citation."""

from __future__ import annotations

import re

from ragnews.brief.html import render_html
from ragnews.brief.markdown import md
from ragnews.brief.model import Briefing, warning_label

INTERNAL = ("missing_date", "date_contradiction", "figure_year_mismatch")


def test_markdown_escapes_only_what_would_render_otherwise() -> None:
    assert md("run `ragnews stories` on seeds/000_7dc4cde0666e8d48.txt") == "run `ragnews stories` on seeds/000_7dc4cde0666e8d48.txt"
    assert md("_emphasis_ and *bold* and [link](x) and <b>") == r"\_emphasis\_ and \*bold\* and \[link\](x) and \<b\>"
    assert md("```python") == r"\`\`\`python"


def test_warning_kinds_read_as_words() -> None:
    assert warning_label("missing_date") == "No publication date"
    assert warning_label("date_contradiction") == "Its date is contradicted by its own text"
    assert warning_label("some_new_kind") == "Some new kind"


def test_title_is_the_story_label() -> None:
    label = "North Korea confirms it sent troops to help Russia retake the Kursk region, state media said on Monday"
    assert Briefing(topic=None, engine="extractive", model=None, label=label).title(3) == label
    assert Briefing(topic="Kursk", engine="extractive", model=None, label=label).title(3) == "Briefing: Kursk"
    assert Briefing(topic=None, engine="extractive", model=None).title(3) == "Briefing on 3 articles"
    long = Briefing(topic=None, engine="extractive", model=None, label="word " * 60).title(3)
    assert len(long) <= 120 and long.endswith("…")


def test_a_briefing_on_the_seeds_reads_in_words_and_links_back(seeded) -> None:
    briefing = seeded.brief(engine="extractive")
    data = briefing.to_json()
    assert briefing.label and data["title"] == briefing.title(len(briefing.sources)) and not data["title"].startswith("Briefing on")
    assert briefing.markdown.startswith(f"# {md(data['title'])}\n")
    page = render_html(briefing)
    assert f"<h1>{data['title'][:30]}" in page.replace("&#39;", "'").replace("&#34;", '"')
    for text in (briefing.markdown, page):
        assert not any(key in text for key in INTERNAL), [k for k in INTERNAL if k in text]
        assert "adds:" not in text
    assert all(w["label"] and w["kind"] for w in data["warnings"])  # the JSON keeps its kind and adds the words
    assert "\\_" not in briefing.markdown.split("## Sources", 1)[1]  # file names read as written
    # every citation in the list links back to where it is cited, and that place exists
    for n in range(1, len(briefing.citations) + 1):
        item = re.search(rf'<li id="cite-{n}" value="{n}">(.*?)</li>', page, re.S)
        assert item, n
        backs = re.findall(r'class="back" href="#(ref-\d+-\d+)"', item.group(1))
        assert backs and all(f'id="{ref}"' in page for ref in backs), n
