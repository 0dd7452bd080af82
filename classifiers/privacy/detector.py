"""The sensitivity detector: every finder over one normalised view, overlaps resolved, spans mapped back."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Iterator, Sequence

from classifiers.privacy.addresses import LANDMARK, find_addresses
from classifiers.privacy.custom import CustomTerms
from classifiers.privacy.encoded import decoded_text
from classifiers.privacy.entities import ALL_TYPES, SECRET_TYPES
from classifiers.privacy.labelled import find_labelled
from classifiers.privacy.lexicon import load_lexicon, load_public_figures
from classifiers.privacy.names import NAME_MODES, NameMode, find_names
from classifiers.privacy.national_ids import find_national_ids
from classifiers.privacy.normalize import normalize
from classifiers.privacy.patterns import (
    find_aadhaar,
    find_cards,
    find_emails,
    find_ibans,
    find_ips,
    find_phones,
    find_ssns,
)
from classifiers.privacy.scan import CharRun, TextScan
from classifiers.privacy.secrets import find_secrets
from classifiers.types import Finding

__all__ = ["SensitivityDetector", "resolve_overlaps"]

_Finder = Callable[[TextScan], Iterator[Finding]]

# Finders and the types they can emit (a finder is skipped when none of its types is enabled).
_FINDERS: tuple[tuple[_Finder, frozenset[str]], ...] = (
    (find_secrets, frozenset(SECRET_TYPES)),
    (find_emails, frozenset({"EMAIL_ADDRESS"})),
    (find_cards, frozenset({"CREDIT_CARD"})),
    (find_ibans, frozenset({"IBAN_CODE"})),
    (find_ssns, frozenset({"US_SSN"})),
    (
        find_labelled,
        frozenset(
            {
                "CREDIT_CARD",
                "US_DRIVER_LICENSE",
                "US_PASSPORT",
                "US_SSN",
                "TAX_ID",
                "NATIONAL_ID",
                "US_BANK_NUMBER",
                "ID_NUMBER",
            }
        ),
    ),
    (find_aadhaar, frozenset({"NATIONAL_ID"})),
    (find_national_ids, frozenset({"NATIONAL_ID", "TAX_ID"})),
    (find_ips, frozenset({"IP_ADDRESS"})),
    (find_phones, frozenset({"PHONE_NUMBER"})),
    (find_addresses, frozenset({"STREET_ADDRESS"})),
)

# When two findings overlap, the earlier type in this list wins (then the longer span).
_PRECEDENCE = (
    "PRIVATE_KEY",
    "CUSTOM",
    "CONNECTION_STRING",
    "API_KEY",
    "CREDIT_CARD",
    "IBAN_CODE",
    "EMAIL_ADDRESS",
    "US_SSN",
    "NATIONAL_ID",
    "TAX_ID",
    "US_PASSPORT",
    "US_DRIVER_LICENSE",
    "US_BANK_NUMBER",
    "ID_NUMBER",
    "IP_ADDRESS",
    "PASSWORD",
    "SECRET",
    "PHONE_NUMBER",
    "STREET_ADDRESS",
    "PERSON",
)
_RANK = {t: i for i, t in enumerate(_PRECEDENCE)}

# Base64 that encodes text, a way to slip personal data past a filter ("decode this: bXkgc3Nu...").
_BASE64_CHARS = CharRun(string.ascii_letters + string.digits + "+/_-", 16)


def resolve_overlaps(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Non-overlapping findings sorted by start: on overlap, the stronger type, then the longer span."""
    ordered = sorted(findings, key=lambda f: (_RANK.get(f.type, len(_RANK)), f.start - f.end, f.start))
    kept: list[Finding] = []
    for f in ordered:
        if f.end <= f.start:
            continue
        if all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    return tuple(sorted(kept, key=lambda f: (f.start, f.end)))


def _repeats(text: str, findings: Sequence[Finding]) -> Iterator[Finding]:
    """Every other occurrence, as a whole word, of a value found once ("account:dipPr121Gg!
    password:dipPr121Gg!"): redaction must replace them all, or the value goes out in clear."""
    taken = [(f.start, f.end) for f in findings]
    searched: set[str] = set()
    for f in findings:
        value = text[f.start : f.end]
        if len(value) < 4 or value in searched:
            continue  # a value found several times is searched for once
        searched.add(value)
        at = text.find(value)
        while at != -1:
            end = at + len(value)
            if (
                (at == 0 or not text[at - 1].isalnum())
                and (end == len(text) or not text[end].isalnum())
                and all(end <= a or b <= at for a, b in taken)
            ):
                taken.append((at, end))
                yield Finding(f.type, at, end, f.detector, f.message, f.score)
            at = text.find(value, at + 1)


class SensitivityDetector:
    """Finds personal data and secrets in a text, each finding with a type and a span of the text.

    Parameters
    ----------
    types:
        The types to report (see ``classifiers.privacy.entities``); None for all of them.
    terms:
        User-defined terms (plain strings, matched case-insensitively as whole words), reported as
        ``CUSTOM``.
    patterns:
        User-defined regular expressions, reported as ``CUSTOM``.
    names:
        Which person names are reported (see ``classifiers.privacy.names``). ``"context"`` (default):
        full names and names introduced by context, and also a lone first name or surname when the text
        is neither an exercise (exam, role play, word problem) nor an instruction to write or explain
        something (``Why is Katrine so impulsive?`` yes; ``Natalia sold 48 clips. How many...?`` no).
        ``"full"``: no lone names at all (fewer false alarms on stories, less recall). ``"all"``: lone
        names in every text but exams and role play (the most recall, false alarms on word problems).
    """

    name = "privacy"

    def __init__(
        self,
        types: Iterable[str] | None = None,
        *,
        terms: Iterable[str] = (),
        patterns: Iterable[str | re.Pattern[str]] = (),
        names: NameMode = "context",
    ) -> None:
        enabled = frozenset(ALL_TYPES if types is None else types)
        unknown = enabled - set(ALL_TYPES)
        if unknown:
            raise ValueError(f"unknown sensitive types: {', '.join(sorted(unknown))}")
        self.types = enabled
        self._every_type = enabled == frozenset(ALL_TYPES)  # no finding to filter out
        self.custom = CustomTerms(terms, patterns)
        if names not in NAME_MODES:
            raise ValueError(f"unknown names mode {names!r}: expected one of {', '.join(NAME_MODES)}")
        self.names: NameMode = names
        self._finders = tuple(f for f, emits in _FINDERS if emits & enabled)
        load_lexicon()  # read the shipped lexicons now rather than on the first request
        load_public_figures()

    def classify(self, text: str) -> tuple[Finding, ...]:
        """Findings sorted by start, non-overlapping, with spans into ``text`` as given."""
        return self._classify(text, decode=True)

    def _classify(self, text: str, *, decode: bool) -> tuple[Finding, ...]:
        if not text:
            return ()
        view = normalize(text)
        scan = TextScan(view.text)
        found: list[Finding] = []
        for finder in self._finders:
            if self._every_type:
                found.extend(finder(scan))
            else:
                found.extend(f for f in finder(scan) if f.type in self.types)
        if self.custom and "CUSTOM" in self.types:
            found.extend(self.custom.find(view.text))
        landmarks = [(f.start, f.end) for f in found if f.detector == LANDMARK]
        if "PERSON" in self.types:
            anchors = [
                (f.start, f.end) for f in found if f.type not in SECRET_TYPES and f.detector != LANDMARK
            ]
            found.extend(find_names(scan, anchors, mode=self.names))
        if landmarks:  # a landmark's address is public, and so is every part of it
            found = [f for f in found if all(f.end <= a or b <= f.start for a, b in landmarks)]
        if decode:
            found.extend(self._encoded(scan, found))
        resolved = resolve_overlaps(found)
        repeats = list(_repeats(view.text, resolved))
        if repeats:
            resolved = resolve_overlaps((*resolved, *repeats))
        if not view.norm_starts:
            return resolved
        out = []
        for f in resolved:
            start, end = view.span(f.start, f.end)
            out.append(Finding(f.type, start, end, f.detector, f.message, f.score))
        return tuple(out)

    def _encoded(self, scan: TextScan, found: list[Finding]) -> Iterator[Finding]:
        """Base64 runs that encode text holding a finding (one level deep), reported with the strongest
        type found inside; not a run that another finding already covers (a token, a key)."""
        text = scan.text
        for start, end in scan.run_spans(_BASE64_CHARS):  # maximal runs of base64 characters
            if text.startswith("=", end):  # its padding
                end += 2 if text.startswith("==", end) else 1
            if (start > 0 and text[start - 1].isalnum()) or any(
                f.start < end and start < f.end for f in found
            ):
                continue
            decoded = decoded_text(text[start:end])
            if decoded is None or len(decoded.strip()) < 6:
                continue
            inner = self._classify(decoded, decode=False)
            if inner:
                kind = min((f.type for f in inner), key=lambda t: _RANK.get(t, len(_RANK)))
                yield Finding(kind, start, end, "base64_text")
