"""Test doubles for code built on ragnews: a scripted chat model, and a real Chroma server on loopback.

Shipped in the package (not in tests/) so that users' own tests can drive the
llm engine without a server, in the style of simonw/llm's MockModel:

>>> from ragnews import Newsroom
>>> from ragnews.testing import MockModel
>>> model = MockModel(["North Korea sent troops [1]."])
>>> nr = Newsroom(db="/tmp/news", chat_model=model)   # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ragnews.answer.chat_models import Usage


class MockModelExhausted(AssertionError):
    """A test asked MockModel for more replies than it scripted.

    Deliberately not an LLMError, so code that handles model failures
    gracefully cannot hide a mis-scripted test.
    """




@dataclass
class _Incomplete:
    text: str


class MockModel:
    """A scripted ChatModel for tests, in the style of simonw/llm's MockModel.

    Queue replies with `enqueue(text)`; each call to `stream`/`complete`
    consumes one and records the messages in `history`. `enqueue_error(exc)`
    makes the next call raise `exc` before any text (as OpenAIChat does for a
    dead server); `enqueue_incomplete(text)` streams `text` and then stops as a
    dropped stream would, with `last_incomplete = True`.
    """

    def __init__(self, replies: list[str] | None = None, name: str = "mock") -> None:
        self.name = name
        self.history: list[list[dict[str, str]]] = []
        self.max_tokens_seen: list[int | None] = []
        self.last_usage: Usage | None = None
        self.last_incomplete = False
        self._queue: deque[str | BaseException | _Incomplete] = deque(replies or [])

    def __repr__(self) -> str:
        return f"MockModel(name={self.name!r}, queued={len(self._queue)})"

    def enqueue(self, text: str) -> None:
        self._queue.append(text)

    def enqueue_error(self, exc: BaseException) -> None:
        self._queue.append(exc)

    def enqueue_incomplete(self, text: str) -> None:
        self._queue.append(_Incomplete(text))

    def stream(self, messages: list[dict[str, str]], *, max_tokens: int | None = None) -> Iterator[str]:
        reply = self._take(messages, max_tokens)
        text = reply.text if isinstance(reply, _Incomplete) else reply
        yield from _pieces(text)
        self._finish(messages, text, incomplete=isinstance(reply, _Incomplete))

    def complete(self, messages: list[dict[str, str]], *, max_tokens: int | None = None) -> str:
        reply = self._take(messages, max_tokens)
        text = reply.text if isinstance(reply, _Incomplete) else reply
        self._finish(messages, text, incomplete=isinstance(reply, _Incomplete))
        return text

    def _take(self, messages: list[dict[str, str]], max_tokens: int | None) -> str | _Incomplete:
        self.last_usage, self.last_incomplete = None, False
        self.history.append(copy.deepcopy(messages))
        self.max_tokens_seen.append(max_tokens)
        if not self._queue:
            raise MockModelExhausted(
                f"MockModel {self.name!r} has no reply queued for call #{len(self.history)}; "
                f"queue one with .enqueue(text)"
            )
        reply = self._queue.popleft()
        if isinstance(reply, BaseException):
            raise reply
        return reply

    def _finish(self, messages: list[dict[str, str]], text: str, *, incomplete: bool) -> None:
        prompt = sum(len(m.get("content", "").split()) for m in messages)
        completion = len(text.split())
        self.last_usage = Usage(prompt, completion, prompt + completion)
        self.last_incomplete = incomplete


def _pieces(text: str) -> list[str]:
    """Small pieces (a word and its trailing space) that join back to `text` exactly."""
    return re.findall(r"\s*\S+\s*|\s+", text) if text else []


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def chroma_cli() -> Path | None:
    """The `chroma` command chromadb installs beside this Python (None where it is not)."""
    chroma = Path(sys.executable).with_name("chroma")
    return chroma if chroma.exists() else None


@contextlib.contextmanager
def chroma_server(path: str | os.PathLike[str], log_path: str | os.PathLike[str], *, env: Mapping[str, str] | None = None,
                  start_timeout: float = 120.0) -> Iterator[str]:
    """A real `chroma run` storing in `path` on a free loopback port, for tests and benchmarks of server mode: yields
    its URL once its heartbeat answers, and stops it on leaving. Its output goes to `log_path` (a file, not a pipe: a
    full pipe would stall the server)."""
    chroma = chroma_cli()
    if chroma is None:
        raise FileNotFoundError("the chroma CLI is not installed beside this Python")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT, env=dict(env) if env is not None else None)
        try:
            _wait_for_heartbeat(url, proc, start_timeout, log_path)
            yield url
        finally:
            stop(proc, grace=30)


def stop(proc: subprocess.Popen[bytes], grace: float) -> None:
    """Stop a server the tests started: asked to end, killed when it has not within `grace` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _wait_for_heartbeat(url: str, proc: subprocess.Popen[bytes], timeout: float, log_path: str | os.PathLike[str]) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma run exited early with status {proc.returncode} (see {log_path})")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"chroma run did not answer its heartbeat in {timeout:.0f} s (see {log_path})") from None
            time.sleep(0.2)
