"""The CLI as its neighbours behave: options before or after the command, a question from stdin, `ask` scoped
and dated, a log of past answers, the settings in force, one way of saying a store is empty, nulls in JSON,
piped output as wide as it is, an eval table that reads whole."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from ragnews import cli
from ragnews.cli.main import build_parser

ONE = "001_e466ae1f60d4263a.txt"


def test_store_options_go_before_or_after_the_command() -> None:
    parser = build_parser()
    for argv in (["--db", "/x/db", "sources"], ["sources", "--db", "/x/db"], ["--db", "/y", "sources", "--db", "/x/db"]):
        args = parser.parse_args(argv)
        assert args.command == "sources" and args.db == "/x/db", argv
    args = parser.parse_args(["--chroma-url", "http://127.0.0.1:8000", "ask", "q"])
    assert args.chroma_url == "http://127.0.0.1:8000" and args.db is None


def _json(capsys: pytest.CaptureFixture[str], argv: list[str], code: int = 0) -> object:
    assert cli.main(argv) == code, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_ask_reads_stdin_is_scoped_to_paths_and_dated(seeded_db: Path, seeds_copy: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("How many North Korean troops were sent to Russia?\n"))
    one = str(seeds_copy / ONE)
    data = _json(capsys, ["--db", str(seeded_db), "ask", "-", "-k", "3", "--as-of", "2024-11-01", one, "--json",
                          "--engine", "extractive"])
    assert isinstance(data, dict) and data["question"] == "How many North Korean troops were sent to Russia?"
    assert data["citations"] and {c["path"] for c in data["citations"]} == {one}
    assert cli.main(["ask", "What happened?", "--as-of", "last week", "--db", str(seeded_db), "--engine", "extractive"]) == 1
    assert "not a date" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.main(["ask", "-", "--db", str(seeded_db)]) == 2
    assert "standard input was empty" in capsys.readouterr().err


def test_log_shows_the_last_answers_with_citations_and_skips_bad_lines(seeded_db: Path, isolated_home: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ask", "How many North Korean troops were sent to Russia?", "--db", str(seeded_db), "--engine", "extractive"]) == 0
    capsys.readouterr()
    history = isolated_home / "history.jsonl"
    with history.open("a", encoding="utf-8") as fh:
        fh.write('{"kind": "ask", "question": 3}\nnot json\n')
    entries = _json(capsys, ["log", "--json", "-n", "3"])
    assert isinstance(entries, list) and len(entries) == 1
    entry = entries[0]
    assert entry["kind"] == "ask" and entry["question"].startswith("How many") and entry["citations"][0]["quote"]
    assert cli.main(["log"]) == 0
    out, err = capsys.readouterr()
    assert "How many North Korean troops" in out and entry["citations"][0]["quote"][:40] in out
    assert f"{history}:2: skipped" in err and f"{history}:3: skipped (not JSON)" in err


def test_config_says_where_each_setting_came_from_never_the_key(isolated_home: Path, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAGNEWS_ENGINE", "extractive")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret-key")
    (isolated_home / ".env").write_text("RAGNEWS_MODEL=llama3\n", encoding="utf-8")  # the cwd's .env
    rows = _json(capsys, ["config", "--json", "--db", "/elsewhere/db"])
    by_var = {r["variable"]: r for r in rows}  # type: ignore[union-attr]
    assert by_var["RAGNEWS_DB"]["from"] == "flag" and by_var["RAGNEWS_DB"]["value"] == "/elsewhere/db"
    assert by_var["RAGNEWS_ENGINE"]["from"] == "environment"
    assert by_var["RAGNEWS_MODEL"]["from"] == ".env" and by_var["RAGNEWS_MODEL"]["file"] == str(isolated_home / ".env")
    assert by_var["RAGNEWS_COLLECTION"]["from"] == "default"
    assert by_var["OPENAI_API_KEY"]["value"] == "set"
    assert cli.main(["config"]) == 0
    assert "sk-very-secret" not in capsys.readouterr().out


def test_search_on_an_empty_store_says_so_as_ask_does(isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    db = str(tmp_path / "db")
    assert cli.main(["ingest", str(empty), "--db", db]) == 1  # the store now exists, with nothing in it
    capsys.readouterr()
    for command in (["search", "troops"], ["ask", "How many troops?", "--engine", "extractive"]):
        assert cli.main([*command, "--db", db]) == 1, command
        assert "nothing ingested yet" in capsys.readouterr().err, command


def test_search_json_has_null_not_empty_outlet(seeded_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hits = _json(capsys, ["search", "Kursk", "-k", "3", "--json", "--db", str(seeded_db)])
    assert isinstance(hits, list) and hits
    assert all(h["outlet"] is None or h["outlet"] for h in hits) and any(h["outlet"] is None for h in hits)


def test_piped_output_is_not_wrapped_at_80_columns(seeded_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["sources", "--db", str(seeded_db)]) == 0
    out = capsys.readouterr().out
    assert "Putin thanks North Korea for troop deployment and promises not to forget their sacrifices" in out
    assert max(len(line) for line in out.splitlines()) > 80


def test_eval_table_shows_outcomes_whole_and_counts_in_words() -> None:
    from ragnews.answer.evaluation import EvalItem, EvalReport
    from ragnews.cli.evaluate import render_report

    item = EvalItem(id="q1", question="How many troops were sent to Russia by North Korea in the autumn of the year?",
                    expected=["14,000"], outcome="false_abstention", answer="I can't answer that from the stored articles.",
                    abstained=True, gold_cited=None, cited_sources=[], citations=0, citations_failed=0, latency_ms=120.0)
    buf = io.StringIO()
    render_report(Console(file=buf, width=80, color_system=None), EvalReport(engine="extractive", items=[item]))
    out = buf.getvalue()
    assert "false_abstention" in out
    assert "1 false abstention," in out


def test_a_store_wide_repair_names_no_empty_path() -> None:
    from ragnews.cli import render
    from ragnews.index.check import CheckReport, Problem

    buf = io.StringIO()
    render.check_report(Console(file=buf, width=200, color_system=None),
                        CheckReport(repaired=[Problem("lexical_stale", "", "the BM25 index was stale; rebuilt")], sources=5, chunks=29))
    assert "repaired [lexical_stale] the BM25 index was stale; rebuilt" in buf.getvalue()
