"""A normalised view of a text for the detectors, with a map back to the original offsets.

Obfuscation the view undoes (each normalised character remembers the original character it came from):

* Unicode compatibility forms, by NFKC per character: full-width digits and letters (``４５３９``),
  ligatures, circled digits, non-breaking and other exotic spaces; and the digits of other scripts
  (Arabic-Indic ``٤١١١``, Devanagari ``४१११``...) and dingbat digits (``➍``), which NFKC keeps;
* invisible characters, removed: zero-width space/joiners, word joiner, BOM, soft hyphen, bidi controls;
* the dash family (hyphen, non-breaking hyphen, figure dash, en/em dash, minus sign) becomes ``-``;
* escapes that spell a character become that character: JSON/JavaScript/Python ``\\uXXXX`` (a surrogate
  pair as one character) and HTML character references (``&#64;``, ``&#x40;``, ``&commat;``), as in
  personal data pasted as escaped JSON (``"Jos\\u00e9"``, ``"jo\\u0040mail.com"``) or HTML.

Mixed case is left to the detectors (case-insensitive patterns); spaced and dashed digits are handled
by the patterns, which accept single separators between digits. Pure ASCII text with no backslash-u or
ampersand, the common case, is returned unchanged after two substring tests.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["NormalizedText", "normalize"]

# Characters with no visible form that an attacker can insert into an identifier to split it.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f"
    "\u3164\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a\ufe0b\ufe0c\ufe0d\ufe0e\ufe0f"
    "\ufeff\uffa0"
)
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """``text`` as the detectors see it, and the map back to ``original``.

    The map is piecewise: segment ``k`` starts at ``norm_starts[k]`` in ``text`` and at
    ``orig_starts[k]`` in ``original``; an unchanged segment (``replaced[k]`` 0) maps character for
    character, a changed one maps every character it produced to the ``replaced[k]`` original
    characters it came from (one character, or an escape). Empty tuples mean the text needed no change
    (identity map).
    """

    text: str
    original: str
    norm_starts: tuple[int, ...] = ()
    orig_starts: tuple[int, ...] = ()
    replaced: tuple[int, ...] = ()

    def _orig(self, n: int) -> tuple[int, int]:
        """The first and the last original character that normalised character ``n`` came from."""
        k = bisect_right(self.norm_starts, n) - 1
        if self.replaced[k]:
            return self.orig_starts[k], self.orig_starts[k] + self.replaced[k] - 1
        at = self.orig_starts[k] + n - self.norm_starts[k]
        return at, at

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the normalised span ``[start, end)``."""
        if not self.norm_starts:
            return start, end
        if end <= start:
            at = self._orig(start)[0] if start < len(self.text) else len(self.original)
            return at, at
        return self._orig(start)[0], self._orig(end - 1)[1] + 1


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _INVISIBLE:
        return ""
    if ch in _DASHES:
        return "-"
    out = unicodedata.normalize("NFKC", ch)
    if len(out) == 1 and out in _DASHES:
        return "-"
    if any(c in _INVISIBLE for c in out):
        return "".join(c for c in out if c not in _INVISIBLE)
    if len(out) == 1 and not out.isascii():
        digit = unicodedata.digit(out, None)  # a digit of another script (٤, ५) or a dingbat one (➍)
        if digit is not None:
            return str(digit)
    return out


# A character spelled as an escape: \\uXXXX (a surrogate pair as one) or an HTML character reference,
# numeric or named (its end ";" required).
_ESCAPE = re.compile(
    r"\\u(?P<hi>[dD][89abAB][0-9a-fA-F]{2})\\u(?P<lo>[dD][c-fC-F][0-9a-fA-F]{2})|\\u(?P<u>[0-9a-fA-F]{4})"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


def _unescaped(m: re.Match[str]) -> str | None:
    """The character ``m`` spells, folded as any other character; None if it spells none (a lone
    surrogate, an unknown reference) or a control character other than a tab or a line break."""
    if m.group("hi") is not None:
        ch = chr(0x10000 + ((int(m.group("hi"), 16) - 0xD800) << 10) + int(m.group("lo"), 16) - 0xDC00)
    elif m.group("u") is not None:
        code = int(m.group("u"), 16)
        if 0xD800 <= code <= 0xDFFF:
            return None
        ch = chr(code)
    else:
        ch = html.unescape(m.group())
        if ch == m.group():
            return None
    if len(ch) == 1 and unicodedata.category(ch) == "Cc" and ch not in "\t\n\r":
        return None
    return "".join(_fold_char(c) for c in ch)


def normalize(text: str) -> NormalizedText:
    """The normalised view of ``text`` (see the module docstring). Only non-ASCII characters and escapes
    cost."""
    changes: list[tuple[int, int, str]] = []  # (start, original length, replacement)
    if "\\u" in text or "&" in text:
        for m in _ESCAPE.finditer(text):
            ch = _unescaped(m)
            if ch is not None:
                changes.append((m.start(), m.end() - m.start(), ch))
    if not text.isascii():
        for m in _NON_ASCII.finditer(text):
            ch = m.group()
            folded = _fold_char(ch)
            if folded != ch:
                changes.append((m.start(), 1, folded))
        changes.sort()
    if not changes:
        return NormalizedText(text, text)
    out: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    replaced: list[int] = []
    prev = npos = 0
    for at, length, folded in changes:
        if at > prev:
            norm_starts.append(npos)
            orig_starts.append(prev)
            replaced.append(0)
            out.append(text[prev:at])
            npos += at - prev
        if folded:
            norm_starts.append(npos)
            orig_starts.append(at)
            replaced.append(length)
            out.append(folded)
            npos += len(folded)
        prev = at + length
    if prev < len(text) or not norm_starts:
        norm_starts.append(npos)
        orig_starts.append(prev)
        replaced.append(0)
        out.append(text[prev:])
    return NormalizedText("".join(out), text, tuple(norm_starts), tuple(orig_starts), tuple(replaced))
