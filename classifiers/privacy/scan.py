"""What every finder needs from one text, computed once: the lower-cased text and the digit runs.

Finders are fast because most of them look only where something could be: a digit run of four or
more digits (cards, SSNs, phones, IPs, IBANs, labelled numbers), a keyword found by a plain substring
search in the lower-cased text, or a capitalised word pair. Full-text regular expressions are few.
``hinted`` looks for many cue phrases at once: only those whose key word is among the text's words
(a set built once, on first use) are searched for. ``first_word`` finds the first of a few whole words
(pronouns) with substring searches in a copy of an ASCII text whose non-word characters are spaces, and
``has_run`` tells whether a run of characters from a set is long enough for a pattern to be worth
trying, and ``run_spans`` where such runs are (``bytes.translate`` and substring searches, where a
regular expression would try every position).

``positions`` and ``has`` answer from an index of the lower-cased text made on first use: every literal
the finders have asked for so far (a hundred or so cue words and hints, each remembered the first time
it is asked for), found in one Aho-Corasick pass (``pyahocorasick``). A hundred separate substring
searches each read the whole text; the pass reads it once (four to six times less time on texts of
2,000 to 20,000 characters).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence

import ahocorasick

__all__ = ["FIRST_PERSON", "THIRD_PERSON", "CharRun", "DigitRun", "Hints", "TextScan", "Words"]

# Four or more digits, possibly separated by short runs of spaces, dots, dashes, slashes, brackets.
_RUN = re.compile(r"[0-9](?:[ \t.\-()/]{0,3}[0-9]){3,}")
_SEPARATORS = " \t.-()/"
_WORD = re.compile(r"[^\W\d_]+")
# UTF-8 continuation bytes (10xxxxxx) as 1, every other byte 0: a character is one byte that is not one.
_CONTINUATION = bytes(1 if 0x80 <= b <= 0xBF else 0 for b in range(256))
# ASCII letters (what ``_WORD`` matches in an ASCII text) kept, every other byte a space.
_LETTER_BYTES = bytes(b if chr(b).isascii() and chr(b).isalpha() else 0x20 for b in range(256))
# ASCII word characters (what ``\w`` matches in an ASCII text) kept, every other byte a space.
_WORD_BYTES = bytes(b if chr(b).isascii() and (chr(b).isalnum() or b == 0x5F) else 0x20 for b in range(256))


class DigitRun:
    """A run of at least four digits with separators; ``digits`` counts the digits."""

    __slots__ = ("digits", "dots", "end", "start")

    def __init__(self, start: int, end: int, digits: int, dots: int) -> None:
        self.start = start
        self.end = end
        self.digits = digits
        self.dots = dots


class TextScan:
    """A normalised text with its lower-cased form and digit runs (see the module docstring)."""

    __slots__ = ("_found", "_indexed", "_spaced", "_utf8", "_words", "low", "runs", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        low = text.lower()
        if len(low) != len(text):  # a few letters lower-case to two characters (İ): keep offsets aligned
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        self.low = low
        runs = []
        for m in _RUN.finditer(text):
            s = m.group()
            seps = sum(s.count(c) for c in _SEPARATORS)
            runs.append(DigitRun(m.start(), m.end(), len(s) - seps, s.count(".")))
        self.runs: tuple[DigitRun, ...] = tuple(runs)
        self._words: frozenset[str] | None = None
        self._spaced: bytes | None = None
        self._utf8: bytes | None = None
        self._indexed: frozenset[str] = frozenset()  # the needles of the index (none until first use)
        self._found: dict[str, list[int]] = {}

    @property
    def words(self) -> frozenset[str]:
        """The distinct words (runs of letters) of the lower-cased text: ``_WORD.findall``, or in an ASCII
        text (where the letters are A-Z and a-z) a byte translation and a split, several times faster."""
        if self._words is None:
            low = self.low
            if low.isascii():
                self._words = frozenset(low.encode("ascii").translate(_LETTER_BYTES).decode("ascii").split())
            else:
                self._words = frozenset(_WORD.findall(low))
        return self._words

    def first_word(self, words: Words) -> int:
        """Start of the first of ``words`` standing as a whole word in the lower-cased text, or -1.

        The same answer as ``words.regex.search(low)``: in an ASCII text a word stands alone exactly when
        it has a non-word character or an end on each side, which a few C-speed substring searches in
        `` low `` with its non-word characters turned into spaces find; a regular expression tries every
        position of the text instead.
        """
        low = self.low
        if not low.isascii():
            m = words.regex.search(low)
            return -1 if m is None else m.start()
        if self._spaced is None:
            self._spaced = b" " + low.encode("ascii").translate(_WORD_BYTES) + b" "
        spaced = self._spaced
        first = -1
        for needle in words.needles:
            at = spaced.find(needle, 0, len(spaced) if first == -1 else first + len(needle))
            if at != -1 and (first == -1 or at < first):
                first = at  # the needle's leading space stands for the character before the word
        return first

    def has_run(self, run: CharRun) -> bool:
        """Whether the text holds ``run.length`` characters of ``run``'s set in a row.

        The text's UTF-8 bytes with every character of the set an "a" and every other byte a space hold
        that many a's in a row exactly then (the set is ASCII, so a multi-byte character is never in it).
        """
        return run.needle in self._bytes().translate(run.table)

    def run_spans(self, run: CharRun) -> list[tuple[int, int]]:
        """Start and end of every maximal run of at least ``run.length`` characters of ``run``'s set.

        The spans a regular expression ``[chars]{length,}`` finds, from the translated bytes of
        ``has_run``: three substring searches give each run (it starts and ends where a space is), where
        the regular expression tries every position. Byte offsets become character offsets by
        subtracting the UTF-8 continuation bytes before them (none in an ASCII text).
        """
        utf8 = self._bytes()
        masked = utf8.translate(run.table)
        spans: list[tuple[int, int]] = []
        at = masked.find(run.needle)
        if at == -1:
            return spans
        continuation = None if len(utf8) == len(self.text) else utf8.translate(_CONTINUATION)
        while at != -1:
            start = masked.rfind(b" ", 0, at) + 1
            end = masked.find(b" ", at + run.length)
            if end == -1:
                end = len(masked)
            spans.append((start, end))
            at = masked.find(run.needle, end)
        if continuation is None:
            return spans
        shifted = []
        seen, before = 0, 0  # continuation bytes in continuation[:seen]
        for start, end in spans:  # a run is ASCII, so it holds no continuation byte
            before += continuation.count(1, seen, start)
            seen = end
            shifted.append((start - before, end - before))
        return shifted

    def _bytes(self) -> bytes:
        """The text's UTF-8 bytes (lone surrogates kept), made once."""
        if self._utf8 is None:
            self._utf8 = self.text.encode("utf-8", "surrogatepass")
        return self._utf8

    def positions(self, needle: str) -> Iterable[int]:
        """Start of every occurrence of ``needle`` (a constant of the code) in the lower-cased text, in order,
        overlapping ones included."""
        found = self._occurrences(needle)
        if found is not None:
            return found
        low = self.low
        starts = []
        at = low.find(needle)
        while at != -1:
            starts.append(at)
            at = low.find(needle, at + 1)
        return starts

    def has(self, *needles: str) -> bool:
        """Whether any of ``needles`` (constants of the code) occurs in the lower-cased text."""
        for needle in needles:
            found = self._occurrences(needle)
            if found if found is not None else needle in self.low:
                return True
        return False

    def starts(self, needles: frozenset[str]) -> list[int]:
        """The distinct starts, in order, of every occurrence of any of ``needles`` (constants of the code)
        in the lower-cased text: ``positions`` of each, merged, in one call (the few needles the text
        holds are found by a set intersection, not a look-up per needle)."""
        if not self._indexed:  # the first needles asked for in this text
            self._indexed, self._found = _NEEDLES.index(self.low, *needles)
        found = self._found
        out: set[int] = set()
        for needle in needles.intersection(found):
            out.update(found[needle])
        if not needles <= self._indexed:
            for needle in needles - self._indexed:
                out.update(self.positions(needle))
        return sorted(out)

    def _occurrences(self, needle: str) -> Sequence[int] | None:
        """The starts of ``needle`` from the index, made now if this is its first use; None when the index
        was made before the needle was first asked for (it is in the next text's)."""
        if needle not in self._indexed:
            if not self._indexed:  # the first needle asked for in this text
                self._indexed, self._found = _NEEDLES.index(self.low, needle)
            if needle not in self._indexed:
                _NEEDLES.add(needle)
                return None
        return self._found.get(needle, _NONE)

    def hinted(self, hints: Hints) -> list[int]:
        """The distinct starts, in order, of the hint phrases whose key word is one of the text's words.

        The word set, made once per text, spares most look-ups: a phrase whose key word is not one of the
        text's words is not looked for.
        """
        present = hints.keys.intersection(self.words)
        if not present:
            return []
        if len(present) == 1:
            return self.starts(hints.by_key[next(iter(present))])
        return self.starts(frozenset().union(*(hints.by_key[key] for key in present)))


_NONE: tuple[int, ...] = ()


class _Needles:
    """The literals the finders look for, with an Aho-Corasick automaton of them, rebuilt when one is added.

    Needles are constants of the code (cue words, keyword hints), so the set stops growing after the first
    few texts; a text's index holds the needles known when it was made, and a needle first asked for later
    is searched for plainly in that text.
    """

    def __init__(self) -> None:
        self._needles: set[str] = set()
        self._automaton: tuple[frozenset[str], ahocorasick.Automaton] | None = None
        self._lock = threading.Lock()

    def add(self, needle: str) -> None:
        if needle and needle not in self._needles:
            with self._lock:
                self._needles = self._needles | {needle}  # a new set: readers never see one half made
                self._automaton = None

    def index(self, low: str, *needles: str) -> tuple[frozenset[str], dict[str, list[int]]]:
        """The needles indexed (``needles`` among them) and the starts of each one found in ``low``."""
        for needle in needles:
            self.add(needle)
        if not self._needles:
            return frozenset(), {}
        built = self._automaton
        if built is None:
            built = self._build()
        indexed, automaton = built
        found: dict[str, list[int]] = {}
        for end, (length, key) in automaton.iter(low):
            starts = found.get(key)
            if starts is None:
                found[key] = [end - length + 1]
            else:
                starts.append(end - length + 1)
        return indexed, found

    def _build(self) -> tuple[frozenset[str], ahocorasick.Automaton]:
        with self._lock:
            needles = frozenset(self._needles)
            automaton = ahocorasick.Automaton()
            for n in needles:
                automaton.add_word(n, (len(n), n))
            automaton.make_automaton()
            self._automaton = (needles, automaton)
            return self._automaton


_NEEDLES = _Needles()


class Hints:
    """Cue phrases to look for with ``TextScan.hinted``, each keyed by its longest word."""

    __slots__ = ("by_key", "keys")

    def __init__(self, *phrases: str) -> None:
        by_key: dict[str, set[str]] = {}
        for phrase in phrases:
            found = _WORD.findall(phrase)
            by_key.setdefault(max(found, key=len) if found else "", set()).add(phrase)
        self.by_key: dict[str, frozenset[str]] = {key: frozenset(p) for key, p in by_key.items()}
        self.keys: frozenset[str] = frozenset(by_key)

    @classmethod
    def of(cls, words: str, *phrases: str) -> Hints:
        """Hints from space-separated single words and whole phrases (``Hints.of("mr mrs", "call me ")``)."""
        return cls(*words.split(), *phrases)


class Words:
    """Whole words (lower case, made of word characters) to look for with ``TextScan.first_word``."""

    __slots__ = ("needles", "regex")

    def __init__(self, words: str) -> None:
        found = words.split()
        if not found or not all(re.fullmatch(r"\w+", w) and w == w.lower() for w in found):
            raise ValueError(f"expected lower-case words, got {words!r}")
        self.needles: tuple[bytes, ...] = tuple(f" {w} ".encode() for w in found)
        self.regex = re.compile(rf"\b(?:{'|'.join(found)})\b")


# Someone speaking for themselves ("i" also stands alone in "i'm", "i've").
FIRST_PERSON = Words("i my me mine we our us")
# Someone spoken of as he or she.
THIRD_PERSON = Words("he she him her his hers himself herself")


class CharRun:
    """At least ``length`` characters in a row from the ASCII set ``chars``, for ``TextScan.has_run`` and
    ``TextScan.run_spans``."""

    __slots__ = ("length", "needle", "table")

    def __init__(self, chars: str, length: int) -> None:
        if not chars or not chars.isascii() or length < 1:
            raise ValueError("expected ASCII characters and a positive length")
        self.length = length
        self.table = bytes(0x61 if chr(b) in chars else 0x20 for b in range(256))
        self.needle = b"a" * length
