"""Benchmark corpora: the seeds, the BBC folder (read in place), and a
deterministic synthetic corpus generated into a temp dir (never committed)."""

from __future__ import annotations

import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
DEFAULT_BBC = REPO.parent / "shared" / "data" / "bbc"

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_FIRST = ["Anna", "Piotr", "Maria", "James", "Fatima", "Kenji", "Olga", "Luis", "Grace", "Ahmed", "Ingrid", "Tomasz",
          "Chen", "Amara", "Diego", "Sofia", "Ravi", "Helen", "Yusuf", "Elena"]
_LAST = ["Kowalski", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Novak", "Alvarez", "Brennan", "Petrov",
         "Sato", "Mensah", "Fischer", "Rossi", "Kaur", "Walsh", "Demir", "Nakamura", "Costa", "Ibrahim"]
_OUTLETS = ["Northern Ledger", "Harbour Times", "Valley Courier", "Metro Dispatch", "Coastal Herald", "Capital Wire"]


def files(root: Path, limit: int | None = None) -> list[Path]:
    found = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in (".txt", ".md", ".html", ".htm") and not p.name.startswith("."))
    found = [p for p in found if p.name.upper() != "README.TXT"]
    return found[:limit] if limit else found


def bbc_sentences(bbc: Path) -> tuple[list[str], list[str]]:
    """(titles, body sentences) of the BBC corpus, in a stable order."""
    titles, sentences = [], []
    for path in files(bbc):
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        if not text:
            continue
        title, _, body = text.partition("\n")
        titles.append(title.strip())
        for para in body.split("\n"):
            sentences.extend(s.strip() for s in _SENT.split(para.strip()) if len(s.strip()) > 20)
    return titles, sentences


def synthesize(bbc: Path, target: Path, n: int, seed: int = 1234) -> list[Path]:
    """Write n articles recombining BBC sentences (seeded): varied lengths, names, numbers, dates, outlets.

    Files are numbered, so the first k of a larger corpus are the k-article corpus (growth series)."""
    titles, sentences = bbc_sentences(bbc)
    if not sentences:
        raise SystemExit(f"no BBC sentences under {bbc}: pass --bbc PATH")
    target.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)  # per-file stream: article i is the same whatever n is
        path = target / f"{i // 1000:02d}" / f"synth_{i:05d}.txt"
        out.append(path)
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        n_sent = max(3, int(rng.lognormvariate(2.6, 0.55)))  # median ~13 sentences, long tail
        start = rng.randrange(len(sentences))
        body = []
        for k in range(n_sent):
            # mostly runs of consecutive sentences (coherent-ish), sometimes a jump
            s = sentences[(start + k) % len(sentences)] if rng.random() < 0.7 else rng.choice(sentences)
            if rng.random() < 0.15:
                s = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}, a spokesperson, said {rng.randint(2, 98)}% of {rng.randint(1, 900) * 10:,} people agreed. " + s
            body.append(s)
        paras, j = [], 0
        while j < len(body):
            step = rng.randint(1, 3)
            paras.append(" ".join(body[j : j + step]))
            j += step
        title = rng.choice(titles)
        byline = f"By {rng.choice(_FIRST)} {rng.choice(_LAST)}"
        date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        head = f"{title}\n{byline} | {rng.choice(_OUTLETS)} | {date}\n\n"
        path.write_text(head + "\n\n".join(paras) + "\n", encoding="utf-8")
    return out


def link_subset(paths: list[Path], target: Path) -> Path:
    """A folder of symlinks to the given files (a corpus subset without copying data)."""
    target.mkdir(parents=True, exist_ok=True)
    for i, p in enumerate(paths):
        link = target / f"{i // 1000:02d}" / f"{i:05d}_{p.name}"
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            link.symlink_to(p.resolve())
    return target
