"""Client/server mode: every command against a real `chroma run`, and two clients sharing one server.

Teams share one Chroma server (local directories don't take two writers), so
with RAGNEWS_CHROMA_URL set a command writes locally only its client cache
(`$RAGNEWS_HOME/servers/<key>/`: the lexical index and stories, kept in step
with the server's change log). To cover a new read command, add one line to
READ_COMMANDS.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ragnews.testing import chroma_cli, chroma_server, free_port
from tests.conftest import SEEDS
from tests.storetools import cli_env, ragnews

CORPUS = ["000_7dc4cde0666e8d48.txt", "001_e466ae1f60d4263a.txt"]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server on a free loopback port, always stopped afterwards."""
    if chroma_cli() is None:
        pytest.skip("the chroma CLI is not installed beside this Python")
    data = tmp_path_factory.mktemp("chroma-server")
    with chroma_server(data / "db", data.parent / "chroma-server.log", env=cli_env(), start_timeout=60) as url:
        yield url


@pytest.fixture(scope="module")
def ingested(chroma_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    corpus = tmp_path_factory.mktemp("server-corpus")
    for name in CORPUS:
        (corpus / name).write_bytes((SEEDS / name).read_bytes())
    home = tmp_path_factory.mktemp("server-home")  # module fixtures run before conftest's per-test home
    result = _server_cli(chroma_url, "ingest", str(corpus), "--json", RAGNEWS_HOME=str(home))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == len(CORPUS)
    _only_the_client_cache(home)
    return chroma_url


def _only_the_client_cache(home: Path) -> None:
    """What server mode wrote under RAGNEWS_HOME: the client cache, nothing else."""
    assert all(p.relative_to(home).parts[0] == "servers" for p in home.rglob("*")), list(home.rglob("*"))


def _server_cli(url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return ragnews(*args, RAGNEWS_CHROMA_URL=url, **env)


def _hits(data: Any) -> None:
    assert data and all(h["text"] and h["source"] for h in data)


def _sources(data: Any) -> None:
    assert set(CORPUS) <= {Path(s["source"]).name for s in data}


def _cited(data: Any) -> None:
    assert data.get("citations"), data


READ_COMMANDS: list[tuple[list[str], Callable[[Any], None]]] = [
    (["search", "North Korean troops", "--json"], _hits),
    (["sources", "--json"], _sources),
    (["ask", "Why did North Korea send troops to Russia?", "--json", "--engine", "extractive"], _cited),
    (["brief", "--topic", "North Korean troops in Russia", "--json", "--engine", "extractive"], _cited),
]


@pytest.mark.parametrize("args, validate", READ_COMMANDS, ids=[a[0] for a, _ in READ_COMMANDS])
def test_command_works_against_server(ingested: str, isolated_home: Path, args: list[str], validate: Callable[[Any], None]) -> None:
    result = _server_cli(ingested, *args)
    assert result.returncode == 0, result.stderr
    validate(json.loads(result.stdout))
    _only_the_client_cache(isolated_home)


def test_ingest_writes_only_the_client_cache(chroma_url: str, isolated_home: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "late.txt").write_text((SEEDS / CORPUS[0]).read_text() + "\nA late correction was added.\n")
    result = _server_cli(chroma_url, "ingest", str(corpus), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 1
    _only_the_client_cache(isolated_home)


def test_server_down_is_one_clear_line(isolated_home: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    result = _server_cli(url, "sources", "--json")
    assert result.returncode == 1 and result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and url in lines[0] and lines[0].startswith("ragnews: error:"), result.stderr
    assert not any(isolated_home.iterdir())


def _article(folder: Path, name: str, title: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def _found(url: str, home: Path, query: str) -> set[str]:
    result = _server_cli(url, "search", query, "--json", "-k", "3", RAGNEWS_HOME=str(home))
    assert result.returncode == 0, result.stderr
    return {Path(h["source"]).name for h in json.loads(result.stdout)}


def test_two_clients_see_each_others_writes_at_the_next_command(chroma_url: str, tmp_path: Path) -> None:
    """Each client has its own cache (its own RAGNEWS_HOME: another machine); the change log keeps both in step."""
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    a = _article(tmp_path / "a", "quokka.txt", "Quokka census on Rottnest",
                 "Rangers counted 12,000 quokkas on Rottnest Island this spring, the park service said.")
    b = _article(tmp_path / "b", "cloves.txt", "Zanzibar clove harvest",
                 "Zanzibar farmers picked a record clove harvest, the cooperative said on Monday.")
    assert _server_cli(chroma_url, "ingest", str(a), RAGNEWS_HOME=str(alice)).returncode == 0
    assert "quokka.txt" in _found(chroma_url, bob, "Rottnest quokkas census")
    assert _server_cli(chroma_url, "ingest", str(b), RAGNEWS_HOME=str(bob)).returncode == 0
    assert "cloves.txt" in _found(chroma_url, alice, "Zanzibar clove harvest")
    a.write_text("Quokka census on Rottnest\n\nRangers now count 9,500 marsupials after a recount of the island.\n")
    assert _server_cli(chroma_url, "ingest", str(a), RAGNEWS_HOME=str(alice)).returncode == 0
    assert "quokka.txt" in _found(chroma_url, bob, "recount marsupials")  # an update, not only an addition


def test_a_client_cache_syncs_only_what_changed(chroma_url: str, tmp_path: Path) -> None:
    from benchmarks.hashembed import HashEmbedder
    from ragnews import Newsroom

    corpus = tmp_path / "c"
    first = _article(corpus, "first.txt", "Glacier survey", "Surveyors measured the Aletsch glacier retreat again.")
    writer = Newsroom(chroma_url=chroma_url, collection="synced", home=str(tmp_path / "w"), embedder=HashEmbedder())
    reader = Newsroom(chroma_url=chroma_url, collection="synced", home=str(tmp_path / "r"), embedder=HashEmbedder())
    writer.ingest([first])
    reader._open()
    assert reader._sync_lexical().full  # a new client: every article once
    second = _article(corpus, "second.txt", "Ferry strike", "Ferry crews on the Baltic route walked out at dawn.")
    writer.ingest([second])
    reader._open()
    changes = reader._sync_lexical()
    assert changes.paths == [str(second)] and not changes.full
    assert reader._sync_lexical().paths == []  # in step: nothing to do
    writer.store.delete_source(str(first))
    writer.store.bump_generation()
    reader._open()
    assert reader._sync_lexical().paths == [str(first)]
    assert {h.source for h in reader.search("Aletsch glacier ferry", k=3)} == {str(second)}
