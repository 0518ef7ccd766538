"""`ragnews chat`: ask questions in a loop, with follow-ups and /commands.

A conversation is where people actually read the news ("who?", then "and
why?"), so follow-ups are rewritten into standalone queries before retrieval:
retrieval has no memory, only the query. The llm engine asks the model to do
it (prompt `rewrite`); the extractive engine does it deterministically by
carrying the previous turn's names and numbers forward.

Everything shown that came from an article (answers, quotes, titles, streamed
tokens) is untrusted: it is printed as rich `Text` or with markup off, with
control characters removed, so `[link=…]` or an escape sequence in a scraped
page is shown literally and never reaches the terminal as a command.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .lexical import STOPWORDS
from .render import plain, safe, sources_table

if TYPE_CHECKING:
    from rich.console import Console

    from .answers import Answer
    from .citations import Citation

PROMPT = "ragnews> "
HISTORY_TURNS = 3  # turns of conversation given to the llm rewriter
MAX_CONTEXT_TERMS = 3  # names/numbers carried into a rewritten follow-up
SHORT_QUESTION_WORDS = 3

HELP = """\
Type a question and press Enter; follow-ups ("what else did he say?") use the conversation.
  /sources        list stored articles
  /show N         show citation N of the last answer, read from its file
  /brief [topic]  a cited briefing across sources
  /clear          forget the conversation
  /help           this help
  /quit, /exit    leave (or Ctrl-D)
Ctrl-C stops an answer; at the prompt it clears the line."""

InputFn = Callable[[str], str]


# ---------------------------------------------------------------------------
# Follow-up rewriting (pure functions)

_PRONOUNS = frozenset("he she him his her hers they them their theirs it its that those this these there".split())
_ELLIPSIS = re.compile(r"^\s*(?:what about|how about|and|but|so|also)\b", re.I)
_WHAT_ABOUT = re.compile(r"^\s*(?:what|how)\s+about\s+(.+)$", re.I)
_LEADING_CONJUNCTION = re.compile(r"^\s*(?:and|but|so)\s+", re.I)
_META_WORDS = re.compile(r"\b(?:else|also|other|more)\b\s*", re.I)  # "what else" means "beyond that": noise for search
_MARKER = re.compile(r"\s*\[\d+\]")
_PHRASE = re.compile(r"[A-Z][\w\-]*\.?(?:[’']s)?(?:\s+(?:[A-Z][\w\-]*\.?(?:[’']s)?))*|\d[\d,.]*%?")
_NON_NAMES = STOPWORDS | frozenset(
    "a an the this that these those there here he she it they we i you his her their its our my your "
    "who whom whose what which when where why how is are was were do does did has have had can could will would "
    "on in at of for to by from with and but or so if as after before since during "
    "monday tuesday wednesday thursday friday saturday sunday yesterday today "
    "mr mrs ms dr gen sen rep president".split()
)


def needs_rewrite(question: str) -> bool:
    """Does this follow-up lean on the conversation (pronoun, ellipsis, very short)?"""
    words = re.findall(r"[\w’']+", question.lower())
    if len(words) <= SHORT_QUESTION_WORDS or _ELLIPSIS.match(question):
        return True
    return any(w in _PRONOUNS for w in words)


def key_terms(text: str) -> list[str]:
    """Capitalised names and numbers, in order, without leading function words ("On Saturday" → "Saturday")."""
    out: list[str] = []
    for match in _PHRASE.finditer(_MARKER.sub("", text)):
        for words in _split_possessives(match.group().split()):
            while words and words[0].rstrip(".").lower() in _NON_NAMES:
                words.pop(0)
            phrase = " ".join(words).rstrip(".,")
            if phrase and phrase.lower() not in _NON_NAMES:
                out.append(phrase)
    return out


def _split_possessives(words: list[str]) -> list[list[str]]:
    """"Russia’s Kursk" is two names: a possessive ends a phrase."""
    parts: list[list[str]] = [[]]
    for word in words:
        bare = re.sub(r"[’']s$", "", word)
        parts[-1].append(bare)
        if bare != word:
            parts.append([])
    return [p for p in parts if p]


def first_sentence(answer: str) -> str:
    """The first sentence of an answer: up to its first citation marker, else the first split sentence."""
    marker = re.search(r"\[\d+\]", answer)
    if marker:
        return answer[: marker.start()].strip()
    from .sentences import split_sentences

    sentences = split_sentences(answer)
    return sentences[0] if sentences else answer.strip()


def rewrite_followup(history: Sequence[tuple[str, str]], question: str) -> str:
    """A standalone query for a follow-up: the previous turn's key names and numbers, then the question.

    Deterministic, so the extractive engine stays reproducible. Questions that
    already stand on their own, and the first question, are returned unchanged.
    """
    question = " ".join(question.split())
    if not history or not question or not needs_rewrite(question):
        return question
    prev_question, prev_answer = history[-1]
    context = _dedupe(key_terms(prev_question) + key_terms(first_sentence(prev_answer)))
    own = {t.lower() for t in key_terms(question)}
    context = [t for t in context if t.lower() not in own][:MAX_CONTEXT_TERMS]
    about = _WHAT_ABOUT.match(question)
    if about:  # "what about X?" asks the previous question again, about X
        return f"{prev_question.rstrip(' ?')}: {about.group(1).rstrip(' ?')}?"
    if not context:
        return question
    # the context goes last: the question's first words tell the engine what kind of answer it wants
    asked = _LEADING_CONJUNCTION.sub("", _META_WORDS.sub("", question)).strip() or question
    asked = asked[0].upper() + asked[1:].rstrip(" ?")
    return f"{asked} ({', '.join(context)})?"


def _dedupe(terms: list[str]) -> list[str]:
    """Drop repeats and terms contained in a longer one ("Gerasimov" inside "Valery V. Gerasimov")."""
    out: list[str] = []
    for term in terms:
        low = term.lower()
        if any(low == o.lower() or re.search(rf"\b{re.escape(low)}\b", o.lower()) for o in out):
            continue
        out = [o for o in out if not re.search(rf"\b{re.escape(o.lower())}\b", low)]
        out.append(term)
    return out


def history_text(history: Sequence[tuple[str, str]], turns: int = HISTORY_TURNS) -> str:
    """The last turns as plain 'User:/Assistant:' lines for the rewrite prompt (markers and excess cut)."""
    lines = []
    for q, a in history[-turns:]:
        answer = _MARKER.sub("", a).strip()
        lines.append(f"User: {plain(q)}\nAssistant: {plain(answer[:500])}")
    return "\n".join(lines)


def llm_rewrite(newsroom: Any, history: Sequence[tuple[str, str]], question: str) -> str:
    """Ask the model for a standalone query; fall back to the deterministic rewrite if its reply is unusable."""
    from .prompts import load_prompt

    messages = load_prompt("rewrite").render(history=history_text(history), question=question)
    reply = newsroom.chat_model().complete(messages)
    lines = [line.strip().strip("\"'“”") for line in (reply or "").splitlines() if line.strip()]
    query = plain(lines[0]).strip() if lines else ""
    if not query or len(query) > 300:
        return rewrite_followup(history, question)
    return query


# ---------------------------------------------------------------------------
# The loop


@dataclass
class ChatState:
    """What the loop remembers: the conversation (standalone query, answer) and the last answer."""

    engine: str
    history: list[tuple[str, str]] = field(default_factory=list)
    last: Answer | None = None


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


def _welcome(console: Console, newsroom: Any, engine: str) -> None:
    try:
        count = str(len(newsroom.sources()))
    except Exception:  # an empty or missing store still lets you type /help
        count = "no"
    console.print(f"[bold]ragnews chat[/] — engine: {safe(engine)}, {count} articles stored. Type /help for commands, Ctrl-D to quit.")


def ask(console: Console, newsroom: Any, state: ChatState, question: str) -> None:
    """Rewrite a follow-up, answer it (streaming with the llm engine) and show the citations."""
    try:
        query = standalone(newsroom, state, question)
        if query != question:
            console.print(_text(f"↳ {query}", "dim"))
        answer = _answer(console, newsroom, state.engine, query)
    except KeyboardInterrupt:
        console.print()
        console.print("[yellow](stopped)[/]")
        return
    except Exception as exc:
        console.print()
        _error(console, exc)
        return
    state.last = answer
    state.history.append((query, "" if answer.abstained else answer.answer))
    show_answer(console, answer)


def standalone(newsroom: Any, state: ChatState, question: str) -> str:
    """The query to retrieve with: the question itself, or its rewrite in the conversation's context."""
    if not state.history:
        return question
    if state.engine == "llm":
        from .llm import LLMError

        try:
            return llm_rewrite(newsroom, state.history, question)
        except LLMError:
            return rewrite_followup(state.history, question)
    return rewrite_followup(state.history, question)


def _answer(console: Console, newsroom: Any, engine: str, query: str) -> Answer:
    if engine != "llm":
        return newsroom.ask(query, engine=engine)
    streamed: list[str] = []

    def on_token(token: str) -> None:
        streamed.append(token)
        console.print(_text(plain(token), "dim"), end="", soft_wrap=True)

    answer = newsroom.ask(query, engine=engine, on_token=on_token)
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
    """`[n] source:start-end  title` as a Text (never parsed as markup)."""
    from rich.text import Text

    return Text.assemble((f"[{c.n}] ", "bold cyan"), (f"{plain(c.source)}:{c.start_line}-{c.end_line}", "cyan"), (f"  {plain(c.title or '')}", ""))


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
    from .citations import cited_text

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
    briefing = brief(topic=arg or None, engine=state.engine)
    console.print(Markdown(plain(briefing.markdown), hyperlinks=False))


COMMANDS: dict[str, Callable[[Console, Any, ChatState, str], None]] = {
    "/help": cmd_help,
    "/sources": cmd_sources,
    "/clear": cmd_clear,
    "/show": cmd_show,
    "/brief": cmd_brief,
}

__all__ = ["run_chat", "rewrite_followup", "needs_rewrite", "key_terms"]
