"""Whether a value in a credential position is a real secret: randomness, words, placeholders.

* ``looks_random``: a machine-made value. Long enough, at least two character classes, no dictionary
  words, and Shannon entropy above a threshold that depends on the length and on the alphabet: a hex
  string can carry at most 4 bits per character (a random 32-character one has about 3.7), base64 up
  to 6, so hex is held to a lower bar (the split detect-secrets makes between its hex and base64
  entropy limits).
* ``password_ok``: a value after a password name that is not a dictionary word, a placeholder
  (``changeme``, ``<password>``, ``${DB_PASSWORD}``, ``****``), an identifier or an attribute access.
* ``secret_ok``: a value after a key/token/secret name: random-looking, or a UUID or licence-key shape.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from classifiers.privacy.lexicon import Lexicon

__all__ = ["PLACEHOLDER", "entropy", "is_hex", "looks_random", "password_ok", "secret_ok", "wordy"]

PLACEHOLDER = re.compile(
    r"^(?:\$\{.*|\$\(.*|\$[A-Z_]+|\{\{.*|<.*|%\(\w+\)[sd]|%[sd]|%\w+%|\*+|x{3,}|\.{3,}|_+|-+|"
    r"null|none|nil|true|false|undefined|empty|string|str|int|bool|required|optional|example|sample|"
    r"dummy|placeholder|redacted|hidden|masked|changeme|change[_-]me|changeit|replace[_-]?me|todo|tbd|"
    r"fixme|your[\w-]*|my[\w-]*|env\b.*|os\.\w+.*|process\.env.*|config\..*|settings\..*|self\..*|"
    r"this\..*|args?\..*|request\..*|params?\..*|getenv|environ\.get|get)$",
    re.IGNORECASE,
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_LICENSE_KEY = re.compile(r"[A-Z0-9]{4,8}(?:-[A-Z0-9]{4,8}){3,}")
_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+")
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_NUMBER = re.compile(r"\d+(?:\.\d+)+")
_PATH = re.compile(r"(?:~?/|\.\.?/|[A-Za-z]:\\)[\w.\-/\\]*")


def entropy(value: str) -> float:
    """Shannon entropy of ``value`` in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def is_hex(value: str) -> bool:
    """Only hexadecimal digits, in one case (a digest, an id or a hex-encoded key)."""
    return _HEX.fullmatch(value) is not None


def wordy(value: str, lex: Lexicon) -> float:
    """Share of the letters of ``value`` that belong to dictionary words of 3+ letters."""
    letters = sum(c.isalpha() for c in value)
    if letters == 0:
        return 0.0
    covered = sum(len(w) for w in _CAMEL.findall(value) if len(w) >= 3 and lex.is_word(w))
    return covered / letters


def looks_random(value: str, lex: Lexicon, *, min_len: int = 16) -> bool:
    """A machine-made value: long enough, mixed characters, high entropy for its alphabet, not words."""
    n = len(value)
    if n < min_len:
        return False
    upper = any(c.isupper() for c in value)
    lower = any(c.islower() for c in value)
    digit = sum(c.isdigit() for c in value)
    if digit == n or (upper + lower + (digit > 0)) < 2:
        return False
    if is_hex(value):
        # at most 4 bits a character; short hex strings are ids and colours, not keys
        return n >= 16 and entropy(value) >= 3.0
    threshold = 3.0 if n < 20 else 3.4 if n < 32 else 3.8
    if entropy(value) < threshold:
        return False
    return wordy(value, lex) < 0.5


def password_ok(value: str, lex: Lexicon, *, quoted: bool = False) -> bool:
    """A value in a password position that is not a word, placeholder or code."""
    if len(value) < 4 or PLACEHOLDER.match(value):
        return False
    if len(set(value)) <= 2 or _NUMBER.fullmatch(value) or _PATH.fullmatch(value):
        return False  # 0.95, 1.2.3, /home/alice (PWD is also the working directory)
    if value.count(" ") >= 2 and wordy(value, lex) >= 0.6:
        return False  # a message: "Password must be at least 8 characters"
    has_digit = any(c.isdigit() for c in value)
    has_symbol = any(not c.isalnum() for c in value)
    mixed = any(c.isupper() for c in value[1:]) and any(c.islower() for c in value)
    if quoted and has_symbol:
        return True
    if lex.is_word(value.strip(".,!?:;")) and not (has_digit or mixed):
        return False
    if "." in value and all(p.isidentifier() for p in value.split(".")) and not has_digit:
        return False  # attribute access: settings.db_password
    if "_" in value and value.replace("_", "").isalpha() and value.islower():
        return False  # snake_case identifier
    return has_digit or has_symbol or mixed or not lex.is_word(value)


def secret_ok(value: str, lex: Lexicon) -> bool:
    """A value in a key/token/secret position that is a credential, not a word or placeholder."""
    if PLACEHOLDER.match(value) or len(set(value)) <= 3:
        return False
    if _UUID.fullmatch(value) or _LICENSE_KEY.fullmatch(value):
        return True
    return looks_random(value, lex, min_len=8)
