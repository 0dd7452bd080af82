"""Sensitive-content detection: spans of personal data and secrets in a text.

First version: the structured identifiers that are unambiguous by shape (e-mail addresses, payment card
numbers with a valid Luhn checksum, phone numbers, well-known API key formats).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from classifiers.types import Finding

__all__ = ["SensitivityDetector", "luhn_valid"]

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]?\d{3,4}(?!\w)"
)
_API_KEY = re.compile(
    r"\b(?:sk-(?:proj-)?[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}"
    r"|xox[abpr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})"
)


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _card_ok(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    return 13 <= len(digits) <= 19 and luhn_valid(digits)


def _phone_ok(match: str) -> bool:
    return 7 <= sum(c.isdigit() for c in match) <= 15


_Rule = tuple[str, re.Pattern[str], Callable[[str], bool] | None]

_RULES: tuple[_Rule, ...] = (
    ("EMAIL_ADDRESS", _EMAIL, None),
    ("CREDIT_CARD", _CARD, _card_ok),
    ("API_KEY", _API_KEY, None),
    ("PHONE_NUMBER", _PHONE, _phone_ok),
)


class SensitivityDetector:
    """Regular expressions with validators; overlapping findings keep the earliest rule's type."""

    name = "patterns"

    def classify(self, text: str) -> tuple[Finding, ...]:
        found: list[Finding] = []
        for kind, pattern, check in _RULES:
            for m in pattern.finditer(text):
                if check is not None and not check(m.group()):
                    continue
                if any(_overlaps(m.start(), m.end(), f) for f in found):
                    continue
                found.append(Finding(kind, m.start(), m.end(), self.name))
        return tuple(sorted(found, key=lambda f: f.start))


def _overlaps(start: int, end: int, f: Finding) -> bool:
    return start < f.end and f.start < end
