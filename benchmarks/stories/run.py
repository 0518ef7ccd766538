"""Story grouping quality: Multi-News validation clusters and AllSides stories, mixed.

    python -m benchmarks.stories.run [--calibrate] [--cache /tmp/stories_vecs.npy]
    python -m benchmarks.stories.run --small      # each story alone, as `brief FOLDER` sees it

Every article of both sets goes into one pool; a good grouping gives back the
sets' own clusters. Reports pairwise precision/recall/F1 and B-cubed, split into
a dev half (clusters whose id hashes even: used for --calibrate) and a held-out
half (never used to choose parameters), and the time grouping takes.
The lead embedded is what the store embeds as an article's first chunk: its
title and first ~220 words.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import time
from pathlib import Path

import numpy as np

from benchmarks.stories.data import Item, allsides, multi_news
from ragnews.index.stories import Signature, day_of, group, names_in, pairs, term_vectors


def lead(item: Item) -> str:
    return " ".join(item.text.split()[:220])


def vectors(items: list[Item], cache: Path | None) -> np.ndarray:
    if cache and cache.exists():
        found = np.load(cache)
        if len(found) == len(items):
            return found
    from ragnews.index.embedders import MiniLMEmbedder

    found = MiniLMEmbedder().embed([lead(it) for it in items])
    if cache:
        np.save(cache, found)
    return found


def signatures(items: list[Item], vecs: np.ndarray) -> list[Signature]:
    terms = term_vectors([lead(it) for it in items])
    return [Signature(f"{it.cluster}/{i:05d}", vecs[i], names_in(lead(it)), day_of(it.published), terms[i]) for i, it in enumerate(items)]


def dev(cluster: str) -> bool:
    return int(hashlib.sha1(cluster.encode()).hexdigest(), 16) % 2 == 0


def score(items: list[Item], found: list[list[int]], keep: set[int]) -> dict[str, float]:
    """Pairwise P/R/F1 and B-cubed P/R over the articles in `keep`."""
    gold_clusters: dict[str, list[int]] = {}
    for i in sorted(keep):
        gold_clusters.setdefault(items[i].cluster, []).append(i)
    ours = [[i for i in c if i in keep] for c in found]
    gold_pairs, our_pairs = pairs(gold_clusters.values()), pairs(ours)
    tp = len(gold_pairs & our_pairs)
    p = tp / len(our_pairs) if our_pairs else 1.0
    r = tp / len(gold_pairs) if gold_pairs else 1.0
    of = {i: set(c) for c in ours for i in c}
    gold_of = {i: set(c) for c in gold_clusters.values() for i in c}
    b3p = float(np.mean([len(of[i] & gold_of[i]) / len(of[i]) for i in keep]))
    b3r = float(np.mean([len(of[i] & gold_of[i]) / len(gold_of[i]) for i in keep]))
    return {"pairwise_p": p, "pairwise_r": r, "pairwise_f1": 2 * p * r / (p + r) if p + r else 0.0, "b3_p": b3p, "b3_r": b3r}


def run(items: list[Item], sigs: list[Signature], **params: float | bool) -> tuple[list[list[int]], float]:
    started = time.perf_counter()
    stories = group(sigs, **params)  # type: ignore[arg-type]
    return [s.members for s in stories], time.perf_counter() - started


def calibrate(items: list[Item], sigs: list[Signature], keep: set[int]) -> dict[str, float]:
    best: tuple[float, dict[str, float]] | None = None
    grid = itertools.product([0.6, 0.65, 0.7, 0.75, 0.8, 0.85], [0.0, 0.2], [0.0, 0.5, 1.0], [2, 3, 5])
    for join, names, words, window in grid:
        found, _ = run(items, sigs, join=join, name_weight=names, word_weight=words, window=window)
        s = score(items, found, keep)
        objective = s["pairwise_f1"] if s["pairwise_p"] >= 0.9 else s["pairwise_f1"] - 1
        print(f"join={join:.2f} names={names:.2f} words={words:.2f} window={window:2d}  "
              f"P={s['pairwise_p']:.3f} R={s['pairwise_r']:.3f} F1={s['pairwise_f1']:.3f}")
        if best is None or objective > best[0]:
            best = (objective, {"join": join, "name_weight": names, "word_weight": words, "window": window})
    assert best is not None
    return best[1]


def small_pools(items: list[Item], vecs: np.ndarray, cache: Path | None) -> None:
    """Each gold story grouped alone (a folder of one story), and runs of five BBC stories from one topic folder
    grouped alone (a folder of different stories): is the one story kept whole, are the different ones kept apart?
    Both as a small store groups them, and as a folder the user named to `brief` is regrouped (`chosen`)."""
    clusters: dict[str, list[int]] = {}
    for i, it in enumerate(items):
        clusters.setdefault(it.cluster, []).append(i)
    stories = [idx for idx in clusters.values() if len(idx) >= 2]
    runs = bbc_runs()
    bvecs = vectors([it for run_ in runs for it in run_], cache.with_name(cache.stem + "_bbc.npy") if cache else None)
    for chosen in (False, True):
        whole, share = 0, []
        for idx in stories:
            biggest = max(len(s) for s in run(items, signatures([items[i] for i in idx], vecs[idx]), chosen=chosen)[0])
            whole += biggest == len(idx)
            share.append(biggest / len(idx))
        print(f"{'named to brief' if chosen else 'a small store'}: one story alone ({len(stories)} stories): kept whole "
              f"{whole / len(stories):.3f}, mean share in the biggest group {np.mean(share):.3f}")
        merged, offset = [], 0
        for run_ in runs:
            found = run(run_, signatures(run_, bvecs[offset:offset + len(run_)]), chosen=chosen)[0]
            offset += len(run_)
            merged += [" || ".join(run_[i].title[:60] for i in g) for g in found if len(g) > 1]
        print(f"  five BBC stories alone ({len(runs)} runs): {len(merged)} groups of more than one (read them: same event or not?)")
        for m in merged:
            print("   ", m)


def bbc_runs(per_folder: int = 100, size: int = 5) -> list[list[Item]]:
    """Runs of `size` consecutive BBC stories from each topic folder."""
    root = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "bbc"
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.txt"))[:per_folder]
        for start in range(0, len(files), size):
            texts = [f.read_text(encoding="utf-8", errors="replace").strip() for f in files[start:start + size]]
            out.append([Item(f"bbc-{folder.name}-{start}", t.split("\n")[0], t, None, "BBC") for t in texts])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="grid-search parameters on the dev half")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/stories_vecs2.npy"), help="cache of the lead embeddings")
    parser.add_argument("--small", action="store_true", help="group each story alone, as a folder `brief FOLDER` is given")
    args = parser.parse_args()
    items = multi_news() + allsides()
    if args.small:
        small_pools(items, vectors(items, args.cache), args.cache)
        return
    sigs = signatures(items, vectors(items, args.cache))
    dev_keep = {i for i, it in enumerate(items) if dev(it.cluster)}
    held_keep = set(range(len(items))) - dev_keep
    params = calibrate(items, sigs, dev_keep) if args.calibrate else {}
    found, seconds = run(items, sigs, **params)
    print(f"{len(items)} articles, {len({it.cluster for it in items})} gold stories -> {len(found)} stories in {seconds:.2f} s; params {params or 'defaults'}")
    for name, keep in (("dev", dev_keep), ("held-out", held_keep), ("all", set(range(len(items))))):
        s = score(items, found, keep)
        print(f"{name:9s} pairwise P={s['pairwise_p']:.3f} R={s['pairwise_r']:.3f} F1={s['pairwise_f1']:.3f}   B3 P={s['b3_p']:.3f} R={s['b3_r']:.3f}")


if __name__ == "__main__":
    main()
