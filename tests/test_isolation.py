"""Tests never touch the developer's own ragnews home, whatever the scope of the fixture that runs the command."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def module_home() -> str | None:
    """What a module-scoped fixture (a briefing built once for a file of tests) sees: it runs before the
    function-scoped `isolated_home`."""
    return os.environ.get("RAGNEWS_HOME")


def test_a_module_scoped_fixture_has_a_home_of_its_own(module_home: str | None) -> None:
    assert module_home, "a module-scoped fixture would read and write ~/.local/share/ragnews"
    assert not Path(module_home).resolve().is_relative_to(Path.home().resolve() / ".local")
