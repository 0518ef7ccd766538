"""What an adversarial run broke (issue 30), each kept broken-no-more by a small constructed case.

Only what the user chose is read; inputs are bounded; bad input is one line.
The web cases live in tests/web/test_ssrf.py and tests/web/test_deadline.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ragnews import Newsroom
from ragnews.config import load_settings
from tests.test_inputs import ARTICLE, OTHER, HashEmbedder


def _by_name(report) -> dict[str, tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return {Path(o.source).name: (o.status, o.reason) for o in report.outcomes}


# -- (5) symbolic links out of a named folder ----------------------------------------------
def test_a_link_out_of_the_named_folder_is_skipped_with_a_reason(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir()
    shutil.copy(OTHER, private / "diary.txt")
    corpus = tmp_path / "downloads"
    corpus.mkdir()
    shutil.copy(ARTICLE, corpus / "story.txt")
    os.symlink(private / "diary.txt", corpus / "innocent.txt")
    os.symlink(private, corpus / "more")  # a folder link out, too
    os.symlink(corpus / "story.txt", corpus / "alias.txt")  # a link that stays inside is fine
    nr = Newsroom(db=tmp_path / "db", embedder=HashEmbedder())
    found = _by_name(nr.ingest([corpus]))
    assert sorted([found["story.txt"][0], found["alias.txt"][0]]) == ["added", "duplicate"]  # a link inside is read
    for name in ("innocent.txt", "more"):
        status, reason = found[name]
        assert status == "skipped" and "outside the folder" in (reason or "") and "--follow-links" in (reason or "")
    assert len(nr.sources()) == 1


def test_follow_links_reads_them(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir()
    shutil.copy(OTHER, private / "diary.txt")
    corpus = tmp_path / "downloads"
    corpus.mkdir()
    os.symlink(private / "diary.txt", corpus / "linked.txt")
    report = Newsroom(db=tmp_path / "db", embedder=HashEmbedder(), follow_links=True).ingest([corpus])
    assert _by_name(report)["linked.txt"] == ("added", None)


# -- (6) a .env beside a file named one by one ---------------------------------------------
def test_a_dotenv_beside_a_named_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    downloads = tmp_path / "dl"
    downloads.mkdir()
    shutil.copy(ARTICLE, downloads / "a.txt")
    (downloads / ".env").write_text("RAGNEWS_HOME=/tmp/elsewhere\nOPENAI_BASE_URL=http://attacker.example/v1\n")
    monkeypatch.chdir(downloads)
    settings = load_settings(untrusted=["a.txt"])
    assert settings.openai_base_url is None and settings.home != "/tmp/elsewhere"
    assert any("ignored" in n and ".env" in n for n in settings.notices)


def test_a_dotenv_in_the_working_folder_is_read_when_no_article_lies_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, articles = tmp_path / "project", tmp_path / "articles"
    project.mkdir()
    articles.mkdir()
    shutil.copy(ARTICLE, articles / "a.txt")
    (project / ".env").write_text("RAGNEWS_MODEL=from-project\n")
    monkeypatch.chdir(project)
    assert load_settings(untrusted=[str(articles / "a.txt")]).model == "from-project"


# -- (1) one enormous line ---------------------------------------------------------------------
class RecordingEmbedder(HashEmbedder):
    """HashEmbedder that remembers the longest text it was asked to embed."""

    longest = 0

    def embed(self, texts, progress=None):  # type: ignore[no-untyped-def]
        RecordingEmbedder.longest = max([RecordingEmbedder.longest, *map(len, texts)])
        return super().embed(texts, progress)


def test_a_one_line_txt_of_300_kb_is_embedded_in_window_sized_pieces(tmp_path: Path) -> None:
    words = ARTICLE.read_text(encoding="utf-8").split()
    line = " ".join(words[i % len(words)] for i in range(60_000))[:300_000]  # 300 KB, no line break
    (tmp_path / "wall.txt").write_text(line + "\n", encoding="utf-8")
    nr = Newsroom(db=tmp_path / "db", embedder=RecordingEmbedder())
    report = nr.ingest([tmp_path / "wall.txt"])
    assert [o.status for o in report.outcomes] == ["added"], report.outcomes
    assert RecordingEmbedder.longest < 5_000, "every text embedded is a chunk (and a short title), not the whole line"
    [info] = nr.sources()
    assert info.title is not None and len(info.title) <= 300 and info.title.endswith("…")
