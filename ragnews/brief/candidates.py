"""Which sentences may speak for the story: structural rules for what is not news prose.

A briefing's summary and key points are verbatim sentences, so what the web
leaves in an article must never be chosen: photo captions and credits,
embedded posts, crawl and archive notices, runs of related headlines,
bylines and timestamps, datelines, rhetorical questions, and sentences that
lean on the one before ("But experts said..."), or were cut short at an
abbreviation ("...led by Sens."). Each rule reads the shape of the sentence
(its first and last words, its punctuation, its case pattern), never a list
of strings from particular sites.

A dateline ("PITTSBURGH (KDKA) — A former teacher..."), a page's label
("Updated | When the first humans...", "Photos: Crisis in Ukraine – ...") or its
buttons ("SHARE COPY LINK Broward Circuit Judge...") are not a reason to drop the
sentence: the English model's reading says where the sentence proper begins
(`Reading.label_end`), it is cut off there, and the rest is quoted. A line that
states nothing — no subject with a verb of its own, as the reading finds
(`Reading.states`): a credit, a byline, a gallery's counter, a line of capitals and
figures with no clause, an order to the reader — is furniture.
"""

from __future__ import annotations

import re

from ragnews.text.reading import Entity, Reading, default_reader
from ragnews.text.sentences import ABBREVIATIONS, ends_in_ellipsis, is_caption, is_embedded_post, is_prose, opens_on_credit

# A sentence whose first words are one of these connectives takes its sense from the sentence before. (An opening
# pronoun, demonstrative or conjunction is the model's to read: `Reading.back_words`; these adverbs and phrases
# the tagger tags as any other adverb or determiner.)
_LEANS = re.compile(r"^[\"“‘']?(?:So|Yet|Also|However|Still|Meanwhile|Instead|Such|Both|Neither|Either|Another|Others|"
                    r"The two|The pair|Afterward|Afterwards|Thus|Hence|Moreover|Furthermore|Besides|"
                    r"Even so|In addition|As a result|At the time|By then|Since then)\b")
# "The move greatly expands...", "The remarks angered the president": a noun that only names what was just
# told (a shell noun: a decision, a statement, a finding) points back to the sentence before, as "This" does;
# "The decision to raise rates..." says what it names, so a following "to/of/by/that..." frees it.
_SHELL_NOUN = re.compile(r"^[\"“‘']?The (?:(?:move|decision|announcement|pledge|comment|remark|statement|development|"
                         r"incident|step|finding|revelation|report|ruling|claim|allegation|accusation|verdict|episode|"
                         r"exchange)s?|news|controversy|outcry|backlash)\b(?!\s+(?:of|to|by|on|that|from|in|for|about|and)\b)")
# "Moonves' exit comes hours after The New Yorker published…", "The 19–0 vote came after hours of discussions": what
# the subject names was told before; the sentence only places it beside something else
_COMES_AFTER = re.compile(r"^[\"“‘']?(?:(?!\b(?:that|which|who)\b)[^,;:\"“”]){2,60}?\s+(?:comes|came)\s+(?:just\s+|only\s+|nearly\s+|almost\s+|less than\s+|"
                          r"more than\s+)?(?:(?:(?:a|an|one|two|three|four|five|six|several|\d+|few)\s+)?(?:hours?|days?|weeks?|months?|"
                          r"years?)\s+)?(?:after|as|amid|on the heels|shortly after|just after|days after|weeks after)\b")
_CREDIT = re.compile(r"\([^()]*\b[A-Za-z][\w.]*/[A-Z][^()]*\)|\((?:[a-z]+|[A-Z][a-z]+):\s[^()]+\)\s*\.?$|"
                     r"\b[A-Z]{3,}/[A-Z][a-z]+")
# "Schools Reopen With Police Presence Schools Reopen With Police Presence Heavy police...": a teaser's
# headline printed twice before its text; news prose never says four words and then the same four again.
_DOUBLED = re.compile(r"\b((?:[\w’',]+\s+){3,}[\w’',]+)\s+\1\b")
_SEPARATORS = re.compile(r"[|►•»▶]")
_LAST_WORD = re.compile(r"(?<![A-Z]\.)\b([A-Z][a-z]{0,4})\.[\"”’']?$")
_BYLINE = re.compile(r"^By\s+[A-Z][\w.’'\-]+(?:\s+[A-Z][\w.’'\-]+){0,3}(?:\s|,|$)")
def leans_by_its_pronoun(reading: Reading) -> bool:
    """Who speaks or whom the sentence is about is a pronoun named only in the sentence before, as the English model
    reads it. A speaker "he"/"she"/"they" ('"I doubt it," he said', "…the charter, she said") leans unless someone it
    could mean is named before it (a person; for "they" a body too). Else the first subject of a clause outside
    quotation marks is such a pronoun, and the few words before it name nobody it could mean — a person, or a body or
    place not introduced by "the" ("Speaking to the House Budget Committee he urged Congress…", "After the vote, she
    left"; not "Like his father John Smith, he…", "When the task force conducted raids, they…", "In his first news
    conference since he was elected, the cleric…", "Putin praised soldiers who he said…")."""
    text = reading.text
    inside = list(reading.quoted)

    def outside(i: int) -> bool:
        return not any(a <= i < b for a, b in inside)

    def named_before(pos: int, people_only: bool) -> bool:
        def the(e: Entity) -> bool:  # "the House Budget Committee": a body or a place, whoever "he" is
            return text[: e.start].rstrip().lower().endswith("the") or text[e.start :].lower().startswith("the ")
        return any(e.start < pos and outside(e.start) and (e.label in ("PERSON", "NAME") or not people_only and not the(e))
                   for e in reading.entities)

    third = ("he", "she", "they")
    a = reading.attribution
    if a is not None and a.kind == "pronoun" and a.pronoun in third:
        pos = next((i for i in _all_at(text, a.pronoun) if outside(i)), -1)
        return pos >= 0 and not named_before(pos, people_only=a.pronoun != "they")
    found = [(i, c) for c in reading.claims if c.subject for i in [_at(text, c.subject)] if i >= 0 and outside(i)]
    if not found:
        return False
    pos, first = min(found, key=lambda f: f[0])
    subject = first.subject or ""
    # the subject of the sentence's own clause — its main clause, or a clause that opens the sentence ("In 2011, he
    # was charged…, records show") — not of a clause set inside it ("In his first news conference since he was
    # elected, the hardline cleric…")
    root = reading.claims[0].subject or ""
    cataphora = any(e.label in ("PERSON", "NAME") and e.text in root for e in reading.entities)  # "Had he lost, Mr. Berlusconi…"
    own = any(c.subject == subject and (c is reading.claims[0] or c is reading.main or c.start == 0 and not cataphora)
              for c in reading.claims)
    before = "".join(ch for i, ch in enumerate(text[:pos]) if outside(i))
    pro = first.subject_pro  # "he", "she", "they" as the morphology reads them: third person, personal, not "it"
    person = pro is not None and pro.head and pro.person == 3 and pro.of_person
    return person and own and len(before.split()) <= 8 and not named_before(pos, people_only=False)


def _all_at(text: str, word: str) -> list[int]:
    """Where `word` stands in `text` as a whole word, any case."""
    low, out, i = text.lower(), [], _at(text.lower(), word)
    while i >= 0:
        out.append(i)
        nxt = _at(low[i + 1 :], word)
        i = i + 1 + nxt if nxt >= 0 else -1
    return out


def _at(text: str, phrase: str) -> int:
    """Where `phrase` first stands in `text` as whole words (-1: nowhere)."""
    i = text.find(phrase)
    while i >= 0:
        end = i + len(phrase)
        if (i == 0 or not text[i - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return i
        i = text.find(phrase, i + 1)
    return -1


# "Credit: ...", "Photos: ...": one capitalised label word and a colon (a name to the reading, so not cut off as a
# label: "Trump: …"), the furniture of a page, not a sentence.
_LABEL = re.compile(r"^[A-Z][a-z]+:\s")
# A sentence ends on its stop: '"Umbrella" (featuring Jay-Z)', "Emma Stone: ‘I was holding my card’" are list
# items and headlines, whatever closing mark they end on.
_ENDS_ON_STOP = re.compile(r"[.!?…][\"”’')\]]*$")
_QUOTATION = re.compile(r"[“\"][^“”\"]*[”\"]")  # scraped copy mixes marks: any opening mark, any closing one
_TIMESTAMP = re.compile(r"^(?:[A-Z]\w*\s+){0,2}(?:at\s+)?\d{1,2}[:.]\d{2}\b")  # "Updated at 9:23 a.m. ...", "6:15 am: ..."


def without_label(text: str, label_end: int = 0) -> str:
    """The sentence without the page's label before it ("Updated | ", a dateline "NEW YORK (AP) — ", a section label
    "Why it matters: "), which heads it on the page and is no news: `label_end` is where the English model's reading
    found the sentence proper to begin (`Reading.label_end`, of the stripped text)."""
    text = text.strip()
    return text[label_end:] if 0 < label_end < len(text) else text


LEANS_BEFORE = "leans on the sentence before"
CAPTION = "a photo caption or credit"
CUT_QUOTE = "part of a quotation cut off"
NO_CLAIM = "states nothing (no subject with a verb, or an order to the reader: sign up, read more): page furniture"


def caption_before_credit(reading: Reading, following: str | None) -> bool:
    """A photo caption whose credit starts the next sentence (mn:217: "The cabin of a Qatar Airways plane. AP American
    Airlines on Thursday said …"): the sentence is a fragment with no clause, no verb the model found (a caption
    names what the picture shows), and the sentence after it opens on a credit in capitals (`opens_on_credit`)."""
    return following is not None and not reading.claims and opens_on_credit(following)


def junk_reason(text: str, *, follows: bool = False, reading: Reading | None = None) -> str | None:
    """Why a sentence may not stand in a summary or as a key point, or None when it may.

    `follows`: the sentence is shown right after the one before it in its article, so leaning on
    that sentence ("But he said...") or carrying on its quotation is how news prose goes on, not a defect.
    `reading`: the English model's reading of the stripped sentence (read with the default reader when not
    given): where the sentence proper begins after a page's label (what is judged is that), and whether it leans
    on the sentence before by a pronoun.
    """
    if is_caption(text.strip()):
        return CAPTION
    if reading is None:
        reading = default_reader().one(text.strip())
    if reading.labels >= 2:  # labels in a row before it: a gallery's caption ("Hide Caption 3 of 132 Photos: Photos: …")
        return CAPTION
    core = without_label(text, reading.label_end)
    if not is_prose(core) or not _ENDS_ON_STOP.search(core.rstrip()):
        return "not a full sentence"
    if core.rstrip("\"”’' ").endswith("?"):
        return "a question"
    if not reading.states:  # "Hide Caption 132 of 132", "Credit: Jane Doe/AP.", "Sign up for our newsletter."
        return NO_CLAIM
    checks = [
        (lambda t: t[0].islower() or t[0] in ",;:)]—–-.…!?", "starts mid-sentence"),
        (_ends_on_abbreviation, "cut short at an abbreviation"),
        (ends_in_ellipsis, "cut short (ends in an ellipsis)"),
        (lambda t: not follows and bool(_opens_pointing_back(t, reading) or _LEANS.match(t) or _SHELL_NOUN.match(t) or _COMES_AFTER.match(t) or reading.subordinate
                                           or leans_by_its_pronoun(reading)), LEANS_BEFORE),
        (lambda t: bool(_CREDIT.search(t)) or is_caption(t), CAPTION),
        (is_embedded_post, "an embedded post or link"),
        (lambda t: len(_SEPARATORS.findall(t)) >= 2 or _title_case_run(t) or bool(_DOUBLED.search(t)),
         "a run of headlines or menu items"),
        (lambda t: bool(_BYLINE.match(t) or _TIMESTAMP.match(t)), "a byline or timestamp"),
        (lambda t: bool(_LABEL.match(t)), "a labelled line (a credit, an update note)"),
        (lambda t: not follows and unbalanced_quote(t), CUT_QUOTE),
        (lambda t: not follows and quotation_only(t), LEANS_BEFORE),  # a quotation that names no speaker: who says it?
    ]
    for check, why in checks:
        if check(core):
            return why
    return None


def _opens_pointing_back(core: str, reading: Reading) -> bool:
    """The sentence proper (after its label and an opening quotation mark) opens on a word the model reads as pointing
    back (`Reading.back_words`): "Those figures…", "Its factories…", "But the ministry…"; not "That the bridge would
    close… surprised…", whose "that" is a complementizer."""
    start = len(reading.text) - len(core)  # where the sentence proper begins in the text the reading read
    start += len(core) - len(core.lstrip("\"“‘' "))
    return start in reading.back_words


def _ends_on_abbreviation(text: str) -> bool:
    """"...led by Sens.": the splitter stopped at an abbreviation it did not know (a plural of one it knows)."""
    m = _LAST_WORD.search(text.rstrip())
    if not m:
        return False
    word = m.group(1).lower()
    return len(word) == 1 or word in ABBREVIATIONS or word.endswith("s") and word[:-1] in ABBREVIATIONS


def _title_case_run(text: str) -> bool:
    """Headline-style text: most words capitalised, as in a run of related-article titles."""
    words = [w for w in re.findall(r"[A-Za-z][\w’']*", text) if len(w) > 3]
    return len(words) >= 6 and sum(w[0].isupper() for w in words) / len(words) >= 0.85


def opens_quote(text: str) -> bool:
    """The sentence opens a quotation it does not close ('"I know how strange this may sound.')."""
    if text.count("“") != text.count("”"):
        return text.count("“") > text.count("”")
    straight = [m.start() for m in re.finditer('"', text)]
    return len(straight) % 2 == 1 and (straight[-1] == 0 or text[straight[-1] - 1].isspace())


def quotation_only(text: str) -> bool:
    """Nothing but quotation: fewer than two words stand outside its quotation marks, so no speaker is named."""
    return len(_QUOTATION.sub(" ", text).split()) < 2


def unbalanced_quote(text: str) -> bool:
    """A quotation opened but never closed (or closed but never opened): one sentence of a longer quote.

    Scraped copy mixes typography ('told her, “You know, Kirsten, you’re even pretty."'): with straight
    marks about, any mark may close any other, so only the count of marks can tell.
    """
    opens, closes = text.count("“"), text.count("”")
    straight = text.count('"')
    return opens != closes if not straight else (opens + closes + straight) % 2 == 1
