"""A store that grows: `python -m benchmarks --corpus growth [--sizes 1000,10000,100000]`.

For each size N: a base store of N synthetic articles (stand-in embedder,
no spaCy reading: only the store's size matters here), kept in --workdir
and reused while the code (git HEAD) is the same; then, on a copy of it,
100 new articles (--added) added by a real `Newsroom.ingest` in a child process,
reporting the ingest's end phase (`IngestReport.end_s`: the work after the
last embedding window) and the child's peak RSS. At sizes up to
--cli-max (10,000), cold `ragnews search`, `ask` and `stories` in local
mode over that store and in server mode against `chroma run` on loopback
over a copy of it (or, with --server-store ingest, the same articles
ingested through the server): one warm-up, then the median of --cli-repeats.
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from ragnews.testing import chroma_server

from . import corpora
from .runner import Env, _log, load1, med

DEFAULT_SIZES = "1000,10000,100000"
QUERY = "interest rates and inflation"
QUESTION = "Why did interest rates rise?"
COMMANDS: dict[str, list[str]] = {
    "search": ["search", QUERY, "--json"],
    "ask": ["ask", QUESTION, "--json", "--engine", "extractive"],
    "stories": ["stories", "--json"],
}


def commit() -> str:
    """The code being measured: the git tree of ragnews/ ('+dirty' with uncommitted changes there).

    Base stores are kept per code version, so a change to the benchmarks alone reuses them.
    """
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=corpora.REPO, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    tree = git("rev-parse", "--short=10", "HEAD:ragnews") or "unknown"
    return tree + ("+dirty" if git("status", "--porcelain", "--untracked-files=no", "--", "ragnews") else "")


def run(args: argparse.Namespace, env: Env, skip: set[str], quick: bool) -> list[dict[str, Any]]:
    sizes = [int(s) for s in (args.sizes or DEFAULT_SIZES).split(",") if s.strip()]
    added = args.added
    _log(f"generating {max(sizes) + added} synthetic articles")
    paths = corpora.synthesize(args.bbc, env.work / "synthetic", max(sizes) + added)
    rows = []
    for n in sizes:
        base = base_store(env, paths[:n], n)
        row: dict[str, Any] = {"articles": n, "added": added, "code": commit(), "base": base["info"]}
        scratch = env.work / f"growth-run-{n}"
        _copy(base["db"], scratch)
        new = corpora.link_subset(paths[n : n + added], env.work / f"growth-new-{n}-{added}")
        _log(f"adding {added} articles to {n}")
        row["ingest"] = grow(env, scratch, new)
        _log(f"  end phase {_s(row['ingest'].get('end_s'))}, ingest {_s(row['ingest'].get('ingest_s'))}, "
             f"peak RSS {row['ingest'].get('maxrss_mb', 0):.0f} MB")
        if n <= args.cli_max and "cli" not in skip:
            repeats = 1 if quick else args.cli_repeats
            commands = [c.strip() for c in args.commands.split(",") if c.strip() in COMMANDS]
            if "local" not in skip:
                row["local"] = cold_commands(env, ["--db", str(scratch)], repeats, commands)
            if "server" not in skip:
                row["server"] = server_commands(env, scratch, paths[: n + added], args.server_store, repeats, commands)
            if "local" in row and "server" in row:
                row["server_minus_local_s"] = {c: _minus(row["server"].get(c), row["local"].get(c)) for c in commands}
        rows.append(row)
        shutil.rmtree(scratch, ignore_errors=True)
    return rows


def base_store(env: Env, paths: list[Path], n: int) -> dict[str, Any]:
    """The N-article base store for this code, built once (stand-in embedder, no spaCy) and then reused."""
    db = env.work / f"growth-base-{n}-{commit()}"
    marker = db.parent / (db.name + ".json")
    if marker.exists() and db.is_dir():
        _log(f"reusing the {n}-article base store {db.name}")
        return {"db": db, "info": {**json.loads(marker.read_text()), "reused": True}}
    shutil.rmtree(db, ignore_errors=True)
    corpus = corpora.link_subset(paths, env.work / f"growth-base-corpus-{n}")
    _log(f"building the {n}-article base store")
    result = env.child("base", str(corpus), "--db", str(db))
    info = {k: result.get(k) for k in ("wall_s", "maxrss_mb", "articles", "chunks", "load1", "rc")}
    if result.get("rc") == 0:
        marker.write_text(json.dumps(info))
    return {"db": db, "info": {**info, "reused": False}}


def grow(env: Env, db: Path, new: Path) -> dict[str, Any]:
    """The measured step: a real ingest (spaCy reading included) of the new articles, in a child for its peak RSS.

    Its RAGNEWS_HOME is fresh each time: new articles have never been read, so no cached reading may shorten it.
    """
    fresh = copy.copy(env)
    fresh.home = env.work / "home-grow"
    shutil.rmtree(fresh.home, ignore_errors=True)
    fresh.home.mkdir(parents=True)
    fresh.env = {**env.env, "RAGNEWS_HOME": str(fresh.home)}
    result = fresh.child("ingest", str(new), "--db", str(db), "--embedder", "hash")
    return {k: result.get(k) for k in ("ingest_s", "end_s", "report_s", "maxrss_mb", "wall_s", "counts", "load1", "load1_end", "rc")}


def cold_commands(env: Env, where: list[str], repeats: int, commands: list[str]) -> dict[str, Any]:
    """Each command in a cold process: one warm-up (fills OS and client caches), then the median of `repeats`."""
    out: dict[str, Any] = {}
    for name in commands:
        argv = COMMANDS[name]
        _log(f"  cold `ragnews {name}` {' '.join(where[:1]) or '(server)'}")
        runs = [env.run(env.cli + argv + where) for _ in range(repeats + 1)]
        for r in runs:
            r.pop("stdout", None)
        timed = [r for r in runs[1:] if r["rc"] == 0]
        out[name] = med([r["wall_s"] for r in timed])
        out[f"{name}_runs"] = [{k: r.get(k) for k in ("wall_s", "rc", "maxrss_mb", "load1")} for r in runs]
    return out


def server_commands(env: Env, db: Path, paths: list[Path], how: str, repeats: int, commands: list[str]) -> dict[str, Any]:
    """The same commands against `chroma run` on loopback, over a copy of the store or the same articles ingested."""
    data = env.work / "growth-server"
    shutil.rmtree(data, ignore_errors=True)
    if how == "copy":
        _copy(db, data)
    with chroma_server(data, env.work / "growth-server.log") as url:
        server_env = copy.copy(env)
        server_env.env = {**env.env, "RAGNEWS_CHROMA_URL": url}
        server_env.home = env.work / "home-server"  # the client cache a server-mode process keeps
        shutil.rmtree(server_env.home, ignore_errors=True)
        server_env.home.mkdir(parents=True)
        server_env.env["RAGNEWS_HOME"] = str(server_env.home)
        if how == "ingest":
            corpus = corpora.link_subset(paths, env.work / f"growth-server-corpus-{len(paths)}")
            _log(f"  ingesting {len(paths)} articles into the server")
            server_env.child("base", str(corpus))
        return {"store": how, **cold_commands(server_env, [], repeats, commands)}


def _copy(src: Path, dst: Path) -> None:
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.lock"))


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _s(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f} s"


def table_rows(rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Lines for the printed table (the JSON keeps every run)."""
    out = []
    for r in rows:
        n, ing = r["articles"], r["ingest"]
        out.append((f"growth {n}+{r['added']}: ingest end phase", _s(ing.get("end_s")),
                    f"whole ingest {_s(ing.get('ingest_s'))}, peak RSS {ing.get('maxrss_mb') or 0:.0f} MB, load {ing.get('load1')}"))
        for name in COMMANDS:
            local, server = (r.get("local") or {}).get(name), (r.get("server") or {}).get(name)
            if local is not None or server is not None:
                out.append((f"growth {n}: cold `{name}` local / server", f"{_s(local)} / {_s(server)}",
                            f"server − local {_s(_minus(server, local))}"))
    return out


def base_child(paths: list[str], db: str | None) -> dict[str, Any]:
    """Build a base store (child process): the stand-in embedder and no spaCy reading, the end phase as usual."""
    from ragnews import Newsroom

    from .hashembed import HashEmbedder

    class _NoReading:  # the base articles are only there to make the store big
        def read(self, texts: Any) -> list[Any]:
            return []

        def prefetch(self, texts: Any = None) -> None:
            pass

    t0 = time.perf_counter()
    nr = Newsroom(db=db, embedder=HashEmbedder(), reader=_NoReading()) if db else Newsroom(embedder=HashEmbedder(), reader=_NoReading())  # type: ignore[arg-type]
    report = nr.ingest(paths)
    counts = report.counts()
    return {"build_s": time.perf_counter() - t0, "end_s": report.end_s, "articles": counts["added"] + counts["unchanged"],
            "chunks": sum(o.chunks for o in report.outcomes if o.status == "added"), "counts": counts, "load1": load1()}
