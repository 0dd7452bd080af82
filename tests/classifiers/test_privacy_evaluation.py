"""Privacy metrics: label mapping, text-level rates and span recall, on a fake detector."""

from __future__ import annotations

import pytest

from classifiers.privacy.evaluation import LabelledSpan, LabelledText, canonical_label, evaluate
from classifiers.types import Finding


class KeywordDetector:
    """Flags the word 'secret' as SECRET and 'Paris' as a LOCATION-like custom type."""

    def classify(self, text: str) -> tuple[Finding, ...]:
        out = []
        for word, kind in (("secret", "SECRET"), ("Paris", "CITY")):
            at = text.find(word)
            if at != -1:
                out.append(Finding(kind, at, at + len(word), "fake"))
        return tuple(out)


@pytest.mark.parametrize(
    ("label", "canonical"),
    [
        ("PERSON", "PERSON"),
        ("ADDRESS", "STREET_ADDRESS"),
        ("STREET_ADDRESS", "STREET_ADDRESS"),
        ("GPE", None),
        ("LOCATION", None),
        ("DATE_TIME", None),
        ("ORGANIZATION", None),
        ("SECRET:PEM Private Key", "PRIVATE_KEY"),
        ("SECRET:SQL Password", "PASSWORD"),
        ("SECRET:Token", "SECRET"),
        ("SECRET:Github Classic Token", "API_KEY"),
        ("SECRET:URL Credentials", "CONNECTION_STRING"),
    ],
)
def test_labels_map_to_canonical_types(label: str, canonical: str | None) -> None:
    """Data-set labels map to canonical types; non-identifying labels map to None."""
    assert canonical_label(label) == canonical


def test_rates_and_span_recall() -> None:
    """Recall, false-sensitive rate, precision and per-type span recall follow their definitions."""
    items = [
        LabelledText("my secret", True, (LabelledSpan(3, 9, "SECRET"),)),
        LabelledText("nothing here", True, (LabelledSpan(0, 7, "PERSON"),)),
        LabelledText("a secret word", False),
        LabelledText("plain", False),
    ]
    ticks = iter(range(100))
    report = evaluate(KeywordDetector(), items, clock=lambda: float(next(ticks)) / 1000)
    assert report.n == 4
    assert report.recall == 0.5
    assert report.false_sensitive_rate == 0.5
    assert report.precision == 0.5
    assert report.per_type == {"PERSON": 0.0, "SECRET": 1.0}
    assert report.ms_per_prompt == pytest.approx(1.0)
    assert set(report.to_json()) == {
        "n",
        "recall",
        "false_sensitive_rate",
        "precision",
        "per_type",
        "ms_per_prompt",
    }


def test_only_sensitive_types_flag_a_text() -> None:
    """A finding of a type outside the sensitive set (a city) does not flag the text."""
    items = [LabelledText("Paris is nice", False), LabelledText("top secret", True)]
    report = evaluate(KeywordDetector(), items, sensitive_types={"SECRET"})
    assert report.false_sensitive_rate == 0.0
    assert report.recall == 1.0


def test_rates_without_denominator_are_none() -> None:
    """With no sensitive texts, recall is None rather than a made-up number."""
    report = evaluate(KeywordDetector(), [LabelledText("plain", False)])
    assert report.recall is None
    assert report.precision is None
    assert report.false_sensitive_rate == 0.0
