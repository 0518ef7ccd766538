"""Scoring an answer engine on a questions file: the harness behind `ragnews eval`.

Users judge ragnews on their own collections, and we judge changes to the
engines the same way, so the scoring lives here, pure: it takes an `ask`
callable and the questions, and returns per-question outcomes (correct,
false abstention, wrong, correctly abstained), whether a gold source was
cited, whether every citation's quote is really in its file's cited lines,
and the latency. Newsroom wires the store in; the CLI only renders.

A questions file is JSON Lines: `{"id", "question", "answers": [...],
"sources": [...]}`; empty `answers` means the right answer is to abstain.
An answer is correct when it contains one of `answers` after normalisation
(case, accents, punctuation, thousands separators).
"""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ragnews.answer.citations import Citation, verify
from ragnews.answer.model import Answer
from ragnews.errors import InputError

CORRECT, FALSE_ABSTENTION, WRONG, CORRECTLY_ABSTAINED = "correct", "false_abstention", "wrong", "correctly_abstained"
OUTCOMES = (CORRECT, FALSE_ABSTENTION, WRONG, CORRECTLY_ABSTAINED)


@dataclass(frozen=True)
class EvalQuestion:
    """One question of a dev set; no `answers` means the sources don't answer it."""

    id: str
    question: str
    answers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    as_of: str | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


@dataclass
class EvalItem:
    """How one question went."""

    id: str
    question: str
    expected: list[str]
    outcome: str
    answer: str
    abstained: bool
    gold_cited: bool | None  # None when the question names no gold source or nothing was cited
    cited_sources: list[str]
    citations: int
    citations_failed: int
    latency_ms: float

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class EvalReport:
    """Every question's outcome and the totals; `to_json` is the stable `ragnews eval --json` shape."""

    items: list[EvalItem] = field(default_factory=list)
    engine: str | None = None

    def summary(self) -> dict[str, Any]:
        items = self.items
        answerable = [i for i in items if i.expected]
        unanswerable = [i for i in items if not i.expected]
        count = lambda group, outcome: sum(1 for i in group if i.outcome == outcome)  # noqa: E731
        latencies = sorted(i.latency_ms for i in items)
        return {
            "questions": len(items),
            "answerable": len(answerable),
            "unanswerable": len(unanswerable),
            "correct": count(answerable, CORRECT),
            "false_abstention": count(answerable, FALSE_ABSTENTION),
            "wrong": count(answerable, WRONG),
            "correctly_abstained": count(unanswerable, CORRECTLY_ABSTAINED),
            "wrongly_answered": count(unanswerable, WRONG),
            "gold_cited": sum(1 for i in answerable if i.gold_cited),
            "citations": sum(i.citations for i in items),
            "citations_failed": sum(i.citations_failed for i in items),
            "correct_rate": _rate(count(answerable, CORRECT), len(answerable)),
            "false_abstention_rate": _rate(count(answerable, FALSE_ABSTENTION), len(answerable)),
            "abstained_rate": _rate(count(unanswerable, CORRECTLY_ABSTAINED), len(unanswerable)),
            "latency_p50_ms": _percentile(latencies, 0.5),
            "latency_p95_ms": _percentile(latencies, 0.95),
        }

    def to_json(self) -> dict[str, Any]:
        return {"engine": self.engine, "summary": self.summary(), "questions": [i.to_json() for i in self.items]}


def _rate(n: int, total: int) -> float | None:
    return round(n / total, 4) if total else None


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    return round(sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))], 1)


# -- reading questions ------------------------------------------------------------------------


def parse_questions(lines: Iterable[str], origin: str = "questions") -> list[EvalQuestion]:
    """Questions from JSON Lines; a malformed line is an error naming its line number."""
    out: list[EvalQuestion] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{origin}, line {n}: not JSON ({exc.msg})") from None
        except RecursionError:  # 100,000 nested '[': Python's parser recurses once per level
            raise InputError(f"{origin}, line {n}: JSON nested too deeply") from None
        out.append(_question(row, f"{origin}, line {n}", len(out) + 1))
    if not out:
        raise InputError(f"{origin}: no questions (expected JSON Lines with a \"question\" on each line)")
    return out


def _question(row: Any, where: str, position: int) -> EvalQuestion:
    if not isinstance(row, dict) or not isinstance(row.get("question"), str) or not row["question"].strip():
        raise InputError(f"{where}: expected an object with a non-empty \"question\"")
    answers, sources = row.get("answers") or [], row.get("sources") or []
    if not isinstance(answers, list) or not isinstance(sources, list):
        raise InputError(f"{where}: \"answers\" and \"sources\" must be lists")
    as_of = row.get("as_of")
    return EvalQuestion(str(row.get("id") or position), row["question"].strip(), tuple(str(a) for a in answers if str(a).strip()),
                        tuple(str(s) for s in sources), str(as_of) if as_of else None)


def load_questions(path: str | os.PathLike[str]) -> list[EvalQuestion]:
    """Read a questions file (JSON Lines)."""
    from ragnews.ingest.limits import read_limited

    try:
        text = read_limited(path, "a questions file").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read questions file {path}: {exc}") from None
    return parse_questions(text.splitlines(), str(path))


# -- scoring ----------------------------------------------------------------------------------


_DIGIT_SEP = re.compile(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)")
_POSSESSIVE = re.compile(r"['’]s\b")
_DROP = re.compile(r"[.'’`]")
_NON_WORD = re.compile(r"[^a-z0-9%]+")


def normalise_answer(text: str) -> str:
    """Lowercase, accents folded, possessives, thousands separators and dots dropped ("U.S." = "US"), punctuation as spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _DROP.sub("", _POSSESSIVE.sub("", _DIGIT_SEP.sub("", text)))
    return " " + " ".join(_NON_WORD.sub(" ", text).split()) + " "


def contains_answer(answer: str, expected: Sequence[str]) -> bool:
    """Does the answer contain one of the expected answers, as whole words?"""
    haystack = normalise_answer(answer)
    return any(normalise_answer(e).strip() and normalise_answer(e) in haystack for e in expected)


def gold_match(source: str, gold: Sequence[str]) -> bool:
    """A cited file is gold when its name starts with, or its path ends with, a gold entry."""
    path = source.replace(os.sep, "/")
    name = path.rsplit("/", 1)[-1]
    return any(name.startswith(g) or path.endswith("/" + g.lstrip("/")) or path == g for g in gold if g)


def outcome(q: EvalQuestion, answer: Answer) -> str:
    if not q.answerable:
        return CORRECTLY_ABSTAINED if answer.abstained else WRONG
    if answer.abstained:
        return FALSE_ABSTENTION
    return CORRECT if contains_answer(answer.answer, q.answers) else WRONG


def score(q: EvalQuestion, answer: Answer, latency_ms: float, check: Callable[[Citation], bool] = verify) -> EvalItem:
    """One question's item: outcome, gold source, citation checks, latency."""
    cited = list(dict.fromkeys(c.path or c.source for c in answer.citations))
    gold = any(gold_match(p, q.sources) for p in cited) if q.sources and cited else None
    failed = sum(1 for c in answer.citations if not check(c))
    return EvalItem(q.id, q.question, list(q.answers), outcome(q, answer), answer.answer, answer.abstained, gold,
                    cited, len(answer.citations), failed, round(latency_ms, 1))


AskFn = Callable[[EvalQuestion], Answer]


def evaluate(questions: Sequence[EvalQuestion], ask: AskFn, *, engine: str | None = None,
             clock: Callable[[], float] = time.perf_counter, on_item: Callable[[EvalItem], None] | None = None) -> EvalReport:
    """Ask every question through `ask` and score it; `on_item` sees each result as it comes (progress)."""
    report = EvalReport(engine=engine)
    for q in questions:
        start = clock()
        answer = ask(q)
        item = score(q, answer, (clock() - start) * 1000)
        report.items.append(item)
        if on_item is not None:
            on_item(item)
    return report
