"""A one-shot question read in a second process while this one opens the store and searches.

A cold `ragnews ask` pays about 0.6 s to import spaCy and load the English model and
about as much to import Chroma and start the embedder. Reading the question
(`asking.read_question`) needs only the model; opening the store and searching need
only Chroma, the lexical index and the embedder. On a machine with two cores or more
a child process reads the question while this one searches, and hands back the
question as read (`Asked`). The sentences the answer weighs were read at ingest
(`readings.sqlite3`), so a one-shot `ask` whose candidates are all cached never loads
spaCy in this process at all.

Only worth it before the model is loaded here: a resident process (chat, MCP, the
Python API after its first question) reads in process, which is faster. Any failure
of the child — the model missing, a crash, a timeout — only means the question is
read here, where its errors are reported as usual. Only the local MiniLM embedder
is used in the child (it types a "which NOUN" by meaning); a remote embedder would
pay for its calls twice, so with one the question is read here.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ragnews.answer.asking import Asked

log = logging.getLogger(__name__)

WAIT_S = 30.0  # the longest this process waits for the child's reading before reading the question itself


@dataclass
class _Pending:
    key: tuple[str, str, str]
    process: subprocess.Popen[bytes]


_pending: dict[tuple[str, str, str], _Pending] = {}


def worth_it(model: str) -> bool:
    """Read ahead only with two cores or more and the English model not yet loaded in this process."""
    from ragnews.text.language import loaded

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores >= 2 and not loaded(model)


def start(question: str, model: str, embedder: str) -> bool:
    """Start reading `question` in a child process (with spaCy pipeline `model`; `embedder` must be MiniLM's name).

    Returns whether a child was started; `take` collects its reading."""
    key = (question, model, embedder)
    if key in _pending or not worth_it(model):
        return False
    package_root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)}
    request = json.dumps({"question": question, "model": model, "embedder": embedder})
    try:
        process = subprocess.Popen([sys.executable, "-m", "ragnews.answer.ahead", request], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    except OSError as e:
        log.debug("could not start a process to read the question (%s): reading it here", e)
        return False
    _pending[key] = _Pending(key, process)
    log.debug("reading the question in process %d while the store opens", process.pid)
    return True


def take(question: str, model: str, embedder: str) -> Asked | None:
    """The question as the child read it, or None (none started, or it failed: read it here)."""
    pending = _pending.pop((question, model, embedder), None)
    if pending is None:
        return None
    try:
        out, _ = pending.process.communicate(timeout=WAIT_S)
    except subprocess.TimeoutExpired:
        pending.process.kill()
        pending.process.communicate()
        log.debug("the question's reading took over %.0f s in process %d: reading it here", WAIT_S, pending.process.pid)
        return None
    if pending.process.returncode != 0:
        log.debug("process %d could not read the question (exit %s): reading it here", pending.process.pid,
                  pending.process.returncode)
        return None
    try:
        asked = pickle.loads(out)  # our own child's output: the same code, the same interpreter
    except Exception:  # a truncated or foreign stream: read it here
        log.debug("process %d's reading unreadable: reading it here", pending.process.pid, exc_info=True)
        return None
    return asked if isinstance(asked, Asked) else None


def _read(request: dict[str, Any]) -> Asked:
    from ragnews.answer.asking import read_question
    from ragnews.answer.scoring import parameters
    from ragnews.index.embedders import MINILM_NAME, MiniLMEmbedder
    from ragnews.text.reading import Reader

    if request["embedder"] != MINILM_NAME:
        raise ValueError(f"only {MINILM_NAME} is read ahead, not {request['embedder']}")
    # MiniLM starts only if the question has a "which NOUN" to type by meaning (most questions don't)
    return read_question(request["question"], Reader(request["model"]), MiniLMEmbedder(), parameters(MINILM_NAME).noun_type)


def main(request: str, stdout: IO[bytes]) -> int:
    """The child: a JSON request as its argument, the pickled `Asked` on stdout; exit 1 on any failure."""
    try:
        asked = _read(json.loads(request))
    except Exception:  # the parent reads the question itself and reports what is wrong
        return 1
    stdout.write(pickle.dumps(asked))
    stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "", sys.stdout.buffer))
