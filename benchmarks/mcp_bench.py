"""`ragnews mcp` timings through the SDK's stdio client: server start, first call, warm `search` p50/p95.

    python -m benchmarks.mcp_bench --db DIR [--ingest PATH ...] [--rounds 5] [--out FILE.json]

start: from spawning `ragnews mcp` to the answer to `initialize` (what a client waits for before it can list
tools); first: the first `search` after that (it waits for the background warm-up: store, model, BM25 index);
warm: every later `search` (16 queries x rounds), the server kept open between calls as an assistant keeps it;
start_cpu: the server process's own CPU time (user + sys, from /proc) when it has answered `initialize`, a
figure that a loaded machine does not inflate as it does wall time.
Measures only; prints JSON with the 1-minute load average beside the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

QUERIES = ["North Korean troops in Kursk", "interest rates", "oil prices", "shares fell", "chief executive said",
           "profits rose", "the central bank", "job losses", "takeover bid", "economic growth", "Russia Ukraine war",
           "inflation figures", "stock market", "trade deficit", "who said the company", "government spending"]


async def measure(db: str, rounds: int) -> dict[str, Any]:
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(command=sys.executable, args=["-m", "ragnews", "mcp", "--db", db], env=dict(os.environ))
    t0 = time.perf_counter()
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        start = time.perf_counter() - t0
        await session.list_tools()
        t1 = time.perf_counter()
        await session.call_tool("search", {"query": "news today", "k": 5})
        first = time.perf_counter() - t1
        warm = []
        for _ in range(rounds):
            for q in QUERIES:
                t = time.perf_counter()
                result = await session.call_tool("search", {"query": q, "k": 5})
                warm.append(time.perf_counter() - t)
                assert not result.is_error, result.content
    warm.sort()
    return {"start_s": round(start, 3), "first_search_s": round(first, 3), "warm_search_p50_ms": round(statistics.median(warm) * 1000, 1),
            "warm_search_p95_ms": round(warm[int(0.95 * (len(warm) - 1))] * 1000, 1), "calls": len(warm), "load1": os.getloadavg()[0]}


def start_cpu(db: str) -> tuple[float, float]:
    """(wall, CPU) seconds from spawning `ragnews mcp` to its answer to `initialize`, over a raw pipe."""
    hello = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
             "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "0"}}}
    proc = subprocess.Popen([sys.executable, "-m", "ragnews", "mcp", "--db", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        t0 = time.perf_counter()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps(hello) + "\n")
        proc.stdin.flush()
        proc.stdout.readline()
        wall = time.perf_counter() - t0
        with open(f"/proc/{proc.pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return wall, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    finally:
        proc.kill()
        proc.wait()


def main() -> None:
    import anyio

    parser = argparse.ArgumentParser(prog="python -m benchmarks.mcp_bench")
    parser.add_argument("--db", required=True)
    parser.add_argument("--ingest", nargs="*", default=[], help="ingest these first (skipped when unchanged)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3, help="server starts to measure")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.ingest:
        from ragnews import Newsroom

        Newsroom(db=args.db).ingest(args.ingest)
    runs = [anyio.run(measure, args.db, args.rounds if i == 0 else 1) for i in range(args.repeats)]
    starts = [start_cpu(args.db) for _ in range(args.repeats)]
    from ragnews import Newsroom

    report = {"articles": len(Newsroom(db=args.db).sources()), "runs": runs,
              "start_s_median": statistics.median(r["start_s"] for r in runs),
              "first_search_s_median": statistics.median(r["first_search_s"] for r in runs),
              "warm_search_p50_ms": runs[0]["warm_search_p50_ms"], "warm_search_p95_ms": runs[0]["warm_search_p95_ms"],
              "start_cpu_s_median": round(statistics.median(c for _, c in starts), 3),
              "start_raw_wall_s_median": round(statistics.median(w for w, _ in starts), 3), "load1_end": os.getloadavg()[0]}
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")


if __name__ == "__main__":
    main()
