"""Headless Chromium (Debian's package) driven by Playwright, for tests that look at the HTML briefing.

Playwright only speaks the DevTools protocol here: it is pointed at
/usr/bin/chromium and never downloads a browser. Without Chromium the tests
skip with the reason, except in CI (`.ci/run` installs it), where they fail.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync"]


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        _missing("Debian's chromium is not installed (apt-get install -y chromium chromium-driver; .ci/run does)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[dev]')")
    return str(path)


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@contextmanager
def page(width: int = 1000, height: int = 900, touch: bool = False) -> Iterator[Any]:
    """A fresh browser profile and one page; `page.messages` collects console output and page errors.
    `touch`: a phone's touch screen (taps, a mobile viewport)."""
    from playwright.sync_api import sync_playwright

    executable = chromium()
    with tempfile.TemporaryDirectory(prefix="ragnews-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(profile, executable_path=executable, headless=True, args=FLAGS,
                                                       viewport={"width": width, "height": height},
                                                       **({"has_touch": True, "is_mobile": True} if touch else {}))
        try:
            tab = context.pages[0] if context.pages else context.new_page()
            messages: list[str] = []
            tab.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
            tab.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
            tab.messages = messages
            yield tab
        finally:
            context.close()
