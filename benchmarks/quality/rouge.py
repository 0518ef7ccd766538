"""ROUGE of the briefing's summary + key points against Multi-News' human summaries.

Every system gets the same words to spend: its text is cut to the human summary's length, so
ROUGE F compares what was chosen, not how much. Baselines choose among the very sentences the
briefing saw (after the same ingest cleaning): LexRank (sumy) and lead-3 (the first three
sentences of each article, article by article).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from ragnews.brief.model import Briefing
from ragnews.index.evidence import ArticleText
from ragnews.text.sentences import split_sentences

METRICS = ("rouge1", "rouge2", "rougeL")


class OfflineTokenizer:
    """sumy's tokenizer interface without nltk's punkt data (not available offline)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"[A-Za-z0-9][\w'’\-]*", sentence)


def cut(text: str, words: int) -> str:
    return " ".join(text.split()[:words])


def ours(b: Briefing) -> str:
    """Summary, then key points, as the briefing shows them (a repeated sentence costs words twice)."""
    return " ".join([t for t, _ in b.summary] + [k.text for k in b.key_points])


def lexrank(articles: Sequence[ArticleText], words: int) -> str:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    text = "\n\n".join("\n".join(s.text for s in a.sentences) for a in articles)
    parser = PlaintextParser.from_string(text, OfflineTokenizer())
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    n = max(3, words // 12)
    return cut(" ".join(str(s) for s in summarizer(parser.document, n)), words)


def lead3(articles: Sequence[ArticleText], words: int) -> str:
    return cut(" ".join(s.text for a in articles for s in a.sentences[:3]), words)


@dataclass
class RougeTable:
    """Mean ROUGE F per system and metric over the clusters scored."""

    scores: dict[str, dict[str, list[float]]] = field(default_factory=dict)

    def add(self, system: str, reference: str, candidate: str) -> None:
        from rouge_score import rouge_scorer

        scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
        got = scorer.score(reference, candidate)
        table = self.scores.setdefault(system, {m: [] for m in METRICS})
        for m in METRICS:
            table[m].append(got[m].fmeasure)

    def means(self) -> dict[str, dict[str, float]]:
        return {s: {m: round(statistics.fmean(v), 4) for m, v in t.items()} for s, t in self.scores.items()}
