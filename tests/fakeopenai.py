"""A scriptable OpenAI-compatible server on loopback, for testing the client.

Each test queues the behaviour of the next requests (`server.script(...)`);
when the queue is empty, `server.default` answers. The server records every
request so tests can count retries and inspect what was sent. It serves
POST /v1/chat/completions (JSON or SSE when `"stream": true`) and
GET /v1/models. Use it as a context manager: it always shuts down, and any
handler that is hanging on purpose is released.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted response.

    kind:
      "ok"     normal answer (`text`, split into `pieces` for SSE) with usage
      "status" HTTP error `status` with `message` in an OpenAI error body
      "hang"   read the request, then never answer (until the server closes)
      "drop"   stream `after` pieces, then cut the connection mid-body
      "stall"  stream `after` pieces, then go silent (until the server closes)
      "html"   200 with an HTML page, as a wrong base_url (a web app) would give
    """

    kind: str = "ok"
    text: str = "Hello from the fake server."
    status: int = 200
    message: str = ""
    after: int = 0
    usage: bool = True
    finish_reason: str = "stop"
    headers: dict[str, str] = field(default_factory=dict)

    def pieces(self) -> list[str]:
        """The text split into small word pieces, as real servers stream it."""
        words = self.text.split(" ")
        return [w if i == len(words) - 1 else w + " " for i, w in enumerate(words)]


def ok(text: str = "Hello from the fake server.", **kw: Any) -> Reply:
    return Reply("ok", text=text, **kw)


def status(code: int, message: str = "", **kw: Any) -> Reply:
    headers = {"retry-after-ms": "10"} if code == 429 or code >= 500 else {}
    headers.update(kw.pop("headers", {}))
    return Reply("status", status=code, message=message or f"fake error {code}", headers=headers, **kw)


def hang() -> Reply:
    return Reply("hang")


def html() -> Reply:
    return Reply("html")


def drop(after: int, text: str = "one two three four five six") -> Reply:
    return Reply("drop", text=text, after=after)


def stall(after: int, text: str = "one two three four five six") -> Reply:
    return Reply("stall", text=text, after=after)


class _QuietServer(ThreadingHTTPServer):
    """Clients hanging up mid-reply is what these tests provoke; don't print tracebacks for it."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None


class FakeOpenAI:
    """Loopback server; `url` is the base_url to give the client (ends in /v1)."""

    def __init__(self, *, reject_stream_options: bool = False, models: list[str] | None = None) -> None:
        self.default: Reply = ok()
        self.models_reply: Reply | None = None  # None: list `models`
        self.models = models if models is not None else ["fake-model"]
        self.reject_stream_options = reject_stream_options
        self.requests: list[Request] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self.closing = threading.Event()
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._queue.extend(replies)

    def next_reply(self) -> Reply:
        with self._lock:
            return self._queue.popleft() if self._queue else self.default

    def record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def chat_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def close(self) -> None:
        self.closing.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:
            fake.record(Request("GET", self.path, _lower(self.headers), None))
            if not self.path.rstrip("/").endswith("/models"):
                return self._error(404, f"no route {self.path}")
            reply = fake.models_reply
            if reply is not None and reply.kind == "status":
                return self._error(reply.status, reply.message, reply.headers)
            if reply is not None and reply.kind == "hang":
                fake.closing.wait()
                return
            data = [{"id": m, "object": "model", "owned_by": "fake"} for m in fake.models]
            self._json(200, {"object": "list", "data": data})

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.record(Request("POST", self.path, _lower(self.headers), body))
            if not self.path.endswith("/chat/completions"):
                return self._error(404, f"no route {self.path}")
            if fake.reject_stream_options and "stream_options" in body:
                return self._error(400, "Unrecognized request argument supplied: stream_options")
            if body.get("model") not in fake.models:
                return self._error(404, f"The model `{body.get('model')}` does not exist")
            self._serve(fake.next_reply(), body)

        def _serve(self, reply: Reply, body: dict[str, Any]) -> None:
            if reply.kind == "status":
                return self._error(reply.status, reply.message, reply.headers)
            if reply.kind == "hang":
                fake.closing.wait()
                return
            if reply.kind == "html":
                return self._html()
            if body.get("stream"):
                return self._stream(reply, body)
            self._json(200, _completion(reply, body))

        def _stream(self, reply: Reply, body: dict[str, Any]) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            pieces = reply.pieces()
            limit = reply.after if reply.kind in ("drop", "stall") else len(pieces)
            self._event(_chunk(body, {"role": "assistant", "content": ""}))
            for piece in pieces[:limit]:
                self._event(_chunk(body, {"content": piece}))
                time.sleep(0.001)
            if reply.kind == "drop":
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(2)  # no terminating chunk: an incomplete body
                return
            if reply.kind == "stall":
                fake.closing.wait()
                return
            self._event(_chunk(body, {}, finish=reply.finish_reason))
            include_usage = (body.get("stream_options") or {}).get("include_usage")
            if include_usage and reply.usage:
                self._event({**_chunk(body, {}), "choices": [], "usage": _usage(reply, body)})
            self._write_chunk(b"data: [DONE]\n\n")
            self._write_chunk(b"")

        def _event(self, payload: dict[str, Any]) -> None:
            self._write_chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")

        def _write_chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _json(self, code: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _html(self) -> None:
            data = b"<html><body>Welcome to my blog</body></html>"
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(self, code: int, message: str, headers: dict[str, str] | None = None) -> None:
            error = {"message": message, "type": "fake_error", "param": None, "code": None}
            self._json(code, {"error": error}, headers)

    return Handler


def _chunk(body: dict[str, Any], delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": body.get("model"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _usage(reply: Reply, body: dict[str, Any]) -> dict[str, int]:
    prompt = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
    completion = len(reply.text.split())
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _completion(reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
    result = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.text},
                "finish_reason": reply.finish_reason,
            }
        ],
    }
    if reply.usage:
        result["usage"] = _usage(reply, body)
    return result


def _lower(headers: Any) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}
