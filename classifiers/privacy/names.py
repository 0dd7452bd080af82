"""Person names without a statistical NER model: a census name lexicon, capitalisation and context.

What is reported, and why (the trade-off with false alarms on ordinary prompts):

* **full names**: a known given name followed by a capitalised surname (``Helena Shaw``), with optional
  middle names, initials and particles (``Faina D. Yefremova``, ``Donald van der Voet``); also any
  ``First M. Last`` shape. A full name picks out one person.
* **titled names**: an honorific plus a full name (``Dr. Helena Shaw``).
* **names in identifying context**: a single name introduced as someone's name (``my name is``,
  ``Dear``, ``signed``, ``contact``, ``my wife``), or possessing personal data (``Tran's SSN``).
* **names next to other personal data**: a lexicon name within a short distance of an e-mail, phone,
  card, ID number... (the caller passes those anchors).

Not reported: a lone first name or surname in running text (``Natalia sold clips to 48 of her
friends``, ``the Jensen novel``), which does not identify anyone; lower-case names; tokens that are
ordinary English words (``Will``, ``Rose``) unless a surname confirms them; places; names in
multiple-choice exam questions and role-play requests, which are about public figures (``Which
statement would Milton Friedman agree with? A. ... B. ...``, ``Pretend to be Elon Musk``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from classifiers.privacy.gazetteer import CALENDAR, HONORIFICS, PARTICLES, PLACES, STREET_TYPES
from classifiers.privacy.gazetteer import words as word_set
from classifiers.privacy.lexicon import Lexicon, fold, load_lexicon
from classifiers.privacy.scan import TextScan
from classifiers.types import Finding

__all__ = ["find_names", "is_exam_question"]

_PARTICLE_ALT = "van|von|der|den|de|da|di|del|della|dos|das|du|la|le|ter|ten|bin|ibn|al|el"
_UPPER_U = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u0391-\u03a9\u0400-\u042f"
_WORD_A = r"[A-Z][A-Za-z'’-]*\.?"
_WORD_U = rf"[{_UPPER_U}][^\W\d_]*(?:['’-][^\W\d_]+)*\.?"
# Runs of two or more capitalised words (and particles) on one line: where full names can be.
_RUN_ASCII = re.compile(rf"{_WORD_A}(?:[ \t]+(?:{_WORD_A}|(?:{_PARTICLE_ALT})(?=[ \t]+[A-Z]))){{1,5}}")
_RUN_UNICODE = re.compile(
    rf"(?<![\w'’-]){_WORD_U}(?:[ \t]+(?:{_WORD_U}|(?:{_PARTICLE_ALT})(?=[ \t]+[{_UPPER_U}]))){{1,5}}"
)
_ONE_ASCII = re.compile(rf"(?<![\w'’-]){_WORD_A}")
_ONE_UNICODE = re.compile(rf"(?<![\w'’-]){_WORD_U}")

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
    r"employee|assistant|client|patient)(?:'s)?(?:\s+name\s+is)?,?)[ \t]*"
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
_ROLE_PLAY = re.compile(
    r"\b(?:pretend\s+(?:to\s+be|you\s+are|yourself)|imagine\s+(?:you\s+are|yourself)|act\s+as|act\s+like|"
    r"embody|role-?play|impersonate|persona\s+of|in\s+the\s+style\s+of|in\s+the\s+voice\s+of)\b"
)
_OPTIONS = re.compile(r"(?m)^[ \t]*\(?[A-Da-d][).:][ \t]+\S")
# Endings of surnames in many languages (Slavic, Nordic, Baltic, Greek, Georgian, Armenian, Iberian...).
_SURNAME_ENDINGS = (
    "ski",
    "ska",
    "sky",
    "cki",
    "cka",
    "wicz",
    "ovic",
    "evic",
    "ovich",
    "evich",
    "ic",
    "ov",
    "ova",
    "ev",
    "eva",
    "enko",
    "chuk",
    "czuk",
    "iak",
    "yak",
    "dottir",
    "sdottir",
    "sson",
    "sen",
    "ssen",
    "berg",
    "strom",
    "quist",
    "ez",
    "es",
    "poulos",
    "opoulos",
    "idis",
    "akis",
    "oglu",
    "yan",
    "ian",
    "shvili",
    "dze",
    "escu",
    "eanu",
    "ini",
    "elli",
    "etti",
    "ucci",
    "mann",
    "stein",
    "baum",
    "feld",
    "ovski",
    "ovska",
    "ova",
    "ovaa",
    "kova",
    "ny",
    "na",
    "ai",
    "ou",
    "sdottir",
    "dottir",
)
_ANCHOR_REACH = 60  # characters between a name and another finding that make the name identifying


def is_exam_question(text: str) -> bool:
    """A multiple-choice question (options ``A.``/``B)``... on their own lines, or an ``Answer:`` cue)."""
    return len(_OPTIONS.findall(text)) >= 2 or text.rstrip().endswith("Answer:")


class _Tok:
    __slots__ = ("end", "initial", "key", "start", "text")

    def __init__(self, text: str, start: int) -> None:
        core = text.rstrip(".")
        if core.endswith(("'s", "’s")):
            core = core[:-2]
        self.text = core
        self.start = start
        self.end = start + len(core)
        self.key = fold(core)
        self.initial = len(core) == 1 and core.isupper()


def _tokens(run: str, offset: int) -> list[_Tok]:
    out = []
    pos = 0
    for part in run.split():
        at = run.index(part, pos)
        pos = at + len(part)
        tok = _Tok(part, offset + at)
        if tok.text:
            out.append(tok)
    return out


def _bad(tok: _Tok) -> bool:
    key = tok.key
    if key in PLACES or key in STREET_TYPES or key in HONORIFICS or key in CALENDAR:
        return True
    return len(tok.text) > 1 and tok.text.isupper() and len(tok.text) <= 3  # acronyms: NASA, USA, IBM


def _full_name(toks: Sequence[_Tok], lex: Lexicon) -> tuple[int, int] | None:
    """The span of a full name made of ``toks`` (first to last), if they make one."""
    names = [t for t in toks if t.key not in PARTICLES]
    if len(names) < 2 or len(names) > 4:
        return None
    first, last = names[0], names[-1]
    if last.initial or len(last.text) < 2 or len(first.text) < 2:
        return None
    if _bad(first) or _bad(last) or any(_bad(t) for t in names[1:-1] if not t.initial):
        return None
    if first.text.isupper() != last.text.isupper():
        return None  # a heading in mixed ALL CAPS and Title Case
    key1, key2 = first.key, last.key
    g1, w1 = key1 in lex.given, key1 in lex.words
    s2, w2 = key2 in lex.surnames, key2 in lex.words
    if first.text.isupper():  # UPTON SCUDAMORE: capitals carry no signal, both parts must be names
        return (first.start, last.end) if g1 and s2 and not (w1 or w2) else None
    if g1 and not w1:
        ok = s2 or not w2
    elif g1:  # Will, Mark, Rose: the surname must confirm it
        ok = s2 and not w2
    elif w1 or w2:
        ok = False
    else:  # an unknown first name: a known or surname-shaped last name, or the First M. Last shape
        ok = s2 or key2.endswith(_SURNAME_ENDINGS) or any(t.initial for t in names[1:-1])
    return (first.start, last.end) if ok else None


def _names_in_run(toks: list[_Tok], lex: Lexicon) -> Iterator[tuple[int, int]]:
    i = 0
    while i < len(toks) - 1:
        while i < len(toks) and toks[i].key in HONORIFICS:
            i += 1
        found = None
        for j in range(min(len(toks), i + 5), i + 1, -1):  # longest first
            found = _full_name(toks[i:j], lex)
            if found is not None:
                yield found
                i = j
                break
        if found is None:
            i += 1


def find_names(
    scan: TextScan, anchors: Sequence[tuple[int, int]] = (), *, lone_names: bool = False
) -> Iterator[Finding]:
    """PERSON findings; ``anchors`` are spans of other personal data found in the same text.

    ``lone_names`` also reports every capitalised lexicon name on its own (``Natalia sold...``): the
    high-recall setting, at the cost of false alarms on stories and math problems.
    """
    text = scan.text
    lex = load_lexicon()
    ascii_text = text.isascii()
    public = is_exam_question(text) or bool(_ROLE_PLAY.search(scan.low))
    if not public:
        run_rx = _RUN_ASCII if ascii_text else _RUN_UNICODE
        for m in run_rx.finditer(text):
            if (
                ascii_text
                and m.start() > 0
                and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "'’-")
            ):
                continue
            for start, end in _names_in_run(_tokens(m.group(), m.start()), lex):
                yield Finding("PERSON", start, end, "full_name", score=0.9)
    one_rx = _ONE_ASCII if ascii_text else _ONE_UNICODE
    if public:
        starts: list[int] = []
    else:
        starts = sorted({p for hint in _INTRO_HINTS for p in scan.positions(hint)})
    for p in starts:
        if p > 0 and scan.low[p - 1].isalnum():
            continue
        intro = _INTRO.match(scan.low, p)
        if intro is None:
            continue
        tok = one_rx.match(text, intro.end())
        if tok is not None and _single_ok(_Tok(tok.group(), tok.start()), lex, introduced=True):
            yield _single(text, tok, one_rx)
    for p in scan.positions(":"):
        tok = one_rx.match(text, p + 2) if text[p + 1 : p + 2] == " " else one_rx.match(text, p + 1)
        if tok is None:
            continue
        line = scan.low[max(0, p - 24) : p].rsplit("\n", 1)[-1].strip(" \t-*|")
        if line in _NAME_FIELDS and _single_ok(_Tok(tok.group(), tok.start()), lex, introduced=False):
            yield _single(text, tok, one_rx)  # a form field at the start of a line: "Patient: Anna"
            continue
        speaker = _SPEAKER.match(text, max(0, p - 30), p)
        if (
            speaker is not None
            and not public
            and _single_ok(_Tok(speaker.group(1), speaker.start(1)), lex, introduced=False)
        ):
            yield Finding("PERSON", speaker.start(1), speaker.end(1), "name_in_context", score=0.7)
    if not public and ("'" in text or "’" in text):
        for m in _POSSESSES.finditer(scan.low):
            head = text[max(0, m.start() - 30) : m.start()]
            cut = max(head.rfind(" "), head.rfind("\n"))
            word = head[cut + 1 :]
            if word and _single_ok(_Tok(word, m.start() - len(word)), lex, introduced=False):
                yield Finding("PERSON", m.start() - len(word), m.start(), "name_in_context", score=0.7)
    if lone_names and not public:
        for m in one_rx.finditer(text):
            if _single_ok(_Tok(m.group(), m.start()), lex, introduced=False):
                yield Finding("PERSON", m.start(), _Tok(m.group(), m.start()).end, "lone_name", score=0.5)
    for a0, a1 in anchors:
        for m in one_rx.finditer(text, max(0, a0 - _ANCHOR_REACH), min(len(text), a1 + _ANCHOR_REACH)):
            if _single_ok(_Tok(m.group(), m.start()), lex, introduced=False):
                yield _single(text, m, one_rx)


def _single_ok(tok: _Tok, lex: Lexicon, *, introduced: bool) -> bool:
    if _bad(tok) or len(tok.text) < 2 or tok.initial:
        return False
    if tok.text.isupper():
        return False  # IBAN, NASA: an acronym
    key = tok.key
    known = key in lex.given or key in lex.surnames
    if key in lex.words:
        return introduced and known  # an ordinary word (Will, Rose) needs an explicit introduction
    return known or introduced


def _single(text: str, m: re.Match[str], one_rx: re.Pattern[str]) -> Finding:
    """A name found by context, widened over a following capitalised surname."""
    tok = _Tok(m.group(), m.start())
    end = tok.end
    nxt = one_rx.match(text, end + 1) if text[end : end + 1] == " " else None
    if nxt is not None and not _bad(_Tok(nxt.group(), nxt.start())):
        end = _Tok(nxt.group(), nxt.start()).end
    return Finding("PERSON", tok.start, end, "name_in_context", score=0.7)
