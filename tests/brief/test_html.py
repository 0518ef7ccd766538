"""The HTML briefing as a file: sections, citations as links with their quote, a strict CSP,
article text escaped everywhere, and the template shipped in the wheel."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from markupsafe import escape

from ragnews.answer.citations import Citation
from ragnews.brief.html import render_html
from ragnews.brief.model import Briefing, KeyPoint
from tests.conftest import ROOT

EVIL = "<script>alert('x')</script><img src=x onerror=alert(1)>\u202e"


@pytest.fixture(scope="module")
def seeds_html(seeded_db) -> tuple[str, Briefing]:
    from ragnews import Newsroom

    briefing = Newsroom(db=seeded_db).brief()
    return render_html(briefing), briefing


def test_sections_and_every_citation_is_a_link_with_its_quote(seeds_html) -> None:
    page, b = seeds_html
    for heading in ("Summary", "Key points", "Where sources differ", "Timeline", "Who said what", "Source notes", "Sources", "Citations"):
        assert f"<h2>{heading}" in page
    for c in b.citations:
        assert f'id="cite-{c.n}"' in page and f'href="#cite-{c.n}"' in page
        assert str(escape(c.quote)) in page
    assert re.search(r'<span class="support (consensus|several|single)">', page)
    assert '<table class="differ">' in page or "No conflicting figures" in page


def test_self_contained_with_a_strict_csp_whose_hash_matches_the_style(seeds_html) -> None:
    page, _ = seeds_html
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert csp.startswith("default-src 'none';") and "script-src 'none'" in csp and "unsafe-inline" not in csp
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp
    assert "<script" not in page and " style=" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page.split("<section id=\"sources\">")[0]), "nothing is loaded from anywhere"
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def _hostile_briefing() -> Briefing:
    cite = Citation(1, f"news/{EVIL}.txt", "/tmp/x.txt", 2, 3, f"He said {EVIL} loudly.", title=EVIL, url="javascript:alert(1)")
    web = Citation(2, "snap.html", "/tmp/s.html", 4, 4, "Quiet text.", title="T", url="https://example.org/a?b=1&c=<2>")
    return Briefing(
        topic=EVIL, engine="extractive", model=None, summary=[(f"Summary {EVIL}", [1])],
        key_points=[KeyPoint(f"Point {EVIL}", [1, 2], [EVIL], "single source")], citations=[cite, web],
        sources=[{"source": EVIL, "title": EVIL, "outlet": EVIL, "published": "2025-01-01", "cited": True, "path": "/tmp/x.txt",
                  "url": "javascript:alert(2)"}],
        discrepancies=[{"subject": EVIL, "claims": [{"value": EVIL, "citations": [1], "sources": [EVIL]},
                                                   {"value": "2", "citations": [2], "sources": ["b"]}]}],
        timeline=[{"date": "2025-01-01", "date_text": EVIL, "event": EVIL, "citations": [1]}],
        quotes=[{"speaker": EVIL, "role": EVIL, "text": EVIL, "citations": [1]}],
        warnings=[{"source": EVIL, "kind": EVIL, "message": EVIL, "citations": [1]}],
        syndicated=[[EVIL, "b"]], contributions={EVIL: [1]}, notes=[EVIL],
    )


def test_article_text_is_escaped_everywhere_and_only_http_links_are_links() -> None:
    page = render_html(_hostile_briefing())
    assert "<script" not in page and "<img" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "javascript:" not in re.findall(r'href="([^"]*)"', page).__str__()
    assert 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in page
    assert "\u202e" not in page, "bidi controls are removed from untrusted text"


def test_llm_body_is_rendered_from_the_checked_markdown() -> None:
    from ragnews.brief.html import pieces

    b = _hostile_briefing()
    b.summary, b.key_points = [], []
    b.markdown = ("# t\n\n## Summary and key points (written by the model, every sentence checked)\n\n"
                  "- Floods hit \\<b\\>Marlow\\</b\\> [1][2]\nThe river rose [unsupported].\n\n## Where sources differ\n")
    page = render_html(b)
    assert "Floods hit &lt;b&gt;Marlow&lt;/b&gt;" in page and 'href="#cite-2"' in page and "[unsupported]" in page
    assert [p.cite for p in pieces("a [3] b")] == [None, 3, None]


@pytest.mark.parametrize(("args", "starts"), [(["-o", "b.html"], "<!DOCTYPE html>"), (["-o", "b.txt", "--format", "html"], "<!DOCTYPE html>"),
                                              (["-o", "b.json"], "{")])
def test_cli_output_format_by_extension_or_flag(seeded_db, tmp_path: Path, args: list[str], starts: str) -> None:
    os.chdir(tmp_path)
    out = subprocess.run([sys.executable, "-m", "ragnews", "brief", "--db", str(seeded_db), *args], capture_output=True, text=True,
                         env=os.environ, timeout=300)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / args[1]).read_text(encoding="utf-8").startswith(starts)


def test_cli_format_html_to_stdout_and_json_stays_pure(seeded_db) -> None:
    run = [sys.executable, "-m", "ragnews", "brief", "--db", str(seeded_db)]
    page = subprocess.run([*run, "--format", "html"], capture_output=True, text=True, env=os.environ, timeout=300)
    assert page.returncode == 0 and page.stdout.startswith("<!DOCTYPE html>") and page.stdout.rstrip().endswith("</html>")
    data = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, env=os.environ, timeout=300)
    assert json.loads(data.stdout)["citations"]


def test_the_wheel_ships_the_template(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    wheel = next(iter(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])))
    with zipfile.ZipFile(wheel) as zf:
        for name in ("briefing.html.j2", "briefing.css"):
            assert zf.read(f"ragnews/brief/templates/{name}") == (ROOT / "ragnews" / "brief" / "templates" / name).read_bytes()
