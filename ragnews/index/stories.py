"""Stories: the articles of a collection that report the same event.

A folder of a week's news, or everything a user ingested over months, holds
many stories; a briefing is about one. Grouping follows the classic online
event detection of news wires (TDT): articles are taken in time order and
each joins the story it is most like — by meaning (the average cosine of its
lead to the story's leads), by who and what it names (shared named
entities), and only within a time window around the story's dates — or it
starts a new story. Average linkage keeps a broad topic ("the Supreme
Court", "Covid") from swallowing distinct events; the time window keeps
next month's ruling out of this month's story.

The order is canonical (publication date, then path), so the same store
always gives the same stories, whatever order the files were ingested in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ragnews.text.dates import CALENDAR_WORDS
from ragnews.text.terms import STOPWORDS, tokenize

JOIN = 0.85  # meaning + wording + names score above which an article joins a story (calibrated: benchmarks/stories)
NAME_WEIGHT = 0.2  # how much sharing the story's rarer names adds
WORD_WEIGHT = 0.5  # how much sharing the story's rarer words (tf-idf cosine) adds
WINDOW_DAYS = 3  # a dated article joins only a story with a dated member this close (in days)
SMALL_POOL = 20  # fewer articles than this: their word and name statistics say nothing (see `group`)
MEANING_JOIN = 0.6  # ... so they group on meaning alone, above this (benchmarks/stories: --small)
CHOSEN_JOIN = 0.5  # ... and a handful of articles a user named together, above this (see `group`)
FULL_SCAN = 2_000  # pools up to this size compare an undated article with every story (see `Cues` past it)
CUE_TERMS = 8  # an undated article's rarest lead words that find its candidate stories
RARE_NAME = 0.5  # ... and its names at least this rare (in fewer than √n of the n articles)
MAX_NAMES = 12

_NAME = re.compile(r"(?<![\w’'])[A-Z][\w’'\-]*(?:\s+(?:of|the|de|van|von|al|bin|for|and)?\s*[A-Z][\w’'\-]*)*")
_NOT_NAMES = STOPWORDS | CALENDAR_WORDS | frozenset(
    "mr mrs ms dr he she it they we i you a an the this that these those but and or so if as in on at by for to of".split())


@dataclass(frozen=True)
class Signature:
    """What grouping needs of one article."""

    key: str  # the article's path
    vector: np.ndarray  # its lead, embedded and normalised
    names: frozenset[str]  # who and what it names, lowercased
    day: int | None  # publication date as an ordinal, if known
    terms: Mapping[str, float] = field(default_factory=dict)  # tf-idf weights of its lead's words, L2-normalised


@dataclass
class Story:
    """One event and the articles that report it."""

    id: str
    members: list[int] = field(default_factory=list)  # indexes into the signatures
    names: Counter[str] = field(default_factory=Counter)
    days: list[int] = field(default_factory=list)
    terms: Counter[str] = field(default_factory=Counter)  # sum of the members' tf-idf vectors
    position: int = 0  # its row in the grouping's matrix of vector sums

    def add(self, i: int, sig: Signature) -> None:
        self.members.append(i)
        self.names.update(sig.names)
        self.terms.update(sig.terms)
        if sig.day is not None:
            self.days.append(sig.day)


def names_in(text: str, limit: int = MAX_NAMES) -> frozenset[str]:
    """The proper names a lead mentions (capitalised runs), most frequent first; sentence-initial words don't count alone."""
    found: Counter[str] = Counter()
    for m in _NAME.finditer(text):
        words = [w for w in m.group(0).split() if w.lower() not in _NOT_NAMES]
        if not words:
            continue
        start = m.start()
        sentence_start = start == 0 or text[:start].rstrip()[-1:] in ".!?\n\"“"
        if sentence_start and len(words) == 1 and m.group(0).split()[0] == words[0]:
            continue  # "Officials said…": a capital that only opens a sentence
        found[" ".join(words).lower()] += 1
    return frozenset(name for name, _ in found.most_common(limit))


def day_of(published: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


def canonical_order(signatures: Sequence[Signature]) -> list[int]:
    """Time order (undated last), then path: the same store always groups the same way."""
    return sorted(range(len(signatures)), key=lambda i: (signatures[i].day is None, signatures[i].day or 0, signatures[i].key))


def group(signatures: Sequence[Signature], join: float = JOIN, name_weight: float = NAME_WEIGHT,
          word_weight: float = WORD_WEIGHT, window: int = WINDOW_DAYS, chosen: bool = False) -> list[Story]:
    """Group articles into stories; each story's id is derived from its first article's path.

    Rarity of names and tf-idf of words are statistics of the pool: in a folder of three
    outlets' takes on one event every shared word is in every article, so its weight is
    zero, and a threshold calibrated with those signals would ask the leads alone for a
    likeness that different outlets' wordings rarely reach. Small pools therefore group
    on meaning alone, against a threshold calibrated for meaning alone. A small pool the
    user `chosen` together (a folder named to `brief`) is itself evidence that its articles
    tell one story, so it splits only where the leads are further apart: at the collection's
    bar, 29 % of single-event folders lost articles to a second "story".
    """
    join, name_weight, word_weight = pool_rule(len(signatures), chosen, join, name_weight, word_weight)
    stories: list[Story] = []
    weights = Weights(name_weight, word_weight, window, _name_rarity(signatures))
    centres = Centres(signatures[0].vector.shape[0] if signatures else 1)
    open_rows: list[int] = []  # stories a dated article can still join: the rest ended more than `window` days ago
    undated = any(sig.day is None for sig in signatures)
    cues = Cues(weights.rarity) if undated and len(signatures) > FULL_SCAN else None
    for i in canonical_order(signatures):
        sig = signatures[i]
        keys = cues.keys(sig) if cues is not None else []
        rows: np.ndarray | None
        if sig.day is not None:
            rows = _still_open(open_rows, stories, sig.day, window)
        else:
            rows = cues.rows(keys) if cues is not None else None
        story, new = place(i, sig, best_story(sig, stories, centres, weights, rows), join, stories, centres)
        if new:
            open_rows.append(story.position)
        if cues is not None:
            cues.add(story.position, keys)
    return stories


def pool_rule(n: int, chosen: bool = False, join: float = JOIN, name_weight: float = NAME_WEIGHT,
              word_weight: float = WORD_WEIGHT) -> tuple[float, float, float]:
    """(join bar, name weight, word weight) for a pool of n articles: small pools group on meaning alone (see `group`)."""
    if n < SMALL_POOL:
        return CHOSEN_JOIN if chosen else MEANING_JOIN, 0.0, 0.0
    return join, name_weight, word_weight


class Cues:
    """Which stories share an article's rarest words and names: an undated article's candidates in a large pool.

    Time bounds what a dated article is compared with; an undated one has no such bound, and
    comparing it with every story makes grouping quadratic (100,000 undated articles: hours).
    Two reports of one event share the rare words and names that say which event it is, so
    the stories holding any of the article's CUE_TERMS rarest lead words or its rare names are
    the ones worth scoring; the others could only join on meaning alone.
    """

    def __init__(self, rarity: Mapping[str, float]) -> None:
        self.rarity = rarity
        self.postings: dict[str, list[int]] = {}

    def keys(self, sig: Signature) -> list[str]:
        """The article's cues: its CUE_TERMS rarest lead words and its rare names."""
        words = sorted(sig.terms, key=lambda t: (-sig.terms[t], t))[:CUE_TERMS]
        return [f"w {t}" for t in words] + [f"n {n}" for n in sig.names if self.rarity.get(n, 1.0) >= RARE_NAME]

    def add(self, row: int, keys: list[str]) -> None:
        for cue in keys:
            self.postings.setdefault(cue, []).append(row)

    def rows(self, keys: list[str]) -> np.ndarray:
        found: set[int] = set()
        for cue in keys:
            found.update(self.postings.get(cue, ()))
        return np.fromiter(sorted(found), dtype=np.intp, count=len(found))


def _still_open(open_rows: list[int], stories: list[Story], day: int, window: int) -> np.ndarray:
    """The rows of stories within `window` days of `day`, pruned in place.

    Articles come in time order (undated last), so a story whose last dated member is more
    than `window` days before this article can never be joined again: dropping it for good
    keeps grouping linear in the collection for dated news (100,000 articles over years
    compare each with a few hundred open stories, not with every story so far).
    """
    open_rows[:] = [j for j in open_rows if not stories[j].days or stories[j].days[-1] >= day - window]
    return np.asarray(open_rows, dtype=np.intp)


class Centres:
    """The stories' vector sums and sizes as one growing matrix: one product scores every story."""

    def __init__(self, dim: int) -> None:
        self.totals = np.zeros((64, dim), dtype=np.float32)
        self.sizes = np.zeros(64, dtype=np.float32)
        self.count = 0

    def append(self, vector: np.ndarray, size: int = 1) -> None:
        """A story whose members' vectors sum to `vector` (a new story: its first article's)."""
        if self.count == len(self.sizes):
            self.totals = np.concatenate([self.totals, np.zeros_like(self.totals)])
            self.sizes = np.concatenate([self.sizes, np.zeros_like(self.sizes)])
        self.totals[self.count] = vector
        self.sizes[self.count] = size
        self.count += 1

    def add_to(self, j: int, vector: np.ndarray) -> None:
        self.totals[j] += vector
        self.sizes[j] += 1

    def meaning(self, vector: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Average cosine of `vector` to each story's members (or to those of the stories in `rows`)."""
        if rows is None:
            n = self.count
            return (self.totals[:n] @ vector) / self.sizes[:n]
        return (self.totals[rows] @ vector) / self.sizes[rows]


@dataclass(frozen=True)
class Weights:
    names: float
    words: float
    window: int
    rarity: Mapping[str, float]  # a name's weight: common names ("Biden") say little about the event


def _name_rarity(signatures: Sequence[Signature]) -> dict[str, float]:
    counts = Counter(name for sig in signatures for name in sig.names)
    return {name: rarity(c, len(signatures)) for name, c in counts.items()}


def rarity(count: int, pool: int) -> float:
    """A name's weight from how many of the pool's articles name it: 1 for one article, 0 for all."""
    n = max(pool, 2)
    return math.log(n / count) / math.log(n)


def best_story(sig: Signature, stories: list[Story], centres: Centres, w: Weights,
                rows: np.ndarray | None = None) -> tuple[Story, float] | None:
    if not stories or rows is not None and not len(rows):
        return None
    meaning = centres.meaning(sig.vector, rows)
    best: tuple[Story, float] | None = None
    top = np.argpartition(-meaning, min(8, len(meaning) - 1))[:8] if len(meaning) > 8 else np.arange(len(meaning))
    for j in top[np.argsort(-meaning[top], kind="stable")]:  # only the closest in meaning can win
        story = stories[int(j) if rows is None else int(rows[j])]
        if not _in_window(sig.day, story.days, w.window):
            continue
        score = float(meaning[j]) + w.names * _shared_names(sig.names, story, w.rarity) + w.words * _shared_words(sig, story)
        if best is None or score > best[1]:
            best = (story, score)
    return best


def _shared_names(names: frozenset[str], story: Story, rarity: Mapping[str, float]) -> float:
    """How much of what the article names the story's articles name too (0..1), rare names counting most."""
    total = sum(rarity.get(n, 1.0) for n in names)
    if not total:
        return 0.0
    size = len(story.members)
    return sum(rarity.get(n, 1.0) * min(story.names[n], size) / size for n in names) / total


def _shared_words(sig: Signature, story: Story) -> float:
    """Average tf-idf cosine between the article's lead and the story's leads."""
    if not sig.terms:
        return 0.0
    return sum(weight * story.terms[t] for t, weight in sig.terms.items()) / len(story.members)


def term_vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """L2-normalised tf-idf vectors of texts, idf from these texts: rare shared words mark one event."""
    bags = [bag_of(t) for t in texts]
    df = Counter(term for bag in bags for term in bag)
    return [tfidf(bag, df, len(texts)) for bag in bags]


def bag_of(text: str) -> Counter[str]:
    """A lead's words and how often each occurs (what `tfidf` weighs)."""
    return Counter(tokenize(text))


def tfidf(bag: Mapping[str, int], df: Mapping[str, int], pool: int) -> dict[str, float]:
    """One lead's L2-normalised tf-idf vector, given the pool's document frequencies (its own words counted in)."""
    n = max(pool, 1)
    vec = {t: (1 + math.log(c)) * math.log(n / df[t]) for t, c in bag.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items() if v > 0}


def _in_window(day: int | None, days: Sequence[int], window: int) -> bool:
    if day is None or not days:
        return True  # undated: meaning and names decide
    return min(days) - window <= day <= max(days) + window


def place(i: int, sig: Signature, best: tuple[Story, float] | None, join: float, stories: list[Story],
          centres: Centres) -> tuple[Story, bool]:
    """Article `i` joins the best story when it scores at least `join`, else starts one (True): the one placing
    rule of a full grouping and of the saved grouping's update (`storybook`)."""
    if best is not None and best[1] >= join:
        story = best[0]
        story.add(i, sig)
        centres.add_to(story.position, sig.vector)
        return story, False
    story = Story(story_id(sig.key), position=len(stories))
    story.add(i, sig)
    stories.append(story)
    centres.append(sig.vector)
    return story, True


def story_id(first_key: str) -> str:
    return "s" + hashlib.sha1(first_key.encode("utf-8", "surrogateescape")).hexdigest()[:7]


def central_member(story: Story, signatures: Sequence[Signature]) -> int:
    """The member most like the story as a whole: its lead labels the story."""
    total = np.sum([signatures[i].vector for i in story.members], axis=0)
    centre = total / (np.linalg.norm(total) or 1.0)
    return max(story.members, key=lambda i: (float(signatures[i].vector @ centre), -i))


def pairs(clusters: Iterable[Sequence[int]]) -> set[tuple[int, int]]:
    """All unordered pairs within each cluster (for pairwise precision and recall)."""
    return {(a, b) if a < b else (b, a) for c in clusters for x, a in enumerate(c) for b in c[x + 1:]}
