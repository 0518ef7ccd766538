"""OpenAIChat against a scripted loopback server: errors, retries, broken streams.

Every failure must surface as a one-line LLMError that says what to do and
never contains the API key; a stream cut short after text arrived must end
quietly with `last_incomplete`.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

try:
    from fakeopenai import FakeOpenAI, drop, hang, html, ok, stall, status
except ImportError:  # tests/ imported as a package
    from tests.fakeopenai import FakeOpenAI, drop, hang, html, ok, stall, status

from ragnews.answer.chat_models import (
    ChatModel,
    LLMError,
    OpenAIChat,
    Usage,
    check_connection,
    scrub_secret,
)
from ragnews.testing import MockModel, MockModelExhausted

KEY = "sk-test-SECRETKEY0123456789abcdef"
MESSAGES = [{"role": "user", "content": "What happened?"}]


@pytest.fixture
def server():
    with FakeOpenAI() as fake:
        yield fake


def make_chat(url: str, **kw) -> OpenAIChat:
    kw.setdefault("timeout", 2.0)
    kw.setdefault("connect_timeout", 1.0)
    kw.setdefault("max_retries", 2)
    chat = OpenAIChat(kw.pop("model", "fake-model"), kw.pop("api_key", KEY), url, **kw)
    chat.retry_backoff = 0.01
    return chat


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def assert_clean(err: BaseException) -> str:
    """The error is one line and the key appears nowhere in it, even in part."""
    text = str(err)
    for rendering in (text, repr(err), str(err.args)):
        assert KEY not in rendering
        assert KEY[:8] not in rendering and KEY[-6:] not in rendering
    assert "\n" not in text and text.strip() == text
    assert err.__cause__ is None
    return text


def stream_all(chat: OpenAIChat, **kw) -> str:
    return "".join(chat.stream(MESSAGES, **kw))


# -- normal operation ----------------------------------------------------------


def test_stream_yields_text_and_usage(server):
    chat = make_chat(server.url)
    pieces = list(chat.stream(MESSAGES))
    assert len(pieces) > 1
    assert "".join(pieces) == "Hello from the fake server."
    assert chat.last_usage == Usage(2, 5, 7)
    assert chat.last_incomplete is False
    [request] = server.chat_requests()
    assert request.body["stream"] is True
    assert request.body["stream_options"] == {"include_usage": True}
    assert request.headers["authorization"] == f"Bearer {KEY}"


def test_complete_returns_text_and_usage(server):
    chat = make_chat(server.url)
    assert chat.complete(MESSAGES, max_tokens=50) == "Hello from the fake server."
    assert chat.last_usage == Usage(2, 5, 7)
    assert chat.last_incomplete is False
    assert server.chat_requests()[0].body["max_tokens"] == 50


def test_satisfies_protocol(server):
    assert isinstance(make_chat(server.url), ChatModel)
    assert isinstance(MockModel(), ChatModel)


def test_length_finish_marks_incomplete(server):
    server.script(ok("cut short", finish_reason="length"), ok("cut short", finish_reason="length"))
    chat = make_chat(server.url)
    assert stream_all(chat, max_tokens=2) == "cut short"
    assert chat.last_incomplete is True
    chat.complete(MESSAGES, max_tokens=2)
    assert chat.last_incomplete is True


def test_server_rejecting_stream_options_is_retried_without_and_remembered():
    with FakeOpenAI(reject_stream_options=True) as fake:
        chat = make_chat(fake.url)
        assert stream_all(chat) == "Hello from the fake server."
        assert chat.last_usage is None
        first, second = fake.chat_requests()
        assert "stream_options" in first.body and "stream_options" not in second.body
        assert stream_all(chat) == "Hello from the fake server."
        assert len(fake.chat_requests()) == 3  # remembered: no second rejection


# -- HTTP errors -----------------------------------------------------------------


def test_401_says_key_rejected_without_leaking_it(server):
    server.script(status(401, f"Incorrect API key provided: {KEY[:8]}***{KEY[-4:]} ({KEY})"))
    chat = make_chat(server.url)
    with pytest.raises(LLMError) as info:
        stream_all(chat)
    text = assert_clean(info.value)
    assert text == (
        f"the API key was rejected by {server.url}; set OPENAI_API_KEY to a valid key "
        "or use --engine extractive"
    )
    assert info.value.status_code == 401
    assert len(server.chat_requests()) == 1  # 401 is not retried
    assert KEY not in repr(chat)


def test_404_names_model_and_url(server):
    chat = make_chat(server.url, model="no-such-model")
    with pytest.raises(LLMError) as info:
        chat.complete(MESSAGES)
    text = assert_clean(info.value)
    assert "'no-such-model'" in text and server.url in text and "RAGNEWS_MODEL" in text
    assert len(server.chat_requests()) == 1


def test_400_is_one_line_with_server_message_and_not_retried(server):
    server.script(status(400, f"context too long:\n  8000 > 4096 tokens (key {KEY})"))
    chat = make_chat(server.url)
    with pytest.raises(LLMError) as info:
        stream_all(chat)
    text = assert_clean(info.value)
    assert text == f"the LLM server at {server.url} rejected the request (400): context too long: 8000 > 4096 tokens (key [redacted])"
    assert len(server.chat_requests()) == 1


def test_429_then_success_is_retried(server):
    server.script(status(429, "slow down"))
    chat = make_chat(server.url)
    assert stream_all(chat) == "Hello from the fake server."
    assert len(server.chat_requests()) == 2


def test_429_forever_gives_one_line_after_retries(server):
    server.default = status(429, "slow down")
    chat = make_chat(server.url, max_retries=1)
    with pytest.raises(LLMError) as info:
        chat.complete(MESSAGES)
    text = assert_clean(info.value)
    assert "429" in text and "2 attempts" in text and "slow down" in text
    assert len(server.chat_requests()) == 2


def test_500_forever_retries_then_fails(server):
    server.default = status(500, "boom")
    chat = make_chat(server.url, max_retries=2)
    with pytest.raises(LLMError) as info:
        stream_all(chat)
    text = assert_clean(info.value)
    assert "HTTP 500" in text and "3 attempts" in text and "boom" in text
    assert len(server.chat_requests()) == 3


@pytest.mark.parametrize("call", ["stream", "complete"])
def test_non_openai_server_is_named(server, call):
    server.default = html()
    chat = make_chat(server.url)
    with pytest.raises(LLMError) as info:
        stream_all(chat) if call == "stream" else chat.complete(MESSAGES)
    text = assert_clean(info.value)
    assert text.startswith(f"the server at {server.url} did not send")
    assert "OPENAI_BASE_URL" in text
    assert len(server.chat_requests()) == 1


# -- unreachable servers -----------------------------------------------------------


def test_connection_refused_is_one_actionable_line():
    url = closed_port_url()
    chat = make_chat(url, max_retries=0)
    started = time.monotonic()
    with pytest.raises(LLMError) as info:
        stream_all(chat)
    text = assert_clean(info.value)
    assert text == (
        f"cannot reach the LLM server at {url} (connection refused); start it, fix OPENAI_BASE_URL, "
        "or use --engine extractive"
    )
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("call", ["stream", "complete"])
def test_hung_server_fails_within_timeout(server, call):
    server.default = hang()
    chat = make_chat(server.url, timeout=0.5, max_retries=0)
    started = time.monotonic()
    with pytest.raises(LLMError) as info:
        stream_all(chat) if call == "stream" else chat.complete(MESSAGES)
    elapsed = time.monotonic() - started
    text = assert_clean(info.value)
    assert text.startswith(f"cannot reach the LLM server at {server.url} (no answer within 0.5s")
    assert 0.4 < elapsed < 2.0
    assert len(server.chat_requests()) == 1


def test_hung_server_with_retries_is_bounded(server):
    server.default = hang()
    chat = make_chat(server.url, timeout=0.3, max_retries=1)
    started = time.monotonic()
    with pytest.raises(LLMError):
        chat.complete(MESSAGES)
    assert time.monotonic() - started < 0.3 * 2 + 1.5  # two attempts plus the client's backoff
    assert len(server.chat_requests()) == 2


# -- streams that break --------------------------------------------------------------


def test_stream_dropping_after_tokens_is_incomplete_not_an_error(server):
    server.script(drop(after=3))
    chat = make_chat(server.url)
    assert stream_all(chat) == "one two three "
    assert chat.last_incomplete is True
    assert "dropped" in chat.last_error
    assert len(server.chat_requests()) == 1  # text was shown: never retried


def test_stream_dropping_before_first_token_is_retried(server):
    server.script(drop(after=0), drop(after=0))
    chat = make_chat(server.url, max_retries=2)
    assert stream_all(chat) == "Hello from the fake server."
    assert chat.last_incomplete is False
    assert len(server.chat_requests()) == 3


def test_stream_dropping_before_first_token_forever_fails_cleanly(server):
    server.default = drop(after=0)
    chat = make_chat(server.url, max_retries=2)
    with pytest.raises(LLMError) as info:
        stream_all(chat)
    text = assert_clean(info.value)
    assert "before any text arrived" in text and "3 attempts" in text
    assert len(server.chat_requests()) == 3


def test_stream_stalling_after_tokens_is_incomplete_within_timeout(server):
    server.script(stall(after=2))
    chat = make_chat(server.url, timeout=0.4)
    started = time.monotonic()
    assert stream_all(chat) == "one two "
    assert time.monotonic() - started < 2
    assert chat.last_incomplete is True
    assert "stalled" in chat.last_error
    assert len(server.chat_requests()) == 1


def test_stream_stalling_before_first_token_is_retried(server):
    server.script(stall(after=0))
    chat = make_chat(server.url, timeout=0.4)
    assert stream_all(chat) == "Hello from the fake server."
    assert chat.last_incomplete is False
    assert len(server.chat_requests()) == 2


def test_abandoned_stream_releases_the_connection(server):
    chat = make_chat(server.url)
    stream = chat.stream(MESSAGES)
    assert next(stream) == "Hello "
    stream.close()
    assert chat.complete(MESSAGES) == "Hello from the fake server."


def test_incomplete_flag_resets_on_next_call(server):
    server.script(drop(after=2))
    chat = make_chat(server.url)
    stream_all(chat)
    assert chat.last_incomplete is True
    stream_all(chat)
    assert chat.last_incomplete is False and chat.last_error is None


# -- check_connection, keys, import cost -----------------------------------------------


def test_check_connection_ok(server):
    check_connection(make_chat(server.url))
    assert [r.path for r in server.requests] == ["/v1/models"]


def test_check_connection_unauthorised(server):
    server.models_reply = status(401)
    with pytest.raises(LLMError, match="API key was rejected") as info:
        check_connection(make_chat(server.url))
    assert_clean(info.value)


def test_check_connection_refused_fails_fast():
    started = time.monotonic()
    with pytest.raises(LLMError, match="cannot reach"):
        check_connection(make_chat(closed_port_url()))  # no retries for the probe
    assert time.monotonic() - started < 2


def test_check_connection_falls_back_to_completion_without_models_endpoint(server):
    server.models_reply = status(404)
    check_connection(make_chat(server.url))
    assert server.chat_requests()[0].body["max_tokens"] == 1


def test_check_connection_fallback_reports_missing_model(server):
    server.models_reply = status(404)
    with pytest.raises(LLMError, match="RAGNEWS_MODEL"):
        check_connection(make_chat(server.url, model="missing"))


def test_no_key_for_openai_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(LLMError, match="set OPENAI_API_KEY"):
        OpenAIChat("gpt-4o-mini", None, None)


def test_local_server_needs_no_key(server, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    chat = OpenAIChat("fake-model", None, server.url)
    assert chat.complete(MESSAGES) == "Hello from the fake server."


def test_scrub_secret_removes_whole_and_partial_keys():
    text = f"bad key {KEY}, also {KEY[:8]}...{KEY[-4:]} and sk-other-1234567890"
    scrubbed = scrub_secret(text, KEY)
    assert KEY not in scrubbed and KEY[:8] not in scrubbed and "sk-other" not in scrubbed
    assert scrub_secret("nothing here", KEY) == "nothing here"


def test_importing_llm_does_not_import_openai():
    code = "import sys, ragnews.answer.chat_models; assert 'openai' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)


# -- MockModel ---------------------------------------------------------------------


def test_mock_model_streams_queued_replies_and_records_history():
    mock = MockModel(["first reply here"], name="fake")
    mock.enqueue("second")
    pieces = list(mock.stream(MESSAGES))
    assert len(pieces) == 3 and "".join(pieces) == "first reply here"
    assert mock.last_incomplete is False and mock.last_usage.completion_tokens == 3
    assert mock.complete([{"role": "user", "content": "again"}], max_tokens=5) == "second"
    assert mock.history == [MESSAGES, [{"role": "user", "content": "again"}]]
    assert mock.max_tokens_seen == [None, 5]


def test_mock_model_history_is_a_copy():
    mock = MockModel(["ok"])
    messages = [{"role": "user", "content": "q"}]
    mock.complete(messages)
    messages[0]["content"] = "changed"
    assert mock.history[0][0]["content"] == "q"


def test_mock_model_empty_queue_is_a_clear_error():
    mock = MockModel()
    with pytest.raises(MockModelExhausted, match=r"no reply queued for call #1.*enqueue"):
        list(mock.stream(MESSAGES))
    assert not isinstance(MockModelExhausted("x"), LLMError)


def test_mock_model_scripted_error_and_incomplete():
    mock = MockModel()
    mock.enqueue_error(LLMError("cannot reach the LLM server"))
    mock.enqueue_incomplete("half an ans")
    with pytest.raises(LLMError, match="cannot reach"):
        list(mock.stream(MESSAGES))
    assert "".join(mock.stream(MESSAGES)) == "half an ans"
    assert mock.last_incomplete is True
