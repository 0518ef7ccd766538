"""Consistency check (and repair) of a store.

Ingest writes a source's chunks first and its record last, so a crash can
leave chunks with no record (orphans), a record whose chunks were partly
replaced, or a BM25 index older than the store. `check_store` finds each of
these; with repair=True it deletes what can't be trusted so that the next
ingest redoes exactly the affected articles.

Run a repair under the store's write lock (`with store.writing(): ...`):
deleting chunks while an ingest writes would race it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from ragnews.index.freshness import MISSING, Freshness, missing_texts
from ragnews.index.store import Store, chunk_id

_FIXABLE = ("orphan", "stale", "duplicate", "incomplete")
Found = list[tuple["Problem", "str | None"]]  # a problem and the chunk id it condemns, if any


@dataclass(frozen=True)
class Problem:
    kind: str  # embedder_meta | dimension | orphan | stale | duplicate | incomplete | lexical_stale | file_changed | file_missing | stale_text | mirror_stale | …
    source: str  # the article's path ("" for store-wide problems)
    message: str


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    repaired: list[Problem] = field(default_factory=list)
    sources: int = 0
    chunks: int = 0

    @property
    def ok(self) -> bool:
        """True when no problem remains (repaired ones don't count)."""
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "sources": self.sources, "chunks": self.chunks,
            "problems": [asdict(p) for p in self.problems], "repaired": [asdict(p) for p in self.repaired],
        }


@dataclass
class _Chunk:
    id: str
    path: str
    content_hash: str
    index: int
    dim: int


def check_store(store: Store, repair: bool = False, rebuild_lexical: Callable[[str], Any] | None = None) -> CheckReport:
    """Check an open store (call `store.collections(...)` first); optionally repair it.

    rebuild_lexical(generation) brings the lexical index in step with the store; when given,
    a repair also fixes a stale lexical index.
    """
    report = CheckReport()
    records = store.source_records()
    chunks = list(_all_chunks(store))
    report.sources, report.chunks = len(records), len(chunks)
    found = [(p, None) for p in _embedder_problems(store, chunks)] + _chunk_problems(records, chunks)
    if repair:
        report.repaired = _repair(store, found)
        found = [(p, cid) for p, cid in found if p.kind not in _FIXABLE]
    report.problems = [p for p, _ in found] + _file_problems(store, records, repair, report)
    _check_lexical(store, report, repair, rebuild_lexical)
    return report


def _file_problems(store: Store, records: dict[str, dict[str, Any]], repair: bool, report: CheckReport) -> list[Problem]:
    """Articles whose files changed or vanished since ingest: never cited until re-ingested.

    A changed file whose stored passages are no longer in it (edited, or
    overwritten with another article) also has stale text that search would
    still return; a repair deletes that article so the next ingest stores
    what the file holds now.
    """
    problems = []
    for path, why in sorted(Freshness().stale(records).items()):
        if why == MISSING:
            problems.append(Problem("file_missing", path, f"the file is {why}; run `ragnews ingest` on it (or `ragnews ingest --prune`)"))
            continue
        stale_text = _stale_text(store, path)
        if stale_text and repair:
            store.delete_source(path)
            report.repaired.append(Problem(stale_text.kind, path, stale_text.message + "; record and chunks deleted, "
                                           "run `ragnews ingest` on the file to store what it holds now"))
            continue
        problems.append(Problem("file_changed", path, f"the file is {why}; run `ragnews ingest` on it"))
        problems.extend([stale_text] if stale_text else [])
    return problems


def _stale_text(store: Store, path: str) -> Problem | None:
    texts = [c.text for c in store.iter_chunks(where={"path": path})]
    gone = missing_texts(path, texts)
    if not gone:
        return None
    return Problem("stale_text", path, f"{gone} of {len(texts)} stored chunks hold text that is no longer in the file")


def _all_chunks(store: Store) -> Iterator[_Chunk]:
    """Every chunk's id, identity and vector length."""
    for cid, meta, dim in store.iter_chunk_shapes():
        yield _Chunk(cid, str(meta.get("path", "")), str(meta.get("content_hash", "")), int(meta.get("chunk", -1)), dim)


def _embedder_problems(store: Store, chunks: list[_Chunk]) -> list[Problem]:
    meta = store.meta()
    if not meta.get("embedder") or not int(meta.get("dim") or 0):
        return [Problem("embedder_meta", "", "the collection does not record its embedder and dimension; re-ingest into a new --db")]
    dim = int(meta["dim"])
    bad = [c for c in chunks if c.dim != dim]
    return [Problem("dimension", c.path, f"chunk {c.id} has a {c.dim}-d vector, the store's embedder makes {dim}-d") for c in bad]


def _chunk_problems(records: dict[str, dict[str, Any]], chunks: list[_Chunk]) -> Found:
    """Orphans, stale and duplicate chunks, and records whose chunk set is incomplete."""
    problems: Found = []
    current: dict[str, list[_Chunk]] = defaultdict(list)
    for c in chunks:
        record = records.get(c.path)
        if record is None:
            problems.append((Problem("orphan", c.path, f"chunk {c.id} belongs to no stored article"), c.id))
        elif c.content_hash != record.get("content_hash"):
            problems.append((Problem("stale", c.path, f"chunk {c.id} is from an older version of the article"), c.id))
        else:
            current[c.path].append(c)
    for path, record in records.items():
        problems.extend(_record_problems(path, record, current.get(path, [])))
    return problems


def _record_problems(path: str, record: dict[str, Any], chunks: list[_Chunk]) -> Found:
    problems: Found = []
    by_index: dict[int, list[_Chunk]] = defaultdict(list)
    for c in chunks:
        by_index[c.index].append(c)
    for index, same in sorted(by_index.items()):
        expected = chunk_id(path, str(record.get("content_hash", "")), index)
        problems.extend((Problem("duplicate", path, f"chunk {c.id} repeats chunk {index}"), c.id)
                        for c in same if len(same) > 1 and c.id != expected)
    want = int(record.get("chunks", 0))
    if sorted(by_index) != list(range(want)):
        problems.append((Problem("incomplete", path, f"the record says {want} chunks, {len(by_index)} distinct ones are stored"), None))
    return problems


def _repair(store: Store, found: Found) -> list[Problem]:
    """Delete condemned chunks, unmark incomplete sources; return what was fixed."""
    doomed = [cid for p, cid in found if cid is not None and p.kind in _FIXABLE]
    store.delete_chunks(doomed)
    repaired = [Problem(p.kind, p.source, p.message + "; deleted") for p, cid in found if cid is not None and p.kind in _FIXABLE]
    for p, _ in found:
        if p.kind == "incomplete":
            store.delete_source(p.source)  # unmarked: the next ingest redoes this article
            repaired.append(Problem(p.kind, p.source, p.message + "; record deleted, the next ingest redoes it"))
    if repaired:
        store.bump_generation()  # chunks changed: the lexical index must follow
    return repaired


def _check_lexical(store: Store, report: CheckReport, repair: bool, rebuild: Callable[[str], Any] | None) -> None:
    if not store.lexical_stale():
        return
    problem = Problem("lexical_stale", "", "the lexical index is behind the store; `ragnews check --repair`, the next search or the next ingest brings it in step")
    if repair and rebuild is not None:
        rebuild(store.generation)
        report.repaired.append(problem)
    else:
        report.problems.append(problem)
