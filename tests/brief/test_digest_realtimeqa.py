"""The digest on real news: one RealTime QA week ingested "yesterday", the next week "today".

A few questions' search results per week (the articles a news reader would have
fetched that week), written as dated files the way `benchmarks/qa.py` writes them,
with each article's site as its outlet. The first week is ingested with the clock
set a day back; a digest of "since the last look" (the first digest: the last 24
hours) must list the second week's stories and none made only of the first week's.
"""

from __future__ import annotations

import json
import time
import types
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ragnews import Newsroom
from ragnews.answer.citations import verify
from tests.conftest import SHARED

RTQA = SHARED / "data" / "realtimeqa"
WEEKS = ("20231103", "20231110")
QUESTIONS = 2  # per week: the questions whose first results come from the most sites (outlets to compare)
ARTICLES = 3  # of each question's results (the test runs in well under 2 minutes)


def _write_week(week: str, folder: Path) -> set[str]:
    from benchmarks.qa import _article_file

    folder.mkdir(parents=True)
    written: set[str] = set()
    rows = [json.loads(line) for line in (RTQA / f"{week}_gcs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = sorted((r for r in rows if r.get("search_result")), key=lambda r: -len(_hosts(r)))  # stable: file order among equals
    for row in rows[:QUESTIONS]:
        for i, article in enumerate(row["search_result"][:ARTICLES]):
            host = urlsplit(str(article.get("url") or "")).hostname or ""
            body = _article_file(article)
            title, _, rest = body.partition("\n")
            path = folder / f"{row['question_id']}-{i:02d}.txt"
            path.write_text(f"{title}\nSource: {host.removeprefix('www.')}\n{rest}" if host else body, encoding="utf-8")
            written.add(str(path.resolve()))
    return written


def _hosts(row: dict) -> set[str]:
    return {urlsplit(str(a.get("url") or "")).hostname or "" for a in row["search_result"][:ARTICLES]}


@pytest.mark.skipif(not all((RTQA / f"{w}_gcs.jsonl").exists() for w in WEEKS), reason="shared RealTime QA data not present")
def test_yesterdays_week_is_not_todays_news(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ragnews.index import ingestor

    yesterday = _write_week(WEEKS[0], tmp_path / WEEKS[0])
    today = _write_week(WEEKS[1], tmp_path / WEEKS[1])
    nr = Newsroom(db=tmp_path / "db")
    with monkeypatch.context() as m:
        m.setattr(ingestor, "time", types.SimpleNamespace(time=lambda: time.time() - 86_400 - 600, perf_counter=time.perf_counter))
        assert not nr.ingest([tmp_path / WEEKS[0]]).failed
    assert not nr.ingest([tmp_path / WEEKS[1]]).failed
    paths = {p for s in nr.stories() for p in s.paths}
    assert paths == yesterday | today

    d = nr.digest()
    listed = d.all_stories()
    assert listed and d.new_article_count == len(today)
    shown = {p for s in nr.stories() if s.id in {x.id for x in listed} for p in s.paths}
    assert today <= shown or d.more, "every story of today's week is listed (or counted as more)"
    for story in listed:
        members = next(s.paths for s in nr.stories() if s.id == story.id)
        assert set(members) & today, f"{story.id} holds only yesterday's articles"
        assert story.status == ("grew" if set(members) & yesterday else "new")
        assert story.summary, story.id
    assert all(verify(c) for c in d.citations) and d.citations
    assert [s.independent for s in d.stories] == sorted((s.independent for s in d.stories), reverse=True)
    assert all(s.independent == 1 for s in d.single_source)
    assert nr.digest().nothing_new
