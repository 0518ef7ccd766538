"""Cross-source analysis of the sentences of the articles in one story cluster.

Which figures and dates the sources disagree on (and which only look
different), what happened when, who said what, which articles are copies of
each other, what each source alone adds, and which inputs are untrustworthy
(wrong dates, injected instructions). Everything is rules over structure, and
every finding cites the very `Sentence` objects it was given.
"""

from ragnews.analysis.model import Analysis, Claim, DataWarning, Discrepancy, QuoteItem, Similarity, TimelineEvent
from ragnews.analysis.run import analyze, differences

__all__ = ["Analysis", "Claim", "DataWarning", "Discrepancy", "QuoteItem", "Similarity", "TimelineEvent", "analyze", "differences"]
