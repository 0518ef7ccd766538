"""`ragnews log`: the last answers and briefings, with their citations.

A reader comes back to yesterday's answer ("which article said 14,000?") the
way `llm logs` users do. Each `ask` and `brief` appends one JSON line to
`$RAGNEWS_HOME/history.jsonl`; the file keeps the last RAGNEWS_HISTORY entries.
It is read back as untrusted input: a line that is not a well-formed entry is
skipped with its line number, never shown as if it were a real answer.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ragnews.config import Settings
from ragnews.text.untrusted import plain

if TYPE_CHECKING:
    from rich.console import Console

log = logging.getLogger(__name__)

FILE = "history.jsonl"
MAX_CITATIONS = 40  # per entry: a full briefing cites hundreds of times; the log is a reminder, not an archive
_KINDS = ("ask", "brief")
_CITATION_KEYS = {"n": int, "source": str, "start_line": int, "end_line": int, "quote": str}


def path(settings: Settings) -> Path:
    return Path(settings.home_dir) / FILE


def record_answer(settings: Settings, answer: Any) -> None:
    """Keep an answer: its question, text, citations and notes."""
    _append(settings, {"kind": "ask", "question": answer.question, "text": answer.answer,
                       "citations": [c.to_json() for c in answer.citations][:MAX_CITATIONS], "notes": list(answer.notes)})


def record_briefing(settings: Settings, briefing: Any, output: str | None = None) -> None:
    """Keep a briefing: its title, where it was written, its citations and notes."""
    data = briefing.to_json()
    title = next((line[2:].strip() for line in str(briefing.markdown).splitlines() if line.startswith("# ")), "")
    _append(settings, {"kind": "brief", "question": title or str(briefing.topic or "briefing"), "text": _lead(briefing),
                       "output": os.path.abspath(output) if output else None,
                       "citations": list(data.get("citations") or [])[:MAX_CITATIONS], "notes": list(briefing.notes)})


def _lead(briefing: Any) -> str:
    """The briefing's first paragraph of prose (its summary), for the log."""
    for block in str(getattr(briefing, "markdown", "")).split("\n\n"):
        text = block.strip()
        if text and not text.startswith(("#", "-", "*", ">", "|")):
            return text
    return ""


def _append(settings: Settings, entry: dict[str, Any]) -> None:
    """Append one entry; past twice the limit, rewrite the file with the newest entries. A failure only warns:
    the answer was already printed, and a read-only home must not turn it into an error."""
    if settings.history <= 0 or settings.chroma_url:  # in server mode nothing is written locally (README: Operating)
        return
    entry = {"at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"), **entry}
    target = path(settings)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        with open(target, encoding="utf-8", errors="replace") as fh:
            lines = fh.readlines()
        if len(lines) > 2 * settings.history:
            _rewrite(target, lines[-settings.history :])
    except OSError as exc:
        log.debug("history not written to %s: %s", target, exc)


def _rewrite(target: Path, lines: list[str]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".history-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.writelines(lines)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def load(settings: Settings) -> tuple[list[dict[str, Any]], list[str]]:
    """The entries, oldest first, and one line for each line of the file that is not a valid entry."""
    target = path(settings)
    try:
        raw = target.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [f"cannot read {target}: {exc.strerror or exc}"]
    entries, problems = [], []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        why = None
        try:
            entry = json.loads(line)
        except ValueError:
            why = "not JSON"
        else:
            why = _invalid(entry)
        if why:
            problems.append(f"{target}:{number}: skipped ({why})")
        else:
            entries.append(entry)
    return entries, problems


def _invalid(entry: Any) -> str | None:
    """Why a parsed line is not a history entry (None: it is one)."""
    if not isinstance(entry, dict):
        return "not an object"
    if entry.get("kind") not in _KINDS:
        return f"unknown kind {str(entry.get('kind'))[:20]!r}"
    for key in ("at", "question", "text"):
        if not isinstance(entry.get(key), str):
            return f"no {key}"
    if not isinstance(entry.get("citations"), list) or not isinstance(entry.get("notes", []), list):
        return "citations or notes are not lists"
    for c in entry["citations"]:
        if not isinstance(c, dict) or any(not isinstance(c.get(k), t) for k, t in _CITATION_KEYS.items()):
            return "a citation lacks its source, lines or quote"
    return None


def render(console: Console, entries: list[dict[str, Any]], settings: Settings) -> None:
    """Each entry: when, what was asked (or briefed), the answer, its citations."""
    from rich.text import Text

    if not entries:
        console.print(Text(f"No answers or briefings yet (history: {path(settings)})."))
        return
    for entry in entries:
        console.print(Text.assemble((plain(entry["at"]) + "  ", "dim"), (entry["kind"] + ": ", "bold"), (plain(entry["question"]), "bold")))
        if entry.get("output"):
            console.print(Text("written to " + plain(entry["output"]), style="dim"))
        if entry["text"]:
            console.print(Text(plain(entry["text"])))
        for c in entry["citations"]:
            where = f"{plain(c['source'])}:{c['start_line']}-{c['end_line']}"
            url = f"{plain(c['url'])}  " if isinstance(c.get("url"), str) and c.get("url") else ""
            console.print(Text.assemble((f"[{c['n']}] ", "bold"), (url, "cyan"), (where, "cyan" if not url else "dim")))
            console.print(Text("    “" + plain(c["quote"]) + "”", style="italic"))
        for note in entry.get("notes") or []:
            console.print(Text("note: " + plain(str(note)), style="yellow"))
        console.print()
