"""Base64 runs: key material is reported, public material, media, digests and plain text are not."""

from __future__ import annotations

import base64
import hashlib

import pytest

from classifiers.privacy.encoded import blob_type, decode_base64, public_zones

RANDOM_LINE = "sNGzWOa6q0hVZbn0kCjVV9eaig5kUeFccFwV8XNUG0Q4olz3YxLU7rPCJGh5vwCz"
PEM_IN_BASE64 = base64.b64encode(
    b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gt\n"
    b"-----END OPENSSH PRIVATE KEY-----\n"
).decode()


def _inner(text: str) -> list[str]:
    """A stand-in for the secret finders: PEM armour only."""
    return ["PRIVATE_KEY"] if "PRIVATE KEY-----" in text else []


def _verdict(text: str, run: str) -> str | None:
    start = text.index(run)
    return blob_type(text, start, start + len(run), _inner, public_zones(text))


@pytest.mark.parametrize(
    ("text", "run", "expected"),
    [
        (RANDOM_LINE, RANDOM_LINE, "SECRET"),
        (f"tls.key: {PEM_IN_BASE64}", PEM_IN_BASE64, "PRIVATE_KEY"),
        (
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
            "PRIVATE_KEY",
        ),
        ("auth: ZGVwbG95OlhxOGt6MkxwN3Y=", "ZGVwbG95OlhxOGt6MkxwN3Y=", "PASSWORD"),
    ],
)
def test_key_material_and_encoded_secrets_are_reported(text: str, run: str, expected: str) -> None:
    """Random bytes, base64 of a PEM key, an unarmoured PKCS#8 key and base64 of user:password are reported."""
    assert _verdict(text, run) == expected


SHA512 = base64.b64encode(hashlib.sha512(b"left-pad").digest()).decode()
SHA256 = base64.b64encode(hashlib.sha256(b"x/text").digest()).decode()
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
SSH = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + bytes(range(32))).decode()
CERT_LINE = "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ"
SPKI_LINE = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo"
TEXT = "SGVsbG8sIHRoaXMgaXMganVzdCBhIHBsYWluIHNlbnRlbmNlIG9mIHRleHQgaW4gYmFzZTY0Lg=="


@pytest.mark.parametrize(
    ("text", "run"),
    [
        (f'"integrity": "sha512-{SHA512}"', f"sha512-{SHA512}"),
        (f"golang.org/x/text v0.14.0 h1:{SHA256}", SHA256),
        (f'<img src="data:image/png;base64,{PNG}">', PNG),
        (f"icon: {PNG}", PNG),
        (f"ssh-ed25519 {SSH} deploy@ci", SSH),
        (f"-----BEGIN CERTIFICATE-----\n{RANDOM_LINE}\n-----END CERTIFICATE-----", RANDOM_LINE),
        (CERT_LINE, CERT_LINE),
        (SPKI_LINE, SPKI_LINE),
        (f"echo {TEXT} | base64 -d", TEXT),
    ],
)
def test_public_material_media_digests_and_text_are_not_secrets(text: str, run: str) -> None:
    """Digests, media, SSH public keys, certificates, public keys and encoded prose are not reported."""
    assert _verdict(text, run) is None


def test_decode_base64_reads_urlsafe_and_unpadded_runs() -> None:
    """Base64url and missing padding decode; a run that is not base64 gives None or bytes, never raises."""
    assert decode_base64("aGVsbG8gd29ybGQ") == b"hello world"
    assert decode_base64("-_-_") == base64.b64decode("+/+/")
