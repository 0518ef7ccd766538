"""Shared fixtures. All state lives in temp dirs via RAGNEWS_HOME; nothing
touches the network except loopback servers a test starts itself."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval" / "questions.jsonl"


def pytest_configure(config: pytest.Config) -> None:
    """A home for the whole session, set before any fixture runs: module- and session-scoped fixtures (a briefing
    built once for a file of tests) run before the function-scoped `isolated_home`, and had read and written the
    developer's own ~/.local/share/ragnews, sharing its readings cache with every checkout on the machine (a reading
    cached by other code under the same READING_VERSION then failed a test here)."""
    import tempfile

    home = tempfile.mkdtemp(prefix="ragnews-test-home-")
    os.environ["RAGNEWS_HOME"] = home
    os.environ["XDG_CONFIG_HOME"] = os.path.join(home, "config")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("RAGNEWS_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))  # no developer's ~/.config/ragnews/.env
    for var in ("RAGNEWS_DB", "RAGNEWS_CHROMA_URL", "RAGNEWS_ENGINE", "RAGNEWS_EMBEDDER", "OPENAI_API_KEY", "OPENAI_BASE_URL", "RAGNEWS_MODEL",
                "RAGNEWS_CHROMA_TOKEN", "RAGNEWS_CHROMA_TENANT", "RAGNEWS_CHROMA_DATABASE", "RAGNEWS_CHROMA_TOKEN_HEADER"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(home)  # no stray .env from the developer's cwd
    return home


@pytest.fixture(scope="session")
def seeds_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds in a temp folder (so tests may cite them by a stable path)."""
    target = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory, seeds_copy: Path) -> Path:
    """A store with the five seed articles, built once per session with the real stack."""
    from ragnews import Newsroom

    db = tmp_path_factory.mktemp("seeded") / "db"
    report = Newsroom(db=db).ingest([seeds_copy])
    assert report.counts()["added"] == 5, report.outcomes
    return db


@pytest.fixture
def seeded(seeded_db: Path):
    """A Newsroom over the seeded store (read-only use)."""
    from ragnews import Newsroom

    return Newsroom(db=seeded_db)


def eval_questions() -> list[dict]:
    if not EVAL.exists():
        return []
    return [json.loads(line) for line in EVAL.read_text().splitlines() if line.strip()]


def source_matches(source: str, prefixes: list[str]) -> bool:
    name = os.path.basename(source)
    return any(name.startswith(p) for p in prefixes)
