"""Property tests (issue 30): every state file and every input parser, fed random bytes and random JSON
shapes, either works or says what is wrong in one line (a RagnewsError); never a traceback."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ragnews.config import load_settings
from ragnews.errors import RagnewsError

FAST = settings(max_examples=int(os.environ.get("RAGNEWS_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                     max_leaves=20)
_KEYS = ["feeds", "files", "latest", "pending", "origins", "url", "entries", "etag", "title", "generation", "format", "stories",
         "ids", "id", "paths", "label", "question", "answers", "sources", "fetched", "text"]
# shapes near the real ones: the keys ragnews reads, holding anything
_near = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=8),
                                                                                           inner, max_size=5), max_leaves=25)
_contents = st.binary(max_size=300) | _json.map(lambda v: json.dumps(v).encode()) | _near.map(lambda v: json.dumps(v).encode())


def one_line_or_success(call: Callable[[], Any]) -> None:
    """The call returns, or raises a RagnewsError whose message is one line."""
    try:
        call()
    except RagnewsError as exc:
        assert "\n" not in str(exc).strip(), str(exc)


_BASE = Path(tempfile.mkdtemp(prefix="ragnews-prop-"))
atexit.register(shutil.rmtree, _BASE, True)


def _home() -> Path:
    return Path(tempfile.mkdtemp(dir=_BASE))


@FAST
@given(content=_contents)
def test_feeds_json(content: bytes) -> None:
    from ragnews.web.feeds import FeedList

    home = _home()
    (home / "feeds.json").write_bytes(content)
    one_line_or_success(lambda: FeedList(home).rows())


@FAST
@given(content=_contents)
def test_snapshot_index(content: bytes) -> None:
    from ragnews.web.snapshots import Snapshots

    home = _home()
    (home / "snapshots").mkdir()
    (home / "snapshots" / ".index.json").write_bytes(content)

    def use() -> None:
        s = Snapshots(home)
        s.pending(), s.latest("http://example.com/a"), s.meta_for(str(home / "snapshots" / "x.html"))

    one_line_or_success(use)


@FAST
@given(content=_contents)
def test_robots_cache(content: bytes) -> None:
    from ragnews.web.robots import Robots

    home = _home()
    (home / "robots.json").write_bytes(content)
    one_line_or_success(lambda: Robots(home / "robots.json").crawl_delay("http://example.com"))


@FAST
@given(content=_contents)
def test_web_state_repair_always_leaves_a_readable_file(content: bytes) -> None:
    from ragnews.index.statefiles import check_state
    from ragnews.web.feeds import FeedList
    from ragnews.web.snapshots import Snapshots

    home = _home()
    (home / "snapshots").mkdir()
    (home / "feeds.json").write_bytes(content)
    (home / "snapshots" / ".index.json").write_bytes(content)
    check_state(load_settings(home=str(home), db=str(home / "db")), repair=True)
    FeedList(home).rows(), Snapshots(home).pending()  # never raises after a repair


@FAST
@given(content=_contents)
def test_store_side_files(content: bytes) -> None:
    from ragnews.index import storybook
    from ragnews.index.lexical import LexicalIndex
    from ragnews.index.store import Store

    home = _home()
    db = home / "db"
    db.mkdir(parents=True)
    (db / "stories.sqlite3").write_bytes(content)
    (db / "lexical.sqlite3").write_bytes(content)
    (db / ".ragnews-generation").write_bytes(content)
    s = load_settings(home=str(home), db=str(db))
    one_line_or_success(lambda: storybook.load(s, "g"))
    one_line_or_success(lambda: storybook.damaged(s))
    one_line_or_success(lambda: LexicalIndex(db).search("troops", 5))
    one_line_or_success(lambda: Store(s).marker_damaged())


@FAST
@given(content=_contents)
def test_questions_file(content: bytes) -> None:
    from ragnews.answer.evaluation import load_questions

    path = _home() / "q.jsonl"
    path.write_bytes(content)
    one_line_or_success(lambda: load_questions(path))


@FAST
@given(lines=st.lists(st.text(max_size=40) | _near.map(json.dumps) | st.integers(1, 3000).map(lambda n: "[" * n), max_size=4))
def test_question_lines(lines: list[str]) -> None:
    from ragnews.answer.evaluation import parse_questions

    one_line_or_success(lambda: parse_questions(lines))


@FAST
@given(content=st.binary(max_size=300) | st.text(max_size=200).map(lambda t: f'<opml><body><outline xmlUrl="{t}"/></body></opml>'.encode()))
def test_opml_file(content: bytes) -> None:
    from ragnews.web.feeds import parse_opml
    from ragnews.web.session import import_opml

    home = _home()
    path = home / "subs.opml"
    path.write_bytes(content)
    one_line_or_success(lambda: parse_opml(path))
    one_line_or_success(lambda: import_opml(load_settings(home=str(home)), str(path)))


@FAST
@given(content=st.binary(max_size=400))
def test_feed_bytes(content: bytes) -> None:
    from ragnews.web.feeds import parse_feed

    one_line_or_success(lambda: parse_feed(content, "http://example.com/feed"))


@FAST
@given(url=st.text(max_size=60) | st.sampled_from(["http://[::1/x", "http://[", "http://a:b/", "http://2130706433/",
                                                    "http://u@[::1]:99999/", "https://", "http://%zz/"]))
def test_urls(url: str) -> None:
    from ragnews.web.urls import check_url, host_folder, origin, slug

    one_line_or_success(lambda: check_url(url))
    one_line_or_success(lambda: (origin(url), host_folder(check_url(url)), slug(check_url(url))))


@FAST
@given(content=st.binary(max_size=400))
def test_article_bytes(content: bytes) -> None:
    from ragnews.ingest.reader import decode

    one_line_or_success(lambda: decode(content))


@FAST
@given(page=st.text(max_size=300) | st.lists(st.sampled_from(["<div hidden>", "</div>", "<p>", "</p>", "<style>.x{display:none}</style>",
                                                           '<span class="x">', "</span>", "text ", "<p style='font-size:0'>",
                                                           "<br>", "<!--", "-->", "<li>", "\n"]), max_size=30).map("".join))
def test_html_hiding_keeps_every_line(page: str) -> None:
    from ragnews.ingest.hidden import without_hidden

    out = without_hidden(page)
    assert len(out) == len(page) and [i for i, c in enumerate(out) if c == "\n"] == [i for i, c in enumerate(page) if c == "\n"]


@pytest.mark.parametrize("var", ["RAGNEWS_FETCH_ALLOW_PRIVATE", "RAGNEWS_FOLLOW_LINKS", "RAGNEWS_FETCH_TIMEOUT", "RAGNEWS_MAX_FILE_MB"])
@FAST
@given(value=st.text(min_size=1, max_size=12).filter(lambda v: "\x00" not in v))
def test_settings(var: str, value: str) -> None:
    one_line_or_success(lambda: load_settings(env={var: value}))
