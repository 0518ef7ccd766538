"""A one-shot question read in a second process while this one opens the store and searches.

A cold `ragnews ask` pays about 0.6 s to import spaCy and load the English model and
about as much to import Chroma and start the embedder. Reading the question
(`asking.read_question`) needs only the model; opening the store and searching need
only Chroma, the lexical index and the embedder. On a machine with two cores or more
a child process reads the question while this one searches, and hands back the
question as read (`Asked`). The sentences the answer weighs were read at ingest
(`readings.sqlite3`), so a one-shot `ask` whose candidates are all cached never loads
spaCy in this process at all.

Only worth it for a process's first question, before the model is loaded here: a
resident process (chat, MCP, the Python API) reads its later questions in process,
which is faster once the model is loaded. Any failure
of the child — the model missing, a crash, a timeout — only means the question is
read here, where its errors are reported as usual. The child reads the question
twice from one parse: as retrieval reads it, and as the extractive engine does with
the local MiniLM embedder (it types a "which NOUN" by meaning); with a remote
embedder, whose calls would be paid twice, the engine reads it here.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # (imported when a reading is collected: the CLI starts the child before it imports the rest)
    from ragnews.answer.asking import Asked

log = logging.getLogger(__name__)

WAIT_S = 30.0  # the longest this process waits for the child's reading before reading the question itself


_LOCK = threading.Lock()
_pending: dict[tuple[str, str], subprocess.Popen[bytes]] = {}
_read_ahead: dict[tuple[str, str], dict[str, Asked]] = {}  # (question, model) -> {embedder name or "": the question read}
_started: set[str] = set()  # the models a question was read ahead with in this process: once each


def worth_it(model: str) -> bool:
    """Read ahead only with two cores or more, the English model not loaded in this process, and only its first
    question: a process that asks again (the Python API, a server) had better load the model once than start a child
    per question — with every candidate sentence read at ingest, nothing else would load it."""
    from ragnews.config import usable_cores
    from ragnews.text.language import loaded

    return usable_cores() >= 2 and not loaded(model) and model not in _started


def start(question: str, model: str) -> bool:
    """Start reading `question` in a child process with spaCy pipeline `model`, as retrieval reads it (no embedder)
    and as the extractive engine does (MiniLM types a "which NOUN"). Returns whether a child was started."""
    if not worth_it(model):  # (also once a child was started for the model: none is ever pending twice)
        return False
    package_root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)}
    request = json.dumps({"question": question, "model": model})
    try:
        # -P: not the current folder first on the child's path (a json.py in a downloaded folder must not be imported)
        process = subprocess.Popen([sys.executable, "-P", "-m", "ragnews.answer.ahead", request], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    except OSError as e:
        log.debug("could not start a process to read the question (%s): reading it here", e)
        return False
    with _LOCK:
        _pending[(question, model)] = process
        _started.add(model)
    log.debug("reading the question in process %d while the store opens", process.pid)
    return True


def take(question: str, model: str, embedder: str = "") -> Asked | None:
    """The question as the child read it with `embedder` ("" for none, MiniLM's name for the engine's typing), or
    None: none started, or it failed — read it here."""
    key = (question, model)
    with _LOCK:
        process = _pending.pop(key, None)
    read = _collect(process) if process is not None else None  # (waiting outside the lock: another question need not)
    with _LOCK:
        if read is not None:
            _read_ahead[key] = read
        found = _read_ahead.get(key, {}).pop(embedder, None)
        if key in _read_ahead and not _read_ahead[key]:
            del _read_ahead[key]
    return found


def forget(question: str, model: str) -> None:
    """Drop what was read ahead for `question` and not taken (the LLM engine takes no typed reading; an `ask` may
    fail before it reads), stopping a child still at work: nothing is left running or kept."""
    with _LOCK:
        process = _pending.pop((question, model), None)
        _read_ahead.pop((question, model), None)
    if process is not None:
        process.kill()
        process.communicate()


def _collect(process: subprocess.Popen[bytes]) -> dict[str, Asked]:
    from ragnews.answer.asking import Asked

    try:
        out, _ = process.communicate(timeout=WAIT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        log.debug("the question's reading took over %.0f s in process %d: reading it here", WAIT_S, process.pid)
        return {}
    if process.returncode != 0:
        log.debug("process %d could not read the question (exit %s): reading it here", process.pid, process.returncode)
        return {}
    try:
        read = pickle.loads(out)  # our own child's output: the same code, the same interpreter
    except Exception:  # a truncated or foreign stream: read it here
        log.debug("process %d's reading unreadable: reading it here", process.pid, exc_info=True)
        return {}
    return {k: v for k, v in read.items() if isinstance(v, Asked)} if isinstance(read, dict) else {}


def _read(request: dict[str, Any]) -> dict[str, Asked]:
    from ragnews.answer.asking import read_question
    from ragnews.answer.scoring import parameters
    from ragnews.index.embedders import MINILM_NAME, MiniLMEmbedder
    from ragnews.text.reading import Reader

    reader = Reader(request["model"])
    # MiniLM starts only if the question has a "which NOUN" to type by meaning (most questions don't)
    return {"": read_question(request["question"], reader),
            MINILM_NAME: read_question(request["question"], reader, MiniLMEmbedder(), parameters(MINILM_NAME).noun_type)}


def main(request: str, stdout: IO[bytes]) -> int:
    """The child: a JSON request as its argument, the pickled readings on stdout; exit 1 on any failure."""
    try:
        read = _read(json.loads(request))
    except Exception:  # the parent reads the question itself and reports what is wrong
        return 1
    stdout.write(pickle.dumps(read))
    stdout.flush()
    return 0


# spaCy's command-line package: `spacy/__init__.py` imports `spacy.cli.info` for `spacy.info`, and with it every
# command (typer, weasel, httpx, jinja2, …): ≈0.2 s of the child's ≈1 s, on the cold `ask`'s critical path
_CLI = ("spacy.cli", "spacy.cli.info")


def import_spacy_without_cli() -> bool:
    """Import spaCy with stand-ins for its command-line package, which reading never uses. The stand-ins are in
    place only while `spacy/__init__.py` runs: a later `import spacy.cli` (or a call of `spacy.info`) imports the
    real one. For the one-shot child only; the pipeline it loads and every parse are the same. Returns whether
    spaCy was imported so; False (spaCy missing, or a version whose package the stand-ins don't satisfy) leaves
    the import to the reading, which reports what is wrong as usual."""
    import importlib.util
    import types

    if "spacy" in sys.modules:
        return False
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return False
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = [os.path.join(next(iter(spec.submodule_search_locations)), "cli")]  # its real modules, on demand
    info = types.ModuleType("spacy.cli.info")
    info.info = _spacy_info  # type: ignore[attr-defined]
    sys.modules.update({"spacy.cli": cli, "spacy.cli.info": info})
    try:
        import spacy  # noqa: F401
    except Exception:
        log.debug("spaCy would not import without its command-line package", exc_info=True)
        return False
    finally:
        for name in _CLI:
            if sys.modules.get(name) in (cli, info):
                del sys.modules[name]
    return True


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, from the real command-line package, imported when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


if __name__ == "__main__":
    import_spacy_without_cli()
    status = main(sys.argv[1] if len(sys.argv) > 1 else "", sys.stdout.buffer)
    # the reading is written and flushed: exit without tearing down spaCy's objects, which took ≈0.2 s that the
    # parent spent waiting for the end of this output (nothing here needs a clean exit: no files, no cache)
    os._exit(status)
