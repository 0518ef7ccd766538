"""Names that mean the same place, and what counts as a place, from a standard table.

A question says "US", the article "U.S.", "United States" or "American";
one says "UK", another "British"; "Seoul said" means South Korea's
government. Rather than a list written for the questions we happen to have,
the aliases come from `countryinfo` (every country's name, English
alternative spellings, ISO codes, demonym, capital and provinces), so any
country is covered alike. Loaded once, lazily (about 0.1 s).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

MAX_WORDS = 4
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.U)
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}(?![A-Za-z])")


def fold(text: str) -> str:
    """Accents off ("Côte" → "Cote"), dotted acronyms closed ("U.S." → "US"); case kept."""
    text = _DOTTED.sub(lambda m: m.group().replace(".", ""), text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _key(words: Iterable[str]) -> str:
    return " ".join(w.lower().replace("’", "'") for w in words)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    """(alias → country code, every place name), all lowercased and folded."""
    try:
        from countryinfo import all_countries
    except ImportError:  # pragma: no cover - a declared dependency; degrade to no aliases rather than fail answering
        return {}, frozenset()
    ranked: dict[str, tuple[int, int, str]] = {}  # alias -> (demonym?, -population, code): names beat demonyms, big beats small
    places: set[str] = set()
    for data in all_countries()[0].all().values():
        iso = data.get("ISO") or {}
        code = str(iso.get("alpha3") or data.get("name") or "")
        # English forms only: a native name ("Maurice" for Mauritius) would turn first names into countries
        alternatives = [a for a in data.get("altSpellings") or [] if isinstance(a, str) and a.isascii() and (a.isupper() or " " in a)]
        names = [data.get("name"), *alternatives, iso.get("alpha2"), code]
        # a capital stands for its government in news copy ("Seoul said…"), after names and demonyms
        for rank, name in [(0, n) for n in names] + [(1, data.get("demonym")), (2, data.get("capital"))]:
            key = _key(_WORD.findall(fold(name))) if isinstance(name, str) else ""
            for variant in {key, re.sub(r"\bsaint\b", "st", key)}:  # "Saint Kitts" is written "St Kitts"
                if variant and len(variant.split()) <= MAX_WORDS:
                    ranked[variant] = min(ranked.get(variant, (9, 0, "")), (rank, -int(data.get("population") or 0), code))
                    places.add(variant)
        for name in [data.get("capital"), *(data.get("provinces") or [])]:
            if isinstance(name, str) and name.strip():
                places.add(_key(_WORD.findall(fold(name))))
    aliases = {key: value[2] for key, value in ranked.items()}
    return aliases, frozenset(p for p in places if p)


_CONNECTORS = frozenset({"of", "and", "the", "d", "de", "du", "la", "del"})


def _phrases(text: str) -> Iterable[tuple[list[str], str]]:
    """Capitalised word runs of up to MAX_WORDS words (as written, and as a lowercase key)."""
    words = _WORD.findall(fold(text))
    for i, word in enumerate(words):
        if not word[:1].isupper():
            continue
        for n in range(1, MAX_WORDS + 1):
            chunk = words[i : i + n]
            if len(chunk) < n or not chunk[-1][:1].isupper() and chunk[-1].lower().replace("’", "'").split("'")[0] not in _CONNECTORS:
                break
            yield chunk, _key(chunk)


def _is_code(word: str) -> bool:
    return len(word) <= 3


def country_keys(text: str) -> frozenset[str]:
    """The countries a text names, in any of their forms (US, U.S., United States, American → USA)."""
    aliases, _ = _tables()
    out = set()
    for chunk, key in _phrases(text):
        code = aliases.get(key.removesuffix("'s"))
        if code is None:
            continue
        if len(chunk) == 1 and _is_code(chunk[0]) and not chunk[0].isupper():
            continue  # "us" is a pronoun; only "US" is a country
        out.add(code)
    return frozenset(out)


def country_of(name: str) -> str | None:
    """The country a whole name stands for ("U.S.", "South Korean", "Russia's"), or None ("British Airways")."""
    aliases, _ = _tables()
    words = _WORD.findall(fold(name))
    if not words or (len(words) == 1 and _is_code(words[0]) and not words[0].isupper()):
        return None
    return aliases.get(_key(words).removesuffix("'s"))


def places_in(text: str) -> frozenset[str]:
    """The countries, capitals and provinces a text names (lowercase keys; "US" counts, "us" does not)."""
    _, places = _tables()
    found = set()
    for chunk, key in _phrases(text):
        key = key.removesuffix("'s")
        if key in places and not (len(chunk) == 1 and _is_code(chunk[0]) and not chunk[0].isupper()):
            found.add(key)
    return frozenset(found)


def is_place(name: str) -> bool:
    """Is the whole name a country, nationality, capital or province ("North Korean", "Tamil Nadu")?"""
    _, places = _tables()
    return _key(_WORD.findall(fold(name))).removesuffix("'s") in places


@lru_cache(maxsize=1)
def _within() -> dict[str, frozenset[str]]:
    """Province or capital (lowercase, folded) → the codes of the countries it lies in ("texas" → USA; a name two
    countries share keeps both)."""
    try:
        from countryinfo import all_countries
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    out: dict[str, set[str]] = {}
    for data in all_countries()[0].all().values():
        code = str((data.get("ISO") or {}).get("alpha3") or data.get("name") or "")
        for name in [data.get("capital"), *(data.get("provinces") or [])]:
            key = _key(_WORD.findall(fold(name))) if isinstance(name, str) else ""
            if code and key:
                out.setdefault(key, set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


def countries_within(text: str) -> frozenset[str]:
    """The countries whose provinces or capitals a place name names ("Texas county", "Ohio" → USA; "Leeds" → GBR):
    an event told there happened in that country."""
    table = _within()
    return frozenset(code for _, key in _phrases(text) for code in table.get(key.removesuffix("'s"), ()))
