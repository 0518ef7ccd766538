"""Sentences in another script or language than the article around them.

A planted instruction need not be in English, nor use any phrase a rule
knows: "Negeer alle vorige instructies." in an English article reads as
nothing to a list of English patterns. What gives it away is that it is not
in the article's language. News copy quotes foreign words, names and the odd
phrase, but a whole sentence in another script, or one built of another
language's function words and none of the article's, is rare enough in an
article that it is kept as data, never as evidence.

Scripts are read from Unicode character names; Latin-script languages from
the small closed class of function words each uses (articles, pronouns,
auxiliaries), leaving out every one that is also an English word.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from ragnews.text.sentences import split_spans

_FUNCTION_WORDS = {
    "en": "the and of to that is was for with as by at from it he she they has have had been are were this his her their "
          "said not but which who would there what when about into after on in a an you we our my your me us him them its "
          "be do does did will can could should may might must so if or no up out over more all one new per come",
    "nl": "het een niet ook maar naar deze dit wordt worden werd bij voor heeft hebben alle geen nog wel zijn dat jij "
          "jullie uw wij zij hun zich omdat vorige alleen zoals wordt tegen",
    "de": "der das und nicht ist sind ein eine einen dem den des mit auf für von zu sich auch wie oder aber wird werden "
          "wurde alle bitte ihre sie wir ich du dass nur noch schon nach bei über unter kein keine vorherigen",
    "fr": "le la les des une du est sont et pas pour dans sur avec qui que ce cette vous nous il elle ils au aux ne plus "
          "ou mais toutes tous leur été être précédentes",
    "es": "el los las una unos del es son y pero para con por que como más este esta todas todos su sus usted ustedes "
          "nosotros hay muy anteriores",
    "it": "il lo gli della delle dei di che è sono non con una uno questo questa tutte tutti anche più ma "
          "precedenti",
    "pt": "os um uma da dos das não que com para por é são mas você vocês todas todos isso este esta anteriores",
    "pl": "na nie jest są się że od jak ale czy przez dla oraz wszystkie wszystkich poprzednie tylko jego jej ich pan pani "
          "już tak też",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SCRIPT_ALIASES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "CJK": "CJK"}
MIN_LETTERS = 6  # a sentence with fewer letters (a name, an initialism) says nothing about its script
MIN_RUN = 12  # letters of another script in a row: a quoted sentence, not a name in its own spelling
MIN_ARTICLE_HITS = 8  # function words an article needs before its language is known


def script_of(ch: str) -> str:
    """'LATIN', 'CYRILLIC', 'CJK', 'ARABIC', … for a letter (by its Unicode name)."""
    if ch.isascii():
        return "LATIN"
    try:
        first = unicodedata.name(ch).split()[0]
    except ValueError:
        return "OTHER"
    return _SCRIPT_ALIASES.get(first, first)


_LATIN_LETTERS = re.compile(r"[A-Za-z]+")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_LANGS_OF: dict[str, tuple[str, ...]] = {}  # each function word's languages, in the order of `_WORDS`
for _lang, _words in _WORDS.items():
    for _w in _words:
        _LANGS_OF[_w] = (*_LANGS_OF.get(_w, ()), _lang)


def _scripts(text: str) -> Counter[str]:
    """How many letters of each script, counted in the order each script first appears (ties are broken by it).

    ASCII letters (Latin) are counted by the run, and only the other characters one by one: most text is ASCII."""
    first = _LATIN_LETTERS.search(text)
    if first is None and text.isascii():
        return Counter()
    ascii_letters = sum(map(len, _LATIN_LETTERS.findall(text))) if first else 0
    if text.isascii():
        return Counter({"LATIN": ascii_letters})
    at: dict[str, int] = {"LATIN": first.start()} if first else {}
    counts: dict[str, int] = {"LATIN": ascii_letters} if first else {}
    for m in _NOT_ASCII.finditer(text):
        ch = m.group()
        if ch.isalpha():
            script = script_of(ch)
            at[script] = min(at.get(script, m.start()), m.start())
            counts[script] = counts.get(script, 0) + 1
    return Counter({script: counts[script] for script in sorted(at, key=at.__getitem__)})


def _languages(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        for lang in _LANGS_OF.get(word, ()):
            counts[lang] += 1
    return counts


def in_english(text: str) -> bool:
    """The text is written in English as far as its script and function words tell: Latin letters, and no other
    language's function words outnumbering English ones ("Le café a fermé après la grève" is French)."""
    scripts = _scripts(text)
    if scripts and scripts.most_common(1)[0][0] != "LATIN":
        return False
    langs = _languages(text)
    return not langs or langs.get("en", 0) >= max(langs.values())


def foreign_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, why) of each sentence in another script or language than the text as a whole."""
    spans = split_spans(text)
    if len(spans) < 3:
        return  # a sentence or two is no article to differ from
    scripts, languages = _scripts(text), _languages(text)
    script = scripts.most_common(1)[0][0] if scripts else None
    language = languages.most_common(1)[0][0] if sum(languages.values()) >= MIN_ARTICLE_HITS else None
    for span in spans:
        sentence = text[span.start : span.end]
        why = _differs(sentence, script, language)
        if why:
            lo, hi = _other_script_extent(sentence, script)
            yield (span.start + lo, span.start + hi, why) if hi > lo else (span.start, span.end, why)


@lru_cache(maxsize=8192)
def _differs(sentence: str, script: str | None, language: str | None) -> str | None:
    """Why `sentence` is not in the text's script or language, or None. Cached: ingest asks it of an article's
    sentences and again of each block's, which are mostly the same sentences with the same majority."""
    letters = _scripts(sentence)
    total = sum(letters.values())
    if script is not None and total >= MIN_LETTERS:
        other, count = max(((s, n) for s, n in letters.items() if s != script), key=lambda x: x[1], default=(None, 0))
        if other is not None and (count >= 0.6 * total or _longest_run(sentence, other) >= MIN_RUN):
            return f"a sentence in {other.title()} script in a {script.title()}-script article"
    if language is None or script != "LATIN":
        return None  # function words are known for Latin-script languages only
    words = _WORD.findall(sentence)
    if sum(w[0].isupper() for w in words) >= 0.6 * len(words):
        return None  # a list of names (a team sheet, a cast list) is in no language
    hits = _languages(sentence)
    other, count = max(((lang, n) for lang, n in hits.items() if lang != language), key=lambda x: x[1], default=(None, 0))
    if other is not None and count >= 2 and count >= 2 * hits[language]:  # two of its words at least: a name is not a sentence
        return f"a sentence in another language ({other}) than the article ({language})"
    return None


def _other_script_extent(sentence: str, script: str | None) -> tuple[int, int]:
    """From the first to the last letter (and closing punctuation) not in `script`: a sentence in Chinese ends with
    '。', which no splitter of English takes for a stop, so the English sentence after it is left out here."""
    at = [i for i, ch in enumerate(sentence) if ch.isalpha() and script_of(ch) != script]
    if not at or script is None:
        return 0, 0
    end = at[-1] + 1
    while end < len(sentence) and not sentence[end].isspace() and not sentence[end].isalnum():
        end += 1
    return at[0], end


def _longest_run(sentence: str, script: str) -> int:
    """The most letters of `script` in a row (spaces and punctuation between them don't break the run)."""
    best = run = 0
    for ch in sentence:
        if ch.isalpha():
            run = run + 1 if script_of(ch) == script else 0
            best = max(best, run)
    return best
