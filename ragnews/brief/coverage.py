"""How much of the story a set of sentences tells: weighted coverage of the cluster's concepts.

A summary is good when it says what the sources agree matters, in few words.
The classic way to measure that without a model (Gillick & Favre's concept
ILP, Lin & Bilmes' submodular coverage) is to treat each content word and
each pair of adjacent content words as a *concept*, weigh a concept by how
many independent sources state it, and pick sentences that cover the most
concept weight not yet covered, per word spent. Redundancy then costs
nothing to handle: a sentence that repeats what was chosen covers nothing new.

Two properties of news copy set the weights:

* a concept only one source states is that source's angle, not the story
  (it weighs nothing, unless there is only one source);
* news copy states the essentials first, so a concept that appears near the
  top of some article (who, what, where) counts more than one that first
  appears in the tenth paragraph.

The words are the project's own (`ragnews.text.terms.tokenize`: stemmed,
stopwords out), so nothing here depends on the language model or the data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ragnews.text.terms import tokenize

Concept = tuple[str, ...]

# A concept first met in an article's lead weighs (1 + EARLY) times one met far down.
EARLY = 8.0
# Cost of a sentence is its length to this power: 1 favours short sentences, 0 ignores length.
LENGTH_EXPONENT = 0.5


def concepts(text: str) -> set[Concept]:
    """The content words of `text` and its pairs of adjacent content words, stemmed."""
    words = tokenize(text)
    return {(w,) for w in words} | set(zip(words, words[1:]))


@dataclass(frozen=True)
class SourceSentence:
    """A sentence as a witness: which source (syndicated copies share one) and how far from its article's top."""

    source: str
    text: str
    position: int


def concept_weights(witnesses: Sequence[SourceSentence]) -> dict[Concept, float]:
    """Each concept's weight: the number of sources stating it, raised when some article states it early.

    Concepts stated by fewer than two sources weigh nothing (when there are two sources or more): one
    outlet's colour is not what the story is about.
    """
    sources: dict[Concept, set[str]] = defaultdict(set)
    first: dict[Concept, int] = {}
    for w in witnesses:
        for c in concepts(w.text):
            sources[c].add(w.source)
            first[c] = min(first.get(c, w.position), w.position)
    floor = min(2, len({w.source for w in witnesses}))
    return {c: len(s) * (1.0 + EARLY / (1.0 + first[c])) for c, s in sources.items() if len(s) >= floor}


class Coverage:
    """Greedy coverage state over candidate sentences: what each would add, and what is covered so far."""

    def __init__(self, texts: Sequence[str], weights: dict[Concept, float]) -> None:
        self.weights = weights
        self.concepts = [{c for c in concepts(t) if c in weights} for t in texts]
        self.words = [len(t.split()) for t in texts]
        self.covered: set[Concept] = set()

    def density(self, i: int, spent: int = 0) -> float:
        """Weight of the concepts sentence `i` adds to those covered, per unit of its length cost.

        `spent`: words of `i` already shown (a run carrying on a chosen sentence costs only its new words).
        """
        cost = max(self.words[i] - spent, 1) ** LENGTH_EXPONENT
        return sum(self.weights[c] for c in self.concepts[i] - self.covered) / cost

    def take(self, i: int) -> None:
        """Sentence `i` is chosen: its concepts are covered from now on."""
        self.covered |= self.concepts[i]
