"""Street addresses by their structure, in the common Western formats.

An address is reported when one of these cores is found, then widened over the unit, city, state,
postcode and country parts that follow it (comma- or line-separated, capitalised or numeric):

* ``<house number> <Capitalised words> <street type>`` (``3968 Bay Street``, ``6076 Piroska u. 97``);
* ``<street type or -suffix name> <house number>`` (``Rua Soldado Joaquim Xavier 1471``,
  ``Villacher Strasse 89``, ``Mellemvej 32``, ``ul. Lubartowska 42``);
* post-office and military boxes (``PO Box 123``, ``PSC 4574, Box 8393``, ``APO AE 94560``);
* after an address phrase (``my address is``, ``located at``, ``ship to``, ``live at``, ``enter on``), a house
  number with capitalised words around it (``Kesk 53``, ``90 Ártún 55``), or ``the corner of`` two
  streets.

Street types are the USPS suffixes and the commonest street words of European languages (see
``gazetteer.STREET_TYPES``); words between the number and the type must be capitalised, so ``3 miles
down the road`` is prose, not an address, except a lower-case street word followed by a house number
(``Trenerys gate 232``, ``Erzsébet tér 92``). Also: ordinal street names (``4589 40th Street``), a
house number and capitalised words before a unit (``38 N. Stadion Suite 056``), and the unit, city and
postcode lines of an address block whose lines carry quote or bullet marks (``> Suite 624``). In
all-lower-case text only unambiguous street words count (``street``, ``road``, ``ave``, ``rue``...), and a
number followed by a unit or a counted noun (``12 minutes to walk``, ``650 km road trip``) is no house
number.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Sequence

from classifiers.privacy.gazetteer import CALENDAR, FAMOUS_ADDRESSES, STREET_TYPES, UNIT_WORDS
from classifiers.privacy.gazetteer import words as word_set
from classifiers.privacy.lexicon import load_lexicon
from classifiers.privacy.scan import CharRun, TextScan
from classifiers.types import Finding

__all__ = ["LANDMARK", "find_addresses"]

# Street words written as a suffix of the name (Mellemvej, Hauptstraße); only for words that are not
# English (``fostering`` does not end in a street).
_SUFFIXES = (
    "straße",
    "strasse",
    "straat",
    "gracht",
    "steeg",
    "dijk",
    "weg",
    "gasse",
    "vej",
    "gade",
    "katu",
    "gatan",
    "vägen",
    "vagen",
    "veien",
    "vegen",
    "gata",
    "laan",
    "plein",
    "dreef",
    "kade",
    "allee",
    "platz",
    "damm",
    "ufer",
    "steenweg",
    "street",
    "road",
    "utca",
    "ulica",
    "vegur",
    "tie",
    "kuja",
    "gaten",
    "veien",
    "stræde",
)
_LOWER_OK = word_set("de da do dos das del della di la le van von der of du des")
_UP = "A-Z\u00c0-\u00de\u0100-\u024f\u0391-\u03a9\u0400-\u042f"
_NUM = r"[0-9]{1,6}[A-Za-z]?(?:[-/][0-9]{1,4}[A-Za-z]?)?"
# a house number followed by a capitalised word
_NUM_CAP = re.compile(
    rf"{_NUM}(?:,?[ \t]+{_NUM})?,?[ \t]+(?=[{_UP}]|[0-9]+(?:st|nd|rd|th)\b)"
)  # or 40th Street
_NUM_LOW = re.compile(rf"{_NUM}(?:,?[ \t]+{_NUM})?,?[ \t]+(?=[a-z])")
# number name number, then a unit designator on the same or next line
_UNIT_AFTER = re.compile(
    rf"(?:[^\W\d_][\w'’.-]*[ \t]+){{1,3}}(?P<num>{_NUM})\.?,?\s{{1,3}}"
    r"(?i:apt|apartment|suite|ste|unit|flat)\b"
)
# a house number after a word: Strasse 89, Mellemvej 32
_WORD_NUM = re.compile(rf"[ \t]{_NUM}(?![\w])")
# The patterns above can only match at a digit (or at the space before one), so they are tried only
# there: at C speed, the digits of a text are a few substring searches; a regular expression's scan for
# its first digit costs ~10 ns a character.
_DIGITS = CharRun(string.digits, 1)
_WORDS = re.compile(r"[^\W\d_][\w'’.-]*|[0-9]+(?:st|nd|rd|th|[A-Za-z])?")
_BOXES = re.compile(
    r"\b(?:p\.?\s?o\.?\s*box|post\s+office\s+box|psc\s+\d{1,5},?\s*box|unit\s+\d{1,5},?\s*box|cmr\s+\d{1,5},?\s*box)"
    r"\s*\d{1,6}|\b[afd]po\s+a[aep]\s+\d{5}"
)
_CONTEXT = re.compile(
    r"(?:\baddress(?:es)?\b(?:\s+(?:is|was|to|of|on\s+file))?(?:\s+the\s+same)?(?:\?\s*it(?:\s+is|'s))?"
    r"|\blocated\s+at|\blive[sd]?\s+(?:at|on)|"
    r"\bliving\s+at|\breside[sd]?\s+at|\bmoved\s+to|\bmove\s+to|\bmeet\s+(?:me\s+|us\s+|\w+\s+){0,2}?at|"
    r"\bsen[dt]\s+(?:it\s+|this\s+)?to|\bship(?:ped)?\s+(?:it\s+)?to|\bdeliver(?:ed)?\s+(?:it\s+)?to|"
    r"\breturn(?:ed)?\s+(?:it\s+)?to|\bdrops?(?:ped)?\s+(?:\w+\s+)?off\s+at|\bpick\s+(?:me\s+)?up\s+at|"
    r"\bmail(?:ed)?\s+(?:it\s+)?to|\btaxi\s+to|\barrived\s+at|\bstay(?:ing)?\s+at|\bvisit\s+(?:me\s+)?at|"
    r"\bcome\s+to|\bit'?s\s+(?:in|at)|\b(?:enter|entrance|is|are)\s+on)\b[\s:,]*"
)
_DIGIT = re.compile(r"[0-9]")
_STRONG_CONTEXT = re.compile(r"address|located|live|living|reside|ship|deliver|mail|taxi|moved|drop")
_CONTEXT_HINTS = frozenset(
    (
        "address",
        "located",
        "live",
        "living",
        "reside",
        "moved",
        "move to",
        "meet",
        "send",
        "sent",
        "ship",
        "deliver",
        "return",
        "drop",
        "pick",
        "mail",
        "taxi",
        "arrived",
        "stay",
        "visit",
        "come to",
        "it's",
        "enter",
        "entrance",
        "is on",
        "are on",
    )
)
_WORD = r"(?:[^\W\d_][\w'’.-]*)"
_CONTEXT_CORE = re.compile(
    rf"(?:(?P<n1>{_NUM})\.?,?\s+(?:{_NUM}\s+)?(?:{_WORD}\s+){{0,4}}{_WORD}"
    rf"|{_WORD}(?:\s+{_WORD}){{0,3}}\s+(?P<n2>{_NUM}))(?![\w])"
)
_CORNER = re.compile(
    rf"corner\s+of\s+(?P<a>(?:{_NUM}\.?\s+)?(?:{_WORD}\s+){{0,4}}?(?:{_NUM}\.?\s+)?)"
    rf"and\s+(?P<b>(?:{_WORD}[ \t]*){{1,4}})"
)
_NAME_AFTER_OPENER = re.compile(
    rf"(?:[ \t]+(?:[{_UP}][\w'’.-]*|de|del|della|des|du|la|le|di|da|do|dos|das|von|van|der)){{1,5}}"
)
_HOUSE_NUMBER = re.compile(rf"[ \t]+{_NUM}(?![\w])")
# A line break may carry the quote or bullet marks of the text around it: "> ", "- ", "• ", "??? ".
_BREAK = r"(?:,|[ \t]*\n(?:[ \t]*(?:>+|[•·*-]|\?{1,3})(?=[ \t]))?)?[ \t]*"
# what may follow a street line: unit, city, state, postcode, country (short capitalised segments)
_TAIL = re.compile(
    _BREAK + r"(?:(?i:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|bldg|#)\.?[ \t]*#?[\w-]{1,6}"
    r"|\d{5}-\d{3}(?![\w])|\d{4}-\d{3}(?![\w])|\d{3}-\d{4}(?![\w])|\d{2}-\d{3}(?![\w])"  # BR, PT, JP, PL
    r"|\d{3}[ \t]\d{2}(?![\w]|[ \t]*\d)"  # SE, CZ, SK, GR: "114 55 Stockholm" (not "975 97 287")
    r"|\d{4,6}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}"
    r"|\d[A-Z]{2}(?![\w])"  # a UK postcode's second half, after "London SW1A"
    r"|\d[A-Z]\d(?![\w])"  # a Canadian postcode's second half, after "ON M5V"
    rf"|[{_UP}][\w'’.-]*(?:[ \t]+\(?[{_UP}][\w'’.()-]*){{0,4}}(?:[ \t]+\d{{4,6}})?"
    r"|nan)"
)
# In lower-case text: a whole line of lower-case words (a city, a country) after the street line.
_TAIL_LOWER = re.compile(
    r"[ \t]*\n(?:[ \t]*(?:>+|[•·*-]|\?{1,3})(?=[ \t]))?[ \t]*"
    r"(?:(?:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|bldg|#)\.?[ \t]*#?[\w-]{1,6}"
    r"|[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_(][\w'’.()-]*){0,4}(?:[ \t]+\d{4,6})?|\d{4,6})(?=[ \t]*(?:\n|$))"
)
# Capitalised words, then a unit designator with its number: "38 124 N. Stadion Suite 056".
_WORDS_THEN_UNIT = re.compile(
    rf"(?:[{_UP}][\w'’.-]*[ \t]+){{1,4}}(?=(?i:apt|apartment|suite|ste|unit|flat)\b\.?[ \t]*#?[0-9])"
)
# Street words of other languages that are also English words: they open a street name (36 Rue de Pologne).
_FOREIGN_OPENERS = word_set(
    "rue via rua calle strada piazza platz plaza avenida viale corso rambla carrer paseo travessa largo "
    "route chemin place"
)


# French writes the street word in lower case after the house number: "14 rue des Lilas", "8 avenue Victor
# Hugo", "3 bis chemin de l'Église"; the name after it must be capitalised ("2 place settings", "12 cours
# de danse" are prose).
_FRENCH_TYPES = ("rue", "avenue", "boulevard", "bd", "place", "chemin", "allée", "allee", "impasse", "quai",
                 "cours", "route", "passage", "square", "sentier", "voie")  # fmt: skip
_FRENCH_NUMBER_FIRST = re.compile(
    rf"{_NUM}(?:[ \t]+(?:bis|ter))?,?[ \t]+(?:{'|'.join(_FRENCH_TYPES)})[ \t]+"
    rf"(?:(?:de|des|du|la|le|aux?)[ \t]+|[ld]['’])*[{_UP}][\w'’.-]*"
    rf"(?:[ \t]+(?:(?:de|des|du|la|le|aux?)[ \t]+|[ld]['’])*[{_UP}][\w'’.-]*){{0,4}}"
)


_FRENCH_NEEDLES = frozenset(f" {w} " for w in _FRENCH_TYPES)  # positions of the space before the word
_UNIT_OPENERS = frozenset(("flat", "apt", "apartment", "unit", "suite"))
# A unit, then the house number and a street named without a street word: "Flat 3, 47 Kingsway, London".
_UNIT_FIRST = re.compile(
    r"(?<![\w])(?:[Ff]lat|FLAT|[Aa]pt\.?|APT\.?|[Aa]partment|[Uu]nit|UNIT|[Ss]uite)"
    r"[ \t]*#?[0-9]{1,5}[A-Za-z]?,"
    rf"[ \t]*{_NUM}[ \t]+[{_UP}][\w'’.-]*(?:[ \t]+[{_UP}][\w'’.-]*){{0,3}}(?=,|\n)"
)


def _is_street_word(word: str) -> bool:
    w = word.rstrip(".,").lower()
    if w in STREET_TYPES:
        return True
    return len(w) > 5 and w.endswith(_SUFFIXES) and not load_lexicon().is_word(w)


def _capitalised(words: list[str]) -> bool:
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _LOWER_OK for w in words)


def _extend(text: str, end: int) -> int:
    """Widen an address over the unit/city/state/postcode/country parts that follow it."""
    lowercase = text.islower()
    for _ in range(6):
        m = _TAIL.match(text, end)
        if (m is None or m.end() == end) and lowercase:
            m = _TAIL_LOWER.match(text, end)
        if m is None or m.end() == end or m.end() - end > 60:
            break
        end = m.end()
    return end


def find_addresses(scan: TextScan) -> Iterator[Finding]:
    """Street addresses; a landmark's (``FAMOUS_ADDRESSES``) comes with the detector ``LANDMARK``: it is
    public, and the caller drops it and every other finding inside it (``West Addison``)."""
    low = scan.low
    for f in _addresses(scan):
        value = " ".join(low[f.start : f.end].replace(",", " ").split()) + " "
        yield Finding(f.type, f.start, f.end, LANDMARK) if value.startswith(_FAMOUS) else f


LANDMARK = "landmark_address"
_FAMOUS = tuple(a + " " for a in FAMOUS_ADDRESSES)


def _addresses(scan: TextScan) -> Iterator[Finding]:
    text, low = scan.text, scan.low
    digits = scan.run_spans(_DIGITS)
    if not digits:
        if scan.has("corner of"):
            yield from _corners(scan)
        return
    lowercase_text = text == low
    yield from _number_first(text, lowercase_text, digits)
    if not lowercase_text:
        yield from _number_last(text, digits)
        yield from _unit_first(scan)
        yield from _french(scan)
    if scan.has("box", "apo ", "fpo ", "dpo "):
        for m in _BOXES.finditer(low):
            yield Finding("STREET_ADDRESS", m.start(), _extend(text, m.end()), "po_box")
    yield from _after_context(scan)
    if scan.has("corner of"):
        yield from _corners(scan)


def _unit_first(scan: TextScan) -> Iterator[Finding]:
    """Flat 3, 47 Kingsway: tried at each unit word only (a search of the whole text tries every position)."""
    text = scan.text
    for p in scan.starts(_UNIT_OPENERS):
        m = _UNIT_FIRST.match(text, p)
        if m is not None:
            yield Finding("STREET_ADDRESS", m.start(), _extend(text, m.end()), "street_line")


def _french(scan: TextScan) -> Iterator[Finding]:
    """14 rue des Lilas: tried at the house number that ends right before each French street word (a
    search from every digit of the text costs more than the whole address finder)."""
    text = scan.text
    done = 0
    for p in scan.starts(_FRENCH_NEEDLES):  # p: the space before the street word
        j = p - 1 if text[p - 1 : p] == "," else p
        if text[max(0, j - 4) : j] in (" bis", " ter"):
            j -= 4
        k = j
        while k > 0 and j - k < 12 and (text[k - 1].isalnum() or text[k - 1] in "/-"):
            k -= 1
        if k < done or k == j or not text[k].isdigit():
            continue
        m = _FRENCH_NUMBER_FIRST.match(text, k)
        if m is not None and (k == 0 or not (text[k - 1].isalnum() or text[k - 1] in ".,-")):
            done = m.end()
            yield Finding("STREET_ADDRESS", k, _extend(text, m.end()), "street_line")


def _from_digits(
    rx: re.Pattern[str], text: str, digits: Sequence[tuple[int, int]], *, before: int = 0
) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for a pattern whose matches start ``before`` characters ahead of a digit:
    tried only there, in order, from the end of the last match on (``digits``: the spans of the text's
    digit runs)."""
    end = 0
    for a, b in digits:
        p = max(a - before, end)
        while p < b - before:
            m = rx.match(text, p)
            if m is None:
                p += 1
                continue
            yield m
            end = m.end()
            p = max(end, p + 1)


def _number_first(text: str, lowercase_text: bool, digits: Sequence[tuple[int, int]]) -> Iterator[Finding]:
    """3968 Bay Street, 6076 Piroska u. 97, 28030 Edeby 55 / Apt. 297"""
    rx = _NUM_LOW if lowercase_text else _NUM_CAP
    for m in _from_digits(rx, text, digits):
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in ".,-"):
            continue
        ahead = [t.rstrip(".,;:!?)\"'") for t in text[m.end() : m.end() + 60].lower().split()[:6]]
        if not any(t in STREET_TYPES or t in UNIT_WORDS or t.endswith(_SUFFIXES) for t in ahead):
            continue  # cheap test first: no street or unit word in the next six words
        words = _WORDS.findall(text, m.end(), min(len(text), m.end() + 60))[:6]
        unit = _UNIT_AFTER.match(text, m.end())
        if unit is not None:  # number, name, number, then a unit line: an address without a street word
            yield Finding("STREET_ADDRESS", m.start(), _extend(text, unit.end("num")), "street_line")
            continue
        named = None if lowercase_text else _WORDS_THEN_UNIT.match(text, m.end())
        if named is not None:  # number, capitalised words, then "Suite 056"
            yield Finding("STREET_ADDRESS", m.start(), _extend(text, named.end() - 1), "street_line")
            continue
        for i, w in enumerate(words):
            leading = i == 0 and len(words) > 1 and _foreign_street_word(w)  # 36 Rue de Pologne
            if (i > 0 or leading) and _is_street_word(w) and w.rstrip(".").lower() not in UNIT_WORDS:
                abbreviation = w.endswith(".") or (
                    w.lower() in STREET_TYPES and not load_lexicon().is_word(w)
                )
                at = text.index(w, m.end()) + len(w)
                num = _HOUSE_NUMBER.match(text, at)
                # "12 They point": a street word in prose is written in lower case ("Trenerys gate 232" is
                # a street: a lower-case street word between a capitalised name and a house number)
                if not lowercase_text and not (w[0].isupper() or abbreviation or (i > 0 and num is not None)):
                    break
                if not _capitalised([x for x in words[:i] if not _is_street_word(x)]) and not lowercase_text:
                    break
                if lowercase_text and (_counts_something(words[:i]) or not _lower_case_street_word(w)):
                    break
                if leading and num is None:  # 36 Rue de Pologne 12: the name after the opener, a number
                    name = _NAME_AFTER_OPENER.match(text, at)
                    at = name.end() if name is not None else at
                    num = _HOUSE_NUMBER.match(text, at)
                end = num.end() if num is not None else at
                yield Finding("STREET_ADDRESS", m.start(), _extend(text, end), "street_line")
                break


# After a number in lower-case text, words that make it a quantity, not a house number: "12 minutes to
# walk", "650 km road trip", "15 tulips in each row", "1 at some point".
_QUANTITY_WORDS = word_set(
    "km kg g mg lb lbs oz mph kph cm mm m ft in per percent at of to by for from on and or with than as "
    "the a an each every more less times"
)


def _counts_something(between: list[str]) -> bool:
    """Whether the words between a number and a street word read as a counted quantity (lower case)."""
    if not between:
        return False
    first = between[0].rstrip(".,").lower()
    if first in _QUANTITY_WORDS or any(w.endswith((".", "%")) for w in between):
        return True
    lex = load_lexicon()
    return first.endswith("s") and lex.is_word(first) and first not in lex.surnames


# In lower-case text only these English street words count (path, way, point, court, gate are prose).
_LOWER_CASE_TYPES = word_set("street avenue road lane boulevard terrace crescent parkway highway")


def _lower_case_street_word(word: str) -> bool:
    w = word.rstrip(".,").lower()
    return (
        word.endswith(".") or w in _ENGLISH_ABBREVIATIONS or w in _LOWER_CASE_TYPES or _foreign_street_word(w)
    )


_ENGLISH_ABBREVIATIONS = word_set(
    "st rd ave av dr ln blvd bd ct pl hwy sq ter terr pkwy cir trl fwy expy jct pt rte xing aly grv "
    "hts gdns cres plz ste fl rm"
)


def _foreign_street_word(word: str) -> bool:
    """A street word of another language (Strasse, Rua, ul., Mellemvej), not an English one (Drive, Point)."""
    w = word.rstrip(".,").lower()
    if w in _ENGLISH_ABBREVIATIONS:
        return False
    if w in _FOREIGN_OPENERS:
        return True
    return _is_street_word(word) and not load_lexicon().is_word(w)


_NUMBER_ENDS_PART = re.compile(r"[ \t]*(?:[,\n]|-[ \t]|–|$|\.(?:\s|$))")
_ROAD_NUMBER_WORDS = word_set("route rte highway hwy interstate")
_COUNTED_AFTER = re.compile(
    r"[ \t]+(?:minutes?|mins?|hours?|hrs?|seconds?|secs?|days?|weeks?|months?|years?|km|kms|"
    r"kilomet(?:re|er)s?|miles?|metres?|meters?|m|ft|feet|yards?|kg|lbs?|people|persons|times|percent)\b",
    re.IGNORECASE,
)


def _number_last(text: str, digits: Sequence[tuple[int, int]]) -> Iterator[Finding]:
    """Villacher Strasse 89, Rua Soldado Joaquim Xavier 1471, Mellemvej 32, ul. Lubartowska 42"""
    for m in _from_digits(_WORD_NUM, text, digits, before=1):  # the space before the number
        prev = text[max(0, m.start() - 25) : m.start()].rsplit(None, 1)
        if not prev or not (prev[-1][0].isupper() or _is_street_word(prev[-1])):
            continue  # "chapter 3", "in 1990": a number after a lower-case word
        line = text[max(0, m.start() - 60) : m.start()].rsplit("\n", 1)[-1]
        words = line.split()[-5:]
        # keep the capitalised words (and street abbreviations) that run up to the number
        k = len(words)
        # "Rua Augusta, 100", "Av. Paulista, 1578 - Bela Vista": a comma before the number, where the
        # number ends its part of the address (not "Via Appia, 300 soldiers")
        comma = bool(words) and words[-1].endswith(",") and _NUMBER_ENDS_PART.match(text, m.end()) is not None
        while k > 0:
            w = words[k - 1]
            if comma and k == len(words):
                w = w[:-1]
            abbreviation = w.endswith(".") and _is_street_word(w)
            if not w or (w.endswith((".", ",", ";", ":", "!", "?")) and not abbreviation):
                break
            if not (w[0].isupper() or abbreviation or w.lower() in _LOWER_OK or _is_street_word(w)):
                break
            k -= 1
        words = words[k:]
        while words and words[0].lower() in _LOWER_OK:
            words = words[1:]  # "the history of Route 66": the name starts at a capital or a street word
        if not words or not any(_foreign_street_word(w) for w in words):
            continue
        if len(words) == 1 and words[0].lower() in _ROAD_NUMBER_WORDS:
            continue  # Route 66, Highway 101: a road's number, no house number
        num = m.group().strip()
        if (len(num) > 5 and num.isdigit()) or _COUNTED_AFTER.match(text, m.end()):
            continue  # "Herengracht 40 minutes": a quantity, not a house number
        start = m.start() - len(" ".join(words))
        yield Finding("STREET_ADDRESS", start, _extend(text, m.end()), "street_line")


def _after_context(scan: TextScan) -> Iterator[Finding]:
    text = scan.text
    low = scan.low
    for p in scan.starts(_CONTEXT_HINTS):
        if p > 0 and low[p - 1].isalnum():
            continue
        if _DIGIT.search(low, p, p + 100) is None:
            continue  # no house number follows
        ctx = _CONTEXT.match(low, p)
        if ctx is None:
            continue
        m = _CONTEXT_CORE.match(text, ctx.end())
        if m is None:
            continue
        words = [w for w in m.group().split() if not w[0].isdigit()]
        if any(w.lower().rstrip(".,") in CALENDAR for w in words):
            continue  # December 8, 1941
        capitalised = all(w[0].isupper() or w.lower() in _LOWER_OK or _is_street_word(w) for w in words)
        if not words or (
            not capitalised and not (scan.text == scan.low and _STRONG_CONTEXT.search(ctx.group()))
        ):
            continue
        num = m.group("n1") or m.group("n2") or ""
        if num.isdigit() and (
            len(num) > 5 or (len(num) == 4 and 1900 <= int(num) <= 2100 and len(words) == 1)
        ):
            continue
        yield Finding("STREET_ADDRESS", m.start(), _extend(text, m.end()), "address_context")


def _corners(scan: TextScan) -> Iterator[Finding]:
    for m in _CORNER.finditer(scan.low):
        a, b = m.group("a"), m.group("b")
        if any(_is_street_word(w) for w in (a + " " + b).split()) or any(c.isdigit() for c in a):
            yield Finding("STREET_ADDRESS", m.start("a"), m.end("b"), "street_corner")
