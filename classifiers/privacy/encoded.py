"""Long base64 runs: key material, public material, media, digests, and secrets wrapped in base64.

A random-looking base64 run with no name beside it is reported as a secret (a line of a private key,
an access token) unless what it is can be told from the run itself or from what precedes it:

* **digests**: a run written after a hash name (``sha512-…`` subresource integrity and npm lock files,
  ``h1:…=`` in go.sum, ``sha256:…``) is a checksum;
* **public material**: base64 inside a ``-----BEGIN CERTIFICATE-----`` / ``PUBLIC KEY`` / ``PGP PUBLIC
  KEY BLOCK`` / ``PGP SIGNATURE`` armour, an OpenSSH public key (the blob of ``ssh-ed25519 AAAA…``,
  whose wire format names its algorithm), and DER structures that start like a certificate or a
  SubjectPublicKeyInfo; a DER structure that starts like a private key (PKCS#1, PKCS#8, SEC 1,
  PKCS#12: a version INTEGER first) is reported as a private key even without its armour;
* **media**: the payload of a ``data:image/…;base64,`` (font, audio, video) URI, or bytes that start
  with a file signature (PNG, JPEG, GIF, WebP, WOFF, PDF, gzip, zip…);
* **encoded text**: when the bytes are printable text, the text itself is searched for secrets (a
  Kubernetes secret holding a PEM key, a docker ``config.json``, ``user:password`` of HTTP Basic
  auth); encoded text without a secret is not one.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Callable, Iterable

__all__ = ["blob_type", "decode_base64", "decoded_text", "public_zones"]

_PUBLIC_BLOCK = re.compile(
    r"-----BEGIN (?:TRUSTED |NEW )?(?:CERTIFICATE(?: REQUEST)?|X509 CRL|PUBLIC KEY|RSA PUBLIC KEY|"
    r"PGP PUBLIC KEY BLOCK|PGP SIGNATURE|PGP SIGNED MESSAGE|SSH2 PUBLIC KEY|OPENSSH PUBLIC KEY|"
    r"DH PARAMETERS|EC PARAMETERS|PKCS7|CMS)-----.*?(?:-----END [A-Z0-9 ]+-----|\Z)",
    re.DOTALL,
)
_DIGEST_BEFORE = re.compile(r"(?:sha(?:1|224|256|384|512)|sha3-\d{3}|md5|blake2[bs]?|h1)[:=]$", re.IGNORECASE)
_DIGEST_PREFIX = re.compile(r"(?:sha(?:1|224|256|384|512)|md5)-", re.IGNORECASE)
_MEDIA_URI = re.compile(
    r"data:(?:image|font|audio|video|application/(?:pdf|font-[\w-]+|x-font-[\w-]+|vnd\.ms-fontobject))"
    r"/?[\w.+-]*(?:;[\w.+-]+=[\w.+-]+)*;base64,$",
    re.IGNORECASE,
)
_SIGNATURES = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"RIFF",
    b"wOFF",
    b"wOF2",
    b"OTTO",
    b"\x00\x01\x00\x00\x00",
    b"%PDF",
    b"\x1f\x8b",
    b"PK\x03\x04",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"\x00\x00\x01\x00",
    b"ID3",
    b"OggS",
    b"fLaC",
    b"\x00asm",
    b"<svg",
    b"<?xml",
)
_SSH_PUBLIC = (b"ssh-", b"ecdsa-", b"sk-ssh-", b"sk-ecdsa-")
# Types reported for encoded text, strongest first.
_RANK = ("PRIVATE_KEY", "CONNECTION_STRING", "API_KEY", "PASSWORD", "SECRET")
_BASIC = re.compile(r"[\w.@+-]{1,64}:(?P<pw>[^\s:]{4,128})")
_PRINTABLE_CONTROL = frozenset("\t\n\r")


# XML signature and encryption elements hold digests, signatures, certificates and ciphertext.
_XML_PUBLIC = re.compile(
    r"<(?:\w+:)?(?:X509Certificate|X509SKI|SignatureValue|DigestValue|CipherValue|Modulus|Exponent)>[^<]*$"
)


def public_zones(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of armoured public material (certificates, public keys, signatures) in ``text``."""
    if "-----BEGIN" not in text:
        return ()
    return tuple((m.start(), m.end()) for m in _PUBLIC_BLOCK.finditer(text))


def decode_base64(run: str, limit: int = 1 << 20) -> bytes | None:
    """The bytes of a base64 or base64url run (cut to whole quanta), or None if it is not base64."""
    run = run.rstrip("=")[:limit]
    run = run[: len(run) - len(run) % 4] if len(run) % 4 == 1 else run
    if "-" in run or "_" in run:
        run = run.replace("-", "+").replace("_", "/")
    try:
        return binascii.a2b_base64(run + "=" * (-len(run) % 4), strict_mode=False)
    except binascii.Error:
        return None


def _der_length(data: bytes, at: int) -> tuple[int, int] | None:
    """(header length, content length) of the DER element at ``at``."""
    if at + 1 >= len(data):
        return None
    first = data[at + 1]
    if first < 0x80:
        return 2, first
    count = first & 0x7F
    if not 1 <= count <= 3 or at + 2 + count > len(data):
        return None
    return 2 + count, int.from_bytes(data[at + 2 : at + 2 + count], "big")


def _der_kind(data: bytes) -> str | None:
    """``private`` or ``public`` for DER that starts like a key or certificate structure."""
    if len(data) < 8 or data[0] != 0x30:
        return None
    outer = _der_length(data, 0)
    if outer is None:
        return None
    at = outer[0]
    if data[at] == 0x02:
        return "private"  # version INTEGER first: PKCS#1, PKCS#8, SEC 1 EC key, PKCS#12
    if data[at] != 0x30:
        return "public" if data[at] == 0x06 else None  # PKCS#7 / CMS content type
    inner = _der_length(data, at)
    if inner is None or at + inner[0] >= len(data):
        return None
    first = data[at + inner[0]]
    if first in (0xA0, 0x02):
        return "public"  # TBSCertificate (version or serial), certification request
    if first == 0x06:  # AlgorithmIdentifier: a public key or an encrypted private key follows
        after = at + inner[0] + inner[1]
        if after < len(data):
            return "public" if data[after] == 0x03 else "private" if data[after] == 0x04 else None
    return None


def decoded_text(run: str) -> str | None:
    """The text a base64 (or base64url) run encodes, if it decodes to printable UTF-8, else None."""
    data = decode_base64(run)
    return None if data is None else _text(data)


def _text(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if all(c.isprintable() or c in _PRINTABLE_CONTROL for c in text):
        return text
    return None


def blob_type(
    text: str,
    start: int,
    end: int,
    inner: Callable[[str], Iterable[str]],
    zones: tuple[tuple[int, int], ...] = (),
) -> str | None:
    """The type to report for the random-looking base64 run ``text[start:end]``, or None.

    ``inner`` lists the secret types found in a decoded text (the secret finders, one level deep).
    """
    if any(a <= start < b for a, b in zones):
        return None
    run = text[start:end]
    if _DIGEST_PREFIX.match(run) or _DIGEST_BEFORE.search(text, max(0, start - 9), start):
        return None
    if _MEDIA_URI.search(text, max(0, start - 80), start):
        return None
    tag = text.rfind("<", max(0, start - 2000), start)  # only the last tag before the run can enclose it
    if tag != -1 and _XML_PUBLIC.match(text, tag, start):
        return None
    data = decode_base64(run)
    if data is None:
        return "SECRET"
    if data.startswith(_SIGNATURES):
        return None
    if len(data) > 8 and 7 <= int.from_bytes(data[:4], "big") <= 64 and data[4:].startswith(_SSH_PUBLIC):
        return None  # the blob of an OpenSSH public key
    der = _der_kind(data)
    if der is not None:
        return "PRIVATE_KEY" if der == "private" else None
    decoded = _text(data)
    for shift in (1, 2, 3):  # a piece cut from a longer base64 text: try the other alignments
        if decoded is not None or len(run) < 16 + shift:
            break
        shifted = decode_base64(run[shift:])
        decoded = _text(shifted) if shifted is not None else None
    if decoded is None:
        return "SECRET"
    found = set(inner(decoded))
    for kind in _RANK:
        if kind in found:
            return kind
    basic = _BASIC.fullmatch(decoded.strip())
    if basic is not None and any(c.isdigit() for c in basic.group("pw")):
        return "PASSWORD"  # user:password, as in HTTP Basic auth and docker/npm auth entries
    return None
