"""Redaction: replace sensitive spans with placeholders before text leaves the machine, and restore
the originals in the answer, also when the answer arrives in pieces.

Placeholders look like ``[EMAIL_ADDRESS_1]``; the same value always gets the same placeholder within
one request, so a model can refer to it consistently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from classifiers.types import Finding

__all__ = ["Redaction", "Restorer", "redact"]


@dataclass(frozen=True)
class Redaction:
    """Redacted texts (one per input text) and the placeholder → original mapping."""

    texts: tuple[str, ...]
    originals: Mapping[str, str]

    def restore(self, text: str) -> str:
        """Put the originals back into a whole text."""
        for placeholder, original in self.originals.items():
            text = text.replace(placeholder, original)
        return text


def redact(texts: Sequence[str], findings: Iterable[Finding]) -> Redaction:
    """Replace each finding's span (``finding.message`` indexes ``texts``) with a placeholder."""
    by_message: dict[int, list[Finding]] = {}
    for f in findings:
        by_message.setdefault(f.message, []).append(f)
    originals: dict[str, str] = {}
    placeholder_of: dict[tuple[str, str], str] = {}
    counters: dict[str, int] = {}
    out: list[str] = []
    for index, text in enumerate(texts):
        spans = _disjoint(sorted(by_message.get(index, ()), key=lambda f: (f.start, -f.end)))
        pieces: list[str] = []
        cursor = 0
        for f in spans:
            value = text[f.start : f.end]
            key = (f.type, value)
            placeholder = placeholder_of.get(key)
            if placeholder is None:
                counters[f.type] = counters.get(f.type, 0) + 1
                placeholder = f"[{f.type}_{counters[f.type]}]"
                placeholder_of[key] = placeholder
                originals[placeholder] = value
            pieces.append(text[cursor : f.start])
            pieces.append(placeholder)
            cursor = f.end
        pieces.append(text[cursor:])
        out.append("".join(pieces))
    return Redaction(tuple(out), originals)


def _disjoint(findings: list[Finding]) -> list[Finding]:
    """Drop findings that overlap an earlier (longer-first at the same start) one."""
    kept: list[Finding] = []
    for f in findings:
        if f.start >= f.end:
            continue
        if kept and f.start < kept[-1].end:
            if f.end > kept[-1].end:  # extend the span to cover both
                last = kept[-1]
                kept[-1] = Finding(last.type, last.start, f.end, last.detector, last.message, last.score)
            continue
        kept.append(f)
    return kept


class Restorer:
    """Restores placeholders in a streamed answer: holds back a tail that could be the start of a
    placeholder until the next piece (or the end) shows what it is."""

    def __init__(self, originals: Mapping[str, str]) -> None:
        self._originals = dict(originals)
        self._longest = max((len(p) for p in self._originals), default=0)
        self._pending = ""

    def feed(self, piece: str) -> str:
        """The restored text that can be released now."""
        if not self._originals:
            return piece
        text = self._pending + piece
        for placeholder, original in self._originals.items():
            text = text.replace(placeholder, original)
        cut = text.rfind("[")
        tail = text[cut:] if cut != -1 else ""
        if tail and len(tail) < self._longest and any(p.startswith(tail) for p in self._originals):
            self._pending = tail
            return text[:cut]
        self._pending = ""
        return text

    def flush(self) -> str:
        """Whatever is still held back (the stream ended)."""
        rest, self._pending = self._pending, ""
        return rest
