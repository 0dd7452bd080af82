"""Configuration forms: where a credential's value sits when no separator follows its name."""

from __future__ import annotations

import pytest

from classifiers.privacy.configs import key_bytes, located_value


def _value_of(text: str, name: str, *, password: bool = True) -> str | None:
    a = text.lower().index(name.lower())
    located = located_value(text, a, a + len(name), password=password)
    return None if located is None else text[located[0] : located[1]]


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("<server><password>Gn7bA9^zlW</password></server>", "password", "Gn7bA9^zlW"),
        ('<add key="ApiKey" value="5khxE3pyIgKpaUnArl63XykW" />', "ApiKey", "5khxE3pyIgKpaUnArl63XykW"),
        ('<property name="password" value="5V6uB&92kz"/>', "password", "5V6uB&92kz"),
        ('<entry key="jdbc.password">3zdu*Nr5NV</entry>', "jdbc.password", "3zdu*Nr5NV"),
        ("env:\n  - name: DB_PASSWORD\n    value: Wq9!zr4Lp", "DB_PASSWORD", "Wq9!zr4Lp"),
        ('{"name": "API_TOKEN", "value": "NqVwYS81VP7Hb1DX8pPd"}', "API_TOKEN", "NqVwYS81VP7Hb1DX8pPd"),
        ("ParameterKey=DbPassword,ParameterValue=Kz8!q2Lx", "DbPassword", "Kz8!q2Lx"),
        ("FROM python:3.12\nENV DB_PASSWORD G2yr7IhC%t", "DB_PASSWORD", "G2yr7IhC%t"),
        ("#define PASSWORD n84ASM54y4", "PASSWORD", "n84ASM54y4"),
        ("machine ftp.example.com login alice password WC6A4xBeY4", "password", "WC6A4xBeY4"),
    ],
)
def test_values_are_located_in_configuration_forms(text: str, name: str, value: str) -> None:
    """XML elements, name/value pairs, directives and .netrc lines give the value of the name."""
    assert _value_of(text, name) == value


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        key: password",
            "DB_PASSWORD",
        ),
        ('<label for="password">Password</label>', "password"),
        ("Please type your password below", "password"),
    ],
)
def test_no_value_is_invented(text: str, name: str) -> None:
    """A secret reference, a label and prose have no value to report."""
    assert _value_of(text, name) is None


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("#define AESKEY {0x35, 0x34, 0x65, 0x9b, 0x1c, 0x2e, 023, 010, 041, 033}", "AESKEY", True),
        ("static const uint8_t key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6};", "key", True),
        ('key = b"\\x2b\\x7e\\x15\\x16\\x28\\xae\\xd2\\xa6\\xab"', "key", True),
        ("key = [1, 2, 3, 4, 5, 6, 7, 8, 9]", "key", False),
        ("key[8] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}", "key", False),
        ("keys = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]", "keys", False),
    ],
)
def test_key_bytes_need_varied_hex_literals(text: str, name: str, expected: bool) -> None:
    """Byte arrays and hex-escaped strings of a key are found; counting, zeros and decimals are not."""
    b = text.index(name) + len(name)
    assert (key_bytes(text, b) is not None) is expected
