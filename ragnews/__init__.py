"""ragnews: read the news across many sources, with every claim cited.

The one entry object is :class:`Newsroom`; the ``ragnews`` command is a thin
layer over it. Heavy dependencies load lazily, on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Newsroom", "Settings", "load_settings"]

if TYPE_CHECKING:
    from .config import Settings, load_settings
    from .newsroom import Newsroom


def __getattr__(name: str) -> Any:
    if name == "Newsroom":
        from .newsroom import Newsroom

        return Newsroom
    if name in ("Settings", "load_settings"):
        from . import config

        return getattr(config, name)
    raise AttributeError(name)
