"""Which form a briefing is written in: Markdown, a self-contained HTML page, or JSON.

`-o briefing.html` picks HTML by the file's extension; `--format` says it
outright (and wins). Without `-o`, Markdown is rendered on a terminal (and
written as Markdown when the output is piped or redirected to a file), and
HTML or JSON is printed as the document itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ragnews.errors import InputError

FORMATS = ("md", "html", "json")
_BY_SUFFIX = {".html": "html", ".htm": "html", ".json": "json", ".md": "md", ".markdown": "md"}


def output_format(output: str | None, chosen: str | None, as_json: bool = False) -> str:
    """md | html | json: --format, else --json, else the output file's extension, else md."""
    if chosen:
        return chosen
    if as_json and not output:
        return "json"
    if not output:
        return "md"
    suffix = Path(output).suffix.lower()
    if suffix[1:].isdigit():  # "brief.2026.12.07": a dated name, no extension
        suffix = ""
    if suffix not in _BY_SUFFIX and suffix not in ("", ".txt"):  # `-o brief.pdf` wrote Markdown into a .pdf
        raise InputError(f"-o {output}: ragnews writes .md, .html or .json files; name one of those, or give --format md|html|json")
    return _BY_SUFFIX.get(suffix, "md")


def check_output(output: str | None) -> None:
    """Refuse an -o that can't be written before the briefing is computed (minutes, with an LLM), not after."""
    if not output:
        return
    target = Path(output)
    if target.is_dir():
        raise InputError(f"-o {output} is a folder: name a file inside it, e.g. {target / 'briefing.html'}")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"-o {output}: no such folder {folder}")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InputError(f"-o {output}: not allowed to write there")


def render(briefing: Any, fmt: str) -> str:
    """The briefing as the text of a file in `fmt`."""
    if fmt == "html":
        from ragnews.brief.html import render_html

        return render_html(briefing)
    if fmt == "json":
        return json.dumps(briefing.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return str(briefing.markdown)
    raise InputError(f"unknown briefing format {fmt!r}: use one of {', '.join(FORMATS)}")
