"""Credentials and secrets: provider key formats, private keys, connection strings, passwords, tokens.

Rules, strongest first:

* **provider formats** (``providers.py``): prefixes and lengths that services publish for their keys
  (``AKIA…``, ``ghp_…``, ``xoxb-…``, ``sk_live_…``); the same families gitleaks, detect-secrets and
  CredSweeper recognise, written anew here.
* **private keys**: PEM/OpenSSH/PGP ``-----BEGIN … PRIVATE KEY-----`` blocks (to their END line, or to the
  end of the text when cut), PuTTY key files, the private members (``d``, ``p``, ``q``…) of a JSON Web
  Key, and unarmoured base64 DER that starts like a private key (``encoded.py``).
* **connection strings**: ``scheme://user:password@host`` URLs and ``Password=…;`` DSNs.
* **key-like positions** (``assignments.py``, ``configs.py``): a value given to a name that says what it
  is (``password``, ``pwd``, ``secret``, ``token``, ``api_key``, ``auth``, ``credential``…), in code,
  ``.env``, YAML, JSON, XML, INI and properties files, Dockerfiles, manifests; passwords must not be a
  dictionary word or a placeholder; other secrets must look random (``secret_values.py``).
* **command lines and SQL** (``commands.py``): ``--password``, ``mysql -p``, ``curl -u``,
  ``IDENTIFIED BY``, ``CREATE ROLE … PASSWORD``.
* **random tokens**: JSON Web Tokens, and long base64/base32 runs with high entropy and no dictionary
  words even with no name beside them, unless they are digests, public keys, certificates or media,
  or base64 of text without a secret (``encoded.py``: encoded text is searched, one level deep).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Iterator

from stdnum import bitcoin as std_bitcoin

from classifiers.privacy.assignments import find_assignments, keyword_hits
from classifiers.privacy.commands import find_calls, find_commands, lines_at
from classifiers.privacy.encoded import blob_type, public_zones
from classifiers.privacy.lexicon import Lexicon, load_lexicon
from classifiers.privacy.providers import PROVIDERS
from classifiers.privacy.scan import CharRun, TextScan
from classifiers.privacy.secret_values import PLACEHOLDER, entropy, is_hex, is_uuid, looks_random, wordy
from classifiers.types import Finding

__all__ = ["entropy", "find_secrets", "looks_random"]

# Long runs of token characters: where provider keys, base64/base32 blobs and JWTs can be, found by
# ``TextScan.run_spans`` at C speed (prose has a few: "uncharacteristically").
LONG_RUN = CharRun(string.ascii_letters + string.digits + "_-.$~+/!%=", 16)

_PEM = re.compile(
    r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|\Z)",
    re.DOTALL,
)
_PUTTY = re.compile(r"PuTTY-User-Key-File-\d:.*?(?:Private-MAC:[^\n]*|\Z)", re.DOTALL)
_PEM_END = re.compile(r"-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----")
# scheme://user:password@host, and the Go MySQL driver's user:password@tcp(host)/db
_URL_CREDS = re.compile(
    r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,30}://(?P<user>[^\s:/@'\"<>]{0,64}):(?P<pw>[^\s@/'\"<>]{1,128})@[^\s'\"<>]+"
    r"|(?<![\w:/@.-])(?P<user2>[\w.-]{1,64}):(?P<pw2>[^\s@/'\"<>:]{1,128})@(?:tcp|unix|udp)\([^\s'\"<>]*"
)
_URL_PLACEHOLDERS = frozenset(
    {"password", "pass", "pwd", "secret", "passwd", "pw", "foo", "bar", "test", "xxx"}
)
# JSON Web Key members: private ones are key material, public ones are not (RFC 7517/7518).
_JWK_MEMBER = re.compile(r"\"(?P<m>d|p|q|dp|dq|qi|k|n|e|x|y|x5c|x5t|x5t#S256)\"\s*:\s*\"(?P<v>[\w-]{16,})\"")
_JWK_PRIVATE = frozenset({"d", "p", "q", "dp", "dq", "qi", "k"})
_JWT = re.compile(r"eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}")
_B64_RUN = re.compile(r"(?<![\w+/=-])[A-Za-z0-9+/_-]{14,}={0,2}(?![\w+/=-])")
_B32_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Z2-7]{16,}(?![A-Za-z0-9])")
# Access key ids whose secret is often written next to them (AWS, Alibaba Cloud, Tencent Cloud).
# Google OAuth client ids likewise come with a 24-character client secret.
_KEY_IDS = ("AKIA", "ASIA", "LTAI", "AKID")
_PAIRED = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{24,40}(?![A-Za-z0-9+/=_-])")


def find_secrets(scan: TextScan, *, depth: int = 0) -> Iterator[Finding]:
    """Every secret finding of the text (see the module docstring); ``depth`` > 0 inside decoded text."""
    text = scan.text
    lex = load_lexicon()
    zones: tuple[tuple[int, int], ...] = ()
    if scan.has("-----"):
        if "-----BEGIN" in text:
            for m in _PEM.finditer(text):
                yield Finding("PRIVATE_KEY", m.start(), m.end(), "private_key_block")
            zones = public_zones(text)
        if "-----END" in text:
            for m in _PEM_END.finditer(text):
                yield Finding("PRIVATE_KEY", m.start(), m.end(), "private_key_block")
    tokens = scan.run_spans(LONG_RUN)
    if tokens and '"kty"' in text:
        public = []
        for m in _JWK_MEMBER.finditer(text):
            if m.group("m") in _JWK_PRIVATE:
                yield Finding("PRIVATE_KEY", m.start("v"), m.end("v"), "json_web_key")
            else:
                public.append((m.start("v"), m.end("v")))
        zones = (*zones, *public)

    def decoded(inner: str) -> Iterable[str]:
        if depth > 0 or len(inner) > 100_000:
            return ()
        return [f.type for f in find_secrets(TextScan(inner), depth=depth + 1)]

    for start, end in tokens:
        for f in _in_long_token(text, start, end, lex, zones, decoded):
            yield f
            if f.type == "API_KEY" and (
                text.startswith(_KEY_IDS, f.start)
                or text.endswith(".apps.googleusercontent.com", f.start, f.end)
            ):
                yield from _paired_secret(text, f, lex)
    if scan.has("@") and (scan.has("://") or "@tcp(" in text):
        for a, b in lines_at(scan.low, [*scan.positions("://"), *scan.positions("@tcp(")]):
            for m in _URL_CREDS.finditer(text, a, b):
                pw, user = (
                    (m.group("pw"), m.group("user")) if m.group("pw") else (m.group("pw2"), m.group("user2"))
                )
                if not PLACEHOLDER.match(pw) and pw.lower() not in _URL_PLACEHOLDERS and pw != user:
                    yield Finding("CONNECTION_STRING", m.start(), m.end(), "url_credentials")
    hits = keyword_hits(scan)
    yield from find_assignments(scan, hits, lex)
    yield from find_commands(scan, hits, lex)
    yield from find_calls(scan, lex)


def _paired_secret(text: str, key_id: Finding, lex: Lexicon) -> Iterator[Finding]:
    """The secret written beside an access key or client id: a random 24-40 character run within two lines."""
    end = key_id.end
    for _ in range(3):
        nl = text.find("\n", end + 1)
        end = len(text) if nl == -1 else nl
    start = text.rfind("\n", 0, key_id.start) + 1
    for m in _PAIRED.finditer(text, start, end):
        if m.start() != key_id.start and looks_random(m.group(), lex, min_len=20):
            yield Finding("SECRET", m.start(), m.end(), "paired_secret")


def _in_long_token(
    text: str,
    start: int,
    end: int,
    lex: Lexicon,
    zones: tuple[tuple[int, int], ...],
    decoded: Callable[[str], Iterable[str]],
) -> Iterator[Finding]:
    """Provider formats, JWTs and random base64/base32 runs inside one long token."""
    provider = False
    for m in PROVIDERS.finditer(text, start, end):
        provider = True
        yield Finding("API_KEY", m.start(), m.end(), "provider_format")
    if provider:
        return
    if text.startswith("PuTTY-User-Key-File-", start):
        putty = _PUTTY.match(text, start)
        if putty is not None:
            yield Finding("PRIVATE_KEY", putty.start(), putty.end(), "private_key_block")
            return
    if "eyJ" in text[start:end]:
        for m in _JWT.finditer(text, start, end):
            yield Finding("SECRET", m.start(), m.end(), "jwt")
            return
    if end - start >= 16 and not text.startswith("//", start):  # a URL's path is an address
        for m in _B64_RUN.finditer(text, start, end):
            value = m.group().rstrip("=")
            if is_hex(value) or is_uuid(value) or value.startswith("-"):
                continue  # digests, commit hashes, ids (reported only in key-like positions), flags
            if "/" in value and (value.islower() or (value.count("/") >= 3 and wordy(value, lex) >= 0.3)):
                continue  # a path
            padded = m.group().endswith("=")
            # Padding or the + and / of standard base64 mark a shorter run as base64 (a PEM body's last line).
            min_len = 14 if padded else 20 if ("+" in value or "/" in value) else 32
            if not (
                len(value) >= min_len
                and looks_random(value, lex, min_len=min_len)
                and (padded or sum(c.isdigit() for c in value) >= 2)
            ):
                continue
            if value[0] in "13bB" and std_bitcoin.is_valid(value):
                continue  # a Bitcoin address (checksum by python-stdnum) is an account, not a key
            kind = blob_type(text, m.start(), m.end(), decoded, zones)
            if kind is not None:
                yield Finding(kind, m.start(), m.end(), "random_token")
    for m in _B32_RUN.finditer(text, start, end):
        value = m.group()
        digits = sum(c.isdigit() for c in value)
        if (
            digits >= 2
            and len(value) - digits >= 8
            and not is_hex(value)
            and entropy(value) >= 3.3
            and wordy(value, lex) < 0.3
        ):
            yield Finding("SECRET", m.start(), m.end(), "random_token")
