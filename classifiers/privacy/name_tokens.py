"""Words that may be names: the token of a capitalised word, and whether a word can be a person's name.

A ``Tok`` is one word as the name finders see it: without a possessive or a final dot, with its folded
lexicon key and flags (an initial, a sentence end). ``single_ok`` decides whether one word can be a
name (known to the census lexicon, or any word that is not an ordinary one when a cue introduces it);
``word_ok`` is the same decision remembered per word, for the loops over every capitalised word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from classifiers.privacy.gazetteer import (
    CALENDAR,
    FUNCTION_WORDS,
    HONORIFICS,
    NATIONALITIES,
    ORG_WORDS,
    OTHER_LANGUAGE_WORDS,
    PLACES,
    STREET_TYPES,
    UNIT_WORDS,
)
from classifiers.privacy.lexicon import Lexicon, fold, load_lexicon

__all__ = [
    "ONE_ASCII",
    "ONE_LOWER",
    "ONE_UNICODE",
    "Tok",
    "is_bad",
    "scanner",
    "single_ok",
    "token_at",
    "widen",
    "word_ok",
]

_UPPER_U = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u0391-\u03a9\u0400-\u042f"
_WORD_A = r"[A-Z][A-Za-z'’-]*\.?"
_WORD_U = rf"[{_UPPER_U}][^\W\d_]*(?:['’-][^\W\d_]+)*\.?"
ONE_ASCII = re.compile(rf"(?<![\w'’-]){_WORD_A}")
ONE_UNICODE = re.compile(rf"(?<![\w'’-]){_WORD_U}")
# For scanning a whole text: the same words without the look-behind (which would make the engine try every
# position); callers check the character before a match themselves.
_CAPS_ASCII = re.compile(_WORD_A)
_CAPS_UNICODE = re.compile(_WORD_U)
ONE_LOWER = re.compile(r"(?<![\w'’-])[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")  # any word, for lower-case texts


_INNER_CAPITAL = re.compile(r"[a-z\u00df-\u00ff][A-Z\u00c0-\u00de]")
_CAPITALISED_PREFIX = re.compile(
    r"(?:Mc|Mac|De|Di|Da|La|Le|Du|Van|Von|Fitz|St|O')[A-Z][a-z]+(?:-[A-Z][a-z]+)?$"
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
    if key[-1:] == "s" and key[:-1] in NATIONALITIES:
        return True  # Egyptians, Christians: a people or a faith's followers
    if key in FUNCTION_WORDS or key in ORG_WORDS or key in UNIT_WORDS:
        return True
    if tok.text.lower() in OTHER_LANGUAGE_WORDS:  # with its accents: Cómo, not Como
        return True
    text = tok.text
    if len(text) > 1 and text[-1].isupper() and not text.isupper():
        return True  # BrO, SoK: a formula or an acronym, not a name
    if len(text) > 24 or (_INNER_CAPITAL.search(text) and not _CAPITALISED_PREFIX.match(text)):
        return True  # getName, ZGVidWdDb: code or encoded data (but McDonald, DeShawn, LaToya)
    return len(tok.text) > 1 and tok.text.isupper() and len(tok.text) <= 3  # acronyms: NASA, USA, IBM


def single_ok(tok: Tok, lex: Lexicon, *, introduced: bool, titled: bool = False) -> bool:
    """Whether one word can be a name: known to the lexicon, or any non-word when a cue introduces it.

    After a title (``Ms. Austin``, ``Mr. Washington``) a place name can be a surname, and after ``my
    name is`` or a relation (``my son Jordan``) a given name (``titled``).
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


@lru_cache(maxsize=65536)
def word_ok(word: str, introduced: bool, titled: bool = False) -> bool:
    """``single_ok`` of a word as written, remembered: the same words come back in every text."""
    return single_ok(Tok(word, 0), load_lexicon(), introduced=introduced, titled=titled)


def widen(text: str, tok: Tok, one_rx: re.Pattern[str], lex: Lexicon) -> int:
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


def scanner(one_rx: re.Pattern[str]) -> re.Pattern[str]:
    """The look-behind-free twin of ``one_rx`` for scanning a whole text."""
    return _CAPS_ASCII if one_rx is ONE_ASCII else _CAPS_UNICODE if one_rx is ONE_UNICODE else one_rx


def token_at(text: str, at: int, one_rx: re.Pattern[str]) -> Tok | None:
    m = one_rx.match(text, at)
    return Tok(m.group(), m.start()) if m is not None else None
