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
import operator
import re
import string
from collections import Counter

from classifiers.privacy.lexicon import Lexicon

__all__ = [
    "PLACEHOLDER",
    "entropy",
    "identifier_like",
    "is_hex",
    "is_uuid",
    "looks_random",
    "password_ok",
    "secret_ok",
    "token_ok",
    "wordy",
]

PLACEHOLDER = re.compile(
    r"^(?:\$\{.*|\$\(.*|\$[A-Z_]+|\{\{.*|<.*|\[.*|%\(\w+\)[sd]|%[sd]|%\w+%|\*+|x{3,}|\.{3,}|_+|-+|"
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
# snake_case, kebab-case, dotted names and paths: three or more pieces, each in one case (i64scatter,
# FB24AD27, 4o) or Capitalised words (HiFi, Acc1298); a random token's pieces mix cases at every turn.
_PIECE = r"(?>[A-Z][a-z]++(?:[A-Z][a-z]++|\d)*+|[a-z0-9]++|[A-Z0-9]++)"  # atomic: no backtracking
_IDENTIFIER = re.compile(rf"[_/]*{_PIECE}(?:[_.\-/]{_PIECE}){{2,}}")
# Dates, URNs, URLs and template fields (#name#, %APPDATA%, @VAR@) are not credential values.
_LOWER_RUN = re.compile(r"[a-z]+")
_KINDS = str.maketrans(
    string.ascii_lowercase + string.ascii_uppercase + string.digits,
    "a" * 26 + "A" * 26 + "0" * 10,
    "".join(chr(c) for c in range(128) if not chr(c).isalnum()),
)
_CREDENTIAL_WORD = re.compile(r"pass|pwd|secret|token|key|auth|cred", re.IGNORECASE)
_NOT_A_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}|urn:|tag:|.*(?:://|#\w+#|%[A-Za-z_]\w{2,}%|@\w+@)")
_ATTRIBUTE = re.compile(r"[A-Za-z_]\w{0,30}(?:\.[A-Za-z_]\w{0,30})+")
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


def is_uuid(value: str) -> bool:
    """A UUID (8-4-4-4-12 hex digits)."""
    return _UUID.fullmatch(value) is not None


def _sequential(value: str) -> bool:
    """Mostly runs of consecutive characters: an alphabet (ABC…xyz0123) or a keyboard test string."""
    codes = value.encode("utf-8", "ignore")
    steps = sum(map((1).__eq__, map(operator.sub, codes[1:], codes)))
    return steps >= 0.5 * (len(codes) - 1)


def identifier_like(value: str) -> bool:
    """A name in code rather than a random value: snake_case or kebab-case (aes-128-3.0, QT_API_PYSIDE6,
    cp311-manylinux_2_27), or mixed case built of lower-case word pieces (NpyDatetime_ConvertDatetime64,
    LicenseRef-scancode-adi). In a random mixed-case token lower-case runs are short (1.7 characters on
    average in base62) and the character class switches at about 0.6 of the characters."""
    if _IDENTIFIER.fullmatch(value):
        return True
    lower_runs = _LOWER_RUN.findall(value)
    if not lower_runs or value == value.lower():
        return False
    if sum(map(len, lower_runs)) / len(lower_runs) < 3.5:
        return False
    kinds = value.translate(_KINDS)  # a for lower case, A for upper case, 0 for digits, others dropped
    switches: int = sum(map(operator.ne, kinds, kinds[1:]))
    return switches < 0.45 * len(kinds)


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
    upper = value != value.lower()
    lower = value != value.upper()
    digit = sum(map(str.isdigit, value))
    if digit == n or (upper + lower + (digit > 0)) < 2:
        return False
    if is_hex(value):
        # at most 4 bits a character; short hex strings are ids and colours, not keys
        return n >= 16 and entropy(value) >= (2.8 if n < 24 else 3.0) and not _sequential(value)
    if digit > 0.6 * n:
        return False  # a number: 425753920814889017493e+06, a phone or an account number
    threshold = 3.0 if n < 20 else 3.4 if n < 32 else 3.8
    if entropy(value) < threshold or wordy(value, lex) >= 0.5:
        return False
    return not (_sequential(value) or identifier_like(value))


def password_ok(value: str, lex: Lexicon, *, quoted: bool = False) -> bool:
    """A value in a password position that is not a word, placeholder or code."""
    if len(value) < 4 or PLACEHOLDER.match(value) or _NOT_A_VALUE.match(value):
        return False
    if len(set(value)) <= 2 or _NUMBER.fullmatch(value) or _PATH.fullmatch(value):
        return False  # 0.95, 1.2.3, /home/alice (PWD is also the working directory)
    if value.count(" ") >= 2 and wordy(value, lex) >= 0.6:
        return False  # a message: "Password must be at least 8 characters"
    has_digit = any(c.isdigit() for c in value)
    has_symbol = any(not c.isalnum() for c in value)
    mixed = any(c.isupper() for c in value[1:]) and any(c.islower() for c in value)
    bare = value.strip("*&;,()")
    if _CREDENTIAL_WORD.search(value) and (
        (bare.isidentifier() and (not has_digit or "_" in bare))
        or " " in value.strip()
        or value.rstrip().endswith(":")
    ):
        return False  # a name or a prompt: AsyncCredentials, *password_data;, "Password: "
    if not quoted and _ATTRIBUTE.fullmatch(value):
        return False  # attribute access: jinja2.pass_context, settings.db_password
    if quoted and has_symbol:
        return True
    if lex.is_word(value.strip(".,!?:;")) and not (has_digit or mixed):
        return False
    if "." in value and all(p.isidentifier() for p in value.split(".")) and not has_digit:
        return False  # attribute access: settings.db_password
    if "_" in value and value.replace("_", "").isalpha() and value.islower():
        return False  # snake_case identifier
    return has_digit or has_symbol or mixed or not lex.is_word(value)


def token_ok(value: str) -> bool:
    """A credential after an ``Authorization`` scheme: not a placeholder, an attribute or a short word."""
    if PLACEHOLDER.match(value) or _ATTRIBUTE.fullmatch(value):
        return False
    return any(c.isdigit() for c in value) or len(value) >= 16 or value.endswith("=")


def secret_ok(value: str, lex: Lexicon) -> bool:
    """A value in a key/token/secret position that is a credential, not a word or placeholder."""
    if PLACEHOLDER.match(value) or len(set(value)) <= 3 or _NOT_A_VALUE.match(value):
        return False  # a URL is an address (one with a password in it is a connection string)
    if _UUID.fullmatch(value) or _LICENSE_KEY.fullmatch(value):
        return True
    if _ATTRIBUTE.fullmatch(value):
        return False  # ctypes.c_int32, settings.API_KEY
    if len(value) < 16 and not any(c.isdigit() for c in value):
        return False  # a short random secret has digits; without them it is a name (*VecApi-, MyToken)
    return looks_random(value, lex, min_len=8)
