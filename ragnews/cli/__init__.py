"""The `ragnews` command: argparse commands, the chat REPL, rich rendering.

A thin layer over `ragnews.Newsroom`; nothing below imports it.
"""

from ragnews.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
