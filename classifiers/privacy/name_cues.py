"""Single names (a first name or a surname alone) and the cues that make one a person's name.

Each finder yields ``(start, end, kind, detector)`` candidates; ``classifiers.privacy.names`` decides
from the kind and the text's context which are reported. Kinds:

* ``field``: a form field at the start of a line (``Patient: Anna``);
* ``anchor``: a lexicon name within a short distance of other personal data (the caller's anchors);
* ``introduced``: after a phrase that introduces someone (``my name is``, ``Dear``, ``Hi``, ``my wife``);
* ``about``: a name owning personal data (``Tran's SSN``) or speaking in a transcript (``Nicole: ...``);
* ``lone``: a name with no such cue: a capitalised lexicon name (``Natalia``), an unknown capitalised
  word in a person slot (after a title ``Mr. Rednjak``; a vocative ``Aloisia, can I...`` or ``..., Judy!``;
  ``named Devin``; the subject of a personal verb ``Verda lives on``, ``Quionia is from``; ``I met Ana``;
  the object of ``tell``, ``ask``, ``call``, ``remind``...),
  or a lexicon name in an all-lower-case text (``selma is from...``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from classifiers.privacy.context import ends_open
from classifiers.privacy.gazetteer import CALENDAR, NATIONALITIES, ORG_WORDS, PLACES, RELATIONS, STREET_TYPES
from classifiers.privacy.gazetteer import words as word_set
from classifiers.privacy.lexicon import Lexicon
from classifiers.privacy.name_exclusions import eponym_after, in_organisation, place_before
from classifiers.privacy.name_tokens import (
    ONE_ASCII,
    ONE_LOWER,
    ONE_UNICODE,
    Tok,
    is_bad,
    scanner,
    single_ok,
    token_at,
    widen,
    word_ok,
)
from classifiers.privacy.scan import FIRST_PERSON, THIRD_PERSON, Hints, TextScan

__all__ = [
    "ONE_ASCII",
    "ONE_LOWER",
    "ONE_UNICODE",
    "Candidate",
    "about",
    "anchored",
    "fields",
    "introduced",
    "lone",
    "titled",
]

Candidate = tuple[int, int, str, str]  # start, end, kind, detector

# Phrases after which a capitalised word is someone's name, matched in the lower-cased text at the
# places where one of _INTRO_HINTS occurs.
_INTRO = re.compile(
    r"(?:my\s+(?:full\s+|real\s+|legal\s+|last\s+|first\s+|maiden\s+|sur)?name\s*(?:is|was|'s|:)?"
    r"|(?:full\s+|last\s+|first\s+|sur)?name\s*(?::|\?|is\b|was\b)"
    r"|(?:(?:hi|hello|hey)[ \t]*[,!]?[ \t]+(?:it'?s|this\s+is)|i\s+am|i'm|this\s+is|call\s+me|signed|"
    r"signature|sincerely|regards|dear|hi|hello|hey|attn|"
    r"attention|ask\s+for|speak\s+(?:to|with)|contact)\s*[:,]?"
    rf"|my\s+(?:{RELATIONS})(?:'s)?(?:\s+name\s+is)?,?)"
    r"[ \t]*"
)
# Whom a greeting addresses when it names no one.
_GREETED = word_set("world there everyone everybody all guys folks team friends sir madam again you")
_WEAK_INTRO = re.compile(r"i\s+am\b|i'm\b|this\s+is\b|(?:hi|hello|hey)[ \t]*[,!]?[ \t]+(?:it'?s|this\s+is)\b")
_INTRO_HINTS = Hints.of(
    "name signed signature sincerely regards hello attn attention contact",
    "i am ",
    "i'm ",
    "this is ",
    "call me ",
    "dear ",
    "hi ",
    "hi,",
    "hey ",
    "hey,",
    "ask for ",
    "speak ",
    "my ",
)
# Field labels before a colon that introduce a person's name: "Patient: Anna Berg".
_NAME_FIELDS = word_set(
    "from to cc bcc author patient client customer employee applicant holder cardholder beneficiary "
    "recipient sender tenant landlord owner user member guest passenger insured policyholder "
    "attendee student candidate name"
)
_POSSESSES = re.compile(
    r"(?:'s|’s|')\s+(?:\w+\s+){0,2}?(?:ssn|social|phone|cell|mobile|e-?mail|address|account|password|"
    r"passport|licen[cs]e|credit|card|iban|bank|birthday|birth|dob|medical|diagnosis|tax|id\b|"
    r"login|username|pin\b)"
)
# A transcript's speaker label at the start of a line: "Nicole: Remember me?"
_SPEAKER = re.compile(r"(?:^|(?<=\n))[ \t]*([A-Z][a-z]+)$")
_ANCHOR_REACH = 60  # characters between a name and another finding that make the name identifying

# Person slots: the word or words just before a name that only a person's name can follow. Read back
# from each candidate word (``_cue_before``), so the cost follows the names, not the cue words.
_TITLES = word_set(
    "mr mrs ms mx miss dr prof mme mlle herr frau sr sra srta aunt auntie uncle grandma grandpa granny "
    "nana cousin"
)
_NAMING = word_set("named nicknamed")  # also "named him", "called her", "people call me"
_SAYING = word_set(
    "says said asks asked replied replies added adds explained explains wrote writes continued recalls "
    "recalled"
)
_MEETING = word_set(
    "met saw called texted emailed visited married dated hired fired told asked love miss hate know knew"
)
_ADDRESSING = word_set(  # verbs whose object is a person: "tell ingrid I'm late", "please ask Siobhan"
    "tell ask call text email e-mail remind thank invite meet visit pay message ping phone hug kiss "
    "congratulate forgive marry"
)
_DETERMINERS = word_set("my your his her our their the a an this that")
_AND_I = re.compile(r"[ \t]+and[ \t]+i\b")  # "Kasia and I" (on the lower-cased text)
_VOCATIVE_HEAD = re.compile(
    r"[ \t]*,[ \t]+(?:can|could|would|will|please|i|i'm|you|we|thanks|thank|do|did|are|is|have|let|"
    r"let's|don't|stop|come|listen|look|what|where|when|why|how|just|remember|meet|call|wait|hurry|be|"
    r"sorry|good|happy|congrats|congratulations)\b"
)
_VOCATIVE_TAIL = re.compile(r",[ \t]+(\S+?)[ \t]*[!?.]*[ \t]*(?:$|\n)|,[ \t]+(\S+?)[ \t]*[!?](?=\s)")
_SECOND_PERSON = re.compile(
    r"\b(?:you|your|thanks|thank|please|don't|let's|sorry|congrats|congratulations|happy|miss|love)\b"
)
_SUBJECT_VERBS = re.compile(
    r"[ \t]+(?:lives|lived|is\s+living|was\s+born|is\s+from|comes\s+from|came\s+from|flew|moved|"
    r"married|divorced|died|passed\s+away|owes|owed|shouted|texted|emailed|e-mailed|phoned|"
    r"works\s+(?:at|for|as)|worked\s+(?:at|for|as)|"
    r"(?:was|got|has\s+been|had\s+been)\s+(?:fired|hired|arrested|diagnosed|admitted|married|"
    r"divorced|promoted|sacked|injured|pregnant))\b"
)
_LOWER_VERB = re.compile(
    r"[ \t]+(?:is|was|has|had|began|begins|became|grew|went|got|left|spent|wants|wanted|"
    r"loves|loved|likes|liked|made|makes|took|takes|said|says|told|asked|seems|seemed|looks|looked|"
    r"never|always|just|still|also|often|will|would|can|could)\b"
)


def introduced(scan: TextScan, lex: Lexicon, one_rx: re.Pattern[str]) -> Iterator[Candidate]:
    """Names after an introducing phrase: ``my name is``, ``Dear``, ``Hi``, ``my wife``."""
    text, low = scan.text, scan.low
    for p in scan.hinted(_INTRO_HINTS):
        if p > 0 and low[p - 1].isalnum():
            continue
        intro = _INTRO.match(low, p)
        if intro is None:
            continue
        tok = token_at(text, intro.end(), one_rx)
        if tok is None or (tok.text.islower() and tok.key in lex.words and _WEAK_INTRO.match(low, p)):
            continue  # "i am less than 80": in lower case, "i am" + an ordinary word is no introduction
        if tok.key in _GREETED and low.startswith(("hi", "hello", "hey", "dear"), p):
            continue  # "hello world", "hi there", "dear all"
        # After "my name is" or a relation ("my son Jordan", "my kid Florence") a place name is a given
        # name, as a surname is after a title; after "this is" or "hi" it may still be the place.
        naming = "name" in intro.group() or low.startswith("my ", p)
        if single_ok(tok, lex, introduced=True, titled=naming):
            yield tok.start, widen(text, tok, one_rx, lex), "introduced", "name_in_context"
    yield from _related(scan, lex, one_rx)


# "She is my daughter", "he was my intern": the writer's relation to someone named just before.
_RELATED_SUBJECT = re.compile(r"\b(?:she|he)(?:[ \t]+(?:is|was)|['’]s)[ \t]+$")
_RELATION_AFTER = re.compile(
    rf"(?:(?:former|new|old|best|younger|older|little|big|eldest|youngest|oldest)[ \t]+)?(?:{RELATIONS})\b"
)
_RELATED_REACH = 240  # characters before the relation where the name may be


def _related(scan: TextScan, lex: Lexicon, one_rx: re.Pattern[str]) -> Iterator[Candidate]:
    """A name in the sentences just before "she is my daughter" / "he was my intern": the person the
    pronoun stands for ("Can you help me study for Maria's test? She is my daughter."). Only a name the
    lexicon knows, or one written as an owner ("Henrike's reference letter"), not any capitalised word."""
    text, low = scan.text, scan.low
    for p in scan.positions("my "):
        subject = None if p > 0 and low[p - 1].isalnum() else _RELATED_SUBJECT.search(low, max(0, p - 12), p)
        if subject is None or _RELATION_AFTER.match(low, p + 3) is None:
            continue
        for m in scanner(one_rx).finditer(text, max(0, p - _RELATED_REACH), subject.start()):
            at = m.start()
            if at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_'’-"):
                continue
            tok = Tok(m.group(), at)
            opens = text[max(0, at - 8) : at].rstrip(" \t\"'(")[-1:] in ("", ".", "!", "?", "\n")
            known = tok.key in lex.given or tok.key in lex.surnames
            if (tok.possessive or (known and not opens)) and single_ok(tok, lex, introduced=True):
                yield tok.start, tok.end, "introduced", "name_in_context"


def fields(scan: TextScan, lex: Lexicon, one_rx: re.Pattern[str]) -> Iterator[Candidate]:
    """Form fields (``Patient: Anna``) and transcript speakers (``Nicole: Remember me?``)."""
    text = scan.text
    for p in scan.positions(":"):
        tok = token_at(text, p + 2 if text[p + 1 : p + 2] == " " else p + 1, one_rx)
        if tok is None:
            continue
        line = scan.low[max(0, p - 24) : p].rsplit("\n", 1)[-1].strip(" \t-*|")
        if line in _NAME_FIELDS and single_ok(tok, lex, introduced=False):
            yield tok.start, widen(text, tok, one_rx, lex), "field", "name_in_context"
            continue
        speaker = _SPEAKER.match(text, max(0, p - 30), p)
        if speaker is not None and single_ok(Tok(speaker.group(1), speaker.start(1)), lex, introduced=False):
            yield speaker.start(1), speaker.end(1), "about", "name_in_context"


def about(scan: TextScan, lex: Lexicon) -> Iterator[Candidate]:
    """A name owning personal data: ``Tran's SSN``, ``Marcus's phone``."""
    text = scan.text
    if "'" not in text and "’" not in text:
        return
    for m in _POSSESSES.finditer(scan.low):
        head = text[max(0, m.start() - 30) : m.start()]
        word = head[max(head.rfind(" "), head.rfind("\n")) + 1 :]
        if word and single_ok(Tok(word, m.start() - len(word)), lex, introduced=False):
            yield m.start() - len(word), m.start(), "about", "name_in_context"


def anchored(
    scan: TextScan, anchors: Sequence[tuple[int, int]], lex: Lexicon, one_rx: re.Pattern[str]
) -> Iterator[Candidate]:
    """Lexicon names within a short distance of other personal data."""
    text = scan.text
    windows: list[list[int]] = []
    for a0, a1 in sorted(anchors):
        lo, hi = max(0, a0 - _ANCHOR_REACH), min(len(text), a1 + _ANCHOR_REACH)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        for m in one_rx.finditer(text, lo, hi):
            word = m.group()
            if (word_ok(word, False) or _given_word(text, m.start(), word, lex)) and not eponym_after(
                scan, m.end()
            ):  # not "the Luhn check"
                tok = Tok(word, m.start())
                yield tok.start, widen(text, tok, one_rx, lex), "anchor", "name_in_context"


_NOT_GIVEN = CALENDAR | NATIONALITIES | PLACES | STREET_TYPES | ORG_WORDS
# What may follow such a name: a lower-case word (not after "I"), or a comma, full stop or end.
_AFTER_GIVEN = re.compile(r"[ \t]+(?!I\b)[a-z]|[,.!?)]|$")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)[ \t]+$")


def _given_word(text: str, start: int, word: str, lex: Lexicon) -> bool:
    """A given name that is also an ordinary word (Maria, Will, Grace), capitalised where a word would
    not be: not opening a sentence, and not after another capitalised word (``New Zealand``, ``The
    Will``) unless that one opens the sentence (``Send Maria the card``)."""
    if not (word.istitle() and word.isalpha()) or start == 0:
        return False
    key = word.lower()
    if key not in lex.given or key not in lex.words or key in _NOT_GIVEN:
        return False
    after = _AFTER_GIVEN.match(text, start + len(word))
    if after is None:
        return False  # a field label ("Author:"), a question ("Can I"), a run of capitals ("Red Ball")
    head = text[max(0, start - 40) : start]
    if not head.strip() or head.rstrip()[-1] in '.!?:;\n"“(':
        return False  # opens a sentence: any word is capitalised there
    prev = _WORD_BEFORE.search(head)
    if prev is None:
        return True
    if not prev.group(1)[:1].isupper():
        return True
    before_prev = head[: prev.start(1)].rstrip()
    return not before_prev or before_prev[-1] in ".!?\n"  # the capitalised word before opens the sentence


# An indefinite article before a capitalised word makes it a thing or a work ("won an Oscar", "a Gantt
# chart"), in a text where nobody speaks for themselves ("I met a Jessica at the party" is someone).
_ARTICLE_BEFORE = re.compile(r"(?:^|[^\w'’-])(?:a|an|A|An)[ \t]+$")
# A storm, a dish or a work named like a person: "Hurricane Katrina", "eggs Benedict", "chicken Marsala",
# "the song Jolene", "Who sang Jolene?", "the plot of Romeo and Juliet".
_THING_WORDS = word_set(  # a storm or a dish right before the name
    "hurricane typhoon cyclone storm eggs oysters beef peach chicken veal pork lamb shrimp lobster salmon "
    "fettuccine bananas cherries"
)
_WORK_WORDS = word_set(  # a work, possibly after "the"
    "song album single track poem novel book film movie show series sitcom play opera musical painting "
    "sculpture ship boat"
)
_SUNG = word_set("sang sings sing covered")
_THING_BEFORE = re.compile(
    rf"\b(?:{'|'.join(sorted(_THING_WORDS))}|(?:(?:the[ \t]+)?(?:{'|'.join(sorted(_WORK_WORDS))})|"
    rf"{'|'.join(sorted(_SUNG))}|(?:plot|book)[ \t]+of)"
    r"(?:[ \t]+[A-Z][\w'’-]*[ \t]+(?:and|&))?)[ \t]+$",  # a title of two: "the plot of Romeo and Juliet"
    re.IGNORECASE,
)
# The word right before a name that _THING_BEFORE can end on: tested first, the search tries each position.
_THING_LAST = _THING_WORDS | _WORK_WORDS | _SUNG | {"of", "and", "&"}


def _thing_before(scan: TextScan, at: int) -> bool:
    text = scan.text
    head = text[max(0, at - 40) : at].rsplit(None, 1)
    if (
        head
        and head[-1].lower() in _THING_LAST
        and _THING_BEFORE.search(text, max(0, at - 40), at) is not None
    ):
        return True
    return (
        _ARTICLE_BEFORE.search(text, max(0, at - 4), at) is not None
        and ("?" in text or ends_open(text))  # a question or a stem: not "A Sarah called about the car."
        and scan.first_word(FIRST_PERSON) == -1
    )


def lone(scan: TextScan, lex: Lexicon, one_rx: re.Pattern[str]) -> Iterator[Candidate]:
    """Names with no identifying cue (see the module docstring); reported only in open contexts."""
    text = scan.text
    if one_rx is ONE_LOWER:
        yield from _lower_case(scan, lex)
    else:
        for m in scanner(one_rx).finditer(text):
            at = m.start()
            if (at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_'’-")) or not word_ok(
                m.group(), False
            ):
                continue
            tok = Tok(m.group(), m.start())
            if (
                not _thing_before(scan, at)
                and not eponym_after(scan, tok.end)
                and not in_organisation(text, tok, one_rx, lex)
                and not place_before(text, tok.start)
            ):
                yield tok.start, tok.end, "lone", "lone_name"
    yield from _slots(scan, lex, one_rx)


def _cue_before(text: str, low: str, start: int, end: int) -> str:
    """The cue before (or ``and I`` after) a word at ``start:end``: ``"title"``, ``"cue"`` or ``""``."""
    words = low[max(0, start - 30) : start].split()
    if not words:
        return "cue" if _AND_I.match(low, end) else ""
    last = words[-1].rstrip(".")
    if last in _TITLES:
        return "title"
    prev = words[-2] if len(words) > 1 else ""
    if (
        last in _NAMING
        or (last in ("him", "her", "them") and prev in ("named", "name", "names", "called"))
        or (last == "me" and prev == "call" and words[-3:-2] == ["people"])
        or (last in _SAYING and prev[-1:] in (",", '"', "”", "'", "’"))  # '..." says Vedzizhev'
        or (last in _MEETING and prev == "i")
        or (last in _ADDRESSING and prev not in _DETERMINERS)  # not "my phone number", "the call center"
        or _AND_I.match(low, end)
    ):
        return "cue"
    return ""


def titled(scan: TextScan, lex: Lexicon, one_rx: re.Pattern[str]) -> Iterator[Candidate]:
    """Names after a title (``Herr Becker``, ``Sra. López``): of ``lone``'s cues, the one that holds in a
    text of any language."""
    return _slots(scan, lex, one_rx, titled_only=True)


def _slots(
    scan: TextScan, lex: Lexicon, one_rx: re.Pattern[str], *, titled_only: bool = False
) -> Iterator[Candidate]:
    """Words where only a person's name fits (capitalised, or any word in a lower-case text)."""
    text, low = scan.text, scan.low
    pronoun = -1 if titled_only else scan.first_word(THIRD_PERSON)
    for m in scanner(one_rx).finditer(text):
        start, end = m.start(), m.end()
        if start > 0 and text[start - 1] not in " \n\t\"'(":
            continue
        word = m.group()
        if word_ok(word, True, True):  # a place can be a surname after a title (Ms. Austin)
            cue = _cue_before(text, low, start, end)
            if cue == "title" or (cue and not titled_only and word_ok(word, True)):
                tok = Tok(word, start)
                yield tok.start, widen(text, tok, one_rx, lex), "lone", "name_in_context"
                continue
        if titled_only or not word_ok(word, True):
            continue  # the cheap tests first: most capitalised words are ordinary words (The, Why)
        subject = _SUBJECT_VERBS.match(low, end) is not None
        if not subject:
            before = text[max(0, start - 3) : start].strip(" \t\"'(")
            if not (start == 0 or before == "" or before[-1] in ".!?\n"):
                continue  # a vocative or a pronoun's referent opens its sentence
            vocative = _VOCATIVE_HEAD.match(low, end) is not None
            referred = (
                not vocative
                and pronoun > end
                and _LOWER_VERB.match(text, end) is not None
                and not place_before(text, start)
            )
            if not (vocative or referred):
                continue
        tok = Tok(m.group(), start)
        if not (tok.stop or tok.possessive):
            # "Aloisia, can I speak to...", "Verda lives on...", "Rintanen began writing... her first story"
            yield tok.start, tok.end, "lone", "name_in_context"
    if "," in text and not titled_only:
        for m in _VOCATIVE_TAIL.finditer(text):
            at = m.start(1) if m.group(1) is not None else m.start(2)
            called = token_at(text, at, one_rx)
            sentence = low[max(0, text.rfind(".", 0, at), text.rfind("\n", 0, at)) : m.end()]
            if (
                called is not None
                and single_ok(called, lex, introduced=True)
                and (m.group().rstrip().endswith("!") or _SECOND_PERSON.search(sentence) is not None)
            ):
                yield called.start, called.end, "lone", "name_in_context"  # "Don't go to town, Judy!"


_LOWER_TOKEN = re.compile(r"(?<![\w'’-])[^\W\d_]{2,}(?:['’][^\W\d_]+)?")


def _lower_case(scan: TextScan, lex: Lexicon) -> Iterator[Candidate]:
    """In an all-lower-case text, lexicon names that are not English words (``selma``, ``olga``)."""
    text = scan.text
    # Lower case carries no signal, so the lexicon alone decides: a word known both as a given name and
    # as a surname, or any lexicon name in a text that speaks of someone (he, she, her...). Baby-name
    # lists hold oddities (Json, Param) that a lower-case technical question would otherwise trip.
    someone = scan.first_word(THIRD_PERSON) != -1
    for m in _LOWER_TOKEN.finditer(text):
        tok = Tok(m.group(), m.start())
        key = tok.key
        if len(key) < 4 or key in lex.words or is_bad(tok) or place_before(text, tok.start):
            continue
        given, surname = key in lex.given, key in lex.surnames
        if (given and surname) or (someone and (given or surname)):
            yield tok.start, tok.end, "lone", "lone_name"
