"""What `--help` promises: every command described, every option explained, the settings file shipped."""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

import pytest

from ragnews.cli.main import build_parser
from tests.conftest import ROOT


def _commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_has_a_description_and_every_option_help() -> None:
    commands = _commands()
    assert {"ingest", "search", "sources", "ask", "brief", "chat", "check"} <= set(commands)
    for name, parser in commands.items():
        assert parser.description, f"`ragnews {name} --help` says nothing about what it does"
        for action in parser._actions:
            if action.option_strings:
                assert action.help and action.help != argparse.SUPPRESS, f"{name} {action.option_strings} has no help"


def test_json_help_on_every_command_that_has_it() -> None:
    with_json = {name: p for name, p in _commands().items() if any("--json" in a.option_strings for a in p._actions)}
    assert {"ingest", "search", "sources", "ask", "brief", "check"} <= set(with_json)
    for name, parser in with_json.items():
        assert "JSON" in parser.format_help(), name


def test_help_points_at_a_settings_file_that_exists() -> None:
    epilog = build_parser().epilog or ""
    path = next(word.rstrip(".") for word in epilog.split() if word.rstrip(".").endswith(".env.example"))
    assert Path(path).is_file(), epilog


def test_the_wheel_ships_env_example(tmp_path: Path) -> None:
    """`--help` names .env.example: an installed ragnews must have it (next to the package)."""
    from hatchling.builders.wheel import WheelBuilder

    wheel = next(iter(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])))
    with zipfile.ZipFile(wheel) as zf:
        assert zf.read("ragnews/.env.example") == (ROOT / ".env.example").read_bytes()


def test_version_is_printed_on_stdout_and_read_only_when_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess
    import sys

    from ragnews.cli.main import _version, main

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"ragnews {_version()}\n"
    # building the parser and reading an `ask`'s settings leave the package metadata unread (a cold `ask` starts
    # reading its question before it)
    code = ("import importlib, sys; m = importlib.import_module('ragnews.cli.main'); "
            "args, _ = m.build_parser().parse_known_args(['ask', 'Who?', '--json']); m._settings(args); "
            "print('importlib.metadata' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "False"
