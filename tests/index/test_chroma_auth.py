"""A team server you can lock: the token, the tenant and database, and Chroma Cloud's client.

The installed `chroma run` (the 1.x Rust server) has no token authentication
of its own, so the locked server here is a loopback proxy in front of a real
`chroma run` that refuses every request without the right header, the way a
reverse proxy or Chroma's token auth does (its heartbeat stays open, as
Chroma's does). Right token: ingest and search work end to end; wrong or
missing token: one line naming RAGNEWS_CHROMA_TOKEN; the token itself never
appears in output, errors or DEBUG logs.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from ragnews.config import ConfigError, load_settings
from ragnews.testing import chroma_cli
from ragnews.testing import chroma_server as loopback_chroma
from tests.conftest import SEEDS
from tests.storetools import cli_env, ragnews

TOKEN = "s3cret-Team-Token_42"
CORPUS = ["000_7dc4cde0666e8d48.txt", "001_e466ae1f60d4263a.txt"]
_HOP = {"host", "authorization", "x-chroma-token", "connection", "keep-alive", "transfer-encoding", "content-length"}


class LockedProxy(ThreadingHTTPServer):
    """Forwards to a Chroma server only requests that carry the token in `header` (Bearer for Authorization)."""

    daemon_threads = True

    def __init__(self, upstream: str, header: str, token: str) -> None:
        super().__init__(("127.0.0.1", 0), _Relay)
        self.upstream = urlparse(upstream)
        self.expected = (header.lower(), f"Bearer {token}" if header == "Authorization" else token)
        self.allowed = 0
        self.refused = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Relay(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LockedProxy

    def _relay(self) -> None:
        header, value = self.server.expected
        if not self.path.startswith("/api/v2/heartbeat") and self.headers.get(header) != value:
            self.server.refused += 1
            self._answer(401, [("Content-Type", "text/html")], b"<html><title>401 Authorization Required</title></html>")
            return
        self.server.allowed += 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection(self.server.upstream.hostname, self.server.upstream.port, timeout=120)
        try:
            upstream.request(self.command, self.path, body=body,
                             headers={k: v for k, v in self.headers.items() if k.lower() not in _HOP})
            response = upstream.getresponse()
            data = response.read()
            self._answer(response.status, [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP], data)
        finally:
            upstream.close()

    def _answer(self, status: int, headers: list[tuple[str, str]], data: bytes) -> None:
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _relay

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real, open `chroma run` on loopback (stopped afterwards): what the proxies lock."""
    if chroma_cli() is None:
        pytest.skip("the chroma CLI is not installed beside this Python")
    data = tmp_path_factory.mktemp("chroma-auth")
    with loopback_chroma(data / "db", data / "server.log", env=cli_env(), start_timeout=60) as url:
        yield url


@contextlib.contextmanager
def _proxy(upstream: str, header: str = "Authorization") -> Iterator[LockedProxy]:
    proxy = LockedProxy(upstream, header, TOKEN)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()


@pytest.fixture(scope="module")
def locked(chroma_server: str) -> Iterator[LockedProxy]:
    """The server behind `Authorization: Bearer TOKEN`."""
    with _proxy(chroma_server) as proxy:
        yield proxy


@pytest.fixture(scope="module")
def ingested(locked: LockedProxy, tmp_path_factory: pytest.TempPathFactory) -> LockedProxy:
    corpus = tmp_path_factory.mktemp("auth-corpus")
    for name in CORPUS:
        (corpus / name).write_bytes((SEEDS / name).read_bytes())
    home = tmp_path_factory.mktemp("auth-home")
    result = ragnews("ingest", str(corpus), "--json", RAGNEWS_HOME=str(home), RAGNEWS_CHROMA_URL=locked.url,
                     RAGNEWS_CHROMA_TOKEN=TOKEN)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == len(CORPUS)
    assert TOKEN not in result.stdout + result.stderr
    return locked


def test_right_token_searches_what_was_ingested(ingested: LockedProxy) -> None:
    before = ingested.allowed
    result = ragnews("search", "North Korean troops", "--json", RAGNEWS_CHROMA_URL=ingested.url, RAGNEWS_CHROMA_TOKEN=TOKEN)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and {Path(h["source"]).name for h in hits} <= set(CORPUS)
    assert ingested.allowed > before and TOKEN not in result.stdout + result.stderr


@pytest.mark.parametrize("token", [None, "wrong-token"], ids=["missing", "wrong"])
def test_missing_or_wrong_token_is_one_line(ingested: LockedProxy, token: str | None) -> None:
    env = {"RAGNEWS_CHROMA_URL": ingested.url} | ({"RAGNEWS_CHROMA_TOKEN": token} if token else {})
    result = ragnews("search", "North Korean troops", "--json", **env)
    assert result.returncode == 1 and result.stdout == "", result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ragnews: error:"), result.stderr
    assert "RAGNEWS_CHROMA_TOKEN" in lines[0] and ingested.url in lines[0]
    assert ("refused the token" if token else "requires a token") in lines[0]
    assert TOKEN not in result.stderr and (token is None or token not in result.stderr)


def test_x_chroma_token_header(chroma_server: str, ingested: LockedProxy) -> None:
    with _proxy(chroma_server, header="X-Chroma-Token") as proxy:
        result = ragnews("sources", "--json", RAGNEWS_CHROMA_URL=proxy.url, RAGNEWS_CHROMA_TOKEN=TOKEN,
                         RAGNEWS_CHROMA_TOKEN_HEADER="x-chroma-token")
        assert result.returncode == 0, result.stderr
        assert set(CORPUS) <= {Path(s["source"]).name for s in json.loads(result.stdout)}
        wrong_header = ragnews("sources", "--json", RAGNEWS_CHROMA_URL=proxy.url, RAGNEWS_CHROMA_TOKEN=TOKEN)
        assert wrong_header.returncode == 1 and "RAGNEWS_CHROMA_TOKEN_HEADER=X-Chroma-Token" in wrong_header.stderr
        assert TOKEN not in wrong_header.stderr


def test_token_never_in_debug_logs(ingested: LockedProxy, caplog: pytest.LogCaptureFixture) -> None:
    from ragnews import Newsroom

    caplog.set_level(logging.DEBUG)
    hits = Newsroom(chroma_url=ingested.url, chroma_token=TOKEN).search("North Korean troops", k=2)
    assert hits and caplog.records
    assert TOKEN not in caplog.text


def test_config_shows_only_that_a_token_is_set() -> None:
    result = ragnews("config", "--json", RAGNEWS_CHROMA_URL="http://127.0.0.1:9", RAGNEWS_CHROMA_TOKEN=TOKEN,
                     RAGNEWS_CHROMA_DATABASE="newsdesk")
    assert result.returncode == 0, result.stderr
    rows = {r["variable"]: r["value"] for r in json.loads(result.stdout)}
    assert rows["RAGNEWS_CHROMA_TOKEN"] == "set" and rows["RAGNEWS_CHROMA_DATABASE"] == "newsdesk"
    assert TOKEN not in result.stdout + result.stderr


def test_chroma_cloud_goes_through_chromadbs_cloud_client(chroma_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cloud hosts take CloudClient: the key in X-Chroma-Token, tenant and database inferred from it."""
    from ragnews.index import chromaclient
    from ragnews.index.store import Store, StoreError

    monkeypatch.setattr(chromaclient, "is_cloud", lambda host: True)  # the loopback proxy stands in for api.trychroma.com
    with _proxy(chroma_server, header="X-Chroma-Token") as proxy:
        client = Store(load_settings(chroma_url=proxy.url, chroma_token=TOKEN)).client()
        assert client.get_settings().chroma_client_auth_provider.endswith("TokenAuthClientProvider")
        assert (client.tenant, client.database) == ("default_tenant", "default_database")
        client.list_collections()
        assert proxy.allowed and not proxy.refused
        with pytest.raises(StoreError, match="needs an API key: set RAGNEWS_CHROMA_TOKEN"):
            Store(load_settings(chroma_url=proxy.url)).client()


def test_a_database_is_its_own_store(chroma_server: str, tmp_path: Path) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    url = urlparse(chroma_server)
    admin = chromadb.AdminClient(ChromaSettings(chroma_api_impl="chromadb.api.fastapi.FastAPI", chroma_server_host=url.hostname,
                                                chroma_server_http_port=url.port, anonymized_telemetry=False))
    admin.create_database("newsdesk")
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "only-here.txt").write_bytes((SEEDS / CORPUS[0]).read_bytes())
    env = {"RAGNEWS_CHROMA_URL": chroma_server, "RAGNEWS_CHROMA_DATABASE": "newsdesk"}
    assert ragnews("ingest", str(corpus), "--json", **env).returncode == 0
    listed = ragnews("sources", "--json", **env)
    assert [Path(s["source"]).name for s in json.loads(listed.stdout)] == ["only-here.txt"]
    missing = ragnews("sources", "--json", RAGNEWS_CHROMA_URL=chroma_server, RAGNEWS_CHROMA_DATABASE="no-such-db")
    lines = missing.stderr.strip().splitlines()
    assert missing.returncode == 1 and len(lines) == 1 and "RAGNEWS_CHROMA_DATABASE" in lines[0], missing.stderr


def test_tenant_and_database_key_the_client_cache() -> None:
    base = load_settings(env={}, chroma_url="http://team:8000")
    other = load_settings(env={}, chroma_url="http://team:8000", chroma_database="newsdesk")
    assert base.state_dir != other.state_dir
    assert base.state_dir == load_settings(env={}, chroma_url="http://team:8000/").state_dir


def test_token_header_must_be_one_chroma_reads() -> None:
    assert load_settings(env={"RAGNEWS_CHROMA_TOKEN_HEADER": "x-chroma-token"}).chroma_token_header == "X-Chroma-Token"
    with pytest.raises(ConfigError, match="RAGNEWS_CHROMA_TOKEN_HEADER"):
        load_settings(env={"RAGNEWS_CHROMA_TOKEN_HEADER": "X-Api-Key"})


def test_token_not_sent_to_a_server_a_project_env_chose(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("RAGNEWS_CHROMA_URL=http://elsewhere:8000\n")
    settings = load_settings(env={"RAGNEWS_CHROMA_TOKEN": TOKEN}, dotenv_path=dotenv)
    assert settings.chroma_token is None and any("RAGNEWS_CHROMA_TOKEN is not sent" in n for n in settings.notices)
    assert TOKEN not in repr(settings) + " ".join(settings.notices)


def test_a_token_refused_mid_command_is_one_line() -> None:
    from ragnews.index.failures import translate

    settings = load_settings(env={}, chroma_url="http://team:8000", chroma_token=TOKEN)
    exc = Exception(f"<html><title>401 Authorization Required</title> token {TOKEN}</html>")
    error = translate(exc, "http://team:8000", server=True, settings=settings)
    assert error is not None and "refused the token in RAGNEWS_CHROMA_TOKEN" in str(error) and TOKEN not in str(error)
