"""User-defined sensitive terms: plain strings (case-insensitive, whole words) and regular expressions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from classifiers.types import Finding

__all__ = ["CustomTerms"]


class CustomTerms:
    """Finds configured terms (project code words, customer ids, names) as ``CUSTOM`` findings.

    ``terms`` are literal strings matched case-insensitively at word boundaries; ``patterns`` are
    regular expressions (Python syntax) matched as written. Invalid patterns raise ``ValueError`` when
    the object is made, not when a text is classified.
    """

    def __init__(self, terms: Iterable[str] = (), patterns: Iterable[str | re.Pattern[str]] = ()) -> None:
        literals = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
        compiled: list[re.Pattern[str]] = []
        if literals:
            alternation = "|".join(re.escape(t) for t in literals)
            compiled.append(re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE))
        for p in patterns:
            if isinstance(p, re.Pattern):
                compiled.append(p)
                continue
            try:
                compiled.append(re.compile(p))
            except re.error as exc:
                raise ValueError(f"invalid custom pattern {p!r}: {exc}") from exc
        self._patterns = tuple(compiled)

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def find(self, text: str) -> Iterator[Finding]:
        for pattern in self._patterns:
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    yield Finding("CUSTOM", m.start(), m.end(), "custom")
