"""Privacy detectors: personal identifiers, financial identifiers, secrets, names, addresses, custom terms.

Pure functions of text (no I/O except reading the shipped name lexicon once). ``SensitivityDetector`` is
the entry point; ``classifiers.sensitivity`` re-exports it.
"""

from classifiers.privacy.detector import SensitivityDetector, resolve_overlaps
from classifiers.privacy.entities import (
    ALL_TYPES,
    DEFAULT_SENSITIVE_TYPES,
    NON_IDENTIFYING_TYPES,
    SECRET_TYPES,
    STRUCTURED_TYPES,
)
from classifiers.privacy.normalize import NormalizedText, normalize

__all__ = [
    "ALL_TYPES",
    "DEFAULT_SENSITIVE_TYPES",
    "NON_IDENTIFYING_TYPES",
    "SECRET_TYPES",
    "STRUCTURED_TYPES",
    "NormalizedText",
    "SensitivityDetector",
    "normalize",
    "resolve_overlaps",
]
