"""Reading a one-shot question in a child process: the same reading as in process, and any failure is harmless."""

from __future__ import annotations

import io
import json
import pickle
from typing import Any

import pytest

from ragnews.answer import ahead
from ragnews.answer.asking import read_question
from ragnews.index.embedders import MINILM_NAME

from .conftest import asked

QUESTION = "How many jobs did the carmaker say it would cut in Germany?"


def test_the_child_reads_the_question_as_this_process_does(ask_reader: tuple[Any, Any]) -> None:
    reader, _ = ask_reader
    out = io.BytesIO()
    assert ahead.main(json.dumps({"question": QUESTION, "model": reader.model}), out) == 0
    read = pickle.loads(out.getvalue())
    assert read[MINILM_NAME] == asked(ask_reader, QUESTION)  # as the extractive engine reads it
    assert read[""] == read_question(QUESTION, reader)  # as retrieval reads it


def test_a_which_noun_is_typed_by_meaning_in_the_child_too(ask_reader: tuple[Any, Any]) -> None:
    reader, _ = ask_reader
    question = "Which company bought the football club?"
    out = io.BytesIO()
    assert ahead.main(json.dumps({"question": question, "model": reader.model}), out) == 0
    child = pickle.loads(out.getvalue())[MINILM_NAME]
    assert child == asked(ask_reader, question)
    assert child.wants == "organisation"


@pytest.mark.parametrize("request_text", ["", "{not json", json.dumps({"question": "Who?", "model": "no_such_pipeline"}),
                                          json.dumps({"model": "x"})])
def test_the_child_exits_1_without_output_when_it_cannot_read(request_text: str) -> None:
    out = io.BytesIO()
    assert ahead.main(request_text, out) == 1
    assert out.getvalue() == b""


def test_a_real_child_hands_back_the_reading(ask_reader: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    reader, _ = ask_reader
    monkeypatch.setattr(ahead, "worth_it", lambda model: True)  # this test process has the model loaded already
    assert ahead.start(QUESTION, reader.model)
    assert ahead.take(QUESTION, reader.model, MINILM_NAME) == asked(ask_reader, QUESTION)
    assert ahead.take(QUESTION, reader.model, MINILM_NAME) is None  # taken once
    assert ahead.take(QUESTION, reader.model) == read_question(QUESTION, reader)
    assert ahead.take(QUESTION, reader.model, "openai:text-embedding-3-small") is None  # another embedder reads it here


def test_a_failed_child_means_the_question_is_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ahead, "worth_it", lambda model: True)
    assert ahead.start("Who won?", "no_such_pipeline")
    assert ahead.take("Who won?", "no_such_pipeline", MINILM_NAME) is None
    assert ahead.take("Who else?", "no_such_pipeline", MINILM_NAME) is None  # never started


def test_nothing_is_read_ahead_once_the_model_is_loaded_here(ask_reader: tuple[Any, Any]) -> None:
    reader, _ = ask_reader
    reader.one("The model is loaded now.")
    assert not ahead.worth_it(reader.model)
    assert not ahead.start(QUESTION, reader.model)


def test_only_a_process_s_first_question_is_read_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """A resident process whose candidates were all read at ingest never loads the model on its own: it must not
    start a child for every question."""
    monkeypatch.setattr(ahead, "_started", set())
    monkeypatch.setattr("ragnews.text.language.loaded", lambda model=None: False)
    assert ahead.worth_it("some_model")
    assert ahead.start("Who won?", "some_model")
    assert not ahead.worth_it("some_model") and not ahead.start("Who lost?", "some_model")
    assert ahead.take("Who won?", "some_model") is None  # (no such model: the child fails, the question is read here)


def test_ask_reads_ahead_only_when_asked_to(seeded_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ragnews import Newsroom

    started: list[tuple[str, str]] = []
    monkeypatch.setattr(ahead, "start", lambda *key: started.append(key) or False)
    Newsroom(db=seeded_db).ask("Who is Artyom Lukin?", engine="extractive")
    Newsroom(db=seeded_db, read_ahead=False).ask("Who is Artyom Lukin?", engine="extractive")
    assert [q for q, _ in started] == ["Who is Artyom Lukin?"]


def test_a_reading_not_taken_is_forgotten_and_its_child_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ahead, "worth_it", lambda model: True)
    assert ahead.start("Who won the cup?", "no_such_pipeline")
    ahead.forget("Who won the cup?", "no_such_pipeline")
    assert ahead.take("Who won the cup?", "no_such_pipeline") is None
    assert not ahead._pending and not ahead._read_ahead


def _run(code: str, path: str | None = None) -> str:
    """`code` in a fresh interpreter (spaCy is imported once per process), `path` first on its module path."""
    import os
    import subprocess
    import sys

    env = dict(os.environ)
    if path:
        env["PYTHONPATH"] = os.pathsep.join([path, env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout


def _fake_spacy(root: Any, init: str) -> str:
    """A package named spacy whose `cli` package would fail to import if it were imported at all."""
    package = root / "spacy"
    (package / "cli").mkdir(parents=True)
    (package / "__init__.py").write_text(init)
    (package / "cli" / "__init__.py").write_text("raise ImportError('the command-line package was imported')\n")
    (package / "cli" / "info.py").write_text("from . import nothing_here\n")
    return str(root)


def test_the_child_imports_spacy_without_its_command_line_package() -> None:
    """Its pipeline and parse are spaCy's own; the command-line package (typer, weasel, …) never loads, and a later
    `import spacy.cli` still gets the real one."""
    out = _run("import sys; from ragnews.answer.ahead import import_spacy_without_cli as lean\n"
               "print(lean(), 'spacy.cli' in sys.modules, 'typer' in sys.modules)\n"
               "import spacy; from ragnews.text.language import DEFAULT_MODEL\n"
               "doc = spacy.load(DEFAULT_MODEL)('Who is Artyom Lukin?')\n"
               "print([(t.dep_, t.lemma_) for t in doc][:2], [e.label_ for e in doc.ents])\n"
               "import spacy.cli; print(hasattr(spacy.cli, 'setup_cli'), lean())")
    assert out.splitlines() == ["True False False", "[('attr', 'who'), ('ROOT', 'be')] ['PERSON']", "True False"]


def test_spacy_s_info_loads_the_real_command_line_package_when_called(tmp_path: Any) -> None:
    root = _fake_spacy(tmp_path, "from .cli.info import info\n")
    out = _run("import sys; from ragnews.answer.ahead import import_spacy_without_cli as lean\n"
               "print(lean(), sorted(m for m in sys.modules if m.startswith('spacy')))\n"
               "import spacy\n"
               "try:\n    spacy.info()\nexcept ImportError as e:\n    print(e)", root)
    assert out.splitlines() == ["True ['spacy']", "the command-line package was imported"]


def test_a_spacy_the_stand_ins_do_not_satisfy_is_left_to_the_reading(tmp_path: Any) -> None:
    """A spaCy whose `__init__` wants more of its command-line package: no stand-in is left behind, and the
    reading's own import reports what is wrong (the child exits 1 and the question is read in process)."""
    root = _fake_spacy(tmp_path, "from .cli.info import info, something_else\n")
    out = _run("import sys; from ragnews.answer.ahead import import_spacy_without_cli as lean\n"
               "print(lean(), sorted(m for m in sys.modules if m.startswith('spacy')))\n"
               "try:\n    import spacy\nexcept ImportError as e:\n    print(e)", root)
    assert out.splitlines() == ["False []", "the command-line package was imported"]
