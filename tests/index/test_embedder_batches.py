"""The local embedder runs a call's batches side by side; what it returns does not depend on how the call was cut."""

from __future__ import annotations

import numpy as np

from ragnews.index.embedders import MiniLMEmbedder

TEXTS = [
    "North Korea has sent troops to Russia.",
    "Kremlin spokesman Dmitry Peskov said the talks would continue on Friday in Moscow.",
    "The mutual defence treaty, signed in June 2024, obliges each side to help the other if it is attacked.",
    "Ukraine denied the claim.",
    "About 4,000 soldiers were killed or wounded, according to South Korean intelligence officials who briefed lawmakers.",
    "Markets fell.",
    "The bill, which passed 69 to 30, includes approximately $550 billion in new spending on roads, bridges and rail.",
    "Officials said the evacuation of about 70 homes was ordered late on Thursday night.",
    "Short.",
    "A much longer sentence that goes on and on about the weather, the season, the harvest, the markets and the mood.",
]


def test_a_text_gets_the_same_vector_alone_in_one_call_or_in_any_batch() -> None:
    side_by_side = MiniLMEmbedder(threads=2)
    assert side_by_side.workers == 2
    together = side_by_side.embed(TEXTS)
    side_by_side._cache.clear()
    alone = np.stack([side_by_side.embed([t])[0] for t in TEXTS])
    one_thread = MiniLMEmbedder(threads=1, batch_size=3).embed(list(reversed(TEXTS)))[::-1]
    assert together.shape == (len(TEXTS), 384)
    assert np.array_equal(together, alone)  # bit for bit, each row its own text's: no decision depends on the cut
    assert np.array_equal(together, one_thread)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert len({row.tobytes() for row in together}) == len(TEXTS)  # (and every text has a vector of its own)


def test_a_call_of_a_few_texts_is_cut_so_that_both_workers_have_a_batch() -> None:
    embedder = MiniLMEmbedder(threads=2)
    seen: list[int] = []
    run = embedder._run

    def counting(batch_ids: list[list[int]]) -> np.ndarray:
        seen.append(len(batch_ids))
        return run(batch_ids)

    embedder._load()
    embedder._run = counting  # type: ignore[method-assign]
    embedder.embed(TEXTS[:6])
    assert sorted(seen) == [3, 3]
