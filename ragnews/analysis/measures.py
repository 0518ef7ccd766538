"""Which numbers in a news sentence are measurements, and what each one allows.

News copy is full of numbers that measure nothing: names ("Covid-19", "F-16",
"Channel 11"), clock times ("5:55 p.m."), durations ("12-month", "2:49"),
ages ("a 29-year-old", "Kim, 30,"), ranks ("21st"), scores and votes
("69-30"), phone numbers, street addresses, years and days of the month. Each
number is typed by its written form and the words touching it; only
measurements (counts, amounts of money, percentages, physical quantities) are
ever compared across sources.

A measurement is an interval, because news rounds: "14,000" allows the
rounding of its last significant digit (at most 5 %), a qualifier widens or
opens it ("around", "more than", "nearly"), and "more than 178,000" still
means about 178,000, not any larger number.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ragnews.text import dates as D

_SPELLED = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
            "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
            "dozen": 12}
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "mn": 1e6,
                "bn": 1e9, "b": 1e9, "t": 1e12, "tn": 1e12}
_QUALIFIERS = ("about|around|approximately|roughly|some|an estimated|estimated|nearly|almost|close to|more than|over|"
               "upwards of|in excess of|at least|as many as|up to|at most|fewer than|less than|under|no fewer than|"
               "no more than|just over|just under|well over|only")
_NUMBER = re.compile(
    rf"(?:(?P<qual>\b(?:{_QUALIFIERS}))\s+)?(?P<cur>US\$|\$|£|€)?\s?"
    rf"(?P<a>(?<![\w.,])(?:{_DIGITS})(?![\d])|\b(?:{'|'.join(_SPELLED)})\b)"
    rf"(?:\s*(?:-|–|to|\s+or)\s*(?P<cur2>\$|£|€)?(?P<b>{_DIGITS})(?!\d))?"
    rf"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|mn|tn|k|m|b|t)\b)?", re.I)

_TIME_UNIT = r"(?:second|minute|hour|day|night|week|weekend|month|year|decade|century|centuries|season|term|quarter)s?"
_PHYSICAL = {"foot": "feet", "feet": "feet", "ft": "feet", "mile": "miles", "miles": "miles", "km": "km",
             "kilometer": "km", "kilometre": "km", "kilometers": "km", "kilometres": "km", "meter": "meters",
             "metre": "meters", "meters": "meters", "metres": "meters", "ton": "tons", "tons": "tons", "tonne": "tons",
             "tonnes": "tons", "kg": "kg", "kilogram": "kg", "kilograms": "kg", "acre": "acres", "acres": "acres",
             "hectare": "hectares", "hectares": "hectares", "gallon": "gallons", "gallons": "gallons",
             "barrel": "barrels", "barrels": "barrels", "degree": "degrees", "degrees": "degrees", "mph": "mph",
             "inch": "inches", "inches": "inches", "yard": "yards", "yards": "yards", "square": "square",
             "pound": "pounds", "pounds": "pounds", "lb": "pounds", "lbs": "pounds", "points": "points",
             "point": "points", "story": "stories", "stories": "stories", "storey": "stories", "storeys": "stories",
             "floor": "floors", "floors": "floors", "nautical": "nautical miles"}
_CURRENCY_WORDS = {"dollar": "$", "dollars": "$", "euro": "€", "euros": "€", "yuan": "yuan", "yen": "yen",
                   "rupees": "rupees", "pence": "£", "cents": "$"}
_STREET = re.compile(r"^\s+(?:[A-Z][\w.'’]*\s+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Lane|Ln|Drive|Dr|"
                     r"Place|Pl|Way|Court|Ct|Terrace|Highway|Hwy|Parkway|Square)\b\.?")
_PHONE = re.compile(r"(?:\(\d{3}\)\s*|\b\d{3}[-.\s])\d{3}[-.]\d{4}\b|\b\d-\d-\d\b|\b\d{3}-\d{4}\b")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\b|\b\d{1,4}\s*(?:a\.?m\b\.?|p\.?m\b\.?|GMT\b|BST\b|EST\b|EDT\b|"
                    r"PST\b|PDT\b|CET\b|UTC\b|ET\b|PT\b|o'clock)", re.I)
_ORDINAL = re.compile(r"^(?:st|nd|rd|th)\b", re.I)
_RANK_BEFORE = re.compile(r"(?:\bNo\.|\bnumber|\branked|\branks|\bNos?\.|#|\bspot|\bplace)\s*$", re.I)
_AGE_AFTER = re.compile(r"^(?:-|\s)(?:years?|months?|weeks?|days?)[-\s]old\b|^\s*years?\s+of\s+age\b|^-?something\b", re.I)
_AGE_BEFORE = re.compile(r"(?:\baged?|\bage of|\bages)\s*$", re.I)
_NAME_AGE = re.compile(r"[A-Z][\w’'\-]+,\s*$")  # "Alcorn, 28," / "Kim,30"
_YEAR_RANGE = (1800, 2100)


@dataclass(frozen=True)
class Quantity:
    """One written number: its span, its type and, for measurements, the interval it allows."""

    text: str  # as written, with its qualifier ("more than 10,000", "$1.2 trillion")
    start: int
    end: int
    kind: str  # measure | year | date | clock | duration | age | rank | score | phone | address | label | ordinal
    unit: str = ""  # "" for counts; "$", "£", "percent", "feet", ...
    lo: float = 0.0
    hi: float = 0.0
    point: float | tuple[float, float] | None = None  # the stated figure or range
    num_end: int = 0  # end of the number itself (before any unit word)
    qualifier: str = ""

    @property
    def is_measure(self) -> bool:
        return self.kind == "measure"


def quantities(text: str) -> list[Quantity]:
    """Every number in `text`, typed; measurements carry their unit and interval."""
    out: list[Quantity] = []
    phones = [(m.start(), m.end()) for m in _PHONE.finditer(text)]
    clocks = [(m.start(), m.end()) for m in _CLOCK.finditer(text)]
    for m in _NUMBER.finditer(text):
        at = m.start("a")
        kind = "phone" if any(s <= at < e for s, e in phones) else "clock" if any(s <= at < e for s, e in clocks) else ""
        out.append(Quantity(m.group("a"), at, m.end("a"), kind) if kind else _typed(text, m))
    return out


def measures(text: str) -> list[Quantity]:
    """Only the measurements of `text`."""
    return [q for q in quantities(text) if q.is_measure]


def _number(raw: str) -> float:
    low = raw.lower()
    return float(_SPELLED[low]) if low in _SPELLED else float(raw.replace(",", ""))


def _typed(text: str, m: re.Match[str]) -> Quantity:
    """Type one number by its form and its neighbours; measurements get unit and interval."""
    a_raw, b_raw = m.group("a"), m.group("b")
    start, end = m.start("a"), m.end()
    before, after = text[:start], text[m.end("a"):]
    spelled = a_raw.lower() in _SPELLED
    kind = _non_measure(text, m, before, after, spelled)
    if kind:
        return Quantity(m.group(0).strip(), m.start(), m.end(), kind, num_end=m.end("a"))
    a, b = _number(a_raw), (_number(b_raw) if b_raw else None)
    scale_word = (m.group("scale") or "").lower()
    cur = m.group("cur") or m.group("cur2") or ""
    if scale_word in {"m", "b", "t", "k"} and not cur:
        end = m.end("b") if b_raw else m.end("a")  # "6 m" without a currency is metres, not millions
        scale_word = ""
    scale = _SCALE_WORDS.get(scale_word, 1.0)
    plus = text.startswith("+", end) and not text[end + 1:end + 2].isdigit()  # "$1 trillion+", "100+ members": that or more
    unit, end = _unit(text, end + plus, cur)
    qual = (m.group("qual") or "").lower() or ("more than" if plus else "")
    digits_a = a_raw if not spelled else str(int(a))
    lo, hi = interval(qual, a * scale, b * scale if b is not None else None, _unit_of(digits_a) * scale,
                      _unit_of(b_raw) * scale if b_raw else 0.0)
    point = (a * scale, b * scale) if b is not None else a * scale
    q_start = m.start("qual") if m.group("qual") else (m.start("cur") if m.group("cur") else start)
    return Quantity(text[q_start:end].strip(), q_start, end, "measure", unit, lo, hi, point,
                    m.end("b") if b_raw else m.end("a"), qual)


def _non_measure(text: str, m: re.Match[str], before: str, after: str, spelled: bool) -> str | None:
    """The kind of a number that measures nothing, or None for a measurement."""
    a_raw, b_raw = m.group("a"), m.group("b")
    prev_char = before[-1:] if before else ""
    if m.group("cur"):
        return None  # "$2014" is money whatever its digits
    if _ORDINAL.match(after):
        return "ordinal" if spelled else "rank"
    if _AGE_AFTER.match(after) or _AGE_BEFORE.search(before) or (
            _NAME_AGE.search(before) and re.match(r"^\s*(?:[,)]|\.\s*$|$)", after) and not b_raw):
        return "age"
    if re.match(rf"^-{_TIME_UNIT}\b", after, re.I) or re.match(rf"^\s+{_TIME_UNIT}\b", after, re.I) and not re.match(
            r"^\s+(?:day|night|week|month|year)s?\s+(?:of|in)\b", after):
        return "duration"
    if prev_char == "-" and re.search(r"[A-Za-z]-$", before) or re.search(r"[A-Za-z]$", before) or \
            re.match(r"^[A-Za-z]", after) and not re.match(r"^(?:km|kg|mph|ft|lbs?|sq)\b", after, re.I):
        return "label"  # Covid-19, G20, 737MAX, C-17, "the 60m final" (money is typed before: "$1T", "£600m")
    if not spelled and _is_year(a_raw, after, b_raw):
        return "year"
    if re.search(rf"\b(?:{'|'.join(D.MONTHS)})\.?\s*$", before, re.I) or re.match(
            rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{'|'.join(D.MONTHS)})\b", after, re.I):
        return "date"
    if _RANK_BEFORE.search(before):
        return "rank"
    if b_raw and _number(b_raw) < _number(a_raw) and re.match(r"^\s*[-–]|^\s+to\b", text[m.end("a"):]):
        return "score"  # 69-30, "144-127", "69 to 30": a range always rises
    if _STREET.match(after) or re.match(r"^\s+block\b", after, re.I):
        return "address"
    if not spelled and re.search(r"(?<![.!?]\s)(?<!^)\b(?:[A-Z][a-z]+|[A-Z]{2,})\.?\s+$", before) and not _qualifier_before(before):
        return "label"  # Channel 11, Boeing 737, Proposition 8, SB 8 (a capitalised word or an acronym right before)
    return None


def _qualifier_before(before: str) -> bool:
    word = re.search(r"(\w+)\s*$", before)
    return bool(word and word.group(1).lower() in {"about", "around", "some", "over", "nearly", "almost", "than", "only"})


def _is_year(raw: str, after: str, b_raw: str | None) -> bool:
    if "," in raw or "." in raw or len(raw) != 4:
        return False
    return _YEAR_RANGE[0] <= int(raw) <= _YEAR_RANGE[1] and not re.match(r"^\s*(?:%|percent|per cent)", after, re.I)


def _unit(text: str, end: int, cur: str) -> tuple[str, int]:
    """The unit after the number (and where the quantity ends): currency, percent, a physical unit, or a count."""
    rest = text[end:]
    m = re.match(r"^\s*(%|percent\b|per cent\b|percentage points?\b)", rest, re.I)
    if m:
        return ("points" if "point" in m.group(1).lower() else "percent"), end + m.end()
    if cur:
        return {"US$": "$"}.get(cur, cur), end
    m = re.match(r"^[\s-]+([A-Za-z]+)\b", rest)
    if m:
        word = m.group(1).lower()
        if word in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[word], end + m.end()
        if word in _PHYSICAL:
            unit = _PHYSICAL[word]
            if unit == "pounds" and re.search(r"(?:million|billion|thousand|bn|m)\s*$", text[:end]):
                return "£", end + m.end()
            return unit, end + m.end()
    return "", end


def _unit_of(raw: str) -> float:
    """The place value of the last significant digit: 14,000 -> 1,000; 5.8 -> 0.1; 188,829 -> 1."""
    digits = raw.replace(",", "")
    if "." in digits:
        return 10.0 ** -len(digits.split(".")[1])
    stripped = digits.rstrip("0")
    return 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0


def interval(qual: str, a: float, b: float | None, unit: float, unit_b: float = 0.0) -> tuple[float, float]:
    """The values a stated figure allows, given its qualifier and rounding."""
    lo, hi = (a, b) if b is not None else (a, a)
    top_unit = unit_b or unit
    slack_lo = min(unit / 2, 0.05 * lo) if lo else unit / 2
    slack_hi = min(top_unit / 2, 0.05 * hi) if hi else top_unit / 2
    if qual in {"about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "close to"}:
        return lo - max(slack_lo, 0.1 * lo), hi + max(slack_hi, 0.1 * hi)
    if qual in {"nearly", "almost", "just under"}:
        return hi - max(top_unit, 0.05 * hi), hi
    if qual in {"more than", "over", "upwards of", "in excess of", "just over", "well over"}:
        return hi, hi + max(top_unit, 0.05 * hi)
    if qual in {"at least", "no fewer than"}:
        return lo, lo + max(unit, 0.05 * lo)
    if qual in {"as many as", "up to", "at most", "no more than"}:
        return 0.0, hi + slack_hi
    if qual in {"fewer than", "less than", "under"}:
        return hi - max(top_unit, 0.05 * hi), hi
    return lo - slack_lo, hi + slack_hi


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two intervals share some value (touching ends do not: 12 ± 0.5 and 13 ± 0.5 differ)."""
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return a[0] < b[1] and b[0] < a[1] or math.isclose(a[0], b[0]) and math.isclose(a[1], b[1])
