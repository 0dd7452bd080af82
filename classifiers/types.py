"""Values the classifiers produce: immutable, free of I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, TypeVar

__all__ = ["Classifier", "Finding", "Labels"]

T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True, slots=True)
class Finding:
    """One sensitive entity: its type, its character span in the classified text, who found it.

    ``message`` is the index of the chat message the span belongs to (0 when a single text was
    classified). The value itself is deliberately not stored, so a finding can be logged safely.
    """

    type: str
    start: int
    end: int
    detector: str
    message: int = 0
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Labels:
    """What the classifiers found in one request: a difficulty score in [0, 1] and sensitive findings."""

    difficulty: float
    findings: tuple[Finding, ...] = field(default=())

    @property
    def finding_types(self) -> tuple[str, ...]:
        """Sorted distinct finding types."""
        return tuple(sorted({f.type for f in self.findings}))


class Classifier(Protocol[T_co]):
    """A pure function of text, with one verb."""

    def classify(self, text: str) -> T_co: ...
