"""Structured personal identifiers: shape by regular expression, validity by checksum or library.

Each finder takes the normalised text and returns findings in its coordinates. Validators come from
maintained libraries: ``phonenumbers`` (Google's libphonenumber metadata) and ``python-stdnum`` (IBAN
ISO 13616 mod-97, US SSN ranges, ABA routing checksum, Aadhaar Verhoeff, Indian PAN). Cheap guards run
before the expensive validators: a candidate must look right before a library sees it.
"""

from __future__ import annotations

import ipaddress
import itertools
import re
from collections.abc import Iterator

import phonenumbers
from stdnum import iban as std_iban
from stdnum.in_ import aadhaar as std_aadhaar
from stdnum.us import ssn as std_ssn

from classifiers.privacy.scan import TextScan
from classifiers.types import Finding

__all__ = [
    "CARD_SHAPE",
    "find_aadhaar",
    "find_cards",
    "find_emails",
    "find_ibans",
    "find_ips",
    "find_phones",
    "find_ssns",
    "luhn_valid",
]

# --- e-mail ---------------------------------------------------------------------------------------
_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w.%+-]{1,64}"
    r"(?:@|\s*[\[({]\s*at\s*[\])}]\s*|%40)"  # also URL-escaped (normalize reads HTML references)
    r"[\w-]{1,63}(?:(?:\.|\s*[\[({]\s*dot\s*[\])}]\s*)[\w-]{1,63})*"
    r"(?:\.|\s*[\[({]\s*dot\s*[\])}]\s*)[^\W\d_]{2,24}(?![\w-])",
    re.IGNORECASE,
)


_COMMON_TLD = (
    r"(?:com|org|net|edu|gov|mil|int|io|co|ai|me|info|biz|uk|us|ca|au|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|"
    r"pl|cz|pt|ie|in|jp|cn|br|mx|ru|nz|za)"
)
# Spelled out with bare words: "john dot smith at outlook dot com". The domain must end in " dot " and a
# common top-level domain, and the address must read as one: a " dot " (or . _ digits) in the name part,
# or an e-mail cue before it ("visit us at acme dot com" is a web site).
_SPELLED_EMAIL = re.compile(
    r"(?<![\w.%+-])(?P<local>[\w%+-][\w.%+-]{0,63}(?:[ \t]+dot[ \t]+[\w%+-]{1,63})*)"
    r"[ \t]+at[ \t]+[\w-]{1,63}(?:[ \t]+dot[ \t]+[\w-]{1,63})*[ \t]+dot[ \t]+" + _COMMON_TLD + r"\b",
    re.IGNORECASE,
)
_EMAIL_CUE = re.compile(r"\b(?:e-?mail|mail|address|contact|reach|write)\b[^.\n]{0,30}$", re.IGNORECASE)
# Spaced out around the at sign, to slip past a filter: "jane . doe @ gmail . com".
# The domain's words start with a letter and it ends in a common top-level domain ("Meet @ 5 . Then").
_SPACED_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w%+-]{1,64}(?:[ \t]*\.[ \t]*[\w%+-]{1,64}){0,4}[ \t]+@[ \t]+"
    r"[^\W\d_][\w-]{0,62}(?:[ \t]*\.[ \t]*[^\W\d_][\w-]{0,62}){0,4}[ \t]*\.[ \t]*"
    + _COMMON_TLD
    + r"(?![\w-])",
    re.IGNORECASE,
)


# An at sign, written or escaped or spelled out in brackets: the lines holding one are searched.
_EMAIL_HINTS = frozenset(("@", "at]", "at)", "at}", "%40"))


def find_emails(scan: TextScan) -> Iterator[Finding]:
    """E-mail addresses, looked for only on the lines holding an @ (or an [at] spelled out); spelled out
    with bare words ("jo dot li at mail dot com") only in a text holding both " at " and " dot "."""
    text, low = scan.text, scan.low
    if scan.has(" at ") and scan.has(" dot "):
        yield from _spelled_emails(text)
    if scan.has(" @ ", "\t@"):  # no letters: the same in the lower-cased text
        for m in _SPACED_EMAIL.finditer(text):
            yield Finding("EMAIL_ADDRESS", m.start(), m.end(), "email")
    lines: set[tuple[int, int]] = set()
    for p in scan.starts(_EMAIL_HINTS):
        b = low.find("\n", p)
        lines.add((low.rfind("\n", 0, p) + 1, len(low) if b == -1 else b))
    for a, b in sorted(lines):
        yield from _emails_in(text, a, b)


def _spelled_emails(text: str) -> Iterator[Finding]:
    for m in _SPELLED_EMAIL.finditer(text):
        local = m.group("local")
        if (
            " dot " in local.lower()
            or any(c in local for c in "._0123456789")
            or _EMAIL_CUE.search(text, max(0, m.start() - 40), m.start()) is not None
        ):
            yield Finding("EMAIL_ADDRESS", m.start(), m.end(), "email")


def _emails_in(text: str, start: int, end: int) -> Iterator[Finding]:
    for m in _EMAIL.finditer(text, start, end):
        yield Finding("EMAIL_ADDRESS", m.start(), m.end(), "email")


# --- payment cards --------------------------------------------------------------------------------
# 12-19 digits, optionally grouped by single spaces, dashes or dots (also one digit at a time).
CARD_SHAPE = re.compile(r"(?<![\d.,-])\d(?:[ .-]?\d){11,18}(?![\d]|[.,-]\d)")


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


def _issuer_known(d: str) -> bool:
    """Issuer identification number ranges of the card networks (ISO/IEC 7812 assignments)."""
    n = len(d)
    if d[0] == "4":
        return n in (13, 16, 19)  # Visa
    two, four = int(d[:2]), int(d[:4])
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return n == 16  # Mastercard
    if two in (34, 37):
        return n == 15  # American Express
    if two in (30, 36, 38, 39):
        return 14 <= n <= 19  # Diners Club
    if two == 35 or four in (1800, 2131):
        return 15 <= n <= 19  # JCB
    if d[0] == "6":
        return 12 <= n <= 19  # Discover, UnionPay, Maestro, RuPay
    if two == 50 or 56 <= two <= 58:
        return 12 <= n <= 19  # Maestro
    return d[0] == "6" and n == 12  # Maestro 6xxxxx


# A line break between two runs of four-digit groups: a card number wrapped across lines, as a narrow
# field or a copy from a PDF leaves it ("4539 1488\n0343 6467").
_LINE_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")
_GROUPS_OF_FOUR = re.compile(r"\d{4}(?:[ -]\d{4})*")


def find_cards(scan: TextScan) -> Iterator[Finding]:
    text = scan.text
    runs = scan.runs
    for run in runs:
        if run.digits >= 12:
            yield from _cards_in(text, run.start, run.end)
    # Wrapped: two lines of grouped digits, 16 in all, and no third such line before or after (not
    # two rows of a table of numbers).
    pairs = list(itertools.pairwise(runs))
    wrapped = [_LINE_BREAK.fullmatch(text, a.end, b.start) is not None for a, b in pairs]
    for i, (first, second) in enumerate(pairs):
        if (
            wrapped[i]
            and not (i > 0 and wrapped[i - 1])
            and not (i + 1 < len(wrapped) and wrapped[i + 1])
            and first.digits + second.digits == 16
            and _GROUPS_OF_FOUR.fullmatch(text, first.start, first.end)
            and _GROUPS_OF_FOUR.fullmatch(text, second.start, second.end)
            and _card_number("".join(c for c in text[first.start : second.end] if c.isdigit()))
        ):
            yield Finding("CREDIT_CARD", first.start, second.end, "card_luhn")


def _card_number(digits: str) -> bool:
    """12-19 digits with a known issuer and a valid Luhn checksum."""
    return 12 <= len(digits) <= 19 and _issuer_known(digits) and luhn_valid(digits)


def _cards_in(text: str, start: int, end: int) -> Iterator[Finding]:
    for m in CARD_SHAPE.finditer(text, start, end):
        raw = m.group()
        digits = raw.replace(" ", "").replace("-", "").replace(".", "")
        if not _card_number(digits):
            continue
        if "." in raw and raw.count(".") < 2:
            continue  # a decimal number, not a grouped card
        yield Finding("CREDIT_CARD", m.start(), m.end(), "card_luhn")


# --- IBAN -----------------------------------------------------------------------------------------
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,32}")


def find_ibans(scan: TextScan) -> Iterator[Finding]:
    text = scan.text
    last = -1
    for run in scan.runs:
        if run.digits < 8 or run.end <= last:
            continue
        last = min(len(text), run.end + 8)
        yield from _ibans_in(text, max(0, run.start - 24), last)


def _ibans_in(text: str, start: int, end: int) -> Iterator[Finding]:
    for m in _IBAN.finditer(text, start, end):
        raw = m.group()
        # The pattern may run into the next word: try the longest valid prefix.
        ends = [i + 1 for i, c in enumerate(raw) if c.isalnum()]
        for count in range(len(ends), 14, -1):
            cut = raw[: ends[count - 1]]
            if count < len(ends) and not raw[ends[count - 1]].isspace() and raw[ends[count - 1]] != "-":
                continue  # do not cut a word in the middle
            if std_iban.is_valid(cut.upper()):
                yield Finding("IBAN_CODE", m.start(), m.start() + len(cut), "iban_mod97")
                break


# --- US SSN ---------------------------------------------------------------------------------------
_SSN = re.compile(r"(?<![\d-])(\d{3})(\s?[- .]?\s?)(\d{2})\2(\d{4})(?![\d]|-\d)")
# Digit by digit, to slip past a filter: "5 3 6 - 9 0 - 4 3 9 9".
_SSN_SPACED = re.compile(r"(?<![\d-])(\d \d \d)( ?- ?| )(\d \d)\2(\d \d \d \d)(?![\d]| \d|-\d)")
_SSN_MASKED = re.compile(r"[X*#0-9]{3}-[X*#0-9]{2}-[X*#0-9]{4}")
_SSN_CONTEXT = re.compile(r"\b(?:ssn|ss#|social[\s-]*security|soc\.?\s*sec)", re.IGNORECASE)


def find_ssns(scan: TextScan) -> Iterator[Finding]:
    text = scan.text
    for run in scan.runs:
        if run.digits >= 9:
            yield from _ssns_in(text, run.start, run.end)
    if scan.has("x-", "*-", "#-", "-x", "-*", "-#"):
        upper = text.upper()
        for m in _SSN_MASKED.finditer(upper):
            value = m.group()
            if (
                not any(c in "X*#" for c in value)
                or value.count("X") + value.count("*") + value.count("#") == 9
            ):
                continue  # no mask at all is a plain number; all masked reveals nothing
            before = upper[m.start() - 1 : m.start()] if m.start() else ""
            after = upper[m.end() : m.end() + 1]
            if before.isalnum() or before == "-" or after.isalnum() or after == "-":
                continue
            yield Finding("US_SSN", m.start(), m.end(), "ssn_masked")


def _ssns_in(text: str, start: int, end: int) -> Iterator[Finding]:
    for rx in (_SSN, _SSN_SPACED):
        for m in rx.finditer(text, start, end):
            sep = m.group(2)
            digits = "".join((m.group(1) + m.group(3) + m.group(4)).split())
            context = _SSN_CONTEXT.search(text, max(0, m.start() - 60), m.start()) is not None
            if context or (sep.strip() == "-" and std_ssn.is_valid(digits)):
                yield Finding("US_SSN", m.start(), m.end(), "ssn")


# --- IP addresses ---------------------------------------------------------------------------------
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\w+)?(?![\w:])")
_HEXCOLON = re.compile(r":[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:")
_VERSION_BEFORE = re.compile(r"(?:\bv|version|release|ver\.?)\s*$", re.IGNORECASE)


_PREFIX_AFTER = re.compile(r"/(\d{1,3})(?!\w|\.\d)")


# Public DNS resolvers everyone knows (Google, Cloudflare, Quad9, OpenDNS): a service, not someone's machine.
_PUBLIC_RESOLVERS = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112", "208.67.222.222",
        "208.67.220.220", "2001:4860:4860::8888", "2001:4860:4860::8844", "2606:4700:4700::1111",
        "2606:4700:4700::1001", "2620:fe::fe",
    )
)  # fmt: skip


def _ip_ok(value: str, text: str, end: int) -> bool:
    """Whether an address at ``text[..end]`` names a machine. Loopback, "any", multicast groups, the IPv4
    class E block (which holds the netmasks 255.255.255.0 and the broadcast address), a network
    written with its prefix ("10.0.0.0/8": no host bits set) and the well-known public DNS resolvers
    (8.8.8.8) name no one's; every other literal address, private or public, may."""
    try:
        ip = ipaddress.ip_address(value.split("%")[0])
    except ValueError:
        return False
    if ip.is_loopback or ip.is_unspecified or ip.is_multicast or (ip.version == 4 and ip.is_reserved):
        return False
    if ip in _PUBLIC_RESOLVERS:
        return False
    prefix = _PREFIX_AFTER.match(text, end)
    if prefix is not None and int(prefix[1]) < ip.max_prefixlen:
        try:
            ipaddress.ip_network(f"{ip}/{prefix[1]}")  # strict: only when the host bits are all zero
        except ValueError:
            return True  # 192.168.1.7/24: a machine's address with its network
        return False
    return True


def find_ips(scan: TextScan) -> Iterator[Finding]:
    text = scan.text
    for run in scan.runs:
        if run.dots < 3:
            continue
        for m in _IPV4.finditer(text, run.start, run.end):
            if _VERSION_BEFORE.search(text, max(0, m.start() - 10), m.start()):
                continue
            if _ip_ok(m.group(), text, m.end()):
                yield Finding("IP_ADDRESS", m.start(), m.end(), "ip")
    if text.count(":") >= 2 and ("::" in text or _HEXCOLON.search(text)):
        for m in _IPV6.finditer(text):
            value = m.group()
            if value.count(":") < 3 and "::" not in value:
                continue
            if sum(c.isalpha() for c in value) == 0 and "::" not in value:
                continue  # 12:30:45:10 is a time or a ratio
            if _ip_ok(value, text, m.end()):
                yield Finding("IP_ADDRESS", m.start(), m.end(), "ip")


# --- phone numbers --------------------------------------------------------------------------------
_PHONE = re.compile(
    r"(?<![\w+.\-/])(?:\+|00)?\(?\d[\d().\-/ \t]{5,22}\d\)?"
    r"(?:\s*(?:x|ext\.?|extension|#)\s*\d{1,6})?(?![\w]|[.\-/]\d)",
    re.IGNORECASE,
)
_NANP = re.compile(r"(?:\+?1[\s.-]?)?\(?[2-9]\d{2}\)?[\s.-]*[2-9]\d{2}[\s.-]\d{4}")
_PHONE_CONTEXT = re.compile(
    r"\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|desk|office|call|calling|contact|reach|dial|"
    r"whatsapp|sms|text\s+me|phone\s+number|contact\s+number|ph|landline|hotline|"
    r"(?:my|your|his|her|our|their)\s+(?:\w+\s+)?(?:number|no\.?))\b[^\n\d]{0,20}$",
    re.IGNORECASE,
)
_DECIMAL = re.compile(r"^\d+[.,]\d+$")
_DATE_LIKE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_REGIONS = ("US", "GB", "DE", "FR", "IT", "ES", "NL", "BE", "CH", "AT", "AU", "CA", "IE", "IN", "BR", "SE")


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def _valid_in_some_region(raw: str) -> bool:
    for region in _REGIONS:
        try:
            num = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            return True
    return False


def _possible(raw: str, region: str | None) -> bool:
    try:
        num = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_possible_number(num))


def _phone_ok(text: str, start: int, raw: str) -> bool:
    core = re.split(r"\s*(?:x|ext\.?|extension|#)\s*\d", raw, maxsplit=1, flags=re.IGNORECASE)[0]
    digits = _digits(core)
    if not 6 <= len(digits) <= 15 or _DATE_LIKE.match(core.strip()) or _DECIMAL.match(core.strip()):
        return False
    if core.count("(") != core.count(")"):
        return False
    separated = any(c in core for c in " .-()/")
    context = _PHONE_CONTEXT.search(text, max(0, start - 40), start) is not None
    if core.startswith(("+", "00")):
        intl = "+" + core[2:] if core.startswith("00") else core
        return _possible(intl, None)
    if _NANP.fullmatch(core.strip()) and len(digits) in (10, 11):
        return _possible(core, "US")
    if context:
        return len(digits) >= 6
    if separated and digits[0] == "0" and len(digits) >= 9:
        return _valid_in_some_region(core)
    return False


def find_phones(scan: TextScan) -> Iterator[Finding]:
    text = scan.text
    last = -1
    for run in scan.runs:
        if run.digits < 6 or run.end <= last:
            continue
        last = min(len(text), run.end + 14)
        yield from _phones_in(text, max(0, run.start - 4), last)


def _phones_in(text: str, start: int, end: int) -> Iterator[Finding]:
    for m in _PHONE.finditer(text, start, end):
        raw = m.group()
        if raw.endswith(")") and raw.count("(") < raw.count(")"):
            raw = raw[:-1]
        stripped = raw.rstrip(" \t.-/(")
        if _phone_ok(text, m.start(), stripped):
            yield Finding("PHONE_NUMBER", m.start(), m.start() + len(stripped), "phone")


# --- Aadhaar (12 digits, Verhoeff) ----------------------------------------------------------------
_AADHAAR = re.compile(r"(?<![\d-])(?<!\d )[2-9]\d{3}[ -]?\d{4}[ -]?\d{4}(?!\d|[ -]\d)")


def find_aadhaar(scan: TextScan) -> Iterator[Finding]:
    for run in scan.runs:
        if run.digits >= 12:
            yield from _aadhaar_in(scan.text, run.start, run.end)


def _aadhaar_in(text: str, start: int, end: int) -> Iterator[Finding]:
    for m in _AADHAAR.finditer(text, start, end):
        if std_aadhaar.is_valid(m.group()):
            yield Finding("NATIONAL_ID", m.start(), m.end(), "aadhaar")
