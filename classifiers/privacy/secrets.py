"""Credentials and secrets: provider key formats, private keys, connection strings, passwords, tokens.

Rules, strongest first:

* **provider formats** (``providers.py``): prefixes and lengths that services publish for their keys
  (``AKIA…``, ``ghp_…``, ``xoxb-…``, ``sk_live_…``); the same families gitleaks, detect-secrets and
  CredSweeper recognise, written anew here.
* **private keys**: PEM/OpenSSH/PGP ``-----BEGIN … PRIVATE KEY-----`` blocks (to their END line, or to the
  end of the text when cut), PuTTY key files.
* **connection strings**: ``scheme://user:password@host`` URLs and ``Password=…;`` DSNs.
* **key-like positions**: a value assigned to a name that says what it is (``password``, ``pwd``,
  ``secret``, ``token``, ``api_key``, ``auth``, ``credential``…) with ``=``, ``:``, ``:=``, ``=>``, ``is``, a
  default argument, ``IDENTIFIED BY``, an ``Authorization:`` header, or a CLI flag. Passwords must not
  be a dictionary word or a placeholder; other secrets must look random (entropy and character mix).
* **random tokens**: long base64/base32 runs with high entropy and no dictionary words, and JSON Web
  Tokens, even with no name beside them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

from classifiers.privacy.lexicon import Lexicon, load_lexicon
from classifiers.privacy.providers import PROVIDERS
from classifiers.privacy.scan import TextScan
from classifiers.types import Finding

__all__ = ["entropy", "find_secrets", "looks_random"]

# ---------------------------------------------------------------------------------------------------
# Long runs of token characters: where provider keys, base64/base32 blobs and JWTs can be.
_LONG = re.compile(r"[A-Za-z0-9_\-.$~+/!%=]{16,}")

_PEM = re.compile(
    r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|\Z)"
    r"|PuTTY-User-Key-File-\d:.*?(?:Private-MAC:[^\n]*|\Z)",
    re.DOTALL,
)
_PEM_END = re.compile(r"-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----")
_URL_CREDS = re.compile(
    r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,30}://(?P<user>[^\s:/@'\"<>]{0,64}):(?P<pw>[^\s@/'\"<>]{1,128})@[^\s'\"<>]+"
)
_DSN_HINTS = ("password=", "pwd=", "accountkey=", "sharedaccesskey=", "password =", "pwd =", "sharedsecret=")
_DSN_PASSWORD = re.compile(
    r"(?<![^;'\"\s])(?:password|pwd|accountkey|sharedaccesskey|sharedsecret)\s*=\s*(?P<v>[^;'\"\s]{3,})",
    re.IGNORECASE,
)
# Keywords that name a credential, found by substring search in the lower-cased text.
# Substrings that start every credential keyword (one search each), and the keyword read at each hit.
_KEYWORD_HINTS = (
    "pass",
    "pw",
    "p/w",
    "psw",
    "pssw",
    "pasw",
    "secret",
    "token",
    "key",
    "auth",
    "cred",
    "bearer",
    "cookie",
    "session",
    "nonce",
    "salt",
    "otp",
    "2fa",
    "pin",
    "signature",
    "contrase",
    "mot de passe",
)
_KEYWORD_AT = re.compile(
    r"password|passwd|passphrase|passcode|passwort|pass|pwd|pw|p/w|pswd|psswd|paswd|pswrd|psw|pssw|pasw|"
    r"secret|token|key|authorization|authentication|auth|credential|cred|bearer|cookie|session|nonce|salt|"
    r"otp|2fa|pin|signature|contrase|mot de passe"
)
# Short keywords must end the name (apikey, AESKEY) or start it (key_id), not sit inside a word (monkeys).
_SHORT = frozenset({"pw", "key", "pin", "otp", "salt", "auth", "cred", "2fa", "session"})
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.-")
_SEP_VALUE = re.compile(
    r"['\"`\]]?(?P<sep>\s*(?::=|=>|->|===|==|!==|!=|[:=])\s*|\s+(?:is|was|are|=)\s+|\s*,\s*(?=['\"])|\s+(?=['\"]))"
    r"(?P<q>['\"`]?)(?P<v>[^\s'\"`,;<>(){}\[\]]{3,256})",
    re.IGNORECASE,
)
_OR_DEFAULT = re.compile(r"['\"]?\s*\)?\s*(?:or|\?\?|\|\|)\s*['\"](?P<v>[^'\"]{3,128})['\"]")
_CALL_DEFAULT = re.compile(r"\(\s*['\"][^'\"]*['\"]\s*,\s*['\"](?P<v>[^'\"]{3,128})['\"]")
_AUTH_SCHEMES = frozenset({"bearer", "basic", "token", "ntlm", "negotiate", "digest", "apikey", "sso-key"})
_AFTER_SCHEME = re.compile(r"\s+(?P<v>[\w\-.~+/=%]{8,})")
_SQL = re.compile(
    r"\bidentified\s+(?:with\s+\w+\s+)?by\s+(?:password\s+)?(?P<q>['\"`]?)(?P<v>[^\s'\"`;\\]{3,128})"
    r"|\b(?:create|alter)\s+(?:role|user|login)\b[^;\n]*?\bpassword\s+(?P<q2>['\"`]?)(?P<v2>[^\s'\"`;\\]{3,128})",
    re.IGNORECASE,
)
_CLI = re.compile(
    r"(?:(?<!\S)--?(?:password|passwd|pass|pwd|token|secret|api-key)(?:=|\s+)(?P<q>['\"]?)(?P<v>[^\s'\"]{3,}))"
    r"|(?:\b(?:mysql|mysqldump|mysqladmin|sshpass)\b[^\n]*?\s-p(?P<v2>[^\s'\"-][^\s'\"]{2,}))"
    r"|(?:\bcurl\b[^\n]*?\s(?:-u|--user)\s+['\"]?[^\s:'\"]+:(?P<v3>[^\s'\"]{3,}))",
    re.IGNORECASE,
)
_CLI_HINTS = ("-pass", "-pwd", "-token", "-secret", "-api-key", "mysql", "sshpass", "curl")
_SQL_WORDS = re.compile(r"\b(?:user|role|login|create|alter|grant)\b", re.IGNORECASE)
_JWT = re.compile(r"eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}")
_B64_RUN = re.compile(r"(?<![\w+/=-])[A-Za-z0-9+/_-]{24,}={0,2}(?![\w+/=-])")
_B32_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Z2-7]{16,}(?![A-Za-z0-9])")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

_PLACEHOLDER = re.compile(
    r"^(?:\$\{.*|\$\(.*|\$[A-Z_]+|\{\{.*|<.*|%\(?\w*\)?s?|\*+|x{3,}|\.{3,}|_+|-+|null|none|nil|true|false|"
    r"undefined|empty|string|str|int|bool|required|optional|example|sample|dummy|placeholder|redacted|"
    r"hidden|masked|your[\w-]*|my[\w-]*|env\b.*|os\.\w+.*|process\.env.*|config\..*|settings\..*|self\..*|"
    r"this\..*|args?\..*|request\..*|params?\..*|getenv|environ\.get|get)$",
    re.IGNORECASE,
)
_PASSWORD_NAME = re.compile(r"pass|pwd|pw|p/w|ps+w|pasw|passwort|contrase|mot de passe|pin", re.IGNORECASE)
_TYPE_NAMES = frozenset({"string", "str", "int", "bytes", "char", "text", "secretstr", "optional", "any"})
_TYPED_VALUE = re.compile(r"(?:\[[^\]]*\])?\s*=\s*(?P<q>['\"`]?)(?P<v>[^\s'\"`,;<>(){}\[\]]{3,256})")
_LICENSE_KEY = re.compile(r"[A-Z0-9]{4,8}(?:-[A-Z0-9]{4,8}){3,}")


def entropy(value: str) -> float:
    """Shannon entropy of ``value`` in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def _wordy(value: str, lex: Lexicon) -> float:
    """Share of the letters of ``value`` that belong to dictionary words of 3+ letters."""
    letters = sum(c.isalpha() for c in value)
    if letters == 0:
        return 0.0
    covered = sum(len(w) for w in _CAMEL.findall(value) if len(w) >= 3 and lex.is_word(w))
    return covered / letters


def looks_random(value: str, lex: Lexicon, *, min_len: int = 16) -> bool:
    """A machine-made value: long enough, mixed characters, high entropy, not made of words."""
    n = len(value)
    if n < min_len:
        return False
    upper = any(c.isupper() for c in value)
    lower = any(c.islower() for c in value)
    digit = sum(c.isdigit() for c in value)
    if digit == n or (upper + lower + (digit > 0)) < 2:
        return False
    threshold = 3.0 if n < 20 else 3.4 if n < 32 else 3.8
    if entropy(value) < threshold:
        return False
    return _wordy(value, lex) < 0.5


def _password_ok(value: str, lex: Lexicon, *, quoted: bool = False) -> bool:
    """A value in a password position that is not a word, placeholder or code."""
    if len(value) < 4 or _PLACEHOLDER.match(value):
        return False
    if len(set(value)) <= 2:
        return False
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


def _secret_ok(value: str, lex: Lexicon) -> bool:
    if _PLACEHOLDER.match(value) or len(set(value)) <= 3:
        return False
    if _UUID.fullmatch(value) or _LICENSE_KEY.fullmatch(value):
        return True
    return looks_random(value, lex, min_len=8)


def _strip_quote(m: re.Match[str], group: str = "v") -> tuple[int, int, str]:
    value = m.group(group)
    value = value.rstrip(".,:")
    return m.start(group), m.start(group) + len(value), value


def find_secrets(scan: TextScan) -> Iterator[Finding]:
    text = scan.text
    lex = load_lexicon()
    if "-----BEGIN" in text or "PuTTY-User-Key" in text:
        for m in _PEM.finditer(text):
            yield Finding("PRIVATE_KEY", m.start(), m.end(), "private_key_block")
    if "-----END" in text:
        for m in _PEM_END.finditer(text):
            yield Finding("PRIVATE_KEY", m.start(), m.end(), "private_key_block")
    for tok in _LONG.finditer(text):
        yield from _in_long_token(text, tok.start(), tok.end(), lex)
    if "://" in text and "@" in text:
        for a, b in _lines_with(scan, ("://",)):
            for m in _URL_CREDS.finditer(text, a, b):
                pw = m.group("pw")
                if not _PLACEHOLDER.match(pw) and pw.lower() not in ("password", "pass", "pwd", "secret"):
                    yield Finding("CONNECTION_STRING", m.start(), m.end(), "url_credentials")
    yield from _key_value(scan, lex)
    if "identified" in scan.low or ("password" in scan.low and scan.has("create ", "alter ")):
        for a, b in _lines_with(scan, ("identified", "password")):
            for m in _SQL.finditer(text, a, b):
                group = "v" if m.group("v") is not None else "v2"
                quote = m.group("q") if group == "v" else m.group("q2")
                start, end, value = _strip_quote(m, group)
                sql = group == "v2" or quote or _SQL_WORDS.search(text, max(0, m.start() - 80), m.start())
                if sql and _password_ok(value, lex, quoted=bool(quote)):
                    yield Finding("PASSWORD", start, end, "sql_password")
    for a, b in _lines_with(scan, _CLI_HINTS):
        for m in _CLI.finditer(text, a, b):
            group = next(g for g in ("v", "v2", "v3") if m.group(g) is not None)
            start, end, value = _strip_quote(m, group)
            if _password_ok(value, lex):
                yield Finding("PASSWORD", start, end, "cli_password")
    for a, b in _lines_with(scan, _DSN_HINTS):
        for m in _DSN_PASSWORD.finditer(text, a, b):
            start, end, value = _strip_quote(m)
            if ";" not in text[max(0, m.start() - 1) : m.start() + 1] and text[end : end + 1] != ";":
                continue  # not a key=value; connection string
            if _password_ok(value, lex):
                yield Finding("CONNECTION_STRING", start, end, "dsn_password")


def _lines_with(scan: TextScan, hints: tuple[str, ...]) -> list[tuple[int, int]]:
    """The (merged) lines of the text that contain one of ``hints`` (lower-case substrings)."""
    low = scan.low
    spans: list[tuple[int, int]] = []
    for hint in hints:
        if hint not in low:
            continue
        for p in scan.positions(hint):
            a = low.rfind("\n", 0, p) + 1
            b = low.find("\n", p)
            spans.append((a, len(low) if b == -1 else b))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _in_long_token(text: str, start: int, end: int, lex: Lexicon) -> Iterator[Finding]:
    """Provider formats, JWTs and random base64/base32 runs inside one long token."""
    provider = False
    for m in PROVIDERS.finditer(text, start, end):
        provider = True
        yield Finding("API_KEY", m.start(), m.end(), "provider_format")
    if provider:
        return
    if "eyJ" in text[start:end]:
        for m in _JWT.finditer(text, start, end):
            yield Finding("SECRET", m.start(), m.end(), "jwt")
            return
    if end - start >= 24:
        for m in _B64_RUN.finditer(text, start, end):
            value = m.group().rstrip("=")
            if "/" in value and value.count("/") >= 3 and _wordy(value, lex) >= 0.3:
                continue  # a path
            padded = m.group().endswith("=")
            long_enough = len(value) >= 32 or (padded and len(value) >= 24)
            if (
                long_enough
                and looks_random(value, lex, min_len=24)
                and (padded or sum(c.isdigit() for c in value) >= 2)
            ):
                yield Finding("SECRET", m.start(), m.end(), "random_token")
    for m in _B32_RUN.finditer(text, start, end):
        value = m.group()
        digits = sum(c.isdigit() for c in value)
        if digits >= 2 and len(value) - digits >= 8 and entropy(value) >= 3.3 and _wordy(value, lex) < 0.3:
            yield Finding("SECRET", m.start(), m.end(), "random_token")


def _name_bounds(low: str, at: int, kw_end: int) -> tuple[int, int]:
    a = at
    while a > 0 and low[a - 1] in _NAME_CHARS:
        a -= 1
    b = kw_end
    while b < len(low) and low[b] in _NAME_CHARS:
        b += 1
    while b > kw_end and low[b - 1] in ".-":
        b -= 1
    return a, b


def _key_value(scan: TextScan, lex: Lexicon) -> Iterator[Finding]:
    text, low = scan.text, scan.low
    done = -1
    starts = sorted({p for hint in _KEYWORD_HINTS if hint in low for p in scan.positions(hint)})
    for kw_start in starts:
        if kw_start < done:
            continue
        kw = _KEYWORD_AT.match(low, kw_start)
        if kw is None:
            continue
        kw_end = kw.end()
        a, b = _name_bounds(low, kw_start, kw_end)
        done = b
        name = low[a:b]
        word = low[kw_start:kw_end]
        if word in _SHORT and not (
            name.endswith((word, word + "s")) or name[len(word) : len(word) + 1] in ("_", "-", ".")
        ):
            continue  # "monkeys", "authority"
        m = _SEP_VALUE.match(text, b)
        if m is None:
            d = _OR_DEFAULT.match(text, b)
            if d is not None and _password_ok(d.group("v"), lex, quoted=True):
                yield Finding("PASSWORD", d.start("v"), d.end("v"), "default_value")
            continue
        if m.group("v").lower() in _TYPE_NAMES:  # password: String = "x"
            typed = _TYPED_VALUE.match(text, m.end("v"))
            if typed is None:
                continue
            m = typed
        start, end, value = _strip_quote(m)
        quoted = bool(m.group("q"))
        assign = "sep" not in m.re.groupindex or any(c in m.group("sep") for c in ":=")
        if quoted:
            closing = text.find(m.group("q"), m.start("v"))
            if closing != -1 and closing - m.start("v") <= 256:
                end = closing
                value = text[start:end]
        if value.lower() in _AUTH_SCHEMES:
            after = _AFTER_SCHEME.match(text, end)
            if after is not None and not _PLACEHOLDER.match(after.group("v")):
                yield Finding("SECRET", after.start("v"), after.end("v"), "auth_header")
            continue
        if text[end : end + 1] == "(":
            call = _CALL_DEFAULT.match(text, end)
            if call is not None and _password_ok(call.group("v"), lex, quoted=True):
                yield Finding("PASSWORD", call.start("v"), call.end("v"), "default_value")
            continue  # a function call: password = get_password()
        if _PASSWORD_NAME.search(name):
            if _password_ok(value, lex, quoted=quoted or (assign and not value[-1].isalnum())):
                yield Finding("PASSWORD", start, end, "password_assignment")
        elif _secret_ok(value, lex):
            yield Finding("SECRET", start, end, "secret_assignment")
