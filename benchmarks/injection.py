"""Injection detection: detection rate on the attack corpus, false positives on real news.

    python -m benchmarks.injection [--bbc ../shared/data/bbc]

The attack corpus is tests/data/injection_attacks.txt (one planted instruction per
line); every BBC article is real news with no instruction in it, so any article
flagged there is a false positive.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ragnews.text.injection import find_injections

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=Path, default=ROOT.parent / "shared" / "data" / "bbc")
    args = parser.parse_args()
    attacks = [line for line in (ROOT / "tests" / "data" / "injection_attacks.txt").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")]
    caught = sum(bool(find_injections(a)) for a in attacks)
    files = sorted(args.bbc.rglob("*.txt"))
    started = time.perf_counter()
    flagged = [f for f in files if find_injections(f.read_text(encoding="latin-1"))]
    seconds = time.perf_counter() - started
    print(f"attacks detected: {caught}/{len(attacks)} ({caught / len(attacks):.0%})")
    print(f"BBC articles flagged (false positives): {len(flagged)}/{len(files)} ({len(flagged) / max(len(files), 1):.2%}), "
          f"{seconds:.1f} s ({1000 * seconds / max(len(files), 1):.1f} ms/article)")
    for f in flagged:
        print(f"  {f.relative_to(args.bbc)}: {find_injections(f.read_text(encoding='latin-1'))[0][2][:100]!r}")


if __name__ == "__main__":
    main()
