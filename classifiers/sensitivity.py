"""Sensitive-content detection: spans of personal data and secrets in a text.

The public entry point. ``SensitivityDetector().classify(text)`` returns findings (type, span into the
original text, detector) sorted by start and non-overlapping. The detectors live in
``classifiers.privacy``, one module per concept; the canonical types are listed in
``classifiers.privacy.entities``.
"""

from __future__ import annotations

from classifiers.privacy.detector import SensitivityDetector, resolve_overlaps
from classifiers.privacy.entities import ALL_TYPES, DEFAULT_SENSITIVE_TYPES, STRUCTURED_TYPES
from classifiers.privacy.patterns import luhn_valid

__all__ = [
    "ALL_TYPES",
    "DEFAULT_SENSITIVE_TYPES",
    "STRUCTURED_TYPES",
    "SensitivityDetector",
    "luhn_valid",
    "resolve_overlaps",
]
