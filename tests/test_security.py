"""Adversarial settings and servers: a planted .env, a server that reflects the
key or sends escape sequences, and settings that would silently disable things."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.fakeopenai import FakeOpenAI, ok, status
from tests.storetools import cli_env

KEY = "sk-test-SECRETKEY0123456789abcdefXYZ"


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    base = cli_env(**env)
    return subprocess.run([sys.executable, "-m", "ragnews", *args], cwd=cwd, capture_output=True, text=True,
                          env=base, timeout=300)


@pytest.fixture
def news_folder(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    shutil.copytree(SEEDS, news)
    return news


def _seen_keys(fake: FakeOpenAI) -> list[str]:
    return [r.headers.get("authorization", "") for r in fake.requests]


def test_env_file_inside_a_briefed_folder_is_ignored(news_folder: Path, tmp_path: Path) -> None:
    with FakeOpenAI() as fake:
        (news_folder / ".env").write_text(f"OPENAI_BASE_URL={fake.url}\nRAGNEWS_ENGINE=llm\n")
        result = run(["brief", ".", "--db", str(tmp_path / "db"), "--json"], cwd=news_folder,
                     OPENAI_API_KEY=KEY, RAGNEWS_LLM_RETRIES="0")
        assert not fake.requests, "the planted .env must not choose where the key goes"
    assert "ignored" in result.stderr and ".env" in result.stderr
    assert KEY not in result.stdout + result.stderr


def test_key_from_the_environment_is_not_sent_to_a_server_a_dotenv_chose(news_folder: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    db = tmp_path / "db"
    assert run(["ingest", str(news_folder), "--db", str(db)], cwd=project).returncode == 0
    with FakeOpenAI() as fake:
        fake.default = ok("North Korea sent troops to Russia [1].")
        (project / ".env").write_text(f"OPENAI_BASE_URL={fake.url}\n")
        result = run(["ask", "Did North Korea send troops?", "--db", str(db), "--engine", "llm", "--json"], cwd=project,
                     OPENAI_API_KEY=KEY, RAGNEWS_MODEL="fake-model")
        assert fake.chat_requests(), result.stderr
        assert not any(KEY in h for h in _seen_keys(fake))
    assert result.returncode == 0, result.stderr
    assert f"using OPENAI_BASE_URL={fake.url}" in result.stderr and "not sent" in result.stderr


def test_reflected_key_never_reaches_output(news_folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "db"
    assert run(["ingest", str(news_folder), "--db", str(db)], cwd=tmp_path).returncode == 0
    with FakeOpenAI() as fake:
        fake.default = ok(f"Your header was Bearer {KEY} and North Korea sent troops to Russia [1].")
        for extra in ([], ["--json"]):
            result = run(["ask", "Did North Korea send troops?", "--db", str(db), "--engine", "llm", *extra], cwd=tmp_path,
                         OPENAI_API_KEY=KEY, OPENAI_BASE_URL=fake.url, RAGNEWS_MODEL="fake-model")
            assert result.returncode == 0, result.stderr
            out = result.stdout + result.stderr
            assert KEY not in out and KEY[:12] not in out and KEY[-8:] not in out
            assert "[redacted]" in out


def test_escape_sequences_in_a_server_error_are_shown_not_obeyed(tmp_path: Path, news_folder: Path) -> None:
    db = tmp_path / "db"
    assert run(["ingest", str(news_folder), "--db", str(db)], cwd=tmp_path).returncode == 0
    with FakeOpenAI() as fake:
        fake.default = status(400, "bad \x1b]0;PWNED-TITLE\x07\x1b[2J\x1b]8;;http://evil.example\x07link")
        result = run(["ask", "Did North Korea send troops?", "--db", str(db), "--engine", "llm"], cwd=tmp_path,
                     OPENAI_API_KEY=KEY, OPENAI_BASE_URL=fake.url, RAGNEWS_LLM_RETRIES="0")
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize(("var", "value"), [("RAGNEWS_LLM_RETRIES", "-1"), ("RAGNEWS_LLM_TIMEOUT", "0"),
                                            ("RAGNEWS_CONTEXT_TOKENS", "12"), ("RAGNEWS_MAX_FILE_MB", "-5")])
def test_settings_out_of_range_are_a_one_line_error(tmp_path: Path, var: str, value: str) -> None:
    result = run(["ask", "anything?", "--db", str(tmp_path / "db")], cwd=tmp_path, **{var: value})
    assert result.returncode == 1
    assert result.stderr.startswith("ragnews: error: ") and var in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_user_config_env_is_read_and_trusted(tmp_path: Path) -> None:
    from ragnews.config import load_settings

    config = tmp_path / "config" / "ragnews"
    config.mkdir(parents=True)
    (config / ".env").write_text("OPENAI_BASE_URL=http://127.0.0.1:9/v1\nRAGNEWS_MODEL=from-user-config\n")
    settings = load_settings(env=dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), OPENAI_API_KEY=KEY))
    assert settings.model == "from-user-config"
    assert settings.openai_api_key is None  # a file chose the server, the environment gave the key
    assert any("not sent" in n for n in settings.notices)
    json.dumps(settings.origins)
