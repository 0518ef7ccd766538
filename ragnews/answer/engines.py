"""Answer engines behind one small protocol, chosen once from settings.

`extractive` (offline, deterministic: verbatim cited sentences) and `llm`
(an OpenAI-compatible model writes, our grounding checks every citation)
answer the same calls, so nothing above this module asks which engine it
has: it asks the engine. `Settings.engine_name` decides which one;
`make_engine` builds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ragnews.answer.chat_models import ChatModel, LLMError
from ragnews.answer.citations import CitationBook
from ragnews.answer.followup import llm_rewrite, rewrite_followup
from ragnews.answer.model import Answer
from ragnews.config import Settings
from ragnews.index.embedders import Embedder
from ragnews.index.search import CONTEXT_ONLY, Hit
from ragnews.text.reading import Reader

TokenFn = Callable[[str], None]
History = Sequence[tuple[str, str]]


@dataclass
class BriefBody:
    """Summary and key points written by a model, every `[n]` already grounded in `book`."""

    text: str
    book: CitationBook
    model: str | None
    notes: list[str] = field(default_factory=list)


class Engine(Protocol):
    """What ragnews asks of an answer engine."""

    @property
    def name(self) -> str:
        """"extractive" or "llm": the public `engine` field of answers and briefings."""
        ...

    @property
    def streams(self) -> bool:
        """Whether `on_token` receives text as it is written."""
        ...

    @property
    def model_name(self) -> str | None: ...

    def answer(self, question: str, hits: Sequence[Hit], on_token: TokenFn | None = None, as_of: dt.date | None = None,
               exclude: Collection[str] = ()) -> Answer:
        """Answer from `hits`; `as_of` is the question's date (articles published near it are preferred),
        `exclude` the quotes already shown in this conversation ("what else…" wants new ones)."""
        ...

    def brief_body(self, hits: Sequence[Hit], topic: str | None, on_token: TokenFn | None = None) -> BriefBody | None:
        """The written part of a briefing, or None when the briefing's key points stand for it."""
        ...

    def standalone(self, history: History, question: str) -> str:
        """A follow-up question rewritten to stand on its own, for retrieval."""
        ...


class ExtractiveEngine:
    """Verbatim, cited sentences chosen for the question; offline and deterministic."""

    name = "extractive"
    streams = False
    model_name: str | None = None

    def __init__(self, embedder: Embedder, reader: Reader | None = None) -> None:
        self.embedder = embedder
        self.reader = reader

    def answer(self, question: str, hits: Sequence[Hit], on_token: TokenFn | None = None, as_of: dt.date | None = None,
               exclude: Collection[str] = ()) -> Answer:
        from ragnews.answer.extractive import extractive_answer
        from ragnews.text.reading import default_reader

        return extractive_answer(question, hits, self.embedder, self.reader or default_reader(), as_of=as_of, exclude=exclude)

    def brief_body(self, hits: Sequence[Hit], topic: str | None, on_token: TokenFn | None = None) -> BriefBody | None:
        return None

    def standalone(self, history: History, question: str) -> str:
        return rewrite_followup(history, question)


class LLMEngine:
    """A chat model writes; every citation it makes is verified or marked unsupported."""

    name = "llm"
    streams = True

    def __init__(self, model: ChatModel, settings: Settings) -> None:
        self.model = model
        self.settings = settings

    @property
    def model_name(self) -> str | None:
        return getattr(self.model, "name", None)

    def answer(self, question: str, hits: Sequence[Hit], on_token: TokenFn | None = None, as_of: dt.date | None = None,
               exclude: Collection[str] = ()) -> Answer:
        from ragnews.answer.llm_engine import llm_answer

        hits = [h for h in hits if not h.meta.get(CONTEXT_ONLY)]  # neighbours fetched for the extractive engine's context
        return llm_answer(question, hits, self.model, self.settings, on_token=on_token)

    def brief_body(self, hits: Sequence[Hit], topic: str | None, on_token: TokenFn | None = None) -> BriefBody | None:
        from ragnews.answer.llm_engine import llm_brief_body

        text, book, notes = llm_brief_body(hits, topic, self.model, self.settings, on_token)
        return BriefBody(text, book, self.model_name, notes)

    def standalone(self, history: History, question: str) -> str:
        if not history:
            return question
        try:
            return llm_rewrite(self.model, history, question)
        except LLMError:  # the rewrite is a convenience: the deterministic one still works
            return rewrite_followup(history, question)


_FACTORIES: dict[str, Callable[[Callable[[], Embedder], Callable[[], ChatModel], Settings, Callable[[], Reader] | None], Engine]] = {
    "extractive": lambda embedder, model, settings, reader: ExtractiveEngine(embedder(), reader() if reader else None),
    "llm": lambda embedder, model, settings, reader: LLMEngine(model(), settings),
}


def make_engine(name: str, *, embedder: Callable[[], Embedder], chat_model: Callable[[], ChatModel], settings: Settings,
                reader: Callable[[], Reader] | None = None) -> Engine:
    """The engine `name` (from `Settings.engine_name`); components are created only if it needs them. The extractive
    engine reads sentences with `reader` (the newsroom's, whose readings are cached beside the store)."""
    return _FACTORIES[name](embedder, chat_model, settings, reader)
