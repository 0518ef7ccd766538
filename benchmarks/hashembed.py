"""A near-free stand-in embedder for growth runs (synthetic 1k..10k articles).

It claims MiniLM's name and dimension so that a store it built can be
searched with the real MiniLM query embedder: latency and memory of the
store, BM25 and the extractive answerer are real; only the ingest-side
model cost (measured on its own on the BBC corpus) is left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from ragnews.index.embedders import MINILM_NAME


class HashEmbedder:
    name = MINILM_NAME
    dim = 384

    def embed(self, texts: Sequence[str], progress=None) -> np.ndarray:  # type: ignore[no-untyped-def]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(t.encode("utf-8", "replace"), digest_size=8).digest(), "little")
            out[i] = np.random.default_rng(seed).standard_normal(self.dim, dtype=np.float32)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        if progress:
            progress(len(texts))
        return out
