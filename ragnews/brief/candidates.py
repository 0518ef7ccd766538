"""Which sentences may speak for the story: structural rules for what is not news prose.

A briefing's summary and key points are verbatim sentences, so what the web
leaves in an article must never be chosen: photo captions and credits,
embedded posts, crawl and archive notices, runs of related headlines,
bylines and timestamps, datelines, rhetorical questions, and sentences that
lean on the one before ("But experts said..."), or were cut short at an
abbreviation ("...led by Sens."). Each rule reads the shape of the sentence
(its first and last words, its punctuation, its case pattern), never a list
of strings from particular sites.

A dateline ("PITTSBURGH (KDKA) — A former teacher...") is not a reason to
drop the lead sentence: it is cut off, and the rest is quoted.
"""

from __future__ import annotations

import re

from ragnews.text.sentences import ABBREVIATIONS, is_caption, is_embedded_post, is_prose

# A sentence whose first word is one of these takes its subject or its sense from the sentence before.
_LEANS = re.compile(r"^[\"“‘']?(?:He|She|They|It|His|Her|Their|Its|Him|Them|This|That|These|Those|But|And|Or|Nor|So|"
                    r"Yet|Also|However|Still|Meanwhile|Instead|Then|Such|Both|Neither|Either|Another|Others|"
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
# "Because I'm better than I was before.", "While we were all stuck in the same place.": a subordinate clause
# with no main clause after it (no comma) finishes the sentence before it
_CLAUSE_ALONE = re.compile(r"^[\"“‘']?(?:Because|While|Whereas)\b[^,;:—–]*$")
# A dateline: a place in capitals, maybe a date or an outlet in brackets, then a dash; or an outlet in brackets.
_DATELINE = re.compile(r"^(?:[A-Z][A-Z.'’\-]+(?:[ ,]+[A-Z][A-Z.'’\-]+)*(?:,\s*[A-Z][a-z.]+(?:\s[A-Z][a-z.]+)?)?"
                       r"(?:,\s*[A-Z][a-z]{2,8}\.?\s\d{1,2})?\s*(?:\([^()]{1,40}\))?\s*[—–\-]{1,2}\s+"
                       r"|\([A-Z][\w .&]{1,30}\)\s*(?:[—–\-]{1,2}\s*)?"
                       # "Flint — Sixteen months after...": a place in title case, then a spaced em dash
                       r"|[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}(?:,\s[A-Z][a-z.]+)?\s—\s)(?=[A-Z“\"])")
_CREDIT = re.compile(r"\([^()]*\b[A-Za-z][\w.]*/[A-Z][^()]*\)|\((?:[a-z]+|[A-Z][a-z]+):\s[^()]+\)\s*\.?$|"
                     r"\b[A-Z]{3,}/[A-Z][a-z]+")
# "Schools Reopen With Police Presence Schools Reopen With Police Presence Heavy police...": a teaser's
# headline printed twice before its text; news prose never says four words and then the same four again.
_DOUBLED = re.compile(r"\b((?:[\w’',]+\s+){3,}[\w’',]+)\s+\1\b")
_SEPARATORS = re.compile(r"[|►•»▶]")
_LAST_WORD = re.compile(r"(?<![A-Z]\.)\b([A-Z][a-z]{0,4})\.[\"”’']?$")
_BYLINE = re.compile(r"^By\s+[A-Z][\w.’'\-]+(?:\s+[A-Z][\w.’'\-]+){0,3}(?:\s|,|$)")
# '"I doubt it," he said': a quotation or a claim whose only speaker is a pronoun, named in the sentence before.
_PRONOUN_SPEAKER = re.compile(r"(?:[”\"’]|,)\s*,?\s*(?:he|she|they)\s+(?:\w+ly\s+)?(?:said|says|added|adds|told|tells|wrote|"
                              r"writes|explained|explains|continued|noted|notes|recalled|recalls)\b")
# "Speaking to the House Budget Committee he urged Congress…", "After the vote, she left": the subject is a pronoun
# after an opening phrase with no clause of its own (a preposition's phrase, a participle's), so whom it means is in
# the sentence before. A subordinate clause ("When the task force conducted raids, they…") may hold whom it means.
_OPENER = re.compile(r"^[\"“‘']?(?P<opener>(?P<prep>After|Before|In|On|At|During|Despite|Following|Unlike|With|Without|For|"
                     r"From|By|Under|Upon|Since|Until|Like)\b[^,;:\"“”.?!]{1,60}?,\s*|[A-Z][a-z]{2,}ing\s+(?:to|at|in|on|with|about|after|before|from|"
                     r"for|into|through|the|a|an|his|her|their|its)\b[^,;:\"“”.?!]{1,60}?"
                     r"(?:,\s*|\s+))(?:he|she|they)\s+[a-z]")
_CLAUSE_IN = re.compile(r"\b(?:was|were|is|are|had|has|have|did|do|does|would|could|will|can|and|or|if|whether|"
                        r"who|which|when|where|while|he|she|they|it|we|I|you)\b")
_CAPITALISED_RUN = re.compile(r"(?P<before>\w+\s+)?\b[A-Z][\w’'\-]*(?:\s+(?:of\s+)?[A-Z][\w’'\-]*)*")


def _pronoun_after_opener(text: str) -> bool:
    """The subject after an opening phrase is a pronoun, and the phrase names nobody it could mean ("Asked about
    Smith, he said…" may mean him; a name after "the" is a body or a place: "the House Budget Committee")."""
    m = _OPENER.match(text)
    if not m or len(m["opener"].split()) > 8:
        return False
    rest = m["opener"].partition(" ")[2]
    if _CLAUSE_IN.search(rest):
        return False
    return not any((r["before"] or "").strip().lower() not in ("the", "a", "an") for r in _CAPITALISED_RUN.finditer(rest))


# "Credit: ...", "Update: ...": one capitalised label word and a colon, the furniture of a page, not a sentence.
_LABEL = re.compile(r"^[A-Z][a-z]+:\s")
# A sentence ends on its stop: '"Umbrella" (featuring Jay-Z)', "Emma Stone: ‘I was holding my card’" are list
# items and headlines, whatever closing mark they end on.
_ENDS_ON_STOP = re.compile(r"[.!?…][\"”’')\]]*$")
_QUOTATION = re.compile(r"[“\"][^“”\"]*[”\"]")  # scraped copy mixes marks: any opening mark, any closing one
_LETS = re.compile(r"^Let(?:[’']s| us)\b")  # "Let’s see how we got here.": a transition, not news
# "Sign up for POLITICO Playbook…", "SUBSCRIBE & SAVE Sign up for…", "Visit us and sign in…", "Check out the rest of
# our coverage…": the page asking its reader to use it (a verb of the medium, in the imperative), not the story
_CALL_TO_ACTION = re.compile(r"^(?:[A-Z&!]{2,}\s+)*(?:Sign (?:up|in)|Subscribe|Click|Tap|Download (?:the|our|it|now|a)|"
                             r"Follow (?:us|me)|Visit (?:us|our)|"
                             r"Read (?:more|our|the full)|Watch (?:the|our|more|live|now)|Listen (?:to|now)|Share (?:this|your)|"
                             r"Donate|Log in|Register (?:for|now|here)|Get (?:the latest|breaking|our|the facts|more|full access)|"
                             r"Join (?:us|our)|Support (?:our|us)|Check out|Become a|Use the|Contact us|Send us|Tell us|"
                             r"(?:Don[’']t|Never) miss|Like us on|Stay (?:up to date|informed|connected|tuned))\b")
_TIMESTAMP = re.compile(r"^(?:[A-Z]\w*\s+){0,2}(?:at\s+)?\d{1,2}[:.]\d{2}\b")  # "Updated at 9:23 a.m. ...", "6:15 am: ..."


# "Why it matters: Biden has faced…", "The big picture: …": a section label in sentence case before the sentence it
# heads (a name as label, "Trump: …", or a label in capitals, "PRESIDENT OBAMA: …", says who speaks, and stays;
# so does a clause that says or states: "Police said: …", "The verdict was unanimous: …")
_SECTION_LABEL = re.compile(r"^(?![^:]*\b(?:said|says|say|told|tells|added|adds|wrote|writes|reported|reports|announced|declared|"
                            r"was|were|is|are|has|have|had|will|would)\b)[A-Z][a-z’']*(?:\s+[a-z’']+){1,3}:\s+(?=[A-Z“\"])")


def strip_dateline(text: str) -> str:
    """The sentence without its dateline ("NEW YORK (AP) — "), which says where the copy was filed, not news, or
    its section label ("Why it matters: "), which heads it on the page."""
    m = _DATELINE.match(text) or _SECTION_LABEL.match(text)
    if m and len(text) - m.end() > 40:
        return text[m.end():]
    return text


LEANS_BEFORE = "leans on the sentence before"
CAPTION = "a photo caption or credit"
CUT_QUOTE = "part of a quotation cut off"


def junk_reason(text: str, *, follows: bool = False) -> str | None:
    """Why a sentence may not stand in a summary or as a key point, or None when it may.

    `follows`: the sentence is shown right after the one before it in its article, so leaning on
    that sentence ("But he said...") or carrying on its quotation is how news prose goes on, not a defect.
    """
    if is_caption(text.strip()):
        return CAPTION
    core = strip_dateline(text.strip())
    if not is_prose(core) or not _ENDS_ON_STOP.search(core.rstrip()):
        return "not a full sentence"
    if core.rstrip("\"”’' ").endswith("?"):
        return "a question"
    checks = [
        (lambda t: t[0].islower() or t[0] in ",;:)]—–-.…!?", "starts mid-sentence"),
        (_ends_on_abbreviation, "cut short at an abbreviation"),
        (lambda t: t.rstrip("\"”’' ").endswith(("...", "…")), "cut short (ends in an ellipsis)"),
        (lambda t: not follows and bool(_LEANS.match(t) or _PRONOUN_SPEAKER.search(t) or _SHELL_NOUN.match(t) or _COMES_AFTER.match(t) or _pronoun_after_opener(t)
                                           or _CLAUSE_ALONE.match(t)), LEANS_BEFORE),
        (lambda t: bool(_CREDIT.search(t)) or is_caption(t), CAPTION),
        (is_embedded_post, "an embedded post or link"),
        (lambda t: len(_SEPARATORS.findall(t)) >= 2 or _title_case_run(t) or bool(_DOUBLED.search(t)),
         "a run of headlines or menu items"),
        (lambda t: bool(_BYLINE.match(t) or _TIMESTAMP.match(t)), "a byline or timestamp"),
        (lambda t: bool(_LABEL.match(t)), "a labelled line (a credit, an update note)"),
        (lambda t: bool(_LETS.match(t)), "the writer turning to the reader"),
        (lambda t: bool(_CALL_TO_ACTION.match(t)), "the page asking its reader to act (sign up, follow, read more)"),
        (lambda t: not follows and unbalanced_quote(t), CUT_QUOTE),
        (lambda t: not follows and quotation_only(t), LEANS_BEFORE),  # a quotation that names no speaker: who says it?
    ]
    for check, why in checks:
        if check(core):
            return why
    return None


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
