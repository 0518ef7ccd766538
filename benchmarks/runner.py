"""The benchmark runner: `python -m benchmarks [--corpus seeds|bbc|synthetic|growth] ...`.

Every number is a median over repeats (and ratios of medians, which survive
the noise of a shared 2-core machine); each run records the 1-minute load
average beside it. Ingest runs in a subprocess so its peak RSS can be read
with os.wait4. Nothing here fails: benchmarks report, tests assert.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import corpora

QUERIES = [
    "interest rates and inflation", "Microsoft software security flaw", "Chelsea manager Mourinho",
    "Oscar nominations for best film", "general election Labour Tony Blair", "mobile phone sales growth",
    "oil prices rise", "England rugby Six Nations", "music downloads and piracy", "Russian troops sent abroad",
    "profits fell at the bank", "video games console launch", "How many jobs were cut?", "tax plans for the budget",
    "Who won the Australian Open?", "broadband internet users in the UK",
]
TARGETS = {  # name: (limit, unit, where it applies)
    "ingest_vs_embed_ratio": (1.10, "x", "BBC corpus"),
    "reingest_unchanged_s": (3.0, "s", "2,225 articles"),
    "search_p50_ms": (50.0, "ms", "10,000 articles, in process"),
    "search_cli_s": (0.7, "s", "cold shell, quiet machine"),
    "help_s": (0.3, "s", "ragnews --help"),
    "ask_p50_ms": (300.0, "ms", "10,000 articles, extractive, in process"),
    "brief_seeds_s": (2.0, "s", "seeds, fresh store, cold subprocess, quiet machine"),
    "ingest_peak_rss_mb": (2048.0, "MB", "10,000 articles"),
    "growth_end_s": (5.0, "s", "adding 100 articles to 100,000: the work after the last embedding window"),
    "growth_peak_rss_mb": (2048.0, "MB", "adding 100 articles to 100,000: the whole ingest"),
    "server_minus_local_s": (0.3, "s", "10,000 articles: cold search, ask, stories (the worst of the three)"),
}


def load1() -> float:
    return round(os.getloadavg()[0], 2)


def med(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def pct(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    s = sorted(xs)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


class Env:
    """An isolated RAGNEWS_HOME and cwd for every subprocess."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.home = work / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("RAGNEWS_", "OPENAI_"))}
        env["RAGNEWS_HOME"] = str(self.home)
        env["RAGNEWS_ENGINE"] = "extractive"
        env["RAGNEWS_FOLLOW_LINKS"] = "1"  # a corpus subset is a folder of links to the shared files (corpora.link_subset)
        env["PYTHONPATH"] = str(corpora.REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env["NO_COLOR"] = "1"
        env["COLUMNS"] = "120"
        self.env = env
        exe = Path(sys.executable).parent / "ragnews"
        self.cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "ragnews"]

    def run(self, argv: list[str], timeout: float = 3600) -> dict[str, Any]:
        """Run argv; wall time, exit code, stdout, and the child's peak RSS (os.wait4)."""
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            before = load1()
            t0 = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=out, stderr=err, env=self.env, cwd=self.home)
            deadline = t0 + timeout
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    proc.kill()
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.005)
            wall = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode("utf-8", "replace")
            stderr = err.read().decode("utf-8", "replace")
        result: dict[str, Any] = {"wall_s": wall, "rc": proc.returncode, "maxrss_mb": usage.ru_maxrss / 1024,
                                  "user_s": usage.ru_utime, "sys_s": usage.ru_stime, "load1": before}
        for line in stdout.splitlines():
            if line.startswith("BENCHJSON "):
                result.update(json.loads(line[len("BENCHJSON "):]))
        result["stdout"] = stdout
        if proc.returncode != 0:
            result["stderr_tail"] = stderr[-2000:]
            sys.stderr.write(f"benchmark: {' '.join(argv[:4])}… exited {proc.returncode}\n{stderr[-1500:]}\n")
        return result

    def child(self, *args: str) -> dict[str, Any]:
        r = self.run([sys.executable, "-m", "benchmarks.child", *args])
        r.pop("stdout", None)
        return r


def _log(msg: str) -> None:
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')} load {load1():.2f}] {msg}\n")
    sys.stderr.flush()


# -- measurements -----------------------------------------------------------------------------
def measure_ingest(env: Env, corpus: Path, repeats: int, embedder: str, tag: str) -> tuple[dict[str, Any], Path]:
    """Fresh-store ingest (subprocess, peak RSS) interleaved with embed-only of the same chunks."""
    ingests, embeds, db = [], [], env.work / f"db-{tag}"
    for r in range(repeats):
        if db.exists():
            shutil.rmtree(db)
        _log(f"ingest {tag} ({embedder}) repeat {r + 1}/{repeats}")
        ingests.append(env.child("ingest", str(corpus), "--db", str(db), "--embedder", embedder))
        _log(f"  ingest {ingests[-1].get('ingest_s', 0):.1f}s; embed-only {tag} repeat {r + 1}/{repeats}")
        embeds.append(env.child("embed", str(corpus), "--embedder", embedder))
        _log(f"  embed-only {embeds[-1].get('embed_s', 0):.1f}s")
    ing = med([i["ingest_s"] for i in ingests if "ingest_s" in i])
    emb = med([e["embed_s"] for e in embeds if "embed_s" in e])
    last = ingests[-1]
    first_e = embeds[-1]
    out = {
        "embedder": embedder,
        "repeats": repeats,
        "articles": last.get("articles"),
        "chunks": last.get("chunks"),
        "tokens_tiktoken": last.get("tokens"),
        "tokens_model": first_e.get("model_tokens"),
        "ingest_s": ing,
        "ingest_process_wall_s": med([i["wall_s"] for i in ingests]),
        "articles_per_s": (last.get("articles") or 0) / ing if ing else None,
        "tokens_per_s": (first_e.get("model_tokens") or last.get("tokens") or 0) / ing if ing else None,
        "embed_only_s": emb,
        "embed_tokens_per_s": (first_e.get("model_tokens") or 0) / emb if emb and first_e.get("model_tokens") else None,
        "ratio_ingest_over_embed": ing / emb if ing and emb else None,
        "ratio_per_pair": [i["ingest_s"] / e["embed_s"] for i, e in zip(ingests, embeds) if i.get("ingest_s") and e.get("embed_s")],
        "peak_rss_mb": max(i["maxrss_mb"] for i in ingests),
        "runs": {"ingest": ingests, "embed_only": embeds},
    }
    return out, db


def measure_reingest(env: Env, corpus: Path, db: Path, repeats: int) -> dict[str, Any]:
    runs = []
    for _ in range(repeats):
        r = env.run(env.cli + ["ingest", str(corpus), "--db", str(db), "--json"])
        try:
            rep = json.loads(r.pop("stdout"))
            r["in_process_s"] = rep.get("seconds")
            r["unchanged"] = rep.get("unchanged")
            r["added"] = rep.get("added")
        except ValueError:
            r.pop("stdout", None)
        runs.append(r)
    return {"cli_s": med([r["wall_s"] for r in runs]), "in_process_s": med([r["in_process_s"] for r in runs if r.get("in_process_s") is not None]),
            "unchanged": runs[-1].get("unchanged"), "runs": runs}


def measure_inprocess(db: Path, env: Env, queries: list[str], rounds: int, ask_n: int) -> dict[str, Any]:
    """Search and extractive ask latencies in this process (after one cold query, reported apart)."""
    os.environ["RAGNEWS_HOME"] = str(env.home)
    from ragnews import Newsroom

    nr = Newsroom(db=db, engine="extractive")
    t = time.perf_counter()
    nr.search(queries[0], k=5)
    cold = time.perf_counter() - t
    lat: list[float] = []
    loads = [load1()]
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            nr.search(q, k=5)
            lat.append(time.perf_counter() - t)
    ask: list[float] = []
    for q in queries[:ask_n]:
        t = time.perf_counter()
        nr.ask(q, engine="extractive")
        ask.append(time.perf_counter() - t)
    loads.append(load1())
    count = nr.store.count()
    bm25 = measure_bm25(db)
    return {"chunks": count, **bm25, "search_cold_first_s": cold, "search_p50_ms": 1000 * med(lat), "search_p95_ms": 1000 * pct(lat, 0.95),
            "search_n": len(lat), "ask_p50_ms": 1000 * med(ask), "ask_p95_ms": 1000 * pct(ask, 0.95), "ask_n": len(ask), "load1": loads}


def measure_bm25(db: Path, repeats: int = 3) -> dict[str, Any]:
    """The lexical index: megabytes on disk and the time to open it and answer a first query (median of repeats).

    The keys keep their old names (`bm25_mb`, `bm25_load_ms`): the growth table and plot read them."""
    from ragnews.index.lexical import LexicalIndex

    size = sum(p.stat().st_size for p in db.glob("lexical.sqlite3*") if p.is_file())
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        index = LexicalIndex(db)
        index.search(QUERIES[0], 40)
        times.append(time.perf_counter() - t)
        index.close()
    return {"bm25_mb": size / 1e6, "bm25_load_ms": 1000 * (med(times) or 0.0)}


def measure_cli_search(env: Env, db: Path, repeats: int) -> dict[str, Any]:
    """`ragnews search` in a cold process: wall and the process's peak RSS."""
    runs = [env.run(env.cli + ["search", QUERIES[i % len(QUERIES)], "--db", str(db), "--json"]) for i in range(repeats)]
    for r in runs:
        r.pop("stdout", None)
    return {"median_s": med([r["wall_s"] for r in runs]), "max_s": max(r["wall_s"] for r in runs),
            "cpu_s": med([r["user_s"] + r["sys_s"] for r in runs]), "peak_rss_mb": max(r["maxrss_mb"] for r in runs), "runs": runs}


def measure_help(env: Env, repeats: int) -> dict[str, Any]:
    runs = [env.run(env.cli + ["--help"]) for _ in range(repeats)]
    for r in runs:
        r.pop("stdout", None)
    return {"median_s": med([r["wall_s"] for r in runs]), "runs": [{k: r[k] for k in ("wall_s", "load1", "rc")} for r in runs]}


def measure_brief(env: Env, seeds: Path, repeats: int) -> dict[str, Any]:
    """`ragnews brief SEEDS` in a cold process: fresh store (ingests the seeds too) and warm store (seeds unchanged)."""
    fresh, warm = [], []
    for r in range(repeats):
        db = env.work / f"db-brief-{r}"
        if db.exists():
            shutil.rmtree(db)
        fresh.append(env.run(env.cli + ["brief", str(seeds), "--engine", "extractive", "--db", str(db), "-o", str(env.work / "brief.md")]))
        warm.append(env.run(env.cli + ["brief", str(seeds), "--engine", "extractive", "--db", str(db), "-o", str(env.work / "brief.md")]))
    for r in fresh + warm:
        r.pop("stdout", None)
    return {"fresh_store_s": med([r["wall_s"] for r in fresh]), "stored_s": med([r["wall_s"] for r in warm]),
            "runs": {"fresh": fresh, "stored": warm}}


# -- driver ------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description="ragnews benchmarks (they measure; they never fail)")
    p.add_argument("--corpus", choices=["seeds", "bbc", "synthetic", "growth"], default="seeds",
                   help="growth: add 100 articles to stores of --sizes articles (benchmarks/growth.py)")
    p.add_argument("--bbc", type=Path, default=corpora.DEFAULT_BBC, help="BBC folder, read in place (default ../shared/data/bbc)")
    p.add_argument("--limit", type=int, help="use only the first N files of the corpus")
    p.add_argument("--sizes", help="store sizes, comma-separated (default 1000,2000,5000,10000 for synthetic; "
                                   "1000,10000,100000 for growth)")
    p.add_argument("--added", type=int, default=100, help="growth: articles added to each store (default 100)")
    p.add_argument("--cli-max", type=int, default=10000, help="growth: cold CLI commands at sizes up to this (default 10000)")
    p.add_argument("--cli-repeats", type=int, default=3, help="growth: timed cold runs per command, after one warm-up (default 3)")
    p.add_argument("--commands", default="search,ask,stories", help="growth: the cold commands timed (default search,ask,stories)")
    p.add_argument("--server-store", choices=["copy", "ingest"], default="copy",
                   help="growth: the server serves a copy of the local store, or the same articles ingested through it")
    p.add_argument("--embedder", choices=["minilm", "hash"], help="ingest-side embedder (default minilm; hash for synthetic growth)")
    p.add_argument("--repeats", type=int, help="ingest/embed-only repeats (default 3, 1 for bbc/synthetic, 1 with --quick)")
    p.add_argument("--quick", action="store_true", help="few repeats: a smoke run")
    p.add_argument("--skip", default="", help="comma list of parts to skip: reingest,search,cli,help,brief (growth: cli,local,server)")
    p.add_argument("--workdir", type=Path, help="keep stores and generated corpora here (default: a temp dir, removed)")
    p.add_argument("--out", type=Path, help="write the results as JSON here")
    p.add_argument("--plot", type=Path, help="synthetic growth: write the scaling curve here as PNG (default: beside --out)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    quick = args.quick
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ragnews-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = Env(work)
    started = time.time()
    results: dict[str, Any] = {
        "meta": {"corpus": args.corpus, "quick": quick, "started": time.strftime("%Y-%m-%dT%H:%M:%S"), "load1_start": load1(),
                 "cpus": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine(),
                 "command": "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])},
    }
    try:
        _run(args, env, results, skip, quick)
    finally:
        results["meta"]["load1_end"] = load1()
        results["meta"]["elapsed_s"] = round(time.time() - started, 1)
        results["targets"] = targets(results)
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(results, indent=2, default=str))
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    if results.get("growth") and (args.plot or args.out):
        from .plot import plot_growth

        plot_growth(results, args.plot or args.out.with_suffix(".png"))
    from .report import print_table

    print_table(results)
    return 0


def _corpus_dir(args: argparse.Namespace, env: Env) -> Path:
    if args.corpus == "seeds":
        root = corpora.SEEDS
    elif args.corpus == "bbc":
        root = args.bbc
        if not root.is_dir():
            raise SystemExit(f"BBC corpus not found at {root}: pass --bbc PATH")
    else:
        raise AssertionError
    if args.limit:
        return corpora.link_subset(corpora.files(root, args.limit), env.work / f"{args.corpus}-{args.limit}")
    return root


def _run(args: argparse.Namespace, env: Env, results: dict[str, Any], skip: set[str], quick: bool) -> None:
    rounds = 1 if quick else 5
    queries = QUERIES[:4] if quick else QUERIES
    if args.corpus == "growth":
        from .growth import run

        results["store_growth"] = run(args, env, skip, quick)
        return
    if args.corpus == "synthetic":
        sizes = [int(s) for s in (args.sizes or "1000,2000,5000,10000").split(",") if s.strip()]
        if args.limit:
            sizes = [min(s, args.limit) for s in sizes]
        _log(f"generating {max(sizes)} synthetic articles")
        t = time.perf_counter()
        paths = corpora.synthesize(args.bbc, env.work / "synthetic", max(sizes))
        results["meta"]["generate_s"] = time.perf_counter() - t
        growth = []
        for n in sizes:
            corpus = corpora.link_subset(paths[:n], env.work / f"synthetic-{n}")
            ing, db = measure_ingest(env, corpus, args.repeats or 1, args.embedder or "hash", f"synth{n}")
            row = {"articles": n, **{k: v for k, v in ing.items() if k != "runs"}, "runs": ing["runs"]}
            if "search" not in skip:
                _log(f"search/ask in process at {n} articles")
                row.update(measure_inprocess(db, env, queries, rounds, 8 if not quick else 2))
            if "cli" not in skip:
                _log(f"search from the CLI at {n} articles")
                row["search_cli"] = measure_cli_search(env, db, 2 if quick else 5)
            if n == sizes[-1] and "reingest" not in skip:
                _log(f"re-ingest unchanged at {n}")
                row["reingest"] = measure_reingest(env, corpus, db, 1 if quick else 3)
            growth.append(row)
            shutil.rmtree(db, ignore_errors=True)
        results["growth"] = growth
    else:
        corpus = _corpus_dir(args, env)
        repeats = args.repeats or (1 if quick or args.corpus == "bbc" else 3)
        ing, db = measure_ingest(env, corpus, repeats, args.embedder or "minilm", args.corpus)
        results["ingest"] = ing
        if "reingest" not in skip:
            _log("re-ingest unchanged")
            results["reingest"] = measure_reingest(env, corpus, db, 1 if quick else 3)
        if "search" not in skip:
            _log("search/ask in process")
            results["inprocess"] = measure_inprocess(db, env, queries, rounds, 2 if quick else 8)
        if "cli" not in skip:
            _log("search from the CLI")
            results["search_cli"] = measure_cli_search(env, db, 2 if quick else 5)
    if "help" not in skip:
        _log("ragnews --help")
        results["help"] = measure_help(env, 3 if quick else 9)
    if "brief" not in skip:
        _log("brief on the seeds")
        results["brief"] = measure_brief(env, corpora.SEEDS, 1 if quick else 3)


def targets(results: dict[str, Any]) -> dict[str, Any]:
    """Each target with the measured value that speaks to it (None if this run didn't measure it)."""
    got: dict[str, Any] = {}
    ing = results.get("ingest") or {}
    growth = results.get("growth") or []
    big = growth[-1] if growth else {}
    got["ingest_vs_embed_ratio"] = ing.get("ratio_ingest_over_embed")
    re_ = results.get("reingest") or big.get("reingest") or {}
    got["reingest_unchanged_s"] = re_.get("cli_s")
    inproc = big if big.get("search_p50_ms") is not None else results.get("inprocess") or {}
    got["search_p50_ms"] = inproc.get("search_p50_ms")
    got["ask_p50_ms"] = inproc.get("ask_p50_ms")
    cli = results.get("search_cli") or big.get("search_cli") or {}
    got["search_cli_s"] = cli.get("median_s")
    got["help_s"] = (results.get("help") or {}).get("median_s")
    got["brief_seeds_s"] = (results.get("brief") or {}).get("fresh_store_s")
    got["ingest_peak_rss_mb"] = big.get("peak_rss_mb") if big else ing.get("peak_rss_mb")
    out = {}
    for name, (limit, unit, where) in TARGETS.items():
        value = got.get(name)
        out[name] = {"value": value, "limit": limit, "unit": unit, "applies_to": where,
                     "holds": None if value is None else bool(value < limit),
                     "at": (f"{big.get('articles')} articles" if big and name in ("search_p50_ms", "ask_p50_ms", "ingest_peak_rss_mb", "reingest_unchanged_s", "search_cli_s")
                            else f"{ing.get('articles')} articles" if ing and name not in ("help_s", "brief_seeds_s") else None)}
    _growth_targets(results, out)
    return out


def _growth_targets(results: dict[str, Any], out: dict[str, Any]) -> None:
    """The growth benchmark's targets, at the largest size it measured (the targets name 100,000 and 10,000)."""
    rows = results.get("store_growth") or []
    served = [r for r in rows if r.get("server_minus_local_s")]
    values: dict[str, tuple[Any, Any]] = {}
    if rows:
        values["growth_end_s"] = (rows[-1]["ingest"].get("end_s"), rows[-1]["articles"])
        values["growth_peak_rss_mb"] = (rows[-1]["ingest"].get("maxrss_mb"), rows[-1]["articles"])
    if served:
        gaps = [g for g in served[-1]["server_minus_local_s"].values() if g is not None]
        values["server_minus_local_s"] = (max(gaps) if gaps else None, served[-1]["articles"])
    for name, (value, n) in values.items():
        out[name].update(value=value, holds=None if value is None else bool(value <= out[name]["limit"]), at=f"{n} articles")
