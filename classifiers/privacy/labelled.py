"""Identifiers that have no checksum or fixed shape, found by the label written before them.

A driver's licence, passport, tax, account or patient number is only recognisable by what precedes
it: ``passport number XG9382049``, ``routing number 061000104``, ``Patient ID: AHC-0933289``. So is a
payment card number that fails its checksum (a typo, or a number made up to look real): the card finder
wants the Luhn digit, but ``my card number is 4111 1111 1111 1112`` still gives a card away. Each rule
is a label (a short phrase) and the identifier that follows within a few filler words; the identifier
must hold digits (or a masked run such as ``XXXX-9876``), so ``the passport office`` does not match.
This mirrors the context words of Presidio's pattern recognisers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from stdnum.in_ import pan as std_pan

from classifiers.privacy.patterns import CARD_SHAPE
from classifiers.privacy.scan import TextScan
from classifiers.types import Finding

__all__ = ["find_labelled"]

# label regex -> type; the first label that matches at a position wins.
_LABELS: tuple[tuple[str, str], ...] = (
    (
        r"driver'?s?'?\s*licen[cs]e|driving\s+licen[cs]e|licen[cs]e\s*(?:number|no\b|#)|\bdl\b|\bd\.l\.",
        "US_DRIVER_LICENSE",
    ),
    (r"passport", "US_PASSPORT"),
    (
        r"\b(?:credit|debit|payment|prepaid|visa|master\s*card|amex|american\s+express)\s*card\b"
        r"(?:\s*(?:number|no\b|num\b|#))?|\bcard\s*(?:number|no\b|num\b|#)|\b(?:visa|mastercard|amex)\b",
        "CREDIT_CARD",
    ),
    (r"\b(?:ssn|social\s+security(?:\s+(?:number|no\b|card))?)", "US_SSN"),
    (
        r"\btax\s*(?:payer\s*)?(?:id(?:entification)?|identifier|number|no\b|file)|\b(?:tin|ein|itin|atin)\b"
        r"|\bpan\b(?:\s*card)?|\bvat\s*(?:id|number|no\b)",
        "TAX_ID",
    ),
    (
        r"\b(?:aadh?aar|national\s+(?:id|identity|insurance)(?:\s+(?:card|number))?|voter\s*id|nin\b|nino\b|"
        r"ni\s*(?:number|no\b|#)|"
        r"id(?:entity)?\s+card|citizen\s+id|personal\s+id(?:entification)?\s+number)",
        "NATIONAL_ID",
    ),
    (
        r"\b(?:bank\s+)?(?:checking\s+|savings\s+|bank\s+)?(?:account|acct|a/c)(?:\s+(?:number|no\b|#|num))?"
        r"|\brouting(?:\s+(?:transit\s+)?(?:number|no\b|#))?|\baba\b|\bsort\s+code|\bbsb\b|\bswift\b|\bbic\b",
        "US_BANK_NUMBER",
    ),
    (
        r"\b(?:patient|member|employee|staff|student|customer|client|user|policy(?:holder)?|insurance|"
        r"subscriber|beneficiary|case|claim|record|medical\s+record|health\s+(?:card|insurance)|"
        r"system|registration|medicare|medicaid|badge|file)"
        r"\s*(?:id(?:entifier)?|number|no\b|num\b|#|code)|\bmrn\b|\bpid\b|\bmedical\s+file|\bid\s*(?:number|no\b|#)"
        r"|\bidentification\s*(?:number|no\b|#)"
        r"|\buser\s*id|\bid\b(?=\s*[:#])"
        r"|\bvin\b",  # a vehicle identification number names its keeper
        "ID_NUMBER",
    ),
)
# Searched in the lower-cased text (much faster than a case-insensitive search).
_LABEL = re.compile("|".join(f"(?P<g{i}>{rx})" for i, (rx, _) in enumerate(_LABELS)))
_FILLER = re.compile(
    r"(?:[\s:#=.,'\"()\[\]-]|\b(?:number|numbers|num|no|nr|id|is|was|are|were|of|the|a|his|her|their|my|"
    r"your|ending|in|with|listed|as|reads|shows|code|card|details|dl|under|on\s+(?:file|record))\b)*",
    re.IGNORECASE,
)
_VALUE = re.compile(r"[A-Za-z0-9*#][A-Za-z0-9*#_./-]{2,30}[A-Za-z0-9*#]|[0-9]{4}")
# A number written in groups, whole: "Aadhaar 2345 6789 0123", "NI number JG 10 37 56 A" (_VALUE would
# stop at the first space, and a redaction would send the other groups in clear).
_GROUPED = re.compile(
    r"(?:[A-Z]{1,2}[ -]?)?[0-9]{2,8}(?P<sep>[ -])[0-9]{2,8}(?:(?P=sep)[0-9]{2,8}){0,4}(?:[ -]?[A-Z])?(?![\w])"
)
_PAN_SHAPE = re.compile(r"[A-Z]{5}[0-9]{4}[A-Z]")
_CHECKED_BY_SHAPE = frozenset({"US_SSN"})  # the SSN finder handles plain SSN shapes itself


def _value_ok(value: str, kind: str, label: str) -> bool:
    digits = sum(c.isdigit() for c in value)
    masked = sum(c in "*#" or c in "xX" for c in value)
    letters = sum(c.isalpha() for c in value)
    if digits == 0:
        return False
    if label.startswith("pan"):  # a cooking pan has no PAN
        return bool(std_pan.is_valid(value.upper()) or _PAN_SHAPE.fullmatch(value.upper()))
    if kind == "US_BANK_NUMBER" and digits < 6:
        # "account 1990" is prose; "account number ending 7854" is a (partial) account number
        return digits >= 4 and (any(w in label for w in ("number", "no", "#", "num")) or masked > 0)
    if digits >= 4:
        return True
    # mixed identifiers such as XG93820 or masked ones such as XXX-XX-24
    return digits >= 2 and (letters + masked) >= 2 and len(value) >= 6


# A vehicle's plate names its keeper: "my license plate is 7ABC123", "number plate: KX19 ABC". Plates mix
# letters and digits in runs too short for the digit runs above, so they are looked for after their label.
_PLATE_BEFORE = ("license", "licence", "number", "registration", "car", "vehicle", "my")
_PLATE_LABEL = re.compile(
    rf"\b(?:{'|'.join(_PLATE_BEFORE)})[ \t]+plate(?:[ \t]+(?:number|no\b\.?|#))?"
    r"|\bplate[ \t]*(?:number|no\b\.?|#)"
)
_PLATE_FILLER = re.compile(r"(?:[ \t:#=]|\b(?:is|was|reads|says|of|my|the|it's)\b)*")
_PLATE_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,8}")


def _plate_part(word: str) -> bool:
    """A second word of a plate: up to four capitals or digits ("KX19 ABC", "B-MW 1234")."""
    return len(word) <= 4 and word.isalnum() and (word.isupper() or any(c.isdigit() for c in word))


def _plate_labels(low: str, positions: Iterable[int]) -> Iterator[re.Match[str]]:
    """``_PLATE_LABEL.finditer(low)``, tried only where a label can start: at each "plate" (``positions``)
    or at the word before it, where a search of the whole text would try every position."""
    done = 0
    for p in positions:
        q = p
        while q > 0 and low[q - 1] in " \t":
            q -= 1
        before = {q - len(w) for w in _PLATE_BEFORE if len(w) <= q < p and low.startswith(w, q - len(w))}
        starts = sorted(before | {p})
        for start in starts:
            m = _PLATE_LABEL.match(low, start) if start >= done else None
            if m is not None:
                done = m.end()
                yield m
                break


def _plates(scan: TextScan) -> Iterator[Finding]:
    text = scan.text
    for m in _plate_labels(scan.low, scan.positions("plate")):
        filler = _PLATE_FILLER.match(text, m.end())
        first = _PLATE_WORD.match(text, filler.end() if filler else m.end())
        if first is None:
            continue
        end = first.end()
        second = _PLATE_WORD.match(text, end + 1) if text[end : end + 1] == " " else None
        if second is not None and len(first.group()) <= 4 and _plate_part(second.group()):
            end = second.end()
        core = text[first.start() : end].replace(" ", "").replace("-", "")
        digits = sum(c.isdigit() for c in core)
        # letters and digits, or five digits or more (not "license plate 2024 renewal")
        if 4 <= len(core) <= 9 and core.isalnum() and digits >= 1 and (digits < len(core) or digits >= 5):
            yield Finding("ID_NUMBER", first.start(), end, "labelled")


def find_labelled(scan: TextScan) -> Iterator[Finding]:
    """Labelled identifiers; only the 60 characters before each digit run can hold the label."""
    text, low = scan.text, scan.low
    if scan.has("plate"):
        yield from _plates(scan)
    done = -1
    for run in scan.runs:
        if run.end <= done:
            continue
        for m in _LABEL.finditer(low, max(0, run.start - 60, done), run.end):
            kind = _LABELS[int(str(m.lastgroup)[1:])][1]  # the one named alternative that matched
            filler = _FILLER.match(text, m.end())
            pos = filler.end() if filler else m.end()
            if pos - m.end() > 40:
                continue
            # a card: 12-19 digits grouped as cards are, whatever their checksum
            if kind == "CREDIT_CARD":
                v = CARD_SHAPE.match(text, pos)
            else:  # a number in groups, whole, or else one token
                v = _GROUPED.match(text, pos) or _VALUE.match(text, pos)
            if v is None:
                continue
            value = v.group().rstrip("./-_")
            end = v.start() + len(value)
            if end <= run.start or v.start() >= run.end:
                continue  # the value is not this run
            if not _value_ok(value, kind, m.group()):
                continue
            if kind in _CHECKED_BY_SHAPE and sum(c.isdigit() for c in value) not in (4, 9):
                continue
            done = end
            yield Finding(kind, v.start(), end, "labelled")
            break
