"""Briefings on the seeds: sections, coverage, no boilerplate, every citation verified."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ragnews import Newsroom
from tests.conftest import SEEDS
from tests.verify import assert_citation_verifies, assert_markers_resolve

SECTIONS = ["## Summary", "## Key points", "## Where sources differ", "## Timeline", "## Who said what", "## Source notes", "## Sources"]


@pytest.fixture(scope="module")
def seed_brief(tmp_path_factory, seeds_copy):
    db = tmp_path_factory.mktemp("briefdb") / "db"
    out = subprocess.run([sys.executable, "-m", "ragnews", "brief", str(seeds_copy), "--json", "--db", str(db)],
                         capture_output=True, text=True, env=os.environ, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_json_contract(seed_brief) -> None:
    assert {"topic", "markdown", "engine", "citations", "sources", "discrepancies", "timeline", "warnings"} <= set(seed_brief)
    assert seed_brief["engine"] == "extractive"
    for s in seed_brief["sources"]:
        assert {"source", "title", "outlet", "published", "cited"} <= set(s)
    for k in seed_brief["key_points"]:
        assert k["support"] in ("consensus", "several sources", "single source") and k["sources"]
    for q in seed_brief["quotes"]:
        assert {"speaker", "role", "text", "citations", "source", "direct"} <= set(q) and isinstance(q["direct"], bool)


def test_cites_all_five_and_every_citation_verifies(seed_brief) -> None:
    assert len(seed_brief["sources"]) == 5 and all(s["cited"] for s in seed_brief["sources"])
    assert_markers_resolve(seed_brief["markdown"], seed_brief["citations"])
    for c in seed_brief["citations"]:
        assert_citation_verifies(c)
    ns = [c["n"] for c in seed_brief["citations"]]
    assert ns == list(range(1, len(ns) + 1))


def test_sections_and_no_boilerplate(seed_brief) -> None:
    md = seed_brief["markdown"]
    positions = [md.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    for junk in ("Get link", "Other Apps", "Leave a Comment", "Post a Comment", "top of page", "bottom of page", "profitablecpmrate", "min read"):
        assert junk not in md


def test_covers_the_main_facts(seed_brief) -> None:
    text = seed_brief["markdown"]
    for fact in ["Kursk", "treaty", "4,000", "14,000", "10,000-12,000", "Gerasimov", "Monday", "Saturday"]:
        assert fact in text, fact
    # reactions in Seoul, Washington and Kyiv; what analysts expect
    assert "South Korea" in text and ("United States" in text or "U.S." in text) and ("Kyiv" in text or "Ukrainian officials" in text)
    assert "nalyst" in text


def test_summary_tells_the_story_and_lengths_are_readable(seed_brief) -> None:
    summary = " ".join(s["text"] for s in seed_brief["summary"])
    assert "Kursk" in summary and "Monday" in summary  # who did what, where and when
    assert len(seed_brief["summary"]) <= 5 and len(seed_brief["key_points"]) <= 8
    assert len(seed_brief["timeline"]) <= 12 and len(seed_brief["quotes"]) <= 10
    shown = [s["text"] for s in seed_brief["summary"]] + [k["text"] for k in seed_brief["key_points"]]
    assert len(shown) == len(set(shown))  # no sentence twice
    assert len(seed_brief["markdown"].splitlines()) < 200


def test_differences_show_every_side(seed_brief) -> None:
    troops = [d for d in seed_brief["discrepancies"] if d["subject"].split()[0] == "troops"]  # sent, dispatched: one slot
    assert troops and all(d["compatible"] is False for d in seed_brief["discrepancies"])
    values = {c["value"] for c in troops[0]["claims"]}
    assert {"10,000-12,000", "14,000"} <= values
    assert all(c["citations"] and c["sources"] for c in troops[0]["claims"])
    assert any(c.get("attribution") for c in troops[0]["claims"])  # "according to South Korean officials"


def test_key_points_labelled_by_distinct_sources(seed_brief) -> None:
    points = seed_brief["key_points"]
    by_n = {c["n"]: c["source"] for c in seed_brief["citations"]}
    assert len({by_n[n] for n in seed_brief["summary"][0]["citations"]}) >= 2  # the lead fact: several sources state it
    assert any(p["support"] != "single source" for p in points)
    for p in points:
        assert len(p["sources"]) == len(set(p["sources"]))
        assert (p["support"] == "single source") == (len(p["sources"]) == 1)


def test_output_file_and_paths_scope(tmp_path: Path) -> None:
    corpus = tmp_path / "two"
    corpus.mkdir()
    for name in ("001_e466ae1f60d4263a.txt", "003_4432676fd8114b32.txt"):
        (corpus / name).write_bytes((SEEDS / name).read_bytes())
    nr = Newsroom(db=tmp_path / "db")
    nr.ingest([SEEDS])  # the store holds all five
    out = tmp_path / "brief.md"
    result = subprocess.run([sys.executable, "-m", "ragnews", "brief", str(corpus), "-o", str(out), "--db", str(tmp_path / "db")],
                            capture_output=True, text=True, env=os.environ, timeout=300)
    assert result.returncode == 0, result.stderr
    md = out.read_text()
    title = md.splitlines()[0]
    assert title.startswith("# ") and "Briefing on" not in title  # titled by its story's headline
    assert "000_7dc4cde0666e8d48" not in md and "004_3c2cfa3121e2e0b7" not in md


def test_topic_brief(seeded) -> None:
    b = seeded.brief(topic="casualties among North Korean soldiers")
    assert b.topic and "4,000" in b.markdown
    for c in b.to_json()["citations"]:
        assert_citation_verifies(c)


def test_full_keeps_everything(seeded) -> None:
    digest, full = seeded.brief(), seeded.brief(full=True)
    assert len(full.key_points) > len(digest.key_points) and len(full.quotes) > len(digest.quotes) >= 1
    assert len(full.timeline) >= len(digest.timeline)
    assert [t for t, _ in full.summary] == [t for t, _ in digest.summary]
    for c in full.to_json()["citations"]:
        assert_citation_verifies(c)


def test_a_briefing_piped_is_markdown(tmp_path: Path, seeded_db: Path) -> None:
    """`ragnews brief DIR > file.md` writes Markdown, not the terminal's rendering (centred, padded to 80 columns)."""
    out = subprocess.run([sys.executable, "-m", "ragnews", "brief", "--db", str(seeded_db)],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("# ") and "\n## Key points\n" in out.stdout
    assert not any(line.endswith(" ") and len(line) == 80 for line in out.stdout.splitlines())


def test_who_said_what_says_when_every_statement_is_shown_above() -> None:
    """NeuS: a summary quoting '“America is back…,” Mr. Biden declared' sat above "No attributed statements were
    found": statements the summary shows are not repeated, and the section now says where they are."""
    from ragnews.brief.markdown import NO_QUOTES_LEFT, render_markdown
    from ragnews.brief.model import Briefing

    shown = Briefing(topic=None, engine="extractive", model=None, summary=[("A sentence.", [1])], quotes_above=2)
    assert NO_QUOTES_LEFT in render_markdown(shown, [])
    assert shown.to_json()["quotes_above"] == 2
    none = Briefing(topic=None, engine="extractive", model=None, summary=[("A sentence.", [1])])
    text = render_markdown(none, [])
    assert "No attributed statements were found." in text and "No further facts beyond the summary." in text


def test_an_untitled_source_is_named_once() -> None:
    from ragnews.brief.markdown import render_markdown
    from ragnews.brief.model import Briefing

    b = Briefing(topic=None, engine="extractive", model=None, sources=[
        {"source": "c40/a1.txt", "title": None, "cited": True},
        {"source": "c40/a2.txt", "title": "Senators introduce a bill", "outlet": "AP", "cited": True}])
    text = render_markdown(b, [])
    assert "- c40/a1.txt\n" in text and "- Senators introduce a bill — AP — c40/a2.txt\n" in text


def test_an_answer_piped_is_not_cut_at_80_columns(tmp_path: Path, seeded_db: Path) -> None:
    """Redirected to a file, `ask` printed lines hard-wrapped at the 80 columns of an absent terminal."""
    out = subprocess.run([sys.executable, "-m", "ragnews", "ask", "How many troops has North Korea sent to Russia?",
                          "--db", str(seeded_db), "--engine", "extractive"], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert max(len(line) for line in out.stdout.splitlines()) > 120


def test_a_one_article_briefing_labels_no_support_and_no_source_alone(tmp_path: Path) -> None:
    """Briefed alone, an article's every key point read "Single source:" and its source note "alone reports
    …": both compare sources, and there is one."""
    import shutil

    from benchmarks.quality.build import CachedEmbedder, briefing_of

    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[1], folder)
    b, _ = briefing_of(folder, tmp_path / "work", CachedEmbedder(tmp_path / "emb.pkl"))
    assert b.key_points and "Single source" not in b.markdown and "alone reports" not in b.markdown
    assert all(k.support == "single source" for k in b.key_points)  # the JSON keeps its label


def test_explain_tells_what_was_read_and_why_each_sentence_was_weighed(seeded) -> None:
    plain = seeded.brief().to_json()
    assert "explain" not in plain  # only when asked: the JSON shape of a briefing is otherwise unchanged
    explained = seeded.brief(explain=True).to_json()["explain"]
    shown = [e for e in explained if "read" in e]
    assert shown and all(set(e["read"]) >= {"entities", "claim", "figures", "dates", "speaker"} for e in shown)
    verdicts = [w["verdict"] for e in shown for w in e["weighed"]]
    assert any(v == "states the same fact" for v in verdicts)
    assert all(v == "states the same fact" or v.startswith("not the same fact") or v == "gives none of its figures" for v in verdicts)
