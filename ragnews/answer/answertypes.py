"""Does a sentence hold the *kind* of thing a question asks for?

"How much will the ad cost?" wants a sum of money, "when" a date, "where" a
place, "why" a stated cause. A sentence on the right topic without that is
not an answer, and the sentence that has it should come first. Each check is
a structural pattern of English news copy (a currency sign, a unit after a
number, "because"), not a list of expected answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ragnews.answer.questions import QuestionInfo
from ragnews.text.places import country_keys, country_of, is_place, places_in
from ragnews.text.terms import stem

_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|"
                 r"eighty|ninety|hundred|dozens?|hundreds|thousands|millions|billions|a dozen|half|double|triple")
_NUMBER = re.compile(rf"\d[\d,.]*|\b(?:{_NUMBER_WORDS})\b", re.I)
_MONEY = re.compile(r"[$£€¥]\s?\d|\b\d[\d,.]*\s?(?:bn|m|k|million|billion|trillion)?\s?(?:dollars?|pounds?|euros?|yen|yuan|rupees?|francs?|roubles?|rubles?|cents?|pence|p)\b"
                    r"|\b(?:US|A|C|HK)\$\s?\d|\b\d[\d,.]*\s?(?:bn|m)\b", re.I)
_PERCENT = re.compile(r"\d[\d,.]*\s?(?:%|per ?cent|percentage points?)", re.I)
_LENGTH = re.compile(r"\b\d[\d,.]*\s?(?:m|cm|mm|km|metres?|meters?|kilometres?|kilometers?|miles?|feet|foot|ft|inches|yards?)\b", re.I)
_SPEED = re.compile(r"\b\d[\d,.]*\s?(?:seconds?|secs?|s|mph|km/h|kph|minutes?|knots)\b", re.I)
_AGE = re.compile(r"\b\d{1,3}-year-old\b|\baged? \d{1,3}\b|\b\d{1,3} years old\b|,\s\d{1,3},", re.I)
_DURATION = re.compile(rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS}|a|an)\s?(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?)\b", re.I)
_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
                   r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                   r"yesterday|today|tomorrow|tonight|last (?:year|month|week|weekend)|next (?:year|month|week)|"
                   r"earlier this (?:year|month|week))\b", re.I)
_PLACE = re.compile(r"\b(?:in|at|near|outside|from|to|across)\s+(?:the\s+)?[A-Z][a-z]")
_PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sir|Lord|Lady|Gen|President|Senator|Sen|Rep|Gov|Judge|Prince|Princess|King|Queen)\.?\s+[A-Z][\w\-’']+"
                     r"|\b[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+(?:de |van |von |al-|bin )?[A-Z][\w\-’']+)+")
_CAUSE = re.compile(r"\b(?:because|due to|owing to|thanks to|as a result|in order to|in a bid to|so that|so as to|aimed at|blamed|"
                    r"reasons?|caused by|led to|resulted|why|to help|to avoid|to stop|to prevent|to fund|to save|to ensure|to protect)\b", re.I)
_MAYBE_CAUSE = re.compile(r"\b(?:after|since|following|amid|as|to)\b", re.I)  # also mere time or purpose words
_QUOTE = re.compile(r"[“\"][^”\"]{3,}[”\"]|\b(?:said|says|told|added|warned|described|called|stated)\b")

_FIGURE_TYPES = frozenset({"count", "money", "amount", "percent", "length", "speed", "age", "duration"})
HARD_TYPES = _FIGURE_TYPES | {"date"}  # an answer without one of these is no answer


def _count(info: QuestionInfo, text: str) -> float:
    """A number, best right before the thing counted ("70 Boeing 737-800 planes", "2,500 new jobs")."""
    if not _NUMBER.search(text):
        return 0.0
    if info.counted:
        words = re.findall(r"[\w’'%$£€.,\-]+", text)
        for i, word in enumerate(words):
            if _NUMBER.fullmatch(word.strip(".,")) and any(_same(info.counted[-1], w) for w in words[i + 1 : i + 5]):
                return 1.0
    return 0.6


def _same(focus: str, word: str) -> bool:
    bare = re.sub(r"[^\w]", "", word.lower())
    return bool(bare) and (stem(bare) == focus or (len(focus) >= 4 and stem(bare).startswith(focus[:4]) and bare[:1] == focus[:1]))


def _pattern(regex: re.Pattern[str], partial: re.Pattern[str] | None = None) -> Callable[[QuestionInfo, str], float]:
    def check(info: QuestionInfo, text: str) -> float:
        if regex.search(text):
            return 1.0
        return 0.3 if partial is not None and partial.search(text) else 0.0

    return check


def _place(info: QuestionInfo, text: str) -> float:
    """A place the question does not already name ("in Chennai" for "where in India")."""
    asked = places_in(info.text)
    asked_countries = country_keys(info.text)
    if any(p not in asked and country_of(p) not in asked_countries for p in places_in(text)):
        return 1.0
    return 0.6 if _PLACE.search(text) else 0.0


def _country(info: QuestionInfo, text: str) -> float:
    if country_keys(text) - country_keys(info.text):
        return 1.0
    return 0.3 if places_in(text) else 0.0


def _person(info: QuestionInfo, text: str) -> float:
    """A name the question does not already give, that is not a country, place or date ("North Korean", "Victory Day")."""
    asked = {n.text.lower() for n in info.names}
    for match in _PERSON.finditer(text):
        name = match.group()
        if match.start() == 0 and len(name.split()) < 2:
            continue
        if name.lower() in asked or any(name.lower() in a for a in asked) or is_place(name) or _DATE.search(name):
            continue
        if not re.search(r"\b(?:Day|Week|Year|Party|Council|Ministry|Department|Office|University|Institute|Agency|Commission)\b", name):
            return 1.0
    return 0.0


_NAMED = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w’'\-]+(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][\w’'\-]+)*|[“\"][^”\"]{2,60}[”\"]")


def _name(info: QuestionInfo, text: str) -> float:
    """"Which automaker…": a name or a quoted title the question does not already give."""
    asked = " ".join(n.text for n in info.names).lower() + " " + info.text.lower()
    for match in _NAMED.finditer(text):
        if match.group().strip("“”\"").lower() not in asked:
            return 1.0
    return 0.0


def _quote(info: QuestionInfo, text: str) -> float:
    found = _QUOTE.search(text)
    return 0.0 if not found else (1.0 if found.group().startswith(("“", '"')) else 0.6)


_CHECKS: dict[str, Callable[[QuestionInfo, str], float]] = {
    "count": _count,
    "money": _pattern(_MONEY, _NUMBER),
    "amount": _pattern(re.compile(rf"{_MONEY.pattern}|{_PERCENT.pattern}|\d", re.I)),
    "percent": _pattern(_PERCENT, _NUMBER),
    "length": _pattern(_LENGTH, _NUMBER),
    "speed": _pattern(_SPEED, _NUMBER),
    "age": _pattern(_AGE),
    "duration": _pattern(_DURATION, _NUMBER),
    "date": _pattern(_DATE),
    "place": _place,
    "country": _country,
    "person": _person,
    "reason": _pattern(_CAUSE, _MAYBE_CAUSE),
    "quote": _quote,
    "name": _name,
}


def type_fit(info: QuestionInfo, text: str) -> float:
    """0..1: how well the sentence holds the type of answer asked for (0 when the question wants no particular type)."""
    check = _CHECKS.get(info.answer_type or "")
    return check(info, text) if check else 0.0


def needs_type(info: QuestionInfo) -> bool:
    """Questions whose answer *is* a figure or a date: a sentence without one cannot answer them."""
    return info.answer_type in HARD_TYPES


def min_fit(info: QuestionInfo) -> float:
    """How well a sentence must fit the asked type to answer at all.

    A sum of money needs a currency; "how many warships" needs a number next to warships
    (a number elsewhere in the sentence counts something else); other figures and dates need one.
    """
    if info.answer_type == "money" or (info.answer_type == "count" and info.focus):
        return 1.0
    if info.answer_type == "quote" and any(not e.countries for e in info.names):
        return 1.0  # what a named person said: only their own words (see the extractive engine's speaker check)
    return 0.3 if needs_type(info) else 0.0
