"""Quality of a sensitivity detector on labelled texts: pure metric code, no file reading.

Definitions (``hybrid-router eval privacy`` reports them under these names):

* ``recall``: share of sensitive texts that are flagged;
* ``false_sensitive_rate``: share of non-sensitive texts that are flagged;
* ``precision``: share of flagged texts that are sensitive;
* ``per_type``: for each canonical type, the share of its labelled spans that some finding of a
  sensitive type overlaps (span recall);
* ``ms_per_prompt``: mean wall time of one ``classify`` call.

A text is flagged when it has at least one finding whose type is in ``sensitive_types`` (by default every
type the detector emits). Label names of public data sets are mapped to the canonical types with
``canonical_label``; non-identifying labels (``GPE``, ``LOCATION``, ``ORGANIZATION``, ``DATE_TIME``,
``NRP``, ``AGE``, ``TITLE``, ``ZIP_CODE``...) are not scored: they neither make a text sensitive nor
appear in ``per_type``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from classifiers.privacy.entities import DEFAULT_SENSITIVE_TYPES, NON_IDENTIFYING_TYPES
from classifiers.types import Classifier, Finding

__all__ = [
    "LabelledSpan",
    "LabelledText",
    "PrivacyReport",
    "canonical_label",
    "evaluate",
    "spans_from_labels",
]

_ALIASES = {
    "PER": "PERSON",
    "NAME": "PERSON",
    "ADDRESS": "STREET_ADDRESS",
    "EMAIL": "EMAIL_ADDRESS",
    "PHONE": "PHONE_NUMBER",
    "SSN": "US_SSN",
    "US_ITIN": "TAX_ID",
    "DRIVER_LICENSE": "US_DRIVER_LICENSE",
    "PASSPORT": "US_PASSPORT",
    "IBAN": "IBAN_CODE",
    "CREDIT_CARD_NUMBER": "CREDIT_CARD",
    "BANK_NUMBER": "US_BANK_NUMBER",
    "IP": "IP_ADDRESS",
}
_GENERIC_SECRETS = frozenset(
    {
        "auth",
        "token",
        "key",
        "secret",
        "credential",
        "nonce",
        "salt",
        "uuid",
        "api",
        "certificate",
        "cmd token",
        "cmd secret",
        "otp / 2fa secret",
        "jira 2fa",
    }
)


def canonical_label(label: str) -> str | None:
    """The canonical type of a data set's label, or None for a non-identifying label.

    ``ADDRESS`` (presidio-research's older name) is ``STREET_ADDRESS``; CredSweeper's ``SECRET:<rule>``
    labels become ``PRIVATE_KEY``, ``PASSWORD``, ``CONNECTION_STRING``, ``SECRET`` (generic keyword
    rules) or ``API_KEY`` (provider formats).
    """
    name = label.strip()
    if name.upper().startswith("SECRET:"):
        rule = name.split(":", 1)[1].strip().lower()
        if (
            "private key" in rule
            or "pem" in rule
            or "web key" in rule
            or "nkey" in rule
            or "age secret" in rule
        ):
            return "PRIVATE_KEY"
        if "password" in rule:
            return "PASSWORD"
        if "url credential" in rule or "connection" in rule:
            return "CONNECTION_STRING"
        return "SECRET" if rule in _GENERIC_SECRETS else "API_KEY"
    upper = name.upper()
    if upper in NON_IDENTIFYING_TYPES:
        return None
    return _ALIASES.get(upper, upper)


@dataclass(frozen=True, slots=True)
class LabelledSpan:
    start: int
    end: int
    type: str  # canonical type


@dataclass(frozen=True, slots=True)
class LabelledText:
    """One labelled text: is it sensitive, and (where known) where its entities are."""

    text: str
    sensitive: bool
    spans: tuple[LabelledSpan, ...] = ()
    id: str = ""
    source: str = ""
    group: str = ""


@dataclass(frozen=True, slots=True)
class PrivacyReport:
    """Text-level and span-level quality; ``None`` where a rate has no denominator."""

    n: int
    recall: float | None
    false_sensitive_rate: float | None
    precision: float | None
    per_type: dict[str, float]
    ms_per_prompt: float
    n_sensitive: int = 0
    n_benign: int = 0
    n_flagged: int = 0
    per_type_n: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The keys ``eval privacy --json`` prints, exactly."""
        return {
            "n": self.n,
            "recall": self.recall,
            "false_sensitive_rate": self.false_sensitive_rate,
            "precision": self.precision,
            "per_type": dict(self.per_type),
            "ms_per_prompt": self.ms_per_prompt,
        }


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def evaluate(
    detector: Classifier[tuple[Finding, ...]],
    items: Sequence[LabelledText],
    *,
    sensitive_types: Collection[str] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> PrivacyReport:
    """Run ``detector`` on every text of ``items`` and score it (see the module docstring)."""
    counted = frozenset(sensitive_types) if sensitive_types is not None else DEFAULT_SENSITIVE_TYPES
    tp = fp = pos = neg = 0
    span_total: dict[str, int] = {}
    span_found: dict[str, int] = {}
    elapsed = 0.0
    for item in items:
        t0 = clock()
        findings = detector.classify(item.text)
        elapsed += clock() - t0
        hits = [f for f in findings if f.type in counted]
        flagged = bool(hits)
        if item.sensitive:
            pos += 1
            tp += flagged
        else:
            neg += 1
            fp += flagged
        for span in item.spans:
            span_total[span.type] = span_total.get(span.type, 0) + 1
            if any(f.start < span.end and span.start < f.end for f in hits):
                span_found[span.type] = span_found.get(span.type, 0) + 1
    per_type = {t: span_found.get(t, 0) / n for t, n in sorted(span_total.items())}
    return PrivacyReport(
        n=len(items),
        recall=_ratio(tp, pos),
        false_sensitive_rate=_ratio(fp, neg),
        precision=_ratio(tp, tp + fp),
        per_type=per_type,
        ms_per_prompt=1000.0 * elapsed / len(items) if items else 0.0,
        n_sensitive=pos,
        n_benign=neg,
        n_flagged=tp + fp,
        per_type_n=dict(sorted(span_total.items())),
    )


def spans_from_labels(raw: Iterable[tuple[int, int, str]]) -> tuple[LabelledSpan, ...]:
    """Canonical spans from ``(start, end, label)`` triples, non-identifying labels dropped."""
    out = []
    for start, end, label in raw:
        kind = canonical_label(label)
        if kind is not None:
            out.append(LabelledSpan(start, end, kind))
    return tuple(out)
