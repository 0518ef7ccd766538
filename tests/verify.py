"""A test helper that checks citations the way a reader would: open the file, read the lines."""

from __future__ import annotations

import html
import re
from typing import Any


def _readable(path: str, start: int, end: int) -> str:
    with open(path, "rb") as fh:
        raw = fh.read().decode("utf-8")
    lines = re.split(r"\r\n|\r|\n", raw)
    text = "\n".join(lines[start - 1 : end])
    if path.endswith((".html", ".htm")):
        text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return text


def assert_citation_verifies(c: dict[str, Any], path: str | None = None) -> None:
    path = path or c.get("path") or c["source"]
    assert 1 <= c["start_line"] <= c["end_line"], c
    window = "".join(_readable(path, c["start_line"], c["end_line"]).split())
    quote = "".join(c["quote"].split())
    assert quote and quote in window, f"quote not in {path}:{c['start_line']}-{c['end_line']}: {c['quote'][:80]}"


def assert_markers_resolve(text: str, citations: list[dict[str, Any]]) -> None:
    """No [n] without an entry."""
    ns = {c["n"] for c in citations}
    used = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    assert used <= ns, f"markers without citations: {sorted(used - ns)}"
