"""The readings of a corpus's chunk sentences, one JSON line each, to show a speed-up changed no reading.

Reads the first N files as ingest does (`load_article`, `chunk_article`, the chunk sentences `split_spans` cuts),
reads every distinct sentence with a fresh `Reader` (no cache), and writes `json.dumps(Reading.to_json())` per
sentence, in order, to OUT. Run it on two versions of the code and compare the files byte for byte:

    PYTHONPATH=<old checkout> python -m benchmarks.readings_same --limit 300 --out /tmp/before.jsonl
    python -m benchmarks.readings_same --limit 300 --out /tmp/after.jsonl && cmp /tmp/before.jsonl /tmp/after.jsonl

It also checks that `Reading.from_json(to_json())` gives the reading back (the cache's round trip).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from benchmarks import corpora


def sentences(paths: list[Path]) -> list[str]:
    from ragnews.ingest.chunking import chunk_article
    from ragnews.ingest.loader import load_article
    from ragnews.text.sentences import split_spans

    out: list[str] = []
    for path in paths:
        article, _ = load_article(path, str(path))
        for chunk in chunk_article(article):
            out.extend(chunk.text[s.start : s.end] for s in split_spans(chunk.text))
    return list(dict.fromkeys(out))


def main(argv: list[str] | None = None) -> int:
    from ragnews.text.reading import Reader, Reading

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", choices=("bbc", "seeds"), default="bbc")
    p.add_argument("--limit", type=int, default=300)
    p.add_argument("--root", type=Path, help="the corpus folder (default: the --corpus one beside this checkout)")
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    root = args.root or (corpora.SEEDS if args.corpus == "seeds" else corpora.DEFAULT_BBC)
    texts = sentences(corpora.files(root, args.limit))
    if not texts:
        print(f"no sentences under {root}", file=sys.stderr)
        return 1
    reader = Reader()
    digest = hashlib.sha256()
    with args.out.open("w", encoding="utf-8") as f:
        for i in range(0, len(texts), 256):  # in windows, as ingest reads them
            for r in reader.read(texts[i : i + 256]):
                line = json.dumps(r.to_json(), ensure_ascii=False)
                if Reading.from_json(json.loads(line)) != r:
                    print(f"round trip differs: {r.text!r}", file=sys.stderr)
                    return 1
                f.write(line + "\n")
                digest.update(line.encode())
    print(f"{len(texts)} sentences, sha256 {digest.hexdigest()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
