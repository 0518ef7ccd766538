"""ragnews: read the news across many sources, with every claim cited.

The one entry object is :class:`Newsroom`; the ``ragnews`` command is a thin
layer over it. The public types below load lazily, so ``import ragnews`` stays
cheap and heavy dependencies (chromadb, onnxruntime, openai) load on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ragnews.answer.citations import Citation
    from ragnews.answer.model import Answer
    from ragnews.brief.model import Briefing
    from ragnews.config import Settings, load_settings
    from ragnews.errors import RagnewsError
    from ragnews.index.search import Hit
    from ragnews.newsroom import Newsroom, SourceInfo

_PUBLIC = {
    "Newsroom": "ragnews.newsroom",
    "SourceInfo": "ragnews.newsroom",
    "Answer": "ragnews.answer.model",
    "Citation": "ragnews.answer.citations",
    "Briefing": "ragnews.brief.model",
    "Hit": "ragnews.index.search",
    "Settings": "ragnews.config",
    "load_settings": "ragnews.config",
    "RagnewsError": "ragnews.errors",
}

__all__ = ["Answer", "Briefing", "Citation", "Hit", "Newsroom", "RagnewsError", "Settings", "SourceInfo", "load_settings"]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'ragnews' has no attribute {name!r}")
    return getattr(import_module(module), name)
