"""Who said what: attributed statements with their speakers and roles.

A briefing quotes people by name, so every statement is tied to a speaker:
the usual reporting patterns ("...," said X; X, a spokesman, said ...;
according to X), with "he said" and bare continuation quotes handed to the
last named speaker, short names ("Putin") widened to the article's full name,
and spellings ("Kim Jong-un", "Kim Jong Un") merged to one display name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ragnews.analysis.model import QuoteItem
from ragnews.analysis.textsim import places_named
from ragnews.index.evidence import ArticleText, Sentence
from ragnews.text.dates import CALENDAR_WORDS, WEEKDAYS
from ragnews.text.terms import STOPWORDS

_NAME = r"(?:(?:Mr|Mrs|Ms|Dr|Gen|Prof|Sen|Rep|Gov|Lt|Col)\.\s+)?[A-Z][\w’'\-]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'\-]+))*"
_DESC = (r"(?:[Aa]n?|[Tt]he)\s+(?:[\w.’'\-]+\s+){0,4}(?:spokesperson|spokesman|spokeswoman|official|analyst|expert|"
         r"commission|ministry|agency|office|statement|report)")
# "told reporters", "told the Washington Examiner", "told The Associated Press": whom, then what
# prepositions, subordinators and conjunctions: English's closed classes, never part of a name's phrase
_FUNCTION_WORDS = ("(?:about|above|across|after|against|along|amid|among|around|as|at|aboard|before|behind|below|beneath|"
                   "beside|besides|between|beyond|by|despite|down|during|except|for|from|in|inside|into|like|near|of|off|"
                   "on|onto|outside|over|past|per|since|than|through|throughout|till|to|toward|towards|under|unlike|until|"
                   "up|upon|via|with|within|without|that|when|where|while|whether|because|if|though|although|unless|once|"
                   "whereas|how|why|what|who|whom|which|whose|and|but|or|nor|so|yet)")
# "told New York magazine the ...": a lowercase word after the name belongs to whom was told when what was
# told starts right after it
_TOLD = (r"told\s+(?:(?:the|a|an|his|her|their)\s+)?(?:[A-Z][\w.’'&\-]*(?:\s+[A-Z][\w.’'&\-]*)*"
         rf"(?:\s+(?!{_FUNCTION_WORDS}\b)[a-z]{{3,}}(?=\s+(?:the|a|an|that|he|she|they|it|his|her|their|its|this|there|we|I)\b))?"
         r"|[a-z]+)")
_VERBS = (rf"said|says|say|stated|noted|added|{_TOLD}|warned|claimed|announced|argued|explained|insisted|"
          r"emphasized|emphasised|stressed|wrote|was quoted as saying|is quoted as saying")
# verbs that report speech only with a clause or a quotation after them ("Russia acknowledged the North Korean
# involvement" reports nothing said; "acknowledged that…" and '"…," Mr. Biden declared' do)
_VERBS_OF_CLAUSE = r"declared|asserted|acknowledged|admitted|conceded|contended|remarked|replied|tweeted|cautioned"
_DAY = rf"(?:{'|'.join(d.title() for d in WEEKDAYS)}|yesterday|today)"
_WEEK = rf"(?:\s+(?:on\s+)?(?:{_DAY}(?:\s+(?:morning|afternoon|evening|night))?|earlier|later))?"
# "Sutskever on Monday said…": the day the speaker spoke, between the name and the verb
_DAY_BEFORE = rf"(?:\s+(?:on\s+|late\s+|early\s+)?{_DAY}(?:\s+(?:morning|afternoon|evening|night))?)?"
# what follows a name after a comma and is no description of the person ("who…", "whose…" are): a clause or a
# circumstance ("St Louis, Missouri, where he learned to program…, said Tad Friend"; "said The Atlantic, and, for
# Altman, this was…")
# a connective adverb set off by commas after a name is no role ("Netanyahu, however, has said")
_CONNECTIVE = (r"however|meanwhile|too|also|instead|nonetheless|nevertheless|moreover|furthermore|likewise|similarly|"
               r"therefore|thus|indeed|still|again|then")
_NOT_A_ROLE = (r"(?!(?:and|but|or|nor|so|yet|which|where|when|while|that|as|if|because|although|though|"
               rf"despite|for|thanks|after|before|since|until)\b|(?:{_CONNECTIVE})\s*,)")
# '"...," Abbott, a Republican, said', '"...," Brad Tilden, Alaska Air CEO, said': the speaker with a description
# or a title set off by commas
_APPOSITIVE = r"(?:(?:an?|the)\s+[^,“”\"]{2,60}?|[A-Z][^,“”\"]{1,100}?|\d{1,3})"  # or an age: "Charlie Sheen, 45, said"
# A named body that speaks: "the Foreign Ministry", "the Ministry of Internal Affairs of Ukraine", "the Pentagon",
# "the NLRB". English names an institution by a head noun of this kind; "the Kentucky Republican" or "the German"
# after a quotation is a person described, not a body, and stays unattributed.
_BODY_HEADS = ("Ministry|Department|Office|Agency|Administration|Authority|Authorities|Service|Police|Force|Army|Navy|"
               "Command|Court|Council|Commission|Committee|Board|Bureau|Senate|Congress|Parliament|Assembly|Government|"
               "House|Party|Company|Corporation|Group|Bank|University|Institute|Foundation|Association|Union|League|"
               "Organization|Organisation|Center|Centre|Network|Federation|Embassy|Cabinet|Kremlin|Pentagon|Vatican|"
               "Treasury|Reserve|Guard|Secretariat|Directorate|Inc\\.|Corp\\.")
_BODY = (rf"[Tt]he\s+(?:[A-Z][\w’'\-.]*\s+(?:(?:and|&)\s+)?){{0,4}}(?:{_BODY_HEADS})(?:\s+(?:of|for)\s+(?:the\s+)?{_NAME}){{0,2}}"
         r"|[Tt]he\s+(?!(?:CEO|CFO|COO|CTO|MP|PM|DJ|GM|VP|MVP)\b)[A-Z]{2,6}(?![\w’'])")
# after "said", a body's name ends the attribution or a circumstance follows ("said the Pentagon in a statement");
# "said the Army veteran who…", "said the Pentagon spokesman John Kirby" name a person
_BODY_ENDS = r"(?=\s*(?:[.,;]|$)|\s+(?:in|on|at|after|during|via|per|according|late|early|earlier|later|last|this|today|yesterday)\b)"
_Q_OPEN = "“\""
_Q_CLOSE = "”\""
_QUOTE_THEN_SPEAKER = re.compile(
    rf"[“\"](?P<q>[^”\"]{{6,}})[”\"]\s*,?\s*(?:(?P<who>{_BODY}|{_NAME}|[Hh]e|[Ss]he|[Tt]hey)(?:,\s*(?P<appos>{_APPOSITIVE}),)?\s+(?:{_VERBS}|{_VERBS_OF_CLAUSE})\b"
    rf"|(?:said|says|added|noted)\s+(?P<who2>(?:{_BODY}){_BODY_ENDS}|{_NAME})(?:,\s*{_NOT_A_ROLE}(?P<role>[^\s.“”\"][^.“”\"]*))?)")
_SPEAKER_THEN = re.compile(
    rf"(?:^|(?<=[,;]\s)|(?<=\bthat\s))(?P<pre>(?:[A-Za-z.’'\-]+\s+){{0,4}}?)(?P<who>{_NAME}(?:\s+and\s+{_NAME})?|{_DESC}|[Hh]e|[Ss]he)"
    rf"(?:\s+of\s+(?P<org>[^,]{{3,80}}?)|,\s*{_NOT_A_ROLE}(?P<role>[^\s,][^,]{{0,139}}),)?(?:,\s*(?:{_CONNECTIVE}),)?{_DAY_BEFORE},?\s+(?:(?:has|have|had)\s+(?=(?:said|told|warned|stated|claimed|argued|insisted|noted)\b))?(?:{_VERBS}|(?:{_VERBS_OF_CLAUSE})(?={_WEEK},?\s+(?:that\b|[“\"])))\b{_WEEK}(?:\s+[a-z]+ly(?=\s+that\b))?,?\s*(?:that\s+)?(?P<q>.{{8,}})")
_TRAILING = re.compile(rf"^(?P<q>.{{8,}}?),\s*(?:said|says|added|noted|according to)\s+(?P<who>{_NAME})(?:,\s*(?P<role>[^.]+))?\.?$")
_ACCORDING = re.compile(r"[Aa]ccording to (?:the\s+)?(?P<who>[^,.;]+?)(?:\s+of\s+(?P<org>[^,.;]+))?(?=[,.;]|$)")
# initials' stops are no sentence's ("according to data from the U.S. Department of Transportation"): hidden while
# the attribution is read
_INITIALS = re.compile(r"\b(?:[A-Z]\.){2,}|(?<=\w)\.(?=\w)")  # and a stop inside a name: "PowerOutage.US"
_HIDDEN_STOP = "\u2024"
_TITLE_LINK = {"of", "at", "for", "in", "with", "from", "on", "to", "that", "who", "which"}
_QUANTIFIER = re.compile(r"(?:\d|half|third|fifth|quarter|only|most|many|some|all|few|several|more|less|about|around|"
                         r"nearly|almost|one|two|three|four|five|six|seven|eight|nine|ten)", re.I)


def _is_title(phrase: str) -> bool:
    """A noun phrase naming what a source is ("director of debate at…", "a paleontologist at…", "a federal website
    that tracks drought"), not a clause ("there will be seven billion of us", "women make up only 24 percent")."""
    words = re.sub(r"^(?:an?|the)\s+", "", phrase).split()
    if not words or words[0].lower() in _TITLE_LINK or _QUANTIFIER.match(words[0]):
        return False  # "…, who added that…": a clause about the source; "a fifth of…", "nine out of 10…": a finding
    return len(words) <= 3 or bool(_TITLE_LINK & {w.lower() for w in words[1:3]})


_CLOSING_TITLE = re.compile(r",\s*((?:an?\s+|the\s+)?[a-z][^,.;“”\"]{2,100})[.;]?\s*$")

_TITLE_WORDS = {"president", "prime", "minister", "chief", "general", "gen.", "secretary", "leader", "chairman", "king",
                "queen", "pope", "staff", "foreign", "defense", "defence", "spokesman", "spokeswoman", "commander",
                "ambassador", "senator", "governor", "mayor", "premier", "chancellor", "of", "mr.", "mrs.", "ms.", "dr.",
                "prof.", "both", "neither", "on", "in", "earlier", "monday", "tuesday", "wednesday", "thursday",
                "friday", "saturday", "sunday", "despite", "but", "and", "then", "while", "although", "however", "after",
                "the", "as", "when", "if", "though", "because"}
_FILLER = {"mr.", "mrs.", "ms.", "dr.", "both", "neither", "but", "and", "then", "despite", "on", "in", "earlier",
           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "while", "although",
           "however", "after", "the", "as", "when", "if", "though", "because"}
_ROLE_PRE = re.compile(r"(?:spokes\w+|president|leader|minister|chief|commander|general|secretary|supervisor|commissioner|analyst|expert|"
                       r"professor|official|director|head|ambassador|envoy|adviser|advisor|chairman)\s*$", re.I)
_OBJECT_OF = re.compile(r"\b(?:of|for|from|in|at|by|with|to|on|against|over)\s*$", re.I)
_QUOTE_MARK = re.compile(r"[“”\"]")
_ENCLOSED = re.compile(r"[“\"]([^“”\"]+)[”\"][.,]?")  # one quotation, whole: '“We will always honour them.”'
_PRONOUNS = {"he", "she", "they"}
# "Neither X nor Y said how many...", "X declined to say", "X did not comment": a report that nothing was said.
_NEGATED = re.compile(r"\bneither\b[^.]*\bnor\b|\b(?:did not|didn['’]t|does not|doesn['’]t|do not|don['’]t|would not|wouldn['’]t|"
                      r"could not|couldn['’]t|has not|hasn['’]t|have not|haven['’]t|had not|hadn['’]t|never|declined to|"
                      r"refused to|no one|nobody|not immediately)\s+(?:\w+\s+){0,2}?(?:say|said|says|comment|disclose|"
                      r"confirm|reveal|specify|elaborate|respond|answer|explain|give|provide|identify)\b", re.I)
# what follows a reporting verb when the quotation came before it: "...," he said during a ceremony / after the vote
# "said Abbott, flanked by lawmakers" / "..., speaking to reporters" / "Sheen, 45,": how the words were said or
# what else is true of the speaker, not a role
_CIRCUMSTANCE = re.compile(r"\w+ed\s+(?:by|in|at|on|to|with|from)\b|\w+ing\s+(?:to|at|in|on|from|with|about|after|before|during|"
                           r"the|a|an|his|her|their|that)\b|(?:in|at|on|during|after|before|while|when|who|whose|which|where)\b|\d+$")
_STATEMENT_START = re.compile(r"^(?:in|on|at|of|for|to|from|by|with|about|as|and|or|but|during|after|before|while|when|"
                              r"following|upon|via|through|without|within|outside|inside|later|earlier)\b", re.I)


def _split_title(name: str) -> tuple[str, str | None]:
    """'Russian President Vladimir Putin' -> ('Vladimir Putin', 'Russian President')."""
    toks = name.split()
    i = 0

    def demonym(t: str) -> bool:
        return bool(re.search(r"(?:ian|ean|ese|ish|can)$", t))

    while i < len(toks) - 1 and (toks[i].lower() in _TITLE_WORDS or demonym(toks[i])
                                 and (toks[i + 1].lower() in _TITLE_WORDS or demonym(toks[i + 1]))):
        i += 1
    role = " ".join(t for t in toks[:i] if t.lower() in _TITLE_WORDS - _FILLER or t[0].isupper()
                    and t.lower() not in _FILLER) or None
    return " ".join(toks[i:]), role


def _quote_candidates(ref: Sentence) -> list[tuple[str, str | None, str]]:
    """(speaker, role, text) attributions found in one sentence, by pattern family."""
    s = ref.text.strip()
    m = _QUOTE_THEN_SPEAKER.search(s)
    if m:
        who = m.group("who") or m.group("who2")
        appos = m.group("appos") and not m.group("appos").isdigit() and re.sub(r"^an?\s+", "", m.group("appos")) or None
        return [(who, m.group("role") or appos, m.group("q").strip(" ,"))]
    m = _TRAILING.match(s)
    if m:
        return [(m.group("who"), m.group("role"), m.group("q").strip(" ,"))]
    m = _SPEAKER_THEN.search(s)
    if m:
        pre, who = m.group("pre") or "", m.group("who")
        day = re.match(r"[A-Z][a-z]+\s+", who)
        if day and day.group().strip().lower() in CALENDAR_WORDS:
            pre, who = pre + day.group(), who[day.end():]  # "Later on Monday Abbott said": the day is no name
        elif _OBJECT_OF.search(pre):
            return []  # "The president-elect of Iran insisted": the name is what the speaker is of, not who spoke
        role = m.group("role") or m.group("org")
        if m.group("org"):
            who, role = _of_phrase(who, m.group("org"))
        if not role and _ROLE_PRE.search(pre.strip()):
            role = pre.strip()
        if _after_the_statement(s[:m.start()], m.group("q")):
            return [(who, role, s[:m.start()].rstrip(" ,"))]
        aside = _around_aside(s, m.start(), m.start("q"))
        appositive = re.match(r"^(?:The|A|An)\s+([\w\s.’'\-]{2,60}),\s*$", s[:m.start()])
        if not role and appositive and not aside:
            role = appositive.group(1)
        return [(who, role, aside or m.group("q").strip())]
    hidden = _INITIALS.sub(lambda i: i.group(0).replace(".", _HIDDEN_STOP), s)
    m = _ACCORDING.search(hidden)
    if m:
        # "…, according to Aaron Kall, director of debate at the University of Michigan.": the source's title closes the sentence
        title = _CLOSING_TITLE.match(hidden, m.end()) if s[:m.start()].strip(" ,") else None  # not "According to X, …"
        title = title if title and _is_title(title.group(1)) else None
        end = title.end() if title else m.end()
        rest = (s[:m.start()] + s[end:]).strip(" ,.")
        org = m.group("org") or (title.group(1) if title else None)
        return [(m.group("who").strip().replace(_HIDDEN_STOP, "."), org and org.replace(_HIDDEN_STOP, "."), rest)]
    if s[:1] in _Q_OPEN and s.rstrip()[-1:] in _Q_CLOSE + "." and not _SAID_AFTER.match(s):
        return [("", None, s.strip(_Q_OPEN + _Q_CLOSE + " "))]  # continuation of the previous quote
    return []


# '“Fake news,” someone shouted.', '"…," one protester yelled': an indefinite speaker after the quotation is someone
# new and unnamed, so the sentence carries on no one's quotation ("the agency said" after one points back to a name)
_SAID_AFTER = re.compile(r"^[“\"][^”\"]*[”\"]\s*,?\s*(?:someone|somebody|anyone|another|others?|one|an?|some|many|several)\b",
                         re.I)
_PERSON_LAST = re.compile(r"^(?P<org>.+?)\s+(?P<name>[A-Z][\w’'\-]+\s+[A-Z][\w’'\-]+)$")
_BODY_HEAD_END = re.compile(rf"\b(?:{_BODY_HEADS})$")
_WHOLE_NAME = re.compile(rf"(?:the\s+)?{_NAME}")


def _of_phrase(who: str, org: str) -> tuple[str, str | None]:
    """A speaker named with an "of" phrase: a title of a body before a person's name ("Palm Beach County Supervisor
    of Elections Susan Bucher", "Secretary of State Mike Pompeo"), a body itself ("the Department of State has
    said"), or a person of a place or body ("Jane Smith of Ohio")."""
    person = _PERSON_LAST.match(org)
    if person and person["org"][:1].isupper() and (_ROLE_PRE.search(who) or _ROLE_PRE.search(person["org"])
                                                    or person["org"].split()[-1].lower() in _TITLE_WORDS):
        # "Bureau of Reclamation Commissioner Camille Touton", "Bank of England governor Mervyn King"
        return person["name"], f"{who} of {person['org']}"
    if _BODY_HEAD_END.search(who) and _WHOLE_NAME.fullmatch(org):
        return f"the {re.sub(r'^The ', '', who)} of {org}", None
    return who, org


# What may follow "said" when the attribution closes the sentence: when, where, in what and per whom it was said
# ("... said Sunday evening, per the Atlanta Journal Constitution.", "... said in a statement."), no clause of its own.
_TAIL = re.compile(r"^(?:(?:in|on|at|per|during|after|via|through|from|to|earlier|later|late|early|last|this|today|"
                   r"yesterday|tonight|morning|afternoon|evening|night|according)\b)(?!.*\b(?:that(?!\s+(?:day|week|morning|afternoon|"
                   r"evening|night|time)\b)|he|she|they|it|we|I|would|"
                   r"will|is|was|were|has|had|have|could|can)\b)(?!.*[“\"])", re.I)


# "... said in her ruling the policy violates federal law": a subject and its verb after the phrase, so a statement
_CLAUSE_IN_TAIL = re.compile(r"\b(?:the|a|an|his|her|their|its|this)\s+[a-z][\w-]*\s+[a-z][\w-]*(?:s|ed)\b")


def _after_the_statement(head: str, q: str) -> bool:
    """ "Brooks sustained organ damage …, the Medical Examiner's Office said Sunday evening, per the AJC.": the
    attribution closes the sentence, so the statement is what comes before it, not the tail after "said"."""
    return head.endswith(", ") and len(head.split()) >= 6 and len(q.split()) <= 8 and bool(_TAIL.match(q.strip())) \
        and not _CLAUSE_IN_TAIL.search(q)


def _around_aside(s: str, start: int, q: int) -> str | None:
    """ "North Korea, the agency added, views its alliance...": an attribution set off by commas inside the
    statement; what was said is the sentence around it (the cut marked), not the words after it."""
    head, between = s[:start], s[start:q]
    if not head.endswith(", ") or not between.rstrip().endswith(",") or _QUOTE_MARK.search(head):
        return None
    rest = s[q:].strip()
    head = head.rstrip(", ")
    if not rest[:1].islower() or len(head.split()) > 12 or not head[:1].isupper():
        return None
    return f"{head} … {rest}"


def _clean_speaker(who: str, role: str | None) -> tuple[str, str | None]:
    who = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Prof)\.\s+", "", who.strip())
    name, title = _split_title(who)
    if role and _CIRCUMSTANCE.match(role.strip()):
        role = None
    if title and not role:
        role = title
    if role:
        role = role.strip(" ,.")
    return name, role or None


def _name_key(name: str) -> str:
    toks = [t for t in re.split(r"[\s\-]+", name.lower()) if not re.fullmatch(r"[a-z]\.|gen\.", t)]
    return " ".join(toks)


def _canonical_names(items: list[QuoteItem]) -> dict[str, str]:
    """Map every spelling of a person to one display name: 'Kim Jong-un' ~ 'Kim Jong Un', 'Putin' ~ 'Vladimir Putin'.

    A body keeps its own name and is no person's: "Indiana State Police" is not short for "Indiana State Police
    Sergeant Kim Riley", nor "Kremlin" for "Kremlin spokesman Dmitry Peskov"."""
    items = [q for q in items if not q.body]
    full = Counter(_name_key(q.speaker) for q in items if len(q.speaker.split()) > 1)
    display: dict[str, Counter[str]] = defaultdict(Counter)
    for q in items:
        display[_name_key(q.speaker)][q.speaker] += 1
    out: dict[str, str] = {}
    for q in items:
        key = _name_key(q.speaker)
        if len(key.split()) == 1:
            matches = [k for k in full if key in k.split()]
            key = max(matches, key=lambda k: full[k]) if matches else key
        else:  # "vladimir v putin" -> "vladimir putin" when the shorter key is a known full name with the same last
            # name ("alaska air ceo brad tilden" is not "alaska air")
            key = next((k for k in full if set(k.split()) < set(key.split()) and len(k.split()) > 1
                        and k.split()[-1] == key.split()[-1]), key)
        variants = display.get(key)
        out[q.speaker] = max(variants, key=lambda v: (not re.search(r"\b[A-Z]\.", v), variants[v])) \
            if variants else q.speaker
    return out


def _article_names(art: ArticleText) -> Counter[str]:
    """Multi-word person/org names in an article, titles stripped, to expand 'Kim' or 'Mr. Putin'."""
    names: Counter[str] = Counter()
    for ref in art.sentences:
        if art.is_headline(ref):
            continue  # "Trump Cancels Republican National Convention": a headline's capitals are no one's name
        for m in re.finditer(_NAME, ref.text):
            name, _ = _split_title(re.sub(r"^(?:Mr|Mrs|Ms|Dr|Prof)\.\s+", "", m.group(0)))
            if len(name.split()) > 1:
                names[name] += 1
    return names


def _full_name(name: str, names: Counter[str]) -> str:
    """A one-word speaker is the article's most-mentioned full name containing that word."""
    if len(name.split()) > 1:
        return name
    key = _name_key(name)
    matches = [n for n in names if key in _name_key(n).split()]
    return max(matches, key=lambda n: (names[n], -len(n))) if matches else name


def _places(articles: list[ArticleText]) -> set[str]:
    """Names the articles use as places ("in Moscow", "to Kursk"): a place is never a speaker."""
    used: Counter[str] = Counter()
    for art in articles:
        for ref in art.sentences:
            for place in places_named(ref.text):
                used[place] += 1
    return set(used)


_BODY_SPEAKER = re.compile(rf"(?:{_BODY})")


def _statement(text: str) -> str | None:
    """The quoted words cleaned of stray punctuation, or None when they are no statement ("Friday.", "in a news release.")."""
    text = text.strip().lstrip(":;,.—–- ").strip()
    if text[:1] == '"' and text.count('"') % 2 or text[:1] == "“" and text.count("“") > text.count("”"):
        text = text[1:]  # an opening mark whose quotation is the statement itself ('“"We see a growing trend...')
    words = text.split()
    if len(words) < 4 or _STATEMENT_START.match(text) and not text[:1].isupper():
        return None
    return text


def extract_quotes(articles: list[ArticleText], skip: set[Sentence]) -> list[QuoteItem]:
    """Attributed statements with speakers, each speaker under one display name across all sources.

    Negated or reported-absent statements ("Neither X nor Y said how many...") are no quotes; a name the
    articles use as a place is never a speaker.
    """
    places = _places(articles)
    found = [q for art in articles for q in _article_quotes(art, skip)
             if q.speaker not in places and not q.speaker.split()[-1:] == ["based"] and "-based" not in q.speaker]
    canon = _canonical_names(found)
    return [QuoteItem(q.speaker if q.body else canon.get(q.speaker, q.speaker), q.role, q.text, q.ref, q.direct, q.body)
            for q in found]


def _article_quotes(art: ArticleText, skip: set[Sentence]) -> list[QuoteItem]:
    """One article's statements; pronouns and continuation quotes take the previous named speaker."""
    out: list[QuoteItem] = []
    last: tuple[str, str | None] | None = None
    roles: dict[str, str] = {}
    pronoun_of: dict[str, str] = {}  # "he"/"she" each speaker was called
    names = _article_names(art)
    prev_was_quote = False
    subject: tuple[str, str | None] | None = None  # the person the sentence before is about
    last_said = 0  # index of the sentence of the last statement
    for k, ref in enumerate(art.sentences):
        if ref in skip or art.is_headline(ref):  # a headline states nothing anyone said ("Trump Threatens … On Sunday")
            prev_was_quote = False
            continue
        got = unnamed = False
        for who, role, raw in ([] if _NEGATED.search(ref.text) else _quote_candidates(ref)):
            text = _statement(raw)
            body = False
            if not who or who.lower() in _PRONOUNS:
                said_by = who.lower()
                if said_by in ("he", "she") and subject and subject != last and pronoun_of.get(subject[0], said_by) == said_by \
                        and (not last or pronoun_of.get(last[0], said_by) != said_by or k - last_said >= _STALE):
                    # "Crump described the deployment as routine. '…,' she said": the person the sentence before is
                    # about, when whoever spoke last was called the other pronoun or spoke a while ago
                    last = subject
                if text is None or not last or not (who or prev_was_quote):
                    continue  # a bare quote only continues a quote; "he" needs someone named before
                speaker = last
                if said_by in ("he", "she"):
                    pronoun_of.setdefault(speaker[0], said_by)
            elif _BODY_SPEAKER.fullmatch(who):
                # a body is no "he" or "she", and after it the person quoted before is no longer the obvious one
                speaker, body, last = (who.split(None, 1)[1], role), True, None
                if text is None:
                    continue
            else:
                named = _named_speaker(who, role, names, roles)
                if named is None:
                    unnamed = True  # "Another witness who lives in the area said…": someone speaks, unnamed
                    continue
                speaker = named
                if speaker[0][0].isupper():
                    last = speaker  # named here, so "he added" next is this speaker, whatever was quoted
                if text is None:
                    continue
            words, direct = _words_of(text, ref.text)
            out.append(QuoteItem(speaker[0], speaker[1], words, ref, direct, body))
            got = True
            last_said = k
        if not got:
            # "she said" next means the person this sentence introduces, or someone it could not name
            last = _new_subject(ref.text, names, roles) or (None if unnamed or _UNNAMED_SPEAKER.match(ref.text.strip()) else last)
        subject = None if got else _acting(ref.text, names, roles)
        if subject:  # "Gillibrand describes an older senator who approached her…": she, whoever "he" is next
            told = {p for p, pat in (("he", _HIS), ("she", _HERS)) if pat.search(ref.text)}
            if len(told) == 1:
                pronoun_of.setdefault(subject[0], told.pop())
        prev_was_quote = got and ("”" in ref.text or '"' in ref.text)
    return out


# "Andrew Hack, a junior Emory University student, showed up near the church…": a person introduced as the subject,
# named with a description (a name alone may be anyone the story is about: "Olivia Stoffel attended fifth grade…")
_SUBJECT = re.compile(rf"^(?P<who>{_NAME})(?<![’'s]')(?<![’']s)(?=,\s+(?:an?|the)\s)")


# "Another witness who lives in the area said there was fighting…": someone unnamed speaks; "she said" next is them
_UNNAMED_SPEAKER = re.compile(r"^(?:Another|An?|One|Other|Some)\s+[a-z][\w\s,’'\-]{0,60}?\b(?:said|says|told|tells|added)\b")


def _new_subject(text: str, names: Counter[str], roles: dict[str, str]) -> tuple[str, str | None] | None:
    """The person a sentence that quotes no one is about, when it opens on their full name: "he said" in the
    next sentence is this person, not the last one quoted (Andrew Hack, not Jason Carter)."""
    m = _SUBJECT.match(text.strip())
    if not m or len(m["who"].split()) < 2:
        return None
    return _named_speaker(m["who"], None, names, roles)


_HIS = re.compile(r"\b(?:he|him|his|himself)\b", re.I)
_HERS = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
_STALE = 3  # sentences after which the last statement's speaker is no longer the obvious "he" or "she"
# "On Wednesday, when asked about the police cars, Crump described the deployment as routine.": a name, after the
# sentence's opening phrase if any, right before its verb (a verb in -s only before what a verb takes: "Jing Xu
# suggests that…"; "White House officials said" is a noun's)
_ACTING = re.compile(rf"(?:^|,\s+)(?P<who>{_NAME})\s+(?:[a-z]+ly\s+)?(?:(?:has|had|was|is)\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|en)|[a-z]+ed|[a-z]{{2,}}s(?=\s+(?:that|the|a|an|his|her|"
                     r"their|its|it|he|she|to|in|on|at|for|with|about|up|out)\b)|said|told|wrote|went|took|made|"
                     r"gave|spoke|saw|came|left|met)\b")


def _acting(text: str, names: Counter[str], roles: dict[str, str]) -> tuple[str, str | None] | None:
    """The person a sentence is about, named as the subject of its verb (None when it names no person)."""
    m = _ACTING.search(text)
    who = m["who"] if m else ""
    if m and m.start("who") == 0 and who.split()[0].lower() in STOPWORDS:
        who = who.partition(" ")[2]  # "Even Anastasio said…": the sentence's first word is no name's
    if not who or who.split()[0].lower() in _TITLE_WORDS | CALENDAR_WORDS or len(who.split()) > 4:
        return None
    named = _named_speaker(who, None, names, roles)
    return named if named and 2 <= len(named[0].split()) <= 4 else None  # a person's full name ("Twenty-four" is none)


def _words_of(text: str, sentence: str) -> tuple[str, bool]:
    """The statement and whether it is the speaker's own words: quoted in the article (its marks dropped,
    the briefing shows its own), or the article's report of them ("said that the alliance risked...")."""
    at = sentence.find(text)
    before = sentence[:at].rstrip() if at >= 0 else ""
    if before and before[-1] in _Q_OPEN + "‘" and not _QUOTE_MARK.search(text):
        return text, True
    m = _ENCLOSED.fullmatch(text)
    if m:
        return m.group(1).strip(), True
    return text, False


def _named_speaker(who: str, role: str | None, names: Counter[str], roles: dict[str, str]
                   ) -> tuple[str, str | None] | None:
    """The speaker's full name and role (remembered per article), or None when `who` is not a person."""
    name, role = _clean_speaker(who, role)
    if not name or name.lower() in _TITLE_WORDS or re.search(r"[’']s$", name):
        return None
    name = _full_name(name, names)
    role = role or roles.get(name)
    if role:
        roles.setdefault(name, role)
    return name, role
