"""The summary and the key points: the story's central facts, each stated once, with honest support.

Candidates are the sentences that can stand alone as news prose (see
`candidates.py`) from articles that tell the cluster's story (an unrelated
page caught in a cluster speaks for nothing). A sentence is central when the
other sources say something close to it and it sits near its article's lead,
where news copy puts who did what, where and when. A greedy pass takes the
sentence that adds the most of what the sources state in common, per word
(`coverage.py`), tilted towards central sentences: the first few make the
summary (the best lead sentence first), the next ones the key points, so no
sentence appears twice. A sentence that leans on the one before it ("But he
said...", '"We regret it," she said') is never shown alone: it may follow that
sentence, as a run of up to three, or stay out; a quotation told over several
sentences is shown whole or not at all.

A key point's support counts a source only if that source states the same
fact, as `analysis/corroboration.py` decides from both sentences' readings
and their cosine; syndicated copies count once. One fact told in several
outlets' words is one key point, and key points are ordered by how many
outlets state them, then by rank.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

import numpy as np

from ragnews.analysis.corroboration import LIGHT_VERBS, STATES, backs, by_clause, calibration, same_fact
from ragnews.analysis.textsim import article_relatedness
from ragnews.answer.citations import CitationBook
from ragnews.brief.candidates import (
    CAPTION,
    CUT_QUOTE,
    LEANS_BEFORE,
    caption_before_credit,
    junk_reason,
    opens_quote,
    quotation_only,
    unbalanced_quote,
    without_label,
)
from ragnews.brief.coverage import Coverage, SourceSentence, concept_weights
from ragnews.brief.model import KeyPoint
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text.mentions import resolve, resolved, unnamed
from ragnews.text.reading import ProForm, Reader, Reading, default_reader, describe, name_key
from ragnews.text.sentences import is_prose
from ragnews.text.terms import tokenize

MAX_SUMMARY = 5
MAX_KEY_POINTS = 8
OFF_STORY = 0.6  # an article less related than this to the story's articles tells another story
SAME_BEAT = 0.45  # ... and more related than this, it is on the story's topic (stray pages sit at 0.1-0.35)
MIN_ARTICLES_FOR_STORY = 2  # with fewer articles there is nothing to tell a stray page from
MIN_PROSE_WORDS = 60  # an article with less prose than this (a crawl notice, a menu) is no voice for a story
CONTAINED = 0.8  # share of a sentence's content words in another that makes it a restatement
MIN_CONTAINED = 5  # ... for a sentence of at least this many content words
CANDIDATE_POOL = 3  # key points are chosen by support among this many times as many of the best-ranked candidates
EXPLAIN_WEIGHED = 8  # sentences of other sources shown per item by `explain`, closest first
MAX_RUN = 3  # a sentence and at most two that lean on it, shown together
# How a sentence's centrality is weighed: closeness to the cluster's centroid, the best matches in other
# sources, and nearness to its article's lead; then how much centrality (in standard deviations) counts
# beside the concept coverage a sentence adds.
WEIGHTS = {"centroid": 1.0, "cross": 0.5, "lead": 0.5, "lead_exp": 0.3, "centrality": 2.0}


@dataclass
class _Item:
    article: ArticleText
    sentences: tuple[Sentence, ...]  # one sentence, or one and those after it that lean on it or finish its quotation
    parts: tuple[str, ...]  # what is shown and quoted of each: the first without its dateline
    position: int  # among its article's candidates: 0 is the lead

    @property
    def sentence(self) -> Sentence:
        return self.sentences[0]

    @cached_property
    def text(self) -> str:
        return " ".join(self.parts)

    @cached_property
    def whole(self) -> bool:
        """Every quotation the run opens, it closes; and a quotation told over several sentences says who speaks."""
        return not unbalanced_quote(self.text) and (len(self.sentences) == 1 or not quotation_only(self.text))

    def follows(self, s: Sentence, text: str) -> _Item:
        """This run carried on by `s`, which leans on its last sentence or goes on with its quotation."""
        return _Item(self.article, (*self.sentences, s), (*self.parts, text), self.position)


def _label(n_sources: int, total: int) -> str:
    if total >= 3 and n_sources == total:
        return "consensus"
    if n_sources >= 2:
        return "several sources"
    return "single source"


def _completeness(r: Reading) -> int:
    """How many of who did what, where and when a sentence says, as the model read it: a subject that is no pronoun,
    a verb that tells an event (not "is" or "has"), a place, a date."""
    main, root = r.main, r.claims[0] if r.claims else None
    who = any(c is not None and c.subject is not None and not _pronoun(c.subject_pro)
              for c in (root, main))  # "Investigators … said they still don't know…": the investigators
    did = main is not None and main.predicate not in LIGHT_VERBS
    where = any(e.label in ("GPE", "LOC", "FAC") for e in r.entities)
    return int(who) + int(did) + int(where) + int(bool(r.times))


def _pronoun(pro: ProForm | None) -> bool:
    """The subject is a personal pronoun standing for a person or a body ("he", "it", "they", "we", "I"), as the
    morphology reads it: who it is is said elsewhere."""
    return pro is not None and pro.head and (pro.of_person or pro.of_body)


@lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    return frozenset(tokenize(text))


def _contained(a: str, b: str) -> bool:
    """Nearly every content word of the shorter sentence is in the other: the same statement reworded."""
    wa, wb = _words(a), _words(b)
    short, other = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(short) >= MIN_CONTAINED and len(short & other) >= CONTAINED * len(short)


def _named_mentions(articles: Sequence[ArticleText], skip: set[Sentence],
                    read: Mapping[str, Reading]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each sentence (and the sentence proper after a page's label) whose mentions stand for a named entity of its
    article (`text/mentions.py`), with the mentions written as the names and the names' words: the text a same-fact
    decision embeds and the lemmas it compares. A sentence two articles print with different links keeps the first."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for a in articles:
        lines = [s.text.strip() for s in a.sentences if s not in skip]
        readings = [read[t] for t in lines]
        for line, r, found in zip(lines, readings, resolve(readings)):
            links = unnamed(r, found)
            if not links or line in out:
                continue
            words = tuple(dict.fromkeys(w for link in links for w in name_key(link.name).split() if w.isalpha()))
            out[line] = (resolved(r, links), words)
            if 0 < r.label_end < len(line):
                out.setdefault(without_label(line, r.label_end), (resolved(r, links, r.label_end), words))
    return out


def _syndication_groups(articles: Sequence[ArticleText], groups: Sequence[Sequence[str]]) -> dict[str, str]:
    """Syndicated copies count once: each article's path maps to its group's first path."""
    group_of = {a.path: a.path for a in articles}
    by_source = {a.source: a.path for a in articles}
    for group in groups:
        paths = [by_source.get(src, src) for src in group]
        for p in paths:
            group_of[p] = paths[0]
    return group_of


def _prose_words(texts: Sequence[str], read: Mapping[str, Reading] | None = None) -> int:
    """Words of an article that could stand in a briefing: sentences that stand alone, and those leaning on
    one that does ("But he said..." after its lead). A crawl notice whose excerpt opens mid-thought ("These
    crawls are part of...") leans on nothing shown, so it is no prose however long."""
    words, standing = 0, False
    for t in dict.fromkeys(texts):
        r = (read or {}).get(t.strip())
        standing = junk_reason(t, reading=r) is None or standing and junk_reason(t, follows=True, reading=r) is None
        words += len(t.split()) if standing else 0
    return words


class KeyPointPicker:
    """Chooses the summary and the key points among the story sentences of the articles.

    Citations go into the briefing's shared `book`; injected passages and sentences that are
    not news prose are never candidates.
    """

    def __init__(self, articles: list[ArticleText], book: CitationBook, embed: Callable[[list[str]], np.ndarray],
                 topic_vector: np.ndarray | None = None, injected: set[Sentence] | None = None,
                 syndicated: Sequence[Sequence[str]] = (), reader: Reader | None = None, embedder_name: str | None = None) -> None:
        self.articles = articles
        self.match = calibration(embedder_name)
        self.book = book
        skip = injected or set()
        self.group_of = _syndication_groups(articles, syndicated)
        reader = reader or default_reader()
        # every line read once: where its sentence proper begins after a page's label ("Updated | …", a dateline), and
        # whether it leans on the line before by a pronoun, decide what may be a candidate
        lines = list(dict.fromkeys(s.text.strip() for a in articles for s in a.sentences if s not in skip))
        self.lines: dict[str, Reading] = dict(zip(lines, reader.read(lines)))
        self.on_story = self._on_story(articles, embed, skip, self.lines)
        self.items = self._candidates(self.on_story, skip, self.lines)
        # every prose sentence can support a key point, candidate or not
        self.support = [(a, s) for a in articles for s in a.sentences if s not in skip and is_prose(s.text)]
        self.support_vectors = embed([s.text for _, s in self.support]) if self.support else np.zeros((0, 384), np.float32)
        # each sentence of the items embedded once: runs are built from them, and repeats inside runs read them
        self._part_vectors = self._embed_parts(embed)
        # what each sentence says with its pronouns and definite noun phrases written as the names they stand for in
        # its article ("The prince's lawyers…" -> "Prince Jefri Bolkiah's lawyers…"): what the same-fact decision
        # embeds and compares (ranking reads the sentences as written)
        self._named = _named_mentions(articles, skip, self.lines)
        texts = list(dict.fromkeys([*(t for i in self.items for t in i.parts), *(s.text for _, s in self.support)]))
        self.readings: dict[str, Reading] = {t: self._with_names(t, r) for t, r in zip(texts, reader.read(texts))}
        # every text a same-fact decision may compare: the sentences, their clauses told alone (embedded once)
        self._text_vectors: dict[str, np.ndarray] = {**dict(zip((s.text for _, s in self.support), self.support_vectors)),
                                                     **self._part_vectors}
        # (and the words a sentence quotes: two quotations of one utterance are one fact whatever their frames)
        parts = [t for r in self.readings.values() for t in r.told_alone]
        statements = list(dict.fromkeys(t for t in parts if t not in self._text_vectors))
        self._text_vectors.update(zip(statements, embed(statements)) if statements else {})
        named = [t for t in texts if t.strip() in self._named]
        self._text_vectors.update(zip(named, embed([self._as_named(t) for t in named])) if named else {})
        self._judged_support = np.stack([self._text_vectors[s.text] for _, s in self.support]) if self.support else self.support_vectors
        self.vectors = self._item_vectors()
        self.sims = self.vectors @ self.vectors.T  # items' cosines: centrality, repeats and the opener all read them
        by_sentences = {item.sentences: k for k, item in enumerate(self.items)}
        # each item with the items that are its run's starts, longest first
        self._starts = [[by_sentences[item.sentences[:m]] for m in range(len(item.sentences), 0, -1) if item.sentences[:m] in by_sentences]
                        for item in self.items]
        self.shown: set[int] = set()  # citations of the sentences the summary and key points show
        self.dropped: list[tuple[int, int]] = []  # (item, the chosen item it restates): for `explain`
        self._verdicts: dict[int, list[tuple[Sentence, float, str]]] = {}  # item -> its weighed sentences (`_considered`)
        self.topic_vector = topic_vector
        self.order = self._rank()
        self.summarised = 0  # how many of `order` the summary took

    @staticmethod
    def _on_story(articles: list[ArticleText], embed: Callable[[list[str]], np.ndarray], skip: set[Sentence],
                  read: Mapping[str, Reading]) -> list[ArticleText]:
        """The articles that tell the cluster's story: the core article and the articles related to it or to its kin.

        The core is the article most sources back (itself and the articles related to it that carry real
        prose), then the one with the most prose behind it. Prose is what may stand in a briefing: two copies
        of a crawl notice are related to each other but carry none, and a page of teaser headlines carries
        many words but little prose, so neither outvotes one real article; two related reports outvote a
        longer unrelated one. When no other article with prose backs the core, nothing tells the story
        from a stray page, and every article with prose on the core's topic speaks."""
        if len(articles) < MIN_ARTICLES_FOR_STORY:
            return articles
        texts = {a.source: [s.text for s in a.sentences if s not in skip] for a in articles}
        related = article_relatedness(texts, embed)
        # a sentence printed twice (a teaser above its story) is one sentence of prose
        prose = {a.source: _prose_words(texts[a.source], read) for a in articles}

        def kin_of(a: ArticleText) -> list[ArticleText]:
            return [b for b in articles if b is a or related.at_least(a.source, b.source, OFF_STORY)]

        def backing(a: ArticleText) -> tuple[int, int]:
            kin = kin_of(a)
            return sum(prose[b.source] >= MIN_PROSE_WORDS for b in kin), sum(prose[b.source] for b in kin)

        core = max(articles, key=lambda a: (*backing(a), -articles.index(a)))
        alone = backing(core)[0] <= 1
        kin = [a for a in articles if a is core or related.at_least(core.source, a.source, OFF_STORY)
               or alone and prose[a.source] >= MIN_PROSE_WORDS and related.at_least(core.source, a.source, SAME_BEAT)]
        return [a for a in articles if a in kin or any(related.at_least(a.source, k.source, OFF_STORY) for k in kin if k is not core)]

    @staticmethod
    def _candidates(articles: list[ArticleText], skip: set[Sentence], read: Mapping[str, Reading]) -> list[_Item]:
        """Every sentence that can stand alone, and every run that reads whole (up to MAX_RUN sentences): a
        sentence and those leaning on it, or a quotation told over several sentences."""
        out = []
        for a in articles:
            k, run = 0, None
            for i, s in enumerate(a.sentences):
                text = s.text.strip()
                if s in skip or s.tainted:
                    run = None
                    continue
                r = read[text]
                following = a.sentences[i + 1].text if i + 1 < len(a.sentences) else None
                why = "skipped" if a.is_headline(s) else CAPTION if s in a.captions or caption_before_credit(r, following) \
                    else junk_reason(text, reading=r)
                if (run is not None and len(run.sentences) < MAX_RUN and why != "skipped" and (why == LEANS_BEFORE or not run.whole)
                        and junk_reason(text, follows=True, reading=r) is None):
                    run = run.follows(s, text)
                elif why is None or why == CUT_QUOTE and opens_quote(text) and junk_reason(text, follows=True, reading=r) is None:
                    run = _Item(a, (s,), (without_label(text, r.label_end),), k)
                    k += 1
                else:
                    run = None
                    continue
                if run.whole:
                    out.append(run)
        return out

    def _embed_parts(self, embed: Callable[[list[str]], np.ndarray]) -> dict[str, np.ndarray]:
        texts = list(dict.fromkeys(t for i in self.items for t in i.parts))
        return dict(zip(texts, embed(texts))) if texts else {}

    def _as_named(self, text: str) -> str:
        """The text with its article's mentions written as names (`_named_mentions`), or as it is."""
        named = self._named.get(text.strip())
        return named[0] if named else text

    def _with_names(self, text: str, r: Reading) -> Reading:
        """The reading with the words of the names its mentions stand for among its content lemmas: "his memoir" of
        Matthew Perry shares "perry" with a sentence that names him."""
        named = self._named.get(text.strip())
        return replace(r, lemmas=(*r.lemmas, *named[1])) if named else r

    def _item_vectors(self) -> np.ndarray:
        """One vector per item: a run's is the normalised sum of its sentences'."""
        if not self.items:
            return np.zeros((0, 384), np.float32)
        summed = np.stack([np.sum([self._part_vectors[t] for t in i.parts], axis=0) for i in self.items])
        return (summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-12)).astype(np.float32)

    def _extends(self, i: int, j: int) -> bool:
        """Item i is item j's run carried further (j's sentences are i's first ones)."""
        a, b = self.items[i].sentences, self.items[j].sentences
        return len(a) > len(b) and a[: len(b)] == b

    def _overlap(self, i: int, j: int) -> bool:
        return i == j or self._extends(i, j) or self._extends(j, i)

    def distinct_sources(self, paths: Sequence[str]) -> int:
        return len({self.group_of.get(p, p) for p in paths})

    def _scores(self) -> np.ndarray:
        """Centrality across sources plus lead position (plus the topic, when one is given)."""
        v = self.vectors
        centroid = v.mean(axis=0)
        centroid = centroid / (np.linalg.norm(centroid) or 1.0)
        groups = np.array([self.group_of.get(i.sentence.path, i.sentence.path) for i in self.items])
        cross = np.zeros(len(self.items))
        others = sorted(set(groups))
        for i in range(len(self.items)):
            best = [self.sims[i, groups == g].max() for g in others if g != groups[i]]
            cross[i] = float(np.mean(best)) if best else 0.0
        w = WEIGHTS
        lead = np.array([1.0 / (1.0 + i.position) ** w["lead_exp"] for i in self.items])
        score = w["centroid"] * (v @ centroid) + w["cross"] * cross + w["lead"] * lead
        if self.topic_vector is not None:
            score = score + v @ self.topic_vector
        return np.asarray(score, dtype=float)

    def _witnesses(self) -> list[SourceSentence]:
        """Every prose sentence of the story's articles, with its source and its place from the article's top."""
        on_story = {id(a) for a in self.on_story}
        place: dict[int, int] = {}
        out = []
        for a, s in self.support:
            if id(a) in on_story:
                k = place.get(id(a), 0)
                place[id(a)] = k + 1
                out.append(SourceSentence(self.group_of.get(s.path, s.path), s.text, k))
        return out

    def _rank(self) -> list[int]:
        """All candidates, best first: each adds the most uncovered concept weight per word (coverage.py),
        tilted towards sentences central across sources, and none says what one before it said."""
        if not self.items:
            return []
        score = self._scores()
        central = (score - score.mean()) / (score.std() or 1.0)
        cover = Coverage([i.text for i in self.items], concept_weights(self._witnesses()))
        chosen: list[int] = []
        spent: dict[Sentence, int] = {}  # words already shown of the run each chosen item starts

        def gain(i: int) -> tuple[float, int]:
            return cover.density(i, spent.get(self.items[i].sentence, 0)) + WEIGHTS["centrality"] * float(central[i]), -i

        left = set(range(len(self.items)))
        while left and len(chosen) < MAX_SUMMARY + 4 * MAX_KEY_POINTS:
            best = max(left, key=gain)
            left.discard(best)
            grown = next((j for j in chosen if self._extends(best, j)), None)  # a chosen sentence, carried on
            if any(self._overlap(j, best) for j in chosen if j != grown):
                continue  # its sentences are shown already
            said = next((j for j in chosen if j != grown and self._repeats(best, j)), None)
            if said is not None:
                self.dropped.append((best, said))  # says what a chosen sentence says
                continue
            if grown is None:
                best = self._best_told(best, left, chosen)
                left.discard(best)
                chosen.append(best)
            else:
                chosen[chosen.index(grown)] = best
            spent[self.items[best].sentence] = len(self.items[best].text.split())
            cover.take(best)
        return chosen

    def _repeats(self, i: int, j: int) -> bool:
        """Item i says what item j says, or a run's start does (the summary may show only a run's start,
        and a run's meaning, averaged over its sentences, can hide a first sentence that repeats); or a
        sentence further on in one run says what a sentence of the other says ("He was fully vaccinated,
        his family said" after a lead, and "Powell was fully vaccinated, his family said" elsewhere)."""
        if any(self._restates(b, a, float(self.sims[a, b])) for a in self._starts[i] for b in self._starts[j]):
            return True
        return any(self._parts_restate(a, b) for a in self.items[i].parts for b in self.items[j].parts)

    def _parts_restate(self, a: str, b: str) -> bool:
        """Sentence `a` says what `b` says: the same fact (or `a`'s told inside a clause of `b`), or all but a word or
        two of the shorter's content words are the other's (a pronoun for a name can cost MiniLM a lot of cosine)."""
        cosine = self._cosine(a, b)
        return same_fact(self.readings[a], self.readings[b], cosine, self.match, self._cosine, within=True) or _contained(a, b)

    def _best_told(self, best: int, left: set[int], taken: list[int]) -> int:
        """Of the sentences that report what `best` reports, the one the most sources state.

        One fact told in several wordings is shown once, so it should be shown in the wording
        the sources share ("The US added 559,000 jobs", in two outlets) rather than one outlet's
        take on it, whose support would then read "single source" for what all of them say.
        """
        rivals = [j for j in left if self._restates(j, best, float(self.sims[best, j])) and not any(self._overlap(j, c) for c in taken)]
        if not rivals:
            return best
        support = {i: self._support(i) for i in [best, *rivals]}
        chosen = max(rivals, key=lambda j: (support[j], -j))
        if support[chosen] > support[best] and self._restates(chosen, best, float(self.sims[best, chosen])):
            left.add(best)
            return chosen
        return best

    def _support(self, i: int) -> int:
        """How many distinct sources state item i's fact (what `_point` would cite)."""
        return self.distinct_sources([self.items[i].sentence.path, *(s.path for s in self._stating(i))])

    def _stating(self, i: int) -> Iterator[Sentence]:
        """The prose sentences that state item i's fact, closest in meaning first."""
        return (other for other, _, verdict in self._considered(i) if verdict == STATES)

    def _considered(self, i: int) -> list[tuple[Sentence, float, str]]:
        """Every prose sentence close enough in meaning to be weighed as stating item i's fact, closest first, with
        the verdict (`STATES`, or why not); judged once per item (support, ordering, citing and `explain` read it)."""
        if i not in self._verdicts:
            lead = self.items[i].parts[0]  # the sentence that states it; the ones after it lean on it
            cos = self._judged_support @ self._text_vectors[lead] if len(self.support) else np.zeros(0)
            self._verdicts[i] = [(self.support[int(j)][1], float(cos[j]),
                                  backs(self.readings[lead], self.readings[self.support[int(j)][1].text], float(cos[j]), self.match,
                                        self._cosine))
                                 for j in np.argsort(-cos) if cos[j] >= self.match.prefilter]
        return self._verdicts[i]

    def explain(self) -> list[dict[str, object]]:
        """Why the summary and key points are what they are: each shown sentence as the model read it, the
        sentences weighed as stating the same fact and the verdict on each, and what was left out as a restatement."""
        out: list[dict[str, object]] = []
        for i in self.order[: self.summarised + MAX_KEY_POINTS * CANDIDATE_POOL]:
            item = self.items[i]
            lead = self.readings[item.parts[0]]
            weighed: list[dict[str, object]] = []
            for s, c, v in [w for w in self._considered(i) if w[0].path != item.sentence.path][:EXPLAIN_WEIGHED]:
                clause = by_clause(lead, self.readings[s.text], c, self.match, self._cosine) if v == STATES else None
                named = self._as_named(s.text)
                weighed.append({"quote": s.text, "source": s.source, "cosine": round(c, 3), "verdict": v}
                               | ({"clause": clause} if clause else {})  # the clause told alone that states it
                               | ({"named": named} if named != s.text else {}))  # as compared, its mentions as names
            entry: dict[str, object] = {"text": item.text, "source": item.article.source, "read": describe(lead), "weighed": weighed}
            named = self._as_named(item.parts[0])  # what the decision compared, when its mentions stand for names
            out.append(entry | ({"named": named} if named != item.parts[0] else {}))
        for i, j in self.dropped:
            out.append({"text": self.items[i].text, "source": self.items[i].article.source,
                        "dropped": f"restates: {self.items[j].text}"})
        return out

    def _restates(self, chosen: int, other: int, cosine: float) -> bool:
        """The two sentences state one fact (either way round: "The US added 559,000 jobs" and "Payrolls rose
        559,000, the Labor Department said" are one fact, whichever was taken first), or `other`'s is told inside a
        clause of `chosen` (not the reverse: a longer sentence sharing one clause with a shorter one tells more)."""
        a, b = self.items[chosen].parts[0], self.items[other].parts[0]
        if a == b:
            return True
        return same_fact(self.readings[b], self.readings[a], self._cosine(a, b), self.match,
                         self._cosine, within=True)

    def _cosine(self, a: str, b: str) -> float:
        """The cosine of two texts the picker embedded: sentences (with their mentions written as names) and their
        clauses told alone."""
        return float(self._text_vectors[a] @ self._text_vectors[b])

    def summary(self, limit: int = MAX_SUMMARY) -> list[tuple[str, list[int]]]:
        """The story in at most `limit` sentences, opening with a lead that says who did what, where and when."""
        top = self._fit(self.order, limit)
        opener = self._opener(top)
        if opener is not None:
            opener = max((i for i in top if self._overlap(i, opener)), key=lambda i: len(self.items[i].sentences), default=opener)
            # a paraphrase standing in for a chosen sentence replaces it: the two are never both shown
            said = [i for i in top if i != opener and not self._repeats(opener, i)]
            later = [i for i in self.order if i not in top and not self._repeats(opener, i) and not any(self._overlap(i, t) for t in said)]
            top = self._fit([opener, *said, *later], limit)
        self.order = top + [i for i in self.order if not any(self._overlap(i, t) or self._repeats(t, i) for t in top)]
        self.summarised = len(top)
        out = []
        for i in top:
            point = self._point(i)  # every outlet that states it is cited: its support is part of what it says
            if point:
                out.append((point.text, point.citations))
        return out

    def _fit(self, order: list[int], sentences: int) -> list[int]:
        """The items of `order`, first first, within a number of sentences (a run cut short keeps its start)."""
        out: list[int] = []
        for i in order:
            room = sentences - sum(len(self.items[j].sentences) for j in out)
            if room <= 0:
                break
            part = i if len(self.items[i].sentences) <= room else self._start_of(i, room)
            if part is not None:
                out.append(part)
        return out

    def _start_of(self, i: int, n: int) -> int | None:
        """The longest start of item i's run, within `n` sentences, that reads whole (a candidate itself)."""
        return next((j for j in self._starts[i] if len(self.items[j].sentences) <= n), None)

    def _opener(self, top: list[int]) -> int | None:
        """The lead sentence (near an article's top) among the most central that tells the most of who, what, where, when.

        A lead that says it happened "in the Kursk region" "on Monday" opens a story better than one
        that leaves the place or the day to the next sentence; a paraphrase of a chosen sentence may
        stand in for it when it tells more.
        """
        pool = [i for i in self.order[: max(len(top), 1) * 2] if self.items[i].position <= 1]
        pool += [j for j in range(len(self.items)) if self.items[j].position <= 1 and top and j not in pool and
                 any(self._restates(j, t, float(self.sims[j, t])) for t in top)]
        if not pool:
            return None
        rank = {i: k for k, i in enumerate(self.order)}
        # an article's first sentence is its lead by the convention of news writing: it counts as one more of who,
        # what, where and when (a description further down, "The bridge … is a landmark", does not outrank it)
        return max(pool, key=lambda i: (_completeness(self.readings[self.items[i].parts[0]]) + (self.items[i].position == 0),
                                        min(len(self.items[i].text.split()), 40), -rank.get(i, len(rank))))

    def key_points(self, limit: int = MAX_KEY_POINTS) -> list[KeyPoint]:
        """Further facts (after what the summary said), each labelled by how many distinct sources state it."""
        pool = self.order[self.summarised:][: CANDIDATE_POOL * limit]
        # what more outlets state comes first; among equals, the picker's order (what adds the most)
        ranked = sorted(range(len(pool)), key=lambda k: (-self._support(pool[k]), k))
        points = []
        for k in ranked:
            point = self._point(pool[k])
            if point:
                points.append(point)
            if len(points) >= limit:
                break
        return points

    def _point(self, i: int, max_cites: int = 6) -> KeyPoint | None:
        item = self.items[i]
        own = [self.book.cite_verified(s, text) for s, text in zip(item.sentences, item.parts)]
        if None in own:
            return None
        cites, paths = [n for n in own if n is not None], [item.sentence.path]
        self.shown.update(cites)
        seen = {self.group_of.get(item.sentence.path, item.sentence.path)}
        for other in self._stating(i):
            group = self.group_of.get(other.path, other.path)
            if len(cites) >= max_cites:
                break
            if group in seen:
                continue
            m = self.book.cite_verified(other)
            if m is not None:
                cites.append(m)
                paths.append(other.path)
                seen.add(group)
        total = self.distinct_sources([a.path for a in self.articles])
        sources = [self._source_of(p) for p in paths]
        return KeyPoint(item.text, cites, sources, _label(self.distinct_sources(paths), total), len(own))

    def _source_of(self, path: str) -> str:
        return next((a.source for a in self.articles if a.path == path), path)
