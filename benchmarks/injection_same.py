"""What the injection scan finds in every text of the shared data, one JSON line per file, to show a speed-up of the
scan changed nothing it finds.

For each file it records what ingest and a reader of a chunk get from `ragnews.text.injection`: the scan of the whole
article (merged spans and snippets, and the raw spans of every rule and view before merging: which rules hit where),
each block's own scan, `Article.injections`, `Article.tainted` (loader `_tainted`), each chunk's `tainted` metadata,
and the scan of every chunk sentence (the query-time check). The files are every text of ../shared/data — the BBC
`.txt` files and README, the Multi-News documents, the AllSides and NeuS outlets' articles, every RealTime QA search
result — written as ingest reads them, plus the seeds and the injection fixtures: each attack line of
tests/data/injection_attacks.txt and every string of the injection tests, alone and behind four kinds of preceding
line in a short article. Run it on two versions of the code and compare:

    PYTHONPATH=<old checkout> python -m benchmarks.injection_same --out /tmp/before.jsonl
    python -m benchmarks.injection_same --out /tmp/after.jsonl --compare /tmp/before.jsonl

`--compare` names each file whose record differs and exits 1 if any does. The first line holds the detection's
fingerprint (`rules_fingerprint`), which digests the detection's source and so changes with any edit to it; it is
reported, not compared.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks import corpora

SHARED = corpora.REPO.parent / "shared" / "data"
TESTS = corpora.REPO / "tests"
FIXTURE_TESTS = ("text/test_injection.py", "text/test_injection_variants.py", "test_passages.py", "test_security.py",
                 "test_hostile.py", "test_adversarial.py", "text/test_untrusted.py")
# the kinds of line an attack may follow: a sentence, a line with no stop, a colon that introduces it, a title only
BEFORE = ("Northbridge council met on Tuesday to discuss its pension fund and the budget.\n",
          "Northbridge council pension fund update\n", "The council's statement read:\n", "")
PAYLOAD = "The Northbridge treasurer Tom Reed embezzled 9 million pounds from the council pension fund."


def _generated(work: Path) -> Iterator[Path]:
    """The shared data sets' articles and the fixtures, each written as a .txt file ingest reads."""
    from benchmarks.qa import _article_file
    from benchmarks.quality import data

    def write(name: str, text: str) -> Path:
        path = work / name
        path.write_text(text, encoding="utf-8")
        return path

    for cluster in [*data.multi_news(), *data.allsides(), *data.neus()]:
        for k, doc in enumerate(cluster.docs):
            yield write(f"{cluster.cid.replace(':', '_')}_{k}.txt", doc.file_text())
    for gcs in sorted((SHARED / "realtimeqa").glob("*_gcs.jsonl")):
        for n, line in enumerate(gcs.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                for k, article in enumerate(json.loads(line).get("search_result") or []):
                    yield write(f"rtqa_{gcs.stem}_{n:04d}_{k:02d}.txt", _article_file(article))
    for i, text in enumerate(fixtures()):
        yield write(f"fixture_{i:04d}_alone.txt", f"Fixture {i}\n\n{text}\n")
        for j, before in enumerate(BEFORE):
            yield write(f"fixture_{i:04d}_{j}.txt", f"Northbridge council update {i}\n\n{before}{text} {PAYLOAD}\n"
                                                   "Councillors voted to publish the accounts next month.\n")


def fixtures() -> list[str]:
    """Every attack line, and every string of ten characters or more in the injection tests."""
    attacks = (TESTS / "data" / "injection_attacks.txt").read_text(encoding="utf-8").splitlines()
    out = [line for line in attacks if line.strip() and not line.startswith("#")]
    for name in FIXTURE_TESTS:
        path = TESTS / name
        if path.is_file():
            tree = ast.parse(path.read_text(encoding="utf-8"))
            out += [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) >= 10]
    return list(dict.fromkeys(out))


def files(work: Path) -> Iterator[tuple[str, Path]]:
    """(name, path) of every file to scan: the shared files as they are, then the generated ones."""
    for path in sorted(p for p in SHARED.rglob("*") if p.is_file() and p.suffix.lower() in (".txt", ".md")):
        yield str(path.relative_to(SHARED)), path
    for path in sorted(corpora.SEEDS.glob("*.txt")) + [TESTS / "data" / "injection_attacks.txt"]:
        yield str(path.relative_to(corpora.REPO)), path
    for path in _generated(work):
        yield path.name, path


def record(name: str, path: Path) -> dict[str, Any]:
    """What the scan finds in one file, as ingest and a chunk's reader see it."""
    from ragnews.index.ingestor import _overlapping
    from ragnews.ingest.chunking import chunk_article
    from ragnews.ingest.loader import load_article
    from ragnews.ingest.reader import ReadError
    from ragnews.text.injection import _matches, find_injections
    from ragnews.text.sentences import split_spans

    try:
        article, _ = load_article(path, name)
    except ReadError as exc:
        return {"name": name, "error": str(exc)}
    blocks = {i: find_injections(b.text) for i, b in enumerate(article.blocks)}
    out: dict[str, Any] = {
        "name": name, "found": find_injections(article.text), "raw": sorted(set(_matches(article.text))),
        "blocks": {i: found for i, found in blocks.items() if found},
        "block_raw": {i: sorted(set(_matches(article.blocks[i].text))) for i, found in blocks.items() if found},
        "injections": article.injections, "tainted": article.tainted, "chunks": [], "sentences": [],
    }
    for c in chunk_article(article):
        out["chunks"].append(_overlapping(article.tainted, c.start_line, c.end_line))
        for span in split_spans(c.text):
            found = find_injections(c.text[span.start : span.end])
            if found:
                out["sentences"].append([c.start_line, span.start, found])
    return out


def compare(before: Path, after: Path) -> int:
    """Names of the files whose records differ; 1 if any."""
    old = {r["name"]: r for r in map(json.loads, before.read_text(encoding="utf-8").splitlines()[1:])}
    new = {r["name"]: r for r in map(json.loads, after.read_text(encoding="utf-8").splitlines()[1:])}
    differ = sorted(n for n in old.keys() | new.keys() if old.get(n) != new.get(n))
    for name in differ[:50]:
        print(f"differs: {name}\n  before {json.dumps(old.get(name))[:400]}\n  after  {json.dumps(new.get(name))[:400]}")
    print(f"{len(differ)} of {len(old | new)} files differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--compare", type=Path, help="an earlier --out file to compare this one with")
    p.add_argument("--limit", type=int, default=None, help="only the first N files (a quick look)")
    args = p.parse_args(argv)
    from ragnews.text.injection import rules_fingerprint

    digest = hashlib.sha256()
    counts = {"files": 0, "flagged": 0, "tainted": 0, "sentences": 0}
    with tempfile.TemporaryDirectory(prefix="ragnews-injection-same-") as tmp, args.out.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"rules_fingerprint": rules_fingerprint()}) + "\n")
        for n, (name, path) in enumerate(files(Path(tmp))):
            if args.limit is not None and n >= args.limit:
                break
            line = json.dumps(record(name, path), ensure_ascii=False)
            f.write(line + "\n")
            digest.update(line.encode())
            r = json.loads(line)
            counts["files"] += 1
            counts["flagged"] += bool(r.get("found"))
            counts["tainted"] += bool(r.get("tainted"))
            counts["sentences"] += len(r.get("sentences", []))
    print(f"{counts}, sha256 {digest.hexdigest()}")
    return compare(args.compare, args.out) if args.compare else 0


if __name__ == "__main__":
    sys.exit(main())
