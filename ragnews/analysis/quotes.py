"""Who said what, from the reading: speakers and their words as the English model parsed them.

The speaker is the subject of a verb of saying, or the source of "according
to"; the words are the quotation beside the verb (the speaker's own, shown as
such) or the clause it reports (shown as reported). "He said" and a quotation
carried on into the next sentence take the speaker the article's readings give
(`text.reading.speakers`). One person has one display name across sources:
mentions meet by the keys the reading gives them (a surname meets the full
name), and the fullest name any source uses is shown. A body ("the Foreign
Ministry", "South Korean officials") keeps its own name and is no person's.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence

from ragnews.analysis.model import QuoteItem
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text.reading import Attribution, Reader, Reading, paired, speakers

log = logging.getLogger(__name__)

MIN_WORDS = 4  # a statement shorter than this ("Friday.", "in a statement") tells nothing worth listing


def extract_quotes(articles: list[ArticleText], skip: set[Sentence], reader: Reader) -> list[QuoteItem]:
    """Attributed statements with speakers, each person under one display name across all sources."""
    found: list[QuoteItem] = []
    for art in articles:
        sentences = [s for s in art.sentences if s not in skip and not art.is_headline(s)]  # a headline quotes no one
        readings = reader.read([s.text for s in sentences])
        for s, r, a in zip(sentences, readings, speakers(readings)):
            item = _statement(s, r, a)
            if item is not None:
                found.append(item)
    names = _display_names(found)
    roles: dict[str, str | None] = {}  # the fullest role each person is given, in any source
    in_article: dict[tuple[str, str], str | None] = {}  # ... and in each article
    for q in found:  # a role given once holds for the person's other statements ("Lukin, a professor at…", then "Lukin said")
        if q.role and not q.body:
            name = names.get(q.speaker, q.speaker)
            roles[name] = fullest_role(roles.get(name), q.role)
            in_article[q.ref.source, name] = fullest_role(in_article.get((q.ref.source, name)), q.role)
    return [QuoteItem(name := names.get(q.speaker, q.speaker), _role(q, name, in_article.get((q.ref.source, name)), roles.get(name)),
                      q.text, q.ref, q.direct, q.body) for q in found]


def fullest_role(*roles: str | None) -> str | None:
    """Of the roles one person is given, the fullest: the one of most words, the first of equals."""
    given = [r for r in roles if r]
    return max(given, key=lambda r: len(r.split())) if given else None


def _role(q: QuoteItem, name: str, article: str | None, anywhere: str | None) -> str | None:
    """The role shown beside a statement: its own when it is more than a bare title; else the fullest role its article
    gave the person ("Blunt said" after "Sen. Roy Blunt (R-Mo.) said": "R-Mo.", not the title "Sen."), else the fullest
    any source gave ("Rep." beside another outlet's "Democratic Congresswoman"); never a title the shown name already
    holds ("Sen. Roy Blunt (Sen.)")."""
    own = q.role
    if q.body or own and len(own.split()) > 1:
        role = own
    elif article and len(article.split()) > 1:
        role = article
    else:
        role = fullest_role(article, anywhere, own)
    if role and set(role.split()) <= set(name.split()):
        return None
    return role


def _statement(s: Sentence, r: Reading, a: Attribution | None) -> QuoteItem | None:
    """The sentence's statement, or None: no speaker the reading could name, a negated report ("Neither Seoul
    nor Moscow said how many"), or too few words to be a statement."""
    if a is None or not a.speaker:
        return None
    if any(c.predicate == a.cue and c.negated for c in r.claims):
        log.debug("no statement (negated report): %s", s.text[:80])
        return None
    words = _words(a.said)
    if len(words.split()) < MIN_WORDS:
        return None
    return QuoteItem(a.speaker, a.role, words, s, a.direct, a.kind != "person")


def _words(said: str) -> str:
    """The words as shown: the reported clause without its "that", stray punctuation off the ends — a closing
    quotation mark only when nothing in the words opened it (`as "dangerous"` keeps its mark)."""
    words = said.strip().strip("“”\"‘’ ,;:—–-").strip()
    end = said.rstrip(" ,;:—–-")[-1:]
    if end in ('"', "”") and not paired(words) and paired(words + end):
        words += end
    return re.sub(r"^(?:that|whether)\s+", "", words)


def _display_names(items: Sequence[QuoteItem]) -> dict[str, str]:
    """One display name per person: the fullest spelling that holds all of the mention's words ("Kim" and "Kim Jong
    Un", "Putin" and "Vladimir Putin"), and among spellings of the same words ("Kim Jong-un", "Kim Jong Un") or the
    same name with an initial ("Vladimir V. Putin"), the one without initials that is used most."""
    used = Counter(q.speaker for q in items if not q.body)
    words = {name: frozenset(w for w in _words_of(name) if len(w) > 1) for name in used}
    out: dict[str, str] = {}
    for name in used:
        longer = [n for n in used if words[name] <= words[n]]
        widest = {words[n] for n in longer if not any(words[n] < words[m] for m in longer)}
        if len(widest) != 1:  # "Kim" beside both "Kim Jong Un" and "Kim Yeol Soo" is neither: it keeps its own name
            out[name] = name
            continue
        spellings = [n for n in used if words[n] == next(iter(widest))]
        out[name] = max(spellings, key=lambda n: (not re.search(r"\b[A-Z]\.", n), used[n], n))
    return out


def _words_of(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", name.lower().replace(".", "")) if w]
