"""Chat-model backends behind one tiny protocol.

The rest of ragnews only needs "stream me the reply to these messages" and
"give me the whole reply", so that is all `ChatModel` offers. `OpenAIChat`
talks to anything OpenAI-compatible (OpenAI, llama.cpp, Ollama, vLLM);
`ragnews.testing.MockModel` is a scripted fake for tests.

What the user sees when things go wrong matters more here than anywhere else:
a missing key, a server that is not running or a wrong model name are the
first things a new user hits. Every failure becomes an `LLMError` whose
message is one line saying what happened and what to do, and never contains
the API key. A stream that breaks after text has arrived is not an error: the
caller keeps the partial answer and `last_incomplete` says it was cut short.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ragnews.errors import RagnewsError

if TYPE_CHECKING:  # pragma: no cover
    import openai

DEFAULT_BASE_URL = "https://api.openai.com/v1"
_OFFLINE_HINT = "use --engine extractive"
_MAX_SERVER_MESSAGE = 300


@dataclass
class Usage:
    """Token counts as reported by the server (None where it did not say)."""

    prompt_tokens: int | None
    completion_tokens: int | None
    total_tokens: int | None


@runtime_checkable
class ChatModel(Protocol):
    """What ragnews needs from a chat model.

    After `stream()`'s iterator is exhausted (or `complete()` returns),
    `last_usage` holds the reported token usage (or None) and
    `last_incomplete` is True when the reply was cut short.
    """

    name: str
    last_usage: Usage | None
    last_incomplete: bool

    def stream(self, messages: list[dict[str, str]], *, max_tokens: int | None = None) -> Iterator[str]: ...

    def complete(self, messages: list[dict[str, str]], *, max_tokens: int | None = None) -> str: ...


class LLMError(RagnewsError, RuntimeError):
    """A model call failed; `str(err)` is one actionable line, safe to print."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(_one_line(message))
        self.status_code = status_code


# --------------------------------------------------------------------------
# OpenAI-compatible servers


class OpenAIChat:
    """A model behind an OpenAI-compatible /chat/completions endpoint.

    `timeout` bounds each read (a hung server fails after it, times
    `max_retries + 1` attempts at most); `connect_timeout` bounds connecting,
    short because a local server that is not running should fail fast.
    """

    retry_backoff: float = 0.5  # seconds before the first stream re-try; doubles each time

    def __init__(
        self,
        model: str,
        api_key: str | None,
        base_url: str | None,
        timeout: float = 60.0,
        connect_timeout: float = 5.0,
        max_retries: int = 2,
    ) -> None:
        self.name = model
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")  # settings resolve it; never the raw environment
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.max_retries = max_retries
        self._api_key = _resolve_key(api_key, self.base_url)
        self._client_obj: Any = None
        self._send_stream_options = True
        self.last_usage: Usage | None = None
        self.last_incomplete = False
        self.last_finish_reason: str | None = None
        self.last_error: str | None = None  # why the last stream was cut short

    def __repr__(self) -> str:  # never the key
        return f"OpenAIChat(model={self.name!r}, base_url={self.base_url!r})"

    @property
    def client(self) -> openai.OpenAI:
        """The openai client, built on first use: `import openai` costs ~0.7 s."""
        if self._client_obj is None:
            import openai

            self._client_obj = openai.OpenAI(
                api_key=self._api_key,
                base_url=self.base_url,
                timeout=openai.Timeout(self.timeout, connect=self.connect_timeout),
                max_retries=self.max_retries,
            )
        return self._client_obj

    # -- public API ---------------------------------------------------------

    def complete(self, messages: list[dict[str, str]], *, max_tokens: int | None = None) -> str:
        """The whole reply in one request (the client retries 429/5xx/connection errors)."""
        import openai

        self._reset()
        try:
            response = self.client.chat.completions.create(**self._request(messages, max_tokens))
        except openai.OpenAIError as exc:
            raise self.error_from(exc) from None
        choice = _first_choice(response)
        if choice is None:
            raise self._not_openai("a chat completion")
        self.last_usage = _usage(response.usage)
        self.last_finish_reason = choice.finish_reason
        self.last_incomplete = choice.finish_reason == "length"
        return choice.message.content or ""

    def stream(self, messages: list[dict[str, str]], *, max_tokens: int | None = None) -> Iterator[str]:
        """Yield text deltas as they arrive.

        A stream that breaks before any text is re-tried (the openai client
        does not re-try mid-stream failures); one that breaks after text was
        yielded ends quietly with `last_incomplete = True`, because the caller
        has already shown that text and a traceback would only lose it.
        `last_incomplete` is also set when the server stopped at `max_tokens`
        (finish_reason "length") or never said it had finished.
        """
        self._reset()
        for attempt in range(self.max_retries + 1):
            yielded = False
            attempt_stream: Any = self._stream_once(messages, max_tokens)
            try:
                for delta in attempt_stream:
                    yielded = True
                    yield delta
                return
            except _StreamBroken as broken:
                if yielded:
                    self.last_incomplete, self.last_error = True, self._scrub(broken.reason)
                    return
                if attempt == self.max_retries:
                    raise self._broken_error(broken.reason) from None
                time.sleep(min(self.retry_backoff * 2**attempt, 8.0))
            finally:
                attempt_stream.close()  # release the connection even if the caller stops early

    def error_from(self, exc: BaseException) -> LLMError:
        """Translate an openai exception into a one-line, key-free LLMError."""
        import openai

        url, model = self.base_url, self.name
        tries = f"after {self.max_retries + 1} attempt{'s' if self.max_retries else ''}"
        if isinstance(exc, openai.APITimeoutError):
            if type(exc.__cause__).__name__ == "ConnectTimeout":
                reason = f"no connection within {self.connect_timeout:g}s, {tries}"
            else:
                reason = f"no answer within {self.timeout:g}s, {tries}"
            return LLMError(self._scrub(_unreachable(url, reason)))
        if isinstance(exc, openai.APIConnectionError):
            return LLMError(self._scrub(_unreachable(url, _connection_reason(exc))))
        if not isinstance(exc, openai.APIStatusError):
            return LLMError(self._scrub(f"the request to the LLM server at {url} failed: {_describe(exc)}"))
        code, detail = exc.status_code, self._scrub(_server_message(exc))
        if code == 401:  # the server's text may echo part of the key: leave it out
            return LLMError(
                f"the API key was rejected by {url}; set OPENAI_API_KEY to a valid key or {_OFFLINE_HINT}",
                status_code=code,
            )
        if code == 403:
            msg = f"access denied by {url} (403): {detail}; check the key's access to model {model!r} or {_OFFLINE_HINT}"
        elif code == 404:
            msg = (
                f"model {model!r} was not found at {url} (404: {detail}); set RAGNEWS_MODEL to a model "
                f"the server offers, or check that OPENAI_BASE_URL ends in /v1"
            )
        elif code == 429:
            msg = f"the LLM server at {url} is rate-limiting requests (429) {tries}: {detail}; wait and try again or {_OFFLINE_HINT}"
        elif code >= 500:
            msg = f"the LLM server at {url} failed with HTTP {code} {tries}: {detail}; try again later or {_OFFLINE_HINT}"
        elif code == 400:
            msg = f"the LLM server at {url} rejected the request (400): {detail}"
        else:
            msg = f"the LLM server at {url} answered HTTP {code}: {detail}"
        return LLMError(self._scrub(msg), status_code=code)

    # -- internals ----------------------------------------------------------

    def _reset(self) -> None:
        self.last_usage, self.last_incomplete = None, False
        self.last_finish_reason, self.last_error = None, None

    def _request(self, messages: list[dict[str, str]], max_tokens: int | None, **extra: Any) -> dict[str, Any]:
        request: dict[str, Any] = {"model": self.name, "messages": messages, **extra}
        if max_tokens is not None:
            request["max_tokens"] = max_tokens
        return request

    def _open_stream(self, messages: list[dict[str, str]], max_tokens: int | None) -> Any:
        """Start a streaming request, dropping stream_options if the server rejects it."""
        import openai

        extra: dict[str, Any] = {"stream": True}
        if self._send_stream_options:
            extra["stream_options"] = {"include_usage": True}
        try:
            return self.client.chat.completions.create(**self._request(messages, max_tokens, **extra))
        except openai.BadRequestError as exc:
            if self._send_stream_options and _rejects_stream_options(exc):
                self._send_stream_options = False  # remember for this instance
                return self._open_stream(messages, max_tokens)
            raise self.error_from(exc) from None
        except openai.OpenAIError as exc:
            raise self.error_from(exc) from None

    def _stream_once(self, messages: list[dict[str, str]], max_tokens: int | None) -> Iterator[str]:
        """One streaming attempt; failures after the request was accepted raise _StreamBroken."""
        response = self._open_stream(messages, max_tokens)
        content_type = _content_type(response)
        if content_type and "event-stream" not in content_type:
            _close_quietly(response)
            raise self._not_openai(f"an event stream (got {content_type})")
        try:
            for chunk in _guarded(response, lambda: self.last_finish_reason is not None):
                if getattr(chunk, "usage", None):
                    self.last_usage = _usage(chunk.usage)
                for choice in chunk.choices or []:
                    if choice.finish_reason:
                        self.last_finish_reason = choice.finish_reason
                    if choice.delta and choice.delta.content:
                        yield choice.delta.content
        finally:
            _close_quietly(response)
        if self.last_finish_reason is None:
            raise _StreamBroken("the stream ended without a finish reason")
        if self.last_finish_reason == "length":
            self.last_incomplete, self.last_error = True, "stopped at the max_tokens limit"

    def _not_openai(self, expected: str) -> LLMError:
        return LLMError(
            self._scrub(
                f"the server at {self.base_url} did not send {expected}; check that OPENAI_BASE_URL "
                f"points at an OpenAI-compatible /v1 endpoint"
            )
        )

    def _broken_error(self, reason: str) -> LLMError:
        return LLMError(
            self._scrub(
                f"the LLM server at {self.base_url} broke off the reply before any text arrived "
                f"({reason}, {self.max_retries + 1} attempts); try again, check the server, or {_OFFLINE_HINT}"
            )
        )

    def _scrub(self, text: str) -> str:
        return scrub_secret(text, self._api_key)


class _StreamBroken(Exception):
    """Internal: a stream failed after the server accepted the request."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _guarded(response: Any, finished: Callable[[], bool]) -> Iterator[Any]:
    """Iterate a stream, turning any transport or parse failure into _StreamBroken.

    A failure after the server said it had finished (e.g. while the trailing
    usage chunk was on its way) loses nothing, so it just ends the stream.
    """
    iterator = iter(response)
    while True:
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # openai wraps most, but httpx/json errors can leak through
            if finished():
                return
            raise _StreamBroken(_stream_reason(exc)) from None
        yield chunk


def _stream_reason(exc: BaseException) -> str:
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return "the server stalled mid-stream"
    if isinstance(exc, openai.APIConnectionError):
        return "the connection dropped mid-stream"
    return f"the stream failed: {_describe(exc)}"


def _close_quietly(response: Any) -> None:
    try:
        response.close()
    except Exception:  # a broken connection may fail to close; nothing to do
        pass


def check_connection(model: OpenAIChat) -> None:
    """Fail fast, with an LLMError, if the server is unreachable or refuses our key.

    Lists models first (cheap, no generation, no retries, at most 10 s, so a
    dead server fails fast). Servers without /models (or that 404/405 it) get a
    one-token completion instead, which also proves the model name.
    """
    import openai

    probe = model.client.with_options(
        max_retries=0, timeout=openai.Timeout(min(model.timeout, 10.0), connect=model.connect_timeout)
    )
    try:
        probe.models.list()
        return
    except openai.APIStatusError as exc:
        if exc.status_code not in (404, 405, 501):
            raise model.error_from(exc) from None
    except openai.OpenAIError as exc:
        raise model.error_from(exc) from None
    model.complete([{"role": "user", "content": "ping"}], max_tokens=1)


# --------------------------------------------------------------------------
# helpers


def scrub_secret(text: str, secret: str | None) -> str:
    """Remove a secret, and recognisable fragments of it, from text bound for a message.

    Servers sometimes echo a key back partially ("sk-abc***wxyz"), so long
    prefixes and suffixes are removed as well as the whole key.
    """
    if not secret or len(secret) < 4:
        return text
    text = text.replace(secret, "[redacted]")
    if len(secret) >= 16:
        for fragment in (secret[:8], secret[-6:]):
            text = text.replace(fragment, "[redacted]")
    return re.sub(r"\bsk-[A-Za-z0-9_\-*.]{6,}", "[redacted]", text)


def _resolve_key(api_key: str | None, base_url: str) -> str:
    if api_key:  # settings decide which key goes where (never read from the environment here)
        return api_key
    if base_url == DEFAULT_BASE_URL:
        raise LLMError(
            f"no API key for {base_url}: set OPENAI_API_KEY, point OPENAI_BASE_URL at a local "
            f"server, or {_OFFLINE_HINT}"
        )
    return "no-key-needed"  # local servers ignore it, but the client insists on one


def _unreachable(url: str, reason: str) -> str:
    return f"cannot reach the LLM server at {url} ({reason}); start it, fix OPENAI_BASE_URL, or {_OFFLINE_HINT}"


def _connection_reason(exc: BaseException) -> str:
    cause = str(exc.__cause__ or exc.__context__ or exc).lower()
    if "refused" in cause:
        return "connection refused"
    if "name or service" in cause or "nodename" in cause or "getaddrinfo" in cause or "resolve" in cause:
        return "host name not found"
    if "timed out" in cause or "timeout" in cause:
        return "connection timed out"
    return _describe(exc.__cause__ or exc)


def _server_message(exc: Any) -> str:
    """The server's own explanation, from an OpenAI-style error body when there is one."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        body = body["error"]
    if isinstance(body, dict):
        message = body.get("message") or body.get("error") or body.get("detail")
        if message:
            return _shorten(str(message))
    if isinstance(body, str) and body.strip():
        return _shorten(body)
    return _shorten(getattr(exc, "message", "") or str(exc))


def _rejects_stream_options(exc: Any) -> bool:
    text = (_server_message(exc) + " " + str(getattr(exc, "message", ""))).lower()
    hints = ("stream_options", "include_usage", "unknown field", "unrecognized", "extra inputs", "additional properties")
    return any(hint in text for hint in hints)


def _content_type(stream: Any) -> str:
    try:
        return str(stream.response.headers.get("content-type") or "").split(";")[0].strip().lower()
    except AttributeError:
        return ""


def _first_choice(response: Any) -> Any:
    """The first choice of a chat completion, or None if the reply isn't one (e.g. an HTML page)."""
    choices = getattr(response, "choices", None)
    if not choices or getattr(choices[0], "message", None) is None:
        return None
    return choices[0]


def _usage(raw: Any) -> Usage | None:
    if raw is None:
        return None
    return Usage(
        getattr(raw, "prompt_tokens", None),
        getattr(raw, "completion_tokens", None),
        getattr(raw, "total_tokens", None),
    )


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {_shorten(text)}" if text else type(exc).__name__


def _shorten(text: str) -> str:
    text = _one_line(text)
    return text if len(text) <= _MAX_SERVER_MESSAGE else text[: _MAX_SERVER_MESSAGE - 1] + "…"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
