"""A question asked in the negative is answered only by a sentence that says "not" (issue 27, round 12).

"Which food was not on the menu?" asks for what a sentence denies; a sentence that names foods on the menu, however
close to the question in words, names what the question excludes. The reading gives each clause its polarity
(`Claim.negated`), and the question's own clause gives the question's (`Asked.negated`).
"""

from __future__ import annotations

import logging

from ragnews.answer.asking import Asked
from ragnews.text.reading import Reading

log = logging.getLogger(__name__)


def denial_missing(asked: Asked, r: Reading) -> bool:
    """The question is negated and the sentence has no negated clause: whatever it names is what the question
    excludes, not its answer."""
    if not asked.negated or any(c.negated for c in r.claims):
        return False
    log.debug("a negated question and no negated clause: %s", r.text)
    return True
