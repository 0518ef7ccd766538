"""The results as a rich table (the JSON holds everything, runs included)."""

from __future__ import annotations

from typing import Any


def _f(v: Any, fmt: str = "{:.2f}") -> str:
    return "—" if v is None else fmt.format(v)


def rows(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    ing = results.get("ingest")
    if ing:
        n = f"{ing.get('articles')} art., {ing.get('chunks')} chunks"
        out += [
            ("ingest wall (in process)", _f(ing["ingest_s"], "{:.1f} s"), n),
            ("ingest throughput", f"{_f(ing['articles_per_s'], '{:.1f}')} art/s, {_f(ing['tokens_per_s'], '{:.0f}')} tok/s", "model tokens"),
            ("embed-only, same chunks", _f(ing["embed_only_s"], "{:.1f} s"), f"{_f(ing['embed_tokens_per_s'], '{:.0f}')} tok/s"),
            ("ingest / embed-only", _f(ing["ratio_ingest_over_embed"], "{:.3f}x"), "target < 1.10x"),
            ("ingest peak RSS", _f(ing["peak_rss_mb"], "{:.0f} MB"), "subprocess maxrss"),
        ]
    for g in results.get("growth") or []:
        n = g["articles"]
        out.append((f"synthetic {n}: ingest ({g['embedder']})", f"{_f(g['ingest_s'], '{:.1f} s')}, {_f(g['peak_rss_mb'], '{:.0f} MB')}",
                    f"{g.get('chunks')} chunks; embed-only {_f(g['embed_only_s'], '{:.1f} s')}"))
        if g.get("search_p50_ms") is not None:
            out.append((f"synthetic {n}: search p50/p95", f"{_f(g['search_p50_ms'], '{:.1f}')}/{_f(g['search_p95_ms'], '{:.1f}')} ms",
                        f"ask p50 {_f(g['ask_p50_ms'], '{:.0f}')} ms"))
        if g.get("reingest"):
            out.append((f"synthetic {n}: re-ingest unchanged", _f(g["reingest"]["cli_s"], "{:.2f} s"), f"in process {_f(g['reingest']['in_process_s'], '{:.2f} s')}"))
        if g.get("search_cli"):
            out.append((f"synthetic {n}: `ragnews search` cold", _f(g["search_cli"]["median_s"], "{:.2f} s"),
                        f"subprocess, peak RSS {_f(g['search_cli'].get('peak_rss_mb'), '{:.0f} MB')}"))
    if results.get("reingest"):
        r = results["reingest"]
        out.append(("re-ingest unchanged (CLI)", _f(r["cli_s"], "{:.2f} s"), f"in process {_f(r['in_process_s'], '{:.2f} s')}, {r.get('unchanged')} unchanged"))
    if results.get("inprocess"):
        p = results["inprocess"]
        out.append(("search p50 / p95 (in process)", f"{_f(p['search_p50_ms'], '{:.1f}')} / {_f(p['search_p95_ms'], '{:.1f}')} ms",
                    f"{p['chunks']} chunks; first query {_f(p['search_cold_first_s'], '{:.2f} s')}"))
        out.append(("ask p50 (extractive, in process)", _f(p["ask_p50_ms"], "{:.0f} ms"), f"p95 {_f(p['ask_p95_ms'], '{:.0f} ms')}"))
    if results.get("search_cli"):
        out.append(("`ragnews search` cold", _f(results["search_cli"]["median_s"], "{:.2f} s"), "subprocess"))
    if results.get("brief"):
        b = results["brief"]
        out.append(("`ragnews brief seeds` cold", _f(b["fresh_store_s"], "{:.2f} s"), f"store already holding them: {_f(b['stored_s'], '{:.2f} s')}"))
    if results.get("help"):
        out.append(("`ragnews --help`", _f(results["help"]["median_s"], "{:.3f} s"), "subprocess"))
    if results.get("store_growth"):
        from .growth import table_rows

        out += table_rows(results["store_growth"])
    return out


def print_table(results: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    meta = results.get("meta", {})
    table = Table(title=f"ragnews benchmarks: {meta.get('corpus')} (load {meta.get('load1_start')}→{meta.get('load1_end')}, {meta.get('cpus')} cpus)")
    table.add_column("measure")
    table.add_column("median", justify="right")
    table.add_column("note")
    for name, value, note in rows(results):
        table.add_row(name, value, note)
    console = Console()
    console.print(table)
    t = Table(title="targets")
    for col in ("target", "value", "limit", "holds"):
        t.add_column(col)
    for name, info in (results.get("targets") or {}).items():
        holds = {True: "[green]yes[/]", False: "[red]no[/]", None: "not measured"}[info["holds"]]
        t.add_row(name, _f(info["value"], "{:.3f}"), f"< {info['limit']} {info['unit']} ({info['applies_to']})", holds)
    console.print(t)
    if results.get("growth"):
        console.print(growth_table(results))


GROWTH_COLUMNS = [  # (header, key, sub-dict or None, format)
    ("articles", "articles", None, "{:,}"), ("chunks", "chunks", None, "{:,}"), ("ingest s", "ingest_s", None, "{:.1f}"),
    ("art/s", "articles_per_s", None, "{:.1f}"), ("ingest RSS MB", "peak_rss_mb", None, "{:.0f}"),
    ("search p50/p95 ms", None, None, ""), ("`search` cold s", "median_s", "search_cli", "{:.2f}"),
    ("`search` RSS MB", "peak_rss_mb", "search_cli", "{:.0f}"), ("ask p50 ms", "ask_p50_ms", None, "{:.0f}"),
    ("BM25 MB", "bm25_mb", None, "{:.1f}"), ("BM25 load ms", "bm25_load_ms", None, "{:.0f}"),
]


def growth_rows(results: dict[str, Any]) -> list[list[str]]:
    """The scaling curve as rows of text, one per size (also what benchmarks/README.md quotes)."""
    out = []
    for g in results.get("growth") or []:
        row = []
        for _header, key, sub, fmt in GROWTH_COLUMNS:
            if key is None:
                row.append(f"{_f(g.get('search_p50_ms'), '{:.1f}')} / {_f(g.get('search_p95_ms'), '{:.1f}')}")
            else:
                row.append(_f((g.get(sub) or {}).get(key) if sub else g.get(key), fmt))
        out.append(row)
    return out


def growth_table(results: dict[str, Any]) -> Any:
    from rich.table import Table

    table = Table(title="scaling (synthetic articles)")
    for header, *_ in GROWTH_COLUMNS:
        table.add_column(header, justify="right")
    for row in growth_rows(results):
        table.add_row(*row)
    return table
