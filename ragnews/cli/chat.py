"""`ragnews chat`: ask questions in a loop, with follow-ups and /commands.

Follow-ups ("and why?") are made standalone by the engine before retrieval
(`ragnews.answer.followup`); this module is only the loop and its output.

Everything shown that came from an article (answers, quotes, titles, streamed
tokens) is untrusted: it is printed as rich `Text` or with markup off, with
control characters removed, so `[link=…]` or an escape sequence in a scraped
page is shown literally and never reaches the terminal as a command.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ragnews.answer.citations import shown_path, web_link
from ragnews.answer.followup import leans_on_earlier, wants_more
from ragnews.cli.render import plain, safe, sources_table, stories_table

if TYPE_CHECKING:
    from rich.console import Console

    from ragnews.answer.citations import Citation
    from ragnews.answer.engines import Engine
    from ragnews.answer.model import Answer

PROMPT = "ragnews> "

HELP = """\
Type a question and press Enter; follow-ups ("what else did he say?") use the conversation.
  /sources        list stored articles
  /show N         show citation N of the last answer, read from its file
  /stories        the stories the collection holds, newest first
  /brief [ID|topic]  a cited briefing on one story (an id from /stories, or a topic)
  /clear          forget the conversation
  /help           this help
  /quit, /exit    leave (or Ctrl-D)
Ctrl-C stops an answer; at the prompt it clears the line."""

InputFn = Callable[[str], str]


# ---------------------------------------------------------------------------
# The loop


@dataclass
class ChatState:
    """What the loop remembers: the conversation (standalone query, answer) and the last answer."""

    engine: Engine
    history: list[tuple[str, str]] = field(default_factory=list)
    last: Answer | None = None
    shown: list[str] = field(default_factory=list)  # quotes already cited in this conversation ("what else" skips them)


def run_chat(newsroom: Any, engine: str | None, console: Console | None = None, input_fn: InputFn | None = None) -> int:
    """Run the chat REPL until /quit or Ctrl-D; returns the exit code (0, or 1 if it could not start)."""
    from rich.console import Console

    console = console or Console()
    try:
        chosen = newsroom.engine(engine)
    except Exception as exc:  # e.g. --engine llm without a model server
        _error(console, exc)
        return 1
    state = ChatState(chosen)
    read = input_fn or make_input(newsroom)
    _welcome(console, newsroom, chosen)
    while True:
        try:
            line = read(PROMPT).strip()
        except KeyboardInterrupt:
            continue  # Ctrl-C at the prompt clears the line
        except EOFError:
            console.print()
            return 0
        if not line:
            continue
        if line.startswith("/"):
            if command(console, newsroom, state, line) == "quit":
                return 0
            continue
        ask(console, newsroom, state, line)


def make_input(newsroom: Any) -> InputFn:
    """prompt_toolkit with line editing and a persistent history on a terminal; plain input() otherwise."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return input
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    home = newsroom.settings.home_dir
    home.mkdir(parents=True, exist_ok=True)
    session: PromptSession[str] = PromptSession(history=FileHistory(str(home / "chat_history")))
    return lambda prompt: session.prompt(prompt)


def _welcome(console: Console, newsroom: Any, engine: Engine) -> None:
    try:
        count = str(len(newsroom.sources()))
    except Exception:  # an empty or missing store still lets you type /help
        count = "no"
    console.print(f"[bold]ragnews chat[/] — engine: {safe(engine.name)}, {count} articles stored. Type /help for commands, Ctrl-D to quit.")


def ask(console: Console, newsroom: Any, state: ChatState, question: str) -> None:
    """Rewrite a follow-up, answer it (streaming with the llm engine) and show the citations."""
    if not state.history and leans_on_earlier(question):
        console.print(_text("There is no earlier question to follow up (the conversation is new or was cleared): "
                            "ask the whole question, naming who or what it is about.", "yellow"))
        return
    try:
        query = state.engine.standalone(state.history, question)
        if query != question:
            console.print(_text(f"↳ {query}", "dim"))
        seen = state.shown if wants_more(question) else []
        answer = _answer(console, newsroom, state.engine, query, seen)
    except KeyboardInterrupt:
        console.print()
        console.print("[yellow](stopped)[/]")
        return
    except Exception as exc:
        console.print()
        _error(console, exc)
        return
    state.last = answer
    state.shown.extend(c.quote for c in answer.citations)
    state.history.append((query, "" if answer.abstained else answer.answer))
    show_answer(console, answer)


def _answer(console: Console, newsroom: Any, engine: Engine, query: str, seen: list[str]) -> Answer:
    more = {"exclude": list(seen)} if seen else {}
    if not engine.streams:
        return newsroom.ask(query, engine=engine.name, **more)
    streamed: list[str] = []

    def on_token(token: str) -> None:
        streamed.append(token)
        console.print(_text(plain(token), "dim"), end="", soft_wrap=True)

    answer = newsroom.ask(query, engine=engine.name, on_token=on_token, **more)
    if streamed:
        console.print()
        console.print("[bold green]verified:[/]")
    return answer


def show_answer(console: Console, answer: Answer) -> None:
    """The answer (citation markers highlighted), its numbered citations and any notes."""
    from rich.text import Text

    text = Text(plain(answer.answer), style="italic" if answer.abstained else "")
    text.highlight_regex(r"\[\d+\]", "bold cyan")
    console.print(text)
    for c in answer.citations:
        console.print(citation_line(c))
    for note in answer.notes:
        console.print(_text(f"note: {plain(note)}", "yellow"))
    if answer.incomplete:
        console.print(_text("(incomplete: the model's answer was cut short)", "yellow"))


def citation_line(c: Citation) -> Any:
    """`[n] source:start-end  title`, a web source's URL first, as a Text (never parsed as markup)."""
    from rich.text import Text

    where = f"{plain(shown_path(c.source, c.path, c.url))}:{c.start_line}-{c.end_line}"
    url = web_link(c.url)
    return Text.assemble((f"[{c.n}] ", "bold cyan"), *([(plain(url) + "  ", "cyan"), (where, "dim")] if url else [(where, "cyan")]),
                         (f"  {plain(c.title or '')}", ""))


def _text(text: str, style: str) -> Any:
    """Untrusted text as a styled rich Text: never parsed as markup, control characters gone."""
    from rich.text import Text

    return Text(plain(text), style=style)


def _error(console: Console, exc: BaseException) -> None:
    lines = str(exc).strip().splitlines()
    console.print(_text(f"error: {lines[0] if lines else type(exc).__name__}", "red"))


# ---------------------------------------------------------------------------
# Slash commands


def command(console: Console, newsroom: Any, state: ChatState, line: str) -> str | None:
    """Run one /command; returns "quit" to leave the loop."""
    name, _, arg = line.partition(" ")
    name, arg = name.lower(), arg.strip()
    if name in ("/quit", "/exit", "/q"):
        return "quit"
    handler = COMMANDS.get(name)
    if handler is None:
        console.print(_text(f"unknown command {name}; type /help", "yellow"))
        return None
    try:
        handler(console, newsroom, state, arg)
    except KeyboardInterrupt:
        console.print("[yellow](stopped)[/]")
    except Exception as exc:
        _error(console, exc)
    return None


def cmd_help(console: Console, newsroom: Any, state: ChatState, arg: str) -> None:
    console.print(HELP, markup=False, highlight=False)


def cmd_sources(console: Console, newsroom: Any, state: ChatState, arg: str) -> None:
    sources_table(console, newsroom.sources())


def cmd_clear(console: Console, newsroom: Any, state: ChatState, arg: str) -> None:
    state.history.clear()
    state.shown.clear()
    state.last = None
    console.print("[dim]conversation cleared[/]")


def cmd_show(console: Console, newsroom: Any, state: ChatState, arg: str) -> None:
    """Print citation N as the file has it now: path, line range and the lines, quote highlighted."""
    n = int(arg) if arg.isdigit() else None
    cite = next((c for c in (state.last.citations if state.last else []) if c.n == n), None)
    if cite is None:
        console.print(_text(f"no citation {arg or '(give a number: /show N)'}", "yellow"))
        return
    show_citation(console, cite)


def show_citation(console: Console, c: Citation) -> None:
    from ragnews.answer.citations import cited_text

    console.print(citation_line(c))
    console.print(_text(f"{c.path}, lines {c.start_line}-{c.end_line}", "dim"))
    text = cited_text(c.path, c.start_line, c.end_line, c.format, c.encoding)
    if text is None:
        console.print(_text("(the cited lines can no longer be read from the file)", "yellow"))
        return
    console.print(highlighted(text, c.quote))


def highlighted(text: str, quote: str) -> Any:
    """The cited lines as Text with the quote (matched whitespace-insensitively) in bold yellow."""
    from rich.text import Text

    body = Text(plain(text))
    words = plain(quote).split()
    if words:
        match = re.search(r"\s+".join(re.escape(w) for w in words), body.plain)
        if match:
            body.stylize("bold yellow", match.start(), match.end())
    return body


def cmd_brief(console: Console, newsroom: Any, state: ChatState, arg: str) -> None:
    """A briefing rendered as Markdown: control characters stripped, links not turned into hyperlinks."""
    from rich.markdown import Markdown

    brief = getattr(newsroom, "brief", None)
    if brief is None:
        console.print("[yellow]briefings are not available in this version of ragnews[/]")
        return
    story = arg if _STORY_ID.fullmatch(arg) else None
    briefing = brief(topic=None if story else (arg or None), story=story, engine=state.engine.name)
    console.print(Markdown(plain(briefing.markdown), hyperlinks=False))


def cmd_stories(console: Console, newsroom: Any, state: ChatState, arg: str) -> None:
    stories_table(console, newsroom.stories())


_STORY_ID = re.compile(r"s[0-9a-f]{7}")

COMMANDS: dict[str, Callable[[Console, Any, ChatState, str], None]] = {
    "/help": cmd_help,
    "/sources": cmd_sources,
    "/clear": cmd_clear,
    "/show": cmd_show,
    "/brief": cmd_brief,
    "/stories": cmd_stories,
}

__all__ = ["run_chat"]
