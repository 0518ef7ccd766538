"""`ragnews update` on 10 loopback feeds x 20 entries: the first run ingests all 200, the second only revalidates.

    python -m benchmarks.web_update [--feeds 10] [--entries 20] [--delay 1.0] [--out FILE.json]

Ten loopback servers (ten hosts, so the per-host delay and the global concurrency both apply) each serve
an RSS feed of distinct synthetic articles, robots.txt and the pages, with ETag/Last-Modified. The
benchmark follows the feeds, then runs the real CLI (`ragnews update --json`, a cold process each time)
twice in a row, and reports wall times, what was ingested and every request the servers saw. It measures;
it never fails CI.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.web.loopback import Loopback, Resource, article_html, rss, synthetic_article


def serve(feeds: int, entries: int) -> list[Loopback]:
    servers = []
    for f in range(feeds):
        srv = Loopback().start()
        items = []
        for e in range(entries):
            title, paragraphs = synthetic_article(f, e)
            path = f"/news/{f}/story-{e}"
            srv.routes[path] = Resource(article_html(title, paragraphs, published=f"2025-04-{1 + e % 28:02d}"))
            items.append((title, path, srv.url(path)))
        srv.routes["/feed.xml"] = Resource(rss(f"Loopback desk {f}", items, srv.base), "application/rss+xml")
        servers.append(srv)
    return servers


def update(env: dict[str, str]) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "ragnews", "update", "--json"], capture_output=True, text=True, env=env, timeout=3600)
    wall = time.perf_counter() - started
    if out.returncode not in (0, 1):
        raise SystemExit(out.stderr)
    return wall, json.loads(out.stdout)


def summary(wall: float, data: dict[str, Any], servers: list[Loopback]) -> dict[str, Any]:
    seen = [r for s in servers for r in s.log]
    ingest = data.get("ingest") or {}
    return {
        "wall_s": round(wall, 2), "fetch_s": data["seconds"], "ingest_s": ingest.get("seconds"),
        "added": ingest.get("added", 0), "failed": ingest.get("failed", 0),
        "feeds": {k: sum(1 for f in data["feeds"] if f["status"] == k) for k in ("updated", "not modified", "failed")},
        "client_requests": data["requests"],
        "server_saw": {"requests": len(seen), "conditional": sum(1 for r in seen if "if-none-match" in r.headers or "if-modified-since" in r.headers),
                       "304": sum(1 for r in seen if r.status == 304), "paths": sorted({r.path.split("/story")[0] for r in seen})},
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=10)
    ap.add_argument("--entries", type=int, default=20)
    ap.add_argument("--delay", type=float, default=1.0, help="RAGNEWS_FETCH_DELAY, seconds between requests to one host (default 1, ragnews' default)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    servers = serve(args.feeds, args.entries)
    try:
        with tempfile.TemporaryDirectory(prefix="ragnews-bench-web-") as home:
            env = {**os.environ, "RAGNEWS_HOME": home, "RAGNEWS_FETCH_DELAY": str(args.delay)}
            subprocess.run([sys.executable, "-m", "ragnews", "feeds", "add", *[s.url("/feed.xml") for s in servers]],
                           check=True, env=env, capture_output=True)
            results = {}
            for run in ("first", "second"):
                for s in servers:
                    s.log.clear()
                results[run] = summary(*update(env), servers)
    finally:
        for s in servers:
            s.stop()
    report = {"feeds": args.feeds, "entries": args.entries, "delay_s": args.delay, "load_1min": round(os.getloadavg()[0], 2), **results}
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    main()
