"""`ragnews chat`: the loop driven by scripted input against a stub newsroom,
the deterministic follow-up rewrite, terminal safety, and one real session
through a pseudo-terminal."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.console import Console

from ragnews.answer.citations import Citation
from ragnews.answer.engines import ExtractiveEngine, LLMEngine
from ragnews.answer.followup import key_terms, leans_on_earlier, needs_rewrite, rewrite_followup
from ragnews.answer.model import Answer
from ragnews.cli.chat import run_chat

FIRST_Q = "Which Russian general claimed the complete liberation of the Kursk region?"
FIRST_A = ("On Saturday, Gen. Valery V. Gerasimov, Russia’s top military commander, praised the troops. [1] "
           "Moscow was depriving Ukraine of a key bargaining chip. [2]")
EVIL = "Click [link=https://evil.example]here[/link] [/x] [bold]loud \x1b[31mred\x1b]8;;https://evil.example\x1b\\X\x1b]8;;\x1b\\ \x07bell"


class StubNewsroom:
    """Just enough of Newsroom for the chat loop; records every query it is asked."""

    def __init__(self, tmp: Path, answers: Iterable[object] = (), engine: str = "extractive") -> None:
        self.asked: list[str] = []
        self.excluded: list[list[str]] = []
        self._answers = list(answers)
        self._engine = engine
        self.settings = SimpleNamespace(home_dir=tmp / "home")
        self.article = tmp / "article.txt"
        self.article.write_text("Headline\n\nGerasimov praised the troops.\nHe claimed the complete liberation of Kursk.\nMore text.\n")

    def engine(self, engine: str | None = None) -> ExtractiveEngine | LLMEngine:
        if (engine or self._engine) == "llm":
            return LLMEngine(self.chat_model(), self.settings)
        return ExtractiveEngine(embedder=None)

    def chat_model(self) -> SimpleNamespace:
        return SimpleNamespace(name="stub", complete=lambda messages, max_tokens=None: "")

    def sources(self) -> list[SimpleNamespace]:
        return [SimpleNamespace(display_title="Kursk [link=x]story", outlet="Times", byline=None, published="2025-04-28",
                                chunks=3, source="seeds/003.txt", path="seeds/003.txt", url=None, settled_date=None,
                                date_note=None)]

    def ask(self, question: str, *, engine: str | None = None, k: int = 8, on_token=None, exclude=()) -> Answer:
        self.asked.append(question)
        self.excluded.append(list(exclude))
        item = self._answers.pop(0) if self._answers else self.answer(FIRST_A)
        if isinstance(item, BaseException):
            raise item
        return item

    def answer(self, text: str, **kw) -> Answer:
        cite = Citation(1, "seeds/003.txt", str(self.article), 3, 4, "He claimed the complete liberation of Kursk.", title="Kursk story")
        return Answer("q", text, False, "extractive", None, citations=[cite], **kw)


def scripted(lines: Iterable[str]):
    """An input_fn that returns the lines in turn, then raises EOFError (Ctrl-D)."""
    it = iter(lines)

    def read(prompt: str) -> str:
        try:
            line = next(it)
        except StopIteration:
            raise EOFError from None
        if isinstance(line, BaseException):
            raise line
        return line

    return read


def chat(nr: StubNewsroom, lines: Iterable[object], engine: str | None = None) -> tuple[int, str]:
    buf = io.StringIO()
    console = Console(file=buf, width=100, force_terminal=True, color_system="truecolor")
    code = run_chat(nr, engine, console=console, input_fn=scripted(lines))
    return code, buf.getvalue()


def strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# -- the loop --------------------------------------------------------------

def test_ask_prints_answer_and_citations_and_eof_exits_0(tmp_path: Path) -> None:
    nr = StubNewsroom(tmp_path)
    code, out = chat(nr, [FIRST_Q])
    text = strip_ansi(out)
    assert code == 0
    assert "engine: extractive, 1 articles stored" in text and "/help" in text
    assert "Valery V. Gerasimov" in text
    assert "[1] seeds/003.txt:3-4  Kursk story" in text
    assert nr.asked == [FIRST_Q]


def test_follow_up_is_rewritten_before_retrieval(tmp_path: Path) -> None:
    nr = StubNewsroom(tmp_path)
    code, out = chat(nr, [FIRST_Q, "What else did he say?"])
    assert code == 0
    follow = nr.asked[1]
    assert "Gerasimov" in follow and "Kursk" in follow and follow.startswith("What did he say")
    assert f"↳ {follow}" in strip_ansi(out)  # the rewrite is shown


def test_what_else_skips_quotes_already_shown_until_clear(tmp_path: Path) -> None:
    nr = StubNewsroom(tmp_path)
    chat(nr, [FIRST_Q, "Why?", "What else did he say?", "/clear", "What else is there?"])
    quote = "He claimed the complete liberation of Kursk."
    assert nr.excluded[:2] == [[], []]  # only "what else" asks for new sentences
    assert quote in nr.excluded[2] and nr.excluded[3] == []  # /clear forgets what was shown


def test_clear_forgets_the_conversation(tmp_path: Path) -> None:
    nr = StubNewsroom(tmp_path)
    _, out = chat(nr, [FIRST_Q, "/clear", "What else did he say?", "and how many were killed?", "What did Gerasimov say?"])
    assert nr.asked == [FIRST_Q, "What did Gerasimov say?"]  # a follow-up of nothing is not searched for
    assert "conversation cleared" in out
    assert strip_ansi(out).count("There is no earlier question to follow up") == 2


def test_show_prints_cited_lines_from_disk(tmp_path: Path) -> None:
    nr = StubNewsroom(tmp_path)
    _, out = chat(nr, [FIRST_Q, "/show 1", "/show 7", "/show"])
    text = strip_ansi(out)
    assert f"{nr.article}, lines 3-4" in text
    assert "Gerasimov praised the troops.\nHe claimed the complete liberation of Kursk." in text
    assert "no citation 7" in text and "no citation (give a number" in text


def test_show_before_any_answer(tmp_path: Path) -> None:
    _, out = chat(StubNewsroom(tmp_path), ["/show 1"])
    assert "no citation 1" in strip_ansi(out)


def test_sources_help_unknown_and_quit(tmp_path: Path) -> None:
    nr = StubNewsroom(tmp_path)
    code, out = chat(nr, ["/sources", "/help", "/frobnicate", "/quit", "never asked"])
    text = strip_ansi(out)
    assert code == 0
    assert "Kursk [link=x]story" in text and "2025-04-28" in text
    assert "/brief [ID|topic]" in text
    assert "unknown command /frobnicate; type /help" in text
    assert nr.asked == []


def test_brief_missing_and_present(tmp_path: Path) -> None:
    nr = StubNewsroom(tmp_path)
    _, out = chat(nr, ["/brief"])
    assert "not available" in out
    seen = {}

    def brief(paths=None, topic=None, engine=None, story=None):
        seen.update(topic=topic, engine=engine)
        return SimpleNamespace(markdown="# Briefing\n\n- Troops [see](https://evil.example) [link=x]y \x1b]8;;http://e\x1b\\ [1]\n")

    nr.brief = brief
    _, out = chat(nr, ["/brief Kursk region"])
    assert seen == {"topic": "Kursk region", "engine": "extractive"}
    assert "Briefing" in out and "[link=x]y" in out
    assert "\x1b]8;;" not in out


def test_ctrl_c_during_answer_stops_it_and_loop_continues(tmp_path: Path) -> None:
    nr = StubNewsroom(tmp_path)
    nr._answers = [KeyboardInterrupt(), nr.answer("Second answer. [1]")]
    code, out = chat(nr, ["first", "second"])
    text = strip_ansi(out)
    assert code == 0
    assert "(stopped)" in text and "Second answer. [1]" in text
    assert nr.asked == ["first", "second"]


def test_ctrl_c_at_prompt_clears_line(tmp_path: Path) -> None:
    nr = StubNewsroom(tmp_path)
    code, _ = chat(nr, [KeyboardInterrupt(), "question"])
    assert code == 0 and nr.asked == ["question"]


def test_errors_print_one_red_line_and_continue(tmp_path: Path) -> None:
    from ragnews.answer.chat_models import LLMError
    from ragnews.index.store import StoreError

    nr = StubNewsroom(tmp_path)
    nr._answers = [LLMError("server down; use --engine extractive"), StoreError("no store here\nsecond line"), ValueError("empty question")]
    code, out = chat(nr, ["a", "b", "c", "d"])
    text = strip_ansi(out)
    assert code == 0
    assert "error: server down; use --engine extractive" in text
    assert "error: no store here" in text and "second line" not in text
    assert "error: empty question" in text
    assert len(nr.asked) == 4


def test_llm_engine_streams_then_shows_verified_answer(tmp_path: Path) -> None:
    nr = StubNewsroom(tmp_path, engine="llm")
    final = nr.answer("Grounded answer. [1]", notes=["1 citation(s) pointed at the wrong passage and were corrected."])

    def ask(question, *, engine=None, k=8, on_token=None):
        nr.asked.append(question)
        for tok in ["Streamed ", "[link=x]tok", "\x1b[31m", "ens [2]"]:
            on_token(tok)
        return final

    nr.ask = ask
    _, out = chat(nr, ["who?"])
    text = strip_ansi(out)
    assert "Streamed [link=x]token" not in text  # the escape between them is shown, not obeyed
    assert "Streamed [link=x]tok\u241b[31mens [2]" in text
    assert "verified:" in text and "Grounded answer. [1]" in text
    assert "note: 1 citation(s) pointed at the wrong passage" in text


def test_llm_follow_up_uses_rewrite_prompt(tmp_path: Path) -> None:
    from ragnews.answer.chat_models import LLMError

    nr = StubNewsroom(tmp_path, engine="llm")
    calls = []
    replies = ["\"What else did Valery Gerasimov say about Kursk?\"\n", LLMError("down")]

    def complete(messages, max_tokens=None):
        calls.append(messages)
        reply = replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    nr.chat_model = lambda: SimpleNamespace(complete=complete)
    chat(nr, [FIRST_Q, "What else did he say?", "Why?"])
    assert nr.asked[1] == "What else did Valery Gerasimov say about Kursk?"
    assert "User: What else did Valery Gerasimov say about Kursk?" not in calls[0][1]["content"]
    assert FIRST_Q in calls[0][1]["content"] and "What else did he say?" in calls[0][1]["content"]
    assert nr.asked[2].startswith("Why (") and "Gerasimov" in nr.asked[2]  # LLMError → deterministic rewrite


def test_engine_error_at_start_returns_1(tmp_path: Path) -> None:
    from ragnews.config import ConfigError

    nr = StubNewsroom(tmp_path)

    def engine(e=None):
        raise ConfigError("the llm engine needs a model server")

    nr.engine = engine
    code, out = chat(nr, [])
    assert code == 1 and "error: the llm engine needs a model server" in strip_ansi(out)


# -- terminal safety ---------------------------------------------------------

def test_untrusted_article_text_renders_inert(tmp_path: Path) -> None:
    nr = StubNewsroom(tmp_path)
    nr.article.write_text(f"line one\n{EVIL}\n")
    cite = Citation(1, f"seeds/{EVIL}.txt", str(nr.article), 2, 2, EVIL, title=EVIL)
    nr._answers = [Answer("q", f"{EVIL} [1]", False, "extractive", None, citations=[cite], notes=[EVIL])]
    _, out = chat(nr, ["q", "/show 1"])
    assert "[link=https://evil.example]here[/link] [/x] [bold]loud" in out
    assert "\x1b]8;;" not in out and "\x07" not in out
    assert "\x1b[31mred" not in out
    assert out.count("[link=https://evil.example]") >= 4  # answer, citation title, note, /show lines


# -- rewrite_followup ---------------------------------------------------------

def test_rewrite_leaves_standalone_questions_and_first_question_alone() -> None:
    assert rewrite_followup([], "What else did he say?") == "What else did he say?"
    standalone = "How many North Korean troops were deployed to the Kursk region?"
    assert rewrite_followup([(FIRST_Q, FIRST_A)], standalone) == standalone


@pytest.mark.parametrize("follow", ["What else did he say?", "Why?", "And the troops?", "How many did they send?"])
def test_rewrite_carries_names_forward(follow: str) -> None:
    out = rewrite_followup([(FIRST_Q, FIRST_A)], follow)
    assert "Kursk" in out and "Valery V. Gerasimov" in out and "Russian" in out
    assert "Saturday" not in out and "Gen." not in out and "Which" not in out
    assert out.split()[0].rstrip("?(").lower() == follow.replace("And ", "").split()[0].rstrip("?").lower()  # kind word stays first
    assert "else" not in out


def test_rewrite_what_about_reasks_previous_question() -> None:
    assert rewrite_followup([(FIRST_Q, FIRST_A)], "What about North Korea?") == (
        "Which Russian general claimed the complete liberation of the Kursk region: North Korea?")


def test_rewrite_uses_latest_turn_and_skips_terms_already_asked() -> None:
    history = [(FIRST_Q, FIRST_A), ("How many troops did North Korea send in 2024?", "About 12,000 soldiers were sent. [1]")]
    out = rewrite_followup(history, "Why did they go, Kursk?")
    assert "North Korea" in out and "2024" in out  # names and the year: what and when the question is about
    assert out.count("Kursk") == 1


def test_rewrite_carries_entities_not_figures() -> None:
    history = [("How many North Korean troops has Russia deployed?", "Around 14,000 North Korean troops are in Russia. [1]")]
    out = rewrite_followup(history, "and how many were killed?")
    assert "14,000" not in out and "North Korean" in out and "Russia" in out
    assert leans_on_earlier("and how many were killed?") and leans_on_earlier("What did she announce?")
    assert not leans_on_earlier("Who is Artyom Lukin?") and not leans_on_earlier("What did Kim say about his troops?")
    assert not leans_on_earlier("What else is there?")


def test_key_terms_and_needs_rewrite() -> None:
    assert key_terms("On Saturday, Gen. Valery V. Gerasimov met Russia’s Kursk officials in 2025 [1].") == [
        "Valery V. Gerasimov", "Russia", "Kursk", "2025"]
    assert needs_rewrite("Why?") and needs_rewrite("What about Kim?") and needs_rewrite("What did she announce at the summit?")
    assert not needs_rewrite("Which Russian general claimed the complete liberation of the Kursk region?")
    assert not needs_rewrite("Why did North Korea send troops to Russia?")


# -- end to end, through a pseudo-terminal ------------------------------------

def test_chat_session_in_a_real_terminal(seeded_db: Path, tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    from ragnews.cli.main import build_parser

    try:
        build_parser().parse_args(["chat", "--db", str(seeded_db)])
        from ragnews.cli.main import COMMANDS

        wired = "chat" in COMMANDS
    except SystemExit:
        wired = False
    if wired:
        args = ["-m", "ragnews", "chat", "--db", str(seeded_db)]
    else:  # until cli.py wires the command
        code = "from ragnews.chat import run_chat; from ragnews import Newsroom; import sys; sys.exit(run_chat(Newsroom(db=sys.argv[1]), None))"
        args = ["-c", code, str(seeded_db)]
    env = {**os.environ, "RAGNEWS_HOME": str(tmp_path / "home"), "TERM": "dumb", "COLUMNS": "120"}
    child = pexpect.spawn(sys.executable, args, env=env, encoding="utf-8", timeout=60, dimensions=(40, 120))
    try:
        child.expect("articles stored")
        child.expect("ragnews> ")
        child.sendline(FIRST_Q)
        child.expect("Gerasimov")
        child.expect(r"\[1\]\s+\S+:\d+-\d+")
        child.expect("ragnews> ")
        child.sendline("What else did he say?")
        child.expect("↳ What did he")
        child.expect(r"\[1\]")
        child.expect("ragnews> ")
        child.sendline("/show 1")
        child.expect(r"lines\s+\d+-\d+")
        child.expect("ragnews> ")
        child.sendline("/quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    assert (tmp_path / "home" / "chat_history").exists()


def test_stories_and_brief_by_story_id(tmp_path: Path) -> None:
    nr = StubNewsroom(tmp_path)
    briefed: list[dict] = []
    nr.stories = lambda: [SimpleNamespace(id="s1234abc", label="Troops [link=x]in Kursk", articles=["a", "b"], outlets=["Times"],
                                          first="2025-04-27", last="2025-04-28",
                                          citation={"source": "a.txt", "start_line": 1, "end_line": 1, "quote": "Troops"})]

    def brief(topic=None, story=None, engine=None):
        briefed.append({"topic": topic, "story": story})
        return SimpleNamespace(markdown="# Briefing\n")

    nr.brief = brief
    _, out = chat(nr, ["/stories", "/brief s1234abc", "/brief casualties"])
    text = strip_ansi(out)
    assert "s1234abc" in text and "Troops [link=x]in Kursk" in text
    assert briefed == [{"topic": None, "story": "s1234abc"}, {"topic": "casualties", "story": None}]
