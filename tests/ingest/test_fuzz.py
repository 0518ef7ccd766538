"""Property tests: cleaning, chunking and the line map never crash and never drift.

A citation is only as good as the map from a chunk back to the file's lines,
so for every generated file each kept block must be a verbatim slice of its
original line and each chunk a verbatim slice of the clean text that stays
inside the lines it claims.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ragnews.ingest.chunking import chunk_article
from ragnews.ingest.cleaning import clean_text
from ragnews.ingest.document import Article
from ragnews.ingest.loader import load_article
from ragnews.ingest.reader import ReadError, read_lines, split_lines

FAST = settings(max_examples=int(os.environ.get("RAGNEWS_FUZZ_EXAMPLES", "120")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

_WORDS = ["troops", "Kim", "said", "U.S.", "Gen.", "Mr.", "the", "3,000", "é", "日本", "🙂", "“quoted”", "Share"]
_words = st.lists(st.sampled_from(_WORDS) | st.text(min_size=1, max_size=12), min_size=1, max_size=25).map(" ".join)
_line = st.one_of(
    _words,
    _words.map(lambda s: s + "."),
    st.sampled_from(["", " ", "\t", "Share", "- Home", "• News", "1. First", "https://example.com/a?b=c",
                     "By Jane Doe", "October 28, 2024", "# Heading", "---", "title: T", "\u00a0\u00a0x", "\ufeffStart."]),
    st.builds(lambda prefix, body: prefix + body, st.sampled_from(["- ", "* ", "  ", "> ", "## "]), _words),
    st.integers(2_000, 20_000).map(lambda n: ("word " * n)[:n] + "."),  # huge line
    st.text(max_size=40),  # anything at all
    st.text(alphabet=st.sampled_from("ab 日🙂é.\t\u2028\x85\x0c"), min_size=300, max_size=3000),  # long, multi-byte
)
_document = st.tuples(st.lists(_line, min_size=0, max_size=30), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())


def _join(lines: list[str], eol: str, trailing: bool) -> str:
    return eol.join(lines) + (eol if trailing else "")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _assert_blocks_map_back(lines: list[str], article_blocks: list) -> None:
    for block in article_blocks:
        original = lines[block.line - 1]
        assert original[block.col : block.col + len(block.text)] == block.text, (block, original)


def _assert_chunks_map_back(article: Article, lines: list[str]) -> None:
    for chunk in chunk_article(article):
        assert chunk.text == article.text[chunk.start : chunk.end]
        assert chunk.text.strip()
        assert 1 <= chunk.start_line <= chunk.end_line <= len(lines)
        _assert_in_order(chunk.text.split("\n"), _squash("".join(lines[chunk.start_line - 1 : chunk.end_line])))


def _assert_in_order(pieces: list[str], original: str) -> None:
    """Each block's part of a chunk stands in the claimed lines, in order (cleaning may drop lines between)."""
    at = 0
    for piece in pieces:
        found = original.find(_squash(piece), at)
        assert found >= 0, (piece, original)
        at = found + len(_squash(piece))


@FAST
@given(_document, st.sampled_from(["txt", "md"]))
def test_clean_text_blocks_are_verbatim_slices(doc: tuple[list[str], str, bool], fmt: str) -> None:
    lines = split_lines(_join(*doc))
    cleaned = clean_text(lines, fmt)
    _assert_blocks_map_back(lines, cleaned.blocks)
    assert all(b.text and b.text == b.text.strip() for b in cleaned.blocks)


@FAST
@given(_document, st.sampled_from([".txt", ".md"]))
def test_loaded_article_chunks_map_back_to_file_lines(doc: tuple[list[str], str, bool], suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"article{suffix}"
        path.write_bytes(_join(*doc).encode("utf-8"))
        try:
            article, _note = load_article(path, str(path))
        except ReadError as exc:
            assert str(exc) and "\n" not in str(exc)  # a one-line reason, never a crash
            return
        lines = read_lines(path, article.encoding)  # as citation checks read the file
        _assert_blocks_map_back(lines, article.blocks)
        _assert_chunks_map_back(article, lines)


_tag = st.sampled_from(["<p>", "</p>", "<div class='x'>", "</div>", "<br>", "<script>var a='<p>';</script>",
                        "<!-- c -->", "<title>T</title>", "<h1>", "</h1>", "&amp;", "&#x1F600;", "&bogus;", "<",
                        ">", "<a href='https://e.com'>", "</a>", "<style>p{}</style>", "\n", "\r\n", "\r"])
_html = st.lists(st.one_of(_tag, _words, st.text(max_size=20)), max_size=40).map("".join)


@settings(max_examples=int(os.environ.get("RAGNEWS_FUZZ_EXAMPLES", "120")) // 3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_html)
def test_html_extraction_never_crashes(raw: str) -> None:
    from ragnews.ingest.html import extract, segments

    lines = split_lines(raw)
    for seg in segments(raw):
        assert 1 <= seg.start_line <= seg.end_line <= max(1, len(lines))
    cleaned = extract("<html><body>" + raw + "</body></html>")
    for block in cleaned.blocks:
        assert block.text and block.line <= block.end_line
