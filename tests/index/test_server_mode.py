"""Client/server mode: every command against a real `chroma run`, nothing written locally but the client's cache.

Teams share one Chroma server (local directories don't take two writers), so
with RAGNEWS_CHROMA_URL set no command may touch RAGNEWS_HOME except the
client's cache of derived state (`Settings.state_dir`, under `servers/`: the
stories kept in step). To cover a new read command, add one line to READ_COMMANDS.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS
from tests.storetools import cli_env, ragnews

CORPUS = ["000_7dc4cde0666e8d48.txt", "001_e466ae1f60d4263a.txt"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_heartbeat(url: str, proc: subprocess.Popen, deadline_s: float = 60) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma run exited early with status {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("chroma run did not answer its heartbeat in time")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server on a free loopback port, always stopped afterwards."""
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip("the chroma CLI is not installed beside this Python")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = (data.parent / "chroma-server.log").open("w")  # a file, not a pipe: a full pipe would stall the server
    proc = subprocess.Popen([str(chroma), "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=cli_env())
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_heartbeat(url, proc)
        yield url
    finally:
        proc.kill()
        proc.wait()
        log.close()


@pytest.fixture(scope="module")
def ingested(chroma_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    corpus = tmp_path_factory.mktemp("server-corpus")
    for name in CORPUS:
        (corpus / name).write_bytes((SEEDS / name).read_bytes())
    home = tmp_path_factory.mktemp("server-home")  # module fixtures run before conftest's per-test home
    result = _server_cli(chroma_url, "ingest", str(corpus), "--json", RAGNEWS_HOME=str(home))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == len(CORPUS)
    assert not _local_writes(home)
    return chroma_url


def _local_writes(home: Path) -> list[Path]:
    """What a command wrote under RAGNEWS_HOME outside the server client's cache (`Settings.state_dir`)."""
    return [p for p in home.rglob("*") if p.relative_to(home).parts[0] != "servers"]


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
    assert not _local_writes(isolated_home)  # nothing written locally but the client's cache


def test_ingest_writes_nothing_locally(chroma_url: str, isolated_home: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "late.txt").write_text((SEEDS / CORPUS[0]).read_text() + "\nA late correction was added.\n")
    result = _server_cli(chroma_url, "ingest", str(corpus), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 1
    assert not _local_writes(isolated_home)
    assert list(isolated_home.glob("servers/*/stories.sqlite3"))  # the stories, kept in step in the client's cache


def test_server_down_is_one_clear_line(isolated_home: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    result = _server_cli(url, "sources", "--json")
    assert result.returncode == 1 and result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and url in lines[0] and lines[0].startswith("ragnews: error:"), result.stderr
    assert not any(isolated_home.iterdir())
