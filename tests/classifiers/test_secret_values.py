"""Secret value tests: entropy by alphabet, words, placeholders, numbers, paths and messages."""

from __future__ import annotations

import pytest

from classifiers.privacy.lexicon import load_lexicon
from classifiers.privacy.secret_values import (
    entropy,
    identifier_like,
    is_hex,
    looks_random,
    password_ok,
    secret_ok,
    token_ok,
)

LEX = load_lexicon()


def test_entropy_counts_bits_per_character() -> None:
    """Four equally frequent symbols carry two bits each; one repeated symbol carries none."""
    assert entropy("abcd" * 4) == pytest.approx(2.0)
    assert entropy("aaaa") == 0.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("dq8b8Vw2zbJYAxyL1aCcTlN99mhWp708DwGw5HqX", True),  # base62
        ("efaf89fc43c5fa52f8b2b19b8f89a50f8a8e9bb8", True),  # random hex: at most 4 bits a character
        ("8d2a78c0", False),  # short hex is an id or a colour
        ("0000000000000000000000", False),  # digits only
        ("ThisIsTheTokenYouAreLooking", False),  # words
        ("abcdefghijklmnopqrstuvwxyz", False),  # one character class
    ],
)
def test_looks_random_uses_the_alphabet(value: str, expected: bool) -> None:
    """Hex strings are held to a lower entropy bar than base64; words and single classes never pass."""
    assert looks_random(value, LEX) is expected


def test_is_hex_needs_a_single_case() -> None:
    """Hex digits in one case are hex; mixed case is base62."""
    assert is_hex("deadBEEF") is False
    assert is_hex("deadbeef01") is True


@pytest.mark.parametrize(
    "value",
    [
        "changeme",
        "changeit",
        "<password>",
        "${DB_PASSWORD}",
        "%(DB_PASSWORD)s",
        "********",
        "REDACTED",
        "password",
        "0.95",
        "1.2.3",
        "/home/alice/projects",
        "Password must be at least 8 characters",
        "settings.db_password",
    ],
)
def test_password_ok_rejects_placeholders_and_code(value: str) -> None:
    """Placeholders, words, version numbers, paths, messages and attribute accesses are no passwords."""
    assert password_ok(value, LEX, quoted=True) is False


@pytest.mark.parametrize(
    ("value", "quoted"),
    [("Tr0ub4dor&3", False), ("%4MBx9KfD", False), ("hunter2x", False), ("4821", False), ("cackle!", True)],
)
def test_password_ok_accepts_passwords(value: str, quoted: bool) -> None:
    """Mixed characters, symbols and PINs are passwords; a quoted word with a symbol is one too."""
    assert password_ok(value, LEX, quoted=quoted) is True
    assert password_ok("cackle!", LEX) is False  # unquoted, a word with punctuation is prose


def test_secret_ok_accepts_uuids_and_random_values_only() -> None:
    """A UUID or random run after a key name is a secret; a word or a placeholder is not."""
    assert secret_ok("0cc175b9-c0f1-46a8-b1c3-99e269772661", LEX)
    assert secret_ok("5khxE3pyIgKpaUnArl63XykW", LEX)
    assert not secret_ok("YOUR_API_KEY_HERE", LEX)
    assert not secret_ok("application", LEX)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("NpyDatetime_ConvertDatetime64ToDatetimeStruct", True),
        ("gpt-4o-realtime-preview-2024-10-01", True),
        ("/OMAP/abe-twl6040/Pandaboard/HiFi", True),
        ("QT_API_PYSIDE6", True),
        ("RMkMm8niUJ1iuhAA+AAyugy3fFt/rtrf7GFQ9xz1", False),
        ("glrtr-KZX7Mizo7RYFKh2JScz6aeqZ3WG8nxujE21QpZVIr", False),
    ],
)
def test_identifier_like_separates_names_from_random_tokens(value: str, expected: bool) -> None:
    """Names in code are built of word pieces; random tokens switch character class at every turn."""
    assert identifier_like(value) is expected


@pytest.mark.parametrize(
    "value",
    ["2002-04-18T16:56:53Z", "urn:openai:params:oauth:token-type:x509", "__f2py_cb_#name#", "ctypes.c_int32"],
)
def test_secret_ok_rejects_dates_urns_templates_and_attributes(value: str) -> None:
    """Timestamps, URNs, template fields and attribute accesses in a key position are not secrets."""
    assert secret_ok(value, LEX) is False


def test_token_ok_needs_more_than_a_word() -> None:
    """After Bearer/Basic, a value with digits or 16+ characters is a token; an attribute is not."""
    assert token_ok("deadbeef12346")
    assert not token_ok("Token.String")
