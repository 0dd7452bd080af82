"""A normalised view of a text for the detectors, with a map back to the original offsets.

Obfuscation the view undoes (each normalised character remembers the original character it came from):

* Unicode compatibility forms, by NFKC per character: full-width digits and letters (``４５３９``),
  ligatures, circled digits, non-breaking and other exotic spaces;
* invisible characters, removed: zero-width space/joiners, word joiner, BOM, soft hyphen, bidi controls;
* the dash family (hyphen, non-breaking hyphen, figure dash, en/em dash, minus sign) becomes ``-``.

Mixed case is left to the detectors (case-insensitive patterns); spaced and dashed digits are handled
by the patterns, which accept single separators between digits. Pure ASCII text, the common case, is
returned unchanged at no cost.
"""

from __future__ import annotations

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
    ``orig_starts[k]`` in ``original``; an unchanged segment maps character for character, a changed
    character's segment (``expanded[k]``) maps every character it produced to that one original
    character. Empty tuples mean the text needed no change (identity map).
    """

    text: str
    original: str
    norm_starts: tuple[int, ...] = ()
    orig_starts: tuple[int, ...] = ()
    expanded: tuple[bool, ...] = ()

    def _orig(self, n: int) -> tuple[int, bool]:
        k = bisect_right(self.norm_starts, n) - 1
        if self.expanded[k]:
            return self.orig_starts[k], True
        return self.orig_starts[k] + n - self.norm_starts[k], False

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the normalised span ``[start, end)``."""
        if not self.norm_starts:
            return start, end
        if end <= start:
            at = self._orig(start)[0] if start < len(self.text) else len(self.original)
            return at, at
        first, _ = self._orig(start)
        last, _ = self._orig(end - 1)
        return first, last + 1


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
    return out


def normalize(text: str) -> NormalizedText:
    """The normalised view of ``text`` (see the module docstring). Only non-ASCII characters cost."""
    if text.isascii():
        return NormalizedText(text, text)
    changes = []
    for m in _NON_ASCII.finditer(text):
        ch = m.group()
        folded = _fold_char(ch)
        if folded != ch:
            changes.append((m.start(), folded))
    if not changes:
        return NormalizedText(text, text)
    out: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    expanded: list[bool] = []
    prev = npos = 0
    for at, folded in changes:
        if at > prev:
            norm_starts.append(npos)
            orig_starts.append(prev)
            expanded.append(False)
            out.append(text[prev:at])
            npos += at - prev
        if folded:
            norm_starts.append(npos)
            orig_starts.append(at)
            expanded.append(True)
            out.append(folded)
            npos += len(folded)
        prev = at + 1
    if prev < len(text) or not norm_starts:
        norm_starts.append(npos)
        orig_starts.append(prev)
        expanded.append(False)
        out.append(text[prev:])
    return NormalizedText("".join(out), text, tuple(norm_starts), tuple(orig_starts), tuple(expanded))
