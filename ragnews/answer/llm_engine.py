"""The llm engine: an OpenAI-compatible model writes, our verifier checks.

Retrieved chunks go to the model as fenced, untrusted data within a token
budget counted with tiktoken (what doesn't fit is dropped and said so). The
model's citations are then grounded: each sentence must be supported by the
chunk it cites (or is repaired to the chunk that does), or it is marked
unsupported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ragnews.answer.chat_models import ChatModel, scrub_secret
from ragnews.answer.citations import CitationBook
from ragnews.answer.grounding import UNSUPPORTED, ground
from ragnews.answer.model import Answer
from ragnews.answer.prompts import format_ids, format_sources, load_prompt, new_nonce
from ragnews.config import Settings
from ragnews.index.search import Hit
from ragnews.text.tokens import count_tokens, fit_to_budget

ANSWER_TOKENS = 700  # room left for the model's reply


def source_header(hit: Hit) -> str:
    parts = [hit.title or hit.source, hit.outlet or "", hit.published or "", f"{hit.source}:{hit.start_line}-{hit.end_line}"]
    return " | ".join(p for p in parts if p)


def budget_sources(template_tokens: int, hits: Sequence[Hit], settings: Settings, nonce: str) -> tuple[list[Hit], int]:
    """The hits that fit the context budget (in rank order) and how many were dropped."""
    budget = max(0, settings.context_tokens - template_tokens - ANSWER_TOKENS)
    blocks = [format_sources([(i + 1, source_header(h), h.text)], nonce) for i, h in enumerate(hits)]
    fit, _ = fit_to_budget(blocks, budget)
    return list(hits[:fit]), len(hits) - fit


def run_prompt(name: str, hits: Sequence[Hit], model: ChatModel, settings: Settings, on_token: Callable[[str], None] | None, **values: str) -> tuple[str, list[Hit], list[str], bool, dict | None]:
    """Render a prompt over the hits that fit, stream the reply; returns (text, hits used, notes, incomplete, usage)."""
    prompt = load_prompt(name)
    nonce = new_nonce()
    skeleton = prompt.render(sources="", nonce=nonce, ids="", **values)
    used, dropped = budget_sources(sum(count_tokens(m["content"]) for m in skeleton), hits, settings, nonce)
    notes = []
    if dropped:
        notes.append(f"{dropped} of {len(hits)} retrieved passages were left out to fit the model's context budget "
                     f"({settings.context_tokens} tokens; raise RAGNEWS_CONTEXT_TOKENS if the model allows).")
    sources = format_sources([(i + 1, source_header(h), h.text) for i, h in enumerate(used)], nonce)
    messages = prompt.render(sources=sources, nonce=nonce, ids=format_ids(list(range(1, len(used) + 1))), **values)
    scrubbed = SecretFilter(settings.openai_api_key, on_token)
    for delta in model.stream(messages, max_tokens=ANSWER_TOKENS):
        scrubbed.feed(delta)
    text = scrubbed.close()
    usage = getattr(model, "last_usage", None)
    return text, used, notes, bool(getattr(model, "last_incomplete", False)), (usage.__dict__ if usage else None)


_KEY_LIKE = re.compile(r"\bsk-[A-Za-z0-9_\-*.]*")
_KEY_TAIL = re.compile(r"(?:s|sk|sk-[A-Za-z0-9_\-*.]*)$")


class SecretFilter:
    """Model output with the API key removed, even when the key arrives split across streamed pieces.

    A server can reflect the request's `Authorization` header into its reply;
    the key must reach neither the terminal nor the answer. Text is passed on
    as it streams, except a tail that could still turn out to be a key.
    """

    def __init__(self, secret: str | None, on_token: Callable[[str], None] | None) -> None:
        self.secret = secret or ""
        self.on_token = on_token
        self.pending = ""
        self.parts: list[str] = []

    def feed(self, delta: str) -> None:
        raw = self.pending + delta
        cut = self._safe_cut(raw)
        self.pending = raw[cut:]
        self._emit(scrub_secret(raw[:cut], self.secret))

    def close(self) -> str:
        self._emit(scrub_secret(self.pending, self.secret))
        self.pending = ""
        return "".join(self.parts)

    def _safe_cut(self, raw: str) -> int:
        """How much of `raw` can go out: nothing that might be the start of a key still arriving."""
        n = len(self.secret)
        cut = len(raw) - max(n - 1, 0)
        start = raw.find(self.secret, max(0, cut - n)) if n else -1
        while start != -1 and start < cut:  # a whole key across the cut goes out whole (and is scrubbed)
            cut = start + n
            start = raw.find(self.secret, start + 1)
        for token in _KEY_LIKE.finditer(raw):  # never split a key-like token: it is scrubbed whole or held
            if token.start() < cut < token.end():
                cut = token.start()
        tail = _KEY_TAIL.search(raw)
        return max(0, min(cut, tail.start() if tail else len(raw)))

    def _emit(self, text: str) -> None:
        if text:
            self.parts.append(text)
            if self.on_token:
                self.on_token(text)


def llm_answer(question: str, hits: Sequence[Hit], model: ChatModel, settings: Settings, on_token: Callable[[str], None] | None = None) -> Answer:
    text, used, notes, incomplete, usage = run_prompt("answer", hits, model, settings, on_token, question=question)
    grounded = ground(text, used)
    if grounded.unsupported:
        notes.append(f"{grounded.unsupported} sentence(s) had no support in the sources and are marked {UNSUPPORTED}.")
    if grounded.repaired:
        notes.append(f"{grounded.repaired} citation(s) pointed at the wrong passage and were corrected.")
    if grounded.dropped_ids:
        notes.append(f"citations to passages that were never given to the model were removed: {sorted(set(grounded.dropped_ids))}.")
    if incomplete:
        notes.append("the model's answer was cut off (the stream ended early); it is incomplete.")
    answer_text = grounded.text or "The sources don't say."
    abstained = grounded.abstained or not grounded.text
    return Answer(question, answer_text, abstained, "llm", getattr(model, "name", None), grounded.book.citations,
                  notes=notes, incomplete=incomplete, usage=usage)


def llm_brief_body(hits: Sequence[Hit], topic: str | None, model: ChatModel, settings: Settings,
                   on_token: Callable[[str], None] | None) -> tuple[str, CitationBook, list[str]]:
    """The model writes summary and key points from the chunks; grounding keeps it honest."""
    text, used, notes, incomplete, _usage = run_prompt("brief", hits, model, settings, on_token,
                                                       topic=topic or "the main story these articles cover")
    grounded = ground(text, used)
    if grounded.unsupported:
        notes.append(f"{grounded.unsupported} sentence(s) written by the model had no support in the sources and are marked {UNSUPPORTED}.")
    if incomplete:
        notes.append("the model's text was cut off; the briefing is incomplete.")
    return grounded.text, grounded.book, notes
