"""Single names (a first name or a surname alone) and the cues that make one a person's name.

Each finder yields ``(start, end, kind, detector)`` candidates; ``classifiers.privacy.names`` decides
from the kind and the text's context which are reported. Kinds:

* ``field``: a form field at the start of a line (``Patient: Anna``);
* ``anchor``: a lexicon name within a short distance of other personal data (the caller's anchors);
* ``introduced``: after a phrase that introduces someone (``my name is``, ``Dear``, ``Hi``, ``my wife``);
* ``about``: a name owning personal data (``Tran's SSN``) or speaking in a transcript (``Nicole: ...``);
* ``lone``: a name with no such cue: a capitalised lexicon name (``Natalia``), an unknown capitalised
  word in a person slot (after a title ``Mr. Rednjak``; a vocative ``Aloisia, can I...`` or ``..., Judy!``;
  ``named Devin``; the subject of a personal verb ``Verda lives on``, ``Quionia is from``; ``I met Ana``),
  or a lexicon name in an all-lower-case text (``selma is from...``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from classifiers.privacy.gazetteer import (
    CALENDAR,
    FUNCTION_WORDS,
    HONORIFICS,
    NATIONALITIES,
    PLACE_PREFIXES,
    PLACES,
    STREET_TYPES,
)
from classifiers.privacy.gazetteer import words as word_set
from classifiers.privacy.lexicon import Lexicon, fold
from classifiers.privacy.scan import TextScan

__all__ = [
    "ORG_WORDS",
    "Candidate",
    "Tok",
    "about",
    "anchored",
    "fields",
    "introduced",
    "is_bad",
    "lone",
    "place_before",
    "single_ok",
]

Candidate = tuple[int, int, str, str]  # start, end, kind, detector

_UPPER_U = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u0391-\u03a9\u0400-\u042f"
_WORD_A = r"[A-Z][A-Za-z'’-]*\.?"
_WORD_U = rf"[{_UPPER_U}][^\W\d_]*(?:['’-][^\W\d_]+)*\.?"
ONE_ASCII = re.compile(rf"(?<![\w'’-]){_WORD_A}")
ONE_UNICODE = re.compile(rf"(?<![\w'’-]){_WORD_U}")
ONE_LOWER = re.compile(r"(?<![\w'’-])[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")  # any word, for lower-case texts

# Phrases after which a capitalised word is someone's name, matched in the lower-cased text at the
# places where one of _INTRO_HINTS occurs.
_INTRO = re.compile(
    r"(?:my\s+(?:full\s+|real\s+|legal\s+|last\s+|first\s+|maiden\s+|sur)?name\s*(?:is|was|'s|:)?"
    r"|(?:full\s+|last\s+|first\s+|sur)?name\s*(?::|\?|is\b|was\b)"
    r"|(?:i\s+am|i'm|this\s+is|call\s+me|signed|signature|sincerely|regards|dear|hi|hello|hey|attn|"
    r"attention|ask\s+for|speak\s+(?:to|with)|contact)\s*[:,]?"
    r"|my\s+(?:wife|husband|son|daughter|mother|mom|mum|father|dad|friend|boss|colleague|coworker|"
    r"partner|neighbou?r|brother|sister|manager|doctor|lawyer|roommate|fianc[ée]e?|boyfriend|girlfriend|"
    r"cousin|uncle|aunt|grandmother|grandfather|child|kid|nephew|niece|teacher|landlord|tenant|"
    r"employee|assistant|client|patient|grandma|grandpa|flatmate|coworker|spouse)(?:'s)?(?:\s+name\s+is)?,?)"
    r"[ \t]*"
)
_INTRO_HINTS = (
    "name",
    "i am ",
    "i'm ",
    "this is ",
    "call me ",
    "signed",
    "signature",
    "sincerely",
    "regards",
    "dear ",
    "hi ",
    "hi,",
    "hello",
    "hey ",
    "attn",
    "attention",
    "ask for ",
    "speak ",
    "contact",
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

# Person slots for a capitalised word the lexicon does not know (matched in the original text).
_TITLED = re.compile(
    r"\b(?:mr|mrs|ms|mx|miss|dr|prof|mme|mlle|herr|frau|sr|sra|srta)\.?[ \t]+", re.IGNORECASE
)
_VOCATIVE_HEAD = re.compile(
    r"[ \t]*,[ \t]+(?:can|could|would|will|please|i|i'm|you|we|thanks|thank|do|did|are|is|have|let|"
    r"let's|don't|stop|come|listen|look|what|where|when|why|how|just|remember|meet|call|wait|hurry|be|"
    r"sorry|good|happy|congrats|congratulations)\b",
    re.IGNORECASE,
)
_VOCATIVE_TAIL = re.compile(r",[ \t]+(\S+?)[ \t]*[!?.]*[ \t]*(?:$|\n)|,[ \t]+(\S+?)[ \t]*[!?](?=\s)")
_SECOND_PERSON = re.compile(
    r"\b(?:you|your|thanks|thank|please|don't|let's|sorry|congrats|congratulations|happy|miss|love)\b",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"\b(?:(?:nick)?named(?:\s+(?:him|her|them))?|names?\s+(?:him|her|them)|called\s+(?:him|her)|"
    r"people\s+call\s+me)[ \t]+",
    re.IGNORECASE,
)
# Speech attribution after a quotation: '..." says Vedzizhev.'
_SAYS = re.compile(
    r"[,\"”'’]\s*(?:says|said|asks|asked|replied|replies|added|adds|explained|explains|wrote|writes|"
    r"continued|recalls|recalled)[ \t]+",
    re.IGNORECASE,
)
_SUBJECT_VERBS = re.compile(
    r"[ \t]+(?:lives|lived|is\s+living|was\s+born|is\s+from|comes\s+from|came\s+from|flew|moved|"
    r"married|divorced|died|passed\s+away|owes|owed|shouted|texted|emailed|e-mailed|phoned|"
    r"works\s+(?:at|for|as)|worked\s+(?:at|for|as)|"
    r"(?:was|got|has\s+been|had\s+been)\s+(?:fired|hired|arrested|diagnosed|admitted|married|"
    r"divorced|promoted|sacked|injured|pregnant))\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:he|she|him|her|his|hers|himself|herself)\b", re.IGNORECASE)
_LOWER_VERB = re.compile(
    r"[ \t]+(?:is|was|has|had|began|begins|became|grew|went|got|left|spent|wants|wanted|"
    r"loves|loved|likes|liked|made|makes|took|takes|said|says|told|asked|seems|seemed|looks|looked|"
    r"never|always|just|still|also|often|will|would|can|could)\b"
)
_FIRST_PERSON = re.compile(
    r"\bI[ \t]+(?:met|saw|called|texted|emailed|visited|married|dated|hired|fired|told|asked|love|"
    r"miss|hate|know|knew)[ \t]+|(?=\b[^\W\d_][\w'’-]+[ \t]+and[ \t]+I\b)",
    re.IGNORECASE,
)
ORG_WORDS = word_set(
    "inc ltd llc plc gmbh corp corporation co company bank university college school hospital clinic "
    "institute foundation group museum church society association club partners brothers bros sons "
    "motors airlines industries international systems solutions technologies labs studios records press "
    "times post journal news gallery hotel restaurant cafe center centre consulting agency services "
    "holdings capital ventures insurance trust fund council"
)
# Nouns after which a surname names a method, a law or an award, not a person: "the Luhn check",
# "Dijkstra's algorithm", "Bayes' theorem", "a Nobel prize".
_EPONYM = re.compile(
    r"(?:'s|’s|'|’)?[ \t-]+(?:algorithm|theorem|method|check|checksum|test|law|laws|equation|equations|"
    r"formula|distance|transform|filter|series|effect|principle|constant|number|numbers|conjecture|"
    r"distribution|correlation|coefficient|process|model|curve|space|function|integral|inequality|"
    r"paradox|problem|rule|lemma|prize|award|medal|scale|index|code|cipher|machine|cycle|diagram|"
    r"matrix|operator|notation|hypothesis|criterion|limit|bound|sequence|triangle|approximation|"
    r"protocol|syndrome|disease|reaction|scheme|encoding|complex|fallacy|doctrine|plan|era|dynasty|"
    r"theory|theories|paper|papers|circuit|path|conditions?|group|groups|ring|field|set|sets|"
    r"school|style|method|methods|graph|tree|heap|sort|search|table|net|network|architecture)\b"
)
# Where a capitalised word is a place or an organisation, not a person: "moved here from Kenosha",
# "arrived at Fala", "lives in Quincy", "I work for Wolters Kluwer", "Where: Novo mesto".
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|near|outside|inside|around|across|throughout)"
    r"|\b(?:move[ds]?|moving|arrived?|arrives|arriving|live[ds]?|living|based|born|located|situated|"
    r"stay(?:s|ed|ing)?|travel(?:l?ed|l?ing|s)?|flew|fly|flying|went|goes|going|drove|drive|came|come|"
    r"comes|coming|returned|relocated|emigrated|immigrated|headed|trip|vacation|holiday|visit(?:s|ed|ing)?|"
    r"work(?:s|ed|ing)?|employed|job)"
    r"\s+(?:here\s+|there\s+|back\s+|home\s+|over\s+)?(?:from|to|at|in|into|near|for|with|by)"
    r"|\bwhere\s*:)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


class Tok:
    """One capitalised word of a run: its text (without a possessive or final dot), span and flags."""

    __slots__ = ("end", "initial", "key", "possessive", "sentence_start", "start", "stop", "text")

    def __init__(self, text: str, start: int) -> None:
        core = text.rstrip(".")
        dotted = core != text
        self.possessive = core.endswith(("'s", "’s"))
        if self.possessive:
            core = core[:-2]
        self.text = core
        self.start = start
        self.end = start + len(core)
        self.key = fold(core)
        self.initial = len(core) == 1 and core.isupper()
        # a word ending a sentence ("Omar. How"): a name cannot run on past it
        self.stop = dotted and not self.initial and self.key not in HONORIFICS and len(core) > 3
        self.sentence_start = False  # set by the caller that knows the text around the word


def is_bad(tok: Tok) -> bool:
    """A word that is never part of a person's name: a place, street word, title, month, acronym."""
    key = tok.key
    if key in PLACES or key in STREET_TYPES or key in HONORIFICS or key in CALENDAR or key in NATIONALITIES:
        return True
    if key in FUNCTION_WORDS or key in ORG_WORDS:
        return True
    if len(tok.text) > 1 and tok.text[-1].isupper() and not tok.text.isupper():
        return True  # BrO, SoK: a formula or an acronym, not a name
    return len(tok.text) > 1 and tok.text.isupper() and len(tok.text) <= 3  # acronyms: NASA, USA, IBM


def single_ok(tok: Tok, lex: Lexicon, *, introduced: bool, titled: bool = False) -> bool:
    """Whether one word can be a name: known to the lexicon, or any non-word when a cue introduces it.

    After a title (``Ms. Austin``, ``Mr. Washington``) a place name can be a surname.
    """
    if len(tok.text) < 2 or tok.initial or (len(tok.text) < 3 and tok.text.islower()):
        return False  # "ok", "ty": two lower-case letters are no name
    if titled:
        if tok.key in HONORIFICS or tok.key in CALENDAR or tok.key in NATIONALITIES:
            return False
    elif is_bad(tok):
        return False
    if tok.text.isupper():
        return False  # IBAN, NASA: an acronym
    key = tok.key
    known = key in lex.given or key in lex.surnames
    if key in lex.words:
        return introduced and known  # an ordinary word (Will, Rose) needs an explicit introduction
    return known or introduced


def place_before(text: str, start: int) -> bool:
    """Whether the words before ``start`` make what follows a place or an organisation."""
    head = _RUN_BEFORE.sub("", text[max(0, start - 60) : start])  # "from Paterna del Madera": back to "from"
    if _PLACE_BEFORE.search(head) is not None:
        return True
    prev = head.rstrip().rsplit(None, 1)
    return bool(prev) and fold(prev[-1].rstrip(".")) in PLACE_PREFIXES and head.endswith(" ")


def _widen(text: str, tok: Tok, one_rx: re.Pattern[str], lex: Lexicon) -> int:
    """The end of a name found by a cue, widened over a following surname (not an ordinary word)."""
    end = tok.end
    if tok.possessive or tok.stop:
        return end
    nxt = one_rx.match(text, end + 1) if text[end : end + 1] == " " else None
    if nxt is None:
        return end
    follower = Tok(nxt.group(), nxt.start())
    if is_bad(follower) or (follower.key in lex.words and follower.key not in lex.surnames):
        return end
    return follower.end


def _at(text: str, at: int, one_rx: re.Pattern[str]) -> Tok | None:
    m = one_rx.match(text, at)
    return Tok(m.group(), m.start()) if m is not None else None


def introduced(scan: TextScan, lex: Lexicon, one_rx: re.Pattern[str]) -> Iterator[Candidate]:
    """Names after an introducing phrase: ``my name is``, ``Dear``, ``Hi``, ``my wife``."""
    text, low = scan.text, scan.low
    for p in sorted({p for hint in _INTRO_HINTS for p in scan.positions(hint)}):
        if p > 0 and low[p - 1].isalnum():
            continue
        intro = _INTRO.match(low, p)
        if intro is None:
            continue
        tok = _at(text, intro.end(), one_rx)
        if tok is not None and single_ok(tok, lex, introduced=True):
            yield tok.start, _widen(text, tok, one_rx, lex), "introduced", "name_in_context"


def fields(scan: TextScan, lex: Lexicon, one_rx: re.Pattern[str]) -> Iterator[Candidate]:
    """Form fields (``Patient: Anna``) and transcript speakers (``Nicole: Remember me?``)."""
    text = scan.text
    for p in scan.positions(":"):
        tok = _at(text, p + 2 if text[p + 1 : p + 2] == " " else p + 1, one_rx)
        if tok is None:
            continue
        line = scan.low[max(0, p - 24) : p].rsplit("\n", 1)[-1].strip(" \t-*|")
        if line in _NAME_FIELDS and single_ok(tok, lex, introduced=False):
            yield tok.start, _widen(text, tok, one_rx, lex), "field", "name_in_context"
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
    for a0, a1 in anchors:
        for m in one_rx.finditer(text, max(0, a0 - _ANCHOR_REACH), min(len(text), a1 + _ANCHOR_REACH)):
            tok = Tok(m.group(), m.start())
            if single_ok(tok, lex, introduced=False):
                yield tok.start, _widen(text, tok, one_rx, lex), "anchor", "name_in_context"


def lone(scan: TextScan, lex: Lexicon, one_rx: re.Pattern[str]) -> Iterator[Candidate]:
    """Names with no identifying cue (see the module docstring); reported only in open contexts."""
    text = scan.text
    if one_rx is ONE_LOWER:
        yield from _lower_case(scan, lex)
    else:
        for m in one_rx.finditer(text):
            tok = Tok(m.group(), m.start())
            if (
                single_ok(tok, lex, introduced=False)
                and _EPONYM.match(text, tok.end) is None
                and not _in_organisation(text, tok, one_rx, lex)
                and not place_before(text, tok.start)
            ):
                yield tok.start, tok.end, "lone", "lone_name"
    yield from _slots(scan, lex, one_rx)


_RUN_BEFORE = re.compile(
    r"(?:(?<=[ \t])(?:[A-Z\u00c0-\u00de][\w'’.-]*|(?:de|del|della|di|da|do|dos|la|le|den|der|van|von)) )+$"
)
_CONNECTOR = re.compile(r"[ \t]+(?:(?:and|&|of|for|de|du|der)[ \t]+)?")


def _in_organisation(text: str, tok: Tok, one_rx: re.Pattern[str], lex: Lexicon) -> bool:
    """``Wells Fargo Bank``, ``Thomas and Sons``, ``Kroll Bond Ratings Agency``: part of a proper name
    that is not a person's: an organisation word follows, or the run of capitalised words around the
    name holds two or more words that are not names."""
    at = tok.end
    others = 0
    for _ in range(4):
        gap = _CONNECTOR.match(text, at)
        if gap is None:
            break
        nxt = one_rx.match(text, gap.end())
        if nxt is None:
            break
        follower = Tok(nxt.group(), nxt.start())
        if follower.key in ORG_WORDS:
            return True
        if follower.key not in lex.given and follower.key not in lex.surnames:
            others += 1
        at = follower.end
        if follower.stop or follower.possessive:
            break
    return others >= 2


def _slots(scan: TextScan, lex: Lexicon, one_rx: re.Pattern[str]) -> Iterator[Candidate]:
    """Unknown words where only a person's name fits (capitalised, or any word in a lower-case text)."""
    text = scan.text
    for rx in (_TITLED, _NAMED, _FIRST_PERSON, _SAYS):
        for m in rx.finditer(text):
            tok = _at(text, m.end(), one_rx)
            if tok is not None and single_ok(tok, lex, introduced=True, titled=rx is _TITLED):
                yield tok.start, _widen(text, tok, one_rx, lex), "lone", "name_in_context"
    pronoun = _PRONOUN.search(text)
    for m in one_rx.finditer(text):
        start = m.start()
        if start > 0 and text[start - 1] not in " \n\t\"'(":
            continue
        tok = Tok(m.group(), start)
        if tok.stop or tok.possessive or not single_ok(tok, lex, introduced=True):
            continue
        before = text[max(0, start - 3) : start].strip(" \t\"'(")
        sentence_start = start == 0 or before == "" or before[-1] in ".!?\n"
        if sentence_start and _VOCATIVE_HEAD.match(text, tok.end):
            yield tok.start, tok.end, "lone", "name_in_context"  # "Aloisia, can I speak to..."
        elif _SUBJECT_VERBS.match(text, tok.end):
            yield tok.start, tok.end, "lone", "name_in_context"  # "Verda lives on..."
        elif (
            sentence_start
            and pronoun is not None
            and pronoun.start() > tok.end
            and _LOWER_VERB.match(text, tok.end)
            and not place_before(text, tok.start)
        ):
            yield tok.start, tok.end, "lone", "name_in_context"  # "Rintanen began writing... her first"
    if "," in text:
        for m in _VOCATIVE_TAIL.finditer(text):
            at = m.start(1) if m.group(1) is not None else m.start(2)
            tok = _at(text, at, one_rx)
            sentence = text[max(0, text.rfind(".", 0, at), text.rfind("\n", 0, at)) : m.end()]
            if (
                tok is not None
                and single_ok(tok, lex, introduced=True)
                and (m.group().rstrip().endswith("!") or _SECOND_PERSON.search(sentence) is not None)
            ):
                yield tok.start, tok.end, "lone", "name_in_context"  # "Don't go to town, Judy!"


_LOWER_TOKEN = re.compile(r"(?<![\w'’-])[^\W\d_]{2,}(?:['’][^\W\d_]+)?")


def _lower_case(scan: TextScan, lex: Lexicon) -> Iterator[Candidate]:
    """In an all-lower-case text, lexicon names that are not English words (``selma``, ``olga krylova``)."""
    text = scan.text
    for m in _LOWER_TOKEN.finditer(text):
        tok = Tok(m.group(), m.start())
        key = tok.key
        if len(key) < 4 or key in lex.words or is_bad(tok) or place_before(text, tok.start):
            continue
        if key in lex.given or key in lex.surnames:
            yield tok.start, tok.end, "lone", "lone_name"
