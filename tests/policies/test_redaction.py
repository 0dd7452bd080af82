"""Redaction placeholders and their restoration, whole and streamed."""

from __future__ import annotations

import pytest

from classifiers.types import Finding
from policies.redaction import Restorer, redact


def test_redact_replaces_spans_and_reuses_placeholders() -> None:
    """Each value gets one placeholder per type; the same value reuses it across messages."""
    texts = ["mail a@b.co or c@d.co", "again a@b.co, card 4111"]
    findings = [
        Finding("EMAIL_ADDRESS", 5, 11, "t", 0),
        Finding("EMAIL_ADDRESS", 15, 21, "t", 0),
        Finding("EMAIL_ADDRESS", 6, 12, "t", 1),
        Finding("CREDIT_CARD", 19, 23, "t", 1),
    ]
    r = redact(texts, findings)
    assert r.texts == (
        "mail [EMAIL_ADDRESS_1] or [EMAIL_ADDRESS_2]",
        "again [EMAIL_ADDRESS_1], card [CREDIT_CARD_1]",
    )
    assert r.originals == {
        "[EMAIL_ADDRESS_1]": "a@b.co",
        "[EMAIL_ADDRESS_2]": "c@d.co",
        "[CREDIT_CARD_1]": "4111",
    }
    assert r.restore("reply to [EMAIL_ADDRESS_2] about [CREDIT_CARD_1]") == "reply to c@d.co about 4111"


def test_overlapping_findings_are_merged() -> None:
    """Overlapping spans become one placeholder covering both, so no fragment leaks."""
    r = redact(["key=abcdef123456 end"], [Finding("SECRET", 4, 16, "a"), Finding("API_KEY", 8, 18, "b")])
    assert r.texts == ("key=[SECRET_1]nd",)
    assert "abcdef" not in r.texts[0]


@pytest.mark.parametrize(
    "pieces",
    [
        ["Write to [EMAIL_ADDRESS_1] now."],
        ["Write to [EMAIL", "_ADDRESS_1] now."],
        ["Write to [", "EMAIL_ADDRESS_1", "] now."],
        ["Write to [EMAIL_ADDRESS_1", "]", " now."],
        ["Write", " to [E", "M", "AIL_ADDRESS_1] now", "."],
    ],
)
def test_streamed_restoration_across_chunk_boundaries(pieces: list[str]) -> None:
    """However the placeholder is split across chunks, the joined output is restored."""
    restorer = Restorer({"[EMAIL_ADDRESS_1]": "jane@example.com"})
    out = "".join(restorer.feed(p) for p in pieces) + restorer.flush()
    assert out == "Write to jane@example.com now."


def test_restorer_releases_brackets_that_are_not_placeholders() -> None:
    """Ordinary brackets pass through (at the latest when the stream ends)."""
    restorer = Restorer({"[EMAIL_ADDRESS_1]": "x@y.z"})
    out = restorer.feed("a list [1, 2]") + restorer.feed(" and [E") + restorer.flush()
    assert out == "a list [1, 2] and [E"
